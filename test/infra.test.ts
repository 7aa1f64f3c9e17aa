import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { specialSecretSig as SECRET_SIG, specialSigKey as SPECIAL_SIG_KEY } from "@pulumi/pulumi/runtime/rpc";
import { TABLES } from "../etl/catalog";
import { serializedHandler } from "./helpers/packaging";
import { created, installMocks, only, TEST_API_KEY, valueOf, waitFor } from "./helpers/pulumi-mocks";

installMocks({ season: "2020", apiKey: TEST_API_KEY, forceDestroy: "true", logRetentionDays: "14", alertEmail: "analyst@example.com" });
// eslint-disable-next-line @typescript-eslint/no-var-requires
const infra: typeof import("../index") = require("../index");

describe("the Pulumi program", function () {
    this.timeout(30_000);

    before(async () => {
        await waitFor("aws:cloudwatch/metricAlarm:MetricAlarm");
        await waitFor("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig");
        await waitFor("aws:lambda/permission:Permission");
        await waitFor("aws:cloudwatch/eventTarget:EventTarget");
        await waitFor("aws:athena/namedQuery:NamedQuery");
        for (const spec of TABLES) await waitFor("aws:glue/catalogTable:CatalogTable", spec.name);
    });

    describe("the data lake bucket", () => {
        it("gets a unique name from a prefix of project and stack", () => {
            const bucket = only("aws:s3/bucket:Bucket");
            assert.equal(bucket.inputs.bucketPrefix, "football-data-lake-test-");
            assert.equal(bucket.inputs.bucket, undefined);
        });

        it("can be destroyed with objects inside when the stack says so", () => {
            assert.equal(only("aws:s3/bucket:Bucket").inputs.forceDestroy, true);
        });

        it("blocks every kind of public access", () => {
            const block = only("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
            assert.deepEqual(
                [block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets],
                [true, true, true, true],
            );
        });

        it("enforces bucket-owner ownership, so ACLs play no part", () => {
            assert.equal(only("aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule.objectOwnership, "BucketOwnerEnforced");
        });

        it("encrypts objects at rest by default", () => {
            const sse = only("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs;
            assert.equal(sse.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
        });

        it("keeps object versions", () => {
            assert.equal(only("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration.status, "Enabled");
        });

        it("aborts incomplete multipart uploads and expires old versions", () => {
            const rules = only("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules;
            assert.equal(rules.find((r: any) => r.abortIncompleteMultipartUpload).abortIncompleteMultipartUpload.daysAfterInitiation, 7);
            assert.equal(rules.find((r: any) => r.noncurrentVersionExpiration).noncurrentVersionExpiration.noncurrentDays, 30);
        });

        it("denies any request that does not use TLS", () => {
            const policy = JSON.parse(only("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
            const [statement] = policy.Statement;
            assert.equal(statement.Effect, "Deny");
            assert.equal(statement.Action, "s3:*");
            assert.deepEqual(statement.Condition, { Bool: { "aws:SecureTransport": "false" } });
            assert.deepEqual(statement.Resource, ["arn:aws:mock:aws:s3/bucket:Bucket:data-lake-physical", "arn:aws:mock:aws:s3/bucket:Bucket:data-lake-physical/*"]);
        });
    });

    describe("teamcodes.csv", () => {
        it("lands at processed-data/teamcodes.csv with the file's bytes", async () => {
            const object = only("aws:s3/bucketObjectv2:BucketObjectv2").inputs;
            assert.equal(object.key, "processed-data/teamcodes.csv");
            assert.equal(object.contentType, "text/csv");
            const asset = await object.source;
            const expected = fs.readFileSync(path.join(__dirname, "..", "teamcodes.csv"));
            assert.deepEqual(fs.readFileSync(await asset.path), expected);
            assert.equal(object.sourceHash, require("crypto").createHash("sha256").update(expected).digest("hex"));
        });
    });

    describe("the API key", () => {
        it("is stored as an SSM SecureString", () => {
            const parameter = only("aws:ssm/parameter:Parameter").inputs;
            assert.equal(parameter.type, "SecureString");
            // The value reaches the provider marked secret, so the state file holds it encrypted.
            assert.equal(parameter.value[SPECIAL_SIG_KEY], SECRET_SIG);
            assert.equal(parameter.value.value, TEST_API_KEY);
            assert.equal(parameter.name, "/football-data-lake/test/api-football-key");
        });

        it("appears neither in the function's code nor in its environment", async () => {
            const fn = only("aws:lambda/function:Function").inputs;
            assert.ok(!JSON.stringify(fn.environment).includes(TEST_API_KEY));
            const archive = await fn.code;
            const index = await (await archive.assets)["__index.js"];
            const text: string = await index.text;
            assert.ok(text.includes("exports.handler"), "the serialized handler is in the archive");
            assert.ok(!text.includes(TEST_API_KEY));
            // The end-to-end test and the benchmark load this very text.
            assert.equal(text, await serializedHandler());
            assert.equal(fn.environment.variables.API_KEY_PARAMETER, "/football-data-lake/test/api-football-key");
        });

        it("is not among the stack outputs", async () => {
            const outputs = await Promise.all(Object.values(infra).map((v: any) => (v && typeof v.apply === "function" ? valueOf(v) : v)));
            assert.ok(!JSON.stringify(outputs).includes(TEST_API_KEY));
        });
    });

    describe("the ETL function", () => {
        it("runs on a current Node.js runtime with a timeout long enough for a season backfill", () => {
            const fn = only("aws:lambda/function:Function").inputs;
            assert.equal(fn.runtime, "nodejs22.x");
            // 21 requests at 10 a minute take a little over two minutes; leave room for retries and slow answers.
            assert.ok(fn.timeout >= 300 && fn.timeout <= 900, `timeout ${fn.timeout}`);
            assert.equal(fn.handler, "__index.handler");
        });

        it("never runs twice at once", () => {
            assert.equal(only("aws:lambda/function:Function").inputs.reservedConcurrentExecutions, 1);
        });

        it("is not retried by Lambda after a failed asynchronous run", () => {
            const invokeConfig = only("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").inputs;
            assert.equal(invokeConfig.maximumRetryAttempts, 0);
            assert.equal(invokeConfig.functionName, "football-data-lake-test-etl");
        });

        it("logs to its own declared log group with a retention period", () => {
            const group = only("aws:cloudwatch/logGroup:LogGroup").inputs;
            assert.equal(group.retentionInDays, 14);
            assert.equal(only("aws:lambda/function:Function").inputs.loggingConfig.logGroup, group.name);
        });

        it("gets its settings from the environment, league and season included", () => {
            const vars = only("aws:lambda/function:Function").inputs.environment.variables;
            assert.deepEqual(
                { LEAGUE: vars.LEAGUE, SEASON: vars.SEASON, API_HOST: vars.API_HOST, DAILY_BUDGET: vars.DAILY_BUDGET, LAKE_BUCKET: vars.LAKE_BUCKET },
                { LEAGUE: "39", SEASON: "2020", API_HOST: "api-sports", DAILY_BUDGET: "90", LAKE_BUCKET: "football-data-lake-test-abc123" },
            );
        });
    });

    describe("the role", () => {
        it("carries no managed policy, FullAccess or otherwise", () => {
            assert.equal(created.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
            assert.equal(only("aws:iam/role:Role").inputs.managedPolicyArns, undefined);
        });

        it("grants only the ETL's own actions on this bucket, this parameter and its log group", () => {
            const policy = JSON.parse(only("aws:iam/rolePolicy:RolePolicy").inputs.policy);
            const bucketArn = "arn:aws:mock:aws:s3/bucket:Bucket:data-lake-physical";
            const grants = policy.Statement.map((s: any) => ({ action: s.Action, resource: s.Resource, effect: s.Effect }));
            assert.deepEqual(grants, [
                { effect: "Allow", action: ["s3:GetObject", "s3:PutObject"], resource: `${bucketArn}/*` },
                { effect: "Allow", action: "s3:ListBucket", resource: bucketArn },
                { effect: "Allow", action: "ssm:GetParameter", resource: "arn:aws:mock:aws:ssm/parameter:Parameter:/football-data-lake/test/api-football-key" },
                { effect: "Allow", action: ["logs:CreateLogStream", "logs:PutLogEvents"], resource: "arn:aws:mock:aws:cloudwatch/logGroup:LogGroup:/aws/lambda/football-data-lake-test-etl:*" },
            ]);
            for (const s of policy.Statement) {
                for (const action of [s.Action].flat()) assert.ok(!action.includes("*"), `wildcard action ${action}`);
                assert.notEqual(s.Resource, "*");
            }
        });
    });

    describe("the schedule", () => {
        it("runs every Tuesday at 08:00 UTC by default", async () => {
            assert.equal(only("aws:cloudwatch/eventRule:EventRule").inputs.scheduleExpression, "cron(0 8 ? * TUE *)");
            assert.equal(await valueOf(infra.scheduleExpression), "cron(0 8 ? * TUE *)");
        });

        it("targets the ETL function", () => {
            const target = only("aws:cloudwatch/eventTarget:EventTarget").inputs;
            assert.equal(target.arn, "arn:aws:mock:aws:lambda/function:Function:football-data-lake-test-etl");
        });

        it("may invoke the function only from this rule", () => {
            const permission = only("aws:lambda/permission:Permission").inputs;
            assert.equal(permission.principal, "events.amazonaws.com");
            assert.equal(permission.action.toLowerCase(), "lambda:invokefunction");
            assert.equal(permission.sourceArn, "arn:aws:mock:aws:cloudwatch/eventRule:EventRule:weekly-etl-physical");
        });
    });

    describe("failure alerts", () => {
        it("raise an alarm on any error of the function, sent to an SNS topic", () => {
            const alarm = only("aws:cloudwatch/metricAlarm:MetricAlarm").inputs;
            assert.deepEqual(
                { ns: alarm.namespace, metric: alarm.metricName, fn: alarm.dimensions.FunctionName, threshold: alarm.threshold, op: alarm.comparisonOperator },
                { ns: "AWS/Lambda", metric: "Errors", fn: "football-data-lake-test-etl", threshold: 1, op: "GreaterThanOrEqualToThreshold" },
            );
            assert.deepEqual(alarm.alarmActions, ["arn:aws:mock:aws:sns/topic:Topic:etl-alerts-physical"]);
        });

        it("reach the alertEmail address when one is set", () => {
            const subscription = only("aws:sns/topicSubscription:TopicSubscription").inputs;
            assert.equal(subscription.protocol, "email");
            assert.equal(subscription.endpoint, "analyst@example.com");
        });
    });

    describe("the query layer", () => {
        const tables = () => created.filter((r) => r.type === "aws:glue/catalogTable:CatalogTable");

        it("declares a Glue database and one table per processed CSV table", () => {
            assert.equal(only("aws:glue/catalogDatabase:CatalogDatabase").inputs.name, "football_data_lake_test");
            assert.deepEqual(tables().map((t) => t.inputs.name).sort(), TABLES.map((t) => t.name).sort());
        });

        it("gives every table the CSV writer's own columns, in order", () => {
            for (const spec of TABLES) {
                const table = tables().find((t) => t.inputs.name === spec.name)!;
                assert.deepEqual(table.inputs.storageDescriptor.columns.map((c: any) => c.name), spec.columns.map((c) => c.name));
                assert.deepEqual(table.inputs.storageDescriptor.columns.map((c: any) => c.type), spec.columns.map((c) => (c.type === "timestamp" ? "string" : c.type)));
            }
        });

        it("projects partitions by league and season (and run date for history), so a query reads one folder", () => {
            const history = tables().find((t) => t.inputs.name === "team_table")!.inputs;
            assert.deepEqual(history.partitionKeys.map((k: any) => k.name), ["league", "season", "run_date"]);
            assert.equal(history.parameters["projection.enabled"], "true");
            assert.equal(history.parameters["storage.location.template"], "s3://football-data-lake-test-abc123/processed-data/analysis/team-table/league=${league}/season=${season}/run_date=${run_date}/");
            const fixtures = tables().find((t) => t.inputs.name === "fixtures")!.inputs;
            assert.deepEqual(fixtures.partitionKeys.map((k: any) => k.name), ["league", "season"]);
            assert.equal(fixtures.storageDescriptor.location, "s3://football-data-lake-test-abc123/processed-data/api-football/fixtures/");
            assert.equal(fixtures.parameters["skip.header.line.count"], "1");
        });

        it("sends Athena results to a prefix of the bucket that a lifecycle rule expires", () => {
            const workgroup = only("aws:athena/workgroup:Workgroup").inputs;
            assert.equal(workgroup.configuration.resultConfiguration.outputLocation, "s3://football-data-lake-test-abc123/athena-results/");
            assert.equal(workgroup.configuration.enforceWorkgroupConfiguration, true);
            const rule = only("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules.find((r: any) => r.filter?.prefix === "athena-results/");
            assert.equal(rule.expiration.days, 7);
        });

        it("saves the two questions as named queries for this stack's league and season", () => {
            const queries = created.filter((r) => r.type === "aws:athena/namedQuery:NamedQuery").map((r) => r.inputs);
            assert.deepEqual(queries.map((q) => q.name).sort(), ["expected-vs-real-goals", "expected-vs-real-points"]);
            for (const q of queries) {
                assert.match(q.query, /FROM "football_data_lake_test"\."team_table_latest"/);
                assert.match(q.query, /WHERE league = 39 AND season = 2020/);
                assert.equal(q.workgroup, "football-data-lake-test");
            }
        });
    });

    describe("stack outputs", () => {
        it("name the bucket, the function, the schedule, the league and the season", async () => {
            assert.equal(await valueOf(infra.bucketName), "football-data-lake-test-abc123");
            assert.equal(await valueOf(infra.functionName), "football-data-lake-test-etl");
            assert.equal(infra.league, 39);
            assert.equal(infra.season, 2020);
        });
    });
});

// Last in this file: it loads the program again, so it must not run before the suite above has read `created`.
describe("the Pulumi program with other stack settings", function () {
    this.timeout(30_000);
    const programPath = require.resolve("../index");

    function loadProgram(config: Record<string, string>): unknown {
        pulumi.runtime.setAllConfig(
            Object.fromEntries(Object.entries({ apiKey: TEST_API_KEY, ...config }).map(([k, v]) => [`football-data-lake:${k}`, v])),
            ["football-data-lake:apiKey"],
        );
        delete require.cache[programPath];
        return require(programPath);
    }

    after(() => {
        delete require.cache[programPath];
    });

    it("fails at preview when the season is not a 4-digit year, naming the key and value", () => {
        assert.throws(() => loadProgram({ season: "2020-21" }), /Invalid config 'season' = "2020-21"/);
    });

    it("fails at preview when the league is not a positive integer", () => {
        assert.throws(() => loadProgram({ season: "2020", league: "EPL" }), /Invalid config 'league' = "EPL"/);
    });

    it("fails at preview when the schedule is malformed", () => {
        assert.throws(() => loadProgram({ season: "2020", schedule: "cron(0 8 * * * *)" }), /Invalid config 'schedule'/);
    });

    it("fails at preview when the log retention is a period CloudWatch does not offer", () => {
        assert.throws(() => loadProgram({ season: "2020", logRetentionDays: "10" }), /Invalid config 'logRetentionDays' = "10"/);
    });

    it("keeps a bucket that still holds objects on destroy unless the stack says otherwise", async () => {
        const before = created.filter((r) => r.type === "aws:s3/bucket:Bucket").length;
        loadProgram({ season: "2022" });
        for (let i = 0; i < 500 && created.filter((r) => r.type === "aws:s3/bucket:Bucket").length === before; i++) {
            await new Promise((r) => setTimeout(r, 20));
        }
        const buckets = created.filter((r) => r.type === "aws:s3/bucket:Bucket");
        assert.equal(buckets[buckets.length - 1].inputs.forceDestroy, false);
    });

    it("uses the stack's schedule for the rule", async () => {
        const before = created.filter((r) => r.type === "aws:cloudwatch/eventRule:EventRule").length;
        loadProgram({ season: "2021", schedule: "cron(30 6 ? * MON *)" });
        for (let i = 0; i < 500 && created.filter((r) => r.type === "aws:cloudwatch/eventRule:EventRule").length === before; i++) {
            await new Promise((r) => setTimeout(r, 20));
        }
        const rules = created.filter((r) => r.type === "aws:cloudwatch/eventRule:EventRule");
        assert.equal(rules.length, before + 1);
        assert.equal(rules[rules.length - 1].inputs.scheduleExpression, "cron(30 6 ? * MON *)");
    });
});
