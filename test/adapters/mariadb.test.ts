/**
 * The MariaDB store (volunteer-brigade/mysql): the whole conformance suite, then what only the
 * MySQL family needs proving — utf8mb4 round trips, the classification of real server errors
 * (1062, 1213, 1205), and migrations without transactional DDL (serialised, re-runnable).
 */
import { createConnection, createPool, type Connection } from "mysql2"
import { ephemeralKeyRing } from "../../adapters/shared/keyring.js"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Fixtures, Store } from "../../src/index.js"
import { mysqlTraits } from "../../adapters/kysely/index.js"
import { layer, migrateMysql } from "../../adapters/mysql/index.js"
import { storeSuite } from "../conformance/index.js"
import { hourEntry } from "../fixtures/hours.js"
import { admin, endPool, freshDatabase, mariadbUrl, withMariadb } from "./mariadb-support.js"

/** A fresh database for one test, dropped afterwards; `use` gets its URI. */
const inDatabase = async (use: (uri: string) => Promise<void>) => {
  const database = freshDatabase()
  await admin(mariadbUrl, `create database \`${database}\``)
  try {
    await use(`${mariadbUrl}/${database}`)
  } finally {
    await admin(mariadbUrl, `drop database if exists \`${database}\``)
  }
}

const q = (c: Connection, text: string): Promise<unknown> =>
  new Promise((resolve, reject) => c.query(text, (e, r) => (e ? reject(e) : resolve(r))))

/** The error a statement fails with (fails the test if it succeeds). */
const errorOf = async (p: Promise<unknown>): Promise<unknown> => {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error("the statement succeeded")
}

await withMariadb((factory) => {
  storeSuite(factory)

  describe("mariadb: the MySQL family's own cases", () => {
    it("mariadb: utf8mb4 — emoji and rare CJK beyond the BMP round-trip in JSON records and in columns", { timeout: 60_000 }, async () => {
      await inDatabase(async (uri) => {
        const pool = createPool({ uri, connectionLimit: 2, charset: "utf8mb4" })
        try {
          const name = "𠀀𪚥𰻞社区🎉志愿队"
          const content = "服务内容：𠮷野家门口清扫 🧹✨ 𩸽"
          const result = await Effect.runPromise(
            Effect.gen(function* () {
              const store = yield* Store.Store
              const org = yield* Fixtures.seedPinghu
              const squad = org.squads[0]!
              yield* store.units.update({ ...squad, name })
              yield* store.transaction(store.hours.append(hourEntry({ id: "h-utf8" as never, content })))
              return { unit: yield* store.units.get(squad.id), entry: yield* store.hours.get("h-utf8" as never) }
            }).pipe(Effect.provide(layer(pool, { keyRing: ephemeralKeyRing() })))
          )
          expect(result.unit.name).toBe(name)
          expect(result.entry.content).toBe(content)
          // the stored bytes are 4-byte UTF-8, not replacement characters
          const rows = (await new Promise<unknown>((resolve, reject) =>
            pool.query("select content, hex(content) as h from vb_hours where id = 'h-utf8'", (e, r) => (e ? reject(e) : resolve(r)))
          )) as Array<{ content: string; h: string }>
          expect(rows[0]!.content).toBe(content)
          expect(rows[0]!.h).toBe(Buffer.from(content, "utf8").toString("hex").toUpperCase())
        } finally {
          await endPool(pool)
        }
      })
    })

    it("mariadb: ids differing only in case are distinct keys and sort by code point (binary collation)", { timeout: 60_000 }, async () => {
      await inDatabase(async (uri) => {
        const pool = createPool({ uri, connectionLimit: 2, charset: "utf8mb4" })
        try {
          const ids = ["h-a", "h-A", "h-B", "h-b", "h-_"]
          const got = await Effect.runPromise(
            Effect.gen(function* () {
              const store = yield* Store.Store
              yield* store.transaction(store.hours.appendMany(ids.map((id) => hourEntry({ id: id as never }))))
              return yield* store.hours.list({ volunteerId: "v-1" as never })
            }).pipe(Effect.provide(layer(pool, { keyRing: ephemeralKeyRing() })))
          )
          expect(got.map((e) => e.id)).toEqual([...ids].sort())
        } finally {
          await endPool(pool)
        }
      })
    })

    it("mariadb: real server errors are classified — 1062 a unique violation, 1213 deadlock and 1205 lock-wait timeout retryable", { timeout: 60_000 }, async () => {
      await inDatabase(async (uri) => {
        const a = createConnection({ uri })
        const b = createConnection({ uri })
        try {
          await q(a, "create table t (id int primary key, v int) engine = InnoDB")
          await q(a, "insert into t values (1, 0), (2, 0)")
          const duplicate = await errorOf(q(a, "insert into t values (1, 0)"))
          expect(mysqlTraits.isUniqueViolation(duplicate)).toBe(true)
          expect(mysqlTraits.isRetryable(duplicate)).toBe(false)
          // a lock-wait timeout: b waits a second for a's row lock
          await q(b, "set innodb_lock_wait_timeout = 1")
          await q(a, "start transaction")
          await q(a, "update t set v = 1 where id = 1")
          await q(b, "start transaction")
          const timeout = await errorOf(q(b, "update t set v = 2 where id = 1"))
          expect((timeout as { errno: number }).errno).toBe(1205)
          expect(mysqlTraits.isRetryable(timeout)).toBe(true)
          await q(b, "rollback")
          // a deadlock: a holds 1 and wants 2, b holds 2 and wants 1
          await q(b, "set innodb_lock_wait_timeout = 20")
          await q(b, "start transaction")
          await q(b, "update t set v = 2 where id = 2")
          const first = q(a, "update t set v = 1 where id = 2").then(() => undefined, (e: unknown) => e)
          await new Promise((r) => setTimeout(r, 200))
          const second = await q(b, "update t set v = 2 where id = 1").then(() => undefined, (e: unknown) => e)
          const victim = (await Promise.race([first, Promise.resolve(second)])) ?? second ?? (await first)
          expect((victim as { errno: number }).errno).toBe(1213)
          expect(mysqlTraits.isRetryable(victim)).toBe(true)
          expect(mysqlTraits.isUniqueViolation(victim)).toBe(false)
          await q(a, "rollback")
          await q(b, "rollback")
        } finally {
          a.destroy()
          b.destroy()
        }
      })
    })

    it("mariadb: migrations without transactional DDL — concurrent migrators serialised by GET_LOCK, a half-applied run re-runs cleanly", { timeout: 120_000 }, async () => {
      await inDatabase(async (uri) => {
        const pool = createPool({ uri, connectionLimit: 6, charset: "utf8mb4" })
        const query = (text: string) =>
          new Promise<unknown>((resolve, reject) => pool.query(text, (e, r) => (e ? reject(e) : resolve(r))))
        try {
          await Promise.all([migrateMysql(pool), migrateMysql(pool), migrateMysql(pool)])
          const names = (await query("select name from vb_schema_migrations order by name")) as Array<{ name: string }>
          expect(names.map((r) => r.name)).toEqual([
            "0001_organisation", "0002_records", "0003_hours_reports", "0004_organisation_version", "0005_hours_columnar",
            "0006_locks", "0007_seal_personal_data", "0008_access_logs"
          ])
          // as if the process died after each of the last six migrations' DDL but before it was recorded
          await query("delete from vb_schema_migrations where name >= '0003'")
          await migrateMysql(pool)
          expect(((await query("select count(*) as n from vb_schema_migrations")) as Array<{ n: number }>)[0]!.n).toBe(8)
          const columns = (await query(
            "select column_name as c from information_schema.columns where table_schema = database() and table_name = 'vb_hours' order by ordinal_position"
          )) as Array<{ c: string }>
          expect(columns.map((r) => r.c)).not.toContain("data")
          expect(columns.map((r) => r.c)).toContain("content")
          // and the store works on the re-migrated tables
          const entry = await Effect.runPromise(
            Effect.gen(function* () {
              const store = yield* Store.Store
              yield* store.transaction(store.hours.append(hourEntry()))
              return yield* store.hours.get("h-1" as never)
            }).pipe(Effect.provide(layer(pool, { migrate: false, keyRing: ephemeralKeyRing() })))
          )
          expect(entry).toEqual(hourEntry())
        } finally {
          await endPool(pool)
        }
      })
    })
  })
})
