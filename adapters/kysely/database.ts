/**
 * Table types of the SQL store. Aggregates whose records are read whole keep them in a
 * `data` column (the Schema-encoded JSON of the domain record) next to the columns that
 * are queried, constrained or indexed; high-volume ledgers are fully columnar.
 */

/** A table of whole domain records plus the columns used for lookups. */
export interface DocTable {
  id: string
  data: string
}

export interface UnitsTable extends DocTable {
  level: string
}

export interface AppointmentsTable extends DocTable {
  unit_id: string
  actor_id: string
}

export interface TeamsTable extends DocTable {
  unit_id: string
}

export interface AuditTable {
  id: string
  actor_id: string
  /** epoch milliseconds */
  at: number | string | bigint
  operation: string
  target_kind: string
  target_id: string
}

/** Every table the store uses; table names carry the `vb_` prefix so they never clash with a host's. */
export interface Database {
  vb_units: UnitsTable
  vb_appointments: AppointmentsTable
  vb_teams: TeamsTable
  vb_audit: AuditTable
}
