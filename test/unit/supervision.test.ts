import fc from "fast-check"
import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { parseCsv, toCsv } from "../../adapters/csv/index.js"
import type { ActivityId, UnitId } from "../../src/ids.js"
import * as Policy from "../../src/policy.js"
import * as Supervision from "../../src/supervision.js"
import * as Table from "../../src/table.js"
import * as Time from "../../src/time.js"

const unit = (s: string) => s as UnitId
const act = (s: string) => s as ActivityId
const policy = Policy.defaults

const deepFreeze = <T>(x: T): T => {
  if (x !== null && typeof x === "object") {
    for (const v of Object.values(x)) deepFreeze(v)
    Object.freeze(x)
  }
  return x
}

const fact = (
  id: string,
  over: Partial<Supervision.ActivityFact> = {}
): Supervision.ActivityFact => ({
  id: act(id),
  organiserUnitId: unit("squad-1"),
  status: "ended",
  endedAt: Time.instant("2026-03-01T18:00:00+08:00"),
  recordFinalised: true,
  hasSummary: true,
  ...over
})

/** A permutation of `xs` chosen by `salt`, reproducible. */
const permute = <T>(xs: ReadonlyArray<T>, salt: number): ReadonlyArray<T> =>
  fc.sample(fc.shuffledSubarray([...xs], { minLength: xs.length, maxLength: xs.length }), { seed: salt, numRuns: 1 })[0]!

const year2026 = { from: Time.localDate("2026-01-01"), to: Time.localDate("2026-12-31") }

// --- arbitraries ------------------------------------------------------------------------

const UNITS = ["squadron-1", "squad-1", "squad-2", "squad-3"].map(unit)
const JAN_2026 = Time.instant("2026-01-01T00:00:00+08:00")

const arbFact = (id: number) =>
  fc.record({
    organiserUnitId: fc.constantFrom(...UNITS),
    status: fc.constantFrom("planned", "ongoing", "ended", "closed", "cancelled" as const),
    endedOffsetDays: fc.option(fc.integer({ min: -40, max: 400 }), { nil: undefined }),
    endedMinute: fc.integer({ min: 0, max: 1439 }),
    recordFinalised: fc.boolean(),
    hasSummary: fc.boolean()
  }).map(({ endedOffsetDays, endedMinute, ...rest }): Supervision.ActivityFact => ({
    id: act(`act-${id}`),
    ...rest,
    ...(endedOffsetDays === undefined
      ? {}
      : { endedAt: (JAN_2026 + endedOffsetDays * Time.DAY + endedMinute * Time.MINUTE) as Time.Instant })
  }))

const arbFacts = fc
  .integer({ min: 0, max: 25 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbFact(i))))

const arbAsOf = fc.integer({ min: -10, max: 420 }).map((d) => (JAN_2026 + d * Time.DAY) as Time.Instant)
const arbUnitIds = fc.subarray(UNITS)

describe("Supervision.completeness", () => {
  it("S1: an activity becomes due only after more than closeWithinDays local days (A3, C1)", () => {
    const ended = Time.instant("2026-03-01T18:00:00+08:00")
    const options = { unitIds: [unit("squad-1")], ...year2026, policy }
    const incomplete = [fact("a", { endedAt: ended, hasSummary: false })]
    const before = Supervision.completeness(incomplete, { ...options, asOf: Time.instant("2026-03-08T23:59:00+08:00") })
    const after = Supervision.completeness(incomplete, { ...options, asOf: Time.instant("2026-03-09T00:00:00+08:00") })
    expect(before).toMatchObject({ due: 0, incomplete: 0, rate: 1 })
    expect(after).toMatchObject({ due: 1, complete: 0, incomplete: 1, incompleteIds: ["a"], rate: 0 })
  })

  it("S1: the end day is the local day in policy.timeZone, not the UTC day (C1)", () => {
    // 17:00Z on 31 Dec 2025 is 01:00 on 1 Jan 2026 in Pinghu: it belongs to 2026
    const a = fact("new-year", { endedAt: Time.instant("2025-12-31T17:00:00Z") })
    const asOf = Time.instant("2026-06-01T00:00:00+08:00")
    expect(Supervision.completeness([a], { unitIds: [unit("squad-1")], ...year2026, asOf, policy }).due).toBe(1)
    const utc = { ...policy, timeZone: { name: "UTC", offsetMinutes: 0 } }
    expect(Supervision.completeness([a], { unitIds: [unit("squad-1")], ...year2026, asOf, policy: utc }).due).toBe(0)
  })

  it("S1: counts complete, incomplete, cancelled, unended and foreign activities as the notice expects", () => {
    const activities = [
      fact("ok-1"),
      fact("ok-2", { status: "closed", organiserUnitId: unit("squadron-1") }),
      fact("no-summary", { hasSummary: false }),
      fact("no-record", { recordFinalised: false }),
      fact("cancelled", { status: "cancelled", recordFinalised: false, hasSummary: false }),
      fact("ongoing", { status: "ongoing", recordFinalised: false, hasSummary: false }),
      fact("other-squad", { organiserUnitId: unit("squad-9"), hasSummary: false }),
      fact("last-year", { endedAt: Time.instant("2025-06-01T10:00:00+08:00"), hasSummary: false })
    ]
    const c = Supervision.completeness(activities, {
      unitIds: [unit("squadron-1"), unit("squad-1")],
      ...year2026,
      asOf: Time.instant("2027-01-15T00:00:00+08:00"),
      policy
    })
    expect(c).toEqual({ due: 4, complete: 2, incomplete: 2, incompleteIds: ["no-summary", "no-record"], rate: 0.5 })
  })

  it("S1: the closing window follows policy.closeWithinDays", () => {
    const a = [fact("a", { hasSummary: false })]
    const asOf = Time.instant("2026-03-05T12:00:00+08:00")
    const options = { unitIds: [unit("squad-1")], ...year2026, asOf }
    expect(Supervision.completeness(a, { ...options, policy }).due).toBe(0)
    expect(Supervision.completeness(a, { ...options, policy: { ...policy, closeWithinDays: 3 } }).due).toBe(1)
  })

  it("S1: due = complete + incomplete, 0 ≤ rate ≤ 1, rate = 1 when nothing is due", () => {
    fc.assert(
      fc.property(arbFacts, arbUnitIds, arbAsOf, (facts, unitIds, asOf) => {
        const c = Supervision.completeness(facts, { unitIds, ...year2026, asOf, policy })
        expect(c.complete + c.incomplete).toBe(c.due)
        expect(c.incompleteIds).toHaveLength(c.incomplete)
        expect(c.rate).toBeGreaterThanOrEqual(0)
        expect(c.rate).toBeLessThanOrEqual(1)
        expect(c.rate).toBe(c.due === 0 ? 1 : c.complete / c.due)
      })
    )
  })

  it("S1: never counts cancelled, unended or other units' activities", () => {
    fc.assert(
      fc.property(arbFacts, arbUnitIds, arbAsOf, (facts, unitIds, asOf) => {
        const countable = facts.filter(
          (f) => unitIds.includes(f.organiserUnitId) && f.endedAt !== undefined && (f.status === "ended" || f.status === "closed")
        )
        const all = Supervision.completeness(facts, { unitIds, ...year2026, asOf, policy })
        const only = Supervision.completeness(countable, { unitIds, ...year2026, asOf, policy })
        expect(all).toEqual(only)
      })
    )
  })

  it("S1: a later asOf or a wider set of units never makes fewer activities due", () => {
    fc.assert(
      fc.property(arbFacts, arbUnitIds, arbUnitIds, arbAsOf, fc.nat(60), (facts, a, b, asOf, days) => {
        const base = Supervision.completeness(facts, { unitIds: a, ...year2026, asOf, policy })
        const later = Supervision.completeness(facts, {
          unitIds: a,
          ...year2026,
          asOf: (asOf + days * Time.DAY) as Time.Instant,
          policy
        })
        const wider = Supervision.completeness(facts, { unitIds: [...a, ...b], ...year2026, asOf, policy })
        expect(later.due).toBeGreaterThanOrEqual(base.due)
        expect(wider.due).toBeGreaterThanOrEqual(base.due)
      })
    )
  })

  it("S1: does not depend on input order and counts a repeated activity once", () => {
    fc.assert(
      fc.property(arbFacts, arbUnitIds, arbAsOf, fc.nat(), (facts, unitIds, asOf, salt) => {
        const shuffled = permute(facts, salt)
        const options = { unitIds, ...year2026, asOf, policy }
        const c = Supervision.completeness(facts, options)
        const d = Supervision.completeness([...shuffled, ...facts], options)
        expect({ ...d, incompleteIds: [...d.incompleteIds].sort() }).toEqual({ ...c, incompleteIds: [...c.incompleteIds].sort() })
      })
    )
  })

  it("S1: does not mutate its input", () => {
    fc.assert(
      fc.property(arbFacts, arbUnitIds, arbAsOf, (facts, unitIds, asOf) => {
        const snapshot = structuredClone(facts)
        Supervision.completeness(deepFreeze(facts), { unitIds: deepFreeze(unitIds), ...year2026, asOf, policy })
        expect(facts).toEqual(snapshot)
      })
    )
  })

  it("S1: the boundary schemas refuse an inverted period and an unknown status", () => {
    const period = Schema.decodeUnknownResult(Supervision.Period)({ from: "2026-12-31", to: "2026-01-01" })
    expect(Result.isFailure(period)).toBe(true)
    if (Result.isFailure(period)) expect(period.failure.message).toContain("must not end before it starts")
    const bad = Schema.decodeUnknownResult(Supervision.ActivityFact)({ ...fact("a"), status: "finished" })
    expect(Result.isFailure(bad)).toBe(true)
    const good = Schema.decodeUnknownResult(Supervision.ActivityFact)(fact("a"))
    expect(Result.isSuccess(good)).toBe(true)
  })
})

describe("Supervision.drawSample", () => {
  const arbIds = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 40 })

  it("S2: the same seed and the same ids, in any order, give the same sample", () => {
    fc.assert(
      fc.property(arbIds, fc.nat(50), fc.integer(), fc.nat(), (ids, size, seed, salt) => {
        const permuted = permute(ids, salt)
        const a = Supervision.drawSample(ids, size, seed)
        expect(Supervision.drawSample(ids, size, seed)).toEqual(a)
        expect(Supervision.drawSample(permuted, size, seed)).toEqual(a)
        expect(Supervision.drawSample([...ids, ...permuted], size, seed)).toEqual(a)
      })
    )
  })

  it("S2: the sample is a duplicate-free subset of size min(size, n)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f", "g")), fc.integer({ min: -3, max: 12 }), fc.integer(), (ids, size, seed) => {
        const sample = Supervision.drawSample(ids, size, seed)
        const distinct = new Set(ids)
        expect(new Set(sample).size).toBe(sample.length)
        expect(sample.every((id) => distinct.has(id))).toBe(true)
        expect(sample.length).toBe(Math.max(0, Math.min(size, distinct.size)))
      })
    )
  })

  it("S2: a larger sample from the same seed extends the smaller one", () => {
    fc.assert(
      fc.property(arbIds, fc.nat(40), fc.nat(40), fc.integer(), (ids, m, n, seed) => {
        const [small, large] = m <= n ? [m, n] : [n, m]
        const s = Supervision.drawSample(ids, small, seed)
        expect(Supervision.drawSample(ids, large, seed).slice(0, s.length)).toEqual(s)
      })
    )
  })

  it("S2: different seeds draw different samples and every activity has a fair chance", () => {
    const ids = Array.from({ length: 10 }, (_, i) => `act-${i}`)
    const counts = new Map<string, number>()
    const samples = new Set<string>()
    const runs = 4000
    for (let seed = 0; seed < runs; seed++) {
      const sample = Supervision.drawSample(ids, 3, seed)
      samples.add(sample.join(","))
      for (const id of sample) counts.set(id, (counts.get(id) ?? 0) + 1)
    }
    expect(samples.size).toBeGreaterThan(100)
    for (const id of ids) {
      const share = (counts.get(id) ?? 0) / runs
      expect(Math.abs(share - 0.3)).toBeLessThan(0.04)
    }
  })

  it("S2: the seeded sequence is reproducible and does not use Math.random (C2)", () => {
    const original = Math.random
    Math.random = () => {
      throw new Error("Math.random must not be used")
    }
    try {
      fc.assert(
        fc.property(fc.integer(), fc.nat(20), (seed, n) => {
          const xs = Supervision.randomSequence(seed, n)
          expect(xs).toHaveLength(n)
          expect(Supervision.randomSequence(seed, n)).toEqual(xs)
          expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32)).toBe(true)
        })
      )
      expect(Supervision.drawSample(["a", "b", "c"], 2, 7)).toHaveLength(2)
    } finally {
      Math.random = original
    }
  })

  it("S2: does not mutate its input", () => {
    const ids = deepFreeze(["c", "a", "b", "a"])
    expect(() => Supervision.drawSample(ids, 2, 1)).not.toThrow()
    expect(ids).toEqual(["c", "a", "b", "a"])
  })
})

describe("Supervision.SpotCheck", () => {
  const check = {
    id: "sc-1",
    activityId: "act-1",
    unitId: "squad-1",
    checkedOn: "2026-03-10",
    checkedBy: "inspector-1",
    seed: 20260301,
    result: "pass",
    note: ""
  }

  it("S2: a spot check records its seed and result; a pass may have an empty note", () => {
    const decoded = Schema.decodeUnknownSync(Supervision.SpotCheck)(check)
    expect(decoded.seed).toBe(20260301)
  })

  it("S2: issues found must be described, and invalid results and dates are refused", () => {
    const blank = Schema.decodeUnknownResult(Supervision.SpotCheck)({ ...check, result: "issuesFound", note: "  " })
    expect(Result.isFailure(blank)).toBe(true)
    if (Result.isFailure(blank)) expect(blank.failure.message).toContain("must describe them")
    expect(Result.isSuccess(Schema.decodeUnknownResult(Supervision.SpotCheck)({ ...check, result: "issuesFound", note: "缺少签到表" }))).toBe(true)
    expect(Result.isFailure(Schema.decodeUnknownResult(Supervision.SpotCheck)({ ...check, result: "fail" }))).toBe(true)
    expect(Result.isFailure(Schema.decodeUnknownResult(Supervision.SpotCheck)({ ...check, checkedOn: "2026-02-30" }))).toBe(true)
    expect(Result.isFailure(Schema.decodeUnknownResult(Supervision.SpotCheck)({ ...check, seed: 1.5 }))).toBe(true)
  })

  it("S2: the pass rate is passes over checks, undefined without checks", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("pass", "issuesFound" as const)), (results) => {
        const rate = Supervision.spotCheckPassRate(results.map((result) => ({ result })))
        if (results.length === 0) expect(rate).toBeUndefined()
        else expect(rate).toBe(results.filter((r) => r === "pass").length / results.length)
      })
    )
  })
})

describe("Supervision.Opinion", () => {
  const opinion = { id: "op-1", target: { kind: "unit", unitId: "squad-1" }, rating: 5, receivedOn: "2026-04-02" }

  it("S3: a rating is an integer from 1 to 5 and the comment is optional", () => {
    expect(Result.isSuccess(Schema.decodeUnknownResult(Supervision.Opinion)(opinion))).toBe(true)
    expect(
      Result.isSuccess(
        Schema.decodeUnknownResult(Supervision.Opinion)({ ...opinion, target: { kind: "activity", activityId: "act-1" }, comment: "很好" })
      )
    ).toBe(true)
    for (const rating of [0, 6, 4.5, Number.NaN, "5"]) {
      expect(Result.isFailure(Schema.decodeUnknownResult(Supervision.Opinion)({ ...opinion, rating }))).toBe(true)
    }
    expect(Result.isFailure(Schema.decodeUnknownResult(Supervision.Opinion)({ ...opinion, target: { kind: "unit" } }))).toBe(true)
  })

  it("S3: the average rating is the mean, lies between the lowest and highest, and is undefined without opinions", () => {
    expect(Supervision.averageRating([])).toBeUndefined()
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1 }), (ratings) => {
        const avg = Supervision.averageRating(ratings.map((rating) => ({ rating })))!
        expect(avg).toBeCloseTo(ratings.reduce((a, b) => a + b, 0) / ratings.length, 10)
        expect(avg).toBeGreaterThanOrEqual(Math.min(...ratings))
        expect(avg).toBeLessThanOrEqual(Math.max(...ratings))
      })
    )
  })

  it("S3: opinions are filtered per activity or per unit", () => {
    const o = Schema.decodeUnknownSync(Supervision.Opinion)(opinion)
    expect(Supervision.isAbout(o, { kind: "unit", unitId: unit("squad-1") })).toBe(true)
    expect(Supervision.isAbout(o, { kind: "unit", unitId: unit("squad-2") })).toBe(false)
    expect(Supervision.isAbout(o, { kind: "activity", activityId: act("squad-1") })).toBe(false)
  })
})

// --- S4 ---------------------------------------------------------------------------------

const arbIndicators = (unitId: UnitId) =>
  fc.record(
    {
      unitId: fc.constant(unitId),
      completenessRate: fc.double({ min: 0, max: 1, noNaN: true }),
      minutesPerVolunteer: fc.double({ min: 0, max: 10_000, noNaN: true }),
      targetShare: fc.double({ min: 0, max: 1, noNaN: true }),
      disciplineRate: fc.double({ min: 0, max: 5, noNaN: true }),
      spotCheckPassRate: fc.double({ min: 0, max: 1, noNaN: true }),
      averageRating: fc.double({ min: 1, max: 5, noNaN: true })
    },
    { requiredKeys: ["unitId", "completenessRate", "minutesPerVolunteer", "targetShare", "disciplineRate"] }
  ) as fc.Arbitrary<Supervision.Indicators>

const arbUnitsIndicators = fc
  .uniqueArray(fc.stringMatching(/^u[0-9a-z]{1,4}$/), { minLength: 1, maxLength: 12 })
  .chain((ids) => fc.tuple(...ids.map((id) => arbIndicators(unit(id)))))

const arbWeights = fc.record({
  completeness: fc.double({ min: 0, max: 1, noNaN: true }),
  hoursPerVolunteer: fc.double({ min: 0, max: 1, noNaN: true }),
  targetAttainment: fc.double({ min: 0, max: 1, noNaN: true }),
  discipline: fc.double({ min: 0, max: 1, noNaN: true }),
  spotChecks: fc.double({ min: 0, max: 1, noNaN: true }),
  residentRating: fc.double({ min: 0, max: 1, noNaN: true })
})
const arbPolicy = fc.oneof(fc.constant(policy), arbWeights.map((evaluationWeights) => ({ ...policy, evaluationWeights })))

const rankAll = (xs: ReadonlyArray<Supervision.Indicators>, p: Policy.Policy) =>
  Supervision.rank(xs.map((i) => Supervision.scorecard(i, p)))

/** A change of one indicator that a unit would call an improvement. */
const improve = (i: Supervision.Indicators, which: number, amount: number): Supervision.Indicators => {
  switch (which) {
    case 0:
      return { ...i, completenessRate: Math.min(1, i.completenessRate + amount) }
    case 1:
      return { ...i, minutesPerVolunteer: i.minutesPerVolunteer + amount * 3000 }
    case 2:
      return { ...i, targetShare: Math.min(1, i.targetShare + amount) }
    case 3:
      return { ...i, disciplineRate: Math.max(0, i.disciplineRate - amount) }
    case 4:
      return i.spotCheckPassRate === undefined ? i : { ...i, spotCheckPassRate: Math.min(1, i.spotCheckPassRate + amount) }
    default:
      return i.averageRating === undefined ? i : { ...i, averageRating: Math.min(5, i.averageRating + amount * 4) }
  }
}

describe("Supervision.scorecard and rank", () => {
  const base: Supervision.Indicators = {
    unitId: unit("squad-1"),
    completenessRate: 1,
    minutesPerVolunteer: 2880,
    targetShare: 1,
    disciplineRate: 0,
    spotCheckPassRate: 1,
    averageRating: 5
  }

  it("S4: a perfect unit scores 1 and hours are normalised against the T7 annual target", () => {
    expect(Supervision.scorecard(base, policy).total).toBe(1)
    const half = Supervision.scorecard({ ...base, minutesPerVolunteer: 1440 }, policy)
    expect(half.scores.hoursPerVolunteer).toBe(0.5)
    expect(half.total).toBeCloseTo(1 - policy.evaluationWeights.hoursPerVolunteer * 0.5, 12)
    expect(Supervision.scorecard({ ...base, minutesPerVolunteer: 9000 }, policy).scores.hoursPerVolunteer).toBe(1)
    expect(Supervision.scorecard({ ...base, disciplineRate: 1 }, policy).scores.discipline).toBe(0.5)
    expect(Supervision.scorecard({ ...base, averageRating: 3 }, policy).scores.residentRating).toBe(0.5)
  })

  it("S4: every score and the total lie in [0, 1]", () => {
    fc.assert(
      fc.property(arbUnitsIndicators, arbPolicy, (xs, p) => {
        for (const card of xs.map((i) => Supervision.scorecard(i, p))) {
          for (const s of [...Object.values(card.scores), card.total]) {
            expect(s).toBeGreaterThanOrEqual(0)
            expect(s).toBeLessThanOrEqual(1 + 1e-12)
          }
        }
      })
    )
  })

  it("S4: a unit without residents' opinions is judged on the other five parts", () => {
    const { averageRating: _, ...noOpinions } = { ...base, completenessRate: 0.5 }
    const card = Supervision.scorecard(noOpinions, policy)
    expect(card.scores.residentRating).toBeUndefined()
    const w = policy.evaluationWeights
    const rest = w.completeness + w.hoursPerVolunteer + w.targetAttainment + w.discipline + w.spotChecks
    expect(card.total).toBeCloseTo((rest - w.completeness * 0.5) / rest, 12)
  })

  it("S4: a unit without spot checks is judged on the other parts, neither rewarded nor punished", () => {
    const { spotCheckPassRate: _, ...unchecked } = { ...base, completenessRate: 0.5 }
    const card = Supervision.scorecard(unchecked, policy)
    expect(card.scores.spotChecks).toBeUndefined()
    const w = policy.evaluationWeights
    const rest = w.completeness + w.hoursPerVolunteer + w.targetAttainment + w.discipline + w.residentRating
    const rating = ((base.averageRating ?? 1) - 1) / 4
    expect(card.total).toBeCloseTo((rest - w.completeness * 0.5 - w.residentRating * (1 - rating)) / rest, 12)
  })

  it("S4: weights come from policy.evaluationWeights and change the ranking", () => {
    const tidy = { ...base, unitId: unit("tidy"), minutesPerVolunteer: 600 }
    const busy = { ...base, unitId: unit("busy"), completenessRate: 0.3 }
    const completenessFirst = Policy.make({
      evaluationWeights: { ...policy.evaluationWeights, completeness: 1, hoursPerVolunteer: 0 }
    })
    const hoursFirst = Policy.make({
      evaluationWeights: { ...policy.evaluationWeights, completeness: 0, hoursPerVolunteer: 1 }
    })
    expect(rankAll([tidy, busy], completenessFirst).map((r) => r.unitId)).toEqual(["tidy", "busy"])
    expect(rankAll([tidy, busy], hoursFirst).map((r) => r.unitId)).toEqual(["busy", "tidy"])
  })

  it("S4: the ranking does not depend on input order, ranks run 1..n and totals never increase", () => {
    fc.assert(
      fc.property(arbUnitsIndicators, arbPolicy, fc.nat(), (xs, p, salt) => {
        const shuffled = permute(xs, salt)
        const a = rankAll(xs, p)
        expect(rankAll(shuffled, p)).toEqual(a)
        expect(a.map((r) => r.rank)).toEqual(a.map((_, i) => i + 1))
        for (let i = 1; i < a.length; i++) expect(a[i]!.total).toBeLessThanOrEqual(a[i - 1]!.total)
      })
    )
  })

  it("S4: equal totals are ordered by unit id", () => {
    const cards = ["squad-c", "squad-a", "squad-b"].map((id) => Supervision.scorecard({ ...base, unitId: unit(id) }, policy))
    expect(Supervision.rank(cards).map((r) => r.unitId)).toEqual(["squad-a", "squad-b", "squad-c"])
  })

  it("S4: improving one indicator of a unit, all else equal, never lowers its score or its rank", () => {
    fc.assert(
      fc.property(
        arbUnitsIndicators,
        arbPolicy,
        fc.nat(),
        fc.integer({ min: 0, max: 5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, p, pick, which, amount) => {
          const index = pick % xs.length
          const target = xs[index]!
          const better = xs.map((x, i) => (i === index ? improve(x, which, amount) : x))
          const before = rankAll(xs, p).find((r) => r.unitId === target.unitId)!
          const after = rankAll(better, p).find((r) => r.unitId === target.unitId)!
          expect(after.total).toBeGreaterThanOrEqual(before.total)
          expect(after.rank).toBeLessThanOrEqual(before.rank)
          for (const key of Object.keys(before.scores) as Array<keyof Supervision.Scores>) {
            expect(after.scores[key]!).toBeGreaterThanOrEqual(before.scores[key]!)
          }
        }
      )
    )
  })

  it("S4: scoring and ranking do not mutate their input", () => {
    fc.assert(
      fc.property(arbUnitsIndicators, (xs) => {
        const snapshot = structuredClone(xs)
        const cards = deepFreeze(deepFreeze(xs).map((i) => Supervision.scorecard(i, policy)))
        Supervision.commendationCandidates(deepFreeze(Supervision.rank(cards)), { topShare: 0.5 })
        expect(xs).toEqual(snapshot)
      })
    )
  })

  it("S4: the Indicators schema refuses out-of-range and non-finite values", () => {
    for (const bad of [
      { completenessRate: 1.2 },
      { targetShare: -0.1 },
      { minutesPerVolunteer: Number.NaN },
      { disciplineRate: -1 },
      { spotCheckPassRate: Number.POSITIVE_INFINITY },
      { averageRating: 0 }
    ]) {
      expect(Result.isFailure(Schema.decodeUnknownResult(Supervision.Indicators)({ ...base, ...bad }))).toBe(true)
    }
    expect(Result.isSuccess(Schema.decodeUnknownResult(Supervision.Indicators)(base))).toBe(true)
  })
})

describe("Supervision.commendationCandidates", () => {
  const ranked = rankAll(
    Array.from({ length: 20 }, (_, i) => ({
      unitId: unit(`squad-${String(i).padStart(2, "0")}`),
      completenessRate: i / 19,
      minutesPerVolunteer: 2880,
      targetShare: 1,
      disciplineRate: 0,
      spotCheckPassRate: 1
    })),
    policy
  )

  it("S4: topShare takes at most that share of ranked units, best first", () => {
    const top = Supervision.commendationCandidates(ranked, { topShare: 0.1 })
    expect(top.map((r) => r.unitId)).toEqual(["squad-19", "squad-18"])
    expect(Supervision.commendationCandidates(ranked, { topShare: 0.04 })).toEqual([])
  })

  it("S4: minScore keeps only units at or above the score, and both criteria combine", () => {
    const threshold = ranked[4]!.total
    const byScore = Supervision.commendationCandidates(ranked, { minScore: threshold })
    expect(byScore).toEqual(ranked.slice(0, 5))
    expect(Supervision.commendationCandidates(ranked, { minScore: threshold, topShare: 0.15 })).toEqual(ranked.slice(0, 3))
  })

  it("S4: candidates are a prefix of the ranking for any criteria", () => {
    fc.assert(
      fc.property(
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        (topShare, minScore) => {
          const criteria = { ...(topShare === undefined ? {} : { topShare }), ...(minScore === undefined ? {} : { minScore }) }
          const c = Supervision.commendationCandidates(ranked, criteria)
          expect(c).toEqual(ranked.slice(0, c.length))
          if (topShare !== undefined) expect(c.length).toBeLessThanOrEqual(topShare * ranked.length)
          if (minScore !== undefined) expect(c.every((r) => r.total >= minScore)).toBe(true)
        }
      )
    )
  })
})

describe("Supervision.fiveStarIndicators", () => {
  const facts: ReadonlyArray<Supervision.CommunityFacts> = [
    {
      unitId: unit("squad-1"),
      communityName: "东湖社区",
      volunteersRegistered: 120,
      residents: 3000,
      activitiesHeld: 24,
      completenessRate: 0.95,
      serviceMinutes: 288_000,
      targetShare: 0.7,
      averageRating: 4.5,
      spotChecksPassed: 3,
      spotChecksHeld: 3
    },
    {
      unitId: unit("squad-2"),
      communityName: "西湖社区",
      volunteersRegistered: 80,
      activitiesHeld: 10,
      completenessRate: 0.8,
      serviceMinutes: 90,
      targetShare: 0.25,
      spotChecksPassed: 1,
      spotChecksHeld: 2
    }
  ]

  it("S5: one row per community with zh-CN headers, hours and percentages derived from the facts", () => {
    const table = Supervision.fiveStarIndicators(facts, { year: 2026 })
    expect(table.title).toContain("五星级")
    expect(table.title).toContain("2026")
    expect(table.columns.map((c) => c.label)).toEqual(Object.values(Supervision.fiveStarLabelsZh))
    expect(table.rows).toHaveLength(facts.length)
    expect(table.rows[0]).toMatchObject({
      communityName: "东湖社区",
      volunteersRegistered: 120,
      volunteerShare: 4,
      serviceHours: 4800,
      completenessRate: 95,
      targetShare: 70,
      averageRating: 4.5,
      spotChecks: "3/3"
    })
    expect(table.rows[1]).toMatchObject({ serviceHours: 1.5, spotChecks: "1/2" })
    expect(table.rows[1]).not.toHaveProperty("volunteerShare")
    expect(table.rows[1]).not.toHaveProperty("averageRating")
    const keys = table.columns.map((c) => c.key)
    for (const row of table.rows) expect(Object.keys(row).every((k) => keys.includes(k))).toBe(true)
    // the result is a valid export table (R4): csv/xlsx print it without conversion
    expect(Table.make(table)).toEqual(table)
    expect(Table.toMatrix(table)[2]).toEqual(["西湖社区", "80", "", "10", "80", "1.5", "25", "", "1/2"])
  })

  it("S5: the table exports to CSV that opens with the zh-CN headers and reads back row for row", () => {
    const table = Supervision.fiveStarIndicators(facts, { year: 2026 })
    const csv = toCsv(table)
    const header = Object.values(Supervision.fiveStarLabelsZh).join(",")
    expect(csv.startsWith(`\uFEFF${header}\r\n`)).toBe(true)
    const parsed = parseCsv(csv)
    expect(Result.isSuccess(parsed)).toBe(true)
    if (Result.isSuccess(parsed)) {
      expect(parsed.success.header).toEqual(Object.values(Supervision.fiveStarLabelsZh))
      expect(parsed.success.rows.map((r) => r.values["社区"])).toEqual(facts.map((f) => f.communityName))
    }
    const titled = toCsv(table, { includeTitle: true })
    expect(titled.startsWith(`\uFEFF${table.title}`)).toBe(true)
  })

  it("S5: the volunteer-share column appears only when a resident count is given", () => {
    const withoutResidents = facts.map(({ residents: _, ...f }) => f)
    const table = Supervision.fiveStarIndicators(withoutResidents, { year: 2026 })
    expect(table.columns.map((c) => c.key)).not.toContain("volunteerShare")
    expect(table.rows.every((r) => !("volunteerShare" in r))).toBe(true)
  })

  it("S5: the facts schema refuses more passed spot checks than held and negative counts", () => {
    const ok = facts[0]!
    expect(Result.isSuccess(Schema.decodeUnknownResult(Supervision.CommunityFacts)(ok))).toBe(true)
    const bad = Schema.decodeUnknownResult(Supervision.CommunityFacts)({ ...ok, spotChecksPassed: 4 })
    expect(Result.isFailure(bad)).toBe(true)
    expect(Result.isFailure(Schema.decodeUnknownResult(Supervision.CommunityFacts)({ ...ok, activitiesHeld: -1 }))).toBe(true)
  })

  it("S5: does not mutate its input", () => {
    const snapshot = structuredClone(facts)
    Supervision.fiveStarIndicators(deepFreeze(structuredClone(facts)), { year: 2026 })
    expect(facts).toEqual(snapshot)
  })
})
