// The whole data lake as one graph: bucket and its guards, the team codes, the
// API key parameter, the ETL Lambda (an inline callback), its weekly schedule,
// its logs and the alarm that says when a run failed.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { catalogTableArgs, NAMED_QUERIES, TABLES } from "./etl/catalog";
import { parseSettings, ConfigError } from "./etl/config";
import { createScheduledHandler, EXCLUDED_FROM_ARCHIVE } from "./etl/lambda";
import { TEAMCODES_KEY } from "./etl/run";

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

new aws.s3.BucketVersioning("data-lake", {
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
            // Query results are throwaway: keep a week of them.
            id: "expire-athena-results",
            status: "Enabled",
            filter: { prefix: ATHENA_RESULTS_PREFIX },
            expiration: { days: 7 },
        },
    ],
});

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

const teamcodesPath = path.join(__dirname, "teamcodes.csv");
new aws.s3.BucketObjectv2("teamcodes", {
    bucket: bucket.id,
    key: TEAMCODES_KEY,
    source: new pulumi.asset.FileAsset(teamcodesPath),
    contentType: "text/csv",
    // The hash makes an edited file a change Pulumi can see in a preview.
    sourceHash: crypto.createHash("sha256").update(fs.readFileSync(teamcodesPath)).digest("hex"),
});

const apiKeyParameter = new aws.ssm.Parameter("api-football-key", {
    name: `/${project}/${stack}/api-football-key`,
    type: "SecureString",
    value: apiKey,
    description: "API-Football key read by the ETL Lambda at cold start",
});

const logGroup = new aws.cloudwatch.LogGroup("etl", {
    name: `/aws/lambda/${project}-${stack}-etl`,
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
    name: `${project}-${stack}-etl`,
    description: `Weekly API-Football ETL for league ${settings.league}, season ${settings.season}`,
    // Built at cold start inside the Lambda: clients are created there, not captured from here.
    callbackFactory: createScheduledHandler,
    role: role.arn,
    runtime: aws.lambda.Runtime.NodeJS22dX,
    // A first run backfills a whole season at 10 requests a minute.
    timeout: FUNCTION_TIMEOUT_SECONDS,
    memorySize: 512,
    reservedConcurrentExecutions: 1,
    loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
    environment: {
        variables: {
            LAKE_BUCKET: bucket.id,
            API_KEY_PARAMETER: apiKeyParameter.name,
            LEAGUE: String(settings.league),
            SEASON: String(settings.season),
            API_HOST: settings.apiHost,
            DAILY_BUDGET: String(settings.dailyBudget),
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

// The processed zone as a database: Glue tables over the CSVs, queried with Athena.
export const glueDatabaseName = `${project}_${stack}`.toLowerCase().replace(/[^a-z0-9_]+/g, "_");
const database = new aws.glue.CatalogDatabase("lake", {
    name: glueDatabaseName,
    description: `Processed zone of the football data lake (${stack})`,
});
for (const spec of TABLES) {
    new aws.glue.CatalogTable(spec.name, bucket.id.apply((b) => catalogTableArgs(spec, b, glueDatabaseName)), { dependsOn: [database] });
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
for (const q of NAMED_QUERIES) {
    new aws.athena.NamedQuery(q.name, { name: q.name, description: q.description, database: database.name, workgroup: workgroup.name, query: q.query(glueDatabaseName, settings.league, settings.season) });
}

const alerts = new aws.sns.Topic("etl-alerts");
if (alertEmail !== "") {
    new aws.sns.TopicSubscription("etl-alerts-email", { topic: alerts.arn, protocol: "email", endpoint: alertEmail });
}

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
