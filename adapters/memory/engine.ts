/**
 * The memory adapter's engine: immutable tables (persistent hash maps) in a Ref, writers
 * serialised by a semaphore, and a transaction that works on its own copy of the state and
 * swaps it in only on success. Aggregates build their repositories from {@link MemoryEngine}.
 */
import { Context, Effect, HashMap, Option, Ref, Semaphore } from "effect"
import { NotFound, StoreError } from "../../src/store.js"

/** All tables: table name → (id → record). */
export type State = Readonly<Record<string, HashMap.HashMap<string, unknown>>>

interface TxCell {
  state: State
}

let instances = 0

export interface MemoryEngine {
  readonly read: <A>(f: (s: State) => A) => Effect.Effect<A>
  /** Applies a state change atomically: inside a transaction to its copy, else as its own transaction. */
  readonly write: <A, E>(f: (s: State) => { readonly state: State; readonly result: A } | E) => Effect.Effect<A, E>
  readonly transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | StoreError, R>
  /**
   * A typed view of one table. With `appendOnly`, records are also kept in insertion order in
   * one array shared by every state (a state sees its first `size` records, the table's size
   * in that state), so `fold` walks an array instead of the hash map; such a table's `update`
   * and `remove` die (its records are never changed, T5).
   */
  readonly table: <T>(name: string, options?: { readonly appendOnly?: boolean }) => MemoryTable<T>
}

/** A typed view of one table. Lists come in id order, as in every adapter. */
export interface MemoryTable<T> {
  readonly all: Effect.Effect<ReadonlyArray<T>>
  readonly where: (p: (t: T) => boolean) => Effect.Effect<ReadonlyArray<T>>
  /** Folds over every record in no particular order (no array, no sort): for reports over large tables. */
  readonly fold: <A>(initial: () => A, step: (acc: A, t: T) => A) => Effect.Effect<A>
  readonly get: (id: string) => Effect.Effect<T, NotFound>
  readonly find: (id: string) => Effect.Effect<T | undefined>
  readonly insert: (id: string, value: T) => Effect.Effect<void, StoreError>
  /** Inserts many records in one state change: all, or none when an id is taken. */
  readonly insertMany: (rows: ReadonlyArray<readonly [id: string, value: T]>) => Effect.Effect<void, StoreError>
  readonly update: (id: string, value: T) => Effect.Effect<void, NotFound>
  readonly remove: (id: string) => Effect.Effect<void, NotFound>
}

const tableOf = (s: State, name: string): HashMap.HashMap<string, unknown> => s[name] ?? HashMap.empty()

/**
 * A table's records in id order. A table's hash map is immutable, so its sorted values are
 * computed once per map and shared (frozen) by every read until the table changes: the
 * organisation, read by every check-in, is three such reads.
 */
const sorted = new WeakMap<HashMap.HashMap<string, unknown>, ReadonlyArray<unknown>>()
const sortedValues = <T>(m: HashMap.HashMap<string, unknown>): ReadonlyArray<T> => {
  let values = sorted.get(m)
  if (values === undefined) {
    values = Object.freeze(
      Array.from(HashMap.entries(m))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, v]) => v)
    )
    sorted.set(m, values)
  }
  return values as ReadonlyArray<T>
}

export const makeEngine = (entity: (table: string) => string = (t) => t): Effect.Effect<MemoryEngine> =>
  Effect.gen(function* () {
    const ref = yield* Ref.make<State>({})
    const lock = yield* Semaphore.make(1)
    instances += 1
    const CurrentTx = Context.Reference<TxCell | undefined>(`volunteer-brigade/memory/tx/${instances}`, {
      defaultValue: () => undefined
    })

    const read = <A>(f: (s: State) => A): Effect.Effect<A> =>
      Effect.flatMap(CurrentTx, (tx) => (tx ? Effect.sync(() => f(tx.state)) : Effect.map(Ref.get(ref), f)))

    const transaction = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError, R> =>
      Effect.flatMap(CurrentTx, (outer) =>
        outer
          ? effect
          : Semaphore.withPermits(lock, 1)(
              Effect.gen(function* () {
                const cell: TxCell = { state: yield* Ref.get(ref) }
                const a = yield* Effect.provideService(effect, CurrentTx, cell)
                yield* Ref.set(ref, cell.state)
                return a
              })
            )
      )

    const isChange = <A>(x: unknown): x is { readonly state: State; readonly result: A } =>
      typeof x === "object" && x !== null && "state" in x && "result" in x && !("_tag" in x)

    const write = <A, E>(f: (s: State) => { readonly state: State; readonly result: A } | E): Effect.Effect<A, E> =>
      Effect.flatMap(CurrentTx, (tx) => {
        const apply = (cell: TxCell): Effect.Effect<A, E> =>
          Effect.suspend(() => {
            const out = f(cell.state)
            if (isChange<A>(out)) {
              cell.state = out.state
              return Effect.succeed(out.result)
            }
            return Effect.fail(out as E)
          })
        if (tx) return apply(tx)
        return Semaphore.withPermits(lock, 1)(
          Effect.gen(function* () {
            const cell: TxCell = { state: yield* Ref.get(ref) }
            const a = yield* apply(cell)
            yield* Ref.set(ref, cell.state)
            return a
          })
        )
      })

    const table = <T>(name: string, options: { readonly appendOnly?: boolean } = {}): MemoryTable<T> => {
      const put = (s: State, m: HashMap.HashMap<string, unknown>): State => ({ ...s, [name]: m })
      // The append-only log: writers are serialised and each starts from the latest committed
      // state, so cutting the array back to the writer's state's size drops only what a rolled
      // back transaction appended; readers only look below their own state's size.
      const log: Array<T> | undefined = options.appendOnly ? [] : undefined
      const logged = (s: State, values: Iterable<T>): void => {
        if (log === undefined) return
        log.length = HashMap.size(tableOf(s, name))
        for (const v of values) log.push(v)
      }
      const unchanged = (operation: string) => {
        if (log !== undefined) throw new Error(`${name}.${operation}: the table is append-only`)
      }
      return {
        all: read((s) => sortedValues<T>(tableOf(s, name))),
        where: (p) => read((s) => sortedValues<T>(tableOf(s, name)).filter(p)),
        fold: (initial, step) =>
          read((s) => {
            let acc = initial()
            if (log !== undefined) {
              const n = HashMap.size(tableOf(s, name))
              for (let i = 0; i < n; i++) acc = step(acc, log[i]!)
            } else for (const v of HashMap.values(tableOf(s, name))) acc = step(acc, v as T)
            return acc
          }),
        find: (id) => read((s) => Option.getOrUndefined(HashMap.get(tableOf(s, name), id)) as T | undefined),
        get: (id) =>
          Effect.flatMap(
            read((s) => Option.getOrUndefined(HashMap.get(tableOf(s, name), id))),
            (found) =>
              found === undefined ? Effect.fail(new NotFound({ entity: entity(name), id })) : Effect.succeed(found as T)
          ),
        insert: (id, value) =>
          write((s) =>
            HashMap.has(tableOf(s, name), id)
              ? new StoreError({ operation: `${name}.insert`, cause: `duplicate key ${id}`, retryable: false })
              : (logged(s, [value]), { state: put(s, HashMap.set(tableOf(s, name), id, value)), result: undefined })
          ),
        insertMany: (rows) =>
          write((s) => {
            let duplicate: string | undefined
            const next = HashMap.mutate(tableOf(s, name), (m) => {
              for (const [id, value] of rows) {
                if (HashMap.has(m, id)) duplicate ??= id
                else HashMap.set(m, id, value)
              }
            })
            if (duplicate !== undefined)
              return new StoreError({ operation: `${name}.insert`, cause: `duplicate key ${duplicate}`, retryable: false })
            logged(s, rows.map(([, value]) => value))
            return { state: put(s, next), result: undefined }
          }),
        update: (id, value) =>
          write((s) =>
            (unchanged("update"), HashMap.has(tableOf(s, name), id)
              ? { state: put(s, HashMap.set(tableOf(s, name), id, value)), result: undefined }
              : new NotFound({ entity: entity(name), id }))
          ),
        remove: (id) =>
          write((s) =>
            (unchanged("remove"), HashMap.has(tableOf(s, name), id)
              ? { state: put(s, HashMap.remove(tableOf(s, name), id)), result: undefined }
              : new NotFound({ entity: entity(name), id }))
          )
      }
    }

    return { read, write, transaction, table }
  })
