// The one HTTP helper under its production retry policy, with an injected
// clock (sleep) and a fake transport that counts the attempts: the schedule of
// waits, which answers are retried, and what an error carries.
import { strict as assert } from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import { DEFAULT_TIMEOUT_MS, FetchLike, httpGet, HttpError, isTransientStatus, longestRequestMs, realSleep, scrub, TRANSIENT_RETRY_POLICY } from "../etl/http";
import { localFetch } from "../etl/local/fetch";

interface Answer { status?: number; body?: string; headers?: Record<string, string>; throws?: Error; hangs?: boolean }

/** A body as a transport streams it, in chunks of a few bytes, so a character may be split between two. */
async function* bodyOf(text: string): AsyncIterable<Uint8Array> {
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; at += 7) yield bytes.subarray(at, at + 7);
}

/** A transport that gives the scripted answers in turn and records each request. */
function transport(answers: Answer[]) {
    const requests: Array<{ url: string; headers: Record<string, string> }> = [];
    const fetch: FetchLike = async (url, init) => {
        requests.push({ url, headers: init.headers });
        const a = answers[Math.min(requests.length - 1, answers.length - 1)];
        if (a.throws) throw a.throws;
        if (a.hangs) {
            await new Promise<void>((_, reject) => init.signal.addEventListener("abort", () => reject(new Error("aborted"))));
        }
        const headers = a.headers ?? {};
        return { status: a.status ?? 200, headers: { forEach: (cb) => Object.entries(headers).forEach(([k, v]) => cb(v, k)) }, body: bodyOf(a.body ?? "") };
    };
    return { fetch, requests };
}

const OPTIONS = { endpoint: "/fixtures?league=39&season=2020", headers: { "x-apisports-key": "KEY-123" }, secrets: ["KEY-123"] };

async function attempt(answers: Answer[], extra: Record<string, unknown> = {}) {
    const sleeps: number[] = [];
    const t = transport(answers);
    let error: unknown;
    let result;
    try {
        result = await httpGet("https://api.example/fixtures?league=39&season=2020", { ...OPTIONS, fetch: t.fetch, sleep: async (ms) => { sleeps.push(ms); }, ...extra });
    } catch (err) {
        error = err;
    }
    return { sleeps, requests: t.requests, error, result };
}

describe("the HTTP helper under its production retry policy", () => {
    it("is named, and makes 4 attempts with waits doubling from 2 s, never over 30 s", () => {
        assert.deepEqual(TRANSIENT_RETRY_POLICY, { name: "transient-http", maxAttempts: 4, baseDelayMs: 2_000, maxDelayMs: 30_000 });
    });

    it("waits 2, 4 and 8 seconds between four attempts at an answer that stays 503, then gives up", async () => {
        const { sleeps, requests, error } = await attempt([{ status: 503, body: '{"message":"Service Unavailable"}' }]);
        assert.deepEqual(sleeps, [2_000, 4_000, 8_000]);
        assert.equal(requests.length, 4);
        assert.ok(error instanceof HttpError);
        assert.deepEqual([error.status, error.attempts, error.endpoint], [503, 4, "/fixtures?league=39&season=2020"]);
        assert.equal(error.message, "HTTP 503 from /fixtures?league=39&season=2020 after 4 attempts: Service Unavailable");
    });

    for (const status of [429, 500, 502, 503, 504]) {
        it(`retries HTTP ${status}, and takes the answer that follows`, async () => {
            const { requests, result, error } = await attempt([{ status, body: "busy" }, { status: 200, body: "{}" }]);
            assert.equal(error, undefined);
            assert.equal(requests.length, 2);
            assert.deepEqual(result, { status: 200, headers: {}, text: "{}" });
        });
    }

    for (const status of [400, 401, 403, 404, 499]) {
        it(`gives up on HTTP ${status} at once`, async () => {
            const { requests, sleeps, error } = await attempt([{ status, body: '{"message":"no"}' }, { status: 200 }]);
            assert.equal(requests.length, 1);
            assert.deepEqual(sleeps, []);
            assert.ok(error instanceof HttpError && error.status === status && error.attempts === 1);
            assert.match(error.message, new RegExp(`^HTTP ${status} from .* after 1 attempt: no$`));
        });
    }

    it("counts 200 to 299 as success and 300 as not", async () => {
        assert.equal((await attempt([{ status: 204, body: "" }])).error, undefined);
        assert.equal((await attempt([{ status: 299, body: "" }])).error, undefined);
        assert.ok((await attempt([{ status: 300, body: "" }])).error instanceof HttpError);
        assert.ok((await attempt([{ status: 199, body: "" }])).error instanceof HttpError);
        assert.deepEqual([428, 429, 430, 499, 500, 599].map(isTransientStatus), [false, true, false, false, true, true]);
    });

    it("waits what Retry-After asks, in seconds, up to the policy's 30 s", async () => {
        const { sleeps } = await attempt([
            { status: 429, headers: { "Retry-After": "5" } }, { status: 429, headers: { "retry-after": "100" } },
            { status: 429, headers: { "retry-after": "0" } }, { status: 200 },
        ]);
        assert.deepEqual(sleeps, [5_000, 30_000, 0]);
    });

    it("takes at most 4 attempts of 20 s and 3 waits of 30 s, 170 s, however slow and unwilling the server", async () => {
        assert.equal(longestRequestMs(TRANSIENT_RETRY_POLICY, DEFAULT_TIMEOUT_MS), 170_000);
        // The worst case played on a fake clock: each attempt answers 503 at its timeout, asking to wait an hour.
        let clock = 0;
        const t = transport([{ status: 503, headers: { "retry-after": "3600" } }]);
        const slow: FetchLike = async (url, init) => { clock += DEFAULT_TIMEOUT_MS; return t.fetch(url, init); };
        await assert.rejects(httpGet("https://api.example/status", { ...OPTIONS, fetch: slow, sleep: async (ms) => { clock += ms; } }), HttpError);
        assert.equal(clock, 170_000);
        assert.equal(longestRequestMs({ name: "two", maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 7 }, 100), 2 * 100 + 7);
    });

    it("falls back to the doubling wait when Retry-After is not a number of seconds", async () => {
        const { sleeps } = await attempt([
            { status: 503, headers: { "retry-after": "Wed, 21 Oct 2026 07:28:00 GMT" } },
            { status: 503, headers: { "retry-after": "-5" } }, { status: 503, headers: { "retry-after": "Infinity" } }, { status: 200 },
        ]);
        assert.deepEqual(sleeps, [2_000, 4_000, 8_000]);
    });

    it("retries a dropped connection and a timeout, and says which it was", async () => {
        const dropped = await attempt([{ throws: new Error("socket hang up") }]);
        assert.ok(dropped.error instanceof HttpError && dropped.error.status === undefined);
        assert.equal(dropped.error.name, "HttpError", "the name logs and run records show");
        assert.equal(dropped.error.message, "no response from /fixtures?league=39&season=2020 after 4 attempts: socket hang up");
        assert.equal(dropped.requests.length, 4);
        const timedOut = await attempt([{ hangs: true }], { timeoutMs: 20, policy: { ...TRANSIENT_RETRY_POLICY, maxAttempts: 2 } });
        assert.match((timedOut.error as Error).message, /^no response from .* after 2 attempts: timed out after 20 ms$/);
    });

    it("gives the server's message: a JSON message, a JSON errors object, or the text itself", async () => {
        const message = async (body: string) => ((await attempt([{ status: 400, body }])).error as Error).message.replace(/^.*: /, "");
        assert.equal(await message('{"message":"bad parameter"}'), "bad parameter");
        assert.equal(await message('{"errors":{"league":"unknown"}}'), '{"league":"unknown"}');
        assert.equal(await message("  <html>gateway</html>  "), "<html>gateway</html>");
        assert.equal(await message(""), "(empty body)");
        // An error page or an errors object of any size gives at most 500 characters.
        assert.equal(await message(` ${"x".repeat(600)} `), "x".repeat(500));
        const many = JSON.stringify({ errors: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`field${i}`, "is not valid"])) });
        assert.equal(await message(many), JSON.stringify(JSON.parse(many).errors).slice(0, 500));
    });

    it("carries what a transport threw, when it is not an Error", async () => {
        const { error } = await attempt([{ throws: "ECONNRESET for KEY-123" as unknown as Error }], { policy: { ...TRANSIENT_RETRY_POLICY, maxAttempts: 1 } });
        assert.equal((error as Error).message, "no response from /fixtures?league=39&season=2020 after 1 attempt: ECONNRESET for ***");
    });

    it("stops its timeout once the answer is in, so no request is aborted afterwards", async () => {
        let signal: AbortSignal | undefined;
        const fetch: FetchLike = async (_url, init) => {
            signal = init.signal;
            return { status: 200, headers: { forEach: () => undefined }, body: bodyOf("{}") };
        };
        await httpGet("https://api.example/status", { ...OPTIONS, fetch, timeoutMs: 10 });
        await new Promise((resolve) => setTimeout(resolve, 40));
        assert.equal(signal!.aborted, false);
    });

    it("waits for real, by default, as long as it is asked", async () => {
        const started = process.hrtime.bigint();
        await realSleep(30);
        assert.ok(Number(process.hrtime.bigint() - started) / 1e6 >= 29);
    });

    it("never lets the key out, in the message or the server's words", async () => {
        const { error } = await attempt([{ status: 401, body: '{"message":"key KEY-123 is not valid"}' }]);
        assert.equal((error as Error).message, "HTTP 401 from /fixtures?league=39&season=2020 after 1 attempt: key *** is not valid");
        const dropped = await attempt([{ throws: new Error("connect refused for KEY-123") }]);
        assert.ok(!(dropped.error as Error).message.includes("KEY-123"));
        assert.equal(scrub("a KEY b KEY", ["KEY", ""]), "a *** b ***");
        assert.equal(scrub("key KEY sent, KEY\n stored", ["KEY\n", " ", "\n"]), "key *** sent, *** stored", "a secret with a line break, as a header sends it and as it is; blank ones hide nothing");
    });

    it("refuses an answer over the size cap by its declared length, before reading it, and by its bytes as they come", async () => {
        const declared = await attempt([{ status: 200, body: "x", headers: { "content-length": "101" } }], { maxBytes: 100 });
        assert.match((declared.error as Error).message, /the answer is 101 bytes, more than the 100 a request may return$/);
        const counted = await attempt([{ status: 200, body: "é".repeat(51) }], { maxBytes: 100 });
        assert.equal((counted.error as Error).message, "HTTP 200 from /fixtures?league=39&season=2020 after 1 attempt: the answer is more than the 100 bytes a request may return");
        assert.equal(counted.requests.length, 1, "not retried: the same answer would come again");
        assert.equal((await attempt([{ status: 200, body: "x".repeat(100) }], { maxBytes: 100 })).error, undefined);
        assert.equal((await attempt([{ status: 200, body: "x".repeat(100), headers: { "content-length": "100" } }], { maxBytes: 100 })).error, undefined);
    });

    it("reads a body in chunks as the text it was, a character split between two chunks included, and without a byte-order mark", async () => {
        assert.equal((await attempt([{ status: 200, body: "é".repeat(50) }], { maxBytes: 100 })).result?.text, "é".repeat(50));
        assert.equal((await attempt([{ status: 200, body: '\uFEFF{"city":"München"}' }])).result?.text, '{"city":"München"}');
        // A body of null, as an answer without one has.
        const empty: FetchLike = async (url, init) => ({ ...(await transport([{ status: 200 }]).fetch(url, init)), body: null });
        assert.equal((await httpGet("https://api.example/status", { ...OPTIONS, fetch: empty })).text, "");
    });

    for (const [name, fetch] of [["the runtime's own fetch (the Lambda's)", globalThis.fetch as unknown as FetchLike], ["cross-fetch (npm start's)", localFetch]] as const) {
        it(`stops reading an endless answer with no declared length at the size cap, with ${name}, rather than hold it until the timeout`, async () => {
            // Before, the body was read whole and then counted: over a 3 s timeout this server sent gigabytes, held in memory, and the
            // request was tried again as a timeout.
            let sent = 0;
            const chunk = Buffer.alloc(64 * 1024, "x");
            const server = http.createServer((req, res) => {
                res.writeHead(200, { "content-type": "application/json" });
                const pump = () => { while (!res.destroyed && res.write(chunk)) sent += chunk.length; };
                res.on("drain", pump);
                pump();
            });
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            try {
                const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fixtures`;
                await assert.rejects(httpGet(url, { ...OPTIONS, fetch, timeoutMs: 5_000, maxBytes: 1024 * 1024, sleep: async () => undefined }), (err: unknown) => {
                    assert.ok(err instanceof HttpError);
                    assert.equal(err.message, "HTTP 200 from /fixtures?league=39&season=2020 after 1 attempt: the answer is more than the 1048576 bytes a request may return");
                    return true;
                });
                assert.ok(sent < 64 * 1024 * 1024, `${sent} bytes sent`);
            } finally {
                server.closeAllConnections();
                await new Promise((resolve) => server.close(resolve));
            }
        });
    }

    it("sends the headers it is given and lower-cases the ones it gets", async () => {
        const { requests, result } = await attempt([{ status: 200, body: "{}", headers: { "X-RateLimit-Remaining": "9" } }]);
        assert.deepEqual(requests[0].headers, { "x-apisports-key": "KEY-123" });
        assert.deepEqual(result!.headers, { "x-ratelimit-remaining": "9" });
    });
});
