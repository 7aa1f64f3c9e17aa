// Match statistics: what the lake already holds of them (the ledger), asking the API for the rest 20 fixtures to a
// request, and the season's one statistics file. A fixture counts as landed once its raw answer is in the lake, so
// a run that stopped between the raw answer and its processed file is mended from the raw one with no request.
import { csvParse } from "d3-dsv";
import { BudgetExhausted, FootballApi } from "./api";
import { CSV_TYPE, JSON_TYPE, keepRefused, parseCsv, plural, Run } from "./context";
import { checkStatisticsAnswer, fixtureProblems, FixtureTeams, heldAgainstAnswer, heldFixtureId, heldStatisticsProblems, otherTeams, RefusedAnswer, requireReadableStatistics, sameTeams } from "./guard";
import { idInKey, idsInKey, MAX_LAKE_READ_BYTES, rejectedKey } from "./layout";
import { runDateInKey } from "./runs";
import { ApiFixture, chunk, FINISHED_STATUSES, hasStatistics, isFinished, Row, STATISTICS_COLUMNS, statisticsRows, StatisticsState, toCsv } from "./transform";

export const BATCH_SIZE = 20; // the most ids one /fixtures?ids= request takes
export const MAX_STATISTICS_ATTEMPTS = 3;

export interface StatisticsLedger {
    landed: Set<number>;
    /** Per fixture, the run dates (as their keys give them) of the answers that came back without usable statistics (empty, or refused). */
    failedOn: Map<number, Set<string | undefined>>;
    /** The season statistics the lake holds, or none when they lack a column and are rebuilt from the raw answers. */
    seasonRows: Row[];
}

const countFailure = (ledger: StatisticsLedger, id: number, runDate: string | undefined) => ledger.failedOn.set(id, (ledger.failedOn.get(id) ?? new Set()).add(runDate));
/**
 * A fixture's tries: the days on which its statistics came back empty or refused. Counted in days, not answers, so
 * that a schedule of several runs a day does not spend them within hours, before the API has filled them in.
 */
const failures = (ledger: StatisticsLedger, id: number): number => ledger.failedOn.get(id)?.size ?? 0;

/**
 * Lands the statistics one checked answer holds for `ids`: a processed file for
 * each fixture that has them, a failed answer counted for each that has not.
 */
async function landAnswer(run: Run, answered: ApiFixture[], ids: number[], ledger: StatisticsLedger, answeredOn: string | undefined): Promise<number[]> {
    const landedNow: number[] = [];
    for (const id of ids) {
        if (ledger.landed.has(id)) continue;
        const f = answered.find((x) => x.fixture.id === id);
        if (f && hasStatistics(f)) {
            await run.put(run.keys.statistics(id), toCsv(statisticsRows(f), STATISTICS_COLUMNS), CSV_TYPE);
            ledger.landed.add(id);
            landedNow.push(id);
        } else {
            countFailure(ledger, id, answeredOn);
        }
    }
    return landedNow;
}

/**
 * What the lake already holds. Statistics count as landed once their raw
 * answer is in the lake: a processed file missing after a crash is rebuilt
 * from the raw one here, without asking the API again. A raw object that
 * cannot be read is set aside (copied to the rejected prefix) and skipped from
 * then on, so it can never block a later run. Statistics count only for the
 * teams `teams` gives their fixture (the season answer's, or the last known). What it finds of the fixtures the
 * season table has given up on (`givenUp`) was logged until then, and is not logged again at every run.
 */
export async function readLedger(run: Run, teams: FixtureTeams, givenUp: Set<number>): Promise<StatisticsLedger> {
    const { lake, keys } = run;
    const held = await lake.get(keys.seasonStatistics);
    const seasonRows = held ? csvParse(held.toString("utf8")) : undefined;
    // Statistics processed by an earlier version lack its newer columns (the penalties): every fixture is then
    // landed again from its raw answer, which holds them, with no request to the API.
    const lacking = seasonRows ? STATISTICS_COLUMNS.map((c) => c.name).filter((name) => !seasonRows.columns.includes(name)) : [];
    const ledger: StatisticsLedger = { landed: new Set(), failedOn: new Map(), seasonRows: [] };
    if (lacking.length > 0) {
        run.log(`the season statistics lack ${lacking.join(", ")}: processing every landed answer again from the raw zone`);
    } else {
        // Held rows meet today's checks before they count as landed: a fixture whose rows do not is processed again
        // from its raw answer below, which today's guard reads (and sets aside if it must), or asked for again.
        const heldRows = (seasonRows ?? []) as unknown as Row[];
        const problems = heldStatisticsProblems(heldRows, teams);
        const failing = new Map(problems.filter((p) => !Number.isNaN(p.id)).map((p) => [p.id, p.problem]));
        const inSeason = new Set(heldRows.map(heldFixtureId));
        const ownFiles: Row[] = [];
        for (const key of await lake.list(keys.statisticsPrefix)) {
            const id = idInKey(key);
            if (id === undefined || failing.has(id)) continue;
            if (!inSeason.has(id)) {
                // A fixture's own file the season statistics lack, as after a run stopped between the two writes.
                const rows = parseCsv(await lake.get(key));
                const problem = heldStatisticsProblems(rows, teams)[0]?.problem;
                if (problem !== undefined) {
                    failing.set(id, problem);
                    continue;
                }
                ownFiles.push(...rows);
            }
            ledger.landed.add(id);
        }
        const unattributed = problems.filter((p) => Number.isNaN(p.id));
        if (unattributed.length > 0) run.log(`the season statistics hold ${plural(unattributed.length, "row")} of no fixture (${fixtureProblems(unattributed, 5)}); left out`);
        for (const [id, problem] of failing) {
            if (givenUp.has(id)) continue;
            run.log(`fixture ${id}: the statistics the lake holds fail today's checks (${problem}); they are processed again from their raw answer, or asked for again`);
        }
        ledger.seasonRows = [...heldRows.filter((r) => !Number.isNaN(heldFixtureId(r)) && !failing.has(heldFixtureId(r))), ...ownFiles];
    }
    // Held rows that count are checked against their raw answers below: form and range say nothing of agreement.
    const heldLanded = new Set(ledger.landed);
    const heldById = rowsById(ledger.seasonRows);
    const rejected = new Set(await lake.list(rejectedKey(keys.rawStatisticsPrefix)));
    for (const key of [...rejected].filter((k) => k.endsWith(".reason.json"))) {
        try {
            const reason = JSON.parse((await lake.get(key))!.toString("utf8"));
            const ids: number[] = Array.isArray(reason.fixtures) && reason.fixtures.length > 0 ? reason.fixtures : idsInKey(key.replace(/\.reason\.json$/, ".json"));
            for (const id of ids) countFailure(ledger, id, runDateInKey(key));
        } catch (err) {
            run.log(`skipping the unreadable reason ${key}: ${(err as Error).message}`);
        }
    }
    const sources: Sources = new Map();
    const wanted = (ids: number[]) => !ids.every((id) => ledger.landed.has(id) && !heldLanded.has(id));
    for await (const { key, ids, body, answered, problem } of rawAnswers(run, rejected, wanted)) {
        if (answered === undefined) {
            const open = ids.filter((id) => !ledger.landed.has(id));
            await keepRefused(run, key, body, new RefusedAnswer("unreadable-raw", key, `set aside, recovery cannot read it (${problem})`, open));
            for (const id of open) countFailure(ledger, id, runDateInKey(key));
            continue;
        }
        // Landed before a correction of who played the fixture, the answer is another match's. It stays where it is (it
        // was right when it came), and is none of the answers the match as it is now may have: those are asked for.
        const current: ApiFixture[] = [];
        const another: number[] = [];
        for (const f of answered) {
            if (heldLanded.has(f.fixture.id)) {
                addSource(sources, f, teams, heldById);
                continue;
            }
            const problem = ledger.landed.has(f.fixture.id) ? undefined : otherTeams(f, teams);
            if (problem === undefined) {
                current.push(f);
                continue;
            }
            another.push(f.fixture.id);
            if (!givenUp.has(f.fixture.id)) run.log(`fixture ${f.fixture.id}: not landed from ${key}: ${problem}`);
        }
        await landAnswer(run, current, ids.filter((id) => !another.includes(id)), ledger, runDateInKey(key));
    }
    for (const { id, problem, newest } of disagreeing(sources)) {
        run.log(`fixture ${id}: the statistics the lake holds differ from its raw answer (${problem}); processed again from it`);
        // Left out of the held rows, the fixture's rows are read from its own file, as for any fixture landed this run.
        ledger.seasonRows = ledger.seasonRows.filter((r) => heldFixtureId(r) !== id);
        await run.put(keys.statistics(id), newest, CSV_TYPE);
    }
    return ledger;
}

/**
 * For a season otherwise complete, whose runs ask nothing and would read no raw answer: what a run in full would find
 * in the raw statistics answers against `heldRows` (which today's checks have passed), a fixture whose rows agree with
 * none of its answers or are missing, or an answer that cannot be read. A run in full processes the one again and sets
 * the other aside. Nothing is written. Every answer that gives statistics is of a fixture the season statistics hold:
 * one given up on has none, and an answer of another match is none of its fixture's.
 */
export async function rawStatisticsProblems(run: Run, heldRows: Row[], teams: FixtureTeams): Promise<string[]> {
    const held = rowsById(heldRows);
    const rejected = new Set(await run.lake.list(rejectedKey(run.keys.rawStatisticsPrefix)));
    const sources: Sources = new Map();
    const problems: string[] = [];
    for await (const { key, answered, problem } of rawAnswers(run, rejected, () => true)) {
        if (answered === undefined) problems.push(`${key} cannot be read (${problem})`);
        else for (const f of answered) addSource(sources, f, teams, held);
    }
    return [...problems, ...disagreeing(sources).map((d) => `fixture ${d.id}: ${d.problem}`)];
}

const rowsById = (rows: Row[]): Map<number, Row[]> => {
    const byId = new Map<number, Row[]>();
    for (const r of rows) byId.set(heldFixtureId(r), [...(byId.get(heldFixtureId(r)) ?? []), r]);
    return byId;
};

/**
 * Each held fixture's answers that may be the source of its rows, oldest first: how its held rows differ from each
 * (none where they agree), and the file each gives it. Not the answers themselves: a season's, with their events,
 * line-ups and players, would be held in memory all at once.
 */
type Sources = Map<number, Array<{ difference?: string; text: string }>>;

/** An answer without statistics, or of another match (landed before a correction of who played), is no source. */
function addSource(sources: Sources, f: ApiFixture, teams: FixtureTeams, held: Map<number, Row[]>): void {
    if (!hasStatistics(f) || !sameTeams(f, teams)) return;
    const text = toCsv(statisticsRows(f), STATISTICS_COLUMNS);
    sources.set(f.fixture.id, [...(sources.get(f.fixture.id) ?? []), { difference: heldAgainstAnswer(held.get(f.fixture.id) ?? [], text), text }]);
}

/**
 * The fixtures whose held rows agree with none of their answers, each with the difference from its newest answer and
 * the file that answer gives it. Two runs at once may each have landed an answer of a fixture, the API's figures
 * revised in between: rows that agree with either are the fixture's own.
 */
function disagreeing(sources: Sources): Array<{ id: number; problem: string; newest: string }> {
    const found: Array<{ id: number; problem: string; newest: string }> = [];
    for (const [id, answers] of sources) {
        const newest = answers[answers.length - 1];
        if (answers.every((a) => a.difference !== undefined)) found.push({ id, problem: newest.difference!, newest: newest.text });
    }
    return found;
}

/**
 * The raw statistics answers of the season that are not set aside, in the lake's order (by run date), each read and
 * checked as recovery reads it, or with why it cannot be. `wanted` is asked of each answer's fixtures as it comes.
 */
async function* rawAnswers(run: Run, rejected: Set<string>, wanted: (ids: number[]) => boolean): AsyncGenerator<{ key: string; ids: number[]; body: string; answered?: ApiFixture[]; problem?: string }> {
    for (const key of await run.lake.list(run.keys.rawStatisticsPrefix)) {
        if (rejected.has(rejectedKey(key))) continue;
        const ids = idsInKey(key);
        if (!wanted(ids)) continue;
        const object = await run.lake.get(key);
        const body = object?.toString("utf8") ?? "";
        try {
            // Listed, yet not read: removed since, or over the size a run reads (which the log has said).
            if (object === undefined) throw new Error(`it is gone, or more than the ${MAX_LAKE_READ_BYTES} bytes a run reads`);
            yield { key, ids, body, answered: requireReadableStatistics(key, JSON.parse(body).response, run.league, run.season, ids) };
        } catch (err) {
            yield { key, ids, body, problem: err instanceof RefusedAnswer ? `${err.rule}: ${err.problem}` : (err as Error).message };
        }
    }
}

/**
 * Asks for the statistics of the finished fixtures (`finishedIds`, in kick-off order) that are neither landed nor
 * given up on, 20 to a request. Each answer is checked against the season's teams before it lands; a refused one is
 * kept and counted against the fixtures it names. A spent budget stops the asking, not the run.
 */
export async function fetchStatistics(run: Run, api: FootballApi, ledger: StatisticsLedger, finishedIds: number[], teams: FixtureTeams, maxAttempts: number): Promise<{ landedNow: number; stoppedByBudget: boolean }> {
    const { keys, league, season, runDate, put, log } = run;
    const wanted = finishedIds.filter((id) => !ledger.landed.has(id) && failures(ledger, id) < maxAttempts);
    let landedNow = 0;
    let stoppedByBudget = false;
    const askBatch = async (batch: number[], retry: boolean): Promise<void> => {
        const res = await api.get<ApiFixture[]>("/fixtures", { ids: batch.join("-") });
        const key = keys.rawStatistics(runDate, batch);
        let verdict;
        try {
            verdict = checkStatisticsAnswer(res.endpoint, res.body.response, league, season, batch, teams);
        } catch (err) {
            if (!(err instanceof RefusedAnswer)) throw err;
            // The fixtures of the batch the refusal names, or the whole batch: each has had one more failed answer.
            const named = err.fixtures.filter((id) => batch.includes(id));
            const blamed = named.length > 0 ? named : batch;
            await keepRefused(run, key, res.text, new RefusedAnswer(err.rule, err.source, err.problem, blamed));
            for (const id of blamed) countFailure(ledger, id, runDate);
            return;
        }
        if (verdict.unreadable.length > 0) {
            const bad = verdict.unreadable.map((u) => u.id);
            await keepRefused(run, key, res.text, new RefusedAnswer("unreadable-statistics", res.endpoint,
                fixtureProblems(verdict.unreadable), bad));
            for (const id of bad) countFailure(ledger, id, runDate);
            // The rest of the batch is asked for again at once, so one bad fixture holds up no other.
            const rest = batch.filter((id) => !bad.includes(id));
            if (!retry && rest.length > 0) await askBatch(rest, true);
            return;
        }
        // The raw answer is the commit point: from here on, readLedger can rebuild the rest.
        await put(key, res.text, JSON_TYPE);
        const landed = await landAnswer(run, verdict.fixtures, batch, ledger, runDate);
        landedNow += landed.length;
        for (const id of batch.filter((id) => !landed.includes(id))) {
            log(`fixture ${id}: no statistics yet (empty on ${plural(failures(ledger, id), "day")} of at most ${maxAttempts})`);
        }
    };
    for (const batch of chunk(wanted, BATCH_SIZE)) {
        try {
            await askBatch(batch, false);
        } catch (err) {
            if (!(err instanceof BudgetExhausted)) throw err;
            log(`stopped: ${err.message}; fixtures without statistics wait for the next run`);
            stoppedByBudget = true;
            break;
        }
    }
    return { landedNow, stoppedByBudget };
}

/** Where each fixture's statistics stand, for the season table. */
export const statisticsState = (ledger: StatisticsLedger, maxAttempts: number) => (id: number, status: string): StatisticsState => {
    if (ledger.landed.has(id)) return "landed";
    if (!FINISHED_STATUSES.includes(status)) return "not-played";
    return failures(ledger, id) >= maxAttempts ? "unavailable" : "pending";
};

/**
 * Season statistics: the per-fixture files merged, read only where the season file lacks them. Each row's side and
 * goals are its team's in the season answer, which a correction may have changed since the statistics landed (home
 * and away swapped, or another score). Every row is of a team that plays its fixture: readLedger saw to that.
 */
export async function mergeSeasonStatistics(run: Run, ledger: StatisticsLedger, fixtures: ApiFixture[]): Promise<Row[]> {
    const merged = [...ledger.seasonRows];
    const have = new Set(merged.map((r) => Number(r.fixture_id)));
    for (const id of [...ledger.landed].sort((a, b) => a - b)) {
        if (have.has(id)) continue;
        merged.push(...parseCsv(await run.lake.get(run.keys.statistics(id))));
    }
    const listed = new Map(fixtures.map((f) => [f.fixture.id, f]));
    for (const r of merged) {
        const f = listed.get(Number(r.fixture_id));
        if (f === undefined) continue;
        const side = f.teams.home.id === Number(r.team_id) ? "home" : "away";
        r.side = side;
        r.opponent_id = f.teams[side === "home" ? "away" : "home"].id;
        if (isFinished(f)) r.goals = f.goals[side];
    }
    merged.sort((a, b) => String(a.kickoff_utc).localeCompare(String(b.kickoff_utc))
        || Number(a.fixture_id) - Number(b.fixture_id)
        || (a.side === "home" ? -1 : 1));
    await run.put(run.keys.seasonStatistics, toCsv(merged, STATISTICS_COLUMNS), CSV_TYPE);
    return merged;
}
