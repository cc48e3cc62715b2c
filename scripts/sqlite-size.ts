/**
 * Measures what one SQLite file holds: inserts volunteers and hour entries through the
 * library's SQLite store (the same tables, JSON `data` column and indexes a host gets) and
 * reports bytes per row and rows per GB. Used for docs/scaling.md.
 *
 * Run: `npx tsx scripts/sqlite-size.ts [volunteers=20000] [entries=200000]`.
 */
import Database from "better-sqlite3"
import { Effect, Layer } from "effect"
import { mkdtempSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { layer } from "../adapters/sqlite/index.js"
import { chunks, makeDataSet } from "../bench/data.js"
import { Fixtures, Ids, ManualClock, Store, Time, Volunteer } from "../src/index.js"

const volunteers = Number(process.argv[2] ?? 20_000)
const entries = Number(process.argv[3] ?? 200_000)
const dir = mkdtempSync(join(tmpdir(), "vb-size-"))
const file = join(dir, "size.db")
const db = new Database(file)
const size = () => {
  db.pragma("wal_checkpoint(TRUNCATE)")
  return statSync(file).size
}

const clock = ManualClock.make("2026-03-01T09:00:00+08:00")
const run = <A, E>(effect: Effect.Effect<A, E, Store.Store | Store.IdGenerator>) =>
  Effect.runPromise(effect.pipe(Effect.provide(Layer.mergeAll(layer(db), Store.sequentialIds(), clock.layer))))

const org = await run(Fixtures.seedPinghu)
const base = size()

const individual = (i: number): Volunteer.Individual => {
  const squad = org.squads[i % org.squads.length]!
  return Volunteer.makeIndividual(
    Ids.VolunteerId.make(`vol_${String(i).padStart(6, "0")}`),
    `PH${String(i).padStart(8, "0")}`,
    {
      name: `志愿者${i}` as never,
      gender: i % 2 === 0 ? "female" : "male",
      birthDate: Time.localDate("1980-05-17"),
      document: { type: "passport", number: `E${String(10_000_000 + i)}` } as never,
      mobile: `139${String(i).padStart(8, "0")}` as never,
      unitAndPost: "平湖市某单位职员" as never,
      skills: ["policyPublicity", "convenienceServices"],
      availability: "周末" as never,
      squadId: squad.id,
      publishNameConsent: false
    },
    Time.localDate("2026-01-05")
  )
}
await run(
  Effect.gen(function* () {
    const store = yield* Store.Store
    for (let i = 0; i < volunteers; i += 5_000) {
      const rows = Array.from({ length: Math.min(5_000, volunteers - i) }, (_, k) => individual(i + k))
      yield* store.volunteers.insertMany(rows)
    }
  })
)
const afterVolunteers = size()

const ds = makeDataSet(org, entries)
await run(
  Effect.gen(function* () {
    const store = yield* Store.Store
    for (const chunk of chunks(ds, 20_000)) yield* store.transaction(store.hours.appendMany(chunk))
  })
)
const afterHours = size()
db.close()
rmSync(dir, { recursive: true, force: true })

const perVolunteer = (afterVolunteers - base) / volunteers
const perEntry = (afterHours - afterVolunteers) / entries
const GB = 1024 ** 3
console.log(`organisation: ${(base / 1024).toFixed(0)} KiB`)
console.log(`volunteers: ${volunteers} → ${perVolunteer.toFixed(0)} B/row, ${(GB / perVolunteer / 1e6).toFixed(2)} M rows/GiB`)
console.log(`hour entries: ${entries} → ${perEntry.toFixed(0)} B/row, ${(GB / perEntry / 1e6).toFixed(2)} M rows/GiB`)
