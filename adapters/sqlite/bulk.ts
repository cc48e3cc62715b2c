/**
 * The SQLite bulk path: multi-row INSERTs compiled once per (table, columns) as better-sqlite3
 * prepared statements and reused for every batch. better-sqlite3 has one connection, so the
 * statements run inside whatever transaction the kysely store has open on it.
 */
import type BetterSqlite3 from "better-sqlite3"
import type { BulkInsert } from "../kysely/traits.js"

/** Rows per prepared multi-row statement (the benchmark's raw baseline uses the same). */
export const ROWS_PER_STATEMENT = 100

/**
 * A {@link BulkInsert} over the host's better-sqlite3 database.
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { preparedBulkInsert } from "volunteer-brigade/sqlite"
 * const bulkInsert = preparedBulkInsert(new Database(":memory:"))
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const preparedBulkInsert = (database: BetterSqlite3.Database): BulkInsert => {
  const statements = new Map<string, BetterSqlite3.Statement>()
  const prepare = (table: string, columns: ReadonlyArray<string>, rows: number): BetterSqlite3.Statement => {
    const key = `${table}(${columns.join(",")})x${rows}`
    let statement = statements.get(key)
    if (statement === undefined) {
      const tuple = `(${columns.map(() => "?").join(",")})`
      const names = columns.map((c) => `"${c.replaceAll('"', '""')}"`).join(",")
      statement = database.prepare(`insert into "${table}" (${names}) values ${Array(rows).fill(tuple).join(",")}`)
      statements.set(key, statement)
    }
    return statement
  }
  return async (_db, table, columns, rows) => {
    const width = columns.length
    const full = rows.length - (rows.length % ROWS_PER_STATEMENT)
    if (full > 0) {
      const many = prepare(table, columns, ROWS_PER_STATEMENT)
      const params = new Array<string | number | null>(width * ROWS_PER_STATEMENT)
      for (let i = 0; i < full; i += ROWS_PER_STATEMENT) {
        let p = 0
        for (let r = i; r < i + ROWS_PER_STATEMENT; r++) {
          const row = rows[r]!
          for (let c = 0; c < width; c++) params[p++] = row[c] ?? null
        }
        many.run(params)
      }
    }
    if (full < rows.length) {
      const one = prepare(table, columns, 1)
      for (let r = full; r < rows.length; r++) one.run(rows[r] as Array<string | number | null>)
    }
  }
}
