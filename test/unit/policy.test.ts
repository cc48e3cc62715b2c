import { describe, expect, it } from "vitest"
import * as Policy from "../../src/policy.js"

// Rules marked *(policy)* in the catalogue take their numbers from here: the defaults are the
// catalogue's numbers, and make() refuses a policy that would break a rule.
describe("Policy", () => {
  it("H1: Pinghu's eight designated departments", () => {
    expect(Policy.PinghuDepartments).toEqual(["市公安局", "市司法局", "市规划建设局", "市文广新局", "市卫生局", "团市委", "市妇联", "市工商局"])
    expect(Policy.defaults.designatedDepartments).toEqual(Policy.PinghuDepartments)
  })

  it("T8: the star tables in minutes", () => {
    expect(Policy.CommunityStars).toEqual([6_000, 18_000, 36_000, 60_000, 90_000])
    expect(Policy.BeijingStars).toEqual([6_000, 12_000, 30_000, 48_000, 60_000])
    expect(Policy.defaults.starThresholds).toEqual(Policy.CommunityStars)
  })

  it("C1/D1/D2/D4/D5/T1/T3/T7: the defaults are the catalogue's numbers", () => {
    expect(Policy.defaults).toMatchObject({
      timeZone: { name: "Asia/Shanghai", offsetMinutes: 480 },
      minimumAge: 14,
      adultAge: 18,
      rosterDue: { month: 9, day: 30 },
      closeWithinDays: 7,
      graceMinutes: 5,
      leaveNoticeHours: 24,
      violationPoints: { noShow: 3, late: 1, leftEarly: 1, noBadge: 1, disobedience: 2 },
      disciplineThresholds: { reminder: 3, warning: 6, suspension: 9, dismissalProposal: 12 },
      disciplineWindowMonths: 12,
      suspensionDays: 90,
      creditGranularityMinutes: 1,
      minimumAttendanceShare: 0,
      annualTargetMinutes: 2_880,
      allowedFundCategories: ["badgesAndUniforms", "insurance", "training", "activityMaterials", "commendations"]
    })
    expect(Policy.defaults.evaluationWeights).toEqual({
      completeness: 0.25, hoursPerVolunteer: 0.2, targetAttainment: 0.2, discipline: 0.1, spotChecks: 0.15, residentRating: 0.1
    })
    expect(Policy.make()).toEqual(Policy.defaults)
  })

  it("T8: make() takes strictly increasing star thresholds of positive whole minutes only", () => {
    expect(Policy.make({ starThresholds: [60] }).starThresholds).toEqual([60])
    expect(Policy.make({ starThresholds: [60, 61] }).starThresholds).toEqual([60, 61])
    expect(Policy.make({ starThresholds: Policy.BeijingStars }).starThresholds).toEqual(Policy.BeijingStars)
    for (const bad of [[60, 60], [61, 60], [60, 120, 90], [0, 60], [1.5]]) expect(() => Policy.make({ starThresholds: bad })).toThrow()
  })

  it("D4: make() takes strictly increasing discipline thresholds only, each at least 1", () => {
    const t = Policy.defaults.disciplineThresholds
    expect(Policy.make({ disciplineThresholds: { reminder: 1, warning: 2, suspension: 3, dismissalProposal: 4 } }).disciplineThresholds.reminder).toBe(1)
    for (const bad of [
      { ...t, reminder: t.warning },
      { ...t, warning: t.suspension },
      { ...t, suspension: t.dismissalProposal },
      { ...t, reminder: 0 },
      { ...t, dismissalProposal: 8 }
    ]) expect(() => Policy.make({ disciplineThresholds: bad })).toThrow()
  })

  it("R3/T3/D1: every number keeps to its range", () => {
    const accepts = (over: Partial<Policy.Policy>) => {
      try {
        Policy.make(over)
        return true
      } catch {
        return false
      }
    }
    expect([1, 12].map((month) => accepts({ rosterDue: { month, day: 1 } }))).toEqual([true, true])
    expect([0, 13].map((month) => accepts({ rosterDue: { month, day: 1 } }))).toEqual([false, false])
    expect([1, 31].map((day) => accepts({ rosterDue: { month: 1, day } }))).toEqual([true, true])
    expect([0, 32].map((day) => accepts({ rosterDue: { month: 1, day } }))).toEqual([false, false])
    expect([0, 1].map((minimumAttendanceShare) => accepts({ minimumAttendanceShare }))).toEqual([true, true])
    expect([-0.01, 1.01].map((minimumAttendanceShare) => accepts({ minimumAttendanceShare }))).toEqual([false, false])
    expect([accepts({ graceMinutes: 0 }), accepts({ graceMinutes: -1 }), accepts({ graceMinutes: 1.5 })]).toEqual([true, false, false])
    expect([accepts({ suspensionDays: 1 }), accepts({ suspensionDays: 0 })]).toEqual([true, false])
    expect([accepts({ creditGranularityMinutes: 1 }), accepts({ creditGranularityMinutes: 0 })]).toEqual([true, false])
    expect([accepts({ disciplineWindowMonths: 1 }), accepts({ disciplineWindowMonths: 0 })]).toEqual([true, false])
    expect(accepts({ violationPoints: { ...Policy.defaults.violationPoints, late: -1 } })).toBe(false)
    expect(accepts({ violationPoints: { ...Policy.defaults.violationPoints, late: 0 } })).toBe(true)
    expect(accepts({ evaluationWeights: { ...Policy.defaults.evaluationWeights, spotChecks: -0.1 } })).toBe(false)
    expect(accepts({ evaluationWeights: { ...Policy.defaults.evaluationWeights, spotChecks: 0 } })).toBe(true)
    expect(accepts({ annualTargetMinutes: 0 })).toBe(true)
    expect(accepts({ annualTargetMinutes: -1 })).toBe(false)
    expect(accepts({ minimumAge: -1 })).toBe(false)
    expect(accepts({ timeZone: { name: "x", offsetMinutes: 900 } })).toBe(false)
    expect(accepts({ allowedFundCategories: [1 as unknown as string] })).toBe(false)
  })
})
