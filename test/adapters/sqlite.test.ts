import Database from "better-sqlite3"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Layer, ManagedRuntime } from "effect"
import { describe, expect, it } from "vitest"
import { ephemeralKeyRing } from "../../adapters/crypto/index.js"
import { kyselyFor, layer } from "../../adapters/sqlite/index.js"
import * as Fixtures from "../../src/fixtures.js"
import { IdGenerator, Store, sequentialIds, type StoreShape } from "../../src/store.js"
import { storeSuite } from "../conformance/index.js"
import { privacySuite } from "../conformance/privacy.js"

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
      layer: layer(db, { keyRing: ephemeralKeyRing() }),
      close: async () => {
        db.close()
        rmSync(dir, { recursive: true, force: true })
      },
      count: counter(db)
    }
  }
})

privacySuite({
  name: "sqlite (file)",
  make: async (keyRing) => {
    const dir = mkdtempSync(join(tmpdir(), "vb-sqlite-"))
    const file = join(dir, "store.db")
    const db = new Database(file)
    // the file and its write-ahead log, as bytes: what a stolen disk would show
    const bytes = (f: string) => (existsSync(f) ? `${readFileSync(f).toString("latin1")}\n${readFileSync(f).toString("utf8")}` : "")
    return {
      layer: layer(db, { keyRing }),
      close: async () => {
        db.close()
        rmSync(dir, { recursive: true, force: true })
      },
      raw: async () => bytes(file) + bytes(`${file}-wal`),
      // P7 on SQLite: secure_delete (the layer's default) zeroes freed cells; the checkpoint
      // moves the erased pages into the file and truncates the log that held their old images
      afterErasure: async () => void db.pragma("wal_checkpoint(TRUNCATE)")
    }
  }
})

describe("sqlite: one lock for the store's transactions and the host's kysely", () => {
  it("a query through kyselyFor(database) waits for an open store transaction and never sees its writes", async () => {
    const database = new Database(":memory:")
    const db = kyselyFor(database)
    const runtime = ManagedRuntime.make(Layer.provideMerge(layer(database), sequentialIds()))
    try {
      const store = await runtime.runPromise(Store as unknown as Effect.Effect<StoreShape, never, Store>)
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      const seen: Array<string> = []
      const transaction = runtime.runPromise(
        store.transaction(
          Effect.gen(function* () {
            yield* store.audit.append({ id: "audit_1" as never, actorId: "a-1" as never, at: 1 as never, operation: "x", targetKind: "k", targetId: "t" })
            yield* Effect.promise(() => gate)
            seen.push("transaction")
          })
        )
      )
      await new Promise((resolve) => setTimeout(resolve, 20))
      const outside = db
        .selectFrom("vb_audit")
        .select("id")
        .execute()
        .then((rows) => {
          seen.push(`outside:${rows.length}`)
          return rows
        })
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(seen).toEqual([])
      release()
      await transaction
      expect(await outside).toEqual([{ id: "audit_1" }])
      expect(seen).toEqual(["transaction", "outside:1"])
    } finally {
      await runtime.dispose()
      database.close()
    }
  })

  it("a begin refused while another connection writes releases the lock, is retried, and goes through once the writer commits", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vb-sqlite-"))
    const file = join(dir, "store.db")
    const a = new Database(file)
    const b = new Database(file)
    const runtime = ManagedRuntime.make(Layer.provideMerge(layer(a, { busyTimeoutMs: 0 }), sequentialIds()))
    try {
      const store = await runtime.runPromise(Store as unknown as Effect.Effect<StoreShape, never, Store>)
      kyselyFor(b, { busyTimeoutMs: 0 })
      b.exec("begin immediate")
      const blocked = runtime.runPromise(store.transaction(store.units.all))
      // meanwhile the lock is free between attempts: a read outside a transaction goes through
      await new Promise((resolve) => setTimeout(resolve, 30))
      expect(await runtime.runPromise(store.units.all)).toEqual([])
      b.exec("commit")
      expect(await blocked).toEqual([])
    } finally {
      await runtime.dispose()
      a.close()
      b.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe("sqlite: records decoded once per stored text", () => {
  it("a record handed out twice is the same frozen value: a host cannot change what the next reader gets", async () => {
    const database = new Database(":memory:")
    const runtime = ManagedRuntime.make(Layer.provideMerge(layer(database), sequentialIds()))
    try {
      const store = await runtime.runPromise(Store as unknown as Effect.Effect<StoreShape, never, Store>)
      await runtime.runPromise(Fixtures.seedPinghu as Effect.Effect<unknown, unknown, Store | IdGenerator>)
      const first = await runtime.runPromise(store.units.all)
      const unit = first[0]!
      expect(Object.isFrozen(unit)).toBe(true)
      expect(() => {
        ;(unit as { name: string }).name = "changed"
      }).toThrow(TypeError)
      const again = await runtime.runPromise(store.units.all)
      expect(again).toEqual(first)
      expect(again[0]!.name).not.toBe("changed")
    } finally {
      await runtime.dispose()
      database.close()
    }
  })
})
