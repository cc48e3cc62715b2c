/**
 * CSV export and import (R4): `volunteer-brigade/csv`. The only module that imports
 * `csv-stringify` / `csv-parse`; the core hands it a format-neutral `Table`.
 *
 * Files are written the way Excel on a Chinese-locale Windows opens them without a wizard:
 * UTF-8 with a byte-order mark (without it Excel guesses GBK and garbles 中文), CRLF record
 * ends, and RFC 4180 quoting.
 *
 * @module volunteer-brigade/csv
 */
import { parse } from "csv-parse/sync"
import { stringify } from "csv-stringify/sync"
import { Effect, Result, Schema } from "effect"
import { type Cell, cellOf, cellText, type Table } from "../../src/table.js"
import type { IdGenerator, Store } from "../../src/store.js"
import * as VolunteersWorkflow from "../../src/workflows/volunteers.js"

const BOM = "\uFEFF"

/**
 * Characters that make a spreadsheet treat a cell as a formula (or, for TAB and CR, hide a
 * formula behind whitespace), including the full-width forms Excel and Numbers normalise.
 */
const FORMULA_TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"])

const PLAIN_NEGATIVE_NUMBER = /^-(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * Defuses CSV formula injection (R4): a cell that begins with `=`, `+`, `-`, `@`, TAB or CR
 * (or a full-width `＝＋－＠`) gets a leading `'`. Rosters carry text typed by volunteers and
 * host users; opened in Excel, a name like `=HYPERLINK("http://evil","点击")` or
 * `@SUM(...)` would run as a formula (OWASP "CSV Injection"). The apostrophe makes Excel show
 * the text as typed. A plain negative number such as `-12.5` is left alone so that figures
 * stay numbers. Import does not strip the prefix: it cannot tell it from typed text.
 *
 * @example
 * ```ts
 * import { neutraliseFormula } from "volunteer-brigade/csv"
 * neutraliseFormula("=1+1") // "'=1+1"
 * neutraliseFormula("-3") // "-3"
 * neutraliseFormula("张三") // "张三"
 * ```
 * @category formatting
 * @since 0.1.0
 */
export const neutraliseFormula = (cell: string): string =>
  FORMULA_TRIGGERS.has(cell.charAt(0)) && !PLAIN_NEGATIVE_NUMBER.test(cell) ? `'${cell}` : cell

const MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?"
/**
 * Text made only of what numbers, dates and times are written with — digits (ASCII or
 * full-width) first, maybe after a sign, parenthesis, currency sign or point, then digits,
 * separators, an exponent, a percent sign or 年月日时分秒, maybe AM/PM — or a date with a
 * month name ("Mar 5", "5-Mar-2026"), or a boolean.
 */
const CONVERTIBLE = new RegExp(
  [
    "^[+\\-\\uFF0B\\uFF0D]?[(\\uFF08]?[$\\u00A5\\uFFE5]?\\s*[.\\uFF0E]?[0-9\\uFF10-\\uFF19][0-9\\uFF10-\\uFF19\\s.,:/()+\\-eE%\\uFF0E\\uFF0C\\uFF1A\\uFF0D\\uFF08\\uFF09\\u5E74\\u6708\\u65E5\\u65F6\\u5206\\u79D2]*(?:\\s*[AaPp][Mm])?$",
    `^${MONTH}[\\s\\-/.,]*\\d{1,4}(?:[\\s\\-/.,]+\\d{1,4})?$`,
    `^\\d{1,2}[\\s\\-/.]*${MONTH}(?:[\\s\\-/.,]*\\d{1,4})?$`,
    "^(?:true|false)$"
  ].join("|"),
  "i"
)

/**
 * Whether a spreadsheet opening a CSV would read a text cell as something else (R4): a
 * number (`1982.10` → 1982.1, an 18-digit ID number → 3.30482E+17, `007` → 7), a date or
 * time (`2026-03-05`, `3/5`, `Mar 5`, `12:30`), a percentage or a boolean. Excel, WPS and
 * LibreOffice all guess cell types on opening, each slightly differently, so the test is
 * deliberately broad: any text (trimmed) made only of digits and the separators, signs,
 * exponents, percent and 年月日 of numbers and dates, month-name dates and TRUE/FALSE. Text
 * with other letters or symbols — a masked number `139****0010`, `1号楼` — stays text anyway.
 *
 * @example
 * ```ts
 * import { looksConvertible } from "volunteer-brigade/csv"
 * looksConvertible("1982.10") // => true
 * looksConvertible("0571-85030727") // => true
 * looksConvertible("139****0010") // => false
 * looksConvertible("张三") // => false
 * ```
 * @category formatting
 * @since 0.1.0
 */
export const looksConvertible = (text: string): boolean => CONVERTIBLE.test(text.trim())

/** Excel refuses a text constant longer than 255 characters inside a formula. */
const MAX_FORMULA_TEXT = 255

/**
 * One text cell as a spreadsheet must show it (R4): text that a spreadsheet would convert
 * ({@link looksConvertible}) is written as the formula `="…"` (quotes doubled), whose value is
 * exactly that text in Excel, WPS and LibreOffice alike; other text goes through
 * {@link neutraliseFormula}. A cell with a line break or over 255 characters is never wrapped
 * (Excel rejects such formulas) and is left to the spreadsheet.
 *
 * Why the formula form: a leading apostrophe marks text only when typed into a cell — in a CSV
 * file Excel shows the apostrophe; a leading tab or space is kept as part of the text by
 * LibreOffice (and still converted by Excel, which trims it); only `="…"` is read as text by
 * all three. Its cost — the cell holds a formula — is why only convertible text is wrapped,
 * and why {@link parseCsv} reads `="…"` back as its text.
 *
 * @example
 * ```ts
 * import { spreadsheetText } from "volunteer-brigade/csv"
 * spreadsheetText("1982.10") // => '="1982.10"'
 * spreadsheetText("张三") // => "张三"
 * spreadsheetText("=1+1") // => "'=1+1"
 * ```
 * @category formatting
 * @since 0.1.0
 */
export const spreadsheetText = (text: string): string =>
  looksConvertible(text) && text.length <= MAX_FORMULA_TEXT && !/[\r\n]/.test(text)
    ? `="${text.replaceAll('"', '""')}"`
    : neutraliseFormula(text)

/** The `="…"` text form written by {@link spreadsheetText}. */
const FORMULA_TEXT = /^="((?:[^"]|"")*)"$/

/**
 * Options of {@link toCsv} (R4).
 *
 * @example
 * ```ts
 * import type { CsvOptions } from "volunteer-brigade/csv"
 * const printable: CsvOptions = { includeTitle: true }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface CsvOptions {
  /** Write the title and preamble lines above the header and the footer lines below the rows. Default false: header first, so the file imports back as-is. */
  readonly includeTitle?: boolean
}

/** A cell as CSV text: numbers stay bare so spreadsheets can sum them; text as the spreadsheet must show it. */
const csvCell = (cell: Cell | undefined): string => (typeof cell === "string" ? spreadsheetText(cell) : cellText(cell))

const stringifyRecords = (records: ReadonlyArray<ReadonlyArray<Cell | undefined>>, quoteEmpty: boolean): string =>
  stringify(
    records.map((record) => record.map(csvCell)),
    {
      record_delimiter: "windows",
      // csv-stringify already quotes delimiter, quote and CR/LF; the match makes that explicit
      // for a lone CR or LF, which RFC 4180 also requires to be quoted.
      quoted_match: /[\r\n]/,
      // A one-column row whose only cell is empty would otherwise be a blank line, which
      // readers (ours included) skip.
      quoted_empty: quoteEmpty
    }
  )

/**
 * Writes a table as CSV text that Excel opens correctly (R4): starts with a UTF-8 BOM, every
 * record ends with CRLF, fields with a comma, quote, CR or LF are quoted with quotes doubled
 * (RFC 4180), number cells are written bare (so they sum), text a spreadsheet would turn into
 * a number or date (`1982.10`, ID numbers, phones, codes with leading zeros) is written as
 * `="…"` so Excel, WPS and LibreOffice show exactly the table's text ({@link spreadsheetText}),
 * and formula-like cells are defused by {@link neutraliseFormula}.
 *
 * @example
 * ```ts
 * import { Table } from "volunteer-brigade"
 * import { toCsv } from "volunteer-brigade/csv"
 * const table = Table.make({
 *   title: "志愿者花名册",
 *   columns: [{ key: "name", label: "姓名" }, { key: "note", label: "备注" }],
 *   rows: [{ name: "张三", note: "周末, 晚上" }]
 * })
 * toCsv(table) // "\uFEFF姓名,备注\r\n张三,\"周末, 晚上\"\r\n"
 * ```
 * @category export
 * @since 0.1.0
 */
export const toCsv = (table: Table, options: CsvOptions = {}): string => {
  const matrix = [
    table.columns.map((column) => column.label),
    ...table.rows.map((row) => table.columns.map((column) => cellOf(row, column.key)))
  ]
  const body = stringifyRecords(matrix, table.columns.length === 1)
  if (options.includeTitle !== true) return BOM + body
  const lines = (texts: ReadonlyArray<string>): string =>
    texts.length === 0 ? "" : stringifyRecords(texts.map((text) => [text]), false)
  return BOM + lines([table.title, ...(table.preamble ?? [])]) + body + lines(table.footer ?? [])
}

/**
 * {@link toCsv} encoded as UTF-8 bytes, ready to send as `text/csv; charset=utf-8` (R4).
 *
 * @example
 * ```ts
 * import { Table } from "volunteer-brigade"
 * import { toCsvBytes } from "volunteer-brigade/csv"
 * const bytes = toCsvBytes(Table.make({ title: "t", columns: [{ key: "a", label: "A" }], rows: [] }))
 * bytes.slice(0, 3) // Uint8Array [0xef, 0xbb, 0xbf]
 * ```
 * @category export
 * @since 0.1.0
 */
export const toCsvBytes = (table: Table, options: CsvOptions = {}): Uint8Array =>
  new TextEncoder().encode(toCsv(table, options))

/**
 * A volunteer's copy of everything held about them (P6) as CSV: the long-form table of
 * `Workflows.Volunteers.exportTable` (部分, 记录, 字段, 值), with its title and export time
 * above the header, written like every other CSV here (BOM, CRLF, formulas defused).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * import { exportToCsv } from "volunteer-brigade/csv"
 * declare const copy: Workflows.Volunteers.VolunteerExport
 * const csv = exportToCsv(copy)
 * ```
 * @category export
 * @since 0.2.0
 */
export const exportToCsv = (copy: VolunteersWorkflow.VolunteerExport): string =>
  toCsv(VolunteersWorkflow.exportTable(copy), { includeTitle: true })

/**
 * A CSV file that cannot be read as a table: unbalanced quotes, a record with the wrong
 * number of fields, a missing or duplicated header. `line` is the 1-based physical line
 * where the offending record starts.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { parseCsv } from "volunteer-brigade/csv"
 * const parsed = parseCsv("a,b\n1,\"2\n")
 * if (Result.isFailure(parsed)) parsed.failure.line // 2
 * ```
 * @category errors
 * @since 0.1.0
 */
export class CsvMalformed extends Schema.TaggedError<CsvMalformed>()("CsvMalformed", {
  line: Schema.Int,
  reason: Schema.String
}) {}

/**
 * One data record of a parsed CSV: its 1-based physical start line (for error messages to
 * the person who prepared the file) and its cells by header name (R4 import).
 *
 * @example
 * ```ts
 * import type { CsvRecord } from "volunteer-brigade/csv"
 * const record: CsvRecord = { line: 2, values: { 姓名: "张三" } }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface CsvRecord {
  readonly line: number
  readonly values: Readonly<Record<string, string>>
}

/**
 * A parsed CSV: the header names in file order and the data records (R4 import).
 *
 * @example
 * ```ts
 * import type { ParsedCsv } from "volunteer-brigade/csv"
 * const parsed: ParsedCsv = { header: ["姓名"], rows: [{ line: 2, values: { 姓名: "张三" } }] }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface ParsedCsv {
  readonly header: ReadonlyArray<string>
  readonly rows: ReadonlyArray<CsvRecord>
}

/**
 * Options of {@link parseCsv} (R4 import).
 *
 * @example
 * ```ts
 * import { parseCsv, type ParseCsvOptions } from "volunteer-brigade/csv"
 * // a file written with toCsv(table, { includeTitle: true }) and one preamble line
 * const options: ParseCsvOptions = { headerLine: 3 }
 * ```
 * @category models
 * @since 0.1.0
 */
export interface ParseCsvOptions {
  /** 1-based physical line at or after which the header record starts; records before it (a title, preamble lines) are ignored. Default 1. */
  readonly headerLine?: number
}

interface RawRecord {
  readonly record: ReadonlyArray<string>
  readonly raw: string
}

/** Counts line breaks, treating CRLF, a lone LF and a lone CR each as one. */
const lineBreaks = (text: string): number => text.match(/\r\n|\n|\r/g)?.length ?? 0

/**
 * The record's text without its terminating delimiter. csv-parse's `raw` keeps the record's
 * characters exactly but only the first character of its delimiter; an unquoted field cannot
 * hold CR or LF, so a trailing CR or LF is always that delimiter.
 */
const recordText = (raw: string): string => (/[\r\n]$/.test(raw) ? raw.slice(0, -1) : raw)

/** A cell's text: the `="…"` text form {@link spreadsheetText} writes is read back as its text. */
const textOf = (cell: string): string => {
  const m = FORMULA_TEXT.exec(cell)
  return m === null ? cell : m[1]!.replaceAll('""', '"')
}

interface CsvParseFailure {
  readonly message: string
}

const isCsvParseFailure = (u: unknown): u is CsvParseFailure =>
  u instanceof Error && typeof (u as { code?: unknown }).code === "string"

/**
 * Reads CSV text as a table with a header row (the CSV import of R4's exports, and of
 * registers a host prepares in Excel). A leading BOM is stripped; records may end with CRLF,
 * LF or CR, even mixed; blank lines are skipped; cells are kept verbatim (no trimming, no
 * number conversion, the injection prefix `'` is not removed), except that a cell in the
 * text form `="…"` (written by {@link toCsv} for text like `007`, and by many spreadsheets'
 * users for the same reason) is read as its text. Each data record carries the
 * physical line it starts on. Fails with {@link CsvMalformed} on unbalanced or stray quotes,
 * a record whose field count differs from the header, an empty file or a duplicated header.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { parseCsv } from "volunteer-brigade/csv"
 * const parsed = parseCsv("\uFEFF姓名,备注\r\n张三,\"周末\r\n晚上\"\r\n李四,\r\n")
 * if (Result.isSuccess(parsed)) {
 *   parsed.success.header // ["姓名", "备注"]
 *   parsed.success.rows[1] // { line: 4, values: { 姓名: "李四", 备注: "" } }
 * }
 * ```
 * @category import
 * @since 0.1.0
 */
export const parseCsv = (text: string, options: ParseCsvOptions = {}): Result.Result<ParsedCsv, CsvMalformed> => {
  const headerLine = options.headerLine ?? 1
  // Physical line where the next record starts, advanced as csv-parse emits records, so a
  // parse error can name the line of the record it stopped in.
  let nextLine = 1
  const located: Array<RawRecord & { readonly line: number }> = []
  try {
    parse(text, {
      bom: true,
      raw: true,
      relax_column_count: true,
      record_delimiter: ["\r\n", "\n", "\r"],
      // With `raw: true` csv-parse hands on_record `{ record, raw }`; its typings only model
      // the plain record.
      on_record: (emitted: Array<string>) => {
        const { record, raw } = emitted as unknown as RawRecord
        const body = recordText(raw)
        located.push({ record, raw: body, line: nextLine })
        nextLine += lineBreaks(body) + (body.length === raw.length ? 0 : 1)
        return null
      }
    })
  } catch (error) {
    if (isCsvParseFailure(error)) {
      // csv-parse's own line count disagrees with ours on CRLF, so drop it from the text.
      const reason = error.message.replace(/ (?:at|on) line \d+/g, "")
      return Result.fail(new CsvMalformed({ line: nextLine, reason }))
    }
    throw error
  }
  // A blank line parses as one empty field with no text; a quoted "" has text.
  const records = located.filter((r) => r.raw !== "" && r.line >= headerLine)
  const [head, ...data] = records
  if (head === undefined) {
    return Result.fail(new CsvMalformed({ line: Math.max(headerLine, 1), reason: "no header row" }))
  }
  const header = head.record.map(textOf)
  const duplicate = header.find((name, i) => header.indexOf(name) !== i)
  if (duplicate !== undefined) {
    return Result.fail(new CsvMalformed({ line: head.line, reason: `duplicate column "${duplicate}"` }))
  }
  const rows: Array<CsvRecord> = []
  for (const { record, line } of data) {
    if (record.length !== header.length) {
      return Result.fail(
        new CsvMalformed({ line, reason: `expected ${header.length} fields, got ${record.length}` })
      )
    }
    rows.push({ line, values: Object.fromEntries(header.map((name, i) => [name, textOf(record[i] ?? "")])) })
  }
  return Result.succeed({ header, rows })
}

/**
 * The character encodings {@link decodeCsv} recognises (R4 import).
 *
 * @example
 * ```ts
 * import type { CsvEncoding } from "volunteer-brigade/csv"
 * const encoding: CsvEncoding = "gb18030"
 * ```
 * @category import
 * @since 0.1.0
 */
export type CsvEncoding = "utf-8" | "gb18030" | "utf-16le" | "utf-16be"

/**
 * Decodes the bytes of a CSV file as the offices have them (R4 import): UTF-8 with or without
 * a BOM (Excel's "CSV UTF-8", WPS, LibreOffice), UTF-16 with its BOM (Excel's "Unicode
 * text"), or GB18030 — the superset of GBK and GB2312 that Excel writes for plain "CSV" on a
 * Chinese Windows. Without a BOM, bytes that are valid UTF-8 are UTF-8 (GBK text of any
 * length is practically never valid UTF-8), anything else is GB18030. Uses the WHATWG
 * `TextDecoder` (Node's full-ICU build, browsers), so no extra library. The BOM is removed.
 *
 * @example
 * ```ts
 * import { decodeCsv } from "volunteer-brigade/csv"
 * decodeCsv(new Uint8Array([0xd5, 0xc5, 0xc8, 0xfd])) // => { text: "张三", encoding: "gb18030" }
 * ```
 * @category import
 * @since 0.1.0
 */
export const decodeCsv = (bytes: Uint8Array): { readonly text: string; readonly encoding: CsvEncoding } => {
  const starts = (...prefix: ReadonlyArray<number>) => prefix.every((b, i) => bytes[i] === b)
  const decode = (encoding: CsvEncoding, skip: number, fatal = false) =>
    new TextDecoder(encoding, { fatal, ignoreBOM: true }).decode(bytes.subarray(skip))
  if (starts(0xef, 0xbb, 0xbf)) return { text: decode("utf-8", 3), encoding: "utf-8" }
  if (starts(0xff, 0xfe)) return { text: decode("utf-16le", 2), encoding: "utf-16le" }
  if (starts(0xfe, 0xff)) return { text: decode("utf-16be", 2), encoding: "utf-16be" }
  try {
    return { text: decode("utf-8", 0, true), encoding: "utf-8" }
  } catch {
    return { text: decode("gb18030", 0), encoding: "gb18030" }
  }
}

/**
 * Options of {@link importVolunteers}: those of the import workflow, plus where the header
 * is (found automatically as the first line naming 姓名 when absent, so a file that keeps the
 * roster's title line above the header imports as-is).
 *
 * @example
 * ```ts
 * import type { ImportVolunteersOptions } from "volunteer-brigade/csv"
 * const options: ImportVolunteersOptions = { activate: true, onProgress: (done, total) => void [done, total] }
 * ```
 * @category import
 * @since 0.1.0
 */
export interface ImportVolunteersOptions extends VolunteersWorkflow.ImportOptions {
  readonly headerLine?: number
}

const headerLineOf = (text: string): number => {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/)
  const i = lines.findIndex((line) => line.includes("姓名"))
  return i === -1 ? 1 : i + 1
}

/**
 * Imports volunteers from a CSV file — its text, or its bytes in UTF-8 (with or without BOM),
 * UTF-16 or GB18030/GBK, detected by {@link decodeCsv} — in the shape of the Annex rosters
 * (V2, V3, R4 import): {@link parseCsv} with the maintained `csv-parse`, then the core workflow
 * `Workflows.Volunteers.importIndividuals` — every row validated, rejected rows reported with
 * their physical line numbers and reasons, valid rows saved in one transaction. A file that
 * cannot be read as a table fails with {@link CsvMalformed} before anything is written.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { importVolunteers } from "volunteer-brigade/csv"
 * declare const text: string
 * const program = Effect.map(importVolunteers(text, "captain-dh"), (report) => report.rejected)
 * ```
 * @category import
 * @since 0.1.0
 */
export const importVolunteers = (
  csv: string | Uint8Array,
  actor: unknown,
  options: ImportVolunteersOptions = {}
): Effect.Effect<VolunteersWorkflow.ImportReport, CsvMalformed | VolunteersWorkflow.ImportError, Store | IdGenerator> => {
  const csvText = typeof csv === "string" ? csv : decodeCsv(csv).text
  const { headerLine, ...workflowOptions } = options
  const parsed = parseCsv(csvText, { headerLine: headerLine ?? headerLineOf(csvText) })
  return Result.isFailure(parsed)
    ? Effect.fail(parsed.failure)
    : VolunteersWorkflow.importIndividuals(actor, parsed.success.rows, workflowOptions)
}
