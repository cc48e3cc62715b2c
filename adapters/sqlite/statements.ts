/**
 * The store's hold on one better-sqlite3 database: prepared statements compiled once per SQL
 * text and reused (kysely's SQLite driver prepares every statement it runs, which costs more
 * than running a short one), and one lock shared by the store's own transactions and by
 * every connection kysely hands out, so the store can run a whole transaction synchronously
 * in one fiber (see `DialectTraits.exclusive`).
 */
import { Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from "kysely"
import type BetterSqlite3 from "better-sqlite3"
import type { ExclusiveConnection, ExecuteSync } from "../kysely/traits.js"

/** Statements kept per database before the cache starts afresh (`in` filters make many texts). */
const CAPACITY = 512

/** A FIFO lock whose uncontended acquisition is synchronous. */
class Lock {
  #held = false
  readonly #waiters: Array<() => void> = []
  tryAcquire = (): boolean => {
    if (this.#held) return false
    this.#held = true
    return true
  }
  acquire = (): Promise<void> => (this.tryAcquire() ? Promise.resolve() : new Promise((resolve) => this.#waiters.push(resolve)))
  release = (): void => {
    const next = this.#waiters.shift()
    if (next === undefined) this.#held = false
    else next()
  }
}

interface Session {
  readonly lock: Lock
  readonly prepare: (sql: string) => BetterSqlite3.Statement
  readonly execute: ExecuteSync
  held?: Kysely<any>
}

const sessions = new WeakMap<BetterSqlite3.Database, Session>()

const sessionOf = (database: BetterSqlite3.Database): Session => {
  let session = sessions.get(database)
  if (session === undefined) {
    const statements = new Map<string, BetterSqlite3.Statement>()
    const prepare = (sql: string) => {
      let statement = statements.get(sql)
      if (statement === undefined) {
        statement = database.prepare(sql)
        // the store's own statements are a few dozen; texts past the bound (filters with long
        // `in` lists) start the cache afresh rather than paying for recency on every hit
        if (statements.size >= CAPACITY) statements.clear()
        statements.set(sql, statement)
      }
      return statement
    }
    const execute: ExecuteSync = (sql, parameters) => {
      const statement = prepare(sql)
      return statement.reader
        ? { rows: statement.all(parameters as Array<unknown>) as ReadonlyArray<Record<string, unknown>>, affected: 0 }
        : { rows: [], affected: Number(statement.run(parameters as Array<unknown>).changes) }
    }
    session = { lock: new Lock(), prepare, execute }
    sessions.set(database, session)
  }
  return session
}

/** The database as kysely's driver sees it: cached `prepare`; kysely's `destroy()` closes it. */
const cached = (database: BetterSqlite3.Database, session: Session) => ({
  prepare: session.prepare,
  close: () => void database.close()
})

/** kysely's SQLite driver that also takes the session's lock for every connection it hands out. */
class LockingDriver extends SqliteDriver {
  readonly #lock: Lock
  constructor(config: SqliteDialectConfig, lock: Lock) {
    super(config)
    this.#lock = lock
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock.acquire()
    return super.acquireConnection()
  }
  override async releaseConnection(): Promise<void> {
    await super.releaseConnection()
    this.#lock.release()
  }
}

class LockingDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig
  readonly #lock: Lock
  constructor(config: SqliteDialectConfig, lock: Lock) {
    super(config)
    this.#config = config
    this.#lock = lock
  }
  override createDriver(): Driver {
    return new LockingDriver(this.#config, this.#lock)
  }
}

/**
 * kysely on the database, taking the store's lock for each connection (so its queries and
 * the store's transactions never interleave) and reusing prepared statements.
 */
export const lockingKysely = (database: BetterSqlite3.Database): Kysely<any> => {
  const session = sessionOf(database)
  return new Kysely<any>({ dialect: new LockingDialect({ database: cached(database, session) }, session.lock) })
}

/**
 * The store's exclusive connection on one database (the lock, kysely without the lock for
 * use while holding it, and the synchronous statement runner).
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { exclusiveConnection } from "volunteer-brigade/sqlite"
 * const connection = exclusiveConnection(new Database(":memory:"))
 * if (connection.tryAcquire()) {
 *   const { rows } = connection.execute("select 1 as one", [])
 *   connection.release()
 * }
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const exclusiveConnection = (database: BetterSqlite3.Database): ExclusiveConnection => {
  const session = sessionOf(database)
  session.held ??= new Kysely<any>({ dialect: new SqliteDialect({ database: cached(database, session) }) })
  return {
    tryAcquire: session.lock.tryAcquire,
    acquire: session.lock.acquire,
    release: session.lock.release,
    held: session.held,
    execute: session.execute
  }
}
