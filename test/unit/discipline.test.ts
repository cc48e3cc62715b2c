import { Option, Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Attendance from "../../src/attendance.js"
import * as Discipline from "../../src/discipline.js"
import type { AssignmentId, VolunteerId } from "../../src/ids.js"
import * as Policy from "../../src/policy.js"
import { addDays, daysBetween, instant, localDate, MINUTE } from "../../src/time.js"
import type { Instant } from "../../src/time.js"

const policy = Policy.defaults
const volunteerId = "v-1" as VolunteerId
const asOf = localDate("2026-03-05")
const v = (kind: Discipline.ViolationKind, on: string): Discipline.Violation => ({ volunteerId, kind, on: localDate(on) })

const kindArb = fc.constantFrom(...Discipline.ViolationKind.literals)
const dateArb = fc.integer({ min: -800, max: 30 }).map((d) => addDays(asOf, d))
const violationArb = fc.tuple(kindArb, dateArb).map(([kind, on]): Discipline.Violation => ({ volunteerId, kind, on }))

describe("violationsOf", () => {
  const context = { volunteerId, on: asOf, assignmentId: "as-1" as AssignmentId }
  const kinds = (o: Attendance.Outcome, badge: boolean | null) => Discipline.violationsOf(o, badge, context).map((x) => x.kind)

  it("D4: each outcome maps to its violations; late and left early gives both", () => {
    expect(kinds("present", true)).toEqual([])
    expect(kinds("late", true)).toEqual(["late"])
    expect(kinds("leftEarly", null)).toEqual(["leftEarly"])
    expect(kinds("lateAndLeftEarly", true)).toEqual(["late", "leftEarly"])
    expect(kinds("absentWithoutLeave", null)).toEqual(["noShow"])
  })

  it("D3: a badge recorded as not worn adds a minor no-badge violation worth 1 point", () => {
    expect(kinds("present", false)).toEqual(["noBadge"])
    expect(policy.violationPoints.noBadge).toBe(1)
    expect(Discipline.violationsOf("present", false, context)[0]).toEqual({ ...context, kind: "noBadge" })
  })

  it("D4: excused gives no violation, ever", () => {
    for (const badge of [true, false, null]) expect(kinds("excused", badge)).toEqual([])
  })

  it("D4: approved leave never yields points, whatever was checked", () => {
    const start = instant("2026-03-05T09:00:00+08:00")
    const eventArb = fc.tuple(fc.constantFrom("checkIn" as const, "checkOut" as const), fc.integer({ min: -60, max: 200 }), fc.boolean())
      .map(([kind, offset, badge]): Attendance.AttendanceEvent => ({
        assignmentId: "as-1" as AssignmentId,
        kind,
        at: (start + offset * MINUTE) as Instant,
        evidence: "code",
        ...(kind === "checkIn" ? { badgeWorn: badge } : {})
      }))
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 6 }), (events) => {
        const window = { start, end: (start + 120 * MINUTE) as Instant }
        const r = Attendance.classify({ window, events, leave: { status: "approved" }, policy })
        expect(Discipline.points(Discipline.violationsOf(r.outcome, r.badgeWorn, context), asOf, policy)).toBe(0)
      })
    )
  })
})

describe("points", () => {
  it("D4: the catalogue's points — no-show 3, late 1, left early 1, no badge 1, disobedience 2", () => {
    const all = Discipline.ViolationKind.literals.map((k) => v(k, "2026-03-01"))
    expect(Discipline.points(all, asOf, policy)).toBe(8)
    expect(Discipline.points([v("noShow", "2026-03-01"), v("noShow", "2026-02-01")], asOf, policy)).toBe(6)
  })

  it("D4: the 12-month window is (asOf − 12 months, asOf] — a violation exactly a year old no longer counts", () => {
    expect(Discipline.windowStart(asOf, policy)).toBe("2025-03-06")
    const count = (on: string) => Discipline.points([v("noShow", on)], asOf, policy)
    expect([count("2025-03-05"), count("2025-03-06"), count("2026-03-05"), count("2026-03-06")]).toEqual([0, 3, 3, 0])
  })

  it("D4: month subtraction clamps at month ends (leap day)", () => {
    expect(Discipline.windowStart(localDate("2025-02-28"), policy)).toBe("2024-02-29")
    expect(Discipline.windowStart(localDate("2024-02-29"), policy)).toBe("2023-03-01")
    expect(Discipline.windowStart(asOf, { disciplineWindowMonths: 6 })).toBe("2025-09-06")
  })

  it("D4: points equal the sum over the violations dated inside the window", () => {
    fc.assert(
      fc.property(fc.array(violationArb, { maxLength: 20 }), (violations) => {
        const first = Discipline.windowStart(asOf, policy)
        const expected = violations
          .filter((x) => daysBetween(first, x.on) >= 0 && daysBetween(x.on, asOf) >= 0)
          .reduce((s, x) => s + policy.violationPoints[x.kind], 0)
        expect(Discipline.points(violations, asOf, policy)).toBe(expected)
      })
    )
  })

  it("D4: adding a violation never lowers points", () => {
    fc.assert(
      fc.property(fc.array(violationArb, { maxLength: 20 }), violationArb, (violations, extra) => {
        expect(Discipline.points([...violations, extra], asOf, policy)).toBeGreaterThanOrEqual(Discipline.points(violations, asOf, policy))
      })
    )
  })

  it("D4: points does not mutate its input and ignores order", () => {
    const violations = [v("late", "2026-01-01"), v("noShow", "2025-01-01"), v("noBadge", "2026-03-05")]
    const copy = structuredClone(violations)
    expect(Discipline.points([...violations].reverse(), asOf, policy)).toBe(Discipline.points(violations, asOf, policy))
    expect(violations).toEqual(copy)
  })
})

describe("standing", () => {
  it("D4: the thresholds 3, 6, 9 and 12 give reminder, warning, suspension and dismissal proposal", () => {
    expect([0, 2, 3, 5, 6, 8, 9, 11, 12, 40].map((p) => Discipline.standing(p, policy))).toEqual([
      "clear", "clear", "reminder", "reminder", "warning", "warning", "suspension", "suspension", "dismissalProposal", "dismissalProposal"
    ])
  })

  it("D4: standing is monotone in points, for any valid thresholds", () => {
    const thresholdsArb = fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 4, maxLength: 4 })
      .map((xs) => [...xs].sort((a, b) => a - b))
      .map(([reminder, warning, suspension, dismissalProposal]) => Policy.make({ disciplineThresholds: { reminder: reminder!, warning: warning!, suspension: suspension!, dismissalProposal: dismissalProposal! } }))
    fc.assert(
      fc.property(thresholdsArb, fc.nat(60), fc.nat(60), (p, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        expect(Discipline.rank(Discipline.standing(lo, p))).toBeLessThanOrEqual(Discipline.rank(Discipline.standing(hi, p)))
      })
    )
  })
})

describe("suspension", () => {
  const suspension = (over: Record<string, unknown> = {}): Discipline.Suspension =>
    Schema.decodeUnknownSync(Discipline.Suspension)({ volunteerId, from: "2026-03-05", until: "2026-06-02", reason: "积分达到 9 分", ...over })
  const nineOn = (on: string) => [v("noShow", on), v("noShow", on), v("noShow", on)]

  it("D5: a suspension is in force from its first to its last day, inclusive", () => {
    const s = suspension()
    const on = (d: string) => Discipline.isSuspendedOn(s, localDate(d))
    expect([on("2026-03-04"), on("2026-03-05"), on("2026-06-02"), on("2026-06-03")]).toEqual([false, true, true, false])
  })

  it("D5: ending early by decision lifts it from that day", () => {
    const ended = Result.getOrThrow(Discipline.endEarly(suspension(), localDate("2026-04-01")))
    expect(Discipline.isSuspendedOn(ended, localDate("2026-03-31"))).toBe(true)
    expect(Discipline.isSuspendedOn(ended, localDate("2026-04-01"))).toBe(false)
    for (const day of ["2026-03-05", "2026-06-03"]) {
      const r = Discipline.endEarly(suspension(), localDate(day))
      expect(Result.isFailure(r) && r.failure._tag).toBe("SuspensionNotActive")
    }
    expect(Result.isFailure(Discipline.endEarly(ended, localDate("2026-04-02")))).toBe(true)
  })

  it("D5: the schema refuses an end before the start and an early end outside the period", () => {
    expect(() => suspension({ until: "2026-03-04" })).toThrow()
    expect(() => suspension({ endedEarlyOn: "2026-07-01" })).toThrow()
    expect(() => suspension({ reason: " " })).toThrow()
  })

  it("D4/D5: 9 points propose a suspension of 90 days starting on asOf; fewer propose none", () => {
    const proposal = Discipline.suspend({ volunteerId, violations: nineOn("2026-03-01"), suspensions: [] }, asOf, policy)
    const s = Option.getOrThrow(proposal)
    expect(s).toMatchObject({ volunteerId, from: "2026-03-05", until: "2026-06-02" })
    expect(daysBetween(s.from, s.until) + 1).toBe(policy.suspensionDays)
    expect(Schema.decodeUnknownSync(Discipline.Suspension)(s)).toEqual(s)
    const eight = nineOn("2026-03-01").slice(1).concat([v("disobedience", "2026-03-02")])
    expect(Option.isNone(Discipline.suspend({ volunteerId, violations: eight, suspensions: [] }, asOf, policy))).toBe(true)
  })

  it("D5: no new proposal while suspended, nor after expiry for the same violations; new ones count", () => {
    const earlier = suspension({ from: "2025-10-01", until: "2025-12-29" })
    const old = nineOn("2025-09-20")
    const facts = (violations: ReadonlyArray<Discipline.Violation>) => ({ volunteerId, violations, suspensions: [earlier] })
    expect(Option.isNone(Discipline.suspend(facts(old), localDate("2025-11-01"), policy))).toBe(true)
    expect(Option.isNone(Discipline.suspend(facts(old), asOf, policy))).toBe(true)
    expect(Option.isSome(Discipline.suspend(facts([...old, ...nineOn("2026-02-01")]), asOf, policy))).toBe(true)
  })

  it("D5: suspensionDays comes from the policy", () => {
    const s = Option.getOrThrow(Discipline.suspend({ volunteerId, violations: nineOn("2026-03-01"), suspensions: [] }, asOf, { ...policy, suspensionDays: 30 }))
    expect(s.until).toBe(addDays(asOf, 29))
  })
})

describe("labels", () => {
  it("D4: standings and violation kinds have zh-CN labels", () => {
    expect(Discipline.Standing.literals.slice(1).map((s) => Discipline.labelsZh.standing[s])).toEqual(["提醒", "警告", "暂停服务", "建议除名"])
    expect(Discipline.ViolationKind.literals.every((k) => Discipline.labelsZh.violation[k].length > 0)).toBe(true)
  })
})

describe("isSuspendedDuring", () => {
  const suspensionArb = fc
    .tuple(
      fc.integer({ min: -20, max: 20 }),
      fc.integer({ min: 0, max: 20 }),
      // 0 (lifted on its first day) lies outside what the schema admits, yet the law holds for it too
      fc.option(fc.oneof(fc.constantFrom(0, 1), fc.integer({ min: 0, max: 20 })), { nil: undefined })
    )
    .map(([start, length, early]) => ({
      from: addDays(asOf, start),
      until: addDays(asOf, start + length),
      ...(early === undefined || early > length ? {} : { endedEarlyOn: addDays(asOf, start + early) })
    }))

  it("D5: in force during a span of dates exactly when in force on one of its days", () => {
    fc.assert(
      fc.property(suspensionArb, fc.integer({ min: -25, max: 25 }), fc.integer({ min: 0, max: 5 }), (s, offset, length) => {
        const first = addDays(asOf, offset)
        const days = Array.from({ length: length + 1 }, (_, i) => addDays(first, i))
        expect(Discipline.isSuspendedDuring(s, first, addDays(first, length))).toBe(days.some((d) => Discipline.isSuspendedOn(s, d)))
      })
    )
  })
})

// Boundaries the mutation runs (npm run test:mutation) showed untested.
describe("discipline: boundaries (mutation testing)", () => {
  const suspension = (over: Record<string, unknown> = {}) =>
    Schema.decodeUnknownResult(Discipline.Suspension)({ volunteerId, from: "2026-03-05", until: "2026-06-02", reason: "积分达到 9 分", ...over })
  const nineOn = (on: string) => [v("noShow", on), v("noShow", on), v("noShow", on)]
  const propose = (violations: ReadonlyArray<Discipline.Violation>, suspensions: ReadonlyArray<Discipline.Suspension>, on = asOf) =>
    Discipline.suspend({ volunteerId, violations, suspensions }, on, policy)
  const ok = (over: Record<string, unknown>) => Result.getOrThrow(suspension(over))

  it("D5: a one-day suspension (until = from) is valid; one ending the day before it starts is not", () => {
    expect(Result.isSuccess(suspension({ until: "2026-03-05" }))).toBe(true)
    expect(Result.isFailure(suspension({ until: "2026-03-04" }))).toBe(true)
    const oneDay = ok({ until: "2026-03-05" })
    expect(Discipline.isSuspendedOn(oneDay, localDate("2026-03-05"))).toBe(true)
    expect(Discipline.isSuspendedOn(oneDay, localDate("2026-03-06"))).toBe(false)
  })

  it("D5: an early end lies after the first day and no later than the last", () => {
    expect(Result.isFailure(suspension({ endedEarlyOn: "2026-03-04" }))).toBe(true)
    expect(Result.isFailure(suspension({ endedEarlyOn: "2026-03-05" }))).toBe(true)
    expect(Result.isSuccess(suspension({ endedEarlyOn: "2026-03-06" }))).toBe(true)
    expect(Result.isSuccess(suspension({ endedEarlyOn: "2026-06-02" }))).toBe(true)
    expect(Result.isFailure(suspension({ endedEarlyOn: "2026-06-03" }))).toBe(true)
  })

  it("D5: endEarly on the second and on the last day succeeds, on the first and after the last it does not", () => {
    const s = ok({})
    expect(Result.getOrThrow(Discipline.endEarly(s, localDate("2026-03-06"))).endedEarlyOn).toBe("2026-03-06")
    expect(Result.getOrThrow(Discipline.endEarly(s, localDate("2026-06-02"))).endedEarlyOn).toBe("2026-06-02")
    for (const day of ["2026-03-04", "2026-03-05", "2026-06-03"]) {
      const r = Discipline.endEarly(s, localDate(day))
      expect(Result.isFailure(r) && r.failure).toMatchObject({ _tag: "SuspensionNotActive", volunteerId, on: day })
    }
  })

  it("D5: no proposal while a suspension is in force, even for violations committed during it", () => {
    const current = ok({ from: "2026-03-01", until: "2026-05-29" })
    expect(Option.isNone(propose(nineOn("2026-03-03"), [current]))).toBe(true)
    // once it has ended early, those later violations do count
    const ended = ok({ from: "2026-03-01", until: "2026-05-29", endedEarlyOn: "2026-03-04" })
    expect(Option.isSome(propose(nineOn("2026-03-03"), [ended]))).toBe(true)
  })

  it("D5: the latest past suspension answers the violations before it, whatever the list order", () => {
    const earlier = ok({ from: "2025-06-01", until: "2025-08-29" })
    const later = ok({ from: "2025-10-01", until: "2025-12-29" })
    const between = nineOn("2025-09-15")
    expect(Option.isNone(propose(between, [earlier, later]))).toBe(true)
    expect(Option.isNone(propose(between, [later, earlier]))).toBe(true)
    // violations after the latest one count
    expect(Option.isSome(propose(nineOn("2026-01-10"), [later, earlier]))).toBe(true)
  })

  it("D5: violations on a suspension's first day were answered by it", () => {
    const earlier = ok({ from: "2025-10-01", until: "2025-12-29" })
    expect(Option.isNone(propose(nineOn("2025-10-01"), [earlier]))).toBe(true)
    expect(Option.isSome(propose(nineOn("2025-10-02"), [earlier]))).toBe(true)
  })

  it("D5: a suspension that starts after asOf answers nothing yet", () => {
    const future = ok({ from: "2026-04-01", until: "2026-06-29" })
    expect(Option.isSome(propose(nineOn("2026-03-01"), [future]))).toBe(true)
  })

  it("D5: the proposal is exactly the policy's thresholds: 9 points propose, and the reason is a valid Reason", () => {
    const s = Option.getOrThrow(propose(nineOn("2026-03-05"), []))
    expect(s).toMatchObject({ volunteerId, from: "2026-03-05", until: "2026-06-02" })
    expect(Result.isSuccess(Schema.decodeUnknownResult(Discipline.Suspension)(s))).toBe(true)
    // 12 points (dismissal proposal standing) still propose a suspension
    expect(Option.isSome(propose([...nineOn("2026-03-05"), ...nineOn("2026-03-04")], []))).toBe(true)
  })

  it("D4: violations on asOf count, those after it do not; the window's first day counts, the day before does not", () => {
    const first = Discipline.windowStart(asOf, policy)
    expect(first).toBe("2025-03-06")
    expect(Discipline.points([v("noShow", asOf)], asOf, policy)).toBe(3)
    expect(Discipline.points([v("noShow", addDays(asOf, 1))], asOf, policy)).toBe(0)
    expect(Discipline.points([v("late", first)], asOf, policy)).toBe(1)
    expect(Discipline.points([v("late", addDays(first, -1))], asOf, policy)).toBe(0)
  })

  it("D4: standing at, just below and just above each threshold", () => {
    const t = policy.disciplineThresholds
    const cases: ReadonlyArray<[number, Discipline.Standing]> = [
      [0, "clear"], [t.reminder - 1, "clear"], [t.reminder, "reminder"], [t.warning - 1, "reminder"], [t.warning, "warning"],
      [t.suspension - 1, "warning"], [t.suspension, "suspension"], [t.dismissalProposal - 1, "suspension"],
      [t.dismissalProposal, "dismissalProposal"], [t.dismissalProposal + 1, "dismissalProposal"]
    ]
    for (const [pts, expected] of cases) expect(Discipline.standing(pts, policy)).toBe(expected)
    expect(Discipline.Standing.literals.map(Discipline.rank)).toEqual([0, 1, 2, 3, 4])
  })

  it("D3/D4: a not-worn badge adds noBadge after the outcome's own violations; an unknown badge adds nothing", () => {
    const context = { volunteerId, on: asOf }
    expect(Discipline.violationsOf("lateAndLeftEarly", false, context).map((x) => x.kind)).toEqual(["late", "leftEarly", "noBadge"])
    expect(Discipline.violationsOf("absentWithoutLeave", false, context).map((x) => x.kind)).toEqual(["noShow", "noBadge"])
    expect(Discipline.violationsOf("late", null, context).map((x) => x.kind)).toEqual(["late"])
    expect(Discipline.violationsOf("excused", false, context)).toEqual([])
  })

  it("D5: isSuspendedDuring at the edges of the period and of an early end", () => {
    const s = ok({ from: "2026-03-05", until: "2026-03-10" })
    const during = (a: string, b: string, x = s) => Discipline.isSuspendedDuring(x, localDate(a), localDate(b))
    expect(during("2026-03-01", "2026-03-04")).toBe(false)
    expect(during("2026-03-01", "2026-03-05")).toBe(true)
    expect(during("2026-03-10", "2026-03-12")).toBe(true)
    expect(during("2026-03-11", "2026-03-12")).toBe(false)
    const ended = ok({ from: "2026-03-05", until: "2026-03-10", endedEarlyOn: "2026-03-07" })
    expect(during("2026-03-06", "2026-03-06", ended)).toBe(true)
    expect(during("2026-03-07", "2026-03-09", ended)).toBe(false)
  })

  it("D4: a violation decodes with each catalogue kind and nothing else", () => {
    const decode = Schema.decodeUnknownResult(Discipline.Violation)
    for (const kind of ["noShow", "late", "leftEarly", "noBadge", "disobedience"]) {
      expect(Result.isSuccess(decode({ volunteerId: "v-1", kind, on: "2026-03-05" }))).toBe(true)
    }
    expect(Result.isSuccess(decode({ volunteerId: "v-1", kind: "late", on: "2026-03-05", assignmentId: "as-1" }))).toBe(true)
    for (const bad of [{ volunteerId: "v-1", kind: "sleeping", on: "2026-03-05" }, { volunteerId: "v-1", kind: "late" }, { kind: "late", on: "2026-03-05" }, {}]) {
      expect(Result.isFailure(decode(bad))).toBe(true)
    }
  })

  it("D4: standings rank clear < reminder < warning < suspension < dismissal proposal", () => {
    expect((["clear", "reminder", "warning", "suspension", "dismissalProposal"] as const).map(Discipline.rank)).toEqual([0, 1, 2, 3, 4])
    expect(Schema.decodeUnknownSync(Discipline.Standing)("clear")).toBe("clear")
  })
})
