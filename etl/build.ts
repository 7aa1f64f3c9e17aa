// Build-time facts about the ETL code, read where the code is packaged (the
// Pulumi program) or run locally (npm start), never inside the Lambda.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Files whose content is the code the Lambda runs: etl/*.ts and its model, not the local tools. */
export function etlSourceFiles(root = path.join(__dirname, "..")): string[] {
    const dir = path.join(root, "etl");
    return fs.readdirSync(dir).filter((f) => /\.(ts|json)$/.test(f)).sort().map((f) => path.join(dir, f));
}

/**
 * The package version and a hash of the ETL sources, e.g. 0.2.0+3f9c2a1b7d4e:
 * two deploys of the same code carry the same version, any change to it a new one.
 */
export function codeVersion(root = path.join(__dirname, "..")): string {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    const hash = crypto.createHash("sha256");
    for (const file of etlSourceFiles(root)) {
        hash.update(path.basename(file)).update("\0").update(fs.readFileSync(file)).update("\0");
    }
    return `${pkg.version}+${hash.digest("hex").slice(0, 12)}`;
}
