/**
 * 报表 — a printable table: the shape every roster, register and report takes before it is
 * exported (R4). It is format-neutral data; the `volunteer-brigade/csv` and
 * `volunteer-brigade/xlsx` subpaths turn it into files, so the core never touches a file
 * library.
 *
 * Owns: R4 (the table that CSV and .xlsx exports are made from).
 *
 * @module
 */
import { Schema } from "effect"

/**
 * One column of a table: the `key` that picks the cell from each row and the `label` printed
 * in the header row (R4).
 *
 * @example
 * ```ts
 * import { Table } from "volunteer-brigade"
 * const column: Table.Column = { key: "name", label: "姓名" }
 * ```
 * @category models
 * @since 0.1.0
 */
export const Column = Schema.Struct({
  key: Schema.String.check(Schema.isMinLength(1)),
  label: Schema.String
})

/** @category models @since 0.1.0 */
export type Column = typeof Column.Type

/**
 * A cell value: text, or a finite number (kept as a number so spreadsheets can sum it) (R4).
 *
 * @example
 * ```ts
 * import { Table } from "volunteer-brigade"
 * const cells: ReadonlyArray<Table.Cell> = ["张三", 12.5]
 * ```
 * @category models
 * @since 0.1.0
 */
export const Cell = Schema.Union([Schema.String, Schema.Finite])

/** @category models @since 0.1.0 */
export type Cell = typeof Cell.Type

/**
 * A row: cells by column key. A key the row lacks prints as an empty cell (R4).
 *
 * @example
 * ```ts
 * import { Table } from "volunteer-brigade"
 * const row: Table.Row = { name: "张三", hours: 12 }
 * ```
 * @category models
 * @since 0.1.0
 */
export const Row = Schema.Record(Schema.String, Cell)

/** @category models @since 0.1.0 */
export type Row = typeof Row.Type

const uniqueKeys = Schema.makeFilter((columns: ReadonlyArray<Column>) => {
  const seen = new Set<string>()
  for (const { key } of columns) {
    if (seen.has(key)) return `duplicate column key "${key}"`
    seen.add(key)
  }
  return true
})

/**
 * A table (R4): a title row, optional preamble lines under it (e.g. "市级有关部门盖章："),
 * labelled columns, rows of cells and optional footer lines. Column keys are non-empty and
 * unique, and there is at least one column.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Table } from "volunteer-brigade"
 * const table = Schema.decodeUnknownSync(Table.Table)({
 *   title: "志愿者花名册",
 *   columns: [{ key: "name", label: "姓名" }],
 *   rows: [{ name: "张三" }]
 * })
 * ```
 * @category models
 * @since 0.1.0
 */
export const Table = Schema.Struct({
  title: Schema.String,
  preamble: Schema.optionalKey(Schema.Array(Schema.String)),
  columns: Schema.Array(Column).check(Schema.isMinLength(1), uniqueKeys),
  rows: Schema.Array(Row),
  footer: Schema.optionalKey(Schema.Array(Schema.String))
})

/** @category models @since 0.1.0 */
export type Table = typeof Table.Type

/**
 * Builds a table, checking it against the {@link Table} schema (R4). Like Effect's `make`
 * constructors it throws a `SchemaError` on an invalid table (no columns, duplicate keys,
 * non-finite numbers): those are programming errors of the caller, not user input.
 *
 * @example
 * ```ts
 * import { Table } from "volunteer-brigade"
 * const table = Table.make({
 *   title: "志愿者花名册",
 *   preamble: ["市级有关部门盖章："],
 *   columns: [{ key: "序号", label: "序号" }, { key: "name", label: "姓名" }],
 *   rows: Table.withSerialNumbers([{ name: "张三" }, { name: "李四" }])
 * })
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const make = (input: Table): Table => Schema.decodeUnknownSync(Table)(input)

/**
 * Numbers the rows 1..n in order, without gaps, under `key` (default "序号"), replacing any
 * value already there (R4: registers and rosters carry a serial-number column). Returns new
 * rows; the input is not mutated.
 *
 * @example
 * ```ts
 * import { Table } from "volunteer-brigade"
 * Table.withSerialNumbers([{ name: "张三" }, { name: "李四" }])
 * // [{ name: "张三", 序号: 1 }, { name: "李四", 序号: 2 }]
 * ```
 * @category combinators
 * @since 0.1.0
 */
export const withSerialNumbers = (
  rows: ReadonlyArray<Row>,
  key: string = "序号"
): ReadonlyArray<Row> => rows.map((row, index) => ({ ...row, [key]: index + 1 }))

/**
 * The text of a cell as printed: numbers in plain decimal form, a missing cell as "" (R4).
 *
 * @example
 * ```ts
 * import { Table } from "volunteer-brigade"
 * Table.cellText(12.5) // "12.5"
 * Table.cellText(undefined) // ""
 * ```
 * @category formatting
 * @since 0.1.0
 */
export const cellText = (cell: Cell | undefined): string =>
  cell === undefined ? "" : typeof cell === "number" ? String(cell) : cell

/**
 * The header row and data rows as text, one array per printed row, in column order; title,
 * preamble and footer are left out (R4).
 *
 * @example
 * ```ts
 * import { Table } from "volunteer-brigade"
 * Table.toMatrix(Table.make({
 *   title: "花名册",
 *   columns: [{ key: "name", label: "姓名" }, { key: "hours", label: "时长" }],
 *   rows: [{ name: "张三", hours: 3 }]
 * }))
 * // [["姓名", "时长"], ["张三", "3"]]
 * ```
 * @category formatting
 * @since 0.1.0
 */
export const toMatrix = (table: Table): ReadonlyArray<ReadonlyArray<string>> => [
  table.columns.map((column) => column.label),
  ...table.rows.map((row) => table.columns.map((column) => cellText(cellOf(row, column.key))))
]

/**
 * The cell of `row` under `key`, or undefined when the row has no such cell. Only the row's
 * own keys count, so a column keyed "constructor" never prints an inherited function (R4).
 *
 * @example
 * ```ts
 * import { Table } from "volunteer-brigade"
 * Table.cellOf({ name: "张三" }, "name") // "张三"
 * Table.cellOf({ name: "张三" }, "toString") // undefined
 * ```
 * @category accessors
 * @since 0.1.0
 */
export const cellOf = (row: Row, key: string): Cell | undefined =>
  Object.hasOwn(row, key) ? row[key] : undefined
