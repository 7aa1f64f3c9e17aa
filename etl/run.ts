// One ETL run: the season's fixtures, statistics for finished fixtures not yet
// in the lake (20 to a request), the season's team codes, and the processed
// tables rebuilt from what the lake holds. The lake is the only state, so a
// rerun, a crash, two runs at once or a missed week all come right on the next
// run. Every answer passes the season guard (guard.ts) before it may change the
// lake; a refused one is kept under raw-data/api-football/rejected/ and fails
// the run. Every run, failed or not, leaves a record (runs.ts).
// This file is the order of the steps and the run's record; the steps with IO of
// their own are statistics.ts, season-answers.ts, unlisted.ts, season-codes.ts, previous-season.ts and outputs.ts.
import { csvParse } from "d3-dsv";
import { ApiFootballError, ApiResponse, BudgetExhausted, FootballApi } from "./api";
import { changedOnlyWriter, CSV_TYPE, firstProblem, JSON_TYPE, keepRefused, parseCsv, plural, problemList, Run, SHOWN_PROBLEMS, Writer } from "./context";
import { EtlError } from "./errors";
import { checkPaging, checkSeasonAnswer, FixtureTeams, heldStatisticsProblems, MAX_PAGES, Paging, problemLine, readableResults, RefusedAnswer, seasonComplete, teamsOfRows } from "./guard";
import { HttpError, scrub } from "./http";
import { cappedReads, Lake } from "./lake";
import { lakeKeys, LakeKeys, MAX_LAKE_READ_BYTES } from "./layout";
import { writeAnalysis, writeForecasts, writeReport } from "./outputs";
import { previousSeason } from "./previous-season";
import { durationSeconds, parseRecordKey, recordKey, RunDateRefused, runDateProblem, RunOutcome, RunRecord, RUN_COLUMNS, runRowProblem, runsTable } from "./runs";
import { seasonCodes } from "./season-codes";
import { fetchStatistics, MAX_STATISTICS_ATTEMPTS, mergeSeasonStatistics, rawStatisticsProblems, readLedger, statisticsState } from "./statistics";
import { heldToAnswerLine, heldToNewestAnswer } from "./season-answers";
import { rowsFromEarlierAnswers } from "./unlisted";
import { ApiFixture, compareFixtures, compareRows, FINISHED_STATUSES, FIXTURE_COLUMNS, fixtureRow, fixtureTeams, isFinished, oneLine, Row, toCsv, weekWindows } from "./transform";

export interface RunOptions {
    api: FootballApi;
    lake: Lake;
    league: number;
    season: number;
    /** The run's logical time: the scheduled event's time. Keys and windows follow it. */
    now: Date;
    dailyBudget: number;
    log?: (line: string) => void;
    maxStatisticsAttempts?: number;
    /** Wall clock for the record's start and end. */
    clock?: () => Date;
    runId?: string;
    codeVersion?: string;
    /** Strings that must never reach the record (the API key). */
    secrets?: string[];
    /** Called once with the run's record, whether the run succeeded or not. */
    onRecord?: (record: RunRecord) => void;
}

export interface RunSummary {
    runDate: string;
    league: number;
    season: number;
    outcome: RunOutcome;
    requests: number;
    stoppedByBudget: boolean;
    fixtures: number;
    finished: number;
    statisticsLanded: number;
    statisticsInLake: number;
    statisticsPending: number;
    statisticsUnavailable: number;
    /** The team table as of this run (expected against real), best first. */
    teamTable: Row[];
    /** Objects this run wrote or changed, its own record and the runs table aside. */
    filesWritten: string[];
    record: RunRecord;
}

/** The run did its work but refused answers or raw objects on the way; each is kept under the rejected prefix. */
export class RunRefused extends EtlError {
    constructor(readonly refusals: Array<{ refusal: RefusedAnswer; keptAt?: string }>) {
        super(`${plural(refusals.length, "answer")} refused: ` +
            refusals.map((r) => `${r.refusal.message}${r.keptAt ? ` (kept at ${r.keptAt})` : ""}`).join("; "));
        this.name = "RunRefused";
    }
}

/** The season's fixtures, following `paging` to the last page if the API ever pages. */
async function fetchSeason(api: FootballApi, league: number, season: number): Promise<ApiResponse<ApiFixture[]>[]> {
    const first = await api.get<ApiFixture[]>("/fixtures", { league, season });
    const pages = [first];
    const total = (first.body.paging as Paging | undefined)?.total;
    if (Number.isInteger(total) && (total as number) > 1 && (total as number) <= MAX_PAGES) {
        for (let page = 2; page <= (total as number); page++) pages.push(await api.get<ApiFixture[]>("/fixtures", { league, season, page }));
    }
    return pages;
}

interface StepsResult {
    outcome: RunOutcome;
    stoppedByBudget?: boolean;
    seasonRows: Row[];
    landedNow?: number;
    teamTable?: Row[];
}

async function runSteps(run: Run, api: FootballApi, now: Date, started: Date, maxAttempts: number): Promise<StepsResult> {
    const { lake, keys, league, season, runDate, put, log } = run;
    // A row damaged since it was written is left out, so it is neither carried forward nor asked for by an id the
    // API refuses; the season answer writes it again (or, where it no longer lists it, the last one that did). Until a
    // run in full has, it keeps the season open.
    const held = parseCsv(await lake.get(keys.seasonFixtures));
    const { readable, unreadable } = readableResults(held, season);
    if (unreadable.length > 0) log(`season table: ${plural(unreadable.length, "row")} the lake holds cannot be read (${problemList(unreadable)}); left out, and written again from the season answer, or from the last one that listed them`);
    const rawKeys = await lake.list(keys.rawFixturesPrefix);
    // The fixtures of those rows, where the row still names one (`heldFixtureId` gives an id above 0, or NaN).
    const unreadableIds = unreadable.map((u) => u.id).filter((id) => !Number.isNaN(id));
    // Held to the answer it was written from, before that answer's successor is checked against it: a score damaged
    // into another would otherwise count as a correction (and enough of them have every later answer refused), and
    // a complete season's table is written again by no answer at all.
    const checked = await heldToNewestAnswer(run, season, rawKeys, started.toISOString().slice(0, 10), held.length > 0, readable,
        unreadableIds, (f) => (isFinished(f) ? "pending" : "not-played"));
    const known = checked.rows;
    const tableLine = heldToAnswerLine("season table", checked);
    if (tableLine !== undefined) log(tableLine);
    if (seasonComplete(known)) {
        // Statistics a version without today's checks landed keep the season open, so a run in full can mend them;
        // so do statistics that no longer agree with their raw answers (damaged since, or processed by an older rule).
        const heldStatistics = parseCsv(await lake.get(keys.seasonStatistics));
        const failing = heldStatisticsProblems(heldStatistics);
        const clean = failing.length === 0 && unreadable.length === 0 && tableLine === undefined;
        const raw = clean ? await rawStatisticsProblems(run, heldStatistics, teamsOfRows(known)) : [];
        if (clean && raw.length === 0) {
            log(`season complete: all ${known.length} fixtures are final and their statistics landed or given up on; nothing to ask`);
            return { outcome: "season-complete", seasonRows: known };
        }
        if (failing.length > 0) log(`season complete but for the statistics of ${plural(failing.length, "fixture")}, which fail today's checks (${problemList(failing)}): running in full`);
        else if (unreadable.length > 0) log("season complete but for rows of the season table that cannot be read: running in full");
        else if (tableLine !== undefined) log("season complete but for its table, which its newest raw season answer does not bear out (above): running in full");
        else log(`season complete but for ${plural(raw.length, "problem")} its raw statistics answers show (${problemLine(raw, SHOWN_PROBLEMS)}): running in full`);
    }
    // Before anything is asked or written: a run under the wrong date would rewrite or mislabel the lake's history.
    const dateProblem = runDateProblem(now, started, rawKeys);
    if (dateProblem !== undefined) throw new RunDateRefused(dateProblem);

    let pages: ApiResponse<ApiFixture[]>[];
    try {
        pages = await fetchSeason(api, league, season);
    } catch (err) {
        if (!(err instanceof BudgetExhausted)) throw err;
        log(`stopped: ${err.message}`);
        return { outcome: "no-budget", stoppedByBudget: true, seasonRows: known };
    }
    const source = pages[0].endpoint;
    let verdict;
    try {
        checkPaging(source, pages.map((p) => p.body.paging as Paging | undefined));
        const responses: unknown[] = pages.map((p) => p.body.response);
        const combined = responses.every(Array.isArray) ? responses.flat() : responses.find((r) => !Array.isArray(r));
        verdict = checkSeasonAnswer(source, combined, league, season, known);
    } catch (err) {
        if (!(err instanceof RefusedAnswer)) throw err;
        for (let i = 0; i < pages.length; i++) await keepRefused(run, keys.rawFixtures(runDate, i + 1), pages[i].text, err, i === 0);
        throw new RunRefused(run.refusals);
    }
    for (let i = 0; i < pages.length; i++) await put(keys.rawFixtures(runDate, i + 1), pages[i].text, JSON_TYPE);
    const { fixtures, changed } = verdict;
    if (verdict.dropped.length > 0) log(`the API no longer lists ${verdict.dropped.length} fixtures the lake holds (${verdict.dropped.map((r) => r.fixture_id).join(", ")}); they keep their last known state`);
    // A row the answer does not list cannot be written again from it, but from the last earlier answer that lists it.
    const listed = new Set(fixtures.map((f) => f.fixture.id));
    const unlisted = unreadableIds.filter((id) => !listed.has(id));
    const dropped = [...verdict.dropped];
    if (unlisted.length > 0) {
        const { rows: rebuilt, lost } = await rowsFromEarlierAnswers(run, unlisted);
        dropped.push(...rebuilt);
        if (rebuilt.length > 0) {
            log(`season table: the API no longer lists ${plural(rebuilt.length, "fixture")} whose row the lake holds cannot be read (${rebuilt.map((r) => r.fixture_id).join(", ")}); ` +
                "each written again from the last earlier season answer that lists it");
        }
        if (lost.length > 0) {
            log(`season table: no season answer under ${keys.rawFixturesPrefix} gives, as the guard takes a fixture, ${plural(lost.length, "fixture")} the API no longer lists ` +
                `whose row the lake holds cannot be read (${lost.join(", ")}); left out of the season's tables`);
        }
    }
    const teams: FixtureTeams = new Map([...teamsOfRows(dropped), ...fixtures.map((f) => [f.fixture.id, fixtureTeams(f)] as const)]);
    if (changed.length > 0) log(`the API gives another result for ${plural(changed.length, "fixture")} the lake holds as finished (${changed.map((c) => `${c.id}: ${c.was}, now ${c.now}`).join("; ")}); the tables take the API's`);
    // After the season answer, so that statistics landed before a correction of who played are known for another match's.
    const ledger = await readLedger(run, teams, new Set(known.filter((r) => r.statistics === "unavailable").map((r) => Number(r.fixture_id))));

    const finishedIds = [
        ...fixtures.filter((f) => FINISHED_STATUSES.includes(f.fixture.status.short)).sort(compareFixtures).map((f) => f.fixture.id),
        ...dropped.filter((r) => FINISHED_STATUSES.includes(String(r.status))).sort(compareRows).map((r) => Number(r.fixture_id)),
    ];
    const { landedNow, stoppedByBudget } = await fetchStatistics(run, api, ledger, finishedIds, teams, maxAttempts);

    const statistics = await mergeSeasonStatistics(run, ledger, fixtures);
    const state = statisticsState(ledger, maxAttempts);
    const seasonRows = [
        ...fixtures.map((f) => fixtureRow(f, state(f.fixture.id, f.fixture.status.short))),
        ...dropped.map((r) => ({ ...r, statistics: state(Number(r.fixture_id), String(r.status)), missing_since: r.missing_since || runDate })),
    ];
    // Through CSV and back, so every later step reads the rows exactly as the lake holds them.
    const seasonText = toCsv(seasonRows.sort(compareRows), FIXTURE_COLUMNS);
    await put(keys.seasonFixtures, seasonText, CSV_TYPE);
    const rows = csvParse(seasonText) as unknown as Row[];
    const { previous, next } = weekWindows(rows, now);
    await put(keys.previousFixtures(runDate), toCsv(previous, FIXTURE_COLUMNS), CSV_TYPE);
    await put(keys.nextFixtures(runDate), toCsv(next, FIXTURE_COLUMNS), CSV_TYPE);
    const codes = await seasonCodes(run, api, rows);
    const { table, fixtureRows } = await writeAnalysis(run, rows, statistics, codes, fixtures[0]?.league?.name);
    const before = await previousSeason(run, api);
    const forecasts = await writeForecasts(run, rows, next, fixtureRows, before, statistics, now);
    await writeReport(run, table, rows, forecasts.rows, forecasts.history, before, fixtures[0]?.league?.name);
    return { outcome: stoppedByBudget ? "budget" : "ok", stoppedByBudget, seasonRows: rows, landedNow, teamTable: table };
}

// Every refused answer is caught where it is checked and reported through RunRefused, which holds at least one.
function errorKind(err: unknown): string {
    if (err instanceof ApiFootballError) return `ApiFootballError:${err.kind}`;
    if (err instanceof RunRefused) return `RefusedAnswer:${err.refusals[0].refusal.rule}`;
    if (err instanceof HttpError) return `HttpError:${err.status ?? "no-response"}`;
    return (err as Error)?.name ?? "Error";
}

/**
 * Adds this run's record to the runs table, with any record a concurrent run wrote that the table lacks. A row
 * or record that cannot go into the table is left out and logged, never a reason to fail; a row left out is
 * read again from its record.
 */
async function updateRunsTable(lake: Lake, keys: LakeKeys, put: Writer, log: (line: string) => void): Promise<void> {
    const existing: Row[] = [];
    const dropped: string[] = [];
    for (const r of parseCsv(await lake.get(keys.runs))) {
        const problem = runRowProblem(r);
        if (problem === undefined) existing.push(r);
        else dropped.push(problem);
    }
    if (dropped.length > 0) log(`runs table: leaving out ${plural(dropped.length, "row")} that cannot be read (${firstProblem(dropped)}); each is read again from its record`);
    const have = new Set(existing.map((r) => String(r.run_id)));
    const added: Row[] = [];
    for (const key of await lake.list(keys.runsPrefix)) {
        const id = parseRecordKey(key)?.runId;
        if (!id || have.has(id)) continue;
        // Only the parse is caught: a fault of the check itself must fail the run, not drop its records.
        let record: unknown;
        let problem: string | undefined;
        try {
            record = JSON.parse((await lake.get(key))?.toString("utf8") ?? "");
        } catch (err) {
            problem = `it is not JSON (${(err as Error).message})`;
        }
        problem ??= runRowProblem(record, id);
        if (problem === undefined) added.push(record as Row);
        else log(`runs table: leaving out the record ${key}, which cannot be read (${problem})`);
    }
    await put(keys.runs, toCsv(runsTable([...existing, ...added]), RUN_COLUMNS), CSV_TYPE);
}

const randomId = (): string => {
    // Node's crypto, required here so the serialized Lambda loads it from the runtime.
    const { randomUUID } = require("crypto") as typeof import("crypto");
    return randomUUID();
};

export async function runEtl(options: RunOptions): Promise<RunSummary> {
    const { api, league, season, now } = options;
    const log = options.log ?? (() => undefined);
    const lake = cappedReads(options.lake, MAX_LAKE_READ_BYTES, log);
    const clock = options.clock ?? (() => new Date());
    const started = clock();
    const runDate = now.toISOString().slice(0, 10);
    const keys = lakeKeys(league, season);
    const filesWritten: string[] = [];
    const run: Run = { lake, keys, league, season, runDate, put: changedOnlyWriter(lake, filesWritten), log, refusals: [] };
    const requestsBefore = api.requestsMade;

    let quota: { usedToday?: number; dailyLimit?: number } = {};
    let result: StepsResult = { outcome: "failed", seasonRows: [] };
    let error: unknown;
    try {
        let allowance = options.dailyBudget;
        try {
            quota = await api.quota();
            if (quota.usedToday !== undefined) {
                allowance = Math.min(options.dailyBudget, quota.dailyLimit ?? Infinity) - quota.usedToday;
                log(`quota: ${quota.usedToday} of ${quota.dailyLimit ?? "?"} requests used today; this run may make ${Math.max(0, allowance)}`);
            } else {
                log(`quota: /status gave no count of today's requests; keeping to the budget of ${options.dailyBudget}`);
            }
        } catch (err) {
            // A bad key fails here as well as anywhere; anything else about /status is not worth a failed run.
            if (err instanceof ApiFootballError && err.kind === "token") throw err;
            log(`quota: /status unavailable (${(err as Error).message}); keeping to the budget of ${options.dailyBudget}`);
        }
        api.setAllowance(Math.max(0, allowance));
        result = await runSteps(run, api, now, started, options.maxStatisticsAttempts ?? MAX_STATISTICS_ATTEMPTS);
        if (run.refusals.length > 0) throw new RunRefused(run.refusals);
    } catch (err) {
        error = err;
    }

    const outcome: RunOutcome = error === undefined ? result.outcome : error instanceof RunRefused ? "refused" : "failed";
    // A failed run reports the season table as the lake holds it.
    let rows = result.seasonRows;
    if (error !== undefined) rows = await lake.get(keys.seasonFixtures).then(parseCsv, () => []);
    const statuses = rows.map((r) => String(r.statistics));
    const requests = api.requestsMade - requestsBefore;
    const ended = clock();
    const record: RunRecord = {
        run_id: options.runId ?? randomId(),
        run_date: runDate,
        started_utc: started.toISOString(),
        ended_utc: ended.toISOString(),
        duration_s: durationSeconds(started, ended),
        outcome,
        error_kind: error === undefined ? null : errorKind(error),
        // On one line: Athena's CSV SerDe cannot read a line break inside a field.
        error_message: error === undefined ? null : oneLine(scrub(String((error as Error)?.message ?? error), options.secrets ?? [])),
        requests,
        quota_used: quota.usedToday === undefined ? null : quota.usedToday + requests,
        quota_limit: quota.dailyLimit ?? null,
        fixtures: rows.length,
        finished: rows.filter((r) => FINISHED_STATUSES.includes(String(r.status))).length,
        landed: result.landedNow ?? 0,
        in_lake: statuses.filter((s) => s === "landed").length,
        pending: statuses.filter((s) => s === "pending").length,
        unavailable: statuses.filter((s) => s === "unavailable").length,
        files_written: filesWritten.length,
        code_version: options.codeVersion ?? "unknown",
    };
    // The record is written whenever the lake is writable; a lake that is not fails the run.
    try {
        await lake.put(recordKey(league, season, record), JSON.stringify(record) + "\n", JSON_TYPE);
        // The run's writer, but not counted among the files it wrote (the summary leaves the runs table aside).
        await updateRunsTable(lake, keys, changedOnlyWriter(lake, []), log);
    } catch (err) {
        log(`could not write the run record: ${(err as Error).message}`);
        if (error === undefined) error = err;
    }
    options.onRecord?.(record);
    if (error !== undefined) throw error;
    return {
        runDate, league, season, outcome, requests,
        stoppedByBudget: result.stoppedByBudget ?? false,
        fixtures: record.fixtures,
        finished: record.finished,
        statisticsLanded: record.landed,
        statisticsInLake: record.in_lake,
        statisticsPending: record.pending,
        statisticsUnavailable: record.unavailable,
        teamTable: result.teamTable ?? [],
        filesWritten,
        record,
    };
}
