/**
 * The id generators of the built-in adapters. They live at the edge, not in the core, because
 * the core never reads a clock or a random source (C2); tests replace them with
 * `Store.sequentialIds()`.
 *
 * - {@link timeOrderedIds} (the default of every built-in layer): `prefix_` + a UUID v7
 *   (RFC 9562) — a millisecond timestamp followed by 74 random bits. New rows land at the right-hand end of the primary-key index instead of on a
 *   random page, so an insert dirties one warm page rather than a cold one: on a year of
 *   attendance this is the difference between an index that stays in cache and one that
 *   does not (docs/performance.md).
 * - {@link randomIds}: `prefix_` + a UUID v4 — for a host that does not want the creation
 *   instant readable from an id.
 */
import { Effect, Layer } from "effect"
import { IdGenerator } from "../../src/store.js"

/**
 * A UUID v7 (RFC 9562): the 48-bit Unix millisecond timestamp, the version nibble 7, and the
 * random bits and variant of a v4 from the platform's pooled `crypto.randomUUID` (an
 * unpooled random source per id costs more than the rest of a check-in's id work).
 */
const uuidV7 = (): string => {
  const random = globalThis.crypto.randomUUID() // xxxxxxxx-xxxx-4xxx-vxxx-xxxxxxxxxxxx
  const time = Date.now().toString(16).padStart(12, "0")
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`
}

/**
 * Time-ordered ids (UUID v7): the default of the built-in layers. An id made in a later
 * millisecond sorts later; the creation instant can be read from an id.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Store } from "volunteer-brigade"
 * import { timeOrderedIds } from "volunteer-brigade/memory"
 * const program = Effect.gen(function* () {
 *   const ids = yield* Store.IdGenerator
 *   return yield* ids.next("unit") // "unit_019ad3c4-…"
 * })
 * const id = Effect.runSync(program.pipe(Effect.provide(timeOrderedIds)))
 * ```
 * @category ids
 * @since 0.2.0
 */
export const timeOrderedIds: Layer.Layer<IdGenerator> = Layer.succeed(IdGenerator, {
  next: (prefix) => Effect.sync(() => `${prefix}_${uuidV7()}`)
})

/**
 * Random ids (UUID v4 from the platform's `crypto.randomUUID`): nothing about the record can
 * be read from its id. Provide it after a built-in layer to replace the time-ordered default.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { layer as memory, randomIds } from "volunteer-brigade/memory"
 * const StoreLive = Layer.merge(memory, randomIds)
 * ```
 * @category ids
 * @since 0.1.0
 */
export const randomIds: Layer.Layer<IdGenerator> = Layer.succeed(IdGenerator, {
  next: (prefix) => Effect.sync(() => `${prefix}_${globalThis.crypto.randomUUID()}`)
})
