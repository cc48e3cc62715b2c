/**
 * `volunteer-brigade/sqlite` — the embedded default: the Store on a better-sqlite3 database
 * (WAL journal at `synchronous = FULL`, so an acknowledged write survives a power loss; foreign
 * keys on; a busy timeout so several connections to one file wait instead of failing). A thin wrapper over the shared kysely store.
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { layer } from "volunteer-brigade/sqlite"
 * const StoreLive = layer(new Database("brigade.db"))
 * ```
 * @module volunteer-brigade/sqlite
 */
import type { Kysely } from "kysely"
import type BetterSqlite3 from "better-sqlite3"
import type { Layer } from "effect"
import type { IdGenerator, Store, StoreError } from "../../src/store.js"
import type { KeyRingShape } from "../../src/privacy.js"
import { makeKyselyStore, migrate, sqliteTraits, type DialectTraits } from "../kysely/index.js"
import { ephemeralKeyRing, keyFileRing } from "../shared/keyring.js"
import { ownedStoreLayer, storeLayer } from "../shared/layers.js"
import { preparedBulkInsert } from "./bulk.js"
import { exclusiveConnection, lockingKysely } from "./statements.js"

export { preparedBulkInsert } from "./bulk.js"
export { exclusiveConnection } from "./statements.js"

/**
 * The SQLite traits for one database: {@link sqliteTraits} with the prepared-statement bulk
 * path and the exclusive connection ({@link exclusiveConnection}): transactions run
 * synchronously in one fiber, with prepared statements reused. Pair it with
 * {@link kyselyFor} on the same database, whose connections take the same lock.
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { traitsFor } from "volunteer-brigade/sqlite"
 * const traits = traitsFor(new Database(":memory:"))
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const traitsFor = (database: BetterSqlite3.Database): DialectTraits => ({
  ...sqliteTraits,
  bulkInsert: preparedBulkInsert(database),
  exclusive: exclusiveConnection(database)
})

/** Options of the SQLite layers. @category layers @since 0.1.0 */
export interface SqliteOptions {
  /** Apply pending migrations when the layer is built (default true). */
  readonly migrate?: boolean
  /**
   * Milliseconds a connection waits for another's write lock (default 5000). The wait is
   * synchronous in better-sqlite3: with several connections to one file in ONE process, pass
   * 0 so the store's retry policy (which yields to the event loop) does the waiting instead;
   * keep the default when the other connections live in other processes.
   */
  readonly busyTimeoutMs?: number
  /**
   * SQLite's `synchronous` setting for the connection (default `"full"`): at FULL every commit
   * is flushed to disk before it is acknowledged, so a check-in the library has acknowledged
   * survives a power loss or an OS crash. `"normal"` (the WAL default of the bundled SQLite)
   * skips that flush: commits are faster and the file never corrupts, but the last commits
   * before a power loss or OS crash can be lost (an application crash loses nothing). Choose
   * it only where the host can replay recent writes from elsewhere.
   */
  readonly synchronous?: "full" | "normal"
  /**
   * The keys that seal personal fields (P1, P2; `volunteer-brigade/crypto` builds one from
   * the environment or a key file, or bring your own KMS/HSM-backed ring). Without it, a file
   * database gets a development key file `<file>.keys.json` beside it, created on first use
   * and announced once on stderr; an in-memory database gets an ephemeral key. Production
   * passes its keys explicitly (docs/privacy.md).
   */
  readonly keyRing?: KeyRingShape
}

/**
 * Prepares a better-sqlite3 database for the store and wraps it in kysely, with prepared
 * statements cached per SQL text (kysely's SQLite driver would prepare each one anew).
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { kyselyFor } from "volunteer-brigade/sqlite"
 * const db = kyselyFor(new Database(":memory:"))
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const kyselyFor = (database: BetterSqlite3.Database, options: SqliteOptions = {}): Kysely<any> => {
  database.pragma("journal_mode = WAL")
  database.pragma("foreign_keys = ON")
  // P7: freed cells (an erased or re-sealed record's old version) are overwritten with zeros
  database.pragma("secure_delete = ON")
  database.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`)
  // after journal_mode: switching to WAL may reset it to the build's WAL default (NORMAL)
  database.pragma(`synchronous = ${options.synchronous === "normal" ? "NORMAL" : "FULL"}`)
  return lockingKysely(database)
}

/** The ring of a database opened without one: a key file beside the file, or an ephemeral key. */
const defaultRing = (database: BetterSqlite3.Database): KeyRingShape =>
  database.memory || database.name === "" ? ephemeralKeyRing() : keyFileRing(`${database.name}.keys.json`)

const build = async (database: BetterSqlite3.Database, options: SqliteOptions) => {
  const db = kyselyFor(database, options)
  const keyRing = options.keyRing ?? defaultRing(database)
  if (options.migrate ?? true) await migrate(db, { keyRing })
  return makeKyselyStore(db, traitsFor(database), keyRing)
}

/**
 * A layer providing the Store (and time-ordered ids) on the host's better-sqlite3 database. The host owns the
 * database and closes it.
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { layer } from "volunteer-brigade/sqlite"
 * const StoreLive = layer(new Database("brigade.db"))
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer = (database: BetterSqlite3.Database, options: SqliteOptions = {}): Layer.Layer<Store | IdGenerator, StoreError> =>
  storeLayer("sqlite.open", () => build(database, options))

/**
 * A layer that opens (and on release closes) a SQLite file, creating it if needed.
 *
 * @example
 * ```ts
 * import { layerFromFile } from "volunteer-brigade/sqlite"
 * const StoreLive = layerFromFile("out/brigade.db")
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layerFromFile = (filename: string, options: SqliteOptions = {}): Layer.Layer<Store | IdGenerator, StoreError> =>
  ownedStoreLayer(
    "sqlite.open",
    async () => {
      const { default: Database } = await import("better-sqlite3")
      return new Database(filename)
    },
    (database) => void database.close(),
    (database) => build(database, options)
  )
