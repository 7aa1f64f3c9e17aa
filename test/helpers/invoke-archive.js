// Loads a Lambda code archive's __index.js in a fresh Node process, as the
// Lambda runtime does, and invokes its handler once per event given on the
// command line, with a context like the runtime's: its time left counts down
// from INVOKE_TIMEOUT_MS (the function's 900 s unless set). Prints one JSON
// line per invocation; exits 1 on a failed one.
const path = require("path");
const [dir, eventsJson] = process.argv.slice(2);
const started = process.hrtime.bigint();
const { handler } = require(path.join(path.resolve(dir), "__index.js"));
const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
console.log(JSON.stringify({ loaded: true, loadMs }));
(async () => {
    for (const event of JSON.parse(eventsJson)) {
        try {
            const endsAt = Date.now() + Number(process.env.INVOKE_TIMEOUT_MS || 900_000);
            const result = await handler(event, { getRemainingTimeInMillis: () => endsAt - Date.now() });
            console.log(JSON.stringify({ ok: true, result }));
        } catch (err) {
            console.log(JSON.stringify({ ok: false, error: `${err.name}: ${err.message}` }));
            process.exit(1);
        }
    }
})();
