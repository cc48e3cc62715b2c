/**
 * The published package as a host sees it: build with `npm run build` into a scratch
 * folder, `npm pack` it, install the tarball with its peers into a throw-away consumer
 * project under the OS temp dir, and use it from there — ESM imports of every subpath, a
 * CommonJS `require` (Node ≥ 20.19 `require(esm)`), the SQLite store end to end, and the
 * conformance suite of `./testing` under the consumer's own vitest. The consumer also
 * type-checks against the PACKED declarations (not `../src`): a file using values of the
 * namespaces (`Ids.VolunteerId.make`, TS2708 before the declarations came from tsc), every
 * example of examples/ with its imports pointed at the package, and README's TypeScript
 * blocks — then runs every example and README's quick start there. Nothing is written to the
 * repository; the scratch folder is removed afterwards.
 */
import { execFile, execFileSync } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { markdownExamples } from "../scripts/jsdoc.js"
import buildConfig from "../tsup.config.js"
import { unreachable } from "./adapters/postgres-support.js"

const root = resolve(import.meta.dirname, "..")

interface Manifest {
  readonly name: string
  readonly exports: Readonly<Record<string, unknown>>
  readonly devDependencies: Readonly<Record<string, string>>
}

const manifest: Manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))

/** Every public subpath (".", "./memory", ...), as "volunteer-brigade" or "volunteer-brigade/memory". */
const specifiers = Object.keys(manifest.exports)
  .filter((key) => key !== "./package.json")
  .map((key) => (key === "." ? manifest.name : `${manifest.name}/${key.slice(2)}`))

/** `./testing` calls vitest's `describe`/`it` on use, so it is exercised under vitest below. */
const testing = `${manifest.name}/testing`
const plain = specifiers.filter((s) => s !== testing)

/** The peers a host installs, at the versions this repository develops against (and the Node types for the type check). */
const peers = ["effect", "kysely", "better-sqlite3", "pg", "pg-copy-streams", "exceljs", "vitest", "@types/node", "@types/pg", "@types/better-sqlite3"].map((name) => {
  const version = manifest.devDependencies[name]
  if (version === undefined) throw new Error(`${name} is not a devDependency`)
  return `${name}@${version}`
})

const run = (command: string, args: ReadonlyArray<string>, cwd: string): string => {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
      // The consumer must not inherit this run's vitest state.
      env: { ...process.env, VITEST: undefined, VITEST_POOL_ID: undefined, VITEST_WORKER_ID: undefined, NODE_OPTIONS: undefined }
    })
  } catch (e) {
    const failure = e as { stdout?: string; stderr?: string; message: string }
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}\n${failure.stdout ?? ""}\n${failure.stderr ?? ""}\n${failure.message}`)
  }
}

/** Runs a file of the consumer with node and parses the JSON it prints last. */
const runJson = <A>(cwd: string, file: string): A => {
  const lines = run(process.execPath, [file], cwd).trim().split("\n")
  return JSON.parse(lines[lines.length - 1] ?? "null") as A
}

const esmCheck = `
${plain.map((s, i) => `import * as m${i} from ${JSON.stringify(s)}`).join("\n")}
const modules = { ${plain.map((s, i) => `${JSON.stringify(s)}: Object.keys(m${i}).sort()`).join(", ")} }
console.log(JSON.stringify({ modules, testing: import.meta.resolve(${JSON.stringify(testing)}) }))
`

const cjsCheck = `
const modules = {}
for (const s of ${JSON.stringify(plain)}) modules[s] = Object.keys(require(s)).sort()
console.log(JSON.stringify({ modules, resolved: require.resolve(${JSON.stringify(manifest.name)}) }))
`

// Founds the Pinghu brigade through the sqlite subpath, then reads it back through a second
// Store over the same database, so the answer comes from the tables and not from memory.
const sqliteCheck = `
import Database from "better-sqlite3"
import { Effect, Layer } from "effect"
import { Fixtures, Store, Workflows } from "${manifest.name}"
import { layer } from "${manifest.name}/sqlite"
const db = new Database(":memory:")
const founded = await Effect.runPromise(
  Workflows.Organisation.foundBrigade(Fixtures.officeActor, Fixtures.pinghuBrigade).pipe(
    Effect.provide(Layer.mergeAll(layer(db), Store.sequentialIds()))
  )
)
const organisation = await Effect.runPromise(Workflows.Organisation.load.pipe(Effect.provide(layer(db, { migrate: false }))))
db.close()
console.log(JSON.stringify({
  founded: { id: founded.id, name: founded.name, level: founded.level },
  units: organisation.units.map((u) => ({ id: u.id, name: u.name, level: u.level })),
  appointments: organisation.appointments.map((a) => ({ unitId: a.unitId, role: a.role, actorId: a.actorId }))
}))
`

// A third-party adapter's test file: the published conformance suite over the published
// memory store.
const conformanceCheck = `
import { storeSuite } from "${testing}"
import { layer } from "${manifest.name}/memory"
storeSuite({ name: "memory from the tarball", make: async () => ({ layer, close: async () => {} }) })
`

// Values of the namespaces, as a host writes them: each line failed to compile against the
// tsup-bundled declarations (the namespace lost every name that is both a value and a type).
const typedCheck = `
import { Schema } from "effect"
import { Hours, Ids, Identity, Time } from "${manifest.name}"
import { layer } from "${manifest.name}/memory"
const volunteerId: Ids.VolunteerId = Ids.VolunteerId.make("volunteer_000001")
const unitId = Schema.decodeUnknownSync(Ids.UnitId)("unit_000001")
const at: Time.Instant = Time.instant("2026-03-05T09:00:00+08:00")
const decodeEntry: (u: unknown) => Hours.HourEntry = Schema.decodeUnknownSync(Hours.HourEntry)
const problem: Identity.ResidentIdProblem | undefined = Identity.residentIdProblem("110105194912310021")
export const checked = { volunteerId, unitId, at, decodeEntry, problem, layer }
`

/** Points an example's imports of the sources at the package's subpaths. */
const packaged = (code: string): string =>
  code
    .replace(/from "\.\.\/src\/index\.js"/g, `from "${manifest.name}"`)
    .replace(/from "\.\.\/adapters\/([a-z]+)\/index\.js"/g, `from "${manifest.name}/$1"`)
    .replace(/from "\.\.\/test\/conformance\/index\.js"/g, `from "${testing}"`)

const exampleFiles = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".ts"))
const readme = markdownExamples("README.md")

/** Compiler options of a strict host on Node's ESM resolution (the library's own are stricter still). */
const consumerTsconfig = {
  compilerOptions: {
    target: "ES2022", lib: ["ES2022"], module: "NodeNext", moduleResolution: "NodeNext", strict: true,
    exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, skipLibCheck: true, noEmit: true, types: ["node"]
  },
  include: ["typed.ts", "examples", "readme"]
}

describe("the package manifest, the build and the API docs agree", () => {
  const config = (Array.isArray(buildConfig) ? buildConfig[0] : buildConfig) as { entry: Record<string, string> }
  const typedoc = JSON.parse(readFileSync(join(root, "typedoc.json"), "utf8")) as { entryPoints: ReadonlyArray<string> }
  const subpaths = Object.entries(manifest.exports).filter(([key]) => key !== "./package.json")

  it("every exported subpath is built by tsup and documented by typedoc", () => {
    const problems = subpaths.flatMap(([key, target]) => {
      const file = /^\.\/dist\/(.+)\.js$/.exec((target as { default?: string }).default ?? "")?.[1]
      const source = file === undefined ? undefined : config.entry[file]
      if (source === undefined) return [`${key}: no tsup entry builds ${JSON.stringify(target)}`]
      return typedoc.entryPoints.includes(source) ? [] : [`${key}: ${source} is not a typedoc entry point`]
    })
    expect(problems).toEqual([])
    expect(Object.keys(config.entry).length).toBe(subpaths.length)
  })
})

describe("the packed package in a consumer project", () => {
  let scratch = ""
  let consumer = ""

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "vb-package-"))
    const stage = join(scratch, "stage")
    consumer = join(scratch, "consumer")
    mkdirSync(stage)
    mkdirSync(consumer)
    // Build into the stage, beside a copy of the manifest, so the repository's dist/ and
    // .pack/ are left alone; npm pack reads "files" from the staged manifest.
    run("npm", ["run", "build", "--", "--out-dir", join(stage, "dist")], root)
    for (const file of ["package.json", "README.md", "LICENSE"]) {
      if (existsSync(join(root, file))) copyFileSync(join(root, file), join(stage, file))
    }
    const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", scratch], stage)) as ReadonlyArray<{
      readonly filename: string
    }>
    const tarball = join(scratch, packed[0]!.filename)

    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "vb-consumer", version: "0.0.0", private: true, type: "module" }))
    // Install scripts are skipped: better-sqlite3 would otherwise compile from source for a
    // minute. Its binary is taken from this repository's install of the same pinned version.
    run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", tarball, ...peers], consumer)
    const binary = join("better-sqlite3", "build", "Release", "better_sqlite3.node")
    mkdirSync(join(consumer, "node_modules", "better-sqlite3", "build", "Release"), { recursive: true })
    copyFileSync(join(root, "node_modules", binary), join(consumer, "node_modules", binary))

    writeFileSync(join(consumer, "esm.mjs"), esmCheck)
    writeFileSync(join(consumer, "cjs.cjs"), cjsCheck)
    writeFileSync(join(consumer, "sqlite.mjs"), sqliteCheck)
    writeFileSync(join(consumer, "conformance.test.mjs"), conformanceCheck)
    writeFileSync(join(consumer, "typed.ts"), typedCheck)
    writeFileSync(join(consumer, "tsconfig.json"), JSON.stringify(consumerTsconfig))
    mkdirSync(join(consumer, "examples"))
    for (const file of readdirSync(join(root, "examples"))) {
      const text = readFileSync(join(root, "examples", file), "utf8")
      writeFileSync(join(consumer, "examples", file), file.endsWith(".ts") ? packaged(text) : text)
    }
    mkdirSync(join(consumer, "readme"))
    readme.forEach((block, i) => writeFileSync(join(consumer, "readme", `block-${i + 1}.ts`), `${block.code}\nexport {}\n`))
  }, 420_000)

  afterAll(() => {
    if (scratch !== "") rmSync(scratch, { recursive: true, force: true })
  })

  it("installs from the tarball with the documented peers", () => {
    const installed = JSON.parse(
      readFileSync(join(consumer, "node_modules", manifest.name, "package.json"), "utf8")
    ) as Manifest
    expect(installed.exports).toEqual(manifest.exports)
    expect(existsSync(join(consumer, "node_modules", manifest.name, "dist", "index.d.ts"))).toBe(true)
    // Only the build and the readme are published: no sources, tests or configs.
    expect(existsSync(join(consumer, "node_modules", manifest.name, "src"))).toBe(false)
  })

  it("imports every subpath from an ES module", () => {
    const { modules, testing: resolved } = runJson<{
      modules: Record<string, ReadonlyArray<string>>
      testing: string
    }>(consumer, "esm.mjs")
    expect(Object.keys(modules).sort()).toEqual([...plain].sort())
    for (const s of plain) expect(modules[s], s).not.toEqual([])
    expect(modules[manifest.name]).toEqual(expect.arrayContaining(["Store", "Workflows"]))
    expect(modules[`${manifest.name}/sqlite`]).toEqual(expect.arrayContaining(["layer", "layerFromFile"]))
    expect(resolved).toMatch(/\/node_modules\/volunteer-brigade\/dist\/testing\.js$/)
  })

  it("requires every subpath from CommonJS with the same exports as import", () => {
    const esm = runJson<{ modules: Record<string, ReadonlyArray<string>> }>(consumer, "esm.mjs")
    const cjs = runJson<{ modules: Record<string, ReadonlyArray<string>>; resolved: string }>(consumer, "cjs.cjs")
    expect(cjs.resolved).toMatch(/\/node_modules\/volunteer-brigade\/dist\/index\.js$/)
    // require(esm) returns the module namespace, so the keys match the import (plus the
    // interop marker "module.exports" on newer Nodes).
    for (const s of plain) {
      expect(cjs.modules[s]?.filter((k) => k !== "module.exports"), s).toEqual(esm.modules[s])
    }
  })

  it("founds the brigade through volunteer-brigade/sqlite and reads it back from the tables", () => {
    const out = runJson<{
      founded: { id: string; name: string; level: string }
      units: ReadonlyArray<{ id: string; name: string; level: string }>
      appointments: ReadonlyArray<{ unitId: string; role: string; actorId: string }>
    }>(consumer, "sqlite.mjs")
    const fixture = { name: "平湖市社区志愿者服务大队", office: "pinghu-civil-affairs-office" }
    expect(out.founded).toMatchObject({ name: fixture.name, level: "brigade" })
    expect(out.units).toEqual([out.founded])
    expect(out.appointments).toEqual([{ unitId: out.founded.id, role: "office", actorId: fixture.office }])
  })

  it("runs the published conformance suite (./testing) under the consumer's vitest", () => {
    const report = join(consumer, "report.json")
    run(
      process.execPath,
      [join(consumer, "node_modules", "vitest", "vitest.mjs"), "run", "--root", consumer, "--reporter=json", `--outputFile=${report}`],
      consumer
    )
    const result = JSON.parse(readFileSync(report, "utf8")) as { numPassedTests: number; numFailedTests: number }
    expect(result.numFailedTests).toBe(0)
    expect(result.numPassedTests).toBeGreaterThan(0)
  })

  it("type-checks namespace values, every example and README's blocks against the packed declarations", () => {
    expect(exampleFiles.length).toBeGreaterThan(5)
    expect(readme.length).toBeGreaterThanOrEqual(2)
    // No example reaches the sources any more once pointed at the package.
    for (const file of exampleFiles) {
      expect(readFileSync(join(consumer, "examples", file), "utf8"), file).not.toMatch(/from "\.\.\//)
    }
    const resolved = readFileSync(join(consumer, "node_modules", manifest.name, "dist", "index.d.ts"), "utf8")
    expect(resolved).not.toContain("../src")
    run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", consumer], consumer)
  })

  it("runs every example and README's quick start from the consumer, on the packed build", async () => {
    const exec = promisify(execFile)
    const tsx = pathToFileURL(join(root, "node_modules", "tsx", "dist", "loader.mjs")).href
    const pgReason = await unreachable()
    if (pgReason !== undefined && process.env.CI === "true") throw new Error(`CI=true and ${pgReason}`)
    const runnable = exampleFiles.filter((f) => !f.endsWith(".test.ts") && (f !== "postgres-host.ts" || pgReason === undefined))
    if (pgReason !== undefined) console.log(`skipped examples/postgres-host.ts in the consumer: ${pgReason}`)
    const quickStart = join(consumer, "readme", "block-1.ts")
    const outputs = await Promise.all(
      [...runnable.map((f) => join(consumer, "examples", f)), quickStart].map(async (file) => {
        const args = file.endsWith("demo.ts") ? ["--out", join(consumer, "out"), "--quiet"] : []
        const { stdout } = await exec(process.execPath, ["--import", tsx, file, ...args], {
          cwd: consumer,
          env: { ...process.env, VITEST: undefined, VITEST_POOL_ID: undefined, VITEST_WORKER_ID: undefined, NODE_OPTIONS: undefined },
          timeout: 150_000,
          maxBuffer: 16 * 1024 * 1024
        })
        return [file, stdout] as const
      })
    )
    const out = new Map(outputs)
    expect(out.get(join(consumer, "examples", "pure-rules.ts"))).toContain("check digit of 11010519491231002: X")
    expect(out.get(join(consumer, "examples", "promise-facade.ts"))).toContain("tree: 平湖市社区志愿者服务大队 → 当湖街道")
    // The quick start wrote its SQLite file where it ran.
    expect(existsSync(join(consumer, "brigade.db"))).toBe(true)
  }, 300_000)
})
