// The real 2020/21 Premier League season, rebuilt in API-Football's shape from
// the bundled public data: results and match statistics from football-data,
// expected goals summed from Understat's shots. And the season before it,
// 2019/20, from football-data alone (no expected goals, as the real API has
// none for it). Used only by the local emulator; nothing here is sent to AWS.
import * as fs from "fs";
import * as path from "path";
import { csvParse } from "d3-dsv";
import { ApiFixture, ApiStatistic, isoUtc } from "../transform";

/** The bundled season data (etl/local/data/PROVENANCE.md says where each file comes from). */
export const DATA_DIR = path.join(__dirname, "data");
export const LEAGUE = 39;
export const SEASON = 2020;
export const SEASON_BEFORE = 2019;

/** football-data's club names to API-Football team ids (teamcodes.csv). */
export const FOOTBALL_DATA_NAMES: Record<string, number> = {
    "Arsenal": 42, "Aston Villa": 66, "Brighton": 51, "Burnley": 44, "Chelsea": 49, "Crystal Palace": 52,
    "Everton": 45, "Fulham": 36, "Leeds": 63, "Leicester": 46, "Liverpool": 40, "Man City": 50,
    "Man United": 33, "Newcastle": 34, "Sheffield United": 62, "Southampton": 41, "Tottenham": 47,
    "West Brom": 60, "West Ham": 48, "Wolves": 39,
};

/** The 2019/20 clubs that were not in the 2020/21 season, as API-Football names them (see PROVENANCE.md). */
export const RELEGATED_2019: Array<{ footballData: string; id: number; name: string; code: string | null }> = [
    { footballData: "Bournemouth", id: 35, name: "Bournemouth", code: "BOU" },
    { footballData: "Watford", id: 38, name: "Watford", code: null },
    { footballData: "Norwich", id: 71, name: "Norwich", code: null },
];

/** Understat's club names to API-Football team ids. */
export const UNDERSTAT_NAMES: Record<string, number> = {
    "Arsenal": 42, "Aston Villa": 66, "Brighton": 51, "Burnley": 44, "Chelsea": 49, "Crystal Palace": 52,
    "Everton": 45, "Fulham": 36, "Leeds": 63, "Leicester": 46, "Liverpool": 40, "Manchester City": 50,
    "Manchester United": 33, "Newcastle United": 34, "Sheffield United": 62, "Southampton": 41, "Tottenham": 47,
    "West Bromwich Albion": 60, "West Ham": 48, "Wolverhampton Wanderers": 39,
};

export interface SeasonMatch {
    /**
     * 2020/21: Understat's match id. 2019/20: 1,000,001 onwards in the order of
     * football-data's file. Neither source has the real API's fixture ids.
     */
    id: number;
    kickoff: string; // ISO, UTC
    homeId: number;
    awayId: number;
    homeGoals: number;
    awayGoals: number;
    halftimeHome: number;
    halftimeAway: number;
    /** Sum of Understat shot xG, unrounded; null where the data has none (2019/20). */
    homeXg: number | null;
    awayXg: number | null;
    stats: { home: Record<string, number>; away: Record<string, number> };
    /** Penalties taken in play, from Understat's shots (2020/21); absent where the data has no events (2019/20). */
    penalties?: Array<{ side: "home" | "away"; minute: number; player: string; scored: boolean }>;
}

export interface TeamRef { id: number; name: string }

/** The season's clubs as teamcodes.csv lists them: id, name and three-letter code. */
export function seasonClubs(): Array<{ id: number; name: string; code: string }> {
    const rows = csvParse(fs.readFileSync(path.join(__dirname, "..", "..", "teamcodes.csv"), "utf8"));
    return rows.map((r) => ({ id: Number(r.id), name: r.name!, code: r.code! }));
}

function readTeams(): Map<number, string> {
    return new Map(seasonClubs().map((c) => [c.id, c.name]));
}

function num(value: string | undefined, what: string): number {
    const n = Number(value);
    if (value === undefined || value === "" || !Number.isFinite(n)) throw new Error(`bundled data: ${what} is not a number (${value})`);
    return n;
}

export interface EmulatedSeason { league: number; season: number; matches: SeasonMatch[]; teams: Map<number, string> }

let cached: EmulatedSeason | undefined;
let cachedBefore: EmulatedSeason | undefined;

/** football-data's per-side statistics in API-Football's statistic types. */
function footballDataStats(r: Record<string, string | undefined>, p: "H" | "A"): Record<string, number> {
    return {
        "Total Shots": num(r[`${p}S`], `${p}S`),
        "Shots on Goal": num(r[`${p}ST`], `${p}ST`),
        "Fouls": num(r[`${p}F`], `${p}F`),
        "Corner Kicks": num(r[`${p}C`], `${p}C`),
        "Yellow Cards": num(r[`${p}Y`], `${p}Y`),
        "Red Cards": num(r[`${p}R`], `${p}R`),
    };
}

/**
 * UK local time (football-data's dd/mm/yyyy and HH:MM) as an instant, by
 * Europe/London's offset at that moment: the two-pass search settles on the
 * offset in force at the local time, summer or winter.
 */
export function londonToUtc(date: string, time: string): string {
    const [d, m, y] = date.split("/").map(Number);
    const [hh, mm] = time.split(":").map(Number);
    const asUtc = Date.UTC(y, m - 1, d, hh, mm);
    const format = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
    const offsetAt = (t: number) => {
        const p = Object.fromEntries(format.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
        return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - t;
    };
    let t = asUtc - offsetAt(asUtc);
    t = asUtc - offsetAt(t);
    return isoUtc(t);
}

/** The 2019/20 Premier League from football-data's original file: results, statistics and UK kick-off times. */
export function loadSeasonBefore(): EmulatedSeason {
    if (cachedBefore) return cachedBefore;
    const teams = readTeams();
    const ids: Record<string, number> = { ...FOOTBALL_DATA_NAMES };
    for (const r of RELEGATED_2019) {
        ids[r.footballData] = r.id;
        teams.set(r.id, r.name);
    }
    const rows = csvParse(fs.readFileSync(path.join(DATA_DIR, "football-data", "E0-2019-20.csv"), "utf8"));
    const matches = rows.map((r, i): SeasonMatch => {
        const homeId = ids[r.HomeTeam!];
        const awayId = ids[r.AwayTeam!];
        if (!homeId || !awayId) throw new Error(`bundled data: football-data club '${r.HomeTeam}' or '${r.AwayTeam}' has no API-Football id`);
        return {
            id: 1_000_001 + i,
            kickoff: londonToUtc(r.Date!, r.Time!),
            homeId, awayId,
            homeGoals: num(r.FTHG, "FTHG"), awayGoals: num(r.FTAG, "FTAG"),
            halftimeHome: num(r.HTHG, "HTHG"), halftimeAway: num(r.HTAG, "HTAG"),
            homeXg: null, awayXg: null,
            stats: { home: footballDataStats(r, "H"), away: footballDataStats(r, "A") },
        };
    });
    matches.sort((a, b) => a.kickoff.localeCompare(b.kickoff) || a.id - b.id);
    cachedBefore = { league: LEAGUE, season: SEASON_BEFORE, matches, teams };
    return cachedBefore;
}

export function loadSeason(): EmulatedSeason {
    if (cached) return cached;
    const teams = readTeams();
    const shots = csvParse(fs.readFileSync(path.join(DATA_DIR, "understat", "shots_epl_20-21.csv"), "utf8"));
    const understat = new Map<string, { id: number; date: string; xg: { h: number; a: number }; penalties: NonNullable<SeasonMatch["penalties"]> }>();
    for (const s of shots) {
        const homeId = UNDERSTAT_NAMES[s.h_team!];
        const awayId = UNDERSTAT_NAMES[s.a_team!];
        if (!homeId || !awayId) throw new Error(`bundled data: Understat club '${s.h_team}' or '${s.a_team}' has no API-Football id`);
        const key = `${s.date!.slice(0, 10)}|${homeId}|${awayId}`;
        const match = understat.get(key) ?? { id: num(s.match_id, "match_id"), date: s.date!, xg: { h: 0, a: 0 }, penalties: [] };
        match.xg[s.h_a as "h" | "a"] += num(s.xG, "xG");
        if (s.situation === "Penalty") {
            match.penalties.push({ side: s.h_a === "h" ? "home" : "away", minute: num(s.minute, "minute"), player: s.player!, scored: s.result === "Goal" });
        }
        understat.set(key, match);
    }
    const results = csvParse(fs.readFileSync(path.join(DATA_DIR, "football-data", "season-2021.csv"), "utf8"));
    const matches = results.map((r): SeasonMatch => {
        const homeId = FOOTBALL_DATA_NAMES[r.HomeTeam!];
        const awayId = FOOTBALL_DATA_NAMES[r.AwayTeam!];
        if (!homeId || !awayId) throw new Error(`bundled data: football-data club '${r.HomeTeam}' or '${r.AwayTeam}' has no API-Football id`);
        const u = understat.get(`${r.Date}|${homeId}|${awayId}`);
        if (!u) throw new Error(`bundled data: no Understat shots for ${r.Date} ${r.HomeTeam} v ${r.AwayTeam}`);
        return {
            id: u.id,
            // Understat's kick-off time, taken as UTC.
            kickoff: `${u.date.replace(" ", "T")}Z`.replace(/:00Z$/, ":00Z"),
            homeId, awayId,
            homeGoals: num(r.FTHG, "FTHG"), awayGoals: num(r.FTAG, "FTAG"),
            halftimeHome: num(r.HTHG, "HTHG"), halftimeAway: num(r.HTAG, "HTAG"),
            homeXg: u.xg.h, awayXg: u.xg.a,
            stats: { home: footballDataStats(r, "H"), away: footballDataStats(r, "A") },
            penalties: u.penalties,
        };
    });
    matches.sort((a, b) => a.kickoff.localeCompare(b.kickoff) || a.id - b.id);
    const result = { league: LEAGUE, season: SEASON, matches, teams };
    cached = result;
    return result;
}

const FINISHED_AFTER_MS = 115 * 60_000;

/** A match as API-Football would describe it at `nowMs`: not started, in play, or finished with its score. */
export function apiFixture(m: SeasonMatch, teams: Map<number, string>, nowMs: number, withStatistics: boolean, season = SEASON): ApiFixture {
    const kickoffMs = Date.parse(m.kickoff);
    const elapsedMin = (nowMs - kickoffMs) / 60_000;
    const finished = nowMs >= kickoffMs + FINISHED_AFTER_MS;
    const status = finished ? { long: "Match Finished", short: "FT", elapsed: 90 }
        : elapsedMin < 0 ? { long: "Not Started", short: "NS", elapsed: null }
        : elapsedMin < 45 ? { long: "First Half", short: "1H", elapsed: Math.floor(elapsedMin) }
        : elapsedMin < 60 ? { long: "Halftime", short: "HT", elapsed: 45 }
        : { long: "Second Half", short: "2H", elapsed: Math.min(90, Math.floor(elapsedMin - 15)) };
    const team = (id: number, won: boolean | null) => ({
        id, name: teams.get(id)!, logo: `https://media.api-sports.io/football/teams/${id}.png`, winner: won,
    });
    const outcome = m.homeGoals === m.awayGoals ? null : m.homeGoals > m.awayGoals;
    const played = finished;
    const fixture: ApiFixture = {
        fixture: {
            id: m.id,
            timezone: "UTC",
            date: m.kickoff.replace("Z", "+00:00"),
            timestamp: Math.floor(kickoffMs / 1000),
            status,
        },
        league: { id: LEAGUE, name: "Premier League", season },
        teams: {
            home: team(m.homeId, played ? outcome : null),
            away: team(m.awayId, played ? (outcome === null ? null : !outcome) : null),
        },
        goals: { home: played ? m.homeGoals : null, away: played ? m.awayGoals : null },
        score: {
            halftime: { home: played ? m.halftimeHome : null, away: played ? m.halftimeAway : null },
            fulltime: { home: played ? m.homeGoals : null, away: played ? m.awayGoals : null },
            extratime: { home: null, away: null },
            penalty: { home: null, away: null },
        },
    };
    if (withStatistics) {
        const list = (stats: Record<string, number>, xg: number | null): ApiStatistic[] => [
            ...Object.entries(stats).map(([type, value]) => ({ type, value })),
            // API-Football sends expected goals as a string with two decimals, and none for older seasons.
            ...(xg === null ? [] : [{ type: "expected_goals", value: xg.toFixed(2) }]),
        ];
        fixture.statistics = played
            ? [
                { team: team(m.homeId, null), statistics: list(m.stats.home, m.homeXg) },
                { team: team(m.awayId, null), statistics: list(m.stats.away, m.awayXg) },
            ].map((s) => ({ team: { id: s.team.id, name: s.team.name, logo: s.team.logo }, statistics: s.statistics }))
            : [];
        // The events the bundled data holds: the penalties of Understat's shots (the real answer also lists the
        // other goals, cards and substitutions). A season without shot data gets no events list at all.
        if (played && m.penalties) {
            fixture.events = m.penalties.map((p) => {
                const t = team(p.side === "home" ? m.homeId : m.awayId, null);
                return {
                    time: { elapsed: p.minute, extra: null }, team: { id: t.id, name: t.name, logo: t.logo },
                    player: { name: p.player }, assist: { id: null, name: null },
                    type: "Goal", detail: p.scored ? "Penalty" : "Missed Penalty", comments: null,
                };
            });
        }
    }
    return fixture;
}
