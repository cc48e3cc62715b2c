/**
 * `volunteer-brigade/kysely` — the one SQL implementation of the Store, shared by the SQLite
 * and Postgres adapters. Hosts with another kysely dialect can build a Store from their own
 * `Kysely` instance and a {@link DialectTraits} object, after running {@link migrate}.
 *
 * @example
 * ```ts
 * import { makeKyselyStore, migrate, sqliteTraits } from "volunteer-brigade/kysely"
 * import { keyFileRing } from "volunteer-brigade/crypto"
 * declare const db: import("kysely").Kysely<any>
 * await migrate(db)
 * const store = makeKyselyStore(db, sqliteTraits, keyFileRing("brigade.db.keys.json"))
 * ```
 * @module volunteer-brigade/kysely
 */
import { sql, type Kysely, type RawBuilder } from "kysely"
import { Effect, Layer, Schema } from "effect"
import { Activity, Assignment } from "../../src/activity.js"
import { Certificate } from "../../src/certificate.js"
import { FundEntry } from "../../src/funds.js"
import { Appointment, Team, Unit, type Organisation } from "../../src/hierarchy.js"
import { LeaveRequest } from "../../src/leave.js"
import {
  AccessLogEntry,
  type AccessRecord,
  AttendanceRecord,
  AuditEntry,
  Filing,
  SecurityLogEntry,
  type HourPeriod,
  type HourTotal,
  IdGenerator,
  type AssignmentWithActivity,
  type Find,
  Store,
  StoreError,
  lockKey,
  type LockScope,
  SuspensionRecord,
  ViolationRecord,
  type StoreShape
} from "../../src/store.js"
import { Opinion, SpotCheck } from "../../src/supervision.js"
import { SealedGroup, SealedIndividual, type KeyRingShape } from "../../src/privacy.js"
import type { Database } from "./database.js"
import { timeOrderedIds } from "../shared/ids.js"
import { sealing } from "../shared/sealing.js"
import { docRepo, repo, type AnySelect } from "./docs.js"
import { hourRows } from "./hours.js"
import { makeEngine, type SqlEngine } from "./engine.js"
import type { DialectTraits, SqlSpelling } from "./traits.js"

/** SQLite's and Postgres's spellings (see {@link DialectTraits.spelling}). */
const PORTABLE: SqlSpelling = { integerCast: "bigint", integerDivide: "/", upsert: "onConflict" }

export type {
  AccessLogTable,
  ActivitiesTable,
  AppointmentsTable,
  AuditTable,
  ByActivityAndVolunteerTable,
  ByUnitTable,
  ByVolunteerTable,
  CertificatesTable,
  Database,
  DocTable,
  FilingsTable,
  FundsTable,
  HoursTable,
  LocksTable,
  MetaTable,
  SecurityLogTable,
  SquadDocTable,
  TeamsTable,
  UnitsTable,
  VolunteersTable
} from "./database.js"
export type { MigrateOptions } from "./migrations.js"
export { migrate, migrationProvider, migrations, migrationsWith } from "./migrations.js"
export {
  MYSQL_RETRYABLE_ERRORS,
  mysqlTraits,
  postgresTraits,
  sqliteTraits,
  unnestBulkInsert,
  type BulkInsert,
  type DialectTraits,
  type DriverConnection,
  type DriverResult,
  type Executed,
  type ExecuteSync,
  type ExclusiveConnection,
  type SqlSpelling
} from "./traits.js"

const decodeAudit = Schema.decodeUnknownEffect(AuditEntry)

/**
 * Builds the Store over a migrated kysely database. Personal fields are sealed with
 * `keyRing` before they reach a table and opened after they leave it; the identity column
 * holds the document's blind index (P1, P2).
 *
 * @example
 * ```ts
 * import { makeKyselyStore, postgresTraits } from "volunteer-brigade/kysely"
 * import { envKeyRing } from "volunteer-brigade/crypto"
 * declare const db: import("kysely").Kysely<any>
 * const store = makeKyselyStore(db, postgresTraits, envKeyRing())
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const makeKyselyStore = (db: Kysely<any>, traits: DialectTraits, keyRing: KeyRingShape): StoreShape => {
  const engine = makeEngine(db as Kysely<Database>, traits)
  const seal = sealing(keyRing)
  const spelling = traits.spelling ?? PORTABLE
  const units = docRepo(engine, "vb_units", "unit", Unit, (u) => ({ level: u.level }))
  const appointments = docRepo(engine, "vb_appointments", "appointment", Appointment, (a) => ({
    unit_id: a.unitId,
    actor_id: a.actorId
  }))
  const teams = docRepo(engine, "vb_teams", "team", Team, (t) => ({ unit_id: t.unitId }))
  const volunteers = docRepo(engine, "vb_volunteers", "volunteer", SealedIndividual, (v) => ({
    identity_key: v.identityIndex,
    squad_id: v.squadId,
    status: v.status
  }))
  const groups = docRepo(engine, "vb_groups", "group", SealedGroup, (g) => ({ squad_id: g.squadId }))
  const openVolunteer = (operation: string) => (v: SealedIndividual) => seal.openIndividual(operation, v)
  const openVolunteers = (operation: string) => (vs: ReadonlyArray<SealedIndividual>) => Effect.forEach(vs, openVolunteer(operation))
  const activities = docRepo(engine, "vb_activities", "activity", Activity, (a) => ({
    organiser_unit_id: a.organiserUnitId,
    window_start: a.window.start
  }))
  const byActivity = (a: { activityId: string; volunteerId: string }) => ({
    activity_id: a.activityId,
    volunteer_id: a.volunteerId
  })
  const assignments = docRepo(engine, "vb_assignments", "assignment", Assignment, byActivity)
  const attendance = docRepo(engine, "vb_attendance", "attendance", AttendanceRecord, byActivity)
  const leave = docRepo(engine, "vb_leave", "leaveRequest", LeaveRequest, byActivity)
  const violations = docRepo(engine, "vb_violations", "violation", ViolationRecord, (r) => ({
    volunteer_id: r.violation.volunteerId
  }))
  const suspensions = docRepo(engine, "vb_suspensions", "suspension", SuspensionRecord, (r) => ({
    volunteer_id: r.suspension.volunteerId
  }))
  const hours = repo(engine, "vb_hours", "hourEntry", hourRows)
  const certificates = docRepo(engine, "vb_certificates", "certificate", Certificate, (c) => ({
    serial: c.serial,
    volunteer_id: c.volunteer.volunteerId
  }))
  const spotChecks = docRepo(engine, "vb_spot_checks", "spotCheck", SpotCheck, (c) => ({ unit_id: c.unitId }))
  const opinions = docRepo(engine, "vb_opinions", "opinion", Opinion, () => ({}))
  const funds = docRepo(engine, "vb_funds", "fundEntry", FundEntry, (e) => ({ squadron_id: e.squadronId, year: e.year }))
  const filings = docRepo(engine, "vb_filings", "filing", Filing, (f) => ({ year: f.year }))
  const accessLog = docRepo(engine, "vb_access_log", "accessLogEntry", AccessLogEntry, (e) => ({
    actor_id: e.actorId,
    at: e.at,
    records: `|${e.records.map(recordKey).join("|")}|`
  }))
  const securityLog = docRepo(engine, "vb_security_log", "securityLogEntry", SecurityLogEntry, (e) => ({
    actor_id: e.actorId,
    at: e.at,
    operation: e.operation
  }))
  const eq = (column: string, value: unknown) => (q: AnySelect) => (value === undefined ? q : q.where(column as never, "=", value as never))
  const oneOf = (column: string, values: ReadonlyArray<string> | undefined) => (q: AnySelect) =>
    values === undefined ? q : values.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where(column as never, "in", values as never)
  const cmp = (column: string, op: ">=" | "<", value: number | undefined) => (q: AnySelect) =>
    value === undefined ? q : q.where(column as never, op, value as never)
  const all = (...filters: ReadonlyArray<(q: AnySelect) => AnySelect>) => (q: AnySelect) => filters.reduce((acc, f) => f(acc), q)
  const withActivity = engine.compile(1, (db) =>
    db
      .selectFrom("vb_assignments")
      .leftJoin("vb_activities", "vb_activities.id", "vb_assignments.activity_id")
      .select(["vb_assignments.data as assignment", "vb_activities.data as activity"])
      .where("vb_assignments.id", "=", "?")
  )
  const decodeAssignment = engine.decode(Assignment, "vb_assignments.read")
  const decodeActivity = engine.decode(Activity, "vb_activities.read")
  const auditInsert = engine.compile(6, (db) =>
    db.insertInto("vb_audit").values({ id: "?", actor_id: "?", at: 0, operation: "?", target_kind: "?", target_id: "?" })
  )
  const org = organisationCache(engine, spelling, Effect.all({ units: units.all, appointments: appointments.all, teams: teams.all }))
  return {
    name: traits.name,
    transaction: engine.transaction,
    lock: identityBlind(scopeLock(engine), engine.traits.forUpdate, seal),
    units: { all: units.all, get: units.get, insert: org.write(units.insert), update: org.write(units.update) },
    appointments: { all: appointments.all, insert: org.write(appointments.insert), remove: org.write(appointments.remove) },
    teams: { all: teams.all, get: teams.get, insert: org.write(teams.insert), update: org.write(teams.update) },
    organisation: org.read,
    volunteers: {
      insert: (v) => Effect.flatMap(seal.sealIndividual("vb_volunteers.insert", v), volunteers.insert),
      insertMany: (vs) =>
        Effect.flatMap(Effect.forEach(vs, (v) => seal.sealIndividual("vb_volunteers.insertMany", v)), volunteers.insertMany),
      update: (v) => Effect.flatMap(seal.sealIndividual("vb_volunteers.update", v), volunteers.update),
      get: (id) => Effect.flatMap(volunteers.get(id), openVolunteer("vb_volunteers.get")),
      findByIdentity: (key) =>
        Effect.flatMap(seal.identityIndex("vb_volunteers.findByIdentity", key), (index) =>
          Effect.flatMap(volunteers.where("vb_volunteers.findByIdentity", eq("identity_key", index)), (vs) =>
            vs[0] === undefined ? Effect.succeed(undefined) : openVolunteer("vb_volunteers.findByIdentity")(vs[0])
          )
        ),
      list: (query = {}) =>
        Effect.flatMap(
          volunteers.where("vb_volunteers.list", all(oneOf("squad_id", query.squadIds), eq("status", query.status))),
          openVolunteers("vb_volunteers.list")
        )
    },
    groups: {
      insert: (g) => Effect.flatMap(seal.sealGroup("vb_groups.insert", g), groups.insert),
      update: (g) => Effect.flatMap(seal.sealGroup("vb_groups.update", g), groups.update),
      get: (id) => Effect.flatMap(groups.get(id), (g) => seal.openGroup("vb_groups.get", g)),
      list: (query = {}) =>
        Effect.flatMap(groups.where("vb_groups.list", oneOf("squad_id", query.squadIds)), (gs) =>
          Effect.forEach(gs, (g) => seal.openGroup("vb_groups.list", g))
        )
    },
    activities: {
      insert: activities.insert,
      update: activities.update,
      get: activities.get,
      list: (query = {}) =>
        activities.where(
          "vb_activities.list",
          all(
            oneOf("organiser_unit_id", query.organiserUnitIds),
            cmp("window_start", ">=", query.startFrom),
            cmp("window_start", "<", query.startBefore)
          )
        )
    },
    assignments: {
      insert: assignments.insert,
      get: assignments.get,
      getWithActivity: (id) =>
        Effect.flatMap(
          Effect.suspend(() => engine.execute("vb_assignments.getWithActivity", withActivity(), [id])),
          (r): Find<AssignmentWithActivity> => {
            const row = r.rows[0] as { assignment: string; activity: string | null } | undefined
            if (row === undefined) return Effect.fail(engine.notFound("assignment", id))
            const activity = row.activity
            return Effect.flatMap(decodeAssignment(row.assignment), (assignment): Find<AssignmentWithActivity> =>
              activity === null
                ? Effect.fail(engine.notFound("activity", assignment.activityId))
                : Effect.map(decodeActivity(activity), (a): AssignmentWithActivity => ({ assignment, activity: a }))
            )
          }
        ),
      remove: assignments.remove,
      listByActivity: (id) => assignments.where("vb_assignments.listByActivity", eq("activity_id", id)),
      listByVolunteer: (id) => assignments.where("vb_assignments.listByVolunteer", eq("volunteer_id", id))
    },
    attendance: {
      append: attendance.append,
      listByActivity: (id) => attendance.where("vb_attendance.listByActivity", eq("activity_id", id)),
      listByVolunteer: (id) => attendance.where("vb_attendance.listByVolunteer", eq("volunteer_id", id))
    },
    leave: {
      insert: leave.insert,
      update: leave.update,
      get: leave.get,
      listByActivity: (id) => leave.where("vb_leave.listByActivity", eq("activity_id", id)),
      listByVolunteer: (id) => leave.where("vb_leave.listByVolunteer", eq("volunteer_id", id))
    },
    discipline: {
      appendViolation: violations.append,
      violationsOf: (id) => violations.where("vb_violations.of", eq("volunteer_id", id)),
      allViolations: violations.all,
      insertSuspension: suspensions.insert,
      updateSuspension: suspensions.update,
      suspensionsOf: (id) => suspensions.where("vb_suspensions.of", eq("volunteer_id", id))
    },
    hours: {
      append: hours.append,
      appendMany: hours.insertMany,
      get: hours.get,
      totalsByVolunteer: hourTotals(engine, spelling, "vb_hours.totalsByVolunteer", "volunteer_id"),
      totalsBySquad: hourTotals(engine, spelling, "vb_hours.totalsBySquad", "squad_id"),
      list: (query = {}) =>
        hours.where(
          "vb_hours.list",
          all(
            eq("volunteer_id", query.volunteerId),
            eq("activity_id", query.activityId),
            oneOf("recording_unit_id", query.recordingUnitIds),
            cmp("service_start", ">=", query.serviceFrom),
            cmp("service_start", "<", query.serviceBefore)
          )
        )
    },
    certificates: {
      insert: certificates.insert,
      update: certificates.update,
      get: certificates.get,
      findBySerial: (serial) => Effect.map(certificates.where("vb_certificates.bySerial", eq("serial", serial)), (cs) => cs[0]),
      serialsWithPrefix: (prefix) =>
        engine.run("vb_certificates.serials", async (q) =>
          (
            await q
              .selectFrom("vb_certificates")
              .select("serial")
              .where(sql`substr(serial, 1, ${prefix.length})`, "=", prefix)
              .orderBy("serial")
              .execute()
          ).map((r) => r.serial)
        ),
      list: (query = {}) => certificates.where("vb_certificates.list", eq("volunteer_id", query.volunteerId))
    },
    supervision: {
      insertSpotCheck: spotChecks.insert,
      spotChecks: (query = {}) => spotChecks.where("vb_spot_checks.list", oneOf("unit_id", query.unitIds)),
      insertOpinion: opinions.insert,
      opinions: opinions.all
    },
    funds: {
      append: funds.append,
      list: (query = {}) => funds.where("vb_funds.list", all(eq("squadron_id", query.squadronId), eq("year", query.year)))
    },
    filings: {
      insert: filings.insert,
      list: (query = {}) => filings.where("vb_filings.list", eq("year", query.year))
    },
    audit: {
      append: (e) =>
        Effect.asVoid(
          engine.append("audit.append", auditInsert(), [e.id, e.actorId, e.at, e.operation, e.targetKind, e.targetId])
        ),
      list: (query = {}) =>
        Effect.flatMap(
          engine.run("audit.list", (q) => {
            let s = q.selectFrom("vb_audit").selectAll()
            if (query.actorId !== undefined) s = s.where("actor_id", "=", query.actorId)
            if (query.targetId !== undefined) s = s.where("target_id", "=", query.targetId)
            if (query.operation !== undefined) s = s.where("operation", "=", query.operation)
            s = s.orderBy("at").orderBy("id")
            if (query.limit !== undefined) s = s.limit(query.limit)
            return s.execute()
          }),
          (rows) =>
            Effect.forEach(rows, (r) =>
              decodeAudit({
                id: r.id,
                actorId: r.actor_id,
                at: Number(r.at),
                operation: r.operation,
                targetKind: r.target_kind,
                targetId: r.target_id
              }).pipe(
                Effect.mapError(
                  (e) => new StoreError({ operation: "audit.list", cause: `stored record does not decode: ${e.message}`, retryable: false })
                )
              )
            )
        )
    },
    accessLog: {
      append: accessLog.append,
      list: (query = {}) =>
        Effect.map(
          accessLog.where(
            "vb_access_log.list",
            all(
              eq("actor_id", query.actorId),
              cmp("at", ">=", query.from),
              cmp("at", "<", query.to),
              (q) =>
                query.record === undefined
                  ? q
                  : q.where(sql<boolean>`records like ${`%|${likeEscaped(recordKey(query.record))}|%`} escape '!'`)
            )
          ),
          // the pattern narrows; the exact match and the order are decided here
          (es) =>
            oldestFirst(
              query.record === undefined
                ? es
                : es.filter((e) => e.records.some((r) => r.kind === query.record!.kind && r.id === query.record!.id))
            )
        )
    },
    securityLog: {
      append: securityLog.append,
      list: (query = {}) =>
        Effect.map(
          securityLog.where(
            "vb_security_log.list",
            all(eq("actor_id", query.actorId), eq("operation", query.operation), cmp("at", ">=", query.from), cmp("at", "<", query.to))
          ),
          oldestFirst
        )
    }
  }
}

/**
 * `Store.lock` on SQL (A5, H1/H3, F3, T9, V3): where the dialect locks rows
 * (`DialectTraits.forUpdate`), the scope's `vb_locks` row is updated — the row lock is held to
 * the end of the transaction, so every other write of the scope waits for it. At read
 * committed the waiter's next statements see what the holder committed; at repeatable read and
 * serializable the waiter fails with a serialisation error (first updater wins) and is retried
 * with a fresh snapshot. A scope's row is created on first use; two transactions creating it at
 * once collide on its key, and the loser is retried (then finds the row). Elsewhere (SQLite:
 * `begin immediate` admits one writer at a time) there is nothing to lock.
 */
const scopeLock = (engine: SqlEngine): ((scope: LockScope) => Effect.Effect<void, StoreError>) => {
  if (!engine.traits.forUpdate) return () => Effect.void
  const update = engine.compile(1, (db) =>
    db
      .updateTable("vb_locks")
      .set({ n: sql<number>`n + 1` })
      .where("scope", "=", "?")
  )
  const create = (key: string) =>
    engine.run("vb_locks.create", async (db) => {
      try {
        await db.insertInto("vb_locks").values({ scope: key, n: 1 }).execute()
      } catch (e) {
        if (!engine.traits.isUniqueViolation(e)) throw e
        throw new StoreError({ operation: "vb_locks.create", cause: "the lock row was created by a concurrent transaction", retryable: true })
      }
    })
  return (scope) => {
    const key = lockKey(scope)
    return Effect.flatMap(
      Effect.suspend(() => engine.execute("vb_locks.lock", update(), [key])),
      (r) => (r.affected > 0 ? Effect.void : create(key))
    )
  }
}

/** How an access-log entry's `records` column names a record. */
const recordKey = (r: AccessRecord): string => `${r.kind}:${r.id}`

/** A text matched literally by `like … escape '!'`. */
const likeEscaped = (text: string): string => text.replace(/[!%_]/g, (c) => `!${c}`)

/** Log entries oldest first, then by id. */
const oldestFirst = <E extends { readonly at: number; readonly id: string }>(es: ReadonlyArray<E>): ReadonlyArray<E> =>
  [...es].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))

/**
 * P2 for lock rows: an identity scope is keyed by the document's blind index, never by the
 * clear identity key, so `vb_locks` holds no document number. Where the dialect takes no row
 * locks nothing is stored, and no index is computed.
 */
const identityBlind = (
  lock: (scope: LockScope) => Effect.Effect<void, StoreError>,
  forUpdate: boolean,
  seal: ReturnType<typeof sealing>
): ((scope: LockScope) => Effect.Effect<void, StoreError>) =>
  forUpdate
    ? (scope) =>
        scope.kind === "identity"
          ? Effect.flatMap(seal.identityIndex("store.lock", scope.key), (key) => lock({ kind: "identity", key }))
          : lock(scope)
    : lock

const ORGANISATION = "organisation"

/**
 * The decoded organisation, cached per `vb_meta` organisation version (migration 0004): a read
 * is one primary-key lookup of the version while it is unchanged; every write to units,
 * appointments or teams replaces the version with a fresh token in its own transaction, so
 * any process holding an older copy reloads. A copy is kept only when the version read after
 * loading equals the one before (no write slipped in between), and never while the version
 * row is missing.
 */
const organisationCache = (engine: SqlEngine, spelling: SqlSpelling, load: Effect.Effect<Organisation, StoreError>) => {
  let cached: { readonly version: string; readonly organisation: Organisation } | undefined
  const versionQuery = engine.compile(1, (db) => db.selectFrom("vb_meta").select("version").where("key", "=", "?"))
  engine.prefetch(versionQuery, [ORGANISATION])
  const version = Effect.map(
    Effect.suspend(() => engine.execute("vb_meta.organisation", versionQuery(), [ORGANISATION])),
    (r) => r.rows[0]?.["version"] as string | undefined
  )
  const bump = engine.run("vb_meta.bumpOrganisation", async (db) => {
    const insert = db.insertInto("vb_meta").values({ key: ORGANISATION, version: globalThis.crypto.randomUUID() })
    await (spelling.upsert === "onDuplicateKey"
      ? insert.onDuplicateKeyUpdate({ version: sql`values(${sql.ref("version")})` })
      : insert.onConflict((c) => c.column("key").doUpdateSet((eb) => ({ version: eb.ref("excluded.version") })))
    ).execute()
  })
  // read on every check-in: a flat chain, and the cached value when the version is unchanged
  const read: Effect.Effect<Organisation, StoreError> = Effect.flatMap(version, (before) => {
    if (before !== undefined && cached?.version === before) return Effect.succeed(cached.organisation)
    return Effect.flatMap(load, (organisation) =>
      before === undefined
        ? Effect.succeed(organisation)
        : Effect.map(version, (after) => {
            if (after === before) cached = { version: before, organisation }
            return organisation
          })
    )
  })
  const write =
    <A extends ReadonlyArray<unknown>, B, E>(f: (...args: A) => Effect.Effect<B, E>) =>
    (...args: A): Effect.Effect<B, E | StoreError> =>
      engine.transaction(Effect.flatMap(f(...args), (b) => Effect.as(bump, b)))
  return { read, write }
}

/**
 * Minutes credited before instant `at` by one netted entry `(s, e, m)` — `Hours.minutesWithin`'s
 * cumulative floor attribution in portable SQL: integer arithmetic on bigints, and the only
 * division is of a non-negative by a positive integer, where SQLite's and Postgres's truncation
 * equals floor (no `least`/`greatest`, which SQLite spells `min`/`max`).
 */
const creditedBefore = (spelling: SqlSpelling, at: RawBuilder<unknown>) => sql`(case
  when e <= s then (case when ${at} > s then m else 0 end)
  else (case when m < 0 then -1 else 1 end)
    * ((cast(abs(m) as ${sql.raw(spelling.integerCast)}) * (case when ${at} <= s then 0 when ${at} >= e then e - s else ${at} - s end)) ${sql.raw(
      spelling.integerDivide
    )} (e - s))
  end)`

/**
 * A report over the columnar hour ledger (T6, T10), computed in the database in two parts that
 * never overlap:
 * - entries served wholly inside `[from, to)` (`service_start >= from`, `service_end <= to`,
 *   `service_start < to`) are credited in full, and a correction carries its original's
 *   service fields, so netting them first changes nothing: a plain `sum(minutes)` read from
 *   the covering index `vb_hours_report` — nearly every row of a report takes this path;
 * - entries that straddle a boundary are netted with their corrections (grouped by
 *   `coalesce(corrects, id)`), attributed by {@link creditedBefore} and summed.
 * The result equals `Hours.totalsBetween` on the same entries.
 */
const hourTotals =
  (engine: SqlEngine, spelling: SqlSpelling, operation: string, keyColumn: "volunteer_id" | "squad_id") =>
  ({ from, to }: HourPeriod): Effect.Effect<ReadonlyArray<HourTotal>, StoreError> =>
    Effect.map(
      engine.run(operation, async (q) => {
        const f = sql`cast(${from} as ${sql.raw(spelling.integerCast)})`
        const t = sql`cast(${to} as ${sql.raw(spelling.integerCast)})`
        const key = sql.ref(keyColumn)
        const result = await sql<{ key: string; minutes: number | string | bigint }>`
          select k as ${sql.id("key")}, sum(m) as minutes from (
            select ${key} as k, minutes as m
            from vb_hours
            where service_start >= ${f} and service_end <= ${t} and service_start < ${t}
            union all
            select k, ${creditedBefore(spelling, t)} - ${creditedBefore(spelling, f)} as m
            from (
              select max(${key}) as k, max(service_start) as s, max(service_end) as e, sum(minutes) as m
              from vb_hours
              where service_start < ${t} and service_end >= ${f} and not (service_start >= ${f} and service_end <= ${t})
              group by coalesce(corrects, id)
            ) straddling
          ) parts
          group by k`.execute(q)
        return result.rows
      }),
      (rows) =>
        rows
          .map((r) => ({ key: r.key, minutes: Number(r.minutes) }))
          .filter((r) => r.minutes !== 0)
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    )

/**
 * A layer providing the Store over a migrated kysely database, and time-ordered ids.
 *
 * @example
 * ```ts
 * import { kyselyLayer, sqliteTraits } from "volunteer-brigade/kysely"
 * import { envKeyRing } from "volunteer-brigade/crypto"
 * declare const db: import("kysely").Kysely<any>
 * const layer = kyselyLayer(db, sqliteTraits, envKeyRing())
 * ```
 * @category layers
 * @since 0.1.0
 */
export const kyselyLayer = (db: Kysely<any>, traits: DialectTraits, keyRing: KeyRingShape): Layer.Layer<Store | IdGenerator> =>
  Layer.merge(Layer.succeed(Store, makeKyselyStore(db, traits, keyRing)), timeOrderedIds)

export { randomIds, timeOrderedIds } from "../shared/ids.js"
