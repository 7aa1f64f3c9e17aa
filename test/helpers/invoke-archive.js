// Loads a Lambda code archive's __index.js in a fresh Node process, as the
// Lambda runtime does, and invokes its handler once per event given on the
// command line. Prints one JSON line per invocation; exits 1 on a failed one.
const path = require("path");
const [dir, eventsJson] = process.argv.slice(2);
const started = process.hrtime.bigint();
const { handler } = require(path.join(path.resolve(dir), "__index.js"));
const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
console.log(JSON.stringify({ loaded: true, loadMs }));
(async () => {
    for (const event of JSON.parse(eventsJson)) {
        try {
            const result = await handler(event);
            console.log(JSON.stringify({ ok: true, result }));
        } catch (err) {
            console.log(JSON.stringify({ ok: false, error: `${err.name}: ${err.message}` }));
            process.exit(1);
        }
    }
})();
