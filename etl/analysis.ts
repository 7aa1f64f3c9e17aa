// Expected against real: per fixture, the chances of each result and the
// expected points from two independent Poisson goal counts whose means are the
// sides' expected goals; per team, the season to date. Pure: rows in, rows out.
import { Column, Row } from "./transform";
import * as xgModel from "./xg-model.json";

export type XgSource = "provider" | "estimated" | "none";

/** P(X = k) for k = 0.. until what is left of the distribution is below `tail`. */
export function poissonPmf(mean: number, tail = 1e-9): number[] {
    if (!(mean >= 0) || !Number.isFinite(mean)) throw new Error(`expected goals must be a finite number ≥ 0, got ${mean}`);
    const pmf = [Math.exp(-mean)];
    let cumulative = pmf[0];
    for (let k = 1; 1 - cumulative >= tail && k < 1000; k++) {
        pmf.push((pmf[k - 1] * mean) / k);
        cumulative += pmf[k];
    }
    return pmf;
}

export interface Outcome { win: number; draw: number; loss: number; xpts: number; xptsAgainst: number }

/** Result chances for the first side, summed over the whole score matrix. */
export function outcome(xgFor: number, xgAgainst: number): Outcome {
    const a = poissonPmf(xgFor);
    const b = poissonPmf(xgAgainst);
    let win = 0, draw = 0, loss = 0;
    for (let i = 0; i < a.length; i++) {
        for (let j = 0; j < b.length; j++) {
            const p = a[i] * b[j];
            if (i > j) win += p;
            else if (i === j) draw += p;
            else loss += p;
        }
    }
    return { win, draw, loss, xpts: 3 * win + draw, xptsAgainst: 3 * loss + draw };
}

/**
 * The exact distribution of points over a run of matches: each match gives 3,
 * 1 or 0 points with its chances, independently, so the distribution is the
 * convolution of the matches' {0, 1, 3} distributions. dist[k] = P(k points).
 */
export function pointsDistribution(matches: Array<{ win: number; draw: number; loss: number }>): number[] {
    let dist = [1];
    for (const m of matches) {
        const total = m.win + m.draw + m.loss;
        if (!(total > 0)) throw new Error(`match chances must sum to more than 0, got ${total}`);
        // Chances rounded in the per-fixture table sum to 1 only within the rounding.
        const [w, d, l] = [m.win / total, m.draw / total, m.loss / total];
        const next = new Array(dist.length + 3).fill(0);
        dist.forEach((p, k) => {
            next[k] += p * l;
            next[k + 1] += p * d;
            next[k + 3] += p * w;
        });
        dist = next;
    }
    while (dist.length > 1 && dist[dist.length - 1] === 0) dist.pop();
    return dist;
}

/** Where `points` falls in the distribution, in percent: P(fewer) + half of P(exactly), the mid-rank of a discrete value. */
export function pointsPercentile(dist: number[], points: number): number {
    let below = 0;
    for (let k = 0; k < Math.min(points, dist.length); k++) below += dist[k];
    return 100 * (below + 0.5 * (dist[points] ?? 0));
}

/** The central interval holding `coverage` of the distribution: the smallest k with P(≤ k) ≥ (1 − coverage)/2, and with P(≤ k) ≥ (1 + coverage)/2. */
export function pointsInterval(dist: number[], coverage = 0.9): [number, number] {
    const lowTail = (1 - coverage) / 2, highTail = (1 + coverage) / 2;
    let cumulative = 0, low = -1, high = dist.length - 1;
    for (let k = 0; k < dist.length; k++) {
        cumulative += dist[k];
        // A hair of slack so that a sum landing on the bound by its own rounding still counts.
        if (low < 0 && cumulative >= lowTail - 1e-12) low = k;
        if (cumulative >= highTail - 1e-12) {
            high = k;
            break;
        }
    }
    return [Math.max(low, 0), high];
}

export const XG_MODEL = {
    perShotOnTarget: xgModel.coefficients.per_shot_on_target,
    perShotOffTarget: xgModel.coefficients.per_shot_off_target,
};

/** Expected goals from a team's shots, or null without both counts. */
export function estimateXg(totalShots: number | null, shotsOnGoal: number | null): number | null {
    if (totalShots === null || shotsOnGoal === null || totalShots < shotsOnGoal) return null;
    return XG_MODEL.perShotOnTarget * shotsOnGoal + XG_MODEL.perShotOffTarget * (totalShots - shotsOnGoal);
}

/** The columns that name a match, first in every per-fixture table of the analysis and the forecasts. */
export const MATCH_COLUMNS: Column[] = [
    { name: "fixture_id", type: "int", description: "API-Football fixture id" },
    { name: "kickoff_utc", type: "timestamp", description: "kick-off, ISO 8601 in UTC" },
    { name: "home_id", type: "int", description: "home team id" },
    { name: "home_name", type: "string", description: "home team name" },
    { name: "away_id", type: "int", description: "away team id" },
    { name: "away_name", type: "string", description: "away team name" },
];

export const FIXTURE_XPTS_COLUMNS: Column[] = [
    ...MATCH_COLUMNS,
    { name: "home_goals", type: "int", description: "home goals" },
    { name: "away_goals", type: "int", description: "away goals" },
    { name: "home_xg", type: "double", description: "home expected goals" },
    { name: "away_xg", type: "double", description: "away expected goals" },
    { name: "xg_source", type: "string", description: "provider (API expected_goals for both sides), estimated (shot model) or none" },
    { name: "p_home_win", type: "double", description: "Poisson probability of a home win" },
    { name: "p_draw", type: "double", description: "Poisson probability of a draw" },
    { name: "p_away_win", type: "double", description: "Poisson probability of an away win" },
    { name: "home_xpts", type: "double", description: "home expected points, 3·P(win) + P(draw)" },
    { name: "away_xpts", type: "double", description: "away expected points" },
    { name: "home_points", type: "int", description: "home points won" },
    { name: "away_points", type: "int", description: "away points won" },
];

export const TEAM_TABLE_COLUMNS: Column[] = [
    { name: "rank_points", type: "int", description: "position by points, then goal difference, then goals scored" },
    { name: "rank_xpts", type: "int", description: "position by expected points" },
    { name: "team_id", type: "int", description: "API-Football team id" },
    { name: "team_name", type: "string", description: "team name" },
    { name: "team_code", type: "string", description: "three-letter code from teamcodes.csv" },
    { name: "played", type: "int", description: "finished fixtures" },
    { name: "won", type: "int", description: "wins" },
    { name: "drawn", type: "int", description: "draws" },
    { name: "lost", type: "int", description: "defeats" },
    { name: "goals_for", type: "int", description: "goals scored" },
    { name: "goals_against", type: "int", description: "goals conceded" },
    { name: "goal_difference", type: "int", description: "goals_for − goals_against" },
    { name: "points", type: "int", description: "3 a win, 1 a draw" },
    { name: "xg_for", type: "double", description: "expected goals for" },
    { name: "xg_against", type: "double", description: "expected goals against" },
    { name: "xpts", type: "double", description: "expected points" },
    { name: "goals_minus_xg", type: "double", description: "goals scored − xg_for, over the fixtures with xG" },
    { name: "goals_against_minus_xg_against", type: "double", description: "goals conceded − xg_against, over the fixtures with xG" },
    { name: "points_minus_xpts", type: "double", description: "points − xpts, over the fixtures with xG" },
    { name: "xg_fixtures", type: "int", description: "fixtures with expected goals (the xG and xPts columns cover these)" },
    { name: "xg_estimated", type: "int", description: "of those, fixtures whose xG is the shot-model estimate" },
    { name: "points_percentile", type: "double", description: "where the points fall among the points the fixtures' chances imply: P(fewer) + half P(as many), in percent" },
    { name: "points_p05", type: "int", description: "lower end of the central 90% interval of points the chances imply" },
    { name: "points_p95", type: "int", description: "upper end of the central 90% interval of points the chances imply" },
];

export interface FinishedFixture {
    fixtureId: number;
    kickoffUtc: string;
    home: { id: number; name: string; goals: number; xg: number | null; totalShots: number | null; shotsOnGoal: number | null };
    away: { id: number; name: string; goals: number; xg: number | null; totalShots: number | null; shotsOnGoal: number | null };
}

const round = (x: number | null, digits = 4): number | null => (x === null ? null : Number(x.toFixed(digits)));
const points = (f: number, a: number) => (f > a ? 3 : f === a ? 1 : 0);

export function fixtureXpts(f: FinishedFixture): Row {
    let source: XgSource = "none";
    let hx: number | null = null, ax: number | null = null;
    if (f.home.xg !== null && f.away.xg !== null) {
        source = "provider";
        hx = f.home.xg;
        ax = f.away.xg;
    } else {
        hx = estimateXg(f.home.totalShots, f.home.shotsOnGoal);
        ax = estimateXg(f.away.totalShots, f.away.shotsOnGoal);
        source = hx !== null && ax !== null ? "estimated" : "none";
        if (source === "none") hx = ax = null;
    }
    const o = hx !== null && ax !== null ? outcome(hx, ax) : null;
    return {
        fixture_id: f.fixtureId,
        kickoff_utc: f.kickoffUtc,
        home_id: f.home.id, home_name: f.home.name, away_id: f.away.id, away_name: f.away.name,
        home_goals: f.home.goals, away_goals: f.away.goals,
        home_xg: round(hx), away_xg: round(ax), xg_source: source,
        p_home_win: round(o?.win ?? null), p_draw: round(o?.draw ?? null), p_away_win: round(o?.loss ?? null),
        home_xpts: round(o?.xpts ?? null), away_xpts: round(o?.xptsAgainst ?? null),
        home_points: points(f.home.goals, f.away.goals), away_points: points(f.away.goals, f.home.goals),
    };
}

interface Tally {
    id: number; name: string; played: number; won: number; drawn: number; lost: number;
    gf: number; ga: number; pts: number; xgf: number; xga: number; xpts: number; xgFixtures: number; estimated: number;
    /**
     * Goals and points of the fixtures with xG only, so each gap compares like
     * with like while a fixture's statistics are still pending; and those
     * fixtures' chances, for the luck columns.
     */
    xgGf: number; xgGa: number; chancePts: number; chances: Array<{ win: number; draw: number; loss: number }>;
}

/** The luck columns: where the points of the fixtures with chances fall in the distribution those chances imply. */
function luck(t: Tally): Row {
    if (t.chances.length === 0) return { points_percentile: null, points_p05: null, points_p95: null };
    const dist = pointsDistribution(t.chances);
    const [low, high] = pointsInterval(dist);
    return { points_percentile: round(pointsPercentile(dist, t.chancePts), 1), points_p05: low, points_p95: high };
}

/**
 * The season to date, summed from the per-fixture rows `fixtureXpts` made, so
 * each fixture's Poisson sums are computed once for both tables.
 */
export function teamTable(fixtureRows: Row[], codes: Record<number, string> = {}): Row[] {
    const tallies = new Map<number, Tally>();
    const tally = (id: number, name: string) => {
        if (!tallies.has(id)) tallies.set(id, { id, name, played: 0, won: 0, drawn: 0, lost: 0, gf: 0, ga: 0, pts: 0, xgf: 0, xga: 0, xpts: 0, xgFixtures: 0, estimated: 0, xgGf: 0, xgGa: 0, chancePts: 0, chances: [] });
        return tallies.get(id)!;
    };
    for (const row of fixtureRows) {
        for (const side of ["home", "away"] as const) {
            const other = side === "home" ? "away" : "home";
            const t = tally(Number(row[`${side}_id`]), String(row[`${side}_name`]));
            const gf = Number(row[`${side}_goals`]), ga = Number(row[`${other}_goals`]);
            t.played++;
            t.gf += gf;
            t.ga += ga;
            t.pts += points(gf, ga);
            if (gf > ga) t.won++; else if (gf === ga) t.drawn++; else t.lost++;
            if (row.xg_source !== "none") {
                t.xgFixtures++;
                if (row.xg_source === "estimated") t.estimated++;
                t.xgf += Number(row[`${side}_xg`]);
                t.xga += Number(row[`${other}_xg`]);
                t.xpts += Number(row[`${side}_xpts`]);
                t.xgGf += gf;
                t.xgGa += ga;
                t.chancePts += points(gf, ga);
                t.chances.push({ win: Number(row[`p_${side}_win`]), draw: Number(row.p_draw), loss: Number(row[`p_${other}_win`]) });
            }
        }
    }
    const list = [...tallies.values()];
    const byPoints = [...list].sort((a, b) => b.pts - a.pts || (b.gf - b.ga) - (a.gf - a.ga) || b.gf - a.gf || a.name.localeCompare(b.name));
    const byXpts = [...list].sort((a, b) => b.xpts - a.xpts || a.name.localeCompare(b.name));
    return byPoints.map((t) => {
        const hasXg = t.xgFixtures > 0;
        return {
            rank_points: byPoints.indexOf(t) + 1,
            rank_xpts: byXpts.indexOf(t) + 1,
            team_id: t.id, team_name: t.name, team_code: codes[t.id] ?? null,
            played: t.played, won: t.won, drawn: t.drawn, lost: t.lost,
            goals_for: t.gf, goals_against: t.ga, goal_difference: t.gf - t.ga, points: t.pts,
            xg_for: hasXg ? round(t.xgf, 2) : null,
            xg_against: hasXg ? round(t.xga, 2) : null,
            xpts: hasXg ? round(t.xpts, 2) : null,
            goals_minus_xg: hasXg ? round(t.xgGf - t.xgf, 2) : null,
            goals_against_minus_xg_against: hasXg ? round(t.xgGa - t.xga, 2) : null,
            points_minus_xpts: hasXg ? round(t.chancePts - t.xpts, 2) : null,
            xg_fixtures: t.xgFixtures,
            xg_estimated: t.estimated,
            ...luck(t),
        };
    });
}
