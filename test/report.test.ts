// The weekly report as a reader gets it: rendered in a real browser (Debian's
// headless Chromium), checked for what must be on the page, for labels that
// overlap, for any request that leaves the page; validated as HTML and each
// chart as XML. The run also leaves the README's screenshot.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { csvParse } from "d3-dsv";
import { XMLValidator } from "fast-xml-parser";
import { HtmlValidate } from "html-validate";
import { Browser, chromium, Page } from "playwright-core";
import { textWidth } from "../etl/chart";
import { MemoryLake } from "../etl/lake";
import { replaySeason, seasonRunTimes } from "../etl/local/replay";
import { loadSeason } from "../etl/local/season";
import { lakeKeys } from "../etl/layout";
import { seededLake } from "./helpers/lakes";
import { tempDir } from "./helpers/servers";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOT = path.join(__dirname, "screenshots", "report.png");
const keys = lakeKeys(39, 2020);
// A run in the thick of the season: the page then has next week's forecasts too.
const MID_SEASON = new Date("2021-03-02T08:00:00Z");

interface Rect { x: number; y: number; width: number; height: number; text: string }

/** Every chart label's box and every dot's box on the page, per chart, as the browser lays them out. */
async function chartBoxes(page: Page): Promise<Array<{ chart: string; labels: Rect[]; dots: Rect[] }>> {
    return page.$$eval("svg", (svgs) => svgs.map((svg) => {
        const rect = (e: Element) => {
            const r = e.getBoundingClientRect();
            return { x: r.x, y: r.y, width: r.width, height: r.height, text: e.textContent ?? "" };
        };
        return {
            chart: svg.getAttribute("aria-label") ?? "",
            labels: Array.from(svg.querySelectorAll("text.label")).map(rect),
            dots: Array.from(svg.querySelectorAll("circle")).map(rect),
        };
    }));
}

const intersects = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("the weekly report", function () {
    this.timeout(120_000);
    let lake: MemoryLake;
    let html: string;
    let browser: Browser;
    let page: Page;
    const outside: string[] = [];

    before(async function () {
        if (!fs.existsSync(CHROMIUM)) {
            throw new Error(`the report test renders the page in Debian's Chromium, which is not at ${CHROMIUM}: apt-get install -y chromium (npm test's pretest does it as root)`);
        }
        lake = seededLake();
        await replaySeason({ lake, runTimes: seasonRunTimes().filter((t) => t <= MID_SEASON) });
        html = (await lake.get(keys.reportLatest))!.toString();
        const file = path.join(tempDir("report-"), "index.html");
        fs.writeFileSync(file, html);
        browser = await chromium.launch({
            executablePath: CHROMIUM,
            args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        // The page must need nothing but itself: any other request is recorded, and refused.
        await page.route("**/*", (route) => {
            const url = route.request().url();
            if (url === `file://${file}`) return route.continue();
            outside.push(url);
            return route.abort();
        });
        await page.goto(`file://${file}`);
    });

    after(async () => {
        await browser?.close();
    });

    it("is written dated and as the latest copy, the same page", async () => {
        assert.equal((await lake.get(keys.report("2021-03-02")))!.toString(), html);
    });

    it("loads nothing from anywhere else and runs no script", async () => {
        assert.deepEqual(outside, []);
        assert.equal(await page.locator("script").count(), 0);
        assert.doesNotMatch(html, /<script|<link|src=|url\(/i);
    });

    it("shows the title, the league, the season and the run it is as of", async () => {
        assert.equal(await page.locator("h1").innerText(), "Expected against real: Premier League 2020/21");
        assert.match(await page.locator("p.sub").innerText(), /as of the run of 2021-03-02/);
        assert.match(await page.title(), /Premier League 2020\/21, as of 2021-03-02/);
    });

    it("shows how to read it", async () => {
        const text = await page.locator("section.howto").innerText();
        assert.match(text, /How to read this/);
        assert.match(text, /percentile/);
        assert.ok(await page.locator("section.howto").isVisible());
    });

    it("shows the team table as the lake holds it, luck columns included", async () => {
        const table = csvParse((await lake.get(keys.teamTableLatest))!.toString());
        const rows = page.locator("table").first().locator("tbody tr");
        assert.equal(await rows.count(), 20);
        const headers = await page.locator("table").first().locator("th").allInnerTexts();
        assert.deepEqual(headers.slice(-4), ["Pts − xPts", "Percentile", "90% of seasons", "xPts #"]);
        for (let i = 0; i < 20; i++) {
            const cells = await rows.nth(i).locator("td").allInnerTexts();
            const t = table[i];
            assert.match(cells[1], new RegExp(`${t.team_name}$`));
            assert.deepEqual([cells[0], cells[8], cells[13], cells[14]], [t.rank_points, t.points, Number(t.points_percentile).toFixed(1), `${t.points_p05}–${t.points_p95}`]);
        }
    });

    it("shows the three charts, each with every team", async () => {
        const charts = await chartBoxes(page);
        assert.deepEqual(charts.map((c) => c.chart.replace(/, Premier League 2020\/21$/, "")), [
            "Points against expected points", "Goals against expected goals", "Points minus expected points by run",
        ]);
        const codes = csvParse((await lake.get(keys.seasonTeamcodes))!.toString()).map((r) => r.code).sort();
        assert.deepEqual(charts[0].labels.map((l) => l.text).sort(), codes);
        assert.deepEqual(charts[1].labels.map((l) => l.text).sort(), [...codes, ...codes].sort());
        assert.deepEqual(charts[2].labels.map((l) => l.text.split(" ")[0]).sort(), codes);
        for (const svg of await page.locator("svg").all()) {
            const box = (await svg.boundingBox())!;
            assert.ok(box.width > 500 && box.height > 400, `a chart of ${box.width}×${box.height}`);
        }
    });

    it("draws no chart label over another label or over a dot", async () => {
        for (const { chart, labels, dots } of await chartBoxes(page)) {
            for (let i = 0; i < labels.length; i++) {
                for (let j = i + 1; j < labels.length; j++) {
                    assert.ok(!intersects(labels[i], labels[j]), `${chart}: '${labels[i].text}' overlaps '${labels[j].text}'`);
                }
                for (const dot of dots) assert.ok(!intersects(labels[i], dot), `${chart}: '${labels[i].text}' covers a dot`);
            }
        }
    });

    it("draws every chart label no wider than the placement allowed for it", async () => {
        // In the chart's own units (getBBox), so that the page's scale cannot shrink a label under its allowance.
        const widths = await page.$$eval("svg text.label", (texts) => texts.map((t) => ({ text: t.textContent ?? "", width: (t as SVGTextElement).getBBox().width })));
        assert.equal(widths.length, 20 * 4);
        for (const { text, width } of widths) assert.ok(width > 0 && width <= textWidth(text), `'${text}' is ${width.toFixed(1)} wide, allowed ${textWidth(text).toFixed(1)}`);
    });

    it("shows next week's fixtures with both models' chances", async () => {
        // Independently: the fixtures of the week from the run, in the season data.
        const { matches, teams } = loadSeason();
        const week = matches.filter((m) => Date.parse(m.kickoff) >= MID_SEASON.getTime() && Date.parse(m.kickoff) < MID_SEASON.getTime() + 7 * 86_400_000);
        const rows = page.locator("table").nth(1).locator("tbody tr");
        assert.equal(await rows.count(), week.length);
        for (let i = 0; i < week.length; i++) {
            const cells = await rows.nth(i).locator("td").allInnerTexts();
            assert.deepEqual([cells[1], cells[2]], [teams.get(week[i].homeId), teams.get(week[i].awayId)]);
            const xg = [cells[4], cells[5], cells[6]].map((c) => Number(c.replace("%", "")));
            assert.ok(Math.abs(xg.reduce((a, b) => a + b, 0) - 100) <= 2, `${cells.join(" | ")}: chances sum to about 100%`);
            assert.match(cells[7], /^\d+% \/ \d+% \/ \d+%$/);
        }
    });

    it("shows how the forecasts have scored so far, the xg and goals models and the base rates", async () => {
        const models = await page.locator("table").nth(2).locator("tbody tr td:first-child").allInnerTexts();
        assert.deepEqual(models, ["xG model", "goals model", "fixed base rates"]);
    });

    it("is valid HTML, and each chart well-formed XML", async () => {
        const report = await new HtmlValidate({ extends: ["html-validate:recommended"] }).validateString(html);
        const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`));
        assert.deepEqual(messages, []);
        const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
        assert.equal(svgs.length, 3);
        for (const svg of svgs) assert.equal(XMLValidator.validate(svg), true);
    });

    it("leaves a screenshot of the whole page for the README", async () => {
        fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
        await page.screenshot({ path: SCREENSHOT, fullPage: true });
        const png = fs.readFileSync(SCREENSHOT);
        assert.equal(png.subarray(1, 4).toString(), "PNG");
        // The PNG header's height: the whole page, not one screen.
        assert.ok(png.readUInt32BE(20) > 3000, `a page of ${png.readUInt32BE(20)} pixels`);
    });

    it("says so when no fixture falls in the next seven days, at the season's end", async () => {
        const end = seededLake();
        await replaySeason({ lake: end });
        assert.match((await end.get(keys.reportLatest))!.toString(), /No fixture to be played in the next seven days/);
    });
});
