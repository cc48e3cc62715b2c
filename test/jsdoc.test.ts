/**
 * Documentation of the public API, checked by the TypeScript compiler (scripts/jsdoc.ts):
 * every ```ts example in the JSDoc of the sources type-checks (strict, the project's options)
 * against the local sources, and every export of a public entry point has a JSDoc comment.
 * Examples that state a result with `// => <expected>` are run and the result checked.
 */
import { describe, expect, it } from "vitest"
import { checkExamples, checkStatedResults, examplesOf, localise, statedResults, undocumentedExports } from "../scripts/jsdoc.js"

describe("JSDoc", () => {
  it("extracts ```ts blocks with their source line and rewrites package imports to the sources", () => {
    const text = ["/**", " * Sum.", " * @example", " * ```ts", ' * import { Hours } from "volunteer-brigade"', " * const x = 1", " * ```", " */"].join("\n")
    const [example, ...rest] = examplesOf("src/x.ts", text)
    expect(rest).toEqual([])
    expect(example?.line).toBe(5)
    expect(example?.code.split("\n")).toEqual(['import { Hours } from "volunteer-brigade"', "const x = 1"])
    expect(localise(example!.code)).toMatch(/from ".*\/src\/index\.js"/)
    expect(localise('import { layer } from "volunteer-brigade/memory"')).toMatch(/adapters\/memory\/index\.js"$/)
  })

  it("every ```ts example in the JSDoc of src/ and the adapters' entry points type-checks", () => {
    const { examples, failures } = checkExamples()
    expect(examples).toBeGreaterThan(100)
    expect(failures.map((f) => `${f.at}  ${f.message}`)).toEqual([])
  })

  it("finds `expression // => expected` statements and leaves other comments as prose", () => {
    const code = ['import { Hours, Policy } from "volunteer-brigade"', "Hours.stars(18000, Policy.CommunityStars) // => 2", "Hours.total([]) // 0, prose", "const x = 1 // => 1"].join("\n")
    const { results, code: checked } = statedResults({ file: "src/x.ts", line: 10, code })
    expect(results).toEqual([{ at: "src/x.ts:11", expression: "Hours.stars(18000, Policy.CommunityStars)", expected: "2" }])
    expect(checked).toContain('globalThis.__stated("src/x.ts:11", () => (Hours.stars(18000, Policy.CommunityStars)), () => (2));')
    expect(checked).toContain("Hours.total([]) // 0, prose")
  })

  it("every result a JSDoc or README example states with // => holds when the example runs", () => {
    const { checked, failures } = checkStatedResults()
    expect(checked).toBeGreaterThanOrEqual(39)
    expect(failures.map((f) => `${f.at}  ${f.message}`)).toEqual([])
  }, 120_000)

  it("every export of every public entry point has a JSDoc comment", () => {
    expect(undocumentedExports().map((u) => `${u.name} (${u.at})`)).toEqual([])
  })
})
