/**
 * H7 authorization, as a property on every adapter: for every mutating workflow, a random
 * actor (appointed at one of the seeded units, a volunteer acting for themselves, or nobody)
 * acting on a random target unit is refused with NotInJurisdiction exactly when
 * `Hierarchy.covers` says the actor's roles do not cover the unit(s) the workflow documents as
 * its jurisdiction. Any other outcome (success or another typed failure) means the
 * jurisdiction check passed.
 */
import { Effect, Result } from "effect"
import fc from "fast-check"
import { expect, it } from "vitest"
import * as Activity from "../../src/activity.js"
import * as Hierarchy from "../../src/hierarchy.js"
import type { ActivityId, ActorId, AssignmentId, LeaveRequestId, UnitId } from "../../src/ids.js"
import * as Leave from "../../src/leave.js"
import * as Policy from "../../src/policy.js"
import { Store, type IdGenerator } from "../../src/store.js"
import { instant, type Instant, type LocalDate } from "../../src/time.js"
import { Activities, Hours, Organisation, Supervision, Volunteers } from "../../src/workflows/index.js"
import { makeVolunteer } from "../conformance/activities.js"
import { harness, type StoreFactory } from "../conformance/harness.js"
import { office, reseed, type Seeded } from "../model/seed.js"
import { onEveryAdapter } from "./support.js"

const TODAY = "2026-03-01" as LocalDate
const at = (day: number, hhmm: string): Instant => instant(`2026-03-${String(day).padStart(2, "0")}T${hhmm}:00+08:00`)
const TARGET_ACTIVITY = "act-target" as ActivityId
const TARGET_ASSIGNMENT = "asg-target" as AssignmentId
const OUTSIDER = "vol-51" // a volunteer of squad S3, assigned to the target activity

/** How a workflow's jurisdiction is documented: every unit must be covered, or any one. */
interface Jurisdiction {
  readonly mode: "all" | "any"
  readonly units: ReadonlyArray<UnitId>
  /** A volunteer acting for themselves is allowed (sign-up, withdrawal, leave request). */
  readonly self?: string
}

interface Case {
  readonly operation: string
  readonly targets: (s: Seeded) => ReadonlyArray<UnitId>
  readonly jurisdiction: (s: Seeded, target: UnitId) => Jurisdiction
  readonly run: (actor: ActorId, s: Seeded, target: UnitId) => Effect.Effect<unknown, unknown, Store | IdGenerator>
}

const all = (...units: Array<UnitId>): Jurisdiction => ({ mode: "all", units })
const allUnits = (s: Seeded) => Object.values(s.units)

/** Records every case needs, organised by or belonging to the target unit, inserted directly. */
const prepare = (s: Seeded, target: UnitId) =>
  Effect.gen(function* () {
    const store = yield* Store
    const input = Activity.ActivityInput.make({
      title: "目标活动",
      scope: "regular",
      organiserUnitId: target,
      category: "policyPublicity",
      window: { start: at(5, "09:00"), end: at(5, "12:00") },
      capacity: 10,
      hazardous: false,
      agreement: {}
    } as never)
    yield* store.activities.insert(Activity.plan(TARGET_ACTIVITY, input))
    const ended = Activity.plan("act-ended" as ActivityId, { ...input, window: { start: instant("2026-02-20T09:00:00+08:00"), end: instant("2026-02-20T12:00:00+08:00") } })
    yield* store.activities.insert({ ...ended, status: "ended" })
    yield* store.volunteers.insertMany([makeVolunteer(50, target), makeVolunteer(51, s.units.s3)])
    yield* store.assignments.insert({
      id: TARGET_ASSIGNMENT,
      activityId: TARGET_ACTIVITY,
      volunteerId: OUTSIDER as never,
      via: "dispatch",
      assignedBy: office,
      assignedAt: at(1, "08:00")
    })
    const request = Leave.request({
      id: "leave-target" as LeaveRequestId,
      assignmentId: TARGET_ASSIGNMENT,
      volunteerId: OUTSIDER as never,
      activityId: TARGET_ACTIVITY,
      reason: "家中有事",
      activityStart: at(5, "09:00"),
      at: at(1, "08:00"),
      policy: Policy.defaults
    })
    if (Result.isSuccess(request)) yield* store.leave.insert(request.success)
    yield* store.hours.append({
      id: "hours-target",
      volunteerId: "vol-50",
      activityId: "act-ended",
      recordingUnitId: target,
      squadId: target,
      serviceStart: instant("2026-02-20T09:00:00+08:00"),
      serviceEnd: instant("2026-02-20T12:00:00+08:00"),
      minutes: 180,
      kind: "makeUp",
      evidence: "makeUp",
      reason: "补录",
      approvedBy: office,
      recordedAt: instant("2026-02-21T09:00:00+08:00"),
      recordedBy: office
    } as never)
  })

const cases: ReadonlyArray<Case> = [
  {
    operation: "organisation.createUnit",
    targets: allUnits,
    jurisdiction: (_s, t) => all(t),
    run: (actor, _s, t) => Organisation.createUnit(actor, { level: "squad", name: "新社区", code: "PH-NEW-01", parentId: t, establishedOn: "2012-10-01" })
  },
  {
    operation: "organisation.appoint",
    targets: allUnits,
    jurisdiction: (_s, t) => all(t),
    run: (actor, _s, t) => Organisation.appoint(actor, { unitId: t, actorId: "new-holder", role: "squadLeader", holder: { name: "钱红梅" }, since: "2013-01-01" })
  },
  {
    operation: "organisation.createTeam",
    targets: allUnits,
    jurisdiction: (_s, t) => all(t),
    run: (actor, _s, t) => Organisation.createTeam(actor, { squadId: t, kind: "patrol", name: "巡查三队" })
  },
  {
    operation: "volunteers.registerIndividual",
    targets: allUnits,
    jurisdiction: (_s, t) => all(t),
    run: (actor, _s, t) => {
      const v = makeVolunteer(60, t)
      return Volunteers.registerIndividual(actor, {
        name: v.name,
        gender: v.gender,
        birthDate: v.birthDate,
        document: v.document,
        mobile: v.mobile,
        skills: v.skills,
        squadId: t,
        publishNameConsent: false
      })
    }
  },
  {
    operation: "volunteers.registerGroup",
    targets: allUnits,
    jurisdiction: (_s, t) => all(t),
    run: (actor, _s, t) =>
      Volunteers.registerGroup(actor, { name: "青年志愿者服务队", contactPerson: "王五", contactPhone: "0573-85030727", memberCount: 20, squadId: t, skills: ["securityPatrol"] })
  },
  { operation: "volunteers.suspend", targets: allUnits, jurisdiction: (_s, t) => all(t), run: (actor) => Volunteers.suspend(actor, "vol-50") },
  {
    operation: "volunteers.transfer",
    targets: allUnits,
    jurisdiction: (s, t) => all(s.units.s3, t),
    run: (actor, _s, t) => Volunteers.transfer(actor, { volunteerId: OUTSIDER, toSquadId: t, on: TODAY })
  },
  {
    operation: "activities.plan",
    targets: allUnits,
    jurisdiction: (_s, t) => all(t),
    run: (actor, _s, t) =>
      Activities.planActivity(actor, {
        title: "新活动",
        scope: "regular",
        organiserUnitId: t,
        category: "policyPublicity",
        window: { start: at(6, "09:00"), end: at(6, "12:00") },
        capacity: 5,
        hazardous: false,
        agreement: {}
      })
  },
  { operation: "activities.cancel", targets: allUnits, jurisdiction: (_s, t) => all(t), run: (actor) => Activities.cancel(actor, TARGET_ACTIVITY) },
  {
    operation: "activities.writeSummary",
    targets: allUnits,
    jurisdiction: (_s, t) => all(t),
    run: (actor) => Activities.writeSummary(actor, { activityId: TARGET_ACTIVITY, summary: "总结" })
  },
  {
    operation: "activities.dispatch",
    targets: allUnits,
    jurisdiction: (_s, t) => all(t),
    run: (actor) => Activities.dispatch(actor, { activityId: TARGET_ACTIVITY, volunteerId: "vol-50" })
  },
  {
    operation: "activities.signUp",
    targets: allUnits,
    jurisdiction: (_s, t) => ({ mode: "any", units: [t, t], self: "vol-50" }),
    run: (actor) => Activities.signUp(actor, { activityId: TARGET_ACTIVITY, volunteerId: "vol-50" })
  },
  {
    operation: "activities.withdraw",
    targets: allUnits,
    jurisdiction: (s, t) => ({ mode: "any", units: [t, s.units.s3], self: OUTSIDER }),
    run: (actor) => Activities.withdraw(actor, { assignmentId: TARGET_ASSIGNMENT })
  },
  {
    operation: "activities.requestLeave",
    targets: allUnits,
    jurisdiction: (s, t) => ({ mode: "any", units: [t, s.units.s3], self: OUTSIDER }),
    run: (actor) => Activities.requestLeave(actor, { assignmentId: TARGET_ASSIGNMENT, reason: "生病" })
  },
  {
    operation: "activities.decideLeave",
    targets: allUnits,
    jurisdiction: (s, t) => ({ mode: "any", units: [t, s.units.s3] }),
    run: (actor) => Activities.decideLeave(actor, { requestId: "leave-target", decision: "approved" })
  },
  {
    operation: "activities.recordAttendance",
    targets: allUnits,
    jurisdiction: (_s, t) => all(t),
    run: (actor) => Activities.checkIn(actor, { assignmentId: TARGET_ASSIGNMENT, at: at(5, "09:00"), evidence: "qrScan" })
  },
  { operation: "activities.finaliseAttendance", targets: allUnits, jurisdiction: (_s, t) => all(t), run: (actor) => Activities.finaliseAttendance(actor, "act-ended") },
  { operation: "activities.liftSuspension", targets: allUnits, jurisdiction: (_s, t) => all(t), run: (actor) => Activities.liftSuspension(actor, { volunteerId: "vol-50" }) },
  { operation: "hours.creditActivity", targets: allUnits, jurisdiction: (_s, t) => all(t), run: (actor) => Hours.creditActivity(actor, "act-ended") },
  {
    operation: "hours.correct",
    targets: allUnits,
    jurisdiction: (_s, t) => all(t),
    run: (actor) => Hours.correct(actor, { entryId: "hours-target", minutes: 120, reason: "更正" })
  },
  {
    operation: "hours.issueCertificate",
    targets: allUnits,
    jurisdiction: (_s, t) => all(t),
    run: (actor, _s, t) =>
      Hours.issueCertificate(actor, { volunteerId: "vol-50", from: "2026-01-01", to: "2026-12-31", issuer: { unitId: t, personInCharge: "章萍", handler: "李明", contact: "85030727" } })
  },
  {
    operation: "supervision.recordSpotCheck",
    targets: allUnits,
    jurisdiction: (_s, t) => all(t),
    run: (actor) => Supervision.recordSpotCheck(actor, { activityId: TARGET_ACTIVITY, result: "pass", checkedOn: TODAY, seed: 1 })
  },
  {
    operation: "supervision.recordOpinion",
    targets: allUnits,
    jurisdiction: (_s, t) => all(t),
    run: (actor, _s, t) => Supervision.recordOpinion(actor, { target: { kind: "unit", unitId: t }, rating: 4, receivedOn: TODAY })
  },
  {
    operation: "funds.allocate",
    targets: (s) => [s.units.dh, s.units.zd],
    jurisdiction: (_s, t) => all(t),
    run: (actor, _s, t) => Supervision.allocate(actor, { squadronId: t, year: 2026, amountFen: 10_000 })
  },
  {
    operation: "funds.spend",
    targets: (s) => [s.units.dh, s.units.zd],
    jurisdiction: (_s, t) => all(t),
    run: (actor, _s, t) => Supervision.spend(actor, { squadronId: t, year: 2026, amountFen: 100, purpose: { kind: "category", category: "training" } })
  }
]

/** The reads of personal data (P3), checked the same way as the mutations (H7). */
const reads: ReadonlyArray<Case> = [
  {
    operation: "volunteers.get",
    targets: allUnits,
    jurisdiction: (_s, t) => ({ mode: "all", units: [t], self: "vol-50" }),
    run: (actor) => Volunteers.get(actor, "vol-50")
  },
  {
    operation: "volunteers.publicView",
    targets: allUnits,
    jurisdiction: (_s, t) => ({ mode: "all", units: [t], self: "vol-50" }),
    run: (actor) => Volunteers.publicView(actor, "vol-50")
  },
  {
    operation: "volunteers.exportOf",
    targets: allUnits,
    jurisdiction: (_s, t) => ({ mode: "all", units: [t], self: "vol-50" }),
    run: (actor) => Volunteers.exportOf(actor, "vol-50")
  },
  {
    operation: "volunteers.list",
    targets: allUnits,
    jurisdiction: (_s, t) => all(t),
    run: (actor, _s, t) => Volunteers.list(actor, { unitId: t })
  },
  {
    operation: "volunteers.listPublic",
    targets: allUnits,
    jurisdiction: (_s, t) => all(t),
    run: (actor, _s, t) => Volunteers.listPublic(actor, { unitId: t, status: "active" })
  },
  {
    operation: "volunteers.annex1",
    targets: (s) => [s.units.brigade],
    jurisdiction: (_s, t) => all(t),
    run: (actor) => Volunteers.annex1(actor)
  },
  {
    operation: "volunteers.annex2",
    targets: (s) => [s.units.dh, s.units.zd],
    jurisdiction: (_s, t) => all(t),
    run: (actor, _s, t) => Volunteers.annex2(actor, t)
  },
  {
    operation: "volunteers.annex3",
    targets: (s) => [s.units.s1, s.units.s2, s.units.s3],
    jurisdiction: (_s, t) => all(t),
    run: (actor, _s, t) => Volunteers.annex3(actor, t)
  }
]

const actors = (s: Seeded): ReadonlyArray<ActorId> => [...s.holderOf.values(), "stranger" as ActorId, "volunteer:vol-50" as ActorId, `volunteer:${OUTSIDER}` as ActorId]

const allowed = (org: Hierarchy.Organisation, actor: ActorId, j: Jurisdiction): boolean => {
  if (j.self !== undefined && actor === Activities.selfActor(j.self)) return true
  const covered = j.units.map((u) => Hierarchy.covers(org, actor, u, TODAY))
  return j.mode === "all" ? covered.every(Boolean) : covered.some(Boolean)
}

const suite = (factory: StoreFactory) => {
  property(factory, `H7: every mutating workflow is refused with NotInJurisdiction exactly when the actor's roles do not cover the target (${cases.length} workflows)`, cases)
  property(factory, `P3: every read of personal data is refused with NotInJurisdiction exactly when the actor's roles do not cover the volunteer or unit (${reads.length} reads)`, reads)
}

const property = (factory: StoreFactory, title: string, cases: ReadonlyArray<Case>) => {
  it(`${title} on ${factory.name}`, async () => {
    const h = await harness(factory)
    const seen = new Map<string, { allowed: number; refused: number; succeeded: number }>()
    try {
      await fc.assert(
        fc.asyncProperty(fc.nat(cases.length - 1), fc.nat(50), fc.nat(50), async (c, a, t) => {
          const seeded = await reseed(h)
          const kase = cases[c]!
          const targets = kase.targets(seeded)
          const target = targets[t % targets.length]!
          const actor = actors(seeded)[a % actors(seeded).length]!
          await h.run(prepare(seeded, target))
          const result = await h.run(Effect.result(kase.run(actor, seeded, target)))
          const refused = Result.isFailure(result) && (result.failure as { _tag?: string })._tag === "NotInJurisdiction"
          const expected = allowed(seeded.org, actor, kase.jurisdiction(seeded, target))
          expect({ operation: kase.operation, actor, target, refused }).toEqual({ operation: kase.operation, actor, target, refused: !expected })
          const stats = seen.get(kase.operation) ?? { allowed: 0, refused: 0, succeeded: 0 }
          seen.set(kase.operation, {
            allowed: stats.allowed + (expected ? 1 : 0),
            refused: stats.refused + (expected ? 0 : 1),
            succeeded: stats.succeeded + (Result.isSuccess(result) ? 1 : 0)
          })
        }),
        { numRuns: Number(process.env.AUTH_RUNS ?? 300) }
      )
      // the property saw both sides, and allowed calls did go through
      const total = [...seen.values()].reduce((s, x) => ({ allowed: s.allowed + x.allowed, refused: s.refused + x.refused, succeeded: s.succeeded + x.succeeded }), {
        allowed: 0,
        refused: 0,
        succeeded: 0
      })
      expect(total.allowed).toBeGreaterThan(0)
      expect(total.refused).toBeGreaterThan(0)
      expect(total.succeeded).toBeGreaterThan(0)
    } finally {
      await h.close()
    }
  }, 300_000)
}

await onEveryAdapter("authorization (H7)", suite)
