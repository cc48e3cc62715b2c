/**
 * Repositories over the store's tables, one generic implementation typed per aggregate by a
 * row codec: "document" tables keep the record's Schema-encoded JSON in `data` next to the
 * columns used for lookups ({@link docRepo}); columnar tables keep every field in a column of
 * its own ({@link columnarRepo}).
 */
import type { Kysely, SelectQueryBuilder } from "kysely"
import { Effect, type Schema } from "effect"
import type { NotFound, StoreError } from "../../src/store.js"
import type { Database } from "./database.js"
import type { SqlEngine, Statement } from "./engine.js"

type DocTableName = {
  [K in keyof Database]: Database[K] extends { id: string; data: string } ? K : never
}[keyof Database]

type RepoTableName = {
  [K in keyof Database]: Database[K] extends { id: string } ? K : never
}[keyof Database]

/** A stored row: column name to value as the driver returns it. */
export type Row = Record<string, unknown>

/**
 * How one aggregate maps to its table's rows: the selected columns, a row for a record
 * (validated by the record's Schema) and a record for a row (decoded through it; a row that
 * does not decode is a StoreError).
 */
export interface RowCodec<T> {
  readonly select: ReadonlyArray<string>
  readonly toRow: (value: T) => Record<string, string | number | null>
  readonly fromRow: (row: Row) => Effect.Effect<T, StoreError>
}

export interface DocRepo<T> {
  readonly all: Effect.Effect<ReadonlyArray<T>, StoreError>
  readonly get: (id: string) => Effect.Effect<T, NotFound | StoreError>
  readonly find: (id: string) => Effect.Effect<T | undefined, StoreError>
  readonly insert: (value: T) => Effect.Effect<void, StoreError>
  /** An insert into an append-only table: pipelined, its failure fails the transaction (`SqlEngine.append`). */
  readonly append: (value: T) => Effect.Effect<void, StoreError>
  readonly update: (value: T) => Effect.Effect<void, NotFound | StoreError>
  readonly remove: (id: string) => Effect.Effect<void, NotFound | StoreError>
  readonly insertMany: (values: ReadonlyArray<T>) => Effect.Effect<void, StoreError>
  /** Records matching a filter built on the table's lookup columns, in id order. */
  readonly where: (
    operation: string,
    filter: (query: AnySelect) => AnySelect
  ) => Effect.Effect<ReadonlyArray<T>, StoreError>
  readonly decodeAll: (rows: ReadonlyArray<Row>) => Effect.Effect<ReadonlyArray<T>, StoreError>
}

/** A select query over one table (filters use its lookup columns). */
// kysely's builder types are keyed by table; filters here only add where-clauses.
export type AnySelect = SelectQueryBuilder<any, any, Row>

/** Rows per multi-row insert: under SQLite's 32766-parameter limit for the widest table. */
const BATCH = 500

/**
 * A document table's codec: the record's Schema-encoded JSON in `data`.
 *
 * @param columns the lookup columns of a record, written next to `data` on insert and update
 */
export const docRepo = <S extends Schema.Top & { readonly Type: { readonly id: string }; readonly EncodingServices: never }>(
  engine: SqlEngine,
  table: DocTableName,
  entity: string,
  schema: S,
  columns: (value: S["Type"]) => Record<string, string | number | null>
): DocRepo<S["Type"]> => {
  const decode = engine.decode(schema, `${table}.read`)
  const encode = engine.encode(schema)
  return repo(engine, table, entity, {
    select: ["data"],
    toRow: (value) => ({ id: value.id, data: encode(value), ...columns(value) }),
    fromRow: (row) => decode(row["data"] as string)
  })
}

/**
 * A repository over any table with an `id` primary key, through a row codec.
 */
export const repo = <T extends { readonly id: string }>(
  engine: SqlEngine,
  table: RepoTableName,
  entity: string,
  codec: RowCodec<T>
): DocRepo<T> => {
  const { fromRow, toRow } = codec
  const decodeAll = (rows: ReadonlyArray<Row>) => Effect.forEach(rows, fromRow)
  const t = table as "vb_units"
  const selected = (db: Kysely<Database>) => db.selectFrom(t).select(codec.select as never) as unknown as AnySelect
  // the per-call statements, compiled once (inserts and updates per column list)
  const byId = engine.compile(1, (db) => selected(db).where("id", "=", "?"))
  const allInOrder = engine.compile(0, (db) => selected(db).orderBy("id"))
  const removeById = engine.compile(1, (db) => db.deleteFrom(t).where("id", "=", "?"))
  const placeholders = (names: ReadonlyArray<string>) => Object.fromEntries(names.map((n) => [n, "?"])) as never
  const inserts = new Map<string, () => Statement>()
  const updates = new Map<string, () => Statement>()
  const statementFor = (cache: Map<string, () => Statement>, names: ReadonlyArray<string>, make: () => () => Statement) => {
    const key = names.join(",")
    let statement = cache.get(key)
    if (statement === undefined) {
      statement = make()
      cache.set(key, statement)
    }
    return statement()
  }
  const insertOperation = `${table}.insert`
  const inserting = (value: T, run: (operation: string, statement: Statement, parameters: ReadonlyArray<unknown>) => Effect.Effect<void, StoreError>) =>
    Effect.suspend(() => {
      let row: Record<string, string | number | null>
      try {
        row = toRow(value)
      } catch (e) {
        return Effect.fail(engine.storeError(insertOperation, e))
      }
      const names = Object.keys(row)
      const statement = statementFor(inserts, names, () =>
        engine.compile(names.length, (db) => db.insertInto(t).values(placeholders(names)))
      )
      return run(insertOperation, statement, names.map((n) => row[n]))
    })
  const find = (id: string) =>
    Effect.flatMap(engine.execute(`${table}.get`, byId(), [id]), (r) =>
      r.rows.length > 0 ? fromRow(r.rows[0]!) : Effect.succeed(undefined)
    )
  return {
    insertMany: (values) =>
      values.length === 0
        ? Effect.void
        : engine.transaction(
            engine.run(`${table}.insertMany`, async (db) => {
              const bulk = engine.traits.bulkInsert
              if (bulk !== undefined) {
                const names = Object.keys(toRow(values[0]!))
                await bulk(db, table, names, values.map((v) => {
                  const r = toRow(v)
                  return names.map((n) => r[n] ?? null)
                }))
                return
              }
              for (let i = 0; i < values.length; i += BATCH) {
                await db
                  .insertInto(t)
                  .values(values.slice(i, i + BATCH).map(toRow) as never)
                  .execute()
              }
            })
          ),
    where: (operation, filter) =>
      Effect.flatMap(
        engine.run(operation, (db) => filter(selected(db)).orderBy("id").execute()),
        decodeAll
      ),
    all: Effect.flatMap(
      Effect.suspend(() => engine.execute(`${table}.all`, allInOrder(), [])),
      (r) => decodeAll(r.rows)
    ),
    find,
    get: (id) =>
      Effect.flatMap(find(id), (v) => (v === undefined ? Effect.fail(engine.notFound(entity, id)) : Effect.succeed(v))),
    insert: (value) => inserting(value, (operation, statement, parameters) => Effect.asVoid(engine.execute(operation, statement, parameters))),
    append: (value) => inserting(value, engine.append),
    update: (value) =>
      Effect.flatMap(engine.sync(`${table}.update`, () => toRow(value)), ({ id: _id, ...set }) => {
        const names = Object.keys(set)
        const statement = statementFor(updates, names, () =>
          engine.compile(names.length + 1, (db) => db.updateTable(t).set(placeholders(names)).where("id", "=", "?"))
        )
        return Effect.flatMap(engine.execute(`${table}.update`, statement, [...names.map((n) => set[n]), value.id]), (r) =>
          r.affected === 0 ? Effect.fail(engine.notFound(entity, value.id)) : Effect.void
        )
      }),
    remove: (id) =>
      Effect.flatMap(engine.execute(`${table}.remove`, removeById(), [id]), (r) =>
        r.affected === 0 ? Effect.fail(engine.notFound(entity, id)) : Effect.void
      ),
    decodeAll
  }
}
