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

export interface VolunteersTable extends DocTable {
  identity_key: string
  squad_id: string
  status: string
}

export interface SquadDocTable extends DocTable {
  squad_id: string
}

export interface ActivitiesTable extends DocTable {
  organiser_unit_id: string
  window_start: number | string | bigint
}

export interface ByActivityAndVolunteerTable extends DocTable {
  activity_id: string
  volunteer_id: string
}

export interface ByVolunteerTable extends DocTable {
  volunteer_id: string
}

/** The hour ledger is columnar for reports computed in the database (T10). */
export interface HoursTable extends DocTable {
  volunteer_id: string
  activity_id: string | null
  recording_unit_id: string
  squad_id: string
  service_start: number | string | bigint
  service_end: number | string | bigint
  minutes: number
  kind: string
  corrects: string | null
  recorded_at: number | string | bigint
}

export interface CertificatesTable extends DocTable {
  serial: string
  volunteer_id: string
}

export interface ByUnitTable extends DocTable {
  unit_id: string
}

export interface FundsTable extends DocTable {
  squadron_id: string
  year: number
}

export interface FilingsTable extends DocTable {
  year: number
}

/** Every table the store uses; table names carry the `vb_` prefix so they never clash with a host's. */
export interface Database {
  vb_units: UnitsTable
  vb_appointments: AppointmentsTable
  vb_teams: TeamsTable
  vb_volunteers: VolunteersTable
  vb_groups: SquadDocTable
  vb_activities: ActivitiesTable
  vb_assignments: ByActivityAndVolunteerTable
  vb_attendance: ByActivityAndVolunteerTable
  vb_leave: ByActivityAndVolunteerTable
  vb_violations: ByVolunteerTable
  vb_suspensions: ByVolunteerTable
  vb_hours: HoursTable
  vb_certificates: CertificatesTable
  vb_spot_checks: ByUnitTable
  vb_opinions: DocTable
  vb_funds: FundsTable
  vb_filings: FilingsTable
  vb_audit: AuditTable
}
