// Local servers for the IO boundaries: an HTTP server that answers from a
// script and counts what it was asked, and an S3-protocol server on loopback.
import { spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { AddressInfo } from "net";
import { FetchLike } from "../../etl/http";

/** A fetch that answers every request 200 with `text` and records each URL: for a host no test can reach. */
export function fetchAnswering(text: string): { fetch: FetchLike; asked: string[] } {
    const asked: string[] = [];
    const fetch: FetchLike = async (url) => {
        asked.push(url);
        return { status: 200, headers: { forEach: () => undefined }, body: (async function* () { yield Buffer.from(text); })() };
    };
    return { fetch, asked };
}

export interface Scripted {
    status?: number;
    body?: string;
    headers?: Record<string, string>;
    /** Never answer (to trip the client's timeout). */
    hang?: boolean;
}

export class ScriptedServer {
    readonly seen: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];
    private server?: http.Server;
    private readonly hanging: http.ServerResponse[] = [];

    constructor(private readonly answer: (n: number, url: string) => Scripted) {}

    get count(): number {
        return this.seen.length;
    }

    async start(): Promise<string> {
        this.server = http.createServer((req, res) => {
            this.seen.push({ url: req.url ?? "", headers: req.headers });
            const a = this.answer(this.seen.length, req.url ?? "");
            if (a.hang) {
                this.hanging.push(res);
                return;
            }
            res.writeHead(a.status ?? 200, { "content-type": "application/json", ...(a.headers ?? {}) });
            res.end(a.body ?? "");
        });
        await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    async stop(): Promise<void> {
        for (const res of this.hanging) res.destroy();
        this.server?.closeAllConnections?.();
        await new Promise<void>((r) => this.server!.close(() => r()));
    }
}

export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startS3(bucket: string): Promise<{ endpoint: string; dir: string; stop: () => Promise<void> }> {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const S3rver = require("s3rver");
    const dir = tempDir("s3rver-");
    const server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
    const { port } = await server.run();
    return { endpoint: `http://127.0.0.1:${port}`, dir, stop: () => server.close() };
}

/** A recorded API-Football response from test/data. */
/**
 * s3rver in a child process of its own, started with OpenSSL's legacy provider:
 * s3rver makes its listing continuation tokens with DES, which Node's OpenSSL 3
 * refuses by default, so a listing of more than one page needs it.
 */
export async function startS3Process(bucket: string): Promise<{ endpoint: string; stop: () => Promise<void> }> {
    const dir = tempDir("s3rver-");
    const script = `const S3rver = require("s3rver");
new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: ${JSON.stringify(dir)}, configureBuckets: [{ name: ${JSON.stringify(bucket)} }] })
  .run().then(({ port }) => console.log("PORT " + port));`;
    const child = spawn(process.execPath, ["--openssl-legacy-provider", "-e", script], { cwd: path.join(__dirname, "..", ".."), stdio: ["ignore", "pipe", "inherit"] });
    const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (d) => {
            out += d;
            const m = /PORT (\d+)/.exec(out);
            if (m) resolve(Number(m[1]));
        });
        child.on("exit", (code) => reject(new Error(`s3rver exited with ${code}`)));
    });
    return {
        endpoint: `http://127.0.0.1:${port}`,
        stop: () => new Promise<void>((resolve) => {
            child.removeAllListeners("exit");
            child.on("exit", () => resolve());
            child.kill();
        }),
    };
}

/**
 * A local SSM endpoint for GetParameter, as the AWS SDK speaks to it. It answers
 * from `values`, and fails the first `failFirst` calls, to show a failed read.
 */
export function startSsm(values: Record<string, string>, failFirst = 0): Promise<{ url: string; asked: string[]; stop: () => Promise<void> }> {
    const asked: string[] = [];
    const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
            const target = req.headers["x-amz-target"];
            const input = JSON.parse(body || "{}");
            asked.push(`${target} ${input.Name} ${input.WithDecryption}`);
            res.setHeader("content-type", "application/x-amz-json-1.1");
            if (asked.length <= failFirst) {
                res.statusCode = 400;
                res.end(JSON.stringify({ __type: "AccessDeniedException", message: "injected failure" }));
            } else if (target !== "AmazonSSM.GetParameter" || !(input.Name in values)) {
                res.statusCode = 400;
                res.end(JSON.stringify({ __type: "ParameterNotFound", message: `no parameter ${input.Name}` }));
            } else {
                res.end(JSON.stringify({ Parameter: { Name: input.Name, Type: "SecureString", Value: values[input.Name], Version: 1 } }));
            }
        });
    });
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        asked,
        stop: () => new Promise((r) => server.close(() => r())),
    })));
}

export const readData = (...parts: string[]): string => fs.readFileSync(path.join(__dirname, "..", "data", ...parts), "utf8");
/** A file of the season data the local run serves (etl/local/data), read by the tests as the independent record. */
export const readSeasonData = (...parts: string[]): string => fs.readFileSync(path.join(__dirname, "..", "..", "etl", "local", "data", ...parts), "utf8");

/** Keys whose bytes differ between two lake snapshots (missing on either side included), for short failure messages. */
export function differingKeys(a: Map<string, string>, b: Map<string, string>): string[] {
    return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}
