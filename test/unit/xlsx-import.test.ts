/**
 * R4 import — .xlsx as offices have them (V2, V3): a real workbook written by exceljs the way
 * Excel stores a typed-in roster (title row, header row, text and number cells, a real date
 * cell, rich text, an ID number Excel already turned into a number), imported with worksheet
 * row numbers on every reject and progress per row.
 */
import ExcelJS from "exceljs"
import { Cause, Effect, Exit, Layer, ManagedRuntime } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { layer as memoryLayer } from "../../adapters/memory/index.js"
import { importVolunteers, readXlsxRows, toXlsx } from "../../adapters/xlsx/index.js"
import * as Fixtures from "../../src/fixtures.js"
import { type IdGenerator, Store, sequentialIds } from "../../src/store.js"
import * as Table from "../../src/table.js"
import { manualClock } from "../conformance/harness.js"
import { residentIdFor } from "../conformance/volunteers.js"

const workbookBytes = async (fill: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> => {
  const workbook = new ExcelJS.Workbook()
  fill(workbook.addWorksheet("花名册"))
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as unknown as Uint8Array)
}

describe("importVolunteers (.xlsx)", () => {
  let runtime: ManagedRuntime.ManagedRuntime<Store | IdGenerator, unknown>
  let org: Fixtures.PinghuOrganisation
  beforeEach(async () => {
    runtime = ManagedRuntime.make(Layer.mergeAll(memoryLayer, sequentialIds(), manualClock("2026-03-01T09:00:00+08:00").layer))
    org = await runtime.runPromise(Fixtures.seedPinghu)
  })
  afterEach(async () => {
    await runtime.dispose()
  })

  it("V2, R4: an Excel-typed roster imports its valid rows and rejects the others by worksheet row, with progress", async () => {
    const squad = org.squads[0]!.code
    const idWang = residentIdFor("19880512", 3, "female")
    const idLi = residentIdFor("19821005", 4, "male")
    const bytes = await workbookBytes((sheet) => {
      sheet.addRow(["平湖市东湖社区社区志愿者服务分队人员名册表"]) // row 1: the title
      sheet.addRow(["序号", "姓名", "出生日期", "证件号码", "手机", "特长", "所属分队"]) // row 2
      sheet.addRow([1, "王芳", new Date(Date.UTC(1988, 4, 12)), idWang, 13600000001, "心理疏导", squad]) // row 3
      // Row 4: the ID number typed without a text format — Excel keeps 15 significant digits.
      sheet.addRow([2, "赵六", null, Number(residentIdFor("19750101", 5)), 13600000002, "", squad])
      sheet.addRow([]) // row 5: empty, skipped
      sheet.addRow([3, { richText: [{ text: "李" }, { font: { bold: true }, text: "四" }] }, null, idLi, "13600000003", "", squad]) // row 6
      sheet.addRow([4, "钱七", null, residentIdFor("19900101", 6), "1360000", "", squad]) // row 7: bad mobile
    })
    const progress: Array<readonly [number, number]> = []
    const report = await runtime.runPromise(
      importVolunteers(bytes, Fixtures.officeActor, { activate: true, onProgress: (done, total) => progress.push([done, total]) })
    )
    expect(report.total).toBe(4)
    expect(report.rejected.map((r) => [r.line, r.issues.some((i) => i.field === "document.number")])).toEqual([[4, true], [7, false]])
    expect(report.rejected[1]!.field).toBe("mobile")
    expect(report.imported.map((v) => [v.name, v.birthDate, v.mobile])).toEqual([
      ["王芳", "1988-05-12", "13600000001"],
      ["李四", "1982-10-05", "13600000003"]
    ])
    expect(progress).toEqual([[1, 4], [2, 4], [3, 4], [4, 4]])
    expect(await runtime.runPromise(Effect.flatMap(Store, (s) => s.volunteers.list()))).toHaveLength(2)
  })

  it("R4: a roster exported with toXlsx reads back as its table (title row skipped, numbers as text)", async () => {
    const table = Table.make({
      title: "平湖市当湖街道社区志愿者服务中队人员名册表",
      columns: ["序号", "姓名", "出生年月", "手机"].map((k) => ({ key: k, label: k })),
      rows: [{ 序号: 1, 姓名: "沈建国", 出生年月: "1982.10", 手机: "139****0010" }, { 序号: 2, 姓名: "张三", 出生年月: "1990.01", 手机: "13905730001" }]
    })
    const rows = await Effect.runPromise(readXlsxRows(await toXlsx(table)))
    expect(rows).toEqual([
      { line: 3, values: { 序号: "1", 姓名: "沈建国", 出生年月: "1982.10", 手机: "139****0010" } },
      { line: 4, values: { 序号: "2", 姓名: "张三", 出生年月: "1990.01", 手机: "13905730001" } }
    ])
  })

  it("R4: bytes that are not a workbook, a missing sheet or a duplicated header fail with XlsxUnreadable and write nothing", async () => {
    const failure = async (program: Effect.Effect<unknown, unknown, Store | IdGenerator>) => {
      const exit = await runtime.runPromiseExit(program)
      return Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
    }
    expect(await failure(importVolunteers(new TextEncoder().encode("姓名,手机\n张三,1"), Fixtures.officeActor)))
      .toMatchObject({ _tag: "XlsxUnreadable", row: 0 })
    const dup = await workbookBytes((sheet) => void sheet.addRow(["姓名", "手机", "姓名"]))
    expect(await failure(importVolunteers(dup, Fixtures.officeActor))).toMatchObject({ _tag: "XlsxUnreadable", row: 1 })
    expect(await failure(importVolunteers(dup, Fixtures.officeActor, { sheet: "不存在" }))).toMatchObject({ _tag: "XlsxUnreadable" })
    expect(await runtime.runPromise(Effect.flatMap(Store, (s) => s.volunteers.list()))).toEqual([])
  })
})
