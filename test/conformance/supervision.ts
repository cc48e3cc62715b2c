/**
 * Conformance cases for supervision (S1–S5) and the earmarked funds ledger (F1–F3). Records
 * other workflows would create (activities, volunteers, hours, violations) are inserted
 * directly through the Store's repositories.
 */
import { Effect, Result } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import * as Activity from "../../src/activity.js"
import * as Fixtures from "../../src/fixtures.js"
import type { Unit } from "../../src/hierarchy.js"
import * as Hours from "../../src/hours.js"
import { checkDigit } from "../../src/identity.js"
import type { ActivityId, ActorId, HourEntryId, UnitId, VolunteerId } from "../../src/ids.js"
import * as Policy from "../../src/policy.js"
import { PolicyRef, Store, type IdGenerator } from "../../src/store.js"
import * as Supervision from "../../src/supervision.js"
import { instant, localDate } from "../../src/time.js"
import * as Volunteer from "../../src/volunteer.js"
import { Organisation, Supervision as Flows } from "../../src/workflows/index.js"
import { harness, type Harness, type StoreFactory } from "./harness.js"

const office = Fixtures.officeActor

/** A small organisation: the brigade, two squadrons (captains) and three squads (leaders). */
const smallOrganisation = Effect.gen(function* () {
  const brigade = yield* Organisation.foundBrigade(office, Fixtures.pinghuBrigade)
  const squadron = (name: string, code: string) =>
    Organisation.createUnit(office, { level: "squadron", name, code, parentId: brigade.id, establishedOn: "2012-09-20" })
  const squad = (parentId: string, name: string, code: string) =>
    Organisation.createUnit(office, { level: "squad", name, code, parentId, establishedOn: "2012-09-25" })
  const appoint = (unit: Unit, actorId: string, role: string) =>
    Organisation.appoint(office, { unitId: unit.id, actorId, role, holder: { name: "李明" }, since: "2012-09-25" })
  const danghu = yield* squadron("当湖街道", "PH-DH")
  const xincang = yield* squadron("新仓镇", "PH-XC")
  const donghu = yield* squad(danghu.id, "东湖社区", "PH-DH-01")
  const xihu = yield* squad(danghu.id, "西湖社区", "PH-DH-02")
  const xcSquad = yield* squad(xincang.id, "新仓社区", "PH-XC-01")
  yield* appoint(danghu, "captain-dh", "squadronCaptain")
  yield* appoint(xincang, "captain-xc", "squadronCaptain")
  yield* appoint(donghu, "leader-donghu", "squadLeader")
  yield* appoint(xihu, "leader-xihu", "squadLeader")
  yield* appoint(xcSquad, "leader-xc", "squadLeader")
  return { brigade, danghu, xincang, donghu, xihu, xcSquad }
})

type Small = Effect.Success<typeof smallOrganisation>

let activityCount = 0

/** An activity of a unit over one day, with its lifecycle state overridden. */
const activity = (
  organiserUnitId: UnitId,
  day: string,
  state: { readonly status?: Activity.Status; readonly recordFinalised?: boolean; readonly summary?: string } = {}
): Activity.Activity => {
  activityCount += 1
  const planned = Activity.plan(`act-${String(activityCount).padStart(5, "0")}` as ActivityId, {
    title: "社区治安巡查",
    scope: "regular",
    organiserUnitId,
    category: "securityPatrol",
    window: { start: instant(`${day}T09:00:00+08:00`), end: instant(`${day}T12:00:00+08:00`) },
    capacity: 10,
    hazardous: false,
    agreement: {}
  })
  return {
    ...planned,
    status: state.status ?? "closed",
    recordFinalised: state.recordFinalised ?? true,
    ...(state.summary === undefined ? { summary: "巡查顺利" } : state.summary === "" ? {} : { summary: state.summary })
  }
}

const insertActivities = (activities: ReadonlyArray<Activity.Activity>) =>
  Effect.flatMap(Store, (store) => Effect.forEach(activities, (a) => store.activities.insert(a), { discard: true }))

/** A resident ID with a valid GB 11643 check character, unique per n. */
const residentId = (n: number): string => {
  const first17 = `33048219800101${String(n).padStart(3, "0")}`
  return first17 + checkDigit(first17)!
}

/** An active volunteer of a squad, registered on a date. */
const volunteer = (n: number, squadId: UnitId, registeredOn = "2020-01-01"): Volunteer.Individual => {
  const id = residentId(n)
  return {
    ...Volunteer.makeIndividual(
      `vol-${String(n).padStart(4, "0")}` as VolunteerId,
      `PH-${String(n).padStart(6, "0")}`,
      {
        name: Fixtures.personName(n),
        gender: Number(id[16]) % 2 === 1 ? "male" : "female",
        birthDate: localDate("1980-01-01"),
        document: { type: "residentId", number: id },
        mobile: Fixtures.mobileOf(n),
        skills: [],
        squadId,
        publishNameConsent: false
      } as Volunteer.IndividualInput,
      localDate(registeredOn)
    ),
    status: "active"
  }
}

let hourCount = 0

/** An attendance entry of a volunteer on a day. */
const hours = (v: Volunteer.Individual, day: string, minutes: number): Hours.HourEntry => {
  hourCount += 1
  const start = instant(`${day}T08:00:00+08:00`)
  return {
    id: `hour-${String(hourCount).padStart(6, "0")}` as HourEntryId,
    volunteerId: v.id,
    recordingUnitId: v.squadId,
    squadId: v.squadId,
    serviceStart: start,
    serviceEnd: (start + minutes * 60_000) as typeof start,
    minutes,
    kind: "attendance",
    evidence: "checkIn",
    recordedAt: start,
    recordedBy: "leader" as ActorId
  }
}

const auditOps = Effect.flatMap(Store, (s) => s.audit.list()).pipe(Effect.map((es) => es.map((e) => e.operation)))

/**
 * The supervision (S1–S5) and funds (F1–F4) cases of the conformance suite.
 *
 * @category testing
 * @since 0.1.0
 */
export const supervisionSuite = (factory: StoreFactory): void => {
  describe(`${factory.name}: supervision`, () => {
    let h: Harness
    let o: Small
    beforeEach(async () => {
      h = await harness(factory)
      o = await h.run(smallOrganisation)
    })
    afterEach(async () => {
      await h.close()
    })

    it("S1: completeness counts the subtree's due activities with a record and a summary, per unit", async () => {
      await h.run(
        insertActivities([
          activity(o.donghu.id, "2026-02-02"),
          activity(o.donghu.id, "2026-02-03", { status: "ended", summary: "" }),
          activity(o.xihu.id, "2026-02-04", { status: "ended", recordFinalised: false }),
          activity(o.danghu.id, "2026-02-05"),
          activity(o.xcSquad.id, "2026-02-05", { status: "ended", summary: "" }),
          activity(o.donghu.id, "2026-02-06", { status: "cancelled" }),
          activity(o.donghu.id, "2026-02-27", { status: "ended", summary: "" }), // close-within not yet passed
          activity(o.donghu.id, "2025-12-30", { status: "ended", summary: "" }) // outside the period
        ])
      )
      const period = { from: "2026-01-01", to: "2026-02-28" }
      const squadron = await h.run(Flows.completeness({ unitId: o.danghu.id, ...period }))
      expect(squadron).toMatchObject({ due: 4, complete: 2, incomplete: 2 })
      expect(squadron.rate).toBe(0.5)
      const squad = await h.run(Flows.completeness({ unitId: o.donghu.id, ...period }))
      expect(squad).toMatchObject({ due: 2, complete: 1 })
      const later = await h.run(Flows.completeness({ unitId: o.donghu.id, ...period, asOf: instant("2026-03-10T00:00:00+08:00") }))
      expect(later).toMatchObject({ due: 3, complete: 1 })
      expect(await h.failure(Flows.completeness({ unitId: "unit_nope", ...period }))).toMatchObject({ _tag: "NotFound" })
      expect(await h.failure(Flows.completeness({ unitId: o.danghu.id, from: "2026-03-01", to: "2026-01-01" }))).toMatchObject({
        _tag: "InputInvalid"
      })
    })

    it("S2: spot checks are drawn reproducibly from the caller's seed over the subtree's activities", async () => {
      const own = Array.from({ length: 12 }, (_, i) =>
        activity(i % 2 === 0 ? o.donghu.id : o.xihu.id, `2026-02-${String(i + 1).padStart(2, "0")}`)
      )
      const cancelled = activity(o.donghu.id, "2026-02-20", { status: "cancelled" })
      const foreign = activity(o.xcSquad.id, "2026-02-10")
      await h.run(insertActivities([...own, cancelled, foreign]))
      const draw = { unitId: o.danghu.id, from: "2026-02-01", to: "2026-02-28", size: 4, seed: 20260301 }
      const first = await h.run(Flows.drawSpotChecks(office, draw))
      const again = await h.run(Flows.drawSpotChecks("captain-dh", draw))
      expect(first.activityIds).toEqual(again.activityIds)
      expect(first.population).toBe(12)
      expect(first.activityIds).toEqual(Supervision.drawSample(own.map((a) => a.id), 4, 20260301))
      const other = await h.run(Flows.drawSpotChecks(office, { ...draw, seed: 7 }))
      expect(other.activityIds).toHaveLength(4)
      expect(await h.failure(Flows.drawSpotChecks("leader-donghu", draw))).toMatchObject({ _tag: "NotInJurisdiction" })
      expect(await h.failure(Flows.drawSpotChecks(office, { ...draw, size: 0 }))).toMatchObject({ _tag: "InputInvalid", field: "size" })
      expect((await h.run(auditOps)).filter((op) => op === "supervision.drawSpotChecks")).toHaveLength(3)
    })

    it("S2: a spot check's finding is recorded with its seed; issues need a note; jurisdiction applies", async () => {
      const a = activity(o.donghu.id, "2026-02-10")
      await h.run(insertActivities([a]))
      const noNote = await h.failure(
        Flows.recordSpotCheck(office, { activityId: a.id, result: "issuesFound", checkedOn: "2026-02-20", seed: 1 })
      )
      expect(noNote).toMatchObject({ _tag: "InputInvalid", field: "note" })
      expect(
        await h.failure(Flows.recordSpotCheck(office, { activityId: a.id, result: "pass", checkedOn: "2026-03-02", seed: 1 }))
      ).toMatchObject({ _tag: "InputInvalid", field: "checkedOn" })
      expect(
        await h.failure(Flows.recordSpotCheck("leader-xc", { activityId: a.id, result: "pass", checkedOn: "2026-02-20", seed: 1 }))
      ).toMatchObject({ _tag: "NotInJurisdiction" })
      expect(
        await h.failure(Flows.recordSpotCheck(office, { activityId: "act-none", result: "pass", checkedOn: "2026-02-20", seed: 1 }))
      ).toMatchObject({ _tag: "NotFound" })
      const check = await h.run(
        Flows.recordSpotCheck("captain-dh", {
          activityId: a.id,
          result: "issuesFound",
          note: "签到表缺少签名",
          checkedOn: "2026-02-20",
          seed: 20260301
        })
      )
      expect(check).toMatchObject({ unitId: o.donghu.id, seed: 20260301, checkedBy: "captain-dh", result: "issuesFound" })
      await h.run(Flows.recordSpotCheck(office, { activityId: a.id, result: "pass", checkedOn: "2026-02-21", seed: 20260301 }))
      const stored = await h.run(Flows.spotChecks({ unitId: o.danghu.id }))
      expect(stored.map((c) => c.result)).toEqual(["issuesFound", "pass"])
      expect(await h.run(Flows.spotChecks({ unitId: o.xincang.id }))).toEqual([])
      expect((await h.run(auditOps)).filter((op) => op === "supervision.recordSpotCheck")).toHaveLength(2)
    })

    it("S3: residents' opinions rate an activity or a unit 1–5; the office or the unit's leaders record them", async () => {
      const a = activity(o.donghu.id, "2026-02-10")
      await h.run(insertActivities([a]))
      const unitTarget = { kind: "unit" as const, unitId: o.donghu.id }
      await h.run(Flows.recordOpinion(office, { target: unitTarget, rating: 5, comment: "巡逻很及时", receivedOn: "2026-02-11" }))
      await h.run(Flows.recordOpinion("leader-donghu", { target: unitTarget, rating: 4, receivedOn: "2026-02-12" }))
      await h.run(Flows.recordOpinion("captain-dh", { target: { kind: "activity", activityId: a.id }, rating: 3, receivedOn: "2026-02-12" }))
      expect(
        await h.failure(Flows.recordOpinion("leader-xihu", { target: unitTarget, rating: 1, receivedOn: "2026-02-12" }))
      ).toMatchObject({ _tag: "NotInJurisdiction" })
      expect(
        await h.failure(Flows.recordOpinion(office, { target: unitTarget, rating: 6, receivedOn: "2026-02-12" }))
      ).toMatchObject({ _tag: "InputInvalid", field: "rating" })
      expect(
        await h.failure(Flows.recordOpinion(office, { target: unitTarget, rating: 2.5, receivedOn: "2026-02-12" }))
      ).toMatchObject({ _tag: "InputInvalid", field: "rating" })
      expect(
        await h.failure(
          Flows.recordOpinion(office, { target: { kind: "activity", activityId: "act-none" }, rating: 3, receivedOn: "2026-02-12" })
        )
      ).toMatchObject({ _tag: "NotFound" })
      expect(await h.run(Flows.averageRating({ target: unitTarget }))).toEqual({ count: 2, average: 4.5 })
      expect(await h.run(Flows.averageRating({ target: unitTarget, from: "2026-02-12" }))).toEqual({ count: 1, average: 4 })
      expect(await h.run(Flows.averageRating({ target: { kind: "activity", activityId: a.id } }))).toEqual({ count: 1, average: 3 })
      expect(await h.run(Flows.averageRating({ target: { kind: "unit", unitId: o.xihu.id } }))).toEqual({ count: 0 })
    })

    /** Two squads of 当湖 with different records, and 新仓's squad with none; judged in January 2027. */
    const evaluationRecords = () => {
      const dv = [1, 2, 3, 4].map((n) => volunteer(n, o.donghu.id))
      const xv = [5, 6].map((n) => volunteer(n, o.xihu.id))
      const late = volunteer(7, o.xihu.id, "2026-09-01") // registered after 1 July: not evaluated for T7
      const pending = { ...volunteer(8, o.donghu.id), status: "pending" as const }
      const entries = [
        ...dv.map((v, i) => hours(v, "2026-05-10", i < 3 ? 3000 : 600)),
        hours(xv[0]!, "2026-06-01", 1200),
        hours(xv[1]!, "2026-06-01", 3000),
        hours(late, "2026-10-01", 600),
        hours(dv[0]!, "2025-12-31", 5000) // previous year
      ]
      const acts = [
        activity(o.donghu.id, "2026-04-01"),
        activity(o.donghu.id, "2026-05-01"),
        activity(o.xihu.id, "2026-04-02"),
        activity(o.xihu.id, "2026-05-02", { status: "ended", summary: "" })
      ]
      const violations = [
        { id: "viol-1", violation: { volunteerId: xv[0]!.id, kind: "noShow" as const, on: localDate("2026-04-02") }, recordedAt: instant("2026-04-02T12:00:00+08:00") },
        { id: "viol-2", violation: { volunteerId: dv[0]!.id, kind: "late" as const, on: localDate("2025-04-02") }, recordedAt: instant("2025-04-02T12:00:00+08:00") }
      ]
      return { volunteers: [...dv, ...xv, late, pending], entries, acts, violations }
    }

    const insertRecords = (r: ReturnType<typeof evaluationRecords>, reversed: boolean) =>
      Effect.gen(function* () {
        const store = yield* Store
        const order = <T>(xs: ReadonlyArray<T>): ReadonlyArray<T> => (reversed ? [...xs].reverse() : xs)
        yield* Effect.forEach(order(r.volunteers), (v) => store.volunteers.insert(v), { discard: true })
        yield* Effect.forEach(order(r.entries), (e) => store.hours.append(e), { discard: true })
        yield* Effect.forEach(order(r.acts), (a) => store.activities.insert(a), { discard: true })
        yield* Effect.forEach(order(r.violations), (v) => store.discipline.appendViolation(v), { discard: true })
      })

    const opinionsAndChecks = (r: ReturnType<typeof evaluationRecords>, reversed: boolean) => {
      const steps: ReadonlyArray<Effect.Effect<unknown, unknown, Store | IdGenerator>> = [
        Flows.recordOpinion(office, { target: { kind: "unit", unitId: o.donghu.id }, rating: 5, receivedOn: "2026-06-01" }),
        Flows.recordOpinion(office, { target: { kind: "activity", activityId: r.acts[2]!.id }, rating: 2, receivedOn: "2026-06-01" }),
        Flows.recordSpotCheck(office, { activityId: r.acts[0]!.id, result: "pass", checkedOn: "2026-06-02", seed: 9 }),
        Flows.recordSpotCheck(office, { activityId: r.acts[3]!.id, result: "issuesFound", note: "无总结", checkedOn: "2026-06-02", seed: 9 })
      ]
      return Effect.forEach(reversed ? [...steps].reverse() : steps, (s) => s, { discard: true })
    }

    it("S4: the annual evaluation scores squads and squadrons from the year's records, ranks them and names candidates", async () => {
      h.clock.set(instant("2027-01-15T09:00:00+08:00"))
      const r = evaluationRecords()
      await h.run(insertRecords(r, false))
      await h.run(opinionsAndChecks(r, false))
      const e = await h.run(Flows.annualEvaluation(2026))
      expect(e.weights).toEqual(Policy.defaults.evaluationWeights)
      const card = (id: string) => [...e.squads.ranking, ...e.squadrons.ranking].find((c) => c.unitId === id)!
      expect(card(o.donghu.id).indicators).toEqual({
        unitId: o.donghu.id,
        completenessRate: 1,
        minutesPerVolunteer: (3 * 3000 + 600) / 4,
        targetShare: 3 / 4,
        disciplineRate: 0,
        spotCheckPassRate: 1,
        averageRating: 5
      })
      expect(card(o.xihu.id).indicators).toEqual({
        unitId: o.xihu.id,
        completenessRate: 0.5,
        minutesPerVolunteer: (1200 + 3000 + 600) / 3,
        targetShare: 1 / 2,
        disciplineRate: 1 / 3,
        spotCheckPassRate: 0,
        averageRating: 2
      })
      expect(card(o.xcSquad.id).indicators).toEqual({
        unitId: o.xcSquad.id,
        completenessRate: 1,
        minutesPerVolunteer: 0,
        targetShare: 0,
        disciplineRate: 0
      })
      expect(card(o.danghu.id).indicators).toMatchObject({
        completenessRate: 3 / 4,
        minutesPerVolunteer: (3 * 3000 + 600 + 1200 + 3000 + 600) / 7,
        targetShare: 4 / 6,
        disciplineRate: 1 / 7,
        spotCheckPassRate: 0.5,
        averageRating: 3.5
      })
      for (const c of [...e.squads.ranking, ...e.squadrons.ranking]) {
        expect(c.total).toBeCloseTo(Supervision.scorecard(c.indicators, Policy.defaults).total, 12)
      }
      // 东湖 leads on every part; 新仓 (no volunteers, nothing incomplete: 0.35 / 0.75) edges out 西湖 (0.436)
      expect(e.squads.ranking.map((c) => c.name)).toEqual(["东湖社区", "新仓社区", "西湖社区"])
      expect(e.squads.ranking.map((c) => c.rank)).toEqual([1, 2, 3])
      expect(e.squadrons.ranking.map((c) => c.unitId)).toEqual([o.danghu.id, o.xincang.id])
      expect(e.squads.candidates).toEqual(
        Supervision.commendationCandidates(e.squads.ranking, Flows.defaultCommendation)
      )
      const all = await h.run(Flows.annualEvaluation(2026, { commendation: { topShare: 1, minScore: 0 } }))
      expect(all.squads.candidates).toHaveLength(3)
    })

    it("S4: weights are set by the host through the policy or per call, and change the ranking", async () => {
      h.clock.set(instant("2027-01-15T09:00:00+08:00"))
      const r = evaluationRecords()
      await h.run(insertRecords(r, false))
      const onlyHours = { completeness: 0, hoursPerVolunteer: 1, targetAttainment: 0, discipline: 0, spotChecks: 0, residentRating: 0 }
      const byHours = await h.run(Flows.annualEvaluation(2026, { weights: onlyHours }))
      expect(byHours.squads.ranking.map((c) => c.unitId)).toEqual([o.donghu.id, o.xihu.id, o.xcSquad.id])
      expect(byHours.weights).toEqual(onlyHours)
      const policy = Policy.make({ evaluationWeights: { ...onlyHours, hoursPerVolunteer: 0, completeness: 1 } })
      const byCompleteness = await h.run(Flows.annualEvaluation(2026).pipe(Effect.provideService(PolicyRef, policy)))
      expect(byCompleteness.weights).toEqual(policy.evaluationWeights)
      expect(byCompleteness.squads.ranking.map((c) => c.unitId)).toEqual([o.donghu.id, o.xcSquad.id, o.xihu.id])
      expect(byCompleteness.squads.ranking.map((c) => c.total)).toEqual([1, 1, 0.5])
      expect(await h.failure(Flows.annualEvaluation(2026, { weights: { discipline: -1 } }))).toMatchObject({ _tag: "InputInvalid" })
    })

    it("S4: the ranking does not depend on the order records arrive in, and a worse indicator never raises a unit", async () => {
      h.clock.set(instant("2027-01-15T09:00:00+08:00"))
      const r = evaluationRecords()
      await h.run(insertRecords(r, false))
      await h.run(opinionsAndChecks(r, false))
      const forward = await h.run(Flows.annualEvaluation(2026))
      const other = await harness(factory, "2027-01-15T09:00:00+08:00")
      try {
        const o2 = await other.run(smallOrganisation)
        expect(o2.donghu.id).toBe(o.donghu.id)
        await other.run(insertRecords(r, true))
        await other.run(opinionsAndChecks(r, true))
        const backward = await other.run(Flows.annualEvaluation(2026))
        const strip = (e: typeof forward) =>
          [...e.squads.ranking, ...e.squadrons.ranking].map((c) => ({ unitId: c.unitId, rank: c.rank, total: c.total }))
        expect(strip(backward)).toEqual(strip(forward))
      } finally {
        await other.close()
      }
      const before = forward.squads.ranking.find((c) => c.unitId === o.donghu.id)!
      await h.run(
        Effect.flatMap(Store, (s) =>
          s.discipline.appendViolation({
            id: "viol-9",
            violation: { volunteerId: r.volunteers[0]!.id, kind: "noShow", on: localDate("2026-08-01") },
            recordedAt: instant("2026-08-01T12:00:00+08:00")
          })
        )
      )
      const after = (await h.run(Flows.annualEvaluation(2026))).squads.ranking.find((c) => c.unitId === o.donghu.id)!
      expect(after.total).toBeLessThan(before.total)
      expect(after.rank).toBeGreaterThanOrEqual(before.rank)
    })

    it("S5: the five-star indicators give one row per community with zh-CN headers", async () => {
      h.clock.set(instant("2027-01-15T09:00:00+08:00"))
      const r = evaluationRecords()
      await h.run(insertRecords(r, false))
      await h.run(opinionsAndChecks(r, false))
      const table = await h.run(Flows.fiveStarIndicators(2026))
      expect(table.columns.map((c) => c.label)).toContain("社区")
      expect(table.title).toContain("2026")
      expect(table.rows.map((row) => row["communityName"])).toEqual(["东湖社区", "西湖社区", "新仓社区"])
      expect(table.rows[0]).toMatchObject({
        volunteersRegistered: 4,
        activitiesHeld: 2,
        completenessRate: 100,
        serviceHours: (3 * 3000 + 600) / 60,
        targetShare: 75,
        averageRating: 5,
        spotChecks: "1/1"
      })
      expect(table.rows[1]).toMatchObject({ volunteersRegistered: 3, activitiesHeld: 2, completenessRate: 50, spotChecks: "0/1" })
      expect(table.rows[2]).toMatchObject({ volunteersRegistered: 0, serviceHours: 0, spotChecks: "0/0" })
    })

    it("F1: allocations go to a squadron's ledger per year, made by the office", async () => {
      const a1 = await h.run(Flows.allocate(office, { squadronId: o.danghu.id, year: 2026, amountFen: 2_000_000, note: "市级拨款" }))
      expect(a1).toMatchObject({ kind: "allocation", squadronId: o.danghu.id, year: 2026, amountFen: 2_000_000, recordedBy: office })
      await h.run(Flows.allocate(office, { squadronId: o.danghu.id, year: 2026, amountFen: 500_000 }))
      await h.run(Flows.allocate(office, { squadronId: o.danghu.id, year: 2027, amountFen: 100 }))
      expect(
        await h.failure(Flows.allocate("captain-xc", { squadronId: o.danghu.id, year: 2026, amountFen: 100 }))
      ).toMatchObject({ _tag: "NotInJurisdiction" })
      expect(
        await h.failure(Flows.allocate("leader-donghu", { squadronId: o.danghu.id, year: 2026, amountFen: 100 }))
      ).toMatchObject({ _tag: "NotInJurisdiction" })
      expect(
        await h.failure(Flows.allocate(office, { squadronId: o.donghu.id, year: 2026, amountFen: 100 }))
      ).toMatchObject({ _tag: "FundSquadronInvalid", reason: "notSquadron" })
      expect(
        await h.failure(Flows.allocate(office, { squadronId: "unit_nope", year: 2026, amountFen: 100 }))
      ).toMatchObject({ _tag: "FundSquadronInvalid", reason: "notFound" })
      expect(
        await h.failure(Flows.allocate(office, { squadronId: o.danghu.id, year: 2026, amountFen: 10.5 }))
      ).toMatchObject({ _tag: "FundAmountInvalid" })
      expect(await h.run(Flows.balance(o.danghu.id, 2026))).toEqual({ allocatedFen: 2_500_000, spentFen: 0, availableFen: 2_500_000 })
      expect(await h.run(Flows.balance(o.xincang.id, 2026))).toEqual({ allocatedFen: 0, spentFen: 0, availableFen: 0 })
      expect((await h.run(Flows.ledger(o.danghu.id, 2026))).map((e) => e.amountFen)).toEqual([2_000_000, 500_000])
      expect((await h.run(auditOps)).filter((op) => op === "funds.allocate")).toHaveLength(3)
    })

    it("F4: an allocation comes from above the squadron (brigade office or captain), never from its own officers; spending stays the squadron's", async () => {
      await h.run(
        Organisation.appoint(office, { unitId: o.brigade.id, actorId: "captain-brigade", role: "captain", holder: { name: "王大队" }, since: "2012-09-25" })
      )
      // a brigade officer who also leads a squad of Danghu is one of the squadron's own officers
      await h.run(
        Organisation.appoint(office, { unitId: o.brigade.id, actorId: "leader-donghu", role: "deputyCaptain", department: "市公安局", holder: { name: "李明" }, since: "2012-09-25" })
      )
      await h.run(Flows.allocate("captain-brigade", { squadronId: o.danghu.id, year: 2026, amountFen: 30_000 }))
      await h.run(Flows.allocate(office, { squadronId: o.danghu.id, year: 2026, amountFen: 20_000 }))
      const before = await h.run(Flows.ledger(o.danghu.id, 2026))
      expect(await h.failure(Flows.allocate("captain-dh", { squadronId: o.danghu.id, year: 2026, amountFen: 100 }))).toMatchObject({
        _tag: "FundDutiesNotSeparated",
        actorId: "captain-dh",
        squadronId: o.danghu.id,
        reason: "squadronOfficer"
      })
      expect(await h.failure(Flows.allocate("leader-donghu", { squadronId: o.danghu.id, year: 2026, amountFen: 100 }))).toMatchObject({
        _tag: "FundDutiesNotSeparated",
        reason: "squadronOfficer"
      })
      // the same deputy captain may fund a squadron they hold no role in
      await h.run(Flows.allocate("leader-donghu", { squadronId: o.xincang.id, year: 2026, amountFen: 100 }))
      expect(await h.failure(Flows.allocate("captain-xc", { squadronId: o.danghu.id, year: 2026, amountFen: 100 }))).toMatchObject({
        _tag: "NotInJurisdiction"
      })
      expect(await h.run(Flows.ledger(o.danghu.id, 2026))).toEqual(before)
      // the squadron's captain spends what was allocated to it
      await h.run(Flows.spend("captain-dh", { squadronId: o.danghu.id, year: 2026, amountFen: 45_000, purpose: { kind: "category", category: "training" } }))
      expect(await h.run(Flows.balance(o.danghu.id, 2026))).toEqual({ allocatedFen: 50_000, spentFen: 45_000, availableFen: 5_000 })
    })

    it("F2: an expense names an activity of the squadron or an allowed category; anything else is refused and writes nothing", async () => {
      const own = activity(o.xihu.id, "2026-02-10")
      const ofSquadron = activity(o.danghu.id, "2026-02-11")
      const foreign = activity(o.xcSquad.id, "2026-02-10")
      await h.run(insertActivities([own, ofSquadron, foreign]))
      await h.run(Flows.allocate(office, { squadronId: o.danghu.id, year: 2026, amountFen: 100_000 }))
      const spend = (purpose: unknown, actor = "captain-dh") =>
        Flows.spend(actor, { squadronId: o.danghu.id, year: 2026, amountFen: 1_000, purpose })
      await h.run(spend({ kind: "activity", activityId: own.id }))
      await h.run(spend({ kind: "activity", activityId: ofSquadron.id }))
      await h.run(spend({ kind: "category", category: "insurance" }, office))
      const before = await h.run(Flows.ledger(o.danghu.id, 2026))
      expect(await h.failure(spend({ kind: "activity", activityId: foreign.id }))).toMatchObject({
        _tag: "FundPurposeInvalid",
        reason: "activityNotOfSquadron",
        activityOwner: o.xincang.id
      })
      expect(await h.failure(spend({ kind: "activity", activityId: "act-none" }))).toMatchObject({
        _tag: "FundPurposeInvalid",
        reason: "activityNotOfSquadron"
      })
      expect(await h.failure(spend({ kind: "category", category: "banquet" }))).toMatchObject({
        _tag: "FundPurposeInvalid",
        reason: "categoryNotAllowed"
      })
      expect(await h.failure(spend({ kind: "other" }))).toMatchObject({ _tag: "InputInvalid" })
      expect(await h.failure(spend({ kind: "category", category: "insurance" }, "leader-xihu"))).toMatchObject({
        _tag: "NotInJurisdiction"
      })
      expect(await h.run(Flows.ledger(o.danghu.id, 2026))).toEqual(before)
      const strict = Policy.make({ allowedFundCategories: ["training"] })
      expect(
        await h.failure(spend({ kind: "category", category: "insurance" }).pipe(Effect.provideService(PolicyRef, strict)))
      ).toMatchObject({ reason: "categoryNotAllowed" })
      expect(await h.run(Flows.balance(o.danghu.id, 2026))).toEqual({ allocatedFen: 100_000, spentFen: 3_000, availableFen: 97_000 })
    })

    it("F3: expenses never exceed allocations; reversals are new entries, once per entry", async () => {
      const alloc = await h.run(Flows.allocate(office, { squadronId: o.danghu.id, year: 2026, amountFen: 10_000 }))
      await h.run(Flows.allocate(office, { squadronId: o.danghu.id, year: 2025, amountFen: 50_000 }))
      const spend = (amountFen: number) =>
        Flows.spend("captain-dh", { squadronId: o.danghu.id, year: 2026, amountFen, purpose: { kind: "category", category: "training" } })
      const e1 = await h.run(spend(6_000))
      expect(await h.failure(spend(4_001))).toMatchObject({
        _tag: "FundsInsufficient",
        availableFen: 4_000,
        requestedFen: 4_001
      })
      expect(await h.failure(Flows.reverse(office, alloc.id, "误拨"))).toMatchObject({ _tag: "ReversalInvalid", reason: "wouldOverspend" })
      const r1 = await h.run(Flows.reverse("captain-dh", e1.id, "重复录入"))
      expect(r1).toMatchObject({ kind: "reversal", reverses: e1.id, amountFen: 6_000, note: "重复录入" })
      expect(await h.failure(Flows.reverse(office, e1.id, "again"))).toMatchObject({ reason: "alreadyReversed", reversalId: r1.id })
      expect(await h.failure(Flows.reverse(office, r1.id, "undo"))).toMatchObject({ reason: "isReversal" })
      expect(await h.failure(Flows.reverse(office, "fund_none", "x"))).toMatchObject({ reason: "notFound" })
      expect(await h.failure(Flows.reverse(office, e1.id, "  "))).toMatchObject({ _tag: "InputInvalid", field: "note" })
      expect(await h.failure(Flows.reverse("captain-xc", e1.id, "x"))).toMatchObject({ _tag: "NotInJurisdiction" })
      await h.run(spend(10_000))
      const ledger = await h.run(Flows.ledger(o.danghu.id, 2026))
      expect(ledger.map((e) => e.kind)).toEqual(["allocation", "expense", "reversal", "expense"])
      expect(ledger[1]).toEqual(e1) // the reversed expense is still there, unchanged
      expect(await h.run(Flows.balance(o.danghu.id, 2026))).toEqual({ allocatedFen: 10_000, spentFen: 10_000, availableFen: 0 })
      expect(await h.run(Flows.balance(o.danghu.id, 2025))).toMatchObject({ availableFen: 50_000 })
    })

    it("F3: 100 concurrent expenses against the last of an allocation: exactly as many win as the balance allows", async () => {
      await h.run(Flows.allocate(office, { squadronId: o.danghu.id, year: 2026, amountFen: 1_050 }))
      const results = await Promise.all(
        Array.from({ length: 100 }, () =>
          h.run(
            Effect.result(
              Flows.spend("captain-dh", {
                squadronId: o.danghu.id,
                year: 2026,
                amountFen: 100,
                purpose: { kind: "category", category: "activityMaterials" }
              })
            )
          )
        )
      )
      expect(results.filter(Result.isSuccess)).toHaveLength(10)
      for (const r of results) {
        if (Result.isFailure(r)) expect(r.failure).toMatchObject({ _tag: "FundsInsufficient", squadronId: o.danghu.id })
      }
      const b = await h.run(Flows.balance(o.danghu.id, 2026))
      expect(b).toEqual({ allocatedFen: 1_050, spentFen: 1_000, availableFen: 50 })
      expect((await h.run(Flows.ledger(o.danghu.id, 2026))).filter((e) => e.kind === "expense")).toHaveLength(10)
    })
  })
}
