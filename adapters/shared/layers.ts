/**
 * The layer shapes every built-in SQL adapter offers: a Store over a resource the host owns,
 * and a Store over a resource the layer opens and closes itself. Both also provide random
 * ids. Opening failures are `StoreError`s naming the operation.
 */
import { Effect, Layer } from "effect"
import { redact } from "../../src/identity.js"
import { IdGenerator, Store, StoreError, type StoreShape } from "../../src/store.js"
import { timeOrderedIds } from "./ids.js"

// P5: a driver's message may quote a value; numbers are masked before they are kept
const openError = (operation: string) => (e: unknown) => new StoreError({ operation, cause: redact(String(e)), retryable: false })

/** A Store built from a resource the host owns (and closes). */
export const storeLayer = (
  operation: string,
  build: () => Promise<StoreShape>
): Layer.Layer<Store | IdGenerator, StoreError> =>
  Layer.merge(Layer.effect(Store, Effect.tryPromise({ try: build, catch: openError(operation) })), timeOrderedIds)

/** A Store over a resource the layer opens on build and closes on release. */
export const ownedStoreLayer = <H>(
  operation: string,
  open: () => Promise<H>,
  close: (handle: H) => Promise<void> | void,
  build: (handle: H) => Promise<StoreShape>
): Layer.Layer<Store | IdGenerator, StoreError> =>
  Layer.merge(
    Layer.effect(
      Store,
      Effect.acquireRelease(Effect.tryPromise({ try: open, catch: openError(operation) }), (handle) =>
        Effect.promise(async () => {
          await close(handle)
        })
      ).pipe(Effect.flatMap((handle) => Effect.tryPromise({ try: () => build(handle), catch: openError(operation) })))
    ),
    timeOrderedIds
  )
