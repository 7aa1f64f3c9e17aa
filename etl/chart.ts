// Points against expected points per team, as a self-contained SVG: the
// diagonal is "got exactly what the chances deserved", teams above it took
// more points than their chances were worth. Pure: rows in, text out.
import { Row } from "./transform";

export interface ChartLabels { league: number; season: number; asOf: string; leagueName?: string }

// Not named `escape`: Pulumi's closure serializer would take that for the global escape().
const xmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function pointsChart(teams: Row[], labels: ChartLabels): string {
    const rows = teams.filter((t) => t.xpts !== null && t.xpts !== undefined && t.xpts !== "");
    const W = 760, H = 640, left = 80, right = 40, top = 80, bottom = 70;
    const values = rows.flatMap((t) => [Number(t.points), Number(t.xpts)]);
    const max = Math.max(10, Math.ceil((Math.max(0, ...values) + 5) / 10) * 10);
    const x = (v: number) => left + (v / max) * (W - left - right);
    const y = (v: number) => H - bottom - (v / max) * (H - top - bottom);
    const ticks: string[] = [];
    for (let v = 0; v <= max; v += 10) {
        ticks.push(`<line x1="${x(v)}" y1="${y(0)}" x2="${x(v)}" y2="${y(max)}" stroke="#eee"/>`);
        ticks.push(`<line x1="${x(0)}" y1="${y(v)}" x2="${x(max)}" y2="${y(v)}" stroke="#eee"/>`);
        ticks.push(`<text x="${x(v)}" y="${y(0) + 18}" text-anchor="middle" font-size="12">${v}</text>`);
        ticks.push(`<text x="${x(0) - 8}" y="${y(v) + 4}" text-anchor="end" font-size="12">${v}</text>`);
    }
    const league = labels.leagueName ?? `league ${labels.league}`;
    const seasonName = `${labels.season}/${String(labels.season + 1).slice(-2)}`;
    // Labels go where they overlap no other label: right of the dot first, then
    // left, then a line above or below, with a leader line when moved away.
    const placed: Array<{ x0: number; x1: number; y0: number; y1: number }> = [];
    const overlaps = (b: { x0: number; x1: number; y0: number; y1: number }) =>
        placed.some((p) => b.x0 < p.x1 && b.x1 > p.x0 && b.y0 < p.y1 && b.y1 > p.y0);
    const ordered = [...rows].sort((a, b) => Number(b.points) - Number(a.points) || Number(b.xpts) - Number(a.xpts));
    const points = ordered.map((t) => {
        const px = x(Number(t.xpts)), py = y(Number(t.points));
        const text = String(t.team_code || t.team_name);
        const width = 7.5 * text.length;
        const candidates = [[8, 4], [-8 - width, 4], [8, 17], [8, -9], [-8 - width, 17], [-8 - width, -9], [8, 30], [8, -22]];
        let [dx, dy] = candidates[0];
        for (const [cx, cy] of candidates) {
            const box = { x0: px + cx, x1: px + cx + width, y0: py + cy - 11, y1: py + cy + 2 };
            if (!overlaps(box)) {
                [dx, dy] = [cx, cy];
                break;
            }
        }
        placed.push({ x0: px + dx, x1: px + dx + width, y0: py + dy - 11, y1: py + dy + 2 });
        const above = Number(t.points) >= Number(t.xpts);
        const leader = Math.abs(dy) > 4 ? `<line x1="${px.toFixed(1)}" y1="${py.toFixed(1)}" x2="${(px + dx + (dx > 0 ? 0 : width)).toFixed(1)}" y2="${(py + dy - 4).toFixed(1)}" stroke="#999" stroke-width="0.7"/>` : "";
        return `<g><title>${xmlEscape(String(t.team_name))}: ${t.points} points, ${t.xpts} expected</title>${leader}` +
            `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="5" fill="${above ? "#1b7837" : "#b2182b"}"/>` +
            `<text x="${(px + dx).toFixed(1)}" y="${(py + dy).toFixed(1)}" font-size="12">${xmlEscape(text)}</text></g>`;
    });
    return [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
        `<rect width="${W}" height="${H}" fill="white"/>`,
        `<text x="${W / 2}" y="30" text-anchor="middle" font-size="18" font-weight="bold">Points against expected points: ${xmlEscape(league)} ${seasonName}</text>`,
        `<text x="${W / 2}" y="52" text-anchor="middle" font-size="13">as of ${xmlEscape(labels.asOf)}; above the line, more points than the chances were worth (green); below, fewer (red)</text>`,
        ...ticks,
        `<line x1="${x(0)}" y1="${y(0)}" x2="${x(max)}" y2="${y(max)}" stroke="#888" stroke-dasharray="6 4"/>`,
        `<text x="${x(max) - 4}" y="${y(max) + 16}" text-anchor="end" font-size="12" fill="#666">points = expected points</text>`,
        `<line x1="${x(0)}" y1="${y(0)}" x2="${x(max)}" y2="${y(0)}" stroke="black"/>`,
        `<line x1="${x(0)}" y1="${y(0)}" x2="${x(0)}" y2="${y(max)}" stroke="black"/>`,
        `<text x="${(left + W - right) / 2}" y="${H - 25}" text-anchor="middle" font-size="14">expected points (xPts, Poisson from expected goals)</text>`,
        `<text transform="translate(25 ${(top + H - bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="14">points</text>`,
        ...points,
        `</svg>`,
        "",
    ].join("\n");
}
