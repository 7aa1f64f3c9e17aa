// Run records: every run leaves one, failed runs included. Each run writes its
// own record object, so two runs at once never overwrite each other's; the
// runs table is rebuilt from those objects. Pure: rows and keys in, rows out.
import { blankCell, Column, Row } from "./transform";

export type RunOutcome = "ok" | "budget" | "season-complete" | "refused" | "failed";
/** Outcomes after which the lake is as current as the API and the budget allow. */
export const SUCCESSFUL_OUTCOMES: RunOutcome[] = ["ok", "budget", "season-complete"];

export const RUN_COLUMNS: Column[] = [
    { name: "run_id", type: "string", description: "unique id of the run" },
    { name: "run_date", type: "string", description: "UTC date the run is for, yyyy-MM-dd (the scheduled event's date)" },
    { name: "started_utc", type: "timestamp", description: "when the run started, ISO 8601 in UTC" },
    { name: "ended_utc", type: "timestamp", description: "when the run ended, ISO 8601 in UTC" },
    { name: "duration_s", type: "double", description: "seconds from start to end" },
    { name: "outcome", type: "string", description: "ok, budget (stopped at the daily budget), season-complete (nothing left to fetch), refused (an answer or raw object was refused) or failed" },
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

const isoSeconds = (d: Date) => d.toISOString();

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

/** Hours from the start of the last successful run to `now`; undefined when no run ever succeeded. */
export function hoursSinceLastSuccess(recordKeys: string[], now: Date): number | undefined {
    const starts = recordKeys.map(parseRecordKey)
        .filter((r): r is NonNullable<typeof r> => !!r && (SUCCESSFUL_OUTCOMES as string[]).includes(r.outcome))
        .map((r) => Date.parse(r.startedUtc))
        .filter((t) => Number.isFinite(t));
    if (starts.length === 0) return undefined;
    return (now.getTime() - Math.max(...starts)) / 3_600_000;
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

export { isoSeconds };
