/**
 * .xlsx export (R4): `volunteer-brigade/xlsx`. The only module that imports `exceljs`; the
 * core hands it format-neutral `Table`s.
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
import { cellOf, type Table } from "../../src/table.js"

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
