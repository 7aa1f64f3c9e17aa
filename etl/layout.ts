// Where everything lives in the lake. One function names each object, so the run, the Pulumi program (which
// uploads teamcodes.csv and declares the Glue tables over these prefixes), the local tools and the tests all
// agree on every key. Pure: keys in, keys out.
import { MAX_RESPONSE_BYTES } from "./http";
import { recordsPrefix } from "./runs";

/** Where the Pulumi program uploads teamcodes.csv; the season's codes are merged from it. */
export const TEAMCODES_KEY = "processed-data/teamcodes.csv";
/**
 * The largest lake object a run reads: the largest answer it takes. Nothing the run writes comes near it (the
 * processed tables of a season are a few hundred kilobytes); an object beyond it was put there some other way.
 */
export const MAX_LAKE_READ_BYTES = MAX_RESPONSE_BYTES;
const RAW = "raw-data/api-football/";
const REJECTED = `${RAW}rejected/`;

/** Where a refused answer (or a raw object recovery could not read) is kept, beside its reason. */
export const rejectedKey = (key: string): string => key.replace(RAW, REJECTED);
export const reasonKey = (key: string): string => key.replace(/\.json$/, ".reason.json");

/** The fixtures a raw statistics answer was asked for, from its key. */
export const idsInKey = (key: string): number[] => (/fixtures=([0-9-]+)\.json$/.exec(key)?.[1] ?? "").split("-").filter(Boolean).map(Number);
/** The fixture a processed statistics file holds, from its key. */
export const idInKey = (key: string): number | undefined => {
    const m = /fixture=([0-9]+)\.csv$/.exec(key);
    return m ? Number(m[1]) : undefined;
};

export function lakeKeys(league: number, season: number) {
    const part = `league=${league}/season=${season}`;
    return {
        rawFixturesPrefix: `${RAW}fixtures/${part}/`,
        rawFixtures: (runDate: string, page = 1) => `${RAW}fixtures/${part}/run_date=${runDate}${page > 1 ? `.page-${page}` : ""}.json`,
        rawStatisticsPrefix: `${RAW}statistics/${part}/`,
        rawStatistics: (runDate: string, ids: number[]) => `${RAW}statistics/${part}/run_date=${runDate}/fixtures=${ids.join("-")}.json`,
        rawTeamsPrefix: `${RAW}teams/${part}/`,
        rawTeams: (runDate: string) => `${RAW}teams/${part}/run_date=${runDate}.json`,
        rejectedPrefix: REJECTED,
        statisticsPrefix: `processed-data/api-football/statistics/${part}/`,
        statistics: (id: number) => `processed-data/api-football/statistics/${part}/fixture=${id}.csv`,
        seasonStatistics: `processed-data/api-football/statistics-season/${part}/statistics.csv`,
        seasonFixtures: `processed-data/api-football/fixtures/${part}/fixtures.csv`,
        previousFixtures: (runDate: string) => `processed-data/api-football/previous-fixtures/${part}/run_date=${runDate}/fixtures.csv`,
        nextFixtures: (runDate: string) => `processed-data/api-football/next-fixtures/${part}/run_date=${runDate}/fixtures.csv`,
        teamcodes: TEAMCODES_KEY,
        seasonTeamcodes: `processed-data/teamcodes/${part}/teamcodes.csv`,
        teamTable: (runDate: string) => `processed-data/analysis/team-table/${part}/run_date=${runDate}/team-table.csv`,
        teamTableLatest: `processed-data/analysis/team-table-latest/${part}/team-table.csv`,
        fixtureXpts: (runDate: string) => `processed-data/analysis/fixture-xpts/${part}/run_date=${runDate}/fixture-xpts.csv`,
        fixtureXptsLatest: `processed-data/analysis/fixture-xpts-latest/${part}/fixture-xpts.csv`,
        chart: (runDate: string) => `processed-data/analysis/charts/${part}/run_date=${runDate}/points-vs-xpts.svg`,
        chartLatest: `processed-data/analysis/charts/${part}/latest/points-vs-xpts.svg`,
        forecastsPrefix: `processed-data/analysis/forecasts/${part}/`,
        forecasts: (runDate: string) => `processed-data/analysis/forecasts/${part}/run_date=${runDate}/forecasts.csv`,
        forecastsLatest: `processed-data/analysis/forecasts-latest/${part}/forecasts.csv`,
        teamTablePrefix: `processed-data/analysis/team-table/${part}/`,
        report: (runDate: string) => `processed-data/analysis/report/${part}/run_date=${runDate}/index.html`,
        reportLatest: `processed-data/analysis/report/${part}/latest/index.html`,
        runsPrefix: recordsPrefix(league, season),
        runs: `processed-data/runs/${part}/runs.csv`,
    };
}
export type LakeKeys = ReturnType<typeof lakeKeys>;
