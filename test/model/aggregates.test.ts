/**
 * The all-aggregates model test on every adapter. MODEL_RUNS sets the number of sequences per
 * adapter (default 1,000); MODEL_RUNS_POSTGRES and MODEL_RUNS_MARIADB override it for Postgres
 * and MariaDB.
 */
import { describe } from "vitest"
import { withMariadb } from "../adapters/mariadb-support.js"
import { withPostgres } from "../adapters/postgres-support.js"
import { aggregatesModelTest } from "./aggregates.js"
import { memoryFactory, sqliteFactory } from "./factories.js"

const runs = Number(process.env.MODEL_RUNS ?? 1000)
const postgresRuns = Number(process.env.MODEL_RUNS_POSTGRES ?? runs)
const mariadbRuns = Number(process.env.MODEL_RUNS_MARIADB ?? runs)

describe("model-based (all aggregates)", () => {
  aggregatesModelTest(memoryFactory, runs)
  aggregatesModelTest(sqliteFactory, runs)
})

await withPostgres((factory) => describe("model-based (all aggregates)", () => aggregatesModelTest(factory, postgresRuns)))
await withMariadb((factory) => describe("model-based (all aggregates)", () => aggregatesModelTest(factory, mariadbRuns)))
