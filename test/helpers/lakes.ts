// Lakes for the tests: seeded as `pulumi up` leaves a new stack's bucket, and
// compared by their bytes, with or without the run records.
import * as fs from "fs";
import * as path from "path";
import * as os from "os";
import { DirLake, Lake, MemoryLake } from "../../etl/lake";
import { TEAMCODES_KEY } from "../../etl/layout";

export const TEAMCODES = fs.readFileSync(path.join(__dirname, "..", "..", "teamcodes.csv"));

/** The line of a teamcodes.csv text that gives team `id`, counted from 1 as the upload check counts it. */
export const teamcodesLine = (text: string, id: number): number => text.split("\n").findIndex((l) => l.startsWith(`${id},`)) + 1;

/** A memory lake holding what `pulumi up` uploads: teamcodes.csv. */
export function seededLake(teamcodes: Buffer | string = TEAMCODES): MemoryLake {
    const lake = new MemoryLake();
    lake.objects.set(TEAMCODES_KEY, Buffer.from(teamcodes));
    return lake;
}

/** A folder lake in a fresh temporary folder, seeded the same way. */
export function seededFolderLake(teamcodes: Buffer | string = TEAMCODES): DirLake {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "lake-"));
    fs.mkdirSync(path.join(root, "processed-data"), { recursive: true });
    fs.writeFileSync(path.join(root, TEAMCODES_KEY), teamcodes);
    return new DirLake(root);
}

/** Any lake's objects, key to base64 bytes, the run records left out. */
export async function lakeSnapshot(lake: Lake): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const key of await lake.list("")) if (!isRunRecord(key)) out.set(key, (await lake.get(key))!.toString("base64"));
    return out;
}

/** The run records and the runs table: every run adds to them, by design. */
export const isRunRecord = (key: string): boolean => key.startsWith("raw-data/runs/") || key.startsWith("processed-data/runs/");

/** Key to base64 bytes; the run records left out unless asked for. */
export function snapshot(lake: MemoryLake, withRuns = false): Map<string, string> {
    return new Map([...lake.objects].filter(([k]) => withRuns || !isRunRecord(k)).map(([k, v]) => [k, v.toString("base64")]));
}

/** The processed zone only, the runs table aside: what a refused answer must leave byte-identical. */
export function processedSnapshot(lake: MemoryLake): Map<string, string> {
    return new Map([...snapshot(lake)].filter(([k]) => k.startsWith("processed-data/")));
}

export function copyLake(lake: MemoryLake): MemoryLake {
    const copy = new MemoryLake();
    for (const [k, v] of lake.objects) copy.objects.set(k, Buffer.from(v));
    return copy;
}

/** Calls `see` with every key `lake` is asked to read, before it is read: to list the reads, or to fail some by throwing. */
export function watchReads(lake: MemoryLake, see: (key: string) => void): void {
    const get = lake.get.bind(lake);
    lake.get = async (key, maxBytes) => {
        see(key);
        return get(key, maxBytes);
    };
}

/** A memory lake, a copy of `from` or seeded, whose writes under `prefix` fail with `error`: S3 refusing some keys. */
export function lakeFailingUnder(prefix: string, error: Error, from?: MemoryLake): MemoryLake {
    const lake = from ? copyLake(from) : seededLake();
    const put = lake.put.bind(lake);
    lake.put = async (key, body, contentType) => {
        if (key.startsWith(prefix)) throw error;
        return put(key, body, contentType);
    };
    return lake;
}
