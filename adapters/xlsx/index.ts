/**
 * .xlsx export and import (R4): `volunteer-brigade/xlsx`. The only module that imports
 * `exceljs`; the core hands it format-neutral `Table`s, and takes back imported rows.
 *
 * Each table becomes one worksheet laid out like the paper forms of the notice: the title
 * merged across the columns (bold, centred), preamble lines, the header row (bold), the data,
 * then footer lines. Numbers stay numbers so the sheet can sum them. Text is never written as
 * a formula (exceljs only writes formulas given as `{ formula }`), so the CSV injection
 * prefix is not needed here.
 *
 * @module volunteer-brigade/xlsx
 */
import ExcelJS from "exceljs"
import { Effect, Schema } from "effect"
import type { IdGenerator, Store } from "../../src/store.js"
import { cellOf, type Table } from "../../src/table.js"
import * as VolunteersWorkflow from "../../src/workflows/volunteers.js"

/** Excel's limit on a worksheet name, in UTF-16 code units. */
const SHEET_NAME_MAX = 31
const WIDTH_MIN = 6
const WIDTH_MAX = 60

/** East Asian wide and full-width ranges (CJK, kana, Hangul, full-width forms) and emoji. */
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u

/**
 * How many columns of a monospace grid `text` takes: a CJK or full-width character (or an
 * emoji) counts 2, others 1; for multi-line text, the widest line (R4: columns are sized to
 * their content).
 *
 * @example
 * ```ts
 * import { displayWidth } from "volunteer-brigade/xlsx"
 * displayWidth("张三") // 4
 * displayWidth("Li Si") // 5
 * ```
 * @category formatting
 * @since 0.1.0
 */
export const displayWidth = (text: string): number =>
  Math.max(
    0,
    ...text.split(/\r\n|\n|\r/).map((line) => [...line].reduce((width, ch) => width + (WIDE.test(ch) ? 2 : 1), 0))
  )

/** Cuts `name` to at most `max` UTF-16 units without splitting a surrogate pair. */
const truncate = (name: string, max: number): string => {
  let out = ""
  for (const ch of name) {
    if (out.length + ch.length > max) break
    out += ch
  }
  return out
}

const sanitiseOne = (title: string): string => {
  // Excel rejects \ / ? * [ ] : in sheet names and a leading or trailing apostrophe, and
  // reserves "History".
  const cleaned = truncate(title.replace(/[\\/?*[\]:\u0000-\u001F]/g, "_").trim(), SHEET_NAME_MAX)
    .replace(/^'+|'+$/g, "")
    .trim()
  return cleaned === "" || cleaned.toLowerCase() === "history" ? "Sheet" : cleaned
}

/**
 * Worksheet names for tables with these titles (R4): forbidden characters `\ / ? * [ ] :`
 * replaced by `_`, at most 31 characters, never empty, and unique ignoring case (Excel's
 * rule) by appending " (2)", " (3)", ... within the limit.
 *
 * @example
 * ```ts
 * import { sheetNames } from "volunteer-brigade/xlsx"
 * sheetNames(["花名册 2024/05", "花名册 2024/05"]) // ["花名册 2024_05", "花名册 2024_05 (2)"]
 * ```
 * @category formatting
 * @since 0.1.0
 */
export const sheetNames = (titles: ReadonlyArray<string>): ReadonlyArray<string> => {
  const taken = new Set<string>()
  return titles.map((title) => {
    const base = sanitiseOne(title)
    let name = base
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`
      name = truncate(base, SHEET_NAME_MAX - suffix.length) + suffix
    }
    taken.add(name.toLowerCase())
    return name
  })
}

/**
 * Keeps text literal in the sheet. OOXML reads `_xHHHH_` in a string as an escaped character
 * (Excel and exceljs show "_x0041_" as "A"), so a literal one is written with its underscore
 * escaped as `_x005F_`. Characters XML cannot hold (C0 controls other than TAB, LF, CR) are
 * dropped by exceljs; CRLF reads back as LF.
 */
const literal = (cell: string | number): string | number =>
  typeof cell === "string" ? cell.replace(/_(?=x[0-9A-Fa-f]{4}_)/g, "_x005F_") : cell

const addSheet = (workbook: ExcelJS.Workbook, table: Table, name: string): void => {
  const sheet = workbook.addWorksheet(name)
  const width = table.columns.length
  const fullWidthRow = (text: string, alignment: Partial<ExcelJS.Alignment>): ExcelJS.Row => {
    const row = sheet.addRow([literal(text)])
    if (width > 1) sheet.mergeCells(row.number, 1, row.number, width)
    row.getCell(1).alignment = { wrapText: true, ...alignment }
    return row
  }

  const title = fullWidthRow(table.title, { horizontal: "center", vertical: "middle" })
  title.font = { bold: true, size: 14 }
  for (const line of table.preamble ?? []) fullWidthRow(line, { horizontal: "left" })
  const header = sheet.addRow(table.columns.map((column) => literal(column.label)))
  header.font = { bold: true }
  for (const row of table.rows) {
    sheet.addRow(table.columns.map((column) => literal(cellOf(row, column.key) ?? "")))
  }
  for (const line of table.footer ?? []) fullWidthRow(line, { horizontal: "left" })

  table.columns.forEach((column, i) => {
    const content = Math.max(
      displayWidth(column.label),
      ...table.rows.map((row) => displayWidth(String(cellOf(row, column.key) ?? "")))
    )
    sheet.getColumn(i + 1).width = Math.min(WIDTH_MAX, Math.max(WIDTH_MIN, content + 2))
  })
}

const isTableList = (tables: Table | ReadonlyArray<Table>): tables is ReadonlyArray<Table> => Array.isArray(tables)

/**
 * Writes tables as an .xlsx workbook (R4), one worksheet per table named by
 * {@link sheetNames} from the titles. Row 1 is the title merged across the columns (bold,
 * centred), then preamble lines, the bold header row, the data rows and footer lines; column
 * widths fit the header and data (CJK counts double).
 *
 * @example
 * ```ts
 * import { Table } from "volunteer-brigade"
 * import { toXlsx } from "volunteer-brigade/xlsx"
 * const roster = Table.make({
 *   title: "志愿者花名册",
 *   preamble: ["市级有关部门盖章："],
 *   columns: [{ key: "name", label: "姓名" }, { key: "hours", label: "服务时长" }],
 *   rows: [{ name: "张三", hours: 12 }]
 * })
 * const bytes = await toXlsx(roster) // or toXlsx([roster, another])
 * ```
 * @category export
 * @since 0.1.0
 */
export const toXlsx = async (
  tables: Table | readonly [Table, ...ReadonlyArray<Table>]
): Promise<Uint8Array> => {
  // A workbook needs at least one sheet, hence the non-empty tuple.
  const list: ReadonlyArray<Table> = isTableList(tables) ? tables : [tables]
  const workbook = new ExcelJS.Workbook()
  const names = sheetNames(list.map((table) => table.title))
  list.forEach((table, i) => addSheet(workbook, table, names[i] ?? "Sheet"))
  // exceljs types its Buffer as an ArrayBuffer; at runtime it is a Node Buffer (a Uint8Array).
  const buffer: unknown = await workbook.xlsx.writeBuffer()
  return new Uint8Array(buffer as Uint8Array)
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

/**
 * An .xlsx file that cannot be read as a table: not an .xlsx workbook, no such worksheet, no
 * header row, or a duplicated header (R4 import). `row` is the worksheet row when known.
 *
 * @example
 * ```ts
 * import { XlsxUnreadable } from "volunteer-brigade/xlsx"
 * new XlsxUnreadable({ row: 0, reason: "not an .xlsx workbook" })
 * ```
 * @category errors
 * @since 0.1.0
 */
export class XlsxUnreadable extends Schema.TaggedError<XlsxUnreadable>()("XlsxUnreadable", {
  row: Schema.Int,
  reason: Schema.String
}) {}

/**
 * Options of {@link readXlsxRows} and {@link importVolunteers} (R4 import).
 *
 * @example
 * ```ts
 * import type { XlsxReadOptions } from "volunteer-brigade/xlsx"
 * const options: XlsxReadOptions = { sheet: "花名册", headerRow: 2 }
 * ```
 * @category import
 * @since 0.1.0
 */
export interface XlsxReadOptions {
  /** The worksheet, by name or 1-based position. Default: the first. */
  readonly sheet?: string | number
  /** The 1-based row of the header. Default: the first row with a cell 姓名, else row 1. */
  readonly headerRow?: number
}

const two = (n: number) => String(n).padStart(2, "0")

/** A cell's value as the text a clerk typed (dates as YYYY-MM-DD, formulas by their result). */
const textOfValue = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return ""
  if (typeof value === "string") return value
  if (typeof value === "number" || typeof value === "boolean") return String(value)
  if (value instanceof Date) {
    const date = `${value.getUTCFullYear()}-${two(value.getUTCMonth() + 1)}-${two(value.getUTCDate())}`
    const time = value.getUTCHours() * 60 + value.getUTCMinutes()
    return time === 0 ? date : `${date} ${two(value.getUTCHours())}:${two(value.getUTCMinutes())}`
  }
  if ("richText" in value) return value.richText.map((part) => part.text).join("")
  if ("result" in value) return textOfValue((value.result ?? null) as ExcelJS.CellValue)
  if ("text" in value && typeof value.text === "string") return value.text
  return ""
}

/**
 * Reads a worksheet of an .xlsx file as the rows of a table (R4 import): the header row (found
 * as the first row naming 姓名, so a title row above it is skipped), then every non-empty row
 * below it as `{ line, values }`, `line` being the worksheet row a clerk sees. Cells are read
 * as text: strings as typed, numbers in full (an ID number Excel already turned into a number
 * has lost its last digits and will be rejected by its check digit, V2), dates as
 * `YYYY-MM-DD`, formulas by their cached result, rich text joined.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { readXlsxRows } from "volunteer-brigade/xlsx"
 * declare const bytes: Uint8Array
 * const program = Effect.map(readXlsxRows(bytes), (rows) => rows.length)
 * ```
 * @category import
 * @since 0.1.0
 */
export const readXlsxRows = (
  bytes: Uint8Array,
  options: XlsxReadOptions = {}
): Effect.Effect<ReadonlyArray<VolunteersWorkflow.ImportRow>, XlsxUnreadable> =>
  Effect.gen(function* () {
    const workbook = new ExcelJS.Workbook()
    yield* Effect.tryPromise({
      try: () => workbook.xlsx.load(bytes as never),
      catch: () => new XlsxUnreadable({ row: 0, reason: "not an .xlsx workbook" })
    })
    const sheet = options.sheet === undefined
      ? workbook.worksheets[0]
      : typeof options.sheet === "number" ? workbook.worksheets[options.sheet - 1] : workbook.getWorksheet(options.sheet)
    if (sheet === undefined) return yield* Effect.fail(new XlsxUnreadable({ row: 0, reason: `no worksheet ${String(options.sheet ?? 1)}` }))
    const texts = (row: ExcelJS.Row): Array<string> =>
      Array.from({ length: Math.max(0, row.cellCount) }, (_, i) => textOfValue(row.getCell(i + 1).value).trim())
    let headerRow = options.headerRow
    if (headerRow === undefined) {
      headerRow = 1
      for (let r = 1; r <= sheet.rowCount; r++) {
        if (texts(sheet.getRow(r)).includes("姓名")) {
          headerRow = r
          break
        }
      }
    }
    const header = texts(sheet.getRow(headerRow))
    while (header.length > 0 && header[header.length - 1] === "") header.pop()
    if (header.length === 0) return yield* Effect.fail(new XlsxUnreadable({ row: headerRow, reason: "no header row" }))
    const duplicate = header.find((name, i) => name !== "" && header.indexOf(name) !== i)
    if (duplicate !== undefined) return yield* Effect.fail(new XlsxUnreadable({ row: headerRow, reason: `duplicate column "${duplicate}"` }))
    const rows: Array<VolunteersWorkflow.ImportRow> = []
    for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r)
      const cells = header.map((_, i) => textOfValue(row.getCell(i + 1).value))
      if (cells.every((c) => c.trim() === "")) continue
      rows.push({ line: r, values: Object.fromEntries(header.flatMap((name, i) => (name === "" ? [] : [[name, cells[i] ?? ""]]))) })
    }
    return rows
  })

/**
 * Imports volunteers from an .xlsx file in the shape of the Annex rosters (V2, V3, R4 import):
 * {@link readXlsxRows}, then the core workflow `Workflows.Volunteers.importIndividuals` —
 * every row validated, rejected rows reported with their worksheet row numbers and reasons,
 * `onProgress` called per row, valid rows saved in one transaction. A file that cannot be
 * read fails with {@link XlsxUnreadable} before anything is written.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { importVolunteers } from "volunteer-brigade/xlsx"
 * declare const bytes: Uint8Array
 * const program = Effect.map(importVolunteers(bytes, "captain-dh", { activate: true }), (report) => report.rejected)
 * ```
 * @category import
 * @since 0.1.0
 */
export const importVolunteers = (
  bytes: Uint8Array,
  actor: unknown,
  options: VolunteersWorkflow.ImportOptions & XlsxReadOptions = {}
): Effect.Effect<VolunteersWorkflow.ImportReport, XlsxUnreadable | VolunteersWorkflow.ImportError, Store | IdGenerator> => {
  const { sheet, headerRow, ...workflowOptions } = options
  return Effect.flatMap(
    readXlsxRows(bytes, { ...(sheet === undefined ? {} : { sheet }), ...(headerRow === undefined ? {} : { headerRow }) }),
    (rows) => VolunteersWorkflow.importIndividuals(actor, rows, workflowOptions)
  )
}
