// `npm run query -- <named query or SQL> [--csv]`: the lake as a database on this
// machine, with the tables and named queries Athena has (see database.ts).
//   npm run query -- expected-vs-real-points
//   npm run query -- 'SELECT team_name, points FROM "football_data_lake_dev"."team_table_latest" ORDER BY points DESC'
// Options: --csv, --lake DIR (LAKE_DIR, default ./lake), --league L and --season S
// for the named queries (LEAGUE, SEASON, default 39 and 2020), --database NAME
// (default football_data_lake_dev, the dev stack's Glue database).
import * as path from "path";
import { csvFormatRows } from "d3-dsv";
import { NAMED_QUERIES } from "../catalog";
import { databaseName, formatAligned, namedQuery, oneLine, queryLake } from "./database";

function option(args: string[], name: string): string | undefined {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const value = args[i + 1];
    if (value === undefined || value.startsWith("--")) throw new Error(`${name} needs a value`);
    args.splice(i, 2);
    return value;
}

async function main(argv: string[]): Promise<void> {
    const args = [...argv];
    const csv = args.includes("--csv");
    if (csv) args.splice(args.indexOf("--csv"), 1);
    const lakeDir = path.resolve(option(args, "--lake") ?? process.env.LAKE_DIR ?? "lake");
    const league = Number(option(args, "--league") ?? process.env.LEAGUE ?? 39);
    const season = Number(option(args, "--season") ?? process.env.SEASON ?? 2020);
    const schema = option(args, "--database") ?? databaseName();
    const unknown = args.find((a) => a.startsWith("--"));
    if (unknown) throw new Error(`unknown option ${unknown}`);
    if (args.length !== 1) {
        throw new Error(`give one named query or one SQL statement; named queries: ${NAMED_QUERIES.map((q) => q.name).join(", ")}`);
    }
    const [what] = args;
    let sql = what;
    if (/^[a-z0-9-]+$/.test(what)) {
        const named = namedQuery(what, schema, league, season);
        if (!named) throw new Error(`no named query '${what}'; named queries: ${NAMED_QUERIES.map((q) => q.name).join(", ")}`);
        sql = named;
    }
    const result = await queryLake(lakeDir, sql, schema);
    const text = csv ? csvFormatRows([result.columns, ...result.rows.map((r) => r.map((v) => v ?? ""))]) : formatAligned(result);
    process.stdout.write(text + "\n");
}

main(process.argv.slice(2)).catch((err) => {
    console.error(`query: ${oneLine(err instanceof Error ? err.message : String(err))}`);
    process.exit(1);
});
