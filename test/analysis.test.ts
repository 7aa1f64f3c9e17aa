import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { csvParse } from "d3-dsv";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { estimateXg, fixtureXpts, outcome, poissonPmf, teamTable, XG_MODEL } from "../etl/analysis";
import { TABLES } from "../etl/catalog";
import { MemoryLake } from "../etl/lake";
import { replaySeason } from "../etl/local/replay";
import { FOOTBALL_DATA_NAMES, UNDERSTAT_NAMES } from "../etl/local/season";
import { buildModel } from "../etl/local/fit-xg-model";
import { lakeKeys } from "../etl/layout";
import { RunSummary } from "../etl/run";
import { ApiFixture, Row, statisticsRows } from "../etl/transform";
import { readData, readSeasonData } from "./helpers/servers";

const ROOT = path.join(__dirname, "..");

describe("expected points from two Poisson goal counts", () => {
    it("give a goalless pair of sides one point each", () => {
        const o = outcome(0, 0);
        assert.deepEqual([o.win, o.draw, o.loss, o.xpts, o.xptsAgainst], [0, 1, 0, 1, 1]);
    });

    it("give equal sides equal points", () => {
        for (const xg of [0.3, 1, 1.37, 2.5, 4]) {
            const o = outcome(xg, xg);
            assert.ok(Math.abs(o.win - o.loss) < 1e-12);
            assert.ok(Math.abs(o.xpts - o.xptsAgainst) < 1e-12);
        }
    });

    it("share between 2 and 3 points per match, with the chances summing to 1", () => {
        for (const a of [0, 0.1, 0.8, 1.5, 3, 5.5]) {
            for (const b of [0, 0.2, 1.1, 2.4, 6]) {
                const o = outcome(a, b);
                assert.ok(Math.abs(o.win + o.draw + o.loss - 1) < 1e-8, `${a} v ${b}`);
                const total = o.xpts + o.xptsAgainst;
                assert.ok(total >= 2 - 1e-9 && total <= 3 + 1e-9, `${a} v ${b}: ${total}`);
            }
        }
    });

    it("match the closed forms: a draw is e^-(a+b)·I0(2√(ab)), a side facing 0 xG wins with 1 − e^-a", () => {
        // I0 by its own series, independent of the score-matrix sum.
        const besselI0 = (x: number) => { let sum = 0, term = 1; for (let k = 0; k < 60; k++) { if (k > 0) term *= (x / 2) ** 2 / (k * k); sum += term; } return sum; };
        for (const [a, b] of [[1, 1], [1.8, 0.6], [2.73, 1.57]]) {
            const draw = Math.exp(-(a + b)) * besselI0(2 * Math.sqrt(a * b));
            assert.ok(Math.abs(outcome(a, b).draw - draw) < 1e-9, `${a} v ${b}`);
        }
        assert.ok(Math.abs(outcome(2, 0).win - (1 - Math.exp(-2))) < 1e-9);
        assert.ok(Math.abs(outcome(1, 1).xpts - 1.3457459) < 1e-6);
    });

    it("truncate a goal distribution only where less than 1e-9 of it is left", () => {
        for (const mean of [0.5, 2, 7]) {
            const pmf = poissonPmf(mean);
            const sum = pmf.reduce((a, b) => a + b, 0);
            assert.ok(1 - sum < 1e-9 && 1 - (sum - pmf[pmf.length - 1]) >= 1e-9);
        }
        assert.throws(() => poissonPmf(-1), /expected goals must be a finite number ≥ 0, got -1/);
    });

    it("stop a mean-1 distribution at 12 terms, where the tail e^-1·Σ 1/k! for k ≥ 12 first falls below 1e-9", () => {
        // The tail by separate code: P(X ≥ n) summed from n upwards.
        const tail = (n: number) => { let sum = 0, term = Math.exp(-1); for (let k = 1; k <= 40; k++) { term /= k; if (k >= n) sum += term; } return sum; };
        assert.ok(tail(12) < 1e-9 && tail(11) >= 1e-9);
        assert.equal(poissonPmf(1).length, 12);
        assert.deepEqual(poissonPmf(0), [1], "no goals expected: certainly none");
        assert.equal(poissonPmf(5000).length, 1000, "an absurd mean stops at 1000 goals");
    });
});

describe("the team table's order", () => {
    // Hand-made fixtures (chances need not be realistic: they only have to sum to 1).
    const fixture = (id: number, home: [number, string, number], away: [number, string, number], xpts: [number, number]): Row => ({
        fixture_id: id, kickoff_utc: "2021-01-01T15:00:00Z",
        home_id: home[0], home_name: home[1], away_id: away[0], away_name: away[1], home_goals: home[2], away_goals: away[2],
        home_xg: 1, away_xg: 1, xg_source: "provider", p_home_win: 0.4, p_draw: 0.3, p_away_win: 0.3, home_xpts: xpts[0], away_xpts: xpts[1],
    });
    // Alpha and Zulu: a point each, goal difference 0; Zulu scored more, so Zulu is above Alpha, whatever the alphabet says.
    const rows = [fixture(1, [1, "Alpha", 1], [3, "Mid", 1], [1.5, 1.2]), fixture(2, [2, "Zulu", 2], [3, "Mid", 2], [1.1, 1.6])];

    it("breaks level points and goal difference by goals scored, not by name", () => {
        assert.deepEqual(teamTable(rows).map((r) => [r.team_name, r.rank_points]), [["Mid", 1], ["Zulu", 2], ["Alpha", 3]]);
    });

    it("ranks expected points from most to fewest", () => {
        // Mid 1.2 + 1.6 = 2.8, Alpha 1.5, Zulu 1.1.
        const t = teamTable(rows);
        assert.deepEqual(t.map((r) => [r.team_name, r.rank_xpts, r.xpts]), [["Mid", 1, 2.8], ["Zulu", 3, 1.1], ["Alpha", 2, 1.5]]);
    });

    it("counts a side's xG against from the other side of its fixtures", () => {
        const t = teamTable([{ ...rows[0], home_xg: 2.5, away_xg: 0.4 }]);
        const alpha = t.find((r) => r.team_name === "Alpha")!, mid = t.find((r) => r.team_name === "Mid")!;
        assert.deepEqual([alpha.xg_for, alpha.xg_against, mid.xg_for, mid.xg_against], [2.5, 0.4, 0.4, 2.5]);
    });
});

describe("the team table from hand-made fixtures", () => {
    // A 2-1 B with the provider's xG; B 0-0 C with the shot model's; C 3-0 A
    // without statistics yet. Chances are chosen to make the sums easy by hand.
    const rows: Row[] = [
        {
            fixture_id: 1, kickoff_utc: "2021-01-02T15:00:00Z", home_id: 1, home_name: "A", away_id: 2, away_name: "B", home_goals: 2, away_goals: 1,
            home_xg: 1.5, away_xg: 0.5, xg_source: "provider", p_home_win: 0.6, p_draw: 0.25, p_away_win: 0.15, home_xpts: 2.05, away_xpts: 0.7,
        },
        {
            fixture_id: 2, kickoff_utc: "2021-01-09T15:00:00Z", home_id: 2, home_name: "B", away_id: 3, away_name: "C", home_goals: 0, away_goals: 0,
            home_xg: 0.8, away_xg: 0.4, xg_source: "estimated", p_home_win: 0.4, p_draw: 0.4, p_away_win: 0.2, home_xpts: 1.6, away_xpts: 1.0,
        },
        {
            fixture_id: 3, kickoff_utc: "2021-01-16T15:00:00Z", home_id: 3, home_name: "C", away_id: 1, away_name: "A", home_goals: 3, away_goals: 0,
            home_xg: null, away_xg: null, xg_source: "none", p_home_win: null, p_draw: null, p_away_win: null, home_xpts: null, away_xpts: null,
        },
    ];
    const pick = (r: Row) => [
        r.rank_points, r.rank_xpts, r.team_name, r.team_code, r.played, r.won, r.drawn, r.lost, r.goals_for, r.goals_against, r.goal_difference, r.points,
        r.xg_for, r.xg_against, r.xpts, r.goals_minus_xg, r.goals_against_minus_xg_against, r.points_minus_xpts, r.xg_fixtures, r.xg_estimated,
        r.points_percentile, r.points_p05, r.points_p95,
    ];

    it("counts results, goals, xG, expected points and the gaps over the fixtures with xG, as worked by hand", () => {
        // C: W1 D1, 3-0, 4 pts; over F2 only: 0 v 0.4 xG, 1 pt v 1.0 xPts; chances {0: .4, 1: .4, 3: .2}: 1 pt is at .4 + .4/2 = 60%.
        // A: W1 L1, 2-4, 3 pts; over F1 only: 2-1 v 1.5-0.5 xG, 3 pts v 2.05; {0: .15, 1: .25, 3: .6}: 3 pts at .4 + .6/2 = 70%.
        // B: D1 L1, 1-2, 1 pt; 1.3 xG for (0.5 + 0.8), 1.9 against (1.5 + 0.4), 2.3 xPts (0.7 + 1.6);
        //    the convolution of {0: .6, 1: .25, 3: .15} and {0: .2, 1: .4, 3: .4} is
        //    {0: .12, 1: .29, 2: .10, 3: .27, 4: .16, 6: .06}: 1 pt at .12 + .29/2 = 26.5%, the 90% interval 0 to 6.
        assert.deepEqual(teamTable(rows, { 1: "AAA", 3: "CCC" }).map(pick), [
            [1, 3, "C", "CCC", 2, 1, 1, 0, 3, 0, 3, 4, 0.4, 0.8, 1, -0.4, -0.8, 0, 1, 1, 60, 0, 3],
            [2, 2, "A", "AAA", 2, 1, 0, 1, 2, 4, -2, 3, 1.5, 0.5, 2.05, 0.5, 0.5, 0.95, 1, 0, 70, 0, 3],
            [3, 1, "B", null, 2, 0, 1, 1, 1, 2, -1, 1, 1.3, 1.9, 2.3, -0.3, 0.1, -1.3, 2, 1, 26.5, 0, 6],
        ]);
    });

    it("leaves the xG, gap and luck columns empty for a team none of whose fixtures has xG", () => {
        const [c, a] = teamTable([rows[2]]).map(pick);
        assert.deepEqual(c.slice(2), ["C", null, 1, 1, 0, 0, 3, 0, 3, 3, null, null, null, null, null, null, 0, 0, null, null, null]);
        assert.deepEqual(a.slice(4, 12), [1, 0, 0, 1, 0, 3, -3, 0]);
    });

    it("ranks level points by goal difference before goals scored", () => {
        // Two-Nil wins 2-0 (GD +2), Four-Three wins 4-3 (GD +1, more goals): goal difference decides.
        const win = (id: number, name: string, f: number, a: number, other: number): Row => ({
            ...rows[0], fixture_id: id, home_id: id, home_name: name, home_goals: f, away_id: other, away_name: `Loser ${other}`, away_goals: a,
        });
        const fixtures = [win(10, "Two-Nil", 2, 0, 11), win(12, "Four-Three", 4, 3, 13)];
        for (const order of [fixtures, [...fixtures].reverse()]) {
            assert.deepEqual(teamTable(order).slice(0, 2).map((r) => r.team_name), ["Two-Nil", "Four-Three"], "whatever order the fixtures come in");
        }
    });

    it("gives each side its points in a fixture: 3 for a win, 1 for a draw, 0 for a defeat", () => {
        const side = (id: number, goals: number) => ({ id, name: `T${id}`, goals, xg: 1, totalShots: 10, shotsOnGoal: 4 });
        const result = (h: number, a: number) => {
            const r = fixtureXpts({ fixtureId: 1, kickoffUtc: "2021-01-01T15:00:00Z", home: side(1, h), away: side(2, a) });
            return [r.home_points, r.away_points];
        };
        assert.deepEqual([result(2, 1), result(1, 1), result(0, 2)], [[3, 0], [1, 1], [0, 3]]);
    });
});

describe("where expected goals come from", () => {
    const recorded = (dir: string, file: string): ApiFixture[] => JSON.parse(readData("api-football", dir, file)).response;

    it("is the provider's expected_goals when both sides have it", () => {
        const f = recorded("syurchen93-api-football-client", "fixtures-cl-penalties.json").find((x) => x.fixture.id === 1149519)!;
        const [home, away] = statisticsRows(f);
        const row = fixtureXpts({
            fixtureId: 1149519, kickoffUtc: String(home.kickoff_utc),
            home: { id: 530, name: "Atletico Madrid", goals: 2, xg: Number(home.expected_goals), totalShots: 23, shotsOnGoal: 9 },
            away: { id: 505, name: "Inter", goals: 1, xg: Number(away.expected_goals), totalShots: 15, shotsOnGoal: 5 },
        });
        assert.equal(row.xg_source, "provider");
        assert.deepEqual([row.home_xg, row.away_xg], [2.73, 1.57]);
    });

    it("is the shot model where the API gives none, as for 2019 and older seasons", () => {
        const f = recorded("RonaldoHD-football", "fixtures-id-157201.json")[0];
        const [home, away] = statisticsRows(f);
        const row = fixtureXpts({
            fixtureId: f.fixture.id, kickoffUtc: String(home.kickoff_utc),
            home: { id: 33, name: "Manchester United", goals: 4, xg: null, totalShots: Number(home.total_shots), shotsOnGoal: Number(home.shots_on_goal) },
            away: { id: 34, name: "Newcastle", goals: 1, xg: null, totalShots: Number(away.total_shots), shotsOnGoal: Number(away.shots_on_goal) },
        });
        assert.equal(row.xg_source, "estimated");
        assert.equal(row.home_xg, Number((10 * XG_MODEL.perShotOnTarget + 12 * XG_MODEL.perShotOffTarget).toFixed(4)));
        assert.equal(estimateXg(null, 3), null);
        assert.equal(estimateXg(5, 6), null, "more shots on target than shots is not data to estimate from");
        assert.equal(estimateXg(3, 3), 3 * XG_MODEL.perShotOnTarget, "every shot on target is data");
    });

    it("is the shot model for both sides, or for neither: never one side's provider xG against the other's estimate", () => {
        const side = (id: number, xg: number | null, totalShots: number | null, shotsOnGoal: number | null) => ({ id, name: `T${id}`, goals: 1, xg, totalShots, shotsOnGoal });
        const row = (home: ReturnType<typeof side>, away: ReturnType<typeof side>) => fixtureXpts({ fixtureId: 1, kickoffUtc: "2021-01-01T15:00:00Z", home, away });
        const mixed = row(side(1, 2.5, 10, 4), side(2, null, 8, 2));
        assert.equal(mixed.xg_source, "estimated");
        assert.deepEqual([mixed.home_xg, mixed.away_xg], [
            Number((4 * XG_MODEL.perShotOnTarget + 6 * XG_MODEL.perShotOffTarget).toFixed(4)), Number((2 * XG_MODEL.perShotOnTarget + 6 * XG_MODEL.perShotOffTarget).toFixed(4)),
        ]);
        const mirrored = row(side(1, null, 8, 2), side(2, 2.5, 10, 4));
        assert.deepEqual([mirrored.xg_source, mirrored.away_xg], ["estimated", Number((4 * XG_MODEL.perShotOnTarget + 6 * XG_MODEL.perShotOffTarget).toFixed(4))]);
        const homeless = row(side(1, null, null, 2), side(2, null, 10, 4));
        assert.deepEqual([homeless.xg_source, homeless.home_xg, homeless.away_xg], ["none", null, null]);
        const none = row(side(1, null, 10, 4), side(2, null, null, 2));
        assert.deepEqual([none.xg_source, none.home_xg, none.away_xg, none.p_home_win, none.p_draw, none.p_away_win, none.home_xpts, none.away_xpts, none.home_points],
            ["none", null, null, null, null, null, null, null, 1]);
    });

    it("uses coefficients that a fresh fit on the bundled 2020/21 data reproduces, with the error the README states", () => {
        const stored = JSON.parse(fs.readFileSync(path.join(ROOT, "etl", "xg-model.json"), "utf8"));
        const fresh = buildModel();
        assert.deepEqual(stored, JSON.parse(JSON.stringify(fresh)));
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        assert.ok(readme.includes(`${fresh.error_per_team_match.five_fold_cross_validated.rmse}`), "README states the cross-validated RMSE");
        assert.ok(readme.includes(`${fresh.error_per_team_season_total.rmse}`), "README states the season-total RMSE");
    });
});

describe("the analysis on the offline 2020/21 replay", function () {
    this.timeout(60_000);
    let lake: MemoryLake;
    const keys = lakeKeys(39, 2020);
    let summaries: RunSummary[];
    let latest: Record<string, string>[];

    before(async () => {
        // A new lake each time the suite runs: a runner may run it again in one process (Stryker does).
        lake = new MemoryLake();
        await lake.put(keys.teamcodes, fs.readFileSync(path.join(ROOT, "teamcodes.csv")), "text/csv");
        ({ summaries } = await replaySeason({ lake }));
        latest = csvParse((await lake.get(keys.teamTableLatest))!.toString()) as unknown as Record<string, string>[];
    });

    it("ends with the official final table: played, won, drawn, lost, goals and points for all 20 clubs", () => {
        // The table again, straight from the football-data results, by other code.
        const expected = new Map<number, number[]>();
        for (const r of csvParse(readSeasonData("football-data", "season-2021.csv"))) {
            const h = FOOTBALL_DATA_NAMES[r.HomeTeam!], a = FOOTBALL_DATA_NAMES[r.AwayTeam!];
            const hg = Number(r.FTHG), ag = Number(r.FTAG);
            for (const [id, gf, ga] of [[h, hg, ag], [a, ag, hg]]) {
                const t = expected.get(id) ?? [0, 0, 0, 0, 0, 0, 0];
                t[0]++; t[gf > ga ? 1 : gf === ga ? 2 : 3]++; t[4] += gf; t[5] += ga; t[6] += gf > ga ? 3 : gf === ga ? 1 : 0;
                expected.set(id, t);
            }
        }
        assert.equal(latest.length, 20);
        for (const row of latest) {
            const got = ["played", "won", "drawn", "lost", "goals_for", "goals_against", "points"].map((c) => Number(row[c]));
            assert.deepEqual(got, expected.get(Number(row.team_id)), row.team_name);
        }
        const city = latest.find((r) => r.team_name === "Manchester City")!;
        assert.deepEqual([city.rank_points, city.points, city.goals_for, city.goals_against], ["1", "86", "83", "32"]);
        const sheffield = latest.find((r) => r.team_name === "Sheffield Utd")!;
        assert.deepEqual([sheffield.rank_points, sheffield.points], ["20", "23"]);
    });

    it("orders level points by goal difference, then goals scored", () => {
        const rank = (name: string) => Number(latest.find((r) => r.team_name === name)!.rank_points);
        // Leeds and Everton: 59 points, goal difference +8 against −1.
        assert.ok(rank("Leeds") < rank("Everton"));
        // Newcastle and Wolves: 45 points, both −16, 46 goals against 36.
        assert.ok(rank("Newcastle") < rank("Wolves"));
    });

    it("gives each team the xG of its Understat shots, within the API's two-decimal rounding", () => {
        const shotXg = new Map<number, number>();
        for (const s of csvParse(readSeasonData("understat", "shots_epl_20-21.csv"))) {
            const id = UNDERSTAT_NAMES[s.h_a === "h" ? s.h_team! : s.a_team!];
            shotXg.set(id, (shotXg.get(id) ?? 0) + Number(s.xG));
        }
        for (const row of latest) {
            const diff = Math.abs(Number(row.xg_for) - shotXg.get(Number(row.team_id))!);
            // 38 matches rounded to 0.01 each, and the table's own rounding to 0.01.
            assert.ok(diff <= 38 * 0.005 + 0.005, `${row.team_name}: ${row.xg_for} against ${shotXg.get(Number(row.team_id))}`);
            assert.equal(row.xg_estimated, "0");
        }
    });

    // Separate code: each match's xG as the API sends it (Understat's shots summed, two decimals),
    // its result chances from two Poisson counts summed to 30 goals, and the points those give.
    function independentFixtures(): Map<number, { hxg: number; axg: number; pH: number; pD: number; pA: number; homeId: number; awayId: number }> {
        const sums = new Map<number, { h: number; a: number; homeId: number; awayId: number }>();
        for (const s of csvParse(readSeasonData("understat", "shots_epl_20-21.csv"))) {
            const id = Number(s.match_id);
            const m = sums.get(id) ?? { h: 0, a: 0, homeId: UNDERSTAT_NAMES[s.h_team!], awayId: UNDERSTAT_NAMES[s.a_team!] };
            if (s.h_a === "h") m.h += Number(s.xG);
            else m.a += Number(s.xG);
            sums.set(id, m);
        }
        const pmf = (l: number) => {
            const p: number[] = [];
            let term = Math.exp(-l);
            for (let k = 0; k <= 30; k++) {
                p.push(term);
                term = (term * l) / (k + 1);
            }
            return p;
        };
        const out = new Map();
        for (const [id, m] of sums) {
            const hxg = Number(m.h.toFixed(2)), axg = Number(m.a.toFixed(2));
            const ph = pmf(hxg), pa = pmf(axg);
            let pH = 0, pD = 0, pA = 0;
            ph.forEach((x, i) => pa.forEach((y, j) => { if (i > j) pH += x * y; else if (i === j) pD += x * y; else pA += x * y; }));
            out.set(id, { hxg, axg, pH, pD, pA, homeId: m.homeId, awayId: m.awayId });
        }
        return out;
    }

    it("gives every fixture the result chances and expected points that separate code computes from Understat's shots", async () => {
        const expected = independentFixtures();
        const rows = csvParse((await lake.get(keys.fixtureXptsLatest))!.toString());
        assert.equal(rows.length, 380);
        for (const r of rows) {
            const e = expected.get(Number(r.fixture_id))!;
            assert.deepEqual([Number(r.home_id), Number(r.away_id), Number(r.home_xg), Number(r.away_xg)], [e.homeId, e.awayId, e.hxg, e.axg], r.fixture_id);
            const close = (got: string | undefined, want: number, what: string) => assert.ok(Math.abs(Number(got) - want) <= 6e-5, `${r.fixture_id} ${what}: ${got} against ${want}`);
            close(r.p_home_win, e.pH, "p_home_win");
            close(r.p_draw, e.pD, "p_draw");
            close(r.p_away_win, e.pA, "p_away_win");
            close(r.home_xpts, 3 * e.pH + e.pD, "home_xpts");
            close(r.away_xpts, 3 * e.pA + e.pD, "away_xpts");
        }
    });

    it("sums each team's xG for and against, and expected points, from the sides it played, and ranks by expected points", () => {
        const totals = new Map<number, { xgf: number; xga: number; xpts: number }>();
        for (const e of independentFixtures().values()) {
            for (const [id, xgf, xga, xpts] of [[e.homeId, e.hxg, e.axg, 3 * e.pH + e.pD], [e.awayId, e.axg, e.hxg, 3 * e.pA + e.pD]]) {
                const t = totals.get(id) ?? { xgf: 0, xga: 0, xpts: 0 };
                t.xgf += xgf; t.xga += xga; t.xpts += xpts;
                totals.set(id, t);
            }
        }
        for (const row of latest) {
            const t = totals.get(Number(row.team_id))!;
            // Per-fixture xPts are rounded to 4 decimals before they are summed over 38 fixtures.
            assert.ok(Math.abs(Number(row.xg_for) - t.xgf) <= 0.006, `${row.team_name} xg_for`);
            assert.ok(Math.abs(Number(row.xg_against) - t.xga) <= 0.006, `${row.team_name} xg_against`);
            assert.ok(Math.abs(Number(row.xpts) - t.xpts) <= 0.006, `${row.team_name} xpts`);
        }
        const byXpts = [...totals].sort((a, b) => b[1].xpts - a[1].xpts).map(([id]) => id);
        for (const row of latest) assert.equal(Number(row.rank_xpts), byXpts.indexOf(Number(row.team_id)) + 1, row.team_name);
    });

    it("keeps the table of every run date, the latest copy equal to the last one", async () => {
        const history = await lake.list("processed-data/analysis/team-table/");
        assert.equal(history.length, summaries.length);
        const last = summaries[summaries.length - 1].runDate;
        assert.deepEqual(await lake.get(keys.teamTable(last)), await lake.get(keys.teamTableLatest));
    });

    it("writes a valid SVG chart with every team's label, the league, the season and the date", async () => {
        const svg = (await lake.get(keys.chartLatest))!.toString();
        assert.equal(XMLValidator.validate(svg), true);
        const doc = new XMLParser({ ignoreAttributes: false }).parse(svg);
        assert.ok(doc.svg);
        const codes = csvParse(fs.readFileSync(path.join(ROOT, "teamcodes.csv"), "utf8")).map((r) => r.code!);
        const labels = [...svg.matchAll(/font-size="12">([^<]+)<\/text><\/g>/g)].map((m) => m[1]).sort();
        assert.deepEqual(labels, [...codes].sort());
        assert.match(svg, /Premier League 2020\/21/);
        assert.match(svg, /as of 2021-05-25/);
    });

    it("writes CSVs whose headers are exactly the catalog's columns, at the catalog's locations", async () => {
        for (const spec of TABLES) {
            const files = await lake.list(spec.prefix);
            assert.ok(files.length > 0, `nothing under ${spec.prefix}`);
            const seasons = spec.previousSeason ? "20(19|20)" : "2020";
            const pattern = new RegExp(`^${spec.prefix}league=39/season=${seasons}/${spec.history ? "run_date=\\d{4}-\\d{2}-\\d{2}/" : ""}[^/]+\\.csv$`);
            for (const key of files) {
                if (/fixture=\d+\.csv$/.test(key)) continue;
                assert.match(key, pattern);
                const header = (await lake.get(key))!.toString().split("\n")[0];
                assert.equal(header, spec.columns.map((c) => c.name).join(","), key);
            }
        }
    });
});
