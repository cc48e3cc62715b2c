import { defineConfig } from "vitest/config"

// Used only by `npm run test:mutation` (scripts/mutation/run.mjs): the unit test files that own
// the module under mutation arrive in MUTATION_TESTS (comma-separated), and FC_SEED fixes
// fast-check's seed for the run (test/mutation.setup.ts).
const files = (process.env.MUTATION_TESTS ?? "test/unit/*.test.ts").split(",")

export default defineConfig({
  test: {
    include: files,
    setupFiles: ["test/mutation.setup.ts"],
    testTimeout: 60_000
  }
})
