import { readFileSync } from "node:fs"
import { Cause, Effect, Exit, Layer, ManagedRuntime } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { importVolunteers, toCsv } from "../../adapters/csv/index.js"
import { layer as memoryLayer } from "../../adapters/memory/index.js"
import * as Fixtures from "../../src/fixtures.js"
import { Store, sequentialIds } from "../../src/store.js"
import * as Table from "../../src/table.js"
import { manualClock } from "../conformance/harness.js"
import { residentIdFor } from "../conformance/volunteers.js"

const example = readFileSync(new URL("../../examples/volunteers.csv", import.meta.url), "utf8")

describe("importVolunteers (CSV, Annex-shaped)", () => {
  let runtime: ManagedRuntime.ManagedRuntime<Store | import("../../src/store.js").IdGenerator, unknown>
  let org: Fixtures.PinghuOrganisation
  beforeEach(async () => {
    runtime = ManagedRuntime.make(
      Layer.mergeAll(memoryLayer, sequentialIds(), manualClock("2026-03-01T09:00:00+08:00").layer)
    )
    org = await runtime.runPromise(Fixtures.seedPinghu)
  })
  afterEach(async () => {
    await runtime.dispose()
  })

  const stored = () => runtime.runPromise(Effect.flatMap(Store, (s) => s.volunteers.list()))

  it("V2, V3: the example file imports its valid rows and reports the four bad ones by physical line", async () => {
    const progress: Array<number> = []
    const report = await runtime.runPromise(
      importVolunteers(example, Fixtures.officeActor, { activate: true, onProgress: (done) => progress.push(done) })
    )
    const dataRows = example.trim().split(/\r\n/).length - 1
    expect(report.total).toBe(dataRows)
    // Lines: header is line 1, row n (0-based) is line n + 2; the duplicate is the last row.
    expect(report.rejected.map((r) => [r.line, r.field])).toEqual([
      [12, "document.number"],
      [52, "mobile"],
      [122, "birthDate"],
      [dataRows + 1, "document.number"]
    ])
    expect(report.rejected[3]!.reason).toBe("duplicates line 202")
    expect(report.imported).toHaveLength(dataRows - 4)
    expect(report.imported.every((v) => v.status === "active")).toBe(true)
    expect(progress).toEqual(Array.from({ length: dataRows }, (_, i) => i + 1))
    expect(await stored()).toHaveLength(dataRows - 4)
    // The same file again: every valid row is now a duplicate of a stored record (V3).
    const again = await runtime.runPromise(importVolunteers(example, Fixtures.officeActor))
    expect(again.imported).toEqual([])
    expect(again.rejected.filter((r) => r.existingId !== undefined)).toHaveLength(dataRows - 4)
  })

  it("V2: a title line above the header is skipped, and an ID number fills in gender and birth date", async () => {
    const squad = org.squads[0]!
    const table = Table.make({
      title: "平湖市东湖社区社区志愿者服务分队人员名册表",
      columns: ["序号", "姓名", "证件号码", "手机", "特长", "所属分队"].map((k) => ({ key: k, label: k })),
      rows: Table.withSerialNumbers([
        { 姓名: "王芳", 证件号码: residentIdFor("19880512", 3, "female"), 手机: "13600000001", 特长: "心理疏导", 所属分队: squad.code }
      ])
    })
    const report = await runtime.runPromise(importVolunteers(toCsv(table, { includeTitle: true }), Fixtures.officeActor))
    expect(report.rejected).toEqual([])
    expect(report.imported[0]).toMatchObject({
      name: "王芳", gender: "female", birthDate: "1988-05-12", skills: ["psychologicalCounselling"], squadId: squad.id
    })
  })

  it("V2: rows outside the actor's jurisdiction are rejected rows, not a failed import", async () => {
    const [own, other] = [org.squads[0]!, org.squads.find((s) => s.parents[0]!.parentId !== org.squads[0]!.parents[0]!.parentId)!]
    const leader = org.actors.squadLeaders.get(own.id)!
    const csv = `姓名,证件号码,手机,所属分队\r\n甲,${residentIdFor("19900101", 1)},13600000002,${own.name}\r\n乙,${residentIdFor("19900101", 2)},13600000003,${other.name}\r\n`
    const report = await runtime.runPromise(importVolunteers(csv, leader))
    expect(report.imported.map((v) => v.name)).toEqual(["甲"])
    expect(report.rejected).toMatchObject([{ line: 3, field: "squadId", reason: "is not in your jurisdiction" }])
  })

  it("a malformed file is CsvMalformed with its line, and nothing is written", async () => {
    const exit = await runtime.runPromiseExit(importVolunteers("姓名,手机\r\n张三,\"138\r\n", Fixtures.officeActor))
    expect(Exit.isFailure(exit)).toBe(true)
    if (Exit.isFailure(exit)) {
      expect(exit.cause.reasons.find(Cause.isFailReason)?.error).toMatchObject({ _tag: "CsvMalformed", line: 2 })
    }
    expect(await stored()).toEqual([])
  })
})
