// The lake as a database on this machine: DuckDB over the processed CSVs, with
// the same tables, columns and types as the Glue catalog (etl/catalog.ts) and
// the same named queries as Athena. A local tool: the Lambda never loads it.
//
// Where DuckDB and Athena differ, the difference is handled here, and only here:
// - Types: Glue's int, double and string are DuckDB's INTEGER, DOUBLE and
//   VARCHAR; timestamps are ISO strings in both (Glue declares them string).
// - Partitions: Athena projects league, season and run_date from the key
//   layout; DuckDB reads the same key=value folders as Hive partitions.
// - A value that does not fit its column: Athena's table turns it into NULL
//   (use.null.for.invalid.data, so an empty cell reads as NULL); DuckDB reads
//   an empty cell as NULL too but fails on anything else, on purpose: locally,
//   a column the writer and the catalog disagree on is an error, not a NULL.
// - The schema: the Glue database's name, so "football_data_lake_dev"."team_table"
//   reads the same in both.
// The named queries themselves are written in the SQL both accept.
import * as fs from "fs";
import * as path from "path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { catalogColumns, NAMED_QUERIES, partitionKeys, TableSpec, TABLES } from "../catalog";

const DUCKDB_TYPES: Record<string, string> = { int: "INTEGER", double: "DOUBLE", string: "VARCHAR" };

/** The DuckDB type of a Glue column type. */
export function duckdbType(glue: string): string {
    const t = DUCKDB_TYPES[glue];
    if (!t) throw new Error(`no DuckDB type for Glue type '${glue}'`);
    return t;
}

/** The Glue database name of a project and stack, as the Pulumi program makes it. */
export function databaseName(project = "football-data-lake", stack = "dev"): string {
    return `${project}_${stack}`.toLowerCase().replace(/[^a-z0-9_]+/g, "_");
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
const quoteString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The table's CSV files under the lake folder, as the key layout places them. */
export function tableFiles(lakeDir: string, spec: TableSpec): string[] {
    const root = path.join(lakeDir, spec.prefix);
    const depth = spec.history ? 3 : 2; // league=/season=[/run_date=]/file.csv
    const out: string[] = [];
    const walk = (dir: string, level: number) => {
        if (!fs.existsSync(dir)) return;
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, e.name);
            if (level < depth && e.isDirectory() && e.name.includes("=")) walk(full, level + 1);
            else if (level === depth && e.isFile() && e.name.endsWith(".csv")) out.push(full);
        }
    };
    walk(root, 0);
    return out.sort();
}

/** The view that reads a declared table: its files with the declared types, its partitions from the folders. */
export function viewSql(spec: TableSpec, lakeDir: string, schema: string): string {
    const name = `${quoteIdent(schema)}.${quoteIdent(spec.name)}`;
    const partitions = partitionKeys(spec);
    const files = tableFiles(lakeDir, spec);
    if (files.length === 0) {
        // No file yet (no forecast before the first run): the table exists, empty, with its columns.
        const columns = [...catalogColumns(spec), ...partitions];
        return `CREATE OR REPLACE VIEW ${name} AS SELECT ${columns.map((c) => `CAST(NULL AS ${duckdbType(c.type)}) AS ${quoteIdent(c.name)}`).join(", ")} WHERE false`;
    }
    const columns = catalogColumns(spec).map((c) => `${quoteString(c.name)}: ${quoteString(duckdbType(c.type))}`).join(", ");
    const hiveTypes = partitions.map((p) => `${quoteString(p.name)}: ${quoteString(duckdbType(p.type))}`).join(", ");
    return `CREATE OR REPLACE VIEW ${name} AS SELECT * FROM read_csv([${files.map(quoteString).join(", ")}], ` +
        `header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${columns}}, ` +
        `hive_partitioning = true, hive_types = {${hiveTypes}})`;
}

/** A view per declared table, in a schema named as the Glue database. */
export async function declareViews(connection: DuckDBConnection, lakeDir: string, schema: string): Promise<void> {
    await connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    for (const spec of TABLES) await connection.run(viewSql(spec, lakeDir, schema));
}

export interface QueryResult { columns: string[]; rows: Array<Array<string | null>> }

/** Opens the lake folder as a database and runs one statement; values come back as text, NULL as null. */
export async function queryLake(lakeDir: string, sql: string, schema = databaseName()): Promise<QueryResult> {
    if (!fs.existsSync(path.join(lakeDir, "processed-data"))) {
        throw new Error(`no lake at ${lakeDir}: run npm start first, or point LAKE_DIR at one`);
    }
    const { DuckDBInstance } = require("@duckdb/node-api") as typeof import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
        await declareViews(connection, lakeDir, schema);
        const reader = await connection.runAndReadAll(sql);
        const columns = reader.columnNames();
        const rows = reader.getRows().map((row) => row.map((v) => (v === null || v === undefined ? null : String(v))));
        return { columns, rows };
    } finally {
        connection.closeSync();
        instance.closeSync();
    }
}

/** A named query's text for a league and season, as Athena has it. */
export function namedQuery(name: string, schema: string, league: number, season: number): string | undefined {
    return NAMED_QUERIES.find((q) => q.name === name)?.query(schema, league, season);
}

/**
 * One line out of DuckDB's several: its first line, the value it could not
 * convert, and the file it was reading when it failed, where it says them.
 */
export function oneLine(message: string): string {
    const lines = message.split("\n").map((l) => l.trim()).filter(Boolean);
    const conversion = lines.find((l) => l.startsWith("Error when converting column"));
    const file = lines.find((l) => l.startsWith("file = "));
    return [lines[0] ?? message, conversion ? `: ${conversion}` : "", file ? ` (${file.replace("file = ", "in ")})` : ""].join("");
}

const isNumber = (v: string | null) => v !== null && /^-?\d+(\.\d+)?$/.test(v);

/** Columns aligned for a terminal: numbers to the right, text to the left, NULL as an empty cell. */
export function formatAligned(result: QueryResult): string {
    const cells = [result.columns, ...result.rows.map((r) => r.map((v) => v ?? ""))];
    const numeric = result.columns.map((_, i) => result.rows.length > 0 && result.rows.every((r) => r[i] === null || isNumber(r[i])));
    const widths = result.columns.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
    return cells.map((c) => c.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join("  ").trimEnd()).join("\n");
}
