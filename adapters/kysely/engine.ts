/**
 * The SQL store's engine: running queries as Effects that fail only with `StoreError`, the
 * transaction combinator, and decoding of stored records through their domain Schemas.
 */
import { sql, type Kysely } from "kysely"
import { Context, Duration, Effect, Exit, Schedule, Schema } from "effect"
import { NotFound, StoreError } from "../../src/store.js"
import type { Database } from "./database.js"
import type { DialectTraits } from "./traits.js"

let instances = 0

const MAX_RETRY_DELAY = Duration.millis(100)

export interface SqlEngine {
  readonly traits: DialectTraits
  /** Runs a query on the current transaction's connection, or the pool outside one. */
  readonly run: <A>(operation: string, f: (db: Kysely<Database>) => Promise<A>) => Effect.Effect<A, StoreError>
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

export const makeEngine = (db: Kysely<Database>, traits: DialectTraits): SqlEngine => {
  instances += 1
  const CurrentConn = Context.Reference<Kysely<Database> | undefined>(`volunteer-brigade/kysely/conn/${instances}`, {
    defaultValue: () => undefined
  })

  const toStoreError = (operation: string, e: unknown): StoreError =>
    e instanceof StoreError
      ? e
      : new StoreError({ operation, cause: describe(e), retryable: traits.isRetryable(e) })

  const run = <A>(operation: string, f: (q: Kysely<Database>) => Promise<A>): Effect.Effect<A, StoreError> =>
    Effect.flatMap(CurrentConn, (conn) =>
      Effect.tryPromise({ try: () => f(conn ?? db), catch: (e) => toStoreError(operation, e) })
    )

  const attempt = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError, R> =>
    Effect.gen(function* () {
      const context = yield* Effect.context<R>()
      const exit = yield* Effect.tryPromise({
        try: () =>
          db.connection().execute(async (conn) => {
            await sql.raw(traits.begin).execute(conn)
            const inner = await Effect.runPromiseExitWith(context)(Effect.provideService(effect, CurrentConn, conn))
            if (Exit.isSuccess(inner)) {
              await sql.raw("commit").execute(conn)
            } else {
              await sql.raw("rollback").execute(conn)
            }
            return inner
          }),
        catch: (e) => toStoreError("transaction", e)
      })
      return yield* exit
    })

  const isRetryable = (e: unknown): boolean =>
    typeof e === "object" && e !== null && e instanceof StoreError && e.retryable

  const transaction = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError, R> =>
    Effect.flatMap(CurrentConn, (outer) =>
      outer
        ? effect
        : attempt(effect).pipe(
            Effect.retry({
              while: isRetryable,
              // Exponential from 2 ms, capped at 100 ms and jittered: 30 retries wait at most ~3 s in all.
              schedule: Schedule.exponential("2 millis", 1.5).pipe(
                Schedule.modifyDelay(({ duration }) => Effect.succeed(Duration.min(duration, MAX_RETRY_DELAY))),
                Schedule.jittered
              ),
              times: 30
            })
          )
    )

  const decode = <S extends Schema.Top>(schema: S, operation: string) => {
    const decoder = Schema.decodeUnknownEffect(Schema.fromJsonString(schema)) as unknown as (
      u: unknown
    ) => Effect.Effect<S["Type"], Schema.SchemaError>
    return (data: string): Effect.Effect<S["Type"], StoreError> =>
      Effect.mapError(
        decoder(data),
        (e) => new StoreError({ operation, cause: `stored record does not decode: ${e.message}`, retryable: false })
      )
  }

  const encode = <S extends Schema.Top & { readonly EncodingServices: never }>(schema: S) => {
    const encoder = Schema.encodeSync(schema) as (v: unknown) => unknown
    return (value: S["Type"]): string => JSON.stringify(encoder(value))
  }

  return {
    traits,
    run,
    transaction,
    decode,
    encode,
    notFound: (entity, id) => new NotFound({ entity, id })
  }
}
