// The Glue Data Catalog's view of the processed zone. The tables take their
// columns from the very lists the CSV writer uses, so a column added to a CSV
// is a column in Athena on the next `pulumi up`, and the two cannot drift.
import { FIXTURE_XPTS_COLUMNS, TEAM_TABLE_COLUMNS } from "./analysis";
import { FORECAST_COLUMNS } from "./forecast";
import { RUN_COLUMNS } from "./runs";
import { SEASON_TEAMCODES_COLUMNS } from "./teamcodes";
import { Column, FIXTURE_COLUMNS, STATISTICS_COLUMNS } from "./transform";

export interface TableSpec {
    name: string;
    description: string;
    /** Folder under the bucket that holds this table's files and nothing else. */
    prefix: string;
    columns: Column[];
    /** Kept per run date (history) or one copy per league and season. */
    history: boolean;
    /** Also holds the previous season (the season table: its results are the forecasts' start). */
    previousSeason?: boolean;
}

export const TABLES: TableSpec[] = [
    { name: "fixtures", description: "Every fixture of a season with its latest status and score (the previous season's too)", prefix: "processed-data/api-football/fixtures/", columns: FIXTURE_COLUMNS, history: false, previousSeason: true },
    { name: "statistics", description: "Match statistics, one row per team per fixture", prefix: "processed-data/api-football/statistics-season/", columns: STATISTICS_COLUMNS, history: false },
    { name: "team_table", description: "Expected against real goals and points per team, as of each run date", prefix: "processed-data/analysis/team-table/", columns: TEAM_TABLE_COLUMNS, history: true },
    { name: "team_table_latest", description: "Expected against real goals and points per team, as of the latest run", prefix: "processed-data/analysis/team-table-latest/", columns: TEAM_TABLE_COLUMNS, history: false },
    { name: "fixture_xpts", description: "Poisson result chances and expected points per finished fixture, as of each run date", prefix: "processed-data/analysis/fixture-xpts/", columns: FIXTURE_XPTS_COLUMNS, history: true },
    { name: "fixture_xpts_latest", description: "Poisson result chances and expected points per finished fixture, as of the latest run", prefix: "processed-data/analysis/fixture-xpts-latest/", columns: FIXTURE_XPTS_COLUMNS, history: false },
    { name: "forecasts", description: "Both models' forecasts for the next week's fixtures, as of each run date", prefix: "processed-data/analysis/forecasts/", columns: FORECAST_COLUMNS, history: true },
    { name: "forecasts_latest", description: "Both models' forecasts for the next week's fixtures, as of the latest run", prefix: "processed-data/analysis/forecasts-latest/", columns: FORECAST_COLUMNS, history: false },
    { name: "runs", description: "One row per ETL run: outcome, error, requests, quota and counts", prefix: "processed-data/runs/", columns: RUN_COLUMNS, history: false },
    { name: "teamcodes", description: "Every team of a season with the three-letter code its charts show and where the code came from", prefix: "processed-data/teamcodes/", columns: SEASON_TEAMCODES_COLUMNS, history: false },
];

/**
 * The run dates a season's dated tables can have: from June of the year it
 * starts to the end of August of the next, which holds every league calendar
 * the API serves (and the 2019/20 season that ran into August 2020).
 */
export function runDateWindow(season: number): { from: string; to: string } {
    return { from: `${season}-06-01`, to: `${season + 1}-08-31` };
}

/** Athena reads ISO timestamps with a Z as strings; they sort and compare correctly as text. */
export function glueType(column: Column): string {
    return column.type === "timestamp" ? "string" : column.type;
}

export function partitionKeys(spec: TableSpec): Array<{ name: string; type: string; comment: string }> {
    return [
        { name: "league", type: "int", comment: "API-Football league id" },
        { name: "season", type: "int", comment: "year the season starts in" },
        ...(spec.history ? [{ name: "run_date", type: "string", comment: "UTC date of the ETL run, yyyy-MM-dd" }] : []),
    ];
}

/**
 * The catalog's name for a CSV column that shares a partition key's name. Athena refuses every query on a table whose
 * partition key is also one of its columns (HIVE_INVALID_METADATA: "Table descriptor contains duplicate columns"), and
 * the season table and the statistics carry the API's `season` in each row. The OpenCSV SerDe reads columns by
 * position and skips the header, so the name is the catalog's alone: the CSV keeps its own.
 */
const PARTITION_NAMESAKES: Record<string, string> = { season: "league_season" };

/** A table's columns as the catalog (and the local views) declare them: the CSV writer's, in order, none named as a partition key. */
export function catalogColumns(spec: TableSpec): Array<{ name: string; type: string; comment: string }> {
    const keys = partitionKeys(spec).map((k) => k.name);
    const columns = spec.columns.map((c) => ({
        name: keys.includes(c.name) ? PARTITION_NAMESAKES[c.name] ?? c.name : c.name,
        type: glueType(c),
        comment: keys.includes(c.name) ? `${c.description} (the partition ${c.name} holds the same)` : c.description,
    }));
    const names = [...columns.map((c) => c.name), ...keys];
    const repeated = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
    if (repeated.length > 0) throw new Error(`table ${spec.name}: ${repeated.join(", ")} named twice among its columns and partition keys, which Athena refuses`);
    return columns;
}

/**
 * Arguments for an aws.glue.CatalogTable. Partitions are projected from the
 * key layout, so no crawler or MSCK REPAIR is needed. The projection covers
 * exactly the stack's league and season, and the season's run-date window, so
 * even a query that names no partition enumerates a few hundred at most.
 */
export function catalogTableArgs(spec: TableSpec, bucket: string, databaseName: string, league: number, season: number) {
    const window = runDateWindow(season);
    const template = `s3://${bucket}/${spec.prefix}league=\${league}/season=\${season}/` + (spec.history ? "run_date=${run_date}/" : "");
    return {
        name: spec.name,
        databaseName,
        description: spec.description,
        tableType: "EXTERNAL_TABLE",
        parameters: {
            "classification": "csv",
            "skip.header.line.count": "1",
            // An empty cell is a value the API did not give: read it as NULL in numeric columns.
            "use.null.for.invalid.data": "true",
            "projection.enabled": "true",
            "projection.league.type": "enum",
            "projection.league.values": String(league),
            "projection.season.type": "enum",
            "projection.season.values": spec.previousSeason ? `${season - 1},${season}` : String(season),
            ...(spec.history ? {
                "projection.run_date.type": "date",
                "projection.run_date.format": "yyyy-MM-dd",
                "projection.run_date.range": `${window.from},${window.to}`,
                "projection.run_date.interval": "1",
                "projection.run_date.interval.unit": "DAYS",
            } : {}),
            "storage.location.template": template,
        },
        partitionKeys: partitionKeys(spec),
        storageDescriptor: {
            location: `s3://${bucket}/${spec.prefix}`,
            inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
            outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            serDeInfo: {
                serializationLibrary: "org.apache.hadoop.hive.serde2.OpenCSVSerde",
                parameters: { separatorChar: ",", quoteChar: "\"", escapeChar: "\\" },
            },
            columns: catalogColumns(spec),
        },
    };
}

export const NAMED_QUERIES = [
    {
        name: "expected-vs-real-goals",
        description: "Goals for and against beside expected goals, per team, latest run",
        query: (database: string, league: number, season: number) => `SELECT league, season, team_name, played, goals_for, xg_for, goals_minus_xg,
       goals_against, xg_against, goals_against_minus_xg_against, xg_estimated
FROM "${database}"."team_table_latest"
WHERE league = ${league} AND season = ${season}
ORDER BY goals_minus_xg DESC`,
    },
    {
        name: "expected-vs-real-points",
        description: "Points beside expected points and both rankings, per team, latest run",
        query: (database: string, league: number, season: number) => `SELECT league, season, rank_points, rank_xpts, team_name, played, points, xpts, points_minus_xpts
FROM "${database}"."team_table_latest"
WHERE league = ${league} AND season = ${season}
ORDER BY rank_points`,
    },
    {
        name: "team-story",
        description: "Week by week, the team furthest from its expected points, under an earlier id too (to follow another team, choose it by its id in followed)",
        // The API can give a club a new id in mid-season, and the dated tables of earlier runs keep the old one. As the
        // report's story does (oneIdPerClub in etl/chart.ts), an id the latest table lacks is read as the followed club
        // where that club's name is the only one of its kind in the latest table and the club has no row of its own that run.
        query: (database: string, league: number, season: number) => `WITH latest AS (
  SELECT team_id, team_name, points_minus_xpts FROM "${database}"."team_table_latest"
  WHERE league = ${league} AND season = ${season}
), followed AS (
  SELECT team_id, team_name FROM latest
  ORDER BY abs(points_minus_xpts) DESC, team_id LIMIT 1
)
SELECT t.run_date, t.team_name, t.played, t.points, t.xpts, t.points_minus_xpts, t.points_percentile, t.rank_points, t.rank_xpts
FROM "${database}"."team_table" AS t CROSS JOIN followed AS f
WHERE t.league = ${league} AND t.season = ${season}
  AND (t.team_id = f.team_id
       OR (t.team_name = f.team_name
           AND t.team_id NOT IN (SELECT team_id FROM latest)
           AND (SELECT count(*) FROM latest WHERE team_name = f.team_name) = 1
           AND NOT EXISTS (SELECT 1 FROM "${database}"."team_table" AS o
                           WHERE o.league = ${league} AND o.season = ${season} AND o.run_date = t.run_date AND o.team_id = f.team_id)))
ORDER BY t.run_date`,
    },
    {
        name: "largest-xg-gaps",
        description: "The 20 single matches in which a side's goals were furthest from its expected goals",
        query: (database: string, league: number, season: number) => `SELECT kickoff_utc, team, opponent, goals, xg, round(goals - xg, 2) AS goals_minus_xg
FROM (
  SELECT kickoff_utc, home_name AS team, away_name AS opponent, home_goals AS goals, home_xg AS xg
  FROM "${database}"."fixture_xpts_latest" WHERE league = ${league} AND season = ${season} AND xg_source <> 'none'
  UNION ALL
  SELECT kickoff_utc, away_name AS team, home_name AS opponent, away_goals AS goals, away_xg AS xg
  FROM "${database}"."fixture_xpts_latest" WHERE league = ${league} AND season = ${season} AND xg_source <> 'none'
) AS sides
ORDER BY abs(goals - xg) DESC, kickoff_utc, team
LIMIT 20`,
    },
    {
        name: "next-week-forecasts",
        description: "Both models' forecasts for the fixtures of the seven days after the latest run",
        query: (database: string, league: number, season: number) => `SELECT kickoff_utc, home_name, away_name, model, home_xg_forecast, away_xg_forecast, p_home_win, p_draw, p_away_win
FROM "${database}"."forecasts_latest"
WHERE league = ${league} AND season = ${season}
ORDER BY kickoff_utc, fixture_id, model DESC`,
    },
];
