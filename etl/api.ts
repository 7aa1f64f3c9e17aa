// API-Football v3 over either of its hosts. Most failures arrive as HTTP 200
// with a non-empty `errors` object, so the envelope is checked as carefully as
// the status. The client also keeps to the limits the API announces: the
// per-minute rate by pacing itself, the daily budget by refusing to start a
// request that would pass it, and the invocation's time by refusing to start
// one that might not end in it.
import { EtlError } from "./errors";
import { ApiHost } from "./config";
import { DEFAULT_TIMEOUT_MS, FetchLike, httpGet, longestRequestMs, realSleep, RetryPolicy, scrub, TRANSIENT_RETRY_POLICY } from "./http";

export const HOSTS: Record<ApiHost, { baseUrl: string; headers(key: string): Record<string, string> }> = {
    "api-sports": {
        baseUrl: "https://v3.football.api-sports.io",
        headers: (key) => ({ "x-apisports-key": key }),
    },
    rapidapi: {
        baseUrl: "https://api-football-v1.p.rapidapi.com/v3",
        headers: (key) => ({ "x-rapidapi-key": key, "x-rapidapi-host": "api-football-v1.p.rapidapi.com" }),
    },
};

export interface Envelope<T = unknown> {
    get: string;
    parameters: unknown;
    errors: unknown[] | Record<string, string>;
    results: number;
    paging?: { current: number; total: number };
    response: T;
}

export type ApiErrorKind = "token" | "requests" | "rateLimit" | "plan" | "other";

const HINTS: Record<ApiErrorKind, string> = {
    token: "the key is missing or not valid for this host: check the stack's apiKey secret (or API_FOOTBALL_KEY) and that apiHost matches where the key was issued",
    requests: "the account's daily request quota is spent: the next scheduled run carries on where this one stopped",
    rateLimit: "too many requests this minute: the run paces itself by the rate-limit headers, so another client may share this key",
    plan: "the subscription plan does not serve this league or season: choose a season the plan covers, or upgrade the plan",
    other: "the API refused the request parameters",
};

export class ApiFootballError extends EtlError {
    constructor(readonly kind: ApiErrorKind, readonly endpoint: string, readonly apiMessage: string, readonly errors: Record<string, string>) {
        super(`API-Football ${kind} error from ${endpoint}: ${apiMessage} (${HINTS[kind]})`);
        this.name = "ApiFootballError";
    }
    get hint(): string {
        return HINTS[this.kind];
    }
}

/**
 * Not a failure: the run's share of today's quota is used, or the invocation
 * has too little time left for another request, and the rest waits for the next run.
 */
export class BudgetExhausted extends EtlError {
    constructor(readonly endpoint: string, message: string) {
        super(message);
        this.name = "BudgetExhausted";
    }
}

/** An error's text: a string as it is, anything else as its JSON, so a message can name it (and be scrubbed). */
const errorText = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

export function envelopeErrors(errors: unknown): Record<string, string> {
    if (errors === undefined || errors === null) return {};
    const fields = (o: object) => Object.entries(o).map(([k, v]): [string, string] => [k, errorText(v)]);
    if (Array.isArray(errors)) {
        const out: Record<string, string> = {};
        errors.forEach((e, i) => {
            if (e && typeof e === "object") Object.assign(out, Object.fromEntries(fields(e)));
            else out[String(i)] = String(e);
        });
        return out;
    }
    if (typeof errors === "object") return Object.fromEntries(fields(errors));
    return { other: String(errors) };
}

export function classifyErrors(errors: Record<string, string>): ApiErrorKind {
    for (const kind of ["token", "requests", "rateLimit", "plan"] as const) {
        if (kind in errors) return kind;
    }
    return "other";
}

export interface Quota {
    /** Requests counted against today's quota so far, as /status reports it. */
    usedToday?: number;
    dailyLimit?: number;
}

export interface ApiResponse<T = unknown> {
    body: Envelope<T>;
    /** The bytes as received, for the raw zone. */
    text: string;
    endpoint: string;
}

export interface FootballApi {
    readonly requestsMade: number;
    /** Sets how many counted requests this run may make; undefined lifts the cap. */
    setAllowance(requests: number | undefined): void;
    quota(): Promise<Quota>;
    get<T = unknown>(path: string, params: Record<string, string | number>): Promise<ApiResponse<T>>;
}

export interface ClientOptions {
    host: ApiHost;
    key: string;
    /** Overrides the host's base URL: the local emulator, or a test server. */
    baseUrl?: string;
    /** The transport: localFetch (cross-fetch) off AWS, the runtime's own fetch in the Lambda. */
    fetch: FetchLike;
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
    timeoutMs?: number;
    /** The largest answer to accept (MAX_RESPONSE_BYTES unless a test says otherwise). */
    maxBytes?: number;
    policy?: RetryPolicy;
    log?: (line: string) => void;
}

/**
 * A count /status gives, or undefined where it gives none. Any other value
 * throws: read as a number, "abc" lifted the run's budget (NaN caps nothing),
 * "95" was added to as text, and -3 raised the allowance above the budget.
 */
function statusCount(field: string, value: unknown): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (Number.isInteger(value) && (value as number) >= 0) return value as number;
    throw new EtlError(`/status gave requests.${field} ${JSON.stringify(value)}, not a whole number of requests`);
}

const MINUTE_MS = 60_000;
/** Tries of one request the API refuses with `errors.rateLimit`, each after the minute window has passed. */
export const RATE_LIMIT_ATTEMPTS = 3;

export class ApiFootballClient implements FootballApi {
    requestsMade = 0;
    private allowance: number | undefined;
    private requestsEndBy: number | undefined;
    private minuteLimit = 10; // the free plan's, until the API says otherwise
    private recent: number[] = [];
    private readonly baseUrl: string;
    private readonly key: string;
    private readonly headers: Record<string, string>;
    private readonly sleep: (ms: number) => Promise<void>;
    private readonly now: () => number;

    constructor(private readonly options: ClientOptions) {
        // A key set from a file or piped in may end in a line break. The runtime's fetch sends it trimmed, so a
        // server echoing the key would echo one the untrimmed key is not found in; cross-fetch refuses it outright.
        this.key = options.key.trim();
        if (!this.key) {
            throw new ApiFootballError("token", "(no request made)", "no API key was given", { token: "missing" });
        }
        const host = HOSTS[options.host];
        this.baseUrl = (options.baseUrl ?? host.baseUrl).replace(/\/+$/, "");
        // Else every request would fail by its attempts and waits, naming the fetch's complaint, not the setting.
        if (!/^https?:\/\/[^/]/i.test(this.baseUrl)) throw new EtlError(`the API's base URL '${options.baseUrl}' is not an http:// or https:// URL`);
        this.headers = host.headers(this.key);
        this.sleep = options.sleep ?? realSleep;
        this.now = options.now ?? Date.now;
    }

    setAllowance(requests: number | undefined): void {
        this.allowance = requests;
    }

    /**
     * From now on, a request starts only if it would end within `ms` even at its
     * longest, so an invocation's time limit never cuts one off.
     */
    setTimeLeft(ms: number | undefined): void {
        this.requestsEndBy = ms === undefined ? undefined : this.now() + ms;
    }

    async quota(): Promise<Quota> {
        // /status is not counted against the quota, so it is neither paced nor held to the daily budget.
        const res = await this.request<{ requests?: { current?: unknown; limit_day?: unknown } }>("/status", {}, false);
        const requests = Array.isArray(res.body.response) ? undefined : res.body.response?.requests;
        return { usedToday: statusCount("current", requests?.current), dailyLimit: statusCount("limit_day", requests?.limit_day) };
    }

    get<T = unknown>(path: string, params: Record<string, string | number>): Promise<ApiResponse<T>> {
        return this.request<T>(path, params, true);
    }

    private async request<T>(path: string, params: Record<string, string | number>, counted: boolean): Promise<ApiResponse<T>> {
        const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
        const endpoint = query ? `${path}?${query}` : path;
        for (let attempt = 1; ; attempt++) {
            try {
                return await this.attempt<T>(endpoint, counted);
            } catch (err) {
                // Another client on the same key (a manual run during the scheduled one) can
                // fill the minute: wait for the window to pass and ask again, a few times.
                if (!(err instanceof ApiFootballError && err.kind === "rateLimit" && counted && attempt < RATE_LIMIT_ATTEMPTS)) throw err;
                this.options.log?.(`rate limit: the API refused ${endpoint} for this minute; waiting for the window (attempt ${attempt} of ${RATE_LIMIT_ATTEMPTS})`);
                this.fillWindow();
            }
        }
    }

    private fillWindow(): void {
        while (this.recent.length < this.minuteLimit) this.recent.unshift(this.now());
    }

    private async attempt<T>(endpoint: string, counted: boolean): Promise<ApiResponse<T>> {
        if (counted && this.allowance !== undefined && this.requestsMade >= this.allowance) {
            throw new BudgetExhausted(endpoint, `daily budget reached before ${endpoint}: ${this.requestsMade} of ${this.allowance} requests this run may make`);
        }
        // /status too: it is not counted, but it takes time like any request.
        this.checkTime(endpoint, 0);
        if (counted) {
            await this.pace(endpoint);
            this.requestsMade++;
            this.recent.push(this.now());
        }
        const result = await httpGet(this.baseUrl + endpoint, {
            endpoint,
            headers: this.headers,
            fetch: this.options.fetch,
            sleep: this.sleep,
            timeoutMs: this.options.timeoutMs,
            policy: this.options.policy,
            secrets: [this.key],
            maxBytes: this.options.maxBytes,
        });
        this.readLimits(result.headers);
        let body: Envelope<T>;
        try {
            body = JSON.parse(result.text);
        } catch {
            throw new ApiFootballError("other", endpoint, `the response is not JSON: ${scrub(result.text.slice(0, 200), [this.key])}`, {});
        }
        if (!body || typeof body !== "object" || !("response" in body)) {
            throw new ApiFootballError("other", endpoint, "the response has no `response` field", {});
        }
        const errors = Object.fromEntries(Object.entries(envelopeErrors(body.errors)).map(([k, v]) => [k, scrub(v, [this.key])]));
        if (Object.keys(errors).length > 0) {
            const message = Object.entries(errors).map(([k, v]) => `${k}: ${v}`).join("; ");
            throw new ApiFootballError(classifyErrors(errors), endpoint, message, errors);
        }
        return { body, text: result.text, endpoint };
    }

    private readLimits(headers: Record<string, string>): void {
        const minuteLimit = Number(headers["x-ratelimit-limit"]);
        if (Number.isFinite(minuteLimit) && minuteLimit > 0) this.minuteLimit = minuteLimit;
        const minuteRemaining = Number(headers["x-ratelimit-remaining"]);
        if (headers["x-ratelimit-remaining"] !== undefined && minuteRemaining <= 0) {
            // Someone else may share the key: trust the server's count over ours.
            this.fillWindow();
        }
        const dayRemaining = Number(headers["x-ratelimit-requests-remaining"]);
        if (headers["x-ratelimit-requests-remaining"] !== undefined && Number.isFinite(dayRemaining)) {
            const cap = this.requestsMade + Math.max(0, dayRemaining);
            this.allowance = this.allowance === undefined ? cap : Math.min(this.allowance, cap);
        }
    }

    /** Throws if a request started `waitMs` from now might not end in the time left. */
    private checkTime(endpoint: string, waitMs: number): void {
        if (this.requestsEndBy === undefined) return;
        const longest = longestRequestMs(this.options.policy ?? TRANSIENT_RETRY_POLICY, this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        const left = this.requestsEndBy - this.now();
        if (waitMs + longest <= left) return;
        const after = waitMs > 0 ? ` after the ${Math.ceil(waitMs / 1000)} s wait for the minute's window` : "";
        throw new BudgetExhausted(endpoint, `time budget reached before ${endpoint}: ${Math.round(left / 1000)} s left for requests in this invocation, and one may take up to ${Math.ceil(longest / 1000)} s${after}`);
    }

    private async pace(endpoint: string): Promise<void> {
        for (;;) {
            const now = this.now();
            this.recent = this.recent.filter((t) => now - t < MINUTE_MS);
            if (this.recent.length < this.minuteLimit) return;
            const wait = this.recent[0] + MINUTE_MS - now;
            this.checkTime(endpoint, wait);
            this.options.log?.(`rate limit: ${this.recent.length} requests in the last minute, waiting ${Math.ceil(wait / 1000)} s`);
            await this.sleep(wait);
        }
    }
}
