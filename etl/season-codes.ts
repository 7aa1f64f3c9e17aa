// The season's team codes, the step of a run that gives every team of the season its three letters: the uploaded
// teamcodes.csv first, then the API's own codes from /teams (asked at most once a season), then codes made from the
// names. The choosing is pure (teamcodes.ts); this is its IO.
import { FootballApi, BudgetExhausted } from "./api";
import { CSV_TYPE, JSON_TYPE, keepRefused, Run, SHOWN_PROBLEMS } from "./context";
import { checkTeamsAnswer, problemLine, RefusedAnswer } from "./guard";
import { rejectedKey } from "./layout";
import { ApiTeamCode, mergeTeamCodes, readTeamcodesFile, SEASON_TEAMCODES_COLUMNS, TeamRef, teamsLackingCodes } from "./teamcodes";
import { Row, toCsv } from "./transform";

/**
 * Codes for every team of the season: the uploaded file first, then the API's
 * own codes from /teams, asked at most once a season and only when the
 * uploaded file lacks a team.
 */
export async function seasonCodes(run: Run, api: FootballApi, rows: Row[]): Promise<Record<number, string>> {
    const { lake, keys } = run;
    const teams = new Map<number, TeamRef>();
    for (const r of rows) for (const s of ["home", "away"]) teams.set(Number(r[`${s}_id`]), { id: Number(r[`${s}_id`]), name: String(r[`${s}_name`]) });
    const file = await lake.get(keys.teamcodes);
    const { codes: uploaded, problems } = file === undefined ? { codes: {}, problems: [] } : readTeamcodesFile(file.toString("utf8"));
    if (problems.length > 0) {
        run.log(`team codes: ${keys.teamcodes} has lines the upload check refuses, and their codes are not used (${problemLine(problems, SHOWN_PROBLEMS)}); ` +
            "their teams take the API's code or one made from their name");
    }
    let fromApi: ApiTeamCode[] = [];
    if (teamsLackingCodes([...teams.values()], uploaded).length > 0) {
        const rejected = new Set(await lake.list(rejectedKey(keys.rawTeamsPrefix)));
        const landed = (await lake.list(keys.rawTeamsPrefix)).filter((k) => !rejected.has(rejectedKey(k)));
        if (landed.length > 0) {
            const key = landed[landed.length - 1];
            const body = (await lake.get(key))?.toString("utf8") ?? "";
            try {
                fromApi = checkTeamsAnswer(key, JSON.parse(body).response);
            } catch (err) {
                await keepRefused(run, key, body, new RefusedAnswer("unreadable-raw", key, `set aside, cannot be read (${(err as Error).message})`));
            }
        } else if (rejected.size === 0) {
            // Not asked yet: an answer refused before counts as asked.
            try {
                const res = await api.get("/teams", { league: run.league, season: run.season });
                try {
                    fromApi = checkTeamsAnswer(res.endpoint, res.body.response);
                    await run.put(keys.rawTeams(run.runDate), res.text, JSON_TYPE);
                } catch (err) {
                    if (!(err instanceof RefusedAnswer)) throw err;
                    await keepRefused(run, keys.rawTeams(run.runDate), res.text, err);
                }
            } catch (err) {
                if (!(err instanceof BudgetExhausted)) throw err;
                run.log(`team codes: ${err.message}; the next run asks /teams`);
            }
        }
    }
    const merged = mergeTeamCodes([...teams.values()], uploaded, fromApi);
    await run.put(keys.seasonTeamcodes, toCsv(merged, SEASON_TEAMCODES_COLUMNS), CSV_TYPE);
    return Object.fromEntries(merged.map((r) => [Number(r.id), String(r.code)]));
}
