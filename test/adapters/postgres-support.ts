/**
 * Postgres test support: each store under test lives in its own fresh schema, so test files
 * and runs never collide and leave nothing behind. With CI=true an unreachable server is a
 * failure; elsewhere the suite is skipped with the reason printed.
 */
import pg from "pg"
import { describe, it } from "vitest"
import { layer } from "../../adapters/postgres/index.js"
import type { StoreFactory } from "../conformance/index.js"

export const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"

let schemas = 0

/** Checks the server once; returns the reason it cannot be used, or undefined. */
export const unreachable = async (): Promise<string | undefined> => {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query("select 1")
    return undefined
  } catch (e) {
    return `Postgres at ${databaseUrl} is unreachable: ${String(e)}`
  } finally {
    await client.end().catch(() => {})
  }
}

/** A factory of stores, each in a new schema of its own, dropped on close. */
export const postgresFactory = (name = "postgres", poolSize = 10): StoreFactory => ({
  name,
  make: async () => {
    schemas += 1
    const schema = `vb_t_${process.pid}_${Date.now().toString(36)}_${schemas}`
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    await admin.end()
    const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, options: `-c search_path=${schema}` })
    return {
      layer: layer(pool),
      count: async (table: string) => Number((await pool.query(`select count(*) as n from ${table}`)).rows[0].n),
      close: async () => {
        await pool.end()
        const c = new pg.Client({ connectionString: databaseUrl })
        await c.connect()
        await c.query(`drop schema ${schema} cascade`)
        await c.end()
      }
    }
  }
})

/**
 * Registers the Postgres suites, or — when the server is unreachable — a failing test under
 * CI and a skipped one with the printed reason elsewhere.
 */
export const withPostgres = async (register: (factory: StoreFactory) => void): Promise<void> => {
  const reason = await unreachable()
  if (reason === undefined) {
    register(postgresFactory())
    return
  }
  if (process.env.CI === "true") {
    describe("postgres", () => {
      it("runs under CI", () => {
        throw new Error(`${reason}. Under CI the Postgres suite must run.`)
      })
    })
  } else {
    console.warn(`[postgres] skipped: ${reason}`)
    describe.skip(`postgres (skipped: ${reason})`, () => {
      it("needs a server", () => {})
    })
  }
}
