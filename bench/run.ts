/**
 * `npm run bench` — the library next to hand-written raw-driver baselines, in the same process,
 * on the seeded data set (bench/data.ts). Each phase runs in a child process of its own, so
 * a phase's peak RSS (`process.resourceUsage().maxRSS`) is its own. Prints one JSON line per
 * case and writes them all to bench/results.json. Not part of `npm test`.
 *
 * Phases: sqlite (a: bulk import, b: annual report, c: check-in), postgres (same), memory (d).
 */
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import Database from "better-sqlite3"
import { Effect, Layer, ManagedRuntime } from "effect"
import pg from "pg"
import { from as copyFrom } from "pg-copy-streams"
import { pipeline } from "node:stream/promises"
import { Readable } from "node:stream"
import { Fixtures, Hours, Store, Workflows } from "../src/index.js"
import { makeMemoryStore } from "../adapters/memory/index.js"
import { kyselyFor as sqliteKysely, layer as sqliteLayer } from "../adapters/sqlite/index.js"
import { kyselyFor as pgKysely, layer as pgLayer } from "../adapters/postgres/index.js"
import { makeKeyRing } from "../adapters/crypto/index.js"
import { migrate } from "../adapters/kysely/index.js"
import { ROWS_PER_STATEMENT } from "../adapters/sqlite/bulk.js"
import { bundle } from "./bundle.js"
import * as Data from "./data.js"

// one fixed ring for every phase (each a process of its own) of the run: they share the tables.
// Fixed bytes, for the bench only.
const keyRing = makeKeyRing({ keys: [{ id: "bench", secret: new Uint8Array(32).fill(7) }], activeKeyId: "bench", indexKey: new Uint8Array(32).fill(9) })

interface Row {
  readonly case: string
  readonly library_ms: number
  readonly baseline_ms: number
  readonly ratio: number
  readonly target: string
  readonly peak_rss_mb: number
  readonly [extra: string]: unknown
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024)
/** RSS when the phase's modules are loaded, before it does anything (Node + tsx + the libraries). */
const startRssMb = Math.round(process.memoryUsage().rss / 1024 / 1024)
const ms = (t0: number) => performance.now() - t0
const round = (x: number) => Math.round(x * 100) / 100

const emit = (row: Row) => process.stdout.write(`${JSON.stringify(row)}\n`)

/** ratio = library time / baseline time (lower is better): throughput share is 1 / ratio. */
const row = (name: string, library: number, baseline: number, target: string, extra: Record<string, unknown> = {}): Row => ({
  case: name,
  library_ms: round(library),
  baseline_ms: round(baseline),
  ratio: round(library / baseline),
  target,
  peak_rss_mb: peakRssMb(),
  start_rss_mb: startRssMb,
  ...extra
})

const sameTotals = (a: ReadonlyArray<Store.HourTotal>, b: ReadonlyArray<Store.HourTotal>): boolean =>
  a.length === b.length && a.every((r, i) => r.key === b[i]!.key && r.minutes === b[i]!.minutes)

const assertSame = (what: string, a: ReadonlyArray<Store.HourTotal>, b: ReadonlyArray<Store.HourTotal>) => {
  if (!sameTotals(a, b)) throw new Error(`${what}: library and baseline answers differ (${a.length} vs ${b.length} rows)`)
}

const sortTotals = (rows: Iterable<{ key: string; minutes: number | string }>): ReadonlyArray<Store.HourTotal> =>
  [...rows]
    .map((r) => ({ key: r.key, minutes: Number(r.minutes) }))
    .filter((r) => r.minutes !== 0)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))

/** The columns of vb_hours (fully columnar since migration 0005), in the order the raw baselines write them. */
const COLUMNS = [
  "id", "volunteer_id", "activity_id", "recording_unit_id", "squad_id", "service_start", "service_end",
  "minutes", "kind", "evidence", "corrects", "reason", "approved_by", "recorded_at", "recorded_by", "content"
] as const
const rawRow = (e: Hours.HourEntry): Array<string | number | null> => [
  e.id, e.volunteerId, e.activityId ?? null, e.recordingUnitId, e.squadId, e.serviceStart, e.serviceEnd,
  e.minutes, e.kind, e.evidence, e.corrects ?? null, e.reason ?? null, e.approvedBy ?? null, e.recordedAt,
  e.recordedBy, e.content ?? null
]

/**
 * The best hand-written SQL for the per-volunteer totals: wholly-inside entries summed
 * straight from the covering index; straddling ones netted with their corrections and
 * prorated (cumulative floor attribution, T6).
 */
const reportSql = (p: (n: 1 | 2) => string) => {
  const f = `cast(${p(1)} as bigint)`
  const t = `cast(${p(2)} as bigint)`
  const before = (at: string) => `(case when e <= s then (case when ${at} > s then m else 0 end)
    else (case when m < 0 then -1 else 1 end) * ((cast(abs(m) as bigint) * (case when ${at} <= s then 0 when ${at} >= e then e - s else ${at} - s end)) / (e - s)) end)`
  return `select k as key, sum(m) as minutes from (
      select volunteer_id as k, minutes as m from vb_hours
       where service_start >= ${f} and service_end <= ${t} and service_start < ${t}
      union all
      select k, ${before(t)} - ${before(f)} from (
        select max(volunteer_id) as k, max(service_start) as s, max(service_end) as e, sum(minutes) as m from vb_hours
         where service_start < ${t} and service_end >= ${f} and not (service_start >= ${f} and service_end <= ${t})
         group by coalesce(corrects, id)) x
    ) y group by k`
}

const CHUNK = 50_000
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? Data.ENTRIES)

const seedOrg = async <R>(runtime: ManagedRuntime.ManagedRuntime<R | Store.Store | Store.IdGenerator, unknown>) =>
  runtime.runPromise(Fixtures.seedPinghu as Effect.Effect<Fixtures.PinghuOrganisation, unknown, Store.Store | Store.IdGenerator>)


/**
 * SQLite page cache for both databases (KiB, negative = size): 1 GB, so the one 2M-row import
 * transaction of each side keeps its six indexes in memory instead of spilling pages to the
 * WAL (with 64 MB both sides ran at ~5,000 rows/s on this machine's disk).
 */
const CACHE_KIB = -1048576

/** The seeded organisation, saved by the import phase for the report phase (a fresh process). */
const saveOrg = (dir: string, org: Fixtures.PinghuOrganisation) =>
  writeFileSync(join(dir, "org.json"), JSON.stringify({ ...org, actors: { ...org.actors, squadronCaptains: [...org.actors.squadronCaptains], squadLeaders: [...org.actors.squadLeaders] } }))
const loadOrg = (dir: string): Fixtures.PinghuOrganisation => {
  const o = JSON.parse(readFileSync(join(dir, "org.json"), "utf8"))
  return { ...o, actors: { ...o.actors, squadronCaptains: new Map(o.actors.squadronCaptains), squadLeaders: new Map(o.actors.squadLeaders) } }
}

const CHECKINS = Number(process.env.BENCH_CHECKINS ?? 1000)
/**
 * Check-ins of each kind run first and not measured, so both sides are measured on code the
 * JIT has compiled (the workflow's code path is long; the raw baseline's is a few lines).
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300)
const ROUNDS = WARMUP + CHECKINS

/**
 * The bulk import, interleaved: per chunk the library's `appendMany` (all chunks in one store
 * transaction) and then the baseline's `raw(chunk)` (in the baseline's own transaction, opened
 * and committed by the caller), so load from others on the machine hits both alike.
 */
const interleavedImport = async (
  runtime: ManagedRuntime.ManagedRuntime<Store.Store | Store.IdGenerator, unknown>,
  store: Store.StoreShape,
  ds: Data.DataSet,
  raw: (chunk: ReadonlyArray<Hours.HourEntry>) => void | Promise<void>
): Promise<{ readonly libraryMs: number; readonly baselineMs: number }> => {
  let libraryMs = 0
  let baselineMs = 0
  await runtime.runPromise(
    store.transaction(
      Effect.gen(function* () {
        for (const chunk of Data.chunks(ds, CHUNK)) {
          let t0 = performance.now()
          yield* store.hours.appendMany(chunk)
          libraryMs += ms(t0)
          t0 = performance.now()
          yield* Effect.promise(async () => raw(chunk))
          baselineMs += ms(t0)
        }
      })
    )
  )
  return { libraryMs, baselineMs }
}

/**
 * The check-ins: first the library's and the raw ones, interleaved (each round one of each;
 * the first WARMUP rounds are not counted), then the same-statements ones in a pass of their
 * own (a diagnostic: they share the raw side's database, and in the main pass their WAL
 * pages would bring the raw side's automatic checkpoints forward). Returns the mean time of
 * each, in ms.
 */
const interleavedCheckIns = async (
  library: (i: number) => Promise<unknown>,
  raw: (i: number) => unknown,
  same: (i: number) => unknown
): Promise<{ readonly library: number; readonly raw: number; readonly same: number }> => {
  let libT = 0
  let rawT = 0
  let sameT = 0
  for (let i = 0; i < ROUNDS; i++) {
    const counted = i >= WARMUP ? 1 : 0
    let t0 = performance.now()
    await library(i)
    libT += counted * ms(t0)
    t0 = performance.now()
    await raw(i)
    rawT += counted * ms(t0)
  }
  for (let i = 0; i < ROUNDS; i++) {
    const counted = i >= WARMUP ? 1 : 0
    const t0 = performance.now()
    await same(i)
    sameT += counted * ms(t0)
  }
  return { library: libT / CHECKINS, raw: rawT / CHECKINS, same: sameT / CHECKINS }
}

// ---------------------------------------------------------------------------------------
// SQLite
// ---------------------------------------------------------------------------------------

/**
 * The one `synchronous` setting of every SQLite connection in the bench, library and raw
 * baseline alike: the library's default (FULL, docs/reliability.md), so the library is measured
 * as a host runs it and the baseline pays the same fsync per commit.
 */
const SYNCHRONOUS = "full" as const
const sqliteOptions = { synchronous: SYNCHRONOUS }
/** A raw baseline connection at the library's settings (WAL, foreign keys, busy timeout, {@link SYNCHRONOUS}). */
const rawSqlite = (file: string) => {
  const db = new Database(file)
  sqliteKysely(db, sqliteOptions)
  return db
}

const sqlitePhase = async (dir: string) => {
  const libFile = join(dir, "library.db")
  const rawFile = join(dir, "baseline.db")
  const libDb = new Database(libFile)
  const rawDb = rawSqlite(rawFile)
  for (const db of [libDb, rawDb]) db.pragma(`cache_size = ${CACHE_KIB}`)
  await migrate(sqliteKysely(rawDb, sqliteOptions))
  const runtime = ManagedRuntime.make(Layer.provideMerge(sqliteLayer(libDb, { ...sqliteOptions, keyRing }), Store.sequentialIds()))
  const org = await seedOrg(runtime)
  const ds = Data.makeDataSet(org, ENTRIES)
  const store = await runtime.runPromise(Store.Store as unknown as Effect.Effect<Store.StoreShape, never, Store.Store>)
  await runtime.runPromise(store.transaction(Effect.forEach(ds.activities, (a) => store.activities.insert(Data.activityRecord(a)), { discard: true })))

  // a. bulk import: library appendMany per chunk inside one transaction; baseline one transaction of prepared multi-row inserts
  const tuple = `(${COLUMNS.map(() => "?").join(",")})`
  const many = rawDb.prepare(`insert into vb_hours (${COLUMNS.join(",")}) values ${Array(ROWS_PER_STATEMENT).fill(tuple).join(",")}`)
  const one = rawDb.prepare(`insert into vb_hours (${COLUMNS.join(",")}) values ${tuple}`)
  rawDb.exec("begin immediate")
  const { libraryMs, baselineMs } = await interleavedImport(runtime, store, ds, (chunk) => {
    const full = chunk.length - (chunk.length % ROWS_PER_STATEMENT)
    for (let i = 0; i < full; i += ROWS_PER_STATEMENT) {
      const params: Array<string | number | null> = []
      for (let r = i; r < i + ROWS_PER_STATEMENT; r++) params.push(...rawRow(chunk[r]!))
      many.run(params)
    }
    for (let r = full; r < chunk.length; r++) one.run(rawRow(chunk[r]!))
  })
  rawDb.exec("commit")
  const counted = (db: Database.Database) =>
    db.prepare("select count(*) as n, sum(minutes) as m from vb_hours").get() as { n: number; m: number }
  const libCount = counted(libDb)
  const rawCount = counted(rawDb)
  if (libCount.n !== ds.entries || libCount.n !== rawCount.n || libCount.m !== rawCount.m)
    throw new Error(`sqlite import differs: ${JSON.stringify({ libCount, rawCount })}`)
  emit(row("sqlite.bulk_import", libraryMs, baselineMs, "throughput >= 0.6x raw (ratio <= 1.667)", {
    rows: ds.entries,
    library_rows_per_s: Math.round(ds.entries / (libraryMs / 1000)),
    baseline_rows_per_s: Math.round(ds.entries / (baselineMs / 1000))
  }))

  saveOrg(dir, org)
  await runtime.dispose()
  libDb.close()
  rawDb.close()
}

/**
 * c. check-in through the workflow vs a raw transaction with the same two inserts, in a fresh
 * process (the import's garbage and 1 GB page caches are not in it), on the imported files.
 */
const sqliteCheckIn = async (dir: string) => {
  const libDb = new Database(join(dir, "library.db"))
  const rawDb = rawSqlite(join(dir, "baseline.db")) // the same connection settings as the library's
  // fold the import's WAL into the database files first, so its checkpoint does not land
  // inside the measured commits of one side
  libDb.pragma("wal_checkpoint(truncate)")
  rawDb.pragma("wal_checkpoint(truncate)")
  // automatic checkpoints stay on (SQLite's default, as a host has them): each side pays the
  // checkpoints of its own WAL pages — which is why the same-statements pass, on the raw
  // side's file, runs after the measured rounds and not between them
  // the layer's own ids (time-ordered UUID v7s), as a host gets them
  const runtime = ManagedRuntime.make(sqliteLayer(libDb, { ...sqliteOptions, migrate: false, keyRing }))
  const ds = Data.makeDataSet(loadOrg(dir), ENTRIES)
  const store = await runtime.runPromise(Store.Store as unknown as Effect.Effect<Store.StoreShape, never, Store.Store>)
  const work = Data.assignmentsFor(ds, ROUNDS * 2)
  await runtime.runPromise(store.transaction(Effect.forEach(work, (w) => store.assignments.insert(w.assignment), { discard: true })))
  const insertAttendance = rawDb.prepare("insert into vb_attendance (id, activity_id, volunteer_id, data) values (?, ?, ?, ?)")
  const insertAudit = rawDb.prepare(
    "insert into vb_audit (id, actor_id, at, operation, target_kind, target_id) values (?, ?, ?, ?, ?, ?)"
  )
  const rawCheckIn = rawDb.transaction((i: number) => {
    const w = work[i]!
    const at = w.activity.start + 60_000
    const id = `attendance_raw_${i}`
    const event = { assignmentId: w.assignment.id, kind: "checkIn", at, evidence: "code", badgeWorn: true }
    const record = { id, activityId: w.activity.id, volunteerId: w.assignment.volunteerId, event, recordedBy: w.activity.leader, recordedAt: Date.now() }
    insertAttendance.run(id, record.activityId, record.volunteerId, JSON.stringify(record))
    insertAudit.run(`audit_raw_${i}`, w.activity.leader, Date.now(), "activities.recordAttendance", "attendance", id)
  })
  const libCheckIn = (i: number) => {
    const w = work[i]!
    return runtime.runPromise(
      Workflows.Activities.checkIn(w.activity.leader, {
        assignmentId: w.assignment.id,
        at: w.activity.start + 60_000,
        evidence: "code",
        badgeWorn: true
      })
    )
  }
  // the same statements as the workflow, by hand: read the assignment and the activity (JSON),
  // the organisation version (H7 from a cached organisation), insert attendance and audit
  const readAssignment = rawDb.prepare("select data from vb_assignments where id = ?").pluck()
  const readActivity = rawDb.prepare("select data from vb_activities where id = ?").pluck()
  const readVersion = rawDb.prepare("select version from vb_meta where key = 'organisation'").pluck()
  const insertAssignment = rawDb.prepare("insert into vb_assignments (id, activity_id, volunteer_id, data) values (?, ?, ?, ?)")
  const insertActivity = rawDb.prepare("insert into vb_activities (id, organiser_unit_id, window_start, data) values (?, ?, ?, ?)")
  rawDb.transaction(() => {
    for (const a of ds.activities) insertActivity.run(a.id, a.organiser, a.start, JSON.stringify(Data.activityRecord(a)))
    for (const w of work) insertAssignment.run(w.assignment.id, w.assignment.activityId, w.assignment.volunteerId, JSON.stringify(w.assignment))
  }).immediate()
  const sameCheckIn = rawDb.transaction((i: number) => {
    const w = work[ROUNDS + i]!
    const assignment = JSON.parse(readAssignment.get(w.assignment.id) as string)
    const activity = JSON.parse(readActivity.get(assignment.activityId) as string)
    readVersion.get()
    const at = activity.window.start + 60_000
    const id = `attendance_same_${i}`
    const event = { assignmentId: assignment.id, kind: "checkIn", at, evidence: "code", badgeWorn: true }
    const record = { id, activityId: activity.id, volunteerId: assignment.volunteerId, event, recordedBy: w.activity.leader, recordedAt: Date.now() }
    insertAttendance.run(id, record.activityId, record.volunteerId, JSON.stringify(record))
    insertAudit.run(`audit_same_${i}`, w.activity.leader, Date.now(), "activities.recordAttendance", "attendance", id)
  })
  const t = await interleavedCheckIns(libCheckIn, (i) => rawCheckIn.immediate(i), (i) => sameCheckIn.immediate(i))
  emit(row("sqlite.check_in", t.library, t.raw, "throughput >= 0.5x raw (ratio <= 2)", {
    n: CHECKINS,
    warmup: WARMUP,
    same_statements_ms: round(t.same),
    ratio_same_statements: round(t.library / t.same)
  }))
  await runtime.dispose()
  libDb.close()
  rawDb.close()
}

/**
 * The library's annual report alone (annual totals in the database + the shortfall fold), once,
 * in a process of its own: its peak RSS is the figure the ≤ 200 MB target is about (the
 * timing phase also holds the baseline's answers). Prints `{"library_peak_rss_mb": N}`.
 */
const libraryReportRss = async (runtime: ManagedRuntime.ManagedRuntime<Store.Store | Store.IdGenerator, unknown>, dir: string) => {
  const ds = Data.makeDataSet(loadOrg(dir), ENTRIES)
  const totals = await runtime.runPromise(Workflows.Hours.annualTotals(Data.YEAR))
  const shortfall = Data.shortfallBySquadron(ds, totals)
  if (totals.length === 0 || shortfall.length === 0) throw new Error("empty report")
  process.stdout.write(`${JSON.stringify({ library_peak_rss_mb: peakRssMb(), start_rss_mb: startRssMb })}\n`)
  await runtime.dispose()
}

const sqliteReportRss = async (dir: string) => {
  const libDb = new Database(join(dir, "library.db"))
  libDb.pragma("cache_size = -16384")
  await libraryReportRss(ManagedRuntime.make(Layer.provideMerge(sqliteLayer(libDb, { ...sqliteOptions, migrate: false, keyRing }), Store.sequentialIds())), dir)
  libDb.close()
}

const postgresReportRss = async (schema: string, dir: string) => {
  const libPool = new pg.Pool({ connectionString: databaseUrl, max: 4, options: `-c search_path=${schema}_lib` })
  await libraryReportRss(ManagedRuntime.make(Layer.provideMerge(pgLayer(libPool, { migrate: false, keyRing }), Store.sequentialIds())), dir)
  await libPool.end()
}

/** The library-only report's peak RSS measured by the orchestrator, passed to the timing phase. */
const libraryRss = () => Number(process.env.BENCH_LIBRARY_RSS ?? Number.NaN)

const sqliteReport = async (dir: string) => {
  const libDb = new Database(join(dir, "library.db"))
  const rawDb = rawSqlite(join(dir, "baseline.db"))
  // the report scans one covering index in order: SQLite's default page cache is enough
  for (const db of [libDb, rawDb]) db.pragma("cache_size = -16384")
  const runtime = ManagedRuntime.make(Layer.provideMerge(sqliteLayer(libDb, { ...sqliteOptions, migrate: false, keyRing }), Store.sequentialIds()))
  const ds = Data.makeDataSet(loadOrg(dir), ENTRIES)
  // b. annual report (library first and baseline second, then again in the other order; best of each)
  libDb.pragma("wal_checkpoint(truncate)")
  rawDb.pragma("wal_checkpoint(truncate)")
  const period = { from: Data.from, to: Data.to }
  const rawReport = rawDb.prepare(reportSql((n) => (n === 1 ? "@f" : "@t")))
  const library = async () => {
    const t0 = performance.now()
    const totals = await runtime.runPromise(Workflows.Hours.annualTotals(Data.YEAR))
    const shortfall = Data.shortfallBySquadron(ds, totals)
    return { t: ms(t0), totals, shortfall }
  }
  const baseline = () => {
    const t0 = performance.now()
    const totals = sortTotals(rawReport.all({ f: period.from, t: period.to }) as Array<{ key: string; minutes: number }>)
    const shortfall = Data.shortfallBySquadron(ds, totals)
    return { t: ms(t0), totals, shortfall }
  }
  const l1 = await library()
  const b1 = baseline()
  const b2 = baseline()
  const l2 = await library()
  assertSame("sqlite.annual_report", l1.totals, b1.totals)
  if (JSON.stringify(l1.shortfall) !== JSON.stringify(b1.shortfall)) throw new Error("sqlite shortfalls differ")
  emit(row("sqlite.annual_report", Math.min(l1.t, l2.t), Math.min(b1.t, b2.t), "<= 1.2x hand-written SQL, peak RSS <= 200 MB", {
    peak_rss_mb: libraryRss(),
    phase_peak_rss_mb: peakRssMb(),
    volunteers: l1.totals.length,
    squadrons: l1.shortfall.length
  }))

  await runtime.dispose()
  libDb.close()
  rawDb.close()
}

// ---------------------------------------------------------------------------------------
// Postgres
// ---------------------------------------------------------------------------------------

const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"

const postgresPhase = async (schema: string, dir: string) => {
  const pool = (s: string) => new pg.Pool({ connectionString: databaseUrl, max: 4, options: `-c search_path=${s}` })
  const libPool = pool(`${schema}_lib`)
  const rawPool = pool(`${schema}_raw`)
  await migrate(pgKysely(rawPool))
  const runtime = ManagedRuntime.make(Layer.provideMerge(pgLayer(libPool, { keyRing }), Store.sequentialIds()))
  const org = await seedOrg(runtime)
  const ds = Data.makeDataSet(org, ENTRIES)
  const store = await runtime.runPromise(Store.Store as unknown as Effect.Effect<Store.StoreShape, never, Store.Store>)
  await runtime.runPromise(store.transaction(Effect.forEach(ds.activities, (a) => store.activities.insert(Data.activityRecord(a)), { discard: true })))

  // a. bulk import
  const client = await rawPool.connect()
  await client.query("begin")
  const escape = (v: string | number | null) =>
    v === null ? "\\N" : typeof v === "number" ? String(v) : v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
  const { libraryMs, baselineMs } = await interleavedImport(runtime, store, ds, async (chunk) => {
    const lines = chunk.map((e) => rawRow(e).map(escape).join("\t") + "\n")
    await pipeline(Readable.from([lines.join("")]), client.query(copyFrom(`copy vb_hours (${COLUMNS.join(",")}) from stdin`)))
  })
  await client.query("commit")
  const counted = async (p: pg.Pool) => (await p.query("select count(*)::int as n, sum(minutes)::bigint as m from vb_hours")).rows[0]
  const libCount = await counted(libPool)
  const rawCount = await counted(rawPool)
  if (libCount.n !== ds.entries || libCount.n !== rawCount.n || libCount.m !== rawCount.m)
    throw new Error(`postgres import differs: ${JSON.stringify({ libCount, rawCount })}`)
  emit(row("postgres.bulk_import", libraryMs, baselineMs, "throughput >= 0.7x COPY (ratio <= 1.429)", {
    rows: ds.entries,
    baseline: "COPY FROM STDIN (pg-copy-streams)",
    library_rows_per_s: Math.round(ds.entries / (libraryMs / 1000)),
    baseline_rows_per_s: Math.round(ds.entries / (baselineMs / 1000))
  }))

  saveOrg(dir, org)
  client.release()
  await runtime.dispose()
  await libPool.end()
  await rawPool.end()
}

/** c. check-in, in a fresh process (see the SQLite phase). */
const postgresCheckIn = async (schema: string, dir: string) => {
  const pool = (s: string) => new pg.Pool({ connectionString: databaseUrl, max: 4, options: `-c search_path=${s}` })
  const libPool = pool(`${schema}_lib`)
  const rawPool = pool(`${schema}_raw`)
  // the layer's own ids (time-ordered UUID v7s), as a host gets them
  const runtime = ManagedRuntime.make(pgLayer(libPool, { migrate: false, keyRing }))
  const ds = Data.makeDataSet(loadOrg(dir), ENTRIES)
  const store = await runtime.runPromise(Store.Store as unknown as Effect.Effect<Store.StoreShape, never, Store.Store>)
  const client = await rawPool.connect()
  // write the import's dirty pages out first, so a background checkpoint does not land inside
  // the measured commits of one side
  await client.query("checkpoint")
  const work = Data.assignmentsFor(ds, ROUNDS * 2)
  await runtime.runPromise(store.transaction(Effect.forEach(work, (w) => store.assignments.insert(w.assignment), { discard: true })))
  const rawCheckIn = async (i: number) => {
    const w = work[i]!
    const at = w.activity.start + 60_000
    const id = `attendance_raw_${i}`
    const event = { assignmentId: w.assignment.id, kind: "checkIn", at, evidence: "code", badgeWorn: true }
    const record = { id, activityId: w.activity.id, volunteerId: w.assignment.volunteerId, event, recordedBy: w.activity.leader, recordedAt: Date.now() }
    await client.query("begin isolation level serializable")
    await client.query("insert into vb_attendance (id, activity_id, volunteer_id, data) values ($1, $2, $3, $4)", [
      id, record.activityId, record.volunteerId, JSON.stringify(record)
    ])
    await client.query("insert into vb_audit (id, actor_id, at, operation, target_kind, target_id) values ($1, $2, $3, $4, $5, $6)", [
      `audit_raw_${i}`, w.activity.leader, Date.now(), "activities.recordAttendance", "attendance", id
    ])
    await client.query("commit")
  }
  await client.query("begin")
  for (const a of ds.activities)
    await client.query("insert into vb_activities (id, organiser_unit_id, window_start, data) values ($1, $2, $3, $4)", [
      a.id, a.organiser, a.start, JSON.stringify(Data.activityRecord(a))
    ])
  for (const w of work)
    await client.query("insert into vb_assignments (id, activity_id, volunteer_id, data) values ($1, $2, $3, $4)", [
      w.assignment.id, w.assignment.activityId, w.assignment.volunteerId, JSON.stringify(w.assignment)
    ])
  await client.query("commit")
  /** The same statements as the workflow, by hand (see the SQLite phase). */
  const sameCheckIn = async (i: number) => {
    const w = work[ROUNDS + i]!
    await client.query("begin isolation level serializable")
    const assignment = JSON.parse((await client.query("select data from vb_assignments where id = $1", [w.assignment.id])).rows[0].data)
    const activity = JSON.parse((await client.query("select data from vb_activities where id = $1", [assignment.activityId])).rows[0].data)
    await client.query("select version from vb_meta where key = 'organisation'")
    const id = `attendance_same_${i}`
    const event = { assignmentId: assignment.id, kind: "checkIn", at: activity.window.start + 60_000, evidence: "code", badgeWorn: true }
    const record = { id, activityId: activity.id, volunteerId: assignment.volunteerId, event, recordedBy: w.activity.leader, recordedAt: Date.now() }
    await client.query("insert into vb_attendance (id, activity_id, volunteer_id, data) values ($1, $2, $3, $4)", [
      id, record.activityId, record.volunteerId, JSON.stringify(record)
    ])
    await client.query("insert into vb_audit (id, actor_id, at, operation, target_kind, target_id) values ($1, $2, $3, $4, $5, $6)", [
      `audit_same_${i}`, w.activity.leader, Date.now(), "activities.recordAttendance", "attendance", id
    ])
    await client.query("commit")
  }
  const t = await interleavedCheckIns(
    (i) => {
      const w = work[i]!
      return runtime.runPromise(
        Workflows.Activities.checkIn(w.activity.leader, { assignmentId: w.assignment.id, at: w.activity.start + 60_000, evidence: "code", badgeWorn: true })
      )
    },
    rawCheckIn,
    sameCheckIn
  )
  emit(row("postgres.check_in", t.library, t.raw, "throughput >= 0.8x raw (ratio <= 1.25)", {
    n: CHECKINS,
    warmup: WARMUP,
    same_statements_ms: round(t.same),
    ratio_same_statements: round(t.library / t.same)
  }))
  client.release()
  await runtime.dispose()
  await libPool.end()
  await rawPool.end()
}

const postgresReport = async (schema: string, dir: string) => {
  const libPool = new pg.Pool({ connectionString: databaseUrl, max: 4, options: `-c search_path=${schema}_lib` })
  const rawPool = new pg.Pool({ connectionString: databaseUrl, max: 4, options: `-c search_path=${schema}_raw` })
  const runtime = ManagedRuntime.make(Layer.provideMerge(pgLayer(libPool, { migrate: false, keyRing }), Store.sequentialIds()))
  const ds = Data.makeDataSet(loadOrg(dir), ENTRIES)
  const client = await rawPool.connect()
  // b. annual report
  await libPool.query("vacuum analyze vb_hours")
  await client.query("vacuum analyze vb_hours")
  const period = { from: Data.from, to: Data.to }
  const rawSql = reportSql((n) => `$${n}`)
  const library = async () => {
    const t0 = performance.now()
    const totals = await runtime.runPromise(Workflows.Hours.annualTotals(Data.YEAR))
    return { t: ms(t0), totals, shortfall: Data.shortfallBySquadron(ds, totals) }
  }
  const baseline = async () => {
    const t0 = performance.now()
    const totals = sortTotals((await client.query(rawSql, [period.from, period.to])).rows)
    return { t: ms(t0), totals, shortfall: Data.shortfallBySquadron(ds, totals) }
  }
  const l1 = await library()
  const b1 = await baseline()
  const b2 = await baseline()
  const l2 = await library()
  assertSame("postgres.annual_report", l1.totals, b1.totals)
  if (JSON.stringify(l1.shortfall) !== JSON.stringify(b1.shortfall)) throw new Error("postgres shortfalls differ")
  emit(row("postgres.annual_report", Math.min(l1.t, l2.t), Math.min(b1.t, b2.t), "<= 1.2x hand-written SQL, peak RSS <= 200 MB", {
    peak_rss_mb: libraryRss(),
    phase_peak_rss_mb: peakRssMb(),
    volunteers: l1.totals.length,
    squadrons: l1.shortfall.length
  }))

  client.release()
  await runtime.dispose()
  await libPool.end()
  await rawPool.end()
}

// ---------------------------------------------------------------------------------------
// Memory
// ---------------------------------------------------------------------------------------

const MEMORY_ENTRIES = Number(process.env.BENCH_MEMORY_ENTRIES ?? 500_000)

const memoryPhase = async () => {
  const seeded = await Effect.runPromise(
    Effect.gen(function* () {
      const store = yield* makeMemoryStore
      const org = yield* Fixtures.seedPinghu.pipe(Effect.provideService(Store.Store, store), Effect.provide(Store.sequentialIds()))
      return { store, org }
    })
  )
  const { store } = seeded
  const ds = Data.makeDataSet(seeded.org, MEMORY_ENTRIES)
  const entries: Array<Hours.HourEntry> = []
  for (const chunk of Data.chunks(ds, CHUNK)) entries.push(...chunk)
  await Effect.runPromise(store.hours.appendMany(entries))
  const period = { from: Data.from, to: Data.to }
  const library = async () => {
    const t0 = performance.now()
    const totals = await Effect.runPromise(store.hours.totalsByVolunteer(period))
    return { t: ms(t0), totals }
  }
  /** The plain reduce: wholly-inside entries summed; the few straddling ones netted and prorated. */
  const baseline = () => {
    const t0 = performance.now()
    const sums = new Map<string, number>()
    const straddling: Array<Hours.HourEntry> = []
    for (const e of entries) {
      if (e.serviceStart >= period.from && e.serviceEnd <= period.to && e.serviceStart < period.to)
        sums.set(e.volunteerId, (sums.get(e.volunteerId) ?? 0) + e.minutes)
      else if (e.serviceStart < period.to && e.serviceEnd >= period.from) straddling.push(e)
    }
    for (const r of Hours.totalsBetween(straddling, period.from, period.to, "volunteer")) sums.set(r.key, (sums.get(r.key) ?? 0) + r.minutes)
    const totals = sortTotals([...sums].map(([key, minutes]) => ({ key, minutes })))
    return { t: ms(t0), totals }
  }
  const l1 = await library()
  const b1 = baseline()
  const b2 = baseline()
  const l2 = await library()
  assertSame("memory.report", l1.totals, b1.totals)
  assertSame("memory.report (reference)", l1.totals, Hours.totalsBetween(entries, period.from, period.to, "volunteer"))
  emit(row("memory.report", Math.min(l1.t, l2.t), Math.min(b1.t, b2.t), "<= 1.5x Map reduce", { entries: entries.length }))
}

// ---------------------------------------------------------------------------------------
// Orchestration
// ---------------------------------------------------------------------------------------

/**
 * The phases run as plain JavaScript under plain `node`, as a host runs the library: this file
 * and the library's sources bundled by esbuild (packages stay external), so no TypeScript
 * loader is in the measured processes and their peak RSS is the library's and the drivers'.
 */
const BUNDLE = fileURLToPath(new URL("./.build/run.mjs", import.meta.url))


const runChild = (args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<ReadonlyArray<Row>> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLE, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"]
    })
    const rows: Array<Row> = []
    let buffer = ""
    child.stdout.on("data", (d: Buffer) => {
      buffer += d.toString()
      let nl: number
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl)
        buffer = buffer.slice(nl + 1)
        if (line.startsWith("{")) {
          const parsed = JSON.parse(line) as Row
          rows.push(parsed)
          // one line per case on stdout; a phase's other JSON (a peak RSS) goes to the orchestrator only
          if ("case" in parsed) process.stdout.write(`${line}\n`)
        } else {
          process.stdout.write(`${line}\n`)
        }
      }
    })
    child.on("error", reject)
    child.on("exit", (code) => (code === 0 ? resolve(rows) : reject(new Error(`bench phase ${args[0]} exited with ${code}`))))
  })

/** Runs a library-only report phase and returns its peak RSS (MB) as a string for the timing phase. */
const libraryReportPeak = async (args: ReadonlyArray<string>): Promise<string> => {
  const lines = (await runChild(args)) as ReadonlyArray<unknown> as ReadonlyArray<{ library_peak_rss_mb?: number }>
  const peak = lines.find((l) => l.library_peak_rss_mb !== undefined)?.library_peak_rss_mb
  if (peak === undefined) throw new Error(`${args[0]} printed no peak RSS`)
  return String(peak)
}

const admin = async (statement: string) => {
  const c = new pg.Client({ connectionString: databaseUrl })
  await c.connect()
  try {
    await c.query(statement)
  } finally {
    await c.end()
  }
}

const main = async () => {
  const [phase, arg] = process.argv.slice(2)
  if (phase === "sqlite") return sqlitePhase(arg!)
  if (phase === "sqlite-report") return sqliteReport(arg!)
  if (phase === "sqlite-checkin") return sqliteCheckIn(arg!)
  if (phase === "postgres-checkin") return postgresCheckIn(arg!, process.argv[4]!)
  if (phase === "sqlite-report-rss") return sqliteReportRss(arg!)
  if (phase === "postgres-report-rss") return postgresReportRss(arg!, process.argv[4]!)
  if (phase === "postgres") return postgresPhase(arg!, process.argv[4]!)
  if (phase === "postgres-report") return postgresReport(arg!, process.argv[4]!)
  if (phase === "memory") return memoryPhase()
  const only = new Set((process.env.BENCH_ONLY ?? "sqlite,postgres,memory").split(","))
  const started = performance.now()
  await bundle(import.meta.url, BUNDLE)
  const rows: Array<Row> = []
  const dir = mkdtempSync(join(tmpdir(), "vb-bench-"))
  const schema = `vb_bench_${process.pid}`
  try {
    if (only.has("sqlite")) {
      rows.push(...(await runChild(["sqlite", dir])))
      rows.push(...(await runChild(["sqlite-checkin", dir])))
      const rss = await libraryReportPeak(["sqlite-report-rss", dir])
      rows.push(...(await runChild(["sqlite-report", dir], { BENCH_LIBRARY_RSS: rss })))
    }
    if (only.has("postgres")) {
      await admin(`create schema ${schema}_lib; create schema ${schema}_raw`)
      try {
        rows.push(...(await runChild(["postgres", schema, dir])))
        rows.push(...(await runChild(["postgres-checkin", schema, dir])))
        const rss = await libraryReportPeak(["postgres-report-rss", schema, dir])
        rows.push(...(await runChild(["postgres-report", schema, dir], { BENCH_LIBRARY_RSS: rss })))
      } finally {
        await admin(`drop schema if exists ${schema}_lib cascade; drop schema if exists ${schema}_raw cascade`)
      }
    }
    if (only.has("memory")) rows.push(...(await runChild(["memory"])))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const out = join(fileURLToPath(new URL(".", import.meta.url)), "results.json")
  writeFileSync(out, `${JSON.stringify({ total_s: round(ms(started) / 1000), rows }, null, 2)}\n`)
  process.stderr.write(`bench: ${rows.length} cases in ${round(ms(started) / 1000)} s → ${out}\n`)
}

await main()
