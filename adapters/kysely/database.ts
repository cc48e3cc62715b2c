/**
 * Table types of the SQL store. Aggregates whose records are read whole keep them in a
 * `data` column (the Schema-encoded JSON of the domain record) next to the columns that
 * are queried, constrained or indexed; high-volume ledgers are fully columnar.
 */

/** A table of whole domain records plus the columns used for lookups. @category tables @since 0.1.0 */
export interface DocTable {
  id: string
  data: string
}

/** `vb_units`: organisation units (H1–H6) by level. @category tables @since 0.1.0 */
export interface UnitsTable extends DocTable {
  level: string
}

/** `vb_appointments`: roles held in units, by unit and actor (H7). @category tables @since 0.1.0 */
export interface AppointmentsTable extends DocTable {
  unit_id: string
  actor_id: string
}

/** `vb_teams`: patrol teams and other groups inside a squad (H5). @category tables @since 0.1.0 */
export interface TeamsTable extends DocTable {
  unit_id: string
}

/** `vb_audit`: the append-only audit log (who, when, which operation, on what). @category tables @since 0.1.0 */
export interface AuditTable {
  id: string
  actor_id: string
  /** epoch milliseconds */
  at: number | string | bigint
  operation: string
  target_kind: string
  target_id: string
}

/** `vb_volunteers`: individual volunteers; `identity_key` is unique (V3). @category tables @since 0.1.0 */
export interface VolunteersTable extends DocTable {
  identity_key: string
  squad_id: string
  status: string
}

/** A table of records looked up by squad (`vb_groups`, V1). @category tables @since 0.1.0 */
export interface SquadDocTable extends DocTable {
  squad_id: string
}

/** `vb_activities`: activities by organiser and start (A1, A3). @category tables @since 0.1.0 */
export interface ActivitiesTable extends DocTable {
  organiser_unit_id: string
  window_start: number | string | bigint
}

/** A table of records looked up by activity and by volunteer (`vb_assignments`, `vb_attendance`, `vb_leave`). @category tables @since 0.1.0 */
export interface ByActivityAndVolunteerTable extends DocTable {
  activity_id: string
  volunteer_id: string
}

/** A table of records looked up by volunteer (`vb_violations`, `vb_suspensions`). @category tables @since 0.1.0 */
export interface ByVolunteerTable extends DocTable {
  volunteer_id: string
}

/**
 * `vb_hours`: the hour ledger (T5), fully columnar (migration `0005_hours_columnar`) for
 * bulk imports and reports computed in the database (T10); absent optional fields are nulls.
 * @category tables @since 0.1.0
 */
export interface HoursTable {
  id: string
  volunteer_id: string
  activity_id: string | null
  recording_unit_id: string
  squad_id: string
  service_start: number | string | bigint
  service_end: number | string | bigint
  minutes: number
  kind: string
  /** Always set by the library; nullable only because the column was added to existing rows. */
  evidence: string | null
  corrects: string | null
  reason: string | null
  approved_by: string | null
  recorded_at: number | string | bigint
  /** Always set by the library; nullable only because the column was added to existing rows. */
  recorded_by: string | null
  content: string | null
}

/** `vb_certificates`: service-record certificates; `serial` is unique (T9). @category tables @since 0.1.0 */
export interface CertificatesTable extends DocTable {
  serial: string
  volunteer_id: string
}

/** A table of records looked up by unit (`vb_spot_checks`, S2). @category tables @since 0.1.0 */
export interface ByUnitTable extends DocTable {
  unit_id: string
}

/** `vb_funds`: the earmarked-funds ledger by squadron and year (F1–F3). @category tables @since 0.1.0 */
export interface FundsTable extends DocTable {
  squadron_id: string
  year: number
}

/** `vb_filings`: roster filings by year (R3). @category tables @since 0.1.0 */
export interface FilingsTable extends DocTable {
  year: number
}

/**
 * `vb_access_log`: clear reads of personal data (P4) by actor and time; `records` lists the
 * records read as `|kind:id|kind:id|` so a look-up by record narrows in SQL. @category tables @since 0.2.0
 */
export interface AccessLogTable extends DocTable {
  actor_id: string
  /** epoch milliseconds */
  at: number | string | bigint
  records: string
}

/** `vb_security_log`: refused actions (P4) by actor, operation and time. @category tables @since 0.2.0 */
export interface SecurityLogTable extends DocTable {
  actor_id: string
  /** epoch milliseconds */
  at: number | string | bigint
  operation: string
}

/**
 * `vb_meta`: store-wide versions; the `organisation` row's `version` changes (a fresh token)
 * in the same transaction as every write to units, appointments or teams, so every process
 * can tell whether its cached organisation is current (H7 checks). @category tables @since 0.1.0
 */
export interface MetaTable {
  key: string
  version: string
}

/**
 * One row per lock scope (migration 0006; `Store.lockKey`): a guarded write updates its
 * scope's row first, so the row lock serialises the writes of one scope (see
 * `DialectTraits.forUpdate`). `n` counts the locks taken, only so the update changes the row.
 *
 * @category tables
 * @since 0.1.0
 */
export interface LocksTable {
  scope: string
  n: number
}

/**
 * Every table the store uses; table names carry the `vb_` prefix so they never clash with a
 * host's. @category tables @since 0.1.0
 */
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
  vb_access_log: AccessLogTable
  vb_security_log: SecurityLogTable
  vb_meta: MetaTable
  vb_locks: LocksTable
}
