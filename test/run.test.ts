import { strict as assert } from "assert";
import { csvFormat, csvParse } from "d3-dsv";
import { ApiFootballClient, ApiFootballError } from "../etl/api";
import { HttpError } from "../etl/http";
import { localFetch } from "../etl/local/fetch";
import { Lake, MemoryLake } from "../etl/lake";
import { ApiFootballEmulator, EMULATOR_KEY, EmulatorOptions } from "../etl/local/emulator";
import { replaySeason, seasonRunTimes, startEmulatorSession } from "../etl/local/replay";
import { loadSeason, loadSeasonBefore } from "../etl/local/season";
import { lakeKeys, TEAMCODES_KEY } from "../etl/layout";
import { runEtl, RunSummary } from "../etl/run";
import { RunRecord } from "../etl/runs";
import { StoryPoint } from "../etl/chart";
import { baseRates, evaluate, forecastsToScore, seasonMidpoint } from "../etl/evaluate";
import { FORECAST_COLUMNS, forecastRows, ModelMatch, teamsOf } from "../etl/forecast";
import { reportHtml } from "../etl/report";
import { Row, STATISTICS_COLUMNS, toCsv } from "../etl/transform";
import { copyLake, isRunRecord, lakeFailingUnder, processedSnapshot, seededLake, snapshot, TEAMCODES, watchReads } from "./helpers/lakes";
import { runOnce } from "./helpers/runs";
import { differingKeys, ScriptedServer } from "./helpers/servers";
import { isIdsRequest, isSeasonRequest } from "./helpers/standin";

const keys = lakeKeys(39, 2020);
/** What a run wrote besides its own record and the uploaded team codes. */
const dataKeys = (lake: MemoryLake) => [...lake.objects.keys()].filter((k) => !isRunRecord(k) && k !== TEAMCODES_KEY);
const END_OF_SEASON = new Date("2021-05-25T08:00:00Z");
const FAST = { name: "test", maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 };

/** A fresh emulator whose clock starts at `now`, for the length of `use`; its clients retry fast. */
async function withEmulator<T>(now: Date, options: Partial<EmulatorOptions>, use: (session: { emulator: ApiFootballEmulator; client: (key?: string) => ApiFootballClient }) => Promise<T>): Promise<T> {
    const session = await startEmulatorSession(options, now.getTime());
    try {
        return await use({ emulator: session.emulator, client: (key = EMULATOR_KEY) => session.client(key, { policy: FAST }) });
    } finally {
        await session.stop();
    }
}

interface RunExtra {
    budget?: number;
    emulator?: Partial<EmulatorOptions>;
    setup?: (e: ApiFootballEmulator) => void;
    log?: (line: string) => void;
    onRecord?: (record: RunRecord) => void;
}

/** One ETL run against a fresh emulator whose clock is the run's time. */
function runAt(lake: Lake, now: Date, extra: RunExtra = {}): Promise<RunSummary> {
    return withEmulator(now, extra.emulator ?? {}, ({ emulator, client }) => {
        extra.setup?.(emulator);
        return runEtl({ api: client(), lake, league: 39, season: 2020, now, dailyBudget: extra.budget ?? 90, log: extra.log, onRecord: extra.onRecord });
    });
}

/** Fixtures the emulator calls finished at `now`: kicked off at least 115 minutes before. */
const finishedBy = (now: Date) => loadSeason().matches.filter((m) => Date.parse(m.kickoff) + 115 * 60_000 <= now.getTime());
/** The teams that play in these matches. */
const teamsIn = (matches: Array<{ homeId: number; awayId: number }>) => new Set(matches.flatMap((m) => [m.homeId, m.awayId]));
/** The forecast model's input from the bundled previous season, as its results give it: goals, no xG. */
const previousSeasonHistory = (): ModelMatch[] => loadSeasonBefore().matches.map((m) => ({
    homeId: m.homeId, awayId: m.awayId, homeGoals: m.homeGoals, awayGoals: m.awayGoals, homeXg: null, awayXg: null, kickoffMs: Date.parse(m.kickoff), previousSeason: true,
}));


class FailingLake extends MemoryLake {
    constructor(private putsLeft: number) {
        super();
        this.objects.set(TEAMCODES_KEY, TEAMCODES);
    }
    async put(key: string, body: string | Buffer, contentType: string) {
        if (this.putsLeft-- <= 0) throw new Error(`injected S3 failure writing ${key}`);
        return super.put(key, body, contentType);
    }
}

describe("an ETL run", function () {
    this.timeout(60_000);

    it("backfills a whole finished season in 1 + ceil(380 / 20) = 20 requests, and 1 more for the previous season's results", async () => {
        const lake = seededLake();
        const s = await runAt(lake, END_OF_SEASON);
        assert.equal(s.requests, 20 + 1);
        const before = csvParse((await lake.get(lakeKeys(39, 2019).seasonFixtures))!.toString());
        assert.equal(before.length, 380);
        assert.ok(before.every((f) => f.status === "FT" && f.statistics === "not-fetched" && f.season === "2019"));
        assert.equal(s.statisticsLanded, 380);
        assert.equal(s.statisticsInLake, 380);
        assert.equal((await lake.list(keys.statisticsPrefix)).length, 380);
        const season = csvParse((await lake.get(keys.seasonStatistics))!.toString());
        assert.equal(season.length, 760);
        const fixtures = csvParse((await lake.get(keys.seasonFixtures))!.toString());
        assert.equal(fixtures.length, 380);
        assert.ok(fixtures.every((f) => f.status === "FT" && f.statistics === "landed"));
    });

    it("replays the season weekly within 1 + ceil(newly finished / 20) requests per run (the first run 1 more, for the previous season), ending with every fixture", async () => {
        const lake = seededLake();
        const { summaries } = await replaySeason({ lake });
        let finishedBefore = 0;
        for (const s of summaries) {
            const limit = 1 + Math.ceil((s.finished - finishedBefore) / 20) + (s === summaries[0] ? 1 : 0);
            assert.ok(s.requests <= limit, `${s.runDate}: ${s.requests} requests, limit ${limit}`);
            finishedBefore = s.finished;
        }
        assert.equal(summaries[summaries.length - 1].statisticsInLake, 380);
    });

    it("leaves the lake byte-identical when run again with the same input, reading the season's statistics file and each raw answer once, and no fixture's own file", async () => {
        const lake = seededLake();
        // The lake also holds another season, whose fixture ids this season does not have: each run must keep to its own.
        const otherSeason = lakeKeys(39, 2019).statistics(loadSeasonBefore().matches[0].id);
        lake.objects.set(otherSeason, Buffer.from(csvFormat([], STATISTICS_COLUMNS.map((c) => c.name)) + "\n"));
        const at = new Date("2021-01-12T08:00:00Z");
        const lines: string[] = [];
        await runAt(lake, at, { log: (line) => lines.push(line) });
        const first = snapshot(lake);
        const puts: string[] = [];
        const put = lake.put.bind(lake);
        lake.put = async (key, body, type) => { puts.push(key); return put(key, body, type); };
        const gets: string[] = [];
        watchReads(lake, (key) => gets.push(key));
        const again = await runAt(lake, at, { log: (line) => lines.push(line) });
        const rawAnswers = await lake.list(keys.rawStatisticsPrefix);
        assert.equal(rawAnswers.length, 9);
        assert.deepEqual(gets.filter((k) => k.startsWith(keys.rawStatisticsPrefix)), rawAnswers, "each raw answer read once, to check the held statistics against it");
        assert.deepEqual(gets.filter((k) => k.startsWith(keys.statisticsPrefix)), [], "the season's statistics come from its one file, not from each fixture's");
        assert.ok(gets.includes(keys.seasonStatistics));
        assert.deepEqual(lines.filter((l) => l.includes("lack")), [], "statistics with every column are not processed again");
        assert.deepEqual(lines.filter((l) => l.includes("raw answer")), [], "held statistics agree with their raw answers");
        assert.deepEqual(differingKeys(snapshot(lake), first), []);
        // Same bytes are not written again: no new object version, and the run says so.
        assert.deepEqual(again.filesWritten, []);
        assert.ok(puts.every(isRunRecord), `rewritten: ${puts.filter((k) => !isRunRecord(k)).join(", ")}`);
        assert.equal(again.requests, 1, "statistics already in the lake are not asked for again");
        assert.equal(again.statisticsLanded, 0);
    });

    it("lands the same lake after an S3 failure mid-run and a normal rerun as an undisturbed run", async () => {
        const undisturbed = seededLake();
        await runAt(undisturbed, END_OF_SEASON);

        const crashed = new FailingLake(57);
        const lines: string[] = [];
        let record: RunRecord | undefined;
        await assert.rejects(runAt(crashed, END_OF_SEASON, { log: (l) => lines.push(l), onRecord: (r) => { record = r; } }), /injected S3 failure writing processed-data\//);
        assert.deepEqual([record?.outcome, record?.error_kind], ["failed", "Error"]);
        assert.ok(lines.some((l) => l.startsWith("could not write the run record: injected S3 failure writing raw-data/runs/")), lines.join("\n"));
        const healed = seededLake();
        for (const [k, v] of crashed.objects) healed.objects.set(k, v);
        const rerun = await runAt(healed, END_OF_SEASON);
        assert.deepEqual(differingKeys(snapshot(healed), snapshot(undisturbed)), []);
        assert.ok(rerun.requests < 20, `the rerun fetched only what was missing (${rerun.requests} requests)`);
    });

    it("processes every landed answer again, asking the API nothing more, when the lake's statistics predate the penalty columns", async () => {
        const undisturbed = seededLake();
        const first = new Date("2020-10-20T08:00:00Z");
        await runAt(undisturbed, first);
        // The statistics as the version before the penalty columns wrote them: the same rows, two columns fewer.
        const older = copyLake(undisturbed);
        const stale = [...older.objects.keys()].filter((k) => k.startsWith("processed-data/api-football/statistics"));
        assert.equal(stale.length, finishedBy(first).length + 1, "each fixture's file and the season's");
        for (const key of stale) {
            const rows = csvParse(older.objects.get(key)!.toString());
            older.objects.set(key, Buffer.from(csvFormat(rows, rows.columns.filter((c) => !c.startsWith("penalties_"))) + "\n"));
        }
        const lines: string[] = [];
        const healed = await runAt(older, new Date("2020-10-27T08:00:00Z"), { log: (line) => lines.push(line) });
        const normal = await runAt(undisturbed, new Date("2020-10-27T08:00:00Z"));
        assert.equal(healed.requests, normal.requests);
        assert.deepEqual(differingKeys(processedSnapshot(older), processedSnapshot(undisturbed)), []);
        assert.ok(lines.some((l) => l.includes("the season statistics lack penalties_taken, penalties_scored")), lines.join("\n"));
    });

    it("fails a run whose record cannot be written, though its work is done", async () => {
        const lake = lakeFailingUnder("raw-data/runs/", new Error("injected S3 failure writing the record"));
        const lines: string[] = [];
        let record: RunRecord | undefined;
        await assert.rejects(runAt(lake, new Date("2020-09-15T08:00:00Z"), { log: (l) => lines.push(l), onRecord: (r) => { record = r; } }), /^Error: injected S3 failure writing the record$/);
        assert.ok(lines.includes("could not write the run record: injected S3 failure writing the record"), lines.join("\n"));
        assert.equal(record?.outcome, "ok", "the record says what the run did");
        assert.ok(await lake.get(keys.teamTableLatest), "the run's work is in the lake");
    });

    it("lands the same lake after the API fails mid-run and a normal rerun as an undisturbed run", async () => {
        const undisturbed = seededLake();
        await runAt(undisturbed, END_OF_SEASON);
        const lake = seededLake();
        let record: RunRecord | undefined;
        await assert.rejects(runAt(lake, END_OF_SEASON, { setup: (e) => { e.failAfterCounted = 7; }, onRecord: (r) => { record = r; } }), (err: unknown) => err instanceof HttpError && err.status === 500);
        assert.deepEqual([record?.outcome, record?.error_kind, record?.requests], ["failed", "HttpError:500", 7 + 1], "a request counts once against the budget, however many attempts it took");
        await runAt(lake, END_OF_SEASON);
        assert.deepEqual(differingKeys(snapshot(lake), snapshot(undisturbed)), []);
    });

    it("stops cleanly at the daily budget and lets later runs finish the work", async () => {
        const lake = seededLake();
        const lines: string[] = [];
        const first = await runAt(lake, END_OF_SEASON, { budget: 5, log: (l) => lines.push(l) });
        assert.equal(first.stoppedByBudget, true);
        assert.equal(first.outcome, "budget");
        assert.ok(lines.includes("previous season: daily budget reached before /fixtures?league=39&season=2019: 5 of 5 requests this run may make; the next run asks for it"), lines.join("\n"));
        assert.equal(first.requests, 5);
        assert.equal(first.statisticsInLake, 80);
        const second = await runAt(lake, new Date("2021-05-26T08:00:00Z"), { budget: 50 });
        assert.equal(second.stoppedByBudget, false);
        assert.equal(second.statisticsInLake, 380);
        // The first run spent its 5 on the season and 80 fixtures' statistics; the previous season waited too.
        assert.equal(second.requests, 1 + 15 + 1);
    });

    it("stops as cleanly when the invocation's time runs short as at the daily budget, and the next run finishes the work", async () => {
        const byBudget = seededLake();
        await runAt(byBudget, END_OF_SEASON, { budget: 5 });
        const lake = seededLake();
        const lines: string[] = [];
        const session = await startEmulatorSession({}, END_OF_SEASON.getTime());
        let first: RunSummary;
        try {
            // Every request takes 30 s on the client's clock. FAST's longest is 2 attempts of 20 s and a wait of 1 ms: 40,001 ms.
            // The k-th counted request comes after /status, at 30k s, so 30 × 5 + 40.001 s let exactly five start.
            let elapsed = 0;
            const api = session.client(EMULATOR_KEY, {
                policy: FAST, now: () => END_OF_SEASON.getTime() + elapsed,
                fetch: (url, init) => { elapsed += 30_000; return localFetch(url, init); },
            });
            api.setTimeLeft(190_001);
            first = await runEtl({ api, lake, league: 39, season: 2020, now: END_OF_SEASON, dailyBudget: 90, log: (l) => lines.push(l) });
        } finally {
            await session.stop();
        }
        assert.deepEqual([first.outcome, first.stoppedByBudget, first.requests, first.statisticsInLake], ["budget", true, 5, 80]);
        assert.ok(lines.includes("stopped: time budget reached before /fixtures?ids=" + finishedBy(END_OF_SEASON).sort((a, b) => a.kickoff.localeCompare(b.kickoff) || a.id - b.id).slice(80, 100).map((m) => m.id).join("-")
            + ": 10 s left for requests in this invocation, and one may take up to 41 s; fixtures without statistics wait for the next run"), lines.join("\n"));
        assert.ok(lines.some((l) => l.startsWith("previous season: time budget reached before /fixtures?league=39&season=2019") && l.endsWith("; the next run asks for it")), lines.join("\n"));
        assert.deepEqual(differingKeys(snapshot(lake), snapshot(byBudget)), [], "the lake a stop at the daily budget after as many requests leaves");
        const second = await runAt(lake, new Date("2021-05-26T08:00:00Z"));
        assert.deepEqual([second.outcome, second.requests, second.statisticsInLake], ["ok", 1 + 15 + 1, 380]);
    });

    it("counts the requests other clients made today against the budget, by /status", async () => {
        const lake = seededLake();
        await withEmulator(END_OF_SEASON, {}, async ({ emulator, client }) => {
            const other = client();
            for (let i = 0; i < 85; i++) await other.get("/fixtures", { league: 140, season: 2020 });
            const s = await runEtl({ api: client(), lake, league: 39, season: 2020, now: END_OF_SEASON, dailyBudget: 90 });
            assert.equal(s.requests, 5);
            assert.equal(s.stoppedByBudget, true);
            assert.equal(emulator.countedOn(END_OF_SEASON.getTime()), 90);
        });
    });

    it("records the run: its id, clock, code version, requests, quota and what the lake holds after it", async () => {
        const lake = seededLake();
        const types = new Map<string, string | undefined>();
        const put = lake.put.bind(lake);
        lake.put = async (key, body, type) => { types.set(key, type); return put(key, body, type); };
        const at = new Date("2020-09-22T08:00:00Z");
        const ticks = [new Date("2020-09-22T08:00:01.000Z"), new Date("2020-09-22T08:00:03.456Z")];
        let record: RunRecord | undefined;
        const s = await withEmulator(at, {}, ({ client }) => runEtl({
            api: client(), lake, league: 39, season: 2020, now: at, dailyBudget: 90,
            clock: () => ticks.shift()!, runId: "run-1", codeVersion: "v1.2.3", onRecord: (r) => { record = r; },
        }));
        const finished = finishedBy(at).length;
        // The season, its finished fixtures' statistics 20 at a time, and the season before.
        const requests = 1 + Math.ceil(finished / 20) + 1;
        assert.deepEqual(record, {
            run_id: "run-1", run_date: "2020-09-22", started_utc: "2020-09-22T08:00:01.000Z", ended_utc: "2020-09-22T08:00:03.456Z", duration_s: 2.46,
            outcome: "ok", error_kind: null, error_message: null, requests, quota_used: requests, quota_limit: 100,
            fixtures: 380, finished, landed: finished, in_lake: finished, pending: 0, unavailable: 0,
            files_written: dataKeys(lake).length, code_version: "v1.2.3",
        });
        assert.deepEqual([...s.filesWritten].sort(), dataKeys(lake).sort(), "a fresh lake holds only what the run says it wrote");
        assert.deepEqual([s.outcome, s.requests, s.fixtures, s.finished, s.statisticsLanded, s.statisticsInLake, s.statisticsPending, s.statisticsUnavailable],
            ["ok", requests, 380, finished, finished, finished, 0, 0]);
        const recordText = (await lake.get(`raw-data/runs/league=39/season=2020/run_date=2020-09-22/2020-09-22T08-00-01.000Z_run-1_ok.json`))!.toString();
        assert.equal(recordText, `${JSON.stringify(record)}\n`, "one JSON line");
        const teams = loadSeason().teams;
        const table = csvParse((await lake.get(keys.teamTableLatest))!.toString());
        assert.ok(table.length > 0 && table.every((r) => r.team_name === teams.get(Number(r.team_id))), "each team under its own name");
        assert.deepEqual(csvParse((await lake.get(keys.runs))!.toString()).map((r) => [r.run_id, r.duration_s, r.code_version]), [["run-1", "2.46", "v1.2.3"]]);

        // Every object under the key the README's lake layout gives it, and with the type its name says.
        const [P, D] = ["league=39/season=2020", "run_date=2020-09-22"];
        const ids = finishedBy(at).map((m) => m.id);
        const batches: number[][] = [];
        for (let i = 0; i < ids.length; i += 20) batches.push(ids.slice(i, i + 20));
        const expected = [
            `raw-data/api-football/fixtures/${P}/${D}.json`,
            ...batches.map((b) => `raw-data/api-football/statistics/${P}/${D}/fixtures=${b.join("-")}.json`),
            `raw-data/api-football/fixtures/league=39/season=2019/${D}.json`,
            `raw-data/runs/${P}/${D}/2020-09-22T08-00-01.000Z_run-1_ok.json`,
            ...ids.map((id) => `processed-data/api-football/statistics/${P}/fixture=${id}.csv`),
            `processed-data/api-football/statistics-season/${P}/statistics.csv`,
            `processed-data/api-football/fixtures/${P}/fixtures.csv`,
            `processed-data/api-football/fixtures/league=39/season=2019/fixtures.csv`,
            `processed-data/api-football/previous-fixtures/${P}/${D}/fixtures.csv`,
            `processed-data/api-football/next-fixtures/${P}/${D}/fixtures.csv`,
            `processed-data/teamcodes/${P}/teamcodes.csv`,
            `processed-data/analysis/team-table/${P}/${D}/team-table.csv`,
            `processed-data/analysis/team-table-latest/${P}/team-table.csv`,
            `processed-data/analysis/fixture-xpts/${P}/${D}/fixture-xpts.csv`,
            `processed-data/analysis/fixture-xpts-latest/${P}/fixture-xpts.csv`,
            `processed-data/analysis/charts/${P}/${D}/points-vs-xpts.svg`,
            `processed-data/analysis/charts/${P}/latest/points-vs-xpts.svg`,
            `processed-data/analysis/forecasts/${P}/${D}/forecasts.csv`,
            `processed-data/analysis/forecasts-latest/${P}/forecasts.csv`,
            `processed-data/analysis/report/${P}/${D}/index.html`,
            `processed-data/analysis/report/${P}/latest/index.html`,
            `processed-data/runs/${P}/runs.csv`,
        ];
        assert.deepEqual([...lake.objects.keys()].filter((k) => k !== TEAMCODES_KEY).sort(), expected.sort());
        const typeOf: Record<string, string> = { json: "application/json", csv: "text/csv; charset=utf-8", svg: "image/svg+xml", html: "text/html; charset=utf-8" };
        for (const [key, type] of types) assert.equal(type, typeOf[key.split(".").pop()!], key);
    });

    it("asks for the finished fixtures' statistics in kick-off order, 20 to a request", async () => {
        const lake = seededLake();
        const at = new Date("2020-10-06T08:00:00Z");
        const asked: string[] = [];
        await withEmulator(at, {}, async ({ emulator, client }) => {
            await runEtl({ api: client(), lake, league: 39, season: 2020, now: at, dailyBudget: 90 });
            asked.push(...emulator.requests.map((r) => r.path).filter((p) => p.startsWith("/fixtures?ids=")));
        });
        // loadSeason's matches are in kick-off order, ties by id.
        const ids = finishedBy(at).map((m) => m.id);
        assert.ok(ids.length > 20);
        const expected: string[] = [];
        for (let i = 0; i < ids.length; i += 20) expected.push(`/fixtures?ids=${ids.slice(i, i + 20).join("-")}`);
        assert.deepEqual(asked, expected);
    });

    it("writes the season's statistics in kick-off order, then by fixture id, the home side first", async () => {
        const lake = seededLake();
        const at = new Date("2020-10-06T08:00:00Z");
        await runAt(lake, at);
        const rows = csvParse((await lake.get(keys.seasonStatistics))!.toString());
        const expected = finishedBy(at).flatMap((m) => [`${m.id}|home`, `${m.id}|away`]);
        assert.deepEqual(rows.map((r) => `${r.fixture_id}|${r.side}`), expected);
    });

    it("fails with a record of kind HttpError:no-response when the API does not answer at all", async () => {
        const lake = seededLake();
        // A port that was just free: nothing listens on it.
        const server = new ScriptedServer(() => ({ body: "" }));
        const baseUrl = await server.start();
        await server.stop();
        let record: RunRecord | undefined;
        const lines: string[] = [];
        const api = new ApiFootballClient({ host: "api-sports", key: EMULATOR_KEY, baseUrl, fetch: localFetch, policy: FAST });
        await assert.rejects(runEtl({ api, lake, league: 39, season: 2020, now: END_OF_SEASON, dailyBudget: 90, log: (l) => lines.push(l), onRecord: (r) => { record = r; } }),
            /^HttpError: no response from \/fixtures\?league=39&season=2020 after 2 attempts/);
        assert.deepEqual([record?.outcome, record?.error_kind, record?.requests, record?.quota_used], ["failed", "HttpError:no-response", 1, null]);
        assert.ok(lines.some((l) => l.startsWith("quota: /status unavailable (no response from /status") && l.endsWith("keeping to the budget of 90")), lines.join("\n"));
        assert.deepEqual(dataKeys(lake), []);
    });

    it("asks once for a previous season the plan does not serve, keeps the reason, and forecasts without it", async () => {
        const lake = seededLake();
        const lines: string[] = [];
        const first = await runAt(lake, new Date("2020-09-22T08:00:00Z"), { emulator: { refuseSeasons: [2019] }, log: (l) => lines.push(l) });
        assert.equal(first.outcome, "ok");
        const reasonText = (await lake.get("raw-data/api-football/rejected/fixtures/league=39/season=2019/run_date=2020-09-22.reason.json"))!.toString();
        assert.ok(reasonText.startsWith('{\n  "rule": "api-error",') && reasonText.endsWith("\n}\n"), reasonText);
        const reason = JSON.parse(reasonText);
        assert.deepEqual([reason.rule, reason.source, reason.run_date], ["api-error", "/fixtures?league=39&season=2019", "2020-09-22"]);
        assert.match(reason.problem, /^API-Football plan error from \/fixtures\?league=39&season=2019: plan: Free plans do not have access to this season/);
        assert.ok(lines.includes(`previous season: ${reason.problem}; forecasts start from the league average, and it is not asked for again`), lines.join("\n"));
        assert.equal(await lake.get(lakeKeys(39, 2019).seasonFixtures), undefined);
        const forecasts = csvParse((await lake.get(keys.forecastsLatest))!.toString());
        assert.ok(forecasts.length > 0);

        const asked: string[] = [];
        await withEmulator(new Date("2020-09-29T08:00:00Z"), {}, async ({ emulator, client }) => {
            await runEtl({ api: client(), lake, league: 39, season: 2020, now: new Date("2020-09-29T08:00:00Z"), dailyBudget: 90 });
            asked.push(...emulator.requests.map((r) => r.path));
        });
        assert.deepEqual(asked.filter((p) => p.includes("season=2019")), [], "not asked again");
    });

    it("forecasts next week from this season's results with the API's xG and the previous season's results, nothing later than the run", async () => {
        const lake = seededLake();
        const at = new Date("2020-10-20T08:00:00Z");
        // One fixture whose statistics never come: it has a result but no xG.
        const blank = finishedBy(at)[5].id;
        await runAt(lake, at, { emulator: { withholdStatistics: { [blank]: 10 } } });
        // The model's history built here from the bundled seasons, as the API gives them: xG to two decimals.
        const history: ModelMatch[] = [
            ...previousSeasonHistory(),
            ...finishedBy(at).map((m) => ({
                homeId: m.homeId, awayId: m.awayId, homeGoals: m.homeGoals, awayGoals: m.awayGoals,
                homeXg: m.id === blank ? null : Number(m.homeXg!.toFixed(2)), awayXg: m.id === blank ? null : Number(m.awayXg!.toFixed(2)),
                kickoffMs: Date.parse(m.kickoff), previousSeason: false,
                // A sending-off, read from the statistics; the blank fixture has none to read.
                sentOff: m.id !== blank && m.stats.home["Red Cards"] + m.stats.away["Red Cards"] > 0,
                // Each side's penalties in play, from the events of the same answer.
                ...(m.id === blank ? {} : {
                    penalties: Object.fromEntries((["home", "away"] as const).map((side) => {
                        const kicks = m.penalties!.filter((p) => p.side === side);
                        return [side, { taken: kicks.length, scored: kicks.filter((p) => p.scored).length }];
                    })) as ModelMatch["penalties"],
                }),
            })),
        ];
        assert.ok(history.filter((m) => (m.penalties?.home.taken ?? 0) + (m.penalties?.away.taken ?? 0) > 0).length >= 5, "the test needs matches with a penalty before the run");
        const next = csvParse((await lake.get(keys.nextFixtures("2020-10-20")))!.toString());
        assert.ok(next.length >= 8);
        assert.ok(history.filter((m) => m.sentOff).length >= 3, "the test needs matches with a sending-off before the run");
        const expected = toCsv(forecastRows(next as unknown as Row[], history, at.getTime(), [...teamsIn(loadSeason().matches)]), FORECAST_COLUMNS);
        assert.equal((await lake.get(keys.forecasts("2020-10-20")))!.toString(), expected);
        assert.equal((await lake.get(keys.forecastsLatest))!.toString(), expected);
    });

    it("keeps the day's forecasts of the matches that kicked off between two runs on one day, which the later run can no longer forecast", async () => {
        const lake = seededLake();
        // Tuesday 29 December 2020: four matches at 18:00 and Manchester United v Wolves at 20:00 (football-data).
        const morning = new Date("2020-12-29T08:00:00Z"), evening = new Date("2020-12-29T19:00:00Z");
        const started = [14585, 14587, 14588, 14590], notYet = 14592;
        const morningLines: string[] = [];
        await runAt(lake, morning, { log: (l) => morningLines.push(l) });
        assert.ok(!morningLines.some((l) => l.startsWith("forecasts:")), "a first run of the day keeps nothing and says nothing of it");
        const dated = async () => csvParse((await lake.get(keys.forecasts("2020-12-29")))!.toString());
        const ofStarted = (rows: Row[]) => rows.filter((r) => started.includes(Number(r.fixture_id)));
        const first = await dated();
        assert.equal(ofStarted(first).length, 8, "the morning run forecast the four 18:00 matches with both models");
        const lines: string[] = [];
        const summary = await runAt(lake, evening, { log: (l) => lines.push(l) });
        assert.equal(summary.outcome, "ok");
        const latest = csvParse((await lake.get(keys.forecastsLatest))!.toString());
        // The evening's own forecasts: from 19:00 on, so the 18:00 matches are not among them, the 20:00 one is.
        assert.deepEqual(ofStarted(latest), [], "the latest copy is the week ahead only");
        assert.deepEqual(latest.filter((r) => Number(r.fixture_id) === notYet).map((r) => r.model), ["xg", "goals"]);
        const second = await dated();
        // The 18:00 matches keep the morning's forecasts, word for word; every other row is the evening's.
        assert.deepEqual(ofStarted(second), ofStarted(first));
        assert.deepEqual(second.filter((r) => !started.includes(Number(r.fixture_id))), [...latest]);
        // In the order a run writes them: the xg model's rows, then the goals model's, each in kick-off order.
        assert.deepEqual(second.map((r) => `${r.model} ${r.kickoff_utc} ${r.fixture_id}`),
            ["xg", "goals"].flatMap((m) => second.filter((r) => r.model === m).map((r) => `${m} ${r.kickoff_utc} ${r.fixture_id}`).sort()));
        assert.deepEqual(lines.filter((l) => l.startsWith("forecasts:")),
            ["forecasts: 8 rows of the run earlier on 2020-12-29 kept, for what kicked off since (fixture 14585, fixture 14587, fixture 14588, fixture 14590)"]);
        // Once played, the matches are scored on those forecasts.
        await runAt(lake, new Date("2021-01-05T08:00:00Z"));
        const season = csvParse((await lake.get(keys.seasonFixtures))!.toString()) as unknown as Row[];
        const history: Array<Row & { run_date: string }> = [];
        for (const day of ["2020-12-29", "2021-01-05"]) for (const f of csvParse((await lake.get(keys.forecasts(day)))!.toString())) history.push({ ...(f as unknown as Row), run_date: day });
        const scored = forecastsToScore(history, season).filter((s) => started.includes(s.fixtureId));
        const chances = (model: unknown, fixture: unknown, p: unknown[]) => `${model} ${fixture} ${p.map(Number).join(" ")}`;
        assert.deepEqual(scored.map((s) => chances(s.model, s.fixtureId, s.chances)).sort(),
            ofStarted(first).map((r) => chances(r.model, r.fixture_id, [r.p_home_win, r.p_draw, r.p_away_win])).sort());
    });

    it("starts the promoted teams from the teams that went down on a run before the first kick-off, though four teams neither have played nor play that week", async () => {
        const lake = seededLake();
        const at = new Date("2020-09-08T08:00:00Z");
        await runAt(lake, at);
        const season = loadSeason().matches;
        const now = teamsIn(season), then = teamsIn(loadSeasonBefore().matches);
        const nextWeek = season.filter((m) => Date.parse(m.kickoff) < at.getTime() + 7 * 86_400_000);
        const absent = [...now].filter((t) => !teamsIn(nextWeek).has(t));
        assert.equal(absent.length, 4, "the opening weekend leaves out four teams, whose first matches were put back");
        // Bournemouth, Watford and Norwich went down; Leeds, West Brom and Fulham came up (football-data's files).
        assert.equal([...then].filter((t) => !now.has(t)).length, 3);
        const promoted = [...now].filter((t) => !then.has(t));
        assert.equal(promoted.length, 3);
        const history = previousSeasonHistory();
        const next = csvParse((await lake.get(keys.nextFixtures("2020-09-08")))!.toString()) as unknown as Row[];
        assert.deepEqual(next.map((r) => Number(r.fixture_id)), nextWeek.map((m) => m.id));
        const written = (await lake.get(keys.forecasts("2020-09-08")))!.toString();
        assert.equal(written, toCsv(forecastRows(next, history, at.getTime(), [...now]), FORECAST_COLUMNS));
        const forecasts = csvParse(written);
        // Had the absent four (Manchester City and United among them) been taken for teams that went down, the promoted
        // teams would start far stronger: the same forecasts with only next week's teams differ for every promoted side.
        const weekOnly = forecastRows(next, history, at.getTime(), teamsOf(next));
        for (const t of promoted) {
            const i = forecasts.findIndex((r) => Number(r.home_id) === t || Number(r.away_id) === t);
            assert.ok(i >= 0, `team ${t} plays on the opening weekend`);
            assert.notEqual(forecasts[i].p_home_win, String(weekOnly[i].p_home_win), `team ${t}`);
        }
    });

    it("reports the season's story from every dated team table and scores the forecasts earlier runs made", async () => {
        const lake = seededLake();
        // The first run gets no statistics at all: no team has xG, so that run adds nothing to the story.
        const first = new Date("2020-09-15T08:00:00Z");
        await runAt(lake, first, { emulator: { withholdStatistics: Object.fromEntries(finishedBy(first).map((m) => [m.id, 1])) } });
        const runs = ["2020-09-15", "2020-10-20", "2020-10-27", "2020-11-03"];
        for (const day of runs.slice(1)) await runAt(lake, new Date(`${day}T08:00:00Z`));
        const rows = (text: Buffer | undefined) => csvParse(text!.toString()) as unknown as Row[];
        const story: StoryPoint[] = [];
        const history: Array<Row & { run_date: string }> = [];
        for (const day of runs) {
            for (const t of rows(await lake.get(keys.teamTable(day)))) {
                if (t.points_minus_xpts === "") continue;
                story.push({ runDate: day, teamId: Number(t.team_id), code: String(t.team_code), name: String(t.team_name), pointsMinusXpts: Number(t.points_minus_xpts) });
            }
            for (const f of rows(await lake.get(keys.forecasts(day)))) history.push({ ...f, run_date: day });
        }
        const season = rows(await lake.get(keys.seasonFixtures));
        const before = rows(await lake.get(lakeKeys(39, 2019).seasonFixtures));
        const scored = forecastsToScore(history, season);
        assert.ok(!story.some((p) => p.runDate === "2020-09-15"));
        // The earlier runs' forecasts of fixtures played by the last, both models.
        assert.ok(scored.length >= 2 * 18, `${scored.length} forecasts scored`);
        const expected = reportHtml({
            labels: { league: 39, season: 2020, leagueName: "Premier League", asOf: "2020-11-03" },
            table: rows(await lake.get(keys.teamTable("2020-11-03"))),
            story,
            forecasts: rows(await lake.get(keys.forecasts("2020-11-03"))),
            scores: evaluate(scored, baseRates(before), seasonMidpoint(season)),
        });
        assert.equal((await lake.get(keys.reportLatest))!.toString(), expected);
        assert.equal((await lake.get(keys.report("2020-11-03")))!.toString(), expected);
    });

    it("breaks a tie in kick-off time by fixture id when a fixture's statistics land a week late", async () => {
        const lake = seededLake();
        // The smallest id of the fixtures kicking off together on the last day, withheld at the first run.
        const byKickoff = new Map<string, number[]>();
        for (const m of finishedBy(END_OF_SEASON)) byKickoff.set(m.kickoff, [...(byKickoff.get(m.kickoff) ?? []), m.id]);
        const together = [...byKickoff.values()].filter((ids) => ids.length > 1);
        const late = Math.min(...together[together.length - 1]);
        await runAt(lake, END_OF_SEASON, { emulator: { withholdStatistics: { [late]: 1 } } });
        const later = new Date("2021-05-26T08:00:00Z");
        await runAt(lake, later);
        const rows = csvParse((await lake.get(keys.seasonStatistics))!.toString());
        assert.deepEqual(rows.map((r) => `${r.fixture_id}|${r.side}`), finishedBy(later).flatMap((m) => [`${m.id}|home`, `${m.id}|away`]));
    });

    it("asks for statistics and writes the season in kick-off order, whatever order the API lists the fixtures in", async () => {
        const at = new Date("2020-10-06T08:00:00Z");
        const lake = seededLake();
        const result = await runOnce(lake, at, { rewrite: (path, params, answer) => (isSeasonRequest(path, params) ? { ...answer, response: [...answer.response].reverse() } : undefined) });
        assert.equal(result.summary?.outcome, "ok", result.error?.message);
        const ids = finishedBy(at).map((m) => m.id);
        const expected: string[] = [];
        for (let i = 0; i < ids.length; i += 20) expected.push(`/fixtures?ids=${ids.slice(i, i + 20).join("-")}`);
        assert.deepEqual(result.counted.filter((p) => p.startsWith("/fixtures?ids=")), expected);
        assert.deepEqual(csvParse((await lake.get(keys.seasonFixtures))!.toString()).map((r) => Number(r.fixture_id)), loadSeason().matches.map((m) => m.id));
    });

    it("asks for the rest of a batch once more when a fixture cannot be read, and no more than once", async () => {
        const at = new Date("2020-09-15T08:00:00Z");
        const ids = finishedBy(at).map((m) => m.id);
        const [f1, f2] = ids;
        assert.ok(f2 !== undefined, "the first weekend has at least two fixtures");
        let answers = 0;
        const result = await runOnce(seededLake(), at, {
            rewrite: (path, params, answer) => {
                if (!isIdsRequest(path, params)) return undefined;
                const bad = ++answers === 1 ? f1 : f2;
                for (const f of answer.response) if (f.fixture.id === bad) f.statistics[0].statistics[0].value = "N/A";
                return answer;
            },
        });
        assert.deepEqual(result.counted.filter((p) => p.startsWith("/fixtures?ids=")), [`/fixtures?ids=${ids.join("-")}`, `/fixtures?ids=${ids.slice(1).join("-")}`]);
        assert.equal(result.record?.outcome, "refused");
        assert.deepEqual([result.record?.in_lake, result.record?.pending], [0, ids.length], "the rest waits for the next run");
    });

    it("counts each run's own requests when one client makes several runs", async () => {
        await withEmulator(new Date("2020-09-22T08:00:00Z"), {}, async ({ emulator, client }) => {
            const api = client();
            const lake = seededLake();
            await runEtl({ api, lake, league: 39, season: 2020, now: new Date("2020-09-15T08:00:00Z"), dailyBudget: 90 });
            const before = emulator.requests.filter((r) => r.counted).length;
            const second = await runEtl({ api, lake, league: 39, season: 2020, now: new Date("2020-09-22T08:00:00Z"), dailyBudget: 90 });
            assert.equal(second.requests, emulator.requests.filter((r) => r.counted).length - before);
            assert.ok(second.requests > 0);
        });
    });

    it("records a failure by the error's own name, as the S3 client names its errors", async () => {
        const lake = lakeFailingUnder("processed-data/api-football/", Object.assign(new Error("Access Denied"), { name: "AccessDenied" }));
        let record: RunRecord | undefined;
        await assert.rejects(runAt(lake, new Date("2020-09-15T08:00:00Z"), { onRecord: (r) => { record = r; } }), /Access Denied/);
        assert.deepEqual([record?.outcome, record?.error_kind, record?.error_message], ["failed", "AccessDenied", "Access Denied"]);
    });

    it("asks again for statistics that came back empty, and gives up after three empty answers", async () => {
        const lake = seededLake();
        const [late, never] = [14086, 14087];
        // Each run meets a fresh emulator: `late` is withheld once, `never` every time.
        const lines: string[] = [];
        const run = (day: string, withhold: Record<number, number>) => runAt(lake, new Date(day), { emulator: { withholdStatistics: withhold }, log: (l) => lines.push(l) });
        const first = await run("2021-05-25T08:00:00Z", { [late]: 1, [never]: 10 });
        assert.equal(first.statisticsInLake, 378);
        assert.deepEqual(lines.filter((l) => l.includes("no statistics yet")).sort(), [
            `fixture ${late}: no statistics yet (empty on 1 day of at most 3)`, `fixture ${never}: no statistics yet (empty on 1 day of at most 3)`,
        ].sort(), "a line for each fixture still without statistics, none for those that landed");
        assert.equal(first.statisticsPending, 2);
        const second = await run("2021-05-26T08:00:00Z", { [never]: 10 });
        assert.equal(second.requests, 2);
        assert.equal(second.statisticsInLake, 379);
        const third = await run("2021-05-27T08:00:00Z", { [never]: 10 });
        assert.ok(lines.includes(`fixture ${never}: no statistics yet (empty on 3 days of at most 3)`), lines.join("\n"));
        assert.equal(third.requests, 2);
        assert.equal(third.statisticsUnavailable, 1);
        // With that fixture given up on, every fixture is final: the season is complete and nothing is asked.
        const fourth = await run("2021-05-28T08:00:00Z", { [never]: 10 });
        assert.equal(fourth.requests, 0, "no fourth try");
        assert.equal(fourth.outcome, "season-complete");
        assert.equal(fourth.statisticsUnavailable, 1);
        const row = csvParse((await lake.get(keys.seasonFixtures))!.toString()).find((f) => Number(f.fixture_id) === never)!;
        assert.equal(row.statistics, "unavailable");
    });

    it("counts a fixture's tries in days, not answers, so a schedule of several runs a day does not give up on its statistics within hours", async () => {
        const lake = seededLake();
        const never = 14087;
        const lines: string[] = [];
        const run = (at: string) => runAt(lake, new Date(at), { emulator: { withholdStatistics: { [never]: 10 } }, log: (l) => lines.push(l) });
        const said = () => lines.filter((l) => l.startsWith(`fixture ${never}:`));
        await run("2021-05-25T08:00:00Z");
        for (const at of ["2021-05-25T09:00:00Z", "2021-05-25T10:00:00Z"]) {
            lines.length = 0;
            const later = await run(at);
            // Asked again at every run: the season's fixtures, and the one fixture still without statistics.
            assert.equal(later.requests, 2, at);
            assert.equal(later.statisticsPending, 1, `${at}: three empty answers, one day`);
            assert.deepEqual(said(), [`fixture ${never}: no statistics yet (empty on 1 day of at most 3)`]);
        }
        lines.length = 0;
        assert.equal((await run("2021-05-26T08:00:00Z")).statisticsPending, 1);
        assert.deepEqual(said(), [`fixture ${never}: no statistics yet (empty on 2 days of at most 3)`]);
        lines.length = 0;
        assert.equal((await run("2021-05-27T08:00:00Z")).statisticsUnavailable, 1);
        assert.deepEqual(said(), [`fixture ${never}: no statistics yet (empty on 3 days of at most 3)`]);
    });

    it("with one try allowed, asks for every finished fixture once and gives up on one whose statistics came back empty", async () => {
        const never = 14087;
        const result = await runOnce(seededLake(), END_OF_SEASON, { emulator: { withholdStatistics: { [never]: 10 } }, maxStatisticsAttempts: 1 });
        assert.equal(result.summary?.outcome, "ok", result.error?.message);
        // A fixture never answered has had no try: all 380 are asked for, in 19 requests of 20.
        assert.equal(result.counted.filter((p) => p.startsWith("/fixtures?ids=")).length, 19);
        assert.deepEqual([result.summary?.statisticsInLake, result.summary?.statisticsPending, result.summary?.statisticsUnavailable], [379, 0, 1]);
    });

    it("records not-yet-played fixtures with their status and lists next week's", async () => {
        const lake = seededLake();
        const at = new Date("2020-09-22T08:00:00Z");
        const s = await runAt(lake, at);
        const fixtures = csvParse((await lake.get(keys.seasonFixtures))!.toString());
        assert.equal(fixtures.filter((f) => f.status === "NS").length, s.fixtures - s.finished);
        assert.ok(fixtures.filter((f) => f.status === "NS").every((f) => f.home_goals === "" && f.statistics === "not-played"));
        const next = csvParse((await lake.get(keys.nextFixtures("2020-09-22")))!.toString());
        const previous = csvParse((await lake.get(keys.previousFixtures("2020-09-22")))!.toString());
        assert.equal(previous.length, 10);
        assert.ok(next.length >= 9 && next.every((f) => f.status === "NS"));
        assert.ok(next.every((f) => Date.parse(f.kickoff_utc!) >= at.getTime() && Date.parse(f.kickoff_utc!) < at.getTime() + 7 * 86_400_000));
    });

    it("keeps the raw answers as received, under keys that carry league, season and run date", async () => {
        const lake = seededLake();
        await runAt(lake, new Date("2020-09-15T08:00:00Z"));
        const raw = (await lake.list("raw-data/api-football/")).filter((k) => !k.includes("season=2019"));
        // The matches of the first weekend, in kick-off order (two of round 1 were played later in the season).
        const played = loadSeason().matches.filter((m) => Date.parse(m.kickoff) < Date.parse("2020-09-15T06:00:00Z")).map((m) => m.id);
        assert.equal(played.length, 8);
        assert.deepEqual(raw, [
            "raw-data/api-football/fixtures/league=39/season=2020/run_date=2020-09-15.json",
            `raw-data/api-football/statistics/league=39/season=2020/run_date=2020-09-15/fixtures=${played.join("-")}.json`,
        ]);
        const body = JSON.parse((await lake.get(raw[1]))!.toString());
        assert.deepEqual(body.errors, []);
        assert.equal(body.response.length, 8);
    });

    it("fails, writing nothing, when the key is refused", async () => {
        const lake = seededLake();
        await withEmulator(END_OF_SEASON, {}, async ({ client }) => {
            await assert.rejects(runEtl({ api: client("wrong"), lake, league: 39, season: 2020, now: END_OF_SEASON, dailyBudget: 90 }), (err: unknown) => err instanceof ApiFootballError && err.kind === "token");
        });
        assert.deepEqual(dataKeys(lake), []);
    });

    it("fails with the plan message for a season the plan does not serve, writing nothing", async () => {
        const lake = seededLake();
        await assert.rejects(runAt(lake, END_OF_SEASON, { emulator: { refuseSeasons: [2020] } }), /plan error .*Free plans do not have access to this season, try from 2022 to 2024/);
        assert.deepEqual(dataKeys(lake), []);
    });

    it("refuses an answer about another league without touching what the lake holds", async () => {
        const lake = seededLake();
        await runAt(lake, new Date("2020-09-15T08:00:00Z"));
        const before = copyLake(lake);
        const wrong = JSON.stringify({ get: "fixtures", parameters: {}, errors: [], results: 1, paging: { current: 1, total: 1 },
            response: [{ fixture: { id: 1, date: "2020-09-12T11:30:00+00:00", timestamp: 1599910200, status: { long: "Match Finished", short: "FT", elapsed: 90 } }, league: { id: 140, season: 2020 }, teams: { home: { id: 1, name: "A" }, away: { id: 2, name: "B" } }, goals: { home: 1, away: 0 } }] });
        const server = new ScriptedServer(() => ({ body: wrong }));
        const baseUrl = await server.start();
        try {
            const api = new ApiFootballClient({ host: "api-sports", key: EMULATOR_KEY, baseUrl, fetch: localFetch });
            await assert.rejects(runEtl({ api, lake, league: 39, season: 2020, now: new Date("2020-09-15T08:00:00Z"), dailyBudget: 90 }),
                /not written to the lake \(rule wrong-league\): fixture 1 belongs to league 140 season 2020, not 39\/2020 \(kept at raw-data\/api-football\/rejected\/fixtures\/league=39\/season=2020\/run_date=2020-09-15\.json\)/);
        } finally {
            await server.stop();
        }
        assert.deepEqual(differingKeys(processedSnapshot(lake), processedSnapshot(before)), []);
        assert.equal((await lake.get("raw-data/api-football/rejected/fixtures/league=39/season=2020/run_date=2020-09-15.json"))!.toString(), wrong);
    });

    it("refuses a finished fixture without a score instead of counting it as 0–0", async () => {
        const lake = seededLake();
        const broken = JSON.stringify({ get: "fixtures", parameters: {}, errors: [], results: 1, paging: { current: 1, total: 1 },
            response: [{ fixture: { id: 7, date: "2020-09-12T11:30:00+00:00", timestamp: 1599910200, status: { long: "Match Finished", short: "FT", elapsed: 90 } }, league: { id: 39, season: 2020 }, teams: { home: { id: 36, name: "Fulham" }, away: { id: 42, name: "Arsenal" } }, goals: { home: null, away: null } }] });
        const server = new ScriptedServer(() => ({ body: broken }));
        const baseUrl = await server.start();
        try {
            const api = new ApiFootballClient({ host: "api-sports", key: EMULATOR_KEY, baseUrl, fetch: localFetch });
            await assert.rejects(runEtl({ api, lake, league: 39, season: 2020, now: new Date("2020-09-15T08:00:00Z"), dailyBudget: 90 }), /rule finished-without-score\): fixture 7 is finished \(FT\) but has no score/);
        } finally {
            await server.stop();
        }
        // Nothing but the evidence, under the rejected prefix.
        assert.deepEqual(dataKeys(lake), [
            "raw-data/api-football/rejected/fixtures/league=39/season=2020/run_date=2020-09-15.json",
            "raw-data/api-football/rejected/fixtures/league=39/season=2020/run_date=2020-09-15.reason.json",
        ]);
    });

    it("schedules the replay every Tuesday at 08:00 UTC across the season", () => {
        const times = seasonRunTimes();
        assert.ok(times.every((t) => t.getUTCDay() === 2 && t.getUTCHours() === 8 && t.getUTCMinutes() === 0));
        assert.equal(times[0].toISOString(), "2020-09-15T08:00:00.000Z");
        assert.equal(times[times.length - 1].toISOString(), "2021-05-25T08:00:00.000Z");
    });
});
