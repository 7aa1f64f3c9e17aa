// The team table as aligned text for a terminal.
import { Row } from "../transform";

const COLUMNS: Array<[string, string, (r: Row) => string]> = [
    ["#", "r", (r) => String(r.rank_points)],
    ["Team", "l", (r) => String(r.team_name)],
    ["P", "r", (r) => String(r.played)],
    ["W", "r", (r) => String(r.won)],
    ["D", "r", (r) => String(r.drawn)],
    ["L", "r", (r) => String(r.lost)],
    ["GF", "r", (r) => String(r.goals_for)],
    ["GA", "r", (r) => String(r.goals_against)],
    ["Pts", "r", (r) => String(r.points)],
    ["xG", "r", (r) => fixed(r.xg_for)],
    ["xGA", "r", (r) => fixed(r.xg_against)],
    ["xPts", "r", (r) => fixed(r.xpts)],
    ["G-xG", "r", (r) => signed(r.goals_minus_xg)],
    ["GA-xGA", "r", (r) => signed(r.goals_against_minus_xg_against)],
    ["Pts-xPts", "r", (r) => signed(r.points_minus_xpts)],
    ["xPts #", "r", (r) => String(r.rank_xpts)],
];

function fixed(v: unknown): string {
    return v === null || v === undefined || v === "" ? "-" : Number(v).toFixed(1);
}

function signed(v: unknown): string {
    if (v === null || v === undefined || v === "") return "-";
    const n = Number(v);
    return `${n > 0 ? "+" : ""}${n.toFixed(1)}`;
}

export function formatTeamTable(rows: Row[]): string {
    const cells = [COLUMNS.map(([h]) => h), ...rows.map((r) => COLUMNS.map(([, , f]) => f(r)))];
    const widths = COLUMNS.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
    return cells.map((c) => c.map((v, i) => (COLUMNS[i][1] === "l" ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join("  ").trimEnd()).join("\n");
}
