// The season guard: what an API answer must be before it may change the lake.
// The lake is the reference an answer is checked against, so a bad answer can
// never shrink or corrupt what the lake already holds. Pure: plain objects in,
// plain objects out, or a RefusedAnswer naming the rule that was broken.
import { csvParse } from "d3-dsv";
import { EtlError } from "./errors";
import { estimateXg } from "./analysis";
import { ApiFixture, blankCell, FINISHED_STATUSES, isFinished, isoUtc, isScore, MAX_MATCH_GOALS, MAX_MATCH_XG, Row, fixtureTeams, FIXTURE_COLUMNS, rowTeams, SCORE_COLUMNS, scoreCells, STATISTIC_TYPES, statisticInRange, statisticsRows, STATISTICS_COLUMNS, hasStatistics, scoreCell, wholeCell, writtenNumber, writtenTime } from "./transform";

/** A value as a problem quotes it: its JSON, cut short. */
const quoted = (v: unknown, max = 60): string => (JSON.stringify(v) ?? String(v)).slice(0, max);

/** No league season has more fixtures than this (the largest cup formats stay well below it). */
export const MAX_SEASON_FIXTURES = 2000;
/** The most pages of one answer the run will follow. */
export const MAX_PAGES = 20;
/** An answer may leave out this share of the fixtures the lake knows (at least LOST_AT_LEAST of them) before it is refused. */
export const LOST_SHARE = 0.05;
export const LOST_AT_LEAST = 2;

export type RefusalRule =
    | "not-a-list"
    | "malformed-fixture"
    | "wrong-league"
    | "unasked-fixture"
    | "finished-without-score"
    | "duplicate-fixture"
    | "oversized"
    | "empty-season"
    | "paging"
    | "lost-fixtures"
    | "changed-results"
    | "unreadable-statistics"
    | "malformed-teams"
    | "unreadable-raw";

/** An answer (or a raw object) the lake will not take, and why. */
export class RefusedAnswer extends EtlError {
    constructor(
        readonly rule: RefusalRule,
        /** The request (path and query) or the object key the answer came from. */
        readonly source: string,
        readonly problem: string,
        /** Fixtures the refusal is about, where it is about some and not the whole answer. */
        readonly fixtures: number[] = [],
    ) {
        super(`API-Football answer from ${source} was not written to the lake (rule ${rule}): ${problem}`);
        this.name = "RefusedAnswer";
    }
}

export interface Paging { current?: unknown; total?: unknown }

/** Statuses after which nothing about a fixture changes: played to the end, or settled without being played. */
export const FINAL_STATUSES = [...FINISHED_STATUSES, "AWD", "WO", "CANC"];

/**
 * The kick-offs, in seconds, that a fixture of `season` can have: from the start of the year before it to the end
 * of the second year after, generous to leagues played in one calendar year, to seasons that start early with
 * their qualifiers, and to fixtures put back for months. A timestamp outside it is no kick-off: one given in
 * milliseconds lands the fixture in the year 52,000 (which Athena reads as nothing), a larger one is no time at
 * all (the run failed on `Invalid time value`), and 0 is 1970.
 */
function kickoffWindow(season: number): { from: number; to: number } {
    return { from: Date.UTC(season - 1, 0, 1) / 1000, to: Date.UTC(season + 3, 0, 1) / 1000 };
}

/** Checks every fixture of one answer: shape, league and season, kick-off, scores, duplicates, size. */
export function checkFixtureList(source: string, response: unknown, league: number, season: number, asked?: number[]): ApiFixture[] {
    if (!Array.isArray(response)) throw new RefusedAnswer("not-a-list", source, "`response` is not a list");
    const limit = asked ? asked.length : MAX_SEASON_FIXTURES;
    if (response.length > limit) {
        throw new RefusedAnswer("oversized", source, `${response.length} fixtures, more than ${asked ? `the ${asked.length} asked for` : `any league season has (at most ${MAX_SEASON_FIXTURES})`}`);
    }
    const seen = new Set<number>();
    const window = kickoffWindow(season);
    for (const f of response as ApiFixture[]) {
        const id = f?.fixture?.id;
        if (!Number.isInteger(id) || id <= 0 || !f.teams?.home || !f.teams?.away || !Number.isInteger(f.teams.home.id) || !Number.isInteger(f.teams.away.id)
            || !f.fixture.status?.short || !Number.isFinite(f.fixture.timestamp)) {
            throw new RefusedAnswer("malformed-fixture", source, `a fixture lacks id, teams, status or timestamp (${quoted(f, 120)})`);
        }
        if (f.teams.home.id === f.teams.away.id) {
            throw new RefusedAnswer("malformed-fixture", source, `fixture ${id} has team ${f.teams.home.id} on both sides`, [id]);
        }
        if (f.league?.id !== league || f.league?.season !== season) {
            throw new RefusedAnswer("wrong-league", source, `fixture ${id} belongs to league ${f.league?.id} season ${f.league?.season}, not ${league}/${season}`, [id]);
        }
        if (f.fixture.timestamp < window.from || f.fixture.timestamp >= window.to) {
            throw new RefusedAnswer("malformed-fixture", source, `fixture ${id} has the kick-off timestamp ${f.fixture.timestamp}, not a time in seconds ` +
                `from ${isoUtc(window.from * 1000)} to before ${isoUtc(window.to * 1000)}, as a fixture of season ${season} has`, [id]);
        }
        if (asked && !asked.includes(id)) throw new RefusedAnswer("unasked-fixture", source, `fixture ${id} was not asked for`, [id]);
        if (seen.has(id)) throw new RefusedAnswer("duplicate-fixture", source, `fixture ${id} appears more than once`, [id]);
        seen.add(id);
        if (isFinished(f) && !(Number.isInteger(f.goals?.home) && Number.isInteger(f.goals?.away))) {
            throw new RefusedAnswer("finished-without-score", source, `fixture ${id} is finished (${f.fixture.status.short}) but has no score`, [id]);
        }
        if (isFinished(f) && ((f.goals.home as number) < 0 || (f.goals.away as number) < 0)) {
            throw new RefusedAnswer("finished-without-score", source, `fixture ${id} is finished (${f.fixture.status.short}) with a score below 0 (${f.goals.home}–${f.goals.away})`, [id]);
        }
        if (isFinished(f) && ((f.goals.home as number) > MAX_MATCH_GOALS || (f.goals.away as number) > MAX_MATCH_GOALS)) {
            throw new RefusedAnswer("finished-without-score", source, `fixture ${id} is finished (${f.fixture.status.short}) with a score above ${MAX_MATCH_GOALS}, ` +
                `the most goals a side has scored in a recorded match (${f.goals.home}–${f.goals.away})`, [id]);
        }
        // The season table's score columns are ints, for a match in play or to come too: a score given as 1.5 or "2"
        // went into it as given, which Athena reads as nothing and a local query refuses.
        const notScore = scoreCells(f).find((c) => c.value !== null && c.value !== undefined && !isScore(c.value));
        if (notScore) {
            throw new RefusedAnswer("malformed-fixture", source, `fixture ${id} gives ${notScore.where} as ${JSON.stringify(notScore.value)}, ` +
                `not a score: a whole number from 0 to ${MAX_MATCH_GOALS}, or null`, [id]);
        }
    }
    return response as ApiFixture[];
}

/**
 * Pages must be the pages 1..total of one answer, all of them. The API does not
 * page /fixtures today; if it ever does, the run follows the pages and this
 * check makes sure none is missing, repeated or from a different paging.
 */
export function checkPaging(source: string, pagings: Array<Paging | undefined>): void {
    const total = pagings[0]?.total ?? 1;
    if (!Number.isInteger(total) || (total as number) < 1) throw new RefusedAnswer("paging", source, `paging.total is ${JSON.stringify(total)}`);
    if ((total as number) > MAX_PAGES) throw new RefusedAnswer("paging", source, `${total} pages, more than the ${MAX_PAGES} a run follows`);
    if (pagings.length !== total) throw new RefusedAnswer("paging", source, `page 1 of ${total} came without the other ${(total as number) - 1}`);
    pagings.forEach((p, i) => {
        const current = p?.current ?? 1;
        if (current !== i + 1 || (p?.total ?? 1) !== total) {
            throw new RefusedAnswer("paging", source, `page ${i + 1} of ${total} says it is page ${JSON.stringify(current)} of ${JSON.stringify(p?.total)}`);
        }
    });
}

export interface SeasonVerdict {
    fixtures: ApiFixture[];
    /** Rows of the lake's season table whose fixtures this answer no longer lists. */
    dropped: Row[];
    /** Fixtures the lake holds as finished that this answer gives another result: the few a correction may change. */
    changed: Array<{ id: number; was: string; now: string }>;
}

/** How many of `held` fixtures an answer may leave out, or give another result: LOST_SHARE of them, at least LOST_AT_LEAST. */
const fewOf = (held: number): number => Math.max(LOST_AT_LEAST, Math.floor(LOST_SHARE * held));

/** A result as a log line shows it: status and score, and the teams (home v away) where given. */
const result = (status: unknown, home: unknown, away: unknown, teams: string | undefined) => `${status} ${home ?? ""}–${away ?? ""}${teams === undefined ? "" : ` [${teams}]`}`;

/**
 * A season answer against the season table the lake holds. It must list
 * fixtures, and may leave out at most a few of the ones the lake knows; those
 * few are kept with their last known state rather than dropped. Of the
 * fixtures the lake holds as finished, it may give at most as few another
 * result (a score corrected, a match awarded or ordered replayed): an answer
 * that called every played match not started would empty the team table.
 */
export function checkSeasonAnswer(source: string, response: unknown, league: number, season: number, known: Row[]): SeasonVerdict {
    const fixtures = checkFixtureList(source, response, league, season);
    if (fixtures.length === 0) {
        throw new RefusedAnswer("empty-season", source, known.length > 0
            ? `no fixtures, where the lake holds ${known.length} for league ${league} season ${season}`
            : `no fixtures for league ${league} season ${season}: the league id or season may be wrong, or the fixtures are not published yet`);
    }
    const listed = new Set(fixtures.map((f) => f.fixture.id));
    const dropped = known.filter((r) => !listed.has(Number(r.fixture_id)));
    const tolerated = fewOf(known.length);
    if (dropped.length > tolerated) {
        throw new RefusedAnswer("lost-fixtures", source,
            `it lists ${known.length - dropped.length} of the ${known.length} fixtures the lake holds (at most ${tolerated} may be missing); ` +
            `missing include ${dropped.slice(0, 5).map((r) => r.fixture_id).join(", ")}`);
    }
    const finished = new Map(known.filter((r) => FINISHED_STATUSES.includes(String(r.status))).map((r) => [Number(r.fixture_id), r]));
    // Who played is part of a result: an answer giving every played match to other teams, or with home and away
    // swapped, rewrites the table as surely as one with other scores.
    const changed = fixtures.flatMap((f) => {
        const held = finished.get(f.fixture.id);
        if (held === undefined) return [];
        const [heldTeams, teams] = [rowTeams(held), fixtureTeams(f)];
        const sameTeams = heldTeams === teams;
        if (sameTeams && isFinished(f) && f.goals.home === Number(held.home_goals) && f.goals.away === Number(held.away_goals)) return [];
        return [{
            id: f.fixture.id,
            was: result(held.status, held.home_goals, held.away_goals, sameTeams ? undefined : heldTeams),
            now: result(f.fixture.status.short, f.goals?.home, f.goals?.away, sameTeams ? undefined : teams),
        }];
    });
    const mayChange = fewOf(finished.size);
    if (changed.length > mayChange) {
        throw new RefusedAnswer("changed-results", source,
            `it gives another result for ${changed.length} of the ${finished.size} fixtures the lake holds as finished (at most ${mayChange} may change); ` +
            `changed include ${changed.slice(0, 5).map((c) => `${c.id} (${c.was}, now ${c.now})`).join(", ")}`, changed.map((c) => c.id));
    }
    return { fixtures, dropped, changed };
}

export interface StatisticsVerdict {
    fixtures: ApiFixture[];
    /** Fixtures whose statistics cannot be turned into rows, with the reason. */
    unreadable: Array<{ id: number; problem: string }>;
}

/**
 * A side's shots, through the shot model the analysis falls back on where a match lacks expected goals,
 * must not be worth more than any side's xG may be: such counts are a broken answer, not a remarkable match.
 */
function shotsWithinReason(row: Row): void {
    // statisticsRows gives a count as a number or null.
    const estimate = estimateXg(row.total_shots as number | null, row.shots_on_goal as number | null);
    if (estimate !== null && estimate > MAX_MATCH_XG) {
        throw new Error(`${row.side} shots (${row.total_shots}, ${row.shots_on_goal} on target) are worth ${estimate.toFixed(2)} xG by the shot model, above ${MAX_MATCH_XG}`);
    }
}

/** Each fixture's teams, home then away, as a season answer or the season table gives them (`rowTeams`' text). */
export type FixtureTeams = Map<number, string>;

/** The teams of each fixture in season-table rows. */
export function teamsOfRows(rows: Row[]): FixtureTeams {
    return new Map(rows.map((r) => [Number(r.fixture_id), rowTeams(r)]));
}

/** Where `teams` gives the fixture's teams and the answer others, home and away, the problem; else undefined. */
export function otherTeams(f: ApiFixture, teams: FixtureTeams): string | undefined {
    const expected = teams.get(f.fixture.id);
    return expected === undefined || expected === fixtureTeams(f) ? undefined : `the answer has teams ${fixtureTeams(f)}, where the season has ${expected}`;
}

/** Whether an answer is of the two teams `teams` gives its fixture (if any), either way round, as the statistics rows of a match whose home and away were swapped since are. */
export function sameTeams(f: ApiFixture, teams: FixtureTeams): boolean {
    const expected = teams.get(f.fixture.id);
    return expected === undefined || expected === fixtureTeams(f) || expected === rowTeams({ home_id: f.teams.away.id, away_id: f.teams.home.id });
}

/**
 * Where a fixture's statistics are not the shape the transform reads, the problem: none at all is a fixture without
 * statistics yet, but given, they are a list of entries, each of a team (its id) with a list of statistics, each
 * with a type. Before, statistics given as text, or an entry given as null, failed the run with a TypeError at every
 * run the answer came, keeping no evidence and counting no failed answer, so the fixture was never given up on.
 */
function statisticsShapeProblem(f: ApiFixture): string | undefined {
    const entries: unknown = f.statistics;
    if (entries === undefined || entries === null) return undefined;
    if (!Array.isArray(entries)) return `statistics is ${quoted(entries)}, not a list`;
    for (const [i, entry] of entries.entries()) {
        if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return `statistics entry ${i + 1} is ${quoted(entry)}, not a team's statistics`;
        const team = (entry as { team?: { id?: unknown } }).team?.id;
        if (!Number.isInteger(team)) return `statistics entry ${i + 1} names no team id (${quoted((entry as { team?: unknown }).team)})`;
        const list: unknown = (entry as { statistics?: unknown }).statistics;
        if (list === undefined || list === null) continue;
        if (!Array.isArray(list)) return `the statistics of team ${team} are ${quoted(list)}, not a list`;
        const bad = list.findIndex((stat) => typeof stat?.type !== "string");
        if (bad >= 0) return `a statistic of team ${team} is ${quoted(list[bad])}, not a type with its value`;
    }
    return undefined;
}

/**
 * An ids= answer, transform included: every fixture that carries statistics
 * must turn into rows, so a raw answer that lands can always be processed. Where
 * `teams` gives a fixture's teams, the answer must give the same, home and away:
 * a side's statistics are joined to the season table by side, so an answer with
 * the sides swapped would give each team the other's expected goals.
 */
export function checkStatisticsAnswer(source: string, response: unknown, league: number, season: number, asked: number[], teams: FixtureTeams = new Map()): StatisticsVerdict {
    const fixtures = checkFixtureList(source, response, league, season, asked);
    const unreadable: StatisticsVerdict["unreadable"] = [];
    for (const f of fixtures) {
        const problem = otherTeams(f, teams);
        if (problem !== undefined) {
            unreadable.push({ id: f.fixture.id, problem });
            continue;
        }
        const shape = statisticsShapeProblem(f);
        if (shape !== undefined) {
            unreadable.push({ id: f.fixture.id, problem: shape });
            continue;
        }
        if (!hasStatistics(f)) continue;
        try {
            for (const row of statisticsRows(f)) shotsWithinReason(row);
        } catch (err) {
            unreadable.push({ id: f.fixture.id, problem: (err as Error).message });
        }
    }
    return { fixtures, unreadable };
}

/** What a held row's fixture_id names: its fixture, or NaN where it is no fixture id (a problem then words it as a row). */
export const heldFixtureId = (r: Row): number => (wholeCell(r.fixture_id) && Number(r.fixture_id) > 0 ? Number(r.fixture_id) : NaN);

/**
 * Each cell of a held statistics row in the form the CSV writer gives its column, before any is read as a number: the
 * table is written again from its held rows at every run, so a cell in another form (" 5", "1e1" or "0x10" in an int
 * column, "55%" in a double one, a date in another form), which Number() reads as a value in range and the table's
 * readers each read their own way, would otherwise stay for good.
 */
function heldCellsInForm(row: Row): void {
    const given = (column: string) => {
        if (blankCell(row[column])) throw new Error(`${column} is empty`);
        return String(row[column]);
    };
    for (const column of ["league_id", "season", "team_id", "opponent_id"]) {
        if (!wholeCell(given(column))) throw new Error(`${column} '${row[column]}' is not a whole number`);
    }
    const kickoff = given("kickoff_utc");
    if (!writtenTime(kickoff)) throw new Error(`kickoff_utc '${kickoff}' is not a time in UTC as the lake writes it`);
    if (!["home", "away"].includes(given("side"))) throw new Error(`side '${row.side}' is neither home nor away`);
    const goals = row.goals ?? "";
    if (goals !== "" && !scoreCell(goals)) throw new Error(`goals '${goals}' is not a score`);
    // A count must also be whole: statisticInRange says so after.
    for (const [, column] of STATISTIC_TYPES) {
        const cell = row[column] ?? "";
        if (cell !== "" && !writtenNumber(cell)) throw new Error(`${column} '${cell}' is not a number as the lake writes it`);
    }
}

/**
 * Processed statistics rows as the lake holds them (CSV text), held to the checks an answer meets today. A row
 * landed by a version that lacked a check passes no check at all on its way back in, and would fail every later
 * run's analysis; each fixture with such a row is named once, with the first problem found. Where `teams` gives a
 * fixture's teams, its rows must be of those two.
 */
export function heldStatisticsProblems(rows: Row[], teams: FixtureTeams = new Map()): Array<{ id: number; problem: string }> {
    const problems = new Map<number, string>();
    const unattributed: Array<{ id: number; problem: string }> = [];
    const teamsHeld = new Map<number, string[]>();
    for (const row of rows) {
        const id = heldFixtureId(row);
        if (Number.isNaN(id)) {
            unattributed.push({ id, problem: `fixture_id '${row.fixture_id ?? ""}' is not a fixture id` });
            continue;
        }
        teamsHeld.set(id, [...(teamsHeld.get(id) ?? []), String(row.team_id)]);
        if (problems.has(id)) continue;
        try {
            heldCellsInForm(row);
            const read: Row = { ...row };
            for (const [type, column, sqlType, range] of STATISTIC_TYPES) read[column] = statisticInRange(type, row[column], sqlType, range);
            shotsWithinReason(read);
            // Counted from the events as the answer landed: both or neither (no events list), scored at most taken.
            const [taken, scored] = [row.penalties_taken, row.penalties_scored];
            const none = blankCell(taken) && blankCell(scored);
            if (!none && !(wholeCell(taken) && wholeCell(scored) && Number(scored) >= 0 && Number(scored) <= Number(taken))) {
                throw new Error(`penalties_taken '${taken ?? ""}' and penalties_scored '${scored ?? ""}' are not counts of penalties taken and scored`);
            }
            // Either way round: a correction that swaps home and away leaves each team its own statistics, under
            // its new side. A team that no longer plays the fixture makes them another match's, the other row's too.
            const expected = teams.get(id);
            const [team, opponent] = [Number(row.team_id), Number(row.opponent_id)];
            const pairings = [rowTeams({ home_id: team, away_id: opponent }), rowTeams({ home_id: opponent, away_id: team })];
            if (expected !== undefined && !pairings.includes(expected)) {
                throw new Error(`the statistics are of team ${team} against ${opponent}, where the season has ${expected}`);
            }
        } catch (err) {
            problems.set(id, (err as Error).message);
        }
    }
    // A fixture's statistics are two rows, one for each team: a row lost (or no longer its fixture's) leaves a side of
    // the match without its expected goals, though the fixture counts as landed.
    for (const [id, held] of teamsHeld) {
        if (!problems.has(id) && (held.length !== 2 || held[0] === held[1])) problems.set(id, `the statistics hold ${held.length} ${held.length === 1 ? "row" : "rows"} for it, not one for each of its two teams`);
    }
    return [...unattributed, ...[...problems].map(([id, problem]) => ({ id, problem }))];
}

/**
 * What a held statistics row takes from the season answer, which a correction may change after the statistics landed.
 * A list, not a Set: Pulumi serializes a module's Set for the Lambda as a plain object given Set's `has`, which throws
 * on it (the end-to-end test of the packaged callback caught it).
 */
const FROM_SEASON_ANSWER = ["side", "opponent_id", "goals"];

/**
 * Where a fixture's held statistics rows (two, one for each team, as `heldStatisticsProblems` makes sure) are not
 * what its raw answer gives, the first difference. `written` is the file the answer gives the fixture, as the lake's
 * writer writes it (`toCsv`), so a cell compares in the form the lake holds it (a line break in a name is a space).
 * Form and range checks cannot see a value damaged into another of the right form (5 shots for 4), nor one an older
 * version processed otherwise (its penalties counted by an earlier rule): the raw answer, kept as it came, can.
 */
export function heldAgainstAnswer(held: Row[], written: string): string | undefined {
    for (const row of csvParse(written)) {
        const mine = held.find((r) => String(r.team_id) === row.team_id);
        if (mine === undefined) return `the lake holds no row of team ${row.team_id}`;
        for (const { name } of STATISTICS_COLUMNS) {
            const [was, is] = [String(mine[name] ?? ""), row[name] ?? ""];
            if (!FROM_SEASON_ANSWER.includes(name) && was !== is) return `${name} of team ${row.team_id} is '${was}' where its raw answer gives '${is}'`;
        }
    }
    return undefined;
}

/** What a season-table row holds that no season answer gives: the run works each out. A list, as FROM_SEASON_ANSWER. */
const FROM_THE_RUN = ["statistics", "missing_since"];

/**
 * Held season-table rows held to a season answer of the same season: `given` are the rows it gives its fixtures, as
 * the lake's writer writes them. A row whose fixture the answer gives is the answer's wherever they differ, keeping
 * only what the run works out itself; a fixture the answer gives that no held row has gets the answer's row; a held
 * row the answer does not give is kept as it is (the API may no longer list it). Each fixture taken from the answer
 * is named with its first difference. Form and range checks cannot see a score damaged into another score: the
 * raw answer the table was written from can.
 */
export function heldResultsAgainstAnswer(held: Row[], given: Row[]): { rows: Row[]; problems: Array<{ id: number; problem: string }> } {
    const answer = new Map(given.map((r) => [heldFixtureId(r), r]));
    const problems: Array<{ id: number; problem: string }> = [];
    const heldIds = new Set<number>();
    const rows = held.map((row) => {
        const id = heldFixtureId(row);
        heldIds.add(id);
        const theirs = answer.get(id);
        const differs = theirs && FIXTURE_COLUMNS.find(({ name }) => !FROM_THE_RUN.includes(name) && String(row[name] ?? "") !== String(theirs[name] ?? ""));
        if (!theirs || !differs) return row;
        problems.push({ id, problem: `${differs.name} is '${row[differs.name] ?? ""}' where the answer gives '${theirs[differs.name] ?? ""}'` });
        return { ...theirs, statistics: row.statistics, missing_since: row.missing_since };
    });
    for (const [id, theirs] of answer) {
        if (heldIds.has(id)) continue;
        problems.push({ id, problem: "the table holds no readable row of it" });
        rows.push(theirs);
    }
    return { rows, problems };
}

/**
 * Season-table rows of `season` as the lake holds them, held to what the guard let in: a fixture id, both team ids
 * and the league and season whole, a kick-off as the lake writes it and in the season's window, a finished fixture's
 * score, and any score, half-time or shoot-out score given, whole from 0 to MAX_MATCH_GOALS. A table
 * may have been damaged since it was written, or written by a version without a check: one unreadable score in the
 * previous season's, which is kept for good, failed every later run's forecasts; one fixture id in this season's had
 * every later run ask the API for fixture NaN; and a kick-off in the year 51,000, which a timestamp read in
 * milliseconds gives, left its match out of every forecast, as one yet to be played.
 */
export function heldResultProblems(rows: Row[], season: number): Array<{ id: number; problem: string }> {
    return readableResults(rows, season).unreadable;
}

function heldResultProblem(r: Row, window: { from: number; to: number }, season: number): string | undefined {
    if (Number.isNaN(heldFixtureId(r))) return `fixture_id '${r.fixture_id ?? ""}' is not a fixture id`;
    for (const side of ["home", "away"]) if (!wholeCell(r[`${side}_id`])) return `${side}_id '${r[`${side}_id`] ?? ""}' is not a team id`;
    // The previous season's table is kept for good, never written again: a damaged cell it holds would stay in Athena.
    for (const column of ["league_id", "season"]) if (!wholeCell(r[column])) return `${column} '${r[column] ?? ""}' is not a whole number`;
    const kickoff = Date.parse(String(r.kickoff_utc));
    if (!Number.isFinite(kickoff)) return `kickoff_utc '${r.kickoff_utc ?? ""}' is not a time`;
    if (kickoff < window.from * 1000 || kickoff >= window.to * 1000) {
        return `kickoff_utc '${r.kickoff_utc}' is not a time of season ${season}, from ${isoUtc(window.from * 1000)} to before ${isoUtc(window.to * 1000)}`;
    }
    if (!writtenTime(r.kickoff_utc)) return `kickoff_utc '${r.kickoff_utc}' is not a time in UTC as the lake writes it`;
    const finished = FINISHED_STATUSES.includes(String(r.status));
    for (const [column] of SCORE_COLUMNS) {
        const cell = r[column];
        // None is a score cell's value before a match is played, and of a half-time or shoot-out the API does not give.
        if (blankCell(cell) && !(finished && column.endsWith("_goals"))) continue;
        if (!scoreCell(cell)) return `${column} '${cell ?? ""}' is not a score`;
    }
    return undefined;
}

/**
 * Held season-table rows split by the checks above: those they find nothing wrong with, and the problems of the rest,
 * row by row (a row whose fixture id is none would otherwise be read as another fixture's, or take a good one with it).
 */
export function readableResults(rows: Row[], season: number): { readable: Row[]; unreadable: Array<{ id: number; problem: string }> } {
    const window = kickoffWindow(season);
    const readable: Row[] = [];
    const unreadable: Array<{ id: number; problem: string }> = [];
    for (const r of rows) {
        const problem = heldResultProblem(r, window, season);
        if (problem === undefined) readable.push(r);
        else unreadable.push({ id: heldFixtureId(r), problem });
    }
    return { readable, unreadable };
}

/** Problems in one line for a refusal or a log: the first `shown` of them, and a count of the rest. */
export function problemLine(problems: string[], shown = Infinity): string {
    return problems.slice(0, shown).join("; ") + (problems.length > shown ? `; and ${problems.length - shown} more` : "");
}

/** Problems named per fixture, in one line as problemLine gives them. */
export function fixtureProblems(problems: Array<{ id: number; problem: string }>, shown = Infinity): string {
    return problemLine(problems.map((p) => `${Number.isFinite(p.id) ? `fixture ${p.id}` : "a row"}: ${p.problem}`), shown);
}

/** Same as checkStatisticsAnswer, but any unreadable fixture refuses the whole answer. */
export function requireReadableStatistics(source: string, response: unknown, league: number, season: number, asked: number[]): ApiFixture[] {
    const { fixtures, unreadable } = checkStatisticsAnswer(source, response, league, season, asked);
    if (unreadable.length > 0) {
        throw new RefusedAnswer("unreadable-statistics", source, fixtureProblems(unreadable), unreadable.map((u) => u.id));
    }
    return fixtures;
}

export interface ApiTeamEntry { team?: { id?: unknown; name?: unknown; code?: unknown } }

/** A /teams answer: a list of teams with integer ids and names; a code is a string or null. */
export function checkTeamsAnswer(source: string, response: unknown): Array<{ id: number; name: string; code: string | null }> {
    if (!Array.isArray(response)) throw new RefusedAnswer("not-a-list", source, "`response` is not a list");
    if (response.length > 500) throw new RefusedAnswer("oversized", source, `${response.length} teams, more than any league season has`);
    return (response as ApiTeamEntry[]).map((entry) => {
        const t = entry?.team;
        if (!t || !Number.isInteger(t.id) || typeof t.name !== "string" || !(t.code === null || t.code === undefined || typeof t.code === "string")) {
            throw new RefusedAnswer("malformed-teams", source, `a team lacks an integer id or a name, or has a code that is not text (${quoted(entry, 120)})`);
        }
        return { id: t.id as number, name: t.name, code: typeof t.code === "string" && t.code.trim() !== "" ? t.code.trim() : null };
    });
}

/**
 * True once the season table says nothing more can happen: every fixture in a
 * final state, and every played one with its statistics landed or given up on.
 */
export function seasonComplete(rows: Row[]): boolean {
    return rows.length > 0 && rows.every((r) => FINAL_STATUSES.includes(String(r.status))
        && (!FINISHED_STATUSES.includes(String(r.status)) || r.statistics === "landed" || r.statistics === "unavailable"));
}
