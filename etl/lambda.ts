// The scheduled Lambda's entry. Pulumi serializes `createScheduledHandler` as
// the callback factory: it runs once per cold start, builds the AWS clients
// there and returns the handler. The API key is read from SSM at run time, so
// neither the code archive nor the environment ever holds it.
//
// Two schedules invoke it: the weekly run, and a heartbeat that reads the run
// records and reports the hours since the last successful run as a CloudWatch
// metric, so an alarm can notice a run that has not happened.
import { ApiFootballClient } from "./api";
import { FetchLike } from "./http";
import { parseSettings } from "./config";
import { cappedReads, S3Lake } from "./lake";
import { eventTime, hoursSinceLastSuccess, markerSince, recordsPrefix, RunRecord, SUCCESSFUL_OUTCOMES } from "./runs";
import { MAX_LAKE_READ_BYTES } from "./layout";
import { runEtl, RunSummary } from "./run";

/** Modules the Lambda Node.js runtime provides (the AWS SDK v3): required, never packaged. */
export const RUNTIME_PROVIDED = ["@aws-sdk/client-s3", "@aws-sdk/client-ssm"];
/**
 * Packaged by default, never loaded by the function: d3-dsv's command-line
 * dependencies; cross-fetch with node-fetch and its URL dependencies, whose
 * work the runtime's built-in fetch does (the handler passes it to the client);
 * and DuckDB, the local query engine (an optional dependency, which Pulumi's
 * packaging counts as a dependency).
 */
export const NEVER_LOADED = ["commander", "iconv-lite", "rw", "safer-buffer", "cross-fetch", "node-fetch", "whatwg-url", "tr46", "webidl-conversions", "@duckdb/node-api"];
export const EXCLUDED_FROM_ARCHIVE = [...RUNTIME_PROVIDED, ...NEVER_LOADED];

/** CloudWatch namespace of the metrics the function emits in its logs. */
export const METRIC_NAMESPACE = "FootballDataLake";
/** The event the heartbeat schedule sends (the rule target's constant input). */
export const HEARTBEAT_EVENT = { task: "heartbeat" };

export interface ScheduledEvent {
    time?: string;
    source?: string;
    "detail-type"?: string;
    task?: string;
}

/** The part of the Lambda runtime's context the handler reads. */
export interface InvocationContext {
    getRemainingTimeInMillis?(): number;
}

/**
 * Time kept back from requests for what a run does after its last one: the
 * season tables, the analysis, the forecasts, the report and the run's record.
 */
export const WRITE_UP_RESERVE_MS = 60_000;

export interface HeartbeatResult {
    task: "heartbeat";
    hoursSinceLastSuccess: number;
    lastSuccessKnown: boolean;
}

export interface HandlerDeps {
    env?: Record<string, string | undefined>;
    now?: () => Date;
    sleep?: (ms: number) => Promise<void>;
    /** Where a structured log line goes: one JSON object per line on stdout, as CloudWatch reads embedded metrics. */
    emit?: (line: string) => void;
}

function required(env: Record<string, string | undefined>, name: string): string {
    const value = env[name];
    if (!value) throw new Error(`environment variable ${name} is not set: the function was not deployed by this program`);
    return value;
}

/**
 * A log line in CloudWatch's embedded metric format: the fields are searchable
 * in Logs Insights, and the named metrics become CloudWatch metrics with the
 * function's name as their dimension, with no PutMetricData call or permission.
 */
export function metricLine(functionName: string, metrics: Record<string, number>, fields: object, at: Date): string {
    return JSON.stringify({
        _aws: {
            Timestamp: at.getTime(),
            CloudWatchMetrics: [{
                Namespace: METRIC_NAMESPACE,
                Dimensions: [["FunctionName"]],
                Metrics: Object.keys(metrics).map((name) => ({ Name: name, Unit: name.startsWith("Hours") ? "None" : "Count" })),
            }],
        },
        FunctionName: functionName,
        ...fields,
        ...metrics,
    });
}

export function createScheduledHandler(deps: HandlerDeps = {}): (event: ScheduledEvent, context?: InvocationContext) => Promise<RunSummary | HeartbeatResult> {
    const env = deps.env ?? process.env;
    const settings = parseSettings({
        league: env.LEAGUE,
        season: env.SEASON,
        apiHost: env.API_HOST,
        dailyBudget: env.DAILY_BUDGET,
    });
    const bucket = required(env, "LAKE_BUCKET");
    const parameterName = required(env, "API_KEY_PARAMETER");
    const functionName = env.AWS_LAMBDA_FUNCTION_NAME ?? "local";
    const clock = deps.now ?? (() => new Date());
    // Written straight to stdout, not through console: with the JSON log format
    // the runtime wraps console lines, and CloudWatch then finds no metrics in them.
    const emit = deps.emit ?? ((line: string) => { process.stdout.write(line + "\n"); });
    // Required here, not imported at the top: the Lambda runtime provides the SDK,
    // and the archive leaves it out (see EXCLUDED_FROM_ARCHIVE above).
    const s3sdk: typeof import("@aws-sdk/client-s3") = require("@aws-sdk/client-s3");
    // LAKE_S3_ENDPOINT and API_FOOTBALL_BASE_URL are never set by the Pulumi
    // program: they point the same code at a local S3 server and the emulator.
    // S3-compatible servers need path-style URLs and no streamed checksums.
    const s3Endpoint = env.LAKE_S3_ENDPOINT;
    const s3 = new s3sdk.S3Client(s3Endpoint
        ? { endpoint: s3Endpoint, forcePathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" }
        : {});
    const lake = new S3Lake(s3, bucket, s3sdk);
    const readApiKey = async (name: string) => {
        const ssmsdk: typeof import("@aws-sdk/client-ssm") = require("@aws-sdk/client-ssm");
        const ssm = new ssmsdk.SSMClient({});
        const out = await ssm.send(new ssmsdk.GetParameterCommand({ Name: name, WithDecryption: true }));
        const value = out.Parameter?.Value;
        if (!value) throw new Error(`SSM parameter ${name} holds no API key`);
        return value;
    };
    let key: Promise<string> | undefined;

    const heartbeat = async (): Promise<HeartbeatResult> => {
        const now = clock();
        const prefix = recordsPrefix(settings.league, settings.season);
        const records = await lake.list(prefix);
        let hours = hoursSinceLastSuccess(records, now);
        const lastSuccessKnown = hours !== undefined;
        if (hours === undefined) {
            // No run has succeeded yet: count from when the heartbeat first looked, so a
            // stack whose runs never happen is noticed too.
            const markerKey = `${prefix}watch-started.json`;
            const marker = await cappedReads(lake, MAX_LAKE_READ_BYTES, (line) => console.log(`heartbeat: ${line}`)).get(markerKey);
            const held = marker === undefined ? undefined : markerSince(marker.toString("utf8"), now);
            // One that cannot be read would fail every heartbeat after it: the count starts again, and the log says why.
            if (held !== undefined && "problem" in held) console.log(`heartbeat: ${markerKey} cannot be read (${held.problem}); counting from now`);
            const since = held !== undefined && "since" in held ? held.since : undefined;
            if (since === undefined) await lake.put(markerKey, JSON.stringify({ since: now.toISOString() }) + "\n", "application/json");
            hours = (now.getTime() - (since ?? now.getTime())) / 3_600_000;
        }
        const result: HeartbeatResult = { task: "heartbeat", hoursSinceLastSuccess: Math.round(hours * 100) / 100, lastSuccessKnown };
        emit(metricLine(functionName, { HoursSinceLastSuccess: result.hoursSinceLastSuccess },
            { task: "heartbeat", league: settings.league, season: settings.season, lastSuccessKnown }, now));
        return result;
    };

    // An async handler of the event and the context, with no callback parameter, as nodejs24.x requires.
    return async (event: ScheduledEvent, context?: InvocationContext) => {
        if (event?.task === HEARTBEAT_EVENT.task) return heartbeat();
        // A failed read is not cached: the next invocation tries again.
        key = key ?? readApiKey(parameterName).catch((err) => { key = undefined; throw err; });
        const apiKey = await key;
        const api = new ApiFootballClient({
            host: settings.apiHost,
            key: apiKey,
            baseUrl: env.API_FOOTBALL_BASE_URL || undefined,
            // The Node.js runtime's own fetch (nodejs18.x and later have it).
            fetch: globalThis.fetch as unknown as FetchLike,
            sleep: deps.sleep,
            log: (line) => console.log(line),
        });
        // A run the time limit cut off would leave no record: it stops asking while a request and the write-up still fit.
        const remaining = context?.getRemainingTimeInMillis?.();
        if (remaining !== undefined && Number.isFinite(remaining)) api.setTimeLeft(remaining - WRITE_UP_RESERVE_MS);
        // The event's own time, so a re-delivered event writes the same keys.
        const now = event?.time === undefined || event.time === null ? clock() : eventTime(event.time);
        return runEtl({
            api, lake, now,
            league: settings.league,
            season: settings.season,
            dailyBudget: settings.dailyBudget,
            codeVersion: env.CODE_VERSION,
            secrets: [apiKey],
            clock,
            log: (line) => console.log(line),
            // One line per run, failed runs included: the record's fields, and whether it succeeded as a metric.
            onRecord: (record: RunRecord) => emit(metricLine(functionName,
                { RunSucceeded: SUCCESSFUL_OUTCOMES.includes(record.outcome) ? 1 : 0, Requests: record.requests },
                { task: "run", league: settings.league, season: settings.season, ...record }, new Date(record.ended_utc))),
        });
    };
}
