/**
 * Contention on Postgres (docs/reliability.md, "Invariants by locking"): 20, 50 and 100
 * concurrent callers on one activity (A5 capacity), one fund account (F3 balance) and one unit
 * (H3 one squadron captain), at read committed and at serializable. Every call ends in success or the
 * rule's typed refusal — none with retries exhausted — and the invariant holds when read back.
 * Retries are counted from the transactions the store began (`begin` statements sent, less the
 * calls) and printed per operation; docs/reliability.md records them.
 */
import pg from "pg"
import { Effect, Layer, ManagedRuntime, Result } from "effect"
import { describe, expect, it } from "vitest"
import * as Clock from "../../src/clock.js"
import * as Fixtures from "../../src/fixtures.js"
import type { ActorId, UnitId } from "../../src/ids.js"
import { IdGenerator, Store, StoreError, sequentialIds } from "../../src/store.js"
import { Activities, Organisation, Supervision } from "../../src/workflows/index.js"
import { clientPool, traitsFor, type Isolation } from "../../adapters/postgres/index.js"
import { makeKyselyStore, migrate } from "../../adapters/kysely/index.js"
import { storeLayer } from "../../adapters/shared/layers.js"
import { ephemeralKeyRing } from "../../adapters/shared/keyring.js"
import { activityInput, makeVolunteer, smallOrg } from "../conformance/activities.js"
import { databaseUrl, unreachable } from "../adapters/postgres-support.js"
import { Kysely, PostgresDialect } from "kysely"

const reason = await unreachable()
if (reason !== undefined && process.env.CI === "true") throw new Error(`${reason}. Under CI the contention tests must run.`)
const suite = reason === undefined ? describe : describe.skip

const office = Fixtures.officeActor as ActorId
let schemas = 0

interface Counted {
  readonly run: <A, E>(effect: Effect.Effect<A, E, Store | IdGenerator>) => Promise<A>
  readonly all: <A, E>(n: number, make: (i: number) => Effect.Effect<A, E, Store | IdGenerator>) => Promise<ReadonlyArray<Result.Result<A, E>>>
  /** Transactions begun since the last call. */
  readonly begun: () => number
  readonly close: () => Promise<void>
}

/** A store in a fresh schema at `isolation`, counting the transactions it begins. */
const open = async (isolation: Isolation): Promise<Counted> => {
  schemas += 1
  const schema = `vb_c_${process.pid}_${Date.now().toString(36)}_${schemas}`
  const admin = new pg.Client({ connectionString: databaseUrl })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, options: `-c search_path=${schema}` })
  let begins = 0
  const layer = storeLayer("postgres.open", async () => {
    const clients = clientPool(pool)
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: clients as never }) })
    await migrate(db)
    const traits = traitsFor(clients, { isolation })
    const connect = traits.connect!
    return makeKyselyStore(db, {
      ...traits,
      connect: async () => {
        const connection = await connect()
        return {
          ...connection,
          query: (sql, parameters) => {
            if (sql.startsWith("begin")) begins += 1
            return connection.query(sql, parameters)
          }
        }
      }
    }, ephemeralKeyRing())
  })
  const clock = Clock.make("2026-03-01T09:00:00+08:00")
  const runtime = ManagedRuntime.make(Layer.mergeAll(Layer.provideMerge(sequentialIds(), layer), clock.layer))
  let seen = 0
  return {
    run: (effect) => runtime.runPromise(effect),
    all: (n, make) => Promise.all(Array.from({ length: n }, (_, i) => runtime.runPromise(Effect.result(make(i))))),
    begun: () => {
      const n = begins - seen
      seen = begins
      return n
    },
    close: async () => {
      await runtime.dispose()
      await pool.end()
      const c = new pg.Client({ connectionString: databaseUrl })
      await c.connect()
      await c.query(`drop schema ${schema} cascade`)
      await c.end()
    }
  }
}

/** No call ended with retries exhausted (a retryable StoreError): every failure is the rule's refusal. */
const noneExhausted = <A, E>(results: ReadonlyArray<Result.Result<A, E>>, tag: string) => {
  for (const r of results) {
    if (Result.isFailure(r)) {
      expect(r.failure instanceof StoreError ? `StoreError(retryable: ${(r.failure as StoreError).retryable}): ${(r.failure as StoreError).cause}` : (r.failure as { _tag: string })._tag).toBe(tag)
    }
  }
}

const retriesOf = (db: Counted, calls: number) => db.begun() - calls

const SIZES = [20, 50, 100] as const
const ISOLATIONS: ReadonlyArray<readonly [Isolation, string]> = [
  ["readCommitted", "read committed"],
  ["serializable", "serializable"]
]

const table: Array<string> = []

for (const [isolation, label] of ISOLATIONS) {
  suite(`contention on Postgres at ${label}`, () => {
    for (const n of SIZES) {
      it(`A5: ${n} dispatches of different volunteers to one activity with ${n / 2} places (${label}) — exactly ${n / 2} assigned, the rest capacityFull, none with retries exhausted`, async () => {
        const db = await open(isolation)
        try {
          const org = await db.run(smallOrg)
          const volunteers = Array.from({ length: n }, (_, i) => makeVolunteer(i + 1, org.s1))
          await db.run(Effect.flatMap(Store, (s) => s.volunteers.insertMany(volunteers)))
          const a = await db.run(Activities.planActivity("captain-dh", activityInput(org.dh, 5, { capacity: n / 2 })))
          db.begun()
          const results = await db.all(n, (i) => Activities.dispatch("captain-dh", { activityId: a.id, volunteerId: volunteers[i]!.id }))
          const retries = retriesOf(db, n)
          noneExhausted(results, "AssignmentRefused")
          expect(results.filter(Result.isSuccess)).toHaveLength(n / 2)
          expect(await db.run(Effect.flatMap(Store, (s) => s.assignments.listByActivity(a.id)))).toHaveLength(n / 2)
          table.push(`${label} | dispatch, one activity | ${n} | ${retries}`)
        } finally {
          await db.close()
        }
      }, 120_000)

      it(`F3: ${n} expenses against one fund account that covers ${n / 2} of them (${label}) — exactly ${n / 2} spent, the rest FundsInsufficient, none with retries exhausted`, async () => {
        const db = await open(isolation)
        try {
          const org = await db.run(smallOrg)
          await db.run(Supervision.allocate(office, { squadronId: org.dh, year: 2026, amountFen: (n / 2) * 100 }))
          db.begun()
          const results = await db.all(n, () =>
            Supervision.spend("captain-dh", { squadronId: org.dh, year: 2026, amountFen: 100, purpose: { kind: "category", category: "activityMaterials" } })
          )
          const retries = retriesOf(db, n)
          noneExhausted(results, "FundsInsufficient")
          expect(results.filter(Result.isSuccess)).toHaveLength(n / 2)
          expect(await db.run(Supervision.balance(org.dh, 2026))).toEqual({ allocatedFen: (n / 2) * 100, spentFen: (n / 2) * 100, availableFen: 0 })
          table.push(`${label} | spend, one fund account | ${n} | ${retries}`)
        } finally {
          await db.close()
        }
      }, 120_000)

      it(`H3: ${n} squadron captains appointed to one squadron at once (${label}) — exactly one, the rest AppointmentInvalid, none with retries exhausted`, async () => {
        const db = await open(isolation)
        try {
          const org = await db.run(smallOrg)
          const squadron: UnitId = (
            await db.run(Organisation.createUnit(office, { level: "squadron", name: "新埭镇", code: "PH-XD", parentId: org.brigade, establishedOn: "2012-09-20" }))
          ).id
          db.begun()
          const results = await db.all(n, (i) =>
            Organisation.appoint(office, { unitId: squadron, actorId: `captain-${i}`, role: "squadronCaptain", holder: { name: "张三" }, since: "2026-03-01" })
          )
          const retries = retriesOf(db, n)
          noneExhausted(results, "AppointmentInvalid")
          expect(results.filter(Result.isSuccess)).toHaveLength(1)
          const captains = (await db.run(Organisation.load)).appointments.filter((x) => x.unitId === squadron && x.role === "squadronCaptain")
          expect(captains).toHaveLength(1)
          table.push(`${label} | appoint captain, one unit | ${n} | ${retries}`)
        } finally {
          await db.close()
        }
      }, 120_000)
    }
    it(`retries per operation (${label}) are printed for docs/reliability.md`, () => {
      const rows = table.filter((r) => r.startsWith(label))
      console.info(`[contention] isolation | operation | callers | retries\n${rows.join("\n")}`)
      expect(rows.length).toBe(SIZES.length * 3)
    })
  })
}
