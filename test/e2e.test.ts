// The inline callback end to end: serialized and packaged as Pulumi packages
// it, loaded in a fresh Node process, invoked with scheduled events against a
// real S3-protocol server, a fake SSM endpoint and the API emulator.
import { strict as assert } from "assert";
import { spawnSync, spawn } from "child_process";
import * as path from "path";
import { builtinModules } from "module";
import { S3Client, ListObjectsV2Command, GetObjectCommand, HeadObjectCommand, PutObjectCommand, DeleteObjectCommand } from "@aws-sdk/client-s3";
import { ApiFootballClient } from "../etl/api";
import { RUNTIME_PROVIDED } from "../etl/lambda";
import { ApiFootballEmulator, EMULATOR_KEY } from "../etl/local/emulator";
import { localFetch } from "../etl/local/fetch";
import { TEAMCODES_KEY } from "../etl/layout";
import { runEtl } from "../etl/run";
import { isRunRecord, seededLake, snapshot, TEAMCODES } from "./helpers/lakes";
import { requiredModules, writeArchive } from "./helpers/packaging";
import { differingKeys, startS3, startSsm, tempDir } from "./helpers/servers";

const ROOT = path.join(__dirname, "..");
const BUCKET = "football-data-lake-e2e";
const PARAMETER = "/football-data-lake/e2e/api-football-key";

function invoke(archive: string, env: Record<string, string>, events: object[]): Promise<{ code: number; lines: any[]; output: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [path.join(__dirname, "helpers", "invoke-archive.js"), archive, JSON.stringify(events)], {
            // NODE_PATH stands in for the runtime's own modules: the AWS SDK v3.
            env: { PATH: process.env.PATH ?? "", NODE_PATH: path.join(ROOT, "node_modules"), ...env },
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.on("close", (code) => resolve({ code: code ?? -1, lines: out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l)), output: out + err }));
    });
}

const s3Client = (endpoint: string) => new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" }, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });

/** Key to base64 bytes of every object in the bucket; the run records left out unless asked for. */
async function lakeContents(endpoint: string, withRuns = false): Promise<Map<string, string>> {
    const s3 = s3Client(endpoint);
    const out = new Map<string, string>();
    let token: string | undefined;
    do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: token }));
        for (const o of page.Contents ?? []) {
            if (!withRuns && isRunRecord(o.Key!)) continue;
            const body = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: o.Key }));
            out.set(o.Key!, Buffer.from(await body.Body!.transformToByteArray()).toString("base64"));
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    s3.destroy();
    return out;
}

describe("the inline callback, packaged as Pulumi packages it", function () {
    this.timeout(120_000);
    let archive: { dir: string; packages: string[]; index: string };
    let s3: Awaited<ReturnType<typeof startS3>>;
    let ssm: Awaited<ReturnType<typeof startSsm>>;
    let emulator: ApiFootballEmulator;
    let clock = 0;
    let env: Record<string, string>;

    before(async () => {
        archive = await writeArchive(path.join(tempDir("lambda-archive-"), "code"));
        s3 = await startS3(BUCKET);
        // What `pulumi up` uploads beside the function.
        const client = s3Client(s3.endpoint);
        await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: TEAMCODES_KEY, Body: TEAMCODES, ContentType: "text/csv" }));
        client.destroy();
        ssm = await startSsm({ [PARAMETER]: EMULATOR_KEY });
        // A plan with a higher per-minute limit, so the backfill does not wait a real minute.
        emulator = new ApiFootballEmulator({ now: () => clock, perMinute: 60 });
        const apiUrl = await emulator.start();
        env = {
            LAKE_BUCKET: BUCKET, API_KEY_PARAMETER: PARAMETER, LEAGUE: "39", SEASON: "2020", API_HOST: "api-sports", DAILY_BUDGET: "90",
            LAKE_S3_ENDPOINT: s3.endpoint, API_FOOTBALL_BASE_URL: apiUrl,
            AWS_ENDPOINT_URL_SSM: ssm.url, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER",
        };
    });

    after(async () => {
        await emulator?.stop();
        await ssm?.stop();
        await s3?.stop();
    });

    it("requires nothing but its own packages, Node built-ins and the runtime's AWS SDK", () => {
        const packaged = archive.packages.map((p) => p.replace(/^node_modules\//, ""));
        // No HTTP library: the handler gives the client the runtime's own fetch (the backfill below goes through it).
        assert.deepEqual(packaged.filter((p) => /fetch|whatwg|tr46/.test(p)), []);
        // Nor the local query engine, an optional dependency Pulumi never packages.
        assert.deepEqual(packaged.filter((p) => p.includes("duckdb")), []);
        for (const m of requiredModules(archive.index)) {
            const pkg = m.startsWith("@") ? m.split("/").slice(0, 2).join("/") : m.split("/")[0];
            const ok = builtinModules.includes(m.replace(/^node:/, "")) || RUNTIME_PROVIDED.includes(pkg) || packaged.includes(pkg);
            assert.ok(ok, `the handler requires ${m}, which neither the archive nor the runtime provides`);
        }
        // Each packaged module loads from the archive alone, with no NODE_PATH to fall back on.
        for (const m of requiredModules(archive.index).filter((m) => !RUNTIME_PROVIDED.includes(m) && !builtinModules.includes(m))) {
            const r = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(m)})`], { cwd: archive.dir, env: { PATH: process.env.PATH ?? "" } });
            assert.equal(r.status, 0, `${m} does not load from the archive: ${r.stderr}`);
        }
    });

    it("counts the heartbeat's hours from its first look where no run ever succeeded", async () => {
        // League 40 has no runs in this bucket.
        const first = await invoke(archive.dir, { ...env, LEAGUE: "40" }, [{ task: "heartbeat" }]);
        assert.equal(first.code, 0, first.output);
        assert.deepEqual([first.lines.find((l) => l.ok)!.result.lastSuccessKnown, first.lines.find((l) => l.ok)!.result.hoursSinceLastSuccess], [false, 0]);
        const marker = (await lakeContents(s3.endpoint, true)).get("raw-data/runs/league=40/season=2020/watch-started.json");
        assert.ok(marker, "the first look is kept");
        const since = Date.parse(JSON.parse(Buffer.from(marker, "base64").toString()).since);
        assert.ok(Date.now() - since < 60_000);
    });

    it("exports an async handler that takes the event and the context, with no callback parameter, as nodejs24.x requires", () => {
        const r = spawnSync(process.execPath, ["-e", "const h = require('./__index.js').handler; console.log(JSON.stringify({ params: h.length, kind: h.constructor.name }))"], {
            cwd: archive.dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "", NODE_PATH: path.join(ROOT, "node_modules"), ...env },
        });
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(JSON.parse(r.stdout), { params: 2, kind: "AsyncFunction" });
    });

    it("fails the invocation when the API refuses the key, and writes nothing", async () => {
        const before = await lakeContents(s3.endpoint);
        const bad = await startSsm({ [PARAMETER]: "not-the-key" });
        try {
            const { code, lines } = await invoke(archive.dir, { ...env, AWS_ENDPOINT_URL_SSM: bad.url }, [{ time: "2021-06-01T08:00:00Z" }]);
            assert.equal(code, 1);
            assert.match(lines.find((l) => l.ok === false)!.error, /ApiFootballError: API-Football token error from \/status/);
            const line = lines.find((l) => l._aws)!;
            assert.deepEqual([line.RunSucceeded, line.outcome, line.error_kind], [0, "failed", "ApiFootballError:token"]);
            assert.ok(!JSON.stringify(lines).includes("not-the-key"));
        } finally {
            await bad.stop();
        }
        assert.deepEqual(differingKeys(await lakeContents(s3.endpoint), before), []);
        const runs = [...(await lakeContents(s3.endpoint, true)).keys()].filter((k) => k.startsWith("raw-data/runs/"));
        assert.ok(runs.some((k) => /run_date=2021-06-01\/.*_failed\.json$/.test(k)), "the failed run left its record");
    });

    it("fails the invocation when its environment lacks the bucket", async () => {
        const { LAKE_BUCKET: _, ...rest } = env;
        const { code } = await invoke(archive.dir, rest, [{ time: "2021-06-01T08:00:00Z" }]);
        assert.notEqual(code, 0);
    });

    it("stops before a request the time limit could cut off, succeeds as an invocation, and leaves a record of a run that made no progress", async () => {
        const apiRequests = emulator.requests.length;
        clock = Date.parse("2021-05-18T08:00:00Z");
        // The runtime's context says 200 s are left: less than a request at its longest (170 s) and the write-up (60 s).
        const { code, lines, output } = await invoke(archive.dir, { ...env, INVOKE_TIMEOUT_MS: "200000" }, [{ time: "2021-05-18T08:00:00Z" }]);
        assert.equal(code, 0, output);
        assert.deepEqual(emulator.requests.slice(apiRequests).map((r) => r.path), []);
        assert.match(output, /stopped: time budget reached before \/fixtures\?league=39&season=2020: 1[34]\d s left for requests in this invocation, and one may take up to 170 s/);
        const line = lines.find((l) => l._aws)!;
        assert.deepEqual([line.RunSucceeded, line.outcome, line.requests], [0, "no-budget", 0]);
        const runs = [...(await lakeContents(s3.endpoint, true)).keys()].filter((k) => k.startsWith("raw-data/runs/"));
        assert.ok(runs.some((k) => /run_date=2021-05-18\/.*_no-budget\.json$/.test(k)), runs.join("\n"));
    });

    it("fails an event named with a date before the latest the lake holds the season for, asking and writing nothing", async () => {
        // As a run of 2021-05-20 would have left it; taken away again below, so the backfill starts from an empty season.
        const planted = "raw-data/api-football/fixtures/league=39/season=2020/run_date=2021-05-20.json";
        const client = s3Client(s3.endpoint);
        await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: planted, Body: "{}", ContentType: "application/json" }));
        try {
            const before = await lakeContents(s3.endpoint);
            const counted = emulator.requests.filter((r) => r.counted).length;
            clock = Date.parse("2021-05-25T08:00:00Z");
            const { code, lines, output } = await invoke(archive.dir, env, [{ time: "2021-05-18T08:00:00Z" }]);
            assert.equal(code, 1, output);
            assert.equal(lines.find((l) => l.ok === false)!.error, "RunDateRefused: the run's date 2021-05-18 is before 2021-05-20, the latest date the lake holds the season for: " +
                "it would overwrite 2021-05-18's tables with results as they are now. Give the event the current time");
            const line = lines.find((l) => l._aws)!;
            assert.deepEqual([line.RunSucceeded, line.outcome, line.error_kind], [0, "failed", "RunDateRefused"]);
            assert.equal(emulator.requests.filter((r) => r.counted).length, counted);
            assert.deepEqual(differingKeys(await lakeContents(s3.endpoint), before), []);
        } finally {
            await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: planted }));
            client.destroy();
        }
    });

    // The backfill is this block's setup, not a test of its own, so each test below also runs alone (`--grep`).
    describe("after a scheduled event backfilled the season", () => {
        const time = "2021-05-25T08:00:00Z";
        let backfill: { code: number; lines: any[]; output: string };
        let askedSsm: string[];

        before(async () => {
            clock = Date.parse(time);
            const asked = ssm.asked.length;
            backfill = await invoke(archive.dir, env, [{ "detail-type": "Scheduled Event", source: "aws.events", time }]);
            askedSsm = ssm.asked.slice(asked);
        });

        it("has landed the season in S3, reading the key from SSM", async () => {
            const { code, lines, output } = backfill;
            assert.equal(code, 0, JSON.stringify(lines));
            assert.ok(!output.includes(EMULATOR_KEY), "the key is in no log line");
            const summary = lines.find((l) => l.ok)!.result;
            assert.equal(summary.requests, 20 + 1, "the season, its statistics, and the previous season's results");
            assert.equal(summary.statisticsInLake, 380);
            assert.deepEqual(askedSsm, [`AmazonSSM.GetParameter ${PARAMETER} true`]);
            // One structured line per run: the record's fields, and embedded metrics CloudWatch extracts.
            const line = lines.find((l) => l._aws)!;
            assert.deepEqual(line._aws.CloudWatchMetrics[0], { Namespace: "FootballDataLake", Dimensions: [["FunctionName"]], Metrics: [{ Name: "RunSucceeded", Unit: "Count" }, { Name: "Requests", Unit: "Count" }] });
            assert.deepEqual([line.RunSucceeded, line.Requests, line.outcome, line.requests, line.in_lake, line.task], [1, 21, "ok", 21, 380, "run"]);

            const lake = await lakeContents(s3.endpoint);
            assert.equal([...lake.keys()].filter((k) => k.startsWith("processed-data/api-football/statistics/")).length, 380);
            assert.ok([...lake.values()].every((b64) => !Buffer.from(b64, "base64").toString("utf8").includes(EMULATOR_KEY)), "the key is in no object");
            assert.ok(lake.has("processed-data/analysis/team-table-latest/league=39/season=2020/team-table.csv"), "the weekly analysis is written by the deployed code too");

            // The same code in-process, against a memory lake, writes the very same objects.
            const memory = seededLake();
            const api = new ApiFootballClient({ host: "api-sports", key: EMULATOR_KEY, baseUrl: env.API_FOOTBALL_BASE_URL, fetch: localFetch, now: () => clock });
            await runEtl({ api, lake: memory, league: 39, season: 2020, now: new Date(time), dailyBudget: 1000 });
            assert.deepEqual(differingKeys(snapshot(memory), lake), []);
        });

        it("stores each object with the type a browser opens it by, so the report shows from S3 rather than downloads", async () => {
            const client = s3Client(s3.endpoint);
            const typeOf = async (Key: string) => (await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key }))).ContentType;
            try {
                assert.equal(await typeOf("processed-data/analysis/report/league=39/season=2020/latest/index.html"), "text/html; charset=utf-8");
                assert.equal(await typeOf("processed-data/analysis/charts/league=39/season=2020/latest/points-vs-xpts.svg"), "image/svg+xml");
                assert.equal(await typeOf("processed-data/analysis/team-table-latest/league=39/season=2020/team-table.csv"), "text/csv; charset=utf-8");
                assert.equal(await typeOf("raw-data/api-football/fixtures/league=39/season=2020/run_date=2021-05-25.json"), "application/json");
            } finally {
                client.destroy();
            }
        });

        it("changes nothing in the lake when the same event is delivered again", async () => {
            const before = await lakeContents(s3.endpoint);
            clock = Date.parse(time);
            const { code, lines } = await invoke(archive.dir, env, [{ time }]);
            assert.equal(code, 0);
            // The backfill made every fixture final with its statistics: the season is complete, nothing is asked.
            const result = lines.find((l) => l.ok)!.result;
            assert.deepEqual([result.requests, result.outcome, result.filesWritten], [0, "season-complete", []]);
            assert.deepEqual(differingKeys(await lakeContents(s3.endpoint), before), []);
        });

        it("answers the heartbeat with the hours since the last successful run, as a metric, asking neither SSM nor the API", async () => {
            const asked = ssm.asked.length;
            const apiRequests = emulator.requests.length;
            const { code, lines } = await invoke(archive.dir, env, [{ task: "heartbeat" }]);
            assert.equal(code, 0, JSON.stringify(lines));
            const result = lines.find((l) => l.ok)!.result;
            assert.equal(result.lastSuccessKnown, true);
            // The backfill started seconds ago, on this machine's clock, as the heartbeat's is.
            assert.ok(result.hoursSinceLastSuccess >= 0 && result.hoursSinceLastSuccess < 0.1, String(result.hoursSinceLastSuccess));
            const metric = lines.find((l) => l._aws)!;
            assert.deepEqual(metric._aws.CloudWatchMetrics[0].Metrics, [{ Name: "HoursSinceLastSuccess", Unit: "None" }]);
            assert.equal(metric.HoursSinceLastSuccess, result.hoursSinceLastSuccess);
            assert.deepEqual([ssm.asked.length, emulator.requests.length], [asked, apiRequests]);
        });

        it("leaves out a runs-table row and a run record it cannot read, rather than fail", async () => {
            const runsKey = "processed-data/runs/league=39/season=2020/runs.csv";
            const client = s3Client(s3.endpoint);
            const held = Buffer.from((await lakeContents(s3.endpoint, true)).get(runsKey)!, "base64").toString();
            const lines = held.trimEnd().split("\n");
            await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: runsKey, Body: `${held}${lines[1].replace(/^[^,]+/, "")}\n`, ContentType: "text/csv" }));
            const planted = "raw-data/runs/league=39/season=2020/run_date=2021-05-25/2021-05-25T09-00-00.000Z_0000-null_ok.json";
            await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: planted, Body: "null", ContentType: "application/json" }));
            client.destroy();
            clock = Date.parse(time);
            const { code, output } = await invoke(archive.dir, env, [{ time }]);
            assert.equal(code, 0, output);
            assert.ok(output.includes("runs table: leaving out 1 row that cannot be read (run_id is blank)"), output);
            assert.ok(output.includes(`runs table: leaving out the record ${planted}, which cannot be read (it is not an object)`), output);
            const table = Buffer.from((await lakeContents(s3.endpoint, true)).get(runsKey)!, "base64").toString().trimEnd().split("\n");
            assert.deepEqual(table.slice(0, lines.length), lines, "the rows it held, and none of the planted");
            assert.equal(table.length, lines.length + 1, "with this run's row");
        });
    });
});
