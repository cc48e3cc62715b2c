/**
 * Test support: a manual clock, deterministic ids and a runtime per test, so that every
 * case starts from an empty store and never depends on another case's state.
 */
import { Cause, Exit, Layer, ManagedRuntime, type Effect } from "effect"
import * as Clock from "../../src/clock.js"
import { IdGenerator, Store, sequentialIds } from "../../src/store.js"

/** A clock whose wall time is set by the test; sleeping still uses real time. */
export type ManualClock = Clock.ManualClock

/**
 * A manual clock starting at `start` (ISO with offset or epoch ms); see `ManualClock.make`.
 *
 * @example
 * ```ts
 * import { manualClock } from "volunteer-brigade/testing"
 * const clock = manualClock("2026-03-01T09:00:00+08:00")
 * clock.advance(60_000)
 * ```
 * @category testing
 * @since 0.1.0
 */
export const manualClock = (start: string | number): ManualClock => Clock.make(start)

/** What an adapter under test provides: a fresh, empty Store and how to dispose of it. */
export interface StoreUnderTest {
  readonly layer: Layer.Layer<Store | IdGenerator, unknown> | Layer.Layer<Store, unknown>
  readonly close: () => Promise<void>
  /** SQL adapters may offer a direct read to verify what reached the tables. */
  readonly count?: (table: string) => Promise<number>
  /**
   * Empties the store in place (every row of every table, schema and migrations kept) — much
   * cheaper than a new store; model-based tests reset between sequences.
   */
  readonly reset?: () => Promise<void>
}

/**
 * A factory of fresh stores, one per test case.
 *
 * @category testing
 * @since 0.1.0
 */
export interface StoreFactory {
  readonly name: string
  readonly make: () => Promise<StoreUnderTest>
  /** Whether the adapter supports truly concurrent writers (all built-ins do). */
  readonly concurrent?: boolean
}

/** A running store for one test: run effects against it, read the clock, dispose. */
export interface Harness {
  readonly run: <A, E>(effect: Effect.Effect<A, E, Store | IdGenerator>) => Promise<A>
  readonly exit: <A, E>(effect: Effect.Effect<A, E, Store | IdGenerator>) => Promise<Exit.Exit<A, E | unknown>>
  /** The typed failure of an effect that must fail (throws if it succeeds or dies). */
  readonly failure: <A, E>(effect: Effect.Effect<A, E, Store | IdGenerator>) => Promise<E>
  readonly clock: ManualClock
  readonly count?: (table: string) => Promise<number>
  /**
   * Empties the store (the adapter's `reset`, or a new runtime over the same layer when it has
   * none — right for the memory store) and sets the clock back to the start.
   */
  readonly reset: () => Promise<void>
  readonly close: () => Promise<void>
}

/**
 * Opens a harness over a fresh store from the factory, with sequential ids and a manual
 * clock starting at `start`.
 *
 * @example
 * ```ts
 * import { harness } from "volunteer-brigade/testing"
 * import { factory } from "./my-adapter-factory.js"
 * const h = await harness(factory)
 * ```
 * @category testing
 * @since 0.1.0
 */
export const harness = async (factory: StoreFactory, start = "2026-03-01T09:00:00+08:00"): Promise<Harness> => {
  const under = await factory.make()
  const clock = manualClock(start)
  const t0 = clock.now()
  const makeRuntime = () => ManagedRuntime.make(Layer.mergeAll(under.layer, sequentialIds(), clock.layer))
  let runtime = makeRuntime()
  const exit = <A, E>(effect: Effect.Effect<A, E, Store | IdGenerator>) => runtime.runPromiseExit(effect)
  return {
    run: (effect) => runtime.runPromise(effect),
    exit,
    failure: async (effect) => {
      const result = await exit(effect)
      if (Exit.isSuccess(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`)
      const found = result.cause.reasons.find(Cause.isFailReason)
      if (!found) throw new Error(`expected a typed failure, got ${Cause.pretty(result.cause)}`)
      return found.error as never
    },
    clock,
    ...(under.count ? { count: under.count } : {}),
    reset: async () => {
      if (under.reset) await under.reset()
      else {
        await runtime.dispose()
        runtime = makeRuntime()
      }
      clock.set(t0)
    },
    close: async () => {
      await runtime.dispose()
      await under.close()
    }
  }
}
