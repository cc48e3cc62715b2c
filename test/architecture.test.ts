/**
 * The dependency rule (docs: style.md "The shape of the house") and C2, enforced on the
 * source text so that a violation fails CI instead of waiting for review:
 *
 * - `src/**` imports only `effect` (or `effect/...`) and relative paths that stay in `src/`;
 * - `src/**` never touches `process`, the clock (`Date.now()`, `new Date()`, `Date()`,
 *   `performance.now()`) or a random source (`Math.random()`, `crypto.*`) — C2;
 * - `adapters/<x>` imports the core, its own folder, `adapters/shared` and (SQL adapters)
 *   `adapters/kysely`;
 * - nothing else but tests, examples, bench, dev scripts and the build entries imports `adapters/`.
 *
 * The scan parses each file with the TypeScript compiler, so comments and JSDoc examples
 * (which import "volunteer-brigade/sqlite" freely) never count, and so that `import type`,
 * `export ... from`, `import()` and `require()` all do.
 */
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, relative, resolve, sep } from "node:path"
import ts from "typescript"
import { describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "..")
const skipDirs = new Set(["node_modules", "dist", ".git", ".pack", "out", "docs", ".stryker-tmp", "reports"])
const sourceFile = /\.(?:[cm]?ts|[cm]?js|tsx)$/

const posix = (p: string): string => p.split(sep).join("/")

const listFiles = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) return skipDirs.has(entry.name) ? [] : listFiles(full)
    return sourceFile.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : []
  })

/** Every repository file, as a path relative to the root with forward slashes. */
const repoFiles = (): ReadonlyArray<string> => listFiles(root).map((f) => posix(relative(root, f)))

interface Finding {
  readonly line: number
  readonly text: string
}

interface Scan {
  readonly imports: ReadonlyArray<Finding & { readonly specifier: string }>
  /** Reads of the clock, a random source or the process (C2). */
  readonly impurities: ReadonlyArray<Finding>
}

const isCall = (node: ts.Node, object: string, method: string): boolean =>
  ts.isCallExpression(node) &&
  ts.isPropertyAccessExpression(node.expression) &&
  ts.isIdentifier(node.expression.expression) &&
  node.expression.expression.text === object &&
  node.expression.name.text === method

const globalObject = (node: ts.Expression): ts.Expression =>
  ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "globalThis"
    ? node.name
    : node

/** Parses `text` and lists its module specifiers and its impure reads. */
const scan = (fileName: string, text: string): Scan => {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true)
  const imports: Array<Finding & { specifier: string }> = []
  const impurities: Array<Finding> = []
  const at = (node: ts.Node): Finding => ({
    line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1,
    text: node.getText(file).split("\n")[0] ?? ""
  })
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) imports.push({ ...at(node), specifier: node.moduleSpecifier.text })
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expr = node.moduleReference.expression
      if (ts.isStringLiteral(expr)) imports.push({ ...at(node), specifier: expr.text })
    } else if (ts.isCallExpression(node)) {
      const dynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword
      const requireCall = ts.isIdentifier(node.expression) && node.expression.text === "require"
      if (dynamicImport || requireCall) {
        const [arg] = node.arguments
        imports.push({ ...at(node), specifier: arg && ts.isStringLiteralLike(arg) ? arg.text : "<computed>" })
      }
      const callee = globalObject(node.expression)
      if (
        isCall(node, "Date", "now") ||
        isCall(node, "Math", "random") ||
        isCall(node, "performance", "now") ||
        (ts.isIdentifier(callee) && callee.text === "Date")
      ) {
        impurities.push(at(node))
      }
    } else if (ts.isNewExpression(node)) {
      const callee = globalObject(node.expression)
      if (ts.isIdentifier(callee) && callee.text === "Date" && (node.arguments?.length ?? 0) === 0) {
        impurities.push(at(node))
      }
    } else if (ts.isImportTypeNode(node)) {
      // `import("kysely").Kysely` in a type position is a dependency too.
      const arg = node.argument
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) {
        imports.push({ ...at(node), specifier: arg.literal.text })
      }
    }
    if (ts.isIdentifier(node) && (node.text === "process" || node.text === "crypto")) {
      // Any reference to the process or the platform's crypto (randomUUID, getRandomValues),
      // except as a property name of something else (`x.process`) or a declaration's name.
      const parent = node.parent
      const isMemberName = ts.isPropertyAccessExpression(parent) && parent.name === node && !isGlobalThis(parent.expression)
      const isDeclaredName =
        (ts.isPropertySignature(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) &&
        parent.name === node
      if (!isMemberName && !isDeclaredName) impurities.push(at(parent))
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return { imports, impurities }
}

const isGlobalThis = (node: ts.Expression): boolean => ts.isIdentifier(node) && node.text === "globalThis"

const read = (path: string): string => readFileSync(join(root, path), "utf8")

const isRelative = (specifier: string): boolean => specifier.startsWith("./") || specifier.startsWith("../")

/** The repository-relative path a relative specifier points to. */
const target = (from: string, specifier: string): string => posix(join(dirname(from), specifier))

const isEffect = (specifier: string): boolean => specifier === "effect" || specifier.startsWith("effect/")

const format = (problems: ReadonlyArray<string>): string => problems.join("\n")

describe("architecture", () => {
  const files = repoFiles()
  const core = files.filter((f) => f.startsWith("src/"))

  it("finds the core and the adapters to check", () => {
    expect(core).toContain("src/index.ts")
    expect(files.filter((f) => f.startsWith("adapters/")).length).toBeGreaterThan(0)
  })

  it("the core imports only effect and src/", () => {
    const problems = core.flatMap((file) =>
      scan(file, read(file))
        .imports.filter(({ specifier }) =>
          isRelative(specifier) ? !target(file, specifier).startsWith("src/") : !isEffect(specifier)
        )
        .map(({ line, specifier }) => `${file}:${line} imports "${specifier}"`)
    )
    expect(format(problems)).toBe("")
  })

  it("C2: core functions never read the clock or a random source", () => {
    const problems = core.flatMap((file) =>
      scan(file, read(file)).impurities.map(({ line, text }) => `${file}:${line} ${text}`)
    )
    // A service implementation that needs the clock or randomness belongs in adapters/ or
    // behind an Effect service (Clock, Random) the host provides.
    expect(format(problems)).toBe("")
  })

  // adapters/shared holds edge code several adapters use (random ids); it is no subpath of
  // its own and may itself import only the core.
  it("adapters import only the core, their own folder, adapters/kysely, adapters/shared and packages", () => {
    const problems = files
      .filter((f) => f.startsWith("adapters/"))
      .flatMap((file) => {
        const own = file.split("/").slice(0, 2).join("/") + "/"
        const allowed = own === "adapters/shared/" ? ["src/", own] : ["src/", own, "adapters/kysely/", "adapters/shared/"]
        return scan(file, read(file))
          .imports.filter(({ specifier }) => {
            if (!isRelative(specifier)) return false
            const to = target(file, specifier)
            return !allowed.some((prefix) => to.startsWith(prefix))
          })
          .map(({ line, specifier }) => `${file}:${line} imports "${specifier}"`)
      })
    expect(format(problems)).toBe("")
  })

  it("nothing but tests, examples, bench, dev scripts and the build entries imports adapters/", () => {
    const mayImport = (file: string): boolean =>
      /^(?:test|examples|bench|scripts|adapters)\//.test(file) || file === "tsup.config.ts"
    const importsAdapters = (file: string, specifier: string): boolean =>
      (isRelative(specifier) && target(file, specifier).startsWith("adapters/")) ||
      specifier === "adapters" ||
      specifier.startsWith("adapters/")
    const problems = files
      .filter((file) => !mayImport(file))
      .flatMap((file) =>
        scan(file, read(file))
          .imports.filter(({ specifier }) => importsAdapters(file, specifier))
          .map(({ line, specifier }) => `${file}:${line} imports "${specifier}"`)
      )
    // tsup.config.ts names adapters as entry points by path, not by import: check it builds them.
    expect(read("tsup.config.ts")).toMatch(/adapters\/sqlite\/index\.ts/)
    expect(format(problems)).toBe("")
  })

  describe("the scanner", () => {
    const sample = [
      `/** @example import { layer } from "volunteer-brigade/sqlite"; Date.now() */`,
      `// import pg from "pg"; Math.random()`,
      `import { Effect } from "effect"`,
      `import type { Kysely } from "kysely"`,
      `export { x } from "./y.js"`,
      `const fs = await import("node:fs")`,
      `type Db = import("better-sqlite3").Database`,
      `const a = Date.now()`,
      `const b = new Date()`,
      `const c = new Date(0)`,
      `const d = Math.random()`,
      `const e = process.env.X`,
      `const f = globalThis.crypto.randomUUID()`,
      `const g = { process: 1 }.process`,
      `const h = Date.UTC(2012, 8, 5)`
    ].join("\n")
    const result = scan("sample.ts", sample)

    it("sees imports of every form and ignores comments", () => {
      expect(result.imports.map((i) => i.specifier)).toEqual(["effect", "kysely", "./y.js", "node:fs", "better-sqlite3"])
    })

    it("C2: sees the clock, randomness and the process, not pure Date use", () => {
      expect(result.impurities.map((i) => i.line)).toEqual([8, 9, 11, 12, 13])
    })
  })
})
