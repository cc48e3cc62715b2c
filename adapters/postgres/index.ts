/**
 * `volunteer-brigade/postgres` — the Store on the host's pg Pool. Transactions run at the
 * chosen isolation (SERIALIZABLE by default) and are retried on serialisation failure; the
 * invariants rest on scope locks. A lost connection ends the call with a typed StoreError and
 * never the host process: the pool and every client the store holds have an `'error'`
 * listener. A thin wrapper over the shared kysely store.
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
  begin: `begin isolation level ${ISOLATION[options.isolation ?? "serializable"]}`,
  bulkInsert: copyBulkInsert(pool),
  connect: pool.driverConnection,
  ...(options.preparedStatements === false ? {} : { prepare: pool.prepare })
})

/**
 * The isolation level of the store's transactions. Every invariant that spans rows (capacity,
 * one captain, the fund balance, serials, one registration) holds at each of them, because
 * each guarded write first locks the row that scopes it (`select … for update`); SERIALIZABLE
 * adds protection for reads of several scopes at once, at the price of serialisation retries
 * under contention. See docs/decisions/isolation.md.
 *
 * @category layers
 * @since 0.1.0
 */
export type Isolation = "readCommitted" | "repeatableRead" | "serializable"

const ISOLATION: Record<Isolation, string> = {
  readCommitted: "read committed",
  repeatableRead: "repeatable read",
  serializable: "serializable"
}

/** Options of the Postgres layers. @category layers @since 0.1.0 */
export interface PostgresOptions {
  /**
   * The transactions' isolation level (default `"serializable"`). `"readCommitted"` suits
   * engines whose SERIALIZABLE is weaker than Postgres's (openGauss/GaussDB) and heavy
   * contention: the invariants rest on row locks, not on the isolation level.
   */
  readonly isolation?: Isolation
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

/** Pools the store has given an `'error'` listener. */
const listened = new WeakSet<Pool>()

/**
 * Gives a pool an `'error'` listener: pg-pool emits `'error'` when an idle client's connection
 * fails (the server terminated it, or restarted), and an emitter with no listener ends the
 * Node process. The failed client is already out of the pool, and the next checkout opens a
 * new connection, so there is nothing else to do.
 */
const listen = (pool: Pool): void => {
  if (listened.has(pool)) return
  listened.add(pool)
  pool.on("error", () => undefined)
}

const build = async (pool: Pool, options: PostgresOptions) => {
  listen(pool)
  const keyRing = options?.keyRing as KeyRingShape | undefined
  if (keyRing === undefined) throw new Error("a key ring is required: pass options.keyRing (docs/privacy.md)")
  const clients = clientPool(pool)
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: clients as never }) })
  if (options.migrate ?? true) await migrate(db, { lock: advisoryLock, keyRing })
  return makeKyselyStore(db, traitsFor(clients, options), keyRing)
}

/**
 * A layer providing the Store (and time-ordered ids) on the host's pg Pool. The host owns the pool and ends it.
 * The layer gives the pool an `'error'` listener (an idle client whose connection fails is
 * dropped by pg-pool; without a listener Node would end the process) and every client it opens
 * from then on one for life.
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
