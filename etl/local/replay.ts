// Replays a season the way the weekly schedule would have run it: one ETL run
// every Tuesday at 08:00 UTC against the emulator, whose clock follows the
// runs. Used by `npm start`, the tests and the benchmark.
import { ApiFootballClient, ClientOptions } from "../api";
import { Lake } from "../lake";
import { localFetch } from "./fetch";
import { lakeKeys } from "../layout";
import { runEtl, RunSummary } from "../run";
import { latestRunDate } from "../runs";
import { ApiFootballEmulator, EMULATOR_KEY, EmulatorOptions } from "./emulator";
import { LEAGUE, loadSeason, SEASON } from "./season";

const DAY_MS = 86_400_000;

/** The league and season the replay holds, which `npm start` replays when no API key is set. */
const REPLAYED = { LEAGUE: String(LEAGUE), SEASON: String(SEASON) };

/**
 * What is wrong with asking the replay for `env`'s league, season or server, if anything. Without a key `npm start`
 * replays the bundled season against its own emulator whatever LEAGUE, SEASON and API_FOOTBALL_BASE_URL say, so a
 * user who set SEASON=2021 would have been given 2020/21 without a word.
 */
export function replayRequestProblem(env: Record<string, string | undefined>): string | undefined {
    const asked = [
        ...(["LEAGUE", "SEASON"] as const).filter((name) => (env[name] ?? "").trim() !== "" && env[name]!.trim() !== REPLAYED[name]),
        // The replay asks its own emulator: a server named here would be passed over, and its answers never seen.
        ...((env.API_FOOTBALL_BASE_URL ?? "").trim() !== "" ? ["API_FOOTBALL_BASE_URL"] : []),
    ];
    if (asked.length === 0) return undefined;
    const listed = (names: string[]) => names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names[0];
    return `${listed(asked.map((name) => `${name}=${env[name]}`))} ${asked.length > 1 ? "are" : "is"} read only with API_FOOTBALL_KEY: ` +
        `without a key, npm start replays the bundled Premier League 2020/21 (LEAGUE=${REPLAYED.LEAGUE}, SEASON=${REPLAYED.SEASON}) against its own emulator. ` +
        `Set API_FOOTBALL_KEY, or unset ${listed(asked)}`;
}

/** Every Tuesday 08:00 UTC from the first on or after the first kick-off to the first after the last. */
export function weeklyRunTimes(firstKickoffMs: number, lastKickoffMs: number): Date[] {
    const first = new Date(firstKickoffMs);
    let t = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate(), 8);
    while (new Date(t).getUTCDay() !== 2 || t < firstKickoffMs) t += DAY_MS;
    const out: Date[] = [];
    for (; ; t += 7 * DAY_MS) {
        out.push(new Date(t));
        if (t > lastKickoffMs + 3 * 3_600_000) break;
    }
    return out;
}

export function seasonRunTimes(): Date[] {
    const { matches } = loadSeason();
    return weeklyRunTimes(Date.parse(matches[0].kickoff), Date.parse(matches[matches.length - 1].kickoff));
}

/** The weekly runs that follow the season's last, as a schedule left running would make them. */
export function runTimesAfterSeason(weeks: number): Date[] {
    const times = seasonRunTimes();
    const last = times[times.length - 1].getTime();
    return Array.from({ length: weeks }, (_, i) => new Date(last + (i + 1) * 7 * DAY_MS));
}

export interface ReplayOptions {
    lake: Lake;
    runTimes?: Date[];
    dailyBudget?: number;
    emulator?: Partial<EmulatorOptions>;
    onRun?: (summary: RunSummary) => void;
    log?: (line: string) => void;
    codeVersion?: string;
    /** More options for the runs' API client: the benchmark watches its transport. */
    client?: Partial<ClientOptions>;
}

export interface EmulatorSession {
    emulator: ApiFootballEmulator;
    baseUrl: string;
    setClock(ms: number): void;
    /** A client of the emulator on its clock: waiting for the per-minute window moves that clock, not the wall clock. */
    client(key?: string, extra?: Partial<ClientOptions>): ApiFootballClient;
    stop(): Promise<void>;
}

export async function startEmulatorSession(options: Partial<EmulatorOptions> = {}, startMs = 0): Promise<EmulatorSession> {
    let clock = startMs;
    const emulator = new ApiFootballEmulator({ ...options, now: () => clock });
    const baseUrl = await emulator.start();
    return {
        emulator,
        baseUrl,
        setClock: (ms) => { clock = ms; },
        client: (key = EMULATOR_KEY, extra = {}) => new ApiFootballClient({
            host: "api-sports", key, baseUrl, fetch: localFetch, now: () => clock, sleep: async (ms) => { clock += ms; }, ...extra,
        }),
        stop: () => emulator.stop(),
    };
}

/**
 * One run at each time, as the schedule would have made them. A lake that
 * already holds the season up to a date is carried on from that date, since a run
 * never goes back in time (`runDateProblem`); `resumedFrom` names that date.
 */
export async function replaySeason(options: ReplayOptions): Promise<{ summaries: RunSummary[]; emulator: ApiFootballEmulator; resumedFrom?: string }> {
    const resumedFrom = latestRunDate(await options.lake.list(lakeKeys(LEAGUE, SEASON).rawFixturesPrefix), new Date().toISOString().slice(0, 10));
    const times = (options.runTimes ?? seasonRunTimes()).filter((at) => resumedFrom === undefined || at.toISOString().slice(0, 10) >= resumedFrom);
    const session = await startEmulatorSession(options.emulator);
    const summaries: RunSummary[] = [];
    try {
        for (const at of times) {
            session.setClock(at.getTime());
            const summary = await runEtl({
                api: session.client(EMULATOR_KEY, { log: options.log, ...options.client }), lake: options.lake, league: LEAGUE, season: SEASON, now: at,
                dailyBudget: options.dailyBudget ?? 90, log: options.log, codeVersion: options.codeVersion,
            });
            summaries.push(summary);
            options.onRun?.(summary);
        }
    } finally {
        await session.stop();
    }
    return { summaries, emulator: session.emulator, resumedFrom };
}
