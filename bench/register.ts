/**
 * `npm run bench:register` — a registration through the workflow (decode, validation,
 * jurisdiction, the duplicate look-up by blind index, sealing of the personal fields, insert,
 * audit) against a raw better-sqlite3 transaction writing the same record the way the version
 * before sealing stored it (clear JSON, clear identity key, the audit row), on files in a
 * temporary directory. Interleaved rounds, the first BENCH_WARMUP not counted. Prints one JSON
 * row like `npm run bench`.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import Database from "better-sqlite3"
import { Effect, Layer, ManagedRuntime, Schema } from "effect"
import { makeKeyRing } from "../adapters/crypto/index.js"
import { migrate } from "../adapters/kysely/index.js"
import { kyselyFor, layer } from "../adapters/sqlite/index.js"
import { Fixtures, Store, Volunteer, Workflows } from "../src/index.js"
import { residentIdFor } from "../test/conformance/volunteers.js"

const N = Number(process.env.BENCH_REGISTRATIONS ?? 2000)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300)
const keyRing = makeKeyRing({ keys: [{ id: "bench", secret: new Uint8Array(32).fill(7) }], activeKeyId: "bench", indexKey: new Uint8Array(32).fill(9) })

const dir = mkdtempSync(join(tmpdir(), "vb-bench-register-"))
const libDb = new Database(join(dir, "library.db"))
const rawDb = new Database(join(dir, "baseline.db"))
try {
  await migrate(kyselyFor(rawDb))
  const runtime = ManagedRuntime.make(Layer.provideMerge(layer(libDb, { keyRing }), Store.sequentialIds()))
  const org = await runtime.runPromise(Fixtures.seedPinghu)
  const squad = org.squads[0]!
  const person = (i: number) => {
    // residentIdFor repeats every 500 sequences: one birth year per block
    const year = 1960 + Math.floor(i / 500)
    return {
      name: "张三", gender: "male", birthDate: `${year}-06-07`,
      document: { type: "residentId", number: residentIdFor(`${year}0607`, i) },
      mobile: `158${String(10_000_000 + i).slice(-8)}`, officePhone: "0573-85030727",
      skills: ["legalAid"], squadId: squad.id, publishNameConsent: false
    }
  }
  const encode = Schema.encodeSync(Volunteer.Individual)
  const insertVolunteer = rawDb.prepare("insert into vb_volunteers (id, identity_key, squad_id, status, data) values (?, ?, ?, ?, ?)")
  const findIdentity = rawDb.prepare("select id from vb_volunteers where identity_key = ?")
  const insertAudit = rawDb.prepare("insert into vb_audit (id, actor_id, at, operation, target_kind, target_id) values (?, ?, ?, ?, ?, ?)")
  const raw = rawDb.transaction((i: number) => {
    const input = person(i) as unknown as Volunteer.IndividualInput
    const v = Volunteer.makeIndividual(`volunteer_raw_${i}` as never, `PH-${i}`, input, "2026-03-01" as never)
    const key = Volunteer.identityKey(v.document)
    if (findIdentity.get(key) !== undefined) throw new Error("duplicate")
    insertVolunteer.run(v.id, key, v.squadId, v.status, JSON.stringify(encode(v)))
    insertAudit.run(`audit_raw_${i}`, Fixtures.officeActor, Date.now(), "volunteers.registerIndividual", "volunteer", v.id)
  })
  let lib = 0
  let base = 0
  for (let i = 0; i < WARMUP + N; i++) {
    const counted = i >= WARMUP ? 1 : 0
    let t0 = performance.now()
    await runtime.runPromise(Workflows.Volunteers.registerIndividual(Fixtures.officeActor, person(i)))
    lib += counted * (performance.now() - t0)
    t0 = performance.now()
    raw.immediate(i)
    base += counted * (performance.now() - t0)
  }
  const round = (x: number) => Math.round(x * 1000) / 1000
  process.stdout.write(`${JSON.stringify({ case: "sqlite.register", n: N, warmup: WARMUP, library_ms: round(lib / N), baseline_ms: round(base / N), ratio: round(lib / base) })}\n`)
  await runtime.dispose()
} finally {
  libDb.close()
  rawDb.close()
  rmSync(dir, { recursive: true, force: true })
}
