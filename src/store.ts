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
 * - The audit log is append-only: there is no operation that edits or deletes an entry.
 *
 * @module
 */
import { Context, Effect, Layer, Schema } from "effect"
import type { Appointment, Team, Unit } from "./hierarchy.js"
import { ActorId, AuditId, type AppointmentId, type TeamId, type UnitId } from "./ids.js"
import { defaults as defaultPolicy, type Policy } from "./policy.js"
import { Instant } from "./time.js"

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/**
 * A storage failure: the operation that failed and a description of the cause. Adapters map
 * every driver error to this; `retryable` marks serialisation conflicts and busy databases
 * that a caller may retry (the SQL adapters already retry them a few times).
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
  retryable: Schema.Boolean
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
  readonly units: UnitsRepo
  readonly appointments: AppointmentsRepo
  readonly teams: TeamsRepo
  readonly audit: AuditRepo
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
 * Mints new record ids. Tests use {@link sequentialIds} for deterministic runs; hosts
 * usually keep the default {@link randomIds}.
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
 * Random ids (`prefix_` + a UUID v4 from the platform's `crypto.randomUUID`).
 *
 * @example
 * ```ts
 * import { Store } from "volunteer-brigade"
 * const layer = Store.randomIds
 * ```
 * @category ids
 * @since 0.1.0
 */
export const randomIds: Layer.Layer<IdGenerator> = Layer.succeed(IdGenerator, {
  next: (prefix) => Effect.sync(() => `${prefix}_${globalThis.crypto.randomUUID()}`)
})

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
