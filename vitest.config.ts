import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "examples/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Postgres suites each use their own schema, so files may run in parallel.
    fileParallelism: true
  }
})
