/**
 * Conformance cases for service hours (T1–T10): crediting attendance into the append-only
 * ledger, make-up entries, corrections and replay, local years, targets, stars, reports
 * computed by the store (equal to the pure reference on random ledgers) and certificates,
 * including concurrent issuance. Every adapter runs exactly these cases.
 */
import { Effect, Result } from "effect"
import fc from "fast-check"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import * as Activity from "../../src/activity.js"
import * as Fixtures from "../../src/fixtures.js"
import * as Hours from "../../src/hours.js"
import { checkDigit } from "../../src/identity.js"
import type { ActivityId, ActorId, AssignmentId, HourEntryId, UnitId, VolunteerId } from "../../src/ids.js"
import * as Policy from "../../src/policy.js"
import { PolicyRef, Store } from "../../src/store.js"
import * as Time from "../../src/time.js"
import * as Volunteer from "../../src/volunteer.js"
import { Hours as HoursFlow, Organisation } from "../../src/workflows/index.js"
import { foundPinghu } from "./organisation.js"
import { harness, type Harness, type StoreFactory } from "./harness.js"

const office = Fixtures.officeActor
const leaderA = "leader-a"
const leaderB = "leader-b"
const local = (date: string, hhmm: string, ss = "00"): Time.Instant => Time.instant(`${date}T${hhmm}:${ss}+08:00`)

/** A valid GB 11643 resident id for person `n` (born 1980-01-01); odd `n` is male. */
const residentId = (n: number): string => {
  const first17 = `33048219800101${String(n % 1000).padStart(3, "0")}`
  return `${first17}${checkDigit(first17)!}`
}

interface Org {
  readonly squadronId: UnitId
  readonly squadA: UnitId
  readonly squadB: UnitId
}

/** A brigade, one squadron and two squads, each squad with a leader. */
const setup = Effect.gen(function* () {
  const brigade = yield* foundPinghu
  const squadron = yield* Organisation.createUnit(office, {
    level: "squadron", name: "当湖街道", code: "PH-DH", parentId: brigade.id, establishedOn: "2012-09-20"
  })
  const squad = (name: string, code: string, leader: string) =>
    Effect.gen(function* () {
      const unit = yield* Organisation.createUnit(office, {
        level: "squad", name, code, parentId: squadron.id, establishedOn: "2012-09-25"
      })
      yield* Organisation.appoint(office, {
        unitId: unit.id, actorId: leader, role: "squadLeader", holder: { name: Fixtures.personName(leader.length) }, since: "2012-09-25"
      })
      return unit.id
    })
  return { squadronId: squadron.id, squadA: yield* squad("东湖社区", "PH-DH-01", leaderA), squadB: yield* squad("西湖社区", "PH-DH-02", leaderB) } satisfies Org
})

/** Inserts an active volunteer `n` of a squad, registered on a date. */
const volunteer = (n: number, squadId: UnitId, registeredOn = "2020-05-01", extra: Partial<Volunteer.Individual> = {}) =>
  Effect.gen(function* () {
    const id = `volunteer-${n}` as VolunteerId
    const record: Volunteer.Individual = {
      ...Volunteer.makeIndividual(
        id,
        `PH-V-${String(n).padStart(4, "0")}`,
        {
          name: Fixtures.personName(n),
          gender: n % 2 === 1 ? "male" : "female",
          birthDate: Time.localDate("1980-01-01"),
          document: { type: "residentId", number: residentId(n) },
          mobile: Fixtures.mobileOf(n),
          skills: ["securityPatrol"],
          squadId,
          publishNameConsent: false
        },
        Time.localDate(registeredOn)
      ),
      status: "active",
      ...extra
    }
    yield* (yield* Store).volunteers.insert(record)
    return record
  })

let activities = 0

/** Inserts an activity of a unit, by default ended with its record finalised. */
const activity = (
  organiserUnitId: UnitId,
  window: { readonly start: Time.Instant; readonly end: Time.Instant },
  over: Partial<Activity.Activity> = {}
) =>
  Effect.gen(function* () {
    activities += 1
    const a: Activity.Activity = {
      ...Activity.plan(`activity-${activities}` as ActivityId, {
        title: `治安巡查 ${activities}`,
        scope: "regular",
        organiserUnitId,
        category: "securityPatrol",
        window,
        capacity: 200,
        hazardous: false,
        agreement: {}
      }),
      status: "ended",
      recordFinalised: true,
      ...over
    }
    yield* (yield* Store).activities.insert(a)
    return a
  })

type Event = readonly [kind: "checkIn" | "checkOut", at: Time.Instant, evidence?: "code" | "qrScan" | "leaderAttestation"]

let records = 0

/** Assigns a volunteer to an activity and appends their attendance events. */
const attend = (a: Activity.Activity, volunteerId: VolunteerId, events: ReadonlyArray<Event>) =>
  Effect.gen(function* () {
    const store = yield* Store
    const assignmentId = `as-${a.id}-${volunteerId}` as AssignmentId
    yield* store.assignments.insert({
      id: assignmentId, activityId: a.id, volunteerId, via: "dispatch", assignedBy: office as ActorId, assignedAt: a.window.start
    })
    for (const [kind, at, evidence = "qrScan"] of events) {
      records += 1
      yield* store.attendance.append({
        id: `att-${String(records).padStart(6, "0")}`,
        activityId: a.id,
        volunteerId,
        event: { assignmentId, kind, at, evidence, ...(kind === "checkIn" ? { badgeWorn: true } : {}) },
        recordedBy: office as ActorId,
        recordedAt: at
      })
    }
  })

const ledger = Effect.flatMap(Store, (s) => s.hours.list())

const W = { start: local("2026-03-05", "09:00"), end: local("2026-03-05", "12:00") }

// ---------------------------------------------------------------------------------------------
// Random ledgers (seeded) for the laws
// ---------------------------------------------------------------------------------------------

const BASE = local("2025-10-01", "00:00")
const arbEntry = fc.record({
  volunteer: fc.integer({ min: 1, max: 4 }),
  squad: fc.constantFrom("squad-x", "squad-y", "squad-z"),
  unit: fc.constantFrom("unit-p", "unit-q"),
  startMinute: fc.integer({ min: 0, max: 200 * 24 * 60 }),
  seconds: fc.integer({ min: 0, max: 59 }),
  durationMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 * 24 * 60 })),
  minutes: fc.integer({ min: 0, max: 900 }),
  corrections: fc.array(fc.integer({ min: 0, max: 900 }), { maxLength: 2 }),
  recordedAfter: fc.integer({ min: 0, max: 30 * 24 * 60 })
})

/** Builds valid entries (originals and their corrections, made by `Hours.correct`) with a run prefix. */
const buildLedger = (run: string, specs: ReadonlyArray<typeof arbEntry extends fc.Arbitrary<infer T> ? T : never>) => {
  const out: Array<Hours.HourEntry> = []
  specs.forEach((s, i) => {
    const start = (BASE + s.startMinute * Time.MINUTE + s.seconds * 1000) as Time.Instant
    const end = (start + s.durationMinutes * Time.MINUTE) as Time.Instant
    const original: Hours.HourEntry = {
      id: `${run}-h${i}` as HourEntryId,
      volunteerId: `rv-${s.volunteer}` as VolunteerId,
      recordingUnitId: s.unit as UnitId,
      squadId: s.squad as UnitId,
      serviceStart: start,
      serviceEnd: end,
      minutes: s.minutes,
      kind: "attendance",
      evidence: "checkIn",
      recordedAt: (end + s.recordedAfter * Time.MINUTE) as Time.Instant,
      recordedBy: "recorder" as ActorId,
      content: `活动 ${i % 3}`
    }
    out.push(original)
    s.corrections.forEach((value, j) => {
      const r = Hours.correct(original, value, "更正", "recorder" as ActorId, (original.recordedAt + (j + 1) * Time.HOUR) as Time.Instant, `${run}-h${i}-c${j}` as HourEntryId, out)
      if (Result.isSuccess(r)) out.push(r.success)
    })
  })
  return out
}

const arbLedger = fc.array(arbEntry, { maxLength: 25 })
const arbPeriod = fc
  .tuple(fc.integer({ min: -10 * 24 * 60, max: 220 * 24 * 60 }), fc.integer({ min: 0, max: 120 * 24 * 60 }))
  .map(([from, length]) => ({
    from: (BASE + from * Time.MINUTE) as Time.Instant,
    to: (BASE + (from + length) * Time.MINUTE) as Time.Instant
  }))
const lawRuns = { numRuns: 6, seed: 20260301 }

/**
 * The hours cases of the conformance suite.
 *
 * @category testing
 * @since 0.1.0
 */
export const hoursSuite = (factory: StoreFactory): void => {
  describe(`${factory.name}: hours`, () => {
    let h: Harness
    let org: Org
    beforeEach(async () => {
      h = await harness(factory)
      org = await h.run(setup)
    })
    afterEach(async () => {
      await h.close()
    })

    // -------------------------------------------------------------------------------------
    // T1–T3: crediting
    // -------------------------------------------------------------------------------------

    it("T1: credits attended time inside the window in whole minutes, recorded by the organiser for the squad on the service date", async () => {
      // Registered in squad B, transferred to squad A after the activity: the entry keeps squad B (V6).
      const v = await h.run(volunteer(1, org.squadA, "2020-05-01", {
        squadHistory: [{ squadId: org.squadB, from: Time.localDate("2020-05-01") }, { squadId: org.squadA, from: Time.localDate("2026-04-01") }]
      }))
      const w = await h.run(volunteer(2, org.squadA))
      const a = await h.run(activity(org.squadA, W))
      await h.run(attend(a, v.id, [["checkIn", local("2026-03-05", "08:40")], ["checkOut", local("2026-03-05", "11:30", "45")]]))
      await h.run(attend(a, w.id, [["checkIn", local("2026-03-05", "09:00"), "leaderAttestation"], ["checkOut", local("2026-03-05", "12:30"), "leaderAttestation"]]))
      h.clock.set(local("2026-03-06", "10:00"))
      const entries = await h.run(HoursFlow.creditActivity(leaderA, a.id))
      expect(entries.map((e) => [e.volunteerId, e.minutes, e.evidence, e.squadId])).toEqual([
        [v.id, 150, "checkIn", org.squadB],
        [w.id, 180, "leaderAttestation", org.squadA]
      ])
      for (const e of entries) {
        expect(e).toMatchObject({ kind: "attendance", activityId: a.id, recordingUnitId: org.squadA, recordedBy: leaderA, content: a.title })
        expect(e.serviceStart).toBeGreaterThanOrEqual(W.start)
        expect(e.serviceEnd).toBeLessThanOrEqual(W.end)
      }
      expect(Hours.compareEvidence(entries[0]!.evidence, entries[1]!.evidence)).toBeGreaterThan(0)
      expect(await h.run(ledger)).toEqual(entries)
    })

    it("T1: nothing is credited before the record is finalised, or by a leader outside the organiser's jurisdiction", async () => {
      const v = await h.run(volunteer(1, org.squadA))
      const open = await h.run(activity(org.squadA, W, { status: "ongoing", recordFinalised: false }))
      const unfinalised = await h.run(activity(org.squadA, W, { recordFinalised: false }))
      const done = await h.run(activity(org.squadA, W))
      for (const a of [open, unfinalised, done]) await h.run(attend(a, v.id, [["checkIn", W.start], ["checkOut", W.end]]))
      expect(await h.failure(HoursFlow.creditActivity(leaderA, open.id))).toMatchObject({ _tag: "ActivityNotCreditable", status: "ongoing" })
      expect(await h.failure(HoursFlow.creditActivity(leaderA, unfinalised.id))).toMatchObject({ _tag: "ActivityNotCreditable", recordFinalised: false })
      expect(await h.failure(HoursFlow.creditActivity(leaderB, done.id))).toMatchObject({ _tag: "NotInJurisdiction", unitId: org.squadA })
      expect(await h.failure(HoursFlow.creditActivity(leaderA, "activity-missing"))).toMatchObject({ _tag: "NotFound" })
      expect(await h.failure(HoursFlow.creditActivity(leaderA, ""))).toMatchObject({ _tag: "InputInvalid" })
      expect(await h.run(ledger)).toEqual([])
      expect(await h.run(HoursFlow.creditActivity(office, done.id))).toHaveLength(1)
    })

    it("T2: overlapping and duplicated check-ins of one volunteer count once; a second crediting appends nothing", async () => {
      const v = await h.run(volunteer(1, org.squadA))
      const a = await h.run(activity(org.squadA, W))
      // 09:00–10:00 and 10:30–12:00 with duplicated and reordered events: 150 minutes, not more.
      await h.run(attend(a, v.id, [
        ["checkOut", local("2026-03-05", "10:00")],
        ["checkIn", local("2026-03-05", "09:00")],
        ["checkIn", local("2026-03-05", "09:00")],
        ["checkIn", local("2026-03-05", "09:20")],
        ["checkOut", local("2026-03-05", "10:00")],
        ["checkIn", local("2026-03-05", "10:30")],
        ["checkOut", local("2026-03-05", "12:00")],
        ["checkOut", local("2026-03-05", "12:00")]
      ]))
      const first = await h.run(HoursFlow.creditActivity(leaderA, a.id))
      expect(first.map((e) => e.minutes)).toEqual([150])
      const before = await h.run(ledger)
      expect(await h.run(HoursFlow.creditActivity(leaderA, a.id))).toEqual([])
      expect(await h.run(ledger)).toEqual(before)
      expect(await h.run(HoursFlow.volunteerTotal(v.id))).toBe(150)
    })

    it("T2: duplicate events and repeated crediting never change a volunteer's credit (seeded property)", async () => {
      // Two volunteers per run: the same volunteer at two activities in one window would count
      // that time twice, which T2 forbids across activities too.
      let volunteers = 0
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.integer({ min: -30, max: 200 }), fc.integer({ min: 0, max: 200 })), { minLength: 1, maxLength: 4 }),
          fc.integer({ min: 1, max: 3 }),
          async (spans, copies) => {
            const events: Array<Event> = spans.flatMap(([from, length]) => [
              ["checkIn", (W.start + from * Time.MINUTE) as Time.Instant] as const,
              ["checkOut", (W.start + (from + length) * Time.MINUTE) as Time.Instant] as const
            ])
            const v = await h.run(volunteer(++volunteers, org.squadA))
            const w = await h.run(volunteer(++volunteers, org.squadA))
            const once = await h.run(activity(org.squadA, W))
            const many = await h.run(activity(org.squadA, W))
            await h.run(attend(once, v.id, events))
            await h.run(attend(many, w.id, Array.from({ length: copies }, () => events).flat().reverse()))
            const a = await h.run(HoursFlow.creditActivity(leaderA, once.id))
            const b = await h.run(HoursFlow.creditActivity(leaderA, many.id))
            expect(await h.run(HoursFlow.creditActivity(leaderA, many.id))).toEqual([])
            expect(b.map((e) => e.minutes)).toEqual(a.map((e) => e.minutes))
          }
        ),
        lawRuns
      )
    })

    it("T3: with a minimum attendance share, a volunteer below it gets nothing", async () => {
      const strict = Policy.make({ minimumAttendanceShare: 0.6 })
      const v = await h.run(volunteer(1, org.squadA))
      const w = await h.run(volunteer(2, org.squadA))
      const a = await h.run(activity(org.squadA, W))
      await h.run(attend(a, v.id, [["checkIn", local("2026-03-05", "09:00")], ["checkOut", local("2026-03-05", "10:00")]]))
      await h.run(attend(a, w.id, [["checkIn", local("2026-03-05", "09:00")], ["checkOut", local("2026-03-05", "11:00")]]))
      const entries = await h.run(HoursFlow.creditActivity(leaderA, a.id).pipe(Effect.provideService(PolicyRef, strict)))
      expect(entries.map((e) => [e.volunteerId, e.minutes])).toEqual([[w.id, 120]])
    })

    // -------------------------------------------------------------------------------------
    // T4: make-up entries
    // -------------------------------------------------------------------------------------

    it("T4: a make-up entry needs a reason and an approver with jurisdiction, is weakest evidence, and never exceeds the scheduled duration", async () => {
      const v = await h.run(volunteer(1, org.squadA))
      const a = await h.run(activity(org.squadA, W))
      await h.run(attend(a, v.id, [["checkIn", W.start], ["checkOut", local("2026-03-05", "10:40")]]))
      await h.run(HoursFlow.creditActivity(leaderA, a.id))
      const ask = (over: Record<string, unknown>) =>
        HoursFlow.recordMakeUp(leaderA, { volunteerId: v.id, activityId: a.id, minutes: 80, reason: "签退设备故障", approvedBy: office, ...over })
      expect(await h.failure(ask({ reason: "  " }))).toMatchObject({ _tag: "MakeUpInvalid", problem: "reasonMissing" })
      expect(await h.failure(HoursFlow.recordMakeUp(leaderA, { volunteerId: v.id, activityId: a.id, minutes: 80, reason: "签退设备故障" })))
        .toMatchObject({ _tag: "MakeUpInvalid", problem: "approverMissing" })
      expect(await h.failure(ask({ approvedBy: leaderB }))).toMatchObject({ _tag: "NotInJurisdiction", actorId: leaderB })
      expect(await h.failure(ask({ minutes: 81 }))).toMatchObject({ problem: "exceedsScheduledDuration", allowedMinutes: 80 })
      expect(await h.failure(ask({ minutes: 0 }))).toMatchObject({ problem: "minutesInvalid" })
      const planned = await h.run(activity(org.squadA, W, { status: "planned", recordFinalised: false }))
      expect(await h.failure(ask({ activityId: planned.id }))).toMatchObject({ _tag: "ActivityNotCreditable" })
      const entry = await h.run(ask({}))
      expect(entry).toMatchObject({ kind: "makeUp", evidence: "makeUp", minutes: 80, approvedBy: office, reason: "签退设备故障" })
      expect(Hours.compareEvidence("checkIn", entry.evidence)).toBeGreaterThan(0)
      expect(await h.failure(ask({ minutes: 1 }))).toMatchObject({ problem: "exceedsScheduledDuration", allowedMinutes: 0 })
      expect(await h.run(HoursFlow.volunteerTotal(v.id))).toBe(180)
      // Crediting again does not add attendance on top of the make-up.
      expect(await h.run(HoursFlow.creditActivity(leaderA, a.id))).toEqual([])
    })

    it("T2: across entry kinds — a make-up over credited time is refused, crediting over a make-up takes only the rest, and every total is the union", async () => {
      const v = await h.run(volunteer(1, org.squadA))
      const w = await h.run(volunteer(2, org.squadA))
      // A 09:00–12:00 and B 10:00–13:00 overlap by two hours; C 14:00–16:00 does not.
      const a = await h.run(activity(org.squadA, W))
      const b = await h.run(activity(org.squadA, { start: local("2026-03-05", "10:00"), end: local("2026-03-05", "13:00") }))
      const c = await h.run(activity(org.squadA, { start: local("2026-03-05", "14:00"), end: local("2026-03-05", "16:00") }))
      await h.run(attend(a, v.id, [["checkIn", W.start], ["checkOut", W.end]]))
      h.clock.set(local("2026-03-06", "10:00"))
      expect((await h.run(HoursFlow.creditActivity(leaderA, a.id))).map((e) => e.minutes)).toEqual([180])
      const makeUp = (activityId: ActivityId, volunteerId: VolunteerId, minutes: number) =>
        HoursFlow.recordMakeUp(leaderA, { volunteerId, activityId, minutes, reason: "签到设备故障", approvedBy: office })
      const before = await h.run(ledger)
      expect(await h.failure(makeUp(b.id, v.id, 180))).toMatchObject({ _tag: "MakeUpInvalid", problem: "overlapsRecordedService", allowedMinutes: 60 })
      expect(await h.run(ledger)).toEqual(before) // nothing written
      await h.run(makeUp(b.id, v.id, 60))
      await h.run(makeUp(c.id, v.id, 120)) // no overlap: in full
      // A correction may not raise the attendance into the hour the make-up counts.
      const [credited] = before
      expect(await h.failure(HoursFlow.correct(leaderA, { entryId: credited!.id, minutes: 181, reason: "更正" })))
        .toMatchObject({ _tag: "CorrectionInvalid", problem: "overlapsRecordedService", allowedMinutes: 180 })
      // The other way round: a make-up first, then attendance credited over it takes only the uncounted time.
      await h.run(makeUp(b.id, w.id, 180))
      await h.run(attend(a, w.id, [["checkIn", W.start], ["checkOut", W.end]]))
      const second = await h.run(HoursFlow.creditActivity(leaderA, a.id))
      expect(second.map((e) => [e.volunteerId, e.minutes])).toEqual([[w.id, 60]])
      // Every total — the sum of entries, the store's (SQL) annual totals — is the union: 09:00–13:00 + 14:00–16:00.
      expect(await h.run(HoursFlow.volunteerTotal(v.id))).toBe(240 + 120)
      expect(await h.run(HoursFlow.volunteerTotal(w.id))).toBe(240)
      const totals = await h.run(HoursFlow.annualTotals(2026))
      expect(totals.filter((t) => t.key === v.id || t.key === w.id).map((t) => [t.key, t.minutes]))
        .toEqual([[v.id, 360], [w.id, 240]])
    })

    // -------------------------------------------------------------------------------------
    // T5: append-only ledger
    // -------------------------------------------------------------------------------------

    it("T5: a correction is a new entry referencing the original; totals are sums of entries and replay to a past instant", async () => {
      const v = await h.run(volunteer(1, org.squadA))
      const a = await h.run(activity(org.squadA, W))
      await h.run(attend(a, v.id, [["checkIn", W.start], ["checkOut", W.end]]))
      h.clock.set(local("2026-03-06", "10:00"))
      const [original] = await h.run(HoursFlow.creditActivity(leaderA, a.id))
      h.clock.set(local("2026-03-10", "10:00"))
      expect(await h.failure(HoursFlow.correct(leaderB, { entryId: original!.id, minutes: 150, reason: "签退时间有误" }))).toMatchObject({ _tag: "NotInJurisdiction" })
      const correction = await h.run(HoursFlow.correct(leaderA, { entryId: original!.id, minutes: 150, reason: "签退时间有误" }))
      expect(correction).toMatchObject({ kind: "correction", corrects: original!.id, minutes: -30, recordedAt: local("2026-03-10", "10:00") })
      expect(await h.failure(HoursFlow.correct(leaderA, { entryId: correction.id, minutes: 100, reason: "x" }))).toMatchObject({ problem: "targetIsCorrection" })
      expect(await h.failure(HoursFlow.correct(leaderA, { entryId: original!.id, minutes: 150, reason: "x" }))).toMatchObject({ problem: "noChange" })
      expect(await h.failure(HoursFlow.correct(leaderA, { entryId: "hours-missing", minutes: 1, reason: "x" }))).toMatchObject({ _tag: "NotFound" })
      const all = await h.run(ledger)
      expect(all.find((e) => e.id === original!.id)).toEqual(original)
      expect(await h.run(HoursFlow.volunteerTotal(v.id))).toBe(all.reduce((s, e) => s + e.minutes, 0))
      expect(await h.run(HoursFlow.volunteerTotal(v.id))).toBe(150)
      expect(await h.run(HoursFlow.volunteerTotal(v.id, { asOf: local("2026-03-08", "00:00") }))).toBe(180)
      expect(await h.run(HoursFlow.volunteerTotal(v.id, { asOf: local("2026-03-06", "09:59") }))).toBe(0)
      // The port offers no way to change or remove an entry.
      const repo = await h.run(Effect.map(Store, (s) => s.hours))
      expect(Object.keys(repo).sort()).toEqual(["append", "appendMany", "get", "list", "totalsBySquad", "totalsByVolunteer"])
      expect((await h.run(Effect.flatMap(Store, (s) => s.audit.list({ operation: "hours.correct" })))).map((x) => x.targetId)).toEqual([correction.id])
    })

    it("T5: any total is the sum of its entries, now and replayed to any instant (seeded property)", async () => {
      let run = 0
      await fc.assert(
        fc.asyncProperty(arbLedger, fc.integer({ min: 0, max: 260 * 24 * 60 }), async (specs, asOfMinute) => {
          run += 1
          const entries = buildLedger(`t5r${run}`, specs)
          await h.run(Effect.flatMap(Store, (s) => s.hours.appendMany(entries)))
          const all = await h.run(ledger)
          const asOf = (BASE + asOfMinute * Time.MINUTE) as Time.Instant
          for (const n of [1, 2, 3, 4]) {
            const mine = all.filter((e) => e.volunteerId === `rv-${n}`)
            expect(await h.run(HoursFlow.volunteerTotal(`rv-${n}`))).toBe(mine.reduce((s, e) => s + e.minutes, 0))
            expect(await h.run(HoursFlow.volunteerTotal(`rv-${n}`, { asOf }))).toBe(
              mine.filter((e) => e.recordedAt <= asOf).reduce((s, e) => s + e.minutes, 0)
            )
          }
        }),
        lawRuns
      )
    })

    // -------------------------------------------------------------------------------------
    // T6: local years
    // -------------------------------------------------------------------------------------

    it("T6: service across local midnight of 31 December splits between the years and conserves minutes", async () => {
      const v = await h.run(volunteer(1, org.squadA))
      const eve = { start: local("2025-12-31", "22:00"), end: local("2026-01-01", "02:00") }
      const a = await h.run(activity(org.squadA, eve))
      await h.run(attend(a, v.id, [["checkIn", eve.start], ["checkOut", eve.end]]))
      const [entry] = await h.run(HoursFlow.creditActivity(leaderA, a.id))
      expect(entry!.minutes).toBe(240)
      const y2025 = await h.run(HoursFlow.annualTotals(2025))
      const y2026 = await h.run(HoursFlow.annualTotals(2026))
      expect(y2025).toEqual([{ key: v.id, minutes: 120 }])
      expect(y2026).toEqual([{ key: v.id, minutes: 120 }])
      // 22:00 local is 14:00 UTC: a UTC year would put all 240 minutes in 2025 (C1).
      expect(await h.failure(HoursFlow.annualTotals(1776.5))).toMatchObject({ _tag: "InputInvalid" })
    })

    // -------------------------------------------------------------------------------------
    // T7: annual target
    // -------------------------------------------------------------------------------------

    it("T7: met, short by N minutes, or not evaluated for a volunteer registered less than half the year", async () => {
      const met = await h.run(volunteer(1, org.squadA, "2024-03-01"))
      const short = await h.run(volunteer(2, org.squadB, "2025-03-01"))
      const late = await h.run(volunteer(3, org.squadA, "2026-07-02"))
      const july = await h.run(volunteer(4, org.squadA, "2026-07-01"))
      const entry = (id: string, v: VolunteerId, minutes: number): Hours.HourEntry => ({
        id: id as HourEntryId, volunteerId: v, recordingUnitId: org.squadA, squadId: org.squadA,
        serviceStart: local("2026-09-01", "08:00"), serviceEnd: local("2026-09-01", "20:00"), minutes,
        kind: "attendance", evidence: "checkIn", recordedAt: local("2026-09-01", "20:00"), recordedBy: leaderA as ActorId
      })
      await h.run(Effect.flatMap(Store, (s) => s.hours.appendMany([
        entry("h-1", met.id, 2000), entry("h-2", met.id, 880), entry("h-3", short.id, 2000), entry("h-4", late.id, 100)
      ])))
      expect(await h.run(HoursFlow.evaluateTarget(met.id, 2026))).toEqual({ kind: "met" })
      expect(await h.run(HoursFlow.evaluateTarget(short.id, 2026))).toEqual({ kind: "short", shortBy: 880 })
      expect(await h.run(HoursFlow.evaluateTarget(late.id, 2026))).toEqual({ kind: "notEvaluated" })
      expect(await h.run(HoursFlow.evaluateTarget(july.id, 2026))).toEqual({ kind: "short", shortBy: 2880 })
      const gaps = await h.run(HoursFlow.shortfalls(2026))
      // Ordered by squadron, squad (A was created before B) and volunteer.
      expect(gaps.map((g) => [g.volunteerId, g.shortBy, g.squadId, g.squadronId])).toEqual([
        [july.id, 2880, org.squadA, org.squadronId],
        [short.id, 880, org.squadB, org.squadronId]
      ])
      expect((await h.run(HoursFlow.shortfalls(2026, org.squadB))).map((g) => g.volunteerId)).toEqual([short.id])
      // With a 30-hour policy target the second volunteer meets it.
      const lenient = Policy.make({ annualTargetMinutes: 1800 })
      expect(await h.run(HoursFlow.evaluateTarget(short.id, 2026).pipe(Effect.provideService(PolicyRef, lenient)))).toEqual({ kind: "met" })
    })

    // -------------------------------------------------------------------------------------
    // T8: stars
    // -------------------------------------------------------------------------------------

    it("T8: stars from cumulative hours with the community and Beijing tables; an invalid host table is refused", async () => {
      const v = await h.run(volunteer(1, org.squadA))
      const w = await h.run(volunteer(2, org.squadA))
      const entry = (id: string, who: VolunteerId, hours: number, month: string): Hours.HourEntry => ({
        id: id as HourEntryId, volunteerId: who, recordingUnitId: org.squadA, squadId: org.squadA,
        serviceStart: local(`2025-${month}-01`, "08:00"), serviceEnd: local(`2025-${month}-01`, "20:00"), minutes: hours * 60,
        kind: "attendance", evidence: "checkIn", recordedAt: local(`2025-${month}-02`, "08:00"), recordedBy: leaderA as ActorId
      })
      await h.run(Effect.flatMap(Store, (s) => s.hours.appendMany([entry("h-1", v.id, 200, "03"), entry("h-2", v.id, 300, "05"), entry("h-3", w.id, 99, "04")])))
      expect(await h.run(HoursFlow.stars(v.id))).toEqual({ minutes: 30000, stars: 2 })
      expect(await h.run(HoursFlow.stars(w.id))).toEqual({ minutes: 5940, stars: 0 })
      const beijing = Policy.make({ starThresholds: Policy.BeijingStars })
      expect(await h.run(HoursFlow.stars(v.id).pipe(Effect.provideService(PolicyRef, beijing)))).toEqual({ minutes: 30000, stars: 3 })
      expect(await h.run(HoursFlow.starCounts())).toEqual([
        { stars: 0, volunteers: 1 }, { stars: 1, volunteers: 0 }, { stars: 2, volunteers: 1 },
        { stars: 3, volunteers: 0 }, { stars: 4, volunteers: 0 }, { stars: 5, volunteers: 0 }
      ])
      const broken = { ...Policy.defaults, starThresholds: [6000, 6000] }
      expect(await h.failure(HoursFlow.stars(v.id).pipe(Effect.provideService(PolicyRef, broken)))).toMatchObject({ _tag: "StarTableInvalid" })
    })

    // -------------------------------------------------------------------------------------
    // T9: certificates
    // -------------------------------------------------------------------------------------

    const issuer = (unitId: UnitId) => ({ unitId, personInCharge: "王丽", handler: "李强", contact: "0573-85030727" })

    /** A volunteer with 180 min at squad A's activity and 120 min at squad B's, in March 2026. */
    const served = Effect.gen(function* () {
      const v = yield* volunteer(1, org.squadA)
      const a = yield* activity(org.squadA, W)
      const b = yield* activity(org.squadB, { start: local("2026-03-07", "14:00"), end: local("2026-03-07", "16:00") })
      yield* attend(a, v.id, [["checkIn", a.window.start], ["checkOut", a.window.end]])
      yield* attend(b, v.id, [["checkIn", b.window.start], ["checkOut", b.window.end]])
      yield* HoursFlow.creditActivity(leaderA, a.id)
      yield* HoursFlow.creditActivity(leaderB, b.id)
      return v
    })

    it("T9: only the recording unit issues; hours are its entries in the period; identity masked; serials count up per unit and year", async () => {
      const v = await h.run(served)
      h.clock.set(local("2026-04-01", "10:00"))
      const issue = (actor: string, unitId: UnitId, from = "2026-03-01", to = "2026-03-31") =>
        HoursFlow.issueCertificate(actor, { volunteerId: v.id, from, to, issuer: issuer(unitId) })
      const first = await h.run(issue(leaderA, org.squadA))
      expect(first.serial).toBe("PHDH01-2026-000001")
      expect(first.service).toMatchObject({ from: "2026-03-01", to: "2026-03-31", totalMinutes: 180 })
      expect(first.volunteer).toMatchObject({ name: v.name, documentType: "residentId", volunteerNumber: v.volunteerNumber })
      expect(first.volunteer.maskedDocumentNumber).toBe(`${residentId(1).slice(0, 6)}********${residentId(1).slice(14)}`)
      expect(JSON.stringify(first)).not.toContain(residentId(1))
      expect(first).toMatchObject({ issuedOn: "2026-04-01", status: "valid", issuer: { unitName: "东湖社区", handler: "李强" } })
      expect((await h.run(issue(leaderA, org.squadA, "2026-03-05", "2026-03-05"))).serial).toBe("PHDH01-2026-000002")
      const b = await h.run(issue(leaderB, org.squadB))
      expect([b.serial, b.service.totalMinutes]).toEqual(["PHDH02-2026-000001", 120])
      // The squadron recorded none of these hours: it may not certify them.
      expect(await h.failure(issue(office, org.squadronId))).toMatchObject({ _tag: "CertificateIssuerInvalid" })
      expect(await h.failure(issue(leaderB, org.squadA))).toMatchObject({ _tag: "NotInJurisdiction" })
      expect(await h.failure(issue(leaderA, org.squadA, "2026-04-01", "2026-04-30"))).toMatchObject({ _tag: "CertificateWithoutHours" })
      expect(await h.failure(issue(leaderA, org.squadA, "2026-03-31", "2026-03-01"))).toMatchObject({ _tag: "CertificatePeriodInvalid" })
      expect(await h.failure(HoursFlow.issueCertificate(leaderA, { volunteerId: v.id, from: "2026-03-01", to: "2026-03-31", issuer: { ...issuer(org.squadA), contact: "123" } })))
        .toMatchObject({ _tag: "InputInvalid" })
    })

    it("T9: after the recording unit is dissolved its squadron certifies the hours, and the dissolved unit no longer does", async () => {
      const v = await h.run(served)
      h.clock.set(local("2026-04-01", "10:00"))
      await h.run(Organisation.dissolveUnit(office, { unitId: org.squadA, on: "2026-03-31" }))
      const issue = (actor: string, unitId: UnitId) =>
        HoursFlow.issueCertificate(actor, { volunteerId: v.id, from: "2026-03-01", to: "2026-03-31", issuer: issuer(unitId) })
      expect(await h.failure(issue(office, org.squadA))).toMatchObject({ _tag: "CertificateIssuerInvalid" })
      const cert = await h.run(issue(office, org.squadronId))
      expect([cert.serial, cert.service.totalMinutes]).toEqual(["PHDH-2026-000001", 180])
    })

    it("T9: immutable once issued; revoked once with a reason; verifiable by serial number", async () => {
      const v = await h.run(served)
      h.clock.set(local("2026-04-01", "10:00"))
      const cert = await h.run(HoursFlow.issueCertificate(leaderA, { volunteerId: v.id, from: "2026-03-01", to: "2026-03-31", issuer: issuer(org.squadA) }))
      expect(await h.run(HoursFlow.verifyCertificate(cert.serial))).toEqual({ status: "valid", serial: cert.serial, certificate: cert })
      expect(await h.run(HoursFlow.verifyCertificate("PHDH01-2026-999999"))).toEqual({ status: "unknown", serial: "PHDH01-2026-999999" })
      expect(await h.failure(HoursFlow.revokeCertificate(leaderB, cert.id, "服务记录有误"))).toMatchObject({ _tag: "NotInJurisdiction" })
      expect(await h.failure(HoursFlow.revokeCertificate(leaderA, cert.id, " "))).toMatchObject({ _tag: "CertificateRevocationInvalid", problem: "reasonMissing" })
      h.clock.set(local("2026-04-02", "10:00"))
      const revoked = await h.run(HoursFlow.revokeCertificate(leaderA, cert.id, "服务记录有误"))
      expect(revoked).toEqual({ ...cert, status: "revoked", revocation: { reason: "服务记录有误", at: local("2026-04-02", "10:00"), by: leaderA } })
      expect(await h.failure(HoursFlow.revokeCertificate(leaderA, cert.id, "再次"))).toMatchObject({ _tag: "CertificateAlreadyRevoked" })
      expect(await h.run(HoursFlow.verifyCertificate(cert.serial))).toMatchObject({ status: "revoked", certificate: { revocation: { reason: "服务记录有误" } } })
      // A later correction of the hours leaves the issued certificate as it was.
      const [entry] = (await h.run(ledger)).filter((e) => e.recordingUnitId === org.squadA)
      await h.run(HoursFlow.correct(leaderA, { entryId: entry!.id, minutes: 100, reason: "更正" }))
      expect((await h.run(HoursFlow.certificatesOf(v.id)))[0]).toEqual(revoked)
      expect(Object.keys(await h.run(Effect.map(Store, (s) => s.certificates)))).not.toContain("remove")
    })

    it("T9: 100 concurrent issuances end with distinct serials or typed errors, never a duplicate", async () => {
      const v = await h.run(served)
      h.clock.set(local("2026-04-01", "10:00"))
      const results = await Promise.all(
        Array.from({ length: 100 }, () =>
          h.run(Effect.result(HoursFlow.issueCertificate(leaderA, { volunteerId: v.id, from: "2026-03-01", to: "2026-03-31", issuer: issuer(org.squadA) })))
        )
      )
      const serials = results.filter(Result.isSuccess).map((r) => r.success.serial)
      for (const r of results) if (Result.isFailure(r)) expect(r.failure).toHaveProperty("_tag")
      expect(new Set(serials).size).toBe(serials.length)
      expect(serials.length).toBeGreaterThan(0)
      const stored = await h.run(HoursFlow.certificatesOf(v.id))
      expect(stored.map((c) => c.serial).sort()).toEqual([...serials].sort())
      expect([...serials].sort()).toEqual(Array.from({ length: serials.length }, (_, i) => `PHDH01-2026-${String(i + 1).padStart(6, "0")}`))
    })

    it("T9: certificate hours equal the issuer's entries in the period (seeded property)", async () => {
      // Volunteers rv-1..rv-4 of the random ledgers need records; units unit-p/unit-q must exist to issue.
      const p = await h.run(Organisation.createUnit(office, { level: "squad", name: "南湖社区", code: "PH-DH-03", parentId: org.squadronId, establishedOn: "2012-09-25" }))
      for (const n of [1, 2, 3, 4]) await h.run(volunteer(n, org.squadA))
      let run = 0
      h.clock.set(local("2026-12-31", "12:00"))
      await fc.assert(
        fc.asyncProperty(arbLedger, fc.integer({ min: 1, max: 4 }), arbPeriod, async (specs, n, period) => {
          run += 1
          const entries = buildLedger(`t9r${run}`, specs).map((e) => ({
            ...e,
            volunteerId: `volunteer-${e.volunteerId.slice(3)}` as VolunteerId,
            recordingUnitId: e.recordingUnitId === "unit-p" ? p.id : org.squadB
          }))
          await h.run(Effect.flatMap(Store, (s) => s.hours.appendMany(entries)))
          const from = Time.localDateOf(period.from, Time.Shanghai)
          const to = Time.localDateOf(period.to, Time.Shanghai)
          const r = await h.run(Effect.result(HoursFlow.issueCertificate(office, { volunteerId: `volunteer-${n}`, from, to, issuer: issuer(p.id) })))
          const mine = (await h.run(ledger)).filter((e) => e.volunteerId === `volunteer-${n}` && e.recordingUnitId === p.id)
          const expected = Hours.report(mine, { from, to, zone: Time.Shanghai, groupBy: "volunteer" })
          const minutes = Result.isSuccess(expected) ? expected.success.reduce((s, row) => s + row.minutes, 0) : 0
          if (Result.isSuccess(r)) expect(r.success.service.totalMinutes).toBe(minutes)
          else expect(r.failure).toMatchObject({ _tag: mine.length === 0 ? "CertificateIssuerInvalid" : "CertificateWithoutHours" })
          if (Result.isFailure(r) && r.failure._tag === "CertificateWithoutHours") expect(minutes).toBeLessThanOrEqual(0)
        }),
        lawRuns
      )
    })

    // -------------------------------------------------------------------------------------
    // T10: reports
    // -------------------------------------------------------------------------------------

    it("T10: hours per volunteer, squad, squadron and brigade for a period roll up the tree, and the share meeting the target", async () => {
      const v = await h.run(served)
      const w = await h.run(volunteer(2, org.squadB, "2026-01-10"))
      const c = await h.run(activity(org.squadB, { start: local("2026-04-02", "09:00"), end: local("2026-04-02", "10:00") }))
      await h.run(attend(c, w.id, [["checkIn", c.window.start], ["checkOut", c.window.end]]))
      await h.run(HoursFlow.creditActivity(leaderB, c.id))
      const march = { from: "2026-03-01", to: "2026-03-31" }
      expect(await h.run(HoursFlow.hoursByVolunteer(march))).toEqual([{ key: v.id, minutes: 300 }])
      expect(await h.run(HoursFlow.hoursByVolunteer({ from: "2026-03-01", to: "2026-04-30" }))).toEqual(
        [{ key: v.id, minutes: 300 }, { key: w.id, minutes: 60 }].sort((a, b) => (a.key < b.key ? -1 : 1))
      )
      const units = await h.run(HoursFlow.hoursByUnit({ from: "2026-03-01", to: "2026-04-30" }))
      const minutesOf = (id: string) => units.find((u) => u.unitId === id)?.minutes
      // Squad A recorded v's 180 min; v was in squad A for both activities, w in squad B.
      expect(minutesOf(org.squadA)).toBe(300)
      expect(minutesOf(org.squadB)).toBe(60)
      expect(minutesOf(org.squadronId)).toBe(360)
      expect(units[0]).toMatchObject({ level: "brigade", minutes: 360 })
      expect(await h.failure(HoursFlow.hoursByUnit({ from: "2026-04-30", to: "2026-03-01" }))).toMatchObject({ _tag: "ReportPeriodInvalid" })
      expect(await h.failure(HoursFlow.hoursByVolunteer({ from: "2026-13-01", to: "2026-03-01" }))).toMatchObject({ _tag: "InputInvalid" })
      expect(await h.run(HoursFlow.targetShare(2026))).toEqual({ evaluated: 2, met: 0, share: 0 })
      await h.run(Effect.flatMap(Store, (s) => s.hours.append({
        id: "h-big" as HourEntryId, volunteerId: w.id, recordingUnitId: org.squadB, squadId: org.squadB,
        serviceStart: local("2026-05-01", "08:00"), serviceEnd: local("2026-05-01", "20:00"), minutes: 2880,
        kind: "attendance", evidence: "leaderAttestation", recordedAt: local("2026-05-02", "08:00"), recordedBy: leaderB as ActorId
      })))
      expect(await h.run(HoursFlow.targetShare(2026))).toEqual({ evaluated: 2, met: 1, share: 0.5 })
      expect(await h.run(HoursFlow.targetShare(2026, org.squadB))).toEqual({ evaluated: 1, met: 1, share: 1 })
    })

    it("T10: the store's reports per volunteer and squad equal the pure reference on random ledgers (seeded property)", async () => {
      let run = 0
      await fc.assert(
        fc.asyncProperty(arbLedger, arbPeriod, async (specs, period) => {
          run += 1
          await h.run(Effect.flatMap(Store, (s) => s.hours.appendMany(buildLedger(`t10r${run}`, specs))))
          const all = await h.run(ledger)
          const store = await h.run(Store)
          for (const p of [period, { from: local("2026-01-01", "00:00"), to: local("2027-01-01", "00:00") }]) {
            expect(await h.run(store.hours.totalsByVolunteer(p))).toEqual(Hours.totalsBetween(all, p.from, p.to, "volunteer"))
            expect(await h.run(store.hours.totalsBySquad(p))).toEqual(Hours.totalsBetween(all, p.from, p.to, "squad"))
          }
        }),
        lawRuns
      )
    })

    it("T6: year totals from the store conserve every entry's minutes across the year boundary (seeded property)", async () => {
      let run = 0
      await fc.assert(
        fc.asyncProperty(arbLedger, async (specs) => {
          run += 1
          await h.run(Effect.flatMap(Store, (s) => s.hours.appendMany(buildLedger(`t6r${run}`, specs))))
          const all = await h.run(ledger)
          const sum = (rows: ReadonlyArray<{ readonly minutes: number }>) => rows.reduce((s, r) => s + r.minutes, 0)
          const years = (await h.run(HoursFlow.annualTotals(2025))).concat(await h.run(HoursFlow.annualTotals(2026)))
          // Every random entry starts in 2025-10 … 2026-04 and lasts at most three days: two years hold it all.
          expect(sum(years)).toBe(sum(all))
        }),
        lawRuns
      )
    })
  })
}
