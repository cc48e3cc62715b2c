/**
 * The custom adapter of `examples/custom-adapter.ts` proves itself with the conformance suite,
 * exactly as a third-party adapter would: a factory of fresh stores given to `storeSuite`.
 * In a host's repository: `import { storeSuite } from "volunteer-brigade/testing"`.
 */
import { afterAll, expect, it } from "vitest"
import { storeSuite } from "../test/conformance/index.js"
import { countingLayer } from "./custom-adapter.js"

const seen = new Map<string, number>()

storeSuite({
  name: "counting memory (examples/custom-adapter.ts)",
  make: async () => {
    const { layer, counts } = countingLayer()
    return {
      layer,
      close: async () => {
        for (const [k, n] of counts()) seen.set(k, (seen.get(k) ?? 0) + n)
      }
    }
  }
})

it("the wrapper saw the suite's operations", () => {
  // Runs after the suite's cases (vitest runs a file's tests in order).
  expect(seen.get("audit.append") ?? 0).toBeGreaterThan(0)
  expect(seen.get("units.insert") ?? 0).toBeGreaterThan(0)
})

afterAll(() => {
  const total = [...seen.values()].reduce((a, b) => a + b, 0)
  console.log(`counting adapter: ${total} store operations over the suite`)
})
