/**
 * `npm run demo` (issue 7): two runs into two fresh folders write byte-identical files
 * (CSV, .xlsx and the HTML report; the SQLite file itself is excluded), the .xlsx files open,
 * and the console summary has every section the issues ask for.
 */
import { spawn } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import ExcelJS from "exceljs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { pinghuTowns } from "../src/fixtures.js"

const root = join(import.meta.dirname, "..")

const runDemo = (out: string): Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "examples/demo.ts", "--out", out, "--quiet"], { cwd: root })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")))
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")))
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })

const filesUnder = (dir: string, base: string = dir): ReadonlyArray<string> =>
  readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? filesUnder(path, base) : [relative(base, path)]
    })
    .filter((path) => !path.startsWith("brigade.db"))
    .sort()

describe("npm run demo", () => {
  const dirs = [mkdtempSync(join(tmpdir(), "demo-a-")), mkdtempSync(join(tmpdir(), "demo-b-"))] as const
  let runs: ReadonlyArray<Awaited<ReturnType<typeof runDemo>>> = []

  beforeAll(async () => {
    runs = await Promise.all(dirs.map(runDemo))
  }, 600_000)

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it("succeeds twice", () => {
    for (const run of runs) expect(run.code, run.stderr).toBe(0)
  })

  it("two runs write the same files, byte for byte (including .xlsx)", () => {
    const [a, b] = dirs
    const names = filesUnder(a)
    expect(filesUnder(b)).toEqual(names)
    expect(names).toContain("annual-report.html")
    expect(names).toContain("annual-report.csv")
    expect(names).toContain("annex1/annex1-brigade.xlsx")
    const squadrons = pinghuTowns.length
    const squads = pinghuTowns.reduce((n, town) => n + town.communities.length, 0)
    expect(names.filter((n) => n.startsWith("annex2/") && n.endsWith(".xlsx"))).toHaveLength(squadrons)
    expect(names.filter((n) => n.startsWith("annex3/") && n.endsWith(".csv"))).toHaveLength(squads)
    expect(names.filter((n) => n.startsWith("annex3/") && n.endsWith(".xlsx"))).toHaveLength(squadrons)
    for (const name of names) {
      expect(Buffer.compare(readFileSync(join(a, name)), readFileSync(join(b, name))), name).toBe(0)
    }
  })

  it("R4: the normalised .xlsx files open, with a sheet per squad in the Annex 3 workbook", async () => {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(readFileSync(join(dirs[0], "annex3/annex3-PH-DH.xlsx")) as never)
    const names = workbook.worksheets.map((w) => w.name)
    expect(names).toHaveLength(4)
    ;["东湖社区", "西湖社区", "南市社区", "北门社区"].forEach((squad, i) => expect(names[i]).toContain(squad))
    expect(workbook.created?.toISOString()).toBe("2026-12-31T10:00:00.000Z")
  })

  it("prints every section of the summary", () => {
    const out = runs[0]?.stdout ?? ""
    for (const needle of [
      "1. 组织",
      "平湖市社区志愿者服务大队（大队） 大队长",
      "2. 志愿者",
      "4 rejected",
      "✗ line 12:",
      "3. 活动",
      "2026-12:",
      "refused assignments:",
      "4. 考勤、纪律与服务时长",
      "不足48h",
      "verify PH",
      "→ valid",
      "→ unknown",
      "5. 监督与经费",
      "spot checks drawn with seed",
      "FundsInsufficient",
      "FundPurposeInvalid",
      "annual evaluation 2026",
      "commendation candidates",
      "funds 2026 per squadron",
      "6. 文件",
      "annual-report.html"
    ]) {
      expect(out).toContain(needle)
    }
    // the console summary (timings aside) is the same in both runs
    // the demo prints files relative to its working directory (the repo root), the folder itself absolute
    const strip = (s: string, dir: string) =>
      s
        .replaceAll(dir, "<out>")
        .replaceAll(relative(root, dir), "<out>")
        .replace(/\(\d+\.\d s\)|done in \d+\.\d s/g, "")
    // compared line by line so that a difference shows the lines that differ
    expect(strip(runs[1]?.stdout ?? "", dirs[1]).split("\n")).toEqual(strip(out, dirs[0]).split("\n"))
  })

  it("T6: the HTML report is self-contained, with the three charts", () => {
    const html = readFileSync(join(dirs[0], "annual-report.html"), "utf8")
    expect(html.match(/<svg /g)).toHaveLength(3)
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|@import/)
    expect(html).toContain(`lang="zh-CN"`)
  })
})
