/**
 * The Postgres bulk path: `COPY … FROM STDIN` (text format) through `pg-copy-streams`, on the
 * pg client of the store's current transaction. kysely hides that client, so the adapter
 * hands kysely a pool whose clients answer one marker query by registering themselves under
 * a token ({@link clientPool}); the bulk insert sends the marker through the transaction's
 * kysely connection and looks the client up. Without `pg-copy-streams` installed (an optional
 * peer), bulk inserts fall back to {@link unnestBulkInsert}.
 */
import { Kysely, PostgresDialect, sql } from "kysely"
import type { Pool, PoolClient, QueryResult } from "pg"
import { createHash } from "node:crypto"
import { Readable } from "node:stream"
import { pipeline } from "node:stream/promises"
import { unnestBulkInsert, type BulkInsert, type DriverConnection, type DriverResult } from "../kysely/traits.js"

const MARK = "/* volunteer-brigade:client "
let tokens = 0

/**
 * Sets pg's query pipelining flag (`client.pipeline`, in the pg releases that have it) and
 * returns what it was. The store turns it on while it holds a client and puts it back when it
 * hands the client back, so its transactions send statements back to back without changing
 * how the host's own code uses the pool's clients. On a pg without pipelining the flag is
 * ignored and statements queue one after another, as before.
 */
const pipelining = (client: PoolClient, on: boolean): boolean => {
  const flags = client as unknown as { pipeline?: boolean }
  const before = flags.pipeline === true
  flags.pipeline = on
  return before
}

/** The host's pipelining setting of each client the store holds. */
const hostPipelining = new WeakMap<PoolClient, boolean>()

const corked = new WeakSet<PoolClient>()

/**
 * On a client with pipelining on, statements sent in one turn of the event loop (`begin`
 * with the prefetched reads; the appends with `commit`) leave in one socket write: the
 * socket is corked at the first and uncorked once the current microtasks have run. pg corks each query on its own; this makes
 * it one write per batch instead of one per statement. No statement waits for the uncork:
 * an answer can only arrive in a later turn.
 */
const batch = (client: PoolClient): void => {
  if ((client as unknown as { pipeline?: boolean }).pipeline !== true || corked.has(client)) return
  const stream = (client as unknown as { connection?: { stream?: { cork?: () => void; uncork?: () => void } } }).connection?.stream
  if (stream?.cork === undefined || stream.uncork === undefined) return
  stream.cork()
  corked.add(client)
  process.nextTick(() => {
    corked.delete(client)
    stream.uncork!()
  })
}

/** pg's `Query` class (`Client.Query`): a submittable query with a callback. */
type PgQuery = new (text: string, values: ReadonlyArray<unknown>, callback: (error: unknown, result: QueryResult) => void) => { name?: string }

const same = <A>(a: A): A => a

/**
 * The `'error'` a held client emitted (its socket died, or the server terminated its session),
 * kept until the client is handed back so the pool drops it instead of reusing it.
 */
const broken = new WeakMap<PoolClient, unknown>()
const listeners = new WeakMap<PoolClient, (error: unknown) => void>()

/**
 * Listens for `'error'` on a client for as long as the store holds it. pg emits `'error'` on a
 * client whose connection fails; pg-pool listens only while the client is idle, so an error
 * while the store held it had no listener and Node ended the host process. The query in
 * flight fails anyway (pg rejects every queued query), so the listener only remembers it.
 */
const hold = (client: PoolClient): void => {
  const listener = (error: unknown) => {
    broken.set(client, error)
  }
  client.on("error", listener)
  listeners.set(client, listener)
}

/** Pools whose new clients get a listener for life (see {@link watch}). */
const watched = new WeakSet<Pool>()

/**
 * Gives every client the pool opens from now on an `'error'` listener for its whole life.
 * pg-pool hands a new client over in the same turn as the server's answer to its startup, and
 * a server that terminated the session at once (an administrator, a restart) sends its error
 * in that very packet: before anyone who asked for the client could listen.
 */
const watch = (pool: Pool): void => {
  if (watched.has(pool)) return
  watched.add(pool)
  pool.on("connect", (client: PoolClient) => {
    client.on("error", (error: unknown) => {
      broken.set(client, error)
    })
  })
}

/** Hands a held client back to its pool: a broken one with its error, so pg-pool destroys it. */
const handBack = (client: PoolClient, release: (error?: Error | boolean) => void, given: unknown): void => {
  const error = broken.get(client)
  broken.delete(client)
  const listener = listeners.get(client)
  listeners.delete(client)
  try {
    release(error instanceof Error ? error : error !== undefined ? true : (given as Error | boolean | undefined))
  } finally {
    if (listener !== undefined) client.off("error", listener)
  }
}

/**
 * Forgets a named statement on a client after a failure the server did not report: pg sends
 * `Parse` and marks the name as submitted before it serialises the parameters, and when that
 * throws (a value whose `toJSON` throws, a Proxy) it closes the statement on the server but
 * keeps the name, so every later use on that connection failed with `prepared statement …
 * does not exist`. Also after the server says so (26000), so the retry parses it again.
 */
const forget = (client: PoolClient, name: string): void => {
  const connection = (client as unknown as { connection?: { parsedStatements?: Record<string, unknown>; submittedNamedStatements?: Record<string, unknown> } })
    .connection
  if (connection === undefined) return
  if (connection.parsedStatements !== undefined) delete connection.parsedStatements[name]
  if (connection.submittedNamedStatements !== undefined) delete connection.submittedNamedStatements[name]
}

/** Whether an error came from the server (pg's DatabaseError carries a severity). */
const fromServer = (error: unknown): boolean => typeof error === "object" && error !== null && "severity" in error

/** A pool for kysely's PostgresDialect whose clients can be found from a kysely connection. */
export interface ClientPool {
  readonly connect: () => Promise<PoolClient>
  readonly end: () => Promise<void>
  /**
   * A client for one of the store's transactions, as a {@link DriverConnection}: statements go
   * to pg directly (pipelined, prepared when named), not through kysely's connection provider.
   */
  readonly driverConnection: () => Promise<DriverConnection>
  /** The pg client registered under a marker token (then forgotten). */
  readonly take: (token: string) => PoolClient | undefined
  /**
   * Names a statement text: from then on the pool's clients send it as a named prepared
   * statement (pg parses it once per connection; the server parses and plans it once).
   */
  readonly prepare: (sql: string) => void
}

/**
 * A prepared statement's name: a digest of its text, so two stores on one pg pool (say, two
 * schemas) never give one name to two texts on the same connection.
 */
const nameOf = (sql: string): string => `vb_${createHash("sha256").update(sql).digest("base64url").slice(0, 32)}`

/**
 * Wraps the host's pool: every client it hands kysely is a proxy whose `query` answers the
 * marker statement `/* volunteer-brigade:client <token> *\/` by registering the real client
 * under `<token>` (nothing is sent to the server); everything else goes to the real client.
 * While the store holds a client, pg's query pipelining is on for it, and a statement text
 * named with `prepare` goes out as a named prepared statement.
 */
export const clientPool = (pool: Pool): ClientPool => {
  watch(pool)
  const found = new Map<string, PoolClient>()
  const names = new Map<string, string>()
  const proxies = new WeakMap<PoolClient, PoolClient>()
  /** kysely on one client (the store's transactions use it for queries built per call). */
  const kyselys = new WeakMap<PoolClient, Kysely<any>>()
  /**
   * Sends a statement on a client the store holds: corked with the rest of the turn, named
   * when prepared. pg's own `Query` is built and submitted directly (one callback, where
   * `client.query` would copy a config object and chain two promises); a client without a
   * `Query` constructor gets `client.query`.
   */
  const send = <A>(client: PoolClient, text: string, values: ReadonlyArray<unknown>, answer: (r: QueryResult) => A): Promise<A> => {
    batch(client)
    const name = names.get(text)
    const Query = (client.constructor as { Query?: PgQuery }).Query
    const failed = (error: unknown): never => {
      if (name !== undefined && (!fromServer(error) || (error as { code?: unknown }).code === "26000")) forget(client, name)
      throw error
    }
    if (Query === undefined)
      return (name !== undefined ? client.query({ name, text, values: values as Array<unknown> }) : client.query(text, values as Array<unknown>)).then(
        answer,
        failed
      )
    return new Promise<A>((resolve, reject) => {
      const query = new Query(text, values, (error: unknown, r: QueryResult) => {
        if (!error) return resolve(answer(r))
        try {
          failed(error)
        } catch (e) {
          reject(e)
        }
      })
      if (name !== undefined) query.name = name
      client.query(query as never)
    })
  }
  const proxy = (client: PoolClient): PoolClient => {
    let p = proxies.get(client)
    if (p === undefined) {
      const query = (text: unknown, ...rest: Array<unknown>): unknown => {
        if (typeof text === "string" && text.startsWith(MARK)) {
          found.set(text.slice(MARK.length, text.indexOf(" */")), client)
          return Promise.resolve({ command: "SELECT", rowCount: 0, rows: [] })
        }
        if (typeof text === "string" && rest.length === 1 && Array.isArray(rest[0])) return send(client, text, rest[0], same)
        batch(client)
        return (client.query as (...a: Array<unknown>) => unknown)(text, ...rest)
      }
      const release = (given?: unknown): void => {
        pipelining(client, hostPipelining.get(client) ?? false)
        handBack(client, client.release.bind(client) as (error?: Error | boolean) => void, given)
      }
      p = new Proxy(client, {
        get: (target, key) => {
          if (key === "query") return query
          if (key === "release") return release
          const v = Reflect.get(target, key, target) as unknown
          return typeof v === "function" ? (v as (...a: Array<unknown>) => unknown).bind(target) : v
        }
      })
      proxies.set(client, p)
    }
    return p
  }
  const connect = async () => {
    const client = await pool.connect()
    hold(client)
    hostPipelining.set(client, pipelining(client, true))
    return client
  }
  const kyselyOn = (client: PoolClient): Kysely<any> => {
    let k = kyselys.get(client)
    if (k === undefined) {
      // a pool of this one client, which kysely never releases: the transaction does
      const held = { query: proxy(client).query, release: () => undefined }
      k = new Kysely<any>({ dialect: new PostgresDialect({ pool: { connect: async () => held as never, end: async () => undefined } }) })
      kyselys.set(client, k)
    }
    return k
  }
  const result = (r: QueryResult): DriverResult => ({ rows: r.rows, affected: r.rowCount ?? 0, command: r.command })
  return {
    connect: async () => proxy(await connect()),
    driverConnection: async () => {
      const client = await connect()
      return {
        query: (text, values) => send(client, text, values, result),
        kysely: () => kyselyOn(client),
        release: () => proxy(client).release()
      }
    },
    end: () => pool.end(),
    take: (token) => {
      const c = found.get(token)
      found.delete(token)
      return c
    },
    prepare: (sql) => {
      if (!names.has(sql)) names.set(sql, nameOf(sql))
    }
  }
}

/** One value in COPY's text format: `\N` for null, backslash escapes for the rest. */
const field = (v: string | number | null): string =>
  v === null
    ? "\\N"
    : typeof v === "number"
      ? String(v)
      : /[\\\t\n\r]/.test(v)
        ? v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
        : v

/** Rows per chunk written to the COPY stream. */
const CHUNK = 5_000

function* lines(rows: ReadonlyArray<ReadonlyArray<string | number | null>>, width: number): Generator<string> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    let out = ""
    const end = Math.min(rows.length, i + CHUNK)
    for (let r = i; r < end; r++) {
      const row = rows[r]!
      for (let c = 0; c < width; c++) out += (c === 0 ? "" : "\t") + field(row[c] ?? null)
      out += "\n"
    }
    yield out
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

type CopyFrom = (text: string) => NodeJS.WritableStream

let copyFrom: Promise<CopyFrom | undefined> | undefined
const loadCopyFrom = (): Promise<CopyFrom | undefined> =>
  (copyFrom ??= import("pg-copy-streams").then(
    (m) => (m as unknown as { from: CopyFrom }).from ?? (m as unknown as { default: { from: CopyFrom } }).default.from,
    () => undefined
  ))

/**
 * A {@link BulkInsert} that streams rows with `COPY FROM STDIN` on the transaction's own
 * client (so the rows commit or roll back with it); {@link unnestBulkInsert} when
 * `pg-copy-streams` is not installed or the client cannot be found.
 *
 * @example
 * ```ts
 * import pg from "pg"
 * import { clientPool, copyBulkInsert } from "volunteer-brigade/postgres"
 * const bulkInsert = copyBulkInsert(clientPool(new pg.Pool()))
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const copyBulkInsert = (pool: ClientPool): BulkInsert => async (db, table, columns, rows) => {
  const from = await loadCopyFrom()
  if (from === undefined) return unnestBulkInsert(db, table, columns, rows)
  tokens += 1
  const token = `${process.pid}.${tokens}`
  await sql.raw(`${MARK}${token} */ select 1`).execute(db)
  const client = pool.take(token)
  if (client === undefined) return unnestBulkInsert(db, table, columns, rows)
  // COPY cannot share a pipelined connection: nothing else is in flight here (the store settles
  // every statement before a kysely query), so pipelining is off for the copy and back on after
  pipelining(client, false)
  try {
    const copy = client.query(from(`copy ${quote(table)} (${columns.map(quote).join(",")}) from stdin`) as never) as unknown as NodeJS.WritableStream
    await pipeline(Readable.from(lines(rows, columns.length)), copy)
  } finally {
    pipelining(client, true)
  }
}
