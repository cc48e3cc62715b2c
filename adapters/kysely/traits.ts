/**
 * The only place where SQL dialects differ. Everything else in the kysely store is one
 * copy of the SQL for every database.
 */
import { sql, type Kysely } from "kysely"

/**
 * What the shared SQL implementation needs to know about a database.
 *
 * @category dialects
 * @since 0.1.0
 */
export interface DialectTraits {
  /** Adapter name, e.g. `sqlite` or `postgres`. */
  readonly name: string
  /** The statement that opens a write transaction (`begin immediate`, serializable, ...). */
  readonly begin: string
  /** Whether a driver error is a transient conflict worth retrying (busy, serialisation failure). */
  readonly isRetryable: (error: unknown) => boolean
  /** Whether a driver error is a unique-constraint violation. */
  readonly isUniqueViolation: (error: unknown) => boolean
  /**
   * Whether a driver error means the connection itself was lost (optional; async drivers):
   * the server terminated the session or the socket closed. A transaction that lost its
   * connection before `commit` was sent was rolled back by the server and is retried; one that
   * lost it after is reported with `StoreError.commitUnknown` and never retried.
   */
  readonly isConnectionLost?: (error: unknown) => boolean
  /**
   * Whether a lost-connection error is the server's own answer to the statement that received
   * it (optional; Postgres: SQLSTATE 57P01–57P03): the server ended the session while that
   * statement ran, so it, and every statement pipelined after it, never took effect. Without
   * it, a connection lost once `commit` is sent is always reported as `commitUnknown`.
   */
  readonly isLostBeforeAnswer?: (error: unknown) => boolean
  /**
   * Whether the database locks rows (Postgres, MySQL): then `Store.lock` updates the scope's
   * `vb_locks` row (`update … set n = n + 1`), whose row lock serialises every guarded write
   * of the scope at any isolation level. False where a write transaction already holds the
   * database's only write lock (SQLite's `begin immediate`): `Store.lock` does nothing.
   */
  readonly forUpdate: boolean
  /**
   * The bulk path (optional): inserts `rows` (values in `columns` order) into `table` on the
   * connection `db` — the current transaction's. Without it, bulk inserts are kysely
   * multi-row inserts; with it, a dialect compiles the statement once and streams the rows
   * (SQLite: a reused better-sqlite3 prepared statement; Postgres: `unnest` of one array per
   * column).
   */
  readonly bulkInsert?: BulkInsert
  /**
   * A connection the store may take for itself (optional; SQLite's one better-sqlite3
   * connection). With it, a transaction takes the lock, runs `begin`, its statements and
   * `commit` in one fiber with no promise in between: statements compiled once run
   * synchronously through `execute`, kysely queries through `held`. The dialect's own kysely
   * instance must take the same lock for every connection it hands out.
   */
  readonly exclusive?: ExclusiveConnection
  /**
   * Told the text of every statement the store compiles once and runs many times (optional):
   * a dialect may prepare such a statement once per connection instead of on every run
   * (Postgres: a named prepared statement, so the server parses and plans it once).
   */
  readonly prepare?: (sql: string) => void
  /**
   * A driver connection for the store's transactions (optional; Postgres): statements the
   * store compiled once go straight to the driver, pipelined, instead of through kysely's
   * connection provider. Without it, transactions take a connection through kysely.
   */
  readonly connect?: () => Promise<DriverConnection>
  /**
   * Whether a failing statement aborts its transaction (default true: Postgres then answers
   * `commit` with a rollback, so the store may send `commit` behind statements it has not
   * heard back from). False on the MySQL family, which undoes the failed statement alone and
   * would commit the rest: there `commit` waits for every pending statement's answer.
   */
  readonly abortsOnError?: boolean
  /**
   * How the dialect spells the few SQL pieces that are not portable (optional; the defaults
   * are SQLite's and Postgres's): the type an integer is cast to (`bigint`; the MySQL family
   * says `signed`), integer division (`/`; MySQL's `/` gives a decimal, `div` truncates) and
   * an upsert (`on conflict … do update`; MySQL's `on duplicate key update`).
   */
  readonly spelling?: SqlSpelling
}

/**
 * The non-portable SQL spellings of a dialect (see {@link DialectTraits.spelling}).
 *
 * @category dialects
 * @since 0.1.0
 */
export interface SqlSpelling {
  readonly integerCast: string
  readonly integerDivide: string
  readonly upsert: "onConflict" | "onDuplicateKey"
}

/**
 * One connection of an async driver, held for one transaction (see
 * {@link DialectTraits.connect}).
 *
 * @category dialects
 * @since 0.1.0
 */
export interface DriverConnection {
  /** Sends one statement behind those sent before it (the driver may pipeline them). */
  readonly query: (sql: string, parameters: ReadonlyArray<unknown>) => Promise<DriverResult>
  /** kysely bound to this connection, for queries the store builds per call inside the transaction. */
  readonly kysely: () => Kysely<any>
  /** Hands the connection back to the pool. */
  readonly release: () => void
}

/**
 * What a driver statement returned: {@link Executed} and the server's command tag (`COMMIT`,
 * or `ROLLBACK` when a commit found the transaction aborted).
 *
 * @category dialects
 * @since 0.1.0
 */
export interface DriverResult extends Executed {
  readonly command?: string | undefined
}

/**
 * One connection behind a lock, with a synchronous statement runner (see
 * {@link DialectTraits.exclusive}).
 *
 * @category dialects
 * @since 0.1.0
 */
export interface ExclusiveConnection {
  /** Takes the lock if it is free. */
  readonly tryAcquire: () => boolean
  /** Waits for the lock. */
  readonly acquire: () => Promise<void>
  /** Hands the lock to the next waiter, or frees it. */
  readonly release: () => void
  /** kysely on the connection without taking the lock: for use while holding it. */
  readonly held: Kysely<any>
  /** Runs one statement synchronously (the lock must be held). */
  readonly execute: ExecuteSync
}

/**
 * What a statement returned: its rows (empty for writes) and how many rows it changed.
 *
 * @category dialects
 * @since 0.1.0
 */
export interface Executed {
  readonly rows: ReadonlyArray<Record<string, unknown>>
  readonly affected: number
}

/**
 * A synchronous statement runner: positional parameters, rows and affected-row count back.
 *
 * @category dialects
 * @since 0.1.0
 */
export type ExecuteSync = (sql: string, parameters: ReadonlyArray<unknown>) => Executed

/**
 * A dialect's bulk insert: `rows` are arrays of column values (string, number or null) in
 * `columns` order.
 *
 * @category dialects
 * @since 0.1.0
 */
export type BulkInsert = (
  db: Kysely<any>,
  table: string,
  columns: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>
) => Promise<void>

/**
 * Postgres bulk insert: one statement per 20,000 rows, `insert … select * from unnest($1::text[],
 * $2::bigint[], …)` — one array parameter per column, so the statement text is the same for
 * every batch and the rows travel as a few large parameters instead of thousands of small ones.
 * A column's array type is `bigint` when its values are numbers, `text` otherwise.
 *
 * @category dialects
 * @since 0.1.0
 */
export const unnestBulkInsert: BulkInsert = async (db, table, columns, rows) => {
  const BATCH = 20_000
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH)
    const arrays = columns.map((_, c) => batch.map((r) => r[c] ?? null))
    const types = arrays.map((values) => (values.some((v) => typeof v === "number") ? "bigint" : "text"))
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) select * from unnest(${sql.join(
      arrays.map((values, c) => sql`${values}::${sql.raw(types[c]!)}[]`)
    )})`.execute(db)
  }
}

const codeOf = (e: unknown): string | undefined =>
  typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : undefined

/**
 * SQLite (better-sqlite3): writers take the write lock up front (`begin immediate`) so two
 * connections never deadlock upgrading a read lock; a busy database is retryable.
 *
 * @category dialects
 * @since 0.1.0
 */
export const sqliteTraits: DialectTraits = {
  name: "sqlite",
  begin: "begin immediate",
  forUpdate: false,
  isRetryable: (e) => {
    const code = codeOf(e)
    return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED" || code === "SQLITE_BUSY_SNAPSHOT"
  },
  isUniqueViolation: (e) => {
    const code = codeOf(e)
    return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  }
}

/**
 * Postgres (pg): every transaction is SERIALIZABLE, so invariants that span rows (capacity,
 * balances, one captain) hold under concurrency; serialisation failures and deadlocks are
 * retried.
 *
 * Bulk inserts go through {@link unnestBulkInsert}.
 *
 * @category dialects
 * @since 0.1.0
 */
export const postgresTraits: DialectTraits = {
  name: "postgres",
  bulkInsert: unnestBulkInsert,
  begin: "begin isolation level serializable",
  forUpdate: true,
  isRetryable: (e) => {
    const code = codeOf(e)
    // 26000: a named statement the server no longer has (the client forgets the name first)
    return code === "40001" || code === "40P01" || code === "26000" || isPostgresConnectionLost(e)
  },
  isUniqueViolation: (e) => codeOf(e) === "23505",
  isConnectionLost: (e) => isPostgresConnectionLost(e),
  isLostBeforeAnswer: (e) => {
    const code = codeOf(e)
    return code === "57P01" || code === "57P02" || code === "57P03"
  }
}

/** The messages pg's client raises (without a SQLSTATE) when its socket is gone. */
const LOST = /connection terminated|connection error|not queryable|ECONNRESET|EPIPE|ECONNREFUSED|socket/i

/**
 * Whether a pg error means the session is gone: SQLSTATE class 08 (connection exception),
 * 57P01–57P03 (terminated by an administrator, crash shutdown, cannot connect now), or a
 * client-side socket error without a SQLSTATE.
 */
const isPostgresConnectionLost = (e: unknown): boolean => {
  const code = codeOf(e)
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) return code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03"
  const message = e instanceof Error ? e.message : typeof e === "string" ? e : ""
  return LOST.test(message)
}

/** A MySQL-family driver error's number (mysql2 puts it in `errno`; `code` is the symbolic name). */
const errnoOf = (e: unknown): number | undefined => {
  if (typeof e !== "object" || e === null) return undefined
  const n = (e as { errno?: unknown }).errno
  return typeof n === "number" ? n : undefined
}

/**
 * The MySQL-family error numbers retried as transient conflicts: the whole transaction is run
 * again. Tested on this machine (MariaDB 10.11, alone and as a Galera cluster): 1213 deadlock
 * (InnoDB's victim; also Galera's certification failure at COMMIT) and 1205 lock-wait timeout.
 * On paper only (from the vendors' documentation, no server here): TiDB 8002 (a `SELECT … FOR
 * UPDATE` write conflict in optimistic mode), 8005 (write conflict, optimistic) and 9007
 * (write conflict in TiKV); OceanBase (MySQL mode) 6002 (transaction rolled back) and 6224
 * (transaction killed) — OceanBase reports lock conflicts and deadlocks as 1205 and 1213 too.
 *
 * @category dialects
 * @since 0.1.0
 */
export const MYSQL_RETRYABLE_ERRORS: ReadonlySet<number> = new Set([1213, 1205, 8002, 8005, 9007, 6002, 6224])

/**
 * The MySQL family (MySQL 8, MariaDB 10.6+, and on paper TiDB and OceanBase in MySQL mode):
 * every transaction is SERIALIZABLE, which InnoDB implements with locks — each read takes
 * shared next-key locks, so two transactions that read the same scope (an activity's
 * assignments, a fund account, an identity key) and then write it deadlock, and the victim
 * is retried ({@link MYSQL_RETRYABLE_ERRORS}); 1062 (duplicate key) is the unique violation.
 * The adapter (`volunteer-brigade/mysql`) sets the isolation level per transaction and adds
 * its bulk path.
 *
 * @category dialects
 * @since 0.1.0
 */
export const mysqlTraits: DialectTraits = {
  name: "mysql",
  begin: "start transaction",
  isRetryable: (e) => {
    const n = errnoOf(e)
    return n !== undefined && MYSQL_RETRYABLE_ERRORS.has(n)
  },
  isUniqueViolation: (e) => errnoOf(e) === 1062,
  abortsOnError: false,
  spelling: { integerCast: "signed", integerDivide: "div", upsert: "onDuplicateKey" },
  // Store.lock updates the scope's vb_locks row: InnoDB holds its row lock to the end of the transaction
  forUpdate: true
}
