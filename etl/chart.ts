// The report's charts as self-contained SVG: points against expected points,
// goals against expected goals (for and against), and each team's season
// story, points minus expected points run by run. Pure: rows in, text out.
import { blankCell, Row, wholeCell } from "./transform";

export interface ChartLabels { league: number; season: number; asOf: string; leagueName?: string }

// Not named `escape`: Pulumi's closure serializer would take that for the global escape().
export const xmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export const FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif";
const LABEL_SIZE = 12;

/**
 * A generous width for text in the charts' sans-serif, per character and in
 * ems: wide capitals (W, M) count more, so a label never turns out wider on
 * screen than the space it was given. The browser test measures the result.
 */
export function textWidth(text: string, size = LABEL_SIZE): number {
    let ems = 0;
    for (const ch of text) {
        ems += /[WM]/.test(ch) ? 1.02 : /[A-Z]/.test(ch) ? 0.8 : /[0-9]/.test(ch) ? 0.66 : /[a-z]/.test(ch) ? 0.64 : ch === " " ? 0.34 : 0.7;
    }
    return ems * size + 2;
}

export interface Box { x0: number; y0: number; x1: number; y1: number }
export interface Placed { x: number; y: number; anchor: "start" | "middle" | "end"; box: Box; leader?: { x1: number; y1: number; x2: number; y2: number } }

const overlap = (a: Box, b: Box) => Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));

/**
 * Places a label by each dot where it overlaps no other label and no dot and
 * stays inside `bounds`: right of the dot first, then left, above, below and
 * the diagonals, further out step by step, with a leader line once it has
 * moved away. Where every spot is taken, the least-covered one wins.
 */
export function placeLabels(points: Array<{ x: number; y: number; text: string }>, bounds: Box, dotRadius = 5, size = LABEL_SIZE): Placed[] {
    const dots: Box[] = points.map((p) => ({ x0: p.x - dotRadius - 1, y0: p.y - dotRadius - 1, x1: p.x + dotRadius + 1, y1: p.y + dotRadius + 1 }));
    const placed: Box[] = [];
    // As the browser lays out 12 px DejaVu Sans: 11 px above the baseline, 3 below.
    const ascent = size * 0.92, descent = size * 0.25;
    // The most crowded dots choose first, while they still have room.
    const crowd = (i: number) => points.filter((q, j) => j !== i && Math.hypot(q.x - points[i].x, q.y - points[i].y) < 40).length;
    const order = points.map((_, i) => i).sort((a, b) => crowd(b) - crowd(a) || a - b);
    const result: Placed[] = new Array(points.length);
    for (const i of order) {
        const p = points[i];
        const w = textWidth(p.text, size);
        const candidates: Placed[] = [];
        for (const r of [8, 14, 22, 32, 44, 58]) {
            const spots: Array<[number, number, Placed["anchor"]]> = [
                [p.x + r, p.y + ascent / 2 - 1, "start"], [p.x - r, p.y + ascent / 2 - 1, "end"],
                [p.x, p.y - r - descent, "middle"], [p.x, p.y + r + ascent, "middle"],
                [p.x + r * 0.75, p.y - r * 0.75 - descent, "start"], [p.x - r * 0.75, p.y - r * 0.75 - descent, "end"],
                [p.x + r * 0.75, p.y + r * 0.75 + ascent, "start"], [p.x - r * 0.75, p.y + r * 0.75 + ascent, "end"],
            ];
            for (const [x, y, anchor] of spots) {
                const x0 = anchor === "start" ? x : anchor === "end" ? x - w : x - w / 2;
                candidates.push({ x, y, anchor, box: { x0, y0: y - ascent, x1: x0 + w, y1: y + descent } });
            }
        }
        const inside = (b: Box) => b.x0 >= bounds.x0 && b.x1 <= bounds.x1 && b.y0 >= bounds.y0 && b.y1 <= bounds.y1;
        const cost = (c: Placed) => (inside(c.box) ? 0 : 1e6)
            + placed.reduce((s, b) => s + overlap(c.box, b), 0) * 10
            + dots.reduce((s, b) => s + overlap(c.box, b), 0);
        let best = candidates[0], bestCost = Infinity;
        for (const c of candidates) {
            const k = cost(c);
            if (k < bestCost) {
                best = c;
                bestCost = k;
                if (k === 0) break;
            }
        }
        const cx = Math.max(best.box.x0, Math.min(p.x, best.box.x1));
        const cy = Math.max(best.box.y0, Math.min(p.y, best.box.y1));
        if (Math.hypot(cx - p.x, cy - p.y) > dotRadius + 6) best.leader = { x1: p.x, y1: p.y, x2: cx, y2: cy };
        placed.push(best.box);
        result[i] = best;
    }
    return result;
}

const fmt = (v: number) => (Math.round(v * 10) / 10).toString();

interface Frame { x: (v: number) => number; y: (v: number) => number; svg: string[] }

/** Axes, grid and the diagonal "actual = expected" for a square plot of [0, max] on both axes. */
function squareFrame(left: number, top: number, side: number, max: number, xTitle: string, yTitle: string, step: number): Frame {
    const x = (v: number) => left + (v / max) * side;
    const y = (v: number) => top + side - (v / max) * side;
    const svg: string[] = [];
    for (let v = 0; v <= max + 1e-9; v += step) {
        svg.push(`<line x1="${fmt(x(v))}" y1="${fmt(y(0))}" x2="${fmt(x(v))}" y2="${fmt(y(max))}" stroke="#eee"/>`);
        svg.push(`<line x1="${fmt(x(0))}" y1="${fmt(y(v))}" x2="${fmt(x(max))}" y2="${fmt(y(v))}" stroke="#eee"/>`);
        svg.push(`<text x="${fmt(x(v))}" y="${fmt(y(0) + 18)}" text-anchor="middle" font-size="11" fill="#444">${v}</text>`);
        svg.push(`<text x="${fmt(x(0) - 8)}" y="${fmt(y(v) + 4)}" text-anchor="end" font-size="11" fill="#444">${v}</text>`);
    }
    svg.push(`<line x1="${fmt(x(0))}" y1="${fmt(y(0))}" x2="${fmt(x(max))}" y2="${fmt(y(max))}" stroke="#888" stroke-dasharray="6 4"/>`);
    svg.push(`<line x1="${fmt(x(0))}" y1="${fmt(y(0))}" x2="${fmt(x(max))}" y2="${fmt(y(0))}" stroke="black"/>`);
    svg.push(`<line x1="${fmt(x(0))}" y1="${fmt(y(0))}" x2="${fmt(x(0))}" y2="${fmt(y(max))}" stroke="black"/>`);
    svg.push(`<text x="${fmt(left + side / 2)}" y="${fmt(top + side + 40)}" text-anchor="middle" font-size="13">${xmlEscape(xTitle)}</text>`);
    svg.push(`<text transform="translate(${fmt(left - 42)} ${fmt(top + side / 2)}) rotate(-90)" text-anchor="middle" font-size="13">${xmlEscape(yTitle)}</text>`);
    return { x, y, svg };
}

/** Dots with their labels (team codes), coloured by which side of the diagonal they fall. */
function labelledDots(frame: Frame, dots: Array<{ ex: number; ac: number; code: string; title: string; good: boolean }>, bounds: Box): string[] {
    const points = dots.map((d) => ({ x: frame.x(d.ex), y: frame.y(d.ac), text: d.code }));
    const placed = placeLabels(points, bounds);
    return dots.map((d, i) => {
        const p = points[i], l = placed[i];
        const leader = l.leader ? `<line x1="${fmt(l.leader.x1)}" y1="${fmt(l.leader.y1)}" x2="${fmt(l.leader.x2)}" y2="${fmt(l.leader.y2)}" stroke="#999" stroke-width="0.7"/>` : "";
        return `<g class="team"><title>${xmlEscape(d.title)}</title>${leader}` +
            `<circle cx="${fmt(p.x)}" cy="${fmt(p.y)}" r="5" fill="${d.good ? "#1b7837" : "#b2182b"}"/>` +
            `<text class="label" x="${fmt(l.x)}" y="${fmt(l.y)}" text-anchor="${l.anchor}" font-size="${LABEL_SIZE}">${xmlEscape(d.code)}</text></g>`;
    });
}

const code = (t: Row) => String(t.team_code || t.team_name);
const hasXpts = (t: Row) => t.xpts !== null && t.xpts !== undefined && t.xpts !== "";
const roundUp = (v: number, step: number) => Math.max(step, Math.ceil((v + step / 2) / step) * step);
const svgOpen = (w: number, h: number, label: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${FONT_FAMILY}" role="img" aria-label="${xmlEscape(label)}">`;
const seasonName = (labels: ChartLabels) => `${labels.leagueName ?? `league ${labels.league}`} ${labels.season}/${String(labels.season + 1).slice(-2)}`;

/** Points (y) against expected points (x), one labelled dot per team; above the diagonal, more points than the chances were worth. */
export function pointsChart(teams: Row[], labels: ChartLabels): string {
    const rows = teams.filter(hasXpts);
    const W = 760, H = 660, left = 80, top = 80, side = 520;
    const max = roundUp(Math.max(0, ...rows.flatMap((t) => [Number(t.points), Number(t.xpts)])), 10);
    const frame = squareFrame(left, top, side, max, "expected points (xPts, Poisson from expected goals)", "points", 10);
    const dots = [...rows].sort((a, b) => Number(b.points) - Number(a.points)).map((t) => ({
        ex: Number(t.xpts), ac: Number(t.points), code: code(t), good: Number(t.points) >= Number(t.xpts),
        title: `${t.team_name}: ${t.points} points, ${t.xpts} expected`,
    }));
    return [
        svgOpen(W, H, `Points against expected points, ${seasonName(labels)}`),
        `<rect width="${W}" height="${H}" fill="white"/>`,
        `<text x="${W / 2}" y="30" text-anchor="middle" font-size="18" font-weight="bold">Points against expected points: ${xmlEscape(seasonName(labels))}</text>`,
        `<text x="${W / 2}" y="52" text-anchor="middle" font-size="13">as of ${xmlEscape(labels.asOf)}; above the line, more points than the chances were worth (green); below, fewer (red)</text>`,
        ...frame.svg,
        `<text x="${fmt(frame.x(max) - 4)}" y="${fmt(frame.y(max) + 16)}" text-anchor="end" font-size="12" fill="#666">points = expected points</text>`,
        ...labelledDots(frame, dots, { x0: left + 2, y0: top, x1: left + side + 30, y1: top + side - 2 }),
        `</svg>`,
        "",
    ].join("\n");
}

/** Goals for against xG for, and goals against against xG against, side by side: both halves of the question. */
export function goalsChart(teams: Row[], labels: ChartLabels): string {
    const rows = teams.filter((t) => t.xg_for !== null && t.xg_for !== undefined && t.xg_for !== "");
    const W = 1060, H = 600, top = 80, side = 420;
    const max = roundUp(Math.max(0, ...rows.flatMap((t) => [Number(t.goals_for), Number(t.xg_for), Number(t.goals_against), Number(t.xg_against)])), 10);
    const panel = (left: number, which: "for" | "against") => {
        const frame = squareFrame(left, top, side, max, which === "for" ? "expected goals for (xG)" : "expected goals against (xGA)",
            which === "for" ? "goals scored" : "goals conceded", 10);
        const dots = rows.map((t) => {
            const g = Number(which === "for" ? t.goals_for : t.goals_against), x = Number(which === "for" ? t.xg_for : t.xg_against);
            // Scoring more than the chances is good; conceding more is not.
            return { ex: x, ac: g, code: code(t), good: which === "for" ? g >= x : g <= x, title: `${t.team_name}: ${g} goals ${which}, ${x} expected` };
        });
        return [
            `<text x="${left + side / 2}" y="${top - 14}" text-anchor="middle" font-size="15" font-weight="bold">Goals ${which}</text>`,
            ...frame.svg,
            ...labelledDots(frame, dots, { x0: left + 2, y0: top, x1: left + side + 28, y1: top + side - 2 }),
        ];
    };
    return [
        svgOpen(W, H, `Goals against expected goals, ${seasonName(labels)}`),
        `<rect width="${W}" height="${H}" fill="white"/>`,
        `<text x="${W / 2}" y="26" text-anchor="middle" font-size="18" font-weight="bold">Goals against expected goals: ${xmlEscape(seasonName(labels))}</text>`,
        `<text x="${W / 2}" y="48" text-anchor="middle" font-size="13">as of ${xmlEscape(labels.asOf)}; green, better than the chances (more scored, fewer conceded); red, worse</text>`,
        ...panel(80, "for"),
        ...panel(600, "against"),
        `</svg>`,
        "",
    ].join("\n");
}

// Twenty colours, one per team in table order. The labels are coloured text, so each colour is readable as 12 px text on
// white (contrast at least 4.5:1), and, since the lines cross, at least 26 apart in CIELAB (ΔE*ab) from every other and
// from the zero line's #444. Picked farthest-first from a grid of sRGB colours of moderate chroma.
const PALETTE = ["#1166ee", "#dd2233", "#008800", "#cc1199", "#996600", "#442266", "#661111", "#0077bb", "#007755", "#aa5577",
    "#445500", "#771199", "#dd0066", "#007788", "#886644", "#bb5533", "#8866bb", "#770055", "#776688", "#003355"];

/**
 * Spreads labels along one axis so that no two are closer than `gap`, each as
 * near its wanted position as the others allow, within [low, high].
 */
export function spread(wanted: number[], gap: number, low: number, high: number): number[] {
    const order = wanted.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v || a.i - b.i);
    const pos = order.map((o) => Math.min(Math.max(o.v, low), high));
    for (let k = 1; k < pos.length; k++) pos[k] = Math.max(pos[k], pos[k - 1] + gap);
    if (pos.length > 0 && pos[pos.length - 1] > high) {
        pos[pos.length - 1] = high;
        for (let k = pos.length - 2; k >= 0; k--) pos[k] = Math.min(pos[k], pos[k + 1] - gap);
    }
    const out = new Array(wanted.length);
    order.forEach((o, k) => { out[o.i] = pos[k]; });
    return out;
}

export interface StoryPoint { runDate: string; teamId: number; code: string; name: string; pointsMinusXpts: number }

/**
 * Why a dated team-table row cannot be a point of the season's story; a row without points minus xPts is no point, and
 * no problem either. Points and expected points each lie from 0 to 3 a match, so a gap beyond 3 a match played is
 * damage: a gap of 1e9 set the chart's scale, and drawing its five-point grid ran the run out of memory.
 */
export function storyProblem(r: Row): string | undefined {
    if (!wholeCell(r.team_id)) return `team_id '${r.team_id ?? ""}' is not a team id`;
    if (blankCell(r.points_minus_xpts)) return undefined;
    const gap = Number(r.points_minus_xpts);
    if (!Number.isFinite(gap)) return `points_minus_xpts '${r.points_minus_xpts}' is not a number`;
    if (!wholeCell(r.played) || Number(r.played) < 0) return `played '${r.played ?? ""}' is not a count of matches`;
    if (Math.abs(gap) > 3 * Number(r.played)) return `points_minus_xpts '${r.points_minus_xpts}' is beyond 3 points a match either way over its ${r.played} matches played`;
    return undefined;
}

/**
 * The story's points with each club under the id the last run's table gives it. The API can give a club a new id in
 * mid-season (see the README's "When a refused answer is right"), and the dated tables of earlier runs keep the old
 * one, which would draw the club's weeks so far as another line. An id the last run's table lacks is read as the
 * club of that table with the same name, where exactly one has it and that one has no point of its own on the day.
 */
export function oneIdPerClub(points: StoryPoint[]): StoryPoint[] {
    const last = points.reduce((d, p) => (p.runDate > d ? p.runDate : d), "");
    const current = points.filter((p) => p.runDate === last);
    const currentIds = new Set(current.map((p) => p.teamId));
    const own = new Set(points.map((p) => `${p.teamId}|${p.runDate}`));
    return points.map((p) => {
        if (currentIds.has(p.teamId)) return p;
        const named = current.filter((c) => c.name === p.name);
        if (named.length !== 1 || own.has(`${named[0].teamId}|${p.runDate}`)) return p;
        return { ...named[0], runDate: p.runDate, pointsMinusXpts: p.pointsMinusXpts };
    });
}

/** Each team's points minus expected points after every run: who rode their luck, and when. */
export function storyChart(input: StoryPoint[], labels: ChartLabels): string {
    const W = 1060, H = 620, left = 70, top = 70, width = 860, height = 470;
    const points = oneIdPerClub(input);
    const dates = [...new Set(points.map((p) => p.runDate))].sort();
    // Each team's line ends at its own last run: one missing from the last run is labelled with where it was, not 0.
    const lastOf = new Map<number, StoryPoint>();
    for (const p of points) {
        const held = lastOf.get(p.teamId);
        if (held === undefined || p.runDate >= held.runDate) lastOf.set(p.teamId, p);
    }
    const teams = [...lastOf.values()].sort((a, b) => b.pointsMinusXpts - a.pointsMinusXpts);
    const last = dates[dates.length - 1];
    const extent = Math.max(5, ...points.map((p) => Math.abs(p.pointsMinusXpts)));
    const maxY = Math.ceil(extent / 5) * 5;
    const x = (d: string) => left + (dates.length <= 1 ? width / 2 : (dates.indexOf(d) / (dates.length - 1)) * width);
    const y = (v: number) => top + height / 2 - (v / maxY) * (height / 2);
    const svg: string[] = [
        svgOpen(W, H, `Points minus expected points by run, ${seasonName(labels)}`),
        `<rect width="${W}" height="${H}" fill="white"/>`,
        `<text x="${W / 2}" y="28" text-anchor="middle" font-size="18" font-weight="bold">The season so far: points minus expected points, run by run</text>`,
        `<text x="${W / 2}" y="50" text-anchor="middle" font-size="13">${xmlEscape(seasonName(labels))}, as of ${xmlEscape(labels.asOf)}; above zero, more points than the chances were worth</text>`,
    ];
    for (let v = -maxY; v <= maxY; v += 5) {
        svg.push(`<line x1="${left}" y1="${fmt(y(v))}" x2="${left + width}" y2="${fmt(y(v))}" stroke="${v === 0 ? "#444" : "#eee"}"/>`);
        svg.push(`<text x="${left - 8}" y="${fmt(y(v) + 4)}" text-anchor="end" font-size="11" fill="#444">${v > 0 ? "+" : ""}${v}</text>`);
    }
    const months = dates.filter((d, i) => i === 0 || d.slice(0, 7) !== dates[i - 1].slice(0, 7));
    for (const d of months) {
        svg.push(`<line x1="${fmt(x(d))}" y1="${top}" x2="${fmt(x(d))}" y2="${top + height}" stroke="#f2f2f2"/>`);
        svg.push(`<text x="${fmt(x(d))}" y="${top + height + 18}" text-anchor="middle" font-size="11" fill="#444">${d.slice(0, 7)}</text>`);
    }
    svg.push(`<text x="${left + width / 2}" y="${top + height + 42}" text-anchor="middle" font-size="13">run date</text>`);
    svg.push(`<text transform="translate(24 ${top + height / 2}) rotate(-90)" text-anchor="middle" font-size="13">points − xPts</text>`);
    const ends = teams.map((t) => y(t.pointsMinusXpts));
    // A label is 14 px tall as the browser lays it out: 15 apart keeps them clear.
    const labelY = spread(ends, 15, top + 6, top + height);
    teams.forEach((t, k) => {
        const colour = PALETTE[k % PALETTE.length];
        const line = dates.map((d) => points.find((p) => p.teamId === t.teamId && p.runDate === d)).filter((p): p is StoryPoint => !!p)
            .map((p) => `${fmt(x(p.runDate))},${fmt(y(p.pointsMinusXpts))}`).join(" ");
        const labelX = x(last), ly = labelY[k];
        const gap = `${t.pointsMinusXpts > 0 ? "+" : ""}${fmt(t.pointsMinusXpts)}`;
        svg.push(`<g class="team"><title>${xmlEscape(t.name)}: ${gap} as of ${xmlEscape(t.runDate)}</title>` +
            `<polyline points="${line}" fill="none" stroke="${colour}" stroke-width="1.6"/>` +
            `<line x1="${fmt(x(t.runDate))}" y1="${fmt(ends[k])}" x2="${fmt(labelX + 14)}" y2="${fmt(ly - 4)}" stroke="${colour}" stroke-width="0.7"/>` +
            `<text class="label" x="${fmt(labelX + 17)}" y="${fmt(ly)}" font-size="${LABEL_SIZE}" fill="${colour}">${xmlEscape(t.code)} ${gap}</text></g>`);
    });
    svg.push(`</svg>`, "");
    return svg.join("\n");
}
