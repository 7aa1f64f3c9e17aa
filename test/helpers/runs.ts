// One ETL run for a test: against a fresh emulator whose clock is the run's
// time, optionally behind a stand-in that rewrites answers, with everything a
// test may want to look at afterwards, whether the run failed or not.
import { EmulatorOptions, EMULATOR_KEY } from "../../etl/local/emulator";
import { startEmulatorSession } from "../../etl/local/replay";
import { Lake } from "../../etl/lake";
import { runEtl, RunSummary } from "../../etl/run";
import { RunRecord } from "../../etl/runs";
import { Rewrite, StandInApi } from "./standin";

export interface OneRunOptions {
    /** Rewrites the emulator's answers on their way to the client. */
    rewrite?: Rewrite;
    emulator?: Partial<EmulatorOptions>;
    key?: string;
    budget?: number;
    maxStatisticsAttempts?: number;
    /** The API's own time, where it is not the run's: an event delivered late, or named with another time. */
    apiAt?: Date;
    /** The run's wall clock (the machine's, unless given). */
    clock?: () => Date;
}

export interface OneRun {
    summary?: RunSummary;
    error?: Error;
    record?: RunRecord;
    /** The run's log lines. */
    lines: string[];
    /** Every request the emulator saw, /status included. */
    asked: string[];
    /** The requests counted against the daily quota. */
    counted: string[];
}

export async function runOnce(lake: Lake, at: Date, options: OneRunOptions = {}): Promise<OneRun> {
    const session = await startEmulatorSession(options.emulator ?? {}, (options.apiAt ?? at).getTime());
    const standIn = options.rewrite ? new StandInApi(session.baseUrl, options.rewrite) : undefined;
    const out: OneRun = { lines: [], asked: [], counted: [] };
    try {
        const baseUrl = standIn ? await standIn.start() : session.baseUrl;
        const key = options.key ?? EMULATOR_KEY;
        out.summary = await runEtl({
            api: session.client(key, { baseUrl }), lake, league: 39, season: 2020, now: at, dailyBudget: options.budget ?? 90, secrets: [key],
            maxStatisticsAttempts: options.maxStatisticsAttempts, clock: options.clock, log: (l) => out.lines.push(l), onRecord: (r) => { out.record = r; },
        });
    } catch (err) {
        out.error = err as Error;
    } finally {
        out.asked = session.emulator.requests.map((r) => r.path);
        out.counted = session.emulator.requests.filter((r) => r.counted).map((r) => r.path);
        await standIn?.stop();
        await session.stop();
    }
    return out;
}
