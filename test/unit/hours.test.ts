import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Hours from "../../src/hours.js"
import type { ActivityId, ActorId, AssignmentId, HourEntryId, UnitId, VolunteerId } from "../../src/ids.js"
import * as Policy from "../../src/policy.js"
import * as Time from "../../src/time.js"
import { hourEntry, local, plus } from "../fixtures/hours.js"

const vid = (s: string) => s as VolunteerId
const uid = (s: string) => s as UnitId
const hid = (s: string) => s as HourEntryId
const aid = (s: string) => s as ActivityId
const actor = (s: string) => s as ActorId
const at = (iso: string) => Time.instant(iso)

const entry = hourEntry

// ---------------------------------------------------------------------------------------------
// Crediting
// ---------------------------------------------------------------------------------------------

const W0 = local("2026-03-05", "09:00")
const window = { start: W0, end: plus(W0, 180) }
const arbSpan = fc
  .record({ from: fc.integer({ min: -60, max: 240 }), length: fc.integer({ min: 0, max: 200 }), seconds: fc.integer({ min: 0, max: 59 }) })
  .map(({ from, length, seconds }) => ({ start: plus(W0, from), end: (plus(W0, from + length) + seconds * 1000) as Time.Instant }))
const arbAttended = fc.array(
  fc.record({ span: arbSpan, travel: fc.boolean() }).map(({ span, travel }) => (travel ? { ...span, travel } : span)),
  { maxLength: 8 }
)
const arbPolicy = fc.record({
  creditGranularityMinutes: fc.constantFrom(1, 5, 15, 30),
  minimumAttendanceShare: fc.constantFrom(0, 0.5, 0.6, 1)
})

describe("credit", () => {
  it("T1: credits only time inside the window, excluding travel (pinned example)", () => {
    const result = Hours.credit({
      window,
      attended: [
        { start: local("2026-03-05", "08:30"), end: local("2026-03-05", "12:40") },
        { start: local("2026-03-05", "09:00"), end: local("2026-03-05", "09:20"), travel: true }
      ],
      policy: Policy.defaults
    })
    expect(result.minutes).toBe(160)
    expect(result.share).toBeCloseTo(160 / 180)
  })

  it("T1: counts whole minutes rounded down and then down to the granularity", () => {
    const attended = [{ start: W0, end: (plus(W0, 47) + 59_999) as Time.Instant }]
    expect(Hours.credit({ window, attended, policy: Policy.defaults }).minutes).toBe(47)
    expect(Hours.credit({ window, attended, policy: { ...Policy.defaults, creditGranularityMinutes: 15 } }).minutes).toBe(45)
  })

  it("T1: credit is never negative, never more than the window, and a multiple of the granularity", () => {
    fc.assert(
      fc.property(arbAttended, arbPolicy, (attended, policy) => {
        const { minutes, share } = Hours.credit({ window, attended, policy })
        expect(minutes).toBeGreaterThanOrEqual(0)
        expect(minutes).toBeLessThanOrEqual(180)
        expect(minutes % policy.creditGranularityMinutes).toBe(0)
        expect(share).toBeGreaterThanOrEqual(0)
        expect(share).toBeLessThanOrEqual(1)
      })
    )
  })

  it("T1: a travel leg never adds credit", () => {
    fc.assert(
      fc.property(arbAttended, arbSpan, (attended, leg) => {
        const without = Hours.credit({ window, attended, policy: Policy.defaults }).minutes
        const withLeg = Hours.credit({ window, attended: [...attended, { ...leg, travel: true }], policy: Policy.defaults }).minutes
        expect(withLeg).toBeLessThanOrEqual(without)
      })
    )
  })

  it("T2: overlapping records of one volunteer never count twice", () => {
    const attended = [
      { start: W0, end: plus(W0, 120) },
      { start: plus(W0, 60), end: plus(W0, 180) }
    ]
    expect(Hours.credit({ window, attended, policy: Policy.defaults }).minutes).toBe(180)
    expect(Hours.unionMinutes(attended)).toBe(180)
  })

  it("T2: adding an attended interval never lowers credit", () => {
    fc.assert(
      fc.property(arbAttended, arbSpan, arbPolicy, (attended, extra, policy) => {
        const before = Hours.credit({ window, attended, policy }).minutes
        const after = Hours.credit({ window, attended: [...attended, extra], policy }).minutes
        expect(after).toBeGreaterThanOrEqual(before)
      })
    )
  })

  it("T2: duplicates change nothing and order does not matter", () => {
    fc.assert(
      fc.property(arbAttended, arbPolicy, fc.integer(), (attended, policy, seed) => {
        const base = Hours.credit({ window, attended, policy })
        const doubled = Hours.credit({ window, attended: [...attended, ...attended], policy })
        const shuffled = [...attended].reverse()
        const rotated = attended.length === 0 ? attended : [...attended.slice(seed % attended.length), ...attended.slice(0, seed % attended.length)]
        expect(doubled).toEqual(base)
        expect(Hours.credit({ window, attended: shuffled, policy })).toEqual(base)
        expect(Hours.credit({ window, attended: rotated, policy })).toEqual(base)
      })
    )
  })

  it("T2: the union lies between the longest interval and the sum of all", () => {
    fc.assert(
      fc.property(fc.array(arbSpan, { maxLength: 8 }), (spans) => {
        const each = spans.map((s) => Hours.unionMinutes([s]))
        const u = Hours.unionMinutes(spans)
        expect(u).toBeGreaterThanOrEqual(Math.max(0, ...each))
        expect(u).toBeLessThanOrEqual(spans.reduce((sum, s) => sum + (s.end - s.start), 0) / Time.MINUTE)
      })
    )
  })

  it("T3: below the minimum attendance share nothing is credited", () => {
    const policy = { ...Policy.defaults, minimumAttendanceShare: 0.6 }
    const attend = (minutes: number) => Hours.credit({ window, attended: [{ start: W0, end: plus(W0, minutes) }], policy })
    expect(attend(108).minutes).toBe(108) // exactly 60 %
    expect(attend(107).minutes).toBe(0)
    expect(attend(107).share).toBeCloseTo(107 / 180)
  })

  it("T3: with a minimum share the credit is either nothing or the unconditional credit", () => {
    fc.assert(
      fc.property(arbAttended, arbPolicy, (attended, policy) => {
        const strict = Hours.credit({ window, attended, policy })
        const open = Hours.credit({ window, attended, policy: { ...policy, minimumAttendanceShare: 0 } })
        expect(strict.share).toBe(open.share)
        expect(strict.minutes).toBe(open.share < policy.minimumAttendanceShare ? 0 : open.minutes)
      })
    )
  })

  it("T1: inverted intervals and an empty window credit nothing", () => {
    const inverted = [{ start: plus(W0, 120), end: W0 }]
    expect(Hours.credit({ window, attended: inverted, policy: Policy.defaults })).toEqual({ minutes: 0, share: 0 })
    expect(Hours.credit({ window: { start: W0, end: W0 }, attended: [{ start: W0, end: plus(W0, 60) }], policy: Policy.defaults })).toEqual({
      minutes: 0,
      share: 0
    })
    expect(Result.isFailure(Schema.decodeUnknownResult(Hours.AttendedInterval)({ start: 1.5, end: 2 }))).toBe(true)
  })

  it("T1: does not mutate its input", () => {
    const attended = [
      { start: plus(W0, 100), end: plus(W0, 150) },
      { start: W0, end: plus(W0, 120) }
    ]
    const copy = structuredClone(attended)
    Hours.credit({ window, attended, policy: Policy.defaults })
    Hours.unionMinutes(attended)
    expect(attended).toEqual(copy)
  })
})

// ---------------------------------------------------------------------------------------------
// Ledger
// ---------------------------------------------------------------------------------------------

describe("HourEntry", () => {
  const decode = Schema.decodeUnknownResult(Hours.HourEntry)

  it("T5: a well-formed entry decodes; malformed ones are refused", () => {
    expect(Result.isSuccess(decode(entry()))).toBe(true)
    expect(Result.isFailure(decode(entry({ minutes: -5 })))).toBe(true)
    expect(Result.isFailure(decode(entry({ minutes: 1.5 })))).toBe(true)
    expect(Result.isFailure(decode(entry({ serviceEnd: local("2026-03-05", "08:00") })))).toBe(true)
    expect(Result.isFailure(decode(entry({ kind: "correction", minutes: -5 })))).toBe(true) // no corrects, no reason
    expect(Result.isFailure(decode(entry({ corrects: hid("h-0") })))).toBe(true)
    expect(Result.isFailure(decode({ ...entry(), id: "" }))).toBe(true)
  })

  it("T4: a make-up entry must carry make-up evidence, a reason and an approver", () => {
    expect(Result.isFailure(decode(entry({ kind: "makeUp", evidence: "makeUp", reason: "设备故障" })))).toBe(true)
    expect(Result.isFailure(decode(entry({ kind: "makeUp", evidence: "checkIn", reason: "设备故障", approvedBy: actor("c") })))).toBe(true)
    expect(Result.isFailure(decode(entry({ kind: "attendance", evidence: "makeUp" })))).toBe(true)
    expect(Result.isSuccess(decode(entry({ kind: "makeUp", evidence: "makeUp", reason: "设备故障", approvedBy: actor("c") })))).toBe(true)
  })

  it("T4: evidence is ordered check-in > leader attestation > make-up", () => {
    expect(Hours.compareEvidence("checkIn", "leaderAttestation")).toBeGreaterThan(0)
    expect(Hours.compareEvidence("leaderAttestation", "makeUp")).toBeGreaterThan(0)
    expect(Hours.compareEvidence("makeUp", "checkIn")).toBeLessThan(0)
    expect(Hours.labelsZh.makeUp).toBe("补录")
  })
})

const activity = { id: aid("a-1"), organiserUnitId: uid("u-squad"), start: local("2026-03-05", "09:00"), end: local("2026-03-05", "12:00") }
const makeUpInput = (over: Partial<Parameters<typeof Hours.makeUp>[0]> = {}): Parameters<typeof Hours.makeUp>[0] => ({
  id: hid("h-mu"),
  volunteerId: vid("v-1"),
  squadId: uid("u-squad"),
  activity,
  minutes: 60,
  reason: "签到设备故障",
  approvedBy: actor("captain-1"),
  recordedAt: local("2026-03-06", "10:00"),
  recordedBy: actor("clerk-1"),
  existing: [],
  ...over
})

describe("makeUp", () => {
  const problem = (r: Result.Result<Hours.HourEntry, Hours.MakeUpInvalid>) => (Result.isFailure(r) ? r.failure.problem : "ok")

  it("T4: a make-up entry needs a reason and an approver and records make-up evidence", () => {
    expect(problem(Hours.makeUp(makeUpInput({ reason: undefined })))).toBe("reasonMissing")
    expect(problem(Hours.makeUp(makeUpInput({ reason: "  \n" })))).toBe("reasonMissing")
    expect(problem(Hours.makeUp(makeUpInput({ approvedBy: undefined })))).toBe("approverMissing")
    expect(problem(Hours.makeUp(makeUpInput({ minutes: 0 })))).toBe("minutesInvalid")
    expect(problem(Hours.makeUp(makeUpInput({ minutes: 12.5 })))).toBe("minutesInvalid")
    const ok = Hours.makeUp(makeUpInput({ content: "政策宣传" }))
    expect(Result.isSuccess(ok)).toBe(true)
    if (Result.isSuccess(ok)) {
      expect(ok.success).toMatchObject({ kind: "makeUp", evidence: "makeUp", recordingUnitId: "u-squad", minutes: 60, content: "政策宣传" })
      expect(Hours.compareEvidence(ok.success.evidence, "checkIn")).toBeLessThan(0)
      expect(Result.isSuccess(Schema.decodeUnknownResult(Hours.HourEntry)(ok.success))).toBe(true)
    }
  })

  it("T4: a make-up entry never exceeds the activity's scheduled duration", () => {
    const existing = [entry({ minutes: 150 })]
    const r = Hours.makeUp(makeUpInput({ minutes: 31, existing }))
    expect(Result.isFailure(r) && r.failure).toMatchObject({ _tag: "MakeUpInvalid", problem: "exceedsScheduledDuration", allowedMinutes: 30 })
    expect(Result.isSuccess(Hours.makeUp(makeUpInput({ minutes: 30, existing })))).toBe(true)
    // Another volunteer's hours, or another activity's at another time, do not count against this one.
    const others = [
      entry({ volunteerId: vid("v-2"), minutes: 180 }),
      entry({ activityId: aid("a-2"), serviceStart: local("2026-03-05", "14:00"), serviceEnd: local("2026-03-05", "17:00"), minutes: 180 })
    ]
    expect(Result.isSuccess(Hours.makeUp(makeUpInput({ minutes: 180, existing: others })))).toBe(true)
  })

  it("T4: whatever make-ups are accepted, the total for a volunteer and activity stays within the duration", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10, max: 200 }), { maxLength: 10 }), (requests) => {
        let ledger: ReadonlyArray<Hours.HourEntry> = []
        requests.forEach((minutes, i) => {
          const r = Hours.makeUp(makeUpInput({ id: hid(`h-${i}`), minutes, existing: ledger }))
          if (Result.isSuccess(r)) ledger = [...ledger, r.success]
        })
        expect(Hours.total(ledger)).toBeLessThanOrEqual(180)
      })
    )
  })
})

describe("correct", () => {
  const original = entry()
  const by = actor("captain-1")
  const later = local("2026-03-07", "10:00")

  it("T5: a correction is a new entry referencing the original with the change in minutes", () => {
    const r = Hours.correct(original, 150, "签退时间登记有误", by, later, hid("h-2"))
    expect(Result.isSuccess(r)).toBe(true)
    if (Result.isSuccess(r)) {
      expect(r.success).toMatchObject({ kind: "correction", minutes: -30, corrects: "h-1", id: "h-2", recordedAt: later, recordedBy: by })
      expect(Result.isSuccess(Schema.decodeUnknownResult(Hours.HourEntry)(r.success))).toBe(true)
      expect(Hours.total([original, r.success])).toBe(150)
    }
    expect(original.minutes).toBe(180) // append-only: the original is untouched
  })

  it("T5: a chain of corrections nets to the last new value", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 180 }), { minLength: 1, maxLength: 6 }), (values) => {
        let ledger: ReadonlyArray<Hours.HourEntry> = [original]
        values.forEach((v, i) => {
          const r = Hours.correct(original, v, "更正", by, plus(later, i), hid(`c-${i}`), ledger)
          if (Result.isSuccess(r)) ledger = [...ledger, r.success]
          else expect(r.failure.problem).toBe("noChange")
        })
        expect(Hours.total(ledger)).toBe(values[values.length - 1])
        expect(Hours.currentValue(original, ledger)).toBe(values[values.length - 1])
      })
    )
  })

  it("T5: the corrected total is never below zero and invalid corrections are refused", () => {
    const problem = (r: Result.Result<Hours.HourEntry, Hours.CorrectionInvalid>) => (Result.isFailure(r) ? r.failure.problem : "ok")
    expect(problem(Hours.correct(original, -1, "更正", by, later, hid("c")))).toBe("negativeTotal")
    expect(problem(Hours.correct(original, 1.5, "更正", by, later, hid("c")))).toBe("minutesInvalid")
    expect(problem(Hours.correct(original, 100, " ", by, later, hid("c")))).toBe("reasonMissing")
    expect(problem(Hours.correct(original, 180, "更正", by, later, hid("c")))).toBe("noChange")
    expect(problem(Hours.correct(original, 100, "更正", by, local("2026-03-05", "11:00"), hid("c")))).toBe("beforeOriginal")
    const c = Hours.correct(original, 100, "更正", by, later, hid("c"))
    if (Result.isFailure(c)) throw new Error("expected a correction")
    expect(problem(Hours.correct(c.success, 10, "更正", by, later, hid("d")))).toBe("targetIsCorrection")
  })
})

// ---------------------------------------------------------------------------------------------
// T2 across entry kinds: credited attendance, make-up (T4) and corrections (T5)
// ---------------------------------------------------------------------------------------------

/**
 * The T2 law over a ledger: for every stretch of time bounded by entry ends, the net minutes
 * of one volunteer's entries lying inside it never exceed its length — no minute counts twice.
 * Returns the first stretch that breaks it, or `undefined`.
 */
const countedTwice = (ledger: ReadonlyArray<Hours.HourEntry>) => {
  const claims = Hours.netByOriginal(ledger).filter((n) => n.minutes > 0)
  for (const from of claims) {
    for (const to of claims) {
      const a = from.entry.serviceStart
      const b = to.entry.serviceEnd
      if (b < a) continue
      const inside = claims
        .filter((c) => c.entry.volunteerId === from.entry.volunteerId && c.entry.serviceStart >= a && c.entry.serviceEnd <= b)
        .reduce((sum, c) => sum + c.minutes, 0)
      if (inside > Math.floor((b - a) / Time.MINUTE)) return { a, b, inside }
    }
  }
  return undefined
}

describe("T2 across entry kinds", () => {
  const A = { id: aid("a-1"), organiserUnitId: uid("u-squad"), start: local("2026-03-05", "09:00"), end: local("2026-03-05", "12:00") }
  const B = { id: aid("a-2"), organiserUnitId: uid("u-squad"), start: local("2026-03-05", "10:00"), end: local("2026-03-05", "13:00") }
  const credited = entry() // v-1 at a-1, 09:00–12:00, 180 min

  it("T2: the law's checker finds time counted twice (a make-up summed over credited attendance)", () => {
    const overlapping = entry({ id: hid("h-2"), activityId: B.id, serviceStart: B.start, serviceEnd: B.end, kind: "makeUp", evidence: "makeUp", reason: "补录", approvedBy: actor("c") })
    expect(countedTwice([credited, overlapping])).toBeDefined()
    expect(countedTwice([credited])).toBeUndefined()
  })

  it("T2: a make-up overlapping credited attendance may only add the uncounted time (pinned example)", () => {
    expect(Hours.uncountedMinutes([credited], vid("v-1"), B)).toBe(60)
    expect(Hours.uncountedMinutes([credited], vid("v-2"), B)).toBe(180)
    const refused = Hours.makeUp(makeUpInput({ activity: B, minutes: 180, existing: [credited] }))
    expect(Result.isFailure(refused) && refused.failure).toMatchObject({ _tag: "MakeUpInvalid", problem: "overlapsRecordedService", allowedMinutes: 60 })
    const accepted = Hours.makeUp(makeUpInput({ activity: B, minutes: 60, existing: [credited] }))
    expect(Result.isSuccess(accepted)).toBe(true)
    if (Result.isSuccess(accepted)) {
      const ledger = [credited, accepted.success]
      // 09:00–13:00 is 240 minutes: the union, not the sum of 180 + 180.
      expect(Hours.total(ledger)).toBe(240)
      expect(Hours.total(ledger)).toBe(Hours.unionMinutes([A, B]))
      expect(countedTwice(ledger)).toBeUndefined()
    }
  })

  it("T2: a correction never raises an entry past its own span or into time other entries count", () => {
    const problemOf = (r: Result.Result<Hours.HourEntry, Hours.CorrectionInvalid>) => (Result.isFailure(r) ? r.failure : "ok")
    const later = local("2026-03-07", "10:00")
    expect(problemOf(Hours.correct(credited, 181, "更正", actor("c"), later, hid("c-1"), [credited])))
      .toMatchObject({ problem: "overlapsRecordedService", allowedMinutes: 180 })
    const makeUpB = entry({ id: hid("h-2"), activityId: B.id, serviceStart: B.start, serviceEnd: B.end, minutes: 60, kind: "makeUp", evidence: "makeUp", reason: "补录", approvedBy: actor("c") })
    const lowered = Hours.correct(credited, 120, "更正", actor("c"), later, hid("c-1"), [credited, makeUpB])
    expect(Result.isSuccess(lowered)).toBe(true)
    // The make-up may now be raised into the hour the lowered attendance gave up, and no further.
    const ledger = Result.isSuccess(lowered) ? [credited, makeUpB, lowered.success] : []
    expect(problemOf(Hours.correct(makeUpB, 121, "更正", actor("c"), later, hid("c-2"), ledger)))
      .toMatchObject({ problem: "overlapsRecordedService", allowedMinutes: 120 })
    expect(problemOf(Hours.correct(makeUpB, 120, "更正", actor("c"), later, hid("c-2"), ledger))).toBe("ok")
    // Lowering is always allowed.
    expect(problemOf(Hours.correct(makeUpB, 10, "更正", actor("c"), later, hid("c-2"), ledger))).toBe("ok")
  })

  const arbWindow = fc
    .record({ from: fc.integer({ min: 0, max: 40 }), length: fc.integer({ min: 0, max: 16 }) })
    .map(({ from, length }) => ({ start: plus(W0, from * 15), end: plus(W0, (from + length) * 15) }))
  const arbOp = fc.oneof(
    fc.record({ kind: fc.constant("attendance" as const), window: arbWindow }),
    fc.record({ kind: fc.constant("makeUp" as const), window: arbWindow, minutes: fc.integer({ min: 1, max: 300 }) }),
    fc.record({ kind: fc.constant("correction" as const), target: fc.nat(), minutes: fc.integer({ min: 0, max: 300 }) })
  )

  it("T2: whatever mix of credited attendance, make-ups and corrections is accepted, no minute counts twice and the total stays within the union", () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 14 }), (ops) => {
        const ledger: Array<Hours.HourEntry> = []
        ops.forEach((op, i) => {
          const id = hid(`h-${i}`)
          const recordedAt = local("2026-03-06", "10:00")
          if (op.kind === "attendance") {
            // As Workflows.Hours.creditActivity does: the attended window, cut to the uncounted time.
            const minutes = Math.min(Math.floor((op.window.end - op.window.start) / Time.MINUTE), Hours.uncountedMinutes(ledger, vid("v-1"), op.window))
            if (minutes > 0) ledger.push(entry({ id, activityId: aid(`a-${i}`), serviceStart: op.window.start, serviceEnd: op.window.end, minutes, recordedAt }))
          } else if (op.kind === "makeUp") {
            const r = Hours.makeUp(makeUpInput({ id, activity: { ...A, id: aid(`a-${i}`), ...op.window }, minutes: op.minutes, existing: ledger }))
            if (Result.isSuccess(r)) ledger.push(r.success)
          } else {
            const originals = ledger.filter((e) => e.kind !== "correction")
            const target = originals[op.target % Math.max(1, originals.length)]
            if (target === undefined) return
            const r = Hours.correct(target, op.minutes, "更正", actor("c"), (recordedAt + (i + 1) * Time.MINUTE) as Time.Instant, id, ledger)
            if (Result.isSuccess(r)) ledger.push(r.success)
          }
        })
        expect(countedTwice(ledger)).toBeUndefined()
        const spans = Hours.netByOriginal(ledger).filter((n) => n.minutes > 0).map((n) => ({ start: n.entry.serviceStart, end: n.entry.serviceEnd }))
        expect(Hours.total(ledger)).toBeLessThanOrEqual(Hours.unionMinutes(spans))
      }),
      { numRuns: 300 }
    )
  })
})

// ---------------------------------------------------------------------------------------------
// Ledger arbitrary: originals around New Year 2026 plus corrections
// ---------------------------------------------------------------------------------------------

const NEAR_NEW_YEAR = local("2025-12-30", "00:00")
const arbOriginal = fc.record({
  volunteer: fc.constantFrom("v-1", "v-2", "v-3"),
  squad: fc.constantFrom("s-1", "s-2"),
  startMinute: fc.integer({ min: 0, max: 4 * 24 * 60 }),
  duration: fc.integer({ min: 0, max: 900 }),
  share: fc.integer({ min: 0, max: 100 }),
  recordedAfter: fc.integer({ min: 0, max: 20_000 })
})
const arbLedger = fc
  .record({
    originals: fc.array(arbOriginal, { minLength: 1, maxLength: 12 }),
    corrections: fc.array(fc.record({ target: fc.nat(), value: fc.integer({ min: 0, max: 900 }), after: fc.integer({ min: 1, max: 5000 }) }), {
      maxLength: 6
    })
  })
  .map(({ originals, corrections }) => {
    const base = originals.map((o, i) => {
      const serviceStart = plus(NEAR_NEW_YEAR, o.startMinute)
      const serviceEnd = plus(serviceStart, o.duration)
      return entry({
        id: hid(`h-${i}`),
        volunteerId: vid(o.volunteer),
        squadId: uid(o.squad),
        serviceStart,
        serviceEnd,
        minutes: Math.floor((o.duration * o.share) / 100),
        recordedAt: plus(serviceEnd, o.recordedAfter)
      })
    })
    let ledger: ReadonlyArray<Hours.HourEntry> = base
    corrections.forEach((c, i) => {
      const target = base[c.target % base.length]!
      const r = Hours.correct(target, c.value, "更正", actor("captain-1"), plus(target.recordedAt, c.after), hid(`c-${i}`), ledger)
      if (Result.isSuccess(r)) ledger = [...ledger, r.success]
    })
    return ledger
  })

describe("totals", () => {
  it("T5: total equals the sum of the entries, and per-volunteer balances add up to it", () => {
    fc.assert(
      fc.property(arbLedger, (ledger) => {
        expect(Hours.total(ledger)).toBe(ledger.reduce((s, e) => s + e.minutes, 0))
        expect([...Hours.balanceByVolunteer(ledger).values()].reduce((a, b) => a + b, 0)).toBe(Hours.total(ledger))
        expect(Hours.netByOriginal(ledger).reduce((s, n) => s + n.minutes, 0)).toBe(Hours.total(ledger))
      })
    )
  })

  it("T5: replaying to now equals the total, and replay to any past moment sees only what was recorded by then", () => {
    fc.assert(
      fc.property(arbLedger, fc.integer({ min: 0, max: 30_000 }), (ledger, offset) => {
        const now = Math.max(...ledger.map((e) => e.recordedAt)) as Time.Instant
        expect(Hours.totalAsOf(ledger, now)).toBe(Hours.total(ledger))
        const past = plus(NEAR_NEW_YEAR, offset)
        expect(Hours.totalAsOf(ledger, past)).toBe(Hours.total(ledger.filter((e) => e.recordedAt <= past)))
      })
    )
  })

  it("T5: replay before a correction shows the old value, after it the new one", () => {
    const original = entry()
    const fix = Hours.correct(original, 120, "更正", actor("c"), local("2026-03-08", "09:00"), hid("h-2"))
    if (Result.isFailure(fix)) throw new Error("expected a correction")
    const ledger = [original, fix.success]
    expect(Hours.totalAsOf(ledger, local("2026-03-07", "09:00"))).toBe(180)
    expect(Hours.totalAsOf(ledger, local("2026-03-08", "09:00"))).toBe(120)
    expect(Hours.totalAsOf(ledger, local("2026-03-05", "11:59"))).toBe(0)
  })

  it("T5: totals do not mutate the ledger and do not depend on its order", () => {
    fc.assert(
      fc.property(arbLedger, (ledger) => {
        const copy = structuredClone(ledger)
        const reversed = [...ledger].reverse()
        expect(Hours.balanceByVolunteer(reversed)).toEqual(Hours.balanceByVolunteer(ledger))
        expect(Hours.annualTotals(reversed, 2026, Time.Shanghai)).toEqual(Hours.annualTotals(ledger, 2026, Time.Shanghai))
        expect(ledger).toEqual(copy)
      })
    )
  })
})

// ---------------------------------------------------------------------------------------------
// Years (T6)
// ---------------------------------------------------------------------------------------------

describe("local years", () => {
  it("T6: service crossing local midnight of 31 December splits between the years", () => {
    expect(Hours.splitByLocalYear(local("2025-12-31", "22:00"), local("2026-01-01", "02:00"), 240, Time.Shanghai)).toEqual([
      { year: 2025, minutes: 120 },
      { year: 2026, minutes: 120 }
    ])
    // 16:30 UTC on 31 December is already 2026 in Pinghu (C1)
    expect(Hours.splitByLocalYear(at("2025-12-31T16:30:00Z"), at("2025-12-31T18:00:00Z"), 90, Time.Shanghai)).toEqual([
      { year: 2026, minutes: 90 }
    ])
    // Ending exactly at midnight belongs to the old year only
    expect(Hours.splitByLocalYear(local("2025-12-31", "22:00"), local("2026-01-01", "00:00"), 120, Time.Shanghai)).toEqual([
      { year: 2025, minutes: 120 }
    ])
  })

  it("T6: the parts of a split sum exactly to the minutes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * 366 * 24 * 60 }),
        fc.integer({ min: 0, max: 3 * 366 * 24 * 60 }),
        fc.integer({ min: -100_000, max: 1_000_000 }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (startMinute, duration, minutes, offset) => {
          const start = plus(local("2024-06-01", "00:00"), startMinute)
          const parts = Hours.splitByLocalYear(start, plus(start, duration), minutes, { name: "X", offsetMinutes: offset })
          expect(parts.reduce((s, p) => s + p.minutes, 0)).toBe(minutes)
          parts.forEach((p, i) => i > 0 && expect(p.year).toBe(parts[i - 1]!.year + 1))
        }
      )
    )
  })

  it("T6: annual totals over the years touched add up to the total, and a corrected entry splits like the new value", () => {
    fc.assert(
      fc.property(arbLedger, (ledger) => {
        const y25 = Hours.annualTotals(ledger, 2025, Time.Shanghai)
        const y26 = Hours.annualTotals(ledger, 2026, Time.Shanghai)
        const sum = [...y25.values(), ...y26.values()].reduce((a, b) => a + b, 0)
        expect(sum).toBe(Hours.total(ledger))
        const fresh = Hours.netByOriginal(ledger).map(({ entry: e, minutes }) => ({ ...e, minutes, kind: "attendance" as const }))
        const cleanEntries = fresh.map(({ corrects: _c, reason: _r, ...e }) => e)
        expect(Hours.annualTotals(cleanEntries, 2026, Time.Shanghai)).toEqual(
          new Map([...y26].filter(([, m]) => m !== 0))
        )
      })
    )
  })
})

// ---------------------------------------------------------------------------------------------
// Target (T7)
// ---------------------------------------------------------------------------------------------

describe("evaluateTarget", () => {
  const evaluate = (annualMinutes: number, registeredOn: string, year = 2026) =>
    Hours.evaluateTarget({ annualMinutes, registeredOn: Time.localDate(registeredOn), year, policy: Policy.defaults })

  it("T7: the annual target is 48 h = 2,880 minutes", () => {
    expect(Policy.defaults.annualTargetMinutes).toBe(2880)
    expect(evaluate(2880, "2020-01-01")).toEqual({ kind: "met" })
    expect(evaluate(2879, "2020-01-01")).toEqual({ kind: "short", shortBy: 1 })
    expect(evaluate(0, "2020-01-01")).toEqual({ kind: "short", shortBy: 2880 })
  })

  it("T7: a volunteer registered for less than half the year is not evaluated", () => {
    expect(evaluate(0, "2026-07-01")).toEqual({ kind: "short", shortBy: 2880 })
    expect(evaluate(0, "2026-07-02")).toEqual({ kind: "notEvaluated" }) // 182 full days of 365
    expect(evaluate(5000, "2026-12-31")).toEqual({ kind: "notEvaluated" })
    expect(evaluate(5000, "2027-01-01")).toEqual({ kind: "notEvaluated" })
    // leap year: 1 July leaves 183 full days of 366
    expect(evaluate(3000, "2028-07-01", 2028)).toEqual({ kind: "met" })
    expect(evaluate(3000, "2028-07-02", 2028)).toEqual({ kind: "notEvaluated" })
    expect(Hours.daysRegisteredIn(Time.localDate("2025-12-31"), 2026)).toBe(365)
  })

  it("T7: the result is met exactly when evaluated and the target is reached; shortBy is the gap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: -400, max: 400 }), fc.nat(5000), (minutes, dayOffset, target) => {
        const registeredOn = Time.addDays(Time.localDate("2026-07-01"), dayOffset)
        const r = Hours.evaluateTarget({ annualMinutes: minutes, registeredOn, year: 2026, policy: { annualTargetMinutes: target } })
        const evaluated = registeredOn <= Time.localDate("2026-07-01")
        if (!evaluated) expect(r).toEqual({ kind: "notEvaluated" })
        else if (minutes >= target) expect(r).toEqual({ kind: "met" })
        else expect(r).toEqual({ kind: "short", shortBy: target - minutes })
      })
    )
  })
})

// ---------------------------------------------------------------------------------------------
// Stars (T8)
// ---------------------------------------------------------------------------------------------

describe("stars", () => {
  it("T8: the community table gives 1★ at 100 h up to 5★ at 1500 h", () => {
    const h = 60
    expect(Hours.stars(100 * h - 1, Policy.CommunityStars)).toBe(0)
    expect(Hours.stars(100 * h, Policy.CommunityStars)).toBe(1)
    expect(Hours.stars(300 * h, Policy.CommunityStars)).toBe(2)
    expect(Hours.stars(600 * h, Policy.CommunityStars)).toBe(3)
    expect(Hours.stars(1000 * h, Policy.CommunityStars)).toBe(4)
    expect(Hours.stars(1500 * h, Policy.CommunityStars)).toBe(5)
    expect(Hours.stars(99_999 * h, Policy.CommunityStars)).toBe(5)
  })

  it("T8: Beijing's table is 100/200/500/800/1000 h", () => {
    const h = 60
    expect([100, 200, 500, 800, 1000].map((x) => Hours.stars(x * h, Policy.BeijingStars))).toEqual([1, 2, 3, 4, 5])
    expect([199, 499, 799, 999].map((x) => Hours.stars(x * h, Policy.BeijingStars))).toEqual([1, 2, 3, 4])
  })

  it("T8: thresholds must be strictly increasing positive whole minutes", () => {
    expect(Result.isSuccess(Hours.validateThresholds(Policy.CommunityStars))).toBe(true)
    expect(Result.isSuccess(Hours.validateThresholds(Policy.BeijingStars))).toBe(true)
    for (const bad of [[], [6000, 6000], [12000, 6000], [0, 10], [-5], [1.5], [1, 2, 3, 4, 5, 6]]) {
      const r = Hours.validateThresholds(bad)
      expect(Result.isFailure(r) && r.failure._tag).toBe("StarTableInvalid")
    }
  })

  it("T8: more hours never lower a star", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 200_000 }), { minLength: 1, maxLength: 5 }).map((xs) => [...xs].sort((a, b) => a - b)),
        fc.nat(300_000),
        fc.nat(300_000),
        (table, a, b) => {
          expect(Result.isSuccess(Hours.validateThresholds(table))).toBe(true)
          const [lo, hi] = a <= b ? [a, b] : [b, a]
          expect(Hours.stars(hi, table)).toBeGreaterThanOrEqual(Hours.stars(lo, table))
          expect(Hours.stars(hi, table)).toBeLessThanOrEqual(table.length)
        }
      )
    )
  })
})

// ---------------------------------------------------------------------------------------------
// Reports (T10)
// ---------------------------------------------------------------------------------------------

describe("report", () => {
  const zone = Time.Shanghai
  const rows = (ledger: ReadonlyArray<Hours.HourEntry>, from: string, to: string, groupBy: "volunteer" | "squad") => {
    const r = Hours.report(ledger, { from: Time.localDate(from), to: Time.localDate(to), zone, groupBy })
    if (Result.isFailure(r)) throw r.failure
    return r.success
  }
  const sum = (rs: ReadonlyArray<Hours.ReportRow>) => rs.reduce((s, r) => s + r.minutes, 0)

  it("T10: hours per volunteer and per squad for a period (pinned example)", () => {
    const ledger = [
      entry({ id: hid("a"), volunteerId: vid("v-1"), squadId: uid("s-1"), minutes: 180 }),
      entry({ id: hid("b"), volunteerId: vid("v-2"), squadId: uid("s-1"), minutes: 60 }),
      entry({ id: hid("c"), volunteerId: vid("v-3"), squadId: uid("s-2"), minutes: 30, serviceStart: local("2026-04-01", "09:00"), serviceEnd: local("2026-04-01", "09:30") })
    ]
    expect(rows(ledger, "2026-03-01", "2026-03-31", "volunteer")).toEqual([
      { key: "v-1", minutes: 180 },
      { key: "v-2", minutes: 60 }
    ])
    expect(rows(ledger, "2026-03-01", "2026-04-30", "squad")).toEqual([
      { key: "s-1", minutes: 240 },
      { key: "s-2", minutes: 30 }
    ])
  })

  it("T10: squad and volunteer reports agree, adjacent periods add up, and a whole year equals the annual totals", () => {
    fc.assert(
      fc.property(arbLedger, (ledger) => {
        const byVolunteer = rows(ledger, "2025-12-29", "2026-01-05", "volunteer")
        expect(sum(rows(ledger, "2025-12-29", "2026-01-05", "squad"))).toBe(sum(byVolunteer))
        expect(sum(byVolunteer)).toBe(Hours.total(ledger))
        expect(sum(rows(ledger, "2025-12-29", "2025-12-31", "volunteer")) + sum(rows(ledger, "2026-01-01", "2026-01-05", "volunteer"))).toBe(
          sum(byVolunteer)
        )
        const year = rows(ledger, "2026-01-01", "2026-12-31", "volunteer")
        expect(new Map(year.map((r) => [r.key, r.minutes]))).toEqual(
          new Map([...Hours.annualTotals(ledger, 2026, zone)].filter(([, m]) => m !== 0))
        )
      })
    )
  })

  it("T10: a period whose start is after its end is refused", () => {
    const r = Hours.report([entry()], { from: Time.localDate("2026-03-02"), to: Time.localDate("2026-03-01"), zone, groupBy: "volunteer" })
    expect(Result.isFailure(r) && r.failure._tag).toBe("ReportPeriodInvalid")
  })

  it("T10: the share of evaluated volunteers meeting the annual target", () => {
    const year = (volunteerId: string, minutes: number) =>
      entry({ id: hid(`e-${volunteerId}`), volunteerId: vid(volunteerId), minutes, serviceStart: local("2026-05-01", "09:00"), serviceEnd: local("2026-05-01", "09:00") })
    const ledger = [year("v-1", 2880), year("v-2", 1000), year("v-3", 9000)]
    const share = Hours.targetShare({
      entries: ledger,
      volunteers: [
        { volunteerId: vid("v-1"), registeredOn: Time.localDate("2025-01-01") },
        { volunteerId: vid("v-2"), registeredOn: Time.localDate("2026-02-01") },
        { volunteerId: vid("v-3"), registeredOn: Time.localDate("2026-09-01") }, // not evaluated
        { volunteerId: vid("v-4"), registeredOn: Time.localDate("2020-01-01") } // no hours
      ],
      year: 2026,
      policy: Policy.defaults
    })
    expect(share).toEqual({ evaluated: 3, met: 1, share: 1 / 3 })
    expect(Hours.targetShare({ entries: ledger, volunteers: [], year: 2026, policy: Policy.defaults })).toEqual({ evaluated: 0, met: 0, share: 0 })
  })
})

describe("crediting attendance events", () => {
  const as = "as-1" as AssignmentId
  const ev = (kind: "checkIn" | "checkOut", hhmm: string, evidence: "code" | "qrScan" | "leaderAttestation" = "qrScan") => ({
    assignmentId: as, kind, at: local("2026-03-05", hhmm), evidence
  })
  const arbEvents = fc.array(
    fc.record({ kind: fc.constantFrom("checkIn" as const, "checkOut" as const), offset: fc.integer({ min: -60, max: 240 }) }),
    { maxLength: 8 }
  ).map((xs) => xs.map(({ kind, offset }) => ({ assignmentId: as, kind, at: plus(W0, offset), evidence: "qrScan" as const })))

  it("T2: sessions pair each check-in with the next check-out; duplicates and order change nothing", () => {
    const events = [ev("checkOut", "10:00"), ev("checkIn", "09:00"), ev("checkIn", "09:20"), ev("checkIn", "10:30"), ev("checkOut", "12:00")]
    expect(Hours.attendedSessions(events)).toEqual([
      { start: local("2026-03-05", "09:00"), end: local("2026-03-05", "10:00") },
      { start: local("2026-03-05", "10:30"), end: local("2026-03-05", "12:00") }
    ])
    fc.assert(
      fc.property(arbEvents, fc.integer({ min: 0, max: 7 }), (events, k) => {
        const doubled = [...events, ...events.slice(0, k)].reverse()
        expect(Hours.unionMinutes(Hours.attendedSessions(doubled))).toBe(Hours.unionMinutes(Hours.attendedSessions(events)))
      })
    )
  })

  it("T1: an unclosed check-in credits nothing; a later check-out extends the last session", () => {
    expect(Hours.attendedSessions([ev("checkIn", "09:00")])).toEqual([])
    expect(Hours.attendedSessions([ev("checkIn", "09:00"), ev("checkOut", "10:00"), ev("checkOut", "11:00")])).toEqual([
      { start: local("2026-03-05", "09:00"), end: local("2026-03-05", "11:00") }
    ])
  })

  it("T1: creditAttendance classifies, credits inside the window and takes the weakest evidence", () => {
    const r = Hours.creditAttendance({ window, events: [ev("checkIn", "09:10"), ev("checkOut", "12:05", "leaderAttestation")], policy: Policy.defaults })
    expect(r).toMatchObject({ outcome: "late", minutes: 170, evidence: "leaderAttestation" })
    expect(r.service).toEqual({ start: local("2026-03-05", "09:10"), end: local("2026-03-05", "12:00") })
    const none = Hours.creditAttendance({ window, events: [], policy: Policy.defaults })
    expect(none).toMatchObject({ outcome: "absentWithoutLeave", minutes: 0, service: null })
    const excused = Hours.creditAttendance({ window, events: [ev("checkIn", "09:00"), ev("checkOut", "10:00")], leave: { status: "approved" }, policy: Policy.defaults })
    expect(excused).toMatchObject({ outcome: "excused", minutes: 60 })
  })

  it("T1: credit from events is never negative, never more than the window, and monotone in added sessions", () => {
    fc.assert(
      fc.property(arbEvents, arbEvents, (a, b) => {
        const one = Hours.creditAttendance({ window, events: a, policy: Policy.defaults })
        expect(one.minutes).toBeGreaterThanOrEqual(0)
        expect(one.minutes).toBeLessThanOrEqual(180)
        const sessions = [...Hours.attendedSessions(a), ...Hours.attendedSessions(b)]
        expect(Hours.credit({ window, attended: sessions, policy: Policy.defaults }).minutes).toBeGreaterThanOrEqual(one.minutes)
      })
    )
  })

  it("T1: only an ended or closed activity with a finalised record is creditable; a make-up needs it ended", () => {
    const a = { id: aid("a-1"), status: "ended" as const, recordFinalised: false }
    expect(Result.isFailure(Hours.creditable(a))).toBe(true)
    expect(Result.isSuccess(Hours.creditable(a, { finalised: false }))).toBe(true)
    expect(Result.isSuccess(Hours.creditable({ ...a, recordFinalised: true }))).toBe(true)
    expect(Result.isFailure(Hours.creditable({ ...a, status: "planned" as const }, { finalised: false }))).toBe(true)
  })
})

describe("totalsBetween", () => {
  it("T10: equals the report over the same instants and adjacent periods add up", () => {
    const ledger = [
      entry({ id: hid("h-1"), minutes: 180 }),
      entry({ id: hid("h-2"), volunteerId: vid("v-2"), squadId: uid("u-other"), serviceStart: at("2025-12-31T23:00:00+08:00"), serviceEnd: at("2026-01-01T01:00:00+08:00"), minutes: 120 })
    ]
    const y2026 = Hours.totalsBetween(ledger, at("2026-01-01T00:00:00+08:00"), at("2027-01-01T00:00:00+08:00"), "volunteer")
    expect(y2026).toEqual([{ key: "v-1", minutes: 180 }, { key: "v-2", minutes: 60 }])
    const r = Hours.report(ledger, { from: Time.localDate("2026-01-01"), to: Time.localDate("2026-12-31"), zone: Time.Shanghai, groupBy: "volunteer" })
    expect(Result.isSuccess(r) && r.success).toEqual(y2026)
    const mid = at("2026-01-01T00:30:00+08:00")
    const a = Hours.totalsBetween(ledger, at("2025-01-01T00:00:00+08:00"), mid, "squad")
    const b = Hours.totalsBetween(ledger, mid, at("2027-01-01T00:00:00+08:00"), "squad")
    const sum = (rows: ReadonlyArray<Hours.ReportRow>) => rows.reduce((s, x) => s + x.minutes, 0)
    expect(sum(a) + sum(b)).toBe(300)
  })
})

// Boundaries the mutation runs (npm run test:mutation) showed untested.
describe("hours: boundaries (mutation testing)", () => {
  const zone = Time.Shanghai

  it("T1: travel is subtracted from every session it overlaps, not only the first", () => {
    const r = Hours.credit({
      window: { start: local("2026-03-05", "09:00"), end: local("2026-03-05", "12:00") },
      attended: [
        { start: local("2026-03-05", "09:00"), end: local("2026-03-05", "10:00") },
        { start: local("2026-03-05", "11:00"), end: local("2026-03-05", "12:00") },
        { start: local("2026-03-05", "11:00"), end: local("2026-03-05", "11:20"), travel: true }
      ],
      policy: Policy.defaults
    })
    expect(r.minutes).toBe(100)
    expect(r.share).toBeCloseTo(100 / 180)
  })

  it("T1: travel spanning two sessions and a gap is subtracted from both, and only inside them", () => {
    const r = Hours.credit({
      window,
      attended: [
        { start: local("2026-03-05", "09:00"), end: local("2026-03-05", "10:00") },
        { start: local("2026-03-05", "10:30"), end: local("2026-03-05", "12:00") },
        { start: local("2026-03-05", "09:50"), end: local("2026-03-05", "10:40"), travel: true },
        { start: local("2026-03-05", "11:50"), end: local("2026-03-05", "12:30"), travel: true }
      ],
      policy: Policy.defaults
    })
    expect(r.minutes).toBe(60 + 90 - 10 - 10 - 10)
  })

  it("T1: sessions that touch end to start merge; the granularity and share thresholds are inclusive", () => {
    const touching = [
      { start: W0, end: plus(W0, 60) },
      { start: plus(W0, 60), end: plus(W0, 90) }
    ]
    expect(Hours.credit({ window, attended: touching, policy: Policy.defaults })).toEqual({ minutes: 90, share: 0.5 })
    const half = { ...Policy.defaults, minimumAttendanceShare: 0.5 }
    expect(Hours.credit({ window, attended: touching, policy: half }).minutes).toBe(90)
    expect(Hours.credit({ window, attended: [{ start: W0, end: plus(W0, 89) }], policy: half }).minutes).toBe(0)
    expect(Hours.credit({ window, attended: [{ start: W0, end: plus(W0, 90) }], policy: { ...Policy.defaults, creditGranularityMinutes: 30 } }).minutes).toBe(90)
    expect(Hours.unionMinutes(touching)).toBe(90)
    expect(Hours.unionMinutes([{ start: W0, end: plus(W0, 30) }, { start: plus(W0, 10), end: plus(W0, 20) }])).toBe(30)
  })

  it("T6: a zero-length entry at local midnight on 1 January belongs to the new year", () => {
    const midnight = local("2026-01-01", "00:00")
    expect(Hours.splitByLocalYear(midnight, midnight, 30, zone)).toEqual([{ year: 2026, minutes: 30 }])
    const e = entry({ serviceStart: midnight, serviceEnd: midnight, minutes: 30 })
    expect(Hours.annualTotals([e], 2026, zone).get(vid("v-1"))).toBe(30)
    expect(Hours.annualTotals([e], 2025, zone).get(vid("v-1"))).toBeUndefined()
    const lastMinute = local("2025-12-31", "23:59")
    expect(Hours.splitByLocalYear(lastMinute, lastMinute, 30, zone)).toEqual([{ year: 2025, minutes: 30 }])
  })

  it("T6: 100 minutes over 22:00–01:00 split at midnight by floor: 66 before, 34 after", () => {
    expect(Hours.splitByLocalYear(local("2025-12-31", "22:00"), local("2026-01-01", "01:00"), 100, zone)).toEqual([
      { year: 2025, minutes: 66 },
      { year: 2026, minutes: 34 }
    ])
    expect(Hours.splitByLocalYear(local("2025-12-31", "22:00"), local("2026-01-01", "01:00"), -100, zone)).toEqual([
      { year: 2025, minutes: -66 },
      { year: 2026, minutes: -34 }
    ])
    const from = local("2025-12-31", "22:00")
    const to = local("2026-01-01", "01:00")
    expect(Hours.minutesWithin(from, to, 100, local("2025-12-31", "23:00"), local("2025-12-31", "23:00"))).toBe(0)
    expect(Hours.minutesWithin(from, to, 100, local("2025-12-31", "23:00"), local("2025-12-31", "22:30"))).toBe(0)
    expect(Hours.minutesWithin(from, to, 100, local("2025-12-31", "21:00"), local("2026-01-01", "02:00"))).toBe(100)
  })

  it("T10: a one-day period is a valid report period", () => {
    const r = Hours.report([entry()], { from: Time.localDate("2026-03-05"), to: Time.localDate("2026-03-05"), zone, groupBy: "volunteer" })
    expect(Result.isSuccess(r) && r.success).toEqual([{ key: "v-1", minutes: 180 }])
    const next = Hours.report([entry()], { from: Time.localDate("2026-03-06"), to: Time.localDate("2026-03-06"), zone, groupBy: "volunteer" })
    expect(Result.isSuccess(next) && next.success).toEqual([])
  })

  it("T10: rows come sorted by key whatever the ledger order, and a net-zero key has no row", () => {
    const ledger = [
      entry({ id: hid("c"), volunteerId: vid("v-3"), squadId: uid("s-1"), minutes: 30 }),
      entry({ id: hid("a"), volunteerId: vid("v-1"), squadId: uid("s-3"), minutes: 20 }),
      entry({ id: hid("b"), volunteerId: vid("v-2"), squadId: uid("s-2"), minutes: 10 }),
      entry({ id: hid("d"), volunteerId: vid("v-2"), squadId: uid("s-2"), minutes: -10, kind: "correction", corrects: hid("b"), reason: "重复" })
    ]
    const from = local("2026-03-01", "00:00")
    const to = local("2026-04-01", "00:00")
    expect(Hours.totalsBetween(ledger, from, to, "volunteer")).toEqual([{ key: "v-1", minutes: 20 }, { key: "v-3", minutes: 30 }])
    expect(Hours.totalsBetween(ledger, from, to, "squad")).toEqual([{ key: "s-1", minutes: 30 }, { key: "s-3", minutes: 20 }])
    expect(Hours.totalsBetween([...ledger].reverse(), from, to, "volunteer")).toEqual([{ key: "v-1", minutes: 20 }, { key: "v-3", minutes: 30 }])
  })

  it("T4: a make-up without a reason, with a blank reason or without an approver is refused by the schema and by makeUp", () => {
    const decode = Schema.decodeUnknownResult(Hours.HourEntry)
    const good = { kind: "makeUp" as const, evidence: "makeUp" as const, reason: "设备故障", approvedBy: actor("c") }
    expect(Result.isSuccess(decode(entry(good)))).toBe(true)
    const { reason: _r, ...noReason } = good
    const { approvedBy: _a, ...noApprover } = good
    expect(Result.isFailure(decode(entry(noReason)))).toBe(true)
    expect(Result.isFailure(decode(entry(noApprover)))).toBe(true)
    const problem = (over: Partial<Parameters<typeof Hours.makeUp>[0]>) => {
      const r = Hours.makeUp(makeUpInput(over))
      return Result.isFailure(r) ? r.failure.problem : "accepted"
    }
    expect(problem({ reason: undefined })).toBe("reasonMissing")
    expect(problem({ reason: " " })).toBe("reasonMissing")
    expect(problem({ approvedBy: undefined })).toBe("approverMissing")
    expect(problem({ minutes: 0 })).toBe("minutesInvalid")
    expect(problem({ minutes: 1 })).toBe("accepted")
    expect(problem({ minutes: 180 })).toBe("accepted")
    expect(problem({ minutes: 181 })).toBe("exceedsScheduledDuration")
    expect(problem({ minutes: 120, existing: [entry({ minutes: 60 })] })).toBe("accepted")
    expect(problem({ minutes: 121, existing: [entry({ minutes: 60 })] })).toBe("exceedsScheduledDuration")
    // another volunteer's entries, and the same volunteer's entries for another activity at another time, do not use up the allowance
    const dayBefore = { serviceStart: local("2026-03-04", "09:00"), serviceEnd: local("2026-03-04", "12:00") }
    expect(problem({ minutes: 180, existing: [entry({ volunteerId: vid("v-2") }), entry({ activityId: aid("a-2"), ...dayBefore })] })).toBe("accepted")
    // T2 across entry kinds: the same volunteer's entry for another activity over the same hours does
    expect(problem({ minutes: 180, existing: [entry({ activityId: aid("a-2") })] })).toBe("overlapsRecordedService")
  })

  it("T5: a correction missing its reference or its reason is refused; a correction may carry negative minutes", () => {
    const decode = Schema.decodeUnknownResult(Hours.HourEntry)
    expect(Result.isSuccess(decode(entry({ kind: "correction", minutes: -5, corrects: hid("h-0"), reason: "录入错误" })))).toBe(true)
    expect(Result.isFailure(decode(entry({ kind: "correction", minutes: -5, corrects: hid("h-0") })))).toBe(true)
    expect(Result.isFailure(decode(entry({ kind: "correction", minutes: -5, reason: "录入错误" })))).toBe(true)
    expect(Result.isFailure(decode(entry({ kind: "makeUp", evidence: "makeUp", reason: "x", approvedBy: actor("c"), minutes: -1 })))).toBe(true)
    expect(Result.isSuccess(decode(entry({ minutes: 0 })))).toBe(true)
    expect(Result.isSuccess(decode(entry({ serviceEnd: entry().serviceStart })))).toBe(true)
  })

  it("T5: correct refuses each invalid input with its own problem and accepts the boundaries", () => {
    const original = entry()
    const problem = (newMinutes: number, reason = "录入错误", when = local("2026-03-05", "12:00"), ledger: ReadonlyArray<Hours.HourEntry> = []) => {
      const r = Hours.correct(original, newMinutes, reason, actor("clerk"), when, hid("h-c"), ledger)
      return Result.isFailure(r) ? r.failure.problem : r.success.minutes
    }
    expect(problem(0)).toBe(-180)
    expect(problem(-1)).toBe("negativeTotal")
    expect(problem(1.5)).toBe("minutesInvalid")
    expect(problem(100, "  ")).toBe("reasonMissing")
    expect(problem(100, "ok", local("2026-03-05", "11:59"))).toBe("beforeOriginal")
    expect(problem(180)).toBe("noChange")
    expect(problem(179)).toBe(-1)
    // T2: the original already fills its 180-minute span, so raising it would count a minute twice
    expect(problem(181)).toBe("overlapsRecordedService")
    const first = Result.getOrThrow(Hours.correct(original, 100, "录入错误", actor("clerk"), local("2026-03-06", "09:00"), hid("h-c1")))
    expect(problem(100, "again", local("2026-03-06", "10:00"), [original, first])).toBe("noChange")
    expect(problem(90, "again", local("2026-03-06", "10:00"), [original, first])).toBe(-10)
    expect(Hours.currentValue(original, [original, first, entry({ id: hid("x"), kind: "correction", corrects: hid("other"), minutes: 7, reason: "r" })])).toBe(100)
    const c = Result.getOrThrow(Hours.correct(original, 100, "录入错误", actor("clerk"), local("2026-03-06", "09:00"), hid("h-c1")))
    expect(c).toMatchObject({ kind: "correction", corrects: original.id, minutes: -80, reason: "录入错误", recordedBy: "clerk", id: "h-c1" })
    const r = Hours.correct(c, 50, "x", actor("clerk"), local("2026-03-07", "09:00"), hid("h-c2"))
    expect(Result.isFailure(r) && r.failure.problem).toBe("targetIsCorrection")
  })
})

describe("hours: boundaries, second round (mutation testing)", () => {
  const t = (hhmm: string) => local("2026-03-05", hhmm)
  const ev = (kind: "checkIn" | "checkOut", at: Time.Instant, evidence: "code" | "qrScan" | "leaderAttestation" = "qrScan") => ({
    assignmentId: "as-1" as AssignmentId,
    kind,
    at,
    evidence
  })

  it("T1: an interval marked travel: false is attended time like one without the mark", () => {
    const attended = [{ start: t("09:00"), end: t("10:00"), travel: false }]
    expect(Hours.credit({ window, attended, policy: Policy.defaults }).minutes).toBe(60)
  })

  it("T1: a check-in and a check-out at the same instant pair up, whatever order they arrive in", () => {
    expect(Hours.attendedSessions([ev("checkOut", t("09:00")), ev("checkIn", t("09:00"))])).toEqual([{ start: t("09:00"), end: t("09:00") }])
    expect(Hours.attendedSessions([ev("checkIn", t("09:00")), ev("checkOut", t("09:00"))])).toEqual([{ start: t("09:00"), end: t("09:00") }])
    expect(
      Hours.attendedSessions([ev("checkOut", t("10:00")), ev("checkIn", t("10:00")), ev("checkIn", t("09:00")), ev("checkOut", t("11:00"))])
    ).toEqual([{ start: t("09:00"), end: t("11:00") }])
  })

  it("T4: the evidence of a set of events is leader attestation when any event rests on it, else check-in", () => {
    expect(Hours.evidenceOfEvents([])).toBe("checkIn")
    expect(Hours.evidenceOfEvents([{ evidence: "code" }, { evidence: "qrScan" }])).toBe("checkIn")
    expect(Hours.evidenceOfEvents([{ evidence: "qrScan" }, { evidence: "leaderAttestation" }])).toBe("leaderAttestation")
  })

  it("T1: creditAttendance gives no service span when nothing is credited", () => {
    const w = { start: t("09:00"), end: t("12:00") }
    const policy = { ...Policy.defaults, minimumAttendanceShare: 0.5 }
    const short = Hours.creditAttendance({ window: w, events: [ev("checkIn", t("09:00")), ev("checkOut", t("09:30"))], policy })
    expect(short).toMatchObject({ minutes: 0, service: null, outcome: "leftEarly" })
    const seconds = Hours.creditAttendance({ window: w, events: [ev("checkIn", t("09:00")), ev("checkOut", plus(t("09:00"), 0.5))], policy: Policy.defaults })
    expect(seconds).toMatchObject({ minutes: 0, service: null })
    const full = Hours.creditAttendance({ window: w, events: [ev("checkIn", t("09:00")), ev("checkOut", t("12:00"))], policy })
    expect(full).toMatchObject({ minutes: 180, service: { start: t("09:00"), end: t("12:00") }, evidence: "checkIn" })
  })

  it("T1: a closed activity with a finalised record is creditable; a refusal names the activity and its state", () => {
    const a = { id: aid("a-1"), status: "closed" as const, recordFinalised: true }
    expect(Result.isSuccess(Hours.creditable(a))).toBe(true)
    const r = Hours.creditable({ ...a, status: "planned" as const })
    expect(Result.isFailure(r) && r.failure).toMatchObject({ _tag: "ActivityNotCreditable", activityId: "a-1", status: "planned", recordFinalised: true })
  })

  it("T4: a make-up carries content only when given", () => {
    expect(Result.getOrThrow(Hours.makeUp(makeUpInput()))).not.toHaveProperty("content")
    expect(Result.getOrThrow(Hours.makeUp(makeUpInput({ content: "入户走访" }))).content).toBe("入户走访")
    expect(Result.isSuccess(Schema.decodeUnknownResult(Hours.HourEntry)(entry({ evidence: "leaderAttestation" })))).toBe(true)
  })

  it("T5: netByOriginal heads each group with the original, or with the first correction when the original is absent", () => {
    const original = entry({ id: hid("o"), minutes: 180 })
    const c1 = entry({ id: hid("c1"), kind: "correction", corrects: hid("o"), minutes: -30, reason: "r", recordedAt: local("2026-03-06", "09:00") })
    const c2 = entry({ id: hid("c2"), kind: "correction", corrects: hid("o"), minutes: -20, reason: "r", recordedAt: local("2026-03-07", "09:00") })
    expect(Hours.netByOriginal([original, c1, c2])).toEqual([{ entry: original, minutes: 130 }])
    expect(Hours.netByOriginal([c1, original, c2])).toEqual([{ entry: original, minutes: 130 }])
    expect(Hours.netByOriginal([c1, c2])).toEqual([{ entry: c1, minutes: -50 }])
  })

  it("T10: a key whose entries net to zero over the period has no row, even when its parts do not", () => {
    const ledger = [
      entry({ id: hid("a"), volunteerId: vid("v-2"), minutes: 10 }),
      entry({ id: hid("z"), volunteerId: vid("v-2"), minutes: 20 }),
      entry({ id: hid("zc"), volunteerId: vid("v-2"), kind: "correction", corrects: hid("z"), minutes: -30, reason: "r" }),
      entry({ id: hid("b"), volunteerId: vid("v-1"), minutes: 5 })
    ]
    expect(Hours.totalsBetween(ledger, local("2026-03-01", "00:00"), local("2026-04-01", "00:00"), "volunteer")).toEqual([{ key: "v-1", minutes: 5 }])
  })

  it("T10: rows are sorted by key for many keys in any order", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(Array.from({ length: 80 }, (_, i) => `v-${String(i).padStart(2, "0")}`), { minLength: 1 }), (keys) => {
        const ledger = keys.map((k, i) => entry({ id: hid(`h-${i}`), volunteerId: vid(k), minutes: 1 + i }))
        const rows = Hours.totalsBetween(ledger, local("2026-03-01", "00:00"), local("2026-04-01", "00:00"), "volunteer")
        expect(rows.map((r) => r.key)).toEqual([...keys].sort())
      })
    )
  })

  it("T8/T10/T5/T1: each refusal carries what was refused", () => {
    const stars = Hours.validateThresholds([60, 30])
    expect(Result.isFailure(stars) && stars.failure).toMatchObject({ _tag: "StarTableInvalid", thresholds: [60, 30] })
    const period = Hours.report([], { from: Time.localDate("2026-03-02"), to: Time.localDate("2026-03-01"), zone: Time.Shanghai, groupBy: "squad" })
    expect(Result.isFailure(period) && period.failure).toMatchObject({ _tag: "ReportPeriodInvalid", from: "2026-03-02", to: "2026-03-01" })
    const correction = Hours.correct(entry(), -1, "r", actor("c"), local("2026-03-06", "09:00"), hid("x"))
    expect(Result.isFailure(correction) && correction.failure).toMatchObject({ _tag: "CorrectionInvalid", entryId: "h-1", problem: "negativeTotal", requestedMinutes: -1 })
  })
})
