/**
 * Checks the documentation of the public API with the TypeScript compiler:
 *
 * - `checkExamples()` extracts every ```ts block from the JSDoc of `src/**\/*.ts`,
 *   `adapters/*\/index.ts` and `test/conformance/index.ts` (and from README.md), rewrites the package imports
 *   (`"volunteer-brigade"`, `"volunteer-brigade/<subpath>"`) to the local sources, writes each
 *   block as a module into a temporary folder and type-checks them all with the project's
 *   compiler options (strict). A failure names the source file and the line of the block.
 * - `undocumentedExports()` lists every export reachable from a public entry point that has
 *   no JSDoc comment.
 * - `checkStatedResults()` runs every example that states a result — an expression statement
 *   followed by `// => <expected>` on its line — and checks the result by deep equality
 *   (`// 180, not 240` and other comments stay prose). Write `// =>` wherever an example
 *   shows a value it can compute as written.
 *
 * Run `npx tsx scripts/jsdoc.ts` for a report; `test/jsdoc.test.ts` runs both in CI.
 */
import { execFileSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import ts from "typescript"

export const root = resolve(dirname(new URL(import.meta.url).pathname), "..")

/** Public subpaths → the source file the build uses for them (tsup.config.ts). */
export const entries: Readonly<Record<string, string>> = {
  "volunteer-brigade": "src/index.ts",
  "volunteer-brigade/memory": "adapters/memory/index.ts",
  "volunteer-brigade/kysely": "adapters/kysely/index.ts",
  "volunteer-brigade/sqlite": "adapters/sqlite/index.ts",
  "volunteer-brigade/postgres": "adapters/postgres/index.ts",
  "volunteer-brigade/mysql": "adapters/mysql/index.ts",
  "volunteer-brigade/testing": "test/conformance/index.ts",
  "volunteer-brigade/csv": "adapters/csv/index.ts",
  "volunteer-brigade/xlsx": "adapters/xlsx/index.ts",
  "volunteer-brigade/crypto": "adapters/crypto/index.ts"
}

const walk = (dir: string): ReadonlyArray<string> =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : []
  )

/** The files whose JSDoc examples are checked, relative to the repository root. */
export const documentedFiles = (): ReadonlyArray<string> => [
  ...walk("src"),
  ...readdirSync(join(root, "adapters"))
    .map((a) => join("adapters", a, "index.ts"))
    .filter((f) => {
      try {
        return readFileSync(join(root, f)).length > 0
      } catch {
        return false
      }
    }),
  "test/conformance/index.ts"
]

/** One ```ts block of a JSDoc comment. */
export interface Example {
  readonly file: string
  /** 1-based line of the block's first code line in `file`. */
  readonly line: number
  readonly code: string
}

/** Every ```ts block inside a `/** ... *\/` comment of a file. */
export const examplesOf = (file: string, text: string = readFileSync(join(root, file), "utf8")): ReadonlyArray<Example> => {
  const out: Array<Example> = []
  const lines = text.split("\n")
  let inDoc = false
  let block: { line: number; code: Array<string> } | undefined
  lines.forEach((raw, i) => {
    if (!inDoc && raw.includes("/**")) inDoc = true
    if (inDoc) {
      const content = raw.replace(/^\s*\/?\*+\/?\s?/, "")
      if (block === undefined && /^```(ts|typescript)\s*$/.test(content.trim())) block = { line: i + 2, code: [] }
      else if (block !== undefined && content.trim() === "```") {
        out.push({ file, line: block.line, code: block.code.join("\n") })
        block = undefined
      } else if (block !== undefined) block.code.push(content)
    }
    if (inDoc && raw.includes("*/")) {
      inDoc = false
      block = undefined
    }
  })
  return out
}

/** Every ```ts block of a Markdown file (README's quick start, ...). */
export const markdownExamples = (file: string, text: string = readFileSync(join(root, file), "utf8")): ReadonlyArray<Example> => {
  const out: Array<Example> = []
  const lines = text.split("\n")
  let block: { line: number; code: Array<string> } | undefined
  lines.forEach((raw, i) => {
    if (block === undefined && /^```(ts|typescript)\s*$/.test(raw.trim())) block = { line: i + 2, code: [] }
    else if (block !== undefined && raw.trim() === "```") {
      out.push({ file, line: block.line, code: block.code.join("\n") })
      block = undefined
    } else if (block !== undefined) block.code.push(raw)
  })
  return out
}

/** Rewrites `from "volunteer-brigade..."` to an absolute import of the local source. */
export const localise = (code: string): string =>
  code.replace(/(from\s+|import\s*\(\s*)(["'])(volunteer-brigade(?:\/[a-z]+)?)\2/g, (match, head: string, q: string, spec: string) => {
    const source = entries[spec]
    return source === undefined ? match : `${head}${q}${join(root, source).replace(/\.ts$/, ".js")}${q}`
  })

const compilerOptions = (): ts.CompilerOptions => {
  const configPath = join(root, "tsconfig.json")
  const config = ts.readConfigFile(configPath, ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
  return { ...parsed.options, noEmit: true, typeRoots: [join(root, "node_modules/@types")] }
}

/** A type error in an example: where the block is and what the compiler says. */
export interface ExampleFailure {
  /** `file:line` of the failing line in the source file. */
  readonly at: string
  readonly message: string
}

/** Type-checks every JSDoc example; returns the failures (empty when all pass). */
export const checkExamples = (files: ReadonlyArray<string> = documentedFiles()): {
  readonly examples: number
  readonly failures: ReadonlyArray<ExampleFailure>
} => {
  const examples = [...files.flatMap((f) => examplesOf(f)), ...markdownExamples("README.md")]
  const cache = join(root, "node_modules/.cache")
  mkdirSync(cache, { recursive: true })
  const dir = mkdtempSync(join(cache, "jsdoc-examples-"))
  try {
    const written = new Map<string, Example>()
    examples.forEach((example, i) => {
      const name = join(dir, `${i}-${example.file.replace(/[^a-z0-9]+/gi, "_")}-L${example.line}.mts`)
      // The example's lines stay on the same line numbers; `export {}` makes every block a module.
      writeFileSync(name, `${localise(example.code)}\nexport {}\n`)
      written.set(name, example)
    })
    const program = ts.createProgram([...written.keys()], compilerOptions())
    const failures: Array<ExampleFailure> = []
    for (const [name, example] of written) {
      const source = program.getSourceFile(name)
      if (source === undefined) continue
      for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
        const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line
        failures.push({
          at: `${example.file}:${example.line + line}`,
          message: ts.flattenDiagnosticMessageText(d.messageText, "\n")
        })
      }
    }
    return { examples: examples.length, failures }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** An export of a public entry point without a JSDoc comment. */
export interface Undocumented {
  /** `subpath › Namespace.name` as a host would write it. */
  readonly name: string
  /** `file:line` of the declaration. */
  readonly at: string
}

const hasDoc = (decl: ts.Declaration): boolean => {
  const node = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl
  return ts.getJSDocCommentsAndTags(node).some((c) => ts.isJSDoc(c)) || ts.getJSDocCommentsAndTags(decl).length > 0
}

/** Lists the exports of every public entry point (and of the namespaces they re-export) without JSDoc. */
export const undocumentedExports = (entryPoints: Readonly<Record<string, string>> = entries): ReadonlyArray<Undocumented> => {
  const program = ts.createProgram(
    Object.values(entryPoints).map((f) => join(root, f)),
    compilerOptions()
  )
  const checker = program.getTypeChecker()
  const out: Array<Undocumented> = []
  const seen = new Set<ts.Symbol>()
  const visit = (moduleSymbol: ts.Symbol, prefix: string): void => {
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      const name = `${prefix}${exported.name}`
      const decl = symbol.declarations?.[0]
      if (decl === undefined) continue
      if (ts.isSourceFile(decl)) {
        // `export * as X from "./x.js"` — a namespace: check its members.
        if (!seen.has(symbol)) {
          seen.add(symbol)
          visit(symbol, `${name}.`)
        }
        continue
      }
      if (seen.has(symbol)) continue
      seen.add(symbol)
      if (!(symbol.declarations ?? []).some(hasDoc)) {
        const file = decl.getSourceFile()
        const line = file.getLineAndCharacterOfPosition(decl.getStart()).line + 1
        out.push({ name, at: `${relative(root, file.fileName)}:${line}` })
      }
    }
  }
  for (const [spec, file] of Object.entries(entryPoints)) {
    const source = program.getSourceFile(join(root, file))
    const symbol = source && checker.getSymbolAtLocation(source)
    if (symbol !== undefined) visit(symbol, `${spec} › `)
  }
  return out
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const { examples, failures } = checkExamples()
  for (const f of failures) console.log(`${f.at}  ${f.message.split("\n")[0]}`)
  console.log(`${examples} examples, ${failures.length} type errors`)
  const missing = undocumentedExports()
  for (const m of missing) console.log(`no JSDoc: ${m.name}  (${m.at})`)
  console.log(`${missing.length} exports without JSDoc`)
  process.exitCode = failures.length + missing.length > 0 ? 1 : 0
}

// ---------------------------------------------------------------------------------------------
// Stated results: `expression // => expected`
// ---------------------------------------------------------------------------------------------

/** One `expression // => expected` of an example: where it is, and the two sides. */
export interface StatedResult {
  /** `file:line` of the statement. */
  readonly at: string
  readonly expression: string
  readonly expected: string
}

/**
 * The stated results of an example (the convention): an expression statement followed on its
 * line by `// => <expected>`, a JavaScript expression of the value it evaluates to (compared
 * by deep equality). Other comments (`// 180, not 240`) are prose and are not checked.
 * Returns the statements and the example's code with each one replaced by a check.
 */
export const statedResults = (example: Example): { readonly results: ReadonlyArray<StatedResult>; readonly code: string } => {
  const source = ts.createSourceFile("example.mts", example.code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const found: Array<{ readonly start: number; readonly end: number; readonly result: StatedResult }> = []
  for (const statement of source.statements) {
    if (!ts.isExpressionStatement(statement)) continue
    for (const range of ts.getTrailingCommentRanges(example.code, statement.end) ?? []) {
      const comment = example.code.slice(range.pos, range.end)
      const m = /^\/\/\s*=>\s*(.+)$/.exec(comment)
      if (m === null) continue
      const line = source.getLineAndCharacterOfPosition(statement.getStart()).line
      found.push({
        start: statement.getStart(),
        end: range.end,
        result: { at: `${example.file}:${example.line + line}`, expression: statement.expression.getText(), expected: m[1]!.trim() }
      })
    }
  }
  let code = example.code
  for (const f of [...found].reverse()) {
    const check = `globalThis.__stated(${JSON.stringify(f.result.at)}, () => (${f.result.expression}), () => (${f.result.expected}));`
    code = code.slice(0, f.start) + check + code.slice(f.end)
  }
  return { results: found.map((f) => f.result), code }
}

/**
 * Runs every example that states a result with `// =>` (JSDoc of the documented files and
 * README) against the local sources, in one child process, and compares each stated result
 * by deep equality. A block that states a result must be runnable as written (no `declare`).
 */
export const checkStatedResults = (files: ReadonlyArray<string> = documentedFiles()): {
  readonly checked: number
  readonly failures: ReadonlyArray<ExampleFailure>
} => {
  const examples = [...files.flatMap((f) => examplesOf(f)), ...markdownExamples("README.md")]
  const stated = examples.map((example) => ({ example, ...statedResults(example) })).filter((s) => s.results.length > 0)
  const failures: Array<ExampleFailure> = []
  const runnable = stated.filter((s) => {
    if (!/^\s*declare\s/m.test(s.example.code)) return true
    failures.push({ at: s.results[0]!.at, message: "a block that states a result (// =>) must run as written: no declare" })
    return false
  })
  const cache = join(root, "node_modules/.cache")
  mkdirSync(cache, { recursive: true })
  const dir = mkdtempSync(join(cache, "jsdoc-results-"))
  try {
    const modules = runnable.map((s, i) => {
      const name = join(dir, `${i}.mts`)
      writeFileSync(name, `${localise(s.code)}\nexport {}\n`)
      return name
    })
    const runner = join(dir, "run.mts")
    writeFileSync(
      runner,
      [
        `import { isDeepStrictEqual, inspect } from "node:util"`,
        `const failures: Array<{ at: string; message: string }> = []`,
        `let checked = 0`,
        `;(globalThis as any).__stated = (at: string, actual: () => unknown, expected: () => unknown) => {`,
        `  checked++`,
        `  try {`,
        `    const a = actual(), e = expected()`,
        `    if (!isDeepStrictEqual(a, e)) failures.push({ at, message: \`states \${inspect(e)}, gives \${inspect(a)}\` })`,
        `  } catch (error) { failures.push({ at, message: \`throws \${String(error)}\` }) }`,
        `}`,
        `for (const m of ${JSON.stringify(modules)}) {`,
        `  try { await import(m) } catch (error) { failures.push({ at: m, message: \`does not run: \${String(error)}\` }) }`,
        `}`,
        `console.log(JSON.stringify({ checked, failures }))`
      ].join("\n")
    )
    const out = execFileSync(process.execPath, ["--import", "tsx", runner], { cwd: root, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 })
    const lines = out.trim().split("\n")
    const result = JSON.parse(lines[lines.length - 1] ?? "{}") as { checked: number; failures: Array<ExampleFailure> }
    const byModule = new Map(modules.map((m, i) => [m, runnable[i]!.results[0]!.at]))
    failures.push(...result.failures.map((f) => ({ at: byModule.get(f.at) ?? f.at, message: f.message })))
    return { checked: result.checked, failures }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
