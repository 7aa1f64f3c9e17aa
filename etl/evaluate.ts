// Is xG a better guide than goals? Scores the forecasts the weekly runs
// actually made against the results: the ranked probability score (RPS) and
// the log loss, for each model and for fixed base rates, over the season and
// its two halves. Pure: rows in, rows out.
import { VARIANTS } from "./forecast";
import { blankCell, FINISHED_STATUSES, Row, rowTeams, wholeCell } from "./transform";

export type Result = "H" | "D" | "A";
export type Chances = [number, number, number];

/** Ranked probability score of (home, draw, away) chances against the result: the mean squared gap of the cumulative chances, over the r − 1 = 2 steps. */
export function rps(p: Chances, result: Result): number {
    const observed: Chances = result === "H" ? [1, 0, 0] : result === "D" ? [0, 1, 0] : [0, 0, 1];
    const gap1 = p[0] - observed[0];
    const gap2 = p[0] + p[1] - observed[0] - observed[1];
    return (gap1 * gap1 + gap2 * gap2) / 2;
}

/** Natural-log loss of the chance given to what happened. */
export function logLoss(p: Chances, result: Result): number {
    return -Math.log(Math.max(p[result === "H" ? 0 : result === "D" ? 1 : 2], 1e-15));
}

export function resultOf(homeGoals: number, awayGoals: number): Result {
    return homeGoals > awayGoals ? "H" : homeGoals === awayGoals ? "D" : "A";
}

export interface ScoredForecast {
    fixtureId: number;
    kickoffMs: number;
    model: string;
    chances: Chances;
    result: Result;
    runDate: string;
}

/**
 * Why a forecast row the lake holds cannot be scored, or undefined when it can. A run writes each chance to 4
 * decimals, so they lie within 0–1 and add up to 1 within rounding; one damaged row would make every later score
 * not a number, or quietly wrong.
 */
export function forecastProblem(row: Row): string | undefined {
    if (!wholeCell(row.fixture_id)) return `fixture_id '${row.fixture_id ?? ""}' is not a fixture id`;
    if (!(VARIANTS as string[]).includes(String(row.model))) return `model '${row.model ?? ""}' is not one of ${VARIANTS.join(", ")}`;
    let sum = 0;
    for (const column of ["p_home_win", "p_draw", "p_away_win"]) {
        const p = Number(row[column]);
        if (blankCell(row[column]) || !(p >= 0 && p <= 1)) return `${column} '${row[column] ?? ""}' is not a chance`;
        sum += p;
    }
    return Math.abs(sum - 1) > 0.001 ? `the chances add up to ${sum.toFixed(4)}, not 1` : undefined;
}

/**
 * The forecasts a run writes under its date: its own, and, where a run earlier that day wrote the date's forecasts,
 * that run's of the fixtures that have kicked off since. Those were the last forecasts made before their matches and
 * no later run can make them again: a day's file written again without them would lose them to the scores. An
 * earlier forecast of a fixture yet to kick off gives way, whether this run forecasts it again or not (postponed,
 * or moved out of the week): this run knows more. The kick-off is the season table's where it lists the fixture.
 * Each model's rows come together, in the order of VARIANTS, in kick-off order as a run writes them (the earlier
 * run's kept in the order it wrote them, which is that order).
 */
export function dayForecasts(held: Row[], made: Row[], seasonRows: Row[], atMs: number): { rows: Row[]; kept: Row[] } {
    const kickoffs = new Map(seasonRows.map((r) => [Number(r.fixture_id), String(r.kickoff_utc)]));
    const forecastNow = new Set(made.map((r) => Number(r.fixture_id)));
    const seen = new Set<string>();
    const kept = held.filter((r) => {
        const id = Number(r.fixture_id);
        const key = `${id}|${r.model}`;
        if (forecastNow.has(id) || seen.has(key)) return false;
        seen.add(key);
        return Date.parse(kickoffs.get(id) ?? String(r.kickoff_utc)) < atMs;
    });
    const rows = VARIANTS.flatMap((v) => [...kept.filter((r) => r.model === v), ...made.filter((r) => r.model === v)]);
    return { rows, kept };
}

/**
 * The forecasts to score: per fixture and model, the last one a run made
 * before the fixture kicked off (a postponed fixture may be forecast twice),
 * for the fixtures the season table holds as finished, naming the teams it
 * gives them, home and away. They come in kick-off order (then fixture and
 * model), so sums over them are the same to the last bit whatever order the
 * lake lists the runs in.
 */
export function forecastsToScore(forecasts: Array<Row & { run_date: string }>, seasonRows: Row[]): ScoredForecast[] {
    const finished = new Map(seasonRows.filter((r) => FINISHED_STATUSES.includes(String(r.status)))
        .map((r) => [Number(r.fixture_id), { kickoffMs: Date.parse(String(r.kickoff_utc)), teams: rowTeams(r), result: resultOf(Number(r.home_goals), Number(r.away_goals)) }]));
    const latest = new Map<string, ScoredForecast>();
    for (const f of forecasts) {
        const fixture = finished.get(Number(f.fixture_id));
        // A forecast of the home side's win is of that side at home: once a fixture moves to the other ground, or
        // names another team, it forecast another match than the one played.
        if (!fixture || f.run_date > new Date(fixture.kickoffMs).toISOString().slice(0, 10) || rowTeams(f) !== fixture.teams) continue;
        const key = `${f.fixture_id}|${f.model}`;
        const seen = latest.get(key);
        if (seen && seen.runDate >= f.run_date) continue;
        latest.set(key, {
            fixtureId: Number(f.fixture_id), kickoffMs: fixture.kickoffMs, model: String(f.model),
            chances: [Number(f.p_home_win), Number(f.p_draw), Number(f.p_away_win)], result: fixture.result, runDate: f.run_date,
        });
    }
    return [...latest.values()].sort((a, b) => a.kickoffMs - b.kickoffMs || a.fixtureId - b.fixtureId || a.model.localeCompare(b.model));
}

/** Fixed base rates: the home, draw and away shares of a season's finished fixtures (the previous season's, known before this one starts). */
export function baseRates(seasonRows: Row[]): Chances | undefined {
    const results = seasonRows.filter((r) => FINISHED_STATUSES.includes(String(r.status))).map((r) => resultOf(Number(r.home_goals), Number(r.away_goals)));
    if (results.length === 0) return undefined;
    const share = (x: Result) => results.filter((r) => r === x).length / results.length;
    return [share("H"), share("D"), share("A")];
}

/** The middle of the season in time: half-way between its first and last kick-off. */
export function seasonMidpoint(seasonRows: Row[]): number {
    const times = seasonRows.map((r) => Date.parse(String(r.kickoff_utc))).filter(Number.isFinite);
    return (Math.min(...times) + Math.max(...times)) / 2;
}

export const EVALUATION_PARTS = ["season", "first half", "second half"] as const;

const inPart = (s: ScoredForecast, part: typeof EVALUATION_PARTS[number], midpointMs: number) =>
    part === "season" || (part === "first half") === (s.kickoffMs < midpointMs);

export interface Score { model: string; part: typeof EVALUATION_PARTS[number]; forecasts: number; rps: number; logLoss: number }

/**
 * Scores per model and part of the season. The base-rates model is scored on
 * the same fixtures as the models (those the xg model forecast), so every row
 * of a part compares like with like.
 */
export function evaluate(scored: ScoredForecast[], base: Chances | undefined, midpointMs: number): Score[] {
    const models = [...new Set(scored.map((s) => s.model))].sort((a, b) => (a === "xg" ? -1 : b === "xg" ? 1 : a.localeCompare(b)));
    const all = [...scored];
    if (base) {
        const reference = scored.filter((s) => s.model === (models[0] ?? "xg"));
        all.push(...reference.map((s) => ({ ...s, model: "base rates", chances: base })));
        models.push("base rates");
    }
    const out: Score[] = [];
    for (const model of models) {
        for (const part of EVALUATION_PARTS) {
            const list = all.filter((s) => s.model === model && inPart(s, part, midpointMs));
            if (list.length === 0) continue;
            out.push({
                model, part, forecasts: list.length,
                rps: list.reduce((sum, s) => sum + rps(s.chances, s.result), 0) / list.length,
                logLoss: list.reduce((sum, s) => sum + logLoss(s.chances, s.result), 0) / list.length,
            });
        }
    }
    return out;
}

/** The mean of some values with its standard error (the sample standard deviation over √n); the error needs at least two values. */
export function meanWithError(values: number[]): { n: number; mean: number; standardError: number } {
    const n = values.length;
    if (n < 2) throw new Error(`a standard error needs at least 2 values, got ${n}`);
    const mean = values.reduce((s, v) => s + v, 0) / n;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
    return { n, mean, standardError: Math.sqrt(variance / n) };
}

/**
 * Fixture by fixture, how much worse `worse` scored than `better` (RPS), on the
 * fixtures of a part of the season that both models forecast. Paired gaps are
 * what says whether a difference between two models is more than one season's
 * luck: most of a fixture's score is how surprising its result was, which both
 * models share.
 */
export function rpsGaps(scored: ScoredForecast[], better: string, worse: string, part: typeof EVALUATION_PARTS[number], midpointMs: number): number[] {
    const of = (model: string) => new Map(scored.filter((s) => s.model === model && inPart(s, part, midpointMs)).map((s) => [s.fixtureId, rps(s.chances, s.result)]));
    const b = of(better);
    const w = of(worse);
    return [...b].filter(([id]) => w.has(id)).map(([id, score]) => w.get(id)! - score);
}
