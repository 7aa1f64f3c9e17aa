// Running mocha on chosen test files outside the suite's own run (one test
// alone, or a mutant applied by hand), with the project's options.
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
export const MOCHA = path.join(ROOT, "node_modules", ".bin", "mocha");

/** `.mocharc.json`'s require, extension and timeout as arguments, after --no-config: only the files named are loaded, not the whole suite. */
export function ownFilesArgs(): string[] {
    const rc: { require: string[]; extension: string[]; timeout: number } = JSON.parse(fs.readFileSync(path.join(ROOT, ".mocharc.json"), "utf8"));
    return ["--no-config", ...rc.require.flatMap((r) => ["--require", r]), ...rc.extension.flatMap((e) => ["--extension", e]), "--timeout", String(rc.timeout)];
}
