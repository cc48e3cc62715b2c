/**
 * The only place where SQL dialects differ. Everything else in the kysely store is one
 * copy of the SQL for every database.
 */

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
 * @category dialects
 * @since 0.1.0
 */
export const postgresTraits: DialectTraits = {
  name: "postgres",
  begin: "begin isolation level serializable",
  isRetryable: (e) => {
    const code = codeOf(e)
    return code === "40001" || code === "40P01"
  },
  isUniqueViolation: (e) => codeOf(e) === "23505"
}
