/**
 * The built-in layers' ids (C2 at the edge): time-ordered UUID v7s by default, random v4s on
 * request. See docs/decisions/time-ordered-ids.md.
 */
import Database from "better-sqlite3"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { layer as memory, randomIds, timeOrderedIds } from "../../adapters/memory/index.js"
import { layer as sqlite } from "../../adapters/sqlite/index.js"
import { IdGenerator } from "../../src/store.js"

const mint = (ids: Layer.Layer<IdGenerator, unknown>, prefix: string, n: number) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const generator = yield* IdGenerator
      const out: Array<string> = []
      for (let i = 0; i < n; i++) out.push(yield* generator.next(prefix))
      return out
    }).pipe(Effect.provide(ids))
  )

const V7 = /^attendance_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const V4 = /^attendance_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const msOf = (id: string) => parseInt(id.slice("attendance_".length).replaceAll("-", "").slice(0, 12), 16)

describe("ids", () => {
  it("C2: timeOrderedIds mints UUID v7s carrying the creation millisecond; ids of a later millisecond sort later; none repeats", async () => {
    const before = Date.now()
    const first = await mint(timeOrderedIds, "attendance", 1000)
    await new Promise((resolve) => setTimeout(resolve, 5))
    const later = await mint(timeOrderedIds, "attendance", 10)
    const after = Date.now()
    for (const id of [...first, ...later]) {
      expect(id).toMatch(V7)
      expect(msOf(id)).toBeGreaterThanOrEqual(before)
      expect(msOf(id)).toBeLessThanOrEqual(after)
    }
    expect(new Set([...first, ...later]).size).toBe(1010)
    for (const a of first) for (const b of later) expect(a < b).toBe(true)
  })

  it("C2: the built-in layers (memory; SQLite, through the layer code Postgres shares) mint time-ordered ids; randomIds after them mints UUID v4s", async () => {
    expect((await mint(memory, "attendance", 3)).every((id) => V7.test(id))).toBe(true)
    const database = new Database(":memory:")
    try {
      expect((await mint(sqlite(database), "attendance", 3)).every((id) => V7.test(id))).toBe(true)
      expect((await mint(Layer.merge(sqlite(database, { migrate: false }), randomIds), "attendance", 3)).every((id) => V4.test(id))).toBe(true)
    } finally {
      database.close()
    }
    expect((await mint(Layer.merge(memory, randomIds), "attendance", 3)).every((id) => V4.test(id))).toBe(true)
  })
})
