/**
 * A custom Store adapter: the memory store wrapped so that it counts every repository
 * operation a workflow runs (`volunteers.insert`, `units.all`, ...). The same shape serves
 * for tracing, metrics or a cache in front of another store. It proves itself the way any
 * adapter does, with the conformance suite: see `examples/custom-adapter.test.ts`, which
 * calls `storeSuite` from "volunteer-brigade/testing" with a factory of these stores.
 *
 * Run: `npx tsx examples/custom-adapter.ts` (prints the operations of a small program).
 * In a host, import from "volunteer-brigade" and "volunteer-brigade/memory".
 */
import { Effect, Layer } from "effect"
import { makeMemoryStore, randomIds } from "../adapters/memory/index.js"
import { Fixtures, ManualClock, Store, Workflows } from "../src/index.js"

/** A Store that counts operations, and the counts so far. */
export interface CountingStore {
  readonly store: Store.StoreShape
  readonly counts: ReadonlyMap<string, number>
}

/** Wraps a store: every repository operation bumps `counts["repo.method"]` when it runs. */
export const counting = (inner: Store.StoreShape, name = `counting(${inner.name})`): CountingStore => {
  const counts = new Map<string, number>()
  const bump = (key: string) => Effect.sync(() => void counts.set(key, (counts.get(key) ?? 0) + 1))
  const wrapRepo = (repo: string, methods: object) =>
    Object.fromEntries(
      Object.entries(methods).map(([method, value]: [string, unknown]) => {
        const key = `${repo}.${method}`
        if (Effect.isEffect(value)) return [method, Effect.andThen(bump(key), value)]
        if (typeof value !== "function") return [method, value]
        return [
          method,
          (...args: ReadonlyArray<unknown>) => {
            const out: unknown = value(...args)
            return Effect.isEffect(out) ? Effect.andThen(bump(key), out) : out
          }
        ]
      })
    )
  const store = Object.fromEntries(
    Object.entries(inner).map(([repo, value]: [string, unknown]) =>
      Effect.isEffect(value)
        ? [repo, Effect.andThen(bump(repo), value)]
        : typeof value === "object" && value !== null
          ? [repo, wrapRepo(repo, value)]
          : [repo, value]
    )
  ) as unknown as Store.StoreShape
  return { store: { ...store, name, transaction: inner.transaction }, counts }
}

/** A layer with a fresh counting memory store and random ids; `counts` sees its operations. */
export const countingLayer = (): { readonly layer: Layer.Layer<Store.Store | Store.IdGenerator>; readonly counts: () => ReadonlyMap<string, number> } => {
  let current: CountingStore | undefined
  const layer = Layer.merge(
    Layer.effect(
      Store.Store,
      Effect.map(makeMemoryStore, (inner) => {
        current = counting(inner)
        return current.store
      })
    ),
    randomIds
  )
  return { layer, counts: () => current?.counts ?? new Map() }
}

// Run directly: count what founding a brigade and a squadron costs in store operations.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { layer, counts } = countingLayer()
  const clock = ManualClock.make("2026-03-01T09:00:00+08:00")
  const program = Effect.gen(function* () {
    const brigade = yield* Workflows.Organisation.foundBrigade(Fixtures.officeActor, Fixtures.pinghuBrigade)
    yield* Workflows.Organisation.createUnit(Fixtures.officeActor, {
      level: "squadron", name: "当湖街道", code: "PH-DH", parentId: brigade.id, establishedOn: "2012-09-20"
    })
  })
  await Effect.runPromise(program.pipe(Effect.provide(Layer.merge(layer, clock.layer))))
  const sorted = [...counts()].sort(([a], [b]) => (a < b ? -1 : 1))
  console.log(`store operations: ${sorted.map(([k, n]) => `${k}×${n}`).join(", ")}`)
}
