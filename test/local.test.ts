// The README's first command, and its real-API mode pointed at the emulator.
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ApiFootballEmulator, EMULATOR_KEY } from "../etl/local/emulator";
import { replayRequestProblem } from "../etl/local/replay";
import { teamcodesLine } from "./helpers/lakes";
import { tempDir } from "./helpers/servers";

const ROOT = path.join(__dirname, "..");

function runMain(env: Record<string, string>, cwd: string, root = ROOT): Promise<{ code: number; out: string }> {
    return runScript("main.ts", [], env, cwd, root);
}

/** One of the local commands (npm start's main.ts, npm run query's query.ts), run as npm runs it, from the project at `root`. */
function runScript(script: string, args: string[], env: Record<string, string>, cwd: string, root = ROOT): Promise<{ code: number; out: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), path.join(root, "etl", "local", script), ...args], {
            cwd, env: { PATH: process.env.PATH ?? "", TZ: "UTC", TS_NODE_PROJECT: path.join(root, "tsconfig.json"), ...env },
        });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("close", (code) => resolve({ code: code ?? -1, out }));
    });
}

describe("the local run (npm start)", function () {
    this.timeout(120_000);

    it("replays 2020/21 offline, ending with every fixture in the lake, the table and the chart", async () => {
        const cwd = tempDir("npm-start-");
        const { code, out } = await runMain({}, cwd);
        assert.equal(code, 0, out);
        assert.match(out, /37 runs, 71 requests in all \(at most 3 in one run\)\./);
        assert.match(out, /380 of 380 fixtures have their statistics in the lake\./);
        assert.match(out, /\n +1 +Manchester City +38 +27 +5 +6 +83 +32 +86 /);
        assert.ok(fs.existsSync(path.join(cwd, "analysis-39-2020.svg")));
        assert.ok(fs.existsSync(path.join(cwd, "lake", "processed-data", "teamcodes.csv")));
        assert.match(out, new RegExp(`The lake is in ${path.join(cwd, "lake").replace(/[/\\\\]/g, ".")}`));
        assert.match(out, new RegExp(`Report \\(table, charts, next week's forecasts; open it in a browser\\): ${path.join(cwd, "report-39-2020.html").replace(/[/\\\\.]/g, ".")}`));
        assert.ok(fs.readFileSync(path.join(cwd, "report-39-2020.html"), "utf8").startsWith("<!DOCTYPE html>"));

        // The README's next command: the same lake, queried where npm start left it.
        const query = await runScript("query.ts", ["expected-vs-real-points"], {}, cwd);
        assert.equal(query.code, 0, query.out);
        const lines = query.out.trimEnd().split("\n");
        assert.equal(lines.length, 21);
        assert.match(lines[1], /^ +39 +2020 +1 +1 +Manchester City +38 +86 +80\.48 +5\.52$/);

        // Again on the same lake: it carries on from the lake's latest date, since a run never goes back in time.
        fs.rmSync(path.join(cwd, "report-39-2020.html"));
        const again = await runMain({}, cwd);
        assert.equal(again.code, 0, again.out);
        assert.match(again.out, /\n2021-05-25 +requests +0 .*\(season complete: nothing to ask\)\n\(the lake already held runs up to 2021-05-25: the replay carried on from there; remove .* to replay the whole season\)\n/);
        assert.match(again.out, /\n1 run, 0 requests in all/);
        assert.ok(fs.readFileSync(path.join(cwd, "report-39-2020.html"), "utf8").startsWith("<!DOCTYPE html>"), "the report copied from the lake again");
    });

    it("makes one run against the API named by API_FOOTBALL_KEY, keeping to the daily budget", async () => {
        const emulator = new ApiFootballEmulator({ now: () => Date.parse("2021-06-01T08:00:00Z"), perMinute: 60 });
        const baseUrl = await emulator.start();
        try {
            const cwd = tempDir("npm-start-key-");
            const { code, out } = await runMain({ API_FOOTBALL_KEY: EMULATOR_KEY, API_FOOTBALL_BASE_URL: baseUrl, SEASON: "2020", DAILY_BUDGET: "12" }, cwd);
            assert.equal(code, 0, out);
            assert.match(out, /requests 12 .*\(stopped by the daily budget\)/);
            assert.equal(emulator.requests.filter((r) => r.counted).length, 12);
            assert.equal(fs.readdirSync(path.join(cwd, "lake", "processed-data", "api-football", "statistics", "league=39", "season=2020")).length, 220);
        } finally {
            await emulator.stop();
        }
    });

    it("refuses a teamcodes.csv with a mistake as pulumi up does, naming the line, before it writes anything", async () => {
        // A clone of the project whose teamcodes.csv was edited by hand.
        const clone = tempDir("npm-start-clone-");
        fs.cpSync(path.join(ROOT, "etl"), path.join(clone, "etl"), { recursive: true });
        for (const file of ["tsconfig.json", "package.json"]) fs.copyFileSync(path.join(ROOT, file), path.join(clone, file));
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(clone, "node_modules"));
        const edited = fs.readFileSync(path.join(ROOT, "teamcodes.csv"), "utf8").replace("66,Aston Villa,AST", "66,Aston Villa,ARS");
        fs.writeFileSync(path.join(clone, "teamcodes.csv"), edited);
        const cwd = tempDir("npm-start-codes-");
        const { code, out } = await runMain({}, cwd, clone);
        assert.equal(code, 1, out);
        assert.equal(out.trim(), `Error: teamcodes.csv cannot be uploaded: line ${teamcodesLine(edited, 66)}: code ARS is on line ${teamcodesLine(edited, 42)} too`);
        assert.deepEqual(fs.readdirSync(cwd), [], "no lake, chart or report");
    });

    it("stops, before it writes anything, when asked without a key for a league or season other than the one it replays", async () => {
        const cwd = tempDir("npm-start-season-");
        const { code, out } = await runMain({ SEASON: "2021" }, cwd);
        assert.equal(code, 1, out);
        assert.equal(out.trim(), "Error: SEASON=2021 is read only with API_FOOTBALL_KEY: without a key, npm start replays the bundled Premier League 2020/21 " +
            "(LEAGUE=39, SEASON=2020) against its own emulator. Set API_FOOTBALL_KEY, or unset SEASON");
        assert.deepEqual(fs.readdirSync(cwd), [], "no lake, chart or report");
        assert.equal(replayRequestProblem({ LEAGUE: "140", SEASON: "2021" }), "LEAGUE=140 and SEASON=2021 are read only with API_FOOTBALL_KEY: " +
            "without a key, npm start replays the bundled Premier League 2020/21 (LEAGUE=39, SEASON=2020) against its own emulator. Set API_FOOTBALL_KEY, or unset LEAGUE and SEASON");
        assert.match(replayRequestProblem({ LEAGUE: "140" }) ?? "", /^LEAGUE=140 is read only with API_FOOTBALL_KEY: .* or unset LEAGUE$/);
        // A server of the user's own would be passed over: the replay asks its emulator.
        assert.match(replayRequestProblem({ LEAGUE: "140", SEASON: "2021", API_FOOTBALL_BASE_URL: "http://127.0.0.1:8080" }) ?? "",
            /^LEAGUE=140, SEASON=2021 and API_FOOTBALL_BASE_URL=http:\/\/127\.0\.0\.1:8080 are read only with API_FOOTBALL_KEY: .* or unset LEAGUE, SEASON and API_FOOTBALL_BASE_URL$/);
        // What it replays anyway, asked for by name, with spaces around it, or left blank, is no problem.
        for (const env of [{}, { LEAGUE: "39", SEASON: "2020" }, { LEAGUE: " 39 ", SEASON: "2020\n" }, { LEAGUE: "", SEASON: " ", API_FOOTBALL_BASE_URL: "" }, { API_HOST: "rapidapi" }]) {
            assert.equal(replayRequestProblem(env), undefined, JSON.stringify(env));
        }
    });

    it("stops, before it writes anything, on a setting it cannot read, naming the variable as the user set it", async () => {
        const cases: Array<[Record<string, string>, string]> = [
            [{ DAILY_BUDGET: "0" }, "Error: DAILY_BUDGET=0: expected a positive integer"],
            [{ DAILY_BUDGET: "ninety" }, "Error: DAILY_BUDGET=ninety: expected a positive integer"],
            [{ API_FOOTBALL_KEY: "some-key" }, "Error: SEASON is not set: expected the 4-digit year the season starts in, e.g. 2020 for 2020/2021"],
            [{ API_FOOTBALL_KEY: "some-key", SEASON: "2020", API_HOST: "api-football" }, "Error: API_HOST=api-football: expected 'api-sports' (v3.football.api-sports.io) or 'rapidapi'"],
            [{ API_FOOTBALL_KEY: "some-key", SEASON: "2020", API_FOOTBALL_BASE_URL: "ftp://127.0.0.1" }, "Error: the API's base URL 'ftp://127.0.0.1' is not an http:// or https:// URL"],
        ];
        for (const [env, message] of cases) {
            const cwd = tempDir("npm-start-setting-");
            const { code, out } = await runMain(env, cwd);
            assert.equal(code, 1, out);
            assert.equal(out.trim(), message);
            assert.deepEqual(fs.readdirSync(cwd), [], `no lake, chart or report for ${JSON.stringify(env)}`);
        }
    });

    it("keeps the replay to DAILY_BUDGET, each weekly run a day of its own, and still ends with the whole season", async () => {
        // The first run needs 3 requests (the season, the previous season, one batch of statistics): at 2 a day the
        // previous season waits for a run with one to spare.
        const cwd = tempDir("npm-start-budget-");
        const { code, out } = await runMain({ DAILY_BUDGET: "2" }, cwd);
        assert.equal(code, 0, out);
        const perRun = [...out.matchAll(/^\d{4}-\d\d-\d\d +requests +(\d+) /gm)].map((m) => Number(m[1]));
        assert.equal(perRun.length, 37);
        assert.ok(perRun.every((n) => n <= 2), perRun.join(" "));
        assert.match(out, /\n2020-09-15 +requests +2 +statistics landed +8 /);
        assert.match(out, /380 of 380 fixtures have their statistics in the lake\./);
        assert.ok(fs.existsSync(path.join(cwd, "lake", "processed-data", "api-football", "fixtures", "league=39", "season=2019", "fixtures.csv")), "the previous season asked for later");
    });

    it("fails with the key named nowhere in its output when the API refuses the key", async () => {
        const emulator = new ApiFootballEmulator({ now: () => Date.now() });
        const baseUrl = await emulator.start();
        try {
            const { code, out } = await runMain({ API_FOOTBALL_KEY: "secret-but-wrong-key", API_FOOTBALL_BASE_URL: baseUrl, SEASON: "2020" }, tempDir("npm-start-bad-"));
            assert.equal(code, 1);
            assert.match(out, /ApiFootballError: API-Football token error from \/status/);
            assert.ok(!out.includes("secret-but-wrong-key"));
        } finally {
            await emulator.stop();
        }
    });
});
