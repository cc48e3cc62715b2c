/**
 * Activity workflows (A1–A6, D1–D5, H7): plan and run activities, dispatch and sign-up,
 * check-in and check-out, finalising the attendance record with outcomes, violations and
 * suspensions, leave requests and decisions, and the discipline queries. Each mutation
 * decodes its input, checks jurisdiction (H7), decides with the pure rules of `activity.ts`,
 * `attendance.ts`, `leave.ts` and `discipline.ts`, saves and audits in one transaction.
 *
 * Who may act (H7, decided here and documented once):
 * - planning, lifecycle, summary, insurance, attendance and finalisation: a leader whose
 *   jurisdiction covers the organising unit;
 * - dispatch (派遣): a leader covering the organising unit; for a major activity (A1, run by
 *   the brigade, squadrons send volunteers) also a leader covering the volunteer's current
 *   squad, so a squadron captain sends their own volunteers;
 * - sign-up (报名), withdrawal and leave requests: the volunteer themself, acting as
 *   {@link selfActor} (`volunteer:<id>`, the id a host's self-service portal uses), or a
 *   leader covering the volunteer's squad or the organising unit, recording it on their
 *   behalf;
 * - leave decisions (D2) and lifting a suspension: a leader covering the volunteer's squad or
 *   the organising unit (a suspension: the volunteer's squad).
 *
 * @module
 */
import { Effect, Option, Result, Schema } from "effect"
import * as Activity from "../activity.js"
import * as Attendance from "../attendance.js"
import * as Discipline from "../discipline.js"
import * as Hierarchy from "../hierarchy.js"
import { ActivityId, AssignmentId, LeaveRequestId, UnitId, VolunteerId } from "../ids.js"
import { decoder, unreadable, type InputInvalid } from "../input.js"
import * as Leave from "../leave.js"
import type { Policy } from "../policy.js"
import {
  IdGenerator,
  PolicyRef,
  Store,
  type ActivityQuery,
  type AttendanceRecord,
  type NotFound,
  type StoreError,
  type StoreShape,
  type SuspensionRecord
} from "../store.js"
import { Note, Reason } from "../text.js"
import { Instant, LocalDate, localDateOf } from "../time.js"
import * as Volunteer from "../volunteer.js"
import { authorize, type Changed, decided, input, loadOrganisation, mutation, type MutationContext } from "./context.js"

/** The failures every workflow of this module may have. @inline */
type Fails = InputInvalid | StoreError | NotFound | Hierarchy.NotInJurisdiction
/** The services every mutation of this module needs. @inline */
type Needs = Store | IdGenerator

// ---------------------------------------------------------------------------------------
// Who may act (H7)
// ---------------------------------------------------------------------------------------

/**
 * The actor id of a volunteer acting for themself (sign-up, withdrawal, leave requests):
 * `volunteer:<volunteerId>`. A host's self-service portal passes it as the actor.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * Workflows.Activities.selfActor("volunteer_000012") // "volunteer:volunteer_000012"
 * ```
 * @category jurisdiction
 * @since 0.1.0
 */
export const selfActor = (volunteerId: string): string => `volunteer:${volunteerId}`

/** H7: the actor covers at least one of the units; the refusal names the first. */
const authorizeAny = (
  org: Hierarchy.Organisation,
  ctx: MutationContext,
  units: readonly [UnitId, ...ReadonlyArray<UnitId>],
  operation: string
): Effect.Effect<void, Hierarchy.NotInJurisdiction> =>
  units.some((u) => Hierarchy.covers(org, ctx.actorId, u, ctx.today))
    ? Effect.void
    : authorize(org, ctx.actorId, units[0], ctx.today, operation)

/** H7: the volunteer themself, or a leader covering the organising unit or their squad. */
const authorizeForVolunteer = (
  org: Hierarchy.Organisation,
  ctx: MutationContext,
  activity: Activity.Activity,
  volunteer: Volunteer.Individual,
  operation: string
): Effect.Effect<void, Hierarchy.NotInJurisdiction> =>
  ctx.actorId === selfActor(volunteer.id)
    ? Effect.void
    : authorizeAny(org, ctx, [activity.organiserUnitId, volunteer.squadId], operation)

/** Loads an activity and checks that the actor covers its organising unit (H7). */
/** The activity a write changes, read under its lock (A-rules: no lost update of its state). */
const organisedActivity = (ctx: MutationContext, id: ActivityId, operation: string) =>
  Effect.gen(function* () {
    yield* ctx.store.lock({ kind: "activity", id })
    const activity = yield* ctx.store.activities.get(id)
    const org = yield* loadOrganisation
    yield* authorize(org, ctx.actorId, activity.organiserUnitId, ctx.today, operation)
    return activity
  })

const changedActivity = (activity: Activity.Activity) => ({ value: activity, targetKind: "activity", targetId: activity.id })

// ---------------------------------------------------------------------------------------
// Planning and lifecycle (A1–A4, A6)
// ---------------------------------------------------------------------------------------

/**
 * Plans an activity (A1, A2, A4, A6): decodes {@link Activity.ActivityInput} (service category,
 * local window, capacity, hazardous flag, insurance, agreement request), checks that the actor
 * covers the organising unit (H7) and that its level fits the scope (A1: a major activity is
 * the brigade's, a regular one a squadron's or squad's), and stores it as `planned`.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.planActivity("captain-dh", {
 *   title: "东湖社区政策宣传", scope: "regular", organiserUnitId: "unit_000012", category: "policyPublicity",
 *   window: { start: 1_772_672_400_000, end: 1_772_679_600_000 }, capacity: 10, hazardous: false, agreement: {}
 * })
 * ```
 * @category activities
 * @since 0.1.0
 */
export const planActivity = (
  actor: unknown,
  raw: unknown
): Effect.Effect<Activity.Activity, Fails | Activity.ActivityScopeInvalid, Needs> =>
  mutation("activities.plan", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(Activity.ActivityInput, "activities.plan")(raw)
      const unit = yield* ctx.store.units.get(i.organiserUnitId)
      const org = yield* loadOrganisation
      yield* authorize(org, ctx.actorId, unit.id, ctx.today, "activities.plan")
      yield* decided(Activity.validateScope(i, unit.level))
      const activity = Activity.plan((yield* ctx.newId("activity")) as ActivityId, i)
      yield* ctx.store.activities.insert(activity)
      return changedActivity(activity)
    })
  )

/** The refusals of a lifecycle transition (A3, A4). @inline */
type TransitionFails = Activity.ActivityTransitionInvalid | Activity.ActivityNotClosable | Activity.ActivityInsuranceMissing

const lifecycle = (event: Activity.LifecycleEvent) => (
  actor: unknown,
  activityId: unknown
): Effect.Effect<Activity.Activity, Fails | TransitionFails, Needs> => {
  const operation = `activities.${event}`
  return mutation(operation, actor, (ctx) =>
    Effect.gen(function* () {
      const id = yield* input(ActivityId, operation)(activityId)
      const activity = yield* organisedActivity(ctx, id, operation)
      const next = yield* decided(Activity.transition(activity, event, ctx.now, ctx.policy))
      yield* ctx.store.activities.update(next)
      return changedActivity(next)
    })
  )
}

/**
 * Starts a planned activity (A3); a hazardous one only with insurance covering its dates
 * (A4, `ActivityInsuranceMissing`).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.start("captain-dh", "activity_000001")
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const start = lifecycle("start")

/**
 * Ends an ongoing activity (A3).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.end("captain-dh", "activity_000001")
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const end = lifecycle("end")

/**
 * Closes an ended activity (A3): only with the attendance record finalised
 * ({@link finaliseAttendance}) and a summary ({@link writeSummary}); otherwise
 * `ActivityNotClosable` names what is missing.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.close("captain-dh", "activity_000001")
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const close = lifecycle("close")

/**
 * Cancels a planned or ongoing activity (A3). Its assignments no longer block the volunteers'
 * other activities (A5).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.cancel("captain-dh", "activity_000001")
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const cancel = lifecycle("cancel")

/**
 * Input of {@link writeSummary}.
 *
 * @category inputs
 * @since 0.1.0
 */
export const SummaryInput = Schema.Struct({ activityId: ActivityId, summary: Reason })

/**
 * Writes the summary of an activity (A3, 有总结): a non-blank note by a leader covering the
 * organising unit (H7).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.writeSummary("captain-dh", {
 *   activityId: "activity_000001", summary: "共 8 人参加，走访 12 户。"
 * })
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const writeSummary = (actor: unknown, raw: unknown): Effect.Effect<Activity.Activity, Fails, Needs> =>
  mutation("activities.writeSummary", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(SummaryInput, "activities.writeSummary")(raw)
      const activity = yield* organisedActivity(ctx, i.activityId, "activities.writeSummary")
      const next = Activity.writeSummary(activity, i.summary)
      yield* ctx.store.activities.update(next)
      return changedActivity(next)
    })
  )

/**
 * Input of {@link recordInsurance}.
 *
 * @category inputs
 * @since 0.1.0
 */
export const InsuranceInput = Schema.Struct({ activityId: ActivityId, insurance: Activity.Insurance })

/**
 * Records the accident insurance of an activity (A4) after it was planned; a hazardous
 * activity starts and takes volunteers only with insurance covering its dates.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.recordInsurance("captain-dh", {
 *   activityId: "activity_000001",
 *   insurance: { policyNumber: "PICC-2026-001", insurer: "中国人保", coversFrom: "2026-01-01", coversTo: "2026-12-31" }
 * })
 * ```
 * @category activities
 * @since 0.1.0
 */
export const recordInsurance = (actor: unknown, raw: unknown): Effect.Effect<Activity.Activity, Fails, Needs> =>
  mutation("activities.recordInsurance", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(InsuranceInput, "activities.recordInsurance")(raw)
      const activity = yield* organisedActivity(ctx, i.activityId, "activities.recordInsurance")
      const next: Activity.Activity = { ...activity, insurance: i.insurance }
      yield* ctx.store.activities.update(next)
      return changedActivity(next)
    })
  )

// ---------------------------------------------------------------------------------------
// Assignment (A4–A6, D5)
// ---------------------------------------------------------------------------------------

/**
 * Input of {@link dispatch} and {@link signUp}: the activity, the volunteer and whether the
 * written agreement was signed (A6).
 *
 * @category inputs
 * @since 0.1.0
 */
export const AssignInput = Schema.Struct({
  activityId: ActivityId,
  volunteerId: VolunteerId,
  agreementSigned: Schema.optionalKey(Schema.Boolean)
})
/** @category inputs @since 0.1.0 */
export type AssignInput = typeof AssignInput.Type

/** The assignments the decision must see: the activity's, and the volunteer's elsewhere. */
const existingAssignments = (store: StoreShape, activity: Activity.Activity, volunteerId: VolunteerId) =>
  Effect.gen(function* () {
    const mine = yield* store.assignments.listByActivity(activity.id)
    const theirs = (yield* store.assignments.listByVolunteer(volunteerId)).filter((a) => a.activityId !== activity.id)
    const others = yield* Effect.forEach([...new Set(theirs.map((a) => a.activityId))], (id) => store.activities.get(id))
    const open = new Map(others.filter((o) => o.status !== "cancelled").map((o) => [o.id, o.window] as const))
    const existing: Array<Activity.ExistingAssignment> = []
    for (const a of mine) existing.push({ assignmentId: a.id, activityId: a.activityId, volunteerId: a.volunteerId, window: activity.window })
    for (const a of theirs) {
      const window = open.get(a.activityId)
      if (window) existing.push({ assignmentId: a.id, activityId: a.activityId, volunteerId: a.volunteerId, window })
    }
    return existing
  })

const assign = (via: Activity.Via) => (
  actor: unknown,
  raw: unknown
): Effect.Effect<Activity.Assignment, Fails | Activity.AssignmentRefused, Needs> => {
  const operation = `activities.${via}`
  return mutation(operation, actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(AssignInput, operation)(raw)
      // A5: capacity is the activity's, no double-booking the volunteer's — both locked, always
      // in this order, before anything the decision reads
      yield* ctx.store.lock({ kind: "activity", id: i.activityId })
      yield* ctx.store.lock({ kind: "volunteer", id: i.volunteerId })
      const activity = yield* ctx.store.activities.get(i.activityId)
      const volunteer = yield* ctx.store.volunteers.get(i.volunteerId)
      const org = yield* loadOrganisation
      if (via === "signUp") yield* authorizeForVolunteer(org, ctx, activity, volunteer, operation)
      else if (activity.scope === "major") yield* authorizeAny(org, ctx, [activity.organiserUnitId, volunteer.squadId], operation)
      else yield* authorize(org, ctx.actorId, activity.organiserUnitId, ctx.today, operation)
      const existing = yield* existingAssignments(ctx.store, activity, volunteer.id)
      const suspensions = (yield* ctx.store.discipline.suspensionsOf(volunteer.id)).map((r) => r.suspension)
      const grant = yield* decided(
        Activity.decideAssignment({
          activity,
          volunteer: {
            id: volunteer.id,
            status: volunteer.status,
            birthDate: volunteer.birthDate,
            hasAgreement: i.agreementSigned === true,
            suspensions
          },
          existing,
          via,
          policy: ctx.policy
        })
      )
      const assignment: Activity.Assignment = {
        id: (yield* ctx.newId("assignment")) as AssignmentId,
        ...grant,
        assignedBy: ctx.actorId,
        assignedAt: ctx.now,
        ...(i.agreementSigned === undefined ? {} : { agreementSigned: i.agreementSigned })
      }
      yield* ctx.store.assignments.insert(assignment)
      return { value: assignment, targetKind: "assignment", targetId: assignment.id }
    })
  )
}

/**
 * Dispatches (派遣) a volunteer to an activity (A4–A6, D5) with {@link Activity.decideAssignment}:
 * capacity, no double-booking into overlapping activities (cancelled ones do not count), only
 * active volunteers, none suspended on a date of the activity, no minor on a hazardous
 * activity, insurance and agreement where required — a refusal is a typed
 * `AssignmentRefused` naming the reason. The actor covers the organising unit, or for a major
 * activity the volunteer's squad (a squadron sending its volunteers, A1). Capacity and
 * double-booking hold under concurrent assignment on every adapter.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.dispatch("captain-dh", {
 *   activityId: "activity_000001", volunteerId: "volunteer_000004", agreementSigned: true
 * })
 * ```
 * @category assignment
 * @since 0.1.0
 */
export const dispatch = assign("dispatch")

/**
 * Signs a volunteer up (报名) for an activity (A4–A6, D5): the same decision as
 * {@link dispatch}; the actor is the volunteer themself ({@link selfActor}) or a leader
 * covering their squad or the organising unit who records it on their behalf.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.signUp(Workflows.Activities.selfActor("volunteer_000004"), {
 *   activityId: "activity_000001", volunteerId: "volunteer_000004"
 * })
 * ```
 * @category assignment
 * @since 0.1.0
 */
export const signUp = assign("signUp")

/**
 * Input of {@link withdraw}.
 *
 * @category inputs
 * @since 0.1.0
 */
export const WithdrawInput = Schema.Struct({ assignmentId: AssignmentId })

/**
 * Withdraws an assignment while its activity is still planned (A5); once it has started the
 * volunteer asks for leave instead (D2). Actor as for {@link signUp}.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.withdraw("captain-dh", { assignmentId: "assignment_000007" })
 * ```
 * @category assignment
 * @since 0.1.0
 */
export const withdraw = (
  actor: unknown,
  raw: unknown
): Effect.Effect<Activity.Assignment, Fails | Activity.AssignmentNotWithdrawable, Needs> =>
  mutation("activities.withdraw", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(WithdrawInput, "activities.withdraw")(raw)
      const assignment = yield* ctx.store.assignments.get(i.assignmentId)
      yield* ctx.store.lock({ kind: "activity", id: assignment.activityId })
      const activity = yield* ctx.store.activities.get(assignment.activityId)
      const volunteer = yield* ctx.store.volunteers.get(assignment.volunteerId)
      yield* authorizeForVolunteer(yield* loadOrganisation, ctx, activity, volunteer, "activities.withdraw")
      yield* decided(Activity.decideWithdrawal(activity, assignment))
      yield* ctx.store.assignments.remove(assignment.id)
      return { value: assignment, targetKind: "assignment", targetId: assignment.id }
    })
  )

// ---------------------------------------------------------------------------------------
// Attendance (D1, D3) and finalisation (A3, D4, D5)
// ---------------------------------------------------------------------------------------

/**
 * Input of {@link recordAttendance}: a check-in or check-out of an assignment with its
 * evidence (code, QR scan or leader attestation) and, on check-in, the badge (D3).
 *
 * @category inputs
 * @since 0.1.0
 */
export const AttendanceInput = Attendance.AttendanceEvent

/**
 * Records a check-in or check-out (D1, D3) of an assignment, by a leader covering the
 * organising unit (H7). Events are append-only; their order does not matter to the outcome.
 * After the record is finalised or the activity cancelled, `AttendanceClosed`.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.recordAttendance("leader-dh-01", {
 *   assignmentId: "assignment_000007", kind: "checkIn", at: 1_772_672_460_000, evidence: "qrScan", badgeWorn: true
 * })
 * ```
 * @category attendance
 * @since 0.1.0
 */
export const recordAttendance = (
  actor: unknown,
  raw: unknown
): Effect.Effect<AttendanceRecord, Fails | Attendance.AttendanceClosed, Needs> => attend(actor, raw, undefined)

/**
 * {@link recordAttendance} with the kind given (check-in, check-out) or read from the input.
 * The input is only touched inside the Effect: a value whose getters throw (a Proxy) is an
 * `InputInvalid`, never a synchronous throw from `checkIn` or `checkOut`.
 */
const attend = (
  actor: unknown,
  raw: unknown,
  kind: "checkIn" | "checkOut" | undefined
): Effect.Effect<AttendanceRecord, Fails | Attendance.AttendanceClosed, Needs> =>
  // the busiest write of a city's day, so a flat chain of steps rather than a generator
  // (docs/performance.md): decode, read the assignment with its activity, authorise, decide, append
  mutation(RECORD_ATTENDANCE, actor, (ctx) =>
    Effect.flatMap(Effect.fromResult(decodeEvent(raw, kind)), (event) =>
      Effect.flatMap(ctx.store.assignments.getWithActivity(event.assignmentId), ({ assignment, activity }) =>
        Effect.flatMap(ctx.store.organisation, (org): Effect.Effect<Changed<AttendanceRecord>, Fails | Attendance.AttendanceClosed> => {
          const allowed = Result.andThen(
            Hierarchy.authorize(org, ctx.actorId, activity.organiserUnitId, ctx.today, RECORD_ATTENDANCE),
            () => Attendance.decideEvent(activity, event)
          )
          if (Result.isFailure(allowed)) return Effect.fail(allowed.failure)
          return Effect.flatMap(ctx.newId("attendance"), (id) => {
            const record: AttendanceRecord = {
              id,
              activityId: activity.id,
              volunteerId: assignment.volunteerId,
              event,
              recordedBy: ctx.actorId,
              recordedAt: ctx.now
            }
            return Effect.as(ctx.store.attendance.append(record), { value: record, targetKind: "attendance", targetId: id })
          })
        })
      )
    )
  )

const RECORD_ATTENDANCE = "activities.recordAttendance"
const decodeAttendance = decoder(AttendanceInput, RECORD_ATTENDANCE)

const withKind = (kind: "checkIn" | "checkOut", raw: unknown): unknown => {
  if (typeof raw !== "object" || raw === null) return raw
  try {
    return { ...raw, kind }
  } catch {
    // an input that throws when read (a Proxy with throwing traps) fails decoding, never throws here
    return null
  }
}

/** Decodes an attendance event; input that cannot even be read (its getters throw) is InputInvalid. */
const decodeEvent = (raw: unknown, kind: "checkIn" | "checkOut" | undefined): Result.Result<Attendance.AttendanceEvent, InputInvalid> => {
  try {
    return decodeAttendance(kind === undefined ? raw : withKind(kind, raw))
  } catch {
    return Result.fail(unreadable(RECORD_ATTENDANCE))
  }
}

/**
 * Records a check-in (D1, D3): {@link recordAttendance} with `kind: "checkIn"`.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.checkIn("leader-dh-01", {
 *   assignmentId: "assignment_000007", at: 1_772_672_460_000, evidence: "code", badgeWorn: false
 * })
 * ```
 * @category attendance
 * @since 0.1.0
 */
export const checkIn = (actor: unknown, raw: unknown) => attend(actor, raw, "checkIn")

/**
 * Records a check-out (D1): {@link recordAttendance} with `kind: "checkOut"`.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.checkOut("leader-dh-01", {
 *   assignmentId: "assignment_000007", at: 1_772_679_600_000, evidence: "leaderAttestation"
 * })
 * ```
 * @category attendance
 * @since 0.1.0
 */
export const checkOut = (actor: unknown, raw: unknown) => attend(actor, raw, "checkOut")

/**
 * One row of an activity's attendance table: the assignment's one outcome (D1), badge (D3),
 * attended interval and the violations it gives (D4; none for approved leave).
 *
 * @category attendance
 * @since 0.1.0
 */
export interface AttendanceRow extends Attendance.Classification {
  readonly assignmentId: AssignmentId
  readonly volunteerId: VolunteerId
  readonly violations: ReadonlyArray<Discipline.Violation>
}

const classifyActivity = (store: StoreShape, activity: Activity.Activity, policy: Policy) =>
  Effect.gen(function* () {
    const [assignments, events, leaves] = yield* Effect.all([
      store.assignments.listByActivity(activity.id),
      store.attendance.listByActivity(activity.id),
      store.leave.listByActivity(activity.id)
    ])
    const on = localDateOf(activity.window.start, policy.timeZone)
    return assignments.map((a): AttendanceRow => {
      const requests = leaves.filter((l) => l.assignmentId === a.id)
      const classification = Attendance.classify({
        window: activity.window,
        events: events.filter((e) => e.event.assignmentId === a.id).map((e) => e.event),
        leave: requests.find(Leave.excuses) ?? requests[0],
        policy
      })
      const violations = Discipline.violationsOf(classification.outcome, classification.badgeWorn, {
        volunteerId: a.volunteerId,
        on,
        assignmentId: a.id
      })
      return { assignmentId: a.id, volunteerId: a.volunteerId, ...classification, violations }
    })
  })

/**
 * The attendance table of an activity as it stands (D1, D3, D4): each assignment's one
 * outcome from its events and leave — the same whatever order the events arrived in.
 *
 * @example
 * ```ts
 * import { Ids, Workflows } from "volunteer-brigade"
 * const rows = Workflows.Activities.attendanceTable(Ids.ActivityId.make("activity_000001"))
 * ```
 * @category queries
 * @since 0.1.0
 */
export const attendanceTable = (
  activityId: unknown
): Effect.Effect<ReadonlyArray<AttendanceRow>, InputInvalid | NotFound | StoreError, Store> =>
  Effect.gen(function* () {
    const id = yield* input(ActivityId, "activities.attendanceTable")(activityId)
    const store = yield* Store
    const policy = yield* PolicyRef
    return yield* classifyActivity(store, yield* store.activities.get(id), policy)
  })

/**
 * A row of the finalisation result: the attendance row plus the volunteer's points and
 * standing after it (D4), the suspension it started (D5), and whether dismissal is proposed
 * (reported for a decision, never executed here).
 *
 * @category attendance
 * @since 0.1.0
 */
export interface FinalisedRow extends AttendanceRow {
  readonly points: number
  readonly standing: Discipline.Standing
  readonly suspension?: Discipline.Suspension
  readonly dismissalProposed: boolean
}

/**
 * What {@link finaliseAttendance} returns: the activity with its record finalised and the
 * outcome table.
 *
 * @category attendance
 * @since 0.1.0
 */
export interface Finalised {
  readonly activity: Activity.Activity
  readonly rows: ReadonlyArray<FinalisedRow>
}

/**
 * D4/D5: after new violations, a volunteer's points, standing and any suspension started, as
 * of `asOf` — the finalisation day, or the activity's last day if a leader finalises early.
 */
const disciplineAfter = (ctx: MutationContext, volunteerId: VolunteerId, asOf: LocalDate) =>
  Effect.gen(function* () {
    const violations = (yield* ctx.store.discipline.violationsOf(volunteerId)).map((r) => r.violation)
    const suspensions = (yield* ctx.store.discipline.suspensionsOf(volunteerId)).map((r) => r.suspension)
    const points = Discipline.points(violations, asOf, ctx.policy)
    const standing = Discipline.standing(points, ctx.policy)
    const proposal = Discipline.suspend({ volunteerId, violations, suspensions }, asOf, ctx.policy)
    if (Option.isSome(proposal)) {
      const record: SuspensionRecord = { id: yield* ctx.newId("suspension"), suspension: proposal.value, recordedAt: ctx.now }
      yield* ctx.store.discipline.insertSuspension(record)
      const volunteer = yield* ctx.store.volunteers.get(volunteerId)
      if (volunteer.status === "active") yield* ctx.store.volunteers.update(yield* decided(Volunteer.changeStatus(volunteer, "suspend")))
    }
    return {
      points,
      standing,
      dismissalProposed: standing === "dismissalProposal",
      ...(Option.isSome(proposal) ? { suspension: proposal.value } : {})
    }
  })

/**
 * Finalises the attendance record of an ended activity (A3 有记录, D1–D5), once: classifies
 * every assignment into exactly one outcome ({@link Attendance.classify}; approved leave
 * excuses, pending or rejected leave does not), records the violations it gives
 * ({@link Discipline.violationsOf}; approved leave never gives points), marks the record
 * finalised, and for each volunteer whose standing reaches suspension records a dated
 * suspension ({@link Discipline.suspend}) and sets their status to `suspended`; a proposal to
 * dismiss is reported, not executed. A second finalisation, or one before the activity has
 * ended, is refused with `ActivityRecordNotFinalisable`. The actor covers the organising unit
 * (H7).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.finaliseAttendance("captain-dh", "activity_000001")
 * ```
 * @category attendance
 * @since 0.1.0
 */
export const finaliseAttendance = (
  actor: unknown,
  activityId: unknown
): Effect.Effect<Finalised, Fails | Activity.ActivityRecordNotFinalisable | Volunteer.VolunteerTransitionInvalid, Needs> =>
  mutation("activities.finaliseAttendance", actor, (ctx) =>
    Effect.gen(function* () {
      const id = yield* input(ActivityId, "activities.finaliseAttendance")(activityId)
      const activity = yield* organisedActivity(ctx, id, "activities.finaliseAttendance")
      const finalised = yield* decided(Activity.decideFinalise(activity))
      const table = yield* classifyActivity(ctx.store, activity, ctx.policy)
      for (const row of table) {
        for (const violation of row.violations) {
          yield* ctx.store.discipline.appendViolation({ id: yield* ctx.newId("violation"), violation, recordedAt: ctx.now })
        }
      }
      const last = Activity.localDates(activity.window, ctx.policy).last
      const asOf = last > ctx.today ? last : ctx.today
      const after = new Map<VolunteerId, Effect.Success<ReturnType<typeof disciplineAfter>>>()
      for (const row of table) {
        if (!after.has(row.volunteerId)) after.set(row.volunteerId, yield* disciplineAfter(ctx, row.volunteerId, asOf))
      }
      yield* ctx.store.activities.update(finalised)
      const rows = table.map((row): FinalisedRow => ({ ...row, ...after.get(row.volunteerId)! }))
      return { value: { activity: finalised, rows }, targetKind: "activity", targetId: finalised.id }
    })
  )

// ---------------------------------------------------------------------------------------
// Leave (D2)
// ---------------------------------------------------------------------------------------

/**
 * Input of {@link requestLeave}.
 *
 * @category inputs
 * @since 0.1.0
 */
export const LeaveInput = Schema.Struct({ assignmentId: AssignmentId, reason: Note })

/**
 * Requests leave (请假, D2) from an assignment, now (from the Clock): strictly before the
 * activity starts (`LeaveTooLate` otherwise), timely when at least 24 h ahead (policy), with a
 * non-blank reason. Actor as for {@link signUp}.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.requestLeave(Workflows.Activities.selfActor("volunteer_000004"), {
 *   assignmentId: "assignment_000007", reason: "家中有事"
 * })
 * ```
 * @category leave
 * @since 0.1.0
 */
export const requestLeave = (
  actor: unknown,
  raw: unknown
): Effect.Effect<Leave.LeaveRequest, Fails | Leave.LeaveTooLate | Leave.LeaveReasonInvalid, Needs> =>
  mutation("activities.requestLeave", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(LeaveInput, "activities.requestLeave")(raw)
      const assignment = yield* ctx.store.assignments.get(i.assignmentId)
      yield* ctx.store.lock({ kind: "activity", id: assignment.activityId })
      const activity = yield* ctx.store.activities.get(assignment.activityId)
      const volunteer = yield* ctx.store.volunteers.get(assignment.volunteerId)
      yield* authorizeForVolunteer(yield* loadOrganisation, ctx, activity, volunteer, "activities.requestLeave")
      const request = yield* decided(
        Leave.request({
          id: (yield* ctx.newId("leave")) as LeaveRequestId,
          assignmentId: assignment.id,
          volunteerId: assignment.volunteerId,
          activityId: activity.id,
          reason: i.reason,
          activityStart: activity.window.start,
          at: ctx.now,
          policy: ctx.policy
        })
      )
      yield* ctx.store.leave.insert(request)
      return { value: request, targetKind: "leaveRequest", targetId: request.id }
    })
  )

/**
 * Input of {@link decideLeave}.
 *
 * @category inputs
 * @since 0.1.0
 */
export const LeaveDecisionInput = Schema.Struct({
  requestId: LeaveRequestId,
  decision: Schema.Literals(["approved", "rejected"])
})

/**
 * Approves or rejects a pending leave request (D2) — by a leader covering the volunteer's
 * squad or the organising unit (H7, `NotInJurisdiction` naming the organising unit
 * otherwise). Only an approved request excuses; once the record is finalised no request is
 * decided (`LeaveDecisionClosed`).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.decideLeave("leader-dh-01", { requestId: "leave_000009", decision: "approved" })
 * ```
 * @category leave
 * @since 0.1.0
 */
export const decideLeave = (
  actor: unknown,
  raw: unknown
): Effect.Effect<Leave.LeaveRequest, Fails | Leave.LeaveAlreadyDecided | Leave.LeaveDecisionClosed, Needs> =>
  mutation("activities.decideLeave", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(LeaveDecisionInput, "activities.decideLeave")(raw)
      yield* ctx.store.lock({ kind: "activity", id: (yield* ctx.store.leave.get(i.requestId)).activityId })
      // D2: decided once — the request is read again under the activity's lock
      const request = yield* ctx.store.leave.get(i.requestId)
      const activity = yield* ctx.store.activities.get(request.activityId)
      const volunteer = yield* ctx.store.volunteers.get(request.volunteerId)
      const org = yield* loadOrganisation
      yield* authorizeAny(org, ctx, [activity.organiserUnitId, volunteer.squadId], "activities.decideLeave")
      const decided_ = yield* decided(Leave.decide(request, i.decision, ctx.actorId, ctx.now, activity))
      yield* ctx.store.leave.update(decided_)
      return { value: decided_, targetKind: "leaveRequest", targetId: decided_.id }
    })
  )

// ---------------------------------------------------------------------------------------
// Discipline (D4, D5) and completeness (A3)
// ---------------------------------------------------------------------------------------

/**
 * Input of {@link liftSuspension}.
 *
 * @category inputs
 * @since 0.1.0
 */
export const LiftSuspensionInput = Schema.Struct({ volunteerId: VolunteerId })

/**
 * Ends a volunteer's suspension (D5) by decision today, or — when the dated suspension has
 * already expired — reinstates the `suspended` status it left. By a leader covering the
 * volunteer's squad (H7). `SuspensionNotActive` when there is nothing to lift.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Activities.liftSuspension("captain-dh", { volunteerId: "volunteer_000004" })
 * ```
 * @category discipline
 * @since 0.1.0
 */
export const liftSuspension = (
  actor: unknown,
  raw: unknown
): Effect.Effect<
  Volunteer.Individual,
  Fails | Discipline.SuspensionNotActive | Volunteer.VolunteerTransitionInvalid,
  Needs
> =>
  mutation("activities.liftSuspension", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(LiftSuspensionInput, "activities.liftSuspension")(raw)
      const volunteer = yield* ctx.store.volunteers.get(i.volunteerId)
      yield* authorize(yield* loadOrganisation, ctx.actorId, volunteer.squadId, ctx.today, "activities.liftSuspension")
      const inForce = (yield* ctx.store.discipline.suspensionsOf(volunteer.id)).filter((r) =>
        Discipline.isSuspendedOn(r.suspension, ctx.today)
      )
      if (inForce.length === 0 && volunteer.status !== "suspended") {
        return yield* new Discipline.SuspensionNotActive({ volunteerId: volunteer.id, on: ctx.today })
      }
      for (const r of inForce) {
        yield* ctx.store.discipline.updateSuspension({ ...r, suspension: yield* decided(Discipline.endEarly(r.suspension, ctx.today)) })
      }
      const next = volunteer.status === "suspended" ? yield* decided(Volunteer.changeStatus(volunteer, "reinstate")) : volunteer
      if (next !== volunteer) yield* ctx.store.volunteers.update(next)
      return { value: next, targetKind: "volunteer", targetId: next.id }
    })
  )

/**
 * A volunteer's discipline on a date (D4, D5): points over the rolling window, the standing
 * they give, whether a suspension is in force, and the suspensions on file.
 *
 * @category discipline
 * @since 0.1.0
 */
export interface StandingReport {
  readonly volunteerId: VolunteerId
  readonly asOf: LocalDate
  readonly points: number
  readonly standing: Discipline.Standing
  readonly suspended: boolean
  readonly suspensions: ReadonlyArray<Discipline.Suspension>
}

/**
 * A volunteer's points over the rolling window ending on `asOf` (D4: 12 months by default),
 * the standing they give (reminder 3, warning 6, suspension 9, dismissal proposal 12) and
 * whether a suspension is in force that day (D5).
 *
 * @example
 * ```ts
 * import { Ids, Time, Workflows } from "volunteer-brigade"
 * declare const volunteerId: Ids.VolunteerId
 * const report = Workflows.Activities.standing(volunteerId, Time.localDate("2026-03-05"))
 * ```
 * @category discipline
 * @since 0.1.0
 */
export const standing = (volunteerIdRaw: unknown, asOfRaw: unknown): Effect.Effect<StandingReport, InputInvalid | StoreError, Store> =>
  Effect.gen(function* () {
    const { volunteerId, asOf } = yield* input(StandingQuery, "activities.standing")({ volunteerId: volunteerIdRaw, asOf: asOfRaw })
    const store = yield* Store
    const policy = yield* PolicyRef
    const violations = (yield* store.discipline.violationsOf(volunteerId)).map((r) => r.violation)
    const suspensions = (yield* store.discipline.suspensionsOf(volunteerId)).map((r) => r.suspension)
    const points = Discipline.points(violations, asOf, policy)
    return {
      volunteerId,
      asOf,
      points,
      standing: Discipline.standing(points, policy),
      suspended: suspensions.some((s) => Discipline.isSuspendedOn(s, asOf)),
      suspensions
    }
  })

/**
 * Activities that are incomplete at `asOf` (A3): ended more than `policy.closeWithinDays`
 * local days before without both a finalised record and a summary. Optionally restricted
 * like {@link Store.ActivitiesRepo.list}.
 *
 * @example
 * ```ts
 * import { Time, Workflows } from "volunteer-brigade"
 * const late = Workflows.Activities.incompleteActivities(Time.instant("2026-03-20T00:00:00+08:00"))
 * ```
 * @category queries
 * @since 0.1.0
 */
export const incompleteActivities = (
  asOf: unknown,
  query?: unknown
): Effect.Effect<ReadonlyArray<Activity.Activity>, InputInvalid | StoreError, Store> =>
  Effect.gen(function* () {
    const at = yield* input(Instant, "activities.incompleteActivities")(asOf)
    const q = yield* input(IncompleteQuery, "activities.incompleteActivities")(query === undefined ? {} : query)
    const store = yield* Store
    const policy = yield* PolicyRef
    return (yield* store.activities.list(q)).filter((a) => Activity.isIncomplete(a, at, policy))
  })

const StandingQuery = Schema.Struct({ volunteerId: VolunteerId, asOf: LocalDate })

/** The filter of {@link incompleteActivities}, decoded: the store's activity query (ids at most 1000). */
const IncompleteQuery = Schema.Struct({
  organiserUnitIds: Schema.optionalKey(Schema.Array(UnitId).check(Schema.isMaxLength(1000))),
  startFrom: Schema.optionalKey(Instant),
  startBefore: Schema.optionalKey(Instant)
})
