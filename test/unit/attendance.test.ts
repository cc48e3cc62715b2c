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

// Boundaries the mutation runs (npm run test:mutation) showed untested.
describe("attendance: boundaries (mutation testing)", () => {
  const classify = (events: ReadonlyArray<Attendance.AttendanceEvent>, leave?: { status: "approved" | "rejected" | "pending" }) =>
    Attendance.classify({ window, events, leave, policy })

  it("D1: the evidence kinds, event kinds and outcomes are exactly the catalogue's", () => {
    const decode = Schema.decodeUnknownResult(Attendance.AttendanceEvent)
    for (const evidence of ["code", "qrScan", "leaderAttestation"]) {
      for (const kind of ["checkIn", "checkOut"]) expect(Result.isSuccess(decode({ assignmentId: "as-1", kind, at: start, evidence }))).toBe(true)
    }
    expect(Result.isFailure(decode({ assignmentId: "as-1", kind: "breakStart", at: start, evidence: "code" }))).toBe(true)
    expect(Result.isFailure(decode({ kind: "checkIn", at: start, evidence: "code" }))).toBe(true)
    expect([...Attendance.Outcome.literals]).toEqual(["present", "late", "leftEarly", "lateAndLeftEarly", "excused", "absentWithoutLeave"])
  })

  it("D3: a check-in may carry the badge either way; a check-out may carry none", () => {
    const decode = Schema.decodeUnknownResult(Attendance.AttendanceEvent)
    const raw = { assignmentId: "as-1", at: start, evidence: "code" }
    expect(Result.isSuccess(decode({ ...raw, kind: "checkIn", badgeWorn: false }))).toBe(true)
    expect(Result.isSuccess(decode({ ...raw, kind: "checkOut" }))).toBe(true)
    expect(Result.isFailure(decode({ ...raw, kind: "checkOut", badgeWorn: false }))).toBe(true)
  })

  it("D3: the badge counts as worn when any check-in says so, not worn when all say not, unknown when none says", () => {
    const out = event("checkOut", end)
    expect(classify([event("checkIn", start, false), event("checkIn", plus(start, 1), true), out]).badgeWorn).toBe(true)
    expect(classify([event("checkIn", start, false), event("checkIn", plus(start, 1)), out]).badgeWorn).toBe(false)
    expect(classify([event("checkIn", start), out]).badgeWorn).toBeNull()
  })

  it("D1: the earliest check-in and the latest check-out decide, whatever their order", () => {
    const events = [event("checkOut", plus(end, -30)), event("checkIn", plus(start, 20)), event("checkOut", end), event("checkIn", start)]
    expect(classify(events)).toMatchObject({ outcome: "present", attended: { start, end } })
    expect(classify([event("checkIn", plus(start, 6)), event("checkOut", end)]).outcome).toBe("late")
  })

  it("D1: the attended span is clipped to the window, and empty or open spans are none", () => {
    expect(classify([event("checkIn", plus(start, -30)), event("checkOut", plus(end, 30))]).attended).toEqual({ start, end })
    expect(classify([event("checkIn", plus(start, 30)), event("checkOut", plus(start, 30))]).attended).toBeNull()
    expect(classify([event("checkIn", plus(start, 30)), event("checkOut", plus(start, 31))]).attended).toEqual({ start: plus(start, 30), end: plus(start, 31) })
    expect(classify([event("checkIn", plus(start, 30))]).attended).toBeNull()
    expect(classify([event("checkOut", plus(start, 30))])).toEqual({ outcome: "absentWithoutLeave", badgeWorn: null, attended: null })
  })

  it("D2: only approved leave excuses; pending or rejected leave leaves the record as it is", () => {
    const events = [event("checkIn", start, true), event("checkOut", end)]
    expect(classify(events, { status: "approved" })).toEqual({ outcome: "excused", badgeWorn: true, attended: { start, end } })
    expect(classify(events, { status: "pending" }).outcome).toBe("present")
    expect(classify([], { status: "rejected" }).outcome).toBe("absentWithoutLeave")
    expect(classify([], { status: "approved" }).outcome).toBe("excused")
  })

  it("D1: events are refused once the activity is cancelled, closed or its record final; accepted before", () => {
    const e = event("checkIn", start)
    const activity = (status: string, recordFinalised = false) => ({ id: "ac-1" as ActivityId, status, recordFinalised })
    const reason = (r: Result.Result<unknown, Attendance.AttendanceClosed>) => (Result.isFailure(r) ? r.failure.reason : "accepted")
    expect(reason(Attendance.decideEvent(activity("cancelled"), e))).toBe("activityCancelled")
    expect(reason(Attendance.decideEvent(activity("cancelled", true), e))).toBe("activityCancelled")
    expect(reason(Attendance.decideEvent(activity("closed"), e))).toBe("recordFinalised")
    expect(reason(Attendance.decideEvent(activity("ended", true), e))).toBe("recordFinalised")
    expect(reason(Attendance.decideEvent(activity("ended"), e))).toBe("accepted")
    expect(reason(Attendance.decideEvent(activity("inProgress"), e))).toBe("accepted")
    const refused = Attendance.decideEvent(activity("closed"), e)
    expect(Result.isFailure(refused) && refused.failure).toMatchObject({ _tag: "AttendanceClosed", activityId: "ac-1", assignmentId: "as-1" })
  })
})

describe("attendance: instants before 1970 (mutation testing)", () => {
  // Instants run from 1900; before 1970 they are negative, where a missing check-out compared
  // as a number (null → 0) would pass for a late one.
  const s = instant("1969-12-31T09:00:00+08:00")
  const e = instant("1969-12-31T11:00:00+08:00")

  it("D1: before 1970 too, a check-in without a check-out is left early and attends no span", () => {
    expect(s).toBeLessThan(0)
    const c = Attendance.classify({ window: { start: s, end: e }, events: [event("checkIn", s)], leave: undefined, policy })
    expect(c).toEqual({ outcome: "leftEarly", badgeWorn: null, attended: null })
    const full = Attendance.classify({ window: { start: s, end: e }, events: [event("checkIn", s), event("checkOut", e)], leave: undefined, policy })
    expect(full).toEqual({ outcome: "present", badgeWorn: null, attended: { start: s, end: e } })
  })
})
