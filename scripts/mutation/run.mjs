// npm run test:mutation [-- module ...] [--seed N] [--force]
//
// Mutates every rule module of src/ (the pure ones: not the workflows, the store port or the
// adapters), one module at a time, each against the unit test files that own it, and prints one
// line per module. Incremental: each module keeps its results in
// reports/mutation/<module>.incremental.json, so a re-run after a small change only tests the
// mutants that change touched (--force re-runs them all, e.g. under another fast-check seed).
import { spawnSync } from "node:child_process"
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs"

/** Each rule module and the unit test files that own it. */
export const modules = {
  identity: ["test/unit/identity.test.ts"],
  leave: ["test/unit/leave.test.ts"],
  discipline: ["test/unit/discipline.test.ts"],
  funds: ["test/unit/funds.test.ts"],
  hours: ["test/unit/hours.test.ts"],
  time: ["test/unit/time.test.ts"],
  attendance: ["test/unit/attendance.test.ts"],
  activity: ["test/unit/activity.test.ts"],
  volunteer: ["test/unit/volunteer.test.ts"],
  hierarchy: ["test/unit/hierarchy.test.ts", "test/unit/jurisdiction.test.ts"],
  certificate: ["test/unit/certificate.test.ts"],
  roster: ["test/unit/roster.test.ts"],
  report: ["test/unit/report.test.ts"],
  supervision: ["test/unit/supervision.test.ts"],
  policy: ["test/unit/policy.test.ts"],
  table: ["test/unit/table.test.ts"],
  text: ["test/unit/text.test.ts"],
  category: ["test/unit/category.test.ts"]
}

const args = process.argv.slice(2)
const option = (name) => {
  const i = args.indexOf(name)
  if (i < 0) return undefined
  const value = args[i + 1]
  args.splice(i, 2)
  return value
}
const seed = option("--seed")
const concurrency = option("--concurrency") ?? "1"
const force = args.includes("--force")
const chosen = args.filter((a) => !a.startsWith("--"))
for (const m of chosen) if (!(m in modules)) throw new Error(`unknown rule module: ${m} (known: ${Object.keys(modules).join(", ")})`)
const names = chosen.length > 0 ? chosen : Object.keys(modules)

/**
 * Stryker (9.6) reuses the result of a surviving *static* mutant (one in code that runs when the
 * module loads, such as a schema) even when a test that would kill it has been added since: such
 * a mutant lists no covering test, so no test change invalidates it. Dropping those survivors
 * from the incremental file makes Stryker test them again; everything else stays reused.
 */
function forgetStaticSurvivors(file) {
  if (!existsSync(file)) return
  const json = JSON.parse(readFileSync(file, "utf8"))
  let dropped = 0
  for (const f of Object.values(json.files ?? {})) {
    const kept = f.mutants.filter((m) => !(m.static && (m.status === "Survived" || m.status === "NoCoverage")))
    dropped += f.mutants.length - kept.length
    f.mutants = kept
  }
  if (dropped > 0) writeFileSync(file, JSON.stringify(json))
}

mkdirSync("reports/mutation", { recursive: true })
const rows = []
let failed = false
for (const name of names) {
  const tests = modules[name].filter((f) => existsSync(f))
  if (tests.length === 0) {
    console.log(`${name}: no unit test file (${modules[name].join(", ")}): not run`)
    rows.push({ name, note: "no unit test file" })
    continue
  }
  const report = `reports/mutation/${name}${seed === undefined ? "" : `.seed-${seed}`}.json`
  const incremental = `reports/mutation/${name}.incremental.json`
  if (!force) forgetStaticSurvivors(incremental)
  const started = Date.now()
  const run = spawnSync(
    "npx",
    [
      "stryker", "run", "stryker.config.mjs",
      "--mutate", `src/${name}.ts`,
      "--incrementalFile", incremental,
      "--concurrency", concurrency,
      ...(force ? ["--force"] : [])
    ],
    {
      stdio: "inherit",
      env: {
        ...process.env,
        MUTATION_TESTS: tests.join(","),
        ...(seed !== undefined ? { FC_SEED: seed } : {}),
        MUTATION_JSON_REPORT: report
      }
    }
  )
  const seconds = Math.round((Date.now() - started) / 1000)
  if (run.status !== 0) {
    failed = true
    rows.push({ name, note: `stryker exited with ${run.status}` })
    continue
  }
  const json = JSON.parse(readFileSync(report, "utf8"))
  const count = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, CompileError: 0, RuntimeError: 0 }
  const survivors = []
  for (const file of Object.values(json.files)) {
    for (const m of file.mutants) {
      count[m.status] = (count[m.status] ?? 0) + 1
      if (m.status === "Survived" || m.status === "NoCoverage") {
        survivors.push(`  ${m.status} ${m.mutatorName} line ${m.location.start.line}: ${m.replacement ?? ""}`)
      }
    }
  }
  const detected = count.Killed + count.Timeout + count.RuntimeError + count.CompileError
  const counted = detected + count.Survived + count.NoCoverage
  const score = counted === 0 ? 100 : (100 * detected) / counted
  rows.push({ name, counted, detected, survived: count.Survived + count.NoCoverage, ignored: count.Ignored, score, seconds, survivors })
}

console.log("\nmodule        mutants  detected  survived  ignored(text)  score   time")
for (const r of rows) {
  if (r.note) console.log(`${r.name.padEnd(13)} ${r.note}`)
  else console.log(
    `${r.name.padEnd(13)} ${String(r.counted).padStart(7)}  ${String(r.detected).padStart(8)}  ${String(r.survived).padStart(8)}  ${String(r.ignored).padStart(13)}  ${r.score.toFixed(1).padStart(5)} %  ${r.seconds} s`
  )
}
for (const r of rows) if (r.survivors?.length) console.log(`\n${r.name} survivors:\n${r.survivors.join("\n")}`)
const summary = seed === undefined ? "summary" : `summary-seed-${seed}`
writeFileSync(`reports/mutation/${summary}.json`, JSON.stringify({ seed: seed ?? null, force, rows }, null, 2))
process.exit(failed ? 1 : 0)
