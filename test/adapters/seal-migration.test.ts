/**
 * Migration `0007_seal_personal_data` (P1, P2) on a database written by the version before
 * sealing: volunteers' document numbers, mobiles, office phones, guardians' mobiles and groups'
 * contact phones stored in clear, `identity_key` = `residentId:<number>`. After `migrate(db,
 * { keyRing })` the raw storage (the SQLite file after a checkpoint; every column of every
 * Postgres table) holds none of them, every record reads back equal through the store, look-up
 * by document works through the blind index, and a second run changes nothing. Without the
 * ring, the migration refuses, naming itself, and leaves the data as it was.
 */
import Database from "better-sqlite3"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Schema } from "effect"
import type { Kysely } from "kysely"
import pg from "pg"
import { describe, expect, it } from "vitest"
import { ephemeralKeyRing } from "../../adapters/crypto/index.js"
import { makeKyselyStore, migrate, migrations, postgresTraits, sqliteTraits, type DialectTraits } from "../../adapters/kysely/index.js"
import { kyselyFor as pgKysely } from "../../adapters/postgres/index.js"
import { kyselyFor as sqliteKysely } from "../../adapters/sqlite/index.js"
import { GroupId, UnitId, VolunteerId } from "../../src/ids.js"
import { localDate } from "../../src/time.js"
import * as Volunteer from "../../src/volunteer.js"
import { residentIdFor } from "../conformance/volunteers.js"
import { databaseUrl, schemaText, unreachable } from "./postgres-support.js"

const on = localDate("2026-03-01")
const people: ReadonlyArray<Volunteer.Individual> = Array.from({ length: 1_100 }, (_, i) => {
  const minor = i % 5 === 0
  // residentIdFor repeats every 500 sequences: a birth date per block of 500 keeps numbers unique
  const k = Math.floor(i / 500)
  const birth = minor ? `2010-03-1${k + 1}` : `198${5 + k}-06-07`
  return Volunteer.makeIndividual(VolunteerId.make(`volunteer_${String(i).padStart(6, "0")}`), `PH-${i}`, {
    name: "张三",
    gender: "male",
    birthDate: localDate(birth),
    document: { type: "residentId", number: residentIdFor(birth.replaceAll("-", ""), i) },
    mobile: `158${String(60_000_000 + i * 7919).slice(-8)}`,
    ...(minor ? { guardian: { name: "李华", mobile: `139${String(40_000_000 + i * 104_729).slice(-8)}`, relationship: "父亲", consentOn: localDate("2026-02-01") } } : { officePhone: "0573-85030727" }),
    skills: [],
    squadId: UnitId.make("squad-1"),
    publishNameConsent: false
  }, on)
})
const group = Volunteer.makeGroup(GroupId.make("group_000001"), "PH-T-1", {
  name: "护河队", contactPerson: "王五", contactPhone: "13700001111", memberCount: 3, squadId: UnitId.make("squad-1"), skills: []
}, on)
const secrets = [
  ...people.flatMap((p) => [p.document.number, p.mobile, ...(p.guardian === undefined ? [] : [p.guardian.mobile])]),
  "13700001111"
]

/** Migrates to 0005 and writes the records the way the version before sealing did. */
const writtenBefore0007 = async (db: Kysely<any>) => {
  await db.schema.createTable("vb_schema_migrations").addColumn("name", "text", (c) => c.primaryKey()).addColumn("applied_at", "text", (c) => c.notNull()).execute()
  for (const name of Object.keys(migrations).sort().filter((n) => n < "0007")) {
    await migrations[name]!.up(db)
    await db.insertInto("vb_schema_migrations").values({ name, applied_at: "2026-01-01" }).execute()
  }
  const encode = Schema.encodeSync(Volunteer.Individual)
  for (let i = 0; i < people.length; i += 200) {
    await db
      .insertInto("vb_volunteers")
      .values(people.slice(i, i + 200).map((v) => ({
        id: v.id, identity_key: Volunteer.identityKey(v.document), squad_id: v.squadId, status: v.status, data: JSON.stringify(encode(v))
      })))
      .execute()
  }
  await db.insertInto("vb_groups").values({ id: group.id, squad_id: group.squadId, data: JSON.stringify(Schema.encodeSync(Volunteer.Group)(group)) }).execute()
}

const check = async (db: Kysely<any>, traits: DialectTraits, raw: () => Promise<string>) => {
  await writtenBefore0007(db)
  expect(secrets.some((s) => s !== undefined && s.length > 0)).toBe(true)
  // without the ring: refused, nothing changed
  await expect(migrate(db)).rejects.toThrow(/0007_seal_personal_data/)
  expect((await raw()).includes(people[0]!.document.number)).toBe(true)
  const keyRing = ephemeralKeyRing()
  await migrate(db, { keyRing })
  const text = await raw()
  const found = secrets.filter((s) => text.includes(s))
  expect(found).toEqual([])
  expect(text).not.toContain("residentId:")
  const store = makeKyselyStore(db, traits, keyRing)
  expect(await Effect.runPromise(store.volunteers.list())).toEqual(people)
  expect(await Effect.runPromise(store.groups.get(group.id))).toEqual(group)
  const last = people[people.length - 1]!
  expect((await Effect.runPromise(store.volunteers.findByIdentity(Volunteer.identityKey(last.document))))?.id).toBe(last.id)
  // a second run is a no-op (0007 is recorded), and rows already sealed are skipped anyway
  await migrate(db, { keyRing })
  await db.transaction().execute((trx) => migrations["0007_seal_personal_data"]!.up(trx))
  expect(await Effect.runPromise(store.volunteers.list())).toEqual(people)
}

const pgUnreachable = await unreachable()

describe("migration 0007: personal data written in clear is sealed in place (P1, P2)", () => {
  it("P1: on SQLite, the file holds no document number or mobile afterwards and every record reads back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vb-seal-"))
    const file = join(dir, "old.db")
    const database = new Database(file)
    try {
      const db = sqliteKysely(database)
      const bytes = () => {
        // what a copy of the disk would hold once the log is checkpointed (docs/privacy.md)
        database.pragma("wal_checkpoint(TRUNCATE)")
        return Promise.resolve(readFileSync(file).toString("latin1"))
      }
      await check(db, sqliteTraits, bytes)
    } finally {
      database.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it.skipIf(process.env.CI !== "true" && pgUnreachable !== undefined)(
    "P1: on Postgres, no column of any table holds a document number or mobile afterwards and every record reads back",
    async () => {
      const schema = `vb_seal_${process.pid}_${Date.now().toString(36)}`
      const admin = new pg.Client({ connectionString: databaseUrl })
      await admin.connect()
      await admin.query(`create schema ${schema}`)
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, options: `-c search_path=${schema}` })
      try {
        await check(pgKysely(pool), postgresTraits, () => schemaText(pool, schema))
      } finally {
        await pool.end()
        await admin.query(`drop schema ${schema} cascade`)
        await admin.end()
      }
    },
    60_000
  )
})
