/**
 * What every workflow shares: the clock and ids as services, the policy in force, loading
 * the organisation, the jurisdiction check (H7), the audited transaction of every mutation
 * and the scoped, logged read of personal data (P3, P4). Every refusal — of a mutation or a
 * read — is written to the security log here, in one place (P4).
 *
 * @module
 */
import { Clock, Context, Effect, Result, Schema } from "effect"
import * as Access from "../access.js"
import * as Hierarchy from "../hierarchy.js"
import { ActorId, type AuditId, type UnitId } from "../ids.js"
import { decode, decoder, type InputInvalid } from "../input.js"
import type { Policy } from "../policy.js"
import {
  type AccessRecord,
  type AuditEntry,
  IdGenerator,
  PolicyRef,
  Store,
  type StoreError,
  type StoreShape
} from "../store.js"
import { localDateOf, startOfDay, type Instant, type LocalDate } from "../time.js"

/**
 * What an audited mutation sees: the store, the policy, the instant and local day of the
 * change (C1, C2: both come from the Clock service, never from `Date.now()`).
 *
 * @category workflows
 * @since 0.1.0
 */
export interface MutationContext {
  readonly store: StoreShape
  readonly policy: Policy
  readonly actorId: ActorId
  readonly now: Instant
  readonly today: LocalDate
  readonly newId: (prefix: string) => Effect.Effect<string>
}

/**
 * The value of a mutation and the record it changed, for the audit entry.
 *
 * @category workflows
 * @since 0.1.0
 */
export interface Changed<A> {
  readonly value: A
  readonly targetKind: string
  readonly targetId: string
}

/**
 * The current instant from the Clock service.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const t = Workflows.Context.now
 * ```
 * @category workflows
 * @since 0.1.0
 */
export const now: Effect.Effect<Instant> = Effect.map(Clock.currentTimeMillis, (ms) => ms as Instant)

/**
 * Today's local date in the policy's time zone (C1).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const d = Workflows.Context.today
 * ```
 * @category workflows
 * @since 0.1.0
 */
export const today: Effect.Effect<LocalDate> = Effect.gen(function* () {
  const policy = yield* PolicyRef
  return localDateOf(yield* now, policy.timeZone)
})

/**
 * Loads the organisation (units, appointments, teams) for the rules.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const org = Workflows.Context.loadOrganisation
 * ```
 * @category workflows
 * @since 0.1.0
 */
export const loadOrganisation: Effect.Effect<Hierarchy.Organisation, StoreError, Store> = Effect.gen(function* () {
  const store = yield* Store
  return yield* store.organisation
})

/**
 * Fails with {@link Hierarchy.NotInJurisdiction} unless the actor's roles cover the unit on
 * the date (H7).
 *
 * @example
 * ```ts
 * import { Hierarchy, Ids, Time, Workflows } from "volunteer-brigade"
 * declare const org: Hierarchy.Organisation
 * declare const actorId: Ids.ActorId
 * declare const squadId: Ids.UnitId
 * const check = Workflows.Context.authorize(org, actorId, squadId, Time.localDate("2026-01-01"), "x")
 * ```
 * @category workflows
 * @since 0.1.0
 */
export const authorize = (
  org: Hierarchy.Organisation,
  actorId: ActorId,
  unitId: UnitId,
  on: LocalDate,
  operation: string
): Effect.Effect<void, Hierarchy.NotInJurisdiction> =>
  Effect.fromResult(Hierarchy.authorize(org, actorId, unitId, on, operation))

/** A decoder per operation, built once (every mutation decodes its actor, every read its options). */
const perOperation = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S) => {
  const decoders = new Map<string, (input: unknown) => Result.Result<S["Type"], InputInvalid>>()
  return (operation: string, input: unknown): Result.Result<S["Type"], InputInvalid> => {
    let d = decoders.get(operation)
    if (d === undefined) {
      d = decoder(schema, operation)
      // the workflows' operations are a few dozen; a host minting names gets a bounded map
      if (decoders.size >= 256) decoders.clear()
      decoders.set(operation, d)
    }
    return d(input)
  }
}
const decodeActor = perOperation(ActorId)
const decodeReadOptions = perOperation(Access.ReadOptions)

/**
 * Writes a refusal (P4: `NotInJurisdiction`, `PermissionDenied`, `FundDutiesNotSeparated`)
 * to the security log in a transaction of its own — the refused one has rolled back, so the
 * entry is the only trace. Any other failure passes through untouched.
 */
const logRefusal =
  (store: StoreShape, ids: IdGenerator["Service"], actorId: ActorId, operation: string) =>
  (error: unknown): Effect.Effect<void, StoreError> => {
    const refusal = Access.refusalOf(error)
    if (refusal === undefined) return Effect.void
    return store.transaction(
      Effect.flatMap(now, (at) =>
        Effect.flatMap(ids.next("security"), (id) => store.securityLog.append({ id: id as AuditId, actorId, at, operation, ...refusal }))
      )
    )
  }

/**
 * Runs a mutation as one audited transaction: decodes the actor, opens a transaction, runs
 * the body and appends the audit entry (actor, time, operation, target) in the same
 * transaction, so a failure leaves neither the change nor its audit entry. A refusal
 * (H7, P4, F4) is then written to the security log in a transaction of its own.
 *
 * Every write of every workflow runs through here, a check-in among them, so it is a flat
 * chain of steps rather than a generator, and reads its three services in one step.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Workflows } from "volunteer-brigade"
 * const touch = Workflows.Context.mutation("touch", "u-1", () =>
 *   Effect.succeed({ value: 1, targetKind: "none", targetId: "-" }))
 * ```
 * @category workflows
 * @since 0.1.0
 */
export const mutation = <A, E, R>(
  operation: string,
  actor: unknown,
  body: (ctx: MutationContext) => Effect.Effect<Changed<A>, E, R>
): Effect.Effect<A, E | InputInvalid | StoreError, R | Store | IdGenerator> =>
  Effect.contextWith((services: Context.Context<Store | IdGenerator>): Effect.Effect<A, E | InputInvalid | StoreError, R> => {
    const actorId = decodeActor(operation, actor)
    if (Result.isFailure(actorId)) return Effect.fail(actorId.failure)
    const store = Context.get(services, Store)
    const ids = Context.get(services, IdGenerator)
    const policy = Context.get(services, PolicyRef)
    return store.transaction(
      Effect.flatMap(now, (at) =>
        Effect.flatMap(
          body({
            store,
            policy,
            actorId: actorId.success,
            now: at,
            today: localDateOf(at, policy.timeZone),
            newId: ids.next
          }),
          (changed) =>
            Effect.flatMap(ids.next("audit"), (id) =>
              Effect.as(
                store.audit.append({
                  id: id as AuditEntry["id"],
                  actorId: actorId.success,
                  at,
                  operation,
                  targetKind: changed.targetKind,
                  targetId: changed.targetId
                }),
                changed.value
              )
            )
        )
      )
    ).pipe(Effect.tapError(logRefusal(store, ids, actorId.success, operation)))
  })

/**
 * What a read of personal data sees (P3): the store, the policy, the decoded actor, the
 * instant and local day, the organisation, whether clear output was asked for (V7, P4), and
 * the jurisdiction checks of reads.
 *
 * @category workflows
 * @since 0.2.0
 */
export interface ReadContext {
  readonly store: StoreShape
  readonly policy: Policy
  readonly actorId: ActorId
  readonly now: Instant
  readonly today: LocalDate
  readonly org: Hierarchy.Organisation
  /** Clear output was asked for; the wrapper checks the permission before anything is returned. */
  readonly clear: boolean
  /** H7 for reads: `NotInJurisdiction` unless the actor's roles cover the unit today. */
  readonly authorize: (unitId: UnitId) => Effect.Effect<void, Hierarchy.NotInJurisdiction>
  /** Whether the actor may see a volunteer: its roles cover the volunteer's squad, or it is the volunteer. */
  readonly sees: (volunteer: { readonly id: string; readonly squadId: UnitId }) => boolean
}

/**
 * The result of a read and what it showed: the records (for the access log of a clear read)
 * and the target asked for (for a refusal).
 *
 * @category workflows
 * @since 0.2.0
 */
export interface Shown<A> {
  readonly value: A
  readonly target: { readonly kind: string; readonly id: string }
  readonly records: ReadonlyArray<AccessRecord>
}

/**
 * Runs a read of personal data (P3, P4): decodes the actor and the privacy options
 * (`{ clear?, purpose? }`, masked by default), loads the organisation and runs the body,
 * which checks jurisdiction (H7) through the context. A clear read needs the policy's
 * `clearRead` permission (or is a volunteer reading only their own records) and a purpose;
 * it runs in one transaction with its access-log entry — actor, time, operation, purpose,
 * records — so clear data is never returned without exactly one entry. A refusal is written
 * to the security log in a transaction of its own.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Workflows } from "volunteer-brigade"
 * const count = Workflows.Context.read("volunteers.count", "office-1", {}, (ctx) =>
 *   Effect.map(ctx.store.volunteers.list(), (vs) => {
 *     const seen = vs.filter(ctx.sees)
 *     return { value: seen.length, target: { kind: "brigade", id: "-" }, records: seen.map((v) => ({ kind: "volunteer", id: v.id })) }
 *   }))
 * ```
 * @category workflows
 * @since 0.2.0
 */
export const read = <A, E, R>(
  operation: string,
  actor: unknown,
  options: unknown,
  body: (ctx: ReadContext) => Effect.Effect<Shown<A>, E, R>
): Effect.Effect<A, E | InputInvalid | StoreError | Hierarchy.NotInJurisdiction | Access.PermissionDenied, R | Store | IdGenerator> =>
  Effect.contextWith(
    (
      services: Context.Context<Store | IdGenerator>
    ): Effect.Effect<A, E | InputInvalid | StoreError | Hierarchy.NotInJurisdiction | Access.PermissionDenied, R> => {
      const actorId = decodeActor(operation, actor)
      if (Result.isFailure(actorId)) return Effect.fail(actorId.failure)
      const privacy = decodeReadOptions(operation, options === undefined ? {} : options)
      if (Result.isFailure(privacy)) return Effect.fail(privacy.failure)
      const store = Context.get(services, Store)
      const ids = Context.get(services, IdGenerator)
      const policy = Context.get(services, PolicyRef)
      const who = actorId.success
      const clear = privacy.success.clear === true
      const self = Access.selfOf(who)
      const run = Effect.gen(function* () {
        const at = yield* now
        const day = localDateOf(at, policy.timeZone)
        const org = yield* store.organisation
        const shown = yield* body({
          store,
          policy,
          actorId: who,
          now: at,
          today: day,
          org,
          clear,
          authorize: (unitId) => authorize(org, who, unitId, day, operation),
          sees: (v) => v.id === self || Hierarchy.covers(org, who, v.squadId, day)
        })
        if (!clear) return shown.value
        const permitted =
          Access.holdsPermission(org, who, "clearRead", policy, day) ||
          (self !== undefined && shown.records.every((r) => r.kind === "volunteer" && r.id === self))
        if (!permitted) {
          return yield* new Access.PermissionDenied({
            actorId: who,
            operation,
            permission: "clearRead",
            targetKind: shown.target.kind,
            targetId: shown.target.id
          })
        }
        const id = (yield* ids.next("access")) as AuditId
        yield* store.accessLog.append({ id, actorId: who, at, operation, purpose: privacy.success.purpose ?? "", records: shown.records })
        return shown.value
      })
      return (clear ? store.transaction(run) : run).pipe(Effect.tapError(logRefusal(store, ids, who, operation)))
    }
  )

/**
 * Turns a rule's decision into an Effect.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Workflows } from "volunteer-brigade"
 * const e = Workflows.Context.decided(Result.succeed(1))
 * ```
 * @category workflows
 * @since 0.1.0
 */
export const decided = <A, E>(r: Result.Result<A, E>): Effect.Effect<A, E> => Effect.fromResult(r)

/**
 * Decodes a value with a schema for an operation ({@link decode} re-exported for workflows).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Workflows } from "volunteer-brigade"
 * const e = Workflows.Context.input(Schema.String, "op")("x")
 * ```
 * @category workflows
 * @since 0.1.0
 */
export const input = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S, operation: string) =>
  decode(schema, operation)

/**
 * A query of the access or security log (P4): decodes the actor and the filter, refuses with
 * `PermissionDenied` (and a security-log entry) unless the actor holds a role the policy's
 * `logReaderRoles` names, then lists the entries.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Workflows } from "volunteer-brigade"
 * const all = Workflows.Context.logQuery("log.all", Schema.Struct({}), "office-1", {}, (ctx) => ctx.store.securityLog.list())
 * ```
 * @category workflows
 * @since 0.2.0
 */
export const logQuery = <S extends Schema.Top & { readonly DecodingServices: never }, A>(
  operation: string,
  schema: S,
  actor: unknown,
  query: unknown,
  list: (ctx: ReadContext, q: S["Type"]) => Effect.Effect<ReadonlyArray<A>, StoreError>
): Effect.Effect<ReadonlyArray<A>, InputInvalid | StoreError | Hierarchy.NotInJurisdiction | Access.PermissionDenied, Store | IdGenerator> =>
  read(operation, actor, undefined, (ctx) =>
    Effect.gen(function* () {
      const q = yield* input(schema, operation)(query === undefined ? {} : query)
      if (!Access.holdsPermission(ctx.org, ctx.actorId, "readLogs", ctx.policy, ctx.today)) {
        return yield* new Access.PermissionDenied({ actorId: ctx.actorId, operation, permission: "readLogs", targetKind: "log", targetId: operation })
      }
      return { value: yield* list(ctx, q), target: { kind: "log", id: operation }, records: [] }
    })
  )

/**
 * The instants `[from, to)` of a query's local days (policy time zone), for the log stores.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * declare const ctx: Workflows.Context.ReadContext
 * Workflows.Context.periodOf(ctx, { from: "2025-01-01" as never })
 * ```
 * @category access log
 * @since 0.2.0
 */
export const periodOf = (
  ctx: { readonly policy: Policy },
  q: { readonly from?: LocalDate; readonly to?: LocalDate }
): { readonly from?: Instant; readonly to?: Instant } => ({
  ...(q.from === undefined ? {} : { from: startOfDay(q.from, ctx.policy.timeZone) }),
  ...(q.to === undefined ? {} : { to: startOfDay(q.to, ctx.policy.timeZone) })
})
