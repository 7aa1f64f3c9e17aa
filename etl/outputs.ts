// What a run writes from the season tables it has just written: the analysis (expected against real), both
// models' forecasts for the week ahead, and the weekly report with the season's story and how past forecasts
// scored. The models and the presentation are pure (analysis.ts, forecast.ts, evaluate.ts, chart.ts, report.ts);
// this reads what they need from the lake and writes what they give.
import { FinishedFixture, FIXTURE_XPTS_COLUMNS, fixtureXpts, TEAM_TABLE_COLUMNS, teamTable } from "./analysis";
import { pointsChart, StoryPoint, storyProblem } from "./chart";
import { CSV_TYPE, firstProblem, HTML_TYPE, parseCsv, plural, Run, SVG_TYPE } from "./context";
import { baseRates, dayForecasts, evaluate, forecastProblem, forecastsToScore, seasonMidpoint } from "./evaluate";
import { FORECAST_COLUMNS, forecastRows, modelMatches, teamsOf } from "./forecast";
import { Lake } from "./lake";
import { LakeKeys } from "./layout";
import { reportHtml } from "./report";
import { blankCell, FINISHED_STATUSES, Row, toCsv } from "./transform";

/** A statistic as the season statistics hold it: an empty cell is no value, not 0. */
const cell = (v: unknown): number | null => (v === null || v === undefined || v === "" ? null : Number(v));

/**
 * The rows of a dated table the lake keeps (one object per run date), each with its run date. A row `problem`
 * finds fault with is left out and logged, so one damaged object spoils no later report.
 */
async function readDated(lake: Lake, prefix: string, problem: (row: Row) => string | undefined, log: (line: string) => void): Promise<Array<Row & { run_date: string }>> {
    const out: Array<Row & { run_date: string }> = [];
    for (const key of await lake.list(prefix)) {
        const runDate = /run_date=(\d{4}-\d{2}-\d{2})\//.exec(key)?.[1];
        if (!runDate) continue;
        const problems: string[] = [];
        for (const r of parseCsv(await lake.get(key))) {
            const p = problem(r);
            if (p === undefined) out.push({ ...r, run_date: runDate });
            else problems.push(p);
        }
        if (problems.length > 0) log(`skipping ${plural(problems.length, "row")} of ${key} that cannot be read (${firstProblem(problems)})`);
    }
    return out;
}

/** A forecast row the lake holds, with the date of the run that made it. */
export type DatedForecast = Row & { run_date: string };

/** Every forecast the runs wrote for the season, each row with the run date it was made on. */
export function readForecastHistory(lake: Lake, keys: LakeKeys, log: (line: string) => void = () => undefined): Promise<DatedForecast[]> {
    return readDated(lake, keys.forecastsPrefix, forecastProblem, log);
}

/**
 * Both models' forecasts for the next week's fixtures, fitted on what the lake held before this run, under the run's
 * date and as the latest copy. Gives them, and every forecast the runs have made as the lake now holds them.
 */
export async function writeForecasts(run: Run, seasonRows: Row[], next: Row[], fixtureXptsRows: Row[], previous: Row[], statistics: Row[], now: Date): Promise<{ rows: Row[]; history: DatedForecast[] }> {
    const history = await readForecastHistory(run.lake, run.keys, run.log);
    const rows = forecastRows(next, modelMatches(fixtureXptsRows, previous, statistics), now.getTime(), teamsOf(seasonRows));
    // A run again the same day must not lose the forecasts of the matches that kicked off in between.
    const day = dayForecasts(history.filter((r) => r.run_date === run.runDate), rows, seasonRows, now.getTime());
    if (day.kept.length > 0) {
        const fixtures = [...new Set(day.kept.map((r) => `fixture ${r.fixture_id}`))];
        run.log(`forecasts: ${plural(day.kept.length, "row")} of the run earlier on ${run.runDate} kept, for what kicked off since (${fixtures.join(", ")})`);
    }
    const dayText = toCsv(day.rows, FORECAST_COLUMNS);
    await run.put(run.keys.forecasts(run.runDate), dayText, CSV_TYPE);
    await run.put(run.keys.forecastsLatest, toCsv(rows, FORECAST_COLUMNS), CSV_TYPE);
    const written = parseCsv(Buffer.from(dayText)).map((r) => ({ ...r, run_date: run.runDate }));
    return { rows, history: [...history.filter((r) => r.run_date !== run.runDate), ...written] };
}

/** Each team's points minus expected points after every run so far, from the dated team tables the lake keeps. */
async function readStory(run: Run): Promise<StoryPoint[]> {
    return (await readDated(run.lake, run.keys.teamTablePrefix, storyProblem, run.log))
        .filter((r) => !blankCell(r.points_minus_xpts))
        .map((r) => ({ runDate: r.run_date, teamId: Number(r.team_id), code: String(r.team_code || r.team_name), name: String(r.team_name), pointsMinusXpts: Number(r.points_minus_xpts) }));
}

/** The week's report, from what this run wrote: the table, the season's story, the forecasts, and how past forecasts scored. */
export async function writeReport(run: Run, table: Row[], seasonRows: Row[], forecasts: Row[], history: DatedForecast[], before: Row[], leagueName: string | undefined): Promise<void> {
    const scored = forecastsToScore(history, seasonRows);
    const html = reportHtml({
        labels: { league: run.league, season: run.season, leagueName, asOf: run.runDate },
        table,
        story: await readStory(run),
        forecasts,
        scores: evaluate(scored, baseRates(before), seasonMidpoint(seasonRows)),
    });
    await run.put(run.keys.report(run.runDate), html, HTML_TYPE);
    await run.put(run.keys.reportLatest, html, HTML_TYPE);
}

/** The analysis tables and chart as of this run, from the processed season tables. */
export async function writeAnalysis(run: Run, seasonRows: Row[], statistics: Row[], codes: Record<number, string>, leagueName: string | undefined): Promise<{ table: Row[]; fixtureRows: Row[] }> {
    const { keys, runDate, put } = run;
    const bySide = new Map(statistics.map((r) => [`${r.fixture_id}|${r.side}`, r]));
    const finished: FinishedFixture[] = seasonRows.filter((r) => FINISHED_STATUSES.includes(String(r.status))).map((r) => {
        const side = (s: "home" | "away") => {
            const st = bySide.get(`${r.fixture_id}|${s}`);
            return {
                // The guard has made sure a finished fixture has both scores.
                id: Number(r[`${s}_id`]), name: String(r[`${s}_name`]), goals: Number(r[`${s}_goals`]),
                xg: cell(st?.expected_goals), totalShots: cell(st?.total_shots), shotsOnGoal: cell(st?.shots_on_goal),
            };
        };
        return { fixtureId: Number(r.fixture_id), kickoffUtc: String(r.kickoff_utc), home: side("home"), away: side("away") };
    });
    const fixtureRows = finished.map(fixtureXpts);
    const fixtureText = toCsv(fixtureRows, FIXTURE_XPTS_COLUMNS);
    const table = teamTable(fixtureRows, codes);
    const tableText = toCsv(table, TEAM_TABLE_COLUMNS);
    const svg = pointsChart(table, { league: run.league, season: run.season, leagueName, asOf: runDate });
    await put(keys.fixtureXpts(runDate), fixtureText, CSV_TYPE);
    await put(keys.teamTable(runDate), tableText, CSV_TYPE);
    await put(keys.chart(runDate), svg, SVG_TYPE);
    await put(keys.fixtureXptsLatest, fixtureText, CSV_TYPE);
    await put(keys.teamTableLatest, tableText, CSV_TYPE);
    await put(keys.chartLatest, svg, SVG_TYPE);
    return { table, fixtureRows };
}
