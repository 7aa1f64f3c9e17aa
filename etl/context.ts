// What the steps of one run share: the lake and its keys, how they write, how they keep what they refuse, and
// the run's log. run.ts makes one per run; the steps (statistics.ts and run.ts's own) take it.
import { csvParse } from "d3-dsv";
import { fixtureProblems, RefusedAnswer } from "./guard";
import { Lake } from "./lake";
import { LakeKeys, reasonKey, rejectedKey } from "./layout";
import { Row, withoutBom } from "./transform";

export const JSON_TYPE = "application/json";
export const CSV_TYPE = "text/csv; charset=utf-8";
export const SVG_TYPE = "image/svg+xml";
export const HTML_TYPE = "text/html; charset=utf-8";

export type Writer = (key: string, body: string, contentType: string) => Promise<void>;

/** Per-run state the steps share: how they write, what they refused, what they log. */
export interface Run {
    lake: Lake;
    keys: LakeKeys;
    league: number;
    season: number;
    runDate: string;
    put: Writer;
    log: (line: string) => void;
    refusals: Array<{ refusal: RefusedAnswer; keptAt?: string }>;
}

export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;
/** The first of several problems a log line names, and whether there are more. */
export const firstProblem = (problems: string[]): string => `${problems[0]}${problems.length > 1 ? ", and more" : ""}`;
/** How many of a check's problems a log line names, so that it stays one readable line however many there are. */
export const SHOWN_PROBLEMS = 5;
/** The first few problems a check found, each naming its fixture. */
export const problemList = (problems: Array<{ id: number; problem: string }>): string => fixtureProblems(problems, SHOWN_PROBLEMS);

// Without a byte-order mark: a table put back by hand may have been saved by a spreadsheet, which writes one first.
export const parseCsv = (body: Buffer | undefined): Row[] => (body ? (csvParse(withoutBom(body.toString("utf8"))) as unknown as Row[]) : []);

/** Writes only what changes, so a rerun adds no object version and says so. */
export function changedOnlyWriter(lake: Lake, written: string[]): Writer {
    return async (key, body, contentType) => {
        const current = await lake.get(key);
        if (current !== undefined && current.equals(Buffer.from(body))) return;
        await lake.put(key, body, contentType);
        written.push(key);
    };
}

/**
 * Keeps a refused answer, or a raw object recovery could not read, under the
 * rejected prefix with its reason, and notes the refusal for the run's end.
 * Keeping the evidence must not hide the refusal, so a failed write is logged.
 */
export async function keepRefused(run: Run, key: string, body: string, refusal: RefusedAnswer, note = true): Promise<void> {
    const keptAt = rejectedKey(key);
    let kept = true;
    try {
        await run.put(keptAt, body, JSON_TYPE);
        await run.put(reasonKey(keptAt), JSON.stringify({
            rule: refusal.rule, source: refusal.source, problem: refusal.problem, fixtures: refusal.fixtures, run_date: run.runDate,
        }, null, 2) + "\n", JSON_TYPE);
    } catch (err) {
        run.log(`could not keep the refused answer at ${keptAt}: ${(err as Error).message}`);
        kept = false;
    }
    if (!note) return;
    run.refusals.push({ refusal, keptAt: kept ? keptAt : undefined });
    run.log(`refused: ${refusal.message}`);
}
