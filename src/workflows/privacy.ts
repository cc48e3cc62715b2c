/**
 * Personal-information workflows (P1, P7): key rotation — every sealed record re-sealed under
 * the ring's active key, in batches that each commit on their own, so a run can stop and resume,
 * reporting progress — and erasure of a volunteer's personal fields on withdrawal, audited.
 *
 * @module
 */
import { Effect, Result, Schema } from "effect"
import type * as Hierarchy from "../hierarchy.js"
import { type GroupId, VolunteerId } from "../ids.js"
import { decoder, InputInvalid, unreadable } from "../input.js"
import { type IdGenerator, type NotFound, Store, type StoreError } from "../store.js"
import * as Volunteer from "../volunteer.js"
import { authorize, decided, input, loadOrganisation, mutation } from "./context.js"

/**
 * How far a rotation has gone: records re-sealed so far, of how many, and the last id done
 * (pass it back as `after` to resume).
 *
 * @category rotation
 * @since 0.1.0
 */
export interface RotationProgress {
  readonly done: number
  readonly total: number
  readonly lastId: string | undefined
}

/**
 * Options of {@link rotate}.
 *
 * @category rotation
 * @since 0.1.0
 */
export interface RotationOptions {
  /** Records per transaction (default 200). */
  readonly batchSize?: number
  /** Resume after this id (the `lastId` of an interrupted run); records are taken in id order. */
  readonly after?: string
  /** Called after each committed batch. */
  readonly onProgress?: (progress: RotationProgress) => Effect.Effect<void>
}

/**
 * 密钥轮换 — re-seals every volunteer and group under the key ring's active key (P1): each
 * record is read (opened with whichever key it names) and written back (sealed with the active
 * one), `batchSize` records per transaction, each batch audited as `privacy.rotate`. Safe to
 * stop at any point and to run again: resume with `after`, or start over (re-sealing a record
 * already under the active key changes nothing but its nonce). Once a run completes, retired
 * keys can be removed from the ring. Only an actor whose role covers the brigade may rotate
 * (H7).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Privacy.rotate("office-1", {
 *   onProgress: (p) => Effect.log(`${p.done}/${p.total}`)
 * })
 * ```
 * @category rotation
 * @since 0.1.0
 */
export const rotate = (
  actor: unknown,
  options: RotationOptions = {}
): Effect.Effect<RotationProgress, Hierarchy.NotInJurisdiction | InputInvalid | NotFound | StoreError, Store | IdGenerator> =>
  Effect.gen(function* () {
    const { batchSize, after, onProgress } = yield* Effect.fromResult(decodeRotation(options))
    const store = yield* Store
    const size = batchSize ?? 200
    const pending: Array<{ readonly kind: "volunteer" | "group"; readonly id: string }> = [
      ...(yield* store.volunteers.list()).map((v) => ({ kind: "volunteer" as const, id: v.id })),
      ...(yield* store.groups.list()).map((g) => ({ kind: "group" as const, id: g.id }))
    ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const todo = after === undefined ? pending : pending.filter((r) => r.id > after)
    const total = todo.length
    let progress: RotationProgress = { done: 0, total, lastId: after }
    if (total === 0) {
      // still checked: the refusal must not depend on the store being empty
      yield* mutation("privacy.rotate", actor, (ctx) =>
        Effect.map(brigadeScope(ctx.actorId, ctx.today), () => ({ value: undefined, targetKind: "keyRing", targetId: "-" }))
      )
    }
    for (let i = 0; i < total; i += size) {
      const batch = todo.slice(i, i + size)
      yield* mutation("privacy.rotate", actor, (ctx) =>
        Effect.gen(function* () {
          yield* brigadeScope(ctx.actorId, ctx.today)
          for (const r of batch) {
            if (r.kind === "volunteer") yield* ctx.store.volunteers.update(yield* ctx.store.volunteers.get(r.id as VolunteerId))
            else yield* ctx.store.groups.update(yield* ctx.store.groups.get(r.id as GroupId))
          }
          return { value: undefined, targetKind: "keyRing", targetId: batch[batch.length - 1]!.id }
        })
      )
      progress = { done: i + batch.length, total, lastId: batch[batch.length - 1]!.id }
      if (onProgress !== undefined) yield* onProgress(progress)
    }
    return progress
  })

const ROTATE = "privacy.rotate"
const RotationFields = Schema.Struct({
  batchSize: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 10_000 }))),
  after: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(200)))
})
const decodeRotationFields = decoder(RotationFields, ROTATE)

/** The options decoded before anything is read: hostile values are InputInvalid, never a defect. */
const decodeRotation = (options: unknown): Result.Result<RotationOptions, InputInvalid> =>
  Result.flatMap(decodeRotationFields(options ?? {}), (fields) => {
    let onProgress: unknown
    try {
      onProgress = (options as { readonly onProgress?: unknown } | undefined)?.onProgress
    } catch {
      return Result.fail(unreadable(ROTATE))
    }
    if (onProgress !== undefined && typeof onProgress !== "function") {
      const reason = "onProgress 必须是函数 (onProgress must be a function)"
      return Result.fail(new InputInvalid({ operation: ROTATE, field: "onProgress", reason, issues: [{ field: "onProgress", reason }] }))
    }
    return Result.succeed({ ...fields, ...(onProgress === undefined ? {} : { onProgress: onProgress as NonNullable<RotationOptions["onProgress"]> }) })
  })

/** The rotation touches every record: the actor must cover the brigade (the root unit). */
const brigadeScope = (actorId: Parameters<typeof authorize>[1], today: Parameters<typeof authorize>[3]) =>
  Effect.gen(function* () {
    const org = yield* loadOrganisation
    const root = org.units.find((u) => u.level === "brigade")
    if (root !== undefined) yield* authorize(org, actorId, root.id, today, "privacy.rotate")
  })

const EraseInput = Schema.Struct({ volunteerId: VolunteerId })

/**
 * 删除个人信息 — erases a volunteer's personal fields on withdrawal (P7): a volunteer still
 * pending, active or suspended is withdrawn first; then `Volunteer.erase` replaces the name by
 * a pseudonym and removes the numbers, and the volunteer's certificates keep verifying under
 * that pseudonym (their name replaced, the masked number blanked). Hour entries, totals and
 * reports are untouched; the same person may register again. Jurisdiction as for other writes
 * (H7); audited as `volunteers.erase`.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Privacy.erase("leader-dh-1", { volunteerId: "volunteer_000001" })
 * ```
 * @category erasure
 * @since 0.1.0
 */
export const erase = (
  actor: unknown,
  request: { readonly volunteerId: unknown }
): Effect.Effect<
  Volunteer.Individual,
  Hierarchy.NotInJurisdiction | Volunteer.VolunteerTransitionInvalid | InputInvalid | NotFound | StoreError,
  Store | IdGenerator
> =>
  mutation("volunteers.erase", actor, (ctx) =>
    Effect.gen(function* () {
      const { volunteerId: id } = yield* input(EraseInput, "volunteers.erase")(request)
      const v = yield* ctx.store.volunteers.get(id)
      const org = yield* loadOrganisation
      yield* authorize(org, ctx.actorId, v.squadId, ctx.today, "volunteers.erase")
      const ended = v.status === "withdrawn" || v.status === "dismissed" ? v : yield* decided(Volunteer.changeStatus(v, "withdraw"))
      const erased = yield* decided(Volunteer.erase(ended, ctx.today))
      yield* ctx.store.volunteers.update(erased)
      for (const c of yield* ctx.store.certificates.list({ volunteerId: id })) {
        yield* ctx.store.certificates.update({
          ...c,
          volunteer: { ...c.volunteer, name: erased.name, maskedDocumentNumber: "*".repeat(Math.max(1, c.volunteer.maskedDocumentNumber.length)) }
        })
      }
      return { value: erased, targetKind: "volunteer", targetId: id }
    })
  )
