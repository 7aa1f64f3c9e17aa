// One ETL run: the season's fixtures, statistics for finished fixtures not yet
// in the lake (20 to a request), and the processed tables rebuilt from what the
// lake holds. The lake is the only state, so a rerun, a crash or a missed week
// all come right on the next run without bookkeeping elsewhere.
import { EtlError } from "./errors";
import { csvParse } from "d3-dsv";
import { FinishedFixture, FIXTURE_XPTS_COLUMNS, fixtureXpts, TEAM_TABLE_COLUMNS, teamTable } from "./analysis";
import { ApiFootballError, BudgetExhausted, FootballApi } from "./api";
import { pointsChart } from "./chart";
import { Lake } from "./lake";
import {
    ApiFixture, chunk, compareFixtures, FIXTURE_COLUMNS, isFinished, fixtureRow, hasStatistics, kickoffIso, Row,
    STATISTICS_COLUMNS, statisticsRows, StatisticsState, toCsv, weekWindows,
} from "./transform";

export const BATCH_SIZE = 20; // the most ids one /fixtures?ids= request takes
export const MAX_STATISTICS_ATTEMPTS = 3;

/** Where the Pulumi program uploads teamcodes.csv; the analysis reads team codes from there. */
export const TEAMCODES_KEY = "processed-data/teamcodes.csv";

export function lakeKeys(league: number, season: number) {
    const part = `league=${league}/season=${season}`;
    return {
        rawFixtures: (runDate: string) => `raw-data/api-football/fixtures/${part}/run_date=${runDate}.json`,
        rawStatisticsPrefix: `raw-data/api-football/statistics/${part}/`,
        rawStatistics: (runDate: string, ids: number[]) => `raw-data/api-football/statistics/${part}/run_date=${runDate}/fixtures=${ids.join("-")}.json`,
        statisticsPrefix: `processed-data/api-football/statistics/${part}/`,
        statistics: (id: number) => `processed-data/api-football/statistics/${part}/fixture=${id}.csv`,
        seasonStatistics: `processed-data/api-football/statistics-season/${part}/statistics.csv`,
        seasonFixtures: `processed-data/api-football/fixtures/${part}/fixtures.csv`,
        previousFixtures: (runDate: string) => `processed-data/api-football/previous-fixtures/${part}/run_date=${runDate}/fixtures.csv`,
        nextFixtures: (runDate: string) => `processed-data/api-football/next-fixtures/${part}/run_date=${runDate}/fixtures.csv`,
        teamcodes: TEAMCODES_KEY,
        teamTable: (runDate: string) => `processed-data/analysis/team-table/${part}/run_date=${runDate}/team-table.csv`,
        teamTableLatest: `processed-data/analysis/team-table-latest/${part}/team-table.csv`,
        fixtureXpts: (runDate: string) => `processed-data/analysis/fixture-xpts/${part}/run_date=${runDate}/fixture-xpts.csv`,
        fixtureXptsLatest: `processed-data/analysis/fixture-xpts-latest/${part}/fixture-xpts.csv`,
        chart: (runDate: string) => `processed-data/analysis/charts/${part}/run_date=${runDate}/points-vs-xpts.svg`,
        chartLatest: `processed-data/analysis/charts/${part}/latest/points-vs-xpts.svg`,
    };
}
export type LakeKeys = ReturnType<typeof lakeKeys>;

export interface RunOptions {
    api: FootballApi;
    lake: Lake;
    league: number;
    season: number;
    now: Date;
    dailyBudget: number;
    log?: (line: string) => void;
    maxStatisticsAttempts?: number;
}

export interface RunSummary {
    runDate: string;
    league: number;
    season: number;
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
    filesWritten: string[];
}

export class InvalidResponseError extends EtlError {
    constructor(endpoint: string, problem: string) {
        super(`API-Football response from ${endpoint} was not written to the lake: ${problem}`);
        this.name = "InvalidResponseError";
    }
}

const JSON_TYPE = "application/json";
const CSV_TYPE = "text/csv; charset=utf-8";
const SVG_TYPE = "image/svg+xml";

function checkFixtures(endpoint: string, response: unknown, league: number, season: number, ids?: number[]): ApiFixture[] {
    if (!Array.isArray(response)) throw new InvalidResponseError(endpoint, "`response` is not a list");
    for (const f of response as ApiFixture[]) {
        const id = f?.fixture?.id;
        if (!Number.isInteger(id) || !f.teams?.home || !f.teams?.away || !f.fixture.status?.short || !Number.isFinite(f.fixture.timestamp)) {
            throw new InvalidResponseError(endpoint, `a fixture lacks id, teams, status or timestamp (${JSON.stringify(f).slice(0, 120)})`);
        }
        if (f.league?.id !== league || f.league?.season !== season) {
            throw new InvalidResponseError(endpoint, `fixture ${id} belongs to league ${f.league?.id} season ${f.league?.season}, not ${league}/${season}`);
        }
        if (ids && !ids.includes(id)) throw new InvalidResponseError(endpoint, `fixture ${id} was not asked for`);
        if (isFinished(f) && !(Number.isInteger(f.goals?.home) && Number.isInteger(f.goals?.away))) {
            throw new InvalidResponseError(endpoint, `fixture ${id} is finished (${f.fixture.status.short}) but has no score`);
        }
    }
    return response as ApiFixture[];
}

const idsInKey = (key: string): number[] => (/fixtures=([0-9-]+)\.json$/.exec(key)?.[1] ?? "").split("-").filter(Boolean).map(Number);
const idInKey = (key: string): number | undefined => {
    const m = /fixture=([0-9]+)\.csv$/.exec(key);
    return m ? Number(m[1]) : undefined;
};

type Writer = (key: string, body: string, contentType: string) => Promise<void>;

interface StatisticsLedger {
    landed: Set<number>;
    /** Raw answers that came back without statistics, per fixture. */
    emptyAnswers: Map<number, number>;
}

/**
 * Lands the statistics one raw answer holds for `ids`: a processed file for
 * each fixture that has them, an empty answer counted for each that has not.
 * The run and the crash recovery in readLedger both land answers this way.
 */
async function landAnswer(answered: ApiFixture[], ids: number[], ledger: StatisticsLedger, keys: LakeKeys, put: Writer): Promise<number[]> {
    const landedNow: number[] = [];
    for (const id of ids) {
        if (ledger.landed.has(id)) continue;
        const f = answered.find((x) => x.fixture.id === id);
        if (f && hasStatistics(f)) {
            await put(keys.statistics(id), toCsv(statisticsRows(f), STATISTICS_COLUMNS), CSV_TYPE);
            ledger.landed.add(id);
            landedNow.push(id);
        } else {
            ledger.emptyAnswers.set(id, (ledger.emptyAnswers.get(id) ?? 0) + 1);
        }
    }
    return landedNow;
}

/**
 * What the lake already holds. Statistics count as landed once their raw
 * answer is in the lake: a processed file missing after a crash is rebuilt
 * from the raw one here, without asking the API again.
 */
async function readLedger(lake: Lake, keys: LakeKeys, league: number, season: number, put: Writer): Promise<StatisticsLedger> {
    const landed = new Set<number>();
    for (const key of await lake.list(keys.statisticsPrefix)) {
        const id = idInKey(key);
        if (id !== undefined) landed.add(id);
    }
    const ledger: StatisticsLedger = { landed, emptyAnswers: new Map() };
    for (const key of await lake.list(keys.rawStatisticsPrefix)) {
        const ids = idsInKey(key);
        if (ids.every((id) => landed.has(id))) continue;
        const body = await lake.get(key);
        await landAnswer(checkFixtures(key, JSON.parse(body!.toString("utf8")).response, league, season, ids), ids, ledger, keys, put);
    }
    return ledger;
}

/** Rewrites a season table only when its bytes change, so a rerun adds no object version. */
async function putIfChanged(put: Writer, key: string, text: string, current: Buffer | undefined): Promise<void> {
    if (current?.toString("utf8") !== text) await put(key, text, CSV_TYPE);
}

/** Season statistics: the per-fixture files merged, read only where the season file lacks them. */
async function mergeSeasonStatistics(lake: Lake, keys: LakeKeys, landed: Set<number>, put: Writer): Promise<Row[]> {
    const existing = await lake.get(keys.seasonStatistics);
    const rows: Row[] = existing ? (csvParse(existing.toString("utf8")) as unknown as Row[]) : [];
    const have = new Set(rows.map((r) => Number(r.fixture_id)));
    for (const id of [...landed].sort((a, b) => a - b)) {
        if (have.has(id)) continue;
        const file = await lake.get(keys.statistics(id));
        rows.push(...(csvParse(file!.toString("utf8")) as unknown as Row[]));
    }
    rows.sort((a, b) => String(a.kickoff_utc).localeCompare(String(b.kickoff_utc))
        || Number(a.fixture_id) - Number(b.fixture_id)
        || (a.side === "home" ? -1 : 1));
    await putIfChanged(put, keys.seasonStatistics, toCsv(rows, STATISTICS_COLUMNS), existing);
    return rows;
}

const cell = (v: unknown): number | null => (v === null || v === undefined || v === "" ? null : Number(v));

/** The analysis tables and chart as of this run, from the processed season tables. */
async function writeAnalysis(lake: Lake, keys: LakeKeys, runDate: string, fixtures: ApiFixture[], statistics: Row[], put: Writer): Promise<Row[]> {
    const bySide = new Map(statistics.map((r) => [`${r.fixture_id}|${r.side}`, r]));
    const finished: FinishedFixture[] = fixtures.filter(isFinished).sort(compareFixtures).map((f) => {
        const side = (s: "home" | "away") => {
            const st = bySide.get(`${f.fixture.id}|${s}`);
            return {
                // checkFixtures has made sure a finished fixture has both scores.
                id: f.teams[s].id, name: f.teams[s].name, goals: f.goals[s]!,
                xg: cell(st?.expected_goals), totalShots: cell(st?.total_shots), shotsOnGoal: cell(st?.shots_on_goal),
            };
        };
        return { fixtureId: f.fixture.id, kickoffUtc: kickoffIso(f), home: side("home"), away: side("away") };
    });
    const codesFile = await lake.get(keys.teamcodes);
    const codes: Record<number, string> = {};
    if (codesFile) for (const r of csvParse(codesFile.toString("utf8"))) codes[Number(r.id)] = String(r.code);
    const fixtureRows = finished.map(fixtureXpts);
    const fixtureText = toCsv(fixtureRows, FIXTURE_XPTS_COLUMNS);
    const table = teamTable(fixtureRows, codes);
    const tableText = toCsv(table, TEAM_TABLE_COLUMNS);
    const league = fixtures[0]?.league;
    const svg = pointsChart(table, { league: league?.id ?? 0, season: league?.season ?? 0, leagueName: league?.name, asOf: runDate });
    await put(keys.fixtureXpts(runDate), fixtureText, CSV_TYPE);
    await put(keys.teamTable(runDate), tableText, CSV_TYPE);
    await put(keys.chart(runDate), svg, SVG_TYPE);
    await put(keys.fixtureXptsLatest, fixtureText, CSV_TYPE);
    await put(keys.teamTableLatest, tableText, CSV_TYPE);
    await put(keys.chartLatest, svg, SVG_TYPE);
    return table;
}

export async function runEtl(options: RunOptions): Promise<RunSummary> {
    const { api, lake, league, season, now } = options;
    const log = options.log ?? (() => undefined);
    const maxAttempts = options.maxStatisticsAttempts ?? MAX_STATISTICS_ATTEMPTS;
    const runDate = now.toISOString().slice(0, 10);
    const keys = lakeKeys(league, season);
    const filesWritten: string[] = [];
    const put: Writer = async (key, body, contentType) => {
        await lake.put(key, body, contentType);
        filesWritten.push(key);
    };
    const requestsBefore = api.requestsMade;
    const summary = (fields: Partial<RunSummary>): RunSummary => ({
        runDate, league, season, requests: api.requestsMade - requestsBefore, stoppedByBudget: false,
        fixtures: 0, finished: 0, statisticsLanded: 0, statisticsInLake: 0, statisticsPending: 0, statisticsUnavailable: 0, teamTable: [],
        ...fields, filesWritten,
    });

    let allowance = options.dailyBudget;
    try {
        const quota = await api.quota();
        if (quota.usedToday !== undefined) {
            allowance = Math.min(options.dailyBudget, quota.dailyLimit ?? Infinity) - quota.usedToday;
            log(`quota: ${quota.usedToday} of ${quota.dailyLimit ?? "?"} requests used today; this run may make ${Math.max(0, allowance)}`);
        }
    } catch (err) {
        // A bad key fails here as well as anywhere; anything else about /status is not worth a failed run.
        if (err instanceof ApiFootballError && err.kind === "token") throw err;
        log(`quota: /status unavailable (${(err as Error).message}); keeping to the budget of ${options.dailyBudget}`);
    }
    api.setAllowance(Math.max(0, allowance));

    const ledger = await readLedger(lake, keys, league, season, put);

    let fixtures: ApiFixture[];
    try {
        const res = await api.get<ApiFixture[]>("/fixtures", { league, season });
        fixtures = checkFixtures(res.endpoint, res.body.response, league, season);
        await put(keys.rawFixtures(runDate), res.text, JSON_TYPE);
    } catch (err) {
        if (!(err instanceof BudgetExhausted)) throw err;
        log(`stopped: ${err.message}`);
        return summary({ stoppedByBudget: true });
    }

    const finished = fixtures.filter((f) => isFinished(f));
    const wanted = finished
        .filter((f) => !ledger.landed.has(f.fixture.id) && (ledger.emptyAnswers.get(f.fixture.id) ?? 0) < maxAttempts)
        .sort(compareFixtures);
    let landedNow = 0;
    let stoppedByBudget = false;
    for (const batch of chunk(wanted.map((f) => f.fixture.id), BATCH_SIZE)) {
        let res;
        try {
            res = await api.get<ApiFixture[]>("/fixtures", { ids: batch.join("-") });
        } catch (err) {
            if (!(err instanceof BudgetExhausted)) throw err;
            log(`stopped: ${err.message}; ${wanted.length - landedNow} fixtures wait for the next run`);
            stoppedByBudget = true;
            break;
        }
        const answered = checkFixtures(res.endpoint, res.body.response, league, season, batch);
        // The raw answer is the commit point: from here on, readLedger can rebuild the rest.
        await put(keys.rawStatistics(runDate, batch), res.text, JSON_TYPE);
        const landed = await landAnswer(answered, batch, ledger, keys, put);
        landedNow += landed.length;
        for (const id of batch.filter((id) => !landed.includes(id))) {
            log(`fixture ${id}: no statistics yet (answer ${ledger.emptyAnswers.get(id)} of at most ${maxAttempts})`);
        }
    }

    const statistics = await mergeSeasonStatistics(lake, keys, ledger.landed, put);

    const state = (f: ApiFixture): StatisticsState => {
        if (ledger.landed.has(f.fixture.id)) return "landed";
        if (!isFinished(f)) return "not-played";
        return (ledger.emptyAnswers.get(f.fixture.id) ?? 0) >= maxAttempts ? "unavailable" : "pending";
    };
    const rows = (list: ApiFixture[]) => toCsv([...list].sort(compareFixtures).map((f) => fixtureRow(f, state(f))), FIXTURE_COLUMNS);
    await putIfChanged(put, keys.seasonFixtures, rows(fixtures), await lake.get(keys.seasonFixtures));
    const { previous, next } = weekWindows(fixtures, now);
    await put(keys.previousFixtures(runDate), rows(previous), CSV_TYPE);
    await put(keys.nextFixtures(runDate), rows(next), CSV_TYPE);
    const table = fixtures.length > 0 ? await writeAnalysis(lake, keys, runDate, fixtures, statistics, put) : [];

    const states = fixtures.map(state);
    return summary({
        stoppedByBudget,
        fixtures: fixtures.length,
        finished: finished.length,
        statisticsLanded: landedNow,
        statisticsInLake: states.filter((s) => s === "landed").length,
        statisticsPending: states.filter((s) => s === "pending").length,
        statisticsUnavailable: states.filter((s) => s === "unavailable").length,
        teamTable: table,
    });
}
