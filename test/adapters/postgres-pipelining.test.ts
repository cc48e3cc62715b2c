/**
 * The Postgres adapter pipelines a transaction's statements on the clients it holds and hands
 * them back as the host configured them.
 */
import { Socket } from "node:net"
import pg from "pg"
import { Effect, Layer, ManagedRuntime } from "effect"
import { describe, expect, it } from "vitest"
import { layer } from "../../adapters/postgres/index.js"
import { ephemeralKeyRing } from "../../adapters/crypto/index.js"
import { Store, sequentialIds, type StoreShape } from "../../src/store.js"
import { databaseUrl, unreachable } from "./postgres-support.js"

const reason = await unreachable()

/** Counts the writes that reach sockets (a corked batch is one `_writev`). */
const countSocketWrites = () => {
  const proto = Socket.prototype as unknown as Record<"_write" | "_writev", (...a: Array<unknown>) => unknown>
  const original = { write: proto._write, writev: proto._writev }
  let n = 0
  proto._write = function (this: unknown, ...a: Array<unknown>) {
    n += 1
    return original.write.apply(this, a)
  }
  proto._writev = function (this: unknown, ...a: Array<unknown>) {
    n += 1
    return original.writev.apply(this, a)
  }
  return {
    count: () => n,
    restore: () => {
      proto._write = original.write
      proto._writev = original.writev
    }
  }
}

describe.skipIf(reason !== undefined && process.env.CI !== "true")("postgres: pipelining", () => {
  it("clients go back to the pool with the host's pipelining setting; the store's transactions commit", async () => {
    const schema = `vb_p_${process.pid}_${Date.now().toString(36)}`
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, options: `-c search_path=${schema}` })
    const runtime = ManagedRuntime.make(Layer.provideMerge(layer(pool, { keyRing: ephemeralKeyRing() }), sequentialIds()))
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
      // the appends and the commit, sent in one turn, leave in one socket write (not one per statement)
      const writes = countSocketWrites()
      try {
        await runtime.runPromise(
          store.transaction(
            Effect.gen(function* () {
              yield* store.units.all // begin answered: the appends go out together with the commit
              for (let i = 5; i < 10; i++)
                yield* store.audit.append({ id: `audit_${i}` as never, actorId: "a-1" as never, at: i as never, operation: "x", targetKind: "k", targetId: "t" })
            })
          )
        )
      } finally {
        writes.restore()
      }
      // begin, the prefetched read and the body's read; then the five appends with the commit
      expect(writes.count()).toBe(2)
      expect((await runtime.runPromise(store.audit.list())).length).toBe(10)
      // on acquisition (before the store turns it on) every client had the host's setting: off
      expect(seen.length).toBeGreaterThan(0)
      expect(seen.every((p) => p !== true)).toBe(true)
      const client = await pool.connect()
      try {
        expect((client as unknown as { pipeline?: boolean }).pipeline).not.toBe(true)
        expect((await client.query("select count(*)::int as n from vb_audit")).rows[0].n).toBe(10)
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

  it("the store's statements are named prepared statements, parsed once per connection and reused; none with preparedStatements: false", async () => {
    for (const prepared of [true, false]) {
      const schema = `vb_ps_${process.pid}_${Date.now().toString(36)}_${prepared}`
      const admin = new pg.Client({ connectionString: databaseUrl })
      await admin.connect()
      await admin.query(`create schema ${schema}`)
      // one connection, so every statement of the store and the check below share it
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 1, options: `-c search_path=${schema}` })
      const runtime = ManagedRuntime.make(Layer.provideMerge(layer(pool, { preparedStatements: prepared, keyRing: ephemeralKeyRing() }), sequentialIds()))
      try {
        const store = await runtime.runPromise(Store as unknown as Effect.Effect<StoreShape, never, Store>)
        for (let i = 0; i < 3; i++)
          await runtime.runPromise(
            store.transaction(
              Effect.andThen(
                store.units.all,
                store.audit.append({ id: `audit_${i}` as never, actorId: "a-1" as never, at: i as never, operation: "x", targetKind: "k", targetId: "t" })
              )
            )
          )
        const rows = (
          await pool.query<{ name: string; statement: string; plans: number }>(
            "select name, statement, (generic_plans + custom_plans)::int as plans from pg_prepared_statements where name like 'vb\\_%'"
          )
        ).rows
        if (!prepared) {
          expect(rows).toEqual([])
          continue
        }
        const audit = rows.find((r) => r.statement.startsWith('insert into "vb_audit"'))
        const units = rows.find((r) => r.statement.includes('from "vb_units"'))
        // prepared once, run three times
        expect(audit?.plans).toBe(3)
        expect(units?.plans).toBe(3)
        expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length)
      } finally {
        await runtime.dispose()
        await pool.end()
        await admin.query(`drop schema ${schema} cascade`)
        await admin.end()
      }
    }
  })
})
