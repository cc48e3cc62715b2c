/**
 * `npm run bench:checkin -- postgres|sqlite` — a diagnostic, not a target: one check-in timed
 * several ways in one process, on fresh tables (no hour ledger), so the library's cost can
 * be split into the server's work, the transaction's handling and the workflow's own
 * JavaScript. docs/performance.md quotes its figures.
 *
 * Postgres variants: `raw` (begin, two inserts, commit, one at a time — the bench's baseline),
 * `library` (the check-in workflow), `store` (the store's statements without the workflow),
 * `empty` (an empty store transaction), `hand-empty` (the same by hand), `hand-unnamed` and
 * `hand-named` (the workflow's statements by hand, pipelined as the library sends them, as
 * unnamed or named statements), `hand-minimal` (named, with the organisation version folded
 * into the read and the two inserts in one statement).
 * SQLite variants: `raw`, `library`, `store`, `empty`; `MEMORY=1` for in-memory databases.
 *
 * Env: `ONLY` (comma-separated variants; default: all), `N` (measured rounds, default 1000;
 * 300 rounds of warm-up first), `DATABASE_URL`. Rounds interleave the variants; with one
 * variant the process's CPU time per round is printed too. Interleaving many variants costs
 * the library more than the hand-written ones (each round runs more code on colder caches),
 * so compare two at a time (`ONLY=raw,library`, as the bench does).
 *
 * Like the bench, it runs under plain `node` from an esbuild bundle (under tsx the library's
 * check-in takes about half as much CPU again).
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import Database from "better-sqlite3"
import { Effect, ManagedRuntime } from "effect"
import pg from "pg"
import { Fixtures, Store, Workflows } from "../src/index.js"
import { migrate } from "../adapters/kysely/index.js"
import { layer as pgLayer } from "../adapters/postgres/index.js"
import { makeKeyRing } from "../adapters/crypto/index.js"
import { kyselyFor as sqliteKysely, layer as sqliteLayer } from "../adapters/sqlite/index.js"
import { bundle } from "./bundle.js"
import * as Data from "./data.js"

// one fixed ring for every phase (each a process of its own) of the run: they share the tables.
// Fixed bytes, for the bench only.
const keyRing = makeKeyRing({ keys: [{ id: "bench", secret: new Uint8Array(32).fill(7) }], activeKeyId: "bench", indexKey: new Uint8Array(32).fill(9) })

const N = Number(process.env.N ?? 1000)
const WARMUP = 300
const ROUNDS = N + WARMUP
const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"

type Variant = (i: number) => unknown
type StoreShape = Store.StoreShape
type Runtime = ManagedRuntime.ManagedRuntime<Store.Store | Store.IdGenerator, unknown>

type Work = Data.CheckInWork

/** The organisation, the activities and `n` assignments, inserted through the store. */
const setUp = async (runtime: Runtime, n: number) => {
  const org = await runtime.runPromise(Fixtures.seedPinghu)
  const ds = Data.makeDataSet(org, 10)
  const store = await runtime.runPromise(Store.Store)
  await runtime.runPromise(store.transaction(Effect.forEach(ds.activities, (a) => store.activities.insert(Data.activityRecord(a)), { discard: true })))
  const work = Data.assignmentsFor(ds, n)
  await runtime.runPromise(store.transaction(Effect.forEach(work, (w) => store.assignments.insert(w.assignment), { discard: true })))
  let next = 0
  return { store, take: () => work[next++]! }
}

const event = (w: Work) => ({ assignmentId: w.assignment.id, kind: "checkIn", at: w.activity.start + 60_000, evidence: "code", badgeWorn: true })
const recordOf = (w: Work, id: string) => ({
  id,
  activityId: w.activity.id,
  volunteerId: w.assignment.volunteerId,
  event: event(w),
  recordedBy: w.activity.leader,
  recordedAt: Date.now()
})

/** The library's check-in, and the store's statements for it without the workflow. */
const libraryVariants = (runtime: Runtime, store: StoreShape, take: () => Work): Record<string, Variant> => ({
  library: () => {
    const w = take()
    return runtime.runPromise(Workflows.Activities.checkIn(w.activity.leader, event(w)))
  },
  store: (i) => {
    const w = take()
    const id = `attendance_store_${i}`
    return runtime.runPromise(
      store.transaction(
        Effect.flatMap(store.assignments.getWithActivity(w.assignment.id), () =>
          Effect.andThen(
            store.attendance.append(recordOf(w, id) as never),
            store.audit.append({ id: `audit_store_${i}`, actorId: w.activity.leader, at: Date.now(), operation: "activities.recordAttendance", targetKind: "attendance", targetId: id } as never)
          )
        )
      )
    )
  },
  empty: () => runtime.runPromise(store.transaction(Effect.void))
})

const INSERT_ATTENDANCE = "insert into vb_attendance (id, activity_id, volunteer_id, data) values ($1, $2, $3, $4)"
const INSERT_AUDIT = "insert into vb_audit (id, actor_id, at, operation, target_kind, target_id) values ($1, $2, $3, $4, $5, $6)"
const READ_JOINED =
  'select "vb_assignments"."data" as "assignment", "vb_activities"."data" as "activity" from "vb_assignments" left join "vb_activities" on "vb_activities"."id" = "vb_assignments"."activity_id" where "vb_assignments"."id" = $1'
const READ_VERSION = 'select "version" from "vb_meta" where "key" = $1'
const BEGIN = "begin isolation level serializable"

/** Statements sent in this turn of the event loop leave in one socket write (as the library's do). */
const corked = (client: pg.PoolClient) => {
  const stream = (client as unknown as { connection: { stream: { cork: () => void; uncork: () => void } } }).connection.stream
  stream.cork()
  process.nextTick(() => stream.uncork())
}
const pipelined = (client: pg.PoolClient, on: boolean) => {
  ;(client as unknown as { pipeline: boolean }).pipeline = on
}

const postgres = async (only: ReadonlyArray<string> | undefined) => {
  const schema = `vb_variants_${process.pid}`
  const admin = new pg.Client({ connectionString: databaseUrl })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, options: `-c search_path=${schema}` })
  const runtime: Runtime = ManagedRuntime.make(pgLayer(pool, { keyRing }))
  try {
    const { store, take } = await setUp(runtime, ROUNDS * 9)
    const raw = await pool.connect()
    const statement = (name: string | undefined, text: string, values: Array<unknown>) => (name === undefined ? { text, values } : { name, text, values })
    /** The workflow's statements by hand: begin with the reads, then the inserts with commit. */
    const byHand = async (i: number, named: boolean, minimal: boolean) => {
      const client = await pool.connect()
      pipelined(client, true)
      try {
        const w = take()
        const id = `attendance_hand_${named}_${minimal}_${i}`
        const name = (n: string) => (named ? `variants_${n}` : undefined)
        corked(client)
        const begin = client.query(BEGIN)
        const version = minimal ? undefined : client.query(statement(name("version"), READ_VERSION, ["organisation"]))
        const read = minimal
          ? client.query(statement(name("joined_version"), READ_JOINED.replace(' from "vb_assignments"', ', (select "version" from "vb_meta" where "key" = $2) as version from "vb_assignments"'), [w.assignment.id, "organisation"]))
          : client.query(statement(name("joined"), READ_JOINED, [w.assignment.id]))
        await begin
        await version
        JSON.parse((await read).rows[0].assignment)
        corked(client)
        const audit = [`audit_hand_${named}_${minimal}_${i}`, w.activity.leader, Date.now(), "activities.recordAttendance", "attendance", id]
        const attendance = [id, w.activity.id, w.assignment.volunteerId, JSON.stringify(recordOf(w, id))]
        const inserts = minimal
          ? [client.query(statement(name("both"), `with a as (${INSERT_ATTENDANCE}) ${INSERT_AUDIT.replace(/\$(\d)/g, (_, d: string) => `$${Number(d) + 4}`)}`, [...attendance, ...audit]))]
          : [client.query(statement(name("attendance"), INSERT_ATTENDANCE, attendance)), client.query(statement(name("audit"), INSERT_AUDIT, audit))]
        const commit = client.query("commit")
        await Promise.all(inserts)
        await commit
      } finally {
        pipelined(client, false)
        client.release()
      }
    }
    const variants: Record<string, Variant> = {
      raw: async (i) => {
        const w = take()
        const id = `attendance_raw_${i}`
        await raw.query(BEGIN)
        await raw.query(INSERT_ATTENDANCE, [id, w.activity.id, w.assignment.volunteerId, JSON.stringify(recordOf(w, id))])
        await raw.query(INSERT_AUDIT, [`audit_raw_${i}`, w.activity.leader, Date.now(), "activities.recordAttendance", "attendance", id])
        await raw.query("commit")
      },
      ...libraryVariants(runtime, store, take),
      "hand-empty": async () => {
        const client = await pool.connect()
        pipelined(client, true)
        corked(client)
        const begin = client.query(BEGIN)
        const version = client.query(statement("variants_version", READ_VERSION, ["organisation"]))
        await begin
        await version
        await client.query("commit")
        pipelined(client, false)
        client.release()
      },
      "hand-unnamed": (i) => byHand(i, false, false),
      "hand-named": (i) => byHand(i, true, false),
      "hand-minimal": (i) => byHand(i, true, true)
    }
    await measure(variants, only)
    raw.release()
  } finally {
    await runtime.dispose()
    await pool.end()
    await admin.query(`drop schema ${schema} cascade`)
    await admin.end()
  }
}

const sqlite = async (only: ReadonlyArray<string> | undefined) => {
  const dir = mkdtempSync(join(tmpdir(), "vb-variants-"))
  const memory = process.env.MEMORY === "1"
  const libraryDb = new Database(memory ? ":memory:" : join(dir, "library.db"))
  const rawDb = new Database(memory ? ":memory:" : join(dir, "raw.db"))
  await migrate(sqliteKysely(rawDb))
  const runtime: Runtime = ManagedRuntime.make(sqliteLayer(libraryDb, { keyRing }))
  try {
    const { store, take } = await setUp(runtime, ROUNDS * 4)
    const insertAttendance = rawDb.prepare("insert into vb_attendance (id, activity_id, volunteer_id, data) values (?, ?, ?, ?)")
    const insertAudit = rawDb.prepare("insert into vb_audit (id, actor_id, at, operation, target_kind, target_id) values (?, ?, ?, ?, ?, ?)")
    const rawCheckIn = rawDb.transaction((w: Work, i: number) => {
      const id = `attendance_raw_${i}`
      insertAttendance.run(id, w.activity.id, w.assignment.volunteerId, JSON.stringify(recordOf(w, id)))
      insertAudit.run(`audit_raw_${i}`, w.activity.leader, Date.now(), "activities.recordAttendance", "attendance", id)
    })
    await measure({ raw: (i) => rawCheckIn.immediate(take(), i), ...libraryVariants(runtime, store, take) }, only)
  } finally {
    await runtime.dispose()
    libraryDb.close()
    rawDb.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

const measure = async (all: Record<string, Variant>, only: ReadonlyArray<string> | undefined) => {
  const names = only ?? Object.keys(all)
  for (const n of names) if (all[n] === undefined) throw new Error(`no variant ${n}; there are: ${Object.keys(all).join(", ")}`)
  const total = new Map(names.map((n) => [n, 0]))
  let cpu: NodeJS.CpuUsage | undefined
  for (let i = 0; i < ROUNDS; i++) {
    if (i === WARMUP) cpu = process.cpuUsage()
    for (const n of names) {
      const t0 = performance.now()
      await all[n]!(i)
      if (i >= WARMUP) total.set(n, total.get(n)! + performance.now() - t0)
    }
  }
  const used = process.cpuUsage(cpu)
  const raw = total.get("raw")
  for (const n of names) {
    const ms = total.get(n)! / N
    const ratio = raw === undefined ? "" : `  ratio ${(total.get(n)! / raw).toFixed(2)}`
    process.stdout.write(`${n.padEnd(13)} ${ms.toFixed(3)} ms${ratio}\n`)
  }
  if (names.length === 1) process.stdout.write(`client CPU per check-in: ${(used.user / N).toFixed(0)} µs user, ${(used.system / N).toFixed(0)} µs system\n`)
}

const [target] = process.argv.slice(2)
const only = process.env.ONLY?.split(",")
if (target !== "postgres" && target !== "sqlite") throw new Error("usage: tsx bench/checkin-variants.ts postgres|sqlite")
if (!import.meta.url.endsWith(".mjs")) {
  // under tsx: bundle this file with the library's sources and run the bundle under plain node
  const out = fileURLToPath(new URL("./.build/checkin-variants.mjs", import.meta.url))
  await bundle(import.meta.url, out)
  process.exitCode = spawnSync(process.execPath, [out, target], { stdio: "inherit" }).status ?? 1
} else if (target === "postgres") await postgres(only)
else await sqlite(only)
