// The lake as the ETL sees it: keys and bytes. S3 in the Lambda, a folder for
// the local run, memory for unit tests; the ETL cannot tell them apart.
import * as fs from "fs";
import * as path from "path";
import type { S3Client } from "@aws-sdk/client-s3";

export interface Lake {
    /**
     * The object's bytes, or undefined when there is no such key. With `maxBytes`, an object larger than that is
     * not read: OversizedObject is thrown, before its bytes are fetched.
     */
    get(key: string, maxBytes?: number): Promise<Buffer | undefined>;
    put(key: string, body: string | Buffer, contentType: string): Promise<void>;
    /** Every key under the prefix, sorted. */
    list(prefix: string): Promise<string[]>;
}

/** An object larger than a reader would read. */
export class OversizedObject extends Error {
    constructor(readonly key: string, readonly bytes: number, readonly maxBytes: number) {
        super(`${key} is ${bytes} bytes, more than the ${maxBytes} read from the lake at once`);
        this.name = "OversizedObject";
    }
}

function checkSize(key: string, bytes: number, maxBytes: number | undefined): void {
    if (maxBytes !== undefined && bytes > maxBytes) throw new OversizedObject(key, bytes, maxBytes);
}

/**
 * The lake, read with a cap: an object over `maxBytes` is read as missing, and `log` says so. One object put in the
 * lake by hand, or damaged, could otherwise take more memory than the function has, at every run until removed; read
 * as missing, what the run writes is written again, and the rest is left as it is.
 */
export function cappedReads(lake: Lake, maxBytes: number, log: (line: string) => void): Lake {
    return {
        async get(key: string) {
            try {
                return await lake.get(key, maxBytes);
            } catch (err) {
                if (!(err instanceof OversizedObject)) throw err;
                log(`${err.message}: read as missing`);
                return undefined;
            }
        },
        put: (key, body, contentType) => lake.put(key, body, contentType),
        list: (prefix) => lake.list(prefix),
    };
}

export class MemoryLake implements Lake {
    readonly objects = new Map<string, Buffer>();
    async get(key: string, maxBytes?: number) {
        const body = this.objects.get(key);
        if (body !== undefined) checkSize(key, body.length, maxBytes);
        return body;
    }
    async put(key: string, body: string | Buffer, _contentType?: string) {
        this.objects.set(key, Buffer.from(body));
    }
    async list(prefix: string) {
        return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    }
}

export class DirLake implements Lake {
    private static writes = 0;
    constructor(readonly root: string) {}

    private file(key: string): string {
        const file = path.resolve(this.root, key);
        if (!file.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`lake key escapes the lake folder: ${key}`);
        return file;
    }

    async get(key: string, maxBytes?: number) {
        try {
            const file = this.file(key);
            if (maxBytes !== undefined) checkSize(key, (await fs.promises.stat(file)).size, maxBytes);
            return await fs.promises.readFile(file);
        } catch (err) {
            if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
            throw err;
        }
    }

    async put(key: string, body: string | Buffer, _contentType?: string) {
        const file = this.file(key);
        await fs.promises.mkdir(path.dirname(file), { recursive: true });
        // Write then rename, so a crash never leaves half an object behind. The
        // temporary name is unique to this write: two runs at once may write the same key.
        const tmp = `${file}.${process.pid}.${++DirLake.writes}.tmp`;
        await fs.promises.writeFile(tmp, body);
        await fs.promises.rename(tmp, file);
    }

    async list(prefix: string) {
        const out: string[] = [];
        const walk = async (dir: string) => {
            let entries: fs.Dirent[];
            try {
                entries = await fs.promises.readdir(dir, { withFileTypes: true });
            } catch (err) {
                if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
                throw err;
            }
            for (const entry of entries) {
                const full = path.join(dir, entry.name);
                if (entry.isDirectory()) await walk(full);
                else if (!entry.name.endsWith(".tmp")) out.push(path.relative(this.root, full).split(path.sep).join("/"));
            }
        };
        await walk(this.root);
        return out.filter((k) => k.startsWith(prefix)).sort();
    }
}

export class S3Lake implements Lake {
    // The SDK module is passed in rather than imported here, so this file loads
    // without it (the local run) and the Lambda uses the runtime's own copy.
    constructor(
        private readonly s3: S3Client,
        private readonly bucket: string,
        private readonly sdk: typeof import("@aws-sdk/client-s3"),
    ) {}

    async get(key: string, maxBytes?: number) {
        try {
            const out = await this.s3.send(new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
            if (maxBytes !== undefined && (out.ContentLength ?? 0) > maxBytes) {
                // The body is a stream not yet read: dropped, it is never downloaded.
                (out.Body as { destroy?: () => void } | undefined)?.destroy?.();
                checkSize(key, out.ContentLength!, maxBytes);
            }
            return Buffer.from(await out.Body!.transformToByteArray());
        } catch (err) {
            // Only a missing key is a missing object: a missing bucket is a 404 too, and an error.
            if ((err as { name?: string }).name === "NoSuchKey") return undefined;
            throw err;
        }
    }

    async put(key: string, body: string | Buffer, contentType: string) {
        await this.s3.send(new this.sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: Buffer.from(body), ContentType: contentType }));
    }

    async list(prefix: string) {
        const keys: string[] = [];
        let token: string | undefined;
        do {
            const page = await this.s3.send(new this.sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
            for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
            token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return keys.sort();
    }
}
