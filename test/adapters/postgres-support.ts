/**
 * Postgres test support: each store under test lives in its own fresh schema, so test files
 * and runs never collide and leave nothing behind. With CI=true an unreachable server is a
 * failure; elsewhere the suite is skipped with the reason printed.
 */
import pg from "pg"
import { registerOrExplain } from "./server-support.js"
import type { Layer } from "effect"
import { layer } from "../../adapters/postgres/index.js"
import { ephemeralKeyRing } from "../../adapters/crypto/index.js"
import type { IdGenerator, Store, StoreError } from "../../src/store.js"
import type { StoreFactory, StoreUnderTest } from "../conformance/index.js"

export const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"

let schemas = 0

/** Every column of every table of a schema, each row as text: what P1 scans for clear numbers. */
export const schemaText = async (pool: pg.Pool, schema: string): Promise<string> => {
  const names = (
    await pool.query<{ t: string }>("select table_name as t from information_schema.tables where table_schema = $1", [schema])
  ).rows.map((r) => r.t)
  const parts: Array<string> = []
  for (const t of names) for (const r of (await pool.query<{ row: string }>(`select x::text as row from ${t} x`)).rows) parts.push(r.row)
  return parts.join("\n")
}

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

/** A factory of stores, each in a new schema of its own, dropped on close (`layerOf` builds the store on the schema's pool). */
export const postgresFactory = (
  name = "postgres",
  poolSize = 10,
  layerOf: (pool: pg.Pool) => Layer.Layer<Store | IdGenerator, StoreError> = (pool) => layer(pool, { keyRing: ephemeralKeyRing() })
): { readonly name: string; readonly make: () => Promise<StoreUnderTest & { readonly raw: () => Promise<string> }> } => ({
  name,
  make: async () => {
    schemas += 1
    const schema = `vb_t_${process.pid}_${Date.now().toString(36)}_${schemas}`
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    await admin.end()
    let tables: ReadonlyArray<string> | undefined
    const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, options: `-c search_path=${schema}` })
    return {
      layer: layerOf(pool),
      count: async (table: string) => Number((await pool.query(`select count(*) as n from ${table}`)).rows[0].n),
      raw: () => schemaText(pool, schema),
      reset: async () => {
        // DELETE (not TRUNCATE: far cheaper on tiny tables) from every vb_ table of this schema
        // but the migration log, units last (the other tables refer to them), in one round trip
        // listed once the layer has migrated the schema (it is built lazily, on first use)
        if (tables === undefined || tables.length === 0) tables = (
          await pool.query<{ t: string }>(
            "select table_name as t from information_schema.tables where table_schema = $1 and table_name like 'vb\\_%' and table_name <> 'vb_schema_migrations'",
            [schema]
          )
        ).rows
          .map((r) => r.t)
          .sort((a, b) => Number(a === "vb_units") - Number(b === "vb_units"))
        await pool.query(tables.map((t) => `delete from ${t};`).join(" "))
      },
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
export const withPostgres = async (
  register: (factory: StoreFactory) => void,
  factory: () => StoreFactory = () => postgresFactory()
): Promise<void> => {
  registerOrExplain("postgres", "Postgres", await unreachable(), () => register(factory()))
}
