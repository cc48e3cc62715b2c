// Mutation testing of the rule modules (docs/testing.md). Run it through `npm run
// test:mutation`, which mutates one module at a time against the unit tests that own it
// (scripts/mutation/run.mjs); this file holds what every module's run shares.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  plugins: ["@stryker-mutator/vitest-runner", "./scripts/mutation/ignore-labels.mjs"],
  ignorers: ["labels-and-messages"],
  coverageAnalysis: "perTest",
  concurrency: 1,
  incremental: true,
  reporters: ["json", "clear-text", "progress-append-only"],
  // scripts/mutation/run.mjs names the report per module and seed, so two runs never share one
  jsonReporter: { fileName: process.env.MUTATION_JSON_REPORT ?? "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  ignorePatterns: ["dist", "docs", "bench", ".pack", "reports", "out", "examples", "adapters"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
  timeoutMS: 10_000,
  thresholds: { high: 95, low: 90, break: null }
}
