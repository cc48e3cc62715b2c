/**
 * `volunteer-brigade/memory` — the Store over immutable maps held in memory. For tests,
 * demos, prototypes and hosts that persist elsewhere. Transactions work on a copy of the
 * state that is swapped in only on success; writers are serialised.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Workflows } from "volunteer-brigade"
 * import { layer } from "volunteer-brigade/memory"
 * const program = Workflows.Organisation.tree("2026-01-01" as any)
 * Effect.runPromise(Effect.provide(program, layer))
 * ```
 * @module
 */
import { Effect, Layer } from "effect"
import type { Appointment, Team, Unit } from "../../src/hierarchy.js"
import { Store, type AuditEntry, type StoreShape } from "../../src/store.js"
import { makeEngine } from "./engine.js"

const entityNames: Readonly<Record<string, string>> = {
  units: "unit",
  appointments: "appointment",
  teams: "team",
  audit: "audit"
}

/**
 * Builds a fresh, empty memory Store.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { makeMemoryStore } from "volunteer-brigade/memory"
 * const store = await Effect.runPromise(makeMemoryStore)
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const makeMemoryStore: Effect.Effect<StoreShape> = Effect.gen(function* () {
  const engine = yield* makeEngine((t) => entityNames[t] ?? t)
  const units = engine.table<Unit>("units")
  const appointments = engine.table<Appointment>("appointments")
  const teams = engine.table<Team>("teams")
  const audit = engine.table<AuditEntry>("audit")
  return {
    name: "memory",
    transaction: engine.transaction,
    units: {
      all: units.all,
      get: units.get,
      insert: (u) => units.insert(u.id, u),
      update: (u) => units.update(u.id, u)
    },
    appointments: {
      all: appointments.all,
      insert: (a) => appointments.insert(a.id, a),
      remove: appointments.remove
    },
    teams: {
      all: teams.all,
      get: teams.get,
      insert: (t) => teams.insert(t.id, t),
      update: (t) => teams.update(t.id, t)
    },
    audit: {
      append: (e) => audit.insert(e.id, e),
      list: (q = {}) =>
        Effect.map(
          audit.where(
            (e) =>
              (q.actorId === undefined || e.actorId === q.actorId) &&
              (q.targetId === undefined || e.targetId === q.targetId) &&
              (q.operation === undefined || e.operation === q.operation)
          ),
          (es) => {
            const sorted = [...es].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
            return q.limit === undefined ? sorted : sorted.slice(0, q.limit)
          }
        )
    }
  }
})

/**
 * A layer providing a fresh memory Store.
 *
 * @example
 * ```ts
 * import { layer } from "volunteer-brigade/memory"
 * const StoreLive = layer
 * ```
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<Store> = Layer.effect(Store, makeMemoryStore)
