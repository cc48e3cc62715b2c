/**
 * 活动 — activities: scope, lifecycle, hazard, insurance, written agreements and the
 * assignment decision (dispatch or sign-up).
 *
 * Owns rules **A1** (scope), **A3** (lifecycle, record and summary), **A4** (hazardous
 * activities: insurance, no minors), **A5** (capacity, no double-booking, only active
 * volunteers) and **A6** (written agreement). Categories themselves (A2) live in `category.ts`.
 * Everything here is pure: "now" and the policy are arguments (C2), calendar questions use
 * `policy.timeZone` (C1).
 *
 * @module
 */
import { Result, Schema } from "effect"
import { hazardousByNature, ServiceCategory } from "./category.js"
import { isSuspendedDuring, type Suspension } from "./discipline.js"
import { ActivityId, ActorId, AssignmentId, UnitId, VolunteerId } from "./ids.js"
import type { Policy } from "./policy.js"
import { Name, Note } from "./text.js"
import {
  addDays,
  ageOn,
  atLocalTime,
  daysBetween,
  Instant,
  LocalDate,
  localDateOf,
  startOfDay,
  addMonths
} from "./time.js"
import type { TimeZone } from "./time.js"
import { VolunteerStatus } from "./volunteer.js"

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

/**
 * The time window of an activity, `[start, end)` as instants; it must end strictly after it
 * starts.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Activity } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Activity.Window)({ start: 1_767_229_200_000, end: 1_767_236_400_000 })
 * ```
 * @category schemas
 * @since 0.1.0
 */
export const Window = Schema.Struct({ start: Instant, end: Instant }).check(
  Schema.makeFilter((w: { readonly start: number; readonly end: number }) =>
    w.end > w.start || "an activity window ends strictly after it starts"
  )
)

/** @category schemas @since 0.1.0 */
export type Window = typeof Window.Type

/**
 * Accident insurance recorded for an activity (A4): the policy, the insurer and the local
 * dates it covers (both inclusive).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Activity } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Activity.Insurance)({
 *   policyNumber: "PICC-2026-001", insurer: "中国人保", coversFrom: "2026-01-01", coversTo: "2026-12-31"
 * })
 * ```
 * @category schemas
 * @since 0.1.0
 */
export const Insurance = Schema.Struct({
  policyNumber: Name,
  insurer: Name,
  coversFrom: LocalDate,
  coversTo: LocalDate
}).check(
  Schema.makeFilter((i: { readonly coversFrom: string; readonly coversTo: string }) =>
    i.coversFrom <= i.coversTo || "insurance cover ends no earlier than it starts"
  )
)

/** @category schemas @since 0.1.0 */
export type Insurance = typeof Insurance.Type

/**
 * Scope of an activity (A1): `major` — run by the brigade city-wide, squadrons send
 * volunteers; `regular` — scheduled by a squadron or squad inside its own area.
 *
 * @example
 * ```ts
 * import { Activity } from "volunteer-brigade"
 * Activity.labelsZh.scope.major // "大型活动"
 * ```
 * @category schemas
 * @since 0.1.0
 */
export const Scope = Schema.Literals(["major", "regular"])

/** @category schemas @since 0.1.0 */
export type Scope = typeof Scope.Type

/**
 * The level of an organising unit, as far as A1 cares.
 *
 * @category schemas
 * @since 0.1.0
 */
export const OrganiserLevel = Schema.Literals(["brigade", "squadron", "squad"])

/** @category schemas @since 0.1.0 */
export type OrganiserLevel = typeof OrganiserLevel.Type

/**
 * What a host submits to plan an activity. `night` marks a night activity explicitly; a
 * security patrol whose window reaches into 22:00–06:00 local time is a night patrol anyway
 * (A4). `agreement.requestedByParty` records that a party asked for a written agreement (A6).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Activity } from "volunteer-brigade"
 * const input = Schema.decodeUnknownSync(Activity.ActivityInput)({
 *   title: "当湖街道夜间治安巡查", scope: "regular", organiserUnitId: "sq-danghu",
 *   category: "securityPatrol", window: { start: 1_767_268_800_000, end: 1_767_279_600_000 },
 *   capacity: 6, hazardous: false, agreement: {}
 * })
 * ```
 * @category schemas
 * @since 0.1.0
 */
export const ActivityInput = Schema.Struct({
  title: Name,
  scope: Scope,
  organiserUnitId: UnitId,
  category: ServiceCategory,
  window: Window,
  capacity: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  hazardous: Schema.Boolean,
  night: Schema.optionalKey(Schema.Boolean),
  insurance: Schema.optionalKey(Insurance),
  agreement: Schema.Struct({ requestedByParty: Schema.optionalKey(Schema.Boolean) }),
  largeScale: Schema.optionalKey(Schema.Boolean),
  location: Schema.optionalKey(Note)
})

/** @category schemas @since 0.1.0 */
export type ActivityInput = typeof ActivityInput.Type

/**
 * Lifecycle status (A3): planned → ongoing → ended → closed, or cancelled.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Status = Schema.Literals(["planned", "ongoing", "ended", "closed", "cancelled"])

/** @category schemas @since 0.1.0 */
export type Status = typeof Status.Type

/**
 * A lifecycle event (A3): start, end, close or cancel.
 *
 * @category schemas
 * @since 0.1.0
 */
export const LifecycleEvent = Schema.Literals(["start", "end", "close", "cancel"])

/** @category schemas @since 0.1.0 */
export type LifecycleEvent = typeof LifecycleEvent.Type

/**
 * 活动 — the persisted activity record: the input plus its lifecycle state (A3). It is closed
 * only with a finalised attendance record and a non-blank summary (有记录、有总结).
 *
 * @example
 * ```ts
 * import { Activity } from "volunteer-brigade"
 * import type { Ids } from "volunteer-brigade"
 * declare const id: Ids.ActivityId
 * declare const input: Activity.ActivityInput
 * const activity = Activity.plan(id, input) // status "planned", recordFinalised false
 * ```
 * @category schemas
 * @since 0.1.0
 */
export const Activity = Schema.Struct({
  id: ActivityId,
  ...ActivityInput.fields,
  status: Status,
  summary: Schema.optionalKey(Note),
  recordFinalised: Schema.Boolean,
  closedAt: Schema.optionalKey(Instant)
})

/** @category schemas @since 0.1.0 */
export type Activity = typeof Activity.Type

/**
 * How a volunteer came to an activity: dispatched by a leader, or signed up themself (A5).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Via = Schema.Literals(["dispatch", "signUp"])

/** @category schemas @since 0.1.0 */
export type Via = typeof Via.Type

/**
 * 派遣/报名 — the persisted assignment of a volunteer to an activity (A5), with whether the
 * written agreement was signed (A6).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Activity } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Activity.Assignment)({
 *   id: "as-1", activityId: "ac-1", volunteerId: "v-1", via: "signUp", assignedBy: "u-1", assignedAt: 1_767_229_200_000
 * })
 * ```
 * @category schemas
 * @since 0.1.0
 */
export const Assignment = Schema.Struct({
  id: AssignmentId,
  activityId: ActivityId,
  volunteerId: VolunteerId,
  via: Via,
  assignedBy: ActorId,
  assignedAt: Instant,
  /** A6: the volunteer signed the written agreement for this activity. */
  agreementSigned: Schema.optionalKey(Schema.Boolean)
})

/** @category schemas @since 0.1.0 */
export type Assignment = typeof Assignment.Type

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * A1: the organising unit's level does not fit the scope (a major activity needs the
 * brigade; a regular one a squadron or squad).
 *
 * @category errors
 * @since 0.1.0
 */
export class ActivityScopeInvalid extends Schema.TaggedError<ActivityScopeInvalid>()("ActivityScopeInvalid", {
  organiserUnitId: UnitId,
  scope: Scope,
  organiserLevel: OrganiserLevel
}) {}

/**
 * A3: the event is not allowed from the activity's current status.
 *
 * @category errors
 * @since 0.1.0
 */
export class ActivityTransitionInvalid extends Schema.TaggedError<ActivityTransitionInvalid>()(
  "ActivityTransitionInvalid",
  { activityId: ActivityId, from: Status, event: LifecycleEvent }
) {}

/**
 * A3: an ended activity cannot close yet; `missing` names what is lacking.
 *
 * @category errors
 * @since 0.1.0
 */
export class ActivityNotClosable extends Schema.TaggedError<ActivityNotClosable>()("ActivityNotClosable", {
  activityId: ActivityId,
  missing: Schema.Array(Schema.Literals(["record", "summary"]))
}) {}

/**
 * A4: a hazardous activity cannot start without accident insurance covering its dates.
 *
 * @category errors
 * @since 0.1.0
 */
export class ActivityInsuranceMissing extends Schema.TaggedError<ActivityInsuranceMissing>()(
  "ActivityInsuranceMissing",
  { activityId: ActivityId }
) {}

/**
 * Why an assignment was refused (A4, A5, A6).
 *
 * @category errors
 * @since 0.1.0
 */
export const RefusalReason = Schema.Literals([
  "activityNotOpen",
  "volunteerNotActive",
  "volunteerSuspended",
  "capacityFull",
  "doubleBooked",
  "minorOnHazardous",
  "insuranceMissing",
  "agreementMissing"
])

/** @category errors @since 0.1.0 */
export type RefusalReason = typeof RefusalReason.Type

/**
 * A4/A5/A6: an assignment is refused. `conflictingActivityId` is set for `doubleBooked`,
 * `volunteerStatus` for `volunteerNotActive`.
 *
 * @category errors
 * @since 0.1.0
 */
export class AssignmentRefused extends Schema.TaggedError<AssignmentRefused>()("AssignmentRefused", {
  reason: RefusalReason,
  activityId: ActivityId,
  volunteerId: VolunteerId,
  conflictingActivityId: Schema.optionalKey(ActivityId),
  volunteerStatus: Schema.optionalKey(VolunteerStatus)
}) {}

// ---------------------------------------------------------------------------------------------
// A1 scope
// ---------------------------------------------------------------------------------------------

/**
 * A1: checks that the organising unit's level fits the scope — a major activity is run by
 * the brigade; a regular one by a squadron or a squad. Whether the area is the unit's own is
 * a jurisdiction check (H7) made by the workflow.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Activity } from "volunteer-brigade"
 * declare const input: Activity.ActivityInput
 * Result.isFailure(Activity.validateScope({ ...input, scope: "major" }, "squadron")) // true
 * ```
 * @category scope
 * @since 0.1.0
 */
export const validateScope = <A extends Pick<ActivityInput, "scope" | "organiserUnitId">>(
  input: A,
  organiserLevel: OrganiserLevel
): Result.Result<A, ActivityScopeInvalid> =>
  (input.scope === "major") === (organiserLevel === "brigade")
    ? Result.succeed(input)
    : Result.fail(new ActivityScopeInvalid({ organiserUnitId: input.organiserUnitId, scope: input.scope, organiserLevel }))

// ---------------------------------------------------------------------------------------------
// A3 lifecycle
// ---------------------------------------------------------------------------------------------

/**
 * Creates the planned activity record from validated input (A3): status `planned`, record
 * not finalised, no summary.
 *
 * @example
 * ```ts
 * import { Activity } from "volunteer-brigade"
 * import type { Ids } from "volunteer-brigade"
 * declare const id: Ids.ActivityId
 * declare const input: Activity.ActivityInput
 * Activity.plan(id, input).status // "planned"
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const plan = (id: ActivityId, input: ActivityInput): Activity => ({
  ...input,
  id,
  status: "planned",
  recordFinalised: false
})


const NEXT: Readonly<Record<LifecycleEvent, { readonly from: ReadonlyArray<Status>; readonly to: Status }>> = {
  start: { from: ["planned"], to: "ongoing" },
  end: { from: ["ongoing"], to: "ended" },
  close: { from: ["ended"], to: "closed" },
  cancel: { from: ["planned", "ongoing"], to: "cancelled" }
}

/**
 * What an activity still lacks before it may close (A3): the finalised record and/or a
 * non-blank summary.
 *
 * @example
 * ```ts
 * import { Activity } from "volunteer-brigade"
 * declare const activity: Activity.Activity
 * Activity.missingForClose(activity) // ["record", "summary"]
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const missingForClose = (
  activity: Pick<Activity, "recordFinalised" | "summary">
): ReadonlyArray<"record" | "summary"> => [
  ...(activity.recordFinalised ? [] : ["record" as const]),
  ...((activity.summary ?? "").trim().length > 0 ? [] : ["summary" as const])
]

/**
 * Marks the attendance record of an activity as finalised (A3, 有记录). Returns a new record.
 *
 * @example
 * ```ts
 * import { Activity } from "volunteer-brigade"
 * declare const activity: Activity.Activity
 * Activity.finaliseRecord(activity).recordFinalised // true
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const finaliseRecord = (activity: Activity): Activity => ({ ...activity, recordFinalised: true })

/**
 * Sets the summary of an activity (A3, 有总结). Returns a new record.
 *
 * @example
 * ```ts
 * import { Activity } from "volunteer-brigade"
 * declare const activity: Activity.Activity
 * Activity.writeSummary(activity, "共 12 人参加，巡查 3 小时。").summary
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const writeSummary = (activity: Activity, summary: typeof Note.Type): Activity => ({ ...activity, summary })

/**
 * A3: the attendance record of an activity cannot be finalised — it has not ended yet
 * (`notEnded`) or it was finalised before (`alreadyFinalised`).
 *
 * @category errors
 * @since 0.1.0
 */
export class ActivityRecordNotFinalisable extends Schema.TaggedError<ActivityRecordNotFinalisable>()(
  "ActivityRecordNotFinalisable",
  { activityId: ActivityId, status: Status, reason: Schema.Literals(["notEnded", "alreadyFinalised"]) }
) {}

/**
 * A3: finalises the attendance record (有记录) of an ended activity, once. An activity that
 * has not ended, or whose record is already final, is refused with
 * {@link ActivityRecordNotFinalisable}, so outcomes and points are given exactly once.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Activity } from "volunteer-brigade"
 * declare const activity: Activity.Activity
 * const r = Activity.decideFinalise({ ...activity, status: "ended" })
 * Result.isSuccess(r) && r.success.recordFinalised // true
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const decideFinalise = (activity: Activity): Result.Result<Activity, ActivityRecordNotFinalisable> => {
  if (activity.recordFinalised) {
    return Result.fail(new ActivityRecordNotFinalisable({ activityId: activity.id, status: activity.status, reason: "alreadyFinalised" }))
  }
  if (activity.status !== "ended") {
    return Result.fail(new ActivityRecordNotFinalisable({ activityId: activity.id, status: activity.status, reason: "notEnded" }))
  }
  return Result.succeed(finaliseRecord(activity))
}

/**
 * A3/A4: applies a lifecycle event — `start` (planned → ongoing), `end` (ongoing → ended),
 * `close` (ended → closed, only with a finalised record and a non-blank summary; stamps
 * `closedAt`), `cancel` (planned or ongoing → cancelled). A hazardous activity starts only
 * with insurance covering its dates (A4), hence the policy argument.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Activity, Policy, Time } from "volunteer-brigade"
 * declare const activity: Activity.Activity
 * const r = Activity.transition(activity, "start", Time.instant("2026-03-05T09:00:00+08:00"), Policy.defaults)
 * Result.isSuccess(r) && r.success.status // "ongoing"
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const transition = (
  activity: Activity,
  event: LifecycleEvent,
  at: Instant,
  policy: Pick<Policy, "timeZone">
): Result.Result<Activity, ActivityTransitionInvalid | ActivityNotClosable | ActivityInsuranceMissing> => {
  const step = NEXT[event]
  if (!step.from.includes(activity.status)) {
    return Result.fail(new ActivityTransitionInvalid({ activityId: activity.id, from: activity.status, event }))
  }
  if (event === "start" && isHazardous(activity, policy) && !insuranceCovers(activity, policy)) {
    return Result.fail(new ActivityInsuranceMissing({ activityId: activity.id }))
  }
  if (event === "close") {
    const missing = missingForClose(activity)
    if (missing.length > 0) return Result.fail(new ActivityNotClosable({ activityId: activity.id, missing }))
    return Result.succeed({ ...activity, status: "closed", closedAt: at })
  }
  return Result.succeed({ ...activity, status: step.to })
}

/**
 * A3: an activity is incomplete when its window ended more than `policy.closeWithinDays`
 * local days before `asOf` (comparing local dates in `policy.timeZone`, C1) and it still
 * lacks a finalised record or a summary. Closed and cancelled activities are never
 * incomplete. With the default 7 days, an activity ending on 1 March is incomplete from
 * 9 March.
 *
 * @example
 * ```ts
 * import { Activity, Policy, Time } from "volunteer-brigade"
 * declare const activity: Activity.Activity
 * Activity.isIncomplete(activity, Time.instant("2026-03-09T08:00:00+08:00"), Policy.defaults)
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const isIncomplete = (
  activity: Activity,
  asOf: Instant,
  policy: Pick<Policy, "timeZone" | "closeWithinDays">
): boolean => {
  if (activity.status === "closed" || activity.status === "cancelled") return false
  if (asOf < activity.window.end) return false
  const endedOn = localDateOf(activity.window.end, policy.timeZone)
  return daysBetween(endedOn, localDateOf(asOf, policy.timeZone)) > policy.closeWithinDays &&
    missingForClose(activity).length > 0
}

// ---------------------------------------------------------------------------------------------
// A4 hazard and insurance
// ---------------------------------------------------------------------------------------------

const overlaps = (a: { readonly start: number; readonly end: number }, b: { readonly start: number; readonly end: number }) =>
  a.start < b.end && b.start < a.end

const reachesNight = (window: Window, zone: TimeZone): boolean => {
  const first = addDays(localDateOf(window.start, zone), -1)
  const days = daysBetween(first, localDateOf(window.end, zone))
  for (let i = 0; i <= days; i++) {
    const day = addDays(first, i)
    const night = { start: atLocalTime(day, "22:00", zone), end: atLocalTime(addDays(day, 1), "06:00", zone) }
    if (overlaps(window, night)) return true
  }
  return false
}

/**
 * A4: a night patrol is a security patrol flagged `night`, or whose window overlaps
 * 22:00–06:00 local time by at least a moment (a patrol ending exactly at 22:00 is not one).
 *
 * @example
 * ```ts
 * import { Activity, Policy } from "volunteer-brigade"
 * declare const patrol: Activity.ActivityInput
 * Activity.isNightPatrol(patrol, Policy.defaults)
 * ```
 * @category hazard
 * @since 0.1.0
 */
export const isNightPatrol = (
  activity: Pick<ActivityInput, "category" | "window" | "night">,
  policy: Pick<Policy, "timeZone">
): boolean =>
  activity.category === "securityPatrol" && (activity.night === true || reachesNight(activity.window, policy.timeZone))

/**
 * A4: an activity is hazardous when flagged, when its category is hazardous by nature
 * (emergency rescue, fire safety) or when it is a night patrol.
 *
 * @example
 * ```ts
 * import { Activity, Policy } from "volunteer-brigade"
 * declare const input: Activity.ActivityInput
 * Activity.isHazardous({ ...input, category: "emergencyRescue" }, Policy.defaults) // true
 * ```
 * @category hazard
 * @since 0.1.0
 */
export const isHazardous = (
  activity: Pick<ActivityInput, "hazardous" | "category" | "window" | "night">,
  policy: Pick<Policy, "timeZone">
): boolean => activity.hazardous || hazardousByNature.includes(activity.category) || isNightPatrol(activity, policy)

/**
 * The local dates an activity spans: from the day of its start to the day of its last
 * moment (the window is half-open, so an end at midnight does not add a day).
 *
 * @example
 * ```ts
 * import { Activity, Policy } from "volunteer-brigade"
 * declare const activity: Activity.Activity
 * Activity.localDates(activity.window, Policy.defaults) // { first: "2026-03-05", last: "2026-03-05" }
 * ```
 * @category hazard
 * @since 0.1.0
 */
export const localDates = (
  window: Window,
  policy: Pick<Policy, "timeZone">
): { readonly first: LocalDate; readonly last: LocalDate } => ({
  first: localDateOf(window.start, policy.timeZone),
  last: localDateOf((window.end - 1) as Instant, policy.timeZone)
})

/**
 * A4: accident insurance is recorded and covers every local date the activity spans.
 *
 * @example
 * ```ts
 * import { Activity, Policy } from "volunteer-brigade"
 * declare const activity: Activity.Activity
 * Activity.insuranceCovers(activity, Policy.defaults)
 * ```
 * @category hazard
 * @since 0.1.0
 */
export const insuranceCovers = (
  activity: Pick<ActivityInput, "insurance" | "window">,
  policy: Pick<Policy, "timeZone">
): boolean => {
  if (activity.insurance === undefined) return false
  const { first, last } = localDates(activity.window, policy)
  return activity.insurance.coversFrom <= first && last <= activity.insurance.coversTo
}

// ---------------------------------------------------------------------------------------------
// A6 agreement
// ---------------------------------------------------------------------------------------------

/**
 * Why a written agreement is needed (A6).
 *
 * @category agreement
 * @since 0.1.0
 */
export type AgreementReason = "longService" | "hazardous" | "largeScale" | "requested"

/**
 * A6: a service period of one calendar month or longer — the window reaches the same local
 * wall-clock time on the same day of the next month (clamped to the month's end).
 *
 * @example
 * ```ts
 * import { Activity, Policy } from "volunteer-brigade"
 * declare const activity: Activity.Activity
 * Activity.isLongService(activity.window, Policy.defaults)
 * ```
 * @category agreement
 * @since 0.1.0
 */
export const isLongService = (window: Window, policy: Pick<Policy, "timeZone">): boolean => {
  const zone = policy.timeZone
  const day = localDateOf(window.start, zone)
  const timeOfDay = window.start - startOfDay(day, zone)
  return window.end >= startOfDay(addMonths(day, 1), zone) + timeOfDay
}

/**
 * A6: every reason a written agreement is required for this activity — a service period of
 * one month or longer, a hazardous or large-scale activity, or a party's request (ZJ 21).
 *
 * @example
 * ```ts
 * import { Activity, Policy } from "volunteer-brigade"
 * declare const input: Activity.ActivityInput
 * Activity.agreementReasons({ ...input, largeScale: true }, Policy.defaults) // ["largeScale"]
 * ```
 * @category agreement
 * @since 0.1.0
 */
export const agreementReasons = (
  activity: ActivityInput,
  policy: Pick<Policy, "timeZone">
): ReadonlyArray<AgreementReason> => [
  ...(isLongService(activity.window, policy) ? ["longService" as const] : []),
  ...(isHazardous(activity, policy) ? ["hazardous" as const] : []),
  ...(activity.largeScale === true ? ["largeScale" as const] : []),
  ...(activity.agreement.requestedByParty === true ? ["requested" as const] : [])
]

/**
 * A6: whether a written agreement is required (see {@link agreementReasons}).
 *
 * @example
 * ```ts
 * import { Activity, Policy } from "volunteer-brigade"
 * declare const input: Activity.ActivityInput
 * Activity.needsAgreement({ ...input, agreement: { requestedByParty: true } }, Policy.defaults) // true
 * ```
 * @category agreement
 * @since 0.1.0
 */
export const needsAgreement = (activity: ActivityInput, policy: Pick<Policy, "timeZone">): boolean =>
  agreementReasons(activity, policy).length > 0

// ---------------------------------------------------------------------------------------------
// A4/A5/A6 assignment
// ---------------------------------------------------------------------------------------------

/**
 * An active assignment as the decision sees it: whose, to what, and when.
 *
 * @category assignment
 * @since 0.1.0
 */
export interface ExistingAssignment {
  readonly assignmentId: AssignmentId
  readonly activityId: ActivityId
  readonly volunteerId: VolunteerId
  readonly window: Window
}

/**
 * The facts about a volunteer an assignment needs.
 *
 * @category assignment
 * @since 0.1.0
 */
export interface Candidate {
  readonly id: VolunteerId
  readonly status: VolunteerStatus
  readonly birthDate: LocalDate
  readonly hasAgreement: boolean
  /** D5: the volunteer's dated suspensions; one in force on any date of the activity refuses. */
  readonly suspensions?: ReadonlyArray<Pick<Suspension, "from" | "until" | "endedEarlyOn">>
}

/**
 * A granted assignment, to be stored as an {@link Assignment} with an id, actor and time.
 *
 * @category assignment
 * @since 0.1.0
 */
export interface Grant {
  readonly activityId: ActivityId
  readonly volunteerId: VolunteerId
  readonly via: Via
}

/**
 * A4/A5/A6: decides whether a volunteer may be dispatched to or sign up for an activity.
 * Checks, in this order (the first failing one is reported): the activity is planned or
 * ongoing; the volunteer is active (never pending, suspended, withdrawn or dismissed); no
 * dated suspension of the volunteer is in force on any local date of the activity (D5); the
 * activity has a free place (`existing` assignments of the activity, counted once per
 * assignment id); the volunteer has no assignment whose window overlaps this one (touching,
 * end == start, is not overlap); no minor (age on the activity's local start date, V4/C1) on a
 * hazardous activity; a hazardous activity has insurance covering its dates; an agreement is
 * on file when A6 requires one.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Activity, Policy } from "volunteer-brigade"
 * import type { Ids, Time } from "volunteer-brigade"
 * declare const activity: Activity.Activity
 * declare const id: Ids.VolunteerId
 * declare const birthDate: Time.LocalDate
 * const decision = Activity.decideAssignment({
 *   activity, volunteer: { id, status: "active", birthDate, hasAgreement: false },
 *   existing: [], via: "signUp", policy: Policy.defaults
 * })
 * if (Result.isFailure(decision)) console.log(decision.failure.reason)
 * ```
 * @category assignment
 * @since 0.1.0
 */
export const decideAssignment = (args: {
  readonly activity: Activity
  readonly volunteer: Candidate
  readonly existing: ReadonlyArray<ExistingAssignment>
  readonly via: Via
  readonly policy: Pick<Policy, "timeZone" | "adultAge">
}): Result.Result<Grant, AssignmentRefused> => {
  const { activity, volunteer, existing, via, policy } = args
  const refuse = (reason: RefusalReason, extra: { conflictingActivityId?: ActivityId; volunteerStatus?: VolunteerStatus } = {}) =>
    Result.fail(new AssignmentRefused({ reason, activityId: activity.id, volunteerId: volunteer.id, ...extra }))

  if (activity.status !== "planned" && activity.status !== "ongoing") return refuse("activityNotOpen")
  if (volunteer.status !== "active") return refuse("volunteerNotActive", { volunteerStatus: volunteer.status })
  const { first, last } = localDates(activity.window, policy)
  if ((volunteer.suspensions ?? []).some((s) => isSuspendedDuring(s, first, last))) return refuse("volunteerSuspended")
  const taken = new Set(existing.filter((a) => a.activityId === activity.id).map((a) => a.assignmentId))
  if (taken.size >= activity.capacity) return refuse("capacityFull")
  const conflict = existing.find((a) => a.volunteerId === volunteer.id && (a.activityId === activity.id || overlaps(a.window, activity.window)))
  if (conflict !== undefined) return refuse("doubleBooked", { conflictingActivityId: conflict.activityId })
  const hazardous = isHazardous(activity, policy)
  if (hazardous && ageOn(volunteer.birthDate, localDateOf(activity.window.start, policy.timeZone)) < policy.adultAge) {
    return refuse("minorOnHazardous")
  }
  if (hazardous && !insuranceCovers(activity, policy)) return refuse("insuranceMissing")
  if (!volunteer.hasAgreement && needsAgreement(activity, policy)) return refuse("agreementMissing")
  return Result.succeed({ activityId: activity.id, volunteerId: volunteer.id, via })
}

/**
 * A5: an assignment can be withdrawn only while its activity is planned (once it is under
 * way, absence is a matter of leave, D2).
 *
 * @category errors
 * @since 0.1.0
 */
export class AssignmentNotWithdrawable extends Schema.TaggedError<AssignmentNotWithdrawable>()(
  "AssignmentNotWithdrawable",
  { assignmentId: AssignmentId, activityId: ActivityId, status: Status }
) {}

/**
 * A5: decides the withdrawal of an assignment — allowed while the activity is planned;
 * afterwards the volunteer asks for leave instead (D2).
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Activity } from "volunteer-brigade"
 * declare const activity: Activity.Activity
 * declare const assignment: Activity.Assignment
 * Result.isSuccess(Activity.decideWithdrawal(activity, assignment)) // true while planned
 * ```
 * @category assignment
 * @since 0.1.0
 */
export const decideWithdrawal = (
  activity: Pick<Activity, "id" | "status">,
  assignment: Assignment
): Result.Result<Assignment, AssignmentNotWithdrawable> =>
  activity.status === "planned"
    ? Result.succeed(assignment)
    : Result.fail(new AssignmentNotWithdrawable({ assignmentId: assignment.id, activityId: activity.id, status: activity.status }))

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

/**
 * zh-CN labels for scope, status, assignment route and refusal reasons.
 *
 * @example
 * ```ts
 * import { Activity } from "volunteer-brigade"
 * Activity.labelsZh.status.closed // "已结项"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const labelsZh: {
  readonly scope: Readonly<Record<Scope, string>>
  readonly status: Readonly<Record<Status, string>>
  readonly via: Readonly<Record<Via, string>>
  readonly refusal: Readonly<Record<RefusalReason, string>>
} = {
  scope: { major: "大型活动", regular: "日常活动" },
  status: { planned: "计划中", ongoing: "进行中", ended: "已结束", closed: "已结项", cancelled: "已取消" },
  via: { dispatch: "派遣", signUp: "报名" },
  refusal: {
    activityNotOpen: "活动不接受报名",
    volunteerNotActive: "志愿者不在服务状态",
    volunteerSuspended: "志愿者处于暂停服务期",
    capacityFull: "名额已满",
    doubleBooked: "时间冲突",
    minorOnHazardous: "未成年人不得参加危险性活动",
    insuranceMissing: "未办理意外保险",
    agreementMissing: "未签订书面协议"
  }
}
