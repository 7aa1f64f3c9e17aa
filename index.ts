// The whole data lake as one graph: bucket and its guards, the team codes, the
// API key parameter, the ETL Lambda (an inline callback), its weekly schedule,
// its logs, the alarm that says when a run failed and the heartbeat alarm that
// says when no run has succeeded for too long.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { codeVersion } from "./etl/build";
import { catalogTableArgs, NAMED_QUERIES, TABLES } from "./etl/catalog";
import { parseSettings, ConfigError } from "./etl/config";
import { createScheduledHandler, EXCLUDED_FROM_ARCHIVE, HEARTBEAT_EVENT, METRIC_NAMESPACE } from "./etl/lambda";
import { lakeKeys, MAX_LAKE_READ_BYTES, TEAMCODES_KEY } from "./etl/layout";
import { checkTeamcodesUpload } from "./etl/teamcodes";

const config = new pulumi.Config();
const project = pulumi.getProject();
const stack = pulumi.getStack();

export const settings = parseSettings({
    league: config.get("league") ?? "39",
    season: config.get("season"),
    schedule: config.get("schedule"),
    apiHost: config.get("apiHost"),
    dailyBudget: config.get("dailyBudget"),
});
const forceDestroy = config.getBoolean("forceDestroy") ?? false;
const logRetentionDays = config.getNumber("logRetentionDays") ?? 30;
// CloudWatch accepts only these retention periods; anything else fails late, at deploy time.
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
if (!RETENTION_DAYS.includes(logRetentionDays)) {
    throw new ConfigError("logRetentionDays", config.get("logRetentionDays"), `expected one of ${RETENTION_DAYS.join(", ")}`);
}
const alertEmail = config.get("alertEmail") ?? "";
if (alertEmail !== "" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alertEmail)) {
    throw new ConfigError("alertEmail", alertEmail, "expected an e-mail address, or leave it unset");
}
const apiKey = config.requireSecret("apiKey");
// Unset by default: reserving concurrency fails on accounts whose concurrency
// quota is at its minimum (new and Free Tier accounts), and runs converge anyway.
const reservedConcurrencyText = config.get("reservedConcurrency");
if (reservedConcurrencyText !== undefined && reservedConcurrencyText !== "" && !/^[1-9][0-9]*$/.test(reservedConcurrencyText)) {
    throw new ConfigError("reservedConcurrency", reservedConcurrencyText, "expected a positive integer, or leave it unset to reserve none");
}
const reservedConcurrency = reservedConcurrencyText ? Number(reservedConcurrencyText) : undefined;
const teamcodesPath = path.join(__dirname, "teamcodes.csv");
const teamcodes = fs.readFileSync(teamcodesPath);
// The file is the user's to edit: a mistake stops the preview, naming its line, before anything is declared.
checkTeamcodesUpload(teamcodes, MAX_LAKE_READ_BYTES);

/**
 * A Lambda function name from project and stack: at most 64 characters of
 * [A-Za-z0-9-_]. A stack name may hold a dot and be long; where the name had to
 * change, a short hash of the original keeps two stacks from meeting.
 */
export function lambdaName(projectName: string, stackName: string, suffix: string): string {
    const original = `${projectName}-${stackName}`;
    const clean = original.replace(/[^A-Za-z0-9_-]+/g, "-");
    if (clean === original && clean.length + suffix.length + 1 <= 64) return `${clean}-${suffix}`;
    const hash = crypto.createHash("sha256").update(original).digest("hex").slice(0, 8);
    return `${clean.slice(0, 64 - suffix.length - hash.length - 2).replace(/-+$/, "")}-${hash}-${suffix}`;
}
export const functionPhysicalName = lambdaName(project, stack, "etl");

// S3 bucket names are global, lowercase and at most 63 characters; the provider
// appends a unique suffix to the prefix, so two stacks never collide.
export const bucketPrefix = `${project}-${stack}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-").slice(0, 36).replace(/-+$/, "") + "-";

const bucket = new aws.s3.Bucket("data-lake", { bucketPrefix, forceDestroy });
export const ATHENA_RESULTS_PREFIX = "athena-results/";

const publicAccess = new aws.s3.BucketPublicAccessBlock("data-lake", {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});

new aws.s3.BucketOwnershipControls("data-lake", {
    bucket: bucket.id,
    rule: { objectOwnership: "BucketOwnerEnforced" },
});

new aws.s3.BucketServerSideEncryptionConfiguration("data-lake", {
    bucket: bucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});

// S3 wants versioning on before lifecycle rules that speak of noncurrent
// versions, and before the first object, so its first version is kept too.
const versioning = new aws.s3.BucketVersioning("data-lake", {
    bucket: bucket.id,
    versioningConfiguration: { status: "Enabled" },
});

new aws.s3.BucketLifecycleConfiguration("data-lake", {
    bucket: bucket.id,
    rules: [
        {
            id: "abort-incomplete-multipart-uploads",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
        {
            // Weekly rewrites of the season CSVs would otherwise keep every old version forever.
            id: "expire-noncurrent-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: 30 },
        },
        {
            // Query results are throwaway: keep a week of them. In a versioned bucket
            // expiring only hides the current version, so the noncurrent one goes a day later.
            id: "expire-athena-results",
            status: "Enabled",
            filter: { prefix: ATHENA_RESULTS_PREFIX },
            expiration: { days: 7 },
            noncurrentVersionExpiration: { noncurrentDays: 1 },
        },
    ],
}, { dependsOn: [versioning] });

export function denyInsecureTransportPolicy(bucketArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucketArn, `${bucketArn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        }],
    });
}

new aws.s3.BucketPolicy("data-lake", {
    bucket: bucket.id,
    policy: bucket.arn.apply(denyInsecureTransportPolicy),
}, { dependsOn: [publicAccess] });

new aws.s3.BucketObjectv2("teamcodes", {
    bucket: bucket.id,
    key: TEAMCODES_KEY,
    source: new pulumi.asset.FileAsset(teamcodesPath),
    contentType: "text/csv",
    // The hash makes an edited file a change Pulumi can see in a preview.
    sourceHash: crypto.createHash("sha256").update(teamcodes).digest("hex"),
}, { dependsOn: [versioning] });

const apiKeyParameter = new aws.ssm.Parameter("api-football-key", {
    name: `/${project}/${stack}/api-football-key`,
    type: "SecureString",
    value: apiKey,
    description: "API-Football key read by the ETL Lambda at cold start",
});

const logGroup = new aws.cloudwatch.LogGroup("etl", {
    name: `/aws/lambda/${functionPhysicalName}`,
    retentionInDays: logRetentionDays,
});

const role = new aws.iam.Role("etl", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }],
    }),
});

// Exactly what the ETL calls: object reads and writes and listing in this
// bucket, this one parameter (the aws/ssm key decrypts for SSM's own callers
// without a kms grant), and writes to its own log group.
export function etlPolicy(bucketArn: string, parameterArn: string, logGroupArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "LakeObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `${bucketArn}/*` },
            { Sid: "LakeList", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn },
            { Sid: "ApiKey", Effect: "Allow", Action: "ssm:GetParameter", Resource: parameterArn },
            { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArn}:*` },
        ],
    });
}

const rolePolicy = new aws.iam.RolePolicy("etl", {
    role: role.id,
    policy: pulumi.all([bucket.arn, apiKeyParameter.arn, logGroup.arn]).apply(([b, p, l]) => etlPolicy(b, p, l)),
});

export const FUNCTION_TIMEOUT_SECONDS = 900;

const etl = new aws.lambda.CallbackFunction("etl", {
    name: functionPhysicalName,
    description: `Weekly API-Football ETL for league ${settings.league}, season ${settings.season}`,
    // Built at cold start inside the Lambda: clients are created there, not captured from here.
    callbackFactory: createScheduledHandler,
    role: role.arn,
    // nodejs22.x is deprecated on 2027-04-30; the handler is async with no callback parameter, as nodejs24.x requires.
    runtime: aws.lambda.Runtime.NodeJS24dX,
    // A first run backfills a whole season at 10 requests a minute.
    timeout: FUNCTION_TIMEOUT_SECONDS,
    memorySize: 512,
    reservedConcurrentExecutions: reservedConcurrency,
    // JSON logs: each console line a record, and the run summary one JSON object with embedded metrics.
    loggingConfig: { logFormat: "JSON", applicationLogLevel: "INFO", systemLogLevel: "INFO", logGroup: logGroup.name },
    environment: {
        variables: {
            LAKE_BUCKET: bucket.id,
            API_KEY_PARAMETER: apiKeyParameter.name,
            LEAGUE: String(settings.league),
            SEASON: String(settings.season),
            API_HOST: settings.apiHost,
            DAILY_BUDGET: String(settings.dailyBudget),
            CODE_VERSION: codeVersion(),
        },
    },
    codePathOptions: { extraExcludePackages: [...EXCLUDED_FROM_ARCHIVE] },
}, { dependsOn: [rolePolicy, logGroup] });

new aws.lambda.FunctionEventInvokeConfig("etl", {
    functionName: etl.name,
    // A failed run is retried by the next schedule, not by Lambda: retries would spend the daily quota twice.
    maximumRetryAttempts: 0,
    maximumEventAgeInSeconds: 3600,
});

const schedule = aws.cloudwatch.onSchedule("weekly-etl", settings.schedule, etl);

// The heartbeat: every hour the function reads the run records (no API request)
// and reports the hours since the last successful run as a metric.
export const HEARTBEAT_SCHEDULE = "rate(1 hour)";
const heartbeatRule = new aws.cloudwatch.EventRule("heartbeat", {
    description: "Hourly: the ETL reports the hours since its last successful run",
    scheduleExpression: HEARTBEAT_SCHEDULE,
});
new aws.cloudwatch.EventTarget("heartbeat", {
    rule: heartbeatRule.name,
    arn: etl.arn,
    input: JSON.stringify(HEARTBEAT_EVENT),
});
new aws.lambda.Permission("heartbeat", {
    action: "lambda:InvokeFunction",
    function: etl.name,
    principal: "events.amazonaws.com",
    sourceArn: heartbeatRule.arn,
});

// The processed zone as a database: Glue tables over the CSVs, queried with Athena.
export const glueDatabaseName = `${project}_${stack}`.toLowerCase().replace(/[^a-z0-9_]+/g, "_");
const database = new aws.glue.CatalogDatabase("lake", {
    name: glueDatabaseName,
    description: `Processed zone of the football data lake (${stack})`,
});
for (const spec of TABLES) {
    new aws.glue.CatalogTable(spec.name, bucket.id.apply((b) => catalogTableArgs(spec, b, glueDatabaseName, settings.league, settings.season)), { dependsOn: [database] });
}
const workgroup = new aws.athena.Workgroup("lake", {
    name: `${project}-${stack}`,
    forceDestroy: true,
    configuration: {
        enforceWorkgroupConfiguration: true,
        resultConfiguration: {
            outputLocation: pulumi.interpolate`s3://${bucket.id}/${ATHENA_RESULTS_PREFIX}`,
            encryptionConfiguration: { encryptionOption: "SSE_S3" },
        },
    },
});
const namedQueries = NAMED_QUERIES.map((q) => new aws.athena.NamedQuery(q.name, {
    name: q.name, description: q.description, database: database.name, workgroup: workgroup.name,
    query: q.query(glueDatabaseName, settings.league, settings.season),
}));

const alerts = new aws.sns.Topic("etl-alerts");
if (alertEmail !== "") {
    new aws.sns.TopicSubscription("etl-alerts-email", { topic: alerts.arn, protocol: "email", endpoint: alertEmail });
}

export const NO_SUCCESS_HOURS = 8 * 24;
// A disabled rule, an expired key or a broken deploy leaves no error to alarm on.
// CloudWatch looks back at most 7 days (period × evaluation periods), too short to
// see 8 days without a success, so the heartbeat reports the age and this alarm
// reads it. Missing data is not breaching: a heartbeat that fails is an error the
// alarm above sees.
new aws.cloudwatch.MetricAlarm("etl-no-success", {
    alarmDescription: `No ETL run has succeeded for ${NO_SUCCESS_HOURS / 24} days: check the schedule, the API key and the function's log group`,
    namespace: METRIC_NAMESPACE,
    metricName: "HoursSinceLastSuccess",
    dimensions: { FunctionName: etl.name },
    statistic: "Maximum",
    period: 6 * 3600,
    evaluationPeriods: 1,
    threshold: NO_SUCCESS_HOURS,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    alarmActions: [alerts.arn],
});

new aws.cloudwatch.MetricAlarm("etl-errors", {
    alarmDescription: "The weekly ETL run failed: see the function's log group",
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: etl.name },
    statistic: "Sum",
    period: 3600,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    alarmActions: [alerts.arn],
});

export const bucketName = bucket.id;
export const functionName = etl.name;
export const scheduleExpression = schedule.eventRule.scheduleExpression;
export const league = settings.league;
export const season = settings.season;
export const logGroupName = logGroup.name;
export const alertTopicArn = alerts.arn;
export const athenaWorkgroup = workgroup.name;
export const glueDatabase = database.name;
const lake = lakeKeys(settings.league, settings.season);
export const teamTableLatestUri = pulumi.interpolate`s3://${bucket.id}/${lake.teamTableLatest}`;
export const chartLatestUri = pulumi.interpolate`s3://${bucket.id}/${lake.chartLatest}`;
export const runsTableUri = pulumi.interpolate`s3://${bucket.id}/${lake.runs}`;
export const namedQueryIds = pulumi.all(namedQueries.map((q) => q.id)).apply((ids) => Object.fromEntries(NAMED_QUERIES.map((q, i) => [q.name, ids[i]])));
