import { strict as assert } from "assert";
import { ApiFootballClient, ApiFootballError, BudgetExhausted, envelopeErrors } from "../etl/api";
import { FetchLike, HttpError, RetryPolicy } from "../etl/http";
import { localFetch } from "../etl/local/fetch";
import { fetchAnswering, readData, Scripted, ScriptedServer } from "./helpers/servers";

const KEY = "feedfacecafebeef0123456789abcdef";
const FAST: RetryPolicy = { name: "test", maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 };
const fixturesPayload = readData("api-football", "RonaldoHD-football", "fixtures-league39-season2020-truncated.json");
// Envelopes the recorded data holds only for "other" errors; these carry the
// documented error keys. The plan message is the one the real API sends for 2020 on a free plan.
const envelope = (errors: Record<string, string>) => JSON.stringify({ get: "fixtures", parameters: { league: "39", season: "2020" }, errors, results: 0, paging: { current: 1, total: 1 }, response: [] });

async function withServer(answer: (n: number, url: string) => Scripted, run: (client: ApiFootballClient, server: ScriptedServer) => Promise<void>, extra: Partial<ConstructorParameters<typeof ApiFootballClient>[0]> = {}) {
    const server = new ScriptedServer(answer);
    const baseUrl = await server.start();
    const sleeps: number[] = [];
    try {
        const client = new ApiFootballClient({ host: "api-sports", key: KEY, baseUrl, fetch: localFetch, policy: FAST, sleep: async (ms) => { sleeps.push(ms); }, timeoutMs: 300, ...extra });
        await run(client, server);
    } finally {
        await server.stop();
    }
}

async function rejection(p: Promise<unknown>): Promise<Error> {
    try {
        await p;
    } catch (err) {
        return err as Error;
    }
    throw new Error("expected a rejection");
}

describe("the API-Football client", () => {
    it("sends the api-sports key header and returns the envelope with the bytes as received", async () => {
        await withServer(() => ({ body: fixturesPayload }), async (client, server) => {
            const res = await client.get("/fixtures", { league: 39, season: 2020 });
            assert.equal(res.text, fixturesPayload);
            assert.equal((res.body.response as unknown[]).length, 9);
            assert.equal(server.seen[0].url, "/fixtures?league=39&season=2020");
            assert.equal(server.seen[0].headers["x-apisports-key"], KEY);
            assert.equal(server.seen[0].headers["x-rapidapi-key"], undefined);
            assert.equal(client.requestsMade, 1);
        });
    });

    it("sends the RapidAPI key and host headers when the stack uses RapidAPI", async () => {
        await withServer(() => ({ body: fixturesPayload }), async (client, server) => {
            await client.get("/fixtures", { league: 39, season: 2020 });
            assert.equal(server.seen[0].headers["x-rapidapi-key"], KEY);
            assert.equal(server.seen[0].headers["x-rapidapi-host"], "api-football-v1.p.rapidapi.com");
            assert.equal(server.seen[0].headers["x-apisports-key"], undefined);
        }, { host: "rapidapi" });
    });

    for (const [file, field] of [["injuries-error.json", "required"], ["team-leipzig-error.json", "league"], ["venue-camp-nou-error.json", "country"]]) {
        it(`turns the recorded error envelope ${file} (HTTP 200) into an error with the API's message, asked once`, async () => {
            const body = readData("api-football", "syurchen93-api-football-client", file);
            await withServer(() => ({ body }), async (client, server) => {
                const err = await rejection(client.get("/teams", { league: 39, search: "Leipzig" }));
                assert.ok(err instanceof ApiFootballError);
                assert.equal(err.kind, "other");
                assert.ok(err.message.includes(JSON.parse(body).errors[field]), err.message);
                assert.equal(server.count, 1);
            });
        });
    }

    for (const [kind, message] of [
        ["token", "Error/Missing application key."],
        ["requests", "You have reached the request limit for the day."],
        ["plan", "Free plans do not have access to this season, try from 2022 to 2024."],
    ] as const) {
        it(`reports a '${kind}' envelope error with its message and a hint, without retrying it`, async () => {
            await withServer(() => ({ body: envelope({ [kind]: message }) }), async (client, server) => {
                const err = await rejection(client.get("/fixtures", { league: 39, season: 2020 }));
                assert.ok(err instanceof ApiFootballError);
                assert.equal(err.kind, kind);
                assert.equal(err.endpoint, "/fixtures?league=39&season=2020");
                assert.ok(err.message.includes(message));
                assert.ok(err.hint.length > 20);
                assert.equal(server.count, 1);
            });
        });
    }

    it("meets a 'rateLimit' envelope by waiting for the minute window to pass, and reports it after three refusals", async () => {
        let clock = 0;
        const at: number[] = [];
        await withServer(() => {
            at.push(clock);
            return { body: envelope({ rateLimit: "Too many requests." }) };
        }, async (client, server) => {
            const err = await rejection(client.get("/fixtures", { league: 39, season: 2020 }));
            assert.ok(err instanceof ApiFootballError && err.kind === "rateLimit");
            assert.ok(err.message.includes("Too many requests."));
            assert.match(err.hint, /this minute/);
            assert.equal(server.count, 3);
            // Each new try waits until a minute has passed since the window filled.
            assert.deepEqual(at, [0, 60_000, 120_000]);
        }, { now: () => clock, sleep: async (ms) => { clock += ms; } });
    });

    it("succeeds when the minute window it waited for frees the key again", async () => {
        let clock = 0;
        await withServer((n) => (n === 1 ? { body: envelope({ rateLimit: "Too many requests." }) } : { body: fixturesPayload }), async (client, server) => {
            const res = await client.get("/fixtures", { league: 39, season: 2020 });
            assert.equal((res.body.response as unknown[]).length, 9);
            assert.equal(server.count, 2);
            assert.equal(clock, 60_000);
        }, { now: () => clock, sleep: async (ms) => { clock += ms; } });
    });

    it("retries HTTP 429 under the named policy, honouring Retry-After, then succeeds", async () => {
        const sleeps: number[] = [];
        await withServer((n) => (n === 1 ? { status: 429, body: '{"message":"Too many requests"}', headers: { "retry-after": "0.002" } } : { body: fixturesPayload }), async (client, server) => {
            const res = await client.get("/fixtures", { league: 39, season: 2020 });
            assert.equal((res.body.response as unknown[]).length, 9);
            assert.equal(server.count, 2);
            assert.deepEqual(sleeps, [2]);
        }, { sleep: async (ms) => { sleeps.push(ms); } });
    });

    it("retries HTTP 500 then succeeds", async () => {
        await withServer((n) => (n < 3 ? { status: 500, body: "upstream broke" } : { body: fixturesPayload }), async (client, server) => {
            await client.get("/fixtures", { league: 39, season: 2020 });
            assert.equal(server.count, 3);
        });
    });

    it("gives up after the policy's attempts with the status, endpoint and server message", async () => {
        await withServer(() => ({ status: 503, body: '{"message":"Service Unavailable"}' }), async (client, server) => {
            const err = await rejection(client.get("/fixtures", { ids: "1-2" }));
            assert.ok(err instanceof HttpError);
            assert.equal(err.status, 503);
            assert.equal(err.endpoint, "/fixtures?ids=1-2");
            assert.equal(err.attempts, 4);
            assert.match(err.message, /HTTP 503 from \/fixtures\?ids=1-2 after 4 attempts: Service Unavailable/);
            assert.equal(server.count, 4);
        });
    });

    it("does not retry other 4xx answers", async () => {
        await withServer(() => ({ status: 403, body: '{"message":"You are not subscribed to this API."}' }), async (client, server) => {
            const err = await rejection(client.get("/fixtures", { league: 39, season: 2020 }));
            assert.ok(err instanceof HttpError && err.status === 403);
            assert.match(err.message, /not subscribed/);
            assert.equal(server.count, 1);
        });
    });

    it("times out a request that never answers, retrying it under the policy", async () => {
        await withServer(() => ({ hang: true }), async (client, server) => {
            const err = await rejection(client.get("/fixtures", { league: 39, season: 2020 }));
            assert.ok(err instanceof HttpError);
            assert.equal(err.status, undefined);
            assert.match(err.message, /timed out after 300 ms/);
            assert.equal(server.count, 4);
        });
    });

    it("refuses an answer larger than it may take, before parsing it, naming the endpoint, the cap, and the size where the answer declares it", async () => {
        // Sent chunked, with no declared length: counted as it comes.
        await withServer(() => ({ body: fixturesPayload }), async (client, server) => {
            const err = await rejection(client.get("/fixtures", { league: 39, season: 2020 }));
            assert.ok(err instanceof HttpError);
            assert.equal(err.message, "HTTP 200 from /fixtures?league=39&season=2020 after 1 attempt: the answer is more than the 1000 bytes a request may return");
            assert.equal(server.count, 1, "a size refusal is not retried");
        }, { maxBytes: 1000 });
        const length = String(Buffer.byteLength(fixturesPayload));
        await withServer(() => ({ body: fixturesPayload, headers: { "content-length": length } }), async (client, server) => {
            const err = await rejection(client.get("/fixtures", { league: 39, season: 2020 }));
            assert.equal(err.message, `HTTP 200 from /fixtures?league=39&season=2020 after 1 attempt: the answer is ${length} bytes, more than the 1000 a request may return`);
            assert.equal(server.count, 1, "a size refusal is not retried");
        }, { maxBytes: 1000 });
    });

    it("rejects a body that is not JSON, naming the endpoint", async () => {
        await withServer(() => ({ body: "<html>gateway</html>" }), async (client) => {
            const err = await rejection(client.get("/fixtures", { league: 39, season: 2020 }));
            assert.ok(err instanceof ApiFootballError);
            assert.match(err.message, /\/fixtures\?league=39&season=2020: the response is not JSON/);
        });
    });

    it("accepts an empty `response` as an answer with no fixtures", async () => {
        const body = JSON.stringify({ get: "fixtures", parameters: { league: "39", season: "2030" }, errors: [], results: 0, paging: { current: 1, total: 1 }, response: [] });
        await withServer(() => ({ body }), async (client) => {
            const res = await client.get("/fixtures", { league: 39, season: 2030 });
            assert.deepEqual(res.body.response, []);
        });
    });

    it("never lets the key into an error message, even when the server echoes it", async () => {
        await withServer(() => ({ status: 401, body: JSON.stringify({ message: `invalid key ${KEY}` }) }), async (client) => {
            const err = await rejection(client.get("/fixtures", { league: 39, season: 2020 }));
            assert.ok(!err.message.includes(KEY));
            assert.ok(err.message.includes("***"));
        });
        await withServer(() => ({ body: envelope({ token: `key ${KEY} unknown` }) }), async (client) => {
            const err = await rejection(client.get("/fixtures", { league: 39, season: 2020 }));
            assert.ok(!err.message.includes(KEY));
            assert.ok(!JSON.stringify(err).includes(KEY), "nor in the error's fields");
        });
    });

    it("sends a key that came with a line break or spaces around it without them, and keeps it out of what the server echoes, with either transport", async () => {
        // The Lambda's fetch (the runtime's own) and cross-fetch (npm start's), against a server that echoes the key it is sent.
        for (const fetch of [globalThis.fetch as unknown as FetchLike, localFetch]) {
            for (const key of [`${KEY}\n`, `${KEY}\r\n`, ` ${KEY} `]) {
                await withServer((_n, _url) => ({ status: 401, body: JSON.stringify({ message: `invalid key ${KEY}` }) }), async (client, server) => {
                    const err = await rejection(client.get("/fixtures", { league: 39, season: 2020 }));
                    assert.equal(server.seen[0].headers["x-apisports-key"], KEY, JSON.stringify(key));
                    assert.equal(err.message, "HTTP 401 from /fixtures?league=39&season=2020 after 1 attempt: invalid key ***", JSON.stringify(key));
                }, { key, fetch, policy: { ...FAST, maxAttempts: 1 } });
            }
        }
    });

    it("refuses to start without a key, before any request", () => {
        for (const key of ["", " \n"]) assert.throws(() => new ApiFootballClient({ host: "api-sports", key, fetch: localFetch }), (err: unknown) => {
            assert.ok(err instanceof ApiFootballError);
            assert.deepEqual([err.name, err.kind, err.endpoint, err.errors], ["ApiFootballError", "token", "(no request made)", { token: "missing" }]);
            assert.match(err.message, /^API-Football token error from \(no request made\): no API key was given \(the key is missing/);
            return true;
        });
    });

    it("asks the API's own host when no base URL is given: api-sports directly, or RapidAPI's /v3", async () => {
        for (const [host, base] of [["api-sports", "https://v3.football.api-sports.io"], ["rapidapi", "https://api-football-v1.p.rapidapi.com/v3"]] as const) {
            const { fetch, asked } = fetchAnswering(fixturesPayload);
            const res = await new ApiFootballClient({ host, key: KEY, fetch, policy: FAST }).get("/fixtures", { league: 39, season: 2020 });
            assert.equal(res.text, fixturesPayload);
            assert.deepEqual(asked, [`${base}/fixtures?league=39&season=2020`], host);
        }
    });

    it("refuses a base URL that is not an http:// or https:// URL, before any request", () => {
        // The quoted one as a .env file may leave it, quotes and all.
        for (const baseUrl of ["notaurl", "localhost:8080", "ftp://127.0.0.1", "https://", "/v3", "", '"http://127.0.0.1:8080"']) {
            assert.throws(() => new ApiFootballClient({ host: "api-sports", key: "k", baseUrl, fetch: localFetch }),
                (err: Error) => err.message === `the API's base URL '${baseUrl}' is not an http:// or https:// URL`, baseUrl);
        }
        for (const baseUrl of ["http://127.0.0.1:8080", "HTTPS://v3.football.api-sports.io/"]) new ApiFootballClient({ host: "api-sports", key: "k", baseUrl, fetch: localFetch });
    });

    it("joins a base URL with trailing slashes to the path with one slash", async () => {
        const server = new ScriptedServer(() => ({ body: fixturesPayload }));
        const baseUrl = await server.start();
        try {
            await new ApiFootballClient({ host: "api-sports", key: KEY, baseUrl: `${baseUrl}//`, fetch: localFetch, policy: FAST }).get("/fixtures", { league: 39 });
            assert.equal(server.seen[0].url, "/fixtures?league=39");
        } finally {
            await server.stop();
        }
    });

    it("reads the envelope's errors in each shape the API sends: an object, a list of objects or strings, nothing", () => {
        assert.deepEqual(envelopeErrors({ token: "bad", requests: 3 }), { token: "bad", requests: "3" });
        assert.deepEqual(envelopeErrors([{ plan: "no access" }, "odd"]), { plan: "no access", 1: "odd" });
        assert.deepEqual(envelopeErrors([]), {});
        assert.deepEqual(envelopeErrors(null), {});
        assert.deepEqual(envelopeErrors(undefined), {});
        assert.deepEqual(envelopeErrors("down for maintenance"), { other: "down for maintenance" });
    });

    it("reads an error given as anything but text as its JSON, in a list or an object, so the message names it and the key is scrubbed from it", async () => {
        assert.deepEqual(envelopeErrors([{ token: { reason: "expired" } }, { plan: null }, { requests: [1, 2] }]), { token: '{"reason":"expired"}', plan: "null", requests: "[1,2]" });
        assert.deepEqual(envelopeErrors({ token: { reason: "expired" }, requests: 3, plan: false }), { token: '{"reason":"expired"}', requests: "3", plan: "false" });
        // Before, an object in a list of errors reached the key's scrubbing as it was, and the request failed with a TypeError naming nothing.
        await withServer(() => ({ body: JSON.stringify({ ...JSON.parse(envelope({})), errors: [{ token: { key: KEY } }] }) }), async (client) => {
            const err = await rejection(client.get("/fixtures", {}));
            assert.equal(err.name, "ApiFootballError");
            assert.equal((err as ApiFootballError).kind, "token");
            assert.ok(err.message.includes('token: {"key":"***"}'), err.message);
            assert.ok(!err.message.includes(KEY));
        });
    });

    it("gives every error of an envelope in its message, each with its field", async () => {
        await withServer(() => ({ body: envelope({ league: "The League field is required.", season: "The Season field must be a 4-digit year." }) }), async (client) => {
            const err = await rejection(client.get("/fixtures", {}));
            assert.match(err.message, /: league: The League field is required\.; season: The Season field must be a 4-digit year\. \(/);
        });
    });

    for (const body of ["null", "42", '"fixtures"', '{"errors":[]}']) {
        it(`refuses the JSON answer ${body}, which has no \`response\` field`, async () => {
            await withServer(() => ({ body }), async (client) => {
                const err = await rejection(client.get("/fixtures", { league: 39, season: 2020 }));
                assert.ok(err instanceof ApiFootballError && err.kind === "other");
                assert.equal(err.message.split(" (")[0], "API-Football other error from /fixtures?league=39&season=2020: the response has no `response` field");
            });
        });
    }

    it("quotes at most 200 characters of an answer that is not JSON, and never the key", async () => {
        const page = `<html>${KEY} ${"x".repeat(400)}</html>`;
        await withServer(() => ({ body: page }), async (client) => {
            const err = await rejection(client.get("/fixtures", { league: 39, season: 2020 }));
            const quoted = err.message.split("the response is not JSON: ")[1].split(" (the API refused")[0];
            assert.equal(quoted, page.slice(0, 200).replace(KEY, "***"));
        });
    });

    it("reads no quota from a /status answer that carries none", async () => {
        for (const response of [[], null, {}]) {
            await withServer(() => ({ body: JSON.stringify({ get: "status", parameters: [], errors: [], results: 0, response }) }), async (client) => {
                assert.deepEqual(await client.quota(), { usedToday: undefined, dailyLimit: undefined });
            });
        }
    });

    it("refuses a /status count that is not a whole number of requests, naming the field and the value", async () => {
        const cases: Array<[Record<string, unknown>, string]> = [
            [{ current: "abc", limit_day: 100 }, 'requests.current "abc"'],
            [{ current: "95", limit_day: 100 }, 'requests.current "95"'],
            [{ current: -3, limit_day: 100 }, "requests.current -3"],
            [{ current: 5.5, limit_day: 100 }, "requests.current 5.5"],
            [{ current: 5, limit_day: "x" }, 'requests.limit_day "x"'],
        ];
        for (const [requests, named] of cases) {
            await withServer(() => ({ body: JSON.stringify({ get: "status", parameters: [], errors: [], results: 1, response: { requests } }) }), async (client) => {
                const err = await rejection(client.quota());
                assert.equal(err.message, `/status gave ${named}, not a whole number of requests`);
            });
        }
        await withServer(() => ({ body: JSON.stringify({ get: "status", parameters: [], errors: [], results: 1, response: { requests: { current: 0, limit_day: null } } }) }), async (client) => {
            assert.deepEqual(await client.quota(), { usedToday: 0, dailyLimit: undefined }, "0 is a count, and null gives none");
        });
    });

    it("does not count /status against the allowance", async () => {
        const status = JSON.stringify({ get: "status", parameters: [], errors: [], results: 1, paging: { current: 1, total: 1 }, response: { requests: { current: 7, limit_day: 100 } } });
        await withServer(() => ({ body: status }), async (client) => {
            client.setAllowance(0);
            assert.deepEqual(await client.quota(), { usedToday: 7, dailyLimit: 100 });
            assert.equal(client.requestsMade, 0);
        });
    });

    it("stops before a request that would pass the allowance, without sending it", async () => {
        await withServer(() => ({ body: fixturesPayload }), async (client, server) => {
            client.setAllowance(2);
            await client.get("/fixtures", { league: 39, season: 2020 });
            await client.get("/fixtures", { league: 39, season: 2020 });
            const err = await rejection(client.get("/fixtures", { ids: "1" }));
            assert.ok(err instanceof BudgetExhausted);
            assert.equal(err.name, "BudgetExhausted");
            assert.equal(err.message, "daily budget reached before /fixtures?ids=1: 2 of 2 requests this run may make");
            assert.equal(server.count, 2);
        });
    });

    it("lowers the allowance to what the daily-quota headers say remains", async () => {
        await withServer(() => ({ body: fixturesPayload, headers: { "x-ratelimit-requests-limit": "100", "x-ratelimit-requests-remaining": "1" } }), async (client, server) => {
            client.setAllowance(50);
            await client.get("/fixtures", { league: 39, season: 2020 });
            await client.get("/fixtures", { league: 39, season: 2020 });
            assert.ok((await rejection(client.get("/fixtures", { league: 39, season: 2020 }))) instanceof BudgetExhausted);
            assert.equal(server.count, 2);
        });
    });

    // FAST's longest request with the 300 ms timeout: 4 attempts of 300 ms and 3 waits of at most 5 ms, 1,215 ms.
    it("starts a request only if it would end within the time left even at its longest, and sends none that might not", async () => {
        let clock = 0;
        await withServer(() => ({ body: fixturesPayload }), async (client, server) => {
            client.setTimeLeft(3_000);
            await client.get("/fixtures", { league: 39, season: 2020 });
            clock = 1_000;
            await client.get("/fixtures", { league: 39, season: 2020 });
            clock = 1_785; // 1,785 + 1,215 = 3,000: the last moment one may start
            await client.get("/fixtures", { league: 39, season: 2020 });
            clock = 1_786;
            const err = await rejection(client.get("/fixtures", { ids: "1" }));
            assert.ok(err instanceof BudgetExhausted);
            assert.equal(err.message, "time budget reached before /fixtures?ids=1: 1 s left for requests in this invocation, and one may take up to 2 s");
            await assert.rejects(client.quota(), /time budget reached before \/status: /, "/status takes time like any request");
            assert.equal(server.count, 3);
            assert.equal(client.requestsMade, 3, "a request not sent is not counted");
            client.setTimeLeft(undefined);
            await client.get("/fixtures", { ids: "1" });
            assert.equal(server.count, 4, "no time limit once it is lifted");
        }, { now: () => clock });
    });

    it("stops rather than wait for the minute's window when the wait and a request would not fit in the time left", async () => {
        let clock = 0;
        const sleeps: number[] = [];
        await withServer(() => ({ body: fixturesPayload, headers: { "x-ratelimit-limit": "2" } }), async (client, server) => {
            client.setTimeLeft(60_000 + 1_215 - 1);
            await client.get("/fixtures", { league: 39, season: 2020 });
            await client.get("/fixtures", { league: 39, season: 2020 });
            const err = await rejection(client.get("/fixtures", { ids: "1" }));
            assert.equal(err.message, "time budget reached before /fixtures?ids=1: 61 s left for requests in this invocation, and one may take up to 2 s after the 60 s wait for the minute's window");
            assert.deepEqual([sleeps, server.count], [[], 2], "it neither waited nor asked");
            client.setTimeLeft(60_000 + 1_215);
            await client.get("/fixtures", { ids: "1" });
            assert.deepEqual([sleeps, server.count], [[60_000], 3], "with 1 ms more, it waits out the window and asks");
        }, { now: () => clock, sleep: async (ms) => { sleeps.push(ms); clock += ms; } });
    });

    /** When (on a fake clock advancing 1 s after each request) `n` requests reach a server answering with these headers, and what the client logged. */
    async function requestTimes(n: number, headers: Record<string, string>): Promise<{ at: number[]; logged: string[] }> {
        let clock = 0;
        const at: number[] = [];
        const logged: string[] = [];
        await withServer(() => {
            at.push(clock);
            return { body: fixturesPayload, headers };
        }, async (client) => {
            for (let i = 0; i < n; i++) {
                await client.get("/fixtures", { league: 39, season: 2020 });
                clock += 1000;
            }
        }, { now: () => clock, sleep: async (ms) => { clock += ms; }, log: (line) => logged.push(line) });
        return { at, logged };
    }

    it("keeps to the per-minute limit the headers announce by waiting, not by failing", async () => {
        const { at, logged } = await requestTimes(25, { "X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "9" });
        for (let i = 10; i < at.length; i++) assert.ok(at[i] - at[i - 10] >= 60_000, `request ${i} came ${at[i] - at[i - 10]} ms after request ${i - 10}`);
        assert.ok(at[24] < 3 * 60_000, "no waiting beyond the window");
        // The 11th request, at 10 s, waits for the first one's minute to end.
        assert.equal(logged[0], "rate limit: 10 requests in the last minute, waiting 50 s");
    });

    it("takes a per-minute limit above the free plan's 10 from the headers, and ignores one that is zero or not a number", async () => {
        const { at: paid } = await requestTimes(31, { "x-ratelimit-limit": "30" });
        assert.deepEqual([paid[29], paid[30]], [29_000, 60_000], "30 in the first minute, the 31st when the first one's minute ends");
        for (const limit of ["0", "-5", "unlimited"]) {
            const { at } = await requestTimes(11, { "x-ratelimit-limit": limit });
            assert.deepEqual([at[9], at[10]], [9_000, 60_000], `limit ${limit}: the free plan's 10 a minute`);
        }
    });

    it("waits out the minute when the server says none of it remains, and only then", async () => {
        const { at: spent } = await requestTimes(2, { "x-ratelimit-remaining": "0" });
        assert.deepEqual(spent, [0, 60_000], "another client used the minute up: the next request waits a minute from that answer");
        const { at: left } = await requestTimes(2, { "x-ratelimit-remaining": "5" });
        assert.deepEqual(left, [0, 1_000]);
    });

    it("keeps its allowance when the daily-quota header is not a number", async () => {
        await withServer(() => ({ body: fixturesPayload, headers: { "x-ratelimit-requests-remaining": "unlimited" } }), async (client, server) => {
            client.setAllowance(1);
            await client.get("/fixtures", { league: 39, season: 2020 });
            assert.ok((await rejection(client.get("/fixtures", { league: 39, season: 2020 }))) instanceof BudgetExhausted);
            assert.equal(server.count, 1);
        });
    });
});
