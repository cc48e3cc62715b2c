/**
 * Faults of the Postgres connection (docs/reliability.md, "Connections that fail cleanly"):
 * backends of this test's own connections (found by their `application_name`, so other test
 * files running at the same time are untouched) are terminated again and again while 20
 * callers write; then a pool of one client is poisoned every way a call can fail, and must
 * keep working.
 */
import pg from "pg"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Clock from "../../src/clock.js"
import { IdGenerator, Store, StoreError } from "../../src/store.js"
import { Supervision, Volunteers } from "../../src/workflows/index.js"
import { layer, layerFromUrl } from "../../adapters/postgres/index.js"
import * as Seed from "../model/seed.js"
import { databaseUrl, unreachable } from "../adapters/postgres-support.js"
import { ephemeralKeyRing } from "../../adapters/shared/keyring.js"

const reason = await unreachable()
if (reason !== undefined && process.env.CI === "true") throw new Error(`${reason}. Under CI the fault tests must run.`)
const suite = reason === undefined ? describe : describe.skip

const CALLERS = 20
const KILLS = 50

let schemas = 0
const admin = () => new pg.Client({ connectionString: databaseUrl })

/** A fresh schema (dropped by the returned function) and an application name for its connections. */
const freshSchema = async () => {
  schemas += 1
  const name = `vb_f_${process.pid}_${Date.now().toString(36)}_${schemas}`
  const c = admin()
  await c.connect()
  await c.query(`create schema ${name}`)
  await c.end()
  return {
    name,
    application: `vb-fault-${name}`,
    drop: async () => {
      const d = admin()
      await d.connect()
      await d.query(`drop schema ${name} cascade`)
      await d.end()
    }
  }
}

/** Terminates the backends of connections named `application` (all, or only idle ones); returns how many. */
const terminate = async (killer: pg.Client, application: string, onlyIdle = false): Promise<number> => {
  const r = await killer.query(
    `select pg_terminate_backend(pid) as t from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()${onlyIdle ? " and state = 'idle'" : ""}`,
    [application]
  )
  return r.rows.filter((x: { t: boolean }) => x.t).length
}

type Runtime = ManagedRuntime.ManagedRuntime<Store | IdGenerator, StoreError>

interface Outcome {
  readonly amount: number
  readonly result: "ok" | "failed" | "unknown"
}

/**
 * 20 callers allocate funds (each call a distinct amount, so its row can be recognised) while
 * backends are killed until `KILLS` terminations happened; returns every call's outcome.
 */
const underFire = async (rt: Runtime, application: string, squadronId: string): Promise<{ outcomes: ReadonlyArray<Outcome>; kills: number }> => {
  const killer = admin()
  await killer.connect()
  let kills = 0
  let next = 0
  const outcomes: Array<Outcome> = []
  const done = (async () => {
    while (kills < KILLS) {
      await new Promise((r) => setTimeout(r, 15 + Math.random() * 30))
      kills += await terminate(killer, application)
    }
  })()
  let stop = false
  void done.then(() => {
    stop = true
  })
  const caller = async () => {
    while (!stop) {
      next += 1
      const amount = next
      const exit = await rt.runPromiseExit(Supervision.allocate(Seed.office, { squadronId, year: 2026, amountFen: amount }))
      if (exit._tag === "Success") outcomes.push({ amount, result: "ok" })
      else {
        const error = exit.cause.reasons.find((r) => r._tag === "Fail")
        const failure = error?._tag === "Fail" ? error.error : undefined
        // a lost connection is a typed StoreError, never a defect
        expect(failure).toBeInstanceOf(StoreError)
        outcomes.push({ amount, result: (failure as StoreError).commitUnknown ? "unknown" : "failed" })
      }
    }
  }
  await Promise.all([done, ...Array.from({ length: CALLERS }, caller)])
  await killer.end()
  return { outcomes, kills }
}

/** Every acknowledged write is there; no failed call wrote; the commit-unknown ones are reconciled; nothing is half-written. */
const verify = async (rt: Runtime, outcomes: ReadonlyArray<Outcome>, squadronId: string) => {
  const stored = await rt.runPromise(Effect.flatMap(Store, (s) => s.funds.list({ squadronId: squadronId as never, year: 2026 })))
  const amounts = new Set(stored.map((e) => e.amountFen as number))
  expect(amounts.size).toBe(stored.length) // each call wrote at most once (no retry wrote twice)
  for (const o of outcomes) {
    if (o.result === "ok") expect(amounts.has(o.amount), `acknowledged allocation ${o.amount}`).toBe(true)
    if (o.result === "failed") expect(amounts.has(o.amount), `failed allocation ${o.amount}`).toBe(false)
  }
  // reconciliation: a commit-unknown call is looked up; whatever is there is all there is
  const unknown = outcomes.filter((o) => o.result === "unknown")
  const reconciled = unknown.filter((o) => amounts.has(o.amount)).length
  expect(stored.length).toBe(outcomes.filter((o) => o.result === "ok").length + reconciled)
  // every allocation is audited in its own transaction: as many audit entries as allocations
  const audited = await rt.runPromise(Effect.flatMap(Store, (s) => s.audit.list({ operation: "funds.allocate" })))
  expect(audited.length).toBe(stored.length)
  return { stored: stored.length, unknown: unknown.length, reconciled }
}

/** 100 calls after the kills, each must succeed. */
const afterwards = async (rt: Runtime, squadronId: string) => {
  const results = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      rt.runPromiseExit(Supervision.allocate(Seed.office, { squadronId, year: 2027, amountFen: i + 1 }))
    )
  )
  expect(results.filter((r) => r._tag === "Failure").map(String)).toEqual([])
}

const caught: Array<unknown> = []
const onUncaught = (e: unknown, origin: unknown) => {
  caught.push(`${String(origin)}: ${String(e)} ${(e as Error).stack}`)
}

suite("faults: Postgres connections killed under load", () => {
  beforeAll(() => {
    process.on("uncaughtException", onUncaught)
  })
  afterAll(() => {
    process.off("uncaughtException", onUncaught)
  })

  const scenario = async (make: (schema: string, application: string) => { layer: Layer.Layer<Store | IdGenerator, StoreError>; end: () => Promise<void> }) => {
    const schema = await freshSchema()
    const { layer: storeLayer, end } = make(schema.name, schema.application)
    const clock = Clock.make("2026-03-01T09:00:00+08:00")
    const rt = ManagedRuntime.make(Layer.merge(storeLayer, clock.layer))
    try {
      const seeded = await rt.runPromise(Seed.build)
      const { outcomes, kills } = await underFire(rt, schema.application, seeded.units.dh)
      expect(kills).toBeGreaterThanOrEqual(KILLS)
      // idle clients killed while nobody calls: the pool drops them and opens new ones
      const killer = admin()
      await killer.connect()
      await terminate(killer, schema.application, true)
      await killer.end()
      await new Promise((r) => setTimeout(r, 100))
      const counts = await verify(rt, outcomes, seeded.units.dh)
      await afterwards(rt, seeded.units.dh)
      expect(caught.map(String)).toEqual([])
      return { calls: outcomes.length, kills, ...counts }
    } finally {
      await rt.dispose()
      await end()
      await schema.drop()
    }
  }

  it("R: a host-owned pool survives ≥ 50 backend kills under 20 callers — no uncaught error, acknowledged writes kept, failed calls wrote nothing", async () => {
    const counts = await scenario((schema, application) => {
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, application_name: application, options: `-c search_path=${schema}` })
      return { layer: layer(pool, { keyRing: ephemeralKeyRing() }), end: () => pool.end() }
    })
    console.info("[faults] host pool:", counts)
  }, 60_000)

  it("R: the pool of layerFromUrl survives ≥ 50 backend kills under 20 callers, and idle clients killed while nobody calls", async () => {
    const counts = await scenario((schema, application) => {
      const url = new URL(databaseUrl)
      url.searchParams.set("application_name", application)
      url.searchParams.set("options", `-c search_path=${schema}`)
      return { layer: layerFromUrl(url.toString(), { keyRing: ephemeralKeyRing() }), end: async () => undefined }
    })
    console.info("[faults] layerFromUrl pool:", counts)
  }, 60_000)
})

suite("faults: a pool of one client is never poisoned", () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>
  let pool: pg.Pool
  let rt: ManagedRuntime.ManagedRuntime<Store | IdGenerator | never, StoreError>
  let seeded: Seed.Seeded
  beforeAll(async () => {
    schema = await freshSchema()
    pool = new pg.Pool({ connectionString: databaseUrl, max: 1, application_name: schema.application, options: `-c search_path=${schema.name} -c statement_timeout=2000` })
    rt = ManagedRuntime.make(Layer.merge(layer(pool, { keyRing: ephemeralKeyRing() }), Clock.make("2026-03-01T09:00:00+08:00").layer))
    seeded = await rt.runPromise(Seed.build)
    await rt.runPromise(Effect.flatMap(Store, (s) => s.volunteers.insertMany(seeded.volunteers)))
  }, 60_000)
  afterAll(async () => {
    await rt.dispose()
    await pool.end()
    await schema.drop()
  })

  /** 20 valid reads and 5 valid writes on the one connection, all succeed. */
  const stillWorks = async () => {
    const id = seeded.volunteers[0]!.id
    for (let i = 0; i < 20; i++) expect((await rt.runPromise(Volunteers.get(Seed.office, id))).id).toBe(id)
    for (let i = 0; i < 5; i++)
      await rt.runPromise(Supervision.allocate(Seed.office, { squadronId: seeded.units.dh, year: 2026, amountFen: 100 + i }))
  }

  it("R: a parameter that throws while pg serialises it (toJSON, a Proxy) fails the call; the named statement stays usable", async () => {
    await stillWorks()
    const hostile: ReadonlyArray<unknown> = [
      {
        toJSON() {
          throw new Error("boom")
        }
      },
      new Proxy(
        {},
        {
          get() {
            throw new Error("trap")
          }
        }
      )
    ]
    for (const value of hostile) {
      const exit = await rt.runPromiseExit(Effect.flatMap(Store, (s) => s.volunteers.get(value as never)))
      expect(exit._tag).toBe("Failure")
      await stillWorks()
    }
  })

  /** Runs `get` while another session holds the volunteers table locked, and `interrupt` ends it. */
  const blocked = async (interrupt: (killer: pg.Client) => Promise<void>) => {
    const locker = admin()
    await locker.connect()
    await locker.query("begin")
    await locker.query(`lock table ${schema.name}.vb_volunteers in access exclusive mode`)
    try {
      const call = rt.runPromiseExit(Volunteers.get(Seed.office, seeded.volunteers[0]!.id))
      await new Promise((r) => setTimeout(r, 100))
      await interrupt(locker)
      const exit = await call
      expect(exit._tag).toBe("Failure")
      if (exit._tag === "Failure") expect(exit.cause.reasons.find((r) => r._tag === "Fail")).toMatchObject({ error: { _tag: "StoreError" } })
    } finally {
      await locker.query("rollback").catch(() => undefined)
      await locker.end()
    }
  }

  const signal = (fn: "pg_cancel_backend" | "pg_terminate_backend") => async (killer: pg.Client) => {
    await killer.query(`select ${fn}(pid) from pg_stat_activity where application_name = $1 and state = 'active' and pid <> pg_backend_pid()`, [
      schema.application
    ])
  }

  it("R: a statement cancelled by statement_timeout, by pg_cancel_backend, or terminated leaves the pool usable", async () => {
    await stillWorks()
    // nothing interrupts it: the connection's statement_timeout (2 s) cancels the blocked read
    await blocked(async () => undefined)
    await stillWorks()
    await blocked(signal("pg_cancel_backend"))
    await stillWorks()
    await blocked(signal("pg_terminate_backend"))
    await stillWorks()
  }, 30_000)
})
