// Fits the shot-based expected-goals estimate once, on the real 2020/21
// Premier League: per team and match, shots and shots on target from the
// football-data results, and xG as the sum of Understat's shot xG. Writes
// etl/xg-model.json with the coefficients and the fit's measured error.
//   npx ts-node --transpile-only etl/local/fit-xg-model.ts
import * as fs from "fs";
import * as path from "path";
import { loadSeason } from "./season";

export interface Sample { onTarget: number; offTarget: number; xg: number; matchIndex: number; teamId: number }

export function samples(): Sample[] {
    const { matches } = loadSeason();
    return matches.flatMap((m, matchIndex) => (["home", "away"] as const).map((side) => {
        const s = m.stats[side];
        return {
            onTarget: s["Shots on Goal"],
            offTarget: s["Total Shots"] - s["Shots on Goal"],
            // 2020/21 has Understat xG for every match.
            xg: (side === "home" ? m.homeXg : m.awayXg)!,
            matchIndex,
            teamId: side === "home" ? m.homeId : m.awayId,
        };
    }));
}

/** Least squares through the origin on two features: no shots, no expected goals. */
export function fit(data: Sample[]): [number, number] {
    let s11 = 0, s12 = 0, s22 = 0, s1y = 0, s2y = 0;
    for (const d of data) {
        s11 += d.onTarget * d.onTarget;
        s12 += d.onTarget * d.offTarget;
        s22 += d.offTarget * d.offTarget;
        s1y += d.onTarget * d.xg;
        s2y += d.offTarget * d.xg;
    }
    const det = s11 * s22 - s12 * s12;
    return [(s1y * s22 - s2y * s12) / det, (s2y * s11 - s1y * s12) / det];
}

const predict = (c: [number, number], d: Sample) => c[0] * d.onTarget + c[1] * d.offTarget;

export function errors(c: [number, number], data: Sample[]) {
    const residuals = data.map((d) => predict(c, d) - d.xg);
    const mean = data.reduce((a, d) => a + d.xg, 0) / data.length;
    const ssRes = residuals.reduce((a, r) => a + r * r, 0);
    const ssTot = data.reduce((a, d) => a + (d.xg - mean) ** 2, 0);
    return {
        rmse: Math.sqrt(ssRes / data.length),
        mae: residuals.reduce((a, r) => a + Math.abs(r), 0) / data.length,
        r2: 1 - ssRes / ssTot,
    };
}

/** Out-of-sample error: five folds of whole matches, each predicted by a fit on the other four. */
export function crossValidated(data: Sample[]) {
    const residuals: number[] = [];
    for (let k = 0; k < 5; k++) {
        const c = fit(data.filter((d) => d.matchIndex % 5 !== k));
        for (const d of data.filter((d) => d.matchIndex % 5 === k)) residuals.push(predict(c, d) - d.xg);
    }
    return {
        rmse: Math.sqrt(residuals.reduce((a, r) => a + r * r, 0) / residuals.length),
        mae: residuals.reduce((a, r) => a + Math.abs(r), 0) / residuals.length,
    };
}

/** Error of a team's season total, the figure the team table shows. */
export function seasonTotalsError(c: [number, number], data: Sample[]) {
    const totals = new Map<number, { est: number; xg: number }>();
    for (const d of data) {
        const t = totals.get(d.teamId) ?? { est: 0, xg: 0 };
        t.est += predict(c, d);
        t.xg += d.xg;
        totals.set(d.teamId, t);
    }
    const diffs = [...totals.values()].map((t) => t.est - t.xg);
    return {
        teams: diffs.length,
        rmse: Math.sqrt(diffs.reduce((a, r) => a + r * r, 0) / diffs.length),
        max_abs: Math.max(...diffs.map(Math.abs)),
    };
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

export function buildModel() {
    const data = samples();
    const c = fit(data);
    const inSample = errors(c, data);
    const cv = crossValidated(data);
    return {
        description: "expected_goals ≈ per_shot_on_target · (Shots on Goal) + per_shot_off_target · (Total Shots − Shots on Goal), fitted by least squares through the origin",
        fitted_on: "Premier League 2020/21: 760 team-matches; shots from football-data (HS, HST, AS, AST), xG as the sum of Understat shot xG",
        coefficients: { per_shot_on_target: round(c[0]), per_shot_off_target: round(c[1]) },
        error_per_team_match: {
            in_sample: { rmse: round(inSample.rmse), mae: round(inSample.mae), r2: round(inSample.r2) },
            five_fold_cross_validated: { rmse: round(cv.rmse), mae: round(cv.mae) },
        },
        error_per_team_season_total: (({ teams, rmse, max_abs }) => ({ teams, rmse: round(rmse), max_abs: round(max_abs) }))(seasonTotalsError(c, data)),
        samples: data.length,
    };
}

if (require.main === module) {
    const model = buildModel();
    const out = path.join(__dirname, "..", "xg-model.json");
    fs.writeFileSync(out, JSON.stringify(model, null, 2) + "\n");
    console.log(JSON.stringify(model, null, 2));
    console.log(`written to ${out}`);
}
