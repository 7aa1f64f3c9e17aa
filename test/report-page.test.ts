// The report page, in process: what each table cell says for hand-made rows,
// the edge cases of the luck marks and of the forecasts, and the page's
// outline. The browser test renders a real replay's page; these tests pin the
// formatting rules, and they are the ones mutation runs can see.
import { strict as assert } from "assert";
import { Score } from "../etl/evaluate";
import { reportHtml, ReportInput } from "../etl/report";
import { Row } from "../etl/transform";

const LABELS = { league: 39, season: 2020, leagueName: "Premier League", asOf: "2021-03-02" };

const page = (over: Partial<ReportInput> = {}) => reportHtml({ labels: LABELS, table: [], story: [], forecasts: [], scores: [], ...over });

/** The rows of the n-th table of the page, each cell with its class. */
function tableRows(html: string, n: number): Array<Array<{ text: string; cls: string }>> {
    const table = [...html.matchAll(/<table class="numbers">([\s\S]*?)<\/table>/g)][n];
    assert.ok(table, `the page has no table ${n}`);
    const body = table[1].split("<tbody>")[1];
    return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<td(?: class="([^"]*)")?>([\s\S]*?)<\/td>/g)].map((c) => ({ text: c[2], cls: c[1] ?? "" })));
}

const teamRow = (extra: Row): Row => ({
    rank_points: 1, team_code: "MAC", team_name: "Manchester City", played: 38, won: 27, drawn: 5, lost: 6, goals_for: 83, goals_against: 32,
    points: 86, xg_for: 73.44, xg_against: 31.96, xpts: 76.16, points_minus_xpts: 9.84, points_percentile: 90.25, points_p05: 69, points_p95: 83, rank_xpts: 1, ...extra,
});

describe("the report's team table", () => {
    it("shows a team's record, its xG to one decimal, its gap signed and its 90% range", () => {
        const [cells] = tableRows(page({ table: [teamRow({})] }), 0);
        assert.deepEqual(cells.map((c) => c.text), [
            "1", `<span class="code">MAC</span> Manchester City`, "38", "27", "5", "6", "83", "32", "86", "73.4", "32.0", "76.2", "+9.8", "90.3", "69–83", "1",
        ]);
        assert.deepEqual(cells.map((c) => c.cls), ["", "team", "", "", "", "", "", "", "strong", "", "", "strong", "", "", "", ""]);
    });

    it("writes a shortfall with a true minus sign, and no sign for none", () => {
        const rows = tableRows(page({ table: [teamRow({ points_minus_xpts: -19.62 }), teamRow({ points_minus_xpts: 0 })] }), 0);
        assert.deepEqual(rows.map((r) => r[12].text), ["−19.6", "0.0"]);
    });

    it("marks a percentile below 5 red and above 95 green, and those at 5 or 95 not at all", () => {
        const rows = tableRows(page({ table: [4.9, 5, 50, 95, 95.1].map((p) => teamRow({ points_percentile: p })) }), 0);
        assert.deepEqual(rows.map((r) => [r[13].text, r[13].cls]), [["4.9", "low"], ["5.0", ""], ["50.0", ""], ["95.0", ""], ["95.1", "high"]]);
    });

    it("shows a dash, unmarked, for a team whose fixtures have no xG yet", () => {
        const [cells] = tableRows(page({ table: [teamRow({ xg_for: "", xg_against: null, xpts: "", points_minus_xpts: "", points_percentile: "", points_p05: "", points_p95: "" })] }), 0);
        assert.deepEqual(cells.slice(9, 15).map((c) => [c.text, c.cls]), [["–", ""], ["–", ""], ["–", "strong"], ["–", ""], ["–", ""], ["–", ""]]);
        const [nulls] = tableRows(page({ table: [teamRow({ points_percentile: null, points_p05: null })] }), 0);
        assert.deepEqual([nulls[13].text, nulls[13].cls, nulls[14].text], ["–", "", "–"]);
    });

    it("escapes the team's name and code", () => {
        const [cells] = tableRows(page({ table: [teamRow({ team_code: "<B>", team_name: "Brighton & Hove Albion" })] }), 0);
        assert.equal(cells[1].text, `<span class="code">&lt;B&gt;</span> Brighton &amp; Hove Albion`);
    });
});

const forecast = (fixtureId: number, model: string, home: string, away: string, kickoff: string, p: [number, number, number], goals: [number, number] = [1.5, 1]): Row => ({
    fixture_id: fixtureId, kickoff_utc: kickoff, home_id: fixtureId * 2, home_name: home, away_id: fixtureId * 2 + 1, away_name: away, model,
    home_xg_forecast: goals[0], away_xg_forecast: goals[1], p_home_win: p[0], p_draw: p[1], p_away_win: p[2], fitted_on_fixtures: 400,
});

describe("the report's forecasts", () => {
    it("shows one row per fixture, the xg model's goals and chances in full and the goals model's beside them", () => {
        const forecasts = [
            forecast(10, "goals", "Burnley", "Leicester", "2021-03-03T18:00:00Z", [0.1849, 0.2549, 0.5602], [0.9, 1.6]),
            forecast(10, "xg", "Burnley", "Leicester", "2021-03-03T18:00:00Z", [0.2451, 0.2549, 0.5], [0.916, 1.364]),
            forecast(11, "xg", "Fulham", "Tottenham", "2021-03-04T19:15:00Z", [0.3, 0.275, 0.425]),
        ];
        const rows = tableRows(page({ forecasts }), 1);
        assert.deepEqual(rows.map((r) => r.map((c) => c.text)), [
            ["2021-03-03 18:00", "Burnley", "Leicester", "0.92 – 1.36", "25%", "25%", "50%", "18% / 25% / 56%"],
            ["2021-03-04 19:15", "Fulham", "Tottenham", "1.50 – 1.00", "30%", "28%", "43%", "–"],
        ]);
        assert.deepEqual(rows[0].map((c) => c.cls), ["", "team", "team", "", "strong", "strong", "strong", ""]);
    });

    it("escapes the names", () => {
        const rows = tableRows(page({ forecasts: [forecast(12, "xg", "Brighton & Hove Albion", "<Wolves>", "2021-03-06T12:30:00Z", [0.4, 0.3, 0.3])] }), 1);
        assert.deepEqual(rows[0].slice(0, 3).map((c) => c.text), ["2021-03-06 12:30", "Brighton &amp; Hove Albion", "&lt;Wolves&gt;"]);
    });

    it("says so when no fixture falls in the next seven days", () => {
        const html = page();
        assert.match(html, /<h2 id="forecasts">Next week's fixtures<\/h2>\n<p class="note">No fixtures in the next seven days.<\/p>/);
    });
});

const score = (model: string, part: Score["part"], forecasts: number, rps: number, logLoss: number): Score => ({ model, part, forecasts, rps, logLoss });

describe("the report's scores so far", () => {
    it("shows the season's score of each model by its reader's name, in the order given, to four decimals", () => {
        const scores = [
            score("xg", "season", 250, 0.21133, 1.01694), score("xg", "first half", 180, 0.2, 1), score("goals", "season", 250, 0.21716, 1.03392),
            score("base rates", "season", 250, 0.24098, 1.09254), score("elo", "season", 12, 0.25, 1.1), score("goals", "second half", 70, 0.3, 1.2),
        ];
        const rows = tableRows(page({ scores }), 1);
        assert.deepEqual(rows.map((r) => r.map((c) => c.text)), [
            ["xG model", "250", "0.2113", "1.0169"], ["goals model", "250", "0.2172", "1.0339"], ["fixed base rates", "250", "0.2410", "1.0925"], ["elo", "12", "0.2500", "1.1000"],
        ]);
        assert.deepEqual(rows[0].map((c) => c.cls), ["team", "", "strong", ""]);
    });

    it("says no forecast has been scored while none has, even with scores of a part of the season", () => {
        const html = page({ scores: [score("xg", "first half", 3, 0.2, 1)] });
        assert.match(html, /No forecast has been scored yet/);
        assert.equal([...html.matchAll(/<table class="numbers">/g)].length, 1, "only the team table");
    });
});

describe("the report page", () => {
    it("holds, in order, how to read it, the table, the three charts, the forecasts and the scores", () => {
        const html = page();
        const ids = [...html.matchAll(/<h2 id="([^"]+)">/g)].map((m) => m[1]);
        assert.deepEqual(ids, ["how-to-read", "table", "points-chart", "goals-chart", "story", "forecasts", "scores"]);
        assert.equal([...html.matchAll(/<figure><svg /g)].length, 3);
    });

    it("names the league, the season and the run in its title and heading, escaped", () => {
        const html = page({ labels: { ...LABELS, leagueName: "Premier League & Co", asOf: "2021-03-02" } });
        assert.match(html, /<title>Expected against real: Premier League &amp; Co 2020\/21, as of 2021-03-02<\/title>/);
        assert.match(html, /<h1>Expected against real: Premier League &amp; Co 2020\/21<\/h1>/);
        assert.match(html, /<p class="sub">League 39, season 2020, as of the run of 2021-03-02.<\/p>/);
        const unnamed = reportHtml({ labels: { league: 140, season: 2023, asOf: "2024-01-02" }, table: [], story: [], forecasts: [], scores: [] });
        assert.match(unnamed, /<h1>Expected against real: League 140 2023\/24<\/h1>/);
    });

    it("is one document that needs nothing else: its own style, no script, no link", () => {
        const html = page();
        assert.ok(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert.match(html, /<meta charset="utf-8">/);
        assert.match(html, /<style>[\s\S]*td\.low \{ color: #b2182b;[\s\S]*<\/style>/);
        assert.doesNotMatch(html, /<script|<link|src=|url\(/i);
    });
});
