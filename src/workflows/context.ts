/**
 * What every workflow shares: the clock and ids as services, the policy in force, loading
 * the organisation, the jurisdiction check (H7) and the audited transaction.
 *
 * @module
 */
import { Clock, Context, Effect, Result, Schema } from "effect"
import * as Hierarchy from "../hierarchy.js"
import { ActorId, type UnitId } from "../ids.js"
import { decode, decoder, type InputInvalid } from "../input.js"
import type { Policy } from "../policy.js"
import { type AuditEntry, IdGenerator, PolicyRef, Store, type StoreError, type StoreShape } from "../store.js"
import { localDateOf, type Instant, type LocalDate } from "../time.js"

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

/** The actor decoder of each operation, built once (every mutation decodes its actor). */
const actorDecoders = new Map<string, (input: unknown) => Result.Result<ActorId, InputInvalid>>()
const decodeActor = (operation: string, actor: unknown): Result.Result<ActorId, InputInvalid> => {
  let d = actorDecoders.get(operation)
  if (d === undefined) {
    d = decoder(ActorId, operation)
    // the workflows' operations are a few dozen; a host minting names gets a bounded map
    if (actorDecoders.size >= 256) actorDecoders.clear()
    actorDecoders.set(operation, d)
  }
  return d(actor)
}

/**
 * Runs a mutation as one audited transaction: decodes the actor, opens a transaction, runs
 * the body and appends the audit entry (actor, time, operation, target) in the same
 * transaction, so a failure leaves neither the change nor its audit entry.
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
    )
  })

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
