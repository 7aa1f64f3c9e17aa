// The three lakes behind one interface: a folder (npm start), S3 (the Lambda,
// here a real S3-protocol server on loopback) and memory. Each must give back
// what it was given, list in order, and never swallow a real error.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as s3sdk from "@aws-sdk/client-s3";
import { cappedReads, DirLake, Lake, MemoryLake, OversizedObject, S3Lake } from "../etl/lake";
import { startS3Process, tempDir } from "./helpers/servers";

const BUCKET = "lake-test";

function s3Client(endpoint: string) {
    return new s3sdk.S3Client({
        endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
        requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED",
    });
}

describe("every lake", function () {
    this.timeout(60_000);
    let s3: Awaited<ReturnType<typeof startS3Process>>;
    let client: s3sdk.S3Client;

    before(async () => {
        s3 = await startS3Process(BUCKET);
        client = s3Client(s3.endpoint);
    });

    after(async () => {
        client?.destroy();
        await s3?.stop();
    });

    const lakes: Array<[string, () => Lake]> = [
        ["a folder", () => new DirLake(tempDir("dirlake-"))],
        ["S3", () => new S3Lake(client, BUCKET, s3sdk)],
        ["memory", () => new MemoryLake()],
    ];

    for (const [kind, make] of lakes) {
        it(`gives back the bytes it was given, and nothing for a key it does not hold (${kind})`, async () => {
            const lake = make();
            const prefix = `t${Date.now()}/`;
            const bytes = Buffer.from([0, 1, 2, 255, 10, 13]);
            await lake.put(`${prefix}a/b.bin`, bytes, "application/octet-stream");
            await lake.put(`${prefix}a/c.csv`, "x,y\n1,2\n", "text/csv");
            assert.deepEqual(await lake.get(`${prefix}a/b.bin`), bytes);
            assert.equal((await lake.get(`${prefix}a/c.csv`))!.toString(), "x,y\n1,2\n");
            assert.equal(await lake.get(`${prefix}a/missing.csv`), undefined);
            await lake.put(`${prefix}a/c.csv`, "replaced", "text/csv");
            assert.equal((await lake.get(`${prefix}a/c.csv`))!.toString(), "replaced");
        });

        it(`reads an object up to a cap and refuses one byte more unread, naming the key and both sizes (${kind})`, async () => {
            const lake = make();
            const prefix = `c${Date.now()}/`;
            await lake.put(`${prefix}ten.csv`, "0123456789", "text/csv");
            assert.equal((await lake.get(`${prefix}ten.csv`, 10))!.toString(), "0123456789");
            await assert.rejects(lake.get(`${prefix}ten.csv`, 9), (err: unknown) => {
                assert.ok(err instanceof OversizedObject, String(err));
                assert.deepEqual([err.name, err.key, err.bytes, err.maxBytes], ["OversizedObject", `${prefix}ten.csv`, 10, 9]);
                assert.equal(err.message, `${prefix}ten.csv is 10 bytes, more than the 9 read from the lake at once`);
                return true;
            });
            assert.equal(await lake.get(`${prefix}missing.csv`, 9), undefined, "a missing object is missing, cap or not");
            await lake.put(`${prefix}empty.csv`, "", "text/csv");
            assert.equal((await lake.get(`${prefix}empty.csv`, 0))!.length, 0);
            // After a refusal the lake reads on: S3's connection is not left waiting on a body no one reads.
            await lake.put(`${prefix}big.bin`, Buffer.alloc(8 * 1024 * 1024, 1), "application/octet-stream");
            for (let i = 0; i < 3; i++) await assert.rejects(lake.get(`${prefix}big.bin`, 1024), OversizedObject);
            // At the cap, whole: more than one read of the stream.
            assert.deepEqual(await lake.get(`${prefix}big.bin`, 8 * 1024 * 1024), Buffer.alloc(8 * 1024 * 1024, 1));
            assert.equal((await lake.get(`${prefix}ten.csv`, 10))!.toString(), "0123456789");
        });

        it(`read through cappedReads, takes an object over the cap as missing and says so, and passes every other error on (${kind})`, async () => {
            const lines: string[] = [];
            const inner = make();
            const lake = cappedReads(inner, 5, (l) => lines.push(l));
            const prefix = `r${Date.now()}/`;
            await lake.put(`${prefix}five`, "12345", "text/plain");
            await lake.put(`${prefix}six`, "123456", "text/plain");
            assert.equal((await lake.get(`${prefix}five`))!.toString(), "12345");
            assert.equal(await lake.get(`${prefix}six`), undefined);
            assert.deepEqual(lines, [`${prefix}six is 6 bytes, more than the 5 read from the lake at once: read as missing`]);
            assert.deepEqual(await lake.list(prefix), [`${prefix}five`, `${prefix}six`]);
            assert.equal((await inner.get(`${prefix}six`))!.toString(), "123456", "left in the lake as it was");
        });

        it(`lists every key under a prefix, sorted, and nothing outside it (${kind})`, async () => {
            const lake = make();
            const prefix = `l${Date.now()}/`;
            for (const key of ["z/1", "a/2", "a/10", "ab/3", "b"]) await lake.put(`${prefix}${key}`, key, "text/plain");
            await lake.put(`other${Date.now()}/x`, "x", "text/plain");
            assert.deepEqual(await lake.list(`${prefix}a/`), [`${prefix}a/10`, `${prefix}a/2`]);
            assert.deepEqual(await lake.list(`${prefix}a`), [`${prefix}a/10`, `${prefix}a/2`, `${prefix}ab/3`]);
            assert.deepEqual(await lake.list(prefix), ["a/10", "a/2", "ab/3", "b", "z/1"].map((k) => `${prefix}${k}`));
            assert.deepEqual(await lake.list(`${prefix}nothing/`), []);
        });

        it(`lists in S3's byte order of whole keys, where "a-b" and "a.c" come before "a/x" (${kind})`, async () => {
            // A folder walked name by name gives a/x first: '/' is 0x2f, after '-' 0x2d and '.' 0x2e.
            const lake = make();
            const prefix = `o${Date.now()}/`;
            for (const key of ["a/x", "a-b.csv", "a.csv"]) await lake.put(`${prefix}${key}`, key, "text/plain");
            assert.deepEqual(await lake.list(prefix), ["a-b.csv", "a.csv", "a/x"].map((k) => `${prefix}${k}`));
        });
    }

    it("lists past S3's 1000 keys a page, in order", async () => {
        const lake = new S3Lake(client, BUCKET, s3sdk);
        const keys = Array.from({ length: 1205 }, (_, i) => `many/${String(i).padStart(4, "0")}`);
        for (let i = 0; i < keys.length; i += 8) await Promise.all(keys.slice(i, i + 8).map((k) => lake.put(k, k, "text/plain")));
        assert.deepEqual(await lake.list("many/"), keys);
    });

    it("passes a real read error on through cappedReads", async () => {
        const failing: Lake = { get: async () => { throw new Error("AccessDenied"); }, put: async () => undefined, list: async () => [] };
        await assert.rejects(cappedReads(failing, 5, () => undefined).get("x"), /^Error: AccessDenied$/);
    });

    it("throws S3's real errors instead of reading them as a missing object", async () => {
        const lake = new S3Lake(client, "no-such-bucket", s3sdk);
        await assert.rejects(lake.get("any/key"), (err: Error) => /NoSuchBucket|bucket does not exist/i.test(`${err.name} ${err.message}`));
        await assert.rejects(lake.list("any/"), /NoSuchBucket|bucket does not exist/i);
    });
});

describe("the folder lake", () => {
    it("refuses a key that would escape its folder", async () => {
        // The lake sits one level down in a fresh folder, and every escaping
        // key points into that folder: a broken check writes nowhere that
        // matters, and nothing else can have written there.
        const outside = tempDir("dirlake-");
        const root = path.join(outside, "lake");
        const lake = new DirLake(root);
        for (const key of ["../outside.csv", "a/../../outside.csv", path.join(outside, "absolute.csv")]) {
            await assert.rejects(lake.put(key, "x", "text/plain"), new RegExp(`lake key escapes the lake folder: ${key.replace(/[.*/]/g, "\\$&")}`));
            await assert.rejects(lake.get(key), /escapes the lake folder/);
        }
        assert.deepEqual(fs.readdirSync(outside), [], "nothing was written outside the lake");
    });

    it("throws a real listing error instead of listing nothing", async () => {
        const file = path.join(tempDir("dirlake-"), "not-a-folder");
        fs.writeFileSync(file, "x");
        await assert.rejects(new DirLake(file).list(""), (err: NodeJS.ErrnoException) => err.code === "ENOTDIR");
    });

    it("throws a real read error instead of reading it as a missing object", async () => {
        const root = tempDir("dirlake-");
        const lake = new DirLake(root);
        await lake.put("dir/file.csv", "x", "text/csv");
        await assert.rejects(lake.get("dir"), (err: NodeJS.ErrnoException) => err.code === "EISDIR");
    });

    it("writes by renaming a finished temporary file, so a write that fails leaves the old object whole", async () => {
        const root = tempDir("dirlake-");
        const lake = new DirLake(root);
        await lake.put("a/table.csv", "old contents\n", "text/csv");
        const rename = fs.promises.rename;
        const renamed: Array<[string, string]> = [];
        // Only this lake's renames fail: anything else still running in the
        // process (under mutation testing, the runner itself) renames as usual.
        fs.promises.rename = async (from, to) => {
            if (!String(to).startsWith(root + path.sep)) return rename(from, to);
            renamed.push([String(from), String(to)]);
            throw Object.assign(new Error("disk full"), { code: "ENOSPC" });
        };
        try {
            await assert.rejects(lake.put("a/table.csv", "new contents\n", "text/csv"), /disk full/);
        } finally {
            fs.promises.rename = rename;
        }
        assert.equal(renamed.length, 1);
        assert.equal(renamed[0][1], path.join(root, "a", "table.csv"));
        assert.match(path.basename(renamed[0][0]), /^table\.csv\..+\.tmp$/);
        assert.equal(fs.readFileSync(renamed[0][0], "utf8"), "new contents\n", "the whole new object was written aside first");
        assert.equal((await lake.get("a/table.csv"))!.toString(), "old contents\n");
        assert.deepEqual(await lake.list("a/"), ["a/table.csv"], "a temporary file is never listed");
    });

    it("lists nothing under a folder that does not exist yet", async () => {
        assert.deepEqual(await new DirLake(path.join(tempDir("dirlake-"), "not-yet")).list(""), []);
    });
});
