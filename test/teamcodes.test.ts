import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { csvParse } from "d3-dsv";

const DATA = path.join(__dirname, "data", "api-football");

/** Every (team id, team name) pair in the recorded API-Football responses. */
function recordedTeams(): Map<number, Set<string>> {
    const teams = new Map<number, Set<string>>();
    const visit = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (!node || typeof node !== "object") return;
        const o = node as Record<string, unknown>;
        if (typeof o.id === "number" && typeof o.name === "string" && typeof o.logo === "string" && o.logo.includes("/teams/")) {
            if (!teams.has(o.id)) teams.set(o.id, new Set());
            teams.get(o.id)!.add(o.name);
        }
        Object.values(o).forEach(visit);
    };
    for (const dir of fs.readdirSync(DATA)) {
        for (const file of fs.readdirSync(path.join(DATA, dir))) visit(JSON.parse(fs.readFileSync(path.join(DATA, dir, file), "utf8")));
    }
    return teams;
}

describe("teamcodes.csv", () => {
    const text = fs.readFileSync(path.join(__dirname, "..", "teamcodes.csv"), "utf8");
    const rows = csvParse(text);

    it("has the columns id, name, code and one row per 2020/21 Premier League club", () => {
        assert.deepEqual(rows.columns, ["id", "name", "code"]);
        assert.equal(rows.length, 20);
    });

    it("has unique positive integer ids and unique three-letter upper-case codes", () => {
        assert.equal(new Set(rows.map((r) => r.id)).size, 20);
        assert.equal(new Set(rows.map((r) => r.code)).size, 20);
        for (const r of rows) {
            assert.match(r.id!, /^[1-9][0-9]*$/);
            assert.match(r.code!, /^[A-Z]{3}$/);
        }
    });

    it("names each club as the recorded API responses do, Sheffield Utd being the one club they lack", () => {
        const recorded = recordedTeams();
        const missing: string[] = [];
        for (const r of rows) {
            const names = recorded.get(Number(r.id));
            if (!names) {
                missing.push(`${r.id} ${r.name}`);
                continue;
            }
            assert.ok(names.has(r.name!), `team ${r.id}: '${r.name}' is not among the recorded names ${[...names].join(", ")}`);
        }
        assert.deepEqual(missing, ["62 Sheffield Utd"]);
    });

    it("agrees with the codes the recorded teams response gives for the Manchester clubs", () => {
        const recorded = JSON.parse(fs.readFileSync(path.join(DATA, "syurchen93-api-football-client", "team-manchester.json"), "utf8"));
        for (const { team } of recorded.response.filter((x: any) => x.team.id === 33 || x.team.id === 50)) {
            assert.equal(rows.find((r) => Number(r.id) === team.id)!.code, team.code);
        }
    });

    it("covers every club of the 2020/21 season in the bundled results", () => {
        // football-data spells clubs its own way; the crosswalk lives with the emulator.
        const { FOOTBALL_DATA_NAMES } = require("../etl/local/season");
        const results = csvParse(fs.readFileSync(path.join(__dirname, "..", "etl", "local", "data", "football-data", "season-2021.csv"), "utf8"));
        const clubs = new Set(results.map((r) => r.HomeTeam!));
        assert.equal(clubs.size, 20);
        for (const club of clubs) {
            const id = FOOTBALL_DATA_NAMES[club];
            assert.ok(rows.some((r) => Number(r.id) === id), `${club} has no row`);
        }
    });
});
