// The tests `npm run mutate` runs against each mutant of etl/: every test
// file but those that cannot see a mutant. Each mutant runs only the tests
// that cover it (static mutants are ignored, see stryker.config.json).
//
// Left out, and why:
// - test/e2e.test.ts serializes the Lambda with Pulumi and runs it in a fresh
//   Node process: Stryker's switch for the active mutant lives in its own test
//   process, so the child would run no mutant at all, and the instrumented
//   code does not serialize into a working Lambda.
// - test/local.test.ts and the command-line cases of test/query.test.ts spawn
//   `npm start` and `npm run query` as processes: same reason.
// - test/report.test.ts drives Chromium, a browser per mutant; the report's
//   and the charts' mutants are judged by their in-process tests
//   (test/report-page.test.ts, test/chart.test.ts) and the others.
// - test/query.test.ts loads DuckDB's native engine and spawns the command;
//   the query tool is local tooling, outside what `npm run mutate` mutates.
module.exports = {
    require: ["ts-node/register/transpile-only"],
    extension: ["ts"],
    spec: [
        "test/transform.test.ts", "test/guard.test.ts", "test/teamcodes.test.ts", "test/config.test.ts", "test/build.test.ts", "test/http.test.ts",
        "test/api.test.ts", "test/analysis.test.ts", "test/chart.test.ts", "test/report-page.test.ts", "test/forecast.test.ts", "test/contract.test.ts", "test/season.test.ts",
        "test/run.test.ts", "test/lake.test.ts", "test/lambda.test.ts", "test/misbehaving.test.ts", "test/infra.test.ts",
    ],
    timeout: 60000,
};
