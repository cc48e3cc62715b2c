/**
 * 请假 — leave requests: asked before the activity starts, timely when far enough ahead,
 * approved or rejected once.
 *
 * Owns rule **D2**. Jurisdiction over the deciding leader (H7) is checked by the workflow,
 * not here; only an approved request excuses an absence (D1).
 *
 * @module
 */
import { Result, Schema } from "effect"
import { ActivityId, ActorId, AssignmentId, LeaveRequestId, VolunteerId } from "./ids.js"
import type { Policy } from "./policy.js"
import { Reason } from "./text.js"
import { HOUR, Instant } from "./time.js"

/**
 * State of a leave request (D2).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Status = Schema.Literals(["pending", "approved", "rejected"])

/** @category schemas @since 0.1.0 */
export type Status = typeof Status.Type

/**
 * 请假 — the persisted leave request (D2). `timely` is fixed when the request is made:
 * at least `policy.leaveNoticeHours` before the activity starts.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Leave } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Leave.LeaveRequest)({
 *   id: "lr-1", assignmentId: "as-1", volunteerId: "v-1", activityId: "ac-1", reason: "家中有事",
 *   requestedAt: 1_767_229_200_000, status: "pending", timely: true
 * })
 * ```
 * @category schemas
 * @since 0.1.0
 */
export const LeaveRequest = Schema.Struct({
  id: LeaveRequestId,
  assignmentId: AssignmentId,
  volunteerId: VolunteerId,
  activityId: ActivityId,
  reason: Reason,
  requestedAt: Instant,
  status: Status,
  decidedBy: Schema.optionalKey(ActorId),
  decidedAt: Schema.optionalKey(Instant),
  timely: Schema.Boolean
})

/** @category schemas @since 0.1.0 */
export type LeaveRequest = typeof LeaveRequest.Type

/**
 * D2: leave was asked at or after the activity's start.
 *
 * @category errors
 * @since 0.1.0
 */
export class LeaveTooLate extends Schema.TaggedError<LeaveTooLate>()("LeaveTooLate", {
  assignmentId: AssignmentId,
  activityId: ActivityId,
  requestedAt: Instant,
  activityStart: Instant
}) {}

/**
 * D2: a leave request needs a non-blank reason.
 *
 * @category errors
 * @since 0.1.0
 */
export class LeaveReasonInvalid extends Schema.TaggedError<LeaveReasonInvalid>()("LeaveReasonInvalid", {
  assignmentId: AssignmentId,
  message: Schema.String
}) {}

/**
 * D2: the request was already approved or rejected.
 *
 * @category errors
 * @since 0.1.0
 */
export class LeaveAlreadyDecided extends Schema.TaggedError<LeaveAlreadyDecided>()("LeaveAlreadyDecided", {
  requestId: LeaveRequestId,
  status: Status
}) {}

/**
 * D2: the activity's attendance record is finalised, so a leave decision could no longer
 * change its outcomes; it is refused rather than silently ignored.
 *
 * @category errors
 * @since 0.1.0
 */
export class LeaveDecisionClosed extends Schema.TaggedError<LeaveDecisionClosed>()("LeaveDecisionClosed", {
  requestId: LeaveRequestId,
  activityId: ActivityId
}) {}

/**
 * D2: records a leave request. It must come strictly before the activity starts (else
 * {@link LeaveTooLate}); it is `timely` when at least `policy.leaveNoticeHours` (24 h) ahead,
 * and a later one is accepted but marked not timely. The reason must be non-blank.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Leave, Policy, Time } from "volunteer-brigade"
 * import type { Ids } from "volunteer-brigade"
 * declare const id: Ids.LeaveRequestId
 * declare const assignmentId: Ids.AssignmentId
 * declare const volunteerId: Ids.VolunteerId
 * declare const activityId: Ids.ActivityId
 * const r = Leave.request({
 *   id, assignmentId, volunteerId, activityId, reason: "家中有事",
 *   activityStart: Time.instant("2026-03-05T09:00:00+08:00"),
 *   at: Time.instant("2026-03-04T20:00:00+08:00"), policy: Policy.defaults
 * })
 * Result.isSuccess(r) && r.success.timely // false: 13 hours ahead
 * ```
 * @category requests
 * @since 0.1.0
 */
export const request = (args: {
  readonly id: LeaveRequestId
  readonly assignmentId: AssignmentId
  readonly volunteerId: VolunteerId
  readonly activityId: ActivityId
  readonly reason: string
  readonly activityStart: Instant
  readonly at: Instant
  readonly policy: Pick<Policy, "leaveNoticeHours">
}): Result.Result<LeaveRequest, LeaveTooLate | LeaveReasonInvalid> => {
  const { id, assignmentId, volunteerId, activityId, activityStart, at, policy } = args
  const reason = Schema.decodeUnknownResult(Reason)(args.reason)
  if (Result.isFailure(reason)) {
    return Result.fail(new LeaveReasonInvalid({ assignmentId, message: reason.failure.message }))
  }
  if (at >= activityStart) {
    return Result.fail(new LeaveTooLate({ assignmentId, activityId, requestedAt: at, activityStart }))
  }
  return Result.succeed({
    id,
    assignmentId,
    volunteerId,
    activityId,
    reason: reason.success,
    requestedAt: at,
    status: "pending",
    timely: activityStart - at >= policy.leaveNoticeHours * HOUR
  })
}

/**
 * D2: approves or rejects a pending request, recording who decided and when. A decided
 * request cannot be decided again ({@link LeaveAlreadyDecided}); once the activity's
 * attendance record is finalised (pass the activity) no request is decided any more
 * ({@link LeaveDecisionClosed}), so an approval can never arrive after points were given
 * (D4). Whether `by` has jurisdiction is the workflow's check (H7).
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Leave } from "volunteer-brigade"
 * import type { Ids, Time } from "volunteer-brigade"
 * declare const pending: Leave.LeaveRequest
 * declare const leaderId: Ids.ActorId
 * declare const now: Time.Instant
 * const r = Leave.decide(pending, "approved", leaderId, now)
 * Result.isSuccess(r) && Leave.excuses(r.success) // true
 * ```
 * @category requests
 * @since 0.1.0
 */
export const decide = (
  leave: LeaveRequest,
  decision: "approved" | "rejected",
  by: ActorId,
  at: Instant,
  activity: { readonly recordFinalised: boolean } = { recordFinalised: false }
): Result.Result<LeaveRequest, LeaveAlreadyDecided | LeaveDecisionClosed> => {
  if (leave.status !== "pending") return Result.fail(new LeaveAlreadyDecided({ requestId: leave.id, status: leave.status }))
  if (activity.recordFinalised) return Result.fail(new LeaveDecisionClosed({ requestId: leave.id, activityId: leave.activityId }))
  return Result.succeed({ ...leave, status: decision, decidedBy: by, decidedAt: at })
}

/**
 * D2: whether a request excuses an absence — only an approved one; pending and rejected
 * requests never do.
 *
 * @example
 * ```ts
 * import { Leave } from "volunteer-brigade"
 * declare const leave: Leave.LeaveRequest
 * Leave.excuses({ ...leave, status: "rejected" }) // false
 * ```
 * @category requests
 * @since 0.1.0
 */
export const excuses = (leave: Pick<LeaveRequest, "status">): boolean => leave.status === "approved"

/**
 * zh-CN labels of the request states and of timeliness.
 *
 * @example
 * ```ts
 * import { Leave } from "volunteer-brigade"
 * Leave.labelsZh.status.approved // "已批准"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const labelsZh: {
  readonly status: Readonly<Record<Status, string>>
  readonly timely: Readonly<Record<"true" | "false", string>>
} = {
  status: { pending: "待审批", approved: "已批准", rejected: "未批准" },
  timely: { true: "按时请假", false: "临时请假" }
}
