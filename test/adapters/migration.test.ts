/**
 * Migration `0005_hours_columnar` on a ledger written before it (T5): every hour entry
 * stored as JSON in `vb_hours.data` reads back unchanged through the columnar codec once
 * `data` is gone, on SQLite and Postgres (one `update` for the table) and on a dialect the
 * migration does not recognise (row by row); `down` restores `data` with the same entries.
 */
import Database from "better-sqlite3"
import { Effect } from "effect"
import pg from "pg"
import { describe, expect, it } from "vitest"
import { Kysely, SqliteDialect, type DialectAdapter } from "kysely"
import { Fixtures, Hours, Store } from "../../src/index.js"
import { makeMemoryStore } from "../../adapters/memory/index.js"
import { kyselyFor as sqliteKysely } from "../../adapters/sqlite/index.js"
import { kyselyFor as pgKysely } from "../../adapters/postgres/index.js"
import { ephemeralKeyRing } from "../../adapters/crypto/index.js"
import { makeKyselyStore, migrate, migrations, postgresTraits, sqliteTraits, type DialectTraits } from "../../adapters/kysely/index.js"
import * as Data from "../../bench/data.js"
import { databaseUrl, unreachable } from "./postgres-support.js"
import { createPool } from "mysql2"
import { kyselyFor as mysqlKysely, migrateMysql, traitsFor as mysqlTraitsFor } from "../../adapters/mysql/index.js"
import { admin as mariadbAdmin, endPool, freshDatabase, mariadbUrl, unreachable as mariadbUnreachable } from "./mariadb-support.js"

const org = await Effect.runPromise(
  Effect.gen(function* () {
    const store = yield* makeMemoryStore
    return yield* Fixtures.seedPinghu.pipe(Effect.provideService(Store.Store, store), Effect.provide(Store.sequentialIds()))
  })
)
// more than one backfill batch (1,000 rows), corrections included, plus a make-up entry with every optional field
const ds = Data.makeDataSet(org, 2_500)
const makeUp: Hours.HourEntry = {
  ...Data.entryAt(ds, 0),
  id: "hm_0000001" as never,
  kind: "makeUp",
  evidence: "makeUp",
  reason: "签到设备故障 \\ \t \"quoted\"" as never,
  approvedBy: "captain-1" as never,
  content: "巡逻 patrol ✓" as never
}
const entries = [...[...Data.chunks(ds, 2_500)].flat(), makeUp].sort((a, b) => (a.id < b.id ? -1 : 1))

const OLD = Object.keys(migrations).sort().filter((name) => name < "0005")

/** Migrates to 0004 only and writes the entries the way 0002's JSON `data` column held them. */
const before0005 = async (db: Kysely<any>, keyType: "text" | "varchar(128)") => {
  await db.schema.createTable("vb_schema_migrations").addColumn("name", keyType, (c) => c.primaryKey()).addColumn("applied_at", "text", (c) => c.notNull()).execute()
  for (const name of OLD) {
    await migrations[name]!.up(db)
    await db.insertInto("vb_schema_migrations").values({ name, applied_at: "2026-01-01" }).execute()
  }
  for (let i = 0; i < entries.length; i += 200) {
    await db
      .insertInto("vb_hours")
      .values(
        entries.slice(i, i + 200).map((e) => ({
          id: e.id, volunteer_id: e.volunteerId, activity_id: e.activityId ?? null, recording_unit_id: e.recordingUnitId,
          squad_id: e.squadId, service_start: e.serviceStart, service_end: e.serviceEnd, minutes: e.minutes, kind: e.kind,
          corrects: e.corrects ?? null, recorded_at: e.recordedAt, data: JSON.stringify(e)
        }))
      )
      .execute()
  }
}

/** `names` lists vb_hours's columns and indexes. */
const check = async (
  db: Kysely<any>,
  traits: DialectTraits,
  names: () => Promise<ReadonlyArray<string>>,
  apply: () => Promise<void> = () => migrate(db),
  keyType: "text" | "varchar(128)" = "text"
) => {
  await before0005(db, keyType)
  await apply()
  const after = await names()
  expect(after).not.toContain("data")
  // the redundant prefix of the covering index is gone; the other indexes stay
  expect(after).not.toContain("vb_hours_service_start")
  for (const index of ["vb_hours_report", "vb_hours_volunteer_id_service_start", "vb_hours_recording_unit_id_service_start", "vb_hours_activity_id"])
    expect(after).toContain(index)
  const store = makeKyselyStore(db, traits, ephemeralKeyRing())
  expect(await Effect.runPromise(store.hours.list())).toEqual(entries)
  expect(await Effect.runPromise(store.hours.get(makeUp.id))).toEqual(makeUp)
  const period = { from: Data.from, to: Data.to }
  expect(await Effect.runPromise(store.hours.totalsByVolunteer(period))).toEqual(Hours.totalsBetween(entries, period.from, period.to, "volunteer"))
  // down: data holds the same entries again
  await db.transaction().execute((trx) => migrations["0005_hours_columnar"]!.down!(trx))
  const rows: ReadonlyArray<{ data: string }> = await db.selectFrom("vb_hours").select("data").orderBy("id").execute()
  expect(rows.map((r) => JSON.parse(r.data))).toEqual(entries)
  const down = await names()
  expect(down).not.toContain("evidence")
  expect(down).toContain("vb_hours_service_start")
}

const pgUnreachable = await unreachable()
const mariadbDown = await mariadbUnreachable()

/**
 * SQLite under an adapter the migration does not recognise as SQLite's or Postgres's: a
 * plain object with the same answers, as another dialect would have. 0005 then fills the
 * columns row by row in JavaScript instead of with one `update`.
 */
const unrecognised = (database: Database.Database): Kysely<any> => {
  const inner = new SqliteDialect({ database })
  const adapter: DialectAdapter = {
    supportsCreateIfNotExists: true,
    supportsTransactionalDdl: false,
    supportsReturning: true,
    supportsOutput: false,
    acquireMigrationLock: async () => {},
    releaseMigrationLock: async () => {}
  }
  return new Kysely<any>({
    dialect: {
      createAdapter: () => adapter,
      createDriver: () => inner.createDriver(),
      createIntrospector: (db) => inner.createIntrospector(db),
      createQueryCompiler: () => inner.createQueryCompiler()
    }
  })
}

/** `db` counting the update statements it runs. */
const countingUpdates = (db: Kysely<any>) => {
  const counted = { updates: 0, db }
  counted.db = db.withPlugin({
    transformQuery: (args) => {
      if (args.node.kind === "UpdateQueryNode") counted.updates += 1
      return args.node
    },
    transformResult: async (args) => args.result
  })
  return counted
}

const sqliteNames = (database: Database.Database) => async () =>
  (
    database
      .prepare("select name from pragma_table_info('vb_hours') union all select name from sqlite_master where type = 'index' and tbl_name = 'vb_hours'")
      .all() as Array<{ name: string }>
  ).map((r) => r.name)

describe("0005_hours_columnar", () => {
  it("T5: SQLite — entries stored as JSON before the migration read back unchanged from the columns (one update), and down restores data", async () => {
    const database = new Database(":memory:")
    const db = sqliteKysely(database)
    const counting = countingUpdates(db)
    try {
      await check(counting.db, sqliteTraits, sqliteNames(database))
      // one update for the table going up; down works row by row
      expect(counting.updates).toBe(1 + entries.length)
    } finally {
      await db.destroy()
    }
  })

  it("T5: another dialect — the same, the columns filled row by row", async () => {
    const database = new Database(":memory:")
    const db = unrecognised(database)
    const counting = countingUpdates(db)
    try {
      await check(counting.db, sqliteTraits, sqliteNames(database))
      // one update per entry going up, and again coming down
      expect(counting.updates).toBe(2 * entries.length)
    } finally {
      await db.destroy()
    }
  })

  it.skipIf(pgUnreachable !== undefined && process.env.CI !== "true")(
    "T5: Postgres — entries stored as JSON before the migration read back unchanged from the columns, and down restores data",
    async () => {
      const schema = `vb_m_${process.pid}_${Date.now().toString(36)}`
      const admin = new pg.Client({ connectionString: databaseUrl })
      await admin.connect()
      await admin.query(`create schema ${schema}`)
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, options: `-c search_path=${schema}` })
      const db = pgKysely(pool)
      const counting = countingUpdates(db)
      try {
        await check(counting.db, postgresTraits, async () =>
          (
            await pool.query(
              "select column_name::text as c from information_schema.columns where table_schema = $1 and table_name = 'vb_hours' union all select indexname::text from pg_indexes where schemaname = $1 and tablename = 'vb_hours'",
              [schema]
            )
          ).rows.map(
            (r: { c: string }) => r.c
          )
        )
        // one update for the table going up; down works row by row
        expect(counting.updates).toBe(1 + entries.length)
      } finally {
        await db.destroy()
        await admin.query(`drop schema ${schema} cascade`)
        await admin.end()
      }
    }
  )
  it.skipIf(mariadbDown !== undefined && process.env.CI !== "true")(
    "T5: mariadb — entries stored as JSON before the migration read back unchanged from the columns (one update, under GET_LOCK), and down restores data",
    { timeout: 300_000 },
    async () => {
      const database = freshDatabase()
      await mariadbAdmin(mariadbUrl, `create database \`${database}\``)
      const pool = createPool({ uri: `${mariadbUrl}/${database}`, connectionLimit: 2, charset: "utf8mb4" })
      const db = mysqlKysely(pool)
      try {
        await check(
          db,
          mysqlTraitsFor(pool),
          async () =>
            ((await new Promise<unknown>((resolve, reject) =>
              pool.query(
                "select column_name as c from information_schema.columns where table_schema = database() and table_name = 'vb_hours' union all select distinct index_name from information_schema.statistics where table_schema = database() and table_name = 'vb_hours'",
                (e, r) => (e ? reject(e) : resolve(r))
              )
            )) as Array<{ c: string }>).map((r) => r.c),
          () => migrateMysql(pool),
          "varchar(128)"
        )
      } finally {
        await db.destroy()
        await mariadbAdmin(mariadbUrl, `drop database if exists \`${database}\``)
      }
    }
  )
})
