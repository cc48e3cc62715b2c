import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Attendance from "../../src/attendance.js"
import type { ActivityId, AssignmentId } from "../../src/ids.js"
import * as Policy from "../../src/policy.js"
import { instant, MINUTE } from "../../src/time.js"
import type { Instant } from "../../src/time.js"

const policy = Policy.defaults
const start = instant("2026-03-05T09:00:00+08:00")
const end = instant("2026-03-05T11:00:00+08:00")
const window = { start, end }
const plus = (t: number, minutes: number) => (t + minutes * MINUTE) as Instant

const event = (kind: "checkIn" | "checkOut", at: number, badgeWorn?: boolean): Attendance.AttendanceEvent => ({
  assignmentId: "as-1" as AssignmentId,
  kind,
  at: at as Instant,
  evidence: "qrScan",
  ...(badgeWorn === undefined ? {} : { badgeWorn })
})

const outcomeOf = (events: ReadonlyArray<Attendance.AttendanceEvent>, leave?: { status: "approved" | "rejected" | "pending" }) =>
  Attendance.classify({ window, events, leave, policy }).outcome

const eventArb: fc.Arbitrary<Attendance.AttendanceEvent> = fc
  .tuple(fc.constantFrom("checkIn" as const, "checkOut" as const), fc.integer({ min: -60, max: 180 }), fc.option(fc.boolean(), { nil: undefined }))
  .map(([kind, offset, badge]) => event(kind, plus(start, offset), kind === "checkIn" ? badge : undefined))
const leaveArb = fc.option(fc.record({ status: fc.constantFrom("approved" as const, "rejected" as const, "pending" as const) }), { nil: undefined })

describe("AttendanceEvent schema", () => {
  it("D3: the badge is recorded on check-in only", () => {
    const raw = { assignmentId: "as-1", kind: "checkOut", at: start, evidence: "code", badgeWorn: true }
    expect(() => Schema.decodeUnknownSync(Attendance.AttendanceEvent)(raw)).toThrow(/check-in only/)
    expect(Schema.decodeUnknownSync(Attendance.AttendanceEvent)({ ...raw, kind: "checkIn" }).badgeWorn).toBe(true)
  })

  it("D1: refuses unknown evidence and non-integer instants", () => {
    const raw = { assignmentId: "as-1", kind: "checkIn", at: start, evidence: "code" }
    expect(() => Schema.decodeUnknownSync(Attendance.AttendanceEvent)({ ...raw, evidence: "selfie" })).toThrow()
    expect(() => Schema.decodeUnknownSync(Attendance.AttendanceEvent)({ ...raw, at: 1.5 })).toThrow()
  })
})

describe("classify", () => {
  it("D1: the 5-minute grace — arriving at start + 5 is on time, later is late", () => {
    const out = event("checkOut", end)
    expect(outcomeOf([event("checkIn", plus(start, 5)), out])).toBe("present")
    expect(outcomeOf([event("checkIn", plus(start, 5) + 1), out])).toBe("late")
  })

  it("D1: the 5-minute grace — leaving at end − 5 is fine, earlier is left early", () => {
    const inn = event("checkIn", start)
    expect(outcomeOf([inn, event("checkOut", plus(end, -5))])).toBe("present")
    expect(outcomeOf([inn, event("checkOut", plus(end, -5) - 1)])).toBe("leftEarly")
    expect(outcomeOf([event("checkIn", plus(start, 30)), event("checkOut", plus(end, -30))])).toBe("lateAndLeftEarly")
  })

  it("D1: a check-in without a check-out is left early (staying is not proven)", () => {
    expect(outcomeOf([event("checkIn", start)])).toBe("leftEarly")
    expect(Attendance.classify({ window, events: [event("checkIn", start)], policy }).attended).toBeNull()
  })

  it("D1/D2: no check-in is absent without leave unless the leave is approved", () => {
    expect(outcomeOf([])).toBe("absentWithoutLeave")
    expect(outcomeOf([], { status: "pending" })).toBe("absentWithoutLeave")
    expect(outcomeOf([], { status: "rejected" })).toBe("absentWithoutLeave")
    expect(outcomeOf([], { status: "approved" })).toBe("excused")
  })

  it("D1: the grace comes from the policy", () => {
    const events = [event("checkIn", plus(start, 10)), event("checkOut", end)]
    expect(Attendance.classify({ window, events, policy: { graceMinutes: 15 } }).outcome).toBe("present")
    expect(Attendance.classify({ window, events, policy: { graceMinutes: 0 } }).outcome).toBe("late")
  })

  it("D1: exactly one outcome, consistent with the check-ins and the leave", () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 8 }), leaveArb, (events, leave) => {
        const { outcome } = Attendance.classify({ window, events, leave, policy })
        expect(Attendance.Outcome.literals).toContain(outcome)
        const checkedIn = events.some((e) => e.kind === "checkIn")
        expect(outcome === "excused").toBe(leave?.status === "approved")
        expect(outcome === "absentWithoutLeave").toBe(leave?.status !== "approved" && !checkedIn)
      })
    )
  })

  it("D1: any permutation or duplication of the events gives the same result", () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.double({ noNaN: true }), { minLength: 16, maxLength: 16 }),
        leaveArb,
        (events, dupIndices, keys, leave) => {
          const duplicated = [...events, ...dupIndices.map((i) => events[i % events.length]!)]
          const shuffled = duplicated
            .map((e, i) => ({ e, k: keys[i % keys.length]! + i * 1e-9 }))
            .sort((a, b) => a.k - b.k)
            .map(({ e }) => e)
          expect(Attendance.classify({ window, events: shuffled, leave, policy })).toEqual(
            Attendance.classify({ window, events, leave, policy })
          )
        }
      )
    )
  })

  it("D1: the attended interval lies inside the window and between first check-in and last check-out", () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 8 }), (events) => {
        const { attended } = Attendance.classify({ window, events, policy })
        if (attended === null) return
        const ins = events.filter((e) => e.kind === "checkIn").map((e) => e.at)
        const outs = events.filter((e) => e.kind === "checkOut").map((e) => e.at)
        expect(attended.start).toBe(Math.max(Math.min(...ins), start))
        expect(attended.end).toBe(Math.min(Math.max(...outs), end))
        expect(attended.start).toBeLessThan(attended.end)
      })
    )
  })

  it("D1: early arrival and late departure are clipped to the window", () => {
    const r = Attendance.classify({ window, events: [event("checkIn", plus(start, -20)), event("checkOut", plus(end, 30))], policy })
    expect(r).toEqual({ outcome: "present", badgeWorn: null, attended: { start, end } })
  })

  it("D3: the badge is worn when any check-in says so, not worn when check-ins say only no, unknown otherwise", () => {
    const out = event("checkOut", end)
    const badge = (events: ReadonlyArray<Attendance.AttendanceEvent>) => Attendance.classify({ window, events, policy }).badgeWorn
    expect(badge([event("checkIn", start, true), out])).toBe(true)
    expect(badge([event("checkIn", start, false), out])).toBe(false)
    expect(badge([event("checkIn", start, false), event("checkIn", plus(start, 1), true), out])).toBe(true)
    expect(badge([event("checkIn", start), out])).toBeNull()
    expect(badge([])).toBeNull()
  })

  it("D1: classify does not mutate its input", () => {
    const events = [event("checkOut", end), event("checkIn", start, true)]
    const copy = structuredClone(events)
    Attendance.classify({ window, events, policy })
    expect(events).toEqual(copy)
  })

  it("D1: every outcome and evidence has a zh-CN label", () => {
    expect(Attendance.Outcome.literals.map((o) => Attendance.labelsZh[o])).toEqual(["出勤", "迟到", "早退", "迟到早退", "请假", "缺勤"])
    expect(Attendance.Evidence.literals.every((e) => Attendance.evidenceLabelsZh[e].length > 0)).toBe(true)
  })
})

describe("decideEvent", () => {
  const activityId = "ac-1" as ActivityId
  it("D1: events are accepted until the record is finalised; never for a cancelled activity", () => {
    const e = event("checkIn", start, true)
    for (const status of ["planned", "ongoing", "ended"]) {
      expect(Result.isSuccess(Attendance.decideEvent({ id: activityId, status, recordFinalised: false }, e))).toBe(true)
      const closed = Attendance.decideEvent({ id: activityId, status, recordFinalised: true }, e)
      expect(Result.isFailure(closed) && closed.failure).toMatchObject({ _tag: "AttendanceClosed", reason: "recordFinalised", assignmentId: "as-1" })
    }
    const cancelled = Attendance.decideEvent({ id: activityId, status: "cancelled", recordFinalised: false }, e)
    expect(Result.isFailure(cancelled) && cancelled.failure.reason).toBe("activityCancelled")
    const closedActivity = Attendance.decideEvent({ id: activityId, status: "closed", recordFinalised: true }, e)
    expect(Result.isFailure(closedActivity) && closedActivity.failure.reason).toBe("recordFinalised")
  })
})
