// A season-table row the run cannot read is written again from the season answer. For a fixture the API no longer
// lists, the answer cannot: its row would be left out of every table, and the match out of the analysis, although
// the raw zone still holds every season answer that listed it. This step rebuilds such rows from those answers.
import { plural, problemList, Run } from "./context";
import { checkFixtureList, RefusedAnswer } from "./guard";
import { answersByDate, fixturesIn } from "./season-answers";
import { ApiFixture, fixtureRow, Row } from "./transform";

/**
 * Rows for fixtures the API no longer lists and whose held row cannot be read (`ids`), each rebuilt from the newest
 * raw season answer before this run's that lists it and whose entry for it passes the season guard: the row as the
 * run after that answer held it, missing since the oldest answer after it that left it out (this run's, if none
 * before did). Its statistics state is the caller's to work out, as for any fixture the API no longer lists. `lost`
 * are the ids no readable answer gives.
 */
export async function rowsFromEarlierAnswers(run: Run, ids: number[]): Promise<{ rows: Row[]; lost: number[] }> {
    const { lake, keys, league, season, runDate, log } = run;
    const missingSince = new Map(ids.map((id) => [id, runDate]));
    const rows: Row[] = [];
    for (const { runDate: date, pages } of answersByDate(await lake.list(keys.rawFixturesPrefix))) {
        if (missingSince.size === 0) break;
        if (date >= runDate) continue;
        const listed: unknown[] = [];
        let unreadable: string | undefined;
        for (const key of pages) {
            // Outside any catch: a lake that fails fails the run, as everywhere else.
            const page = fixturesIn(key, await lake.get(key));
            if (typeof page === "string") {
                unreadable = page;
                break;
            }
            listed.push(...page);
        }
        if (unreadable !== undefined) {
            // Whether it listed them is not known, so it dates nothing.
            log(`season table: passing over the season answer of ${date}: ${unreadable}`);
            continue;
        }
        const problems: Array<{ id: number; problem: string }> = [];
        const seen = new Set<number>();
        for (const entry of listed) {
            const id = (entry as ApiFixture | null)?.fixture?.id as number;
            if (!missingSince.has(id) || seen.has(id)) continue;
            seen.add(id);
            try {
                const [f] = checkFixtureList(pages[0], [entry], league, season);
                // Its statistics state is a placeholder here: the run sets it from the ledger, as for every unlisted fixture.
                rows.push(fixtureRow(f, "pending", missingSince.get(id)));
                missingSince.delete(id);
            } catch (err) {
                if (!(err instanceof RefusedAnswer)) throw err;
                problems.push({ id, problem: err.problem });
            }
        }
        if (problems.length > 0) log(`season table: passing over ${plural(problems.length, "fixture")} of the season answer of ${date} (${problemList(problems)})`);
        // An answer that leaves a fixture out moves the date it has been missing since back to its own.
        for (const id of missingSince.keys()) if (!seen.has(id)) missingSince.set(id, date);
    }
    return { rows, lost: ids.filter((id) => missingSince.has(id)) };
}
