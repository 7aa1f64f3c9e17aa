// Forecasts for the fixtures ahead: a team-strength model fitted, at each run,
// only on what the lake held before that run. Pure: matches in, rows out.
//
// The model is the independent-Poisson model with attack, defence and home
// terms (Maher; Dixon and Coles), fitted by penalised maximum likelihood:
//   log E[home goals] = mu + home + attack[h] - defence[a]
//   log E[away goals] = mu + attack[a] - defence[h]
// - Team strengths come from the variant's input: expected goals ("xg"), or
//   goals ("goals"). Where a match has no expected goals, its goals stand in.
// - Older matches count less: a weight exp(-decay * age in days), and the
//   previous season's matches at half weight again (squads change in summer).
// - Strengths are shrunk toward the league average (a Gaussian prior on each
//   attack and defence), which is what keeps the first weeks sane. A promoted
//   team starts from the average strength of the teams that went down.
// - A match in which a player was sent off is set aside: from the card on, one
//   side plays a man down, so its chances and goals measure a game of ten
//   against eleven, not the teams' strengths.
// - Penalties are taken out of the measure (non-penalty xG, non-penalty goals):
//   whether a side is given one says little about its strength, and each is
//   worth three-quarters of a goal, a big share of one match's measure.
// - The league's goal rate and the home advantage are then set on goals, the
//   strengths held: expected goals say who makes chances, goals say how many
//   chances become goals and what playing at home is worth this season (in
//   2020/21, without crowds, home sides made more chances but not more goals).
//   This season's home advantage is shrunk toward the previous season's.
import { MATCH_COLUMNS, outcome } from "./analysis";
import { Column, FINISHED_STATUSES, Row } from "./transform";

export type Variant = "xg" | "goals";
export const VARIANTS: Variant[] = ["xg", "goals"];

export const FORECAST_MODEL = {
    /**
     * Per day: Dixon and Coles's 0.0065, which they give per half-week (their unit of time), so 0.0019 a
     * day. A match's weight halves in about a year (373 days).
     */
    decayPerDay: 0.0065 / 3.5,
    /** The previous season's matches, on top of their age. */
    previousSeasonWeight: 0.5,
    /** Precision of the prior on each attack and defence strength (log scale): a standard deviation of 0.71. */
    strengthPrecision: 2,
    /** Precision of the prior tying this season's home advantage to the previous season's. */
    homePrecision: 50,
    /**
     * Precision of a weak prior on the goal rate (toward 1.35 a side) and the home
     * term (toward none), worth about one match: it only matters when a handful
     * of matches cannot pin them, such as a first weekend where no away side scored.
     */
    levelPrecision: 1,
    /** A match with a sending-off, on top of its age: 0 sets it aside. */
    sendingOffWeight: 0,
    /** How much of a penalty the strengths count: 0 fits on non-penalty xG and non-penalty goals, 1 counts penalties in full. */
    penaltyWeight: 0,
};

/** A penalty in expected goals: every penalty of Understat's 2020/21 shots is worth 0.761. */
export const PENALTY_XG = 0.76;

const LEVEL_MEAN = Math.log(1.35);

export interface ModelMatch {
    homeId: number;
    awayId: number;
    homeGoals: number;
    awayGoals: number;
    /** Expected goals, null where the match has none. */
    homeXg: number | null;
    awayXg: number | null;
    kickoffMs: number;
    previousSeason: boolean;
    /** A player of either side was sent off; a match whose cards are unknown counts as none. */
    sentOff?: boolean;
    /** Penalties each side took in play, and scored; absent where unknown (the previous season, or an answer without events). */
    penalties?: { home: { taken: number; scored: number }; away: { taken: number; scored: number } };
}

export interface Strengths {
    mu: number;
    home: number;
    attack: Map<number, number>;
    defence: Map<number, number>;
    /** Matches the fit weighed, both seasons. */
    fittedOn: number;
}

const DAY_MS = 86_400_000;

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small, symmetric and positive definite here). */
export function solve(a: number[][], b: number[]): number[] {
    const n = b.length;
    const m = a.map((row, i) => [...row, b[i]]);
    for (let c = 0; c < n; c++) {
        let p = c;
        for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
        [m[c], m[p]] = [m[p], m[c]];
        for (let r = 0; r < n; r++) {
            if (r === c || m[r][c] === 0) continue;
            const f = m[r][c] / m[c][c];
            for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
        }
    }
    return m.map((row, i) => row[n] / row[i]);
}

/** One side's scoring in one match: weight, measure, and its linear predictor as a fixed offset plus parameter terms. */
interface Observation { w: number; y: number; offset: number; terms: Array<[number, number]> }

/** A Gaussian log-prior (up to a constant). Given g and h, it also adds its gradient to g and its curvature (the negated Hessian) to h. */
type Prior = (theta: number[], g?: number[], h?: number[][]) => number;

/** The weighted Poisson log-likelihood (up to a constant) plus the log-prior: what the fit maximises. */
function objective(theta: number[], observations: Observation[], prior: Prior): number {
    let value = prior(theta);
    for (const o of observations) {
        let eta = o.offset;
        for (const [k, v] of o.terms) eta += theta[k] * v;
        value += o.w * (o.y * eta - Math.exp(eta));
    }
    return value;
}

/** One Gaussian prior term, precision × (x − mean)² / 2, pulling parameter k toward its mean: its log-density, with its gradient and curvature added where asked. */
function pull(theta: number[], g: number[] | undefined, h: number[][] | undefined, k: number, mean: number, precision: number): number {
    if (g && h) {
        g[k] -= precision * (theta[k] - mean);
        h[k][k] += precision;
    }
    return -precision * (theta[k] - mean) ** 2 / 2;
}

const MAX_NEWTON_STEPS = 100;

/**
 * The maximum of the objective by Newton's method. Far from the maximum a full step can overshoot by a long
 * way (the goal rates are exponential), so a step that would lower the objective is halved until it does
 * not: the objective is concave, so a short enough Newton step always climbs, and the fit reaches the
 * maximum from wherever it starts, however far the data sit from it.
 */
function maximise(p: number, start: number[], observations: Observation[], prior: Prior): number[] {
    let theta = [...start];
    let value = objective(theta, observations, prior);
    for (let iteration = 0; iteration < MAX_NEWTON_STEPS; iteration++) {
        const g = new Array(p).fill(0);
        const h = Array.from({ length: p }, () => new Array(p).fill(0));
        for (const o of observations) {
            let eta = o.offset;
            for (const [k, v] of o.terms) eta += theta[k] * v;
            const lambda = Math.exp(eta);
            for (const [k, v] of o.terms) {
                g[k] += o.w * (o.y - lambda) * v;
                for (const [k2, v2] of o.terms) h[k][k2] += o.w * lambda * v * v2;
            }
        }
        prior(theta, g, h);
        const step = solve(h, g);
        const largest = Math.max(...step.map(Math.abs));
        if (!Number.isFinite(largest)) throw new Error("forecast model: the fit's Newton step is not a number");
        if (largest < 1e-9) return theta.map((t, k) => t + step[k]);
        // A step may lose what rounding loses in the objective's sum and still be taken.
        const slack = 1e-9 * (1 + Math.abs(value));
        for (let halvings = 0; ; halvings++) {
            const next = theta.map((t, k) => t + step[k] / 2 ** halvings);
            const nextValue = objective(next, observations, prior);
            if (nextValue >= value - slack) {
                theta = next;
                value = nextValue;
                break;
            }
            if (halvings === 60) throw new Error("forecast model: no step along Newton's direction raises the fit's objective");
        }
    }
    throw new Error(`forecast model: the fit did not converge in ${MAX_NEWTON_STEPS} Newton steps`);
}

/** The variant's measure of a side's scoring in a match, its penalties counted at `penaltyWeight`. */
const measure = (m: ModelMatch, side: "home" | "away", variant: Variant, penaltyWeight: number): number => {
    const xg = side === "home" ? m.homeXg : m.awayXg;
    const other = side === "home" ? m.awayXg : m.homeXg;
    const goals = side === "home" ? m.homeGoals : m.awayGoals;
    const penalties = m.penalties?.[side] ?? { taken: 0, scored: 0 };
    // Never below zero: a provider whose xG left a penalty out, or events that disagree with the score.
    return variant === "xg" && xg !== null && other !== null
        ? Math.max(0, xg - (1 - penaltyWeight) * PENALTY_XG * penalties.taken)
        : Math.max(0, goals - (1 - penaltyWeight) * penalties.scored);
};

/** Attack and defence (and a shared home term) for the weighted matches, each strength shrunk toward its prior mean. */
function fitTeams(weighted: Array<ModelMatch & { w: number }>, teams: number[], variant: Variant, priorMean: Map<number, [number, number]>, model: typeof FORECAST_MODEL) {
    const { strengthPrecision: precision, levelPrecision, penaltyWeight } = model;
    const index = new Map(teams.map((t, i) => [t, i]));
    const n = teams.length;
    const observations: Observation[] = [];
    for (const m of weighted) {
        const hi = index.get(m.homeId)!, ai = index.get(m.awayId)!;
        observations.push({ w: m.w, y: measure(m, "home", variant, penaltyWeight), offset: 0, terms: [[0, 1], [1, 1], [2 + hi, 1], [2 + n + ai, -1]] });
        observations.push({ w: m.w, y: measure(m, "away", variant, penaltyWeight), offset: 0, terms: [[0, 1], [2 + ai, 1], [2 + n + hi, -1]] });
    }
    const played = [...new Set(weighted.flatMap((m) => [index.get(m.homeId)!, index.get(m.awayId)!]))];
    const start = new Array(2 + 2 * n).fill(0);
    start[0] = Math.log(1.3);
    const theta = maximise(2 + 2 * n, start, observations, (th, g, h) => {
        let value = 0;
        teams.forEach((t, i) => {
            const [pa, pd] = priorMean.get(t) ?? [0, 0];
            value += pull(th, g, h, 2 + i, pa, precision) + pull(th, g, h, 2 + n + i, pd, precision);
        });
        // Strengths are relative: the sums over the teams that played are held near zero,
        // so the league's level sits in mu. A team yet to play stays at its prior mean.
        for (const offset of [2, 2 + n]) {
            let sum = 0;
            for (const i of played) sum += th[offset + i];
            value -= 10 * sum ** 2 / 2;
            if (!g || !h) continue;
            for (const i of played) {
                g[offset + i] -= 10 * sum;
                for (const j of played) h[offset + i][offset + j] += 10;
            }
        }
        return value + pull(th, g, h, 0, LEVEL_MEAN, levelPrecision) + pull(th, g, h, 1, 0, levelPrecision);
    });
    return {
        mu: theta[0], home: theta[1],
        attack: new Map(teams.map((t, i) => [t, theta[2 + i]])),
        defence: new Map(teams.map((t, i) => [t, theta[2 + n + i]])),
    };
}

/**
 * Strengths as of `atMs`, from the matches played before it. `teams` are this
 * season's teams (its whole fixture list, played or not): a team of the previous
 * season missing from them went down, and one new to them came up. Any team
 * without a match stays at its prior mean.
 */
export function fitStrengths(matches: ModelMatch[], teams: number[], variant: Variant, atMs: number, model = FORECAST_MODEL): Strengths {
    const past = matches.filter((m) => m.kickoffMs < atMs);
    const weighted = past
        .map((m) => ({
            ...m,
            w: Math.exp(-model.decayPerDay * (atMs - m.kickoffMs) / DAY_MS) * (m.previousSeason ? model.previousSeasonWeight : 1) * (m.sentOff ? model.sendingOffWeight : 1),
        }))
        .filter((m) => m.w >= 1e-4);
    const all = [...new Set([...teams, ...weighted.flatMap((m) => [m.homeId, m.awayId])])].sort((a, b) => a - b);

    // A promoted team starts where the relegated teams ended.
    const previous = past.filter((m) => m.previousSeason);
    const priorMean = new Map<number, [number, number]>();
    if (previous.length > 0) {
        const before = new Set(previous.flatMap((m) => [m.homeId, m.awayId]));
        const current = new Set(teams);
        const relegated = [...before].filter((t) => !current.has(t));
        const promoted = [...current].filter((t) => !before.has(t));
        if (relegated.length > 0 && promoted.length > 0) {
            const last = fitTeams(previous.map((m) => ({ ...m, w: 1 })), [...before].sort((a, b) => a - b), variant, new Map(), model);
            const mean = (f: Map<number, number>) => relegated.reduce((s, t) => s + f.get(t)!, 0) / relegated.length;
            for (const t of promoted) priorMean.set(t, [mean(last.attack), mean(last.defence)]);
        }
    }
    const fit = fitTeams(weighted, all, variant, priorMean, model);

    // Goal rate and home advantage on goals, the strengths held as fixed offsets.
    // Parameters: mu, the previous season's home advantage, this season's.
    const observations: Observation[] = [];
    for (const m of weighted) {
        const homeTerm = m.previousSeason ? 1 : 2;
        observations.push({ w: m.w, y: m.homeGoals, offset: fit.attack.get(m.homeId)! - fit.defence.get(m.awayId)!, terms: [[0, 1], [homeTerm, 1]] });
        observations.push({ w: m.w, y: m.awayGoals, offset: fit.attack.get(m.awayId)! - fit.defence.get(m.homeId)!, terms: [[0, 1]] });
    }
    const scale = maximise(3, [fit.mu, fit.home, fit.home], observations, (th, g, h) => {
        const level = pull(th, g, h, 0, LEVEL_MEAN, model.levelPrecision) + pull(th, g, h, 1, 0, model.levelPrecision);
        // The tie between the two seasons' home terms: precision × (this − previous)² / 2.
        const gap = th[2] - th[1];
        const value = level - model.homePrecision * gap ** 2 / 2;
        if (!g || !h) return value;
        g[2] -= model.homePrecision * gap;
        g[1] += model.homePrecision * gap;
        h[2][2] += model.homePrecision;
        h[1][1] += model.homePrecision;
        h[1][2] -= model.homePrecision;
        h[2][1] -= model.homePrecision;
        return value;
    });
    return { mu: scale[0], home: scale[2], attack: fit.attack, defence: fit.defence, fittedOn: weighted.length };
}

/**
 * Matches for the forecast model: this season's finished fixtures with their xG,
 * whether anyone was sent off and the penalties each side took (from their
 * statistics), and the previous season's results.
 */
export function modelMatches(fixtureXptsRows: Row[], previous: Row[], statistics: Row[]): ModelMatch[] {
    const num = (v: unknown) => (v === null || v === undefined || v === "" ? null : Number(v));
    const sentOff = new Set(statistics.filter((r) => (num(r.red_cards) ?? 0) > 0).map((r) => Number(r.fixture_id)));
    const penalties = new Map<string, { taken: number; scored: number }>();
    for (const r of statistics) {
        const taken = num(r.penalties_taken), scored = num(r.penalties_scored);
        if (taken !== null && scored !== null) penalties.set(`${r.fixture_id}|${r.side}`, { taken, scored });
    }
    const penaltiesFor = (id: unknown) => {
        const home = penalties.get(`${id}|home`), away = penalties.get(`${id}|away`);
        return home && away ? { penalties: { home, away } } : {};
    };
    return [
        ...previous.filter((r) => FINISHED_STATUSES.includes(String(r.status))).map((r) => ({
            homeId: Number(r.home_id), awayId: Number(r.away_id), homeGoals: Number(r.home_goals), awayGoals: Number(r.away_goals),
            homeXg: null, awayXg: null, kickoffMs: Date.parse(String(r.kickoff_utc)), previousSeason: true,
        })),
        ...fixtureXptsRows.map((r) => ({
            homeId: Number(r.home_id), awayId: Number(r.away_id), homeGoals: Number(r.home_goals), awayGoals: Number(r.away_goals),
            homeXg: num(r.home_xg), awayXg: num(r.away_xg), kickoffMs: Date.parse(String(r.kickoff_utc)), previousSeason: false,
            sentOff: sentOff.has(Number(r.fixture_id)), ...penaltiesFor(r.fixture_id),
        })),
    ];
}

export interface Forecast { homeGoals: number; awayGoals: number; pHome: number; pDraw: number; pAway: number }

export function forecastMatch(s: Strengths, homeId: number, awayId: number): Forecast {
    const a = (t: number) => s.attack.get(t) ?? 0;
    const d = (t: number) => s.defence.get(t) ?? 0;
    const homeGoals = Math.exp(s.mu + s.home + a(homeId) - d(awayId));
    const awayGoals = Math.exp(s.mu + a(awayId) - d(homeId));
    const o = outcome(homeGoals, awayGoals);
    return { homeGoals, awayGoals, pHome: o.win, pDraw: o.draw, pAway: o.loss };
}

export const FORECAST_COLUMNS: Column[] = [
    ...MATCH_COLUMNS,
    { name: "model", type: "string", description: "xg (strengths from expected goals) or goals (from goals only)" },
    { name: "home_xg_forecast", type: "double", description: "forecast goals of the home side (the Poisson mean)" },
    { name: "away_xg_forecast", type: "double", description: "forecast goals of the away side" },
    { name: "p_home_win", type: "double", description: "forecast probability of a home win" },
    { name: "p_draw", type: "double", description: "forecast probability of a draw" },
    { name: "p_away_win", type: "double", description: "forecast probability of an away win" },
    { name: "fitted_on_fixtures", type: "int", description: "matches the fit weighed, this season's and the previous season's (matches with a sending-off are set aside)" },
];

const r4 = (x: number) => Number(x.toFixed(4));

/** The teams of a season's fixture list (season-table rows), played or not. */
export const teamsOf = (seasonRows: Row[]): number[] => [...new Set(seasonRows.flatMap((r) => [Number(r.home_id), Number(r.away_id)]))];

/**
 * Statuses of a fixture that will not be played at the kick-off the season table gives: postponed (the API keeps
 * such a fixture at its old date, as its 2022/23 answer does for the weekend after 8 September 2022), cancelled,
 * abandoned, or settled without being played.
 */
export const NOT_PLAYED_AT_KICKOFF = ["PST", "CANC", "ABD", "AWD", "WO"];

/**
 * Forecast rows, both variants unless told, for the season-table rows of the fixtures ahead that are still to be
 * played there, from the matches played before `atMs`. `seasonTeams` are all of this season's teams, not only
 * those playing next week: a team that is neither in the week ahead nor yet in the results must not be taken for
 * one that went down.
 */
export function forecastRows(ahead: Row[], history: ModelMatch[], atMs: number, seasonTeams: number[], model = FORECAST_MODEL, variants = VARIANTS): Row[] {
    const toPlay = ahead.filter((r) => !NOT_PLAYED_AT_KICKOFF.includes(String(r.status)));
    if (toPlay.length === 0) return [];
    const rows: Row[] = [];
    for (const variant of variants) {
        const s = fitStrengths(history, seasonTeams, variant, atMs, model);
        for (const r of toPlay) {
            const f = forecastMatch(s, Number(r.home_id), Number(r.away_id));
            rows.push({
                fixture_id: Number(r.fixture_id), kickoff_utc: String(r.kickoff_utc),
                home_id: Number(r.home_id), home_name: String(r.home_name), away_id: Number(r.away_id), away_name: String(r.away_name),
                model: variant,
                home_xg_forecast: r4(f.homeGoals), away_xg_forecast: r4(f.awayGoals),
                p_home_win: r4(f.pHome), p_draw: r4(f.pDraw), p_away_win: r4(f.pAway),
                fitted_on_fixtures: s.fittedOn,
            });
        }
    }
    return rows;
}
