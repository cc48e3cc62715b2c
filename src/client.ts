/**
 * The Promise facade, for hosts that do not use Effect: every workflow as an async function
 * that resolves to plain data and rejects with the same tagged error instances the Effect
 * API fails with (`error._tag === "DuplicateVolunteer"`, `error instanceof Volunteer.DuplicateVolunteer`).
 * No facade function throws synchronously, whatever its arguments: it returns a promise that
 * rejects.
 *
 * @module
 */
import { Effect, Layer, ManagedRuntime } from "effect"
import type { IdGenerator, Store } from "./store.js"
import * as Workflows from "./workflows/index.js"

/** The services a store layer provides. @inline */
type Services = Store | IdGenerator

/** A workflow module with each Effect-returning export turned into an async function. */
export type Promisified<M> = {
  readonly [K in keyof M as M[K] extends ((...args: any) => Effect.Effect<any, any, any>) | Effect.Effect<any, any, any>
    ? K
    : never]: M[K] extends (...args: infer A) => Effect.Effect<infer R, any, any>
    ? (...args: A) => Promise<R>
    : M[K] extends Effect.Effect<infer R, any, any>
      ? () => Promise<R>
      : never
}

/**
 * The facade: one property per workflow module, plus `run` for any Effect program and
 * `dispose` to release the store (closing a SQLite file or a pg pool the layer opened).
 *
 * @category facade
 * @since 0.1.0
 */
export interface Client {
  readonly organisation: Promisified<typeof Workflows.Organisation>
  readonly volunteers: Promisified<typeof Workflows.Volunteers>
  readonly activities: Promisified<typeof Workflows.Activities>
  readonly hours: Promisified<typeof Workflows.Hours>
  readonly supervision: Promisified<typeof Workflows.Supervision>
  /** Key rotation and erasure (P1, P7). */
  readonly privacy: Promisified<typeof Workflows.Privacy>
  /** Runs any Effect program against the client's store. */
  readonly run: <A, E>(effect: Effect.Effect<A, E, Services>) => Promise<A>
  readonly dispose: () => Promise<void>
}

const promisify = <M extends object>(module: M, run: <A, E>(e: Effect.Effect<A, E, Services>) => Promise<A>) =>
  Object.fromEntries(
    Object.entries(module).flatMap(([name, value]) => {
      if (Effect.isEffect(value)) return [[name, () => run(value as Effect.Effect<unknown, unknown, Services>)]]
      if (typeof value !== "function") return []
      return [
        [
          name,
          // called inside a promise: whatever the function does with its arguments, the
          // facade only ever rejects, it never throws at the caller
          (...args: ReadonlyArray<unknown>) =>
            new Promise<unknown>((resolve) => resolve((value as (...a: ReadonlyArray<unknown>) => unknown)(...args))).then((out) =>
              Effect.isEffect(out) ? run(out as Effect.Effect<unknown, unknown, Services>) : out
            )
        ]
      ]
    })
  ) as unknown as Promisified<M>

/**
 * Creates the Promise facade over a store layer (for example `layerFromFile("brigade.db")`
 * from `volunteer-brigade/sqlite`). Extra layers (a policy, a clock) may be merged in.
 *
 * @example
 * ```ts
 * import { Client, Fixtures } from "volunteer-brigade"
 * import { layer } from "volunteer-brigade/memory"
 * const client = Client.make(layer)
 * const brigade = await client.organisation.foundBrigade(Fixtures.officeActor, Fixtures.pinghuBrigade)
 * await client.dispose()
 * ```
 * @category facade
 * @since 0.1.0
 */
export const make = <E>(layer: Layer.Layer<Services, E>): Client => {
  const runtime = ManagedRuntime.make(layer)
  const run = <A, E2>(effect: Effect.Effect<A, E2, Services>): Promise<A> =>
    new Promise<A>((resolve) => resolve(runtime.runPromise(effect)))
  return {
    organisation: promisify(Workflows.Organisation, run),
    volunteers: promisify(Workflows.Volunteers, run),
    activities: promisify(Workflows.Activities, run),
    hours: promisify(Workflows.Hours, run),
    supervision: promisify(Workflows.Supervision, run),
    privacy: promisify(Workflows.Privacy, run),
    run,
    dispose: () => runtime.dispose()
  }
}
