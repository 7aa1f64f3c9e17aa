// Runs every test of the suite on its own, each in a fresh mocha process, and
// lists those that fail alone: a test that passes only after another one has
// set the stage is a test whose failure points at the wrong place.
//
//   npm run test:alone [-- <file or substring of the title> ...]   (a test any one of them matches)
//
// Slow by design (one process per test), so it runs outside `npm test`.
import { spawn, spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { MOCHA, ownFilesArgs } from "./helpers/mocha";

interface Listed { fullTitle: string; file: string }

const ROOT = path.join(__dirname, "..");
const env = { ...process.env, TZ: "UTC" };

function escapeRegExp(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function list(): Listed[] {
    const r = spawnSync(MOCHA, ["--dry-run", "--reporter", "json"], { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`mocha --dry-run failed: ${r.stderr}`);
    return JSON.parse(r.stdout).tests;
}

function runAlone(test: Listed): Promise<{ test: Listed; ok: boolean; detail: string }> {
    return new Promise((resolve) => {
        // Only its own file is loaded (--no-config, with the project's options
        // given here), and the grep is anchored on the full title, so exactly
        // this test runs; the count below proves it.
        const child = spawn(MOCHA, [...ownFilesArgs(), "--reporter", "json", test.file, "--grep", `^${escapeRegExp(test.fullTitle)}$`], { cwd: ROOT, env });
        let out = "";
        let err = "";
        child.stdout.on("data", (c) => (out += c));
        child.stderr.on("data", (c) => (err += c));
        child.on("close", (code) => {
            try {
                const json = JSON.parse(out.slice(out.indexOf("{")));
                const ok = code === 0 && json.stats.tests === 1 && json.stats.passes === 1;
                const failure = json.failures?.[0]?.err?.message ?? (json.stats.tests !== 1 ? `${json.stats.tests} tests matched` : "");
                resolve({ test, ok, detail: String(failure).split("\n")[0] });
            } catch {
                resolve({ test, ok: false, detail: `exit ${code}: ${err.trim().split("\n").slice(-1)[0] ?? ""}` });
            }
        });
    });
}

async function main(): Promise<void> {
    // Each argument a filter: a test runs if any one matches.
    const filters = process.argv.slice(2);
    const tests = list().filter((t) => filters.length === 0 || filters.some((f) => t.file.includes(f) || t.fullTitle.includes(f)));
    const started = Date.now();
    const failed: { test: Listed; detail: string }[] = [];
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
        while (next < tests.length) {
            const r = await runAlone(tests[next++]);
            done++;
            if (!r.ok) failed.push(r);
            process.stdout.write(`${r.ok ? "ok  " : "FAIL"} ${done}/${tests.length} ${path.relative(ROOT, r.test.file)}: ${r.test.fullTitle}\n`);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(4, os.cpus().length)) }, worker));
    process.stdout.write(`\n${tests.length - failed.length} passed alone, ${failed.length} failed alone (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    for (const f of failed) process.stdout.write(`  ${path.relative(ROOT, f.test.file)}: ${f.test.fullTitle}\n      ${f.detail}\n`);
    process.exitCode = failed.length ? 1 : 0;
}

main().catch((err) => {
    console.error(err);
    process.exitCode = 2;
});
