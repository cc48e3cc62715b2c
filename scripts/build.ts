/**
 * The build: `npm run build [-- --out-dir <dir>]` (default `dist`).
 *
 * 1. tsup bundles the JavaScript of every entry of `tsup.config.ts` (ESM, shared chunks).
 * 2. The declarations are emitted by `tsc` itself (`tsconfig.build.json`, into `<dir>/types`,
 *    the source tree mirrored), not bundled by tsup's rollup-plugin-dts: its namespace fixer
 *    records a name declared both as a value and as a type (`export const VolunteerId = …`
 *    plus `export type VolunteerId = …`, the pattern of every Schema here) as a type only, so
 *    `export * as Ids` lost its values and `Ids.VolunteerId.make(…)` failed to compile in a
 *    consumer (TS2708) although it runs. tsc's own declarations keep them.
 * 3. Each entry gets `<dir>/<entry>.d.ts` re-exporting its emitted declaration, which is
 *    where `package.json`'s `exports[…].types` point.
 */
import { execFileSync } from "node:child_process"
import { writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import config from "../tsup.config.js"

const root = resolve(import.meta.dirname, "..")
const args = process.argv.slice(2)
const at = args.indexOf("--out-dir")
const outDir = resolve(root, at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : "dist")
const bin = (name: string) => join(root, "node_modules", ".bin", name)
const run = (command: string, commandArgs: ReadonlyArray<string>) =>
  execFileSync(command, commandArgs, { cwd: root, stdio: "inherit" })

run(bin("tsup"), ["--out-dir", outDir])
run(bin("tsc"), ["-p", "tsconfig.build.json", "--outDir", join(outDir, "types")])
const entries = (Array.isArray(config) ? config[0] : config) as { readonly entry: Readonly<Record<string, string>> }
for (const [name, source] of Object.entries(entries.entry)) {
  const target = `./types/${source.replace(/\.ts$/, ".js")}`
  writeFileSync(join(outDir, `${name}.d.ts`), `export * from ${JSON.stringify(target)}\n`)
}
