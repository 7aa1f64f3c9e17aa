// The one step of a run about another season: its keys are the previous season's, not the run's, and the table it
// keeps there holds results only (its statistics column says `not-fetched` for every match played).
import { csvParse } from "d3-dsv";
import { ApiFootballError, ApiResponse, BudgetExhausted, FootballApi } from "./api";
import { JSON_TYPE, CSV_TYPE, keepRefused, parseCsv, plural, problemList, Run } from "./context";
import { checkSeasonAnswer, FINAL_STATUSES, readableResults, RefusedAnswer } from "./guard";
import { lakeKeys, reasonKey, rejectedKey } from "./layout";
import { ApiFixture, compareRows, FINISHED_STATUSES, FIXTURE_COLUMNS, fixtureRow, Row, toCsv } from "./transform";

/**
 * The previous season's results, for the forecasts to start from: asked once
 * (1 request, results only) and kept in the lake as that season's table. An
 * API error (a plan that does not serve it) is noted and not asked again.
 */
export async function previousSeason(run: Run, api: FootballApi): Promise<Row[]> {
    const { lake, league, season, runDate, log } = run;
    const keys = lakeKeys(league, season - 1);
    const known = parseCsv(await lake.get(keys.seasonFixtures));
    // The table is kept for good once final, so a row damaged since is asked for again, and left out until then.
    const { readable: usable, unreadable } = readableResults(known, season - 1);
    if (unreadable.length > 0) log(`previous season: ${plural(unreadable.length, "fixture")} the lake holds cannot be read (${problemList(unreadable)})`);
    if (known.length > 0 && unreadable.length === 0 && known.every((r) => FINAL_STATUSES.includes(String(r.status)))) return known;
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
    const text = toCsv(fixtures.map((f) => fixtureRow(f, FINISHED_STATUSES.includes(f.fixture.status.short) ? "not-fetched" : "not-played")).sort(compareRows), FIXTURE_COLUMNS);
    await run.put(keys.seasonFixtures, text, CSV_TYPE);
    return csvParse(text) as unknown as Row[];
}
