// The scheduled Lambda's entry. Pulumi serializes `createScheduledHandler` as
// the callback factory: it runs once per cold start, builds the AWS clients
// there and returns the handler. The API key is read from SSM at run time, so
// neither the code archive nor the environment ever holds it.
import { ApiFootballClient } from "./api";
import { parseSettings } from "./config";
import { S3Lake } from "./lake";
import { runEtl, RunSummary } from "./run";

/** Modules the Lambda Node.js runtime provides (the AWS SDK v3): required, never packaged. */
export const RUNTIME_PROVIDED = ["@aws-sdk/client-s3", "@aws-sdk/client-ssm"];
/** d3-dsv's command-line dependencies: packaged by default, never loaded by the ETL. */
export const NEVER_LOADED = ["commander", "iconv-lite", "rw", "safer-buffer"];
export const EXCLUDED_FROM_ARCHIVE = [...RUNTIME_PROVIDED, ...NEVER_LOADED];

export interface ScheduledEvent {
    time?: string;
    source?: string;
    "detail-type"?: string;
}

export interface HandlerDeps {
    env?: Record<string, string | undefined>;
    now?: () => Date;
    sleep?: (ms: number) => Promise<void>;
}

function required(env: Record<string, string | undefined>, name: string): string {
    const value = env[name];
    if (!value) throw new Error(`environment variable ${name} is not set: the function was not deployed by this program`);
    return value;
}

export function createScheduledHandler(deps: HandlerDeps = {}): (event: ScheduledEvent) => Promise<RunSummary> {
    const env = deps.env ?? process.env;
    const settings = parseSettings({
        league: env.LEAGUE,
        season: env.SEASON,
        apiHost: env.API_HOST,
        dailyBudget: env.DAILY_BUDGET,
    });
    const bucket = required(env, "LAKE_BUCKET");
    const parameterName = required(env, "API_KEY_PARAMETER");
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

    return async (event: ScheduledEvent) => {
        // A failed read is not cached: the next invocation tries again.
        key = key ?? readApiKey(parameterName).catch((err) => { key = undefined; throw err; });
        const api = new ApiFootballClient({
            host: settings.apiHost,
            key: await key,
            baseUrl: env.API_FOOTBALL_BASE_URL || undefined,
            sleep: deps.sleep,
            log: (line) => console.log(line),
        });
        // The event's own time, so a re-delivered event writes the same keys.
        const now = event?.time ? new Date(event.time) : (deps.now ?? (() => new Date()))();
        if (Number.isNaN(now.getTime())) throw new Error(`scheduled event has an invalid time: ${JSON.stringify(event.time)}`);
        const summary = await runEtl({
            api, lake, now,
            league: settings.league,
            season: settings.season,
            dailyBudget: settings.dailyBudget,
            log: (line) => console.log(line),
        });
        console.log(JSON.stringify({ ...summary, filesWritten: summary.filesWritten.length, teamTable: summary.teamTable.length }));
        return summary;
    };
}
