// The one step of a run about another season: its keys are the previous season's, not the run's, and the table it
// keeps there holds results only (its statistics column says `not-fetched` for every match played).
import { csvParse } from "d3-dsv";
import { ApiFootballError, ApiResponse, BudgetExhausted, FootballApi } from "./api";
import { JSON_TYPE, CSV_TYPE, keepRefused, parseCsv, plural, problemList, Run } from "./context";
import { checkSeasonAnswer, FINAL_STATUSES, heldFixtureId, readableResults, RefusedAnswer } from "./guard";
import { lakeKeys, reasonKey, rejectedKey } from "./layout";
import { heldToAnswerLine, heldToNewestAnswer } from "./season-answers";
import { ApiFixture, compareRows, FIXTURE_COLUMNS, fixtureRow, isFinished, Row, StatisticsState, toCsv } from "./transform";

/**
 * The previous season's results, for the forecasts to start from: asked once
 * (1 request, results only) and kept in the lake as that season's table. An
 * API error (a plan that does not serve it) is noted and not asked again.
 */
export async function previousSeason(run: Run, api: FootballApi): Promise<Row[]> {
    const { lake, league, season, runDate, log } = run;
    const keys = lakeKeys(league, season - 1);
    const known = parseCsv(await lake.get(keys.seasonFixtures));
    // The table is kept for good once final, so a row damaged since is written again from the raw answer it came
    // from, or asked for again where that answer does not give it, and left out until then. A table lost (a run
    // that stopped between the answer and the table) is written again from the answer too: no run of this season
    // takes a missing table of that one as a sign to ask again.
    const { readable, unreadable } = readableResults(known, season - 1);
    if (unreadable.length > 0) log(`previous season: ${plural(unreadable.length, "fixture")} the lake holds cannot be read (${problemList(unreadable)})`);
    const checked = await heldToNewestAnswer(run, season - 1, await lake.list(keys.rawFixturesPrefix), runDate, true, readable, [], stateOf);
    const line = heldToAnswerLine("previous season", checked);
    if (line !== undefined) log(line);
    const usable = checked.rows;
    const restored = unreadable.every((u) => usable.some((r) => heldFixtureId(r) === u.id));
    // A raw answer that cannot be read checks nothing, at any later run: the season is asked for again, once, and
    // the answer that comes becomes the reference.
    if (usable.length > 0 && restored && checked.unreadable === undefined && usable.every((r) => FINAL_STATUSES.includes(String(r.status)))) {
        // Every unreadable row written again from the answer is among its problems.
        if (checked.problems.length === 0) return known;
        return written(run, keys.seasonFixtures, usable);
    }
    // A refusal or an API error already kept for that season: it is not asked for again.
    if ((await lake.list(rejectedKey(keys.rawFixturesPrefix))).length > 0) return usable;
    let res: ApiResponse<ApiFixture[]>;
    try {
        res = await api.get<ApiFixture[]>("/fixtures", { league, season: season - 1 });
    } catch (err) {
        if (err instanceof BudgetExhausted) {
            log(`previous season: ${err.message}; the next run asks for it`);
            return usable;
        }
        if (!(err instanceof ApiFootballError)) throw err;
        await run.put(reasonKey(rejectedKey(keys.rawFixtures(runDate))), JSON.stringify({ rule: "api-error", source: err.endpoint, problem: err.message, run_date: runDate }, null, 2) + "\n", JSON_TYPE);
        log(`previous season: ${err.message}; forecasts start from the league average, and it is not asked for again`);
        return usable;
    }
    let fixtures: ApiFixture[];
    try {
        fixtures = checkSeasonAnswer(res.endpoint, res.body.response, league, season - 1, usable).fixtures;
    } catch (err) {
        if (!(err instanceof RefusedAnswer)) throw err;
        await keepRefused(run, keys.rawFixtures(runDate), res.text, err);
        return usable;
    }
    await run.put(keys.rawFixtures(runDate), res.text, JSON_TYPE);
    return written(run, keys.seasonFixtures, fixtures.map((f) => fixtureRow(f, stateOf(f))));
}

/** Results only: the statistics of a season gone by are not fetched. */
const stateOf = (f: ApiFixture): StatisticsState => (isFinished(f) ? "not-fetched" : "not-played");

/** The table written in kick-off order, and its rows read back as the lake holds them. */
async function written(run: Run, key: string, rows: Row[]): Promise<Row[]> {
    const text = toCsv([...rows].sort(compareRows), FIXTURE_COLUMNS);
    await run.put(key, text, CSV_TYPE);
    return csvParse(text) as unknown as Row[];
}
