// The weekly report: one self-contained HTML page (inline CSS and SVG, no
// scripts, no external requests) that opens from S3, from disk or in a mail
// client. Pure: rows in, text out.
import { ChartLabels, FONT_FAMILY, goalsChart, pointsChart, StoryPoint, storyChart, xmlEscape } from "./chart";
import { Score } from "./evaluate";
import { Row } from "./transform";

export interface ReportInput {
    labels: ChartLabels;
    table: Row[];
    story: StoryPoint[];
    forecasts: Row[];
    scores: Score[];
}

/** A value the table does not have: empty in its CSV, null, or a column an older file lacks. */
const blank = (v: unknown) => v === null || v === undefined || v === "";
const num = (v: unknown, digits = 1) => (blank(v) ? "–" : Number(v).toFixed(digits));
const signed = (v: unknown) => (blank(v) ? "–" : `${Number(v) > 0 ? "+" : Number(v) < 0 ? "−" : ""}${Math.abs(Number(v)).toFixed(1)}`);
const pct = (v: unknown) => (blank(v) ? "–" : `${Math.round(100 * Number(v))}%`);
const cell = (text: string, cls = "") => `<td${cls ? ` class="${cls}"` : ""}>${text}</td>`;

function teamTableHtml(table: Row[]): string {
    const head = ["#", "Team", "P", "W", "D", "L", "GF", "GA", "Pts", "xG", "xGA", "xPts", "Pts − xPts", "Percentile", "90% of seasons", "xPts #"];
    const rows = table.map((t) => {
        const luckClass = blank(t.points_percentile) ? "" : Number(t.points_percentile) < 5 ? "low" : Number(t.points_percentile) > 95 ? "high" : "";
        return `<tr>${[
            cell(String(t.rank_points)), cell(`<span class="code">${xmlEscape(String(t.team_code ?? ""))}</span> ${xmlEscape(String(t.team_name))}`, "team"),
            cell(String(t.played)), cell(String(t.won)), cell(String(t.drawn)), cell(String(t.lost)), cell(String(t.goals_for)), cell(String(t.goals_against)),
            cell(String(t.points), "strong"), cell(num(t.xg_for)), cell(num(t.xg_against)), cell(num(t.xpts), "strong"), cell(signed(t.points_minus_xpts)),
            cell(num(t.points_percentile), luckClass),
            cell(blank(t.points_p05) || blank(t.points_p95) ? "–" : `${t.points_p05}–${t.points_p95}`), cell(String(t.rank_xpts)),
        ].join("")}</tr>`;
    });
    return `<table class="numbers"><thead><tr>${head.map((h) => `<th>${xmlEscape(h)}</th>`).join("")}</tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

function forecastsHtml(forecasts: Row[]): string {
    if (forecasts.length === 0) return `<p class="note">No fixture to be played in the next seven days.</p>`;
    const byFixture = new Map<number, Row[]>();
    for (const f of forecasts) byFixture.set(Number(f.fixture_id), [...(byFixture.get(Number(f.fixture_id)) ?? []), f]);
    const head = ["Kick-off (UTC)", "Home", "Away", "Expected goals", "Home win", "Draw", "Away win", "Goals model: H / D / A"];
    const rows = [...byFixture.values()].map((pair) => {
        const xg = pair.find((f) => f.model === "xg")!, goals = pair.find((f) => f.model === "goals");
        return `<tr>${[
            cell(xmlEscape(String(xg.kickoff_utc).replace("T", " ").replace(/:00Z$/, ""))),
            cell(xmlEscape(String(xg.home_name)), "team"), cell(xmlEscape(String(xg.away_name)), "team"),
            cell(`${num(xg.home_xg_forecast, 2)} – ${num(xg.away_xg_forecast, 2)}`),
            cell(pct(xg.p_home_win), "strong"), cell(pct(xg.p_draw), "strong"), cell(pct(xg.p_away_win), "strong"),
            cell(goals ? `${pct(goals.p_home_win)} / ${pct(goals.p_draw)} / ${pct(goals.p_away_win)}` : "–"),
        ].join("")}</tr>`;
    });
    return `<table class="numbers"><thead><tr>${head.map((h) => `<th>${xmlEscape(h)}</th>`).join("")}</tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

function scoresHtml(scores: Score[]): string {
    const season = scores.filter((s) => s.part === "season");
    if (season.length === 0) return `<p class="note">No forecast has been scored yet: the first are scored once their fixtures are played.</p>`;
    const names: Record<string, string> = { "xg": "xG model", "goals": "goals model", "base rates": "fixed base rates" };
    const rows = season.map((s) => `<tr>${cell(xmlEscape(names[s.model] ?? s.model), "team")}${cell(String(s.forecasts))}${cell(s.rps.toFixed(4), "strong")}${cell(s.logLoss.toFixed(4))}</tr>`);
    return `<table class="numbers"><thead><tr><th>Forecasts of</th><th>Scored</th><th>RPS</th><th>Log loss</th></tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

const STYLE = `
body { font-family: ${FONT_FAMILY}; color: #222; margin: 24px auto; max-width: 1100px; padding: 0 16px; line-height: 1.45; }
h1 { font-size: 26px; margin-bottom: 4px; }
h2 { font-size: 20px; margin-top: 36px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
p.sub { color: #555; margin-top: 0; }
p.note { color: #555; }
table.numbers { border-collapse: collapse; font-size: 13px; }
table.numbers th, table.numbers td { padding: 3px 8px; text-align: right; border-bottom: 1px solid #eee; white-space: nowrap; }
table.numbers th { background: #f5f5f5; }
table.numbers td.team { text-align: left; }
td.strong { font-weight: bold; }
td.low { color: #b2182b; font-weight: bold; }
td.high { color: #1b7837; font-weight: bold; }
span.code { display: inline-block; width: 3.2em; color: #666; font-size: 11px; }
figure { margin: 16px 0; }
figure svg { max-width: 100%; height: auto; }
.howto { background: #f7f7f2; border-left: 4px solid #bbb; padding: 8px 16px; }
`;

/** The whole page: what a reader needs to see this week, and how to read it. */
export function reportHtml(input: ReportInput): string {
    const { labels } = input;
    const season = `${labels.leagueName ?? `League ${labels.league}`} ${labels.season}/${String(labels.season + 1).slice(-2)}`;
    return [
        "<!DOCTYPE html>",
        `<html lang="en">`,
        "<head>",
        `<meta charset="utf-8">`,
        `<meta name="viewport" content="width=device-width, initial-scale=1">`,
        `<title>${xmlEscape(`Expected against real: ${season}, as of ${labels.asOf}`)}</title>`,
        `<style>${STYLE}</style>`,
        "</head>",
        "<body>",
        `<h1>Expected against real: ${xmlEscape(season)}</h1>`,
        `<p class="sub">League ${labels.league}, season ${labels.season}, as of the run of ${xmlEscape(labels.asOf)}.</p>`,
        `<section class="howto"><h2 id="how-to-read">How to read this</h2>`,
        `<p>Expected goals (xG) are what a side's chances were worth in goals; expected points (xPts) are what those chances were worth in points, from the chances of a win, a draw and a loss they gave. A team above the diagonal of a chart has more than its chances were worth: finishing, goalkeeping, or luck. The percentile says how unusual a gap is: out of all the seasons the same chances could have produced, the share with fewer points than the team's (half counting those with as many). Below 5 or above 95, the gap is one chance in twenty or rarer, marked red or green. The 90% range is where nine seasons in ten of those chances would have ended. The forecasts for next week come from a team-strength model fitted on this season's expected goals (penalties aside) and last season's results; the goals model is the same model fitted on goals alone, and how both have scored so far is at the end.</p></section>`,
        `<h2 id="table">The table: points and expected points</h2>`,
        teamTableHtml(input.table),
        `<h2 id="points-chart">Points against expected points</h2>`,
        `<figure>${pointsChart(input.table, labels)}</figure>`,
        `<h2 id="goals-chart">Goals against expected goals, for and against</h2>`,
        `<figure>${goalsChart(input.table, labels)}</figure>`,
        `<h2 id="story">The season so far</h2>`,
        `<figure>${storyChart(input.story, labels)}</figure>`,
        `<h2 id="forecasts">Next week's fixtures</h2>`,
        forecastsHtml(input.forecasts),
        `<h2 id="scores">How the forecasts have done</h2>`,
        `<p class="note">Ranked probability score and log loss over the fixtures played so far (lower is better); fixed base rates are last season's shares of home wins, draws and away wins.</p>`,
        scoresHtml(input.scores),
        "</body>",
        "</html>",
        "",
    ].join("\n");
}
