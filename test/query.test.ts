// The lake as a database on this machine: every declared table read with its
// declared types by DuckDB, the named queries run as Athena has them and
// checked against the CSVs by separate code, and the command's errors.
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { csvFormat, csvParse, DSVRowString } from "d3-dsv";
import { NAMED_QUERIES, TABLES } from "../etl/catalog";
import { DirLake } from "../etl/lake";
import { databaseName, namedQuery, queryLake, tableFiles } from "../etl/local/database";
import { replaySeason, seasonRunTimes } from "../etl/local/replay";
import { lakeKeys, TEAMCODES_KEY } from "../etl/layout";
import { TEAMCODES } from "./helpers/lakes";
import { tempDir } from "./helpers/servers";

const ROOT = path.join(__dirname, "..");
const SCHEMA = databaseName();
// A run in the thick of the season: every table then has rows, next week's forecasts included.
const MID_SEASON = new Date("2021-03-02T08:00:00Z");
const RUN_TIMES = seasonRunTimes().filter((t) => t <= MID_SEASON);
const RUN_DATES = RUN_TIMES.map((t) => t.toISOString().slice(0, 10));

function runQuery(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), path.join(ROOT, "etl", "local", "query.ts"), ...args], {
            env: { PATH: process.env.PATH ?? "", TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json"), ...env },
        });
        let out = "", err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.on("close", (code) => resolve({ code: code ?? -1, out, err }));
    });
}

const csvRows = (file: string) => csvParse(fs.readFileSync(file, "utf8"));

describe("the lake as a local database", function () {
    this.timeout(120_000);
    let lakeDir: string;
    const keys = lakeKeys(39, 2020);
    const run = (name: string) => queryLake(lakeDir, namedQuery(name, SCHEMA, 39, 2020)!, SCHEMA);

    before(async () => {
        lakeDir = tempDir("query-lake-");
        const lake = new DirLake(lakeDir);
        await lake.put(TEAMCODES_KEY, TEAMCODES, "text/csv");
        await replaySeason({ lake, runTimes: RUN_TIMES });
    });

    it("reads every row of every declared table with the declared types, turning no value into NULL", async () => {
        for (const spec of TABLES) {
            const files = tableFiles(lakeDir, spec);
            assert.ok(files.length > 0, `${spec.name} has files`);
            const rows = files.flatMap(csvRows);
            const counts = spec.columns.map((c) => `count(${JSON.stringify(c.name)})`).join(", ");
            const result = await queryLake(lakeDir, `SELECT count(*), ${counts} FROM "${SCHEMA}"."${spec.name}"`, SCHEMA);
            const [total, ...nonNull] = result.rows[0].map(Number);
            assert.equal(total, rows.length, `${spec.name}: rows`);
            // Separately: a value becomes NULL only where its cell is empty.
            spec.columns.forEach((c, i) => assert.equal(nonNull[i], rows.filter((r) => r[c.name] !== "").length, `${spec.name}.${c.name}: non-empty cells`));
        }
    });

    it("finds in no processed table a backslash or a line break inside a field, which Athena's CSV reader would misread", async () => {
        for (const spec of TABLES) {
            for (const file of tableFiles(lakeDir, spec)) {
                for (const row of csvRows(file)) {
                    for (const [column, value] of Object.entries(row)) assert.ok(!/[\\\r\n]/.test(value ?? ""), `${file} ${column}: ${JSON.stringify(value)}`);
                }
            }
        }
    });

    it("reads the partitions from the key layout, as Athena projects them", async () => {
        const result = await queryLake(lakeDir, `SELECT league, season, count(DISTINCT run_date) FROM "${SCHEMA}"."team_table" GROUP BY league, season`, SCHEMA);
        const runs = RUN_TIMES.length;
        assert.deepEqual(result.rows, [["39", "2020", String(runs)]]);
        const seasons = await queryLake(lakeDir, `SELECT season, count(*) FROM "${SCHEMA}"."fixtures" GROUP BY season ORDER BY season`, SCHEMA);
        assert.deepEqual(seasons.rows, [["2019", "380"], ["2020", "380"]]);
        // The CSV's own season column, read by position under the name the catalog gives it, agrees with the partition.
        for (const table of ["fixtures", "statistics"]) {
            const agree = await queryLake(lakeDir, `SELECT count(*), count(*) FILTER (WHERE league_season = season) FROM "${SCHEMA}"."${table}"`, SCHEMA);
            assert.ok(Number(agree.rows[0][0]) > 0 && agree.rows[0][0] === agree.rows[0][1], `${table}: ${agree.rows[0].join(" of ")}`);
        }
    });

    it("fails on a value that does not fit its column, naming the column and the file", async () => {
        const bad = tempDir("query-bad-");
        fs.cpSync(lakeDir, bad, { recursive: true });
        const file = path.join(bad, keys.teamTableLatest);
        const lines = fs.readFileSync(file, "utf8").split("\n");
        const cells = lines[1].split(",");
        cells[12] = "N/A"; // points
        lines[1] = cells.join(",");
        fs.writeFileSync(file, lines.join("\n"));
        await assert.rejects(queryLake(bad, namedQuery("expected-vs-real-points", SCHEMA, 39, 2020)!, SCHEMA), (err: Error) => {
            assert.match(err.message, /Could not convert string "N\/A" to 'INTEGER'/);
            assert.match(err.message, /column "points"/);
            assert.ok(err.message.includes(file));
            return true;
        });
    });

    it("puts the uploaded file's code beside every team of the statistics, joined on the teamcodes table's id", async () => {
        const sql = `SELECT DISTINCT s.team_id, c.code FROM "${SCHEMA}"."statistics" s ` +
            `LEFT JOIN "${SCHEMA}"."teamcodes" c ON c.id = s.team_id AND c.league = s.league AND c.season = s.season ORDER BY s.team_id`;
        const result = await queryLake(lakeDir, sql, SCHEMA);
        // The project's teamcodes.csv holds every 2020/21 club, so each code is the uploaded file's.
        const uploaded = csvParse(TEAMCODES.toString("utf8")).map((r) => [r.id!, r.code!]).sort((a, b) => Number(a[0]) - Number(b[0]));
        assert.deepEqual(result.rows, uploaded);
    });

    it("runs the points query to the same 20 rows as team-table.csv", async () => {
        const table = csvRows(path.join(lakeDir, keys.teamTableLatest));
        const result = await run("expected-vs-real-points");
        assert.equal(result.rows.length, 20);
        const cols = ["rank_points", "rank_xpts", "team_name", "played", "points", "xpts", "points_minus_xpts"];
        result.rows.forEach((row, i) => {
            const got = Object.fromEntries(result.columns.map((c, k) => [c, row[k]]));
            for (const c of cols) assert.equal(Number.isNaN(Number(table[i][c])) ? got[c] : Number(got[c]), Number.isNaN(Number(table[i][c])) ? table[i][c] : Number(table[i][c]), `${table[i].team_name} ${c}`);
            assert.deepEqual([got.league, got.season], ["39", "2020"]);
        });
    });

    it("runs the goals query to the same figures, ordered by goals minus xG", async () => {
        const table = new Map(csvRows(path.join(lakeDir, keys.teamTableLatest)).map((r) => [r.team_name, r]));
        const result = await run("expected-vs-real-goals");
        assert.equal(result.rows.length, 20);
        const at = (name: string) => result.columns.indexOf(name);
        let previous = Infinity;
        for (const row of result.rows) {
            const t = table.get(row[at("team_name")]!)!;
            for (const c of ["goals_for", "xg_for", "goals_minus_xg", "goals_against", "xg_against", "goals_against_minus_xg_against", "xg_estimated"]) {
                assert.equal(Number(row[at(c)]), Number(t[c]), `${t.team_name} ${c}`);
            }
            assert.ok(Number(row[at("goals_minus_xg")]) <= previous);
            previous = Number(row[at("goals_minus_xg")]);
        }
    });

    /** The latest table's row of the team furthest from its expected points, found by separate code. */
    const furthestTeam = () => [...csvRows(path.join(lakeDir, keys.teamTableLatest))]
        .sort((a, b) => Math.abs(Number(b.points_minus_xpts)) - Math.abs(Number(a.points_minus_xpts)))[0];

    it("follows the team furthest from its expected points, run by run", async () => {
        const furthest = furthestTeam();
        const result = await run("team-story");
        assert.deepEqual(result.rows.map((r) => r[0]), RUN_DATES);
        assert.ok(result.rows.every((r) => r[1] === furthest.team_name), furthest.team_name);
        assert.equal(result.rows[result.rows.length - 1][5], String(Number(furthest.points_minus_xpts)));
    });

    describe("the team-story query, where the API gave the club a new id", () => {
        const EARLIER_ID = "999999";
        let furthest: { id: string; name: string };
        before(() => {
            const row = furthestTeam();
            furthest = { id: row.team_id!, name: row.team_name! };
        });

        /** A copy of the lake whose team tables, each dated one and the latest, `edit` has changed. */
        function withTeamTables(edit: (rows: DSVRowString[], runDate: string) => DSVRowString[]): string {
            const dir = tempDir("query-story-");
            fs.cpSync(lakeDir, dir, { recursive: true });
            for (const [key, runDate] of [...RUN_DATES.map((d) => [keys.teamTable(d), d]), [keys.teamTableLatest, "latest"]]) {
                const file = path.join(dir, key);
                const rows = csvRows(file);
                fs.writeFileSync(file, csvFormat(edit([...rows], runDate), rows.columns));
            }
            return dir;
        }
        /** The furthest club's row of each dated table of the unedited lake, from the given run date on. */
        const ownRows = (from = "") => RUN_DATES.filter((d) => d >= from).map((d) => {
            const r = csvRows(path.join(lakeDir, keys.teamTable(d))).find((t) => t.team_id === furthest.id)!;
            return [d, r.team_name, String(Number(r.points_minus_xpts))];
        });
        const story = async (dir: string) => (await queryLake(dir, namedQuery("team-story", SCHEMA, 39, 2020)!, SCHEMA)).rows.map((r) => [r[0], r[1], String(Number(r[5]))]);
        const renumberBefore = (from: string) => (rows: DSVRowString[], runDate: string) =>
            runDate < from ? rows.map((r) => (r.team_id === furthest.id ? { ...r, team_id: EARLIER_ID } : r)) : rows;

        it("follows the club through the id the earlier runs' tables give it", async () => {
            const from = RUN_DATES[10];
            assert.deepEqual(await story(withTeamTables(renumberBefore(from))), ownRows());
        });

        it("takes no row under another id on a run where the club has a row of its own", async () => {
            const day = RUN_DATES[5];
            const dir = withTeamTables((rows, runDate) => {
                const own = rows.find((r) => r.team_id === furthest.id)!;
                return runDate === day ? [...rows, { ...own, team_id: EARLIER_ID, points_minus_xpts: "7.5" }] : rows;
            });
            assert.deepEqual(await story(dir), ownRows());
        });

        it("takes no row of another club of the latest table, though it bore the club's name on an earlier run", async () => {
            const from = RUN_DATES[10];
            const dir = withTeamTables((rows, runDate) => {
                const renumbered = renumberBefore(from)(rows, runDate);
                if (runDate !== RUN_DATES[3]) return renumbered;
                const other = renumbered.findIndex((r) => r.team_id !== EARLIER_ID);
                return renumbered.map((r, i) => (i === other ? { ...r, team_name: furthest.name } : r));
            });
            assert.deepEqual(await story(dir), ownRows());
        });

        it("follows no earlier id when two clubs of the latest table share the club's name", async () => {
            const from = RUN_DATES[10];
            const dir = withTeamTables((rows, runDate) => {
                const renumbered = renumberBefore(from)(rows, runDate);
                if (runDate !== "latest") return renumbered;
                const other = renumbered.findIndex((r) => r.team_id !== furthest.id);
                return renumbered.map((r, i) => (i === other ? { ...r, team_name: furthest.name } : r));
            });
            assert.deepEqual(await story(dir), ownRows(from));
        });
    });

    it("lists the 20 team-matches furthest from their expected goals, as the per-fixture table gives them", async () => {
        const sides = csvRows(path.join(lakeDir, keys.fixtureXptsLatest)).flatMap((f) => [
            { team: f.home_name, goals: Number(f.home_goals), xg: Number(f.home_xg) },
            { team: f.away_name, goals: Number(f.away_goals), xg: Number(f.away_xg) },
        ]);
        const expected = sides.map((s) => Math.abs(s.goals - s.xg)).sort((a, b) => b - a).slice(0, 20);
        const result = await run("largest-xg-gaps");
        assert.equal(result.rows.length, 20);
        result.rows.forEach((r, i) => assert.ok(Math.abs(Math.abs(Number(r[5])) - expected[i]) < 0.006, `${r.join(" ")} against ${expected[i]}`));
    });

    it("shows next week's forecasts from both models", async () => {
        const forecasts = csvRows(path.join(lakeDir, keys.forecastsLatest));
        const result = await run("next-week-forecasts");
        assert.equal(result.rows.length, forecasts.length);
        assert.ok(result.rows.length > 0);
        assert.deepEqual([...new Set(result.rows.map((r) => r[3]))].sort(), ["goals", "xg"]);
    });

    it("runs every named query Athena has", async () => {
        for (const q of NAMED_QUERIES) assert.ok((await run(q.name)).rows.length > 0, q.name);
    });

    it("prints a named query as an aligned table or as CSV from the command line", async () => {
        const table = await runQuery(["expected-vs-real-points"], { LAKE_DIR: lakeDir });
        assert.equal(table.code, 0, table.err);
        const lines = table.out.trimEnd().split("\n");
        assert.equal(lines.length, 21);
        assert.match(lines[0], /^league +season +rank_points/);
        const csv = await runQuery(["expected-vs-real-points", "--csv", "--lake", lakeDir]);
        assert.equal(csv.code, 0, csv.err);
        const parsed = csvParse(csv.out);
        assert.equal(parsed.length, 20);
        assert.deepEqual(parsed.map((r) => r.team_name), csvRows(path.join(lakeDir, keys.teamTableLatest)).map((r) => r.team_name));
    });

    it("runs any SQL given instead of a name", async () => {
        const { code, out } = await runQuery([`SELECT count(*) AS fixtures FROM "${SCHEMA}"."fixtures" WHERE season = 2020`, "--lake", lakeDir]);
        assert.equal(code, 0);
        assert.deepEqual(out.trim().split("\n"), ["fixtures", "     380"]);
    });

    for (const [what, args, pattern] of [
        ["a missing lake", ["expected-vs-real-points", "--lake", "/nonexistent/lake"], /^query: no lake at \/nonexistent\/lake: run npm start first/],
        ["SQL with a syntax error", ["SELEC points FROM nowhere"], /^query: Parser Error: syntax error at or near "SELEC"/],
        ["a named query that does not exist", ["expected-vs-real-luck"], /^query: no named query 'expected-vs-real-luck'; named queries: expected-vs-real-goals, /],
    ] as Array<[string, string[], RegExp]>) {
        it(`answers ${what} with one line on stderr and exit code 1`, async () => {
            const { code, out, err } = await runQuery(args, { LAKE_DIR: lakeDir });
            assert.equal(code, 1);
            assert.equal(out, "");
            assert.equal(err.trimEnd().split("\n").length, 1, err);
            assert.match(err, pattern);
        });
    }
});
