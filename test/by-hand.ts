// Mutants Stryker cannot pin to a test, applied by hand: for each mutant the
// last `npm run mutate` results of a file left alive (survived or not covered), a copy of the project
// gets that one change and the given test files run against it. For code that
// runs only while the Pulumi program loads (etl/catalog.ts), which Stryker's
// per-test coverage cannot see. With --static, the mutants it ignored as static
// instead: code that runs once, as the module loads (the schedule's patterns in etl/config.ts).
//
//   npx ts-node --transpile-only test/by-hand.ts etl/catalog.ts test/infra.test.ts
//   npx ts-node --transpile-only test/by-hand.ts --static etl/config.ts test/config.test.ts
//   npx ts-node --transpile-only test/by-hand.ts --static etl/transform.ts test/transform.test.ts -- test/infra.test.ts -- test/guard.test.ts test/analysis.test.ts
//
// Slow (a mocha run per mutant) and outside `npm test`. The project itself is never changed.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MOCHA, ownFilesArgs } from "./helpers/mocha";
import { liveMutants, Mutant, resultsOf } from "./mutate";

const ROOT = path.join(__dirname, "..");
const statics = process.argv.includes("--static");
const [file, ...rest] = process.argv.slice(2).filter((a) => a !== "--static");
// Test files, or sets of them separated by `--`, tried in turn until one fails: a fast set first spares the slow
// ones most of the mutants.
const sets: string[][] = [[]];
for (const arg of rest) arg === "--" ? sets.push([]) : sets[sets.length - 1].push(arg);
const tiers = sets.filter((set) => set.length > 0);
const tests = tiers.flat();
if (!file || tests.length === 0) {
    console.error("usage: test/by-hand.ts [--static] <file of etl/> <test file>... [-- <test file>...]...");
    process.exit(2);
}
const source = fs.readFileSync(path.join(ROOT, file), "utf8");
let alive: Mutant[];
try {
    alive = liveMutants(JSON.parse(fs.readFileSync(resultsOf(file), "utf8")), file, source, statics ? ["Ignored"] : undefined);
} catch (err) {
    console.error(`test/by-hand.ts: ${(err as Error).message}`);
    process.exit(2);
}
const lines = source.split("\n");
// Stryker's locations count lines and columns from 1.
const offset = (p: { line: number; column: number }) => lines.slice(0, p.line - 1).reduce((n, l) => n + l.length + 1, 0) + p.column - 1;

const copy = fs.mkdtempSync(path.join(os.tmpdir(), "by-hand-"));
try {
    for (const entry of fs.readdirSync(ROOT)) {
        if ([".git", "node_modules", "reports", ".stryker-tmp", "lake"].includes(entry)) continue;
        fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
    const fails = (set: string[]) => spawnSync(MOCHA, [...ownFilesArgs(), ...set], { cwd: copy, env: { ...process.env, TZ: "UTC" }, encoding: "utf8" }).status !== 0;
    // A set that fails on the copy as it is would call every mutant caught.
    const failing = tiers.filter(fails);
    if (failing.length > 0) throw new Error(`fails before any change, so it can catch no mutant: ${failing.map((set) => set.join(" ")).join("; ")}`);
    // How many each set caught first: what the fast set alone leaves to the slow ones.
    const caughtBy = tiers.map(() => 0);
    for (const m of alive) {
        const a = offset(m.location!.start), b = offset(m.location!.end);
        fs.writeFileSync(path.join(copy, file), source.slice(0, a) + m.replacement + source.slice(b));
        const tier = tiers.findIndex(fails);
        if (tier >= 0) caughtBy[tier]++;
        console.log(`${tier >= 0 ? "caught" : "ALIVE "} ${file}:${m.location!.start.line} ${m.mutatorName}: ${JSON.stringify(source.slice(a, b)).slice(0, 70)} -> ${JSON.stringify(m.replacement).slice(0, 70)}`);
    }
    const caught = caughtBy.reduce((n, c) => n + c, 0);
    console.log(`\n${caught} of ${alive.length} mutants Stryker ${statics ? "ignored as static" : "left alive"} are caught by ${tests.join(", ")}`);
    if (tiers.length > 1) tiers.forEach((set, i) => console.log(`  ${caughtBy[i]} first by ${set.join(", ")}`));
} catch (err) {
    console.error(`test/by-hand.ts: ${(err as Error).message}`);
    process.exitCode = 2;
} finally {
    fs.rmSync(copy, { recursive: true, force: true });
}
