import { defineConfig } from "vitest/config"
import type { Reporter, TestModule, Vitest } from "vitest/node"

// Used only by `npm run test:mutation` (scripts/mutation/run.mjs): the unit test files that own
// the module under mutation arrive in MUTATION_TESTS (comma-separated), and FC_SEED fixes
// fast-check's seed for the run (test/mutation.setup.ts).
const files = (process.env.MUTATION_TESTS ?? "test/unit/*.test.ts").split(",")

/**
 * A mutant that makes a test file throw while it loads (a fixture built at the top of the file
 * fails) leaves vitest with a failed file but no failed test, and Stryker's vitest runner
 * (9.6) reads that as "survived". This reporter hands such load errors to vitest as run errors,
 * which the runner reports, so the mutant counts as detected (a runtime error).
 */
class LoadErrorsAreFailures implements Reporter {
  private vitest: Vitest | undefined
  onInit(vitest: Vitest) {
    this.vitest = vitest
  }
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    for (const m of testModules) for (const error of m.errors()) this.vitest?.state.catchError(error, "Test File Load Error")
  }
}

export default defineConfig({
  test: {
    include: files,
    setupFiles: ["test/mutation.setup.ts"],
    testTimeout: 60_000,
    reporters: ["default", new LoadErrorsAreFailures()]
  }
})
