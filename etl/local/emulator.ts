// A local stand-in for API-Football v3, for the offline run and the tests. It
// is an emulator, not a recording: it serves the real 2020/21 Premier League
// (see season.ts) in the shapes of the recorded responses in test/data/api-football, and
// keeps a clock, a daily quota and a per-minute limit the way the free plan
// announces them. Its own error messages say "emulator" because the real
// API's wording for them is not in the recorded data, except the plan message.
import * as http from "http";
import { AddressInfo } from "net";
import { apiFixture, EmulatedSeason, LEAGUE, loadSeason, loadSeasonBefore, RELEGATED_2019, SEASON, SEASON_BEFORE, SeasonMatch, seasonClubs } from "./season";

export const EMULATOR_KEY = "local-emulator-key";
export const PLAN_MESSAGE = "Free plans do not have access to this season, try from 2022 to 2024.";

export interface EmulatorOptions {
    /** The emulator's clock, in epoch ms: what has been played depends on it. */
    now: () => number;
    keys?: string[];
    dailyLimit?: number;
    perMinute?: number;
    /** Seasons refused with the free plan's `errors.plan`. */
    refuseSeasons?: number[];
    /** Fixture id to how many answers leave its statistics empty before they appear. */
    withholdStatistics?: Record<number, number>;
}

export interface EmulatorRequest { path: string; counted: boolean; at: number }

type Json = Record<string, unknown>;

export class ApiFootballEmulator {
    readonly requests: EmulatorRequest[] = [];
    /** Answer every counted request after this many with HTTP 500 (a failure injected mid-run). */
    failAfterCounted: number | undefined;
    private server: http.Server | undefined;
    /** 2020/21, and 2019/20 as the season before it. */
    private readonly seasons: EmulatedSeason[];
    private readonly withheld: Record<number, number>;

    constructor(private readonly options: EmulatorOptions) {
        this.seasons = [loadSeason(), loadSeasonBefore()];
        this.withheld = { ...(options.withholdStatistics ?? {}) };
    }

    get dailyLimit() { return this.options.dailyLimit ?? 100; }
    get perMinute() { return this.options.perMinute ?? 10; }

    countedOn(dayMs: number): number {
        const day = new Date(dayMs).toISOString().slice(0, 10);
        return this.requests.filter((r) => r.counted && new Date(r.at).toISOString().slice(0, 10) === day).length;
    }

    async start(port = 0): Promise<string> {
        this.server = http.createServer((req, res) => this.handle(req, res));
        await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    async stop(): Promise<void> {
        if (!this.server) return;
        await new Promise<void>((resolve, reject) => this.server!.close((err) => (err ? reject(err) : resolve())));
        this.server = undefined;
    }

    private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
        const url = new URL(req.url ?? "/", "http://emulator");
        const now = this.options.now();
        const params = Object.fromEntries(url.searchParams);
        const get = url.pathname.replace(/^\//, "");
        const envelope = (response: unknown, errors: Json | unknown[] = [], results?: number): Json => ({
            get, parameters: Object.keys(params).length ? params : [], errors,
            results: results ?? (Array.isArray(response) ? response.length : errors && !Array.isArray(errors) ? 0 : 1),
            paging: { current: 1, total: 1 }, response,
        });
        const send = (status: number, body: Json | string) => {
            const used = this.countedOn(now);
            const lastMinute = this.requests.filter((r) => r.counted && now - r.at < 60_000).length;
            res.writeHead(status, {
                "content-type": "application/json",
                "x-ratelimit-requests-limit": String(this.dailyLimit),
                "x-ratelimit-requests-remaining": String(Math.max(0, this.dailyLimit - used)),
                "X-RateLimit-Limit": String(this.perMinute),
                "X-RateLimit-Remaining": String(Math.max(0, this.perMinute - lastMinute)),
            });
            res.end(typeof body === "string" ? body : JSON.stringify(body));
        };

        if (req.method !== "GET") return send(405, { message: "emulator: only GET is served" });
        const key = req.headers["x-apisports-key"] ?? req.headers["x-rapidapi-key"];
        if (!key || !(this.options.keys ?? [EMULATOR_KEY]).includes(String(key))) {
            return send(200, envelope([], { token: "emulator: the application key is missing or unknown" }));
        }
        if (url.pathname === "/status") {
            this.requests.push({ path: url.pathname + url.search, counted: false, at: now });
            return send(200, envelope({
                account: { firstname: "Local", lastname: "Emulator", email: null },
                subscription: { plan: "Free (emulated)", end: null, active: true },
                requests: { current: this.countedOn(now), limit_day: this.dailyLimit },
            }));
        }
        if (this.countedOn(now) >= this.dailyLimit) {
            return send(200, envelope([], { requests: `emulator: the daily limit of ${this.dailyLimit} requests is reached` }));
        }
        if (this.requests.filter((r) => r.counted && now - r.at < 60_000).length >= this.perMinute) {
            return send(200, envelope([], { rateLimit: `emulator: more than ${this.perMinute} requests in a minute` }));
        }
        const countedSoFar = this.requests.filter((r) => r.counted).length;
        this.requests.push({ path: url.pathname + url.search, counted: true, at: now });
        if (this.failAfterCounted !== undefined && countedSoFar >= this.failAfterCounted) {
            return send(500, { message: "emulator: injected failure" });
        }

        if (url.pathname === "/fixtures") {
            if (params.ids !== undefined) {
                const ids = params.ids.split("-").map(Number);
                if (ids.length > 20 || ids.some((id) => !Number.isInteger(id) || id <= 0)) {
                    return send(200, envelope([], { ids: "emulator: the ids field takes 1 to 20 fixture ids joined by '-'" }));
                }
                const found = ids.map((id) => {
                    const season = this.seasons.find((s) => s.matches.some((m) => m.id === id));
                    return season ? { season, match: season.matches.find((m) => m.id === id)! } : undefined;
                }).filter((x): x is { season: EmulatedSeason; match: SeasonMatch } => !!x);
                const list = found
                    .map(({ season, match: m }) => {
                        const f = apiFixture(m, season.teams, now, true, season.season);
                        if (f.fixture.status.short === "FT" && (this.withheld[m.id] ?? 0) > 0) {
                            this.withheld[m.id]--;
                            f.statistics = [];
                        }
                        return f;
                    });
                return send(200, envelope(list));
            }
            const league = Number(params.league);
            const season = Number(params.season);
            if (!params.league || !params.season) {
                return send(200, envelope([], { required: "emulator: give league and season, or ids" }));
            }
            if ((this.options.refuseSeasons ?? []).includes(season)) {
                return send(200, envelope([], { plan: PLAN_MESSAGE }));
            }
            const served = this.seasons.find((s) => s.league === league && s.season === season);
            const list = served ? served.matches.map((m) => apiFixture(m, served.teams, now, false, served.season)) : [];
            return send(200, envelope(list));
        }
        if (url.pathname === "/teams") {
            if (!params.league || !params.season) {
                return send(200, envelope([], { required: "emulator: give league and season" }));
            }
            // Codes as teamcodes.csv gives them (the relegated clubs' as PROVENANCE.md notes); every club is English.
            const clubs = (season: number) => season === SEASON ? seasonClubs()
                : season === SEASON_BEFORE ? [
                    ...seasonClubs().filter((c) => loadSeasonBefore().teams.has(c.id)),
                    ...RELEGATED_2019.map((r) => ({ id: r.id, name: r.name, code: r.code })),
                ] : [];
            const list = Number(params.league) === LEAGUE
                ? clubs(Number(params.season)).map((c) => ({
                    team: { id: c.id, name: c.name, code: c.code, country: "England", founded: null, national: false, logo: `https://media.api-sports.io/football/teams/${c.id}.png` },
                    venue: { id: null, name: null, address: null, city: null, capacity: null, surface: null, image: null },
                }))
                : [];
            return send(200, envelope(list));
        }
        return send(404, { message: `emulator: ${url.pathname} is not emulated` });
    }
}
