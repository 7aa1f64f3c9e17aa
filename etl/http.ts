// The one place the ETL talks HTTP: every request has a timeout, transient
// failures are retried under a named policy, and every failure is an HttpError
// that names the status, the endpoint and what the server said.
import { EtlError } from "./errors";

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; signal: AbortSignal }) => Promise<{
    status: number;
    headers: { forEach(cb: (value: string, name: string) => void): void };
    /** The body as it arrives: a web stream from the runtime's fetch, a Node stream from cross-fetch; null when there is none. */
    body: AsyncIterable<Uint8Array> | null;
}>;

export interface RetryPolicy {
    name: string;
    /** Attempts in all, the first one included. */
    maxAttempts: number;
    baseDelayMs: number;
    maxDelayMs: number;
}

/** 429 and 5xx answers, timeouts and dropped connections: worth another try, with exponential backoff. */
export const TRANSIENT_RETRY_POLICY: RetryPolicy = {
    name: "transient-http",
    maxAttempts: 4,
    baseDelayMs: 2_000,
    maxDelayMs: 30_000,
};

/** How long one request waits for an answer before it counts as a timeout. */
export const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * The longest one request can take under a policy: every attempt timing out,
 * and the longest wait between attempts each time (a Retry-After is capped too).
 */
export function longestRequestMs(policy: RetryPolicy, timeoutMs: number): number {
    return policy.maxAttempts * timeoutMs + (policy.maxAttempts - 1) * policy.maxDelayMs;
}

export class HttpError extends EtlError {
    constructor(
        readonly status: number | undefined,
        readonly endpoint: string,
        readonly serverMessage: string,
        readonly attempts: number,
    ) {
        super(`${status === undefined ? "no response" : `HTTP ${status}`} from ${endpoint} after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${serverMessage}`);
        this.name = "HttpError";
    }
}

export interface HttpResult {
    status: number;
    headers: Record<string, string>;
    text: string;
}

/**
 * The largest answer a request may return; a larger one is refused before it
 * is parsed. Held and parsed, an answer takes about 7 times its size in memory
 * (`npm run bench` measures it at this cap), and the function has 512 MB. The
 * answers a run asks for stay under 1 MB: a season of 380 fixtures, or 20
 * fixtures with their events, line-ups and statistics (27 KB each, recorded).
 */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export interface GetOptions {
    headers: Record<string, string>;
    /** What errors call the request: path and query only, so a host-side secret never shows. */
    endpoint: string;
    timeoutMs?: number;
    policy?: RetryPolicy;
    /** The transport, brought by the caller: cross-fetch off AWS, the runtime's own fetch in the Lambda. */
    fetch: FetchLike;
    sleep?: (ms: number) => Promise<void>;
    /** Strings scrubbed from any message that leaves this module (the API key). */
    secrets?: string[];
    maxBytes?: number;
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function isTransientStatus(status: number): boolean {
    return status === 429 || status >= 500;
}

/** The text with each secret, and each secret without the whitespace around it (as a header sends it), made `***`. A blank secret hides nothing. */
export function scrub(text: string, secrets: string[]): string {
    return secrets.filter((s) => s.trim() !== "").flatMap((s) => [s, s.trim()]).reduce((out, s) => out.split(s).join("***"), text);
}

function backoffMs(policy: RetryPolicy, attempt: number, retryAfter: string | undefined): number {
    const seconds = Number(retryAfter); // NaN when absent, or when an HTTP date
    const wanted = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : policy.baseDelayMs * 2 ** (attempt - 1);
    return Math.min(policy.maxDelayMs, wanted);
}

function serverMessage(text: string): string {
    try {
        const body = JSON.parse(text);
        const message = body?.message ?? body?.errors ?? body;
        return typeof message === "string" ? message : JSON.stringify(message).slice(0, 500);
    } catch {
        return text.trim().slice(0, 500) || "(empty body)";
    }
}

/**
 * The body as text, counted as it arrives and refused once it passes `maxBytes`. An answer without a declared
 * length (chunked, or cut off and resent) could otherwise be read for as long as the timeout lets it: an endless
 * one on a fast line is gigabytes, held before it could be counted, and the function has 512 MB. Decoded as
 * UTF-8, a byte-order mark left out, as the Fetch standard's `text()` decodes.
 */
async function cappedText(body: AsyncIterable<Uint8Array> | null, maxBytes: number, refuse: () => Error): Promise<string> {
    if (body === null) return "";
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    for await (const chunk of body) {
        bytes += chunk.byteLength;
        if (bytes > maxBytes) throw refuse();
        chunks.push(chunk);
    }
    return new TextDecoder("utf-8").decode(Buffer.concat(chunks));
}

export async function httpGet(url: string, options: GetOptions): Promise<HttpResult> {
    const policy = options.policy ?? TRANSIENT_RETRY_POLICY;
    const doFetch = options.fetch;
    const sleep = options.sleep ?? realSleep;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const secrets = options.secrets ?? [];
    let last: HttpError | undefined;
    for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), timeoutMs);
        let retryAfter: string | undefined;
        try {
            const response = await doFetch(url, { method: "GET", headers: options.headers, signal: controller.signal });
            const headers: Record<string, string> = {};
            response.headers.forEach((value, name) => { headers[name.toLowerCase()] = value; });
            const maxBytes = options.maxBytes ?? MAX_RESPONSE_BYTES;
            const tooLarge = (what: string) => new HttpError(response.status, options.endpoint, `the answer is ${what} a request may return`, attempt);
            const declared = Number(headers["content-length"]);
            if (declared > maxBytes) throw tooLarge(`${declared} bytes, more than the ${maxBytes}`);
            const text = await cappedText(response.body, maxBytes, () => {
                controller.abort();
                return tooLarge(`more than the ${maxBytes} bytes`);
            });
            if (response.status >= 200 && response.status < 300) {
                return { status: response.status, headers, text };
            }
            last = new HttpError(response.status, options.endpoint, scrub(serverMessage(text), secrets), attempt);
            if (!isTransientStatus(response.status)) throw last;
            retryAfter = headers["retry-after"];
        } catch (err) {
            if (err instanceof HttpError) throw err;
            const aborted = controller.signal.aborted;
            const reason = aborted ? `timed out after ${timeoutMs} ms` : scrub(err instanceof Error ? err.message : String(err), secrets);
            last = new HttpError(undefined, options.endpoint, reason, attempt);
        } finally {
            clearTimeout(timer);
        }
        if (attempt < policy.maxAttempts) await sleep(backoffMs(policy, attempt, retryAfter));
    }
    throw last!;
}
