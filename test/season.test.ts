// A season from first run to after its end: every run leaves a record, the
// runs table holds them all (failed runs too), a finished season asks the API
// nothing, and team codes come for clubs the uploaded file lacks.
import { strict as assert } from "assert";
import { csvFormat, csvParse } from "d3-dsv";
import { ApiFootballClient } from "../etl/api";
import { MemoryLake } from "../etl/lake";
import { localFetch } from "../etl/local/fetch";
import { readData, ScriptedServer } from "./helpers/servers";
import { toCsv } from "../etl/transform";
import { EMULATOR_KEY } from "../etl/local/emulator";
import { replaySeason, seasonRunTimes } from "../etl/local/replay";
import { idsInKey, lakeKeys, MAX_LAKE_READ_BYTES, rejectedKey } from "../etl/layout";
import { runEtl, RunSummary } from "../etl/run";
import { answersByDate } from "../etl/season-answers";
import { eventTime, hoursSinceLastSuccess, latestRunDate, markerSince, parseRecordKey, recordKey, RUN_COLUMNS, runDateProblem, runRowProblem, runsTable } from "../etl/runs";
import { deriveCode, mergeTeamCodes } from "../etl/teamcodes";
import { copyLake, isRunRecord, seededLake, TEAMCODES, teamcodesLine } from "./helpers/lakes";
import { runOnce } from "./helpers/runs";
import { Envelope } from "./helpers/standin";

const keys = lakeKeys(39, 2020);

const runAt = (lake: MemoryLake, at: string, key?: string) => runOnce(lake, new Date(at), { key });

describe("a season's runs", function () {
    this.timeout(60_000);
    let lake: MemoryLake;
    let summaries: RunSummary[];

    before(async () => {
        lake = seededLake();
        ({ summaries } = await replaySeason({ lake }));
    });

    /** The run a week after the one that ran in full: the season complete again, asking only /status. */
    const endsTheWeekAfter = async (after: MemoryLake) => {
        const second = await runAt(after, "2021-06-08T08:00:00Z");
        assert.equal(second.summary?.outcome, "season-complete", second.error?.message);
        assert.deepEqual(second.asked, ["/status"]);
    };

    it("each leave one record, and the runs table has a row per run with the record's fields", async () => {
        const text = (await lake.get(keys.runs))!.toString();
        assert.equal(text.split("\n")[0], RUN_COLUMNS.map((c) => c.name).join(","));
        const rows = csvParse(text);
        assert.equal(rows.length, summaries.length);
        assert.equal((await lake.list(keys.runsPrefix)).length, summaries.length);
        rows.forEach((row, i) => {
            const s = summaries[i];
            assert.deepEqual(
                [row.run_date, row.outcome, Number(row.requests), Number(row.fixtures), Number(row.finished), Number(row.landed), Number(row.in_lake), Number(row.files_written)],
                [s.runDate, "ok", s.requests, 380, s.finished, s.statisticsLanded, s.statisticsInLake, s.filesWritten.length],
            );
            assert.ok(Date.parse(row.started_utc!) <= Date.parse(row.ended_utc!));
            assert.equal(row.error_kind, "");
        });
    });

    it("end once the season is complete: the next run asks only /status, which is not counted, and writes only its record", async () => {
        const after = copyLake(lake);
        const before = new Map([...after.objects].filter(([k]) => !isRunRecord(k)));
        const { summary, asked, lines } = await runAt(after, "2021-06-01T08:00:00Z");
        assert.equal(summary?.outcome, "season-complete");
        assert.equal(summary?.stoppedByBudget, false);
        assert.ok(lines.includes("season complete: all 380 fixtures are final and their statistics landed or given up on; nothing to ask"), lines.join("\n"));
        assert.deepEqual(asked, ["/status"]);
        assert.equal(summary?.requests, 0);
        assert.deepEqual(summary?.filesWritten, []);
        assert.deepEqual([...after.objects.keys()].filter((k) => !isRunRecord(k)).sort(), [...before.keys()].sort());
        for (const [k, v] of before) assert.ok(after.objects.get(k)!.equals(v), k);
        const rows = csvParse((await after.get(keys.runs))!.toString());
        assert.deepEqual([rows.length, rows[rows.length - 1].outcome, rows[rows.length - 1].run_date], [summaries.length + 1, "season-complete", "2021-06-01"]);
    });

    /** The away side's expected goals of fixture `id` as the lake holds them, in its processed file and the season statistics. */
    const holdAwayXg = async (at: MemoryLake, id: number, value: string) => {
        for (const key of [keys.statistics(id), keys.seasonStatistics]) {
            const rows = csvParse((await at.get(key))!.toString());
            for (const r of rows) if (Number(r.fixture_id) === id && r.side === "away") r.expected_goals = value;
            await at.put(key, csvFormat(rows, rows.columns) + "\n", "text/csv");
        }
    };

    it("stay open while the lake holds statistics today's checks refuse, as a version without them could leave a season, and end once they are mended", async () => {
        const after = copyLake(lake);
        // -0.40 xG for one fixture's away side, in its raw answer, and as the writer writes it in its processed file and the season statistics.
        const raw = (await after.list(keys.rawStatisticsPrefix))[0];
        const answer = JSON.parse((await after.get(raw))!.toString());
        const id: number = answer.response[0].fixture.id;
        for (const x of answer.response[0].statistics[1].statistics) if (x.type === "expected_goals") x.value = "-0.40";
        await after.put(raw, JSON.stringify(answer), "application/json");
        await holdAwayXg(after, id, "-0.4");

        const first = await runAt(after, "2021-06-01T08:00:00Z");
        assert.equal(first.record?.outcome, "refused", "the raw answer is set aside, which the run reports");
        assert.ok(first.lines.includes(`season complete but for the statistics of 1 fixture, which fail today's checks (fixture ${id}: expected_goals '-0.4' is below 0): running in full`), first.lines.join("\n"));
        assert.deepEqual(first.counted, ["/fixtures?league=39&season=2020", `/fixtures?ids=${id}`]);
        assert.deepEqual(await after.get(keys.seasonStatistics), await lake.get(keys.seasonStatistics), "the statistics as the API gives them");
        assert.deepEqual(await after.get(keys.teamTableLatest), await lake.get(keys.teamTableLatest));

        await endsTheWeekAfter(after);
    });

    it("stay open while the lake holds statistics today's checks refuse whose raw answer is gone, and end once the API has given them again", async () => {
        const after = copyLake(lake);
        const raw = (await after.list(keys.rawStatisticsPrefix))[5];
        const id = idsInKey(raw)[0];
        after.objects.delete(raw);
        await holdAwayXg(after, id, "-0.4");

        const first = await runAt(after, "2021-06-01T08:00:00Z");
        assert.equal(first.summary?.outcome, "ok", first.error?.message);
        assert.ok(first.lines.includes(`season complete but for the statistics of 1 fixture, which fail today's checks (fixture ${id}: expected_goals '-0.4' is below 0): running in full`), first.lines.join("\n"));
        assert.deepEqual(first.counted, ["/fixtures?league=39&season=2020", `/fixtures?ids=${id}`], "no raw answer to process them again from: asked for");
        assert.deepEqual(await after.get(keys.seasonStatistics), await lake.get(keys.seasonStatistics));

        await endsTheWeekAfter(after);
    });

    it("stay open while the lake holds statistics that agree with none of their raw answers, and end once they are processed again from them", async () => {
        const after = copyLake(lake);
        // A value damaged into another of the right form and range, which no check of form or range can see.
        const rows = csvParse((await after.get(keys.seasonStatistics))!.toString());
        const row = rows[100];
        const shots = row.total_shots!;
        row.total_shots = String(Number(shots) + 1);
        await after.put(keys.seasonStatistics, csvFormat(rows, rows.columns) + "\n", "text/csv");

        const first = await runAt(after, "2021-06-01T08:00:00Z");
        assert.equal(first.summary?.outcome, "ok", first.error?.message);
        assert.ok(first.lines.includes(`season complete but for 1 problem its raw statistics answers show (fixture ${row.fixture_id}: total_shots of team ${row.team_id} is '${Number(shots) + 1}' where its raw answer gives '${shots}'): running in full`), first.lines.join("\n"));
        assert.deepEqual(first.counted, ["/fixtures?league=39&season=2020"], "the season answer only: the statistics come from the raw answer");
        assert.deepEqual(await after.get(keys.seasonStatistics), await lake.get(keys.seasonStatistics), "the statistics as the API gave them");

        await endsTheWeekAfter(after);
    });

    it("stay open while the season statistics lack a fixture's rows that its raw answer gives, and end once they are written again", async () => {
        const after = copyLake(lake);
        const rows = csvParse((await after.get(keys.seasonStatistics))!.toString());
        const id = rows[200].fixture_id;
        const kept = rows.filter((r) => r.fixture_id !== id);
        assert.equal(kept.length, rows.length - 2);
        await after.put(keys.seasonStatistics, csvFormat(kept, rows.columns) + "\n", "text/csv");

        const first = await runAt(after, "2021-06-01T08:00:00Z");
        assert.equal(first.summary?.outcome, "ok", first.error?.message);
        assert.ok(first.lines.some((l) => l.startsWith(`season complete but for 1 problem its raw statistics answers show (fixture ${id}: the lake holds no row of team `)), first.lines.join("\n"));
        assert.deepEqual(first.counted, ["/fixtures?league=39&season=2020"]);
        assert.deepEqual(await after.get(keys.seasonStatistics), await lake.get(keys.seasonStatistics), "both rows back");

        await endsTheWeekAfter(after);
    });

    it("stay open while a raw statistics answer cannot be read, and end once a run in full has set it aside, keeping the statistics it gave", async () => {
        const after = copyLake(lake);
        const raw = (await after.list(keys.rawStatisticsPrefix))[3];
        const text = (await after.get(raw))!.toString();
        await after.put(raw, text.slice(0, text.length / 2), "application/json");

        const first = await runAt(after, "2021-06-01T08:00:00Z");
        assert.ok(first.lines.some((l) => l.startsWith(`season complete but for 1 problem its raw statistics answers show (${raw} cannot be read (`)), first.lines.join("\n"));
        assert.equal(first.record?.outcome, "refused", "the raw answer is set aside, which the run reports");
        assert.ok(await after.get(rejectedKey(raw)), "kept as evidence");
        assert.deepEqual(first.counted, ["/fixtures?league=39&season=2020"], "its fixtures' statistics are in the lake: none is asked for");
        assert.deepEqual(await after.get(keys.seasonStatistics), await lake.get(keys.seasonStatistics));

        await endsTheWeekAfter(after);
    });

    it("stay open while the season table holds a row that cannot be read, and end once the season answer has written it again", async () => {
        const after = copyLake(lake);
        const rows = csvParse((await after.get(keys.seasonFixtures))!.toString());
        const damaged = rows.find((r) => r.status === "FT")!;
        const id = damaged.fixture_id;
        damaged.home_goals = "x";
        await after.put(keys.seasonFixtures, csvFormat(rows, rows.columns) + "\n", "text/csv");

        const first = await runAt(after, "2021-06-01T08:00:00Z");
        assert.equal(first.summary?.outcome, "ok", first.error?.message);
        assert.ok(first.lines.includes(`season table: 1 row the lake holds cannot be read (fixture ${id}: home_goals 'x' is not a score); left out, and written again from the season answer, or from the last one that listed them`), first.lines.join("\n"));
        assert.ok(first.lines.includes("season complete but for rows of the season table that cannot be read: running in full"), first.lines.join("\n"));
        assert.deepEqual(first.counted, ["/fixtures?league=39&season=2020"], "the season answer only: the fixture's statistics are in the lake");
        assert.deepEqual(await after.get(keys.seasonFixtures), await lake.get(keys.seasonFixtures), "the table as the API gives it");

        await endsTheWeekAfter(after);
    });

    /** The newest raw season answer of the replayed lake, and its date: what a complete season's table is held to. */
    const newestAnswer = async (of: MemoryLake) => {
        const [{ runDate: date, pages: [key] }] = answersByDate(await of.list(keys.rawFixturesPrefix));
        return { key, date };
    };

    it("stay open while the season table gives a score its newest raw season answer does not, as damage of the right form leaves it, and end once a run in full has written it again", async () => {
        const after = copyLake(lake);
        const rows = csvParse((await after.get(keys.seasonFixtures))!.toString());
        const damaged = rows.filter((r) => r.status === "FT")[120];
        const goals = damaged.home_goals!;
        damaged.home_goals = String(Number(goals) + 1);
        await after.put(keys.seasonFixtures, csvFormat(rows, rows.columns) + "\n", "text/csv");

        const first = await runAt(after, "2021-06-01T08:00:00Z");
        assert.equal(first.summary?.outcome, "ok", first.error?.message);
        const { date } = await newestAnswer(lake);
        assert.ok(first.lines.includes(`season table: 1 fixture taken from the season's newest raw answer, of ${date}, where the table the lake holds disagrees with it ` +
            `(fixture ${damaged.fixture_id}: home_goals is '${Number(goals) + 1}' where the answer gives '${goals}')`), first.lines.join("\n"));
        assert.ok(first.lines.includes("season complete but for its table, which its newest raw season answer does not bear out (above): running in full"), first.lines.join("\n"));
        assert.ok(!first.lines.some((l) => l.startsWith("the API gives another result")), "the season answer is checked against the table as its raw answer gives it: no correction");
        assert.deepEqual(first.counted, ["/fixtures?league=39&season=2020"]);
        for (const key of [keys.seasonFixtures, keys.teamTableLatest]) assert.deepEqual(await after.get(key), await lake.get(key), key);

        await endsTheWeekAfter(after);
    });

    it("stay open while the season table lacks a row its newest raw season answer gives, which left the match out of the analysis for good, and end once it is written again", async () => {
        const after = copyLake(lake);
        const rows = csvParse((await after.get(keys.seasonFixtures))!.toString());
        const lost = rows[250];
        await after.put(keys.seasonFixtures, csvFormat(rows.filter((r) => r !== lost), rows.columns) + "\n", "text/csv");

        const first = await runAt(after, "2021-06-01T08:00:00Z");
        assert.equal(first.summary?.outcome, "ok", first.error?.message);
        assert.ok(first.lines.some((l) => l.startsWith("season table: 1 fixture taken from the season's newest raw answer") && l.endsWith(`(fixture ${lost.fixture_id}: the table holds no readable row of it)`)), first.lines.join("\n"));
        assert.deepEqual(first.counted, ["/fixtures?league=39&season=2020"], "the season answer only: the match's statistics are in the lake");
        for (const key of [keys.seasonFixtures, keys.teamTableLatest]) assert.deepEqual(await after.get(key), await lake.get(key), key);

        await endsTheWeekAfter(after);
    });

    it("stay open while the newest raw season answer cannot be read, or holds a fixture the guard refuses, and end once a run in full has landed one that can", async () => {
        const { key, date } = await newestAnswer(lake);
        const text = (await lake.get(key))!.toString();
        const answer = JSON.parse(text);
        const first = answer.response[0];
        first.league.season = 2019;
        const damages: Array<[body: string, problem: string]> = [
            [text.slice(0, text.length / 2), `${key} is not JSON (`],
            [JSON.stringify(answer), `${key}: fixture ${first.fixture.id} belongs to league 39 season 2019, not 39/2020)`],
        ];
        for (const [body, problem] of damages) {
            const after = copyLake(lake);
            await after.put(key, body, "application/json");
            const run = await runAt(after, "2021-06-01T08:00:00Z");
            assert.equal(run.summary?.outcome, "ok", run.error?.message);
            assert.ok(run.lines.some((l) => l.startsWith(`season table: its newest raw season answer, of ${date}, cannot be read (`) && l.includes(problem) && l.endsWith("); the table is not checked against it")), run.lines.join("\n"));
            assert.ok(run.lines.includes("season complete but for its table, which its newest raw season answer does not bear out (above): running in full"), run.lines.join("\n"));
            assert.deepEqual(run.counted, ["/fixtures?league=39&season=2020"]);
            assert.deepEqual(await after.get(keys.seasonFixtures), await lake.get(keys.seasonFixtures));
            await endsTheWeekAfter(after);
        }
    });

    it("end a complete season past a raw season answer dated after the clock's day, one mistaken object that would otherwise hold every later run open", async () => {
        const after = copyLake(lake);
        const { key } = await newestAnswer(lake);
        // The season's last answer with one result it never gave, under a date ten years on.
        const answer = JSON.parse((await lake.get(key))!.toString());
        answer.response[0].goals.home += 1;
        await after.put(keys.rawFixtures("2031-05-25"), JSON.stringify(answer), "application/json");
        const run = await runAt(after, "2021-06-01T08:00:00Z");
        assert.equal(run.summary?.outcome, "season-complete", run.lines.join("\n"));
        assert.deepEqual(run.asked, ["/status"]);
    });

    it("end a complete season for an event delivered late, holding its table to the newest answer the clock's day allows, not to the one of the event's date", async () => {
        const after = copyLake(lake);
        // Named 2021-05-18, a week before the season's last answer, delivered on 2021-06-01. That week's answer had the last round not yet played.
        const late = await runOnce(after, new Date("2021-05-18T08:00:00Z"), { clock: () => new Date("2021-06-01T08:00:00Z") });
        assert.equal(late.summary?.outcome, "season-complete", late.error?.message);
        assert.deepEqual(late.asked, ["/status"]);
        assert.ok(!late.lines.some((l) => l.startsWith("season table")), late.lines.join("\n"));
    });

    it("rebuild a runs table that is not CSV at all from the records, with no row of nothing left from it", async () => {
        const after = copyLake(lake);
        await after.put(keys.runs, 'junk\n"', "text/csv");
        const { summary } = await runAt(after, "2021-06-01T08:00:00Z");
        assert.equal(summary?.outcome, "season-complete");
        const ids = csvParse((await after.get(keys.runs))!.toString()).map((r) => r.run_id);
        const recorded = (await after.list(keys.runsPrefix)).map((k) => /_([0-9a-f-]+)_[a-z-]+\.json$/.exec(k)![1]);
        assert.deepEqual([...ids].sort(), [...recorded].sort(), "one row per record, and nothing else");
    });

    it("leave out a record that cannot go into the runs table, and name it, rather than fail every run after it", async () => {
        const after = copyLake(lake);
        const dated = (id: string) => `${keys.runsPrefix}run_date=2021-05-25/2021-05-25T09-00-00.000Z_${id}_ok.json`;
        const good = JSON.parse((await after.get((await after.list(keys.runsPrefix))[0]))!.toString());
        await after.put(dated("0000-null"), "null", "application/json");
        await after.put(dated("0000-break"), JSON.stringify({ ...good, run_id: "0000-break", error_message: "two\nlines" }), "application/json");
        await after.put(dated("0000-other"), JSON.stringify({ ...good, run_id: "0000-elsewhere" }), "application/json");
        await after.put(dated("0000-junk"), '{"run_id":"0000-junk",', "application/json");
        for (const at of ["2021-06-01T08:00:00Z", "2021-06-08T08:00:00Z"]) {
            const { summary, lines } = await runAt(after, at);
            assert.equal(summary?.outcome, "season-complete", "the run succeeds");
            for (const [id, problem] of [["0000-null", "it is not an object"], ["0000-break", "error_message holds a line break"], ["0000-other", "run_id '0000-elsewhere' is not 0000-other, the id its key names"]]) {
                assert.ok(lines.includes(`runs table: leaving out the record ${dated(id)}, which cannot be read (${problem})`), lines.join("\n"));
            }
            assert.ok(lines.some((l) => l.startsWith(`runs table: leaving out the record ${dated("0000-junk")}, which cannot be read (it is not JSON (`)), lines.join("\n"));
        }
        const text = (await after.get(keys.runs))!.toString();
        assert.deepEqual(csvParse(text).map((r) => r.run_id), [...csvParse((await lake.get(keys.runs))!.toString()).map((r) => r.run_id), ...["2021-06-01", "2021-06-08"].map((d) => csvParse(text).find((r) => r.run_date === d)!.run_id)]);
        assert.equal(text.split("\n").length, summaries.length + 2 + 2, "header, a line per run and the final newline: no line break inside a field");
    });

    it("write a runs table with no backslash in it, where an earlier version wrote one from a record, and leave the record whole", async () => {
        const after = copyLake(lake);
        // A failed run's record and row as a version before this check wrote them, the message quoting an answer's JSON.
        const message = 'API-Football other error from /fixtures?league=39&season=2020: the response is not JSON: {"city":"M\\u00fcnchen","logo":"https:\\/\\/media"';
        const good = JSON.parse((await after.get((await after.list(keys.runsPrefix))[0]))!.toString());
        const failed = { ...good, run_id: "0000-failed", run_date: "2021-05-25", started_utc: "2021-05-25T09:00:00.000Z", ended_utc: "2021-05-25T09:00:01.000Z", outcome: "failed", error_kind: "ApiFootballError:other", error_message: message };
        const recordKey = `${keys.runsPrefix}run_date=2021-05-25/2021-05-25T09-00-00.000Z_0000-failed_failed.json`;
        await after.put(recordKey, JSON.stringify(failed), "application/json");
        const rows = csvParse((await after.get(keys.runs))!.toString());
        await after.put(keys.runs, csvFormat([...rows, failed], rows.columns) + "\n", "text/csv");
        assert.ok((await after.get(keys.runs))!.toString().includes("M\\u00fcnchen"), "the table as it was written");
        const { summary } = await runAt(after, "2021-06-01T08:00:00Z");
        assert.equal(summary?.outcome, "season-complete");
        const text = (await after.get(keys.runs))!.toString();
        assert.ok(!text.includes("\\"), text);
        const row = csvParse(text).find((r) => r.run_id === "0000-failed")!;
        assert.equal(row.error_message, 'API-Football other error from /fixtures?league=39&season=2020: the response is not JSON: {"city":"Mu00fcnchen","logo":"https://media"');
        assert.equal(JSON.parse((await after.get(recordKey))!.toString()).error_message, message, "the record keeps the message whole");
    });

    it("say nothing of the runs table when every row and record can be read, a heartbeat's first look beside them", async () => {
        const after = copyLake(lake);
        // What the heartbeat leaves where no run has succeeded yet, and keeps after.
        await after.put(`${keys.runsPrefix}watch-started.json`, '{"since":"2020-09-01T00:00:00.000Z"}\n', "application/json");
        const { summary, lines } = await runAt(after, "2021-06-01T08:00:00Z");
        assert.equal(summary?.outcome, "season-complete");
        assert.deepEqual(lines.filter((l) => l.startsWith("runs table")), []);
        assert.equal(csvParse((await after.get(keys.runs))!.toString()).length, summaries.length + 1);
    });

    it("read a runs-table row holding a value of the wrong type again from its record, rather than keep it", async () => {
        const after = copyLake(lake);
        const held = csvParse((await lake.get(keys.runs))!.toString());
        const rows = csvParse((await after.get(keys.runs))!.toString());
        rows[3].duration_s = "x";
        rows[5].requests = "2.5";
        await after.put(keys.runs, csvFormat(rows, rows.columns) + "\n", "text/csv");
        const { summary, lines } = await runAt(after, "2021-06-01T08:00:00Z");
        assert.equal(summary?.outcome, "season-complete");
        assert.ok(lines.includes("runs table: leaving out 2 rows that cannot be read (duration_s 'x' is not a number, and more); each is read again from its record"), lines.join("\n"));
        const mended = csvParse((await after.get(keys.runs))!.toString());
        assert.deepEqual(mended.slice(0, held.length), [...held], "every row as the records say");
    });

    it("include a failed run, with its error's kind and message, the key scrubbed", async () => {
        const after = copyLake(lake);
        const { error } = await runAt(after, "2021-06-08T08:00:00Z", "a-key-the-api-refuses");
        assert.match(error!.message, /token error/);
        const last = csvParse((await after.get(keys.runs))!.toString()).pop()!;
        assert.deepEqual([last.outcome, last.error_kind, last.run_date], ["failed", "ApiFootballError:token", "2021-06-08"]);
        assert.match(last.error_message!, /^API-Football token error from \/status: /);
        const records = await after.list(keys.runsPrefix);
        const failed = records.find((k) => k.includes("run_date=2021-06-08"))!;
        assert.ok(!(await after.get(failed))!.toString().includes("a-key-the-api-refuses"), "the key is scrubbed");
        assert.equal(parseRecordKey(failed)!.outcome, "failed");
    });
});

describe("a failed run's record", () => {
    it("keeps the error message on one line, which Athena's CSV reader needs", async () => {
        const lake = seededLake();
        const server = new ScriptedServer((_, url) => (url.startsWith("/status")
            ? { body: JSON.stringify({ get: "status", parameters: [], errors: [], results: 1, paging: { current: 1, total: 1 }, response: { requests: { current: 0, limit_day: 100 } } }) }
            : { status: 400, body: "bad request:\nthe upstream said no\r\n  twice" }));
        const baseUrl = await server.start();
        try {
            const api = new ApiFootballClient({ host: "api-sports", key: EMULATOR_KEY, baseUrl, fetch: localFetch });
            await assert.rejects(runEtl({ api, lake, league: 39, season: 2020, now: new Date("2020-09-15T08:00:00Z"), dailyBudget: 90 }), /HTTP 400/);
        } finally {
            await server.stop();
        }
        const text = (await lake.get(keys.runs))!.toString();
        assert.equal(text.trimEnd().split("\n").length, 2, "a header and one row");
        assert.match(csvParse(text)[0].error_message!, /bad request: the upstream said no twice$/);
    });
});

describe("the heartbeat's reading of the run records", () => {
    const key = (started: string, outcome: string) => recordKey(39, 2020, { run_date: started.slice(0, 10), started_utc: started, run_id: "0b7e3c2a-1111-2222-3333-444455556666", outcome: outcome as never });

    it("counts hours from the start of the last successful run, whatever failed after it", () => {
        const keys = [key("2021-05-18T08:00:01.500Z", "ok"), key("2021-05-25T08:00:00.000Z", "failed"), key("2021-05-11T08:00:00.000Z", "budget")];
        assert.equal(hoursSinceLastSuccess(keys, new Date("2021-05-26T08:00:01.500Z")), 8 * 24);
    });

    it("takes a run stopped at the budget after some requests as a success, and one stopped before its first as none", () => {
        // A key whose quota another client spends each morning: every run stops before it asks anything.
        const keys = [key("2021-05-04T08:00:00.000Z", "budget"), key("2021-05-11T08:00:00.000Z", "no-budget"), key("2021-05-18T08:00:00.000Z", "no-budget")];
        assert.equal(hoursSinceLastSuccess(keys, new Date("2021-05-18T09:00:00.000Z")), 14 * 24 + 1);
        assert.equal(hoursSinceLastSuccess(keys.slice(1), new Date("2021-05-18T09:00:00.000Z")), undefined);
    });

    it("takes a season-complete run as a success, and knows no success in a list of failures", () => {
        assert.equal(hoursSinceLastSuccess([key("2021-06-01T08:00:00.000Z", "season-complete")], new Date("2021-06-01T20:00:00.000Z")), 12);
        assert.equal(hoursSinceLastSuccess([key("2021-06-01T08:00:00.000Z", "refused"), key("2021-06-08T08:00:00.000Z", "failed")], new Date("2021-06-09T00:00:00Z")), undefined);
        assert.equal(hoursSinceLastSuccess(["raw-data/runs/league=39/season=2020/watch-started.json"], new Date()), undefined);
    });

    it("passes over a successful record whose key holds an impossible time, rather than losing the count", () => {
        const keys = [key("2021-05-18T08:00:00.000Z", "ok"), key("2021-13-40T08:00:00.000Z", "ok")];
        assert.equal(parseRecordKey(keys[1])!.outcome, "ok", "the key itself is well formed");
        assert.equal(hoursSinceLastSuccess(keys, new Date("2021-05-19T08:00:00.000Z")), 24);
    });

    it("reads a run record only from a key that ends as a record's does, not from a copy beside it", () => {
        const record = key("2021-05-18T08:00:00.000Z", "ok");
        for (const other of [`${record}.bak`, `${record}/`, record.replace(/\.json$/, ".jsonl")]) assert.equal(parseRecordKey(other), undefined, other);
        assert.equal(hoursSinceLastSuccess([`${record}.bak`], new Date("2021-05-19T08:00:00.000Z")), undefined);
    });

    it("reads the start time back from a key exactly", () => {
        assert.deepEqual(parseRecordKey(key("2021-05-18T08:00:01.500Z", "season-complete")), { startedUtc: "2021-05-18T08:00:01.500Z", runId: "0b7e3c2a-1111-2222-3333-444455556666", outcome: "season-complete" });
    });

    it("reads the time of its first look back as written, and names a first look that holds none", () => {
        const now = new Date("2021-01-09T06:30:00Z");
        assert.deepEqual(markerSince('{"since":"2021-01-01T00:00:00.000Z"}\n', now), { since: Date.UTC(2021, 0, 1) });
        assert.deepEqual(markerSince('{"since":"2021-01-09T06:30:00.000Z"}', now), { since: now.getTime() }, "a first look this instant");
        assert.deepEqual(markerSince("junk", now), { problem: "it is not JSON" });
        assert.deepEqual(markerSince("", now), { problem: "it is not JSON" });
        assert.deepEqual(markerSince("null", now), { problem: "its since 'undefined' is not a time" });
        assert.deepEqual(markerSince('{"since":"yesterday"}', now), { problem: "its since 'yesterday' is not a time" });
        assert.deepEqual(markerSince('{"since":1609459200000}', now), { problem: "its since '1609459200000' is not a time" });
        assert.deepEqual(markerSince('{"since":"2021-01-01T00:00:00Z"}', now), { problem: "its since '2021-01-01T00:00:00Z' is not a time" }, "a time the heartbeat never writes");
        assert.deepEqual(markerSince('{"since":"2021-01-09T06:30:00.001Z"}', now), { problem: "its since 2021-01-09T06:30:00.001Z is after now" });
    });
});

describe("the raw season answers among the lake's keys", () => {
    // Written out by hand as the run lands an answer: page 1 bare, each further page suffixed.
    const prefix = "raw-data/api-football/fixtures/league=39/season=2020/";
    const at = (name: string) => prefix + name;

    it("are grouped by run date, newest first, each with every page of it, the tenth and later too", () => {
        const keys = ["run_date=2021-05-18.json", "run_date=2021-05-18.page-10.json", "run_date=2021-05-18.page-2.json", "run_date=2021-05-25.json", "run_date=2021-05-25.page-12.json"].map(at);
        assert.deepEqual(answersByDate(keys), [
            { runDate: "2021-05-25", pages: [at("run_date=2021-05-25.json"), at("run_date=2021-05-25.page-12.json")] },
            { runDate: "2021-05-18", pages: [at("run_date=2021-05-18.json"), at("run_date=2021-05-18.page-10.json"), at("run_date=2021-05-18.page-2.json")] },
        ]);
    });

    it("are read only from keys that end as an answer's do, not from a copy beside one", () => {
        const others = ["run_date=2021-05-18.json.bak", "run_date=2021-05-25.json~", "run_date=2021-05-25.page-2.json.1", "run_date=2021-05-26.page-x.json", "run_date=2021-5-27.json"];
        assert.deepEqual(answersByDate([at("run_date=2021-05-18.json"), ...others.map(at)]), [{ runDate: "2021-05-18", pages: [at("run_date=2021-05-18.json")] }]);
    });
});

describe("team codes for a season", function () {
    this.timeout(60_000);
    // 2020/21's promoted clubs: Leeds, West Brom and Fulham, the rows a file written for 2019/20 would lack.
    const PROMOTED = [63, 60, 36];
    const withoutPromoted = TEAMCODES.toString().split("\n").filter((line) => !PROMOTED.some((id) => line.startsWith(`${id},`))).join("\n");

    it("come from /teams, asked once, for the clubs the uploaded file lacks; the uploaded file wins for the rest", async () => {
        const lake = seededLake(withoutPromoted);
        const first = await runAt(lake, "2020-09-22T08:00:00Z");
        assert.equal(first.summary?.outcome, "ok", first.error?.message);
        assert.deepEqual(first.asked.filter((p) => p.startsWith("/teams")), ["/teams?league=39&season=2020"]);
        assert.ok(await lake.get(keys.rawTeams("2020-09-22")), "the raw /teams answer lands");
        const codes = csvParse((await lake.get(keys.seasonTeamcodes))!.toString());
        assert.equal(codes.length, 20);
        const bySource = (source: string) => codes.filter((r) => r.source === source).map((r) => Number(r.id)).sort((a, b) => a - b);
        assert.deepEqual(bySource("api"), [...PROMOTED].sort((a, b) => a - b));
        assert.equal(bySource("teamcodes.csv").length, 17);
        // The emulator's /teams codes are teamcodes.csv's, so the merged file has every code the full file has.
        const full = new Map(csvParse(TEAMCODES.toString()).map((r) => [Number(r.id), r.code]));
        for (const r of codes) assert.equal(r.code, full.get(Number(r.id)), r.name);
        const table = csvParse((await lake.get(keys.teamTableLatest))!.toString());
        assert.ok(table.every((r) => r.team_code && r.team_code === full.get(Number(r.team_id))));
        const svg = (await lake.get(keys.chartLatest))!.toString();
        for (const id of PROMOTED) assert.ok(svg.includes(`>${full.get(id)}</text>`), `chart label ${full.get(id)}`);

        const second = await runAt(lake, "2020-09-29T08:00:00Z");
        assert.deepEqual(second.asked.filter((p) => p.startsWith("/teams")), [], "asked once a season");
    });

    it("need no request when the uploaded file covers the season", async () => {
        const lake = seededLake();
        const { asked, lines } = await runAt(lake, "2020-09-22T08:00:00Z");
        assert.deepEqual(asked.filter((p) => p.startsWith("/teams")), []);
        assert.deepEqual(lines.filter((l) => l.startsWith("team codes")), [], "nothing to say of a file the check passes");
        const codes = csvParse((await lake.get(keys.seasonTeamcodes))!.toString());
        assert.ok(codes.every((r) => r.source === "teamcodes.csv"));
    });

    it("need no request either when the uploaded file was saved by a spreadsheet, with a byte-order mark and CRLF line ends", async () => {
        const lake = seededLake("\uFEFF" + TEAMCODES.toString("utf8").replace(/\n/g, "\r\n"));
        const { asked } = await runAt(lake, "2020-09-22T08:00:00Z");
        assert.deepEqual(asked.filter((p) => p.startsWith("/teams")), []);
        const codes = csvParse((await lake.get(keys.seasonTeamcodes))!.toString());
        const uploaded = csvParse(TEAMCODES.toString("utf8"));
        const byId = (a: string[], b: string[]) => Number(a[0]) - Number(b[0]);
        assert.deepEqual(codes.map((r) => [r.id!, r.code!, r.source!]).sort(byId), uploaded.map((r) => [r.id!, r.code!, "teamcodes.csv"]).sort(byId));
    });

    it("come from /teams for every club when the uploaded file is not in the lake, with nothing said of a file that is not there", async () => {
        const lake = new MemoryLake();
        const { summary, error, lines, counted } = await runAt(lake, "2020-09-22T08:00:00Z");
        assert.equal(summary?.outcome, "ok", error?.message);
        assert.deepEqual(counted.filter((p) => p.startsWith("/teams")), ["/teams?league=39&season=2020"]);
        assert.deepEqual(lines.filter((l) => l.startsWith("team codes")), []);
        const codes = csvParse((await lake.get(keys.seasonTeamcodes))!.toString());
        assert.equal(codes.length, 20);
        assert.ok(codes.every((r) => r.source === "api"), "the emulator's /teams gives a code to every club");
    });

    it("take no code from a line the upload check refuses, in a file that reached the lake without it; the run logs the lines and the API gives those teams theirs", async () => {
        // As a copy put there by hand would be: Aston Villa given Arsenal's code, Brighton a name for a code.
        const edited = TEAMCODES.toString().replace("66,Aston Villa,AST", "66,Aston Villa,ARS").replace("51,Brighton,BRI", "51,Brighton,Brighton & Hove");
        const lineOf = (id: number) => teamcodesLine(edited, id);
        const lake = seededLake(edited);
        const { summary, error, lines, counted } = await runAt(lake, "2020-09-22T08:00:00Z");
        assert.equal(summary?.outcome, "ok", error?.message);
        assert.ok(lines.includes(`team codes: processed-data/teamcodes.csv has lines the upload check refuses, and their codes are not used (line ${lineOf(66)}: code ARS is on line ${lineOf(42)} too; line ${lineOf(51)}: code 'Brighton & Hove' is not three capital letters); their teams take the API's code or one made from their name`), lines.join("\n"));
        assert.deepEqual(counted.filter((p) => p.startsWith("/teams")), ["/teams?league=39&season=2020"], "asked once for the two teams without a code");
        const codes = csvParse((await lake.get(keys.seasonTeamcodes))!.toString());
        const codeOf = (id: number) => codes.find((r) => Number(r.id) === id);
        assert.deepEqual([codeOf(42)?.code, codeOf(42)?.source], ["ARS", "teamcodes.csv"]);
        assert.deepEqual([codeOf(66)?.code, codeOf(66)?.source], ["AST", "api"], "the emulator's /teams gives teamcodes.csv's codes");
        assert.deepEqual([codeOf(51)?.code, codeOf(51)?.source], ["BRI", "api"]);
        const svg = (await lake.get(keys.chartLatest))!.toString();
        assert.equal(svg.split(">ARS</text>").length - 1, 1, "one ARS label");
        assert.ok(!svg.includes("Brighton &amp; Hove"));
    });

    /** A run on `lake` at `at`; /teams answers pass through `teams` when given. */
    const teamsRun = (lake: MemoryLake, at: string, extra: { budget?: number; teams?: (answer: Envelope) => Envelope | string } = {}) =>
        runOnce(lake, new Date(at), { budget: extra.budget, rewrite: extra.teams && ((path, _params, answer) => (path === "/teams" ? extra.teams!(answer) : undefined)) });
    const sourceOf = async (lake: MemoryLake, id: number) => csvParse((await lake.get(keys.seasonTeamcodes))!.toString()).find((r) => Number(r.id) === id)?.source;

    it("wait for the next run when the budget is spent before /teams, made from the names meanwhile", async () => {
        const lake = seededLake(withoutPromoted);
        // The season and the first weekend's 8 fixtures: the budget of 2 is spent.
        const first = await teamsRun(lake, "2020-09-15T08:00:00Z", { budget: 2 });
        assert.equal(first.summary?.outcome, "ok", first.error?.message);
        assert.ok(first.lines.includes("team codes: daily budget reached before /teams?league=39&season=2020: 2 of 2 requests this run may make; the next run asks /teams"), first.lines.join("\n"));
        assert.equal(await sourceOf(lake, 63), "derived");
        const leeds = csvParse((await lake.get(keys.seasonTeamcodes))!.toString()).find((r) => Number(r.id) === 63);
        assert.deepEqual({ ...leeds }, { id: "63", name: "Leeds", code: "LEE", source: "derived" }, "made from the name the fixtures give");
        const second = await teamsRun(lake, "2020-09-22T08:00:00Z");
        assert.deepEqual(second.asked.filter((p) => p.startsWith("/teams")), ["/teams?league=39&season=2020"]);
        assert.equal(await sourceOf(lake, 63), "api");
    });

    it("keep a refused /teams answer as evidence and do not ask for it again that season", async () => {
        const lake = seededLake(withoutPromoted);
        const first = await teamsRun(lake, "2020-09-22T08:00:00Z", { teams: (a) => ({ ...a, response: "no teams" }) });
        assert.match(first.error!.message, /^1 answer refused: API-Football answer from \/teams\?league=39&season=2020 was not written to the lake \(rule not-a-list\)/);
        const kept = JSON.parse((await lake.get("raw-data/api-football/rejected/teams/league=39/season=2020/run_date=2020-09-22.json"))!.toString());
        assert.equal(kept.response, "no teams");
        assert.equal(await lake.get(keys.rawTeams("2020-09-22")), undefined);
        assert.equal(await sourceOf(lake, 63), "derived", "the table still has a code for every club");
        const second = await teamsRun(lake, "2020-09-29T08:00:00Z");
        assert.equal(second.summary?.outcome, "ok", second.error?.message);
        assert.deepEqual(second.asked.filter((p) => p.startsWith("/teams")), []);
    });

    it("come from the /teams answer the lake holds, and one that cannot be read is set aside and never read again", async () => {
        const lake = seededLake(withoutPromoted);
        await teamsRun(lake, "2020-09-22T08:00:00Z");
        const landed = keys.rawTeams("2020-09-22");
        const good = (await lake.get(landed))!;
        // A later copy that cannot be read: the newest landed answer is the one read.
        const broken = keys.rawTeams("2020-09-29");
        await lake.put(broken, good.toString().slice(0, 100), "application/json");
        const first = await teamsRun(lake, "2020-09-29T08:00:00Z");
        assert.match(first.error!.message, new RegExp(`answer from ${broken.replace(/[.]/g, "\\.")} was not written to the lake \\(rule unreadable-raw\\): set aside, cannot be read`));
        assert.equal((await lake.get(broken.replace("raw-data/api-football/", "raw-data/api-football/rejected/")))!.toString(), good.toString().slice(0, 100));
        assert.deepEqual(first.asked.filter((p) => p.startsWith("/teams")), []);
        const second = await teamsRun(lake, "2020-10-06T08:00:00Z");
        assert.equal(second.summary?.outcome, "ok", second.error?.message);
        assert.equal(await sourceOf(lake, 63), "api", "read from the answer landed first");
    });

    it("come from the /teams answer landed before, where the newest one the lake holds is over the 16 MiB a run reads: that one is set aside as nothing, its size logged", async () => {
        const lake = seededLake(withoutPromoted);
        await teamsRun(lake, "2020-09-22T08:00:00Z");
        const big = keys.rawTeams("2020-09-29");
        await lake.put(big, " ".repeat(MAX_LAKE_READ_BYTES + 1), "application/json");
        const first = await teamsRun(lake, "2020-09-29T08:00:00Z");
        assert.ok(first.lines.some((l) => l.includes(`${big} is ${MAX_LAKE_READ_BYTES + 1} bytes`)), first.lines.join("\n"));
        assert.match(first.error!.message, new RegExp(`answer from ${big.replace(/[.]/g, "\\.")} was not written to the lake \\(rule unreadable-raw\\): set aside, cannot be read`));
        // Nothing of it was read, so nothing of it is copied: the object stays where it is, whole.
        assert.equal((await lake.get(rejectedKey(big)))!.toString(), "");
        assert.equal((await lake.list(big)).length, 1);
        assert.deepEqual(first.asked.filter((p) => p.startsWith("/teams")), []);
        const second = await teamsRun(lake, "2020-10-06T08:00:00Z");
        assert.equal(second.summary?.outcome, "ok", second.error?.message);
        assert.equal(await sourceOf(lake, 63), "api", "read from the answer landed first");
        assert.ok(!second.lines.some((l) => l.includes(big)), "not read again");
    });

    it("are made from the name when neither the file nor the API has one, never clashing", () => {
        assert.equal(deriveCode("Nottingham Forest", new Set()), "NOT");
        assert.equal(deriveCode("Nottingham Forest", new Set(["NOT"])), "NOI");
        assert.equal(deriveCode("Nottingham Forest", new Set(["NOT", "NOI"])), "NON");
        const rows = mergeTeamCodes([{ id: 1, name: "Newcastle" }, { id: 2, name: "Newport County" }], {}, [{ id: 1, name: "Newcastle", code: null }]);
        assert.deepEqual(rows.map((r) => [r.code, r.source]), [["NEW", "derived"], ["NEP", "derived"]]);
    });
});

describe("the runs table", () => {
    it("holds every run once (the last record read for its id), oldest first, runs started in the same instant in the order of their ids", () => {
        const record = (run_id: string, started_utc: string, outcome = "ok") => ({ run_id, started_utc, outcome });
        const table = runsTable([
            record("c", "2021-05-25T08:00:00.000Z"), record("b", "2021-05-18T08:00:00.000Z"), record("a", "2021-05-25T08:00:00.000Z"),
            record("b", "2021-05-18T08:00:00.000Z", "failed"),
        ]);
        assert.deepEqual(table.map((r) => [r.run_id, r.outcome]), [["b", "failed"], ["a", "ok"], ["c", "ok"]]);
    });

    it("holds no backslash, which Athena's CSV reader takes for an escape, in an error message quoting an answer's JSON", () => {
        // A message of this project's form, quoting recorded answer text: Munich as API-Football escapes it, and a logo's slashes.
        const recorded = readData("api-football", "syurchen93-api-football-client", "fixtures-bundes-ns-pst.json");
        const quoted = recorded.slice(recorded.indexOf('"city":"M'), recorded.indexOf('"city":"M') + 22) + " " + recorded.slice(recorded.indexOf('"logo":"https:'), recorded.indexOf('"logo":"https:') + 30);
        assert.equal(quoted, '"city":"M\\u00fcnchen"} "logo":"https:\\/\\/media.api-sp', "the recorded text has its backslashes");
        const message = `API-Football other error from /fixtures?league=78&season=2023: the response is not JSON: ${quoted}`;
        const csv = toCsv(runsTable([{ run_id: "a", started_utc: "2021-05-25T08:00:00.000Z", outcome: "failed", error_kind: "ApiFootballError:other", error_message: message, requests: 1 }]), RUN_COLUMNS);
        assert.ok(!csv.includes("\\"), csv);
        const [row] = csvParse(csv);
        assert.equal(row.error_message, 'API-Football other error from /fixtures?league=78&season=2023: the response is not JSON: "city":"Mu00fcnchen"} "logo":"https://media.api-sp');
        assert.deepEqual([row.run_id, row.started_utc, row.outcome, row.error_kind, row.requests], ["a", "2021-05-25T08:00:00.000Z", "failed", "ApiFootballError:other", "1"], "nothing else changed");
    });

    // A record as a run writes it (the replay's second run), and the same run's row as the table holds it.
    const record = {
        run_id: "596ed063-e47c-46ec-a6c0-049c10c44021", run_date: "2020-09-22", started_utc: "2026-11-29T05:10:02.382Z", ended_utc: "2026-11-29T05:10:02.495Z",
        duration_s: 0.11, outcome: "ok", error_kind: null, error_message: null, requests: 2, quota_used: 2, quota_limit: 100,
        fixtures: 380, finished: 18, landed: 10, in_lake: 18, pending: 0, unavailable: 0, files_written: 26, code_version: "unknown",
    };
    const row = csvParse("run_id,run_date,started_utc,ended_utc,duration_s,outcome,error_kind,error_message,requests,quota_used,quota_limit,fixtures,finished,landed,in_lake,pending,unavailable,files_written,code_version\n"
        + "596ed063-e47c-46ec-a6c0-049c10c44021,2020-09-22,2026-11-29T05:10:02.382Z,2026-11-29T05:10:02.495Z,0.11,ok,,,2,2,100,380,18,10,18,0,0,26,unknown\n")[0];

    it("takes a record as a run writes it, and its row as the table holds it, blank optional columns included", () => {
        assert.equal(runRowProblem(record, record.run_id), undefined);
        assert.equal(runRowProblem(row), undefined);
        assert.equal(runRowProblem({ ...record, outcome: "failed", error_kind: "HttpError:503", error_message: "API-Football: 503 from /status", quota_used: null, quota_limit: null }), undefined);
        assert.equal(runRowProblem({ ...row, code_version: "", files_written: "", duration_s: "" }), undefined, "a column a version did not write yet");
        assert.equal(runRowProblem({ ...record, duration_s: 12, requests: -0 }), undefined);
        const { code_version: _, quota_limit: __, ...lacking } = record;
        assert.equal(runRowProblem(lacking, record.run_id), undefined, "a record of a version that did not write every column");
    });

    it("names what keeps a record or row out of the table: not an object, a nested value, a line break, a value its column's type cannot parse", () => {
        for (const v of [null, "abc", [record], 5]) assert.equal(runRowProblem(v), "it is not an object", JSON.stringify(v));
        assert.equal(runRowProblem({ ...record, requests: { n: 2 } }), "requests is not a single value");
        assert.equal(runRowProblem({ ...record, landed: true }), "landed is not a single value");
        assert.equal(runRowProblem({ ...record, error_message: "one\ntwo" }), "error_message holds a line break");
        assert.equal(runRowProblem({ ...record, code_version: "1.0.0\r" }), "code_version holds a line break");
        assert.equal(runRowProblem({ ...row, requests: "2.5" }), "requests '2.5' is not a whole number");
        assert.equal(runRowProblem({ ...row, requests: "1e3" }), "requests '1e3' is not a whole number");
        assert.equal(runRowProblem({ ...row, quota_limit: "x" }), "quota_limit 'x' is not a whole number");
        assert.equal(runRowProblem({ ...row, duration_s: "x" }), "duration_s 'x' is not a number");
        assert.equal(runRowProblem({ ...row, duration_s: " 0.11" }), "duration_s ' 0.11' is not a number");
        assert.equal(runRowProblem({ ...row, duration_s: "Infinity" }), "duration_s 'Infinity' is not a number");
        // Forms Number() reads as a number and the writer never gives: before, a row holding one was kept, and written again at every run.
        for (const form of ["0x10", "1e1", "0.110", "+0.11"]) assert.equal(runRowProblem({ ...row, duration_s: form }), `duration_s '${form}' is not a number`);
        assert.equal(runRowProblem({ ...row, ended_utc: "soon" }), "ended_utc 'soon' is not a time");
        assert.equal(runRowProblem({ ...row, started_utc: "2026-11-29 05:10:02" }), "started_utc '2026-11-29 05:10:02' is not a time");
        assert.equal(runRowProblem({ ...row, started_utc: "2026-13-29T05:10:02.382Z" }), "started_utc '2026-13-29T05:10:02.382Z' is not a time");
        // Times Date.parse reads, but not as toISOString writes them: one would sort out of order among the table's times as text.
        for (const form of ["2026-11-29T05:10:02Z", "2026-11-29T05:10:02.5Z", "2026-11-29T05:10:02.3821Z", "2026-11-29T05:10:02.382+00:00", "2026-02-30T05:10:02.382Z"]) {
            assert.equal(runRowProblem({ ...row, started_utc: form }), `started_utc '${form}' is not a time`);
        }
    });

    it("names a row that says nothing of which run it is, when, or how it ended", () => {
        for (const name of ["run_id", "run_date", "started_utc", "outcome"]) {
            assert.equal(runRowProblem({ ...row, [name]: "" }), `${name} is blank`);
            assert.equal(runRowProblem({ ...record, [name]: null }), `${name} is blank`);
        }
        assert.equal(runRowProblem({ ...row, run_id: "a b" }), "run_id 'a b' is not a run id");
        assert.equal(runRowProblem(record, "596ed063"), "run_id '596ed063-e47c-46ec-a6c0-049c10c44021' is not 596ed063, the id its key names");
        assert.equal(runRowProblem({ ...row, run_date: "22.09.2020" }), "run_date '22.09.2020' is not a date");
        assert.equal(runRowProblem({ ...row, run_date: "2020-09-22T08" }), "run_date '2020-09-22T08' is not a date");
        assert.equal(runRowProblem({ ...row, run_date: "x2020-09-22" }), "run_date 'x2020-09-22' is not a date");
        assert.equal(runRowProblem({ ...row, outcome: "maybe" }), "outcome 'maybe' is not one of ok, budget, no-budget, season-complete, refused, failed");
    });

    it("drops a row without a run id, which a damaged table leaves and no run writes", () => {
        assert.deepEqual(runsTable([{ run_id: "", started_utc: "" }, { started_utc: "2021-05-18T08:00:00.000Z" }, { run_id: "a", started_utc: "2021-05-25T08:00:00.000Z" }]).map((r) => r.run_id), ["a"]);
    });
});

describe("a run's date", function () {
    this.timeout(60_000);
    const times = seasonRunTimes();
    const day = (d: Date) => d.toISOString().slice(0, 10);
    let lake: MemoryLake;

    before(async () => {
        lake = seededLake();
        await replaySeason({ lake, runTimes: times.slice(0, 8) });
    });

    it("may not come before the latest date the lake holds the season for: such a run would rewrite that day's history with today's results", async () => {
        const after = copyLake(lake);
        // An event named with an older time (a stale or copied payload), while the API answers as of the latest run.
        const stale = await runOnce(after, times[5], { apiAt: new Date(times[7].getTime() + 3_600_000) });
        assert.equal(stale.error?.name, "RunDateRefused");
        assert.equal(stale.error?.message, `the run's date ${day(times[5])} is before ${day(times[7])}, the latest date the lake holds the season for: ` +
            `it would overwrite ${day(times[5])}'s tables with results as they are now. Give the event the current time`);
        assert.deepEqual([stale.record?.outcome, stale.record?.error_kind, stale.record?.run_date, stale.record?.files_written], ["failed", "RunDateRefused", day(times[5]), 0]);
        assert.deepEqual(stale.counted, [], "nothing asked that counts");
        const held = [...lake.objects].filter(([k]) => !isRunRecord(k));
        assert.deepEqual([...after.objects.keys()].filter((k) => !isRunRecord(k)).sort(), held.map(([k]) => k).sort());
        for (const [k, v] of held) assert.ok(after.objects.get(k)!.equals(v), `${k} is as it was`);
    });

    it("may be the latest date again, and any later one", async () => {
        const after = copyLake(lake);
        assert.equal((await runOnce(after, times[7])).summary?.outcome, "ok");
        assert.equal((await runOnce(after, times[8])).summary?.outcome, "ok");
    });

    it("is not held back by a raw answer dated after the clock's day, which no run that happened can have written", async () => {
        const after = copyLake(lake);
        await after.put(keys.rawFixtures("2099-01-05"), (await after.get(keys.rawFixtures(day(times[7]))))!, "application/json");
        assert.equal((await runOnce(after, times[8])).summary?.outcome, "ok");
    });

    it("may not be more than an hour after the clock's time, or today's results would be dated a day to come", async () => {
        const after = copyLake(lake);
        const at = times[8];
        const ahead = await runOnce(after, at, { clock: () => new Date(at.getTime() - 3_600_001) });
        assert.equal(ahead.error?.message, `the run's time ${at.toISOString()} is after the clock's ${new Date(at.getTime() - 3_600_001).toISOString()}: ` +
            `a run is named by the time it runs, or today's results would be dated ${day(at)}`);
        assert.deepEqual(ahead.counted, []);
        assert.equal((await runOnce(after, at, { clock: () => new Date(at.getTime() - 3_600_000) })).summary?.outcome, "ok", "an hour ahead is a fast clock");
    });

    it("is not checked when the season is complete, since such a run writes nothing but its record", async () => {
        const complete = seededLake();
        await replaySeason({ lake: complete });
        const { summary } = await runOnce(complete, times[5]);
        assert.deepEqual([summary?.outcome, summary?.filesWritten], ["season-complete", []]);
    });

    it("is read from the keys that carry one, pages and batches too, the latest on or before the clock's day", () => {
        const held = [
            keys.rawFixtures("2020-09-15"), keys.rawFixtures("2020-09-22", 2), keys.rawStatistics("2020-09-29", [1, 2]),
            keys.rawFixtures("2030-01-01"), "raw-data/runs/league=39/season=2020/watch-started.json", "raw-data/fixtures/run_date=2020-9-30.json",
        ];
        assert.equal(latestRunDate(held, "2026-11-29"), "2020-09-29");
        assert.equal(latestRunDate(held, "2020-09-22"), "2020-09-22", "a date on the clock's day counts");
        assert.equal(latestRunDate([...held].reverse(), "2026-11-29"), "2020-09-29", "in any order");
        assert.equal(latestRunDate(held.slice(3), "2026-11-29"), undefined);
        assert.equal(latestRunDate([], "2026-11-29"), undefined);
    });

    it("passes the latest date itself, and any date when the lake holds none", () => {
        const at = new Date("2021-05-25T08:00:00Z");
        assert.equal(runDateProblem(at, at, [keys.rawFixtures("2021-05-25")]), undefined);
        assert.equal(runDateProblem(at, at, [keys.rawFixtures("2021-05-24")]), undefined);
        assert.equal(runDateProblem(at, at, []), undefined);
        // A clock two days on, so the later answer is one a run that happened wrote.
        assert.match(runDateProblem(at, new Date("2021-05-27T08:00:00Z"), [keys.rawFixtures("2021-05-26")])!, /^the run's date 2021-05-25 is before 2021-05-26,/);
    });

    it("is read from an event only as an ISO 8601 time with its zone, as EventBridge writes it, never guessed", () => {
        const read = (text: unknown) => eventTime(text).toISOString();
        assert.equal(read("2021-05-18T08:00:00Z"), "2021-05-18T08:00:00.000Z");
        assert.equal(read("2021-05-18T08:00Z"), "2021-05-18T08:00:00.000Z");
        assert.equal(read("2021-05-18T08:00:00.25Z"), "2021-05-18T08:00:00.250Z");
        assert.equal(read("2021-05-18T08:00:00+02:00"), "2021-05-18T06:00:00.000Z");
        assert.equal(read("2021-05-18T23:30:00-01:00"), "2021-05-19T00:30:00.000Z");
        assert.equal(read("2020-02-29T00:00:00Z"), "2020-02-29T00:00:00.000Z", "a leap day");
        assert.equal(read("2021-01-31T23:59:59+23:59"), "2021-01-31T00:00:59.000Z", "the last of each field");
        assert.equal(read("2021-12-01T00:00:00-00:00"), "2021-12-01T00:00:00.000Z");
        // Each of these Date.parse reads as some time: "Tuesday 1" and "1" as 2001-01-01, 2021-02-30 as March 2, the rest in the local zone or at midnight.
        for (const text of ["Tuesday 1", "1", "2021", "2021-02-29T08:00:00Z", "2021-02-30T08:00:00Z", "2021-04-31T08:00:00Z", "2021-13-01T08:00:00Z",
            "2021-05-18T24:00:00Z", "2021-05-18T08:60:00Z", "2021-05-18T08:00:60Z", "2021-05-18T08:00:00+24:00", "2021-05-18T08:00:00+02:60",
            "2021-00-10T08:00:00Z", "2021-05-00T08:00:00Z", "2021-05-18", "2021-05-18T08:00:00",
            "05/18/2021", "2021-05-18 08:00:00Z", " 2021-05-18T08:00:00Z", "2021-05-18T08:00:00Z ", "2021-05-18T08:00:00Z[UTC]", "", 1621324800000]) {
            assert.throws(() => eventTime(text), (err: Error) => err.message === `scheduled event has an invalid time: ${JSON.stringify(text)} (give an ISO 8601 time with its zone, such as 2021-05-18T08:00:00Z)`, String(text));
        }
    });
});
