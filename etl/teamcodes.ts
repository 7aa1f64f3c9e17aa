// Three-letter team codes for a season. The uploaded teamcodes.csv wins where
// it has a code; a team it lacks (a promoted club) takes the API's own code
// from /teams; a team neither knows gets a code made from its name, so every
// chart label is a code. The uploaded file is checked before it is uploaded, and
// each run reads it through the same check.
// Pure: the file's text or rows in, problems or rows out.
import { csvParse } from "d3-dsv";
import { blankCell, Column, Row, withoutBom } from "./transform";

export const SEASON_TEAMCODES_COLUMNS: Column[] = [
    { name: "id", type: "int", description: "API-Football team id" },
    { name: "name", type: "string", description: "team name as the season's fixtures give it" },
    { name: "code", type: "string", description: "three-letter code" },
    { name: "source", type: "string", description: "teamcodes.csv (the uploaded file), api (/teams of the season) or derived (made from the name)" },
];

export interface TeamRef { id: number; name: string }

/** A code as a chart label shows it: three capital letters. */
const isTeamCode = (code: string): boolean => /^[A-Z]{3}$/.test(code);
export interface ApiTeamCode { id: number; name: string; code: string | null }

/**
 * A teamcodes.csv read as the check before its upload reads it: the codes of its lines, and what is wrong with
 * the others, each problem naming its line. A line is wrong with an id that is not a team id or is there twice,
 * a blank name, or a code that is not three capital letters or is another team's too; a header without id, name
 * and code makes the whole file wrong. A blank code is no problem (the team takes the API's), nor is a blank
 * line, nor the byte-order mark a spreadsheet's CSV export writes first. A wrong line gives no code, so a file
 * that reached the lake without the check (copied there by hand, or written before the check existed) can
 * never give two teams one chart label.
 */
export function readTeamcodesFile(text: string): { codes: Record<number, string>; problems: string[] } {
    const rows = csvParse(withoutBom(text));
    const lacking = ["id", "name", "code"].filter((c) => !rows.columns.includes(c));
    if (lacking.length > 0) return { codes: {}, problems: [`the header lacks ${lacking.join(", ")} (it reads '${rows.columns.join(",")}')`] };
    const codes: Record<number, string> = {};
    const problems: string[] = [];
    const idLine = new Map<string, number>();
    const codeLine = new Map<string, number>();
    // The header is line 1. A row takes one line, and one more for each line break inside its quoted cells.
    let next = 2 + lineBreaks(rows.columns);
    rows.forEach((r) => {
        const line = next;
        next = line + 1 + lineBreaks(Object.values(r));
        if (Object.values(r).every(blankCell)) return;
        const id = String(r.id).trim(), name = String(r.name).trim(), code = String(r.code).trim();
        const problem = !/^[1-9][0-9]*$/.test(id) ? `id '${id}' is not a team id`
            : idLine.has(id) ? `id ${id} is on line ${idLine.get(id)} too`
                : name === "" ? "name is blank"
                    : code !== "" && !isTeamCode(code) ? `code '${code}' is not three capital letters`
                        : codeLine.has(code) ? `code ${code} is on line ${codeLine.get(code)} too`
                            : undefined;
        if (problem !== undefined) problems.push(`line ${line}: ${problem}`);
        else if (code !== "") codes[Number(id)] = code;
        if (!idLine.has(id)) idLine.set(id, line);
        if (code !== "" && !codeLine.has(code)) codeLine.set(code, line);
    });
    return { codes, problems };
}

/** What keeps a teamcodes.csv from being uploaded (see readTeamcodesFile). */
export const teamcodesFileProblems = (text: string): string[] => readTeamcodesFile(text).problems;

/**
 * Stops `pulumi up` and `npm start` from putting a teamcodes.csv with a mistake into the lake, naming each wrong line,
 * or one larger than a run reads from the lake (`maxBytes`): every run would pass that over, say so, and take the
 * codes from /teams, at every run until the next upload.
 */
export function checkTeamcodesUpload(file: Buffer, maxBytes: number): void {
    if (file.length > maxBytes) {
        throw new Error(`teamcodes.csv cannot be uploaded: it is ${file.length} bytes, more than the ${maxBytes} a run reads from the lake`);
    }
    const problems = teamcodesFileProblems(file.toString("utf8"));
    if (problems.length > 0) throw new Error(`teamcodes.csv cannot be uploaded: ${problems.join("; ")}`);
}

// d3-dsv fills a short row's missing cells with "", so no cell is ever undefined here.
const lineBreaks = (cells: Array<string | undefined>) => cells.reduce((n, c) => n + String(c).split(/\r\n|\r|\n/).length - 1, 0);

export function teamsLackingCodes(teams: TeamRef[], uploaded: Record<number, string>): TeamRef[] {
    return teams.filter((t) => uploaded[t.id] === undefined);
}

export const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * A code from the name's letters: the first three, or else the first letter and
 * the earliest two later letters that make a code no other team has. A name too
 * short for that is padded with X; one whose every such code is taken takes its
 * first letter (T for a name without letters) and any two more, so the code is
 * never one in `taken`.
 */
export function deriveCode(name: string, taken: Set<string>): string {
    const letters = name.toUpperCase().normalize("NFD").replace(/[^A-Z]/g, "");
    const first = letters[0] ?? "T";
    function* candidates() {
        if (letters.length === 0) yield "TBD";
        for (let j = 1; j < letters.length; j++) {
            for (let k = j + 1; k < letters.length; k++) yield first + letters[j] + letters[k];
        }
        if (letters.length > 0) yield letters.slice(0, 3).padEnd(3, "X");
        for (const a of ALPHABET) for (const b of ALPHABET) yield first + a + b;
    }
    for (const code of candidates()) if (!taken.has(code)) return code;
    throw new Error(`team codes: every code starting with ${first} is taken, none left for '${name}'`);
}

/**
 * One row per team of the season, sorted by name, each with a code and where it
 * came from. The API's codes are not unique (its recorded /teams answer gives
 * MAC to Manchester City and to its U21 and U19 sides), so one is taken only
 * where no team has it yet, the uploaded file's codes first, and only if it is
 * three capital letters once trimmed, as the file's must be.
 */
export function mergeTeamCodes(teams: TeamRef[], uploaded: Record<number, string>, api: ApiTeamCode[] = []): Row[] {
    const fromApi: Record<number, string> = {};
    for (const t of api) if (t.code !== null) fromApi[t.id] = t.code.trim();
    const sorted = [...teams].sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
    const rows: Row[] = sorted.map((t) => ({ id: t.id, name: t.name, code: uploaded[t.id] ?? null, source: uploaded[t.id] ? "teamcodes.csv" : null }));
    const taken = new Set(rows.filter((r) => r.code !== null).map((r) => String(r.code)));
    for (const r of rows) {
        const code = fromApi[Number(r.id)];
        if (r.code === null && isTeamCode(code) && !taken.has(code)) {
            Object.assign(r, { code, source: "api" });
            taken.add(code);
        }
    }
    for (const r of rows) {
        if (r.code === null) {
            r.code = deriveCode(String(r.name), taken);
            r.source = "derived";
            taken.add(r.code);
        }
    }
    return rows;
}
