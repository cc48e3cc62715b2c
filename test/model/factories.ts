/**
 * Store factories for the model-based and reliability tests, each with a fast `reset` (delete
 * every row, keep the schema) so that thousands of short sequences can share one store.
 */
import Database from "better-sqlite3"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { layer as memoryLayer } from "../../adapters/memory/index.js"
import { layer as sqliteLayer } from "../../adapters/sqlite/index.js"
import type { StoreFactory } from "../conformance/harness.js"

/** The memory store; the harness resets it with a new runtime. */
export const memoryFactory: StoreFactory = { name: "memory", make: async () => ({ layer: memoryLayer, close: async () => {} }) }

/** Deletes every row of every vb_ table of a SQLite database (units last), the migration log kept. */
export const resetSqlite = (db: Database.Database): (() => Promise<void>) => {
  let tables: ReadonlyArray<string> | undefined
  return async () => {
    // listed once the layer has migrated the schema (it is built lazily, on first use)
    if (tables === undefined || tables.length === 0) tables = (
      db.prepare("select name from sqlite_master where type = 'table' and name like 'vb\\_%' escape '\\' and name <> 'vb_schema_migrations'").all() as Array<{
        name: string
      }>
    )
      .map((r) => r.name)
      .sort((a, b) => Number(a === "vb_units") - Number(b === "vb_units"))
    db.exec(tables.map((t) => `delete from ${t};`).join(" "))
  }
}

const counter = (db: Database.Database) => async (table: string) =>
  (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n

/** SQLite in memory, with reset. */
export const sqliteFactory: StoreFactory = {
  name: "sqlite",
  make: async () => {
    const db = new Database(":memory:")
    return { layer: sqliteLayer(db), close: async () => void db.close(), count: counter(db), reset: resetSqlite(db) }
  }
}

/** SQLite in a temporary file, with reset. */
export const sqliteFileFactory: StoreFactory = {
  name: "sqlite (file)",
  make: async () => {
    const dir = mkdtempSync(join(tmpdir(), "vb-model-"))
    const db = new Database(join(dir, "store.db"))
    return {
      layer: sqliteLayer(db),
      count: counter(db),
      reset: resetSqlite(db),
      close: async () => {
        db.close()
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
}
