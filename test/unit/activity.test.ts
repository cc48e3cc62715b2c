import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Activity from "../../src/activity.js"
import type { ActivityId, AssignmentId, UnitId, VolunteerId } from "../../src/ids.js"
import * as Policy from "../../src/policy.js"
import { addMonths, instant, localDate, MINUTE } from "../../src/time.js"
import type { Instant } from "../../src/time.js"
import type { VolunteerStatus } from "../../src/volunteer.js"

const policy = Policy.defaults
const at = (iso: string) => instant(iso)
const base = at("2026-03-02T08:00:00+08:00")
const plus = (t: number, minutes: number) => (t + minutes * MINUTE) as Instant

const input = (over: Record<string, unknown> = {}): Activity.ActivityInput =>
  Schema.decodeUnknownSync(Activity.ActivityInput)({
    title: "社区便民服务",
    scope: "regular",
    organiserUnitId: "sq-danghu",
    category: "convenienceServices",
    window: { start: at("2026-03-05T09:00:00+08:00"), end: at("2026-03-05T11:00:00+08:00") },
    capacity: 3,
    hazardous: false,
    agreement: {},
    ...over
  })

const activity = (over: Record<string, unknown> = {}, id = "ac-1"): Activity.Activity =>
  Activity.plan(id as ActivityId, input(over))

const volunteer = (over: Partial<Activity.Candidate> = {}): Activity.Candidate => ({
  id: "v-1" as VolunteerId,
  status: "active",
  birthDate: localDate("1990-01-01"),
  hasAgreement: false,
  ...over
})

const decide = (a: Activity.Activity, v: Activity.Candidate, existing: ReadonlyArray<Activity.ExistingAssignment> = []) =>
  Activity.decideAssignment({ activity: a, volunteer: v, existing, via: "signUp", policy })

const reasonOf = (r: Result.Result<unknown, Activity.AssignmentRefused>) =>
  Result.isFailure(r) ? r.failure.reason : "granted"

const insurance = { policyNumber: "PICC-1", insurer: "中国人保", coversFrom: "2026-01-01", coversTo: "2026-12-31" }

describe("ActivityInput schema", () => {
  it("A3: refuses a window that does not end after it starts", () => {
    const t = at("2026-03-05T09:00:00+08:00")
    expect(() => input({ window: { start: t, end: t } })).toThrow(/ends strictly after/)
  })

  it("A5: refuses a capacity below one", () => {
    expect(() => input({ capacity: 0 })).toThrow()
  })

  it("A1: refuses an unknown scope and a blank title", () => {
    expect(() => input({ scope: "citywide" })).toThrow()
    expect(() => input({ title: "" })).toThrow(/empty/)
  })

  it("A4: refuses insurance that ends before it starts", () => {
    expect(() => input({ insurance: { ...insurance, coversFrom: "2026-12-31", coversTo: "2026-01-01" } })).toThrow()
  })

  it("A3: the activity record round-trips through its schema", () => {
    const a = Activity.finaliseRecord(activity({ insurance, location: "当湖街道" }))
    expect(Schema.decodeUnknownSync(Activity.Activity)(Schema.encodeSync(Activity.Activity)(a))).toEqual(a)
  })
})

describe("validateScope", () => {
  it("A1: a major activity needs the brigade; a regular one a squadron or squad", () => {
    fc.assert(
      fc.property(fc.constantFrom("major" as const, "regular" as const), fc.constantFrom("brigade" as const, "squadron" as const, "squad" as const), (scope, level) => {
        const r = Activity.validateScope({ scope, organiserUnitId: "u-1" as UnitId }, level)
        const allowed = scope === "major" ? level === "brigade" : level !== "brigade"
        expect(Result.isSuccess(r)).toBe(allowed)
        if (Result.isFailure(r)) {
          expect(r.failure._tag).toBe("ActivityScopeInvalid")
          expect(r.failure.organiserLevel).toBe(level)
        }
      })
    )
  })
})

describe("lifecycle", () => {
  const start = at("2026-03-05T09:00:00+08:00")

  it("A3: planned → ongoing → ended → closed with record and summary, stamping closedAt", () => {
    const a = activity()
    const ongoing = Result.getOrThrow(Activity.transition(a, "start", start, policy))
    const ended = Result.getOrThrow(Activity.transition(ongoing, "end", start, policy))
    const ready = Activity.writeSummary(Activity.finaliseRecord(ended), "共 3 人参加。")
    const closed = Result.getOrThrow(Activity.transition(ready, "close", plus(start, 600), policy))
    expect([ongoing.status, ended.status, closed.status]).toEqual(["ongoing", "ended", "closed"])
    expect(closed.closedAt).toBe(plus(start, 600))
  })

  it("A3: close names what is missing — the record, the summary, or both; a blank summary counts as missing", () => {
    const ended = { ...activity(), status: "ended" as const }
    const missing = (a: Activity.Activity) => {
      const r = Activity.transition(a, "close", start, policy)
      return Result.isFailure(r) && r.failure._tag === "ActivityNotClosable" ? r.failure.missing : "closed"
    }
    expect(missing(ended)).toEqual(["record", "summary"])
    expect(missing(Activity.finaliseRecord(ended))).toEqual(["summary"])
    expect(missing(Activity.writeSummary(Activity.finaliseRecord(ended), "  \n "))).toEqual(["summary"])
    expect(missing(Activity.writeSummary(ended, "总结"))).toEqual(["record"])
  })

  it("A3: only the listed transitions are legal, from any status", () => {
    const legal: Record<string, string> = {
      "planned/start": "ongoing",
      "ongoing/end": "ended",
      "ended/close": "closed",
      "planned/cancel": "cancelled",
      "ongoing/cancel": "cancelled"
    }
    fc.assert(
      fc.property(fc.constantFrom(...Activity.Status.literals), fc.constantFrom("start" as const, "end" as const, "close" as const, "cancel" as const), (status, event) => {
        const a = Activity.writeSummary(Activity.finaliseRecord({ ...activity(), status }), "总结")
        const r = Activity.transition(a, event, start, policy)
        const expected = legal[`${status}/${event}`]
        if (expected === undefined) {
          expect(Result.isFailure(r) && r.failure._tag).toBe("ActivityTransitionInvalid")
        } else {
          expect(Result.isSuccess(r) && r.success.status).toBe(expected)
        }
      })
    )
  })

  it("A3: transition does not mutate its input", () => {
    const a = activity()
    const copy = structuredClone(a)
    Activity.transition(a, "start", start, policy)
    Activity.transition({ ...a, status: "ended" }, "close", start, policy)
    expect(a).toEqual(copy)
  })

  it("A4: a hazardous activity does not start without insurance covering its dates", () => {
    const rescue = activity({ category: "emergencyRescue" })
    const r = Activity.transition(rescue, "start", start, policy)
    expect(Result.isFailure(r) && r.failure._tag).toBe("ActivityInsuranceMissing")
    expect(Result.isSuccess(Activity.transition(activity({ category: "emergencyRescue", insurance }), "start", start, policy))).toBe(true)
  })
})

describe("isIncomplete", () => {
  // ends at 00:30 local on 1 March = 16:30 UTC on 28 February
  const endsLate = activity({ window: { start: at("2026-02-28T22:00:00+08:00"), end: at("2026-03-01T00:30:00+08:00") } })

  it("A3: incomplete only more than 7 local days after the end (C1: local dates, not UTC)", () => {
    const ended = { ...endsLate, status: "ended" as const }
    expect(Activity.isIncomplete(ended, at("2026-03-08T23:59:00+08:00"), policy)).toBe(false)
    expect(Activity.isIncomplete(ended, at("2026-03-09T00:00:00+08:00"), policy)).toBe(true)
    // in UTC the end falls on 28 February, which would already make it 8 days on 8 March
    expect(Activity.isIncomplete(ended, at("2026-03-08T12:00:00+08:00"), policy)).toBe(false)
  })

  it("A3: an activity with record and summary, or closed or cancelled, is never incomplete", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.constantFrom(...Activity.Status.literals), (days, status) => {
        const asOf = plus(endsLate.window.end, days * 24 * 60)
        const done = Activity.writeSummary(Activity.finaliseRecord({ ...endsLate, status }), "总结")
        expect(Activity.isIncomplete(done, asOf, policy)).toBe(false)
        if (status === "closed" || status === "cancelled") {
          expect(Activity.isIncomplete({ ...endsLate, status }, asOf, policy)).toBe(false)
        }
      })
    )
  })

  it("A3: the close-within days come from the policy", () => {
    const ended = { ...endsLate, status: "ended" as const }
    expect(Activity.isIncomplete(ended, at("2026-03-03T09:00:00+08:00"), { ...policy, closeWithinDays: 1 })).toBe(true)
  })
})

describe("hazard and insurance", () => {
  const patrol = (start: string, end: string, over: Record<string, unknown> = {}) =>
    input({ category: "securityPatrol", window: { start: at(start), end: at(end) }, ...over })

  it("A4: emergency rescue, fire safety and flagged activities are hazardous", () => {
    expect(Activity.isHazardous(input({ category: "emergencyRescue" }), policy)).toBe(true)
    expect(Activity.isHazardous(input({ category: "fireSafety" }), policy)).toBe(true)
    expect(Activity.isHazardous(input({ hazardous: true }), policy)).toBe(true)
    expect(Activity.isHazardous(input(), policy)).toBe(false)
  })

  it("A4: a patrol reaching into 22:00–06:00 local time is a night patrol; touching 22:00 is not", () => {
    expect(Activity.isHazardous(patrol("2026-03-05T21:00:00+08:00", "2026-03-05T23:00:00+08:00"), policy)).toBe(true)
    expect(Activity.isHazardous(patrol("2026-03-05T05:00:00+08:00", "2026-03-05T07:00:00+08:00"), policy)).toBe(true)
    expect(Activity.isHazardous(patrol("2026-03-05T18:00:00+08:00", "2026-03-05T22:00:00+08:00"), policy)).toBe(false)
    expect(Activity.isHazardous(patrol("2026-03-05T06:00:00+08:00", "2026-03-05T12:00:00+08:00"), policy)).toBe(false)
    expect(Activity.isHazardous(patrol("2026-03-05T09:00:00+08:00", "2026-03-05T11:00:00+08:00", { night: true }), policy)).toBe(true)
  })

  it("A4: night is local time (C1) — 14:00–16:00 UTC is 22:00–24:00 in Pinghu", () => {
    expect(Activity.isNightPatrol(patrol("2026-03-05T14:00:00Z", "2026-03-05T16:00:00Z"), policy)).toBe(true)
    const utc = { ...policy, timeZone: { name: "UTC", offsetMinutes: 0 } }
    expect(Activity.isNightPatrol(patrol("2026-03-05T14:00:00Z", "2026-03-05T16:00:00Z"), utc)).toBe(false)
  })

  it("A4: any patrol of more than 16 hours reaches the night", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 * 24 * 60 }), fc.integer({ min: 16 * 60 + 1, max: 3 * 24 * 60 }), (offset, length) => {
        const start = plus(base, offset)
        expect(Activity.isNightPatrol({ category: "securityPatrol", window: { start, end: plus(start, length) } }, policy)).toBe(true)
      })
    )
  })

  it("A4: a non-patrol activity at night is not hazardous by its time", () => {
    expect(Activity.isHazardous(input({ window: { start: at("2026-03-05T22:00:00+08:00"), end: at("2026-03-05T23:00:00+08:00") } }), policy)).toBe(false)
  })

  it("A4: insurance must cover every local date of the window; an end at midnight adds no day", () => {
    const cover = (from: string, to: string) => ({ ...insurance, coversFrom: from, coversTo: to })
    const w = { start: at("2026-03-05T20:00:00+08:00"), end: at("2026-03-06T00:00:00+08:00") }
    expect(Activity.insuranceCovers(input({ window: w, insurance: cover("2026-03-05", "2026-03-05") }), policy)).toBe(true)
    expect(Activity.insuranceCovers(input({ window: w, insurance: cover("2026-03-06", "2026-03-31") }), policy)).toBe(false)
    const overnight = { start: w.start, end: at("2026-03-06T02:00:00+08:00") }
    expect(Activity.insuranceCovers(input({ window: overnight, insurance: cover("2026-03-05", "2026-03-05") }), policy)).toBe(false)
    expect(Activity.insuranceCovers(input({ window: w }), policy)).toBe(false)
  })
})

describe("agreement", () => {
  it("A6: a window of one calendar month or more needs an agreement (31 Jan + 1 month = 28 Feb)", () => {
    const from = at("2026-01-31T09:00:00+08:00")
    expect(Activity.agreementReasons(input({ window: { start: from, end: at("2026-02-28T09:00:00+08:00") } }), policy)).toEqual(["longService"])
    expect(Activity.needsAgreement(input({ window: { start: from, end: at("2026-02-28T08:59:00+08:00") } }), policy)).toBe(false)
  })

  it("A6: hazardous, large-scale or requested activities need an agreement; a short plain one does not", () => {
    expect(Activity.agreementReasons(input({ hazardous: true }), policy)).toEqual(["hazardous"])
    expect(Activity.agreementReasons(input({ largeScale: true }), policy)).toEqual(["largeScale"])
    expect(Activity.agreementReasons(input({ agreement: { requestedByParty: true } }), policy)).toEqual(["requested"])
    expect(Activity.needsAgreement(input(), policy)).toBe(false)
  })

  it("A6: addMonths clamps to the end of the month and inverts across years", () => {
    expect(addMonths(localDate("2024-02-29"), -12)).toBe("2023-02-28")
    expect(addMonths(localDate("2025-12-15"), 1)).toBe("2026-01-15")
    expect(addMonths(localDate("2026-01-15"), -1)).toBe("2025-12-15")
  })
})

describe("decideAssignment", () => {
  const existingOf = (a: Activity.Activity, v: VolunteerId, id: string): Activity.ExistingAssignment => ({
    assignmentId: id as AssignmentId,
    activityId: a.id,
    volunteerId: v,
    window: a.window
  })

  it("A5: capacity is never exceeded, and only active volunteers are ever assigned", () => {
    const statuses: ReadonlyArray<VolunteerStatus> = ["pending", "active", "suspended", "withdrawn", "dismissed"]
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.constantFrom(...statuses), { maxLength: 12 }), (capacity, queue) => {
        const a = activity({ capacity })
        let existing: ReadonlyArray<Activity.ExistingAssignment> = []
        queue.forEach((status, i) => {
          const v = volunteer({ id: `v-${i}` as VolunteerId, status })
          const r = decide(a, v, existing)
          if (Result.isSuccess(r)) {
            expect(status).toBe("active")
            existing = [...existing, existingOf(a, v.id, `as-${i}`)]
          }
        })
        expect(existing.length).toBeLessThanOrEqual(capacity)
        expect(existing.length).toBe(Math.min(capacity, queue.filter((s) => s === "active").length))
      })
    )
  })

  it("A5: a volunteer is never in two overlapping activities; touching windows are fine", () => {
    const windowArb = fc.tuple(fc.integer({ min: 0, max: 24 * 60 }), fc.integer({ min: 1, max: 6 * 60 }))
    fc.assert(
      fc.property(fc.array(windowArb, { maxLength: 10 }), (windows) => {
        const v = volunteer()
        let existing: ReadonlyArray<Activity.ExistingAssignment> = []
        windows.forEach(([offset, length], i) => {
          const a = activity({ window: { start: plus(base, offset), end: plus(base, offset + length) }, capacity: 10 }, `ac-${i}`)
          if (Result.isSuccess(decide(a, v, existing))) existing = [...existing, existingOf(a, v.id, `as-${i}`)]
        })
        for (const x of existing) {
          for (const y of existing) {
            if (x !== y) expect(x.window.end <= y.window.start || y.window.end <= x.window.start).toBe(true)
          }
        }
      })
    )
  })

  it("A5: double-booking names the conflicting activity; end == start is not overlap", () => {
    const morning = activity({}, "ac-morning")
    const v = volunteer()
    const taken = [existingOf(morning, v.id, "as-1")]
    const overlapping = activity({ window: { start: at("2026-03-05T10:00:00+08:00"), end: at("2026-03-05T12:00:00+08:00") } }, "ac-2")
    const r = decide(overlapping, v, taken)
    expect(Result.isFailure(r) && [r.failure.reason, r.failure.conflictingActivityId]).toEqual(["doubleBooked", "ac-morning"])
    const after = activity({ window: { start: morning.window.end, end: at("2026-03-05T12:00:00+08:00") } }, "ac-3")
    expect(reasonOf(decide(after, v, taken))).toBe("granted")
    expect(reasonOf(decide(morning, v, taken))).toBe("doubleBooked")
  })

  it("A5/D5: a pending, suspended, withdrawn or dismissed volunteer is refused with the status", () => {
    for (const status of ["pending", "suspended", "withdrawn", "dismissed"] as const) {
      const r = decide(activity(), volunteer({ status }))
      expect(Result.isFailure(r) && [r.failure.reason, r.failure.volunteerStatus]).toEqual(["volunteerNotActive", status])
    }
  })

  it("A5: only planned or ongoing activities take volunteers", () => {
    for (const status of Activity.Status.literals) {
      const expected = status === "planned" || status === "ongoing" ? "granted" : "activityNotOpen"
      expect(reasonOf(decide({ ...activity(), status }, volunteer()))).toBe(expected)
    }
  })

  it("A4/V4: a minor is refused on a hazardous activity; age is taken on the local start date (C1)", () => {
    // starts 07:00 local on 5 March = 23:00 UTC on 4 March; the volunteer turns 18 on 5 March
    const rescue = activity({
      category: "emergencyRescue",
      insurance,
      window: { start: at("2026-03-05T07:00:00+08:00"), end: at("2026-03-05T09:00:00+08:00") }
    })
    const adult = volunteer({ birthDate: localDate("2008-03-05"), hasAgreement: true })
    expect(reasonOf(decide(rescue, adult))).toBe("granted")
    const minor = volunteer({ birthDate: localDate("2008-03-06"), hasAgreement: true })
    expect(reasonOf(decide(rescue, minor))).toBe("minorOnHazardous")
    expect(reasonOf(decide(activity({ insurance }), minor))).toBe("granted")
  })

  it("A4: a hazardous activity without covering insurance refuses assignments", () => {
    expect(reasonOf(decide(activity({ hazardous: true }), volunteer({ hasAgreement: true })))).toBe("insuranceMissing")
  })

  it("A6: without a written agreement, an activity that needs one refuses", () => {
    expect(reasonOf(decide(activity({ largeScale: true }), volunteer()))).toBe("agreementMissing")
    expect(reasonOf(decide(activity({ largeScale: true }), volunteer({ hasAgreement: true })))).toBe("granted")
  })

  it("A5: a granted assignment carries the route and stores as an Assignment", () => {
    const r = Activity.decideAssignment({ activity: activity(), volunteer: volunteer(), existing: [], via: "dispatch", policy })
    const grant = Result.getOrThrow(r)
    expect(grant).toEqual({ activityId: "ac-1", volunteerId: "v-1", via: "dispatch" })
    const stored = { ...grant, id: "as-9", assignedBy: "leader-1", assignedAt: base }
    expect(Schema.decodeUnknownSync(Activity.Assignment)(stored)).toEqual(stored)
    expect(() => Schema.decodeUnknownSync(Activity.Assignment)({ ...stored, via: "walkIn" })).toThrow()
  })
})

describe("suspensions, finalisation and withdrawal", () => {
  const suspension = (from: string, until: string, endedEarlyOn?: string) => ({
    from: localDate(from),
    until: localDate(until),
    ...(endedEarlyOn === undefined ? {} : { endedEarlyOn: localDate(endedEarlyOn) })
  })

  it("D5: a suspension in force on the activity's local date refuses assignment; before, after or ended early it does not", () => {
    const a = activity()
    const r = decide(a, volunteer({ suspensions: [suspension("2026-03-05", "2026-03-05")] }))
    expect(Result.isFailure(r) && [r.failure.reason, r.failure.volunteerId]).toEqual(["volunteerSuspended", "v-1"])
    expect(reasonOf(decide(a, volunteer({ suspensions: [suspension("2026-03-01", "2026-06-01")] })))).toBe("volunteerSuspended")
    expect(reasonOf(decide(a, volunteer({ suspensions: [suspension("2026-03-06", "2026-06-01")] })))).toBe("granted")
    expect(reasonOf(decide(a, volunteer({ suspensions: [suspension("2026-01-01", "2026-03-04")] })))).toBe("granted")
    expect(reasonOf(decide(a, volunteer({ suspensions: [suspension("2026-03-01", "2026-06-01", "2026-03-05")] })))).toBe("granted")
    expect(reasonOf(decide(a, volunteer({ suspensions: [suspension("2026-03-01", "2026-06-01", "2026-03-06")] })))).toBe("volunteerSuspended")
  })

  it("A3: the record is finalised once, and only after the activity has ended", () => {
    for (const status of Activity.Status.literals) {
      const r = Activity.decideFinalise({ ...activity(), status })
      if (status === "ended") expect(Result.isSuccess(r) && r.success.recordFinalised).toBe(true)
      else expect(Result.isFailure(r) && r.failure.reason).toBe("notEnded")
    }
    const once = Activity.decideFinalise({ ...activity(), status: "ended", recordFinalised: true })
    expect(Result.isFailure(once) && once.failure.reason).toBe("alreadyFinalised")
  })

  it("A3: decideFinalise does not mutate its input", () => {
    const a = { ...activity(), status: "ended" as const }
    const copy = structuredClone(a)
    Activity.decideFinalise(a)
    expect(a).toEqual(copy)
  })

  it("A5: an assignment is withdrawn only while the activity is planned", () => {
    const assignment: Activity.Assignment = {
      id: "as-1" as AssignmentId,
      activityId: "ac-1" as ActivityId,
      volunteerId: "v-1" as VolunteerId,
      via: "signUp",
      assignedBy: "leader-1" as never,
      assignedAt: base
    }
    for (const status of Activity.Status.literals) {
      const r = Activity.decideWithdrawal({ ...activity(), status }, assignment)
      expect(Result.isSuccess(r)).toBe(status === "planned")
      if (Result.isFailure(r)) expect(r.failure).toMatchObject({ _tag: "AssignmentNotWithdrawable", status })
    }
  })

  it("A6: an assignment records whether the written agreement was signed", () => {
    const stored = { id: "as-1", activityId: "ac-1", volunteerId: "v-1", via: "dispatch", assignedBy: "u-1", assignedAt: base, agreementSigned: true }
    expect(Schema.decodeUnknownSync(Activity.Assignment)(stored).agreementSigned).toBe(true)
    expect(() => Schema.decodeUnknownSync(Activity.Assignment)({ ...stored, agreementSigned: "yes" })).toThrow()
  })
})
