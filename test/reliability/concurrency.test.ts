/**
 * Concurrency on a SQLite FILE with several connections: four better-sqlite3 Database objects
 * on one file, each wrapped in its own store (as several workers of a host would), 100
 * concurrent conflicting operations per case spread over them. Each case ends with exactly the
 * allowed winners, typed errors for the rest, and the invariant intact when read back through
 * a fresh connection. The single-connection and Postgres-pool variants of the same cases are in
 * the conformance suite (test/conformance/*.ts, run by test/adapters/*.test.ts).
 */
import Database from "better-sqlite3"
import { Effect, Layer, ManagedRuntime, Result } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import * as Activity from "../../src/activity.js"
import * as Clock from "../../src/clock.js"
import { checkDigit } from "../../src/identity.js"
import type { ActivityId, UnitId, VolunteerId } from "../../src/ids.js"
import { IdGenerator, Store } from "../../src/store.js"
import { instant, type Instant } from "../../src/time.js"
import { Activities, Hours, Supervision, Volunteers } from "../../src/workflows/index.js"
import { layer } from "../../adapters/sqlite/index.js"
import { activityInput, makeVolunteer } from "../conformance/activities.js"
import * as Seed from "../model/seed.js"

const CONNECTIONS = 4
const N = 100
/**
 * The connections share one thread: better-sqlite3 is synchronous, so a busy timeout would
 * block the event loop while the lock holder cannot run (each conflict stalls for the whole
 * timeout). In one process the busy wait is therefore off and the store's retry policy
 * (jittered exponential backoff, which yields to the event loop) does the waiting.
 */
const options = { busyTimeoutMs: 0 }

interface Connections {
  readonly run: <A, E>(i: number, effect: Effect.Effect<A, E, Store | IdGenerator>) => Promise<A>
  readonly all: <A, E>(make: (i: number) => Effect.Effect<A, E, Store | IdGenerator>) => Promise<ReadonlyArray<Result.Result<A, E>>>
  /** Reads through a new connection opened after the race. */
  readonly fresh: <A, E>(effect: Effect.Effect<A, E, Store | IdGenerator>) => Promise<A>
  readonly clock: Clock.ManualClock
  readonly close: () => Promise<void>
}

const open = async (): Promise<Connections> => {
  const dir = mkdtempSync(join(tmpdir(), "vb-conc-"))
  const file = join(dir, "store.db")
  const clock = Clock.make("2026-03-01T09:00:00+08:00")
  const databases = Array.from({ length: CONNECTIONS }, () => new Database(file))
  const runtimes = databases.map((db) => ManagedRuntime.make(Layer.merge(layer(db, options), clock.layer)))
  // build (and migrate) one after the other, then race
  for (const rt of runtimes) await rt.runPromise(Effect.void)
  const run = <A, E>(i: number, effect: Effect.Effect<A, E, Store | IdGenerator>) => runtimes[i % CONNECTIONS]!.runPromise(effect)
  return {
    run,
    all: (make) => Promise.all(Array.from({ length: N }, (_, i) => run(i, Effect.result(make(i))))),
    fresh: async (effect) => {
      const db = new Database(file)
      const rt = ManagedRuntime.make(Layer.merge(layer(db, options), clock.layer))
      try {
        return await rt.runPromise(effect)
      } finally {
        await rt.dispose()
        db.close()
      }
    },
    clock,
    close: async () => {
      for (const rt of runtimes) await rt.dispose()
      for (const db of databases) db.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

const at = (day: number, hhmm: string): Instant => instant(`2026-03-${String(day).padStart(2, "0")}T${hhmm}:00+08:00`)

const person = (squadId: string, name: string) => ({
  name,
  gender: "male",
  birthDate: "1980-05-17",
  document: { type: "residentId", number: `33048219800517001${checkDigit("33048219800517001")}` },
  mobile: "13905700001",
  skills: ["policyPublicity"],
  squadId,
  publishNameConsent: false
})

describe(`concurrency: SQLite file with ${CONNECTIONS} connections, ${N} conflicting operations per case`, () => {
  let c: Connections
  let seeded: Seed.Seeded
  beforeEach(async () => {
    c = await open()
    seeded = await c.run(0, Seed.build)
  }, 60_000)
  afterEach(async () => c.close())

  it("V3: the same person registered 100 times at once over 4 connections — one record, 99 DuplicateVolunteer", async () => {
    const { s1, s2 } = seeded.units
    const results = await c.all((i) => Volunteers.registerIndividual(Seed.office, person(i % 2 ? s1 : s2, `王建国${i}`)))
    const winners = results.filter(Result.isSuccess)
    expect(winners).toHaveLength(1)
    for (const r of results) if (Result.isFailure(r)) expect(r.failure).toMatchObject({ _tag: "DuplicateVolunteer", existingId: winners[0]!.success.id })
    expect(await c.fresh(Effect.flatMap(Store, (s) => s.volunteers.list()))).toEqual([winners[0]!.success])
  })

  it("A5: 100 sign-ups for the last 3 places over 4 connections — exactly 3 assignments", async () => {
    const volunteers = Array.from({ length: N }, (_, i) => makeVolunteer(i + 1, i % 2 ? seeded.units.s1 : seeded.units.s2))
    await c.run(0, Effect.flatMap(Store, (s) => s.volunteers.insertMany(volunteers)))
    const a = await c.run(0, Activities.planActivity("captain-dh", activityInput(seeded.units.dh, 5, { capacity: 3 })))
    const results = await c.all((i) => Activities.signUp(Activities.selfActor(volunteers[i]!.id), { activityId: a.id, volunteerId: volunteers[i]!.id }))
    expect(results.filter(Result.isSuccess)).toHaveLength(3)
    for (const r of results) if (Result.isFailure(r)) expect(r.failure).toMatchObject({ _tag: "AssignmentRefused", reason: "capacityFull" })
    expect(await c.fresh(Effect.flatMap(Store, (s) => s.assignments.listByActivity(a.id)))).toHaveLength(3)
  })

  it("A5: 100 overlapping assignments of one volunteer over 4 connections — exactly one", async () => {
    await c.run(0, Effect.flatMap(Store, (s) => s.volunteers.insertMany([makeVolunteer(1, seeded.units.s1)])))
    const ids = await c.run(
      0,
      Effect.gen(function* () {
        const store = yield* Store
        const out: Array<ActivityId> = []
        for (let i = 0; i < N; i++) {
          const id = `act-${String(i).padStart(3, "0")}` as ActivityId
          const input = Activity.ActivityInput.make(activityInput(seeded.units.dh, 5, { title: `巡查 ${i}` }) as never)
          yield* store.activities.insert(Activity.plan(id, { ...input, window: { start: at(5, "09:00"), end: (at(5, "10:00") + i * 60_000) as Instant } }))
          out.push(id)
        }
        return out
      })
    )
    const results = await c.all((i) => Activities.dispatch("captain-dh", { activityId: ids[i]!, volunteerId: "vol-1" }))
    expect(results.filter(Result.isSuccess)).toHaveLength(1)
    for (const r of results) if (Result.isFailure(r)) expect(r.failure).toMatchObject({ _tag: "AssignmentRefused", reason: "doubleBooked" })
    expect(await c.fresh(Effect.flatMap(Store, (s) => s.assignments.listByVolunteer("vol-1" as VolunteerId)))).toHaveLength(1)
  })

  it("T9: 100 certificates issued at once over 4 connections — distinct consecutive serials, none lost", async () => {
    const v = makeVolunteer(1, seeded.units.s1)
    await c.run(
      0,
      Effect.gen(function* () {
        const store = yield* Store
        yield* store.volunteers.insert(v)
        yield* store.hours.append({
          id: "hours-1" as never,
          volunteerId: v.id,
          recordingUnitId: seeded.units.s1,
          squadId: seeded.units.s1,
          serviceStart: at(2, "09:00"),
          serviceEnd: at(2, "12:00"),
          minutes: 180 as never,
          kind: "makeUp",
          evidence: "makeUp",
          recordedAt: at(2, "13:00"),
          recordedBy: Seed.office,
          reason: "补录",
          approvedBy: Seed.office
        } as never)
      })
    )
    c.clock.set(instant("2026-04-01T10:00:00+08:00"))
    const issuer = { unitId: seeded.units.s1, personInCharge: "章萍", handler: "李明", contact: "85030727" }
    const results = await c.all(() => Hours.issueCertificate("leader-s1", { volunteerId: v.id, from: "2026-03-01", to: "2026-03-31", issuer }))
    expect(results.filter(Result.isFailure)).toEqual([]) // certificates do not conflict for long: every one is issued
    const serials = results.filter(Result.isSuccess).map((r) => r.success.serial)
    expect(serials).toHaveLength(N)
    expect([...serials].sort()).toEqual(Array.from({ length: N }, (_, i) => `PHDH01-2026-${String(i + 1).padStart(6, "0")}`))
    const stored = await c.fresh(Hours.certificatesOf(v.id))
    expect(stored.map((x) => x.serial).sort()).toEqual([...serials].sort())
  })

  it("F3: 100 expenses against the last of an allocation over 4 connections — exactly as many as the balance allows", async () => {
    const { dh } = seeded.units
    await c.run(0, Supervision.allocate(Seed.office, { squadronId: dh, year: 2026, amountFen: 1_050 }))
    const results = await c.all(() =>
      Supervision.spend("captain-dh", { squadronId: dh, year: 2026, amountFen: 100, purpose: { kind: "category", category: "activityMaterials" } })
    )
    expect(results.filter(Result.isSuccess)).toHaveLength(10)
    for (const r of results) if (Result.isFailure(r)) expect(r.failure).toMatchObject({ _tag: "FundsInsufficient", squadronId: dh })
    expect(await c.fresh(Supervision.balance(dh, 2026))).toEqual({ allocatedFen: 1_050, spentFen: 1_000, availableFen: 50 })
  })
})
