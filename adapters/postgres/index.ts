/**
 * `volunteer-brigade/postgres` — the Store on the host's pg Pool. Transactions are
 * SERIALIZABLE and retried on serialisation failure. A thin wrapper over the shared kysely
 * store.
 *
 * @example
 * ```ts
 * import pg from "pg"
 * import { layer } from "volunteer-brigade/postgres"
 * import { envKeyRing } from "volunteer-brigade/crypto"
 * const StoreLive = layer(new pg.Pool({ connectionString: process.env.DATABASE_URL }), { keyRing: envKeyRing() })
 * ```
 * @module volunteer-brigade/postgres
 */
import { Kysely, PostgresDialect, sql } from "kysely"
import type { Pool } from "pg"
import type { Layer } from "effect"
import type { IdGenerator, Store, StoreError } from "../../src/store.js"
import type { KeyRingShape } from "../../src/privacy.js"
import { makeKyselyStore, migrate, postgresTraits, type DialectTraits } from "../kysely/index.js"
import { ownedStoreLayer, storeLayer } from "../shared/layers.js"
import { clientPool, copyBulkInsert, type ClientPool } from "./copy.js"

export { clientPool, copyBulkInsert, type ClientPool } from "./copy.js"

/**
 * The Postgres traits for one pool: {@link postgresTraits} with the COPY bulk path.
 *
 * @example
 * ```ts
 * import pg from "pg"
 * import { clientPool, traitsFor } from "volunteer-brigade/postgres"
 * const traits = traitsFor(clientPool(new pg.Pool()))
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const traitsFor = (pool: ClientPool, options: Partial<PostgresOptions> = {}): DialectTraits => ({
  ...postgresTraits,
  bulkInsert: copyBulkInsert(pool),
  connect: pool.driverConnection,
  ...(options.preparedStatements === false ? {} : { prepare: pool.prepare })
})

/** Options of the Postgres layers. @category layers @since 0.1.0 */
export interface PostgresOptions {
  /** Apply pending migrations when the layer is built (default true). */
  readonly migrate?: boolean
  /**
   * Send the store's statements compiled once (reads by id, inserts, the check-in's join, the
   * audit insert) as named prepared statements (default true): each connection parses them
   * once and the server plans them once, which roughly halves a check-in's server work. Turn
   * it off behind a connection pooler in transaction mode that cannot keep prepared
   * statements (PgBouncer before 1.21, or 1.21+ without `max_prepared_statements`).
   */
  readonly preparedStatements?: boolean
  /**
   * The keys that seal personal fields (P1, P2) — required: a server database is shared and
   * long-lived, so the layer never invents a key (building it without one fails with a
   * `StoreError`). `volunteer-brigade/crypto` builds a ring from the environment
   * (`envKeyRing()`), or pass a KMS/HSM-backed ring (docs/privacy.md).
   */
  readonly keyRing: KeyRingShape
}

/**
 * Wraps a pg Pool in kysely.
 *
 * @example
 * ```ts
 * import pg from "pg"
 * import { kyselyFor } from "volunteer-brigade/postgres"
 * const db = kyselyFor(new pg.Pool())
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const kyselyFor = (pool: Pool): Kysely<any> => new Kysely<any>({ dialect: new PostgresDialect({ pool }) })

/** Serialises concurrent migrations of any schema on the server (a transaction-level lock). */
const advisoryLock = async (trx: Kysely<any>) => {
  await sql`select pg_advisory_xact_lock(7358123041)`.execute(trx)
}

const build = async (pool: Pool, options: PostgresOptions) => {
  const keyRing = options?.keyRing as KeyRingShape | undefined
  if (keyRing === undefined) throw new Error("a key ring is required: pass options.keyRing (docs/privacy.md)")
  const clients = clientPool(pool)
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: clients as never }) })
  if (options.migrate ?? true) await migrate(db, { lock: advisoryLock, keyRing })
  return makeKyselyStore(db, traitsFor(clients, options), keyRing)
}

/**
 * A layer providing the Store (and time-ordered ids) on the host's pg Pool. The host owns the pool and ends it.
 *
 * @example
 * ```ts
 * import pg from "pg"
 * import { layer } from "volunteer-brigade/postgres"
 * import { envKeyRing } from "volunteer-brigade/crypto"
 * const StoreLive = layer(new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:5432/test" }), { keyRing: envKeyRing() })
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer = (pool: Pool, options: PostgresOptions): Layer.Layer<Store | IdGenerator, StoreError> =>
  storeLayer("postgres.open", () => build(pool, options))

/**
 * A layer that creates (and on release ends) a pg Pool from a connection string.
 *
 * @example
 * ```ts
 * import { layerFromUrl } from "volunteer-brigade/postgres"
 * import { envKeyRing } from "volunteer-brigade/crypto"
 * const StoreLive = layerFromUrl(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test", { keyRing: envKeyRing() })
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layerFromUrl = (connectionString: string, options: PostgresOptions): Layer.Layer<Store | IdGenerator, StoreError> =>
  ownedStoreLayer(
    "postgres.open",
    async () => {
      const { default: pg } = await import("pg")
      return new pg.Pool({ connectionString })
    },
    (pool) => pool.end(),
    (pool) => build(pool, options)
  )
