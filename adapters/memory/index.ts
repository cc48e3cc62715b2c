/**
 * `volunteer-brigade/memory` — the Store over immutable maps held in memory. For tests,
 * demos, prototypes and hosts that persist elsewhere. Transactions work on a copy of the
 * state that is swapped in only on success; writers are serialised.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Workflows } from "volunteer-brigade"
 * import { layer } from "volunteer-brigade/memory"
 * const program = Workflows.Organisation.tree("2026-01-01")
 * Effect.runPromise(Effect.provide(program, layer))
 * ```
 * @module volunteer-brigade/memory
 */
import { Effect, HashMap, Layer } from "effect"
import type { Activity, Assignment } from "../../src/activity.js"
import type { Certificate } from "../../src/certificate.js"
import type { FundEntry } from "../../src/funds.js"
import type { Appointment, Organisation, Team, Unit } from "../../src/hierarchy.js"
import { totalsBetween, type HourEntry } from "../../src/hours.js"
import type { HourPeriod, HourTotal } from "../../src/store.js"
import type { LeaveRequest } from "../../src/leave.js"
import {
  IdGenerator,
  Store,
  StoreError,
  type AttendanceRecord,
  type AccessLogEntry,
  type AuditEntry,
  type Filing,
  type SecurityLogEntry,
  type StoreShape,
  type SuspensionRecord,
  type ViolationRecord
} from "../../src/store.js"
import type { Opinion, SpotCheck } from "../../src/supervision.js"
import type { KeyRingShape, SealedGroup, SealedIndividual } from "../../src/privacy.js"
import type { Group, Individual } from "../../src/volunteer.js"
import { timeOrderedIds } from "../shared/ids.js"
import { ephemeralKeyRing } from "../shared/keyring.js"
import { sealing } from "../shared/sealing.js"
import { makeEngine, type MemoryTable } from "./engine.js"

const entityNames: Readonly<Record<string, string>> = {
  units: "unit",
  appointments: "appointment",
  teams: "team",
  volunteers: "volunteer",
  groups: "group",
  activities: "activity",
  assignments: "assignment",
  leave: "leaveRequest",
  suspensions: "suspension",
  hours: "hourEntry",
  certificates: "certificate",
  audit: "audit",
  accessLog: "accessLogEntry",
  securityLog: "securityLogEntry"
}

const within = <A>(values: ReadonlyArray<A> | undefined, value: A): boolean => values === undefined || values.includes(value)

const states = new WeakMap<StoreShape, Effect.Effect<string>>()

/**
 * Everything a memory store holds, serialised — what a process dump would show (P1: sealed
 * values and blind indexes only). For tests that look at the raw state.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { makeMemoryStore, rawState } from "volunteer-brigade/memory"
 * const store = await Effect.runPromise(makeMemoryStore)
 * const text = await Effect.runPromise(rawState(store))
 * ```
 * @category diagnostics
 * @since 0.1.0
 */
export const rawState = (store: StoreShape): Effect.Effect<string> => states.get(store) ?? Effect.succeed("")

/**
 * Builds a fresh, empty memory Store with an ephemeral key ring (P1: even in memory, personal
 * fields are kept sealed; the keys die with the process, as the data does).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { makeMemoryStore } from "volunteer-brigade/memory"
 * const store = await Effect.runPromise(makeMemoryStore)
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const makeMemoryStore: Effect.Effect<StoreShape> = Effect.suspend(() => makeMemoryStoreWith(ephemeralKeyRing()))

/**
 * Builds a fresh, empty memory Store sealing personal fields with the given key ring (P1,
 * P2).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ephemeralKeyRing } from "volunteer-brigade/crypto"
 * import { makeMemoryStoreWith } from "volunteer-brigade/memory"
 * const store = await Effect.runPromise(makeMemoryStoreWith(ephemeralKeyRing()))
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const makeMemoryStoreWith = (keyRing: KeyRingShape): Effect.Effect<StoreShape> => Effect.gen(function* () {
  const engine = yield* makeEngine((t) => entityNames[t] ?? t)
  const seal = sealing(keyRing)
  const units = engine.table<Unit>("units")
  const appointments = engine.table<Appointment>("appointments")
  const teams = engine.table<Team>("teams")
  let lastOrganisation: Organisation | undefined
  const audit = engine.table<AuditEntry>("audit")
  const volunteers = engine.table<SealedIndividual>("volunteers")
  const identities = engine.table<string>("identities")
  const groups = engine.table<SealedGroup>("groups")
  const activities = engine.table<Activity>("activities")
  const assignments = engine.table<Assignment>("assignments")
  const attendance = engine.table<AttendanceRecord>("attendance")
  const leave = engine.table<LeaveRequest>("leave")
  const violations = engine.table<ViolationRecord>("violations")
  const suspensions = engine.table<SuspensionRecord>("suspensions")
  const hours = engine.table<HourEntry>("hours", { appendOnly: true })
  const certificates = engine.table<Certificate>("certificates")
  const spotChecks = engine.table<SpotCheck>("spotChecks")
  const opinions = engine.table<Opinion>("opinions")
  const funds = engine.table<FundEntry>("funds")
  const filings = engine.table<Filing>("filings")
  const accessLog = engine.table<AccessLogEntry>("accessLog")
  const securityLog = engine.table<SecurityLogEntry>("securityLog")
  const insertVolunteer = (v: Individual) =>
    Effect.flatMap(seal.sealIndividual("volunteers.insert", v), (sealed) => {
      const key = sealed.identityIndex
      return Effect.flatMap(identities.find(key), (existing) =>
        existing === undefined
          ? Effect.andThen(identities.insert(key, v.id), volunteers.insert(v.id, sealed))
          : Effect.fail(
              new StoreError({ operation: "volunteers.insert", cause: "unique identity index already used", retryable: false })
            )
      )
    })
  const openVolunteer = (operation: string) => (s: SealedIndividual) => seal.openIndividual(operation, s)
  const openVolunteers = (operation: string) => (ss: ReadonlyArray<SealedIndividual>) => Effect.forEach(ss, openVolunteer(operation))
  const openGroups = (operation: string) => (gs: ReadonlyArray<SealedGroup>) => Effect.forEach(gs, (g) => seal.openGroup(operation, g))
  const store: StoreShape = {
    name: "memory",
    transaction: engine.transaction,
    // transactions run one at a time behind the engine's semaphore: a scope is never contended
    lock: () => Effect.void,
    units: {
      all: units.all,
      get: units.get,
      insert: (u) => units.insert(u.id, u),
      update: (u) => units.update(u.id, u)
    },
    appointments: {
      all: appointments.all,
      insert: (a) => appointments.insert(a.id, a),
      remove: appointments.remove
    },
    // the same value while its three tables are unchanged, so the rules' per-organisation
    // memos (jurisdiction, H7) hold across calls
    organisation: Effect.map(Effect.all({ units: units.all, appointments: appointments.all, teams: teams.all }), (read) => {
      if (lastOrganisation?.units !== read.units || lastOrganisation.appointments !== read.appointments || lastOrganisation.teams !== read.teams)
        lastOrganisation = read
      return lastOrganisation
    }),
    teams: {
      all: teams.all,
      get: teams.get,
      insert: (t) => teams.insert(t.id, t),
      update: (t) => teams.update(t.id, t)
    },
    volunteers: {
      insert: insertVolunteer,
      insertMany: (rows) =>
        engine.transaction(Effect.forEach(rows, insertVolunteer, { discard: true })),
      update: (v) =>
        Effect.flatMap(seal.sealIndividual("volunteers.update", v), (sealed) =>
          Effect.flatMap(volunteers.get(v.id), (before) =>
            before.identityIndex === sealed.identityIndex
              ? volunteers.update(v.id, sealed)
              : // the document changed or was erased (P7): the index follows
                Effect.andThen(
                  Effect.andThen(Effect.ignore(identities.remove(before.identityIndex)), identities.insert(sealed.identityIndex, v.id)),
                  volunteers.update(v.id, sealed)
                )
          )
        ),
      get: (id) => Effect.flatMap(volunteers.get(id), openVolunteer("volunteers.get")),
      findByIdentity: (key) =>
        Effect.flatMap(seal.identityIndex("volunteers.findByIdentity", key), (index) =>
          Effect.flatMap(identities.find(index), (id) =>
            id === undefined
              ? Effect.succeed(undefined)
              : Effect.flatMap(volunteers.find(id), (s) => (s === undefined ? Effect.succeed(undefined) : openVolunteer("volunteers.findByIdentity")(s)))
          )
        ),
      list: (q = {}) =>
        Effect.flatMap(
          volunteers.where((v) => within(q.squadIds, v.squadId) && (q.status === undefined || v.status === q.status)),
          openVolunteers("volunteers.list")
        )
    },
    groups: {
      insert: (g) => Effect.flatMap(seal.sealGroup("groups.insert", g), (sealed) => groups.insert(g.id, sealed)),
      update: (g) => Effect.flatMap(seal.sealGroup("groups.update", g), (sealed) => groups.update(g.id, sealed)),
      get: (id) => Effect.flatMap(groups.get(id), (g) => seal.openGroup("groups.get", g)),
      list: (q = {}) => Effect.flatMap(groups.where((g) => within(q.squadIds, g.squadId)), openGroups("groups.list"))
    },
    activities: {
      insert: (a) => activities.insert(a.id, a),
      update: (a) => activities.update(a.id, a),
      get: activities.get,
      list: (q = {}) =>
        activities.where(
          (a) =>
            within(q.organiserUnitIds, a.organiserUnitId) &&
            (q.startFrom === undefined || a.window.start >= q.startFrom) &&
            (q.startBefore === undefined || a.window.start < q.startBefore)
        )
    },
    assignments: {
      insert: (a) => assignments.insert(a.id, a),
      get: assignments.get,
      getWithActivity: (id) =>
        Effect.flatMap(assignments.get(id), (assignment) =>
          Effect.map(activities.get(assignment.activityId), (activity) => ({ assignment, activity }))
        ),
      remove: assignments.remove,
      listByActivity: (id) => assignments.where((a) => a.activityId === id),
      listByVolunteer: (id) => assignments.where((a) => a.volunteerId === id)
    },
    attendance: {
      append: (r) => attendance.insert(r.id, r),
      listByActivity: (id) => attendance.where((r) => r.activityId === id),
      listByVolunteer: (id) => attendance.where((r) => r.volunteerId === id)
    },
    leave: {
      insert: (r) => leave.insert(r.id, r),
      update: (r) => leave.update(r.id, r),
      get: leave.get,
      listByActivity: (id) => leave.where((r) => r.activityId === id),
      listByVolunteer: (id) => leave.where((r) => r.volunteerId === id)
    },
    discipline: {
      appendViolation: (r) => violations.insert(r.id, r),
      violationsOf: (id) => violations.where((r) => r.violation.volunteerId === id),
      allViolations: violations.all,
      insertSuspension: (r) => suspensions.insert(r.id, r),
      updateSuspension: (r) => suspensions.update(r.id, r),
      suspensionsOf: (id) => suspensions.where((r) => r.suspension.volunteerId === id)
    },
    hours: {
      append: (e) => hours.insert(e.id, e),
      appendMany: (es) => hours.insertMany(es.map((e) => [e.id, e] as const)),
      get: hours.get,
      totalsByVolunteer: (period) => hourTotals(hours, period, "volunteer"),
      totalsBySquad: (period) => hourTotals(hours, period, "squad"),
      list: (q = {}) =>
        hours.where(
          (e) =>
            (q.volunteerId === undefined || e.volunteerId === q.volunteerId) &&
            (q.activityId === undefined || e.activityId === q.activityId) &&
            within(q.recordingUnitIds, e.recordingUnitId) &&
            (q.serviceFrom === undefined || e.serviceStart >= q.serviceFrom) &&
            (q.serviceBefore === undefined || e.serviceStart < q.serviceBefore)
        )
    },
    certificates: {
      insert: (c) =>
        Effect.flatMap(certificates.where((x) => x.serial === c.serial), (same) =>
          same.length > 0
            ? Effect.fail(
                new StoreError({ operation: "certificates.insert", cause: `serial ${c.serial} already used`, retryable: false })
              )
            : certificates.insert(c.id, c)
        ),
      update: (c) => certificates.update(c.id, c),
      get: certificates.get,
      findBySerial: (serial) => Effect.map(certificates.where((c) => c.serial === serial), (cs) => cs[0]),
      serialsWithPrefix: (prefix) =>
        Effect.map(certificates.where((c) => c.serial.startsWith(prefix)), (cs) => cs.map((c) => c.serial).sort()),
      list: (q = {}) => certificates.where((c) => q.volunteerId === undefined || c.volunteer.volunteerId === q.volunteerId)
    },
    supervision: {
      insertSpotCheck: (c) => spotChecks.insert(c.id, c),
      spotChecks: (q = {}) => spotChecks.where((c) => within(q.unitIds, c.unitId)),
      insertOpinion: (o) => opinions.insert(o.id, o),
      opinions: opinions.all
    },
    funds: {
      append: (e) => funds.insert(e.id, e),
      list: (q = {}) =>
        funds.where(
          (e) => (q.squadronId === undefined || e.squadronId === q.squadronId) && (q.year === undefined || e.year === q.year)
        )
    },
    filings: {
      insert: (f) => filings.insert(f.id, f),
      list: (q = {}) => filings.where((f) => q.year === undefined || f.year === q.year)
    },
    audit: {
      append: (e) => audit.insert(e.id, e),
      list: (q = {}) =>
        Effect.map(
          audit.where(
            (e) =>
              (q.actorId === undefined || e.actorId === q.actorId) &&
              (q.targetId === undefined || e.targetId === q.targetId) &&
              (q.operation === undefined || e.operation === q.operation)
          ),
          (es) => {
            const sorted = oldestFirst(es)
            return q.limit === undefined ? sorted : sorted.slice(0, q.limit)
          }
        )
    },
    accessLog: {
      append: (e) => accessLog.insert(e.id, e),
      list: (q = {}) =>
        Effect.map(
          accessLog.where(
            (e) =>
              inPeriod(e, q) &&
              (q.actorId === undefined || e.actorId === q.actorId) &&
              (q.record === undefined || e.records.some((r) => r.kind === q.record!.kind && r.id === q.record!.id))
          ),
          oldestFirst
        )
    },
    securityLog: {
      append: (e) => securityLog.insert(e.id, e),
      list: (q = {}) =>
        Effect.map(
          securityLog.where(
            (e) =>
              inPeriod(e, q) &&
              (q.actorId === undefined || e.actorId === q.actorId) &&
              (q.operation === undefined || e.operation === q.operation)
          ),
          oldestFirst
        )
    }
  }
  states.set(
    store,
    engine.read((state) =>
      JSON.stringify(Object.fromEntries(Object.entries(state).map(([table, rows]) => [table, Array.from(HashMap.entries(rows))])))
    )
  )
  return store
})

/** Log entries oldest first, then by id (the SQL stores' order). */
const oldestFirst = <E extends { readonly at: number; readonly id: string }>(es: ReadonlyArray<E>): ReadonlyArray<E> =>
  [...es].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))

const inPeriod = (e: { readonly at: number }, q: { readonly from?: number; readonly to?: number }) =>
  (q.from === undefined || e.at >= q.from) && (q.to === undefined || e.at < q.to)

/**
 * A report over the hour table in one pass over its append-only log (T6, T10), equal to `totalsBetween`: entries served
 * wholly inside `[from, to)` are credited in full (a correction carries its original's service
 * fields, so netting first changes nothing) into a plain Map; the few entries that straddle a
 * boundary go through the reference `totalsBetween`, which nets and prorates them.
 */
const hourTotals = (
  hours: MemoryTable<HourEntry>,
  { from, to }: HourPeriod,
  groupBy: "volunteer" | "squad"
): Effect.Effect<ReadonlyArray<HourTotal>> =>
  Effect.map(
    hours.fold(
      () => ({ sums: new Map<string, number>(), straddling: [] as Array<HourEntry> }),
      (acc, e) => {
        if (e.serviceStart >= from && e.serviceEnd <= to && e.serviceStart < to) {
          const key = groupBy === "volunteer" ? e.volunteerId : e.squadId
          acc.sums.set(key, (acc.sums.get(key) ?? 0) + e.minutes)
        } else if (e.serviceStart < to && e.serviceEnd >= from) acc.straddling.push(e)
        return acc
      }
    ),
    ({ sums, straddling }) => {
      for (const r of totalsBetween(straddling, from, to, groupBy)) sums.set(r.key, (sums.get(r.key) ?? 0) + r.minutes)
      return [...sums]
        .filter(([, minutes]) => minutes !== 0)
        .map(([key, minutes]) => ({ key, minutes }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    }
  )

/**
 * A layer providing a fresh memory Store and random ids.
 *
 * @example
 * ```ts
 * import { layer } from "volunteer-brigade/memory"
 * const StoreLive = layer
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<Store | IdGenerator> = Layer.merge(Layer.effect(Store, makeMemoryStore), timeOrderedIds)

export { randomIds, timeOrderedIds } from "../shared/ids.js"
