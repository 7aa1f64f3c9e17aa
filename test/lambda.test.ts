// The Lambda's entry in this process (the end-to-end test runs it packaged):
// its environment checks, the key read from SSM once per cold start but again
// after a failed read, the event's time, the heartbeat and the structured lines.
import { strict as assert } from "assert";
import { createScheduledHandler, HeartbeatResult, ScheduledEvent } from "../etl/lambda";
import { ApiFootballEmulator, EMULATOR_KEY } from "../etl/local/emulator";
import { lakeKeys, MAX_LAKE_READ_BYTES, TEAMCODES_KEY } from "../etl/layout";
import { RunSummary } from "../etl/run";
import { TEAMCODES } from "./helpers/lakes";
import { startS3, startSsm } from "./helpers/servers";
import { S3Client, PutObjectCommand, GetObjectCommand } from "@aws-sdk/client-s3";

const BUCKET = "lambda-test";
const PARAMETER = "/football-data-lake/test/api-football-key";
const AWS_ENV = { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" };

describe("the Lambda's handler", function () {
    this.timeout(60_000);
    let s3: Awaited<ReturnType<typeof startS3>>;
    let emulator: ApiFootballEmulator;
    let apiUrl: string;
    let clock = Date.parse("2020-09-15T08:00:00Z");
    const saved: Record<string, string | undefined> = {};
    const client = () => new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" }, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
    const env = (_ssmUrl: string, extra: Record<string, string | undefined> = {}) => ({
        LAKE_BUCKET: BUCKET, API_KEY_PARAMETER: PARAMETER, LEAGUE: "39", SEASON: "2020", API_HOST: "api-sports", DAILY_BUDGET: "90",
        LAKE_S3_ENDPOINT: s3.endpoint, API_FOOTBALL_BASE_URL: apiUrl, AWS_LAMBDA_FUNCTION_NAME: "football-data-lake-test-etl", CODE_VERSION: "9.9.9+abc",
        ...extra,
    });

    before(async () => {
        // Set here, not only where declared: a runner that runs the suite again in one process (Stryker does) starts from the same day.
        clock = Date.parse("2020-09-15T08:00:00Z");
        // The SDK clients the handler builds read their region, credentials and SSM endpoint from the process.
        for (const [k, v] of Object.entries(AWS_ENV)) {
            saved[k] = process.env[k];
            process.env[k] = v;
        }
        saved.AWS_ENDPOINT_URL_SSM = process.env.AWS_ENDPOINT_URL_SSM;
        s3 = await startS3(BUCKET);
        const c = client();
        await c.send(new PutObjectCommand({ Bucket: BUCKET, Key: TEAMCODES_KEY, Body: TEAMCODES }));
        c.destroy();
        emulator = new ApiFootballEmulator({ now: () => clock, perMinute: 60 });
        apiUrl = await emulator.start();
    });

    after(async () => {
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
        await emulator?.stop();
        await s3?.stop();
    });

    /** A cold start: the handler built with this SSM endpoint, every structured line it writes kept. */
    function coldStart(ssmUrl: string, extra: Record<string, string | undefined> = {}, now = () => new Date(clock)) {
        process.env.AWS_ENDPOINT_URL_SSM = ssmUrl;
        const lines: any[] = [];
        const handler = createScheduledHandler({ env: env(ssmUrl, extra), now, sleep: async () => undefined, emit: (line) => lines.push(JSON.parse(line)) });
        return { handler, lines };
    }

    for (const missing of ["LAKE_BUCKET", "API_KEY_PARAMETER"]) {
        it(`refuses to start without ${missing}, naming it`, () => {
            assert.throws(() => createScheduledHandler({ env: env("", { [missing]: undefined }) }),
                new RegExp(`environment variable ${missing} is not set: the function was not deployed by this program`));
        });
    }

    it("refuses to start with a season that is not one, as the stack would", () => {
        assert.throws(() => createScheduledHandler({ env: env("", { SEASON: "2020-21" }) }), /Invalid config 'season' = "2020-21"/);
    });

    it("reads the key once per cold start, and again after a read that failed", async () => {
        const ssm = await startSsm({ [PARAMETER]: EMULATOR_KEY }, 1);
        try {
            const { handler } = coldStart(ssm.url);
            await assert.rejects(handler({ time: "2020-09-15T08:00:00Z" }), /injected failure/);
            const first = (await handler({ time: "2020-09-15T08:00:00Z" })) as RunSummary;
            assert.equal(first.outcome, "ok");
            await handler({ time: "2020-09-15T08:00:00Z" });
            assert.deepEqual(ssm.asked, Array(2).fill(`AmazonSSM.GetParameter ${PARAMETER} true`), "the failed read, then one that is kept");
        } finally {
            await ssm.stop();
        }
    });

    it("fails when the parameter holds no key", async () => {
        const ssm = await startSsm({ [PARAMETER]: "" });
        try {
            await assert.rejects(coldStart(ssm.url).handler({ time: "2020-09-15T08:00:00Z" }), new RegExp(`SSM parameter ${PARAMETER} holds no API key`));
        } finally {
            await ssm.stop();
        }
    });

    it("runs for the event's own time, or the clock's when the event has none, and refuses a time that is not one", async () => {
        const ssm = await startSsm({ [PARAMETER]: EMULATOR_KEY });
        try {
            const { handler } = coldStart(ssm.url, {}, () => new Date("2020-09-22T08:00:00Z"));
            clock = Date.parse("2020-09-22T08:00:00Z");
            assert.equal(((await handler({ time: "2020-09-22T08:00:00Z", source: "aws.events" })) as RunSummary).runDate, "2020-09-22");
            assert.equal(((await handler({})) as RunSummary).runDate, "2020-09-22");
            assert.equal(((await handler({ time: null } as unknown as ScheduledEvent)) as RunSummary).runDate, "2020-09-22", "a time of null is none");
            const asked = emulator.requests.length;
            await assert.rejects(handler({ time: "next Tuesday" }), /scheduled event has an invalid time: "next Tuesday"/);
            // Date.parse reads these as 2001-01-01 and 2020-10-01, which would name a run, and its keys, by a day nobody meant.
            await assert.rejects(handler({ time: "Tuesday 1" }), /^Error: scheduled event has an invalid time: "Tuesday 1" \(give an ISO 8601 time with its zone/);
            await assert.rejects(handler({ time: "2020-09-31T08:00:00Z" }), /scheduled event has an invalid time: "2020-09-31T08:00:00Z"/);
            assert.equal(emulator.requests.length, asked, "nothing asked, /status included");
        } finally {
            await ssm.stop();
        }
    });

    it("starts no request when the invocation has too little time left for one, and records a run stopped before its first request, no success", async () => {
        const ssm = await startSsm({ [PARAMETER]: EMULATOR_KEY });
        try {
            const { handler, lines } = coldStart(ssm.url, {}, () => new Date("2020-09-22T08:00:00Z"));
            clock = Date.parse("2020-09-22T08:00:00Z");
            const before = emulator.requests.length;
            const logged: string[] = [];
            const log = console.log;
            console.log = (line: string) => { logged.push(String(line)); };
            let summary: RunSummary;
            try {
                // 200 s: the write-up's 60 s leave 140 s, less than one request's worst case (4 attempts of 20 s and 3 waits of 30 s).
                summary = (await handler({ time: "2020-09-22T08:00:00Z" }, { getRemainingTimeInMillis: () => 200_000 })) as RunSummary;
            } finally {
                console.log = log;
            }
            assert.deepEqual(emulator.requests.slice(before).map((r) => r.path), [], "not even the uncounted /status");
            assert.deepEqual([summary.outcome, summary.stoppedByBudget, summary.requests], ["no-budget", true, 0]);
            assert.deepEqual([lines[0].outcome, lines[0].RunSucceeded], ["no-budget", 0], "no progress: not counted a success");
            assert.ok(logged.some((l) => /^quota: \/status unavailable \(time budget reached before \/status: 140 s left/.test(l)), logged.join("\n"));
            assert.ok(logged.some((l) => /^stopped: time budget reached before \/fixtures\?league=39&season=2020: 140 s left for requests in this invocation, and one may take up to 170 s$/.test(l)), logged.join("\n"));
        } finally {
            await ssm.stop();
        }
    });

    it("runs in full when the invocation has its whole time left", async () => {
        const ssm = await startSsm({ [PARAMETER]: EMULATOR_KEY });
        try {
            const { handler } = coldStart(ssm.url, {}, () => new Date("2020-09-22T08:00:00Z"));
            clock = Date.parse("2020-09-22T08:00:00Z");
            const summary = (await handler({ time: "2020-09-22T08:00:00Z" }, { getRemainingTimeInMillis: () => 900_000 })) as RunSummary;
            assert.deepEqual([summary.outcome, summary.stoppedByBudget], ["ok", false]);
        } finally {
            await ssm.stop();
        }
    });

    it("writes each run's record as one line of embedded metrics, with the code's version and no key", async () => {
        const ssm = await startSsm({ [PARAMETER]: EMULATOR_KEY });
        try {
            const { handler, lines } = coldStart(ssm.url, {}, () => new Date("2020-09-29T08:00:05Z"));
            clock = Date.parse("2020-09-29T08:00:00Z");
            await handler({ time: "2020-09-29T08:00:00Z" });
            assert.equal(lines.length, 1);
            const [line] = lines;
            assert.deepEqual(line._aws, {
                Timestamp: Date.parse("2020-09-29T08:00:05Z"),
                CloudWatchMetrics: [{ Namespace: "FootballDataLake", Dimensions: [["FunctionName"]], Metrics: [{ Name: "RunSucceeded", Unit: "Count" }, { Name: "Requests", Unit: "Count" }] }],
            });
            assert.deepEqual([line.FunctionName, line.task, line.league, line.season, line.outcome, line.RunSucceeded, line.code_version, line.run_date, line.started_utc],
                ["football-data-lake-test-etl", "run", 39, 2020, "ok", 1, "9.9.9+abc", "2020-09-29", "2020-09-29T08:00:05.000Z"]);
            assert.equal(line.Requests, line.requests);
            assert.ok(!JSON.stringify(lines).includes(EMULATOR_KEY));
        } finally {
            await ssm.stop();
        }
    });

    it("marks a failed run's line RunSucceeded 0, with the error's kind", async () => {
        const ssm = await startSsm({ [PARAMETER]: "not-the-key" });
        try {
            const { handler, lines } = coldStart(ssm.url);
            await assert.rejects(handler({ time: "2020-10-06T08:00:00Z" }), /token error/);
            assert.deepEqual([lines[0].RunSucceeded, lines[0].outcome, lines[0].error_kind], [0, "failed", "ApiFootballError:token"]);
            assert.ok(!JSON.stringify(lines).includes("not-the-key"));
        } finally {
            await ssm.stop();
        }
    });

    it("answers the heartbeat with the hours since the last successful run's start, reading neither SSM nor the API", async () => {
        const ssm = await startSsm({ [PARAMETER]: EMULATOR_KEY });
        try {
            clock = Date.parse("2020-10-13T08:00:00Z");
            await coldStart(ssm.url, {}, () => new Date("2020-10-13T08:00:00Z")).handler({ time: "2020-10-13T08:00:00Z" });
            const asked = ssm.asked.length, requests = emulator.requests.length;
            const { handler, lines } = coldStart(ssm.url, {}, () => new Date("2020-10-14T20:00:00Z"));
            const result = (await handler({ task: "heartbeat" })) as HeartbeatResult;
            assert.deepEqual(result, { task: "heartbeat", hoursSinceLastSuccess: 36, lastSuccessKnown: true });
            assert.deepEqual(lines[0]._aws.CloudWatchMetrics[0].Metrics, [{ Name: "HoursSinceLastSuccess", Unit: "None" }]);
            assert.deepEqual([lines[0].HoursSinceLastSuccess, lines[0].task, lines[0].lastSuccessKnown], [36, "heartbeat", true]);
            assert.deepEqual([ssm.asked.length, emulator.requests.length], [asked, requests]);
        } finally {
            await ssm.stop();
        }
    });

    it("counts the heartbeat's hours from its first look where no run ever succeeded, and keeps that first look", async () => {
        // League 40: no run of it in this bucket.
        const first = coldStart("http://127.0.0.1:9", { LEAGUE: "40" }, () => new Date("2021-01-01T00:00:00Z"));
        assert.deepEqual(await first.handler({ task: "heartbeat" }), { task: "heartbeat", hoursSinceLastSuccess: 0, lastSuccessKnown: false });
        const later = coldStart("http://127.0.0.1:9", { LEAGUE: "40" }, () => new Date("2021-01-09T06:30:00Z"));
        assert.deepEqual(await later.handler({ task: "heartbeat" }), { task: "heartbeat", hoursSinceLastSuccess: 198.5, lastSuccessKnown: false });
        const c = client();
        const marker = await c.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${lakeKeys(40, 2020).runsPrefix}watch-started.json` }));
        assert.equal(await marker.Body!.transformToString(), '{"since":"2021-01-01T00:00:00.000Z"}\n');
        assert.equal(marker.ContentType, "application/json");
        c.destroy();
    });

    it("counts the heartbeat's hours from now, and writes its first look again, where the one the lake holds cannot be read", async () => {
        // League 42: no run of it in this bucket.
        const markerKey = `${lakeKeys(42, 2020).runsPrefix}watch-started.json`;
        const read = async (c: S3Client) => (await c.send(new GetObjectCommand({ Bucket: BUCKET, Key: markerKey }))).Body!.transformToString();
        const c = client();
        const logged: string[] = [];
        const log = console.log;
        try {
            for (const [body, problem] of [["junk", "it is not JSON"], ['{"since":"2021-02-01T00:00:00.000Z"}\n', "its since 2021-02-01T00:00:00.000Z is after now"]]) {
                await c.send(new PutObjectCommand({ Bucket: BUCKET, Key: markerKey, Body: body }));
                console.log = (...args: unknown[]) => { logged.push(args.join(" ")); };
                const result = await coldStart("http://127.0.0.1:9", { LEAGUE: "42" }, () => new Date("2021-01-01T00:00:00Z")).handler({ task: "heartbeat" });
                console.log = log;
                assert.deepEqual(result, { task: "heartbeat", hoursSinceLastSuccess: 0, lastSuccessKnown: false });
                assert.ok(logged.includes(`heartbeat: ${markerKey} cannot be read (${problem}); counting from now`), logged.join("\n"));
                assert.equal(await read(c), '{"since":"2021-01-01T00:00:00.000Z"}\n');
            }
            // One over the size a run reads is read as missing, unread, and written again.
            await c.send(new PutObjectCommand({ Bucket: BUCKET, Key: markerKey, Body: Buffer.alloc(MAX_LAKE_READ_BYTES + 1, " ") }));
            console.log = (...args: unknown[]) => { logged.push(args.join(" ")); };
            const oversized = await coldStart("http://127.0.0.1:9", { LEAGUE: "42" }, () => new Date("2021-01-01T00:00:00Z")).handler({ task: "heartbeat" });
            console.log = log;
            assert.deepEqual(oversized, { task: "heartbeat", hoursSinceLastSuccess: 0, lastSuccessKnown: false });
            assert.ok(logged.includes(`heartbeat: ${markerKey} is ${MAX_LAKE_READ_BYTES + 1} bytes, more than the ${MAX_LAKE_READ_BYTES} read from the lake at once: read as missing`), logged.join("\n"));
            // s3rver may still be sending the refused object when the handler's PUT of the same key lands (the client
            // dropped the GET), and a read at once has come back empty (once in six runs). S3 serves the new object at
            // once; here an empty read is read again, for up to 2 s, and anything else must be the marker.
            let marker = await read(c);
            for (let i = 0; i < 20 && marker === ""; i++) {
                await new Promise((r) => setTimeout(r, 100));
                marker = await read(c);
            }
            assert.equal(marker, '{"since":"2021-01-01T00:00:00.000Z"}\n');
            const later = await coldStart("http://127.0.0.1:9", { LEAGUE: "42" }, () => new Date("2021-01-02T12:00:00Z")).handler({ task: "heartbeat" });
            assert.deepEqual(later, { task: "heartbeat", hoursSinceLastSuccess: 36, lastSuccessKnown: false }, "counted from the first look written again");
        } finally {
            console.log = log;
            c.destroy();
        }
    });

    it("writes its lines to stdout, named 'local', when it is given no emitter and runs outside Lambda", async () => {
        process.env.AWS_ENDPOINT_URL_SSM = "http://127.0.0.1:9";
        const handler = createScheduledHandler({ env: env("", { LEAGUE: "41", AWS_LAMBDA_FUNCTION_NAME: undefined }), now: () => new Date("2021-01-01T00:00:00Z") });
        const written: string[] = [];
        const write = process.stdout.write;
        process.stdout.write = ((chunk: string) => { written.push(String(chunk)); return true; }) as typeof process.stdout.write;
        try {
            await handler({ task: "heartbeat" });
        } finally {
            process.stdout.write = write;
        }
        assert.equal(written.length, 1);
        assert.ok(written[0].endsWith("}\n"), "one JSON object per line");
        const line = JSON.parse(written[0]);
        assert.deepEqual([line.FunctionName, line.task, line.league], ["local", "heartbeat", 41]);
    });

    it("takes an invocation with a null payload as a run at the clock's time, and logs the run's progress", async () => {
        const ssm = await startSsm({ [PARAMETER]: EMULATOR_KEY });
        const logged: string[] = [];
        const log = console.log;
        try {
            // After every other test's run on the shared lake: an earlier day's API would call some of its results unplayed.
            clock = Date.parse("2020-10-20T08:00:00Z");
            const { handler } = coldStart(ssm.url, {}, () => new Date("2020-10-20T08:00:00Z"));
            console.log = (...args: unknown[]) => { logged.push(args.join(" ")); };
            const summary = (await handler(null as never)) as RunSummary;
            console.log = log;
            assert.deepEqual([summary.outcome, summary.runDate], ["ok", "2020-10-20"]);
            assert.ok(logged.some((l) => /^quota: \d+ of \d+ requests used today/.test(l)), logged.join("\n"));
        } finally {
            console.log = log;
            await ssm.stop();
        }
    });
});
