import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { ActivityId, ActorId, AssignmentId, LeaveRequestId, VolunteerId } from "../../src/ids.js"
import * as Leave from "../../src/leave.js"
import * as Policy from "../../src/policy.js"
import { HOUR, instant, MINUTE } from "../../src/time.js"
import type { Instant } from "../../src/time.js"

const policy = Policy.defaults
const activityStart = instant("2026-03-05T09:00:00+08:00")
const leader = "leader-1" as ActorId

const ask = (at: number, reason = "家中有事", over: Partial<Policy.Policy> = {}) =>
  Leave.request({
    id: "lr-1" as LeaveRequestId,
    assignmentId: "as-1" as AssignmentId,
    volunteerId: "v-1" as VolunteerId,
    activityId: "ac-1" as ActivityId,
    reason,
    activityStart,
    at: at as Instant,
    policy: { ...policy, ...over }
  })

const pending = Result.getOrThrow(ask(activityStart - 48 * HOUR))

describe("request", () => {
  it("D2: 24 hours ahead is timely; one minute less is accepted but not timely", () => {
    expect(Result.getOrThrow(ask(activityStart - 24 * HOUR)).timely).toBe(true)
    expect(Result.getOrThrow(ask(activityStart - 24 * HOUR + MINUTE)).timely).toBe(false)
  })

  it("D2: a request at or after the start is LeaveTooLate naming the assignment", () => {
    for (const at of [activityStart, activityStart + HOUR]) {
      const r = ask(at)
      expect(Result.isFailure(r) && r.failure).toMatchObject({ _tag: "LeaveTooLate", assignmentId: "as-1", activityStart })
    }
  })

  it("D2: any request before the start is accepted as pending, timely exactly when far enough ahead", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 96 * 60 }), fc.integer({ min: 0, max: 72 }), (minutesAhead, noticeHours) => {
        const r = Result.getOrThrow(ask(activityStart - minutesAhead * MINUTE, "生病", { leaveNoticeHours: noticeHours }))
        expect(r.status).toBe("pending")
        expect(r.timely).toBe(minutesAhead >= noticeHours * 60)
      })
    )
  })

  it("D2: a blank reason is refused", () => {
    const r = ask(activityStart - 48 * HOUR, "   ")
    expect(Result.isFailure(r) && r.failure._tag).toBe("LeaveReasonInvalid")
  })

  it("D2: the request record round-trips through its schema", () => {
    const decided = Result.getOrThrow(Leave.decide(pending, "approved", leader, activityStart))
    expect(Schema.decodeUnknownSync(Leave.LeaveRequest)(decided)).toEqual(decided)
    expect(() => Schema.decodeUnknownSync(Leave.LeaveRequest)({ ...decided, status: "maybe" })).toThrow()
  })
})

describe("decide", () => {
  it("D2: a pending request is approved or rejected once, recording who and when", () => {
    const at = (activityStart - HOUR) as Instant
    const approved = Result.getOrThrow(Leave.decide(pending, "approved", leader, at))
    expect(approved).toMatchObject({ status: "approved", decidedBy: leader, decidedAt: at })
    for (const decided of [approved, Result.getOrThrow(Leave.decide(pending, "rejected", leader, at))]) {
      for (const again of ["approved", "rejected"] as const) {
        const r = Leave.decide(decided, again, leader, at)
        expect(Result.isFailure(r) && r.failure).toMatchObject({ _tag: "LeaveAlreadyDecided", requestId: "lr-1", status: decided.status })
      }
    }
  })

  it("D2: decide does not mutate its input", () => {
    const copy = structuredClone(pending)
    Leave.decide(pending, "approved", leader, activityStart)
    expect(pending).toEqual(copy)
  })
})

describe("excuses", () => {
  it("D2: rejected and pending requests never excuse; approved ones do", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("approved" as const, "rejected" as const), { maxLength: 3 }), (decisions) => {
        const final = decisions.reduce(
          (leave, d) => Result.getOrElse(Leave.decide(leave, d, leader, activityStart), () => leave),
          pending
        )
        expect(Leave.excuses(final)).toBe(decisions[0] === "approved")
      })
    )
  })
})

describe("decide after the record", () => {
  it("D2/D4: once the attendance record is final no request is decided, so an approval never follows points", () => {
    for (const decision of ["approved", "rejected"] as const) {
      const r = Leave.decide(pending, decision, leader, activityStart, { recordFinalised: true })
      expect(Result.isFailure(r) && r.failure).toMatchObject({ _tag: "LeaveDecisionClosed", requestId: "lr-1", activityId: "ac-1" })
      expect(Result.isSuccess(Leave.decide(pending, decision, leader, activityStart, { recordFinalised: false }))).toBe(true)
    }
    expect(pending.status).toBe("pending")
  })
})

// Boundaries the mutation runs (npm run test:mutation) showed untested.
describe("leave: boundaries (mutation testing)", () => {
  it("D2: a request in every status round-trips through its schema, and only those statuses", () => {
    const approved = Result.getOrThrow(Leave.decide(pending, "approved", leader, activityStart))
    const rejected = Result.getOrThrow(Leave.decide(pending, "rejected", leader, activityStart))
    for (const r of [pending, approved, rejected]) expect(Schema.decodeUnknownSync(Leave.LeaveRequest)(r)).toEqual(r)
    expect([...Leave.Status.literals].sort()).toEqual(["approved", "pending", "rejected"])
    for (const status of ["", "Pending", "cancelled"]) {
      expect(() => Schema.decodeUnknownSync(Leave.LeaveRequest)({ ...pending, status })).toThrow()
    }
  })

  it("D2: one minute before the start is accepted; the reason is kept trimmed of nothing", () => {
    const r = Result.getOrThrow(ask(activityStart - MINUTE, " 生病 "))
    expect(r).toMatchObject({ status: "pending", timely: false, reason: " 生病 ", requestedAt: activityStart - MINUTE })
    expect(r).not.toHaveProperty("decidedBy")
  })

  it("D2: with no notice required any request before the start is timely, and at the start it is too late", () => {
    expect(Result.getOrThrow(ask(activityStart - MINUTE, "生病", { leaveNoticeHours: 0 })).timely).toBe(true)
    expect(Result.isFailure(ask(activityStart, "生病", { leaveNoticeHours: 0 }))).toBe(true)
  })

  it("D2: a refused reason says why in the error", () => {
    const r = ask(activityStart - 48 * HOUR, "")
    if (!Result.isFailure(r) || r.failure._tag !== "LeaveReasonInvalid") throw new Error("expected LeaveReasonInvalid")
    expect(r.failure).toMatchObject({ assignmentId: "as-1" })
    expect(r.failure.message.length).toBeGreaterThan(0)
  })

  it("D2: only an approved request excuses", () => {
    expect(Leave.excuses({ status: "approved" })).toBe(true)
    expect(Leave.excuses({ status: "pending" })).toBe(false)
    expect(Leave.excuses({ status: "rejected" })).toBe(false)
  })
})
