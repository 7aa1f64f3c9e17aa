import { strict as assert } from "assert";
import { csvParse } from "d3-dsv";
import {
    ApiEvent, ApiFixture, blankCell, compareFixtures, compareRows, FIXTURE_COLUMNS, MAX_MATCH_XG, Row, fixtureRow, hasStatistics, isFinished, penaltiesOf, STATISTICS_COLUMNS, statisticsRows, statisticValue, toCsv, weekWindows, wholeCell, withoutBom,
} from "../etl/transform";
import { readData } from "./helpers/servers";

const recorded = (dir: string, file: string): ApiFixture[] => JSON.parse(readData("api-football", dir, file)).response;
const penalties = recorded("syurchen93-api-football-client", "fixtures-cl-penalties.json");
const united = recorded("RonaldoHD-football", "fixtures-id-157201.json")[0];
const epl2022 = recorded("danieljameschadwick-scores", "fixtures-league39-season2022-from2022-09-05-to2022-10-02.json");
const bundesliga = recorded("syurchen93-api-football-client", "fixtures-bundes-ns-pst.json");

describe("transforms on recorded API-Football payloads", () => {
    it("count FT, AET and PEN as finished and PST or NS as not", () => {
        assert.ok(penalties.every(isFinished));
        // The recorded shoot-out went to extra time first: the same fixture as it stood at AET.
        const extraTime = { ...penalties[0], fixture: { ...penalties[0].fixture, status: { long: "Match Finished After Extra Time", short: "AET", elapsed: 120 } } };
        assert.ok(isFinished(extraTime));
        assert.deepEqual(penalties.map((f) => f.fixture.status.short), ["PEN", "PEN"]);
        for (const short of ["1H", "HT", "2H", "ET", "BT", "P", "SUSP", "INT", "ABD", "CANC", "AWD", "WO", "TBD"]) {
            assert.ok(!isFinished({ ...penalties[0], fixture: { ...penalties[0].fixture, status: { long: short, short, elapsed: null } } }), short);
        }
        assert.deepEqual(
            [...new Set(epl2022.filter((f) => !isFinished(f)).map((f) => f.fixture.status.short))].sort(),
            ["NS", "PST"],
        );
        assert.ok(bundesliga.every((f) => !isFinished(f)));
    });

    it("write a postponed fixture with empty goals, not zeros", () => {
        const postponed = epl2022.find((f) => f.fixture.status.short === "PST")!;
        const [row] = csvParse(toCsv([fixtureRow(postponed, "not-played")], FIXTURE_COLUMNS));
        assert.equal(row.status, "PST");
        assert.equal(row.status_long, "Match Postponed");
        assert.equal(row.home_goals, "");
        assert.equal(row.away_goals, "");
        assert.equal(row.kickoff_utc, "2022-09-10T14:00:00Z");
        assert.equal(row.statistics, "not-played");
    });

    it("write a fixture not played that gives no goals or score object at all with empty score cells, the rest of its row as given", () => {
        const postponed = epl2022.find((f) => f.fixture.status.short === "PST")!;
        const { goals: _, score: __, ...bare } = postponed;
        const [row] = csvParse(toCsv([fixtureRow(bare as ApiFixture, "not-played")], FIXTURE_COLUMNS));
        const [whole] = csvParse(toCsv([fixtureRow(postponed, "not-played")], FIXTURE_COLUMNS));
        assert.deepEqual(row, whole, "the recorded fixture gives every score as null");
        for (const column of ["home_goals", "away_goals", "halftime_home", "halftime_away", "penalty_home", "penalty_away"]) assert.equal(row[column], "", column);
        // Nor does a statistics row fail on it: the run gives its goals from the season answer.
        const { goals: ___, ...noGoals } = penalties.find((f) => f.fixture.id === 1149523)!;
        assert.deepEqual(statisticsRows(noGoals as ApiFixture).map((r) => [r.team_id, r.goals]), [[42, null], [212, null]]);
    });

    it("read a cell of spaces as blank, as an empty one, and a whole number only as digits after an optional minus", () => {
        for (const v of ["", " ", "\t", null, undefined]) assert.ok(blankCell(v), JSON.stringify(v));
        for (const v of ["0", "x", " 5", 0]) assert.ok(!blankCell(v), JSON.stringify(v));
        for (const v of ["0", "42", "-7", "007", 42]) assert.ok(wholeCell(v), JSON.stringify(v));
        for (const v of ["", " ", "1e3", "0x10", "5.0", " 5", "5 ", "+5", "-", "x", null, undefined, 1.5]) assert.ok(!wholeCell(v), JSON.stringify(v));
    });

    it("keep a shoot-out's penalties beside the score after extra time", () => {
        const row = fixtureRow(penalties.find((f) => f.fixture.id === 1149523)!, "landed");
        assert.deepEqual([row.home_goals, row.away_goals, row.penalty_home, row.penalty_away, row.status], [1, 0, 4, 2, "PEN"]);
    });

    it("turn embedded statistics into one row per team with a column per type", () => {
        const rows = statisticsRows(penalties.find((f) => f.fixture.id === 1149523)!);
        assert.equal(rows.length, 2);
        const [arsenal, porto] = rows;
        assert.deepEqual([arsenal.side, arsenal.team_id, arsenal.opponent_id, arsenal.goals], ["home", 42, 212, 1]);
        assert.deepEqual([porto.side, porto.team_id, porto.opponent_id, porto.goals], ["away", 212, 42, 0]);
        assert.equal(arsenal.total_shots, 13);
        assert.equal(arsenal.shots_insidebox, 13);
        assert.equal(arsenal.shots_outsidebox, 0);
        assert.equal(arsenal.offsides, 3);
    });

    it("take every statistic of the recorded answers into the column the README names for it, with the value sent", () => {
        // Written out by hand from the README's statistics columns, so a type misspelt in the code's table, which would
        // leave its column empty in every row without a word, fails here.
        const columnOf: Record<string, string> = {
            "Shots on Goal": "shots_on_goal", "Shots off Goal": "shots_off_goal", "Shots insidebox": "shots_insidebox",
            "Shots outsidebox": "shots_outsidebox", "Total Shots": "total_shots", "Blocked Shots": "blocked_shots", "Fouls": "fouls",
            "Corner Kicks": "corner_kicks", "Offsides": "offsides", "Ball Possession": "ball_possession", "Yellow Cards": "yellow_cards",
            "Red Cards": "red_cards", "Goalkeeper Saves": "goalkeeper_saves", "Total passes": "total_passes", "Passes accurate": "passes_accurate",
            "Passes %": "passes_pct", "expected_goals": "expected_goals",
        };
        let checked = 0;
        for (const f of [...penalties, united]) {
            const rows = statisticsRows(f);
            for (const entry of f.statistics!) {
                const row = rows.find((r) => r.team_id === entry.team.id)!;
                for (const { type, value } of entry.statistics) {
                    // Sent as a count, as null, as "73%" or as "2.73".
                    const expected = value === null ? null : typeof value === "number" ? value : Number(String(value).replace("%", ""));
                    assert.equal(row[columnOf[type]], expected, `fixture ${f.fixture.id}, team ${entry.team.id}: ${type} ${JSON.stringify(value)}`);
                    checked++;
                }
            }
        }
        assert.equal(checked, 4 * 17 + 2 * 16);
    });

    it("read percentages and expected goals strings as numbers", () => {
        const [atletico, inter] = statisticsRows(penalties.find((f) => f.fixture.id === 1149519)!);
        assert.equal(atletico.ball_possession, 47);
        assert.equal(atletico.passes_pct, 85);
        assert.equal(atletico.expected_goals, 2.73);
        assert.equal(inter.expected_goals, 1.57);
    });

    it("count no penalty of a shoot-out as one taken in play", () => {
        // Both recorded ties went to a shoot-out; every penalty event is one of its kicks.
        for (const f of penalties) {
            assert.ok(f.events!.some((e) => e.detail === "Penalty" && e.comments === "Penalty Shootout"));
            assert.deepEqual(statisticsRows(f).map((r) => [r.penalties_taken, r.penalties_scored]), [[0, 0], [0, 0]], `fixture ${f.fixture.id}`);
        }
        assert.deepEqual(statisticsRows(united).map((r) => [r.penalties_taken, r.penalties_scored]), [[0, 0], [0, 0]], "a match without penalties");
    });

    it("count a side's penalties in play from the events, scored and missed", () => {
        // The recorded Atlético v Inter, with two of its shoot-out kicks moved into the match.
        const f: ApiFixture = JSON.parse(JSON.stringify(penalties.find((x) => x.fixture.id === 1149519)));
        const depay = f.events!.find((e) => e.player?.name === "M. Depay" && e.detail === "Penalty")!;
        const sanchez = f.events!.find((e) => e.player?.name === "A. Sánchez" && e.detail === "Missed Penalty")!;
        for (const e of [depay, sanchez]) Object.assign(e, { comments: null, time: { elapsed: 67, extra: null } });
        const [atletico, inter] = statisticsRows(f);
        assert.deepEqual([atletico.team_id, atletico.penalties_taken, atletico.penalties_scored], [530, 1, 1]);
        assert.deepEqual([inter.team_id, inter.penalties_taken, inter.penalties_scored], [505, 1, 0]);
        // The type and detail as another provider might case them.
        Object.assign(depay, { type: " goal", detail: "PENALTY " });
        assert.deepEqual(penaltiesOf(f, 530), { taken: 1, scored: 1 });
        // Only goal events count; an empty slot or an event without its type or detail is passed over.
        const team = { id: 530, name: "Atletico Madrid" };
        f.events!.push(null as unknown as ApiEvent, { team, type: "Var", detail: "Penalty", comments: null }, { team, detail: "Penalty" }, { team, type: "Goal" });
        assert.deepEqual(penaltiesOf(f, 530), { taken: 1, scored: 1 });
    });

    it("leave the penalties empty where the answer has no events list, which is not the same as none", () => {
        const f: ApiFixture = JSON.parse(JSON.stringify(united));
        delete f.events;
        const [row] = csvParse(toCsv(statisticsRows(f), STATISTICS_COLUMNS));
        assert.deepEqual([row.penalties_taken, row.penalties_scored], ["", ""]);
        assert.equal(penaltiesOf({ ...f, events: "none" as unknown as [] }, 33), null);
    });

    it("leave a null count empty rather than zero", () => {
        const [atletico] = statisticsRows(penalties.find((f) => f.fixture.id === 1149519)!);
        assert.equal(atletico.red_cards, null);
        assert.equal(atletico.offsides, null);
        const [row] = csvParse(toCsv([atletico], STATISTICS_COLUMNS));
        assert.equal(row.red_cards, "");
        assert.equal(row.goalkeeper_saves, "4");
    });

    it("leave expected goals empty when the API gives none (2019 and earlier seasons)", () => {
        const [home, away] = statisticsRows(united);
        assert.equal(home.expected_goals, null);
        assert.equal(home.goals_prevented, null);
        assert.equal(away.blocked_shots, null);
        assert.equal(home.ball_possession, 73);
        assert.equal(home.shots_on_goal, 10);
    });

    it("match statistic types case-insensitively", () => {
        const f: ApiFixture = JSON.parse(JSON.stringify(united));
        f.statistics![0].statistics = f.statistics![0].statistics.map((s) => ({ ...s, type: s.type.toUpperCase() }));
        assert.equal(statisticsRows(f)[0].total_shots, 22);
        f.statistics![0].statistics = f.statistics![0].statistics.map((s) => ({ ...s, type: ` ${s.type} ` }));
        assert.equal(statisticsRows(f)[0].total_shots, 22, "and with stray spaces around the type");
    });

    it("ignore a statistic type it does not know, adding no column for it", () => {
        const f: ApiFixture = JSON.parse(JSON.stringify(united));
        f.statistics![0].statistics.push({ type: "Touches in the opposition box", value: 31 });
        // Names every plain object answers to are no statistics either.
        f.statistics![0].statistics.push({ type: "constructor", value: 3 }, { type: "toString", value: 1 });
        assert.deepEqual(Object.keys(statisticsRows(f)[0]), STATISTICS_COLUMNS.map((c) => c.name));
    });

    it("write a score without halftime or penalty parts as empty cells", () => {
        const f: ApiFixture = JSON.parse(JSON.stringify(united));
        f.score = {} as ApiFixture["score"];
        const row = fixtureRow(f, "landed");
        assert.deepEqual([row.halftime_home, row.halftime_away, row.penalty_home, row.penalty_away], [null, null, null, null]);
    });

    it("reject a statistic value that is not a number instead of guessing", () => {
        assert.throws(() => statisticValue("n/a"), /statistic value 'n\/a' is not a number/);
        assert.equal(statisticValue("55%"), 55);
        assert.equal(statisticValue(" 55% "), 55);
        assert.throws(() => statisticValue("5%5"), /statistic value '5%5' is not a number/, "only a trailing percent sign is a unit");
        assert.equal(statisticValue(""), null, "an empty value is no value, not zero");
        assert.equal(statisticValue(" % "), null);
        assert.equal(statisticValue("1.20"), 1.2);
        assert.equal(statisticValue(null), null);
        assert.equal(statisticValue(0), 0);
    });

    it("refuse a value its statistic cannot take, naming the statistic and the value as sent", () => {
        const atletico = () => JSON.parse(JSON.stringify(penalties.find((f) => f.fixture.id === 1149519)!)) as ApiFixture;
        const withValue = (type: string, value: number | string) => {
            const f = atletico();
            const stat = f.statistics![0].statistics.find((s) => s.type === type);
            if (stat) stat.value = value;
            else f.statistics![0].statistics.push({ type, value });
            return () => statisticsRows(f);
        };
        assert.throws(withValue("Total Shots", 2.5), /^Error: Total Shots '2\.5' is not a whole number$/);
        assert.throws(withValue("Total Shots", "23.0001"), /Total Shots '23\.0001' is not a whole number/);
        assert.throws(withValue("Fouls", -1), /^Error: Fouls '-1' is below 0$/);
        assert.throws(withValue("Ball Possession", "130%"), /^Error: Ball Possession '130%' is above 100$/);
        assert.throws(withValue("Passes %", "-5%"), /Passes % '-5%' is below 0/);
        assert.throws(withValue("expected_goals", "-0.01"), /^Error: expected_goals '-0\.01' is below 0$/);
        assert.throws(withValue("expected_goals", "20.01"), /^Error: expected_goals '20\.01' is above 20$/);
        const padded = atletico();
        padded.statistics![0].statistics = padded.statistics![0].statistics.map((x) => (x.type === "Fouls" ? { type: " Fouls ", value: -1 } : x));
        assert.throws(() => statisticsRows(padded), /^Error: Fouls '-1' is below 0$/, "the type named as the statistic, without the answer's stray spaces");
        assert.equal(MAX_MATCH_XG, 20);
        // The bounds themselves are values a statistic can take, and goals prevented go below 0 for a
        // goalkeeper who let in more than the shots he faced were worth.
        const home = (type: string, value: number | string) => withValue(type, value)()[0];
        assert.equal(home("expected_goals", "20.00").expected_goals, 20);
        assert.equal(home("expected_goals", "0.00").expected_goals, 0);
        assert.equal(home("Ball Possession", "100%").ball_possession, 100);
        assert.equal(home("Fouls", 0).fouls, 0);
        assert.equal(home("goals_prevented", "-1.35").goals_prevented, -1.35);
    });

    it("know when the API has not sent statistics for both teams", () => {
        assert.ok(hasStatistics(united));
        assert.ok(!hasStatistics({ ...united, statistics: [] }));
        assert.ok(!hasStatistics({ ...united, statistics: [united.statistics![0]] }));
        assert.ok(!hasStatistics({ ...united, statistics: [united.statistics![0], { ...united.statistics![1], statistics: [] }] }), "one side's list is empty");
        assert.ok(!hasStatistics({ ...united, statistics: [united.statistics![0], { team: united.statistics![1].team } as never] }), "one side's entry has no list at all");
        assert.ok(!hasStatistics(epl2022[0]));
    });

    it("refuse to make statistics rows when one side's entry is missing, naming the fixture, the side and the team", () => {
        const home = united.statistics!.filter((s) => s.team.id === united.teams.home.id);
        const away = united.statistics!.filter((s) => s.team.id === united.teams.away.id);
        assert.equal(home.length + away.length, 2, "the recording has one entry per side");
        assert.throws(() => statisticsRows({ ...united, statistics: home }),
            new RegExp(`^Error: fixture ${united.fixture.id}: no statistics for away team ${united.teams.away.id}$`));
        assert.throws(() => statisticsRows({ ...united, statistics: away }),
            new RegExp(`^Error: fixture ${united.fixture.id}: no statistics for home team ${united.teams.home.id}$`));
    });

    it("write CSV as a header and one line per row, each ending in a newline", () => {
        assert.equal(toCsv([{ b: "x,y", a: 1, c: null }], [{ name: "a" }, { name: "b" }] as never), 'a,b\n1,"x,y"\n');
    });

    it("order the season table by kick-off, then by fixture id", () => {
        const rows: Row[] = [
            { fixture_id: 10, kickoff_utc: "2021-03-02T20:00:00Z" }, { fixture_id: 9, kickoff_utc: "2021-03-02T12:30:00Z" },
            { fixture_id: 3, kickoff_utc: "2021-03-02T12:30:00Z" }, { fixture_id: 1, kickoff_utc: "2021-03-03T12:30:00Z" },
        ];
        assert.deepEqual([...rows].sort(compareRows).map((r) => r.fixture_id), [3, 9, 10, 1]);
        const fixture = (id: number, timestamp: number) => ({ fixture: { id, timestamp } }) as ApiFixture;
        const fixtures = [fixture(10, 1614715200), fixture(9, 1614688200), fixture(3, 1614688200), fixture(1, 1614774600)];
        assert.deepEqual([...fixtures].sort(compareFixtures).map((f) => f.fixture.id), [3, 9, 10, 1]);
    });

    it("write no backslash and no line break inside a field, which Athena's CSV reader would misread, and leave other cells as they are", () => {
        const columns = [{ name: "name" }, { name: "venue" }, { name: "goals" }, { name: "note" }] as never;
        const rows: Row[] = [
            { name: "Wolverhampton\nWanderers", venue: "Molineux \r\n  Stadium", goals: 2, note: null },
            { name: "Brighton\r& Hove\n\nAlbion", venue: "C:\\grounds\\amex", goals: 0, note: "  kept, \"quoted\"  " },
        ];
        assert.equal(toCsv(rows, columns),
            'name,venue,goals,note\nWolverhampton Wanderers,Molineux Stadium,2,\nBrighton & Hove Albion,C:groundsamex,0,"  kept, ""quoted""  "\n');
        assert.deepEqual(rows[0], { name: "Wolverhampton\nWanderers", venue: "Molineux \r\n  Stadium", goals: 2, note: null }, "the rows given are left as they were");
    });

    it("write CSV headers from the column list, even with no rows", () => {
        assert.equal(toCsv([], FIXTURE_COLUMNS).trim(), FIXTURE_COLUMNS.map((c) => c.name).join(","));
        assert.equal(toCsv([], STATISTICS_COLUMNS).split(",").length, 9 + 18 + 2);
    });

    it("put a fixture on a window's edge on the right side of it: from seven days before the run, up to the run, up to seven days after", () => {
        const at = new Date("2021-03-02T08:00:00Z");
        const row = (id: number, kickoff: string): Row => ({ fixture_id: id, kickoff_utc: kickoff });
        const rows = [
            row(1, "2021-02-23T07:59:59Z"), row(2, "2021-02-23T08:00:00Z"), row(3, "2021-03-02T07:59:59Z"),
            row(4, "2021-03-02T08:00:00Z"), row(5, "2021-03-09T07:59:59Z"), row(6, "2021-03-09T08:00:00Z"),
        ];
        const { previous, next } = weekWindows(rows, at);
        assert.deepEqual(previous.map((r) => r.fixture_id), [2, 3]);
        assert.deepEqual(next.map((r) => r.fixture_id), [4, 5]);
    });

    it("split fixtures into the seven days before and after the run", () => {
        const rows = epl2022.map((f) => fixtureRow(f, "not-played"));
        const { previous, next } = weekWindows(rows, new Date("2022-09-13T08:00:00Z"));
        assert.ok(previous.length > 0 && next.length > 0);
        const at = (id: unknown) => epl2022.find((f) => f.fixture.id === id)!.fixture.timestamp * 1000;
        for (const r of previous) assert.ok(at(r.fixture_id) >= Date.parse("2022-09-06T08:00:00Z") && at(r.fixture_id) < Date.parse("2022-09-13T08:00:00Z"));
        for (const r of next) assert.ok(at(r.fixture_id) >= Date.parse("2022-09-13T08:00:00Z") && at(r.fixture_id) < Date.parse("2022-09-20T08:00:00Z"));
        const inWindow = epl2022.filter((f) => Math.abs(f.fixture.timestamp * 1000 - Date.parse("2022-09-13T08:00:00Z")) < 7 * 86_400_000 || f.fixture.timestamp * 1000 === Date.parse("2022-09-06T08:00:00Z"));
        assert.equal(previous.length + next.length, inWindow.length);
    });
});

describe("a CSV file's byte-order mark", () => {
    it("is taken off the front, where a spreadsheet's export puts it, and only there", () => {
        assert.deepEqual(csvParse(withoutBom("\uFEFFid,code\n42,ARS\n")).columns, ["id", "code"]);
        assert.equal(withoutBom("id,name\n42,Arse\uFEFFnal\n"), "id,name\n42,Arse\uFEFFnal\n", "a character inside a cell is the cell's");
        assert.equal(withoutBom("\uFEFF\uFEFFid"), "\uFEFFid", "one mark, once");
    });
});
