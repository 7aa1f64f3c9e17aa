// Settings shared by the Pulumi program, the Lambda and the local run. Every
// check names the key and the offending value, so a typo in a stack file fails
// `pulumi preview` with a message that points at the line to fix.

import { EtlError } from "./errors";
export type ApiHost = "api-sports" | "rapidapi";

export interface Settings {
    league: number;
    season: number;
    schedule: string;
    apiHost: ApiHost;
    dailyBudget: number;
}

export class ConfigError extends EtlError {
    constructor(readonly key: string, readonly value: unknown, readonly reason: string) {
        super(`Invalid config '${key}' = ${JSON.stringify(value)}: ${reason}`);
        this.name = "ConfigError";
    }
}

export const DEFAULTS = {
    schedule: "cron(0 8 ? * TUE *)",
    apiHost: "api-sports" as ApiHost,
    // The free plan allows 100 requests a day; a margin leaves room for a manual look at /status or the dashboard.
    dailyBudget: 90,
};

function positiveInteger(key: string, raw: string | number | undefined): number {
    const text = String(raw ?? "").trim();
    if (!/^[1-9][0-9]*$/.test(text)) {
        throw new ConfigError(key, raw, "expected a positive integer");
    }
    return Number(text);
}

export function parseLeague(raw: string | number | undefined): number {
    return positiveInteger("league", raw);
}

export function parseSeason(raw: string | number | undefined): number {
    const text = String(raw ?? "").trim();
    // API-Football names a season by the year it starts in: 2020 is 2020/2021.
    if (!/^(19|20)[0-9]{2}$/.test(text)) {
        throw new ConfigError("season", raw, "expected the 4-digit year the season starts in, e.g. 2020 for 2020/2021");
    }
    return Number(text);
}

export function parseDailyBudget(raw: string | number | undefined): number {
    if (raw === undefined || raw === "") return DEFAULTS.dailyBudget;
    return positiveInteger("dailyBudget", raw);
}

export function parseApiHost(raw: string | undefined): ApiHost {
    if (raw === undefined || raw === "") return DEFAULTS.apiHost;
    if (raw === "api-sports" || raw === "rapidapi") return raw;
    throw new ConfigError("apiHost", raw, "expected 'api-sports' (v3.football.api-sports.io) or 'rapidapi'");
}

// EventBridge schedule expressions: cron with six fields, or rate(N unit).
const MINUTE = "[0-5]?[0-9]", HOUR = "[01]?[0-9]|2[0-3]", DAY = "[1-9]|[12][0-9]|3[01]";
const MONTH = "[1-9]|1[0-2]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC";
const YEAR = "(19[7-9][0-9]|2[01][0-9]{2})", YEARS = "[1-9][0-9]*", YEAR_ITEM = `${YEAR}(-${YEAR})?(/${YEARS})?`;
// A field's values joined by `,`, `-` and `/`, or `*` alone or with an increment, in each field whose documented
// wildcards hold both `*` and `/`: `*/5` in the minutes is as common in deployed rules as `0/5`. An increment is 1 or more.
const valuesOrEvery = (value: string, increment: string) => `\\*(/(${increment}))?|(${value})([,\\-/](${value}))*`;
const CRON_FIELD = [
    new RegExp(`^(${valuesOrEvery(MINUTE, "[1-9]|[1-5][0-9]")})$`), // minutes
    new RegExp(`^(${valuesOrEvery(HOUR, "[1-9]|1[0-9]|2[0-3]")})$`), // hours
    new RegExp(`^(\\?|L|L-[0-9]+|LW|(${DAY})W|${valuesOrEvery(DAY, DAY)})$`), // day of month
    new RegExp(`^(${valuesOrEvery(MONTH, "[1-9]|1[0-2]")})$`, "i"), // month
    /^(\*|\?|L|[1-7]L|[1-7]#[1-5]|([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)([,\-/]([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT))*)$/i, // day of week
    // A year or a range of years, each with an increment in years if any (`2021/2`), joined by `,`; all from 1970 to 2199.
    new RegExp(`^(\\*(/${YEARS})?|${YEAR_ITEM}(,${YEAR_ITEM})*)$`), // year
];

export function parseSchedule(raw: string | undefined): string {
    if (raw === undefined || raw === "") return DEFAULTS.schedule;
    const text = raw.trim();
    // Extra spaces are read, and the expression is given to EventBridge with one space between fields, the form its
    // documentation shows: whether it takes any other is not documented, and a refusal would come only at deploy time.
    const rate = /^rate\(\s*([1-9][0-9]*)\s+(minute|minutes|hour|hours|day|days)\s*\)$/.exec(text);
    if (rate) {
        const singular = rate[1] === "1";
        if (singular !== !rate[2].endsWith("s")) {
            throw new ConfigError("schedule", raw, "rate() takes a singular unit for 1 and a plural unit otherwise, e.g. rate(1 day), rate(7 days)");
        }
        return `rate(${rate[1]} ${rate[2]})`;
    }
    const cron = /^cron\((.*)\)$/.exec(text);
    if (!cron) {
        throw new ConfigError("schedule", raw, "expected an EventBridge expression such as cron(0 8 ? * TUE *) or rate(7 days)");
    }
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6) {
        throw new ConfigError("schedule", raw, `cron() needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`);
    }
    fields.forEach((field, i) => {
        if (!CRON_FIELD[i].test(field)) {
            const names = ["minutes", "hours", "day-of-month", "month", "day-of-week", "year"];
            throw new ConfigError("schedule", raw, `cron field ${names[i]} '${field}' is not valid`);
        }
    });
    if ((fields[2] === "?") === (fields[4] === "?")) {
        throw new ConfigError("schedule", raw, "exactly one of day-of-month and day-of-week must be '?'");
    }
    return `cron(${fields.join(" ")})`;
}

export interface RawSettings {
    league?: string | number;
    season?: string | number;
    schedule?: string;
    apiHost?: string;
    dailyBudget?: string | number;
}

export function parseSettings(raw: RawSettings): Settings {
    return {
        league: parseLeague(raw.league),
        season: parseSeason(raw.season),
        schedule: parseSchedule(raw.schedule),
        apiHost: parseApiHost(raw.apiHost),
        dailyBudget: parseDailyBudget(raw.dailyBudget),
    };
}
