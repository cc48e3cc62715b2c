/**
 * `volunteer-brigade/kysely` — the one SQL implementation of the Store, shared by the SQLite
 * and Postgres adapters. Hosts with another kysely dialect can build a Store from their own
 * `Kysely` instance and a {@link DialectTraits} object, after running {@link migrate}.
 *
 * @example
 * ```ts
 * import { makeKyselyStore, migrate, sqliteTraits } from "volunteer-brigade/kysely"
 * declare const db: import("kysely").Kysely<any>
 * await migrate(db)
 * const store = makeKyselyStore(db, sqliteTraits)
 * ```
 * @module
 */
import type { Kysely } from "kysely"
import { Effect, Layer, Schema } from "effect"
import { Appointment, Team, Unit } from "../../src/hierarchy.js"
import { AuditEntry, Store, StoreError, type StoreShape } from "../../src/store.js"
import type { Database } from "./database.js"
import { docRepo } from "./docs.js"
import { makeEngine } from "./engine.js"
import type { DialectTraits } from "./traits.js"

export type { Database } from "./database.js"
export { migrate, migrationProvider, migrations } from "./migrations.js"
export { postgresTraits, sqliteTraits, type DialectTraits } from "./traits.js"

const decodeAudit = Schema.decodeUnknownEffect(AuditEntry)

/**
 * Builds the Store over a migrated kysely database.
 *
 * @example
 * ```ts
 * import { makeKyselyStore, postgresTraits } from "volunteer-brigade/kysely"
 * declare const db: import("kysely").Kysely<any>
 * const store = makeKyselyStore(db, postgresTraits)
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const makeKyselyStore = (db: Kysely<any>, traits: DialectTraits): StoreShape => {
  const engine = makeEngine(db as Kysely<Database>, traits)
  const units = docRepo(engine, "vb_units", "unit", Unit, (u) => ({ level: u.level }))
  const appointments = docRepo(engine, "vb_appointments", "appointment", Appointment, (a) => ({
    unit_id: a.unitId,
    actor_id: a.actorId
  }))
  const teams = docRepo(engine, "vb_teams", "team", Team, (t) => ({ unit_id: t.unitId }))
  return {
    name: traits.name,
    transaction: engine.transaction,
    units: { all: units.all, get: units.get, insert: units.insert, update: units.update },
    appointments: { all: appointments.all, insert: appointments.insert, remove: appointments.remove },
    teams: { all: teams.all, get: teams.get, insert: teams.insert, update: teams.update },
    audit: {
      append: (e) =>
        engine.run("audit.append", async (q) => {
          await q
            .insertInto("vb_audit")
            .values({
              id: e.id,
              actor_id: e.actorId,
              at: e.at,
              operation: e.operation,
              target_kind: e.targetKind,
              target_id: e.targetId
            })
            .execute()
        }),
      list: (query = {}) =>
        Effect.flatMap(
          engine.run("audit.list", (q) => {
            let s = q.selectFrom("vb_audit").selectAll()
            if (query.actorId !== undefined) s = s.where("actor_id", "=", query.actorId)
            if (query.targetId !== undefined) s = s.where("target_id", "=", query.targetId)
            if (query.operation !== undefined) s = s.where("operation", "=", query.operation)
            s = s.orderBy("at").orderBy("id")
            if (query.limit !== undefined) s = s.limit(query.limit)
            return s.execute()
          }),
          (rows) =>
            Effect.forEach(rows, (r) =>
              decodeAudit({
                id: r.id,
                actorId: r.actor_id,
                at: Number(r.at),
                operation: r.operation,
                targetKind: r.target_kind,
                targetId: r.target_id
              }).pipe(
                Effect.mapError(
                  (e) => new StoreError({ operation: "audit.list", cause: `stored record does not decode: ${e.message}`, retryable: false })
                )
              )
            )
        )
    }
  }
}

/**
 * A layer providing the Store over a migrated kysely database.
 *
 * @example
 * ```ts
 * import { kyselyLayer, sqliteTraits } from "volunteer-brigade/kysely"
 * declare const db: import("kysely").Kysely<any>
 * const layer = kyselyLayer(db, sqliteTraits)
 * ```
 * @category layers
 * @since 0.1.0
 */
export const kyselyLayer = (db: Kysely<any>, traits: DialectTraits): Layer.Layer<Store> =>
  Layer.succeed(Store, makeKyselyStore(db, traits))
