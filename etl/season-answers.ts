// The raw season answers the lake keeps, each as it came, are what every season table was written from. While a
// season runs its table is written again from each new answer, but a final season is asked for no more: its table
// (this season's once complete, the previous season's for good) would keep a score damaged into another score, or a
// row lost, at every later run. The newest answer is the reference such a table is held to.
import { csvParse } from "d3-dsv";
import { plural, problemList, Run } from "./context";
import { checkFixtureList, heldResultsAgainstAnswer, RefusedAnswer } from "./guard";
import { ApiFixture, FIXTURE_COLUMNS, fixtureRow, Row, StatisticsState, toCsv } from "./transform";

const ANSWER_DATE = /\/run_date=(\d{4}-\d\d-\d\d)(?:\.page-\d+)?\.json$/;

/** The raw season answers among `keys`, newest run date first, each with its pages. */
export function answersByDate(keys: string[]): Array<{ runDate: string; pages: string[] }> {
    const byDate = new Map<string, string[]>();
    for (const key of keys) {
        const date = ANSWER_DATE.exec(key)?.[1];
        if (date !== undefined) byDate.set(date, [...(byDate.get(date) ?? []), key]);
    }
    return [...byDate.entries()].sort(([a], [b]) => b.localeCompare(a)).map(([runDate, pages]) => ({ runDate, pages }));
}

/** The fixtures one page of a raw season answer lists, or why it cannot be read. */
export function fixturesIn(key: string, body: Buffer | undefined): unknown[] | string {
    if (body === undefined) return `${key} cannot be read`;
    let response: unknown;
    try {
        response = (JSON.parse(body.toString("utf8")) as { response?: unknown } | null)?.response;
    } catch (err) {
        return `${key} is not JSON (${(err as Error).message})`;
    }
    return Array.isArray(response) ? response : `${key} holds no list of fixtures`;
}

export interface HeldToAnswer {
    /** The held rows, each fixture the answer gives as the answer gives it. */
    rows: Row[];
    /** The fixtures taken from the answer, each with its first difference. */
    problems: Array<{ id: number; problem: string }>;
    /** The run date of the answer the rows were held to. */
    date?: string;
    /** Why the newest answer could not be read, where it could not: the rows are then as held. */
    unreadable?: string;
}

/**
 * `held`, the readable rows of the season table of `season`, held to the newest raw season answer among `rawKeys`
 * dated no later than `today` (an answer dated after the clock's day is passed over, as the run's date check passes it
 * over). Fixtures in `leftOut` are not taken from it: the caller writes those rows again another way. A table the
 * lake does not hold (`tableHeld` false: no object, or no row) is not rebuilt from it: removing the table is how an
 * operator has the next run take the season as the API gives it (README, When a refused answer is right). `state` is
 * the statistics state of a row the table lacks.
 */
export async function heldToNewestAnswer(run: Run, season: number, rawKeys: string[], today: string, tableHeld: boolean,
    held: Row[], leftOut: number[], state: (f: ApiFixture) => StatisticsState): Promise<HeldToAnswer> {
    const newest = answersByDate(rawKeys).find((a) => a.runDate <= today);
    if (newest === undefined || !tableHeld) return { rows: held, problems: [] };
    const listed: unknown[] = [];
    for (const key of newest.pages) {
        // Outside any catch: a lake that fails fails the run, as everywhere else.
        const page = fixturesIn(key, await run.lake.get(key));
        if (typeof page === "string") return { rows: held, problems: [], date: newest.runDate, unreadable: page };
        listed.push(...page);
    }
    let fixtures: ApiFixture[];
    try {
        fixtures = checkFixtureList(newest.pages[0], listed, run.league, season);
    } catch (err) {
        if (!(err instanceof RefusedAnswer)) throw err;
        return { rows: held, problems: [], date: newest.runDate, unreadable: `${newest.pages[0]}: ${err.problem}` };
    }
    // Through the writer, so that each cell compares in the form the table holds it.
    const given = csvParse(toCsv(fixtures.filter((f) => !leftOut.includes(f.fixture.id)).map((f) => fixtureRow(f, state(f))), FIXTURE_COLUMNS)) as unknown as Row[];
    return { ...heldResultsAgainstAnswer(held, given), date: newest.runDate };
}

/** The log line for rows taken from the answer, or for an answer that could not be read; undefined when neither. */
export function heldToAnswerLine(what: string, checked: HeldToAnswer): string | undefined {
    if (checked.unreadable !== undefined) return `${what}: its newest raw season answer, of ${checked.date}, cannot be read (${checked.unreadable}); the table is not checked against it`;
    if (checked.problems.length === 0) return undefined;
    return `${what}: ${plural(checked.problems.length, "fixture")} taken from the season's newest raw answer, of ${checked.date}, ` +
        `where the table the lake holds disagrees with it (${problemList(checked.problems)})`;
}
