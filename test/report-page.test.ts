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

/** The n-th table of the page, its body's rows each made of cells and nothing else, each cell with its class. */
function table(html: string, n: number): { head: string[]; rows: Array<Array<{ text: string; cls: string }>> } {
    const found = [...html.matchAll(/<table class="numbers">([\s\S]*?)<\/table>/g)][n];
    assert.ok(found, `the page has no table ${n}`);
    const [head, body] = found[1].split("<tbody>");
    const rows = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => {
        assert.match(r[0], /^<tr>(<td( class="[a-z ]+")?>(?:(?!<\/?td[ >])[^\n])*<\/td>)+<\/tr>$/, "a row holds its cells and nothing else");
        return [...r[1].matchAll(/<td(?: class="([^"]*)")?>([\s\S]*?)<\/td>/g)].map((c) => ({ text: c[2], cls: c[1] ?? "" }));
    });
    assert.match(head, /^<thead><tr>(<th>[^<]+<\/th>)+<\/tr><\/thead>$/);
    return { head: [...head.matchAll(/<th>([^<]+)<\/th>/g)].map((m) => m[1]), rows };
}
const tableRows = (html: string, n: number) => table(html, n).rows;

const teamRow = (extra: Row): Row => ({
    rank_points: 1, team_code: "MAC", team_name: "Manchester City", played: 38, won: 27, drawn: 5, lost: 6, goals_for: 83, goals_against: 32,
    points: 86, xg_for: 73.44, xg_against: 31.96, xpts: 76.16, points_minus_xpts: 9.84, points_percentile: 90.25, points_p05: 69, points_p95: 83, rank_xpts: 1, ...extra,
});

describe("the report's team table", () => {
    it("heads its columns for a reader: the record, the expected figures, the gap and the luck", () => {
        assert.deepEqual(table(page({ table: [teamRow({})] }), 0).head, [
            "#", "Team", "P", "W", "D", "L", "GF", "GA", "Pts", "xG", "xGA", "xPts", "Pts − xPts", "Percentile", "90% of seasons", "xPts #",
        ]);
    });

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
        const [nulls] = tableRows(page({ table: [teamRow({ xg_for: null, points_minus_xpts: null, points_percentile: null, points_p05: null })] }), 0);
        assert.deepEqual([nulls[9].text, nulls[12].text, nulls[13].text, nulls[13].cls, nulls[14].text], ["–", "–", "–", "", "–"]);
        // A table read from an older file may lack the columns altogether.
        const old = teamRow({});
        for (const k of ["xg_for", "points_minus_xpts", "points_percentile", "points_p05", "points_p95", "team_code"]) delete old[k];
        const [missing] = tableRows(page({ table: [old] }), 0);
        assert.deepEqual([missing[1].text, missing[9].text, missing[12].text, missing[13].text, missing[13].cls, missing[14].text], [`<span class="code"></span> Manchester City`, "–", "–", "–", "", "–"]);
        // An interval missing either end is no interval.
        const [halfOpen] = tableRows(page({ table: [teamRow({ points_p95: "" })] }), 0);
        assert.equal(halfOpen[14].text, "–");
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
    it("heads its columns with the kick-off, the sides, the xg model's figures and the goals model's", () => {
        assert.deepEqual(table(page({ forecasts: [forecast(11, "xg", "Fulham", "Tottenham", "2021-03-04T19:15:00Z", [0.3, 0.275, 0.425])] }), 1).head, [
            "Kick-off (UTC)", "Home", "Away", "Expected goals", "Home win", "Draw", "Away win", "Goals model: H / D / A",
        ]);
    });

    it("shows a dash for a chance or a forecast goal count that is not there", () => {
        const blank = { ...forecast(11, "xg", "Fulham", "Tottenham", "2021-03-04T19:15:00Z", [0.3, 0.275, 0.425]), p_home_win: null, p_draw: "", home_xg_forecast: "" } as Row;
        const goals = { ...forecast(11, "goals", "Fulham", "Tottenham", "2021-03-04T19:15:00Z", [0.3, 0.275, 0.425]), p_away_win: undefined } as unknown as Row;
        const [cells] = tableRows(page({ forecasts: [blank, goals] }), 1);
        assert.deepEqual(cells.slice(3).map((c) => c.text), ["– – 1.00", "–", "–", "43%", "30% / 28% / –"]);
    });

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
        assert.match(html, /<h2 id="forecasts">Next week's fixtures<\/h2>\n<p class="note">No fixture to be played in the next seven days.<\/p>/);
    });
});

const score = (model: string, part: Score["part"], forecasts: number, rps: number, logLoss: number): Score => ({ model, part, forecasts, rps, logLoss });

describe("the report's scores so far", () => {
    it("heads its columns with what was forecast, how many were scored and the two scores", () => {
        assert.deepEqual(table(page({ scores: [score("xg", "season", 250, 0.21133, 1.01694)] }), 1).head, ["Forecasts of", "Scored", "RPS", "Log loss"]);
        assert.match(page({ scores: [score("xg", "season", 250, 0.21133, 1.01694)] }),
            /<p class="note">Ranked probability score and log loss over the fixtures played so far \(lower is better\); fixed base rates are last season's shares of home wins, draws and away wins.<\/p>/);
    });

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

    it("explains how to read it: expected goals and points, the percentile, the 90% range and where the forecasts come from", () => {
        const howto = page().match(/<section class="howto"><h2 id="how-to-read">How to read this<\/h2>\n<p>([^<]+)<\/p><\/section>/);
        assert.ok(howto, "the how-to section holds one paragraph");
        for (const phrase of ["Expected goals (xG) are what a side's chances were worth in goals", "The percentile says how unusual a gap is", "Below 5 or above 95",
            "The 90% range is where nine seasons in ten", "fitted on this season's expected goals (penalties aside)", "the goals model is the same model fitted on goals alone"]) {
            assert.ok(howto[1].includes(phrase), phrase);
        }
    });

    it("is one document that needs nothing else: its own style, no script, no link", () => {
        const html = page();
        const lines = html.split("\n");
        assert.deepEqual(lines.slice(0, 5), ["<!DOCTYPE html>", `<html lang="en">`, "<head>", `<meta charset="utf-8">`, `<meta name="viewport" content="width=device-width, initial-scale=1">`]);
        assert.deepEqual(lines.slice(-3), ["</body>", "</html>", ""]);
        assert.equal(lines.filter((l) => l === "</head>").length, 1);
        assert.equal(lines[lines.indexOf("</head>") + 1], "<body>");
        assert.match(html, /<style>[\s\S]*td\.low \{ color: #b2182b;[\s\S]*<\/style>/);
        // The page's text in the charts' fonts, down to the generic sans-serif.
        assert.match(html, /<style>[\s\S]*body \{ font-family: [^;]+, sans-serif;[\s\S]*<\/style>/);
        assert.doesNotMatch(html, /<script|<link|src=|url\(/i);
    });
});
