/**
 * Support for the reliability tests: register a suite on every adapter (memory, SQLite,
 * Postgres and MariaDB when reachable), a reset-and-seed harness, and a snapshot of every table.
 */
import { Effect } from "effect"
import { describe } from "vitest"
import { Store } from "../../src/store.js"
import { withMariadb } from "../adapters/mariadb-support.js"
import { withPostgres } from "../adapters/postgres-support.js"
import type { StoreFactory } from "../conformance/harness.js"
import { memoryFactory, sqliteFileFactory } from "../model/factories.js"

/** Registers `suite` on memory, SQLite (file), Postgres and MariaDB. */
export const onEveryAdapter = async (title: string, suite: (factory: StoreFactory) => void): Promise<void> => {
  describe(title, () => {
    suite(memoryFactory)
    suite(sqliteFileFactory)
  })
  await withPostgres((factory) => describe(title, () => suite(factory)))
  await withMariadb((factory) => describe(title, () => suite(factory)))
}

/** Every table of the store as the port returns it, and the audit log's length. */
export const snapshot = Effect.gen(function* () {
  const s = yield* Store
  const volunteers = yield* s.volunteers.list()
  const activities = yield* s.activities.list()
  const perActivity = <T>(f: (id: (typeof activities)[number]["id"]) => Effect.Effect<ReadonlyArray<T>, unknown>) =>
    Effect.map(Effect.forEach(activities, (a) => f(a.id)), (xs) => xs.flat())
  return {
    units: yield* s.units.all,
    appointments: yield* s.appointments.all,
    teams: yield* s.teams.all,
    volunteers,
    groups: yield* s.groups.list(),
    activities,
    assignments: yield* perActivity(s.assignments.listByActivity),
    attendance: yield* perActivity(s.attendance.listByActivity),
    leave: yield* perActivity(s.leave.listByActivity),
    violations: yield* s.discipline.allViolations,
    hours: yield* s.hours.list(),
    certificates: yield* s.certificates.list(),
    spotChecks: yield* s.supervision.spotChecks(),
    opinions: yield* s.supervision.opinions,
    funds: yield* s.funds.list(),
    filings: yield* s.filings.list(),
    audit: (yield* s.audit.list()).length
  }
})
