/**
 * `volunteer-brigade/mysql` — the Store on the host's `mysql2` pool, for the MySQL family:
 * MySQL 8, MariaDB 10.6+ (alone or as a Galera cluster), and — on paper — TiDB and
 * OceanBase in MySQL mode. Transactions are SERIALIZABLE (InnoDB takes shared locks on what
 * they read) and retried on deadlock, lock-wait timeout and the distributed engines' write
 * conflicts; tables are `utf8mb4` with binary collation; migrations run one by one under
 * `GET_LOCK`, their DDL idempotent. A thin wrapper over the shared kysely store.
 *
 * @example
 * ```ts
 * import { createPool } from "mysql2"
 * import { layer } from "volunteer-brigade/mysql"
 * import { envKeyRing } from "volunteer-brigade/crypto"
 * const StoreLive = layer(createPool({ uri: "mysql://root@127.0.0.1:3306/brigade" }), { keyRing: envKeyRing() })
 * ```
 * @module volunteer-brigade/mysql
 */
import { CompiledQuery, Kysely, MysqlDialect, sql } from "kysely"
import type { Pool, PoolConnection } from "mysql2"
import type { Layer } from "effect"
import type { IdGenerator, Store, StoreError } from "../../src/store.js"
import type { KeyRingShape } from "../../src/privacy.js"
import {
  makeKyselyStore,
  migrate,
  mysqlTraits,
  type BulkInsert,
  type DialectTraits,
  type DriverConnection,
  type Executed
} from "../kysely/index.js"
import { ownedStoreLayer, storeLayer } from "../shared/layers.js"

/** What mysql2 answers to a statement: rows for a read, an OK packet for a write. */
const executed = (result: unknown): Executed =>
  Array.isArray(result)
    ? { rows: result as ReadonlyArray<Record<string, unknown>>, affected: 0 }
    : { rows: [], affected: Number((result as { affectedRows?: number } | undefined)?.affectedRows ?? 0) }

/** Sends one statement on a raw connection (mysql2 queues statements per connection, in order). */
const query = (connection: PoolConnection, text: string, parameters: ReadonlyArray<unknown>): Promise<unknown> =>
  new Promise((resolve, reject) => {
    connection.query(text, parameters as Array<unknown>, (error, result) => (error ? reject(error) : resolve(result)))
  })

/**
 * kysely on ONE raw connection that kysely never releases (the caller does). With
 * `tolerate`, a statement failing with an error it accepts answers as an empty write instead.
 */
const kyselyOn = (connection: PoolConnection, tolerate?: (error: unknown) => boolean): Kysely<any> => {
  const held = {
    query: (text: string, parameters: Array<unknown>, callback?: (error: unknown, result?: unknown) => void) => {
      if (callback === undefined) return connection.query(text, parameters)
      return connection.query(text, parameters, (error, result) =>
        error && tolerate?.(error) ? callback(null, { insertId: 0, affectedRows: 0 }) : callback(error, result)
      )
    },
    release: () => undefined
  }
  const pool = {
    getConnection: (callback: (error: unknown, connection: unknown) => void) => callback(null, held),
    end: (callback: (error: unknown) => void) => callback(null)
  }
  return new Kysely<any>({ dialect: new MysqlDialect({ pool: pool as never }) })
}

const takeConnection = (pool: Pool): Promise<PoolConnection> =>
  new Promise((resolve, reject) => pool.getConnection((error, connection) => (error ? reject(error) : resolve(connection))))

/**
 * Connections for the store's transactions: each is taken from the host's pool, told that
 * its next transaction is SERIALIZABLE (`set transaction`, which lasts one transaction and
 * leaves the host's session settings alone), and sends the store's statements straight to
 * mysql2, queued in order without waiting for each other's answers.
 *
 * @example
 * ```ts
 * import { createPool } from "mysql2"
 * import { driverConnections } from "volunteer-brigade/mysql"
 * const connect = driverConnections(createPool({ uri: "mysql://root@127.0.0.1:3306/test" }))
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const driverConnections = (pool: Pool): (() => Promise<DriverConnection>) => {
  const kyselys = new WeakMap<PoolConnection, Kysely<any>>()
  return async () => {
    const connection = await takeConnection(pool)
    query(connection, "set transaction isolation level serializable", []).catch(() => undefined)
    return {
      query: async (text, parameters) => executed(await query(connection, text, parameters)),
      kysely: () => {
        let k = kyselys.get(connection)
        if (k === undefined) kyselys.set(connection, (k = kyselyOn(connection)))
        return k
      },
      release: () => connection.release()
    }
  }
}

/** Rows per multi-row insert of the bulk path: about 1 MB of SQL for hour entries, well under the 16 MB default `max_allowed_packet`. */
const BULK_BATCH = 2_000

const quote = (name: string) => `\`${name.replaceAll("`", "``")}\``

/**
 * The MySQL bulk path: multi-row `insert … values (…), (…)` of `BULK_BATCH` rows per
 * statement on the transaction's connection (mysql2 escapes the values into the statement
 * client-side, so one batch is one round trip and one parse).
 *
 * @example
 * ```ts
 * import { multiRowBulkInsert } from "volunteer-brigade/mysql"
 * declare const db: import("kysely").Kysely<any>
 * await multiRowBulkInsert(db, "vb_hours", ["id"], [["h-1"]])
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const multiRowBulkInsert: BulkInsert = async (db, table, columns, rows) => {
  const head = `insert into ${quote(table)} (${columns.map(quote).join(", ")}) values `
  const tuple = `(${columns.map(() => "?").join(", ")})`
  for (let i = 0; i < rows.length; i += BULK_BATCH) {
    const batch = rows.slice(i, i + BULK_BATCH)
    const parameters: Array<string | number | null> = []
    for (const row of batch) for (let c = 0; c < columns.length; c++) parameters.push(row[c] ?? null)
    await db.executeQuery(CompiledQuery.raw(head + Array(batch.length).fill(tuple).join(", "), parameters))
  }
}

/**
 * The MySQL traits for one pool: {@link mysqlTraits} with per-transaction serializable
 * connections ({@link driverConnections}) and the multi-row bulk path.
 *
 * @example
 * ```ts
 * import { createPool } from "mysql2"
 * import { traitsFor } from "volunteer-brigade/mysql"
 * const traits = traitsFor(createPool({ uri: "mysql://root@127.0.0.1:3306/test" }))
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const traitsFor = (pool: Pool): DialectTraits => ({
  ...mysqlTraits,
  bulkInsert: multiRowBulkInsert,
  connect: driverConnections(pool)
})

/**
 * Wraps a mysql2 pool in kysely.
 *
 * @example
 * ```ts
 * import { createPool } from "mysql2"
 * import { kyselyFor } from "volunteer-brigade/mysql"
 * const db = kyselyFor(createPool({ uri: "mysql://root@127.0.0.1:3306/test" }))
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const kyselyFor = (pool: Pool): Kysely<any> => new Kysely<any>({ dialect: new MysqlDialect({ pool: pool as never }) })

/**
 * What a re-run of an interrupted migration may find done already: 1050 table exists, 1060
 * column exists, 1061 index exists, 1091 column or index already dropped, 1062 the seed row
 * already there, 1054 a column already dropped (0005 copies `vb_hours.data` into columns and
 * drops it: re-run after the drop, the copy reads no rows).
 */
const ALREADY_DONE = new Set([1050, 1054, 1060, 1061, 1091, 1062])

const alreadyDone = (error: unknown): boolean => {
  const n = (error as { errno?: unknown } | null)?.errno
  return typeof n === "number" && ALREADY_DONE.has(n)
}

/** Seconds a migration waits for another process's migration of the same database. */
const MIGRATION_LOCK_WAIT = 120

/**
 * Applies the pending migrations on one connection of `pool`. MySQL's DDL commits as it
 * goes, so the migrations run one by one, each recorded when done; `GET_LOCK` (named after
 * the database) serialises concurrent migrators; the DDL of a migration interrupted half-way
 * is idempotent on the re-run (see `ALREADY_DONE`). On Galera, `GET_LOCK` is local to a
 * node: migrate through one node.
 *
 * @example
 * ```ts
 * import { createPool } from "mysql2"
 * import { migrateMysql } from "volunteer-brigade/mysql"
 * await migrateMysql(createPool({ uri: "mysql://root@127.0.0.1:3306/test" }))
 * ```
 * @category migrations
 * @since 0.1.0
 */
export const migrateMysql = async (pool: Pool, keyRing?: KeyRingShape): Promise<void> => {
  const connection = await takeConnection(pool)
  const db = kyselyOn(connection, alreadyDone)
  try {
    const got = await sql<{ got: number | null }>`select get_lock(concat('vb_migrate:', database()), ${MIGRATION_LOCK_WAIT}) as got`.execute(db)
    if (Number(got.rows[0]?.got) !== 1) throw new Error(`another migration held the lock for ${MIGRATION_LOCK_WAIT} s`)
    try {
      await migrate(db, { transactional: false, ...(keyRing === undefined ? {} : { keyRing }) })
    } finally {
      await sql`do release_lock(concat('vb_migrate:', database()))`.execute(db)
    }
  } finally {
    connection.release()
  }
}

/** Options of the MySQL layers. @category layers @since 0.1.0 */
export interface MysqlOptions {
  /** Apply pending migrations when the layer is built (default true). */
  readonly migrate?: boolean
  /**
   * The keys that seal personal fields (P1, P2) — required, as on Postgres: a server database
   * is shared and long-lived, so the layer never invents a key (building it without one fails
   * with a `StoreError`). `volunteer-brigade/crypto` builds a ring from the environment
   * (`envKeyRing()`), or pass a KMS/HSM-backed ring (docs/privacy.md).
   */
  readonly keyRing: KeyRingShape
}

const build = async (pool: Pool, options: MysqlOptions) => {
  const keyRing = options?.keyRing as KeyRingShape | undefined
  if (keyRing === undefined) throw new Error("a key ring is required: pass options.keyRing (docs/privacy.md)")
  if (options.migrate ?? true) await migrateMysql(pool, keyRing)
  return makeKyselyStore(kyselyFor(pool), traitsFor(pool), keyRing)
}

/**
 * A layer providing the Store (and time-ordered ids) on the host's mysql2 pool (the callback
 * pool of `mysql2`'s `createPool`, not `mysql2/promise`). The host owns the pool and ends it.
 * Keep mysql2's default `FOUND_ROWS` flag (an update that changes nothing must still count
 * its row) and a strict `sql_mode` (the server default).
 *
 * @example
 * ```ts
 * import { createPool } from "mysql2"
 * import { layer } from "volunteer-brigade/mysql"
 * import { envKeyRing } from "volunteer-brigade/crypto"
 * const StoreLive = layer(createPool({ uri: "mysql://root@127.0.0.1:3306/test", charset: "utf8mb4" }), { keyRing: envKeyRing() })
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer = (pool: Pool, options: MysqlOptions): Layer.Layer<Store | IdGenerator, StoreError> =>
  storeLayer("mysql.open", () => build(pool, options))

/**
 * A layer that creates (and on release ends) a mysql2 pool from a connection URI
 * (`mysql://user:password@host:port/database`), with the `utf8mb4` character set.
 *
 * @example
 * ```ts
 * import { layerFromUrl } from "volunteer-brigade/mysql"
 * import { envKeyRing } from "volunteer-brigade/crypto"
 * const StoreLive = layerFromUrl(process.env.MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test", { keyRing: envKeyRing() })
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layerFromUrl = (uri: string, options: MysqlOptions): Layer.Layer<Store | IdGenerator, StoreError> =>
  ownedStoreLayer(
    "mysql.open",
    async () => {
      const { createPool } = await import("mysql2")
      return createPool({ uri, charset: "utf8mb4" })
    },
    (pool) => new Promise<void>((resolve) => pool.end(() => resolve())),
    (pool) => build(pool, options)
  )
