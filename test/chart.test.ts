// The charts, in process: where each dot and label lands, worked out by hand
// from the charts' geometry, and label placement checked box by box on the
// 2020/21 season's real table. The report test measures the same labels as a
// browser lays them out; these tests say which piece went wrong, and they are
// the ones mutation runs can see.
import { strict as assert } from "assert";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { fixtureXpts, teamTable } from "../etl/analysis";
import { Box, goalsChart, placeLabels, pointsChart, spread, StoryPoint, storyChart, storyProblem, textWidth, xmlEscape } from "../etl/chart";
import { loadSeason, seasonClubs } from "../etl/local/season";
import { Row } from "../etl/transform";

type Attrs = Record<string, string>;
interface TeamMark { title: string; circle?: Attrs; label: Attrs & { text: string }; leader?: Attrs; polyline?: Attrs }

/** The chart's elements, parsed as XML: each team's group, and every other text with its position. */
function parse(svg: string): { marks: TeamMark[]; texts: Array<Attrs & { text: string }>; lines: Attrs[]; rects: Attrs[]; root: Attrs } {
    assert.equal(XMLValidator.validate(svg), true, "the chart must be well-formed XML");
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", textNodeName: "#text", parseTagValue: false, isArray: (name) => ["g", "text", "line"].includes(name) }).parse(svg);
    const text = (t: Attrs | string) => (typeof t === "string" ? { text: t } : { ...t, text: String(t["#text"] ?? "") }) as Attrs & { text: string };
    assert.equal(doc.svg["#text"], undefined, "the chart holds elements only, no loose text");
    const groups: Array<Record<string, unknown>> = doc.svg.g ?? [];
    for (const g of groups) assert.equal(g["#text"], undefined, "a team's group holds elements only, no loose text");
    const marks = groups.map((g) => ({
        title: String(g.title),
        circle: g.circle as Attrs | undefined,
        label: text((g.text as Attrs[])[0]),
        leader: (g.line as Attrs[] | undefined)?.[0],
        polyline: g.polyline as Attrs | undefined,
    }));
    const { g: _g, text: texts, line: lines, rect, ...root } = doc.svg;
    return { marks, texts: (texts as Array<Attrs | string>).map(text), lines: lines ?? [], rects: rect ? [rect] : [], root: root as Attrs };
}

const near = (actual: number | string, expected: number, what: string, tolerance = 0.051) =>
    assert.ok(Math.abs(Number(actual) - expected) <= tolerance, `${what}: ${actual}, expected ${expected}`);

// A 12 px label as the browser lays it out: 11.04 px above the baseline, 3 below.
const ASCENT = 11.04, DESCENT = 3;

/** The box a label's text covers, from where the chart put it and its width. */
function labelBox(l: { x?: string | number; y?: string | number; "text-anchor"?: string; text: string }): Box {
    const w = textWidth(l.text), x = Number(l.x), y = Number(l.y);
    const x0 = l["text-anchor"] === "end" ? x - w : l["text-anchor"] === "middle" ? x - w / 2 : x;
    return { x0, y0: y - ASCENT, x1: x0 + w, y1: y + DESCENT };
}

/** Where a text is anchored: its x and y, or, for a rotated axis title, where its translate puts it. */
const anchorOf = (t: Attrs): number[] => (t.transform ? t.transform.match(/translate\(([-\d.]+) ([-\d.]+)\)/)!.slice(1).map(Number) : [Number(t.x), Number(t.y)]);

const boxesOverlap = (a: Box, b: Box) => Math.min(a.x1, b.x1) > Math.max(a.x0, b.x0) && Math.min(a.y1, b.y1) > Math.max(a.y0, b.y0);
/** Whether a box covers any of a dot of radius r (the nearest point of the box to the centre lies inside the circle). */
const coversDot = (b: Box, cx: number, cy: number, r: number) =>
    Math.hypot(Math.max(b.x0, Math.min(cx, b.x1)) - cx, Math.max(b.y0, Math.min(cy, b.y1)) - cy) < r;

// Colour as a reader sees it, for the story's palette. WCAG 2's relative luminance and contrast ratio, and CIELAB
// (D65 white) for how far apart two colours look: a ΔE*ab of about 2.3 is just noticeable.
const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
const luminance = (hex: string) => { const [r, g, b] = channels(hex); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const contrastOnWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);
function cielab(hex: string): number[] {
    const [r, g, b] = channels(hex);
    const xyz = [(0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, luminance(hex), (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883];
    const [fx, fy, fz] = xyz.map((t) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116));
    return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}
const deltaE = (a: string, b: string) => { const [la, lb] = [cielab(a), cielab(b)]; return Math.hypot(...la.map((v, i) => v - lb[i])); };

/** The 2020/21 table at the season's end, from the bundled results and shot xG, with the clubs' codes. */
function finalTable(): Row[] {
    const names = new Map(seasonClubs().map((c) => [c.id, c.name]));
    const codes = Object.fromEntries(seasonClubs().map((c) => [c.id, c.code]));
    const fixtures = loadSeason().matches.map((m) => fixtureXpts({
        fixtureId: m.id, kickoffUtc: m.kickoff,
        home: { id: m.homeId, name: names.get(m.homeId)!, goals: m.homeGoals, xg: m.homeXg, totalShots: null, shotsOnGoal: null },
        away: { id: m.awayId, name: names.get(m.awayId)!, goals: m.awayGoals, xg: m.awayXg, totalShots: null, shotsOnGoal: null },
    }));
    return teamTable(fixtures, codes);
}

const LABELS = { league: 39, season: 2020, leagueName: "Premier League", asOf: "2021-05-25" };

describe("label widths", () => {
    it("allow more for wide capitals than other capitals, for capitals than digits, and for digits than lower case", () => {
        assert.ok(textWidth("W") > textWidth("E"));
        assert.ok(textWidth("M") > textWidth("A"));
        assert.ok(textWidth("E") > textWidth("8"));
        assert.ok(textWidth("8") > textWidth("e"));
        assert.ok(textWidth("e") > textWidth(" "));
        assert.ok(textWidth("-") > textWidth("e"), "punctuation is counted generously");
    });

    it("grow with the font size and with each character, from a 2 px margin", () => {
        assert.equal(textWidth(""), 2);
        // W, E and S at 12 px: (1.02 + 0.8 + 0.8) em.
        near(textWidth("WES"), 2.62 * 12 + 2, "WES at 12 px", 1e-9);
        near(textWidth("WES", 24), 2.62 * 24 + 2, "WES at 24 px", 1e-9);
        near(textWidth("a1 -", 10), (0.64 + 0.66 + 0.34 + 0.7) * 10 + 2, "a1 - at 10 px", 1e-9);
    });
});

describe("placing labels by their dots", () => {
    const plot: Box = { x0: 0, y0: 0, x1: 800, y1: 600 };

    it("puts a lone label right of its dot, on the dot's line, with no leader", () => {
        const [l] = placeLabels([{ x: 200, y: 300, text: "ARS" }], plot);
        assert.equal(l.anchor, "start");
        near(l.x, 208, "x");
        // The text's middle (half its ascent above the baseline) a pixel above the dot's centre.
        near(l.y, 300 + ASCENT / 2 - 1, "baseline");
        assert.deepEqual(l.box, { x0: 208, y0: l.y - ASCENT, x1: 208 + textWidth("ARS"), y1: l.y + DESCENT });
        assert.equal(l.leader, undefined);
    });

    it("puts the label left of a dot at the plot's right edge", () => {
        const [l] = placeLabels([{ x: 790, y: 300, text: "ARS" }], plot);
        assert.equal(l.anchor, "end");
        near(l.x, 782, "x");
        near(l.y, 300 + ASCENT / 2 - 1, "baseline, on the dot's line as on the right");
        near(l.box.x1, 782, "right end of the box");
        near(l.box.x0, 782 - textWidth("ARS"), "left end of the box");
    });

    it("puts the label above a dot whose sides are both outside the plot, and below where the top is too", () => {
        const narrow: Box = { x0: 180, y0: 0, x1: 220, y1: 600 };
        const [above] = placeLabels([{ x: 200, y: 300, text: "ARS" }], narrow);
        assert.equal(above.anchor, "middle");
        near(above.x, 200, "x above");
        // As far above the dot as the label below would be under it: its box ends 8 px above the centre.
        near(above.y, 300 - 8 - DESCENT, "baseline above");
        near(above.box.y1, 292, "bottom of the box above");
        const [below] = placeLabels([{ x: 200, y: 10, text: "ARS" }], narrow);
        assert.equal(below.anchor, "middle");
        near(below.y, 10 + 8 + ASCENT, "baseline below");
    });

    it("keeps a crowd of labels off each other and off every dot, inside the plot, with leaders only for those that moved away", () => {
        // Eight dots within 40 px of each other, as mid-table teams sit on the points chart.
        const points = [[300, 300], [312, 304], [296, 314], [320, 318], [306, 326], [330, 296], [288, 290], [316, 288]]
            .map(([x, y], i) => ({ x, y, text: ["WES", "LEI", "NEW", "WOL", "MUN", "CRY", "BHA", "AVL"][i] }));
        const placed = placeLabels(points, plot);
        placed.forEach((l, i) => {
            assert.deepEqual(l.box, labelBox({ x: l.x, y: l.y, "text-anchor": l.anchor, text: points[i].text }), `${points[i].text}: its box is where its text is`);
            assert.ok(l.box.x0 >= plot.x0 && l.box.x1 <= plot.x1 && l.box.y0 >= plot.y0 && l.box.y1 <= plot.y1);
            placed.forEach((m, j) => assert.ok(j === i || !boxesOverlap(l.box, m.box), `${points[i].text} and ${points[j].text} overlap`));
            points.forEach((p, j) => assert.ok(!coversDot(l.box, p.x, p.y, 5), `${points[i].text} covers the dot of ${points[j].text}`));
            // The nearest point of the label to its dot: a leader is drawn to it once it is more than 11 px away.
            const cx = Math.max(l.box.x0, Math.min(points[i].x, l.box.x1)), cy = Math.max(l.box.y0, Math.min(points[i].y, l.box.y1));
            if (Math.hypot(cx - points[i].x, cy - points[i].y) > 11) assert.deepEqual(l.leader, { x1: points[i].x, y1: points[i].y, x2: cx, y2: cy }, points[i].text);
            else assert.equal(l.leader, undefined, points[i].text);
        });
        assert.ok(placed.some((l) => l.leader) && placed.some((l) => !l.leader), "the crowd needs both near and moved labels to test the leaders");
    });

    it("moves a label off a dot it would touch, from any side of that dot", () => {
        // Each first choice (right of its own dot) would end half a pixel inside the other dot's circle.
        const w = textWidth("ARS");
        const labelTop = 300 + ASCENT / 2 - 1 - ASCENT, labelBottom = 300 + ASCENT / 2 - 1 + DESCENT;
        const other = { fromLeft: [208 + w + 4.5, 300], fromRight: [208 - 4.5, 300], fromAbove: [208 + w / 2, labelBottom + 4.5], fromBelow: [208 + w / 2, labelTop - 4.5] };
        for (const [side, [x, y]] of Object.entries(other)) {
            const points = [{ x: 200, y: 300, text: "ARS" }, { x, y, text: "CHE" }];
            const [l] = placeLabels(points, plot);
            points.forEach((p) => assert.ok(!coversDot(l.box, p.x, p.y, 5), `${side}: ARS covers the dot at ${p.x}, ${p.y}`));
        }
    });

    it("gives two labels separate spots even where no spot is inside the plot", () => {
        const [a, b] = placeLabels([{ x: 100, y: 100, text: "WES" }, { x: 104, y: 100, text: "LEI" }], { x0: 0, y0: 0, x1: 10, y1: 10 });
        assert.ok(!boxesOverlap(a.box, b.box));
    });
});

describe("spreading the story's end labels", () => {
    it("leaves labels far enough apart where they are", () => {
        assert.deepEqual(spread([10, 50, 90], 15, 0, 100), [10, 50, 90]);
    });

    it("pushes a label down until it clears the one above, keeping each label with its own value", () => {
        assert.deepEqual(spread([50, 10, 12], 15, 0, 100), [50, 10, 25]);
    });

    it("pushes labels back up from the lower bound, and clamps those beyond the upper", () => {
        assert.deepEqual(spread([90, 95, 99], 15, 0, 100), [70, 85, 100]);
        assert.deepEqual(spread([-20, 40], 15, 0, 100), [0, 40]);
    });

    it("orders tied values as they came", () => {
        assert.deepEqual(spread([30, 30, 30], 10, 0, 100), [30, 40, 50]);
    });

    it("has nothing to spread for no labels", () => {
        assert.deepEqual(spread([], 15, 0, 100), []);
    });
});

const team = (id: number, code: string, name: string, points: number, xpts: number | "", extra: Row = {}): Row =>
    ({ team_id: id, team_code: code, team_name: name, points, xpts, ...extra });

describe("the points chart", () => {
    it("puts each team's dot at its expected points and points, green on or above the diagonal and red below", () => {
        const svg = pointsChart([team(1, "AAA", "Alpha", 45, 30.5), team(2, "BBB", "Beta", 20, 33), team(3, "CCC", "Gamma", 33, 33)], LABELS);
        const { marks } = parse(svg);
        // Axes to 50 (the largest value, 45, plus half a step, rounded up to tens), 520 px from (80, 600).
        const at = (xpts: number, points: number) => [80 + (xpts / 50) * 520, 600 - (points / 50) * 520];
        const expected: Record<string, [number[], string]> = { AAA: [at(30.5, 45), "#1b7837"], BBB: [at(33, 20), "#b2182b"], CCC: [at(33, 33), "#1b7837"] };
        assert.deepEqual(marks.map((m) => m.label.text), ["AAA", "CCC", "BBB"], "teams by points");
        for (const m of marks) {
            const [[cx, cy], fill] = expected[m.label.text];
            near(m.circle!.cx, cx, `${m.label.text} cx`);
            near(m.circle!.cy, cy, `${m.label.text} cy`);
            assert.equal(m.circle!.fill, fill, m.label.text);
        }
        assert.equal(marks[0].title, "Alpha: 45 points, 30.5 expected");
    });

    it("draws the axes in tens up to the data, with the diagonal from the origin to the top corner", () => {
        const svg = pointsChart([team(1, "AAA", "Alpha", 45, 30.5)], LABELS);
        const ticks = parse(svg).texts.filter((t) => t["font-size"] === "11").map((t) => t.text);
        assert.deepEqual(ticks, ["0", "0", "10", "10", "20", "20", "30", "30", "40", "40", "50", "50"]);
        assert.match(svg, /<line x1="80" y1="600" x2="600" y2="80" stroke="#888" stroke-dasharray="6 4"\/>/);
        // A value on a tick still gets half a step of room above it.
        const ticksAt60 = parse(pointsChart([team(1, "AAA", "Alpha", 60, 30)], LABELS)).texts.filter((t) => t["font-size"] === "11").map((t) => t.text);
        assert.equal(ticksAt60[ticksAt60.length - 1], "70");
        const empty = parse(pointsChart([], LABELS)).texts.filter((t) => t["font-size"] === "11").map((t) => t.text);
        assert.deepEqual(empty, ["0", "0", "10", "10"]);
    });

    it("leaves out teams without expected points and names the league, the season and the date", () => {
        const noXpts: Row = { team_id: 4, team_code: "DDD", team_name: "Delta", points: 20 };
        const svg = pointsChart([team(1, "AAA", "Alpha", 45, 30.5), team(2, "BBB", "Beta", 20, ""), team(3, "CCC", "Gamma", 20, null as unknown as number), noXpts], LABELS);
        assert.deepEqual(parse(svg).marks.map((m) => m.label.text), ["AAA"]);
        assert.match(svg, /aria-label="Points against expected points, Premier League 2020\/21"/);
        assert.match(svg, />Points against expected points: Premier League 2020\/21</);
        assert.match(svg, />as of 2021-05-25; above the line/);
        const unnamed = pointsChart([], { league: 140, season: 2023, asOf: "2024-01-02" });
        assert.match(unnamed, />Points against expected points: league 140 2023\/24</);
    });

    it("labels a team without a code by its name, and escapes what it writes", () => {
        const svg = pointsChart([team(1, "", "Brighton & Hove <Albion>", 41, 60.7)], { ...LABELS, leagueName: "A \"cup\"" });
        const { marks } = parse(svg);
        // The parser reads the escapes back: what a reader sees is the name as it was.
        assert.equal(marks[0].label.text, "Brighton & Hove <Albion>");
        assert.equal(marks[0].title, "Brighton & Hove <Albion>: 41 points, 60.7 expected");
        assert.match(svg, />Brighton &amp; Hove &lt;Albion&gt;<\/text>/);
        assert.match(svg, /aria-label="Points against expected points, A &quot;cup&quot; 2020\/21"/);
        assert.equal(xmlEscape(`a & b <c> "d"`), "a &amp; b &lt;c&gt; &quot;d&quot;");
    });

    it("places every label of the 2020/21 final table clear of the other labels and of every dot, inside the plot", () => {
        const table = finalTable();
        assert.equal(table.length, 20);
        const { marks } = parse(pointsChart(table, LABELS));
        assert.deepEqual(marks.map((m) => m.label.text).sort(), seasonClubs().map((c) => c.code).sort());
        const boxes = marks.map((m) => labelBox(m.label));
        marks.forEach((m, i) => {
            const b = boxes[i];
            assert.ok(b.x0 >= 80 && b.x1 <= 630 && b.y0 >= 80 && b.y1 <= 600, `${m.label.text} outside the plot`);
            boxes.forEach((o, j) => assert.ok(j === i || !boxesOverlap(b, o), `${m.label.text} and ${marks[j].label.text} overlap`));
            marks.forEach((d) => assert.ok(!coversDot(b, Number(d.circle!.cx), Number(d.circle!.cy), 5), `${m.label.text} covers ${d.label.text}'s dot`));
        });
    });
});

describe("the goals chart", () => {
    it("pictures goals for against xG for on the left and goals against against xG against on the right, each coloured by what is good", () => {
        const rows = [team(1, "AAA", "Alpha", 0, 0, { goals_for: 50, xg_for: 40, goals_against: 50, xg_against: 40 }),
            team(2, "BBB", "Beta", 0, 0, { goals_for: 30, xg_for: 36.5, goals_against: 20, xg_against: 31 })];
        const { marks } = parse(goalsChart(rows, LABELS));
        assert.equal(marks.length, 4);
        // Both panels to 60 (50 plus half a step, rounded up to tens), 420 px square, from x = 80 and x = 600, y = 500.
        const at = (left: number, xg: number, goals: number) => [left + (xg / 60) * 420, 500 - (goals / 60) * 420];
        const expected = [
            { title: "Alpha: 50 goals for, 40 expected", at: at(80, 40, 50), fill: "#1b7837" },
            { title: "Beta: 30 goals for, 36.5 expected", at: at(80, 36.5, 30), fill: "#b2182b" },
            { title: "Alpha: 50 goals against, 40 expected", at: at(600, 40, 50), fill: "#b2182b" },
            { title: "Beta: 20 goals against, 31 expected", at: at(600, 31, 20), fill: "#1b7837" },
        ];
        marks.forEach((m, i) => {
            assert.equal(m.title, expected[i].title);
            near(m.circle!.cx, expected[i].at[0], `${m.title} cx`);
            near(m.circle!.cy, expected[i].at[1], `${m.title} cy`);
            assert.equal(m.circle!.fill, expected[i].fill, m.title);
        });
    });

    it("leaves out teams without xG and scales to the largest of all four counts", () => {
        const rows = [team(1, "AAA", "Alpha", 0, 0, { goals_for: 12, xg_for: 10, goals_against: 8, xg_against: 71 }),
            team(2, "BBB", "Beta", 0, 0, { goals_for: 99, xg_for: "", goals_against: 99, xg_against: "" }),
            team(3, "CCC", "Gamma", 0, 0, { goals_for: 99, xg_for: null, goals_against: 99, xg_against: null }),
            team(4, "DDD", "Delta", 0, 0, { goals_for: 99, goals_against: 99 })];
        const parsed = parse(goalsChart(rows, LABELS));
        assert.deepEqual(parsed.marks.map((m) => m.label.text), ["AAA", "AAA"]);
        const ticks = parsed.texts.filter((t) => t["font-size"] === "11").map((t) => Number(t.text));
        assert.equal(Math.max(...ticks), 80);
    });

    it("counts goals equal to their xG as green on both sides: as good as the chances, not worse", () => {
        const { marks } = parse(goalsChart([team(1, "AAA", "Alpha", 0, 0, { goals_for: 40, xg_for: 40, goals_against: 31, xg_against: 31 })], LABELS));
        assert.deepEqual(marks.map((m) => m.circle!.fill), ["#1b7837", "#1b7837"]);
    });

    it("places every label of the 2020/21 final table clear of the other labels and dots of its panel", () => {
        const { marks } = parse(goalsChart(finalTable(), LABELS));
        assert.equal(marks.length, 40);
        for (const panel of [marks.slice(0, 20), marks.slice(20)]) {
            const boxes = panel.map((m) => labelBox(m.label));
            panel.forEach((m, i) => {
                boxes.forEach((o, j) => assert.ok(j === i || !boxesOverlap(boxes[i], o), `${m.title} and ${panel[j].title} overlap`));
                panel.forEach((d) => assert.ok(!coversDot(boxes[i], Number(d.circle!.cx), Number(d.circle!.cy), 5), `${m.title} covers ${d.title}'s dot`));
            });
        }
    });
});

describe("the season story chart", () => {
    const story: StoryPoint[] = [
        { runDate: "2020-09-15", teamId: 2, code: "BBB", name: "Beta", pointsMinusXpts: -2 },
        { runDate: "2020-09-15", teamId: 1, code: "AAA", name: "Alpha", pointsMinusXpts: 1 },
        { runDate: "2020-09-22", teamId: 1, code: "AAA", name: "Alpha", pointsMinusXpts: 3 },
        { runDate: "2020-10-06", teamId: 1, code: "AAA", name: "Alpha", pointsMinusXpts: 7.2 },
        { runDate: "2020-10-06", teamId: 2, code: "BBB", name: "Beta", pointsMinusXpts: -6 },
    ];
    // Runs spread over 860 px from x = 70; values to ±10 (7.2 rounded up to fives) over 235 px each side of y = 305.
    const y = (v: number) => 305 - (v / 10) * 235;

    it("draws each team's line through its runs, skipping a run it is missing from", () => {
        const { marks } = parse(storyChart(story, LABELS));
        assert.deepEqual(marks.map((m) => m.title), ["Alpha: +7.2 as of 2020-10-06", "Beta: -6 as of 2020-10-06"]);
        const points = (m: TeamMark) => m.polyline!.points.split(" ").map((p) => p.split(",").map(Number));
        const alpha = points(marks[0]), beta = points(marks[1]);
        [[70, y(1)], [500, y(3)], [930, y(7.2)]].forEach(([px, py], i) => { near(alpha[i][0], px, `Alpha x ${i}`); near(alpha[i][1], py, `Alpha y ${i}`); });
        assert.equal(beta.length, 2);
        [[70, y(-2)], [930, y(-6)]].forEach(([px, py], i) => { near(beta[i][0], px, `Beta x ${i}`); near(beta[i][1], py, `Beta y ${i}`); });
    });

    it("labels each line's end with the team's code and final gap, in colours by final gap", () => {
        const { marks } = parse(storyChart(story, LABELS));
        assert.deepEqual(marks.map((m) => m.label.text), ["AAA +7.2", "BBB -6"]);
        assert.deepEqual(marks.map((m) => m.label.fill), ["#1166ee", "#dd2233"]);
        assert.deepEqual(marks.map((m) => m.polyline!.stroke), ["#1166ee", "#dd2233"]);
        marks.forEach((m, i) => {
            near(m.label.x, 947, `${m.label.text} x`);
            near(m.label.y, y([7.2, -6][i]), `${m.label.text} y`);
            // The leader runs from the line's end to just left of the label.
            near(m.leader!.x1, 930, "leader start x");
            near(m.leader!.y1, y([7.2, -6][i]), "leader start y");
            near(m.leader!.x2, 944, "leader end x");
        });
    });

    it("keeps end labels 15 px apart where the teams finish level", () => {
        const level = story.map((p) => (p.runDate === "2020-10-06" ? { ...p, pointsMinusXpts: 2 } : p));
        const { marks } = parse(storyChart(level, LABELS));
        const ys = marks.map((m) => Number(m.label.y));
        near(Math.abs(ys[0] - ys[1]), 15, "gap between the labels");
    });

    it("orders the runs by date whatever order the points come in, and the zero line darker than the others", () => {
        const { marks, lines } = parse(storyChart([...story].reverse(), LABELS));
        const alpha = marks.find((m) => m.title.startsWith("Alpha"))!.polyline!.points.split(" ").map((p) => p.split(",").map(Number));
        assert.deepEqual(alpha.map(([x]) => x), [70, 500, 930]);
        near(alpha[2][1], y(7.2), "Alpha's last point");
        assert.deepEqual(marks.map((m) => [m.title, m.label.text]), [["Alpha: +7.2 as of 2020-10-06", "AAA +7.2"], ["Beta: -6 as of 2020-10-06", "BBB -6"]], "each end labelled with its latest run");
        const grid = lines.filter((l) => l.x1 === "70" && l.x2 === "930").map((l) => [Number(l.y1), l.stroke]);
        assert.deepEqual(grid.map(([gy]) => gy), [-10, -5, 0, 5, 10].map(y));
        assert.deepEqual(grid.map(([, stroke]) => stroke), ["#eee", "#eee", "#444", "#eee", "#eee"]);
    });

    it("writes a final gap of nothing unsigned, and keeps a label at the top of the scale inside the plot", () => {
        const top: StoryPoint[] = [
            { runDate: "2020-09-15", teamId: 1, code: "AAA", name: "Alpha", pointsMinusXpts: 10 },
            { runDate: "2020-09-15", teamId: 2, code: "BBB", name: "Beta", pointsMinusXpts: 0 },
        ];
        const { marks } = parse(storyChart(top, LABELS));
        assert.deepEqual(marks.map((m) => [m.label.text, m.title]), [["AAA +10", "Alpha: +10 as of 2020-09-15"], ["BBB 0", "Beta: 0 as of 2020-09-15"]]);
        // Alpha's line ends on the plot's top edge (y = 70); its label's baseline stays 6 px below it.
        near(marks[0].leader!.y1, 70, "the line's end");
        near(marks[0].label.y, 76, "the label's baseline");
        near(marks[0].leader!.y2, 72, "the leader's end, 4 px above the baseline");
    });

    it("marks the values in fives, signed, and each month at its first run, under the plot", () => {
        const { texts, lines } = parse(storyChart(story, LABELS));
        assert.deepEqual(texts.filter((t) => t["font-size"] === "11" && t["text-anchor"] === "end").map((t) => t.text), ["-10", "-5", "0", "+5", "+10"]);
        const months = texts.filter((t) => /^\d{4}-\d{2}$/.test(t.text));
        // The plot's foot is at 70 + 470 = 540; a month's name sits 18 px under it.
        assert.deepEqual(months.map((t) => [t.text, Number(t.x), Number(t.y)]), [["2020-09", 70, 558], ["2020-10", 930, 558]]);
        const monthLines = lines.filter((l) => l.x1 === l.x2).map((l) => [l.x1, l.y1, l.y2, l.stroke].join(" "));
        assert.deepEqual(monthLines, ["70 70 540 #f2f2f2", "930 70 540 #f2f2f2"], "a faint line down the plot at each month's first run");
    });

    const linePoints = (m: TeamMark) => m.polyline!.points.split(" ").map((p) => p.split(",").map(Number));

    it("draws a club the API gave a new id as one line, under the last run's id and code", () => {
        // Beta's rows of the first two runs carry the id it had then; the last run's table has it under 20.
        const renumbered = story.map((p) => (p.teamId === 2 && p.runDate === "2020-10-06" ? { ...p, teamId: 20, code: "BET" } : p));
        const { marks } = parse(storyChart(renumbered, LABELS));
        assert.deepEqual(marks.map((m) => [m.title, m.label.text]), [["Alpha: +7.2 as of 2020-10-06", "AAA +7.2"], ["Beta: -6 as of 2020-10-06", "BET -6"]]);
        assert.deepEqual(linePoints(marks[1]).map(([px]) => px), [70, 930]);
        near(linePoints(marks[1])[0][1], y(-2), "Beta's first run, under its old id");
        // The last run is the latest date, wherever its points come in the list.
        assert.deepEqual(parse(storyChart([...renumbered].reverse(), LABELS)).marks.map((m) => [m.title, m.label.text]), marks.map((m) => [m.title, m.label.text]));
    });

    it("keeps apart an old id whose name the last run gives two clubs, or whose club has a point of its own that day", () => {
        const twins = [...story.map((p) => (p.teamId === 2 && p.runDate === "2020-10-06" ? { ...p, teamId: 20 } : p)),
            { runDate: "2020-10-06", teamId: 21, code: "BBX", name: "Beta", pointsMinusXpts: 1 }];
        assert.deepEqual(parse(storyChart(twins, LABELS)).marks.map((m) => m.title),
            ["Alpha: +7.2 as of 2020-10-06", "Beta: +1 as of 2020-10-06", "Beta: -2 as of 2020-09-15", "Beta: -6 as of 2020-10-06"]);
        const both = [...story, { runDate: "2020-09-15", teamId: 20, code: "BET", name: "Beta", pointsMinusXpts: 4 },
            { runDate: "2020-10-06", teamId: 20, code: "BET", name: "Beta", pointsMinusXpts: 5 }].filter((p) => !(p.teamId === 2 && p.runDate === "2020-10-06"));
        const { marks } = parse(storyChart(both, LABELS));
        assert.deepEqual(marks.map((m) => [m.title, linePoints(m).length]), [["Alpha: +7.2 as of 2020-10-06", 3], ["Beta: +5 as of 2020-10-06", 2], ["Beta: -2 as of 2020-09-15", 1]]);
    });

    it("keeps a club's earlier weeks under its id where another club of the last run has the name it had then", () => {
        // Beta renamed by the last run, and a club new to the table that run under Beta's old name.
        const renamed = [...story.map((p) => (p.teamId === 2 && p.runDate === "2020-10-06" ? { ...p, name: "Beta FC" } : p)),
            { runDate: "2020-10-06", teamId: 3, code: "BBN", name: "Beta", pointsMinusXpts: 1 }];
        const { marks } = parse(storyChart(renamed, LABELS));
        assert.deepEqual(marks.map((m) => [m.title, linePoints(m).length]), [["Alpha: +7.2 as of 2020-10-06", 3], ["Beta: +1 as of 2020-10-06", 1], ["Beta FC: -6 as of 2020-10-06", 2]]);
    });

    it("ends the line of a team the last run lacks at its own last run, labelled with the gap it had there", () => {
        const gone = story.filter((p) => !(p.teamId === 2 && p.runDate === "2020-10-06"));
        const { marks } = parse(storyChart(gone, LABELS));
        const beta = marks.find((m) => m.title.startsWith("Beta"))!;
        assert.equal(beta.title, "Beta: -2 as of 2020-09-15");
        assert.equal(beta.label.text, "BBB -2");
        near(beta.leader!.x1, 70, "the leader starts at Beta's last run");
        near(beta.leader!.y1, y(-2), "at its gap there");
        near(beta.label.x, 947, "the label stays in the column at the right");
    });

    it("takes from a dated team table only a gap a team's matches can give: at most 3 points a match played either way", () => {
        // Points and expected points each lie from 0 to 3 a match, so their gap does too. Before, a held gap of 1e9 was
        // drawn: the chart's five-point grid ran the run out of memory, at every later run.
        const row = (played: string, gap: string): Row => ({ team_id: "42", played, points_minus_xpts: gap });
        for (const [played, gap] of [["26", "78"], ["26", "-78"], ["26", "0"], ["0", "0"], ["26", ""]]) assert.equal(storyProblem(row(played, gap)), undefined, `${played} ${gap}`);
        assert.equal(storyProblem(row("26", "78.01")), "points_minus_xpts '78.01' is beyond 3 points a match either way over its 26 matches played");
        assert.equal(storyProblem(row("26", "-1e9")), "points_minus_xpts '-1e9' is beyond 3 points a match either way over its 26 matches played");
        assert.equal(storyProblem(row("0", "0.5")), "points_minus_xpts '0.5' is beyond 3 points a match either way over its 0 matches played");
        assert.equal(storyProblem(row("x", "1")), "played 'x' is not a count of matches");
        assert.equal(storyProblem(row("-1", "2")), "played '-1' is not a count of matches");
        assert.equal(storyProblem({ team_id: "42", points_minus_xpts: "2" }), "played '' is not a count of matches", "a row that lacks the column");
        assert.equal(storyProblem(row("x", "")), undefined, "no gap: no point of the story, whatever else the row holds");
        assert.equal(storyProblem(row("26", "abc")), "points_minus_xpts 'abc' is not a number");
    });

    it("keeps a five-point scale for small gaps, and puts a single run in the middle", () => {
        const one: StoryPoint[] = [{ runDate: "2020-09-15", teamId: 1, code: "AAA", name: "Alpha", pointsMinusXpts: 0.4 }];
        const { marks, texts } = parse(storyChart(one, LABELS));
        assert.deepEqual(texts.filter((t) => t["font-size"] === "11" && t["text-anchor"] === "end").map((t) => t.text), ["-5", "0", "+5"]);
        const [x0, y0] = marks[0].polyline!.points.split(",").map(Number);
        near(x0, 500, "x of the single run");
        near(y0, 305 - (0.4 / 5) * 235, "y of 0.4 on a five-point scale");
    });

    it("gives a twenty-first club the first colour again rather than none", () => {
        const clubs = Array.from({ length: 21 }, (_, i) => ({ runDate: "2021-05-25", teamId: i + 1, code: `T${String(i + 1).padStart(2, "0")}`, name: `Team ${i + 1}`, pointsMinusXpts: 10 - i }));
        const fills = parse(storyChart(clubs, LABELS)).marks.map((m) => m.label.fill);
        assert.equal(new Set(fills.slice(0, 20)).size, 20);
        assert.equal(fills[20], fills[0]);
    });
});

describe("what every chart draws", () => {
    const story: StoryPoint[] = finalTable().flatMap((t, i) => ["2021-05-18", "2021-05-25"].map((runDate, k) => ({
        runDate, teamId: Number(t.team_id), code: String(t.team_code), name: String(t.team_name), pointsMinusXpts: Number(t.points_minus_xpts) - k * (i - 10) / 10,
    })));
    const charts = () => {
        const table = finalTable();
        return [["points", pointsChart(table, LABELS)], ["goals", goalsChart(table, LABELS)], ["story", storyChart(story, LABELS)]] as const;
    };

    it("gives each of a season's twenty clubs a colour of its own, readable as text on white and far from every other and from the zero line", () => {
        const { marks } = parse(storyChart(story, LABELS));
        assert.equal(marks.length, 20);
        const colours = marks.map((m) => m.label.fill);
        marks.forEach((m) => {
            // A line, its leader and its label are one club: one colour.
            assert.equal(m.polyline!.stroke, m.label.fill, m.label.text);
            assert.equal(m.leader!.stroke, m.label.fill, m.label.text);
            assert.match(m.label.fill, /^#[0-9a-f]{6}$/, m.label.text);
            // 4.5:1, WCAG's least for text of this size: the labels are 12 px.
            assert.ok(contrastOnWhite(m.label.fill) >= 4.5, `${m.label.text} in ${m.label.fill}: contrast ${contrastOnWhite(m.label.fill).toFixed(2)} on white`);
            assert.ok(deltaE(m.label.fill, "#444444") >= 20, `${m.label.text} in ${m.label.fill} is near the zero line's #444`);
        });
        colours.forEach((a, i) => colours.slice(i + 1).forEach((b) => {
            // Lines 1.6 px wide cross each other: twenty ΔE apart, not just noticeably.
            assert.ok(deltaE(a, b) >= 20, `${a} and ${b} are only ${deltaE(a, b).toFixed(1)} apart`);
        }));
    });

    it("names its fonts, sans-serif ones, and ends with the generic sans-serif for a reader who has none of them", () => {
        // The label widths allowed for are a sans-serif's: a serif default font would be drawn where the list names none.
        for (const [name, svg] of charts()) {
            const families = parse(svg).root["font-family"].split(",").map((f) => f.trim());
            assert.ok(families.length >= 2, `${name}: ${families.join(", ")}`);
            assert.equal(families[families.length - 1], "sans-serif", name);
            assert.ok(families.every((f) => f !== "" && !/^(serif|monospace|cursive|fantasy)$/.test(f)), `${name}: ${families.join(", ")}`);
        }
    });

    it("writes the titles, subtitles and axis titles a reader needs, and nothing else beside the ticks and labels", () => {
        const words = Object.fromEntries(charts().map(([name, svg]) => [name, parse(svg).texts.filter((t) => t["font-size"] !== "11").map((t) => t.text)]));
        assert.deepEqual(words.points, [
            "Points against expected points: Premier League 2020/21",
            "as of 2021-05-25; above the line, more points than the chances were worth (green); below, fewer (red)",
            "expected points (xPts, Poisson from expected goals)", "points", "points = expected points",
        ]);
        assert.deepEqual(words.goals, [
            "Goals against expected goals: Premier League 2020/21",
            "as of 2021-05-25; green, better than the chances (more scored, fewer conceded); red, worse",
            "Goals for", "expected goals for (xG)", "goals scored", "Goals against", "expected goals against (xGA)", "goals conceded",
        ]);
        assert.deepEqual(charts().map(([, svg]) => parse(svg).root["aria-label"]), [
            "Points against expected points, Premier League 2020/21", "Goals against expected goals, Premier League 2020/21",
            "Points minus expected points by run, Premier League 2020/21",
        ]);
        assert.deepEqual(words.story, [
            "The season so far: points minus expected points, run by run",
            "Premier League 2020/21, as of 2021-05-25; above zero, more points than the chances were worth",
            "run date", "points − xPts",
        ]);
    });

    it("keeps every text and every line inside the picture, on a white ground", () => {
        for (const [name, svg] of charts()) {
            const { root, texts, lines, rects, marks } = parse(svg);
            const W = Number(root.width), H = Number(root.height);
            assert.equal(root.viewBox, `0 0 ${W} ${H}`);
            assert.deepEqual(rects, [{ width: String(W), height: String(H), fill: "white" }], name);
            const inside = (x: number, y: number, what: string) => assert.ok(x >= 0 && x <= W && y >= 0 && y <= H, `${name}: ${what} at (${x}, ${y}) outside ${W}×${H}`);
            for (const t of [...texts, ...marks.map((m) => m.label)]) {
                const [x, y] = anchorOf(t);
                inside(x, y, `'${t.text}'`);
            }
            for (const l of [...lines, ...marks.flatMap((m) => (m.leader ? [m.leader] : []))]) {
                inside(Number(l.x1), Number(l.y1), "a line's start");
                inside(Number(l.x2), Number(l.y2), "a line's end");
            }
        }
    });

    it("draws a faint grid line at every tick of both axes", () => {
        // The final table's largest value, City's 86 points, puts the scale at 0 to 100 in tens: 52 px a step from (80, 600).
        const grid = parse(pointsChart(finalTable(), LABELS)).lines.filter((l) => l.stroke === "#eee").map((l) => [l.x1, l.y1, l.x2, l.y2].map(Number));
        const expected: number[][] = [];
        for (let v = 0; v <= 100; v += 10) expected.push([80 + 5.2 * v, 600, 80 + 5.2 * v, 80], [80, 600 - 5.2 * v, 600, 600 - 5.2 * v]);
        assert.equal(grid.length, expected.length);
        grid.forEach((g, i) => g.forEach((c, k) => near(c, expected[i][k], `grid line ${i}`)));
    });

    it("draws both axes of each dot chart from the origin", () => {
        const { lines } = parse(pointsChart(finalTable(), LABELS));
        const axes = lines.filter((l) => l.stroke === "black").map((l) => [l.x1, l.y1, l.x2, l.y2].map(Number));
        // 520 px from the origin at (80, 600), whatever the scale.
        assert.deepEqual(axes, [[80, 600, 600, 600], [80, 600, 80, 80]]);
        const goals = parse(goalsChart(finalTable(), LABELS)).lines.filter((l) => l.stroke === "black");
        assert.deepEqual(goals.map((l) => Number(l.x1)), [80, 80, 600, 600], "two axes in each panel");
    });

    it("draws a leader from a moved label's dot to the nearest edge of its label, and none for a label beside its dot", () => {
        const marks = charts().flatMap(([, svg]) => parse(svg).marks).filter((m) => m.circle);
        assert.ok(marks.some((m) => m.leader), "the final table's charts move some labels away");
        for (const m of marks) {
            const b = labelBox(m.label), cx = Number(m.circle!.cx), cy = Number(m.circle!.cy);
            const nx = Math.max(b.x0, Math.min(cx, b.x1)), ny = Math.max(b.y0, Math.min(cy, b.y1));
            if (Math.hypot(nx - cx, ny - cy) > 11.1) {
                assert.ok(m.leader, `${m.title}: a label ${Math.hypot(nx - cx, ny - cy).toFixed(1)} px away needs a leader`);
                near(m.leader.x1, cx, `${m.title}: leader start`);
                near(m.leader.y1, cy, `${m.title}: leader start`);
                near(m.leader.x2, nx, `${m.title}: leader end`, 0.1);
                near(m.leader.y2, ny, `${m.title}: leader end`, 0.1);
            } else if (Math.hypot(nx - cx, ny - cy) < 10.9) {
                assert.equal(m.leader, undefined, m.title);
            }
        }
    });
});

describe("where the charts put their words", () => {
    type Rect = [number, number, number, number];
    // The plot areas: the points chart's square, the goals chart's two panels, the story's band. Drawn inside
    // each test, not when the file loads, so that the code under test runs as the test's own work.
    const plots = (): Array<[string, string, Rect[]]> => [
        ["points", pointsChart(finalTable(), LABELS), [[80, 80, 600, 600]]],
        ["goals", goalsChart(finalTable(), LABELS), [[80, 80, 500, 500], [600, 80, 1020, 500]]],
        ["story", storyChart([{ runDate: "2020-09-15", teamId: 1, code: "AAA", name: "Alpha", pointsMinusXpts: 2 }, { runDate: "2020-10-06", teamId: 1, code: "AAA", name: "Alpha", pointsMinusXpts: -3 }], LABELS), [[70, 70, 930, 540]]],
    ];

    it("keeps titles, axis titles and tick values off the plot, where no dot or line can hide them", () => {
        for (const [name, svg, rects] of plots()) {
            for (const t of parse(svg).texts.filter((x) => x.text !== "points = expected points")) {
                const [x, y] = anchorOf(t);
                for (const [x0, y0, x1, y1] of rects) assert.ok(!(x > x0 && x < x1 && y > y0 && y < y1), `${name}: '${t.text}' at (${x}, ${y}) is on the plot`);
            }
        }
    });

    it("captions the diagonal at its top end, inside the plot", () => {
        const caption = parse(plots()[0][1]).texts.find((t) => t.text === "points = expected points")!;
        // The diagonal ends at (600, 80); the caption ends just left of it and sits just under it.
        assert.equal(caption["text-anchor"], "end");
        assert.ok(Number(caption.x) <= 600 && Number(caption.x) >= 590, `x ${caption.x}`);
        assert.ok(Number(caption.y) >= 80 + 11 && Number(caption.y) <= 100, `y ${caption.y}`);
    });

    it("keeps the labels of dots at the plot's corners inside the plot", () => {
        // A team with nothing (at the origin) and one at the top of the scale, in both dot charts.
        const corner = [team(1, "AAA", "Alpha", 0, 0, { goals_for: 0, xg_for: 0, goals_against: 0, xg_against: 0 }),
            team(2, "BBB", "Beta", 95, 95, { goals_for: 95, xg_for: 95, goals_against: 95, xg_against: 95 })];
        // Labels may use a margin right of the plot, the width of a code, for a dot on its right edge.
        const within = (svg: string, lefts: number[], size: number, margin: number) => {
            parse(svg).marks.forEach((m, i) => {
                const b = labelBox(m.label), left = lefts[Math.floor(i / 2)];
                assert.ok(b.x0 >= left + 2 && b.x1 <= left + size + margin && b.y0 >= 80 && b.y1 <= 80 + size - 2, `${m.title}: label box ${JSON.stringify(b)}`);
            });
        };
        within(pointsChart(corner, LABELS), [80], 520, 30);
        within(goalsChart(corner, LABELS), [80, 600], 420, 28);
    });
});
