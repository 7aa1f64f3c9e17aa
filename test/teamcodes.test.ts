import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { csvParse } from "d3-dsv";
import { ALPHABET, checkTeamcodesUpload, deriveCode, mergeTeamCodes, readTeamcodesFile, teamcodesFileProblems, teamsLackingCodes } from "../etl/teamcodes";

const DATA = path.join(__dirname, "data", "api-football");
const fromRecorded = (teams: Array<{ id: number; code: string | null }>, id: number) => teams.find((t) => t.id === id)?.code;

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

describe("the check of a teamcodes.csv before it is uploaded", () => {
    const file = fs.readFileSync(path.join(__dirname, "..", "teamcodes.csv"), "utf8");
    const header = "id,name,code\n";

    it("passes the project's file, also as a spreadsheet saves it (a byte-order mark, CRLF line ends, a blank line at the end)", () => {
        assert.deepEqual(teamcodesFileProblems(file), []);
        assert.deepEqual(teamcodesFileProblems("\uFEFF" + file.replace(/\n/g, "\r\n") + "\r\n"), []);
        assert.deepEqual(teamcodesFileProblems(header + "42,Arsenal,\n 66 , Aston Villa , AST \n63,Leeds,\n1040,Fourth Team,FTM\n"), [], "a blank code leaves the team to the API; cells are read trimmed");
        assert.deepEqual(teamcodesFileProblems("code,id,name,founded\nARS,42,Arsenal,1886\n"), [], "columns in any order, and more of them");
    });

    it("refuses a file larger than a run reads from the lake, counted in bytes, and takes one of that size", () => {
        const bytes = Buffer.from(file);
        assert.doesNotThrow(() => checkTeamcodesUpload(bytes, bytes.length));
        assert.throws(() => checkTeamcodesUpload(bytes, bytes.length - 1),
            (err: Error) => err.message === `teamcodes.csv cannot be uploaded: it is ${bytes.length} bytes, more than the ${bytes.length - 1} a run reads from the lake`);
        // The é is two bytes in UTF-8: counted as characters, the file would fit.
        const accented = Buffer.from(header + "530,Atlético Madrid,ATM\n");
        assert.equal(accented.length, accented.toString("utf8").length + 1);
        assert.throws(() => checkTeamcodesUpload(accented, accented.length - 1), /it is \d+ bytes, more than the \d+ a run reads from the lake$/);
        assert.throws(() => checkTeamcodesUpload(Buffer.from(header + "42,Arsenal,Ars\n"), 1000), (err: Error) => err.message === "teamcodes.csv cannot be uploaded: line 2: code 'Ars' is not three capital letters");
    });

    it("names a header that lacks a column, as it reads", () => {
        assert.deepEqual(teamcodesFileProblems("id;name;code\n42;Arsenal;ARS\n"), ["the header lacks id, name, code (it reads 'id;name;code')"]);
        assert.deepEqual(teamcodesFileProblems("id,team,code\n42,Arsenal,ARS\n"), ["the header lacks name (it reads 'id,team,code')"]);
        assert.deepEqual(teamcodesFileProblems(""), ["the header lacks id, name, code (it reads '')"]);
    });

    it("names each line that is wrong, and what is wrong with it", () => {
        const text = header + [
            "42,Arsenal,ARS", "x,Aston Villa,AST", "0,Brighton,BRI", "44.0,Burnley,BUR", "42,Arsenal FC,ARF", "49,,CHE",
            "52,Crystal Palace,Cry", "45,Everton,EVER", "36,Fulham,F1L", "46,Leicester,ARS", "63,Leeds,", "x62,Sheffield Utd,SHE", "41, ,SOU",
        ].join("\n") + "\n";
        assert.deepEqual(teamcodesFileProblems(text), [
            "line 3: id 'x' is not a team id",
            "line 4: id '0' is not a team id",
            "line 5: id '44.0' is not a team id",
            "line 6: id 42 is on line 2 too",
            "line 7: name is blank",
            "line 8: code 'Cry' is not three capital letters",
            "line 9: code 'EVER' is not three capital letters",
            "line 10: code 'F1L' is not three capital letters",
            "line 11: code ARS is on line 2 too",
            "line 13: id 'x62' is not a team id",
            "line 14: name is blank",
        ]);
    });

    it("counts the lines a quoted cell's line breaks take, in the header and in a row, whatever the line ends", () => {
        const rows = '42,"Brighton and\nHove Albion",BHA\n66,Aston Villa,Avl\n';
        assert.deepEqual(teamcodesFileProblems(header + rows), ["line 4: code 'Avl' is not three capital letters"]);
        assert.deepEqual(teamcodesFileProblems(header + rows.replace(/\n/g, "\r\n")), ["line 4: code 'Avl' is not three capital letters"], "CRLF, inside the quotes too");
        assert.deepEqual(teamcodesFileProblems('id,name,code,"notes\n(free text)"\n42,Arsenal,ARS,\n66,Aston Villa,Avl,\n'), ["line 4: code 'Avl' is not three capital letters"], "a column more, its name on two lines");
    });

    it("counts lines past a blank one in the middle, and names the first line of an id or code used again", () => {
        assert.deepEqual(teamcodesFileProblems(header + "42,Arsenal,ARS\n\n66,Aston Villa,ARS\n66,Villa,AVL\n66,AV,AVF\n47,Tottenham,ARS\n"), [
            "line 4: code ARS is on line 2 too", "line 5: id 66 is on line 4 too", "line 6: id 66 is on line 4 too", "line 7: code ARS is on line 2 too",
        ]);
    });
});

describe("a season's team codes", () => {
    it("takes a code only from a line the upload check passes, trimmed, so no two teams share one and none is more than three capitals", () => {
        const header = "id,name,code\n";
        const read = readTeamcodesFile(header + "42,Arsenal,ARS\n 66 , Aston Villa , AST \n51,Brighton,\n46,Leicester,ARS\n45,Everton,Everton FC\n44,Burnley,BUR\n44.0,Burnley,BUR\n");
        assert.deepEqual(read.codes, { 42: "ARS", 66: "AST", 44: "BUR" }, "Leicester's ARS is Arsenal's, Everton's is no code, 44.0 is no id");
        assert.deepEqual(read.problems, ["line 5: code ARS is on line 2 too", "line 6: code 'Everton FC' is not three capital letters", "line 8: id '44.0' is not a team id"]);
        assert.deepEqual(readTeamcodesFile(header + "42,Arsenal,ARS\n42,Arsenal FC,ARF\n").codes, { 42: "ARS" }, "the first line of an id");
        assert.deepEqual(readTeamcodesFile("id,team,code\n42,Arsenal,ARS\n").codes, {}, "no code from a file whose header is wrong");
        const file = fs.readFileSync(path.join(__dirname, "..", "teamcodes.csv"), "utf8");
        const expected = Object.fromEntries(csvParse(file).map((r) => [Number(r.id), r.code]));
        assert.equal(Object.keys(expected).length, 20);
        assert.deepEqual(readTeamcodesFile("\uFEFF" + file.replace(/\n/g, "\r\n")), { codes: expected, problems: [] }, "the project's file, as a spreadsheet saves it");
    });

    it("makes a code from a name's first three letters, accents and spaces aside", () => {
        assert.equal(deriveCode("Alpha", new Set()), "ALP");
        assert.equal(deriveCode("Él Ñu", new Set()), "ELN");
        assert.equal(deriveCode("1860", new Set()), "TBD", "a name without letters");
    });

    it("keeps the first letter and takes the earliest two later letters that make a free code", () => {
        // A-L-P-H-A: ALP is taken, then ALH (L, H), then ALA (L, A), then APH (P, H).
        assert.equal(deriveCode("Alpha", new Set(["ALP"])), "ALH");
        assert.equal(deriveCode("Alpha", new Set(["ALP", "ALH", "ALA"])), "APH");
    });

    it("pads a short name with X, and never returns a taken code even when every code of its letters is taken", () => {
        assert.equal(deriveCode("AB", new Set()), "ABX");
        assert.equal(deriveCode("AB", new Set(["ABX"])), "AAA");
        assert.equal(deriveCode("ABC", new Set(["ABC"])), "AAA", "ABC's only code and its padding are the same, and taken");
        assert.equal(deriveCode("1860", new Set(["TBD", "TAA"])), "TAB");
        const allA = new Set([...ALPHABET].flatMap((a) => [...ALPHABET].map((b) => `A${a}${b}`)));
        assert.throws(() => deriveCode("Alpha", allA), /every code starting with A is taken, none left for 'Alpha'/);
    });

    it("lists the teams by name, then id, each code from the uploaded file first, then the API, then made from the name and unique", () => {
        const teams = [
            { id: 7, name: "Alpine" },
            { id: 3, name: "Beta" },
            { id: 2, name: "Alpha" },
            { id: 1, name: "Beta" },
            { id: 9, name: "Gamma" },
        ];
        const rows = mergeTeamCodes(teams, { 3: "BET", 9: "ALP" }, [{ id: 3, name: "Beta", code: "BTA" }, { id: 1, name: "Beta", code: "BEA" }, { id: 2, name: "Alpha", code: null }]);
        assert.deepEqual(rows.map((r) => [r.id, r.code, r.source]), [
            // Gamma's uploaded ALP is taken before any code is made: Alpha gets ALH, and Alpine the next free one, ALI.
            [2, "ALH", "derived"],
            [7, "ALI", "derived"],
            [1, "BEA", "api"],
            [3, "BET", "teamcodes.csv"],
            [9, "ALP", "teamcodes.csv"],
        ]);
    });

    it("gives an API code to one team only, never one the uploaded file gives another, and only three capital letters", () => {
        // The recorded /teams answer gives MAC to Manchester City and to its U21 and U19 sides, and MUN to United's three.
        const recorded = JSON.parse(fs.readFileSync(path.join(DATA, "syurchen93-api-football-client", "team-manchester.json"), "utf8")).response
            .map((t: { team: { id: number; name: string; code: string | null } }) => t.team);
        const team = (id: number) => recorded.find((t: { id: number }) => t.id === id);
        const teams = [50, 7197, 7914, 7198, 33].map((id) => ({ id, name: team(id).name }));
        assert.deepEqual(teams.map((t) => fromRecorded(recorded, t.id)), ["MAC", "MAC", "MAC", "MUN", "MUN"], "the recorded codes, as read by hand");
        const rows = mergeTeamCodes(teams, { 7198: "MUN" }, recorded);
        assert.deepEqual(rows.map((r) => [r.id, r.name, r.code, r.source]), [
            // By name: City takes MAC; its U19 and U21 sides and United, whose MUN the file gives United U21, make codes from their names.
            [50, "Manchester City", "MAC", "api"],
            [7914, "Manchester City U19", "MAN", "derived"],
            // MANCHESTER…: MAN, then MAC (taken by City), MAH, then ME's E: MAE.
            [7197, "Manchester City U21", "MAH", "derived"],
            [33, "Manchester United", "MAE", "derived"],
            [7198, "Manchester United U21", "MUN", "teamcodes.csv"],
        ]);
        // A code the uploaded file gives a club not of this season (relegated, say) is free for a team of it.
        assert.deepEqual(mergeTeamCodes([{ id: 50, name: "Manchester City" }], { 33: "MAC" }, recorded).map((r) => [r.code, r.source]), [["MAC", "api"]]);
        const odd = mergeTeamCodes([{ id: 1, name: "Arsenal" }, { id: 2, name: "Burnley" }, { id: 3, name: "Chelsea" }], {},
            [{ id: 1, name: "Arsenal", code: "Ars" }, { id: 2, name: "Burnley", code: "BURN" }, { id: 3, name: "Chelsea", code: " CHE" }]);
        assert.deepEqual(odd.map((r) => [r.code, r.source]), [["ARS", "derived"], ["BUR", "derived"], ["CHE", "api"]]);
    });

    it("names the teams the uploaded file lacks", () => {
        assert.deepEqual(teamsLackingCodes([{ id: 42, name: "Arsenal" }, { id: 62, name: "Sheffield Utd" }], { 42: "ARS" }), [{ id: 62, name: "Sheffield Utd" }]);
    });
});
