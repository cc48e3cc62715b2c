/**
 * A host on Postgres: the host owns a pg Pool (from DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test) and gives it to the store layer, which migrates
 * the `vb_` tables into the pool's search_path. This example creates a schema of its own,
 * points the pool at it with `options: "-c search_path=..."`, and drops it at the end.
 *
 * It founds a brigade, a squadron and a squad, then sends 20 concurrent registrations of
 * the same person: SERIALIZABLE transactions with retries let exactly one win (V3), the
 * others fail with the typed DuplicateVolunteer.
 *
 * Run: `npx tsx examples/postgres-host.ts`. Exits with code 3 when the server is unreachable.
 * In a host, import from "volunteer-brigade" and "volunteer-brigade/postgres".
 */
import { Effect, Layer } from "effect"
import pg from "pg"
import { layer } from "../adapters/postgres/index.js"
import { ephemeralKeyRing } from "../adapters/crypto/index.js"
import { Fixtures, Identity, ManualClock, Workflows } from "../src/index.js"

const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const schema = `vb_example_${process.pid}_${Date.now().toString(36)}`

const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
try {
  await admin.connect()
} catch (e) {
  console.error(`unreachable: Postgres at ${url}: ${String(e)}`)
  process.exit(3)
}
await admin.query(`create schema ${schema}`)
const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` })

const office = Fixtures.officeActor
const program = Effect.gen(function* () {
  const brigade = yield* Workflows.Organisation.foundBrigade(office, Fixtures.pinghuBrigade)
  const town = yield* Workflows.Organisation.createUnit(office, {
    level: "squadron", name: "当湖街道", code: "PH-DH", parentId: brigade.id, establishedOn: "2012-09-20"
  })
  const squad = yield* Workflows.Organisation.createUnit(office, {
    level: "squad", name: "东湖社区", code: "PH-DH-01", parentId: town.id, establishedOn: "2012-09-25"
  })
  const first17 = "33048219900307123"
  const person = {
    name: "李四", gender: "male", birthDate: "1990-03-07",
    document: { type: "residentId", number: `${first17}${Identity.checkDigit(first17)}` },
    mobile: "13905730002", skills: ["securityPatrol"], squadId: squad.id, publishNameConsent: false
  }
  const results = yield* Effect.forEach(
    Array.from({ length: 20 }, () => person),
    (p) => Effect.result(Workflows.Volunteers.registerIndividual(office, p)),
    { concurrency: "unbounded" }
  )
  const won = results.filter((r) => r._tag === "Success").length
  const duplicates = results.filter((r) => r._tag === "Failure" && r.failure._tag === "DuplicateVolunteer").length
  console.log(`20 concurrent registrations of one person: ${won} accepted, ${duplicates} DuplicateVolunteer`)
  const members = yield* Workflows.Volunteers.list(office, { unitId: brigade.id })
  console.log(`volunteers in the brigade: ${members.length}`)
  const tree = yield* Workflows.Organisation.tree()
  console.log(`tree: ${tree?.unit.name} — ${tree?.counts.squadrons} squadron(s), ${tree?.counts.squads} squad(s)`)
})

const clock = ManualClock.make("2026-03-01T09:00:00+08:00")
try {
  await Effect.runPromise(program.pipe(Effect.provide(Layer.merge(layer(pool, { keyRing: ephemeralKeyRing() }), clock.layer))))
  const tables = await admin.query(
    "select count(*)::int as n from information_schema.tables where table_schema = $1 and table_name like 'vb_%'",
    [schema]
  )
  console.log(`schema ${schema.replace(/_\d+_[a-z0-9]+$/, "_…")}: ${tables.rows[0].n} vb_ tables`)
} finally {
  await pool.end()
  await admin.query(`drop schema ${schema} cascade`)
  await admin.end()
}
