/**
 * 考勤 — attendance: check-in and check-out events of an assignment and the one outcome
 * they lead to.
 *
 * Owns rules **D1** (every assignment ends in exactly one outcome; late = check-in after
 * start + grace, left early = check-out before end − grace) and **D3** (each attendance
 * records whether the unified badge 统一标志 was worn). The violations and points that follow
 * from an outcome are in `discipline.ts` (D4).
 *
 * @module
 */
import { Result, Schema } from "effect"
import { ActivityId, AssignmentId } from "./ids.js"
import type { Policy } from "./policy.js"
import { Instant, MINUTE } from "./time.js"

/**
 * How an attendance event was evidenced: a check-in code, a scanned QR code, or the
 * on-site leader's attestation.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Evidence = Schema.Literals(["code", "qrScan", "leaderAttestation"])

/** @category schemas @since 0.1.0 */
export type Evidence = typeof Evidence.Type

/**
 * D1/D3: one check-in or check-out of an assignment. `badgeWorn` records on a check-in
 * whether the unified badge was worn (D3); it is refused on a check-out.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Attendance } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Attendance.AttendanceEvent)({
 *   assignmentId: "as-1", kind: "checkIn", at: 1_767_229_200_000, evidence: "qrScan", badgeWorn: true
 * })
 * ```
 * @category schemas
 * @since 0.1.0
 */
export const AttendanceEvent = Schema.Struct({
  assignmentId: AssignmentId,
  kind: Schema.Literals(["checkIn", "checkOut"]),
  at: Instant,
  evidence: Evidence,
  badgeWorn: Schema.optionalKey(Schema.Boolean)
}).check(
  Schema.makeFilter((e: { readonly kind: string; readonly badgeWorn?: boolean }) =>
    e.kind === "checkIn" || e.badgeWorn === undefined || "the badge is recorded on check-in only"
  )
)

/** @category schemas @since 0.1.0 */
export type AttendanceEvent = typeof AttendanceEvent.Type

/**
 * D1: the outcome of an assignment — exactly one of present, late, left early, late and left
 * early, excused (approved leave) or absent without leave.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Outcome = Schema.Literals(["present", "late", "leftEarly", "lateAndLeftEarly", "excused", "absentWithoutLeave"])

/** @category schemas @since 0.1.0 */
export type Outcome = typeof Outcome.Type

/**
 * The result of classifying an assignment's attendance.
 *
 * - `outcome` — the one D1 outcome;
 * - `badgeWorn` — D3: `true` when any check-in records the badge worn, `false` when check-ins
 *   record it only as not worn, `null` when nothing was recorded (no check-in, or no check-in
 *   said either way);
 * - `attended` — the attended part of the window, `[max(first check-in, start), min(last
 *   check-out, end)]`, or `null` when there is no check-in, no check-out or no overlap.
 *
 * @category classification
 * @since 0.1.0
 */
export interface Classification {
  readonly outcome: Outcome
  readonly badgeWorn: boolean | null
  readonly attended: { readonly start: Instant; readonly end: Instant } | null
}

/**
 * D1/D3: classifies one assignment's attendance into exactly one outcome.
 *
 * - Approved leave (D2) makes it `excused`, whatever was checked; events still give the
 *   attended interval (for hours) but never a violation.
 * - Otherwise no check-in means `absentWithoutLeave` (pending or rejected leave does not excuse).
 * - Late when the first check-in is after start + `policy.graceMinutes`; left early when the
 *   last check-out is before end − grace, or there is no check-out at all (staying to the end
 *   is not proven; a leader's attestation can record the check-out). Exactly at the grace limit
 *   is on time.
 *
 * Only the earliest check-in, latest check-out and recorded badge values matter, so duplicated
 * or reordered events change nothing. Pass the events of one assignment.
 *
 * @example
 * ```ts
 * import { Attendance, Policy } from "volunteer-brigade"
 * import type { Activity } from "volunteer-brigade"
 * declare const activity: Activity.Activity
 * declare const events: ReadonlyArray<Attendance.AttendanceEvent>
 * const result = Attendance.classify({ window: activity.window, events, policy: Policy.defaults })
 * result.outcome // "late"
 * ```
 * @category classification
 * @since 0.1.0
 */
export const classify = (args: {
  readonly window: { readonly start: Instant; readonly end: Instant }
  readonly events: ReadonlyArray<AttendanceEvent>
  readonly leave?: { readonly status: "approved" | "rejected" | "pending" } | undefined
  readonly policy: Pick<Policy, "graceMinutes">
}): Classification => {
  const { window, events, leave, policy } = args
  const checkIns = events.filter((e) => e.kind === "checkIn")
  const outs = events.filter((e) => e.kind === "checkOut").map((e) => e.at)
  const firstIn = checkIns.length > 0 ? Math.min(...checkIns.map((e) => e.at)) : null
  const lastOut = outs.length > 0 ? Math.max(...outs) : null
  const recorded = checkIns.flatMap((e) => (e.badgeWorn === undefined ? [] : [e.badgeWorn]))
  const badgeWorn = recorded.length === 0 ? null : recorded.includes(true)
  const attended = attendedInterval(window, firstIn, lastOut)

  if (leave?.status === "approved") return { outcome: "excused", badgeWorn, attended }
  if (firstIn === null) return { outcome: "absentWithoutLeave", badgeWorn, attended }
  const grace = policy.graceMinutes * MINUTE
  const late = firstIn > window.start + grace
  const leftEarly = lastOut === null || lastOut < window.end - grace
  const outcome: Outcome = late ? (leftEarly ? "lateAndLeftEarly" : "late") : leftEarly ? "leftEarly" : "present"
  return { outcome, badgeWorn, attended }
}

const attendedInterval = (
  window: { readonly start: Instant; readonly end: Instant },
  firstIn: number | null,
  lastOut: number | null
): Classification["attended"] => {
  if (firstIn === null || lastOut === null) return null
  const start = Math.max(firstIn, window.start) as Instant
  const end = Math.min(lastOut, window.end) as Instant
  return end > start ? { start, end } : null
}

/**
 * D1: attendance of an activity is no longer recorded — it was cancelled, or its record is
 * finalised (outcomes and points are final).
 *
 * @category errors
 * @since 0.1.0
 */
export class AttendanceClosed extends Schema.TaggedError<AttendanceClosed>()("AttendanceClosed", {
  activityId: ActivityId,
  assignmentId: AssignmentId,
  reason: Schema.Literals(["activityCancelled", "recordFinalised"])
}) {}

/**
 * D1/D3: accepts a check-in or check-out for an activity whose record is still open: not
 * cancelled and not finalised (a finalised record is never changed afterwards, so every
 * outcome and point stands).
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Attendance } from "volunteer-brigade"
 * import type { Ids } from "volunteer-brigade"
 * declare const activityId: Ids.ActivityId
 * declare const event: Attendance.AttendanceEvent
 * Result.isSuccess(Attendance.decideEvent({ id: activityId, status: "ongoing", recordFinalised: false }, event)) // true
 * ```
 * @category classification
 * @since 0.1.0
 */
export const decideEvent = (
  activity: { readonly id: ActivityId; readonly status: string; readonly recordFinalised: boolean },
  event: AttendanceEvent
): Result.Result<AttendanceEvent, AttendanceClosed> => {
  const closed = (reason: "activityCancelled" | "recordFinalised") =>
    Result.fail(new AttendanceClosed({ activityId: activity.id, assignmentId: event.assignmentId, reason }))
  if (activity.status === "cancelled") return closed("activityCancelled")
  if (activity.recordFinalised || activity.status === "closed") return closed("recordFinalised")
  return Result.succeed(event)
}

/**
 * zh-CN labels of the outcomes (D1).
 *
 * @example
 * ```ts
 * import { Attendance } from "volunteer-brigade"
 * Attendance.labelsZh.lateAndLeftEarly // "迟到早退"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const labelsZh: Readonly<Record<Outcome, string>> = {
  present: "出勤",
  late: "迟到",
  leftEarly: "早退",
  lateAndLeftEarly: "迟到早退",
  excused: "请假",
  absentWithoutLeave: "缺勤"
}

/**
 * zh-CN labels of the kinds of evidence.
 *
 * @example
 * ```ts
 * import { Attendance } from "volunteer-brigade"
 * Attendance.evidenceLabelsZh.qrScan // "扫码签到"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const evidenceLabelsZh: Readonly<Record<Evidence, string>> = {
  code: "签到码",
  qrScan: "扫码签到",
  leaderAttestation: "负责人确认"
}
