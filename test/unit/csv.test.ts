import { Result } from "effect"
import fc from "fast-check"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { CsvMalformed, neutraliseFormula, parseCsv, toCsv, toCsvBytes } from "../../adapters/csv/index.js"
import * as Table from "../../src/table.js"

const TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"]

/** Text built from the pieces that break naive CSV writers, plus arbitrary graphemes. */
const arbText = fc.oneof(
  fc
    .array(fc.constantFrom(",", '"', "\r", "\n", "\r\n", "a", "张", "三", "😀", "👨‍👩‍👧", " ", "'", ";", ...TRIGGERS), {
      maxLength: 8
    })
    .map((parts) => parts.join("")),
  fc.string({ unit: "grapheme", maxLength: 10 })
)
const isSafe = (text: string) => !TRIGGERS.includes(text.charAt(0))
const arbSafeText = arbText.filter(isSafe)

const tableOf = (labels: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) =>
  Table.make({
    title: "志愿者花名册",
    columns: labels.map((label, i) => ({ key: `c${i}`, label })),
    rows: rows.map((cells) => Object.fromEntries(cells.map((cell, i) => [`c${i}`, cell])))
  })

/** A header of unique labels and rows of the same width, cells drawn from `cell`. */
const arbGrid = (cell: fc.Arbitrary<string>) =>
  fc
    .uniqueArray(arbSafeText, { minLength: 1, maxLength: 5 })
    .chain((labels) =>
      fc.tuple(fc.constant(labels), fc.array(fc.array(cell, { minLength: labels.length, maxLength: labels.length }), { maxLength: 6 }))
    )

const parsedOrThrow = (text: string, options?: Parameters<typeof parseCsv>[1]) => {
  const parsed = parseCsv(text, options)
  if (Result.isFailure(parsed)) throw parsed.failure
  return parsed.success
}

const failureOf = (text: string): CsvMalformed => {
  const parsed = parseCsv(text)
  if (Result.isSuccess(parsed)) throw new Error(`expected ${JSON.stringify(text)} to be malformed`)
  return parsed.failure
}

/** The text with every quoted field blanked out, leaving only delimiters and record ends. */
const outsideQuotes = (csv: string) => csv.replace(/"(?:[^"]|"")*"/g, "Q")

const lineBreaks = (text: string) => text.match(/\r\n|\n|\r/g)?.length ?? 0
/** Line breaks inside the cells of one record, each cell counted apart (a CR ending one cell and an LF starting the next are two). */
const breaksIn = (cells: ReadonlyArray<string>) => cells.reduce((sum, cell) => sum + lineBreaks(cell), 0)

describe("CSV export", () => {
  it("R4: CSV opens in Excel: BOM, CRLF and RFC 4180 quoting", () => {
    const table = Table.make({
      title: "志愿者花名册",
      columns: [
        { key: "序号", label: "序号" },
        { key: "name", label: "姓名" },
        { key: "note", label: "备注" }
      ],
      rows: Table.withSerialNumbers([
        { name: "张三", note: "周末, 晚上" },
        { name: '李"四"', note: "第一行\n第二行" }
      ])
    })
    expect(toCsv(table)).toBe('\uFEFF序号,姓名,备注\r\n1,张三,"周末, 晚上"\r\n2,"李""四""","第一行\n第二行"\r\n')
  })

  it("R4: output starts with a BOM and every record ends with CRLF, never a bare CR or LF", () => {
    fc.assert(
      fc.property(arbGrid(arbText), ([labels, rows]) => {
        const csv = toCsv(tableOf(labels, rows))
        expect(csv.startsWith("\uFEFF")).toBe(true)
        expect(csv.endsWith("\r\n")).toBe(true)
        const skeleton = outsideQuotes(csv)
        expect(skeleton.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/)
        expect(skeleton.split("\r\n").length - 1).toBe(rows.length + 1)
      })
    )
  })

  it("R4: parseCsv(toCsv(t)) gives back the header and every cell (commas, quotes, CR, LF, CJK, emoji)", () => {
    fc.assert(
      fc.property(arbGrid(arbSafeText), ([labels, rows]) => {
        const parsed = parsedOrThrow(toCsv(tableOf(labels, rows)))
        expect(parsed.header).toEqual(labels)
        expect(parsed.rows.map((row) => labels.map((label) => row.values[label]))).toEqual(rows)
      })
    )
  })

  it("R4: a formula-like cell comes back with exactly one leading apostrophe (CSV injection)", () => {
    const arbDangerous = fc.tuple(fc.constantFrom(...TRIGGERS), arbText).map(([head, tail]) => head + tail)
    fc.assert(
      fc.property(arbDangerous.filter((cell) => !/^-\d/.test(cell) && !/^-\.\d/.test(cell)), (cell) => {
        const parsed = parsedOrThrow(toCsv(tableOf(["cell"], [[cell]])))
        expect(parsed.rows[0]?.values.cell).toBe(`'${cell}`)
      })
    )
    expect(neutraliseFormula('=HYPERLINK("http://x","点击")')).toBe(`'=HYPERLINK("http://x","点击")`)
    expect(neutraliseFormula("@SUM(A1)")).toBe("'@SUM(A1)")
    expect(neutraliseFormula("-1+2")).toBe("'-1+2")
  })

  it("R4: plain negative numbers are not prefixed, as numbers or as text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ max: -1 }), fc.double({ max: -1e-6, min: -1e15, noNaN: true })), (n) => {
        const table = Table.make({ title: "t", columns: [{ key: "n", label: "n" }, { key: "s", label: "s" }], rows: [{ n, s: String(n) }] })
        const parsed = parsedOrThrow(toCsv(table))
        expect(parsed.rows[0]?.values).toEqual({ n: String(n), s: String(n) })
      })
    )
  })

  it("R4: neutraliseFormula leaves text that does not start with a trigger unchanged", () => {
    fc.assert(
      fc.property(arbSafeText, (text) => {
        expect(neutraliseFormula(text)).toBe(text)
      })
    )
  })

  it("R4: a one-column row with an empty cell is written as \"\" so it is not read as a blank line", () => {
    const csv = toCsv(tableOf(["A"], [[""], ["x"]]))
    expect(csv).toBe('\uFEFFA\r\n""\r\nx\r\n')
    expect(parsedOrThrow(csv).rows.map((row) => row.values.A)).toEqual(["", "x"])
  })

  it("R4: includeTitle writes title and preamble above the header and footer below; headerLine skips them", () => {
    const table = Table.make({
      title: "志愿服务时长统计表",
      preamble: ["市级有关部门盖章："],
      columns: [{ key: "name", label: "姓名" }, { key: "hours", label: "时长" }],
      rows: [{ name: "张三", hours: 3 }],
      footer: ["填表人：王五"]
    })
    const csv = toCsv(table, { includeTitle: true })
    expect(csv).toBe("\uFEFF志愿服务时长统计表\r\n市级有关部门盖章：\r\n姓名,时长\r\n张三,3\r\n填表人：王五\r\n")
    expect(toCsv(table)).toBe("\uFEFF姓名,时长\r\n张三,3\r\n")
    const parsed = parsedOrThrow(toCsv(table, { includeTitle: true }).replace("\r\n填表人：王五\r\n", "\r\n"), { headerLine: 3 })
    expect(parsed).toEqual({ header: ["姓名", "时长"], rows: [{ line: 4, values: { 姓名: "张三", 时长: "3" } }] })
  })

  it("R4: toCsvBytes is the UTF-8 encoding of toCsv, starting EF BB BF", () => {
    fc.assert(
      fc.property(arbGrid(arbText), ([labels, rows]) => {
        const table = tableOf(labels, rows)
        const bytes = toCsvBytes(table)
        expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
        expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)).toBe(toCsv(table))
      })
    )
  })

  it("R4: toCsv does not mutate its input", () => {
    const rows = [{ name: "=张三", note: "a,b" }]
    const table = Table.make({ title: "t", columns: [{ key: "name", label: "姓名" }, { key: "note", label: "备注" }], rows })
    const snapshot = structuredClone(table)
    toCsv(table, { includeTitle: true })
    expect(table).toEqual(snapshot)
  })
})

describe("CSV import", () => {
  it("R4: each record carries the physical line it starts on, counting line breaks inside quoted cells", () => {
    fc.assert(
      fc.property(arbGrid(arbSafeText), ([labels, rows]) => {
        const parsed = parsedOrThrow(toCsv(tableOf(labels, rows)))
        const headerLines = 1 + breaksIn(labels)
        const expected = rows.reduce<Array<number>>(
          (starts, _cells, i) => [...starts, i === 0 ? headerLines + 1 : starts[i - 1]! + 1 + breaksIn(rows[i - 1]!)],
          []
        )
        expect(parsed.rows.map((row) => row.line)).toEqual(expected)
      })
    )
  })

  it("R4: a CR ending one quoted cell and an LF starting the next count as two lines", () => {
    const csv = toCsv(tableOf(["a", "b"], [["x\r", "\ny"], ["z", "w"]]))
    expect(parsedOrThrow(csv).rows.map((row) => row.line)).toEqual([2, 5])
  })

  it("R4: reads LF, CR and mixed line ends, strips the BOM and skips blank lines", () => {
    const parsed = parsedOrThrow('\uFEFF姓名,备注\n张三,"周末\r\n晚上"\n\n李四,\r王五,x\r\n')
    expect(parsed).toEqual({
      header: ["姓名", "备注"],
      rows: [
        { line: 2, values: { 姓名: "张三", 备注: "周末\r\n晚上" } },
        { line: 5, values: { 姓名: "李四", 备注: "" } },
        { line: 6, values: { 姓名: "王五", 备注: "x" } }
      ]
    })
  })

  it("R4: keeps cells verbatim: no trimming, no number conversion, a file without a final line end", () => {
    expect(parsedOrThrow("a,b\r\n 1 ,007").rows).toEqual([{ line: 2, values: { a: " 1 ", b: "007" } }])
  })

  it("R4: an unclosed quote is CsvMalformed at the line its record starts", () => {
    const failure = failureOf('姓名,备注\r\n张三,ok\r\n李四,"未闭合\r\n下一行\r\n')
    expect(failure).toBeInstanceOf(CsvMalformed)
    expect(failure._tag).toBe("CsvMalformed")
    expect(failure.line).toBe(3)
    expect(failure.reason).toMatch(/quote/i)
  })

  it("R4: a stray quote inside a field is CsvMalformed", () => {
    expect(failureOf('a,b\r\n1,"x"y\r\n').line).toBe(2)
    expect(failureOf('a,b\n1,2\n3,x"y\n').line).toBe(3)
  })

  it("R4: a record with the wrong number of fields is CsvMalformed at its line", () => {
    const failure = failureOf('a,b\r\n1,"2\r\n3"\r\n4,5,6\r\n')
    expect(failure.line).toBe(4)
    expect(failure.reason).toBe("expected 2 fields, got 3")
  })

  it("R4: an empty file or a duplicated header name is CsvMalformed", () => {
    expect(failureOf("").reason).toBe("no header row")
    expect(failureOf("\uFEFF\r\n\r\n").reason).toBe("no header row")
    const duplicate = failureOf("\r\n姓名,姓名\r\n1,2\r\n")
    expect(duplicate.line).toBe(2)
    expect(duplicate.reason).toBe('duplicate column "姓名"')
  })
})

describe("dependency rule", () => {
  const sources = (dir: string): Array<string> =>
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
      .map((entry) => join(entry.parentPath, entry.name))
  const importers = (pattern: RegExp) =>
    [...sources("src"), ...sources("adapters")].filter((file) => pattern.test(readFileSync(file, "utf8")))

  it("R4: only adapters/csv imports csv-parse or csv-stringify; only adapters/xlsx imports exceljs", () => {
    expect(importers(/from\s+"csv-(?:parse|stringify)/)).toEqual([join("adapters", "csv", "index.ts")])
    expect(importers(/from\s+"exceljs"/).every((file) => file.startsWith(join("adapters", "xlsx")))).toBe(true)
  })
})
