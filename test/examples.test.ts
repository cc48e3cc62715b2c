/**
 * Every runnable example in examples/ is run as a host would run it (`node --import tsx
 * examples/<file>`, a fresh process) and its output checked, and README's quick start is run
 * as written (imports pointed at the local sources, the SQLite file in a temp folder).
 * The Postgres example needs a server (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test): without one it is skipped with the reason printed,
 * except under CI=true, where it fails.
 */
import { execFile } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { localise, markdownExamples, root } from "../scripts/jsdoc.js"
import { unreachable } from "./adapters/postgres-support.js"

const exec = promisify(execFile)

/** Runs a file with tsx in a child process; resolves with stdout, rejects with stderr on a non-zero exit. */
const run = async (file: string, env: Readonly<Record<string, string>> = {}): Promise<string> => {
  const { stdout } = await exec(process.execPath, ["--import", "tsx", file], {
    cwd: root,
    env: { ...process.env, ...env },
    timeout: 110_000,
    maxBuffer: 16 * 1024 * 1024
  })
  return stdout
}

describe.concurrent("examples", () => {
  it("pure-rules: identity check digit, credit, target, stars, discipline and hierarchy decisions without a store", async () => {
    const out = await run("examples/pure-rules.ts")
    expect(out).toContain("check digit of 11010519491231002: X")
    expect(out).toContain("11010519491231002X valid: true; 110105194912310021 valid: false")
    expect(out).toContain("masked: 110105********002X 138****8000")
    expect(out).toContain("credited: 160 min")
    expect(out).toContain('target 2026: {"kind":"short","shortBy":880}')
    expect(out).toContain("stars at 320 h: 2")
    expect(out).toContain("points: 9 → suspension")
    expect(out).toContain("second brigade refused: UnitInvalid brigadeExists")
    expect(out).toContain("squad under the brigade refused: UnitInvalid")
  })

  it("memory-effect: an Effect program on the memory store with typed failures", async () => {
    const out = await run("examples/memory-effect.ts")
    expect(out).toMatch(/registered 张三 \(volunteer_\d+\) in 东湖社区: pending → active/)
    expect(out).toMatch(/second registration refused: DuplicateVolunteer \(existing volunteer_\d+\)/)
    expect(out).toContain("bad input refused: VolunteerInvalid at document.number")
    expect(out).toContain("volunteers under 当湖街道: 1")
    expect(out).toContain("tree: 平湖市社区志愿者服务大队 — 1 squadron(s), 1 squad(s)")
  })

  it("sqlite-host: a host script on a SQLite file that persists across layers", async () => {
    const out = await run("examples/sqlite-host.ts")
    expect(out).toMatch(/registering in \S+: NotInJurisdiction/)
    expect(out).toMatch(/annex 3 of \S+: 3 rows → annex3\.csv/)
    expect(out).toContain("SQLite file: written")
    expect(out).toMatch(/reopened: 平湖市社区志愿者服务大队, \d+ squadrons, \d+ squads/)
    expect(out).toContain("张三、李四")
  })

  it("postgres-host: a host on a pg Pool in a schema of its own; concurrent duplicates end with one winner", async () => {
    const reason = await unreachable()
    if (reason !== undefined) {
      if (process.env.CI === "true") throw new Error(`CI=true and ${reason}`)
      console.log(`skipped examples/postgres-host.ts: ${reason}`)
      return
    }
    const out = await run("examples/postgres-host.ts")
    expect(out).toContain("20 concurrent registrations of one person: 1 accepted, 19 DuplicateVolunteer")
    expect(out).toContain("volunteers in the brigade: 1")
    expect(out).toMatch(/schema vb_example_…: \d+ vb_ tables/)
  })

  it("promise-facade: Client.make from a plain async host; rejections are the tagged errors", async () => {
    const out = await run("examples/promise-facade.ts")
    expect(out).toContain("founded 平湖市社区志愿者服务大队 (PH)")
    expect(out).toContain("second brigade: UnitInvalid (brigadeExists)")
    expect(out).toContain("stranger creating a squadron: NotInJurisdiction")
    expect(out).toContain("bad input: InputInvalid at name")
    expect(out).toContain("tree: 平湖市社区志愿者服务大队 → 当湖街道")
  })

  it("custom-adapter: the counting wrapper counts the operations of a program", async () => {
    const out = await run("examples/custom-adapter.ts")
    expect(out).toMatch(/store operations: .*audit\.append×2.*units\.insert×2/)
  })

  it("README's quick start runs as written on a SQLite file", async () => {
    const [quickStart] = markdownExamples("README.md")
    expect(quickStart?.code).toContain('layerFromFile("brigade.db")')
    const dir = mkdtempSync(join(tmpdir(), "vb-readme-"))
    const cache = join(root, "node_modules/.cache")
    mkdirSync(cache, { recursive: true })
    const script = join(mkdtempSync(join(cache, "readme-")), "quick-start.mts")
    try {
      const code = localise(quickStart!.code).replace('"brigade.db"', JSON.stringify(join(dir, "brigade.db")))
      writeFileSync(script, `${code}\nconsole.log(JSON.stringify(tree?.children.map((c) => [c.unit.name, c.children.map((s) => s.unit.name)])))\n`)
      const out = await run(script)
      expect(JSON.parse(out.trim())).toEqual([["当湖街道", ["东湖社区"]]])
    } finally {
      rmSync(dir, { recursive: true, force: true })
      rmSync(join(script, ".."), { recursive: true, force: true })
    }
  })
})
