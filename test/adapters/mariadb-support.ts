/**
 * MariaDB test support: each store under test lives in a fresh database of its own
 * (`vb_t_<pid>_<n>`), dropped on close, so test files and runs never collide. With CI=true an
 * unreachable server is a failure; elsewhere the suite is skipped with the reason printed.
 */
import { createConnection, createPool, type Pool } from "mysql2"
import { ephemeralKeyRing } from "../../adapters/shared/keyring.js"
import type { Connection } from "mysql2"
import { registerOrExplain } from "./server-support.js"
import type { Layer } from "effect"
import { layer } from "../../adapters/mysql/index.js"
import type { IdGenerator, Store, StoreError } from "../../src/store.js"
import type { StoreFactory } from "../conformance/index.js"

/** The server's address, without a database: `mysql://root@127.0.0.1:3306`. */
export const mariadbUrl = (process.env.MARIADB_URL ?? "mysql://root@127.0.0.1:3306").replace(/\/$/, "")

let databases = 0

const run = (c: Connection, text: string): Promise<unknown> =>
  new Promise((resolve, reject) => c.query(text, (e, r) => (e ? reject(e) : resolve(r))))

/** Runs statements on a short-lived admin connection (no database selected). */
export const admin = async (url: string, ...statements: ReadonlyArray<string>): Promise<void> => {
  const c = createConnection({ uri: url, connectTimeout: 3000 })
  try {
    for (const s of statements) await run(c, s)
  } finally {
    await new Promise<void>((resolve) => c.end(() => resolve()))
  }
}

/** Checks the server once; returns the reason it cannot be used, or undefined. */
export const unreachable = async (url = mariadbUrl): Promise<string | undefined> => {
  try {
    await admin(url, "select 1")
    return undefined
  } catch (e) {
    return `MariaDB at ${url} is unreachable: ${String(e)}`
  }
}

/** A fresh database name for this process. */
export const freshDatabase = (): string => {
  databases += 1
  return `vb_t_${process.pid}_${Date.now().toString(36)}_${databases}`
}

export const endPool = (pool: Pool): Promise<void> => new Promise((resolve) => pool.end(() => resolve()))

/** Deletes every row of every vb_ table of `database` but the migration log, units last. */
const emptier = (pool: Pool, database: string) => {
  let tables: ReadonlyArray<string> | undefined
  return async () => {
    const q = (text: string, values: Array<unknown> = []) =>
      new Promise<unknown>((resolve, reject) => pool.query(text, values, (e, r) => (e ? reject(e) : resolve(r))))
    if (tables === undefined || tables.length === 0)
      tables = ((await q(
        "select table_name as t from information_schema.tables where table_schema = ? and table_name like 'vb\\_%' and table_name <> 'vb_schema_migrations'",
        [database]
      )) as Array<{ t: string }>)
        .map((r) => r.t)
        .sort((a, b) => Number(a === "vb_units") - Number(b === "vb_units"))
    for (const t of tables) await q(`delete from \`${t}\``)
  }
}

/** A factory of stores, each in a new database of its own, dropped on close. */
export const mariadbFactory = (
  name = "mariadb",
  poolSize = 10,
  layerOf: (pool: Pool) => Layer.Layer<Store | IdGenerator, StoreError> = (pool) => layer(pool, { keyRing: ephemeralKeyRing() }),
  url = mariadbUrl
): StoreFactory => ({
  name,
  make: async () => {
    const database = freshDatabase()
    await admin(url, `create database \`${database}\` character set utf8mb4 collate utf8mb4_general_ci`)
    const pool = createPool({ uri: `${url}/${database}`, connectionLimit: poolSize, charset: "utf8mb4" })
    return {
      layer: layerOf(pool),
      count: async (table: string) =>
        Number(
          ((await new Promise<unknown>((resolve, reject) =>
            pool.query(`select count(*) as n from \`${table}\``, (e, r) => (e ? reject(e) : resolve(r)))
          )) as Array<{ n: number }>)[0]!.n
        ),
      reset: emptier(pool, database),
      close: async () => {
        await endPool(pool)
        await admin(url, `drop database if exists \`${database}\``)
      }
    }
  }
})

/**
 * Registers the MariaDB suites, or — when the server is unreachable — a failing test under
 * CI and a skipped one with the printed reason elsewhere.
 */
export const withMariadb = async (
  register: (factory: StoreFactory) => void,
  factory: () => StoreFactory = () => mariadbFactory()
): Promise<void> => {
  registerOrExplain("mariadb", "MariaDB", await unreachable(), () => register(factory()))
}
