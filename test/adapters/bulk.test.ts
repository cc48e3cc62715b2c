/**
 * The bulk import paths (issue 8): appendMany through the SQLite prepared-statement path, the
 * Postgres unnest and COPY paths and the memory store's single state change store exactly the entries
 * given, and the store's reports equal the pure reference `Hours.totalsBetween` (T5, T6, T10).
 */
import Database from "better-sqlite3"
import { Effect } from "effect"
import pg from "pg"
import { describe, expect, it } from "vitest"
import { Fixtures, Hours, Store } from "../../src/index.js"
import { makeMemoryStore } from "../../adapters/memory/index.js"
import { kyselyFor as sqliteKysely, traitsFor } from "../../adapters/sqlite/index.js"
import { clientPool, kyselyFor as pgKysely, traitsFor as pgTraitsFor } from "../../adapters/postgres/index.js"
import { ephemeralKeyRing } from "../../adapters/crypto/index.js"
import { Kysely, PostgresDialect } from "kysely"
import { makeKyselyStore, migrate, postgresTraits, sqliteTraits } from "../../adapters/kysely/index.js"
import * as Data from "../../bench/data.js"
import { databaseUrl, unreachable } from "./postgres-support.js"
import { createPool } from "mysql2"
import { kyselyFor as mysqlKysely, migrateMysql, traitsFor as mysqlTraitsFor } from "../../adapters/mysql/index.js"
import { admin, endPool, freshDatabase, mariadbUrl, unreachable as mariadbUnreachable } from "./mariadb-support.js"

const ENTRIES = 5_000 // with the bench's mix: corrections, and entries straddling both year boundaries

const org = await Effect.runPromise(
  Effect.gen(function* () {
    const store = yield* makeMemoryStore
    return yield* Fixtures.seedPinghu.pipe(Effect.provideService(Store.Store, store), Effect.provide(Store.sequentialIds()))
  })
)
const ds = Data.makeDataSet(org, ENTRIES)
const entries = [...Data.chunks(ds, ENTRIES)].flat()

const check = async (store: Store.StoreShape) => {
  await Effect.runPromise(store.transaction(store.hours.appendMany(entries)))
  const period = { from: Data.from, to: Data.to }
  const byVolunteer = await Effect.runPromise(store.hours.totalsByVolunteer(period))
  const bySquad = await Effect.runPromise(store.hours.totalsBySquad(period))
  expect(byVolunteer).toEqual(Hours.totalsBetween(entries, period.from, period.to, "volunteer"))
  expect(bySquad).toEqual(Hours.totalsBetween(entries, period.from, period.to, "squad"))
  const listed = await Effect.runPromise(store.hours.list({ volunteerId: Data.volunteerId(7) }))
  expect(listed).toEqual(entries.filter((e) => e.volunteerId === Data.volunteerId(7)).sort((a, b) => (a.id < b.id ? -1 : 1)))
  // all or none: a batch with a taken id leaves nothing behind
  const again = await Effect.runPromise(Effect.result(store.hours.appendMany([{ ...entries[0]!, id: "fresh-1" as never }, entries[1]!])))
  expect(again._tag).toBe("Failure")
  await expect(Effect.runPromise(store.hours.get("fresh-1" as never))).rejects.toBeDefined()
}

/** A Postgres bulk path in a schema of its own. */
const postgres = (path: string, store: (pool: pg.Pool) => Promise<Store.StoreShape>) =>
  it(`T10: Postgres ${path} bulk path stores the entries; reports equal Hours.totalsBetween`, { timeout: 600_000 }, async (ctx) => {
    if ((await unreachable()) !== undefined) return ctx.skip()
    const schema = `vb_bulk_${process.pid}_${Date.now().toString(36)}`
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, options: `-c search_path=${schema}` })
    try {
      await check(await store(pool))
    } finally {
      await pool.end()
      await admin.query(`drop schema ${schema} cascade`)
      await admin.end()
    }
  })

/** The MySQL multi-row bulk path on MariaDB, in a database of its own (under CI it must run). */
const mariadb = (path: string, traits: (pool: import("mysql2").Pool) => import("../../adapters/kysely/index.js").DialectTraits) =>
  it(`T10: mariadb ${path} bulk path stores the entries; reports equal Hours.totalsBetween`, { timeout: 600_000 }, async (ctx) => {
    const reason = await mariadbUnreachable()
    if (reason !== undefined) {
      if (process.env.CI === "true") throw new Error(`${reason}. Under CI the MariaDB bulk test must run.`)
      return ctx.skip()
    }
    const database = freshDatabase()
    await admin(mariadbUrl, `create database \`${database}\``)
    const pool = createPool({ uri: `${mariadbUrl}/${database}`, connectionLimit: 2, charset: "utf8mb4" })
    try {
      await migrateMysql(pool)
      await check(makeKyselyStore(mysqlKysely(pool), traits(pool), ephemeralKeyRing()))
    } finally {
      await endPool(pool)
      await admin(mariadbUrl, `drop database if exists \`${database}\``)
    }
  })

describe("bulk import (issue 8)", () => {
  it("T10: memory appendMany stores the entries; reports equal Hours.totalsBetween", async () => {
    await check(await Effect.runPromise(makeMemoryStore))
  })
  it("T10: memory append-only hour log: a rolled-back append leaves no trace in reports, later appends count", async () => {
    const store = await Effect.runPromise(makeMemoryStore)
    const [first, rest] = [entries.slice(0, 2_000), entries.slice(2_000)]
    await Effect.runPromise(store.hours.appendMany(first))
    const period = { from: Data.from, to: Data.to }
    const before = await Effect.runPromise(store.hours.totalsByVolunteer(period))
    const failed = await Effect.runPromise(
      Effect.result(store.transaction(Effect.andThen(store.hours.appendMany(rest), Effect.fail("abort" as const))))
    )
    expect(failed._tag).toBe("Failure")
    expect(await Effect.runPromise(store.hours.totalsByVolunteer(period))).toEqual(before)
    expect(before).toEqual(Hours.totalsBetween(first, period.from, period.to, "volunteer"))
    await Effect.runPromise(store.hours.append(rest[0]!))
    await Effect.runPromise(store.hours.appendMany(rest.slice(1)))
    expect(await Effect.runPromise(store.hours.totalsByVolunteer(period))).toEqual(
      Hours.totalsBetween(entries, period.from, period.to, "volunteer")
    )
  })
  it("T10: SQLite prepared bulk path stores the entries; reports equal Hours.totalsBetween", async () => {
    const database = new Database(":memory:")
    const db = sqliteKysely(database)
    await migrate(db)
    await check(makeKyselyStore(db, traitsFor(database), ephemeralKeyRing()))
  })
  it("T10: the generic kysely path (no bulk trait) gives the same", async () => {
    const database = new Database(":memory:")
    const db = sqliteKysely(database)
    await migrate(db)
    await check(makeKyselyStore(db, sqliteTraits, ephemeralKeyRing()))
  })
  postgres("unnest", async (pool) => {
    const db = pgKysely(pool)
    await migrate(db)
    return makeKyselyStore(db, postgresTraits, ephemeralKeyRing())
  })
  postgres("COPY FROM STDIN", async (pool) => {
    const clients = clientPool(pool)
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: clients as never }) })
    await migrate(db)
    return makeKyselyStore(db, pgTraitsFor(clients), ephemeralKeyRing())
  })
  mariadb("multi-row insert", (pool) => mysqlTraitsFor(pool))
  mariadb("generic kysely (no bulk trait)", (pool) => {
    const { bulkInsert: _bulk, ...traits } = mysqlTraitsFor(pool)
    return traits
  })
})
