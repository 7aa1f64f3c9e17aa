// The tests `npm run mutate` runs against each mutant of index.ts. The Pulumi
// program runs while the module loads, so every one of its mutants is static
// and runs all the tests given here: only the tests that load the program.
module.exports = {
    require: ["ts-node/register/transpile-only"],
    extension: ["ts"],
    spec: ["test/infra.test.ts"],
    timeout: 60000,
};
