import { strict as assert } from "assert";
import { ConfigError, parseSchedule, parseSettings } from "../etl/config";

describe("stack settings", () => {
    it("default to the Premier League's weekly Tuesday run on api-sports with a budget under the free plan", () => {
        assert.deepEqual(parseSettings({ league: "39", season: "2020" }), {
            league: 39, season: 2020, schedule: "cron(0 8 ? * TUE *)", apiHost: "api-sports", dailyBudget: 90,
        });
    });

    for (const [key, value, fragment] of [
        ["season", "20/21", "4-digit year"],
        ["season", "2020/2021", "4-digit year"],
        ["season", "", "4-digit year"],
        ["season", undefined, "4-digit year"],
        ["league", "0", "positive integer"],
        ["league", "-39", "positive integer"],
        ["league", "premier", "positive integer"],
        ["league", "39.5", "positive integer"],
        ["dailyBudget", "0", "positive integer"],
        ["apiHost", "api-football.com", "api-sports"],
        ["schedule", "every tuesday", "EventBridge expression"],
        ["schedule", "cron(0 8 * * TUE *)", "exactly one of day-of-month and day-of-week"],
        ["schedule", "cron(0 8 ? * TUE)", "6 fields"],
        ["schedule", "cron(0 25 ? * TUE *)", "hours '25'"],
        ["schedule", "cron(61 8 ? * TUE *)", "minutes '61'"],
        ["schedule", "cron(0 8 ? * TUESDAY *)", "day-of-week 'TUESDAY'"],
        ["schedule", "rate(1 days)", "singular unit"],
        ["schedule", "rate(7 days) please", "EventBridge expression"],
        ["schedule", "every rate(7 days)", "EventBridge expression"],
        ["schedule", "cron(0 8 ? * TUE *) please", "EventBridge expression"],
        ["schedule", "every cron(0 8 ? * TUE *)", "EventBridge expression"],
        ["schedule", "cron(0 8 32 * ? *)", "day-of-month '32'"],
        ["schedule", "cron(0 8 ? 13 TUE *)", "month '13'"],
        ["schedule", "cron(0 8 ? * TUE 1969)", "year '1969'"],
        // An increment after `*` is 1 or more, and a value of its field; `*` takes nothing else after it.
        ["schedule", "cron(*/0 8 ? * TUE *)", "minutes '*/0'"],
        ["schedule", "cron(*/60 8 ? * TUE *)", "minutes '*/60'"],
        ["schedule", "cron(0 */24 ? * TUE *)", "hours '*/24'"],
        ["schedule", "cron(0 *,8 ? * TUE *)", "hours '*,8'"],
        ["schedule", "cron(0 8 */32 * ? *)", "day-of-month '*/32'"],
        ["schedule", "cron(0 8 ? */13 TUE *)", "month '*/13'"],
        ["schedule", "cron(0 8 ? * TUE */0)", "year '*/0'"],
        ["schedule", "cron(0 8 ? * TUE 2027-2200)", "year '2027-2200'"],
        ["schedule", "cron(0 8 ? * TUE ,2027)", "year ',2027'"],
        // Unix cron counts Sunday as 0; EventBridge counts the days of the week from 1, Sunday, to 7.
        ["schedule", "cron(0 8 ? * 0 *)", "day-of-week '0'"],
        ["schedule", "cron(0 8 ? * 2-8 *)", "day-of-week '2-8'"],
        ["schedule", "cron(0 8 ? * 8L *)", "day-of-week '8L'"],
        ["schedule", "cron(0 8 ? * ,TUE *)", "day-of-week ',TUE'"],
    ] as Array<[string, string | undefined, string]>) {
        it(`reject ${key} = ${JSON.stringify(value)} with a message naming the key and the value`, () => {
            const raw: Record<string, string | undefined> = { league: "39", season: "2020", [key]: value };
            assert.throws(() => parseSettings(raw), (err: unknown) => {
                assert.ok(err instanceof ConfigError);
                assert.equal(err.name, "ConfigError", "the name a run record and a log show");
                assert.equal(err.key, key);
                assert.ok(err.message.includes(`'${key}'`), err.message);
                assert.ok(err.message.includes(JSON.stringify(value ?? null) === "null" ? "undefined" : JSON.stringify(value)) || value === undefined, err.message);
                assert.ok(err.message.includes(fragment), err.message);
                return true;
            });
        });
    }

    it("take an empty value as the default, as an unset one", () => {
        assert.deepEqual(parseSettings({ league: "39", season: "2020", schedule: "", apiHost: "", dailyBudget: "" }), {
            league: 39, season: 2020, schedule: "cron(0 8 ? * TUE *)", apiHost: "api-sports", dailyBudget: 90,
        });
    });

    it("read values with spaces around them, numbers of any length, and numbers given as numbers", () => {
        assert.deepEqual(parseSettings({ league: " 140 ", season: " 2021 ", schedule: " rate(10 days) ", apiHost: "rapidapi", dailyBudget: "5" }), {
            league: 140, season: 2021, schedule: "rate(10 days)", apiHost: "rapidapi", dailyBudget: 5,
        });
        assert.deepEqual(parseSettings({ league: 2, season: 2019, dailyBudget: 7500 }), {
            league: 2, season: 2019, schedule: "cron(0 8 ? * TUE *)", apiHost: "api-sports", dailyBudget: 7500,
        });
    });

    it("give EventBridge the expression with one space between its fields, however many it was written with", () => {
        assert.equal(parseSchedule("cron( 0  8 ?\t* TUE *  )"), "cron(0 8 ? * TUE *)");
        assert.equal(parseSchedule(" cron(0 8 ? * TUE *) "), "cron(0 8 ? * TUE *)");
        assert.equal(parseSchedule("rate(  7   days )"), "rate(7 days)");
        assert.equal(parseSettings({ league: "39", season: "2020", schedule: "cron(30  6 ? * MON-FRI *)" }).schedule, "cron(30 6 ? * MON-FRI *)");
        assert.throws(() => parseSchedule("rate(7days)"), /EventBridge expression/);
    });

    // EventBridge's documentation lists `*` and `/` among the wildcards of every field but the day of the week, and `L`
    // alone there as the week's last day; `cron(*/5 * * * ? *)` is a schedule common in public deployments.
    for (const expression of ["cron(0 8 ? * TUE *)", "cron(30 6 ? * MON-FRI *)", "cron(0 8 1 * ? *)", "cron(0/15 * ? * * *)", "rate(7 days)", "rate(1 day)",
        "cron(*/5 * * * ? *)", "cron(*/59 8 ? * TUE *)", "cron(0 */2 ? * * *)", "cron(0 8 */2 * ? *)", "cron(0 8 ? */3 TUE *)", "cron(0 8 ? * TUE */2)", "cron(0 8 ? * L *)",
        "cron(0 8 LW * ? *)", "cron(0 8 15W * ? *)", "cron(0 8 ? * 6#3 2027-2030)", "cron(0 8 1 JAN,JUL ? *)", "cron(0 8 ? * MON,WED,FRI 2021/2,2030)",
        "cron(0 8 ? * 6L *)"]) {
        it(`accept the schedule ${expression}`, () => {
            assert.equal(parseSchedule(expression), expression);
        });
    }
});
