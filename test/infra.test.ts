import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { specialSecretSig as SECRET_SIG, specialSigKey as SPECIAL_SIG_KEY } from "@pulumi/pulumi/runtime/rpc";
import { codeVersion } from "../etl/build";
import { catalogColumns, TABLES } from "../etl/catalog";
import { teamcodesLine } from "./helpers/lakes";
import { serializedHandler } from "./helpers/packaging";
import { seasonRunTimes } from "../etl/local/replay";
import { RUN_COLUMNS } from "../etl/runs";
import { TEAM_TABLE_COLUMNS } from "../etl/analysis";
import { Created, created, installMocks, named, only, TEST_API_KEY, valueOf, waitFor } from "./helpers/pulumi-mocks";

installMocks({ season: "2020", apiKey: TEST_API_KEY, forceDestroy: "true", logRetentionDays: "14", alertEmail: "analyst@example.com" });
// eslint-disable-next-line @typescript-eslint/no-var-requires
const infra: typeof import("../index") = require("../index");

/** How many resources the program declared at its first load: the tests below that load it again add theirs after. */
let declaredAtLoad: number | undefined;

describe("the Pulumi program", function () {
    this.timeout(30_000);

    before(async () => {
        // A runner that runs the suite again in one process (Stryker does) finds the other loads' resources recorded too.
        if (declaredAtLoad !== undefined) created.splice(declaredAtLoad);
        await waitFor("aws:cloudwatch/metricAlarm:MetricAlarm");
        await waitFor("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig");
        await waitFor("aws:lambda/permission:Permission");
        await waitFor("aws:cloudwatch/eventTarget:EventTarget");
        await waitFor("aws:athena/namedQuery:NamedQuery");
        await waitFor("aws:lambda/permission:Permission", "heartbeat");
        await waitFor("aws:cloudwatch/metricAlarm:MetricAlarm", "etl-no-success");
        for (const spec of TABLES) await waitFor("aws:glue/catalogTable:CatalogTable", spec.name);
        declaredAtLoad ??= created.length;
    });

    describe("the data lake bucket", () => {
        it("gets a unique name from a prefix of project and stack", () => {
            const bucket = only("aws:s3/bucket:Bucket");
            assert.equal(bucket.inputs.bucketPrefix, "football-data-lake-test-");
            assert.equal(bucket.inputs.bucket, undefined);
        });

        it("leaves the function's name as project-stack-suffix while it fits 64 characters, and cuts and hashes it otherwise", () => {
            const hash = (text: string) => crypto.createHash("sha256").update(text).digest("hex").slice(0, 8);
            assert.equal(infra.lambdaName("proj", "dev", "etl"), "proj-dev-etl");
            const fits = "p".repeat(56);
            assert.equal(infra.lambdaName(fits, "dev", "etl"), `${fits}-dev-etl`, "64 characters exactly");
            const long = "p".repeat(57);
            assert.equal(infra.lambdaName(long, "dev", "etl"), `${`${long}-dev`.slice(0, 51)}-${hash(`${long}-dev`)}-etl`);
            // A dot is not allowed: the name changes, so it is hashed, and the cut never leaves a dash before the hash.
            const dotted = "p".repeat(50);
            assert.equal(infra.lambdaName(dotted, "x.y", "etl"), `${dotted}-${hash(`${dotted}-x.y`)}-etl`);
            // Nor a run of dashes the project's name holds where the cut falls.
            const dashes = `${"p".repeat(49)}--q`;
            assert.equal(infra.lambdaName(dashes, "x.y", "etl"), `${"p".repeat(49)}-${hash(`${dashes}-x.y`)}-etl`);
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
            const everywhere = rules.find((r: any) => r.id === "expire-noncurrent-versions");
            assert.deepEqual([everywhere.filter, everywhere.noncurrentVersionExpiration.noncurrentDays], [{}, 30]);
            // S3 ignores a rule whose status is not exactly "Enabled".
            assert.deepEqual(rules.map((r: any) => [r.id, r.status]), [
                ["abort-incomplete-multipart-uploads", "Enabled"], ["expire-noncurrent-versions", "Enabled"], ["expire-athena-results", "Enabled"],
            ]);
            assert.deepEqual(rules[0].filter, {}, "uploads are aborted anywhere in the bucket");
        });

        it("turns versioning on before the lifecycle rules and the first object, as S3 asks", () => {
            const versioning = "aws:s3/bucketVersioning:BucketVersioning::data-lake";
            assert.ok(only("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").dependsOn.includes(versioning));
            assert.ok(only("aws:s3/bucketObjectv2:BucketObjectv2").dependsOn.includes(versioning));
        });

        it("denies any request that does not use TLS, from anyone", () => {
            const policy = JSON.parse(only("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
            const [statement] = policy.Statement;
            assert.equal(statement.Effect, "Deny");
            assert.equal(statement.Principal, "*");
            assert.equal(statement.Action, "s3:*");
            assert.deepEqual(statement.Condition, { Bool: { "aws:SecureTransport": "false" } });
            assert.deepEqual(statement.Resource, ["arn:aws:mock:aws:s3/bucket:Bucket:data-lake-physical", "arn:aws:mock:aws:s3/bucket:Bucket:data-lake-physical/*"]);
            assert.deepEqual([policy.Version, statement.Sid, policy.Statement.length], ["2012-10-17", "DenyInsecureTransport", 1]);
            // With public policies blocked first, the policy is never briefly the only guard.
            assert.ok(only("aws:s3/bucketPolicy:BucketPolicy").dependsOn.includes("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::data-lake"));
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
            assert.equal(parameter.description, "API-Football key read by the ETL Lambda at cold start");
        });

        it("appears neither in the function's code nor in its environment", async () => {
            const fn = only("aws:lambda/function:Function").inputs;
            assert.ok(!JSON.stringify(fn.environment).includes(TEST_API_KEY));
            const archive = await fn.code;
            const index = await (await archive.assets)["__index.js"];
            const text: string = await index.text;
            assert.ok(text.includes("exports.handler"), "the serialized handler is in the archive");
            assert.ok(!text.includes(TEST_API_KEY));
            // The end-to-end test and the benchmark load this very text. Under mutation
            // testing the closure captures Stryker's coverage counters, which change
            // between two serializations: the check only holds, and only runs, outside it.
            if (!process.env.STRYKER_MUTATOR_WORKER) assert.equal(text, await serializedHandler());
            assert.equal(fn.environment.variables.API_KEY_PARAMETER, "/football-data-lake/test/api-football-key");
        });

        it("is not among the stack outputs", async () => {
            const outputs = await Promise.all(Object.values(infra).map((v: any) => (v && typeof v.apply === "function" ? valueOf(v) : v)));
            assert.ok(!JSON.stringify(outputs).includes(TEST_API_KEY));
        });
    });

    describe("the ETL function", () => {
        it("runs on nodejs24.x, which stays supported past nodejs22.x's 2027 deprecation, with a timeout long enough for a season backfill", () => {
            const fn = only("aws:lambda/function:Function").inputs;
            assert.equal(fn.runtime, "nodejs24.x");
            // 21 requests at 10 a minute take a little over two minutes; leave room for retries and slow answers.
            assert.ok(fn.timeout >= 300 && fn.timeout <= 900, `timeout ${fn.timeout}`);
            assert.equal(fn.handler, "__index.handler");
            assert.equal(fn.memorySize, 512);
            assert.equal(fn.description, "Weekly API-Football ETL for league 39, season 2020");
        });

        it("leaves out of its archive the SDK the runtime provides and the packages it never loads", async () => {
            const archive = await only("aws:lambda/function:Function").inputs.code;
            const paths = Object.keys(await archive.assets);
            // Written out by hand, not taken from the program's list, so a name lost from that list shows here.
            const left = ["@aws-sdk/client-s3", "@aws-sdk/client-ssm", "commander", "iconv-lite", "rw", "safer-buffer", "cross-fetch", "node-fetch",
                "whatwg-url", "tr46", "webidl-conversions", "@duckdb/node-api"];
            for (const name of left) {
                assert.ok(!paths.some((p) => p.startsWith(`node_modules/${name}`)), `${name} is packaged`);
            }
            assert.ok(paths.some((p) => p.startsWith("node_modules/d3-dsv")), "d3-dsv, which the handler loads, is packaged");
        });

        it("reserves no concurrency by default, so the first deploy succeeds on an account at the minimum quota", () => {
            assert.equal(only("aws:lambda/function:Function").inputs.reservedConcurrentExecutions, undefined);
        });

        it("is created after its role policy and its log group", () => {
            const deps = only("aws:lambda/function:Function").dependsOn;
            assert.ok(deps.includes("aws:iam/rolePolicy:RolePolicy::etl"), deps.join(", "));
            assert.ok(deps.includes("aws:cloudwatch/logGroup:LogGroup::etl"), deps.join(", "));
        });

        it("logs JSON records, and carries the version of the code it runs", () => {
            const fn = only("aws:lambda/function:Function").inputs;
            assert.deepEqual({ ...fn.loggingConfig, logGroup: undefined }, { logFormat: "JSON", applicationLogLevel: "INFO", systemLogLevel: "INFO", logGroup: undefined });
            assert.equal(fn.environment.variables.CODE_VERSION, codeVersion());
            assert.match(fn.environment.variables.CODE_VERSION, /^\d+\.\d+\.\d+\+[0-9a-f]{12}$/);
        });

        it("is not retried by Lambda after a failed asynchronous run", () => {
            const invokeConfig = only("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").inputs;
            assert.equal(invokeConfig.maximumRetryAttempts, 0);
            assert.equal(invokeConfig.maximumEventAgeInSeconds, 3600, "an event that waited an hour is dropped, not run late");
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
        it("may be assumed by Lambda alone", () => {
            assert.deepEqual(JSON.parse(only("aws:iam/role:Role").inputs.assumeRolePolicy), {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }],
            });
        });

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
            assert.deepEqual([policy.Version, policy.Statement.map((s: any) => s.Sid)], ["2012-10-17", ["LakeObjects", "LakeList", "ApiKey", "Logs"]]);
            for (const s of policy.Statement) {
                for (const action of [s.Action].flat()) assert.ok(!action.includes("*"), `wildcard action ${action}`);
                assert.notEqual(s.Resource, "*");
            }
        });
    });

    describe("the schedule", () => {
        it("runs every Tuesday at 08:00 UTC by default", async () => {
            assert.equal(named("aws:cloudwatch/eventRule:EventRule", "weekly-etl").inputs.scheduleExpression, "cron(0 8 ? * TUE *)");
            assert.equal(await valueOf(infra.scheduleExpression), "cron(0 8 ? * TUE *)");
        });

        it("targets the ETL function", () => {
            const target = named("aws:cloudwatch/eventTarget:EventTarget", "weekly-etl").inputs;
            assert.equal(target.arn, "arn:aws:mock:aws:lambda/function:Function:football-data-lake-test-etl");
            assert.equal(target.input, undefined, "the scheduled event itself, whose time names the run");
        });

        it("may invoke the function only from this rule", () => {
            const permission = named("aws:lambda/permission:Permission", "weekly-etl").inputs;
            assert.equal(permission.principal, "events.amazonaws.com");
            assert.equal(permission.action.toLowerCase(), "lambda:invokefunction");
            assert.equal(permission.sourceArn, "arn:aws:mock:aws:cloudwatch/eventRule:EventRule:weekly-etl-physical");
        });
    });

    describe("the heartbeat", () => {
        it("invokes the function every hour with the heartbeat task, and only from its own rule", () => {
            const rule = named("aws:cloudwatch/eventRule:EventRule", "heartbeat").inputs;
            assert.deepEqual([rule.scheduleExpression, rule.description], ["rate(1 hour)", "Hourly: the ETL reports the hours since its last successful run"]);
            const target = named("aws:cloudwatch/eventTarget:EventTarget", "heartbeat").inputs;
            assert.deepEqual([target.arn, JSON.parse(target.input)], ["arn:aws:mock:aws:lambda/function:Function:football-data-lake-test-etl", { task: "heartbeat" }]);
            const permission = named("aws:lambda/permission:Permission", "heartbeat").inputs;
            assert.deepEqual([permission.action, permission.principal, permission.function, permission.sourceArn],
                ["lambda:InvokeFunction", "events.amazonaws.com", "football-data-lake-test-etl", "arn:aws:mock:aws:cloudwatch/eventRule:EventRule:heartbeat-physical"]);
        });

        it("feeds an alarm that fires when no run has succeeded for 8 days, within CloudWatch's 7-day look-back", () => {
            const alarm = named("aws:cloudwatch/metricAlarm:MetricAlarm", "etl-no-success").inputs;
            assert.deepEqual(
                { ns: alarm.namespace, metric: alarm.metricName, fn: alarm.dimensions.FunctionName, stat: alarm.statistic, threshold: alarm.threshold, op: alarm.comparisonOperator, missing: alarm.treatMissingData },
                { ns: "FootballDataLake", metric: "HoursSinceLastSuccess", fn: "football-data-lake-test-etl", stat: "Maximum", threshold: 8 * 24, op: "GreaterThanThreshold", missing: "notBreaching" },
            );
            // PutMetricAlarm refuses a period × evaluation periods longer than 7 days (1 day below hourly periods).
            assert.ok(alarm.period * alarm.evaluationPeriods <= 7 * 86_400 && alarm.period >= 3600 && alarm.period % 60 === 0);
            // Hourly heartbeats: every period holds several, so a quiet period means the heartbeat stopped.
            assert.ok(alarm.period >= 3 * 3600);
            assert.equal(alarm.evaluationPeriods, 1);
            assert.equal(alarm.alarmDescription, "No ETL run has succeeded for 8 days: check the schedule, the API key and the function's log group");
            assert.deepEqual(alarm.alarmActions, ["arn:aws:mock:aws:sns/topic:Topic:etl-alerts-physical"]);
        });
    });

    describe("failure alerts", () => {
        it("raise an alarm on any error of the function within an hour, sent to an SNS topic", () => {
            const alarm = named("aws:cloudwatch/metricAlarm:MetricAlarm", "etl-errors").inputs;
            assert.deepEqual(
                { ns: alarm.namespace, metric: alarm.metricName, fn: alarm.dimensions.FunctionName, stat: alarm.statistic, threshold: alarm.threshold, op: alarm.comparisonOperator, period: alarm.period, periods: alarm.evaluationPeriods, missing: alarm.treatMissingData },
                { ns: "AWS/Lambda", metric: "Errors", fn: "football-data-lake-test-etl", stat: "Sum", threshold: 1, op: "GreaterThanOrEqualToThreshold", period: 3600, periods: 1, missing: "notBreaching" },
            );
            assert.deepEqual(alarm.alarmActions, ["arn:aws:mock:aws:sns/topic:Topic:etl-alerts-physical"]);
            assert.equal(alarm.alarmDescription, "The weekly ETL run failed: see the function's log group");
        });

        it("reach the alertEmail address when one is set", () => {
            const subscription = only("aws:sns/topicSubscription:TopicSubscription").inputs;
            assert.equal(subscription.protocol, "email");
            assert.equal(subscription.endpoint, "analyst@example.com");
            assert.equal(subscription.topic, "arn:aws:mock:aws:sns/topic:Topic:etl-alerts-physical");
        });
    });

    describe("the query layer", () => {
        const tables = () => created.filter((r) => r.type === "aws:glue/catalogTable:CatalogTable");

        it("declares a Glue database and one table per processed CSV table", () => {
            const database = only("aws:glue/catalogDatabase:CatalogDatabase").inputs;
            assert.deepEqual([database.name, database.description], ["football_data_lake_test", "Processed zone of the football data lake (test)"]);
            assert.deepEqual(tables().map((t) => t.inputs.name).sort(), TABLES.map((t) => t.name).sort());
            for (const t of tables()) {
                assert.equal(t.inputs.databaseName, "football_data_lake_test", t.inputs.name);
                assert.ok(t.dependsOn.includes("aws:glue/catalogDatabase:CatalogDatabase::lake"), `${t.inputs.name} waits for its database`);
            }
        });

        it("gives every table the CSV writer's own columns, in order, the API's season named league_season beside the season partition", () => {
            for (const spec of TABLES) {
                const table = tables().find((t) => t.inputs.name === spec.name)!;
                assert.deepEqual(table.inputs.storageDescriptor.columns.map((c: any) => c.name), spec.columns.map((c) => (c.name === "season" ? "league_season" : c.name)));
                assert.deepEqual(table.inputs.storageDescriptor.columns.map((c: any) => c.type), spec.columns.map((c) => (c.type === "timestamp" ? "string" : c.type)));
            }
            const fixtures = tables().find((t) => t.inputs.name === "fixtures")!.inputs.storageDescriptor.columns;
            assert.deepEqual(fixtures.slice(0, 3).map((c: any) => c.name), ["fixture_id", "league_id", "league_season"], "read by position: the CSV's third column");
            // Athena's column list shows the comment: it says why the column is not called season.
            assert.equal(fixtures[2].comment, "year the season starts in (the partition season holds the same)");
        });

        it("declares each table with the columns and types the README documents, in the CSV's order", () => {
            // Written out by hand from the README's column lists (Lake layout, the runs table, the season's team codes), as Glue holds them: the
            // API's season as league_season, a timestamp as a string. A column renamed, retyped, moved or lost in the
            // code's lists changes the CSV and the catalog alike, so only a list kept apart from them can see it.
            const fixture = "fixture_id int, league_id int, league_season int, round string, kickoff_utc string, status string, status_long string, venue string, " +
                "home_id int, home_name string, away_id int, away_name string, home_goals int, away_goals int, halftime_home int, halftime_away int, " +
                "penalty_home int, penalty_away int, statistics string, missing_since string";
            const statistics = "fixture_id int, league_id int, league_season int, kickoff_utc string, side string, team_id int, team_name string, opponent_id int, goals int, " +
                "shots_on_goal int, shots_off_goal int, shots_insidebox int, shots_outsidebox int, total_shots int, blocked_shots int, fouls int, corner_kicks int, " +
                "offsides int, ball_possession double, yellow_cards int, red_cards int, goalkeeper_saves int, total_passes int, passes_accurate int, passes_pct double, " +
                "expected_goals double, goals_prevented double, penalties_taken int, penalties_scored int";
            const teamTable = "rank_points int, rank_xpts int, team_id int, team_name string, team_code string, played int, won int, drawn int, lost int, " +
                "goals_for int, goals_against int, goal_difference int, points int, xg_for double, xg_against double, xpts double, goals_minus_xg double, " +
                "goals_against_minus_xg_against double, points_minus_xpts double, xg_fixtures int, xg_estimated int, points_percentile double, points_p05 int, points_p95 int";
            const fixtureXpts = "fixture_id int, kickoff_utc string, home_id int, home_name string, away_id int, away_name string, home_goals int, away_goals int, " +
                "home_xg double, away_xg double, xg_source string, p_home_win double, p_draw double, p_away_win double, home_xpts double, away_xpts double, " +
                "home_points int, away_points int";
            const forecasts = "fixture_id int, kickoff_utc string, home_id int, home_name string, away_id int, away_name string, model string, " +
                "home_xg_forecast double, away_xg_forecast double, p_home_win double, p_draw double, p_away_win double, fitted_on_fixtures int";
            const runs = "run_id string, run_date string, started_utc string, ended_utc string, duration_s double, outcome string, error_kind string, error_message string, " +
                "requests int, quota_used int, quota_limit int, fixtures int, finished int, landed int, in_lake int, pending int, unavailable int, files_written int, code_version string";
            const documented: Record<string, string> = {
                fixtures: fixture, statistics, team_table: teamTable, team_table_latest: teamTable, fixture_xpts: fixtureXpts, fixture_xpts_latest: fixtureXpts,
                forecasts, forecasts_latest: forecasts, runs, teamcodes: "id int, name string, code string, source string",
            };
            assert.deepEqual(tables().map((t) => t.inputs.name).sort(), Object.keys(documented).sort());
            for (const t of tables()) {
                assert.equal(t.inputs.storageDescriptor.columns.map((c: any) => `${c.name} ${c.type}`).join(", "), documented[t.inputs.name], t.inputs.name);
                // Athena's console shows each column's comment beside its name: none is left without one.
                for (const c of t.inputs.storageDescriptor.columns) assert.ok(typeof c.comment === "string" && c.comment.trim() !== "", `${t.inputs.name}.${c.name} has no comment`);
                // And each table's description beside its name: a dated table and its latest copy hold the same
                // columns, so the description is how a reader tells them apart.
                assert.ok(typeof t.inputs.description === "string" && t.inputs.description.trim() !== "", `${t.inputs.name} has no description`);
            }
            assert.equal(new Set(tables().map((t) => t.inputs.description)).size, tables().length, "two tables have the same description");
        });

        it("names no column as a partition key, which Athena refuses at every query (Table descriptor contains duplicate columns)", () => {
            // Before, the season table and the statistics had a column season beside the partition season.
            for (const t of tables()) {
                const names = [...t.inputs.storageDescriptor.columns, ...t.inputs.partitionKeys].map((c: any) => String(c.name).toLowerCase());
                assert.equal(new Set(names).size, names.length, `${t.inputs.name}: ${names.join(", ")}`);
            }
            // A column added later under a partition key's name, with no name of its own for the catalog, fails `pulumi up`.
            const history = TABLES.find((t) => t.history)!;
            assert.throws(() => catalogColumns({ ...history, columns: [...history.columns, { name: "run_date", type: "string", description: "x" }] }),
                new RegExp(`^Error: table ${history.name}: run_date named twice among its columns and partition keys, which Athena refuses$`));
            const both = [{ name: "league", type: "int" as const, description: "x" }, { name: "run_date", type: "string" as const, description: "y" }];
            assert.throws(() => catalogColumns({ ...history, columns: [...history.columns, ...both] }),
                new RegExp(`^Error: table ${history.name}: league, run_date named twice among its columns and partition keys, which Athena refuses$`));
        });

        it("projects partitions by league and season (and run date for history), so a query reads one folder", () => {
            const history = tables().find((t) => t.inputs.name === "team_table")!.inputs;
            assert.deepEqual(history.partitionKeys.map((k: any) => [k.name, k.type]), [["league", "int"], ["season", "int"], ["run_date", "string"]]);
            assert.ok(history.partitionKeys.every((k: any) => k.comment.length > 0), "each partition key says what it is");
            // Athena's partition projection settings, as its documentation spells them.
            assert.deepEqual(history.parameters, {
                "classification": "csv",
                "skip.header.line.count": "1",
                "use.null.for.invalid.data": "true",
                "projection.enabled": "true",
                "projection.league.type": "enum",
                "projection.league.values": "39",
                "projection.season.type": "enum",
                "projection.season.values": "2020",
                "projection.run_date.type": "date",
                "projection.run_date.format": "yyyy-MM-dd",
                "projection.run_date.range": "2020-06-01,2021-08-31",
                "projection.run_date.interval": "1",
                "projection.run_date.interval.unit": "DAYS",
                "storage.location.template": "s3://football-data-lake-test-abc123/processed-data/analysis/team-table/league=${league}/season=${season}/run_date=${run_date}/",
            });
            assert.equal(history.tableType, "EXTERNAL_TABLE");
            assert.equal(history.storageDescriptor.inputFormat, "org.apache.hadoop.mapred.TextInputFormat");
            assert.equal(history.storageDescriptor.outputFormat, "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
            assert.deepEqual(history.storageDescriptor.serDeInfo, {
                serializationLibrary: "org.apache.hadoop.hive.serde2.OpenCSVSerde",
                parameters: { separatorChar: ",", quoteChar: "\"", escapeChar: "\\" },
            });
            assert.deepEqual(history.storageDescriptor.columns.map((c: any) => c.comment), TEAM_TABLE_COLUMNS.map((c) => c.description), "each column's comment is its description");
            const fixtures = tables().find((t) => t.inputs.name === "fixtures")!.inputs;
            assert.deepEqual(fixtures.partitionKeys.map((k: any) => k.name), ["league", "season"]);
            assert.equal(fixtures.storageDescriptor.location, "s3://football-data-lake-test-abc123/processed-data/api-football/fixtures/");
            assert.equal(fixtures.parameters["skip.header.line.count"], "1");
        });

        // What Athena enumerates for a query that names no partition, from the projection alone.
        const partitionsEnumerated = (parameters: Record<string, string>, keys: string[]): number => keys.reduce((n, key) => {
            const type = parameters[`projection.${key}.type`];
            if (type === "enum") return n * parameters[`projection.${key}.values`].split(",").length;
            const [from, to] = parameters[`projection.${key}.range`].split(",");
            if (type === "integer") return n * (Number(to) - Number(from) + 1);
            if (type === "date") return n * (Math.round((Date.parse(to === "NOW" ? new Date().toISOString().slice(0, 10) : to) - Date.parse(from)) / 86_400_000) + 1);
            throw new Error(`projection type ${type} of ${key}`);
        }, 1);

        it("projects exactly the stack's league and season, and the season's run dates, so an unfiltered query enumerates at most 500 partitions", () => {
            for (const t of tables()) {
                const keys = t.inputs.partitionKeys.map((k: any) => k.name);
                const n = partitionsEnumerated(t.inputs.parameters, keys);
                assert.ok(n <= 500, `${t.inputs.name}: ${n} partitions`);
                // The season table also holds the previous season, whose results the forecasts start from.
                const previous = t.inputs.name === "fixtures";
                assert.equal(n, keys.includes("run_date") ? 457 : previous ? 2 : 1, t.inputs.name);
                assert.deepEqual([t.inputs.parameters["projection.league.values"], t.inputs.parameters["projection.season.values"]], ["39", previous ? "2019,2020" : "2020"]);
            }
        });

        it("covers every weekly run of the season with its run-date window", () => {
            const [from, to] = tables().find((t) => t.inputs.name === "team_table")!.inputs.parameters["projection.run_date.range"].split(",");
            const runDates = seasonRunTimes().map((d) => d.toISOString().slice(0, 10));
            assert.ok(runDates.every((d) => d >= from && d <= to), `${runDates[0]}..${runDates[runDates.length - 1]} within ${from}..${to}`);
        });

        it("declares the runs table over the run records' CSV", () => {
            const runs = tables().find((t) => t.inputs.name === "runs")!.inputs;
            assert.equal(runs.parameters["storage.location.template"], "s3://football-data-lake-test-abc123/processed-data/runs/league=${league}/season=${season}/");
            assert.deepEqual(runs.storageDescriptor.columns.map((c: any) => c.name), RUN_COLUMNS.map((c) => c.name));
        });

        it("sends Athena results to a prefix of the bucket that a lifecycle rule expires", () => {
            const workgroup = only("aws:athena/workgroup:Workgroup").inputs;
            assert.equal(workgroup.configuration.resultConfiguration.outputLocation, "s3://football-data-lake-test-abc123/athena-results/");
            assert.equal(workgroup.configuration.enforceWorkgroupConfiguration, true);
            assert.deepEqual(workgroup.configuration.resultConfiguration.encryptionConfiguration, { encryptionOption: "SSE_S3" });
            assert.equal(workgroup.forceDestroy, true, "pulumi destroy removes the workgroup with its query history");
            const rule = only("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules.find((r: any) => r.filter?.prefix === "athena-results/");
            assert.equal(rule.expiration.days, 7);
            // In a versioned bucket expiration leaves a noncurrent version, which this removes a day later.
            assert.equal(rule.noncurrentVersionExpiration.noncurrentDays, 1);
        });

        it("saves the named queries for this stack's league and season", () => {
            const queries = created.filter((r) => r.type === "aws:athena/namedQuery:NamedQuery" && r.stack === "test").map((r) => r.inputs);
            assert.deepEqual(queries.map((q) => q.name).sort(), ["expected-vs-real-goals", "expected-vs-real-points", "largest-xg-gaps", "next-week-forecasts", "team-story"]);
            for (const q of queries) {
                assert.match(q.query, /FROM "football_data_lake_test"\."(team_table_latest|team_table|fixture_xpts_latest|forecasts_latest)"/);
                assert.match(q.query, /WHERE league = 39 AND season = 2020/);
                assert.doesNotMatch(q.query, /league = (?!39)|season = (?!2020)/, "every filter names the stack's league and season");
                assert.equal(q.workgroup, "football-data-lake-test");
                assert.equal(q.database, "football_data_lake_test");
                assert.ok(q.description.length > 20, q.name);
            }
        });
    });

    describe("stack outputs", () => {
        it("name the bucket, the function, the schedule, the league and the season", async () => {
            assert.equal(await valueOf(infra.bucketName), "football-data-lake-test-abc123");
            assert.equal(await valueOf(infra.functionName), "football-data-lake-test-etl");
            assert.equal(infra.league, 39);
            assert.equal(infra.season, 2020);
            assert.deepEqual(await Promise.all([infra.logGroupName, infra.alertTopicArn, infra.athenaWorkgroup, infra.glueDatabase].map((o) => valueOf(o))), [
                "/aws/lambda/football-data-lake-test-etl", "arn:aws:mock:aws:sns/topic:Topic:etl-alerts-physical", "football-data-lake-test", "football_data_lake_test",
            ]);
        });

        it("give the S3 addresses of the latest team table, the latest chart and the runs table, and the named queries' ids", async () => {
            const bucket = "s3://football-data-lake-test-abc123";
            assert.equal(await valueOf(infra.teamTableLatestUri), `${bucket}/processed-data/analysis/team-table-latest/league=39/season=2020/team-table.csv`);
            assert.equal(await valueOf(infra.chartLatestUri), `${bucket}/processed-data/analysis/charts/league=39/season=2020/latest/points-vs-xpts.svg`);
            assert.equal(await valueOf(infra.runsTableUri), `${bucket}/processed-data/runs/league=39/season=2020/runs.csv`);
            assert.deepEqual(await valueOf(infra.namedQueryIds), Object.fromEntries(
                ["expected-vs-real-goals", "expected-vs-real-points", "team-story", "largest-xg-gaps", "next-week-forecasts"].map((name) => [name, `${name}-id`])));
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
        assert.throws(() => loadProgram({ season: "2020", logRetentionDays: "10" }), /Invalid config 'logRetentionDays' = "10": expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653$/);
    });

    it("fails at preview when alertEmail is not an e-mail address", () => {
        for (const bad of ["analyst", "analyst@example", "@example.com", "analyst@.com", "an alyst@example.com", "analyst@example.com ", "a@b@example.com"]) {
            assert.throws(() => loadProgram({ season: "2020", alertEmail: bad }), (err: Error) => err.message === `Invalid config 'alertEmail' = ${JSON.stringify(bad)}: expected an e-mail address, or leave it unset`, bad);
        }
    });

    it("fails at preview when teamcodes.csv has a line that is wrong, naming each such line, before it declares anything", () => {
        const file = path.join(__dirname, "..", "teamcodes.csv");
        // The module itself, not this file's namespace of it: the program sees what is set on it.
        const nodeFs: { readFileSync: unknown } = require("fs");
        const read = fs.readFileSync;
        const edited = read(file, "utf8").replace("42,Arsenal,ARS", "42,Arsenal,Ars").replace("47,Tottenham,TOT", "47,Tottenham,MUN");
        // The file as a user might edit it; every other read goes through.
        nodeFs.readFileSync = (p: fs.PathOrFileDescriptor, ...rest: unknown[]) => (p === file ? Buffer.from(edited) : (read as Function)(p, ...rest));
        const before = created.length;
        try {
            assert.throws(() => loadProgram({ season: "2020" }), (err: Error) => err.message === `teamcodes.csv cannot be uploaded: line 2: code 'Ars' is not three capital letters; line ${teamcodesLine(edited, 47)}: code MUN is on line ${teamcodesLine(edited, 33)} too`);
        } finally {
            nodeFs.readFileSync = read;
        }
        assert.equal(created.length, before, "no resource declared");
    });

    it("fails at preview when teamcodes.csv is larger than a run reads from the lake, before it declares anything", () => {
        const file = path.join(__dirname, "..", "teamcodes.csv");
        const nodeFs: { readFileSync: unknown } = require("fs");
        const read = fs.readFileSync;
        // The project's file, with blank lines (no problem in themselves) to one byte over the 16 MiB a run reads.
        const text = read(file, "utf8");
        const padded = Buffer.from(text + "\n".repeat(16 * 1024 * 1024 + 1 - Buffer.byteLength(text)));
        nodeFs.readFileSync = (p: fs.PathOrFileDescriptor, ...rest: unknown[]) => (p === file ? padded : (read as Function)(p, ...rest));
        const before = created.length;
        try {
            assert.throws(() => loadProgram({ season: "2020" }), (err: Error) => err.message === `teamcodes.csv cannot be uploaded: it is 16777217 bytes, more than the 16777216 a run reads from the lake`);
        } finally {
            nodeFs.readFileSync = read;
        }
        assert.equal(created.length, before, "no resource declared");
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

    it("keeps logs 30 days, reserves no concurrency for an empty setting, subscribes no address unless given one, and passes on the API host and budget", async () => {
        const subscriptions = () => created.filter((r) => r.type === "aws:sns/topicSubscription:TopicSubscription").length;
        const before = subscriptions();
        const fn = await declaredFunction("2017", () => loadProgram({ season: "2017", reservedConcurrency: "", apiHost: "rapidapi", dailyBudget: "40" }));
        assert.equal(fn.inputs.reservedConcurrentExecutions, undefined);
        assert.deepEqual([fn.inputs.environment.variables.API_HOST, fn.inputs.environment.variables.DAILY_BUDGET], ["rapidapi", "40"]);
        const groups = created.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup");
        assert.equal(groups[groups.length - 1].inputs.retentionInDays, 30);
        assert.equal(subscriptions(), before);
    });

    it("uses the stack's schedule for the rule", async () => {
        const weekly = () => created.filter((r) => r.type === "aws:cloudwatch/eventRule:EventRule" && r.name === "weekly-etl");
        const before = weekly().length;
        loadProgram({ season: "2021", schedule: "cron(30 6 ? * MON *)" });
        for (let i = 0; i < 500 && weekly().length === before; i++) await new Promise((r) => setTimeout(r, 20));
        assert.equal(weekly().length, before + 1);
        assert.equal(weekly()[before].inputs.scheduleExpression, "cron(30 6 ? * MON *)");
    });

    /** Loads the program and waits for the ETL function of the season it declares (each test loads its own season). */
    async function declaredFunction(season: string, load: () => unknown): Promise<Created> {
        const of = () => created.filter((r) => r.type === "aws:lambda/function:Function" && r.inputs.environment?.variables?.SEASON === season);
        const before = of().length;
        load();
        for (let i = 0; i < 500 && of().length === before; i++) await new Promise((r) => setTimeout(r, 20));
        assert.equal(of().length, before + 1, `no function for season ${season} was declared`);
        return of()[before];
    }

    it("reserves the concurrency the stack asks for with reservedConcurrency", async () => {
        const fn = await declaredFunction("2019", () => loadProgram({ season: "2019", reservedConcurrency: "100" }));
        assert.equal(fn.inputs.reservedConcurrentExecutions, 100);
    });

    it("fails at preview when reservedConcurrency is not a positive integer", () => {
        for (const bad of ["0", "x2", "2x", "-1", "1.5"]) {
            assert.throws(() => loadProgram({ season: "2020", reservedConcurrency: bad }), (err: Error) => err.message === `Invalid config 'reservedConcurrency' = "${bad}": expected a positive integer, or leave it unset to reserve none`, bad);
        }
    });

    // Last: it changes the stack the mocks report.
    it("makes valid physical names from a long stack name with a dot in it", async () => {
        // Runs of dots, and two dashes where the bucket prefix is cut.
        const stack = "premier..league1--2020-21..a-stack-name-long-enough-to-pass-every-limit";
        installMocks({ season: "2018", apiKey: TEST_API_KEY }, stack);
        const fn = await declaredFunction("2018", () => {
            delete require.cache[programPath];
            return require(programPath);
        });
        const name: string = fn.inputs.name;
        assert.ok(name.length <= 64 && /^[A-Za-z0-9_-]+$/.test(name), name);
        // Cut to fit, the dot made a dash, and a hash of the full name so two long names that share a start stay apart.
        const hash = crypto.createHash("sha256").update(`football-data-lake-${stack}`).digest("hex").slice(0, 8);
        assert.equal(name, `football-data-lake-premier-league1--2020-21-a-stack-${hash}-etl`, "a run of characters S3 or Lambda refuse becomes one dash");
        const group = created.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup" && r.stack === stack)[0].inputs;
        assert.equal(group.name, `/aws/lambda/${name}`);
        assert.equal(fn.inputs.loggingConfig.logGroup, group.name);
        const bucket = created.filter((r) => r.type === "aws:s3/bucket:Bucket" && r.stack === stack)[0].inputs;
        // S3 adds 26 characters to the prefix, and a bucket name is at most 63 of [a-z0-9.-].
        assert.ok(bucket.bucketPrefix.length + 26 <= 63 && /^[a-z0-9][a-z0-9-]*-$/.test(bucket.bucketPrefix), bucket.bucketPrefix);
        assert.equal(bucket.bucketPrefix, "football-data-lake-premier-league1-", "cut to 36 characters, the dashes it ended on made one");
        const database = created.filter((r) => r.type === "aws:glue/catalogDatabase:CatalogDatabase" && r.stack === stack)[0].inputs;
        assert.match(database.name, /^[a-z0-9_]{1,255}$/);
        assert.equal(database.name, "football_data_lake_premier_league1_2020_21_a_stack_name_long_enough_to_pass_every_limit");
        const workgroup = created.filter((r) => r.type === "aws:athena/workgroup:Workgroup" && r.stack === stack)[0].inputs;
        assert.match(workgroup.name, /^[A-Za-z0-9._-]{1,128}$/);
        const parameter = created.filter((r) => r.type === "aws:ssm/parameter:Parameter" && r.stack === stack)[0].inputs;
        assert.match(parameter.name, /^[A-Za-z0-9_.\-/]{1,1011}$/);
    });
});
