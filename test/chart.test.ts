// The charts, in process: where each dot and label lands, worked out by hand
// from the charts' geometry, and label placement checked box by box on the
// 2020/21 season's real table. The report test measures the same labels as a
// browser lays them out; these tests say which piece went wrong, and they are
// the ones mutation runs can see.
import { strict as assert } from "assert";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { fixtureXpts, teamTable } from "../etl/analysis";
import { Box, goalsChart, placeLabels, pointsChart, spread, StoryPoint, storyChart, textWidth, xmlEscape } from "../etl/chart";
import { loadSeason, seasonClubs } from "../etl/local/season";
import { Row } from "../etl/transform";

type Attrs = Record<string, string>;
interface TeamMark { title: string; circle?: Attrs; label: Attrs & { text: string }; leader?: Attrs; polyline?: Attrs }

/** The chart's elements, parsed as XML: each team's group, and every other text with its position. */
function parse(svg: string): { marks: TeamMark[]; texts: Array<Attrs & { text: string }>; root: Attrs } {
    assert.equal(XMLValidator.validate(svg), true, "the chart must be well-formed XML");
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", textNodeName: "#text", parseTagValue: false, isArray: (name) => ["g", "text", "line"].includes(name) }).parse(svg);
    const text = (t: Attrs | string) => (typeof t === "string" ? { text: t } : { ...t, text: String(t["#text"] ?? "") }) as Attrs & { text: string };
    const groups: Array<Record<string, unknown>> = doc.svg.g ?? [];
    const marks = groups.map((g) => ({
        title: String(g.title),
        circle: g.circle as Attrs | undefined,
        label: text((g.text as Attrs[])[0]),
        leader: (g.line as Attrs[] | undefined)?.[0],
        polyline: g.polyline as Attrs | undefined,
    }));
    const { g: _g, text: texts, line: _l, rect: _r, ...root } = doc.svg;
    return { marks, texts: (texts as Array<Attrs | string>).map(text), root: root as Attrs };
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

const boxesOverlap = (a: Box, b: Box) => Math.min(a.x1, b.x1) > Math.max(a.x0, b.x0) && Math.min(a.y1, b.y1) > Math.max(a.y0, b.y0);
/** Whether a box covers any of a dot of radius r (the nearest point of the box to the centre lies inside the circle). */
const coversDot = (b: Box, cx: number, cy: number, r: number) =>
    Math.hypot(Math.max(b.x0, Math.min(cx, b.x1)) - cx, Math.max(b.y0, Math.min(cy, b.y1)) - cy) < r;

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
        const svg = pointsChart([team(1, "AAA", "Alpha", 45, 30.5), team(2, "BBB", "Beta", 20, ""), team(3, "CCC", "Gamma", 20, null as unknown as number)], LABELS);
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
            team(2, "BBB", "Beta", 0, 0, { goals_for: 99, xg_for: "", goals_against: 99, xg_against: "" })];
        const parsed = parse(goalsChart(rows, LABELS));
        assert.deepEqual(parsed.marks.map((m) => m.label.text), ["AAA", "AAA"]);
        const ticks = parsed.texts.filter((t) => t["font-size"] === "11").map((t) => Number(t.text));
        assert.equal(Math.max(...ticks), 80);
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
        assert.deepEqual(marks.map((m) => m.label.fill), ["#1f77b4", "#ff7f0e"]);
        assert.deepEqual(marks.map((m) => m.polyline!.stroke), ["#1f77b4", "#ff7f0e"]);
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

    it("marks the values in fives, signed, and each month at its first run", () => {
        const { texts } = parse(storyChart(story, LABELS));
        assert.deepEqual(texts.filter((t) => t["font-size"] === "11" && t["text-anchor"] === "end").map((t) => t.text), ["-10", "-5", "0", "+5", "+10"]);
        const months = texts.filter((t) => /^\d{4}-\d{2}$/.test(t.text));
        assert.deepEqual(months.map((t) => [t.text, Number(t.x)]), [["2020-09", 70], ["2020-10", 930]]);
    });

    it("keeps a five-point scale for small gaps, and puts a single run in the middle", () => {
        const one: StoryPoint[] = [{ runDate: "2020-09-15", teamId: 1, code: "AAA", name: "Alpha", pointsMinusXpts: 0.4 }];
        const { marks, texts } = parse(storyChart(one, LABELS));
        assert.deepEqual(texts.filter((t) => t["font-size"] === "11" && t["text-anchor"] === "end").map((t) => t.text), ["-5", "0", "+5"]);
        const [x0, y0] = marks[0].polyline!.points.split(",").map(Number);
        near(x0, 500, "x of the single run");
        near(y0, 305 - (0.4 / 5) * 235, "y of 0.4 on a five-point scale");
    });
});
