/**
 * A manual clock for simulations, demos and tests: the Clock service whose wall time the
 * caller sets (C2: workflows read time only from the Clock service, so a host can replay a
 * past day or simulate a year). Sleeping still takes real time, so retries behave.
 *
 * @module
 */
import { Clock, Context, Effect, Layer } from "effect"
import { instant } from "./time.js"

/**
 * A clock whose time is set by its owner.
 *
 * @category clock
 * @since 0.1.0
 */
export interface ManualClock {
  /** Sets the wall time (epoch milliseconds). */
  readonly set: (epochMs: number) => void
  /** Moves the wall time forward (or back) by milliseconds. */
  readonly advance: (ms: number) => void
  /** The current wall time (epoch milliseconds). */
  readonly now: () => number
  /** A layer providing this clock as Effect's Clock. */
  readonly layer: Layer.Layer<never>
}

/**
 * Creates a manual clock starting at `start` (ISO-8601 with offset, or epoch ms).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ManualClock, Workflows } from "volunteer-brigade"
 * const clock = ManualClock.make("2026-03-01T09:00:00+08:00")
 * const today = Effect.runSync(Workflows.Context.today.pipe(Effect.provide(clock.layer))) // "2026-03-01"
 * ```
 * @category clock
 * @since 0.1.0
 */
export const make = (start: string | number): ManualClock => {
  let now = typeof start === "number" ? start : instant(start)
  const real = Context.get(Context.empty(), Clock.Clock)
  const clock: Clock.Clock = {
    currentTimeMillisUnsafe: () => now,
    currentTimeMillis: Effect.sync(() => now),
    currentTimeNanosUnsafe: () => BigInt(now) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(now) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => real.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: real.monotonicTimeNanos,
    sleep: (d) => real.sleep(d)
  }
  return {
    set: (ms) => {
      now = ms
    },
    advance: (ms) => {
      now += ms
    },
    now: () => now,
    layer: Layer.succeed(Clock.Clock, clock)
  }
}
