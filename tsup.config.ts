import { defineConfig } from "tsup"

// One entry per public subpath; adapters are built from adapters/ and import the core
// through "../../src" so the bundle shares one copy of the core per entry chunk.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    memory: "adapters/memory/index.ts",
    kysely: "adapters/kysely/index.ts",
    sqlite: "adapters/sqlite/index.ts",
    postgres: "adapters/postgres/index.ts",
    mysql: "adapters/mysql/index.ts",
    testing: "test/conformance/index.ts",
    csv: "adapters/csv/index.ts",
    xlsx: "adapters/xlsx/index.ts",
    crypto: "adapters/crypto/index.ts"
  },
  format: ["esm"],
  // Declarations come from tsc (scripts/build.ts): rollup-plugin-dts drops the values of
  // names that are both a value and a type from `export * as` namespaces.
  dts: false,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: "node20",
  external: ["effect", "kysely", "better-sqlite3", "pg", "mysql2", "vitest", "csv-parse", "csv-stringify", "exceljs", "pg-copy-streams"]
})
