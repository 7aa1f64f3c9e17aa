// Bookmakers' closing odds for 2020/21 (Pinnacle's, to 14 February 2021, from
// football-data's file), as chances: the reference forecasts are judged
// against. Used by the benchmark only.
import * as fs from "fs";
import * as path from "path";
import { csvParse } from "d3-dsv";
import { Chances } from "../evaluate";
import { DATA_DIR, FOOTBALL_DATA_NAMES, londonToUtc } from "./season";

/**
 * Closing-odds chances by "kick-off date|home id|away id". The bookmaker's
 * margin is taken out in proportion (each 1/odds over their sum), the usual
 * first approximation.
 */
export function closingOdds2020(): Map<string, Chances> {
    const rows = csvParse(fs.readFileSync(path.join(DATA_DIR, "football-data", "E0-2020-21-to-2021-02-14.csv"), "utf8"));
    const out = new Map<string, Chances>();
    for (const r of rows) {
        const [h, d, a] = [r.PSCH, r.PSCD, r.PSCA].map((x) => 1 / Number(x));
        if (![h, d, a].every(Number.isFinite)) continue;
        const total = h + d + a;
        const date = londonToUtc(r.Date!, r.Time!).slice(0, 10);
        out.set(`${date}|${FOOTBALL_DATA_NAMES[r.HomeTeam!]}|${FOOTBALL_DATA_NAMES[r.AwayTeam!]}`, [h / total, d / total, a / total]);
    }
    return out;
}
