// Pure transforms from API-Football payloads to rows. No IO, no AWS, no fetch:
// everything here takes plain objects and returns plain rows.
import { csvFormat } from "d3-dsv";

export interface ApiTeamRef { id: number; name: string; logo?: string; winner?: boolean | null }
export interface ApiStatistic { type: string; value: number | string | null }
export interface ApiTeamStatistics { team: ApiTeamRef; statistics: ApiStatistic[] }
export interface ApiEvent {
    time?: { elapsed: number | null; extra: number | null };
    team?: { id: number; name?: string; logo?: string };
    player?: { id?: number | null; name: string | null };
    assist?: { id: number | null; name: string | null };
    type?: string;
    detail?: string;
    comments?: string | null;
}
export interface ApiFixture {
    fixture: {
        id: number;
        referee?: string | null;
        timezone?: string;
        date: string;
        timestamp: number;
        venue?: { id: number | null; name: string | null; city: string | null };
        status: { long: string; short: string; elapsed: number | null };
    };
    league: { id: number; name?: string; season: number; round?: string };
    teams: { home: ApiTeamRef; away: ApiTeamRef };
    /** Read as no score where a fixture not played leaves it out (scoreCells); the guard refuses a finished fixture without it. */
    goals: { home: number | null; away: number | null };
    score?: Record<"halftime" | "fulltime" | "extratime" | "penalty", { home: number | null; away: number | null }>;
    statistics?: ApiTeamStatistics[];
    /** In /fixtures?ids= answers: goals, cards, substitutions and penalties, as the provider covers them. */
    events?: ApiEvent[];
}

// Module-level constants are plain arrays and records, not Sets or Maps: Pulumi
// serializes the callback's captured values, and it cannot carry a Map's entries.
export const FINISHED_STATUSES = ["FT", "AET", "PEN"];
export const isFinished = (f: ApiFixture): boolean => FINISHED_STATUSES.includes(f.fixture.status.short);

export type Column = { name: string; type: "int" | "double" | "string" | "timestamp"; description: string };

export const FIXTURE_COLUMNS: Column[] = [
    { name: "fixture_id", type: "int", description: "API-Football fixture id" },
    { name: "league_id", type: "int", description: "API-Football league id" },
    { name: "season", type: "int", description: "year the season starts in" },
    { name: "round", type: "string", description: "e.g. Regular Season - 1" },
    { name: "kickoff_utc", type: "timestamp", description: "kick-off, ISO 8601 in UTC" },
    { name: "status", type: "string", description: "short status: FT, AET, PEN, NS, PST, CANC, ABD, ..." },
    { name: "status_long", type: "string", description: "status as the API spells it" },
    { name: "venue", type: "string", description: "venue name" },
    { name: "home_id", type: "int", description: "home team id" },
    { name: "home_name", type: "string", description: "home team name" },
    { name: "away_id", type: "int", description: "away team id" },
    { name: "away_name", type: "string", description: "away team name" },
    { name: "home_goals", type: "int", description: "home goals (empty until played)" },
    { name: "away_goals", type: "int", description: "away goals (empty until played)" },
    { name: "halftime_home", type: "int", description: "home goals at half time" },
    { name: "halftime_away", type: "int", description: "away goals at half time" },
    { name: "penalty_home", type: "int", description: "home penalties in a shoot-out" },
    { name: "penalty_away", type: "int", description: "away penalties in a shoot-out" },
    { name: "statistics", type: "string", description: "landed, pending, unavailable (gave up after repeated empty or refused answers), not-played, or not-fetched (the previous season, kept for its results)" },
    { name: "missing_since", type: "string", description: "empty while the API lists the fixture; else the run date from which it stopped listing it (the row keeps its last known state)" },
];

/**
 * The most expected goals one side may have in one match. No side comes near it (the most in 2020/21 was
 * 5.17, from Understat's shots): a value above it is a broken answer, not a remarkable match.
 */
export const MAX_MATCH_XG = 20;

/**
 * The most goals one side may have in one match: the highest scoreline ever recorded, AS Adema 149–0 SO l'Emyrne
 * (Madagascar, 2002, all own goals in protest). A score above it is a broken answer. Taken, a side's goals set the
 * scale of the goals chart, and one side given a billion goals ran the run out of memory drawing its grid.
 */
export const MAX_MATCH_GOALS = 149;

/** A side's score as the season table holds it: a whole number from 0 to MAX_MATCH_GOALS. */
export const isScore = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_MATCH_GOALS;

/** The season table's score columns (ints), each with where a fixture of an answer gives it. */
export const SCORE_COLUMNS: ReadonlyArray<readonly [column: string, where: string]> = [
    ["home_goals", "goals.home"], ["away_goals", "goals.away"],
    ["halftime_home", "score.halftime.home"], ["halftime_away", "score.halftime.away"],
    ["penalty_home", "score.penalty.home"], ["penalty_away", "score.penalty.away"],
];

/**
 * A fixture's score cells as the answer gives them: undefined where it leaves one out (a fixture not played may have no
 * `goals`, a match no half-time score), which the season table writes as none, as it does null.
 */
export function scoreCells(f: ApiFixture): Array<{ column: string; where: string; value: unknown }> {
    const at = (o: unknown, key: string): unknown => (typeof o === "object" && o !== null ? (o as Record<string, unknown>)[key] : undefined);
    return SCORE_COLUMNS.map(([column, where]) => ({ column, where, value: where.split(".").reduce(at, f as unknown) }));
}

/** The range a statistic's value must lie in; an int statistic is a count and must also be whole. */
type Range = readonly [number, number];
const COUNT: Range = [0, Infinity];
const PERCENT: Range = [0, 100];

/** API statistic type (matched case-insensitively) to column, its type, and the range its values must lie in. */
export const STATISTIC_TYPES: Array<[string, string, "int" | "double", Range]> = [
    ["Shots on Goal", "shots_on_goal", "int", COUNT],
    ["Shots off Goal", "shots_off_goal", "int", COUNT],
    ["Shots insidebox", "shots_insidebox", "int", COUNT],
    ["Shots outsidebox", "shots_outsidebox", "int", COUNT],
    ["Total Shots", "total_shots", "int", COUNT],
    ["Blocked Shots", "blocked_shots", "int", COUNT],
    ["Fouls", "fouls", "int", COUNT],
    ["Corner Kicks", "corner_kicks", "int", COUNT],
    ["Offsides", "offsides", "int", COUNT],
    ["Ball Possession", "ball_possession", "double", PERCENT],
    ["Yellow Cards", "yellow_cards", "int", COUNT],
    ["Red Cards", "red_cards", "int", COUNT],
    ["Goalkeeper Saves", "goalkeeper_saves", "int", COUNT],
    ["Total passes", "total_passes", "int", COUNT],
    ["Passes accurate", "passes_accurate", "int", COUNT],
    ["Passes %", "passes_pct", "double", PERCENT],
    ["expected_goals", "expected_goals", "double", [0, MAX_MATCH_XG]],
    // Goals prevented are below 0 for a goalkeeper who let in more than the shots he faced were worth.
    ["goals_prevented", "goals_prevented", "double", [-Infinity, Infinity]],
];

export const STATISTICS_COLUMNS: Column[] = [
    { name: "fixture_id", type: "int", description: "API-Football fixture id" },
    { name: "league_id", type: "int", description: "API-Football league id" },
    { name: "season", type: "int", description: "year the season starts in" },
    { name: "kickoff_utc", type: "timestamp", description: "kick-off, ISO 8601 in UTC" },
    { name: "side", type: "string", description: "home or away" },
    { name: "team_id", type: "int", description: "team id" },
    { name: "team_name", type: "string", description: "team name" },
    { name: "opponent_id", type: "int", description: "opponent team id" },
    { name: "goals", type: "int", description: "goals scored by the team" },
    ...STATISTIC_TYPES.map(([type, name, t]): Column => ({
        name,
        type: t,
        description: t === "double" && /%|Possession/.test(type) ? `${type}, percent as a number` : `${type}`,
    })),
    // Last, so that a file written before they existed still lines up with the table.
    { name: "penalties_taken", type: "int", description: "penalties the team took in play, scored or missed (a shoot-out's are not counted), from the answer's events; empty where the answer has no events" },
    { name: "penalties_scored", type: "int", description: "of those, penalties scored" },
];

export type Row = Record<string, string | number | null>;

/** The text without the byte-order mark a spreadsheet's CSV export puts first, which would otherwise be part of the first column's name. */
export const withoutBom = (text: string): string => text.replace(/^\uFEFF/, "");
/** A cell with nothing in it: the lake's CSV writes null as an empty field, which reads back as "". */
export const blankCell = (v: unknown): boolean => v === null || v === undefined || String(v).trim() === "";
/**
 * A cell holding a whole number as the lake's CSV writer writes one: digits alone, after a minus. Number() also reads
 * 1e9, 0x10, 5.0 and " 5" as whole numbers; a damaged cell in such a form could name another fixture, and Athena
 * reads it in an int column as nothing.
 */
export const wholeCell = (v: unknown): boolean => /^-?\d+$/.test(String(v ?? ""));
/**
 * A cell holding a number as the lake's CSV writer writes one, which is JavaScript's own text for it: "0.07", not
 * "0.070", " 0.07", "7e-2" or "0x10". Held cells are checked against it because Number() reads them all alike.
 */
export const writtenNumber = (v: unknown): boolean => {
    // Null and undefined come out as "null" and "undefined", which are no numbers' text.
    const text = String(v);
    return Number.isFinite(Number(text)) && String(Number(text)) === text;
};
/** A cell holding a time as the lake's CSV writer writes one (`isoUtc`): "2020-09-12T11:30:00Z", not with milliseconds or an offset. */
export const writtenTime = (v: unknown): boolean => {
    const ms = Date.parse(String(v));
    return Number.isFinite(ms) && isoUtc(ms) === v;
};
/** A cell holding a score as the lake's CSV writer writes one: a whole number from 0 to MAX_MATCH_GOALS. */
export const scoreCell = (v: unknown): boolean => wholeCell(v) && isScore(Number(v));

/**
 * The cell as Athena can read it back. The Glue tables read the lake's CSV with the OpenCSV SerDe, whose escape
 * character is a backslash, and which does not support a line break inside a field: a backslash would vanish or
 * swallow the character after it, and a line break would cut its row in two. Text from the API (a team, venue or
 * round name; an error message quoting an answer) may hold either, so a line break and the spaces around it become
 * one space and a backslash is left out.
 */
function athenaCell<T>(value: T): T | string {
    return typeof value === "string" ? oneLine(value).replace(/\\/g, "") : value;
}

/** The text on one line: each line break, with the spaces around it, becomes one space. */
export const oneLine = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, " ");

/** The rows as the lake's CSV: the columns in their declared order, each cell as Athena can read it. */
export function toCsv(rows: Row[], columns: Column[]): string {
    const names = columns.map((c) => c.name);
    return csvFormat(rows.map((r) => Object.fromEntries(names.map((n) => [n, athenaCell(r[n])]))), names) + "\n";
}

/** Kick-off as ISO 8601 in UTC, whatever timezone the API was asked for. */
export function kickoffIso(f: ApiFixture): string {
    return isoUtc(kickoffMs(f));
}

/** A time in milliseconds as ISO 8601 in UTC, to the second where it falls on one. */
export function isoUtc(ms: number): string {
    return new Date(ms).toISOString().replace(".000Z", "Z");
}

export function kickoffMs(f: ApiFixture): number {
    return Number.isFinite(f.fixture.timestamp) ? f.fixture.timestamp * 1000 : Date.parse(f.fixture.date);
}

/** "not-fetched": the previous season, kept for its results only. */
export type StatisticsState = "landed" | "pending" | "unavailable" | "not-played" | "not-fetched";

export function fixtureRow(f: ApiFixture, statistics: StatisticsState, missingSince: string | null = null): Row {
    return {
        fixture_id: f.fixture.id,
        league_id: f.league.id,
        season: f.league.season,
        round: f.league.round ?? null,
        kickoff_utc: kickoffIso(f),
        status: f.fixture.status.short,
        status_long: f.fixture.status.long,
        venue: f.fixture.venue?.name ?? null,
        home_id: f.teams.home.id,
        home_name: f.teams.home.name,
        away_id: f.teams.away.id,
        away_name: f.teams.away.name,
        ...Object.fromEntries(scoreCells(f).map((c) => [c.column, c.value ?? null])),
        statistics,
        missing_since: missingSince,
    };
}

/**
 * A statistic value as a number, or null when the API gave none. "55%" is 55,
 * "1.20" is 1.2. Null stays null: the API sends null both for "none happened"
 * and "not recorded", and the lake must not guess which.
 */
export function statisticValue(value: number | string | null | undefined): number | null {
    if (value === null || value === undefined) return null;
    if (typeof value === "number") return Number.isFinite(value) ? value : null;
    const text = value.trim().replace(/%$/, "");
    if (text === "") return null;
    const n = Number(text);
    if (!Number.isFinite(n)) throw new Error(`statistic value '${value}' is not a number`);
    return n;
}

/**
 * A statistic's value as `statisticValue` reads it, refused where it cannot be what the statistic measures:
 * a count that is not whole or is below 0, a percentage outside 0–100, expected goals below 0 or beyond any
 * match. Such a value reads as well as a right one, so only this check keeps it out of the lake.
 */
export function statisticInRange(type: string, value: number | string | null | undefined, sqlType: "int" | "double", [min, max]: Range): number | null {
    const n = statisticValue(value);
    if (n === null) return null;
    const shown = `${type} '${value}'`;
    if (sqlType === "int" && !Number.isInteger(n)) throw new Error(`${shown} is not a whole number`);
    if (n < min) throw new Error(`${shown} is below ${min}`);
    if (n > max) throw new Error(`${shown} is above ${max}`);
    return n;
}

// A plain object, not a Map: the Lambda's code is this module serialized by Pulumi, which does not keep a Map's entries.
const BY_TYPE: Record<string, (typeof STATISTIC_TYPES)[number]> = Object.fromEntries(STATISTIC_TYPES.map((t) => [t[0].toLowerCase(), t]));

/** True when the API sent statistics for both teams. */
export function hasStatistics(f: ApiFixture): boolean {
    return (f.statistics ?? []).filter((s) => (s.statistics ?? []).length > 0).length === 2;
}

/**
 * Penalties a team took in play, from the fixture's events: a goal event whose
 * detail is "Penalty" (scored) or "Missed Penalty". A shoot-out's kicks are
 * events too (comments "Penalty Shootout") and are not counted: they decide a
 * tie, they do not happen in the match. Null where the answer has no events
 * list, which is not the same as none taken.
 */
export function penaltiesOf(f: ApiFixture, teamId: number): { taken: number; scored: number } | null {
    if (!Array.isArray(f.events)) return null;
    let taken = 0, scored = 0;
    for (const e of f.events) {
        if (e?.team?.id !== teamId || String(e.type ?? "").trim().toLowerCase() !== "goal" || /shoot-?out/i.test(String(e.comments ?? ""))) continue;
        const detail = String(e.detail ?? "").trim().toLowerCase();
        if (detail === "penalty") {
            taken++;
            scored++;
        } else if (detail === "missed penalty") {
            taken++;
        }
    }
    return { taken, scored };
}

export function statisticsRows(f: ApiFixture): Row[] {
    const bySide = (f.statistics ?? []);
    return (["home", "away"] as const).map((side) => {
        const team = f.teams[side];
        const opponent = f.teams[side === "home" ? "away" : "home"];
        const entry = bySide.find((s) => s.team.id === team.id);
        if (!entry) throw new Error(`fixture ${f.fixture.id}: no statistics for ${side} team ${team.id}`);
        const row: Row = {
            fixture_id: f.fixture.id,
            league_id: f.league.id,
            season: f.league.season,
            kickoff_utc: kickoffIso(f),
            side,
            team_id: team.id,
            team_name: team.name,
            opponent_id: opponent.id,
            goals: f.goals?.[side] ?? null,
        };
        for (const [, column] of STATISTIC_TYPES) row[column] = null;
        for (const stat of entry.statistics) {
            const type = stat.type.trim().toLowerCase();
            // Own keys only: a type such as "constructor" is no statistic of ours.
            const known = Object.hasOwn(BY_TYPE, type) ? BY_TYPE[type] : undefined;
            if (known) row[known[1]] = statisticInRange(stat.type.trim(), stat.value, known[2], known[3]);
        }
        const penalties = penaltiesOf(f, team.id);
        row.penalties_taken = penalties?.taken ?? null;
        row.penalties_scored = penalties?.scored ?? null;
        return row;
    });
}

const DAY_MS = 86_400_000;

/** Season-table rows kicking off in the seven days before `now`, and in the seven days from it, in table order. */
export function weekWindows(rows: Row[], now: Date): { previous: Row[]; next: Row[] } {
    const t = now.getTime();
    const at = (r: Row) => Date.parse(String(r.kickoff_utc));
    return {
        previous: rows.filter((r) => at(r) >= t - 7 * DAY_MS && at(r) < t),
        next: rows.filter((r) => at(r) >= t && at(r) < t + 7 * DAY_MS),
    };
}

/** A row's teams, home then away, as one text: two rows name the same match's sides where it is equal. */
export const rowTeams = (r: Row): string => `${Number(r.home_id)} v ${Number(r.away_id)}`;
/** A fixture's teams in an answer, as rowTeams gives a row's. */
export const fixtureTeams = (f: ApiFixture): string => `${f.teams.home.id} v ${f.teams.away.id}`;

/** Season-table order: kick-off, then fixture id. */
export function compareRows(a: Row, b: Row): number {
    return String(a.kickoff_utc).localeCompare(String(b.kickoff_utc)) || Number(a.fixture_id) - Number(b.fixture_id);
}

export function compareFixtures(a: ApiFixture, b: ApiFixture): number {
    return kickoffMs(a) - kickoffMs(b) || a.fixture.id - b.fixture.id;
}

export function chunk<T>(items: T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}
