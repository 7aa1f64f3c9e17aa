// Local servers for the IO boundaries: an HTTP server that answers from a
// script and counts what it was asked, and an S3-protocol server on loopback.
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { AddressInfo } from "net";

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
export const readData = (...parts: string[]): string => fs.readFileSync(path.join(__dirname, "..", "data", ...parts), "utf8");
/** A file of the season data the local run serves (etl/local/data), read by the tests as the independent record. */
export const readSeasonData = (...parts: string[]): string => fs.readFileSync(path.join(__dirname, "..", "..", "etl", "local", "data", ...parts), "utf8");

/** Keys whose bytes differ between two lake snapshots (missing on either side included), for short failure messages. */
export function differingKeys(a: Map<string, string>, b: Map<string, string>): string[] {
    return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}
