// Run records: every run leaves one, failed runs included. Each run writes its
// own record object, so two runs at once never overwrite each other's; the
// runs table is rebuilt from those objects. A run's date is checked against
// the dates the lake's history already has, so a run never goes back in time.
// Pure: rows and keys in, rows out.
import { EtlError } from "./errors";
import { blankCell, Column, Row, wholeCell, writtenNumber } from "./transform";

export type RunOutcome = "ok" | "budget" | "no-budget" | "season-complete" | "refused" | "failed";
/**
 * Outcomes after which the lake is as current as the API allows. Not `no-budget`, a run stopped before its first
 * request: a key whose daily quota another client spends each morning would stop every run that way, and the lake
 * would fall behind with every run counted a success.
 */
export const SUCCESSFUL_OUTCOMES: RunOutcome[] = ["ok", "budget", "season-complete"];

export const RUN_COLUMNS: Column[] = [
    { name: "run_id", type: "string", description: "unique id of the run" },
    { name: "run_date", type: "string", description: "UTC date the run is for, yyyy-MM-dd (the scheduled event's date)" },
    { name: "started_utc", type: "timestamp", description: "when the run started, ISO 8601 in UTC" },
    { name: "ended_utc", type: "timestamp", description: "when the run ended, ISO 8601 in UTC" },
    { name: "duration_s", type: "double", description: "seconds from start to end" },
    { name: "outcome", type: "string", description: "ok, budget (stopped at the daily budget or before the time limit), no-budget (stopped so before its first request), season-complete (nothing left to fetch), refused (an answer or raw object was refused) or failed" },
    { name: "error_kind", type: "string", description: "the error's class, and its kind or rule where it has one; empty when the run succeeded" },
    { name: "error_message", type: "string", description: "the error's message, with the API key scrubbed" },
    { name: "requests", type: "int", description: "requests this run counted against the API quota" },
    { name: "quota_used", type: "int", description: "requests counted against today's quota when the run ended, as far as the API told" },
    { name: "quota_limit", type: "int", description: "the account's daily request limit, as /status gave it" },
    { name: "fixtures", type: "int", description: "fixtures in the season table" },
    { name: "finished", type: "int", description: "of those, finished" },
    { name: "landed", type: "int", description: "fixtures whose statistics this run landed" },
    { name: "in_lake", type: "int", description: "fixtures whose statistics are in the lake" },
    { name: "pending", type: "int", description: "finished fixtures whose statistics are still to come" },
    { name: "unavailable", type: "int", description: "finished fixtures whose statistics were given up on" },
    { name: "files_written", type: "int", description: "objects this run wrote or changed, its own record included" },
    { name: "code_version", type: "string", description: "package version and hash of the ETL code that ran" },
];

export interface RunRecord {
    run_id: string;
    run_date: string;
    started_utc: string;
    ended_utc: string;
    duration_s: number;
    outcome: RunOutcome;
    error_kind: string | null;
    error_message: string | null;
    requests: number;
    quota_used: number | null;
    quota_limit: number | null;
    fixtures: number;
    finished: number;
    landed: number;
    in_lake: number;
    pending: number;
    unavailable: number;
    files_written: number;
    code_version: string;
}

/**
 * Where a run's own record goes. The key carries the start time, the id and
 * the outcome, so a listing alone says when the last successful run was.
 */
export function recordKey(league: number, season: number, record: Pick<RunRecord, "run_date" | "started_utc" | "run_id" | "outcome">): string {
    const started = record.started_utc.replace(/:/g, "-");
    return `raw-data/runs/league=${league}/season=${season}/run_date=${record.run_date}/${started}_${record.run_id}_${record.outcome}.json`;
}

export const recordsPrefix = (league: number, season: number) => `raw-data/runs/league=${league}/season=${season}/`;

const KEY_PATTERN = /\/run_date=[0-9-]+\/([0-9T.Z-]+)_([A-Za-z0-9-]+)_([a-z-]+)\.json$/;

export function parseRecordKey(key: string): { startedUtc: string; runId: string; outcome: string } | undefined {
    const m = KEY_PATTERN.exec(key);
    if (!m) return undefined;
    // 2021-05-25T08-00-00.000Z back to 2021-05-25T08:00:00.000Z
    const startedUtc = m[1].replace(/T(\d\d)-(\d\d)-(\d\d)/, "T$1:$2:$3");
    return { startedUtc, runId: m[2], outcome: m[3] };
}

const RUN_DATE_IN_KEY = /\/run_date=(\d{4}-\d\d-\d\d)[./]/;

/** The run date a key of the lake carries (`…/run_date=2021-05-25/…` or `…/run_date=2021-05-25.json`), if any. */
export const runDateInKey = (key: string): string | undefined => RUN_DATE_IN_KEY.exec(key)?.[1];

/**
 * The latest run date among keys that carry one: those of the season's raw
 * answers say up to which date the lake's history goes. A date after `today`
 * (the clock's) is not of a run that has happened, so it is passed over: one
 * mistaken object can never hold back the runs that follow.
 */
export function latestRunDate(keys: string[], today: string): string | undefined {
    let latest: string | undefined;
    for (const key of keys) {
        const date = runDateInKey(key);
        if (date && date <= today && (latest === undefined || date > latest)) latest = date;
    }
    return latest;
}

const EVENT_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:\.\d{1,9})?)?(?:Z|[+-](\d\d):(\d\d))$/;

/**
 * The time an event names its run by: ISO 8601 with its zone, as EventBridge
 * writes it. Date.parse takes far more, and reads it freely: "Tuesday 1" is
 * 2001-01-01 and 2021-02-30 is March 2, which would name a first run, and
 * every key it writes, by a day nobody meant.
 */
export function eventTime(text: unknown): Date {
    const m = typeof text === "string" ? EVENT_TIME.exec(text) : null;
    if (m) {
        const [year, month, day, hour, minute, second, zoneHours, zoneMinutes] = m.slice(1).map((part) => Number(part ?? 0));
        // Date.UTC carries a day past the month's end into another month, so the month says whether the day exists.
        const dayExists = new Date(Date.UTC(year, month - 1, day)).getUTCMonth() === month - 1;
        if (dayExists && hour <= 23 && minute <= 59 && second <= 59 && zoneHours <= 23 && zoneMinutes <= 59) return new Date(text as string);
    }
    throw new EtlError(`scheduled event has an invalid time: ${JSON.stringify(text)} (give an ISO 8601 time with its zone, such as 2021-05-18T08:00:00Z)`);
}

/** How far a run's time may be ahead of the clock: a laptop's clock a little fast, not a mistaken date. */
export const CLOCK_SKEW_MS = 3_600_000;

/**
 * Why a run may not go ahead under its date, given the keys of the season's
 * raw answers; undefined when it may. A run writes the season as the API gives
 * it now under its own date, so a date before the latest of those keys would
 * overwrite that day's history with later results, and a date after the clock
 * would label today's results with a day to come.
 */
export function runDateProblem(now: Date, clock: Date, rawKeys: string[]): string | undefined {
    const runDate = now.toISOString().slice(0, 10);
    const latest = latestRunDate(rawKeys, clock.toISOString().slice(0, 10));
    if (now.getTime() > clock.getTime() + CLOCK_SKEW_MS) {
        return `the run's time ${now.toISOString()} is after the clock's ${clock.toISOString()}: a run is named by the time it runs, or today's results would be dated ${runDate}`;
    }
    if (latest !== undefined && runDate < latest) {
        return `the run's date ${runDate} is before ${latest}, the latest date the lake holds the season for: it would overwrite ${runDate}'s tables with results as they are now. Give the event the current time`;
    }
    return undefined;
}

/** A run refused for its date, before it asked for the season or wrote anything. */
export class RunDateRefused extends EtlError {
    constructor(problem: string) {
        super(problem);
        this.name = "RunDateRefused";
    }
}

/** Hours from the start of the last successful run to `now`; undefined when no run ever succeeded. */
export function hoursSinceLastSuccess(recordKeys: string[], now: Date): number | undefined {
    const starts = recordKeys.map(parseRecordKey)
        .filter((r): r is NonNullable<typeof r> => !!r && (SUCCESSFUL_OUTCOMES as string[]).includes(r.outcome))
        .map((r) => Date.parse(r.startedUtc))
        .filter((t) => Number.isFinite(t));
    if (starts.length === 0) return undefined;
    return (now.getTime() - Math.max(...starts)) / 3_600_000;
}

const OUTCOMES: RunOutcome[] = ["ok", "budget", "no-budget", "season-complete", "refused", "failed"];
// The table is keyed and ordered by these, and a row says nothing without them; any other column may be blank.
// An array, not a Set: Pulumi's serialization of the Lambda does not keep a Set's entries.
const KEY_COLUMNS = ["run_id", "run_date", "started_utc", "outcome"];
const RUN_ID = /^[A-Za-z0-9-]+$/;
/**
 * Milliseconds of a time written as this code writes times (toISOString, as `writtenTime` holds the lake's
 * kick-offs to `isoUtc`); NaN for anything else. The table is ordered by its times as text, where 08:00:00Z would
 * come after 08:00:00.500Z, and Date.parse reads 2026-02-30 as March 2.
 */
const isoMillis = (v: unknown): number => {
    const ms = typeof v === "string" ? Date.parse(v) : NaN;
    return Number.isFinite(ms) && new Date(ms).toISOString() === v ? ms : NaN;
};

/**
 * Why a run record, or a row of the runs table, read back from the lake cannot
 * go into the runs table; undefined when it can. A value its column's declared
 * type cannot parse would read as NULL in Athena (the table sets
 * use.null.for.invalid.data), a count silently lost; Athena's CSV reader cannot
 * read a line break inside a field; and a record that is no object failed the
 * table's rebuild at every run after it. A record must also be the run its key
 * names (`runId`), or the table would read it again at every run.
 */
export function runRowProblem(row: unknown, runId?: string): string | undefined {
    if (row === null || typeof row !== "object" || Array.isArray(row)) return "it is not an object";
    const r = row as Record<string, unknown>;
    for (const { name, type } of RUN_COLUMNS) {
        const v = r[name];
        if (v !== null && v !== undefined && typeof v !== "string" && typeof v !== "number") return `${name} is not a single value`;
        if (blankCell(v)) {
            if (KEY_COLUMNS.includes(name)) return `${name} is blank`;
            continue;
        }
        const text = String(v);
        if (/[\r\n]/.test(text)) return `${name} holds a line break`;
        const fault =
            type === "int" ? !wholeCell(text)
            // As the CSV writer writes a number: Number() also reads " 5", "0x10" and "1e1", forms the writer never gives.
            : type === "double" ? !writtenNumber(text)
            : type === "timestamp" ? !Number.isFinite(isoMillis(text))
            : false;
        if (fault) return `${name} '${text}' is not ${type === "int" ? "a whole number" : type === "double" ? "a number" : "a time"}`;
    }
    if (!RUN_ID.test(String(r.run_id))) return `run_id '${r.run_id}' is not a run id`;
    if (runId !== undefined && r.run_id !== runId) return `run_id '${r.run_id}' is not ${runId}, the id its key names`;
    if (!/^\d{4}-\d\d-\d\d$/.test(String(r.run_date))) return `run_date '${r.run_date}' is not a date`;
    if (!(OUTCOMES as unknown[]).includes(r.outcome)) return `outcome '${r.outcome}' is not one of ${OUTCOMES.join(", ")}`;
    return undefined;
}

/**
 * The time the heartbeat's first look, read back from the lake, holds; or why
 * it holds none: it is not JSON, its `since` is not a time, or it is a time
 * after `now`, which no first look can be.
 */
export function markerSince(body: string, now: Date): { since: number } | { problem: string } {
    let since: unknown;
    try {
        since = (JSON.parse(body) as { since?: unknown } | null)?.since;
    } catch {
        return { problem: "it is not JSON" };
    }
    const t = isoMillis(since);
    if (!Number.isFinite(t)) return { problem: `its since '${since}' is not a time` };
    if (t > now.getTime()) return { problem: `its since ${since} is after now` };
    return { since: t };
}

/** The runs table: every record once, oldest first. A row without a run id is no record (a damaged table's leftover), and is dropped. */
export function runsTable(records: Row[]): Row[] {
    const byId = new Map<string, Row>();
    for (const r of records) if (!blankCell(r.run_id)) byId.set(String(r.run_id), r);
    return [...byId.values()].sort((a, b) => String(a.started_utc).localeCompare(String(b.started_utc)) || String(a.run_id).localeCompare(String(b.run_id)));
}

export function durationSeconds(started: Date, ended: Date): number {
    return Math.round((ended.getTime() - started.getTime()) / 10) / 100;
}
