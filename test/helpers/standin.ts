// A stand-in API that misbehaves: it forwards each request to the emulator and
// lets a test rewrite the answer (empty, cut off, paged, duplicated, oversized,
// a statistic that is not a number). Headers pass through unchanged, so the
// client still sees the emulator's rate limits.
import * as http from "http";
import { AddressInfo } from "net";

export type Envelope = { get?: string; parameters?: unknown; errors?: unknown; results?: number; paging?: { current: unknown; total: unknown }; response: any };

/** Return a new body (object or raw text) to send instead, or undefined to pass the emulator's answer through. */
export type Rewrite = (path: string, params: URLSearchParams, answer: Envelope) => Envelope | string | undefined;

export class StandInApi {
    readonly seen: string[] = [];
    private server?: http.Server;

    constructor(private readonly upstream: string, private readonly rewrite: Rewrite) {}

    async start(): Promise<string> {
        this.server = http.createServer(async (req, res) => {
            this.seen.push(req.url ?? "");
            const upstream = await fetch(this.upstream + (req.url ?? "/"), { headers: req.headers as Record<string, string> });
            const text = await upstream.text();
            const url = new URL(req.url ?? "/", "http://standin");
            let body = text;
            try {
                const rewritten = this.rewrite(url.pathname, url.searchParams, JSON.parse(text));
                if (rewritten !== undefined) body = typeof rewritten === "string" ? rewritten : JSON.stringify(rewritten);
            } catch {
                // Not JSON: pass it through as it came.
            }
            const headers: Record<string, string> = {};
            upstream.headers.forEach((v, k) => { if (k !== "content-length" && k !== "transfer-encoding") headers[k] = v; });
            res.writeHead(upstream.status, headers);
            res.end(body);
        });
        await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    async stop(): Promise<void> {
        this.server?.closeAllConnections?.();
        await new Promise<void>((r) => this.server!.close(() => r()));
    }
}

/** The season request, as opposed to an ids= request or /status. */
export const isSeasonRequest = (path: string, params: URLSearchParams) => path === "/fixtures" && params.has("league") && params.has("season");
export const isIdsRequest = (path: string, params: URLSearchParams) => path === "/fixtures" && params.has("ids");
