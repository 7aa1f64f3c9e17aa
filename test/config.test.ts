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
    ] as Array<[string, string | undefined, string]>) {
        it(`reject ${key} = ${JSON.stringify(value)} with a message naming the key and the value`, () => {
            const raw: Record<string, string | undefined> = { league: "39", season: "2020", [key]: value };
            assert.throws(() => parseSettings(raw), (err: unknown) => {
                assert.ok(err instanceof ConfigError);
                assert.equal(err.key, key);
                assert.ok(err.message.includes(`'${key}'`), err.message);
                assert.ok(err.message.includes(JSON.stringify(value ?? null) === "null" ? "undefined" : JSON.stringify(value)) || value === undefined, err.message);
                assert.ok(err.message.includes(fragment), err.message);
                return true;
            });
        });
    }

    for (const expression of ["cron(0 8 ? * TUE *)", "cron(30 6 ? * MON-FRI *)", "cron(0 8 1 * ? *)", "cron(0/15 * ? * * *)", "rate(7 days)", "rate(1 day)"]) {
        it(`accept the schedule ${expression}`, () => {
            assert.equal(parseSchedule(expression), expression);
        });
    }
});
