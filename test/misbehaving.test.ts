// A misbehaving API against a lake that already holds the season: empty, paged,
// cut-off, duplicated and oversized season answers, a statistic that is not a
// number, a raw object an older version landed that recovery cannot read.
// None may change what the lake already holds, each is kept as evidence, and
// the next run with a healthy API succeeds.
import { strict as assert } from "assert";
import { csvParse } from "d3-dsv";
import { ApiFootballClient } from "../etl/api";
import { Lake, MemoryLake } from "../etl/lake";
import { EMULATOR_KEY } from "../etl/local/emulator";
import { replaySeason, seasonRunTimes, startEmulatorSession } from "../etl/local/replay";
import { loadSeason } from "../etl/local/season";
import { lakeKeys, runEtl, RunSummary } from "../etl/run";
import { RunRecord } from "../etl/runs";
import { copyLake, lakeSnapshot, processedSnapshot, seededFolderLake, seededLake, snapshot } from "./helpers/lakes";
import { differingKeys } from "./helpers/servers";
import { Envelope, isIdsRequest, isSeasonRequest, Rewrite, StandInApi } from "./helpers/standin";

const keys = lakeKeys(39, 2020);
const AT = new Date("2021-05-18T08:00:00Z");
const RUN_DATE = "2021-05-18";
// The two fixtures of the week before AT whose statistics the replay's last run found empty once.
const [A, B] = loadSeason().matches.filter((m) => m.kickoff >= "2021-05-11T08" && m.kickoff < "2021-05-18T06").map((m) => m.id);
const without = (lake: MemoryLake, prefix: string) => new Map([...snapshot(lake)].filter(([k]) => !k.startsWith(prefix)));

interface Outcome { summary?: RunSummary; error?: Error; record?: RunRecord; requests: string[] }

/** One run at AT against the emulator, behind a stand-in that rewrites answers when `rewrite` is given. */
async function runAt(lake: MemoryLake, rewrite?: Rewrite): Promise<Outcome> {
    const session = await startEmulatorSession({}, AT.getTime());
    const standIn = rewrite ? new StandInApi(session.baseUrl, rewrite) : undefined;
    const baseUrl = standIn ? await standIn.start() : session.baseUrl;
    const out: Outcome = { requests: [] };
    try {
        const api: ApiFootballClient = session.client(EMULATOR_KEY, { baseUrl });
        out.summary = await runEtl({ api, lake, league: 39, season: 2020, now: AT, dailyBudget: 90, onRecord: (r) => { out.record = r; } });
    } catch (err) {
        out.error = err as Error;
    } finally {
        out.requests = session.emulator.requests.filter((r) => r.counted).map((r) => r.path);
        await standIn?.stop();
        await session.stop();
    }
    return out;
}

const seasonAnswer = (change: (answer: Envelope) => Envelope | string): Rewrite =>
    (path, params, answer) => (isSeasonRequest(path, params) && !params.has("page") ? change(answer) : undefined);

describe("a misbehaving API against a lake that holds the season", function () {
    this.timeout(120_000);
    let base: MemoryLake;
    let healthy: MemoryLake;

    before(async () => {
        base = seededLake();
        // Every weekly run up to AT; the statistics of A and B come back empty once, so AT's run has work left.
        await replaySeason({ lake: base, runTimes: seasonRunTimes().filter((t) => t <= AT), emulator: { withholdStatistics: { [A]: 1, [B]: 1 } } });
        healthy = copyLake(base);
        const reference = await runAt(healthy);
        assert.equal(reference.summary?.outcome, "ok");
        assert.equal(reference.summary?.statisticsLanded, 2, "the healthy run lands A and B");
    });

    const refusals: Array<[string, string, Rewrite]> = [
        ["an answer with no fixtures", "empty-season", seasonAnswer((a) => ({ ...a, results: 0, response: [] }))],
        ["one page of several, whose other pages never come", "paging", seasonAnswer((a) => ({ ...a, results: 9, paging: { current: 1, total: 3 }, response: a.response.slice(0, 9) }))],
        ["a cut-off list of 9 of the 380 fixtures", "lost-fixtures", seasonAnswer((a) => ({ ...a, results: 9, response: a.response.slice(0, 9) }))],
        ["a fixture listed twice", "duplicate-fixture", seasonAnswer((a) => ({ ...a, results: 381, response: [...a.response, a.response[17]] }))],
        ["60,000 fixtures", "oversized", seasonAnswer((a) => ({
            ...a, results: 60_000,
            response: Array.from({ length: 60_000 }, (_, i) => ({ ...a.response[i % 380], fixture: { ...a.response[i % 380].fixture, id: 1_000_000 + i } })),
        }))],
        ["a statistic value of 'N/A' for every fixture asked", "unreadable-statistics", (path, params, answer) => {
            if (!isIdsRequest(path, params)) return undefined;
            for (const f of answer.response) f.statistics[0].statistics[0].value = "N/A";
            return answer;
        }],
    ];

    for (const [what, rule, rewrite] of refusals) {
        it(`refuses ${what} by rule ${rule}, keeps it as evidence and changes no processed object; a healthy run then succeeds`, async () => {
            const lake = copyLake(base);
            const bad = await runAt(lake, rewrite);
            assert.ok(bad.error, "the run fails, so the alarm fires");
            assert.match(bad.error.message, new RegExp(`\\(rule ${rule}\\)`));
            assert.match(bad.error.message, /kept at raw-data\/api-football\/rejected\//);
            assert.equal(bad.record?.outcome, "refused");
            assert.equal(bad.record?.error_kind, `RefusedAnswer:${rule}`);
            assert.deepEqual(differingKeys(processedSnapshot(lake), processedSnapshot(base)), [], "every processed object is byte-identical");
            const evidence = await lake.list("raw-data/api-football/rejected/");
            assert.ok(evidence.length >= 2, "the answer and its reason");
            const reason = JSON.parse((await lake.get(evidence.find((k) => k.endsWith(".reason.json"))!))!.toString());
            assert.equal(reason.rule, rule);

            const next = await runAt(lake);
            assert.equal(next.summary?.outcome, "ok");
            assert.deepEqual(differingKeys(without(lake, "raw-data/api-football/rejected/"), snapshot(healthy)), [], "the lake a healthy run alone would have left");
        });
    }

    it("follows paging to the last page when the API pages the season, landing each page as received", async () => {
        const lake = copyLake(base);
        const pageOf = (a: Envelope, page: number): Envelope => ({ ...a, paging: { current: page, total: 3 }, response: a.response.slice((page - 1) * 150, page * 150) });
        const answers: string[] = [];
        const result = await runAt(lake, (path, params, answer) => {
            if (!isSeasonRequest(path, params)) return undefined;
            const text = JSON.stringify(pageOf(answer, Number(params.get("page") ?? 1)));
            answers.push(text);
            return text;
        });
        assert.equal(result.summary?.outcome, "ok", result.error?.message);
        assert.deepEqual(result.requests.filter((p) => p.startsWith("/fixtures?league")), [
            "/fixtures?league=39&season=2020", "/fixtures?league=39&season=2020&page=2", "/fixtures?league=39&season=2020&page=3",
        ]);
        assert.equal((await lake.get(keys.rawFixtures(RUN_DATE, 3)))!.toString(), answers[2]);
        assert.deepEqual(differingKeys(processedSnapshot(lake), processedSnapshot(healthy)), []);
    });

    it("keeps fixtures the API stops listing, with their last known state and the date it stopped", async () => {
        const lake = copyLake(base);
        const early = loadSeason().matches[0].id;
        const result = await runAt(lake, seasonAnswer((a) => ({ ...a, results: 378, response: a.response.filter((f: any) => f.fixture.id !== early && f.fixture.id !== A) })));
        assert.equal(result.summary?.outcome, "ok", result.error?.message);
        const rows = csvParse((await lake.get(keys.seasonFixtures))!.toString());
        const before = csvParse((await base.get(keys.seasonFixtures))!.toString());
        assert.equal(rows.length, 380);
        const kept = rows.find((r) => Number(r.fixture_id) === early)!;
        const was = before.find((r) => Number(r.fixture_id) === early)!;
        assert.deepEqual({ ...kept, missing_since: "" }, { ...was, missing_since: "" }, "everything else as it was");
        assert.equal(kept.missing_since, RUN_DATE);
        // A dropped fixture is still one of the season: its statistics are fetched and it counts in the table.
        assert.equal(rows.find((r) => Number(r.fixture_id) === A)!.statistics, "landed");
        assert.deepEqual(await lake.get(keys.teamTableLatest), await healthy.get(keys.teamTableLatest));
        // Listed again, the mark goes.
        await runAt(lake);
        assert.ok(csvParse((await lake.get(keys.seasonFixtures))!.toString()).every((r) => r.missing_since === ""));
    });

    it("lands the rest of a batch at once when one fixture's statistics cannot be read", async () => {
        const lake = copyLake(base);
        const result = await runAt(lake, (path, params, answer) => {
            if (!isIdsRequest(path, params)) return undefined;
            for (const f of answer.response) if (f.fixture.id === A) f.statistics[1].statistics[2].value = "N/A";
            return answer;
        });
        assert.match(result.error!.message, new RegExp(`rule unreadable-statistics\\): fixture ${A}: statistic value 'N/A' is not a number`));
        assert.deepEqual(result.requests.filter((p) => p.startsWith("/fixtures?ids")), [`/fixtures?ids=${A}-${B}`, `/fixtures?ids=${B}`]);
        assert.ok(await lake.get(keys.statistics(B)), "B landed in the same run");
        assert.equal(await lake.get(keys.statistics(A)), undefined);
        const rows = csvParse((await lake.get(keys.seasonFixtures))!.toString());
        assert.equal(rows.find((r) => Number(r.fixture_id) === A)!.statistics, "pending");
        const next = await runAt(lake);
        assert.equal(next.summary?.outcome, "ok");
        assert.ok(await lake.get(keys.statistics(A)));
    });

    it("sets aside a raw answer recovery cannot read, names it, and never trips on it again", async () => {
        const lake = copyLake(base);
        // What an older version, without the guard, would have landed: a raw answer with an unreadable statistic.
        const session = await startEmulatorSession({}, AT.getTime());
        let body: string;
        try {
            body = (await session.client().get("/fixtures", { ids: String(A) })).text.replace(/"value":(\d+)/, '"value":"N/A"');
        } finally {
            await session.stop();
        }
        const planted = keys.rawStatistics("2021-05-11", [A]);
        await lake.put(planted, body, "application/json");

        const first = await runAt(lake);
        assert.equal(first.record?.outcome, "refused");
        assert.match(first.error!.message, new RegExp(`${planted.replace(/[.]/g, "\\.")} was not written to the lake \\(rule unreadable-raw\\): set aside, recovery cannot read it`));
        assert.equal((await lake.get(planted.replace("raw-data/api-football/", "raw-data/api-football/rejected/")))!.toString(), body);
        assert.ok(await lake.get(keys.statistics(A)), "the fixture was asked for again and landed");

        const second = await runAt(lake);
        assert.equal(second.summary?.outcome, "ok", second.error?.message);
    });

    for (const [kind, makeLake] of [
        ["a memory lake", () => seededLake()],
        ["a folder lake (npm start's)", () => seededFolderLake()],
    ] as Array<[string, () => Lake]>) {
        it(`converges when two runs work on ${kind} at once: the same lake as one run, at most twice the requests`, async () => {
            const at = new Date("2021-05-25T08:00:00Z");
            const one = makeLake();
            const single = await startEmulatorSession({}, at.getTime());
            try {
                await runEtl({ api: single.client(), lake: one, league: 39, season: 2020, now: at, dailyBudget: 90 });
            } finally {
                await single.stop();
            }
            const oneRequests = single.emulator.requests.filter((r) => r.counted).length;

            const two = makeLake();
            const session = await startEmulatorSession({}, at.getTime());
            try {
                const run = () => runEtl({ api: session.client(), lake: two, league: 39, season: 2020, now: at, dailyBudget: 90 });
                const [a, b] = await Promise.all([run(), run()]);
                assert.deepEqual([a.outcome, b.outcome], ["ok", "ok"]);
            } finally {
                await session.stop();
            }
            const twoRequests = session.emulator.requests.filter((r) => r.counted).length;
            assert.deepEqual(differingKeys(await lakeSnapshot(two), await lakeSnapshot(one)), []);
            assert.ok(twoRequests <= 2 * oneRequests, `${twoRequests} requests against ${oneRequests} for one run`);
            // Each run left its own record; whichever table write came last, the next run's table holds both.
            assert.equal((await two.list(keys.runsPrefix)).length, 2);
            const later = await startEmulatorSession({}, Date.parse("2021-06-01T08:00:00Z"));
            try {
                await runEtl({ api: later.client(), lake: two, league: 39, season: 2020, now: new Date("2021-06-01T08:00:00Z"), dailyBudget: 90 });
            } finally {
                await later.stop();
            }
            assert.equal(csvParse((await two.get(keys.runs))!.toString()).length, 3);
        });
    }
});
