/**
 * The domain guide covers the whole rule catalogue: every rule ID of
 * `../shared/domain-rules.md` (the catalogue beside the repository; `docs/rules.md` is the
 * committed copy used where the catalogue is absent, and must equal it where present) has a
 * section in docs/domain.md naming at least one function and one test file — and those exist.
 */
import { existsSync, readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"
import * as Core from "../src/index.js"

const root = resolve(import.meta.dirname, "..")
const catalogue = join(root, "../shared/domain-rules.md")
const copy = join(root, "docs/rules.md")
const rulesText = readFileSync(existsSync(catalogue) ? catalogue : copy, "utf8")
const guide = readFileSync(join(root, "docs/domain.md"), "utf8")

/** Rule IDs as the catalogue defines them: `- **T5** ...`. */
const ruleIds = [...rulesText.matchAll(/^- \*\*([A-Z]\d+)\*\*/gm)].map((m) => m[1]!)

/** The guide's section of a rule: from its `### ID —` heading to the next heading. */
const sectionOf = (id: string): string | undefined =>
  guide.split(/^(?=##)/m).find((part) => part.startsWith(`### ${id} —`))

const resolvePath = (path: string): unknown =>
  path.split(".").reduce<unknown>((o, k) => (o === undefined || o === null ? undefined : (o as Record<string, unknown>)[k]), Core)

describe("docs/domain.md", () => {
  it("the catalogue has the expected families of rules", () => {
    expect(ruleIds.length).toBeGreaterThanOrEqual(50)
    expect(new Set(ruleIds.map((id) => id[0]))).toEqual(new Set(["C", "H", "V", "R", "A", "D", "T", "S", "F", "P"]))
  })

  it("docs/rules.md is an exact copy of the catalogue (when the catalogue is present)", () => {
    if (!existsSync(catalogue)) return
    expect(readFileSync(copy, "utf8")).toBe(readFileSync(catalogue, "utf8"))
  })

  it("every rule ID of the catalogue has a section with an implementation and a proving test", () => {
    const missing = ruleIds.filter((id) => {
      const section = sectionOf(id)
      return section === undefined || !section.includes("**Implemented by:**") || !section.includes("**Proved by:**")
    })
    expect(missing).toEqual([])
  })

  it("every function the guide names exists in the package, and every test file it cites exists", () => {
    const named = [...guide.matchAll(/`((?:Workflows\.)?[A-Z][A-Za-z]+\.[a-zA-Z0-9]+)`/g)].map((m) => m[1]!)
    // Names whose first part is a namespace of the package (not `Date.now` in prose) must resolve.
    const ours = named.filter((path) => path.split(".")[0]! in Core)
    expect(ours.length).toBeGreaterThan(150)
    expect(ours.filter((path) => resolvePath(path) === undefined)).toEqual([])
    const files = [...guide.matchAll(/`(test\/[\w/.-]+\.ts)`/g)].map((m) => m[1]!)
    expect(files.filter((f) => !existsSync(join(root, f)))).toEqual([])
  })

  it("every cited test file has a test named after the rule that cites it", () => {
    const wrong = ruleIds.flatMap((id) => {
      const section = sectionOf(id) ?? ""
      const proved = section.slice(section.indexOf("**Proved by:**"))
      return [...proved.matchAll(/`(test\/[\w/.-]+\.ts)`/g)]
        .map((m) => m[1]!)
        .filter((f) => existsSync(join(root, f)) && !new RegExp(`["'\`]([A-Z]\\d+[,/ ]*)*${id}[,:/ ]`).test(readFileSync(join(root, f), "utf8")))
        .map((f) => `${id} ${f}`)
    })
    expect(wrong).toEqual([])
  })
})
