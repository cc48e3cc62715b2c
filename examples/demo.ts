/**
 * The main demo: the Pinghu community volunteer service brigade on the embedded default
 * store (a SQLite file). Run with `npm run demo` (optionally `-- --out <dir>`).
 *
 * Everything is deterministic: ids are sequential and time comes from a manual clock, so two
 * runs write identical files.
 */
import { Effect, Layer } from "effect"
import { mkdirSync, rmSync } from "node:fs"
import { join, resolve } from "node:path"
import { layerFromFile } from "../adapters/sqlite/index.js"
import { Fixtures, Hierarchy, ManualClock, Store, Workflows } from "../src/index.js"

const outArg = process.argv.indexOf("--out")
const outDir = resolve(outArg > 0 ? process.argv[outArg + 1]! : "out/demo")
mkdirSync(outDir, { recursive: true })
const dbFile = join(outDir, "brigade.db")
for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true })

const clock = ManualClock.make("2026-01-05T09:00:00+08:00")
const layer = Layer.mergeAll(layerFromFile(dbFile), Store.sequentialIds(), clock.layer)

const printTree = (node: Workflows.Organisation.TreeNode, prefix = "", last = true, root = true): void => {
  const level = Hierarchy.levelLabelsZh[node.unit.level]
  const leaders = node.appointments
    .filter((a) => a.role !== "office" && a.role !== "deputyCaptain")
    .map((a) => `${Hierarchy.roleLabelsZh[a.role]} ${a.holder.name}`)
  const counts =
    node.unit.level === "brigade"
      ? ` — ${node.counts.squadrons} 中队 · ${node.counts.squads} 分队 · ${node.counts.teams} 支队伍`
      : node.unit.level === "squadron"
        ? ` — ${node.counts.squads} 分队`
        : node.teams.length > 0
          ? ` — ${node.teams.map((t) => t.name.replace(node.unit.name, "")).join("、")}`
          : ""
  const line = `${node.unit.name}（${level}）${leaders.length ? ` ${leaders.join("，")}` : ""}${counts}`
  console.log(root ? line : `${prefix}${last ? "└─ " : "├─ "}${line}`)
  const childPrefix = root ? "" : `${prefix}${last ? "   " : "│  "}`
  node.children.forEach((c, i) => printTree(c, childPrefix, i === node.children.length - 1, false))
}

const program = Effect.gen(function* () {
  console.log(`volunteer-brigade demo — SQLite file: ${dbFile}\n`)
  console.log("1. 组织 — building the Pinghu organisation (H1–H8)…")
  yield* Fixtures.seedPinghu
  const tree = yield* Workflows.Organisation.tree()
  if (tree === undefined) return yield* Effect.die("no brigade")
  const deputies = tree.appointments.filter((a) => a.role === "deputyCaptain")
  console.log(`   ${tree.unit.name}: 大队长 1 名, 副大队长 ${deputies.length} 名 (${deputies.map((d) => d.department).join("、")})\n`)
  printTree(tree)
})

await Effect.runPromise(program.pipe(Effect.provide(layer)))
