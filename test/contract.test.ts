// The emulator must answer in the shapes the real API answers in: every field
// it sends exists in the recorded responses with the same JSON type.
import { strict as assert } from "assert";
import { csvParse } from "d3-dsv";
import { ApiFootballEmulator, EMULATOR_KEY } from "../etl/local/emulator";
import { readData, readSeasonData } from "./helpers/servers";

type Shape = Map<string, Set<string>>;

function kind(v: unknown): string {
    return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

/** Path (with [] for array items) to the JSON types seen there. */
function shape(value: unknown, into: Shape = new Map(), at = "$"): Shape {
    if (!into.has(at)) into.set(at, new Set());
    into.get(at)!.add(kind(value));
    if (Array.isArray(value)) value.forEach((v) => shape(v, into, `${at}[]`));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) shape(v, into, `${at}.${k}`);
    return into;
}

function merge(...shapes: Shape[]): Shape {
    const out: Shape = new Map();
    for (const s of shapes) for (const [k, v] of s) out.set(k, new Set([...(out.get(k) ?? []), ...v]));
    return out;
}

const recordedFixtures = merge(
    ...["RonaldoHD-football/fixtures-league39-season2020-truncated.json", "RonaldoHD-football/fixtures-id-157201.json",
        "syurchen93-api-football-client/fixtures-cl-penalties.json", "danieljameschadwick-scores/fixtures-league39-season2022-from2022-09-05-to2022-10-02.json",
        "syurchen93-api-football-client/fixtures-bundes-ns-pst.json"].map((f) => shape(JSON.parse(readData("api-football", ...f.split("/"))))),
);

function assertConforms(emulated: Shape, recorded: Shape, ignore: RegExp[] = []) {
    for (const [at, types] of emulated) {
        if (ignore.some((r) => r.test(at))) continue;
        assert.ok(recorded.has(at), `the emulator sends ${at}, which no recorded response has`);
        for (const t of types) {
            // The recorded `parameters` and `errors` are objects or empty arrays depending on the call.
            assert.ok(recorded.get(at)!.has(t), `the emulator sends ${at} as ${t}; recorded: ${[...recorded.get(at)!].join("/")}`);
        }
    }
}

describe("the API-Football emulator's contract with the recorded API", function () {
    this.timeout(20_000);
    let emulator: ApiFootballEmulator;
    let base: string;
    let clock = Date.parse("2021-01-12T08:00:00Z");
    const get = async (path: string) => {
        const res = await fetch(base + path, { headers: { "x-apisports-key": EMULATOR_KEY } });
        return { headers: res.headers, body: (await res.json()) as any };
    };

    before(async () => {
        // Set here too: a runner may run the suite again in one process (Stryker does), and the last test moves the clock on.
        clock = Date.parse("2021-01-12T08:00:00Z");
        emulator = new ApiFootballEmulator({ now: () => clock });
        base = await emulator.start();
    });
    after(() => emulator.stop());

    it("answers a season's fixtures in the recorded fixtures shape, finished and not started alike", async () => {
        const { body } = await get("/fixtures?league=39&season=2020");
        assert.equal(body.results, 380);
        assert.deepEqual(new Set(body.response.map((f: any) => f.fixture.status.short)), new Set(["FT", "NS"]));
        assertConforms(shape(body), recordedFixtures);
    });

    it("embeds statistics in /fixtures?ids= as the recorded response does, expected goals as a two-decimal string", async () => {
        const { body: season } = await get("/fixtures?league=39&season=2020");
        const ids = season.response.filter((f: any) => f.fixture.status.short === "FT").slice(0, 20).map((f: any) => f.fixture.id);
        const { body } = await get(`/fixtures?ids=${ids.join("-")}`);
        assert.equal(body.response.length, 20);
        assertConforms(shape(body), recordedFixtures);
        const xg = body.response[0].statistics[0].statistics.find((s: any) => s.type === "expected_goals");
        assert.match(xg.value, /^[0-9]+\.[0-9]{2}$/);
    });

    it("lists a finished match's penalties in play as goal events, as Understat's shots have them, and none for a match without", async () => {
        // Independently of the emulator's loader: the penalty shots of matches played before the clock's day.
        const shots = csvParse(readSeasonData("understat", "shots_epl_20-21.csv")).filter((r) => r.date! < "2021-01-11");
        const kicks = new Map<number, string[]>();
        for (const r of shots.filter((x) => x.situation === "Penalty")) {
            const id = Number(r.match_id);
            kicks.set(id, [...(kicks.get(id) ?? []), `${r.h_a === "h" ? "home" : "away"}|${Number(r.minute)}|${r.player}|${r.result === "Goal" ? "Penalty" : "Missed Penalty"}`]);
        }
        const none = [...new Set(shots.map((r) => Number(r.match_id)))].filter((id) => !kicks.has(id)).slice(0, 3);
        const ids = [...[...kicks.keys()].slice(0, 17), ...none];
        assert.ok([...kicks.values()].slice(0, 17).flat().some((k) => k.endsWith("Missed Penalty")), "the sample needs a missed penalty");
        const { body } = await get(`/fixtures?ids=${ids.join("-")}`);
        assert.equal(body.response.length, 20);
        assertConforms(shape(body), recordedFixtures);
        for (const f of body.response) {
            const listed = f.events.map((e: any) => {
                assert.deepEqual([e.type, e.comments, e.time.extra], ["Goal", null, null]);
                return `${e.team.id === f.teams.home.id ? "home" : "away"}|${e.time.elapsed}|${e.player.name}|${e.detail}`;
            });
            assert.deepEqual(listed.sort(), [...(kicks.get(f.fixture.id) ?? [])].sort(), `fixture ${f.fixture.id}`);
        }
    });

    it("reports errors in the recorded envelope shape", async () => {
        const recordedError = merge(...["injuries-error.json", "team-leipzig-error.json", "venue-camp-nou-error.json"]
            .map((f) => shape(JSON.parse(readData("api-football", "syurchen93-api-football-client", f)))));
        const res = await fetch(`${base}/fixtures?league=39&season=2020`, { headers: { "x-apisports-key": "wrong" } });
        const body = (await res.json()) as any;
        assert.equal(res.status, 200);
        assert.ok(typeof body.errors.token === "string");
        // Error keys differ by error; the envelope around them must not.
        assertConforms(shape(body), recordedError, [/^\$\.errors\./, /^\$\.parameters\./]);
    });

    it("announces the daily and per-minute limits in the API's rate-limit headers", async () => {
        const { headers } = await get("/fixtures?league=39&season=2020");
        assert.equal(headers.get("x-ratelimit-requests-limit"), "100");
        assert.ok(Number(headers.get("x-ratelimit-requests-remaining")) < 100);
        assert.equal(headers.get("x-ratelimit-limit"), "10");
        assert.ok(headers.get("x-ratelimit-remaining") !== null);
    });

    it("refuses an eleventh request within a minute with a rateLimit error, and the daily limit with a requests error", async () => {
        clock = Date.parse("2021-01-13T08:00:00Z");
        const kinds: string[] = [];
        for (let i = 0; i < 11; i++) kinds.push(Object.keys((await get("/fixtures?league=39&season=2020")).body.errors)[0] ?? "ok");
        assert.deepEqual(kinds, [...Array(10).fill("ok"), "rateLimit"]);
        for (let i = 0; i < 90; i++) {
            clock += 60_000;
            await get("/fixtures?ids=1");
        }
        clock += 60_000;
        assert.ok("requests" in (await get("/fixtures?league=39&season=2020")).body.errors);
    });
});
