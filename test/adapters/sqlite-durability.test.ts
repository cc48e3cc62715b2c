/**
 * Durable by default (docs/reliability.md): every SQLite layer opens its connection at
 * `synchronous = FULL` (2), so a commit is on disk before it is acknowledged; NORMAL (1) only
 * when the host asks. Read back from the very connections the layers built: the host's for
 * `layer`, and for `layerFromFile` the one it opened itself (captured by wrapping the driver).
 */
import { Effect, Layer, ManagedRuntime } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it, vi } from "vitest"
import { Store, type StoreShape } from "../../src/store.js"

/** Every better-sqlite3 Database opened in this file, in order. */
const opened: Array<import("better-sqlite3").Database> = []

vi.mock("better-sqlite3", async (importOriginal) => {
  const original = (await importOriginal<{ default: typeof import("better-sqlite3") }>()).default
  const Capturing = function (this: unknown, ...args: ConstructorParameters<typeof original>) {
    const db = new original(...args)
    opened.push(db)
    return db
  } as unknown as typeof original
  return { default: Capturing }
})

const { default: Database } = await import("better-sqlite3")
const { layer, layerFromFile } = await import("../../adapters/sqlite/index.js")

const dirs: Array<string> = []
const fileIn = () => {
  const dir = mkdtempSync(join(tmpdir(), "vb-durable-"))
  dirs.push(dir)
  return join(dir, "store.db")
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const build = async (storeLayer: Layer.Layer<Store, unknown>) => {
  const runtime = ManagedRuntime.make(storeLayer)
  await runtime.runPromise(Store as unknown as Effect.Effect<StoreShape, never, Store>)
  return runtime
}

const synchronous = (db: import("better-sqlite3").Database) => db.pragma("synchronous", { simple: true })
const journal = (db: import("better-sqlite3").Database) => db.pragma("journal_mode", { simple: true })

describe("sqlite durability", () => {
  it("layerFromFile opens its file in WAL at synchronous = FULL (2) by default", async () => {
    const before = opened.length
    const runtime = await build(layerFromFile(fileIn()))
    try {
      const db = opened[before]!
      expect(journal(db)).toBe("wal")
      expect(synchronous(db)).toBe(2)
    } finally {
      await runtime.dispose()
    }
  })

  it("layer sets synchronous = FULL on the host's database, even one opened at NORMAL", async () => {
    const db = new Database(fileIn())
    db.pragma("journal_mode = WAL")
    db.pragma("synchronous = NORMAL")
    const runtime = await build(layer(db))
    try {
      expect(synchronous(db)).toBe(2)
    } finally {
      await runtime.dispose()
      db.close()
    }
  })

  it("synchronous: \"normal\" is a host's explicit choice (1)", async () => {
    const before = opened.length
    const runtime = await build(layerFromFile(fileIn(), { synchronous: "normal" }))
    try {
      expect(synchronous(opened[before]!)).toBe(1)
    } finally {
      await runtime.dispose()
    }
  })
})
