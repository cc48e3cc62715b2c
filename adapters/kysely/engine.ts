/**
 * The SQL store's engine: running queries as Effects that fail only with `StoreError`, the
 * transaction combinator, and decoding of stored records through their domain Schemas.
 */
import { CompiledQuery, SelectQueryNode, type Compilable, type Kysely, type QueryResult } from "kysely"
import { Context, Duration, Effect, Exit, Schedule, Schema } from "effect"
import { redact } from "../../src/identity.js"
import { NotFound, StoreError } from "../../src/store.js"
import type { Database } from "./database.js"
import type { DialectTraits, DriverConnection, DriverResult, ExclusiveConnection, Executed } from "./traits.js"

let instances = 0

const MAX_RETRY_DELAY = Duration.millis(100)
const FIRST_RETRY_DELAY = Duration.millis(2)

/** Exponential from 2 ms, capped at 100 ms and jittered: 30 retries wait at most ~3 s in all. */
const RETRY = Schedule.exponential("2 millis", 1.5).pipe(
  Schedule.modifyDelay(({ duration }) => Effect.succeed(Duration.min(duration, MAX_RETRY_DELAY))),
  Schedule.jittered
)

/** Freezes a decoded record and everything in it (plain data: objects and arrays). */
const deepFreeze = <A>(value: A): A => {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

/** Decoded records kept per schema (see `decode`). */
const DECODED_KEPT = 256

/**
 * A statement compiled once by the dialect's query compiler and run with fresh positional
 * parameters each time (`arity` of them, in the order the builder placed them).
 */
export interface Statement {
  readonly sql: string
  readonly arity: number
  /** A select: it may run before `begin` has answered and may be prefetched. */
  readonly read: boolean
}

export interface SqlEngine {
  readonly traits: DialectTraits
  /**
   * Runs a query built with kysely on the current transaction's connection (after every
   * statement sent before it has answered), or the pool outside one.
   */
  readonly run: <A>(operation: string, f: (db: Kysely<Database>) => Promise<A>) => Effect.Effect<A, StoreError>
  /** A thrown value as the StoreError of `operation` (retryable when the dialect says so). */
  readonly storeError: (operation: string, e: unknown) => StoreError
  /** Runs a synchronous step (a row codec, say); a throw is a StoreError of `operation`. */
  readonly sync: <A>(operation: string, f: () => A) => Effect.Effect<A, StoreError>
  /**
   * Compiles a query once (lazily, on first use): `build` gets the database and a placeholder
   * for each parameter; the compiled text must have exactly `arity` parameters.
   */
  readonly compile: (arity: number, build: (db: Kysely<Database>) => Compilable) => () => Statement
  /**
   * Runs a compiled statement with `parameters`: synchronously on the dialect's exclusive
   * connection when it has one, on the transaction's driver connection (pipelined behind the
   * statements before it) or through kysely otherwise — never building the query again.
   */
  readonly execute: (operation: string, statement: Statement, parameters: ReadonlyArray<unknown>) => Effect.Effect<Executed, StoreError>
  /**
   * An append to an append-only table: inside a transaction on an async connection it is
   * sent and not waited for — the commit (or the next statement) is pipelined behind it and
   * its failure fails the transaction; elsewhere it is {@link execute}.
   */
  readonly append: (operation: string, statement: Statement, parameters: ReadonlyArray<unknown>) => Effect.Effect<void, StoreError>
  /**
   * Sends a read with every transaction's `begin` (pipelined, no extra round trip); the first
   * {@link execute} of the same statement and parameters in the transaction takes its answer
   * unless a write came between. The statement is compiled when registered.
   */
  readonly prefetch: (statement: () => Statement, parameters: ReadonlyArray<unknown>) => void
  readonly transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | StoreError, R>
  /** Decodes a JSON `data` column through a Schema; corrupt data is a StoreError, never a defect. */
  readonly decode: <S extends Schema.Top>(
    schema: S,
    operation: string
  ) => (data: string) => Effect.Effect<S["Type"], StoreError>
  readonly encode: <S extends Schema.Top & { readonly EncodingServices: never }>(schema: S) => (value: S["Type"]) => string
  readonly notFound: (entity: string, id: string) => NotFound
}

export const describe = (e: unknown): string =>
  e instanceof Error ? `${e.name}: ${e.message}` : typeof e === "string" ? e : JSON.stringify(e)

/**
 * An open transaction: kysely bound to its connection and, on an async dialect, the driver
 * connection itself, so statements compiled once can be sent back to back (pg pipelines
 * them when the client allows it, and queues them in order otherwise).
 */
interface Tx {
  /** kysely bound to the transaction's connection. */
  readonly db: () => Kysely<Database>
  readonly connection?: DriverConnection
  /** Sent and not yet awaited: `begin`, appends. Awaited before the next kysely query and at commit. */
  readonly pending: Array<Promise<unknown>>
  /** The first failure among pending statements: it is the transaction's error. */
  failure: StoreError | undefined
  /** Whether `begin` has answered (writes wait for it, so none runs outside the transaction). */
  begun: boolean
  /** Whether a statement failed because the connection was lost (see `DialectTraits.isConnectionLost`). */
  lost: boolean
  /** The first such failure, in the order they arrived, and whether it was the commit's. */
  firstLoss: { readonly error: unknown; readonly commit: boolean } | undefined
  readonly prefetched: Map<Statement, Prefetched>
}

/** A read sent with `begin`: its parameters' key, its answer, and the answer once it has come. */
interface Prefetched {
  readonly key: string
  readonly answer: Promise<Executed>
  settled?: Executed
}

/** kysely's answer to a statement as {@link Executed}. */
const executed = (r: QueryResult<unknown>): Executed => ({
  rows: r.rows as ReadonlyArray<Record<string, unknown>>,
  affected: Number(r.numAffectedRows ?? 0)
})

const keyOf = (parameters: ReadonlyArray<unknown>) => JSON.stringify(parameters)

export const makeEngine = (db: Kysely<Database>, traits: DialectTraits): SqlEngine => {
  instances += 1
  const CurrentTx = Context.Reference<Tx | undefined>(`volunteer-brigade/kysely/tx/${instances}`, {
    defaultValue: () => undefined
  })

  const toStoreError = (operation: string, e: unknown): StoreError =>
    e instanceof StoreError
      ? e
      : new StoreError({ operation, cause: redact(describe(e)), retryable: traits.isRetryable(e) })

  /** The connection was lost after `commit` was sent: never retried, the caller reconciles. */
  const commitUnknown = (e: unknown): StoreError =>
    new StoreError({
      operation: "transaction.commit",
      cause: `连接在提交后中断，提交结果未知 (connection lost after COMMIT was sent; the outcome is unknown): ${e instanceof StoreError ? e.cause : describe(e)}`,
      retryable: false,
      commitUnknown: true
    })

  /** A statement's error, or the earlier pending statement's failure that aborted the transaction. */
  const failureOf = (tx: Tx | undefined, operation: string, e: unknown): StoreError => tx?.failure ?? toStoreError(operation, e)

  /** Waits for every pending statement; rejects with the first failure. */
  const settle = async (tx: Tx): Promise<void> => {
    while (tx.pending.length > 0) await Promise.allSettled(tx.pending.splice(0))
    if (tx.failure !== undefined) throw tx.failure
  }

  const isLost = (e: unknown): boolean => traits.isConnectionLost?.(e) === true

  const send = (tx: Tx, operation: string, sql: string, parameters: ReadonlyArray<unknown>): Promise<Executed> =>
    tx.connection!.query(sql, parameters).catch((e: unknown) => {
      if (isLost(e)) {
        tx.lost = true
        tx.firstLoss ??= { error: e, commit: false }
      }
      const error = failureOf(tx, operation, e)
      tx.failure ??= error
      throw error
    })

  /** The open transaction, read from the fiber's context in one step (the hot path reads it per statement). */
  const withTx = <A, E, R>(f: (tx: Tx | undefined) => Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.contextWith((context: Context.Context<never>) => f(Context.get(context, CurrentTx)))

  const run = <A>(operation: string, f: (q: Kysely<Database>) => Promise<A>): Effect.Effect<A, StoreError> =>
    withTx((tx) =>
      Effect.tryPromise({
        try: async () => {
          if (tx === undefined) return f(db)
          tx.prefetched.clear()
          await settle(tx)
          return f(tx.db())
        },
        catch: (e) => failureOf(tx, operation, e)
      })
    )

  const compile = (arity: number, build: (db: Kysely<Database>) => Compilable): (() => Statement) => {
    let statement: Statement | undefined
    return () => {
      if (statement === undefined) {
        const compiled = build(db).compile()
        if (compiled.parameters.length !== arity)
          throw new Error(`compiled statement has ${compiled.parameters.length} parameters, expected ${arity}: ${compiled.sql}`)
        statement = { sql: compiled.sql, arity, read: SelectQueryNode.is(compiled.query) }
        traits.prepare?.(compiled.sql)
      }
      return statement
    }
  }

  const exclusive = traits.exclusive
  const lock: Effect.Effect<void> = exclusive
    ? Effect.suspend(() => (exclusive.tryAcquire() ? Effect.void : Effect.promise(exclusive.acquire)))
    : Effect.void

  /** Before a write on a pipelined transaction: `begin` must have answered. */
  const begun = async (tx: Tx) => {
    if (!tx.begun) await settle(tx)
  }

  const execute = (operation: string, statement: Statement, parameters: ReadonlyArray<unknown>): Effect.Effect<Executed, StoreError> =>
    withTx((tx) => {
      if (exclusive !== undefined) {
        if (tx !== undefined) {
          // inside an exclusive transaction: the lock is held, the statement runs right here
          try {
            return Effect.succeed(exclusive.execute(statement.sql, parameters))
          } catch (e) {
            return Effect.fail(toStoreError(operation, e))
          }
        }
        const once = Effect.try({ try: () => exclusive.execute(statement.sql, parameters), catch: (e) => toStoreError(operation, e) })
        return Effect.uninterruptible(Effect.flatMap(lock, () => Effect.ensuring(once, Effect.sync(exclusive.release))))
      }
      if (tx?.connection !== undefined) {
        const connected = tx
        const failed = (e: unknown) => failureOf(connected, operation, e)
        if (statement.read) {
          const hit = connected.prefetched.get(statement)
          if (hit !== undefined) {
            connected.prefetched.delete(statement)
            if (hit.key === keyOf(parameters)) {
              // answered already (it came back before the read the body waited for): no wait
              if (hit.settled !== undefined) return Effect.succeed(hit.settled)
              return Effect.tryPromise({ try: () => hit.answer, catch: failed })
            }
          }
        } else {
          connected.prefetched.clear()
          if (!connected.begun)
            return Effect.tryPromise({
              try: async () => {
                await begun(connected)
                return send(connected, operation, statement.sql, parameters)
              },
              catch: failed
            })
        }
        return Effect.tryPromise({ try: () => send(connected, operation, statement.sql, parameters), catch: failed })
      }
      return Effect.tryPromise({
        try: async () => {
          return executed(await (tx?.db() ?? db).executeQuery(CompiledQuery.raw(statement.sql, parameters as Array<unknown>)))
        },
        catch: (e) => toStoreError(operation, e)
      })
    })

  const append = (operation: string, statement: Statement, parameters: ReadonlyArray<unknown>): Effect.Effect<void, StoreError> =>
    withTx((tx) => {
      if (exclusive !== undefined && tx !== undefined) {
        try {
          exclusive.execute(statement.sql, parameters)
          return Effect.void
        } catch (e) {
          return Effect.fail(toStoreError(operation, e))
        }
      }
      if (exclusive !== undefined || tx?.connection === undefined) return Effect.asVoid(execute(operation, statement, parameters))
      const connected = tx
      if (connected.begun) {
        // `begin` has answered: sent right here, nothing to wait for
        if (connected.failure !== undefined) return Effect.fail(connected.failure)
        pipeline(connected, operation, statement, parameters)
        return Effect.void
      }
      return Effect.tryPromise({
        try: async () => {
          connected.prefetched.clear()
          await begun(connected)
          pipeline(connected, operation, statement, parameters)
        },
        catch: (e) => failureOf(connected, operation, e)
      })
    })

  /** Sends an append without waiting for it: the commit (or the next read) waits for it. */
  const pipeline = (tx: Tx, operation: string, statement: Statement, parameters: ReadonlyArray<unknown>): void => {
    tx.prefetched.clear()
    const sent = send(tx, operation, statement.sql, parameters)
    sent.catch(() => undefined)
    tx.pending.push(sent)
  }

  /** Compiled when registered, so opening a transaction cannot fail after `begin` is sent. */
  const prefetches: Array<{ readonly statement: Statement; readonly parameters: ReadonlyArray<unknown>; readonly key: string }> = []
  const prefetch = (statement: () => Statement, parameters: ReadonlyArray<unknown>) => {
    prefetches.push({ statement: statement(), parameters, key: keyOf(parameters) })
  }

  /**
   * Opens a transaction on an async connection: `begin` and the prefetched reads are sent
   * together, and the body's first statements follow without waiting (writes wait for
   * `begin`'s answer).
   */
  const open = (connection: DriverConnection): Tx => {
    const tx: Tx = { db: connection.kysely, connection, pending: [], failure: undefined, begun: false, lost: false, firstLoss: undefined, prefetched: new Map() }
    const begin = send(tx, "transaction", traits.begin, []).then(() => {
      tx.begun = true
    })
    begin.catch(() => undefined)
    tx.pending.push(begin)
    for (const p of prefetches) {
      const answer = send(tx, "prefetch", p.statement.sql, p.parameters)
      const prefetched: Prefetched = { key: p.key, answer }
      answer.then(
        (r) => {
          prefetched.settled = r
        },
        () => undefined
      )
      tx.prefetched.set(p.statement, prefetched)
    }
    return tx
  }

  /**
   * Ends a transaction opened by {@link open}: on success `commit` is sent behind the pending
   * appends, and any of them failing fails the transaction (Postgres then answers the commit
   * with a rollback); otherwise `rollback`. Resolves to the transaction's exit.
   */
  const finish = async <A, E>(tx: Tx, inner: Exit.Exit<A, E>): Promise<Exit.Exit<A, E | StoreError>> => {
    const connection = tx.connection!
    // a failed statement left the transaction open: hear every answer before committing
    if (traits.abortsOnError === false) await Promise.allSettled(tx.pending.splice(0))
    if (Exit.isSuccess(inner) && tx.failure === undefined && !tx.lost) {
      const commit = connection.query("commit", [])
      commit.catch((e: unknown) => {
        if (isLost(e)) tx.firstLoss ??= { error: e, commit: true }
      })
      let answer: DriverResult
      try {
        await settle(tx)
        answer = await commit
      } catch (e) {
        const lost = isLost(e) || tx.lost || (await commit.then(() => false, isLost))
        if (!lost) throw e
        // the server reported the loss on a statement before the commit: that statement and
        // everything pipelined after it, the commit included, never ran
        const first = tx.firstLoss
        if (first !== undefined && !first.commit && traits.isLostBeforeAnswer?.(first.error) === true) throw toStoreError("transaction", first.error)
        // otherwise the commit may have reached the server: its outcome is unknown
        throw commitUnknown(e)
      }
      if (answer.command === "ROLLBACK") throw new StoreError({ operation: "transaction", cause: "the transaction was aborted and rolled back", retryable: false })
      return inner
    }
    await Promise.allSettled(tx.pending.splice(0))
    await connection.query("rollback", [])
    return Exit.isSuccess(inner) ? Exit.fail(tx.failure!) : inner
  }

  /**
   * A connection through kysely's connection provider, for a dialect without `connect`: held
   * (kysely's callback kept waiting) until `release`.
   */
  const kyselyConnect = (): Promise<DriverConnection> =>
    new Promise<DriverConnection>((resolve, reject) => {
      db.connection()
        .execute(async (bound) => {
          const connection = await bound.getExecutor().provideConnection(async (c) => c)
          await new Promise<void>((released) => {
            resolve({
              query: async (sql, parameters): Promise<DriverResult> => {
                const r = executed(await connection.executeQuery(CompiledQuery.raw(sql, parameters as Array<unknown>)))
                return { ...r, command: r.rows[0]?.["command"] as string | undefined }
              },
              kysely: () => bound,
              release: () => released()
            })
          })
        })
        .catch(reject)
    })

  const connect = traits.connect ?? kyselyConnect

  /**
   * A transaction on an async connection, in the calling fiber: take a connection, open, run
   * the body (interruptible), finish (commit or roll back) and hand the connection back —
   * uninterruptibly, so an interrupted body is rolled back and the connection always returns.
   */
  const pipelinedAttempt = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError, R> =>
    Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(Effect.tryPromise({ try: connect, catch: (e) => toStoreError("transaction", e) }), (connection) => {
        const tx = open(connection)
        return Effect.flatMap(Effect.exit(restore(Effect.provideService(effect, CurrentTx, tx))), (inner) =>
          Effect.flatMap(
            Effect.tryPromise({
              try: () => finish(tx, inner).finally(connection.release),
              catch: (e) => toStoreError("transaction", e)
            }),
            (exit) => exit
          )
        )
      })
    )

  const attempt = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError, R> =>
    exclusive !== undefined ? exclusiveAttempt(exclusive, effect) : pipelinedAttempt(effect)

  /**
   * A transaction on an exclusive connection, in the calling fiber: take the lock, `begin`,
   * run the effect, `commit` (or `rollback` on failure, defect or interruption), release. A
   * failing `begin` or `commit` is a StoreError (retryable when the database was busy).
   */
  const exclusiveAttempt = <A, E, R>(x: ExclusiveConnection, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError, R> => {
    const rollback = () => {
      try {
        x.execute("rollback", [])
      } catch {
        // SQLite may already have rolled the transaction back; nothing is left to undo
      }
    }
    return Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(lock, () => {
        try {
          x.execute(traits.begin, [])
        } catch (e) {
          x.release()
          return Effect.fail(toStoreError("transaction", e))
        }
        const held = x.held as Kysely<Database>
        const tx: Tx = { db: () => held, pending: [], failure: undefined, begun: true, lost: false, firstLoss: undefined, prefetched: new Map() }
        return Effect.flatMap(Effect.exit(restore(Effect.provideService(effect, CurrentTx, tx))), (exit): Effect.Effect<A, E | StoreError> => {
          try {
            if (Exit.isSuccess(exit)) {
              try {
                x.execute("commit", [])
              } catch (e) {
                rollback()
                return Effect.fail(toStoreError("transaction", e))
              }
            } else {
              rollback()
            }
          } finally {
            x.release()
          }
          return exit
        })
      })
    )
  }

  const isRetryable = (e: unknown): boolean =>
    typeof e === "object" && e !== null && e instanceof StoreError && e.retryable

  const transaction = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError, R> =>
    withTx((outer) =>
      outer
        ? effect
        : // the first attempt runs bare; only a retryable failure sets up the retry schedule
          // (the schedule's first delay, then the schedule for the remaining 29)
          Effect.catchIf(attempt(effect), isRetryable, () =>
            Effect.andThen(
              Effect.sleep(FIRST_RETRY_DELAY),
              attempt(effect).pipe(Effect.retry({ while: isRetryable, schedule: RETRY, times: 29 }))
            )
          )
    )

  const decode = <S extends Schema.Top>(schema: S, operation: string) => {
    const decoder = Schema.decodeUnknownEffect(Schema.fromJsonString(schema)) as unknown as (
      u: unknown
    ) => Effect.Effect<S["Type"], Schema.SchemaError>
    // Decoding is a pure function of the stored text: records read again unchanged (an
    // activity, read by every one of its check-ins) are decoded once. Bounded; starts afresh.
    // A cached record is handed to every later reader, so it is deep-frozen: a host that
    // changes a record it was given gets a TypeError instead of changing the next reader's.
    const decoded = new Map<string, S["Type"]>()
    return (data: string): Effect.Effect<S["Type"], StoreError> => {
      const known = decoded.get(data)
      if (known !== undefined) return Effect.succeed(known)
      return Effect.mapBoth(decoder(data), {
        onFailure: (e) => new StoreError({ operation, cause: `stored record does not decode: ${e.message}`, retryable: false }),
        onSuccess: (value) => {
          if (decoded.size >= DECODED_KEPT) decoded.clear()
          decoded.set(data, deepFreeze(value))
          return value
        }
      })
    }
  }

  const encode = <S extends Schema.Top & { readonly EncodingServices: never }>(schema: S) => {
    const encoder = Schema.encodeSync(schema) as (v: unknown) => unknown
    return (value: S["Type"]): string => JSON.stringify(encoder(value))
  }

  return {
    traits,
    run,
    compile,
    execute,
    append,
    prefetch,
    storeError: toStoreError,
    sync: (operation, f) => Effect.try({ try: f, catch: (e) => toStoreError(operation, e) }),
    transaction,
    decode,
    encode,
    notFound: (entity, id) => new NotFound({ entity, id })
  }
}
