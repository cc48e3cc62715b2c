import ExcelJS from "exceljs"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Table from "../../src/table.js"
import { displayWidth, sheetNames, toXlsx } from "../../adapters/xlsx/index.js"

const read = async (bytes: Uint8Array): Promise<ExcelJS.Workbook> => {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes as never)
  return workbook
}

const roster = Table.make({
  title: "平湖市社区志愿者花名册",
  preamble: ["市级有关部门盖章：", "填报日期：2024-05-01"],
  columns: [
    { key: "序号", label: "序号" },
    { key: "name", label: "姓名" },
    { key: "hours", label: "服务时长（小时）" },
    { key: "note", label: "备注" }
  ],
  rows: Table.withSerialNumbers([
    { name: "张三", hours: 12.5, note: "=1+1" },
    { name: "Li Si", hours: 3 }
  ]),
  footer: ["填表人：王五"]
})

const texts = (row: ExcelJS.Row, count: number) =>
  Array.from({ length: count }, (_, i) => row.getCell(i + 1).value)

describe("xlsx export", () => {
  it("R4: the first row is the title merged across the columns, bold and centred", async () => {
    const sheet = (await read(await toXlsx(roster))).worksheets[0]!
    const title = sheet.getCell("A1")
    expect(title.value).toBe("平湖市社区志愿者花名册")
    expect(title.font?.bold).toBe(true)
    expect(title.alignment?.horizontal).toBe("center")
    expect(sheet.getCell("D1").isMerged).toBe(true)
    expect(sheet.getCell("D1").master.address).toBe("A1")
    expect(sheet.getCell("E1").isMerged).toBe(false)
  })

  it("R4: preamble lines, bold header row, data with numbers kept as numbers, then footer", async () => {
    const sheet = (await read(await toXlsx(roster))).worksheets[0]!
    expect(sheet.getCell("A2").value).toBe("市级有关部门盖章：")
    expect(sheet.getCell("A3").value).toBe("填报日期：2024-05-01")
    expect(texts(sheet.getRow(4), 4)).toEqual(["序号", "姓名", "服务时长（小时）", "备注"])
    expect(sheet.getRow(4).font?.bold).toBe(true)
    expect(texts(sheet.getRow(5), 4)).toEqual([1, "张三", 12.5, "=1+1"])
    expect(sheet.getCell("D5").type).toBe(ExcelJS.ValueType.String)
    expect(texts(sheet.getRow(6), 3)).toEqual([2, "Li Si", 3])
    expect(sheet.getCell("A7").value).toBe("填表人：王五")
    expect(sheet.rowCount).toBe(7)
  })

  it("R4: every cell of any table reads back in place, one sheet per table", async () => {
    const arbTable = fc
      .uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 })
      .chain((keys) =>
        fc.record({
          title: fc.string({ maxLength: 40 }),
          columns: fc.constant(keys.map((key) => ({ key, label: `列${key}` }))),
          rows: fc.array(
            fc.record(Object.fromEntries(keys.map((key) => [key, fc.oneof(fc.string({ minLength: 1, unit: "grapheme" }), fc.integer())]))),
            { maxLength: 5 }
          )
        })
      )
    await fc.assert(
      fc.asyncProperty(fc.array(arbTable, { minLength: 1, maxLength: 3 }), async (inputs) => {
        const tables = inputs.map((input) => Table.make(input))
        const workbook = await read(await toXlsx(tables as [Table.Table, ...Array<Table.Table>]))
        expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(sheetNames(tables.map((t) => t.title)))
        tables.forEach((table, s) => {
          const sheet = workbook.worksheets[s]!
          expect(sheet.getCell(1, 1).value ?? "").toBe(table.title)
          expect(texts(sheet.getRow(2), table.columns.length)).toEqual(table.columns.map((c) => c.label))
          table.rows.forEach((row, r) => {
            expect(texts(sheet.getRow(3 + r), table.columns.length)).toEqual(table.columns.map((c) => row[c.key]))
          })
        })
      }),
      { numRuns: 25 }
    )
  })

  it("R4: column widths fit the widest header or cell, CJK counting double", async () => {
    const sheet = (await read(await toXlsx(roster))).worksheets[0]!
    expect(sheet.getColumn(2).width).toBe(displayWidth("Li Si") + 2)
    expect(sheet.getColumn(3).width).toBe(displayWidth("服务时长（小时）") + 2)
    expect(displayWidth("服务时长（小时）")).toBe(16)
    expect(displayWidth("张三")).toBe(4)
    expect(displayWidth("ab\n张三三")).toBe(6)
    expect(displayWidth("😀")).toBe(2)
  })

  it("R4: sheet names are sanitised, at most 31 UTF-16 units, non-empty and unique ignoring case", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", maxLength: 50 }), { maxLength: 12 }), (titles) => {
        const names = sheetNames(titles)
        expect(names.length).toBe(titles.length)
        expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length)
        for (const name of names) {
          expect(name.length).toBeGreaterThan(0)
          expect(name.length).toBeLessThanOrEqual(31)
          expect(name).not.toMatch(/[\\/?*[\]:]|^'|'$/)
          expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
        }
      })
    )
    expect(sheetNames(["花名册 2024/05", "花名册 2024/05", "", "History", "a".repeat(40), "A".repeat(40)])).toEqual([
      "花名册 2024_05",
      "花名册 2024_05 (2)",
      "Sheet",
      "Sheet (2)",
      "a".repeat(31),
      `${"A".repeat(27)} (2)`
    ])
  })

  it("R4: text that looks like an OOXML escape (_x0041_) reads back literally", async () => {
    const table = Table.make({ title: "_x0041_", columns: [{ key: "a", label: "_x4E2D_" }], rows: [{ a: "a_x0041_b _x00_" }] })
    const sheet = (await read(await toXlsx(table))).worksheets[0]!
    expect([sheet.getCell("A1").value, sheet.getCell("A2").value, sheet.getCell("A3").value]).toEqual([
      "_x0041_",
      "_x4E2D_",
      "a_x0041_b _x00_"
    ])
  })

  it("R4: toXlsx does not mutate its input", async () => {
    const snapshot = structuredClone(roster)
    await toXlsx([roster, roster])
    expect(roster).toEqual(snapshot)
  })
})
