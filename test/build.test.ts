import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { codeVersion, etlSourceFiles } from "../etl/build";

describe("the code version a deploy carries", () => {
    let root: string;
    const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
    };

    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "code-version-"));
        write("package.json", JSON.stringify({ version: "1.2.3" }));
        // Written out of order: the list must not depend on the order the folder gives.
        for (const file of ["etl/run.ts", "etl/xg-model.json", "etl/api.ts", "etl/notes.md", "etl/run.ts.orig", "etl/local/main.ts"]) write(file, `// ${file}\n`);
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("is made from etl/'s own TypeScript and JSON files, in name order, and not the local tools or other files", () => {
        assert.deepEqual(etlSourceFiles(root).map((f) => path.relative(root, f)), ["etl/api.ts", "etl/run.ts", "etl/xg-model.json"]);
    });

    it("is the package version and 12 hex digits, the same for the same code", () => {
        const version = codeVersion(root);
        assert.match(version, /^1\.2\.3\+[0-9a-f]{12}$/);
        assert.equal(codeVersion(root), version);
    });

    it("changes with any change to the Lambda's code, its model or a file's name, and not with the local tools", () => {
        const before = codeVersion(root);
        write("etl/local/main.ts", "// changed\n");
        write("etl/notes.md", "changed\n");
        assert.equal(codeVersion(root), before, "the local tools and notes are not the Lambda's code");
        write("etl/xg-model.json", "{}\n");
        const modelChanged = codeVersion(root);
        assert.notEqual(modelChanged, before);
        write("etl/api.ts", "// changed\n");
        assert.notEqual(codeVersion(root), modelChanged);
        const renamed = codeVersion(root);
        fs.renameSync(path.join(root, "etl/api.ts"), path.join(root, "etl/http.ts"));
        assert.notEqual(codeVersion(root), renamed, "the same bytes under another name are other code");
    });
});
