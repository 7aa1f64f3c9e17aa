// The Lambda code archive built the way aws.lambda.CallbackFunction builds it
// (serializeFunction with the same options, then computeCodePaths with the
// same exclusions), written to a folder so it can be loaded and measured.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { createScheduledHandler, EXCLUDED_FROM_ARCHIVE } from "../../etl/lambda";

export async function serializedHandler(): Promise<string> {
    const closure = await pulumi.runtime.serializeFunction(createScheduledHandler, {
        serialize: () => true,
        exportName: "handler",
        isFactoryFunction: true,
        allowSecrets: true,
    });
    return closure.text;
}

/** Package folders relative to the project root, as the archive holds them. */
export async function archivePackages(extraExcludePackages: string[] = EXCLUDED_FROM_ARCHIVE): Promise<string[]> {
    // CallbackFunction always adds aws-sdk (v2) to the exclusions.
    const paths = await pulumi.runtime.computeCodePaths({ extraExcludePackages: [...extraExcludePackages, "aws-sdk"] });
    return [...paths.keys()].sort();
}

export async function writeArchive(dir: string, extraExcludePackages?: string[]): Promise<{ dir: string; packages: string[]; index: string }> {
    const root = path.join(__dirname, "..", "..");
    const index = await serializedHandler();
    const packages = await archivePackages(extraExcludePackages);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "__index.js"), index);
    for (const p of packages) fs.cpSync(path.join(root, p), path.join(dir, p), { recursive: true, dereference: true });
    return { dir, packages, index };
}

export function filesUnder(dir: string): string[] {
    const out: string[] = [];
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const full = path.join(d, e.name);
            if (e.isDirectory()) walk(full);
            else out.push(full);
        }
    };
    walk(dir);
    return out;
}

/** Module names the serialized handler requires. */
export function requiredModules(index: string): string[] {
    return [...new Set([...index.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort();
}
