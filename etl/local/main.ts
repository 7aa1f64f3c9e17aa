// `npm start`: the ETL on this machine, with no AWS. Without API_FOOTBALL_KEY it
// replays the 2020/21 Premier League against the local emulator; with it, it
// makes one run against the real API. Either way the lake is a folder.
import * as fs from "fs";
import * as path from "path";
import { ApiFootballClient } from "../api";
import { codeVersion } from "../build";
import { ConfigError, parseDailyBudget, parseSettings, Settings } from "../config";
import { DirLake } from "../lake";
import { plural } from "../context";
import { lakeKeys, MAX_LAKE_READ_BYTES, TEAMCODES_KEY } from "../layout";
import { runEtl, RunSummary } from "../run";
import { checkTeamcodesUpload } from "../teamcodes";
import { localFetch } from "./fetch";
import { replayRequestProblem, replaySeason } from "./replay";
import { formatTeamTable } from "./table";

function line(s: RunSummary): string {
    const stop = s.stoppedByBudget ? "  (stopped by the daily budget)" : s.outcome === "season-complete" ? "  (season complete: nothing to ask)" : "";
    return `${s.runDate}  requests ${String(s.requests).padStart(2)}  statistics landed ${String(s.statisticsLanded).padStart(3)}` +
        `  in lake ${String(s.statisticsInLake).padStart(3)}/${s.fixtures}  files written ${String(s.filesWritten.length).padStart(3)}${stop}`;
}

/** The settings the Pulumi config holds, read here from the environment: a fault names the variable the user set. */
const VARIABLES: Record<string, string> = { league: "LEAGUE", season: "SEASON", apiHost: "API_HOST", dailyBudget: "DAILY_BUDGET" };

function fromEnvironment<T>(parse: () => T): T {
    try {
        return parse();
    } catch (err) {
        if (!(err instanceof ConfigError) || !(err.key in VARIABLES)) throw err;
        const name = VARIABLES[err.key];
        throw new Error(`${err.value === undefined ? `${name} is not set` : `${name}=${err.value}`}: ${err.reason}`);
    }
}

async function main(): Promise<void> {
    // Every setting is read and checked before anything is written, so a mistake leaves no lake behind.
    const key = process.env.API_FOOTBALL_KEY;
    const unreplayable = key ? undefined : replayRequestProblem(process.env);
    if (unreplayable) throw new Error(unreplayable);
    let live: { key: string; settings: Settings; api: ApiFootballClient } | undefined;
    if (key) {
        const settings = fromEnvironment(() => parseSettings({
            league: process.env.LEAGUE ?? "39",
            season: process.env.SEASON,
            apiHost: process.env.API_HOST,
            dailyBudget: process.env.DAILY_BUDGET,
        }));
        const api = new ApiFootballClient({ host: settings.apiHost, key, baseUrl: process.env.API_FOOTBALL_BASE_URL || undefined, fetch: localFetch, log: console.log });
        live = { key, settings, api };
    }
    // The replay keeps to DAILY_BUDGET too, each weekly run a new day: a small one shows a backfill spread over weeks.
    const dailyBudget = live?.settings.dailyBudget ?? fromEnvironment(() => parseDailyBudget(process.env.DAILY_BUDGET));
    const lakeDir = path.resolve(process.env.LAKE_DIR ?? "lake");
    const lake = new DirLake(lakeDir);
    // What `pulumi up` uploads, checked as it checks it; the analysis labels the chart with these codes.
    const teamcodes = fs.readFileSync(path.join(__dirname, "..", "..", "teamcodes.csv"));
    checkTeamcodesUpload(teamcodes, MAX_LAKE_READ_BYTES);
    await lake.put(TEAMCODES_KEY, teamcodes, "text/csv");
    let last: RunSummary;
    if (live) {
        last = await runEtl({
            api: live.api, lake, league: live.settings.league, season: live.settings.season, now: new Date(), dailyBudget,
            log: console.log, codeVersion: codeVersion(), secrets: [live.key],
        });
        console.log(line(last));
    } else {
        console.log("Replaying the 2020/21 Premier League against the local API-Football emulator (no key, no network, no AWS):");
        console.log("one ETL run every Tuesday 08:00 UTC, as the schedule would have made them.\n");
        const { summaries, resumedFrom } = await replaySeason({ lake, dailyBudget, codeVersion: codeVersion(), onRun: (s) => console.log(line(s)) });
        if (resumedFrom !== undefined) console.log(`(the lake already held runs up to ${resumedFrom}: the replay carried on from there; remove ${lakeDir} to replay the whole season)`);
        if (summaries.length === 0) throw new Error(`the lake in ${lakeDir} holds runs after the replay's last (${resumedFrom}); remove it, or set LAKE_DIR, to replay the season`);
        last = summaries[summaries.length - 1];
        const requests = summaries.map((s) => s.requests);
        console.log(`\n${plural(summaries.length, "run")}, ${plural(requests.reduce((a, b) => a + b, 0), "request")} in all (at most ${Math.max(...requests)} in one run).`);
        console.log(`${last.statisticsInLake} of ${last.fixtures} fixtures have their statistics in the lake.`);
    }
    if (last.teamTable.length > 0) {
        console.log(`\nExpected against real, league ${last.league} season ${last.season}, as of ${last.runDate}:\n`);
        console.log(formatTeamTable(last.teamTable));
    }
    // From the lake, so a run that had nothing to ask (a season complete) still gives the latest chart and report.
    const chart = path.resolve(`analysis-${last.league}-${last.season}.svg`);
    const svg = await lake.get(lakeKeys(last.league, last.season).chartLatest);
    if (svg) {
        fs.writeFileSync(chart, svg);
        console.log(`\nChart (points against expected points): ${chart}`);
    }
    const report = path.resolve(`report-${last.league}-${last.season}.html`);
    const html = await lake.get(lakeKeys(last.league, last.season).reportLatest);
    if (html) {
        fs.writeFileSync(report, html);
        console.log(`Report (table, charts, next week's forecasts; open it in a browser): ${report}`);
    }
    console.log(`The lake is in ${lakeDir}`);
}

main().catch((err) => {
    console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
    process.exit(1);
});
