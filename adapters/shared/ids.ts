/**
 * The default id generator of the built-in adapters: `prefix_` + a UUID v4 from the
 * platform's `crypto.randomUUID`. It lives at the edge, not in the core, because the core
 * never reads a random source (C2); tests replace it with `Store.sequentialIds()`.
 */
import { Effect, Layer } from "effect"
import { IdGenerator } from "../../src/store.js"

/**
 * Random ids for production use.
 *
 * @example
 * ```ts
 * import { randomIds } from "volunteer-brigade/memory"
 * const ids = randomIds
 * ```
 * @category ids
 * @since 0.1.0
 */
export const randomIds: Layer.Layer<IdGenerator> = Layer.succeed(IdGenerator, {
  next: (prefix) => Effect.sync(() => `${prefix}_${globalThis.crypto.randomUUID()}`)
})
