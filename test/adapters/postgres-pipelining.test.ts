/**
 * The Postgres adapter pipelines a transaction's statements on the clients it holds and hands
 * them back as the host configured them.
 */
import pg from "pg"
import { Effect, Layer, ManagedRuntime } from "effect"
import { describe, expect, it } from "vitest"
import { layer } from "../../adapters/postgres/index.js"
import { Store, sequentialIds, type StoreShape } from "../../src/store.js"
import { databaseUrl, unreachable } from "./postgres-support.js"

const reason = await unreachable()

describe.skipIf(reason !== undefined && process.env.CI !== "true")("postgres: pipelining", () => {
  it("clients go back to the pool with the host's pipelining setting; the store's transactions commit", async () => {
    const schema = `vb_p_${process.pid}_${Date.now().toString(36)}`
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, options: `-c search_path=${schema}` })
    const runtime = ManagedRuntime.make(Layer.provideMerge(layer(pool), sequentialIds()))
    try {
      const store = await runtime.runPromise(Store as unknown as Effect.Effect<StoreShape, never, Store>)
      const seen: Array<boolean | undefined> = []
      pool.on("acquire", (client) => seen.push((client as unknown as { pipeline?: boolean }).pipeline))
      await runtime.runPromise(
        store.transaction(
          Effect.gen(function* () {
            for (let i = 0; i < 5; i++)
              yield* store.audit.append({ id: `audit_${i}` as never, actorId: "a-1" as never, at: i as never, operation: "x", targetKind: "k", targetId: "t" })
          })
        )
      )
      expect((await runtime.runPromise(store.audit.list())).map((e) => e.id)).toEqual(["audit_0", "audit_1", "audit_2", "audit_3", "audit_4"])
      // on acquisition (before the store turns it on) every client had the host's setting: off
      expect(seen.length).toBeGreaterThan(0)
      expect(seen.every((p) => p !== true)).toBe(true)
      const client = await pool.connect()
      try {
        expect((client as unknown as { pipeline?: boolean }).pipeline).not.toBe(true)
        expect((await client.query("select count(*)::int as n from vb_audit")).rows[0].n).toBe(5)
      } finally {
        client.release()
      }
    } finally {
      await runtime.dispose()
      await pool.end()
      await admin.query(`drop schema ${schema} cascade`)
      await admin.end()
    }
  })
})
