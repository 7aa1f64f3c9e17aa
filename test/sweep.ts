// Damages one cell of one table the lake holds, runs the next weekly run, and
// requires it to succeed: every column of every table a run reads back, each
// given each of a few texts a damaged or hand-edited file may hold, in a played
// row and an unplayed (or middle) row. A damaged object must never fail a
// run, let alone every later one. Nor may the run carry the damage on: after
// it, every cell of every table Athena reads must be of its column's declared
// type, but in the dated files of earlier runs, which a run never rewrites.
//
//   npm run sweep [-- <table name> ...]
//
// Runs outside `npm test`: a few thousand runs, a few minutes. Prints one line
// per case that did not end `ok`, and a count.
import { csvFormat, csvParse } from "d3-dsv";
import { TABLES as GLUE_TABLES } from "../etl/catalog";
import { lakeKeys } from "../etl/layout";
import { MemoryLake } from "../etl/lake";
import { replaySeason, seasonRunTimes } from "../etl/local/replay";
import { misfits } from "./helpers/cells";
import { copyLake, seededLake } from "./helpers/lakes";
import { runOnce } from "./helpers/runs";

const AT = new Date("2021-03-02T08:00:00Z");
const BEFORE = "2021-02-23";
/** What a damaged cell may hold: nothing, text, numbers out of range or in forms the CSV writer never writes, CSV's own characters. */
const TEXTS = ["", "x", "-1", "1.5", "1e9", "-1e9", "NaN", "Infinity", "0", "0x10", " 5", "\"", "a,b"];

const keys = lakeKeys(39, 2020);
const RUN_DATE = `run_date=${AT.toISOString().slice(0, 10)}/`;

/** The cells of the lake's Athena tables not of their columns' types, the dated files of earlier runs left out. */
async function carried(lake: MemoryLake): Promise<string[]> {
    const found: string[] = [];
    for (const table of GLUE_TABLES) {
        for (const key of await lake.list(table.prefix)) {
            if (table.history && !key.includes(RUN_DATE)) continue;
            found.push(...misfits((await lake.get(key))!.toString("utf8"), table.columns).map((m) => `${key.slice(table.prefix.length)} ${m}`));
        }
    }
    return found;
}

const TABLES: Record<string, string> = {
    fixtures: keys.seasonFixtures,
    statistics: keys.seasonStatistics,
    "fixture-statistics": "", // a fixture's own file, found below
    previous: lakeKeys(39, 2019).seasonFixtures,
    "team-table": keys.teamTable(BEFORE),
    forecasts: keys.forecasts(BEFORE),
    "next-fixtures": keys.nextFixtures(BEFORE),
    teamcodes: keys.teamcodes,
    "season-teamcodes": keys.seasonTeamcodes,
    runs: keys.runs,
};

(async () => {
    const started = Date.now();
    const only = process.argv.slice(2);
    const base = seededLake();
    await replaySeason({ lake: base, runTimes: seasonRunTimes().filter((t) => t < AT) });
    TABLES["fixture-statistics"] = (await base.list(keys.statisticsPrefix))[0];
    let cases = 0;
    const failed: string[] = [];
    for (const [name, key] of Object.entries(TABLES)) {
        if (only.length > 0 && !only.includes(name)) continue;
        const text = (await base.get(key))?.toString("utf8");
        if (text === undefined) throw new Error(`the replay left no ${key}`);
        const rows = csvParse(text);
        // A played row and one that is not (in the tables with a status), else the first row and a middle one.
        const played = rows.findIndex((r) => r.status === "FT");
        const other = rows.findIndex((r) => r.status !== undefined && r.status !== "FT");
        const picks = [...new Set(rows.columns.includes("status") && played >= 0 && other >= 0 ? [played, other] : [0, Math.floor(rows.length / 2)])];
        for (const column of rows.columns) {
            for (const damage of TEXTS) {
                for (const i of picks) {
                    const damaged = csvParse(text);
                    if (damaged[i][column] === damage) continue;
                    damaged[i][column] = damage;
                    const lake: MemoryLake = copyLake(base);
                    await lake.put(key, csvFormat(damaged, damaged.columns) + "\n", "text/csv");
                    const run = await runOnce(lake, AT);
                    cases++;
                    const what = `${name} row ${i + 1} ${column} = ${JSON.stringify(damage)}`;
                    if (run.record?.outcome !== "ok" || run.error) {
                        failed.push(`${what}: ${run.record?.outcome ?? "no record"}${run.error ? ` (${run.error.name}: ${run.error.message.slice(0, 200)})` : ""}`);
                        continue;
                    }
                    const left = await carried(lake);
                    if (left.length > 0) failed.push(`${what}: carried on, ${left.slice(0, 3).join("; ")}`);
                }
            }
        }
    }
    for (const line of failed) console.log(line);
    console.log(`${cases} damaged cells: ${cases - failed.length} runs ok, ${failed.length} not (${Math.round((Date.now() - started) / 1000)} s)`);
    process.exit(failed.length === 0 ? 0 : 1);
})();
