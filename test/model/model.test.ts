/**
 * Model-based tests on every adapter. MODEL_RUNS raises the number of sequences (default 40
 * per adapter in a normal run).
 */
import Database from "better-sqlite3"
import { describe } from "vitest"
import { layer as memoryLayer } from "../../adapters/memory/index.js"
import { layer as sqliteLayer } from "../../adapters/sqlite/index.js"
import { withMariadb } from "../adapters/mariadb-support.js"
import { withPostgres } from "../adapters/postgres-support.js"
import { organisationModelTest } from "./organisation.js"

const runs = Number(process.env.MODEL_RUNS ?? 40)

describe("model-based", () => {
  organisationModelTest({ name: "memory", make: async () => ({ layer: memoryLayer, close: async () => {} }) }, runs)
  organisationModelTest(
    {
      name: "sqlite",
      make: async () => {
        const db = new Database(":memory:")
        return { layer: sqliteLayer(db), close: async () => void db.close() }
      }
    },
    runs
  )
})

await withPostgres((factory) => describe("model-based", () => organisationModelTest(factory, Math.max(5, Math.floor(runs / 4)))))
await withMariadb((factory) => describe("model-based", () => organisationModelTest(factory, Math.max(5, Math.floor(runs / 4)))))
