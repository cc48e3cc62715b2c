/**
 * Repositories over "document" tables: the record's Schema-encoded JSON in `data`, next to
 * the columns used for lookups. One generic implementation, typed per aggregate by its Schema.
 */
import type { SelectQueryBuilder } from "kysely"
import { Effect, type Schema } from "effect"
import type { NotFound, StoreError } from "../../src/store.js"
import type { Database } from "./database.js"
import type { SqlEngine } from "./engine.js"

type DocTableName = {
  [K in keyof Database]: Database[K] extends { id: string; data: string } ? K : never
}[keyof Database]

export interface DocRepo<T> {
  readonly all: Effect.Effect<ReadonlyArray<T>, StoreError>
  readonly get: (id: string) => Effect.Effect<T, NotFound | StoreError>
  readonly find: (id: string) => Effect.Effect<T | undefined, StoreError>
  readonly insert: (value: T) => Effect.Effect<void, StoreError>
  readonly update: (value: T) => Effect.Effect<void, NotFound | StoreError>
  readonly remove: (id: string) => Effect.Effect<void, NotFound | StoreError>
  readonly insertMany: (values: ReadonlyArray<T>) => Effect.Effect<void, StoreError>
  /** Records matching a filter built on the table's lookup columns, in id order. */
  readonly where: (
    operation: string,
    filter: (query: AnySelect) => AnySelect
  ) => Effect.Effect<ReadonlyArray<T>, StoreError>
  readonly decodeAll: (rows: ReadonlyArray<{ data: string }>) => Effect.Effect<ReadonlyArray<T>, StoreError>
}

/** A select query over one document table (filters use its lookup columns). */
// kysely's builder types are keyed by table; filters here only add where-clauses.
export type AnySelect = SelectQueryBuilder<any, any, { data: string }>

/** Rows per multi-row insert: under SQLite's 32766-parameter limit for the widest table. */
const BATCH = 500

/**
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
  const decodeAll = (rows: ReadonlyArray<{ data: string }>) => Effect.forEach(rows, (r) => decode(r.data))
  const t = table as "vb_units"
  const find = (id: string) =>
    Effect.flatMap(
      engine.run(`${table}.get`, (db) => db.selectFrom(t).select("data").where("id", "=", id).executeTakeFirst()),
      (row) => (row ? decode(row.data) : Effect.succeed(undefined))
    )
  const row = (value: S["Type"]) => ({ id: value.id, data: encode(value), ...columns(value) })
  return {
    insertMany: (values) =>
      values.length === 0
        ? Effect.void
        : engine.transaction(
            engine.run(`${table}.insertMany`, async (db) => {
              const bulk = engine.traits.bulkInsert
              if (bulk !== undefined) {
                const names = Object.keys(row(values[0]!))
                await bulk(db, table, names, values.map((v) => {
                  const r: Record<string, string | number | null> = row(v)
                  return names.map((n) => r[n] ?? null)
                }))
                return
              }
              for (let i = 0; i < values.length; i += BATCH) {
                await db
                  .insertInto(t)
                  .values(values.slice(i, i + BATCH).map(row) as never)
                  .execute()
              }
            })
          ),
    where: (operation, filter) =>
      Effect.flatMap(
        engine.run(operation, (db) =>
          filter(db.selectFrom(t).select("data") as unknown as AnySelect)
            .orderBy("id")
            .execute()
        ),
        decodeAll
      ),
    all: Effect.flatMap(
      engine.run(`${table}.all`, (db) => db.selectFrom(t).select("data").orderBy("id").execute()),
      decodeAll
    ),
    find,
    get: (id) =>
      Effect.flatMap(find(id), (v) => (v === undefined ? Effect.fail(engine.notFound(entity, id)) : Effect.succeed(v))),
    insert: (value) =>
      engine.run(`${table}.insert`, async (db) => {
        await db
          .insertInto(t)
          .values(row(value) as never)
          .execute()
      }),
    update: (value) =>
      Effect.flatMap(
        engine.run(`${table}.update`, (db) =>
          db
            .updateTable(t)
            .set({ data: encode(value), ...columns(value) } as never)
            .where("id", "=", value.id)
            .executeTakeFirst()
        ),
        (r) => (Number(r.numUpdatedRows) === 0 ? Effect.fail(engine.notFound(entity, value.id)) : Effect.void)
      ),
    remove: (id) =>
      Effect.flatMap(
        engine.run(`${table}.remove`, (db) => db.deleteFrom(t).where("id", "=", id).executeTakeFirst()),
        (r) => (Number(r.numDeletedRows) === 0 ? Effect.fail(engine.notFound(entity, id)) : Effect.void)
      ),
    decodeAll
  }
}
