import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Table from "../../src/table.js"

const arbRow = fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true })))
const arbTable = fc
  .uniqueArray(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 6 })
  .chain((keys) =>
    fc.record({
      title: fc.string(),
      columns: fc.constant(keys.map((key) => ({ key, label: `${key}!` }))),
      rows: fc.array(fc.dictionary(fc.constantFrom(...keys), fc.oneof(fc.string(), fc.integer())), { maxLength: 8 })
    })
  )

describe("Table", () => {
  it("R4: withSerialNumbers numbers rows 1..n without gaps, in order", () => {
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 30 }), fc.string(), (rows, key) => {
        const numbered = Table.withSerialNumbers(rows, key)
        expect(numbered.map((row) => row[key])).toEqual(rows.map((_, i) => i + 1))
        numbered.forEach((row, i) => {
          const { [key]: _serial, ...rest } = row
          const { [key]: _old, ...original } = rows[i]!
          expect(rest).toEqual(original)
        })
      })
    )
  })

  it("R4: withSerialNumbers uses the 序号 key by default and replaces an old value", () => {
    expect(Table.withSerialNumbers([{ 序号: 9, name: "张三" }, { name: "李四" }])).toEqual([
      { 序号: 1, name: "张三" },
      { 序号: 2, name: "李四" }
    ])
  })

  it("R4: withSerialNumbers does not mutate its input", () => {
    const rows = [{ name: "张三" }]
    const frozen = Object.freeze(rows.map((row) => Object.freeze(row)))
    Table.withSerialNumbers(frozen)
    expect(rows).toEqual([{ name: "张三" }])
  })

  it("R4: toMatrix is the header row then one row per data row, cells in column order", () => {
    fc.assert(
      fc.property(arbTable, (input) => {
        const table = Table.make(input)
        const matrix = Table.toMatrix(table)
        expect(matrix.length).toBe(table.rows.length + 1)
        expect(matrix[0]).toEqual(table.columns.map((c) => c.label))
        table.rows.forEach((row, i) => {
          table.columns.forEach((column, j) => {
            const cell = Object.hasOwn(row, column.key) ? row[column.key] : undefined
            expect(matrix[i + 1]![j]).toBe(cell === undefined ? "" : String(cell))
          })
        })
      })
    )
  })

  it("R4: toMatrix prints numbers in plain form and missing cells as empty", () => {
    const table = Table.make({
      title: "志愿服务时长统计表",
      preamble: ["市级有关部门盖章："],
      columns: [
        { key: "序号", label: "序号" },
        { key: "name", label: "姓名" },
        { key: "hours", label: "服务时长（小时）" },
        { key: "note", label: "备注" }
      ],
      rows: Table.withSerialNumbers([{ name: "张三", hours: 12.5 }, { name: "李四", hours: -1 }]),
      footer: ["填表人："]
    })
    expect(Table.toMatrix(table)).toEqual([
      ["序号", "姓名", "服务时长（小时）", "备注"],
      ["1", "张三", "12.5", ""],
      ["2", "李四", "-1", ""]
    ])
  })

  it("R4: a column keyed like an Object.prototype member prints the row's own cell or empty", () => {
    const table = Table.make({ title: "t", columns: [{ key: "constructor", label: "C" }, { key: "toString", label: "S" }], rows: [{ toString: "x" }] })
    expect(Table.toMatrix(table)).toEqual([["C", "S"], ["", "x"]])
  })

  it("R4: make rejects a table without columns, with duplicate keys or non-finite numbers", () => {
    const column = { key: "a", label: "A" }
    expect(() => Table.make({ title: "t", columns: [], rows: [] })).toThrow(/at least 1/)
    expect(() => Table.make({ title: "t", columns: [column, { key: "a", label: "B" }], rows: [] })).toThrow(
      /duplicate column key "a"/
    )
    expect(() => Table.make({ title: "t", columns: [column], rows: [{ a: Number.POSITIVE_INFINITY }] })).toThrow(
      /finite/
    )
    expect(() => Table.make({ title: "t", columns: [{ key: "", label: "A" }], rows: [] })).toThrow()
  })

  it("R4: the Table schema decodes unknown input and reports the bad field", () => {
    const decoded = Schema.decodeUnknownResult(Table.Table)({ title: 1, columns: [{ key: "a", label: "A" }], rows: [] })
    expect(Result.isFailure(decoded)).toBe(true)
    if (Result.isFailure(decoded)) expect(decoded.failure.message).toContain('["title"]')
  })
})
