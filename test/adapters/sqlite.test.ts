import Database from "better-sqlite3"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { layer } from "../../adapters/sqlite/index.js"
import { storeSuite } from "../conformance/index.js"

const counter = (db: Database.Database) => async (table: string) =>
  (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n

storeSuite({
  name: "sqlite (in memory)",
  make: async () => {
    const db = new Database(":memory:")
    return { layer: layer(db), close: async () => void db.close(), count: counter(db) }
  }
})

storeSuite({
  name: "sqlite (file)",
  make: async () => {
    const dir = mkdtempSync(join(tmpdir(), "vb-sqlite-"))
    const db = new Database(join(dir, "store.db"))
    return {
      layer: layer(db),
      close: async () => {
        db.close()
        rmSync(dir, { recursive: true, force: true })
      },
      count: counter(db)
    }
  }
})
