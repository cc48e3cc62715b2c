/**
 * Branded identifiers. Every id is an opaque, non-empty string of at most 64 printable
 * characters; the brand keeps a volunteer id from being passed where a unit id is expected.
 * Ids are minted by the `IdGenerator` service (see `store.ts`), never by rules.
 *
 * @module
 */
import { Schema } from "effect"

const IdText = Schema.String.check(
  Schema.isMinLength(1),
  Schema.isMaxLength(64),
  Schema.isPattern(/^[\x21-\x7e]+$/, { message: "an id is 1–64 printable ASCII characters without spaces" })
)

/** Id of an organisational unit (brigade, squadron or squad). @category ids @since 0.1.0 */
export const UnitId = IdText.pipe(Schema.brand("UnitId"))
/** @category ids @since 0.1.0 */
export type UnitId = typeof UnitId.Type

/** Id of an appointment (a person holding a role in a unit). @category ids @since 0.1.0 */
export const AppointmentId = IdText.pipe(Schema.brand("AppointmentId"))
/** @category ids @since 0.1.0 */
export type AppointmentId = typeof AppointmentId.Type

/** Id of a team inside a unit, e.g. a patrol team (H5). @category ids @since 0.1.0 */
export const TeamId = IdText.pipe(Schema.brand("TeamId"))
/** @category ids @since 0.1.0 */
export type TeamId = typeof TeamId.Type

/**
 * The acting person of a workflow: the host's own user identity. Appointments map an actor to
 * the units it may act on (H7).
 *
 * @category ids
 * @since 0.1.0
 */
export const ActorId = IdText.pipe(Schema.brand("ActorId"))
/** @category ids @since 0.1.0 */
export type ActorId = typeof ActorId.Type

/** Id of a registered individual volunteer. @category ids @since 0.1.0 */
export const VolunteerId = IdText.pipe(Schema.brand("VolunteerId"))
/** @category ids @since 0.1.0 */
export type VolunteerId = typeof VolunteerId.Type

/** Id of a registered volunteer group (团体). @category ids @since 0.1.0 */
export const GroupId = IdText.pipe(Schema.brand("GroupId"))
/** @category ids @since 0.1.0 */
export type GroupId = typeof GroupId.Type

/** Id of an activity. @category ids @since 0.1.0 */
export const ActivityId = IdText.pipe(Schema.brand("ActivityId"))
/** @category ids @since 0.1.0 */
export type ActivityId = typeof ActivityId.Type

/** Id of an assignment of a volunteer to an activity. @category ids @since 0.1.0 */
export const AssignmentId = IdText.pipe(Schema.brand("AssignmentId"))
/** @category ids @since 0.1.0 */
export type AssignmentId = typeof AssignmentId.Type

/** Id of a leave request. @category ids @since 0.1.0 */
export const LeaveRequestId = IdText.pipe(Schema.brand("LeaveRequestId"))
/** @category ids @since 0.1.0 */
export type LeaveRequestId = typeof LeaveRequestId.Type

/** Id of a service-hour ledger entry. @category ids @since 0.1.0 */
export const HourEntryId = IdText.pipe(Schema.brand("HourEntryId"))
/** @category ids @since 0.1.0 */
export type HourEntryId = typeof HourEntryId.Type

/** Id of a service-record certificate. @category ids @since 0.1.0 */
export const CertificateId = IdText.pipe(Schema.brand("CertificateId"))
/** @category ids @since 0.1.0 */
export type CertificateId = typeof CertificateId.Type

/** Id of a supervision record (spot check, opinion). @category ids @since 0.1.0 */
export const SupervisionId = IdText.pipe(Schema.brand("SupervisionId"))
/** @category ids @since 0.1.0 */
export type SupervisionId = typeof SupervisionId.Type

/** Id of a funds ledger entry. @category ids @since 0.1.0 */
export const FundEntryId = IdText.pipe(Schema.brand("FundEntryId"))
/** @category ids @since 0.1.0 */
export type FundEntryId = typeof FundEntryId.Type

/** Id of an audit entry. @category ids @since 0.1.0 */
export const AuditId = IdText.pipe(Schema.brand("AuditId"))
/** @category ids @since 0.1.0 */
export type AuditId = typeof AuditId.Type
