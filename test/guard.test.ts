// The season guard's rules, one by one, on recorded answers and hand-made edges.
import { strict as assert } from "assert";
import {
    checkFixtureList, checkPaging, checkSeasonAnswer, checkStatisticsAnswer, checkTeamsAnswer, LOST_AT_LEAST, MAX_PAGES, MAX_SEASON_FIXTURES, RefusedAnswer,
    fixtureProblems, heldAgainstAnswer, heldResultProblems, heldResultsAgainstAnswer, heldStatisticsProblems, problemLine, readableResults, requireReadableStatistics, sameTeams, seasonComplete, teamsOfRows,
} from "../etl/guard";
import { XG_MODEL } from "../etl/analysis";
import { csvParse } from "d3-dsv";
import { ApiFixture, FIXTURE_COLUMNS, fixtureRow, hasStatistics, MAX_MATCH_XG, Row, STATISTICS_COLUMNS, statisticsRows, toCsv } from "../etl/transform";
import { fetchAnswering, readData } from "./helpers/servers";
import { misfits } from "./helpers/cells";
import { ApiFootballClient } from "../etl/api";
import { EtlError } from "../etl/errors";

const recorded = (dir: string, file: string): any => JSON.parse(readData("api-football", dir, file));
// 9 fixtures of the 2020 Premier League, as recorded.
const epl2020: ApiFixture[] = recorded("RonaldoHD-football", "fixtures-league39-season2020-truncated.json").response;
const cl = recorded("syurchen93-api-football-client", "fixtures-cl-penalties.json").response as ApiFixture[];
const SOURCE = "/fixtures?league=39&season=2020";

function refusal(fn: () => unknown): RefusedAnswer {
    try {
        fn();
    } catch (err) {
        assert.ok(err instanceof RefusedAnswer, String(err));
        return err;
    }
    throw new Error("expected a refusal");
}

/** A copy of a JSON value with the value at `at` (keys from the top) replaced, or removed where `value` is undefined. */
function withValue(json: unknown, at: string[], value: unknown): any {
    const copy = JSON.parse(JSON.stringify(json));
    if (at.length === 0) return value ?? null;
    const parent = at.slice(0, -1).reduce((o, key) => o[key], copy);
    if (value === undefined) delete parent[at.at(-1)!];
    else parent[at.at(-1)!] = value;
    return copy;
}

/** `n` season-table rows with ids 1..n, as the lake would hold them. */
const withId = (f: ApiFixture, id: number): ApiFixture => ({ ...f, fixture: { ...f.fixture, id } });
/** The recorded fixtures again and again, with ids 1 to n. */
const listing = (n: number) => Array.from({ length: n }, (_, i) => withId(epl2020[i % 9], i + 1));
/** A season table of those fixtures (all played), as the lake holds it: every value text. */
const knownRows = (n: number): Row[] => csvParse(toCsv(listing(n).map((f) => fixtureRow(f, "landed")), FIXTURE_COLUMNS)) as unknown as Row[];

describe("the season guard", () => {
    it("takes a recorded season answer as it is", () => {
        assert.equal(checkFixtureList(SOURCE, epl2020, 39, 2020).length, 9);
    });

    it("refuses a response that is not a list, naming the request", () => {
        const r = refusal(() => checkFixtureList(SOURCE, { fixtures: [] }, 39, 2020));
        assert.equal(r.rule, "not-a-list");
        assert.match(r.message, /^API-Football answer from \/fixtures\?league=39&season=2020 was not written to the lake \(rule not-a-list\)/);
    });

    it("refuses a fixture without an id, teams, status or timestamp", () => {
        const { timestamp: _, ...noTime } = epl2020[0].fixture;
        assert.equal(refusal(() => checkFixtureList(SOURCE, [{ ...epl2020[0], fixture: noTime }], 39, 2020)).rule, "malformed-fixture");
        assert.equal(refusal(() => checkFixtureList(SOURCE, [{ ...epl2020[0], teams: { home: epl2020[0].teams.home } }], 39, 2020)).rule, "malformed-fixture");
        // An id of 0 or below is none: the season table read back leaves such a row out, so it must not get in.
        for (const id of [0, -1, 1.5]) assert.equal(refusal(() => checkFixtureList(SOURCE, [withId(epl2020[0], id)], 39, 2020)).rule, "malformed-fixture", String(id));
    });

    it("refuses a fixture with one team on both sides, naming the fixture and the team", () => {
        // Burnley v Burnley: taken, the match counted twice for Burnley, once won and once lost.
        const burnley = epl2020[0].teams.home;
        const r = refusal(() => checkFixtureList(SOURCE, [epl2020[1], { ...epl2020[0], teams: { home: burnley, away: { ...burnley } } }], 39, 2020));
        assert.equal(r.rule, "malformed-fixture");
        assert.equal(r.problem, "fixture 592141 has team 44 on both sides");
        assert.deepEqual(r.fixtures, [592141]);
    });

    it("refuses a kick-off that is no time of the season (in milliseconds, 0, past any date), naming the fixture, and takes the window's edges", () => {
        // 2019-01-01 and 2023-01-01, 00:00 UTC, in seconds.
        const [from, to] = [1_546_300_800, 1_672_531_200];
        const at = (timestamp: number) => [{ ...epl2020[0], fixture: { ...epl2020[0].fixture, timestamp } }];
        for (const t of [from, to - 1, epl2020[0].fixture.timestamp]) assert.equal(checkFixtureList(SOURCE, at(t), 39, 2020).length, 1, `${t} taken`);
        const id = epl2020[0].fixture.id;
        for (const t of [from - 1, to, 0, -1, epl2020[0].fixture.timestamp * 1000, 1e13]) {
            const r = refusal(() => checkFixtureList(SOURCE, at(t), 39, 2020));
            assert.equal(r.rule, "malformed-fixture");
            assert.equal(r.problem, `fixture ${id} has the kick-off timestamp ${t}, not a time in seconds from 2019-01-01T00:00:00Z to before 2023-01-01T00:00:00Z, as a fixture of season 2020 has`);
            assert.deepEqual(r.fixtures, [id]);
        }
        // The window follows the season asked for: a year later, a year later.
        const next = [{ ...at(to)[0], league: { ...epl2020[0].league, season: 2021 } }];
        assert.equal(checkFixtureList(SOURCE, next, 39, 2021).length, 1);
        assert.equal(refusal(() => checkFixtureList(SOURCE, [{ ...at(from)[0], league: { ...epl2020[0].league, season: 2021 } }], 39, 2021)).rule, "malformed-fixture");
    });

    it("refuses a fixture of another league or season", () => {
        const r = refusal(() => checkFixtureList(SOURCE, [...epl2020, cl[0]], 39, 2020));
        assert.equal(r.rule, "wrong-league");
        assert.deepEqual(r.fixtures, [cl[0].fixture.id]);
        assert.equal(refusal(() => checkFixtureList(SOURCE, epl2020, 39, 2021)).rule, "wrong-league");
    });

    it("refuses a fixture listed twice", () => {
        const r = refusal(() => checkFixtureList(SOURCE, [...epl2020, epl2020[4]], 39, 2020));
        assert.equal(r.rule, "duplicate-fixture");
        assert.deepEqual(r.fixtures, [epl2020[4].fixture.id]);
    });

    it("refuses more fixtures than any league season has, and takes exactly that many", () => {
        const many = (n: number) => Array.from({ length: n }, (_, i) => withId(epl2020[i % 9], 1_000_000 + i));
        assert.equal(checkFixtureList(SOURCE, many(MAX_SEASON_FIXTURES), 39, 2020).length, MAX_SEASON_FIXTURES);
        assert.equal(refusal(() => checkFixtureList(SOURCE, many(MAX_SEASON_FIXTURES + 1), 39, 2020)).rule, "oversized");
    });

    it("refuses an ids answer with more fixtures than asked, or one not asked for", () => {
        const ids = cl.map((f) => f.fixture.id);
        assert.equal(checkFixtureList("/fixtures?ids=x", cl, cl[0].league.id, cl[0].league.season, ids).length, 2);
        assert.equal(refusal(() => checkFixtureList("/fixtures?ids=x", cl, cl[0].league.id, cl[0].league.season, ids.slice(0, 1))).rule, "oversized");
        assert.equal(refusal(() => checkFixtureList("/fixtures?ids=x", cl.slice(0, 1), cl[0].league.id, cl[0].league.season, [ids[1]])).rule, "unasked-fixture");
    });

    it("refuses a finished fixture without a score", () => {
        const ft = epl2020.find((f) => f.fixture.status.short === "FT")!;
        const r = refusal(() => checkFixtureList(SOURCE, [{ ...ft, goals: { home: 1, away: null } }], 39, 2020));
        assert.equal(r.rule, "finished-without-score");
    });

    it("refuses an empty season, saying so differently for a new lake and one that holds fixtures", () => {
        assert.match(refusal(() => checkSeasonAnswer(SOURCE, [], 39, 2020, [])).problem, /league id or season may be wrong, or the fixtures are not published yet/);
        assert.match(refusal(() => checkSeasonAnswer(SOURCE, [], 39, 2020, knownRows(380))).problem, /no fixtures, where the lake holds 380/);
    });

    it("lets an answer leave out up to 5% of the fixtures the lake knows (at least 2), and refuses one more", () => {
        // 100 known fixtures with ids 1..100; the answer lists ids 1..95 (5 missing), then 1..94 (6 missing).
        const answer = listing;
        const ok = checkSeasonAnswer(SOURCE, answer(95), 39, 2020, knownRows(100));
        assert.deepEqual(ok.dropped.map((r) => r.fixture_id), ["96", "97", "98", "99", "100"]);
        assert.equal(refusal(() => checkSeasonAnswer(SOURCE, answer(94), 39, 2020, knownRows(100))).rule, "lost-fixtures");
        // 10 known: 5% is 0, so the floor of 2 applies.
        assert.equal(checkSeasonAnswer(SOURCE, answer(8), 39, 2020, knownRows(10)).dropped.length, LOST_AT_LEAST);
        assert.equal(refusal(() => checkSeasonAnswer(SOURCE, answer(7), 39, 2020, knownRows(10))).rule, "lost-fixtures");
    });

    it("lets an answer give another result for up to 5% of the fixtures the lake holds as finished (at least 2), and refuses one more", () => {
        // The recorded results: 592141 ended 0–1, 592142 1–0 (ids 1 and 2 here, 10 and 11 the same matches again).
        const held = knownRows(100);
        const notStarted = (f: ApiFixture): ApiFixture => ({ ...f, fixture: { ...f.fixture, status: { ...f.fixture.status, short: "NS", long: "Not Started" } }, goals: { home: null, away: null } });
        const rescored = (f: ApiFixture): ApiFixture => ({ ...f, goals: { home: f.goals.home, away: (f.goals.away as number) + 1 } });
        const answer = (changes: number, change: (f: ApiFixture) => ApiFixture) => listing(100).map((f, i) => (i < changes ? change(f) : f));
        assert.deepEqual(checkSeasonAnswer(SOURCE, listing(100), 39, 2020, held).changed, [], "the same results");
        const five = checkSeasonAnswer(SOURCE, answer(5, rescored), 39, 2020, held);
        assert.deepEqual(five.changed.slice(0, 2), [{ id: 1, was: "FT 0–1", now: "FT 0–2" }, { id: 2, was: "FT 1–0", now: "FT 1–1" }]);
        assert.equal(five.changed.length, 5);
        const homeScored = (f: ApiFixture): ApiFixture => ({ ...f, goals: { home: (f.goals.home as number) + 1, away: f.goals.away } });
        assert.deepEqual(checkSeasonAnswer(SOURCE, answer(1, homeScored), 39, 2020, held).changed, [{ id: 1, was: "FT 0–1", now: "FT 1–1" }], "a change of the home score alone");
        assert.deepEqual(checkSeasonAnswer(SOURCE, answer(1, notStarted), 39, 2020, held).changed, [{ id: 1, was: "FT 0–1", now: "NS –" }]);
        const withoutGoals = (f: ApiFixture) => ({ ...notStarted(f), goals: undefined }) as unknown as ApiFixture;
        assert.deepEqual(checkSeasonAnswer(SOURCE, answer(1, withoutGoals), 39, 2020, held).changed, [{ id: 1, was: "FT 0–1", now: "NS –" }], "an unplayed fixture may come without goals");
        const six = refusal(() => checkSeasonAnswer(SOURCE, answer(6, notStarted), 39, 2020, held));
        assert.equal(six.rule, "changed-results");
        assert.equal(six.problem, "it gives another result for 6 of the 100 fixtures the lake holds as finished (at most 5 may change); " +
            "changed include 1 (FT 0–1, now NS –), 2 (FT 1–0, now NS –), 3 (FT 0–3, now NS –), 4 (FT 4–3, now NS –), 5 (FT 2–0, now NS –)");
        assert.deepEqual(six.fixtures, [1, 2, 3, 4, 5, 6]);
        // Only fixtures the lake holds as finished count: 10 finished of 100 held, so the floor of 2 applies, whatever the other 90 become.
        const tenPlayed = held.map((r, i) => (i < 10 ? r : { ...r, status: "NS", home_goals: "", away_goals: "" }));
        assert.equal(checkSeasonAnswer(SOURCE, answer(100, (f) => (f.fixture.id > 10 ? notStarted(f) : f)), 39, 2020, tenPlayed).changed.length, 0);
        assert.equal(checkSeasonAnswer(SOURCE, answer(2, rescored), 39, 2020, tenPlayed).changed.length, LOST_AT_LEAST);
        assert.equal(refusal(() => checkSeasonAnswer(SOURCE, answer(3, rescored), 39, 2020, tenPlayed)).rule, "changed-results");
        // A result that stays the same under another finished status (after extra time) is no change; a match awarded is one.
        const aet = (f: ApiFixture): ApiFixture => ({ ...f, fixture: { ...f.fixture, status: { ...f.fixture.status, short: "AET" } } });
        const awarded = (f: ApiFixture): ApiFixture => ({ ...f, fixture: { ...f.fixture, status: { ...f.fixture.status, short: "AWD" } }, goals: { home: 3, away: 0 } });
        assert.deepEqual(checkSeasonAnswer(SOURCE, answer(1, aet), 39, 2020, held).changed, []);
        assert.deepEqual(checkSeasonAnswer(SOURCE, answer(1, awarded), 39, 2020, held).changed, [{ id: 1, was: "FT 0–1", now: "AWD 3–0" }]);
        // A status no longer finished is a change even where the score stays (a match abandoned after the fact keeps its goals).
        const abandoned = (f: ApiFixture): ApiFixture => ({ ...f, fixture: { ...f.fixture, status: { ...f.fixture.status, short: "ABD" } } });
        assert.deepEqual(checkSeasonAnswer(SOURCE, answer(1, abandoned), 39, 2020, held).changed, [{ id: 1, was: "FT 0–1", now: "ABD 0–1" }]);
    });

    it("counts who played in a result: home and away swapped, or another team, is another result, even with the score as it was", () => {
        // Burnley 0–1 Manchester United (592141, id 1 here) and Crystal Palace 1–0 Southampton (592142, id 2).
        const held = knownRows(100);
        const swapped = (f: ApiFixture): ApiFixture => ({ ...f, teams: { home: f.teams.away, away: f.teams.home } });
        const fulhamAway = (f: ApiFixture): ApiFixture => ({ ...f, teams: { ...f.teams, away: epl2020[2].teams.home } });
        const answer = (changes: number, change: (f: ApiFixture) => ApiFixture) => listing(100).map((f, i) => (i < changes ? change(f) : f));
        assert.deepEqual(checkSeasonAnswer(SOURCE, answer(2, swapped), 39, 2020, held).changed, [
            { id: 1, was: "FT 0–1 [44 v 33]", now: "FT 0–1 [33 v 44]" },
            { id: 2, was: "FT 1–0 [52 v 41]", now: "FT 1–0 [41 v 52]" },
        ]);
        assert.deepEqual(checkSeasonAnswer(SOURCE, answer(1, fulhamAway), 39, 2020, held).changed, [{ id: 1, was: "FT 0–1 [44 v 33]", now: "FT 0–1 [44 v 36]" }]);
        // A correction that swaps the sides and their goals is one change, shown with the teams.
        const reversed = (f: ApiFixture): ApiFixture => ({ ...swapped(f), goals: { home: f.goals.away, away: f.goals.home } });
        assert.deepEqual(checkSeasonAnswer(SOURCE, answer(1, reversed), 39, 2020, held).changed, [{ id: 1, was: "FT 0–1 [44 v 33]", now: "FT 1–0 [33 v 44]" }]);
        // Every played match with home and away swapped, each score as it was, turns the table upside down: refused.
        const all = refusal(() => checkSeasonAnswer(SOURCE, answer(100, swapped), 39, 2020, held));
        assert.equal(all.rule, "changed-results");
        assert.match(all.problem, /^it gives another result for 100 of the 100 fixtures the lake holds as finished \(at most 5 may change\); changed include 1 \(FT 0–1 \[44 v 33\], now FT 0–1 \[33 v 44\]\), /);
        // A fixture not yet played may change sides, as when it moves to the other club's ground.
        const notPlayed = held.map((r, i) => (i < 10 ? { ...r, status: "NS", home_goals: "", away_goals: "" } : r));
        const moved = listing(100).map((f, i) => (i < 10 ? { ...swapped(f), fixture: { ...f.fixture, status: { ...f.fixture.status, short: "NS" } }, goals: { home: null, away: null } } : f));
        assert.deepEqual(checkSeasonAnswer(SOURCE, moved, 39, 2020, notPlayed).changed, []);
    });

    it("takes a longer season than the lake knows: fixtures added mid-season are news, not loss", () => {
        assert.equal(checkSeasonAnswer(SOURCE, epl2020, 39, 2020, []).fixtures.length, 9);
    });

    it("requires pages 1 to total, all of them, each saying which it is", () => {
        checkPaging(SOURCE, [{ current: 1, total: 1 }]);
        checkPaging(SOURCE, [undefined]);
        checkPaging(SOURCE, [{ current: 1, total: 3 }, { current: 2, total: 3 }, { current: 3, total: 3 }]);
        assert.match(refusal(() => checkPaging(SOURCE, [{ current: 1, total: 3 }])).problem, /page 1 of 3 came without the other 2/);
        assert.match(refusal(() => checkPaging(SOURCE, [{ current: 1, total: 2 }, { current: 1, total: 1 }])).problem, /page 2 of 2 says it is page 1 of 1/);
        assert.equal(refusal(() => checkPaging(SOURCE, [{ current: 1, total: MAX_PAGES + 1 }])).rule, "paging");
        assert.equal(refusal(() => checkPaging(SOURCE, [{ current: 1, total: 0 }])).rule, "paging");
    });

    it("reads every statistic of an ids answer before it may land, naming the fixture it cannot read", () => {
        const ids = cl.map((f) => f.fixture.id);
        assert.deepEqual(checkStatisticsAnswer("/fixtures?ids=x", cl, cl[0].league.id, cl[0].league.season, ids).unreadable, []);
        const broken: ApiFixture[] = JSON.parse(JSON.stringify(cl));
        broken[1].statistics![0].statistics[0].value = "N/A";
        const { unreadable } = checkStatisticsAnswer("/fixtures?ids=x", broken, cl[0].league.id, cl[0].league.season, ids);
        assert.deepEqual(unreadable, [{ id: cl[1].fixture.id, problem: "statistic value 'N/A' is not a number" }]);
    });

    it("finds unreadable a fixture whose statistics are not a list of teams' lists of typed statistics, saying what it found where", () => {
        const ids = cl.map((f) => f.fixture.id);
        const unreadable = (change: (f: any) => void) => {
            const answer = JSON.parse(JSON.stringify(cl));
            change(answer[1]);
            return checkStatisticsAnswer("/fixtures?ids=x", answer, 2, 2023, ids).unreadable;
        };
        const cases: Array<[(f: any) => void, string]> = [
            [(f) => { f.statistics = "x"; }, 'statistics is "x", not a list'],
            [(f) => { f.statistics = { home: [] }; }, 'statistics is {"home":[]}, not a list'],
            [(f) => { f.statistics[1] = null; }, "statistics entry 2 is null, not a team's statistics"],
            [(f) => { f.statistics[0] = [1]; }, "statistics entry 1 is [1], not a team's statistics"],
            [(f) => { delete f.statistics[0].team; }, "statistics entry 1 names no team id (undefined)"],
            // The team quoted as JSON, cut at 60 characters.
            [(f) => { f.statistics[1].team.id = "212"; }, 'statistics entry 2 names no team id ({"id":"212","name":"FC Porto","logo":"https://media.api-spor)'],
            [(f) => { f.statistics[0].statistics = 17; }, "the statistics of team 42 are 17, not a list"],
            [(f) => { f.statistics[1].statistics[3] = null; }, "a statistic of team 212 is null, not a type with its value"],
            [(f) => { delete f.statistics[1].statistics[0].type; }, 'a statistic of team 212 is {"value":3}, not a type with its value'],
        ];
        for (const [change, problem] of cases) assert.deepEqual(unreadable(change), [{ id: 1149523, problem }], problem);
        // None at all, or a team's entry with none, is statistics not there yet, not unreadable ones.
        for (const change of [(f: any) => { delete f.statistics; }, (f: any) => { f.statistics = null; }, (f: any) => { f.statistics[0].statistics = null; },
            (f: any) => { delete f.statistics[1].statistics; }, (f: any) => { f.statistics = []; }]) {
            assert.deepEqual(unreadable(change), []);
        }
    });

    it("finds unreadable a fixture whose ids answer gives other teams than the season, or home and away swapped; a fixture the season lacks is not held to it", () => {
        const ids = cl.map((f) => f.fixture.id);
        const [first, second] = cl;
        const teams = teamsOfRows([{ fixture_id: first.fixture.id, home_id: 530, away_id: 505 }, { fixture_id: second.fixture.id, home_id: 42, away_id: 212 }]);
        assert.deepEqual(checkStatisticsAnswer("/fixtures?ids=x", cl, 2, 2023, ids, teams).unreadable, []);
        const swapped = cl.map((f) => ({ ...f, teams: { home: f.teams.away, away: f.teams.home } }));
        assert.deepEqual(checkStatisticsAnswer("/fixtures?ids=x", swapped, 2, 2023, ids, teams).unreadable, [
            { id: 1149519, problem: "the answer has teams 505 v 530, where the season has 530 v 505" },
            { id: 1149523, problem: "the answer has teams 212 v 42, where the season has 42 v 212" },
        ]);
        // One side another team, home or away: named for its teams, before its statistics (which are the other team's) are read.
        const otherAway = [first, { ...second, teams: { ...second.teams, away: first.teams.away } }];
        assert.deepEqual(checkStatisticsAnswer("/fixtures?ids=x", otherAway, 2, 2023, ids, teams).unreadable, [{ id: 1149523, problem: "the answer has teams 42 v 505, where the season has 42 v 212" }]);
        const otherHome = [first, { ...second, teams: { ...second.teams, home: first.teams.home } }];
        assert.deepEqual(checkStatisticsAnswer("/fixtures?ids=x", otherHome, 2, 2023, ids, teams).unreadable, [{ id: 1149523, problem: "the answer has teams 530 v 212, where the season has 42 v 212" }]);
        // Only the fixtures the season gives are held to it.
        assert.deepEqual(checkStatisticsAnswer("/fixtures?ids=x", swapped, 2, 2023, ids, teamsOfRows([{ fixture_id: second.fixture.id, home_id: 212, away_id: 42 }])).unreadable.map((u) => u.id), []);
        assert.deepEqual(checkStatisticsAnswer("/fixtures?ids=x", swapped, 2, 2023, ids).unreadable, []);
    });

    it("refuses shots the shot model would make worth more xG than any side may have, xG given or not, and takes one shot fewer", () => {
        const ids = cl.map((f) => f.fixture.id);
        // The fewest shots, none on target, that the stored model makes worth more than 20 xG.
        const tooMany = Math.floor(MAX_MATCH_XG / XG_MODEL.perShotOffTarget) + 1;
        const shooting = (total: number, onTarget = 0): ApiFixture[] => {
            const answer: ApiFixture[] = JSON.parse(JSON.stringify(cl));
            answer[0].statistics![1].statistics = answer[0].statistics![1].statistics.map((x) =>
                (x.type === "Total Shots" ? { ...x, value: total } : x.type === "Shots on Goal" ? { ...x, value: onTarget } : x));
            return answer;
        };
        assert.deepEqual(checkStatisticsAnswer("/fixtures?ids=x", shooting(tooMany - 1), cl[0].league.id, cl[0].league.season, ids).unreadable, []);
        // 0.2228 × 25 + 0.0555 × 260 = 5.57 + 14.43: worth exactly 20, which a side may have.
        assert.equal(XG_MODEL.perShotOnTarget * 25 + XG_MODEL.perShotOffTarget * 260, 20);
        assert.deepEqual(checkStatisticsAnswer("/fixtures?ids=x", shooting(285, 25), cl[0].league.id, cl[0].league.season, ids).unreadable, []);
        const { unreadable } = checkStatisticsAnswer("/fixtures?ids=x", shooting(tooMany), cl[0].league.id, cl[0].league.season, ids);
        assert.deepEqual(unreadable, [{
            id: cl[0].fixture.id,
            problem: `away shots (${tooMany}, 0 on target) are worth ${(tooMany * XG_MODEL.perShotOffTarget).toFixed(2)} xG by the shot model, above 20`,
        }]);
    });

    it("takes a recorded /teams answer, codes and nulls alike, and refuses a team without an id", () => {
        const teams = checkTeamsAnswer("/teams?search=Manchester", recorded("syurchen93-api-football-client", "team-manchester.json").response);
        assert.deepEqual(teams.slice(0, 3), [{ id: 33, name: "Manchester United", code: "MUN" }, { id: 50, name: "Manchester City", code: "MAC" }, { id: 1854, name: "Manchester City W", code: null }]);
        assert.equal(refusal(() => checkTeamsAnswer("/teams", [{ team: { name: "No id" } }])).rule, "malformed-teams");
        assert.equal(refusal(() => checkTeamsAnswer("/teams", { team: {} })).rule, "not-a-list");
    });
});

describe("statistics the lake already holds, held to today's checks", () => {
    // The two recorded fixtures' statistics as the lake holds them: four rows through CSV, every value text.
    const held = (): Row[] => csvParse(toCsv(cl.flatMap(statisticsRows), STATISTICS_COLUMNS)) as unknown as Row[];
    const [first, second] = [cl[0].fixture.id, cl[1].fixture.id];

    it("finds nothing wrong with statistics a recorded answer gives, empty cells included", () => {
        const rows = held();
        assert.deepEqual([rows[0].red_cards, rows[0].goals_prevented], ["", ""], "the API gave no red cards and no goals prevented");
        assert.deepEqual(heldStatisticsProblems(rows), []);
    });

    it("names each fixture with a value out of its range, once, with its first problem", () => {
        const rows = held();
        rows[0].expected_goals = "-0.4";
        rows[1].total_shots = "2.5";
        rows[3].ball_possession = "101";
        assert.deepEqual(rows.map((r) => Number(r.fixture_id)), [first, first, second, second]);
        assert.deepEqual(heldStatisticsProblems(rows), [
            { id: first, problem: "expected_goals '-0.4' is below 0" },
            { id: second, problem: "Ball Possession '101' is above 100" },
        ]);
    });

    it("names shots the shot model makes worth more than 20 xG, and a value that is no number", () => {
        const rows = held();
        Object.assign(rows[1], { total_shots: "900", shots_on_goal: "4" });
        // 0.2228 × 4 + 0.0555 × 896, the stored shot model's worth of those shots.
        assert.equal((XG_MODEL.perShotOnTarget * 4 + XG_MODEL.perShotOffTarget * 896).toFixed(2), "50.62");
        rows[2].fouls = "N/A";
        assert.deepEqual(heldStatisticsProblems(rows), [
            { id: first, problem: "away shots (900, 4 on target) are worth 50.62 xG by the shot model, above 20" },
            { id: second, problem: "fouls 'N/A' is not a number as the lake writes it" },
        ]);
    });

    it("names a cell in any form but the one the lake writes, though it reads as a number in range", () => {
        // Each reads through Number() as a value its column takes; Athena reads none of them in its column's type.
        const cases: Array<[string, string, string]> = [
            ["fouls", " 11", "fouls ' 11' is not a number as the lake writes it"],
            ["fouls", "1e1", "fouls '1e1' is not a number as the lake writes it"],
            ["corner_kicks", "0x10", "corner_kicks '0x10' is not a number as the lake writes it"],
            ["yellow_cards", "2.0", "yellow_cards '2.0' is not a number as the lake writes it"],
            ["ball_possession", "55%", "ball_possession '55%' is not a number as the lake writes it"],
            ["expected_goals", "1.20", "expected_goals '1.20' is not a number as the lake writes it"],
            ["expected_goals", "12e-1", "expected_goals '12e-1' is not a number as the lake writes it"],
            ["goals_prevented", "Infinity", "goals_prevented 'Infinity' is not a number as the lake writes it"],
            ["goals", "1.5", "goals '1.5' is not a score"],
            ["goals", "150", "goals '150' is not a score"],
            ["league_id", "39.0", "league_id '39.0' is not a whole number"],
            ["season", "", "season is empty"],
            ["team_id", "x", "team_id 'x' is not a whole number"],
            ["opponent_id", " ", "opponent_id is empty"],
            ["side", "Home", "side 'Home' is neither home nor away"],
            ["kickoff_utc", "2021-05-23 15:00:00", "kickoff_utc '2021-05-23 15:00:00' is not a time in UTC as the lake writes it"],
            ["kickoff_utc", "2021-05-23T15:00:00.000Z", "kickoff_utc '2021-05-23T15:00:00.000Z' is not a time in UTC as the lake writes it"],
            ["kickoff_utc", "x", "kickoff_utc 'x' is not a time in UTC as the lake writes it"],
        ];
        for (const [column, cell, problem] of cases) {
            const rows = held();
            rows[2][column] = cell;
            assert.deepEqual(heldStatisticsProblems(rows), [{ id: second, problem }], `${column} '${cell}'`);
        }
    });

    it("takes each cell in the form the lake writes it, numbers of any size and sign the column allows", () => {
        const rows = held();
        assert.equal(rows[2].kickoff_utc, new Date(cl[1].fixture.timestamp * 1000).toISOString().replace(".000Z", "Z"));
        Object.assign(rows[2], { fouls: "0", goals: "149", expected_goals: "0.05", goals_prevented: "-1.25", ball_possession: "100" });
        Object.assign(rows[3], { goals_prevented: "1e-7", passes_pct: "", goals: "" });
        // A cell a row lacks altogether reads as an empty one.
        delete rows[1].goals;
        delete rows[1].offsides;
        assert.deepEqual(heldStatisticsProblems(rows), []);
    });

    it("names a row whose fixture id is none as a row, and a fixture without one row for each of its two teams", () => {
        for (const form of ["x", "1e9", "0", "", undefined]) {
            const rows = held();
            // Undefined: a column a damaged file lacks altogether.
            if (form === undefined) delete rows[1].fixture_id;
            else rows[1].fixture_id = form;
            assert.deepEqual(heldStatisticsProblems(rows).map((p) => [p.id, p.problem]), [
                [NaN, `fixture_id '${form ?? ""}' is not a fixture id`],
                [first, "the statistics hold 1 row for it, not one for each of its two teams"],
            ], form);
        }
        const duplicated = held();
        duplicated.push({ ...duplicated[2] });
        assert.deepEqual(heldStatisticsProblems(duplicated), [{ id: second, problem: "the statistics hold 3 rows for it, not one for each of its two teams" }]);
        const oneTeam = held();
        Object.assign(oneTeam[1], { team_id: oneTeam[0].team_id, opponent_id: oneTeam[0].opponent_id });
        assert.deepEqual(heldStatisticsProblems(oneTeam), [{ id: first, problem: "the statistics hold 2 rows for it, not one for each of its two teams" }]);
        assert.equal(fixtureProblems(heldStatisticsProblems(held().map((r, i) => (i === 0 ? { ...r, fixture_id: "x" } : r)))),
            `a row: fixture_id 'x' is not a fixture id; fixture ${first}: the statistics hold 1 row for it, not one for each of its two teams`);
    });

    it("names penalties that are no counts of kicks taken and scored in play, and takes none where the answer had no events", () => {
        // Before, the penalty columns went unchecked on their way back in: 'x' made the forecast fit fail at every
        // later run ("the fit's Newton step is not a number"), and -1 or 1.5 changed what the strengths were fitted on.
        const damaged: Array<[Partial<Row>, string]> = [
            [{ penalties_taken: "x" }, "penalties_taken 'x' and penalties_scored '0' are not counts of penalties taken and scored"],
            [{ penalties_taken: "-1", penalties_scored: "-1" }, "penalties_taken '-1' and penalties_scored '-1' are not counts of penalties taken and scored"],
            [{ penalties_taken: "1.5" }, "penalties_taken '1.5' and penalties_scored '0' are not counts of penalties taken and scored"],
            [{ penalties_taken: "1", penalties_scored: "2" }, "penalties_taken '1' and penalties_scored '2' are not counts of penalties taken and scored"],
            [{ penalties_scored: "" }, "penalties_taken '0' and penalties_scored '' are not counts of penalties taken and scored"],
            [{ penalties_taken: "1e9" }, "penalties_taken '1e9' and penalties_scored '0' are not counts of penalties taken and scored"],
            // Undefined: a column a damaged file lacks altogether.
            [{ penalties_taken: undefined }, "penalties_taken '' and penalties_scored '0' are not counts of penalties taken and scored"],
            [{ penalties_scored: undefined }, "penalties_taken '0' and penalties_scored '' are not counts of penalties taken and scored"],
        ];
        for (const [cells, problem] of damaged) {
            const rows = held();
            assert.deepEqual([rows[1].penalties_taken, rows[1].penalties_scored], ["0", "0"], "the recorded away side of the first fixture took no penalty in play");
            Object.assign(rows[1], cells);
            for (const [column, value] of Object.entries(cells)) if (value === undefined) delete rows[1][column];
            assert.deepEqual(heldStatisticsProblems(rows), [{ id: first, problem }], problem);
        }
        const rows = held();
        Object.assign(rows[0], { penalties_taken: "", penalties_scored: "" });
        Object.assign(rows[1], { penalties_taken: "3", penalties_scored: "3" });
        Object.assign(rows[2], { penalties_taken: "2", penalties_scored: "0" });
        assert.deepEqual(heldStatisticsProblems(rows), [], "none known, all scored, none scored");
    });

    it("holds each fixture's rows to the teams the season gives it, either way round, and names another team's", () => {
        const rows = held();
        const [home, away] = [cl[0].teams.home.id, cl[0].teams.away.id];
        const teams = teamsOfRows(cl.map((f) => fixtureRow(f, "landed")));
        assert.deepEqual(heldStatisticsProblems(rows, teams), []);
        // Home and away swapped since the statistics landed: each team's row is still its own.
        assert.deepEqual(heldStatisticsProblems(rows, teamsOfRows([{ fixture_id: first, home_id: away, away_id: home }])), []);
        // The season now has another away team (the other fixture's home side): both rows are another match's.
        const elsewhere = cl[1].teams.home.id;
        const corrected = teamsOfRows([{ fixture_id: first, home_id: home, away_id: elsewhere }]);
        assert.deepEqual(heldStatisticsProblems(rows, corrected), [{ id: first, problem: `the statistics are of team ${home} against ${away}, where the season has ${home} v ${elsewhere}` }]);
        assert.deepEqual(heldStatisticsProblems(rows.slice(1), corrected), [{ id: first, problem: `the statistics are of team ${away} against ${home}, where the season has ${home} v ${elsewhere}` }], "the away row alone");
        assert.deepEqual(heldStatisticsProblems(rows, teamsOfRows([{ fixture_id: first, home_id: elsewhere, away_id: away }])).map((p) => p.id), [first], "another home team");
        // A fixture the season does not give is not held to it.
        assert.deepEqual(heldStatisticsProblems(rows, teamsOfRows([{ fixture_id: 1, home_id: elsewhere, away_id: away }])), []);
    });
});

describe("statistics the lake holds, against the raw answer they came from", () => {
    // The first recorded fixture (Atletico Madrid 2-1 Inter) as the lake holds it: two rows through CSV, every value text.
    const f = cl[0];
    const written = (answer: ApiFixture): string => toCsv(statisticsRows(answer), STATISTICS_COLUMNS);
    const held = (): Row[] => csvParse(written(f)) as unknown as Row[];
    const [home, away] = [f.teams.home.id, f.teams.away.id];

    it("finds the rows the recorded answer gives in agreement with it, in either order", () => {
        assert.equal(heldAgainstAnswer(held(), written(f)), undefined);
        assert.equal(heldAgainstAnswer(held().reverse(), written(f)), undefined);
    });

    it("names the first cell that differs, with its team and both values as the lake writes them", () => {
        const rows = held();
        assert.deepEqual([rows[0].total_shots, rows[1].expected_goals, rows[0].red_cards], ["23", "1.57", ""], "as recorded");
        rows[1].expected_goals = "1.5";
        assert.equal(heldAgainstAnswer(rows, written(f)), `expected_goals of team ${away} is '1.5' where its raw answer gives '1.57'`);
        rows[0].total_shots = "24";
        assert.equal(heldAgainstAnswer(rows, written(f)), `total_shots of team ${home} is '24' where its raw answer gives '23'`, "the home team's row first");
        const empty = held();
        empty[0].red_cards = "0";
        assert.equal(heldAgainstAnswer(empty, written(f)), `red_cards of team ${home} is '0' where its raw answer gives ''`, "a count of none is not a count not given");
        const name = held();
        name[1].team_name = "Internazionale";
        assert.equal(heldAgainstAnswer(name, written(f)), `team_name of team ${away} is 'Internazionale' where its raw answer gives 'Inter'`);
        // As a rule that counted the shoot-out's kicks would have left it (Atletico took 4, scored 3); none was taken in play.
        const penalties = held();
        [penalties[0].penalties_taken, penalties[0].penalties_scored] = ["4", "3"];
        assert.equal(heldAgainstAnswer(penalties, written(f)), `penalties_taken of team ${home} is '4' where its raw answer gives '0'`);
    });

    it("leaves side, opponent and goals out, which the season answer sets once a correction has swapped home and away", () => {
        const rows = held();
        for (const r of rows) r.side = r.side === "home" ? "away" : "home";
        [rows[0].goals, rows[1].goals] = [rows[1].goals, rows[0].goals];
        [rows[0].opponent_id, rows[1].opponent_id] = ["1", "2"];
        assert.equal(heldAgainstAnswer(rows, written(f)), undefined);
    });

    it("reads the answer's names as the lake writes them: a line break and the spaces round it are one space", () => {
        const odd = structuredClone(f);
        odd.teams.home.name = "Atletico \r\n Madrid";
        assert.equal(heldAgainstAnswer(held(), written(odd)), undefined);
        odd.teams.home.name = "Atletico  Madrid";
        assert.equal(heldAgainstAnswer(held(), written(odd)), `team_name of team ${home} is 'Atletico Madrid' where its raw answer gives 'Atletico  Madrid'`);
    });

    it("reads a column a held row lacks as empty, as in a fixture's own file written before the penalty counts were", () => {
        const rows = held();
        delete rows[0].penalties_taken;
        delete rows[0].penalties_scored;
        assert.equal(heldAgainstAnswer(rows, written(f)), `penalties_taken of team ${home} is '' where its raw answer gives '0'`);
    });

    it("names a team of the answer the held rows lack", () => {
        const rows = held();
        rows[1].team_id = "1";
        assert.equal(heldAgainstAnswer(rows, written(f)), `the lake holds no row of team ${away}`);
    });

    it("takes an answer as the fixture's when it is of the two teams the season gives it, either way round, or the season gives none", () => {
        assert.ok(sameTeams(f, new Map()));
        assert.ok(sameTeams(f, teamsOfRows([{ fixture_id: f.fixture.id, home_id: home, away_id: away }])));
        assert.ok(sameTeams(f, teamsOfRows([{ fixture_id: f.fixture.id, home_id: away, away_id: home }])));
        assert.ok(!sameTeams(f, teamsOfRows([{ fixture_id: f.fixture.id, home_id: home, away_id: 1 }])));
        assert.ok(!sameTeams(f, teamsOfRows([{ fixture_id: f.fixture.id, home_id: 1, away_id: away }])));
        assert.ok(sameTeams(f, teamsOfRows([{ fixture_id: 1, home_id: 2, away_id: 3 }])), "another fixture's teams say nothing of it");
    });
});

describe("a season table the lake holds, against the raw season answer it was written from", () => {
    // The 9 recorded fixtures of 2020 as a season table holds them (every value text), and as the answer gives them.
    // Plain lists: d3's parse gives its list a `columns` property, which the rows that come back do not carry.
    const table = (): Row[] => [...csvParse(toCsv(epl2020.map((f) => fixtureRow(f, "landed")), FIXTURE_COLUMNS))] as unknown as Row[];
    const given = (): Row[] => [...csvParse(toCsv(epl2020.map((f) => fixtureRow(f, "pending")), FIXTURE_COLUMNS))] as unknown as Row[];
    const byId = (rows: Row[], id: number) => rows.find((r) => Number(r.fixture_id) === id)!;

    it("finds a table written from the answer in agreement with it, whatever the statistics state the run gave each row", () => {
        const held = table();
        const { rows, problems } = heldResultsAgainstAnswer(held, given());
        assert.deepEqual(problems, []);
        assert.deepEqual(rows, held);
    });

    it("takes a score damaged into another score, a team and a status from the answer, naming each fixture's first difference", () => {
        const held = table();
        // As recorded: Fulham (36) 0-3 Arsenal (42), and 592141 ended 0-1, 0-0 at half time.
        byId(held, 592143).away_goals = "2";
        byId(held, 592142).away_id = "36";
        byId(held, 592141).halftime_away = "1";
        byId(held, 592144).status = "NS";
        const { rows, problems } = heldResultsAgainstAnswer(held, given());
        assert.deepEqual(problems, [
            { id: 592141, problem: "halftime_away is '1' where the answer gives '0'" },
            { id: 592142, problem: "away_id is '36' where the answer gives '41'" },
            { id: 592143, problem: "away_goals is '2' where the answer gives '3'" },
            { id: 592144, problem: "status is 'NS' where the answer gives 'FT'" },
        ]);
        assert.deepEqual([byId(rows, 592143).away_goals, byId(rows, 592142).away_id, byId(rows, 592141).halftime_away, byId(rows, 592144).status], ["3", "41", "0", "FT"]);
        assert.deepEqual(rows, table(), "each row as the table was written, its statistics state the table's, not the answer's");
    });

    it("keeps what the run works out, the statistics state and since when the API has not listed it, and does not compare them", () => {
        const held = table();
        const row = byId(held, 592145);
        [row.statistics, row.missing_since] = ["unavailable", "2021-01-05"];
        row.home_goals = "3";
        // One the API stopped listing after the answer the table is held to (the later one set aside, say): nothing else differs.
        const unlisted = byId(held, 592146);
        [unlisted.statistics, unlisted.missing_since] = ["unavailable", "2021-01-12"];
        const { rows, problems } = heldResultsAgainstAnswer(held, given());
        assert.deepEqual(problems, [{ id: 592145, problem: "home_goals is '3' where the answer gives '2'" }]);
        assert.deepEqual([byId(rows, 592145).home_goals, byId(rows, 592145).statistics, byId(rows, 592145).missing_since], ["2", "unavailable", "2021-01-05"]);
        assert.deepEqual(byId(rows, 592146), unlisted, "kept as held, named nowhere");
    });

    it("adds a fixture the answer gives that the table lacks, and keeps a row the answer does not give as it is", () => {
        const held = table().filter((r) => Number(r.fixture_id) !== 592146);
        const unlisted = { ...byId(held, 592147), fixture_id: "1", home_goals: "9" };
        const { rows, problems } = heldResultsAgainstAnswer([...held, unlisted], given());
        assert.deepEqual(problems, [{ id: 592146, problem: "the table holds no readable row of it" }]);
        assert.equal(rows.length, 10);
        assert.deepEqual(byId(rows, 592146), byId(given(), 592146), "the answer's row, its state the caller's");
        assert.deepEqual(byId(rows, 1), unlisted);
    });

    it("reads a column a held row lacks as empty, as in a table written before the column was", () => {
        const held = table();
        // As recorded, 592141 ended 0-1, 0-0 at half time, with no shoot-out.
        delete byId(held, 592141).halftime_home;
        delete byId(held, 592142).penalty_home;
        const { problems } = heldResultsAgainstAnswer(held, given());
        assert.deepEqual(problems, [{ id: 592141, problem: "halftime_home is '' where the answer gives '0'" }]);
    });

    it("reads a fixture id held as 0592148 as the answer's 592148, and writes it as the answer gives it, not as a second row", () => {
        const held = table();
        byId(held, 592148).fixture_id = "0592148";
        const { rows, problems } = heldResultsAgainstAnswer(held, given());
        assert.deepEqual(problems, [{ id: 592148, problem: "fixture_id is '0592148' where the answer gives '592148'" }]);
        assert.deepEqual(rows, table());
    });
});

describe("results the lake already holds, held to what the guard let in", () => {
    // Recorded Premier League fixtures of 2020 and 2022, played, postponed and not started, as a season table holds them: every value text.
    const epl2022: ApiFixture[] = recorded("danieljameschadwick-scores", "fixtures-league39-season2022-from2022-09-05-to2022-10-02.json").response;
    const held = (): Row[] => csvParse(toCsv([...epl2020, ...epl2022].map((f) => fixtureRow(f, "landed")), FIXTURE_COLUMNS)) as unknown as Row[];
    /** A fresh held table, its played rows and one unplayed row, for a test to damage. */
    const heldTable = () => {
        const rows = held();
        return { rows, played: rows.filter((r) => r.status === "FT"), unplayed: rows.find((r) => r.status !== "FT")! };
    };

    it("finds nothing wrong with recorded fixtures, played or not", () => {
        const rows = held();
        assert.ok(rows.filter((r) => r.status === "FT").length >= 11 && rows.some((r) => r.home_goals === ""), "played and unplayed fixtures alike");
        assert.deepEqual(heldResultProblems(rows, 2020), []);
    });

    it("names a played fixture's score that is no score, a team id that is none and a kick-off that is no time, and lets an unplayed fixture have no score", () => {
        const { rows, played, unplayed } = heldTable();
        played[0].home_goals = "x";
        played[1].away_goals = "-1";
        played[2].away_goals = "";
        played[3].home_goals = "1.5";
        played[4].away_id = "";
        played[5].kickoff_utc = "soon";
        played[6].home_id = "33.5";
        played[10].away_id = " ";
        // Columns a damaged table lacks altogether.
        delete played[7].away_goals;
        delete played[8].kickoff_utc;
        delete played[9].home_id;
        assert.deepEqual([unplayed.home_goals, unplayed.away_goals], ["", ""]);
        assert.deepEqual(heldResultProblems(rows, 2020), [
            { id: Number(played[0].fixture_id), problem: "home_goals 'x' is not a score" },
            { id: Number(played[1].fixture_id), problem: "away_goals '-1' is not a score" },
            { id: Number(played[2].fixture_id), problem: "away_goals '' is not a score" },
            { id: Number(played[3].fixture_id), problem: "home_goals '1.5' is not a score" },
            { id: Number(played[4].fixture_id), problem: "away_id '' is not a team id" },
            { id: Number(played[5].fixture_id), problem: "kickoff_utc 'soon' is not a time" },
            { id: Number(played[6].fixture_id), problem: "home_id '33.5' is not a team id" },
            { id: Number(played[7].fixture_id), problem: "away_goals '' is not a score" },
            { id: Number(played[8].fixture_id), problem: "kickoff_utc '' is not a time" },
            { id: Number(played[9].fixture_id), problem: "home_id '' is not a team id" },
            // Blank, not team 0, as Number(" ") would have it.
            { id: Number(played[10].fixture_id), problem: "away_id ' ' is not a team id" },
        ], "in table order, the unplayed fixture without its score not among them");
    });

    it("names a held kick-off that is no time of the season, as a timestamp in milliseconds or 0 gives one, played or not, and takes the window's edges", () => {
        const { rows, played, unplayed } = heldTable();
        // The window of season 2020: from 2019-01-01 to before 2023-01-01, UTC.
        played[0].kickoff_utc = "2019-01-01T00:00:00Z";
        played[1].kickoff_utc = "2022-12-31T23:59:59.999Z";
        played[2].kickoff_utc = "2018-12-31T23:59:59.999Z";
        played[3].kickoff_utc = "2023-01-01T00:00:00Z";
        played[4].kickoff_utc = "1970-01-01T00:00:00Z";
        played[5].kickoff_utc = new Date(Date.parse(played[5].kickoff_utc as string) * 1000).toISOString();
        unplayed.kickoff_utc = "+051000-01-01T00:00:00.000Z";
        const window = "is not a time of season 2020, from 2019-01-01T00:00:00Z to before 2023-01-01T00:00:00Z";
        const problems = heldResultProblems(rows, 2020);
        assert.deepEqual(problems.map((p) => p.id).sort(), [2, 3, 4, 5].map((i) => Number(played[i].fixture_id)).concat(Number(unplayed.fixture_id)).sort());
        for (const r of [played[2], played[3], played[4], played[5], unplayed]) {
            assert.equal(problems.find((p) => p.id === Number(r.fixture_id))!.problem, `kickoff_utc '${r.kickoff_utc}' ${window}`);
        }
        // The window follows the season the table is of.
        assert.deepEqual(heldResultProblems([played[3]], 2021), []);
        assert.equal(heldResultProblems([played[0]], 2021)[0].problem, "kickoff_utc '2019-01-01T00:00:00Z' is not a time of season 2021, from 2020-01-01T00:00:00Z to before 2024-01-01T00:00:00Z");
    });

    it("names a half-time or shoot-out score that is no score, played or not, and an unplayed fixture's score that is given and is none", () => {
        const { rows, played, unplayed } = heldTable();
        const others = rows.filter((r) => r.status !== "FT");
        played[0].halftime_home = "x";
        played[1].halftime_away = "-1";
        played[2].penalty_home = "1.5";
        played[3].penalty_away = "150";
        unplayed.home_goals = "1.5";
        others[1].away_goals = "abc";
        others[2].halftime_home = "[object Object]";
        others[3].penalty_away = "true";
        // Empty, as a match not played, a half-time the API does not give, or a match without a shoot-out has it; and the range's ends.
        played[4].halftime_home = "";
        played[5].penalty_home = "0";
        played[5].penalty_away = "149";
        others[4].home_goals = "0";
        assert.deepEqual(heldResultProblems(rows, 2020), [
            { id: Number(played[0].fixture_id), problem: "halftime_home 'x' is not a score" },
            { id: Number(played[1].fixture_id), problem: "halftime_away '-1' is not a score" },
            { id: Number(played[2].fixture_id), problem: "penalty_home '1.5' is not a score" },
            { id: Number(played[3].fixture_id), problem: "penalty_away '150' is not a score" },
            { id: Number(unplayed.fixture_id), problem: "home_goals '1.5' is not a score" },
            { id: Number(others[1].fixture_id), problem: "away_goals 'abc' is not a score" },
            { id: Number(others[2].fixture_id), problem: "halftime_home '[object Object]' is not a score" },
            { id: Number(others[3].fixture_id), problem: "penalty_away 'true' is not a score" },
        ]);
    });

    it("reads a whole number only as the lake's writer writes one, digits alone: another form of it is no id and no score", () => {
        // Number() reads each of these as a whole number, so a damaged id could name another fixture (1e9 is fixture
        // 1,000,000,000: before, such a row was kept as a fixture the API no longer lists, and its match counted twice).
        // Athena reads such a cell of an int column as nothing.
        const { rows, played, unplayed } = heldTable();
        const forms = ["1e9", "0x10", "5.0", " 5", "+5"];
        forms.forEach((form, i) => { played[i].fixture_id = form; });
        unplayed.home_id = "4.2e1";
        played[5].home_goals = "2.0";
        played[6].halftime_away = "0x1";
        const problems = heldResultProblems(rows, 2020);
        assert.deepEqual(problems.map((p) => p.problem).sort(), [
            ...forms.map((form) => `fixture_id '${form}' is not a fixture id`),
            "home_goals '2.0' is not a score",
            "halftime_away '0x1' is not a score",
            "home_id '4.2e1' is not a team id",
        ].sort());
        // A row whose id is no id names no fixture, not fixture 1,000,000,000 nor 16.
        assert.equal(fixtureProblems(problems.filter((p) => p.problem.startsWith("fixture_id '1e9'"))), "a row: fixture_id '1e9' is not a fixture id");
        assert.deepEqual(problems.filter((p) => p.problem.startsWith("fixture_id")).map((p) => p.id), forms.map(() => NaN));
    });

    it("names a league or season that is no whole number, and a kick-off in another form than the lake writes, though each reads as one", () => {
        // The previous season's table is never written again: before, such a cell stayed in it, and in Athena, for good.
        const { rows, played, unplayed } = heldTable();
        assert.equal(played[0].kickoff_utc, new Date(epl2020.find((f) => f.fixture.id === Number(played[0].fixture_id))!.fixture.timestamp * 1000).toISOString().replace(".000Z", "Z"));
        const cases: Array<[Row, string, string]> = [
            [played[0], "league_id", "39.0"], [played[1], "league_id", ""], [played[2], "season", "2020 "], [unplayed, "season", "x"],
        ];
        for (const [row, column, cell] of cases) row[column] = cell;
        // A column a damaged table lacks altogether.
        delete played[6].league_id;
        cases.push([played[6], "league_id", ""]);
        const kickoffs = [`${String(played[3].kickoff_utc).slice(0, -1)}.000Z`, String(played[4].kickoff_utc).replace("T", " "), `${String(played[5].kickoff_utc).slice(0, -1)}+00:00`];
        kickoffs.forEach((form, i) => { played[3 + i].kickoff_utc = form; });
        assert.deepEqual(heldResultProblems(rows, 2020).map((p) => p.problem).sort(), [
            ...cases.map(([, column, cell]) => `${column} '${cell}' is not a whole number`),
            ...kickoffs.map((form) => `kickoff_utc '${form}' is not a time in UTC as the lake writes it`),
        ].sort());
    });

    it("splits held rows one by one: a row whose id is none takes no readable row with it, whatever its id reads as", () => {
        const { rows, played } = heldTable();
        const good = { ...played[0] };
        // The same fixture twice, once with its id in another form; and a row naming fixture 1,000,000,000 beside it.
        rows.push({ ...played[0], fixture_id: `${played[0].fixture_id}.0` }, { ...played[1], fixture_id: "1e9" }, { ...played[1], fixture_id: "1000000000" });
        const { readable, unreadable } = readableResults(rows, 2020);
        assert.deepEqual(unreadable.map((u) => u.problem), [`fixture_id '${played[0].fixture_id}.0' is not a fixture id`, "fixture_id '1e9' is not a fixture id"]);
        assert.equal(readable.length, rows.length - 2);
        assert.ok(readable.some((r) => JSON.stringify(r) === JSON.stringify(good)), "the fixture's own row stays");
        assert.ok(readable.some((r) => r.fixture_id === "1000000000"), "and so does fixture 1,000,000,000's");
    });

    it("names a held score above 149 as no score, and takes 149", () => {
        const { rows, played } = heldTable();
        played[0].home_goals = "150";
        played[1].away_goals = "1000000000";
        played[2].home_goals = "149";
        played[2].away_goals = "149";
        assert.deepEqual(heldResultProblems(rows, 2020), [
            { id: Number(played[0].fixture_id), problem: "home_goals '150' is not a score" },
            { id: Number(played[1].fixture_id), problem: "away_goals '1000000000' is not a score" },
        ]);
    });

    it("names a fixture id that is none, played or not, and words such a row as a row in a list of problems", () => {
        const { rows, played, unplayed } = heldTable();
        const ids = ["abc", "0", "-5", "1.5", ""];
        ids.forEach((id, i) => { played[i].fixture_id = id; });
        unplayed.fixture_id = "x1";
        delete played[5].fixture_id;
        const problems = heldResultProblems(rows, 2020);
        assert.deepEqual(problems.map((p) => p.problem).sort(),
            [...ids, "x1", ""].map((id) => `fixture_id '${id}' is not a fixture id`).sort());
        assert.equal(problems.length, 7);
        assert.equal(fixtureProblems([problems.find((p) => p.problem.includes("'abc'"))!, { id: 14086, problem: "home_goals 'x' is not a score" }]),
            "a row: fixture_id 'abc' is not a fixture id; fixture 14086: home_goals 'x' is not a score");
    });

    it("puts problems in one line, the first few and a count of the rest", () => {
        assert.equal(problemLine(["a", "b", "c"], 3), "a; b; c", "as many as shown: no count");
        assert.equal(problemLine(["a", "b", "c", "d"], 3), "a; b; c; and 1 more");
        assert.equal(problemLine(["a", "b"]), "a; b", "all of them unless told");
        assert.equal(problemLine([]), "");
    });
});

describe("what the season guard's refusals say", () => {
    // The refusal's problem is what an operator reads in the evidence the run keeps, so its words are checked here.
    const ft = epl2020[0];
    const problemOf = (fn: () => unknown, rule: string) => {
        const r = refusal(fn);
        assert.equal(r.rule, rule, r.message);
        assert.equal(r.name, "RefusedAnswer");
        return r.problem;
    };

    it("refuses a fixture missing any one of id, either team, a team's integer id, status or timestamp, quoting its first 120 characters", () => {
        const broken: Array<[string, unknown]> = [
            ["no entry", null],
            ["no fixture", { ...ft, fixture: undefined }],
            ["no id", { ...ft, fixture: { ...ft.fixture, id: undefined } }],
            ["no teams", { ...ft, teams: undefined }],
            ["no home team", { ...ft, teams: { away: ft.teams.away } }],
            ["no away team", { ...ft, teams: { home: ft.teams.home } }],
            ["a home id that is text", { ...ft, teams: { ...ft.teams, home: { ...ft.teams.home, id: "44" } } }],
            ["an away id that is no integer", { ...ft, teams: { ...ft.teams, away: { ...ft.teams.away, id: 33.5 } } }],
            ["no status", { ...ft, fixture: { ...ft.fixture, status: undefined } }],
            ["an empty status", { ...ft, fixture: { ...ft.fixture, status: { ...ft.fixture.status, short: "" } } }],
            ["a timestamp that is no number", { ...ft, fixture: { ...ft.fixture, timestamp: "soon" } }],
        ];
        for (const [what, f] of broken) {
            const problem = problemOf(() => checkFixtureList(SOURCE, [epl2020[1], f], 39, 2020), "malformed-fixture");
            const quoted = /^a fixture lacks id, teams, status or timestamp \((.*)\)$/.exec(problem);
            assert.ok(quoted, `${what}: ${problem}`);
            const json = JSON.stringify(f) ?? "";
            assert.equal(quoted![1], json.length > 120 ? json.slice(0, 120) : json, what);
        }
        assert.equal(JSON.stringify(ft).length > 120, true, "the recorded fixture is long enough to be cut");
    });

    it("names the league and season a stray fixture belongs to, or says it has none", () => {
        assert.equal(problemOf(() => checkFixtureList(SOURCE, [...epl2020, cl[0]], 39, 2020), "wrong-league"), "fixture 1149519 belongs to league 2 season 2023, not 39/2020");
        const r = refusal(() => checkFixtureList(SOURCE, [{ ...ft, league: undefined }], 39, 2020));
        assert.equal(r.problem, "fixture 592141 belongs to league undefined season undefined, not 39/2020");
        assert.deepEqual(r.fixtures, [592141]);
        assert.equal(problemOf(() => checkFixtureList(SOURCE, [{ ...ft, league: { ...ft.league, season: 2019 } }], 39, 2020), "wrong-league"),
            "fixture 592141 belongs to league 39 season 2019, not 39/2020");
    });

    it("names the fixture listed twice, the one not asked for, and the finished one without a score (even with no goals at all) or with one below 0", () => {
        assert.equal(problemOf(() => checkFixtureList(SOURCE, [...epl2020, epl2020[4]], 39, 2020), "duplicate-fixture"), "fixture 592145 appears more than once");
        const unasked = refusal(() => checkFixtureList("/fixtures?ids=x", [ft], 39, 2020, [592142]));
        assert.deepEqual([unasked.problem, unasked.fixtures], ["fixture 592141 was not asked for", [592141]]);
        for (const goals of [{ home: 1, away: null }, { home: null, away: 0 }, undefined]) {
            const r = refusal(() => checkFixtureList(SOURCE, [{ ...ft, goals } as never], 39, 2020));
            assert.deepEqual([r.rule, r.problem, r.fixtures], ["finished-without-score", "fixture 592141 is finished (FT) but has no score", [592141]], JSON.stringify(goals));
        }
        for (const [home, away] of [[2, -1], [-1, 0]]) {
            const below = refusal(() => checkFixtureList(SOURCE, [{ ...ft, goals: { home, away } }], 39, 2020));
            assert.deepEqual([below.rule, below.problem, below.fixtures], ["finished-without-score", `fixture 592141 is finished (FT) with a score below 0 (${home}–${away})`, [592141]]);
        }
        assert.deepEqual(checkFixtureList(SOURCE, [{ ...ft, goals: { home: 0, away: 0 } }], 39, 2020).length, 1, "a goalless draw is a score");
    });

    it("refuses a finished fixture with more goals for a side than the 149 of the highest scoreline ever recorded, and takes 149", () => {
        for (const [home, away] of [[150, 0], [0, 150], [1e9, 2]]) {
            const above = refusal(() => checkFixtureList(SOURCE, [{ ...ft, goals: { home, away } }], 39, 2020));
            assert.deepEqual([above.rule, above.problem, above.fixtures],
                ["finished-without-score", `fixture 592141 is finished (FT) with a score above 149, the most goals a side has scored in a recorded match (${home}–${away})`, [592141]]);
        }
        for (const goals of [{ home: 149, away: 0 }, { home: 0, away: 149 }]) assert.equal(checkFixtureList(SOURCE, [{ ...ft, goals }], 39, 2020).length, 1);
    });

    it("refuses a fixture whose score, half-time score or shoot-out score is given and is no whole number from 0 to 149, played or not, naming where", () => {
        // The season table's six score columns are ints; each came into it as the API gave it, for a match not finished.
        const withStatus = (short: string): ApiFixture => ({ ...ft, fixture: { ...ft.fixture, status: { ...ft.fixture.status, short } } });
        const set = (f: ApiFixture, where: string, value: unknown): ApiFixture => withValue(f, where.split("."), value);
        const cells = ["goals.home", "goals.away", "score.halftime.home", "score.halftime.away", "score.penalty.home", "score.penalty.away"];
        for (const short of ["NS", "2H", "PST", "FT", "PEN"]) {
            for (const where of cells) {
                // A finished fixture's goals have their own rule, above.
                if (["FT", "PEN"].includes(short) && where.startsWith("goals.")) continue;
                for (const value of [1.5, "2", -1, 150, true, [1], {}]) {
                    const r = refusal(() => checkFixtureList(SOURCE, [epl2020[1], set(withStatus(short), where, value)], 39, 2020));
                    assert.deepEqual([r.rule, r.problem, r.fixtures],
                        ["malformed-fixture", `fixture 592141 gives ${where} as ${JSON.stringify(value)}, not a score: a whole number from 0 to 149, or null`, [592141]], `${short} ${where}`);
                }
                for (const value of [null, 0, 149]) assert.equal(checkFixtureList(SOURCE, [set(withStatus(short), where, value)], 39, 2020).length, 1, `${short} ${where} ${value}`);
            }
        }
        // A match not played that gives no score at all, or no half-time or shoot-out of any kind, has none.
        const { goals: _, score: __, ...bare } = withStatus("NS");
        assert.equal(checkFixtureList(SOURCE, [bare as ApiFixture], 39, 2020).length, 1);
        assert.equal(checkFixtureList(SOURCE, [set(set(withStatus("NS"), "score.halftime", null), "score.penalty", "0-0")], 39, 2020).length, 1);
        // A match in play with more goals for a side than any match ever had.
        assert.equal(problemOf(() => checkFixtureList(SOURCE, [set(withStatus("2H"), "goals.home", 150)], 39, 2020), "malformed-fixture"),
            "fixture 592141 gives goals.home as 150, not a score: a whole number from 0 to 149, or null");
    });

    it("says how many fixtures came against the limit: the season's most, or the count asked for", () => {
        const many = (n: number) => Array.from({ length: n }, (_, i) => withId(epl2020[i % 9], 1_000_000 + i));
        assert.equal(problemOf(() => checkFixtureList(SOURCE, many(MAX_SEASON_FIXTURES + 1), 39, 2020), "oversized"), "2001 fixtures, more than any league season has (at most 2000)");
        assert.equal(problemOf(() => checkFixtureList("/fixtures?ids=x", epl2020.slice(0, 2), 39, 2020, [592141]), "oversized"), "2 fixtures, more than the 1 asked for");
        assert.equal(problemOf(() => checkFixtureList(SOURCE, "none", 39, 2020), "not-a-list"), "`response` is not a list");
    });

    it("refuses a paging total that is no positive integer, and a page whose number or total disagrees, saying which", () => {
        assert.equal(problemOf(() => checkPaging(SOURCE, [{ current: 1, total: 0 }]), "paging"), "paging.total is 0");
        assert.equal(problemOf(() => checkPaging(SOURCE, [{ current: 1, total: "2" }]), "paging"), 'paging.total is "2"');
        assert.equal(problemOf(() => checkPaging(SOURCE, [{ current: 1, total: 1.5 }]), "paging"), "paging.total is 1.5");
        assert.equal(problemOf(() => checkPaging(SOURCE, [{ current: 1, total: MAX_PAGES + 1 }]), "paging"), "21 pages, more than the 20 a run follows");
        assert.equal(problemOf(() => checkPaging(SOURCE, [{ current: 1, total: 2 }, { current: 1, total: 2 }]), "paging"), "page 2 of 2 says it is page 1 of 2");
        assert.equal(problemOf(() => checkPaging(SOURCE, [{ current: 1, total: 2 }, { current: 2, total: 3 }]), "paging"), "page 2 of 2 says it is page 2 of 3");
        assert.equal(problemOf(() => checkPaging(SOURCE, [{ current: 1, total: 2 }, undefined]), "paging"), "page 2 of 2 says it is page 1 of undefined");
    });

    it("says how many known fixtures an answer lists, how many may be missing, and the first five missing", () => {
        const answer = listing;
        assert.equal(problemOf(() => checkSeasonAnswer(SOURCE, answer(94), 39, 2020, knownRows(100)), "lost-fixtures"),
            "it lists 94 of the 100 fixtures the lake holds (at most 5 may be missing); missing include 95, 96, 97, 98, 99");
    });

    it("refuses an ids answer with unreadable statistics as a whole, naming each fixture and its problem", () => {
        const ids = cl.map((f) => f.fixture.id);
        const broken: ApiFixture[] = JSON.parse(JSON.stringify(cl));
        broken[0].statistics![0].statistics[0].value = "N/A";
        broken[1].statistics![1].statistics[0].value = "?";
        const r = refusal(() => requireReadableStatistics("/fixtures?ids=x", broken, 2, 2023, ids));
        assert.deepEqual([r.rule, r.fixtures], ["unreadable-statistics", [1149519, 1149523]]);
        assert.equal(r.problem, "fixture 1149519: statistic value 'N/A' is not a number; fixture 1149523: statistic value '?' is not a number");
        assert.equal(requireReadableStatistics("/fixtures?ids=x", cl, 2, 2023, ids).length, 2);
    });

    it("takes up to 500 teams and refuses more; refuses a team entry without a team, an id, a name, or with a code that is not text; trims codes and reads blank ones as none", () => {
        const team = (i: number) => ({ team: { id: i, name: `Team ${i}`, code: "ABC" } });
        assert.equal(checkTeamsAnswer("/teams", Array.from({ length: 500 }, (_, i) => team(i + 1))).length, 500);
        assert.equal(problemOf(() => checkTeamsAnswer("/teams", Array.from({ length: 501 }, (_, i) => team(i + 1))), "oversized"), "501 teams, more than any league season has");
        assert.equal(problemOf(() => checkTeamsAnswer("/teams", "none"), "not-a-list"), "`response` is not a list");
        for (const entry of [null, {}, { team: { name: "No id" } }, { team: { id: 1 } }, { team: { id: "1", name: "Text id" } }, { team: { id: 1, name: "Numbered", code: 7 } }]) {
            assert.equal(problemOf(() => checkTeamsAnswer("/teams", [team(2), entry]), "malformed-teams"),
                `a team lacks an integer id or a name, or has a code that is not text (${JSON.stringify(entry)})`);
        }
        const long = { team: { id: "x", name: "N".repeat(200) } };
        assert.match(problemOf(() => checkTeamsAnswer("/teams", [long]), "malformed-teams"), /^a team lacks .*\(\{"team":\{"id":"x","name":"N{94}\)$/);
        assert.deepEqual(checkTeamsAnswer("/teams", [
            { team: { id: 1, name: "Padded", code: " ARS " } }, { team: { id: 2, name: "Blank", code: "   " } }, { team: { id: 3, name: "Empty", code: "" } },
            { team: { id: 4, name: "Absent" } }, { team: { id: 5, name: "Null", code: null } },
        ]), [
            { id: 1, name: "Padded", code: "ARS" }, { id: 2, name: "Blank", code: null }, { id: 3, name: "Empty", code: null },
            { id: 4, name: "Absent", code: null }, { id: 5, name: "Null", code: null },
        ]);
    });
});

describe("a complete season", () => {
    const row = (status: string, statistics: string): Row => ({ status, statistics });

    it("is one whose every fixture is final and whose played fixtures have their statistics or were given up on", () => {
        assert.ok(seasonComplete([row("FT", "landed"), row("AET", "unavailable"), row("PEN", "landed"), row("CANC", "not-played"), row("AWD", "not-played"), row("WO", "not-played")]));
    });

    it("is not one with a fixture to play, postponed or abandoned, or statistics still to come, nor an empty table", () => {
        for (const open of [row("NS", "not-played"), row("PST", "not-played"), row("ABD", "not-played"), row("2H", "not-played"), row("FT", "pending")]) {
            assert.ok(!seasonComplete([row("FT", "landed"), open]), JSON.stringify(open));
        }
        assert.ok(!seasonComplete([]));
    });

    it("is read from the season table as the run writes it", () => {
        const rows = epl2020.map((f) => fixtureRow(f, f.fixture.status.short === "FT" ? "landed" : "not-played"));
        assert.equal(seasonComplete(rows), epl2020.every((f) => f.fixture.status.short === "FT"));
    });
});

describe("an answer with one value of any JSON type anywhere", function () {
    // Every value of a recorded fixture in turn, given another JSON value: the guard refuses the answer (or, in an ids
    // answer, finds the fixture unreadable), or each cell the tables take from it is of its column's declared type.
    // Nothing else may happen: any other error fails the run at every run the answer comes, with nothing kept. The
    // same for each field of an answer's envelope, read through the client: an answer, a refusal or a named error.
    this.timeout(60_000);
    const epl2022: ApiFixture[] = recorded("danieljameschadwick-scores", "fixtures-league39-season2022-from2022-09-05-to2022-10-02.json").response;
    const values: unknown[] = [undefined, null, "", "x", "1.5", 1.5, -1, 1e9, true, {}, [], "2020-01-01"];
    const paths = (value: unknown, at: string[] = []): string[][] => {
        if (typeof value !== "object" || value === null) return [at];
        // Line-ups and players are in no table.
        const inner = Object.entries(value).filter(([key]) => key !== "lineups" && key !== "players");
        return [at, ...inner.flatMap(([key, v]) => paths(v, [...at, key]))];
    };
    const tried = (f: ApiFixture): string[] => {
        const [league, season] = [f.league.id, f.league.season];
        const found: string[] = [];
        for (const at of paths(f)) {
            for (const value of values) {
                const odd = withValue(f, at, value);
                const where = `${at.join(".") || "the fixture"} = ${JSON.stringify(value)}`;
                try {
                    try {
                        checkFixtureList(SOURCE, [odd], league, season);
                    } catch (err) {
                        if (err instanceof RefusedAnswer) continue;
                        throw err;
                    }
                    found.push(...misfits(toCsv([fixtureRow(odd, "landed")], FIXTURE_COLUMNS), FIXTURE_COLUMNS).map((m) => `${where}: season table ${m}`));
                    if (f.statistics === undefined) continue;
                    try {
                        if (checkStatisticsAnswer("/fixtures?ids=x", [odd], league, season, [f.fixture.id]).unreadable.length > 0 || !hasStatistics(odd)) continue;
                    } catch (err) {
                        if (err instanceof RefusedAnswer) continue;
                        throw err;
                    }
                    found.push(...misfits(toCsv(statisticsRows(odd), STATISTICS_COLUMNS), STATISTICS_COLUMNS).map((m) => `${where}: statistics ${m}`));
                } catch (err) {
                    found.push(`${where}: ${(err as Error).message}`);
                }
            }
        }
        return found;
    };

    it("is refused, or every cell it reaches is of its column's type: a played match, a postponed and a match to come", () => {
        const cases = [epl2020.find((f) => f.fixture.status.short === "FT")!, ...["PST", "NS"].map((s) => epl2022.find((f) => f.fixture.status.short === s)!)];
        for (const f of cases) assert.deepEqual(tried(f), [], `fixture ${f.fixture.id}`);
    });

    it("is refused, found unreadable, or every cell it reaches is of its column's type: an ids answer's fixtures, with statistics and events", () => {
        assert.ok(cl.every((f) => hasStatistics(f) && Array.isArray(f.events)), "both recorded fixtures carry statistics and events");
        for (const f of cl) assert.deepEqual(tried(f), [], `fixture ${f.fixture.id}`);
    });

    it("in an answer's envelope is taken, refused, or an error the client names: a season, a /teams and a /status answer", async () => {
        // As the run reads each answer: the season's through the paging check and the guard, /teams through its check.
        const status = { get: "status", parameters: [], errors: [], results: 1, paging: { current: 1, total: 1 }, response: { requests: { current: 3, limit_day: 100 } } };
        const answers: Array<[string, unknown, (client: ApiFootballClient) => Promise<unknown>]> = [
            ["season", recorded("RonaldoHD-football", "fixtures-league39-season2020-truncated.json"), async (client) => {
                const page = await client.get("/fixtures", { league: 39, season: 2020 });
                checkPaging(SOURCE, [page.body.paging as never]);
                return checkSeasonAnswer(SOURCE, page.body.response, 39, 2020, []);
            }],
            ["teams", recorded("syurchen93-api-football-client", "team-manchester.json"), async (client) => checkTeamsAnswer("/teams", (await client.get("/teams", {})).body.response)],
            ["status", status, (client) => client.quota()],
        ];
        const odd = [...values, [null], [""], [{ token: { reason: "x" } }], { token: null }];
        const found: string[] = [];
        for (const [name, answer, read] of answers) {
            for (const field of ["get", "parameters", "errors", "results", "paging", "response"]) {
                for (const value of odd) {
                    const body = withValue(answer, [field], value);
                    const { fetch } = fetchAnswering(JSON.stringify(body));
                    try {
                        await read(new ApiFootballClient({ host: "api-sports", key: "k", fetch, sleep: async () => undefined }));
                    } catch (err) {
                        if (!(err instanceof RefusedAnswer || err instanceof EtlError)) found.push(`${name} ${field} = ${JSON.stringify(value)}: ${(err as Error).name}: ${(err as Error).message}`);
                    }
                }
            }
        }
        assert.deepEqual(found, []);
    });
});
