/**
 * The port: one {@link Store} service, grouped by aggregate, with one transaction boundary.
 * Adapters (memory, SQLite, Postgres) implement it; workflows use it. This is the only
 * module that defines services: the Store, the {@link IdGenerator} and the {@link PolicyRef}.
 *
 * Contract every adapter proves with the conformance suite (`volunteer-brigade/testing`):
 * - `transaction(effect)`: either every write inside happens or none does; a failure (typed
 *   error or defect) rolls back. Nested calls join the outer transaction. Conflicting
 *   concurrent transactions are serialised or retried so that no update is lost.
 * - Missing records surface as {@link NotFound}, storage failures as {@link StoreError};
 *   neither is ever a defect.
 * - Every record read is decoded through its domain Schema.
 * - The audit log, the access log and the security log are append-only: there is no
 *   operation that edits or deletes an entry.
 *
 * @module
 */
import { Context, Effect, Layer, Schema } from "effect"
import type { Activity, Assignment } from "./activity.js"
import { AttendanceEvent } from "./attendance.js"
import type { Certificate } from "./certificate.js"
import { Suspension, Violation } from "./discipline.js"
import type { FundEntry } from "./funds.js"
import type { Appointment, Organisation, Team, Unit } from "./hierarchy.js"
import type { HourEntry } from "./hours.js"
import {
  ActivityId,
  ActorId,
  AuditId,
  VolunteerId,
  type AppointmentId,
  type AssignmentId,
  type CertificateId,
  type GroupId,
  type HourEntryId,
  type LeaveRequestId,
  type TeamId,
  type UnitId
} from "./ids.js"
import type { LeaveRequest } from "./leave.js"
import type { Opinion, SpotCheck } from "./supervision.js"
import type { Group, Individual, VolunteerStatus } from "./volunteer.js"
import { defaults as defaultPolicy, type Policy } from "./policy.js"
import { Instant, type LocalDate } from "./time.js"

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/**
 * A storage failure: the operation that failed and a description of the cause. Adapters map
 * every driver error to this; `retryable` marks serialisation conflicts and busy databases
 * that a caller may retry (the SQL adapters already retry them a few times); `commitUnknown`
 * marks a connection lost after the commit was sent, when the write may or may not be there.
 *
 * @example
 * ```ts
 * import { Store } from "volunteer-brigade"
 * new Store.StoreError({ operation: "units.insert", cause: "disk full", retryable: false })
 * ```
 * @category errors
 * @since 0.1.0
 */
export class StoreError extends Schema.TaggedError<StoreError>()("StoreError", {
  operation: Schema.String,
  cause: Schema.String,
  retryable: Schema.Boolean,
  /**
   * The connection was lost after `COMMIT` was sent (docs/reliability.md): the
   * transaction may or may not have committed, so the caller must look before it writes
   * again (a check-in: read the assignment's attendance). Never retried by the store.
   * Defaults to false.
   */
  commitUnknown: Schema.Boolean.pipe(Schema.withConstructorDefault(Effect.succeed(false)))
}) {}

/**
 * A record that was asked for by id does not exist.
 *
 * @example
 * ```ts
 * import { Store } from "volunteer-brigade"
 * new Store.NotFound({ entity: "unit", id: "squad-9" })
 * ```
 * @category errors
 * @since 0.1.0
 */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  entity: Schema.String,
  id: Schema.String
}) {}

// ---------------------------------------------------------------------------------------
// Audit
// ---------------------------------------------------------------------------------------

/**
 * 审计记录 — one audit entry: who did what to which record, when. Written by every mutating
 * workflow in the same transaction as the change.
 *
 * @category audit
 * @since 0.1.0
 */
export const AuditEntry = Schema.Struct({
  id: AuditId,
  actorId: ActorId,
  at: Instant,
  operation: Schema.String,
  targetKind: Schema.String,
  targetId: Schema.String
})
/** @category audit @since 0.1.0 */
export type AuditEntry = typeof AuditEntry.Type

/**
 * Filter for {@link AuditRepo.list}; entries come oldest first.
 *
 * @category audit
 * @since 0.1.0
 */
export interface AuditQuery {
  readonly actorId?: ActorId
  readonly targetId?: string
  readonly operation?: string
  readonly limit?: number
}

/**
 * One record an access-log entry names: its kind (`volunteer`, `appointment`, `group`) and id.
 *
 * @category access log
 * @since 0.2.0
 */
export const AccessRecord = Schema.Struct({ kind: Schema.String, id: Schema.String })
/** @category access log @since 0.2.0 */
export type AccessRecord = typeof AccessRecord.Type

/**
 * 访问日志 — one clear (unmasked) read of personal data (P4): who read, when, for which stated
 * purpose, through which operation, and which records. Written by the read itself, in the
 * same transaction, exactly once per clear read; never edited or deleted.
 *
 * @category access log
 * @since 0.2.0
 */
export const AccessLogEntry = Schema.Struct({
  id: AuditId,
  actorId: ActorId,
  at: Instant,
  operation: Schema.String,
  purpose: Schema.String,
  records: Schema.Array(AccessRecord)
})
/** @category access log @since 0.2.0 */
export type AccessLogEntry = typeof AccessLogEntry.Type

/**
 * Filter for {@link AccessLogRepo.list}: by reader, by a record read (`volunteer` records by
 * default) and by the period `[from, to)`; entries come oldest first.
 *
 * @category access log
 * @since 0.2.0
 */
export interface AccessLogQuery {
  readonly actorId?: ActorId
  readonly record?: AccessRecord
  readonly from?: Instant
  readonly to?: Instant
}

/**
 * 安全日志 — one refused action (P4, 等保 2.0 security audit): who tried, when, which operation
 * on which target, and why it was refused (`NotInJurisdiction`, `PermissionDenied:clearRead`,
 * `FundDutiesNotSeparated:squadronOfficer`, …). Holds no personal data: targets are ids.
 *
 * @category security log
 * @since 0.2.0
 */
export const SecurityLogEntry = Schema.Struct({
  id: AuditId,
  actorId: ActorId,
  at: Instant,
  operation: Schema.String,
  targetKind: Schema.String,
  targetId: Schema.String,
  reason: Schema.String
})
/** @category security log @since 0.2.0 */
export type SecurityLogEntry = typeof SecurityLogEntry.Type

/**
 * Filter for {@link SecurityLogRepo.list}: by actor, operation and the period `[from, to)`;
 * entries come oldest first.
 *
 * @category security log
 * @since 0.2.0
 */
export interface SecurityLogQuery {
  readonly actorId?: ActorId
  readonly operation?: string
  readonly from?: Instant
  readonly to?: Instant
}

// ---------------------------------------------------------------------------------------
// Repositories, one per aggregate
// ---------------------------------------------------------------------------------------

/**
 * Effect of a store operation: it may fail with a {@link StoreError} only.
 *
 * @category port
 * @since 0.1.0
 */
export type Op<A> = Effect.Effect<A, StoreError>

/**
 * Effect of a store read by id: a missing record is {@link NotFound}.
 *
 * @category port
 * @since 0.1.0
 */
export type Find<A> = Effect.Effect<A, NotFound | StoreError>

/**
 * Units of the organisation tree (H1–H6).
 *
 * @category port
 * @since 0.1.0
 */
export interface UnitsRepo {
  readonly all: Op<ReadonlyArray<Unit>>
  readonly get: (id: UnitId) => Find<Unit>
  readonly insert: (unit: Unit) => Op<void>
  /** Replaces a unit that exists; `NotFound` otherwise. */
  readonly update: (unit: Unit) => Find<void>
}

/**
 * Appointments of people to roles in units (H1, H3, H7).
 *
 * @category port
 * @since 0.1.0
 */
export interface AppointmentsRepo {
  readonly all: Op<ReadonlyArray<Appointment>>
  readonly insert: (appointment: Appointment) => Op<void>
  /** Ends an appointment; `NotFound` when there is none with that id. */
  readonly remove: (id: AppointmentId) => Find<void>
}

/**
 * Teams inside squads (H5).
 *
 * @category port
 * @since 0.1.0
 */
export interface TeamsRepo {
  readonly all: Op<ReadonlyArray<Team>>
  readonly insert: (team: Team) => Op<void>
  readonly update: (team: Team) => Find<void>
  readonly get: (id: TeamId) => Find<Team>
}

/**
 * Filter for {@link VolunteersRepo.list}: volunteers whose current squad is one of
 * `squadIds` (all when absent) and whose status is `status` (any when absent).
 *
 * @category port
 * @since 0.1.0
 */
export interface VolunteerQuery {
  readonly squadIds?: ReadonlyArray<UnitId>
  readonly status?: VolunteerStatus
}

/**
 * Registered individual volunteers (V1–V7). The identity key (`Volunteer.identityKey` of the
 * document, V3) is unique in every adapter: inserting a second record with the same key
 * fails with a StoreError; workflows look it up first and report `DuplicateVolunteer`.
 *
 * @category port
 * @since 0.1.0
 */
export interface VolunteersRepo {
  readonly insert: (volunteer: Individual) => Op<void>
  /** Inserts many records in statement batches (bulk import); all or none inside a transaction. */
  readonly insertMany: (volunteers: ReadonlyArray<Individual>) => Op<void>
  readonly update: (volunteer: Individual) => Find<void>
  readonly get: (id: VolunteerId) => Find<Individual>
  readonly findByIdentity: (identityKey: string) => Op<Individual | undefined>
  readonly list: (query?: VolunteerQuery) => Op<ReadonlyArray<Individual>>
}

/**
 * Registered volunteer groups (团体, V1).
 *
 * @category port
 * @since 0.1.0
 */
export interface GroupsRepo {
  readonly insert: (group: Group) => Op<void>
  readonly update: (group: Group) => Find<void>
  readonly get: (id: GroupId) => Find<Group>
  readonly list: (query?: { readonly squadIds?: ReadonlyArray<UnitId> }) => Op<ReadonlyArray<Group>>
}

/**
 * Filter for {@link ActivitiesRepo.list}: activities organised by one of the units whose
 * window starts in `[from, to)` (epoch ms).
 *
 * @category port
 * @since 0.1.0
 */
export interface ActivityQuery {
  readonly organiserUnitIds?: ReadonlyArray<UnitId>
  readonly startFrom?: Instant
  readonly startBefore?: Instant
}

/**
 * Activities (A1–A6).
 *
 * @category port
 * @since 0.1.0
 */
export interface ActivitiesRepo {
  readonly insert: (activity: Activity) => Op<void>
  readonly update: (activity: Activity) => Find<void>
  readonly get: (id: ActivityId) => Find<Activity>
  readonly list: (query?: ActivityQuery) => Op<ReadonlyArray<Activity>>
}

/**
 * An assignment and the activity it is for.
 *
 * @category port
 * @since 0.1.0
 */
export interface AssignmentWithActivity {
  readonly assignment: Assignment
  readonly activity: Activity
}

/**
 * Assignments of volunteers to activities (A5).
 *
 * @category port
 * @since 0.1.0
 */
export interface AssignmentsRepo {
  readonly insert: (assignment: Assignment) => Op<void>
  readonly get: (id: AssignmentId) => Find<Assignment>
  /**
   * An assignment with its activity, in one read where the store can (a join on SQL): what
   * every attendance event needs first. `NotFound` names the assignment, or the activity if
   * the assignment's activity is missing.
   */
  readonly getWithActivity: (id: AssignmentId) => Find<AssignmentWithActivity>
  readonly remove: (id: AssignmentId) => Find<void>
  readonly listByActivity: (activityId: ActivityId) => Op<ReadonlyArray<Assignment>>
  readonly listByVolunteer: (volunteerId: VolunteerId) => Op<ReadonlyArray<Assignment>>
}

/**
 * A stored attendance event (D1, D3): the event plus its id, activity, volunteer and who
 * recorded it when.
 *
 * @category records
 * @since 0.1.0
 */
export const AttendanceRecord = Schema.Struct({
  id: Schema.String,
  activityId: ActivityId,
  volunteerId: VolunteerId,
  event: AttendanceEvent,
  recordedBy: ActorId,
  recordedAt: Instant
})
/** @category records @since 0.1.0 */
export type AttendanceRecord = typeof AttendanceRecord.Type

/**
 * Check-in and check-out events, append-only.
 *
 * @category port
 * @since 0.1.0
 */
export interface AttendanceRepo {
  readonly append: (record: AttendanceRecord) => Op<void>
  readonly listByActivity: (activityId: ActivityId) => Op<ReadonlyArray<AttendanceRecord>>
  readonly listByVolunteer: (volunteerId: VolunteerId) => Op<ReadonlyArray<AttendanceRecord>>
}

/**
 * Leave requests (D2).
 *
 * @category port
 * @since 0.1.0
 */
export interface LeaveRepo {
  readonly insert: (request: LeaveRequest) => Op<void>
  readonly update: (request: LeaveRequest) => Find<void>
  readonly get: (id: LeaveRequestId) => Find<LeaveRequest>
  readonly listByActivity: (activityId: ActivityId) => Op<ReadonlyArray<LeaveRequest>>
  readonly listByVolunteer: (volunteerId: VolunteerId) => Op<ReadonlyArray<LeaveRequest>>
}

/**
 * A stored violation (D4) with its id.
 *
 * @category records
 * @since 0.1.0
 */
export const ViolationRecord = Schema.Struct({ id: Schema.String, violation: Violation, recordedAt: Instant })
/** @category records @since 0.1.0 */
export type ViolationRecord = typeof ViolationRecord.Type

/**
 * A stored suspension (D5) with its id.
 *
 * @category records
 * @since 0.1.0
 */
export const SuspensionRecord = Schema.Struct({ id: Schema.String, suspension: Suspension, recordedAt: Instant })
/** @category records @since 0.1.0 */
export type SuspensionRecord = typeof SuspensionRecord.Type

/**
 * Violations (append-only) and suspensions (D4, D5).
 *
 * @category port
 * @since 0.1.0
 */
export interface DisciplineRepo {
  readonly appendViolation: (record: ViolationRecord) => Op<void>
  readonly violationsOf: (volunteerId: VolunteerId) => Op<ReadonlyArray<ViolationRecord>>
  readonly allViolations: Op<ReadonlyArray<ViolationRecord>>
  readonly insertSuspension: (record: SuspensionRecord) => Op<void>
  readonly updateSuspension: (record: SuspensionRecord) => Find<void>
  readonly suspensionsOf: (volunteerId: VolunteerId) => Op<ReadonlyArray<SuspensionRecord>>
}

/**
 * Filter for {@link HoursRepo.list}: entries of a volunteer, recorded by one of the units,
 * or whose service starts in `[from, to)`.
 *
 * @category port
 * @since 0.1.0
 */
export interface HourQuery {
  readonly volunteerId?: VolunteerId
  readonly activityId?: ActivityId
  readonly recordingUnitIds?: ReadonlyArray<UnitId>
  readonly serviceFrom?: Instant
  readonly serviceBefore?: Instant
}

/**
 * The append-only service-hour ledger (T5): entries are appended, never updated or deleted.
 *
 * @category port
 * @since 0.1.0
 */
export interface HoursRepo {
  readonly append: (entry: HourEntry) => Op<void>
  /** Appends many entries at once (bulk import); all or none. */
  readonly appendMany: (entries: ReadonlyArray<HourEntry>) => Op<void>
  readonly get: (id: HourEntryId) => Find<HourEntry>
  readonly list: (query?: HourQuery) => Op<ReadonlyArray<HourEntry>>
  /**
   * Minutes per volunteer served in `[from, to)` (T6, T10), computed where the data lives
   * (GROUP BY in SQL): exactly `Hours.totalsBetween(entries, from, to, "volunteer")`.
   */
  readonly totalsByVolunteer: (period: HourPeriod) => Op<ReadonlyArray<HourTotal>>
  /** Minutes per squad (the volunteer's squad at service time) in `[from, to)`; see {@link HoursRepo.totalsByVolunteer}. */
  readonly totalsBySquad: (period: HourPeriod) => Op<ReadonlyArray<HourTotal>>
}

/**
 * A report period of {@link HoursRepo}: the instants `[from, to)`.
 *
 * @category port
 * @since 0.1.0
 */
export interface HourPeriod {
  readonly from: Instant
  readonly to: Instant
}

/**
 * One row of a report computed by the store: a volunteer or squad id and its minutes (T10).
 * Rows whose minutes net to zero are left out; rows come sorted by key (code-unit order).
 *
 * @category port
 * @since 0.1.0
 */
export interface HourTotal {
  readonly key: string
  readonly minutes: number
}

/**
 * Service-record certificates (T9). The serial is unique across the store.
 *
 * @category port
 * @since 0.1.0
 */
export interface CertificatesRepo {
  readonly insert: (certificate: Certificate) => Op<void>
  /** Replaces a certificate; used only to record a revocation. */
  readonly update: (certificate: Certificate) => Find<void>
  readonly get: (id: CertificateId) => Find<Certificate>
  readonly findBySerial: (serial: string) => Op<Certificate | undefined>
  /** Serials that start with a prefix (e.g. `PH-2026-`), for numbering. */
  readonly serialsWithPrefix: (prefix: string) => Op<ReadonlyArray<string>>
  readonly list: (query?: { readonly volunteerId?: VolunteerId }) => Op<ReadonlyArray<Certificate>>
}

/**
 * Spot checks and residents' opinions (S2, S3).
 *
 * @category port
 * @since 0.1.0
 */
export interface SupervisionRepo {
  readonly insertSpotCheck: (check: SpotCheck) => Op<void>
  readonly spotChecks: (query?: { readonly unitIds?: ReadonlyArray<UnitId> }) => Op<ReadonlyArray<SpotCheck>>
  readonly insertOpinion: (opinion: Opinion) => Op<void>
  readonly opinions: Op<ReadonlyArray<Opinion>>
}

/**
 * The earmarked-funds ledger per squadron and year (F1–F3), append-only.
 *
 * @category port
 * @since 0.1.0
 */
export interface FundsRepo {
  readonly append: (entry: FundEntry) => Op<void>
  readonly list: (query?: { readonly squadronId?: UnitId; readonly year?: number }) => Op<ReadonlyArray<FundEntry>>
}

/**
 * 备案 — a unit's filing of its roster for a year (R3).
 *
 * @category records
 * @since 0.1.0
 */
export const Filing = Schema.Struct({
  id: Schema.String,
  unitId: Schema.String,
  year: Schema.Int,
  filedOn: Schema.String,
  filedBy: ActorId,
  recordedAt: Instant
})
/** @category records @since 0.1.0 */
export type Filing = typeof Filing.Type

/**
 * Roster filings (R3).
 *
 * @category port
 * @since 0.1.0
 */
export interface FilingsRepo {
  readonly insert: (filing: Filing) => Op<void>
  readonly list: (query?: { readonly year?: number }) => Op<ReadonlyArray<Filing>>
}

/**
 * The append-only audit log.
 *
 * @category port
 * @since 0.1.0
 */
export interface AuditRepo {
  readonly append: (entry: AuditEntry) => Op<void>
  readonly list: (query?: AuditQuery) => Op<ReadonlyArray<AuditEntry>>
}

/**
 * The scope a guarded write locks before it reads what its rule decides on (see
 * {@link StoreShape.lock}): the activity (A5 capacity), the volunteer (A5 no double-booking
 * across activities), the unit (H1/H3 its officers), the squadron-year fund account (F3
 * balance), a certificate serial prefix (T9 consecutive serials) and an identity key (V3 one
 * registration per person), and the organisation's structure (H1–H6: units and teams).
 *
 * @example
 * ```ts
 * import { Store } from "volunteer-brigade"
 * const scope: Store.LockScope = { kind: "fundAccount", squadronId: "unit_000002" as never, year: 2026 }
 * ```
 * @category port
 * @since 0.1.0
 */
export type LockScope =
  | { readonly kind: "activity"; readonly id: ActivityId }
  | { readonly kind: "volunteer"; readonly id: VolunteerId }
  | { readonly kind: "unit"; readonly id: UnitId }
  | { readonly kind: "fundAccount"; readonly squadronId: UnitId; readonly year: number }
  | { readonly kind: "certificateSerial"; readonly prefix: string }
  | { readonly kind: "identity"; readonly key: string }
  | { readonly kind: "organisation" }

/**
 * The key of a lock scope, one text per scope (`activity:…`, `fundAccount:…:2026`, …): what
 * the SQL store's lock rows are keyed by.
 *
 * @example
 * ```ts
 * import { Store } from "volunteer-brigade"
 * Store.lockKey({ kind: "activity", id: "activity_1" as never }) // "activity:activity_1"
 * ```
 * @category port
 * @since 0.1.0
 */
export const lockKey = (scope: LockScope): string => {
  switch (scope.kind) {
    case "fundAccount":
      return `fundAccount:${scope.squadronId}:${scope.year}`
    case "certificateSerial":
      return `certificateSerial:${scope.prefix}`
    case "identity":
      return `identity:${scope.key}`
    case "organisation":
      return "organisation"
    default:
      return `${scope.kind}:${scope.id}`
  }
}

/**
 * The append-only access log of clear reads (P4).
 *
 * @category port
 * @since 0.2.0
 */
export interface AccessLogRepo {
  readonly append: (entry: AccessLogEntry) => Op<void>
  readonly list: (query?: AccessLogQuery) => Op<ReadonlyArray<AccessLogEntry>>
}

/**
 * The append-only security log of refusals (P4).
 *
 * @category port
 * @since 0.2.0
 */
export interface SecurityLogRepo {
  readonly append: (entry: SecurityLogEntry) => Op<void>
  readonly list: (query?: SecurityLogQuery) => Op<ReadonlyArray<SecurityLogEntry>>
}

/**
 * The shape of the Store service: one repository per aggregate and the transaction
 * combinator.
 *
 * @category port
 * @since 0.1.0
 */
export interface StoreShape {
  /** Adapter name for diagnostics: `memory`, `sqlite`, `postgres` or a host's own. */
  readonly name: string
  /**
   * Runs an effect atomically: all its writes or none. A typed failure, defect or
   * interruption inside rolls back. Nested calls join the outer transaction.
   */
  readonly transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | StoreError, R>
  /**
   * Locks a scope until the current transaction ends (A5, H1/H3, F3, T9, V3): called by a
   * guarded write before it reads the rows its rule decides on, so two writes of one scope
   * never decide on the same state, at any isolation level. The invariants rest on this, not
   * on SERIALIZABLE. Outside a transaction it locks nothing. Memory: a no-op, because its
   * transactions already run one at a time. SQL: a row per scope in `vb_locks`, updated (so
   * locked) by `DialectTraits.forUpdate` dialects; a no-op on SQLite, whose `begin immediate`
   * already admits one writer at a time.
   */
  readonly lock: (scope: LockScope) => Op<void>
  readonly units: UnitsRepo
  readonly appointments: AppointmentsRepo
  readonly teams: TeamsRepo
  /**
   * The whole organisation (units, appointments and teams, each in id order) in one read,
   * for the jurisdiction check (H7) of every mutation. Equal to the three `all` lists; the
   * SQL store keeps it decoded per organisation version so a mutation does not re-read and
   * re-decode the tree.
   */
  readonly organisation: Effect.Effect<Organisation, StoreError>
  readonly volunteers: VolunteersRepo
  readonly groups: GroupsRepo
  readonly activities: ActivitiesRepo
  readonly assignments: AssignmentsRepo
  readonly attendance: AttendanceRepo
  readonly leave: LeaveRepo
  readonly discipline: DisciplineRepo
  readonly hours: HoursRepo
  readonly certificates: CertificatesRepo
  readonly supervision: SupervisionRepo
  readonly funds: FundsRepo
  readonly filings: FilingsRepo
  readonly audit: AuditRepo
  /** Clear reads of personal data (P4). */
  readonly accessLog: AccessLogRepo
  /** Refused actions (P4). */
  readonly securityLog: SecurityLogRepo
}

/**
 * The Store service — the one port between the pure core and storage.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Store } from "volunteer-brigade"
 * const countUnits = Effect.gen(function* () {
 *   const store = yield* Store.Store
 *   return (yield* store.units.all).length
 * })
 * ```
 * @category port
 * @since 0.1.0
 */
export class Store extends Context.Service<Store, StoreShape>()("volunteer-brigade/Store") {}

// ---------------------------------------------------------------------------------------
// Ids and policy
// ---------------------------------------------------------------------------------------

/**
 * Mints new record ids. The built-in adapters' layers provide time-ordered UUID v7-based ids;
 * tests provide {@link sequentialIds} after them for deterministic runs (C2).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Store } from "volunteer-brigade"
 * const program = Effect.gen(function* () {
 *   const ids = yield* Store.IdGenerator
 *   return yield* ids.next("unit")
 * }).pipe(Effect.provide(Store.sequentialIds()))
 * ```
 * @category ids
 * @since 0.1.0
 */
export class IdGenerator extends Context.Service<IdGenerator, {
  /** A new id with a readable prefix, e.g. `unit_…`. */
  readonly next: (prefix: string) => Effect.Effect<string>
}>()("volunteer-brigade/IdGenerator") {}

/**
 * Deterministic ids `prefix_000001`, … from a counter local to the layer.
 *
 * @example
 * ```ts
 * import { Store } from "volunteer-brigade"
 * const layer = Store.sequentialIds("t")
 * ```
 * @category ids
 * @since 0.1.0
 */
export const sequentialIds = (namespace = ""): Layer.Layer<IdGenerator> =>
  Layer.sync(IdGenerator, () => {
    let n = 0
    return {
      next: (prefix) =>
        Effect.sync(() => {
          n += 1
          return `${prefix}_${namespace}${String(n).padStart(6, "0")}`
        })
    }
  })

/**
 * The policy in force for workflows; defaults to {@link defaultPolicy}. Provide another
 * value with `Effect.provideService(PolicyRef, myPolicy)` or {@link policyLayer}.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Store } from "volunteer-brigade"
 * const minimumAge = Effect.map(Store.PolicyRef, (p) => p.minimumAge)
 * ```
 * @category policy
 * @since 0.1.0
 */
export const PolicyRef = Context.Reference<Policy>("volunteer-brigade/Policy", { defaultValue: () => defaultPolicy })

/**
 * A layer setting the policy in force.
 *
 * @example
 * ```ts
 * import { Policy, Store } from "volunteer-brigade"
 * const layer = Store.policyLayer(Policy.make({ minimumAttendanceShare: 0.6 }))
 * ```
 * @category policy
 * @since 0.1.0
 */
export const policyLayer = (policy: Policy): Layer.Layer<never> => Layer.succeed(PolicyRef, policy)
