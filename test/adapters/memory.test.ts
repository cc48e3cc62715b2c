import { Effect, Layer } from "effect"
import { layer, makeMemoryStoreWith, rawState } from "../../adapters/memory/index.js"
import { Store } from "../../src/store.js"
import { storeSuite } from "../conformance/index.js"
import { privacySuite } from "../conformance/privacy.js"

storeSuite({ name: "memory", make: async () => ({ layer, close: async () => {} }) })

privacySuite({
  name: "memory",
  make: async (keyRing) => {
    const store = await Effect.runPromise(makeMemoryStoreWith(keyRing))
    return { layer: Layer.succeed(Store, store), close: async () => {}, raw: () => Effect.runPromise(rawState(store)) }
  }
})
