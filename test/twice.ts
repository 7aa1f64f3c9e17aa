// Runs the test files `npm run mutate` uses twice in one mocha process, as
// Stryker does for each mutant, and lists the tests that fail the second
// time. Such a test fails whatever the code, and Stryker would count every
// mutant it covers as caught by it.
//
//   npm run test:twice [-- <substring of a spec file's path> ...]
//
// Runs outside `npm test`: the suite twice, one file after another.
import * as path from "path";
import Mocha from "mocha";

const ROOT = path.join(__dirname, "..");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { spec } = require(path.join(ROOT, ".mocharc.mutation.cjs")) as { spec: string[] };
const only = process.argv.slice(2);
const files = spec.filter((f) => only.length === 0 || only.some((o) => f.includes(o)));

const mocha = new Mocha({ timeout: 60_000, reporter: "dot" });
// Keep the loaded suites for the second run, as Stryker's mocha runner does.
mocha.cleanReferencesAfterRun(false);
for (const f of files) mocha.addFile(path.join(ROOT, f));

const failedSecond: string[] = [];
const run = (round: number): Promise<number> => new Promise((resolve) => {
    const runner = mocha.run(resolve);
    runner.on("fail", (test, err) => {
        if (round === 2) failedSecond.push(`${test.fullTitle()}: ${String((err as Error)?.message).split("\n")[0].slice(0, 200)}`);
    });
});

(async () => {
    const started = Date.now();
    await mocha.loadFilesAsync();
    const first = await run(1);
    const second = await run(2);
    console.log(`\n${files.length} files: ${first} failed the first run, ${second} the second (${Math.round((Date.now() - started) / 1000)} s)`);
    for (const line of failedSecond) console.log(`second run: ${line}`);
    process.exit(first + second === 0 ? 0 : 1);
})();
