import { strict as assert } from "assert";
import { GOAL_FILES, scoreFile, scores, survivorRanges, table } from "./mutate";

describe("the mutation score table", () => {
    it("scores killed and timed-out mutants over all valid ones, leaving compile errors and ignored mutants out", () => {
        const statuses = ["Killed", "Killed", "Killed", "Timeout", "Survived", "NoCoverage", "CompileError", "Ignored"];
        // (3 killed + 1 timeout) / (3 + 1 + 1 survived + 1 without coverage) = 4/6
        assert.deepEqual(scoreFile("etl/x.ts", statuses), {
            file: "etl/x.ts", killed: 3, timeout: 1, survived: 1, noCoverage: 1, ignored: 1, invalid: 1, score: (100 * 4) / 6,
        });
    });

    it("has no score for a file whose mutants are all invalid, rather than 0 or 100", () => {
        assert.equal(scoreFile("etl/x.ts", ["CompileError"]).score, null);
    });

    it("marks each goal file met or missed at 85%, and says nothing about the other files", () => {
        const report = (statuses: string[]) => ({ mutants: statuses.map((status) => ({ status })) });
        const rows = scores([
            { files: { "etl/run.ts": report([...Array(17).fill("Killed"), "Survived", "Survived", "Survived"]) } },
            { files: { "index.ts": report([...Array(17).fill("Killed"), "Survived", "Survived"]), "etl/chart.ts": report(["Survived"]) } },
        ]);
        const lines = table(rows).split("\n");
        assert.match(lines.find((l) => l.startsWith("etl/run.ts"))!, /85\.00 .*>= 85 met$/);
        assert.match(lines.find((l) => l.startsWith("index.ts"))!, /89\.47 .*>= 85 met$/);
        assert.match(lines.find((l) => l.startsWith("etl/chart.ts"))!, /0\.00 +0 +0 +1 +0 +0 +0$/);
        assert.ok(GOAL_FILES.includes("etl/run.ts") && !GOAL_FILES.includes("etl/chart.ts"));
    });

    it("reports a goal file below 85% as missed", () => {
        const rows = scores([{ files: { "etl/lake.ts": { mutants: [{ status: "Killed" }, { status: "Survived" }] } } }]);
        assert.match(table(rows), /etl\/lake\.ts +50\.00 .*>= 85 MISSED/);
    });

    it("retests only the mutants left alive, around their positions, and only while the file is as they were found in", () => {
        const at = (line: number, column: number, endLine: number, endColumn: number) => ({ start: { line, column }, end: { line: endLine, column: endColumn } });
        const report = { files: { "etl/x.ts": { source: "const a = 1;\n", mutants: [
            { status: "Killed", location: at(1, 11, 1, 12) },
            { status: "Survived", location: at(1, 1, 1, 13) },
            { status: "NoCoverage", location: at(3, 5, 4, 2) },
            { status: "Survived", location: at(1, 1, 1, 13) },
        ] } } };
        assert.deepEqual(survivorRanges(report, "etl/x.ts", "const a = 1;\n"), ["etl/x.ts:1:0-1:14", "etl/x.ts:3:4-4:3"]);
        assert.throws(() => survivorRanges(report, "etl/x.ts", "const a = 2;\n"), /etl\/x\.ts has changed since its last results/);
        assert.throws(() => survivorRanges(report, "etl/y.ts", ""), /hold nothing for etl\/y\.ts/);
    });
});
