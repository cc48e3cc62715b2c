/**
 * Conformance cases for activities, assignment, attendance, leave and discipline (A1–A6,
 * D1–D5, H7). Every adapter runs exactly these cases. Volunteers are inserted directly
 * (validated with `Volunteer.validateIndividual`), independent of the volunteer workflows.
 */
import { Effect, Result } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import * as Activity from "../../src/activity.js"
import * as Fixtures from "../../src/fixtures.js"
import { checkDigit } from "../../src/identity.js"
import type { ActivityId, UnitId, VolunteerId } from "../../src/ids.js"
import * as Policy from "../../src/policy.js"
import { IdGenerator, PolicyRef, Store, type StoreShape } from "../../src/store.js"
import { instant, localDate, type Instant } from "../../src/time.js"
import * as Volunteer from "../../src/volunteer.js"
import { Activities, Organisation } from "../../src/workflows/index.js"
import { harness, type Harness, type StoreFactory } from "./harness.js"

const office = Fixtures.officeActor
const REGISTERED = "2026-01-10"

/**
 * A valid, active individual volunteer record `vol-<n>` in a squad, with a GB 11643 resident
 * id agreeing with its birth date and gender (V2). `status: "pending"` leaves it unapproved.
 *
 * @category testing
 * @since 0.1.0
 */
export const makeVolunteer = (
  n: number,
  squadId: string,
  options: { readonly birthDate?: string; readonly status?: "pending" | "active" } = {}
): Volunteer.Individual => {
  const birthDate = options.birthDate ?? "1980-05-17"
  const gender = n % 2 === 0 ? "female" : "male"
  const serial = String((n * 2 + (gender === "male" ? 1 : 0)) % 1000).padStart(3, "0")
  const first17 = `330482${birthDate.replaceAll("-", "")}${serial}`
  const adult = Number(REGISTERED.slice(0, 4)) - Number(birthDate.slice(0, 4)) > 18
  const validated = Volunteer.validateIndividual(
    {
      name: Fixtures.personName(n),
      gender,
      birthDate,
      document: { type: "residentId", number: `${first17}${checkDigit(first17)}` },
      mobile: Fixtures.mobileOf(n),
      skills: ["policyPublicity"],
      squadId,
      publishNameConsent: false,
      ...(adult ? {} : { guardian: { name: "李华", mobile: "13900139000", relationship: "父亲", consentOn: "2026-01-01" } })
    },
    localDate(REGISTERED),
    Policy.defaults
  )
  if (Result.isFailure(validated)) throw new Error(`fixture volunteer ${n} is invalid: ${validated.failure.message}`)
  const pending = Volunteer.makeIndividual(`vol-${n}` as VolunteerId, `PH-V${n}`, validated.success, localDate(REGISTERED))
  if (options.status === "pending") return pending
  const active = Volunteer.changeStatus(pending, "approve")
  if (Result.isFailure(active)) throw active.failure
  return active.success
}

/** Runs a function of the Store service. */
const withStore = <A, E>(f: (store: StoreShape) => Effect.Effect<A, E>): Effect.Effect<A, E, Store> => Effect.flatMap(Store, f)

const insertVolunteers = (volunteers: ReadonlyArray<Volunteer.Individual>) =>
  withStore((store) => store.volunteers.insertMany(volunteers))

/** A small organisation: brigade; squadron DH with squads S1, S2; squadron ZD with squad S3. */
/** The small organisation the activity cases (and the model test) run on. */
export interface SmallOrg {
  readonly brigade: UnitId
  readonly dh: UnitId
  readonly s1: UnitId
  readonly s2: UnitId
  readonly zd: UnitId
  readonly s3: UnitId
}

/**
 * Founds the Pinghu brigade with two squadrons (当湖, 钟埭), three squads and their captains
 * and leaders (`captain-dh`, `captain-zd`, `leader-s1`…`leader-s3`), in this order.
 */
export const smallOrg: Effect.Effect<SmallOrg, unknown, Store | IdGenerator> = Effect.gen(function* () {
  const brigade = (yield* Organisation.foundBrigade(office, Fixtures.pinghuBrigade)).id
  let person = 0
  const unit = (level: "squadron" | "squad", name: string, code: string, parentId: UnitId) =>
    Effect.map(Organisation.createUnit(office, { level, name, code, parentId, establishedOn: "2012-09-20" }), (u) => u.id)
  const appoint = (unitId: UnitId, actorId: string, role: string) =>
    Organisation.appoint(office, { unitId, actorId, role, holder: { name: Fixtures.personName(++person) }, since: "2012-10-01" })
  const dh = yield* unit("squadron", "当湖街道", "PH-DH", brigade)
  const zd = yield* unit("squadron", "钟埭街道", "PH-ZD", brigade)
  const s1 = yield* unit("squad", "东湖社区", "PH-DH-01", dh)
  const s2 = yield* unit("squad", "西湖社区", "PH-DH-02", dh)
  const s3 = yield* unit("squad", "钟埭社区", "PH-ZD-01", zd)
  yield* appoint(dh, "captain-dh", "squadronCaptain")
  yield* appoint(zd, "captain-zd", "squadronCaptain")
  yield* appoint(s1, "leader-s1", "squadLeader")
  yield* appoint(s2, "leader-s2", "squadLeader")
  yield* appoint(s3, "leader-s3", "squadLeader")
  return { brigade, dh, s1, s2, zd, s3 }
})

/** 2026-03-<day> hh:mm in Pinghu. */
const at = (day: number, hhmm: string): Instant => instant(`2026-03-${String(day).padStart(2, "0")}T${hhmm}:00+08:00`)

/** Input of a regular 3-hour policy-publicity activity on 2026-03-<day>, with `extra` fields over it. */
export const activityInput = (organiserUnitId: UnitId, day: number, extra: Record<string, unknown> = {}) => ({
  title: `东湖社区政策宣传 ${day}`,
  scope: "regular",
  organiserUnitId,
  category: "policyPublicity",
  window: { start: at(day, "09:00"), end: at(day, "12:00") },
  capacity: 10,
  hazardous: false,
  agreement: {},
  ...extra
})

const insurance = { policyNumber: "PICC-2026-001", insurer: "中国人保", coversFrom: "2026-01-01", coversTo: "2026-12-31" }

/** Checks in and out at the given local times of a day (undefined = no event). */
const attend = (
  actor: string,
  assignmentId: string,
  day: number,
  times: { readonly in?: string; readonly out?: string; readonly badgeWorn?: boolean }
) =>
  Effect.gen(function* () {
    if (times.in !== undefined) {
      yield* Activities.checkIn(actor, {
        assignmentId,
        at: at(day, times.in),
        evidence: "qrScan",
        ...(times.badgeWorn === undefined ? {} : { badgeWorn: times.badgeWorn })
      })
    }
    if (times.out !== undefined) yield* Activities.checkOut(actor, { assignmentId, at: at(day, times.out), evidence: "code" })
  })

const runToEnd = (actor: string, id: ActivityId) =>
  Effect.gen(function* () {
    yield* Activities.start(actor, id)
    return yield* Activities.end(actor, id)
  })

/**
 * The activities cases of the conformance suite.
 *
 * @category testing
 * @since 0.1.0
 */
export const activitiesSuite = (factory: StoreFactory): void => {
  describe(`${factory.name}: activities`, () => {
    let h: Harness
    let org: SmallOrg
    beforeEach(async () => {
      h = await harness(factory)
      org = await h.run(smallOrg)
    })
    afterEach(async () => {
      await h.close()
    })

    const plan = (actor: string, input: unknown) => h.run(Activities.planActivity(actor, input))
    const activities = () => h.run(withStore((s) => s.activities.list()))
    /** Volunteer vol-1 of squad s1, signed up to a regular activity of squadron dh on 2026-03-05. */
    const oneSignedUp = async () => {
      await h.run(insertVolunteers([makeVolunteer(1, org.s1)]))
      const a = await plan("captain-dh", activityInput(org.dh, 5))
      const mine = await h.run(Activities.signUp(Activities.selfActor("vol-1"), { activityId: a.id, volunteerId: "vol-1" }))
      return { a, mine }
    }

    it("A5: Store.lock — one scope locked twice and several scopes in one transaction commit; a rolled-back lock leaves the store as it was; outside a transaction it is harmless", async () => {
      const a = await plan("captain-dh", activityInput(org.dh, 5))
      const scopes = [
        { kind: "activity", id: a.id },
        { kind: "activity", id: a.id },
        { kind: "volunteer", id: "vol-1" as VolunteerId },
        { kind: "unit", id: org.dh },
        { kind: "fundAccount", squadronId: org.dh, year: 2026 },
        { kind: "certificateSerial", prefix: "PHDH01-2026-" },
        { kind: "identity", key: "residentId:330482198005170011" },
        { kind: "organisation" }
      ] as const
      const done = await h.run(withStore((s) => s.transaction(Effect.as(Effect.forEach(scopes, (x) => s.lock(x), { discard: true }), "done"))))
      expect(done).toBe("done")
      const failed = await h.exit(
        withStore((s) => s.transaction(Effect.andThen(s.lock({ kind: "activity", id: "activity-new" as ActivityId }), Effect.fail("rolled back" as const))))
      )
      expect(failed._tag).toBe("Failure")
      await h.run(withStore((s) => s.lock({ kind: "activity", id: a.id })))
      expect(await activities()).toEqual([a])
    })

    it("A1: a regular activity is its squadron's or squad's; a major one the brigade's", async () => {
      const regular = await plan("captain-dh", activityInput(org.dh, 5))
      expect(regular).toMatchObject({ status: "planned", scope: "regular", recordFinalised: false })
      await plan("leader-s1", activityInput(org.s1, 6))
      expect(await h.failure(Activities.planActivity("captain-dh", activityInput(org.dh, 7, { scope: "major" })))).toMatchObject({
        _tag: "ActivityScopeInvalid",
        organiserLevel: "squadron"
      })
      expect(await h.failure(Activities.planActivity(office, activityInput(org.brigade, 7)))).toMatchObject({
        _tag: "ActivityScopeInvalid",
        organiserLevel: "brigade"
      })
      const major = await plan(office, activityInput(org.brigade, 8, { scope: "major" }))
      expect(major.scope).toBe("major")
      expect((await activities()).map((a) => a.organiserUnitId).sort()).toEqual([org.brigade, org.dh, org.s1].sort())
    })

    it("A1/H7: a squad leader plans only inside their own area; nothing is written when refused", async () => {
      const e = await h.failure(Activities.planActivity("leader-s1", activityInput(org.s2, 5)))
      expect(e).toMatchObject({ _tag: "NotInJurisdiction", actorId: "leader-s1", unitId: org.s2 })
      expect(await h.failure(Activities.planActivity("leader-s1", activityInput(org.dh, 5)))).toMatchObject({
        _tag: "NotInJurisdiction"
      })
      expect(await activities()).toEqual([])
      const audit = await h.run(withStore((s) => s.audit.list({ operation: "activities.plan" })))
      expect(audit).toEqual([])
    })

    it("A2: the service category must be one of the notice's; bad input is a typed error naming the field", async () => {
      const e = await h.failure(Activities.planActivity("captain-dh", activityInput(org.dh, 5, { category: "tourism" })))
      expect(e).toMatchObject({ _tag: "InputInvalid", field: "category" })
      const window = await h.failure(
        Activities.planActivity("captain-dh", activityInput(org.dh, 5, { window: { start: at(5, "12:00"), end: at(5, "09:00") } }))
      )
      expect(window).toMatchObject({ _tag: "InputInvalid" })
      const ok = await plan("captain-dh", activityInput(org.dh, 5, { category: "legalAid" }))
      expect(ok.category).toBe("legalAid")
      expect(await activities()).toHaveLength(1)
    })

    it("A3: planned → ongoing → ended → closed only with the record finalised and a summary", async () => {
      const a = await plan("captain-dh", activityInput(org.dh, 5))
      expect(await h.failure(Activities.end("captain-dh", a.id))).toMatchObject({ _tag: "ActivityTransitionInvalid", from: "planned" })
      expect(await h.failure(Activities.finaliseAttendance("captain-dh", a.id))).toMatchObject({
        _tag: "ActivityRecordNotFinalisable",
        reason: "notEnded"
      })
      await h.run(runToEnd("captain-dh", a.id))
      expect(await h.failure(Activities.close("captain-dh", a.id))).toMatchObject({
        _tag: "ActivityNotClosable",
        missing: ["record", "summary"]
      })
      await h.run(Activities.finaliseAttendance("captain-dh", a.id))
      expect(await h.failure(Activities.finaliseAttendance("captain-dh", a.id))).toMatchObject({
        _tag: "ActivityRecordNotFinalisable",
        reason: "alreadyFinalised"
      })
      expect(await h.failure(Activities.close("captain-dh", a.id))).toMatchObject({ missing: ["summary"] })
      await h.run(Activities.writeSummary("captain-dh", { activityId: a.id, summary: "共 3 人参加，发放宣传册 120 份。" }))
      const closed = await h.run(Activities.close("captain-dh", a.id))
      expect(closed).toMatchObject({ status: "closed", recordFinalised: true })
      expect(closed.closedAt).toBe(instant("2026-03-01T09:00:00+08:00"))
      const cancelled = await plan("captain-dh", activityInput(org.dh, 6))
      expect((await h.run(Activities.cancel("captain-dh", cancelled.id))).status).toBe("cancelled")
      expect(await h.failure(Activities.start("captain-dh", cancelled.id))).toMatchObject({ from: "cancelled" })
    })

    it("A3: an ended activity lacking record or summary more than 7 local days later is incomplete", async () => {
      const a = await plan("captain-dh", activityInput(org.dh, 5))
      const b = await plan("captain-dh", activityInput(org.dh, 6))
      await h.run(runToEnd("captain-dh", a.id))
      await h.run(runToEnd("captain-dh", b.id))
      await h.run(Activities.finaliseAttendance("captain-dh", b.id))
      await h.run(Activities.writeSummary("captain-dh", { activityId: b.id, summary: "完成" }))
      const ids = async (iso: string) => (await h.run(Activities.incompleteActivities(instant(iso)))).map((x) => x.id)
      expect(await ids("2026-03-12T23:59:00+08:00")).toEqual([])
      expect(await ids("2026-03-13T00:00:00+08:00")).toEqual([a.id])
      expect(await ids("2026-04-30T00:00:00+08:00")).toEqual([a.id])
      await h.run(Activities.finaliseAttendance("captain-dh", a.id))
      expect(await ids("2026-04-30T00:00:00+08:00")).toEqual([a.id])
      await h.run(Activities.writeSummary("captain-dh", { activityId: a.id, summary: "完成" }))
      expect(await ids("2026-04-30T00:00:00+08:00")).toEqual([])
    })

    it("A4: a hazardous activity starts and takes volunteers only with insurance, and never a minor", async () => {
      await h.run(insertVolunteers([makeVolunteer(1, org.s1), makeVolunteer(2, org.s1, { birthDate: "2010-06-01" })]))
      const fire = await plan("captain-dh", activityInput(org.dh, 5, { category: "fireSafety" }))
      const sign = (n: number) =>
        Activities.signUp(Activities.selfActor(`vol-${n}`), { activityId: fire.id, volunteerId: `vol-${n}`, agreementSigned: true })
      expect(await h.failure(sign(1))).toMatchObject({ _tag: "AssignmentRefused", reason: "insuranceMissing" })
      expect(await h.failure(Activities.start("captain-dh", fire.id))).toMatchObject({ _tag: "ActivityInsuranceMissing" })
      await h.run(Activities.recordInsurance("captain-dh", { activityId: fire.id, insurance }))
      expect(await h.failure(sign(2))).toMatchObject({ _tag: "AssignmentRefused", reason: "minorOnHazardous" })
      await h.run(sign(1))
      expect((await h.run(Activities.start("captain-dh", fire.id))).status).toBe("ongoing")
    })

    it("A5: capacity, no double-booking, only active volunteers; a cancelled activity no longer blocks", async () => {
      await h.run(
        insertVolunteers([makeVolunteer(1, org.s1), makeVolunteer(2, org.s1), makeVolunteer(3, org.s1), makeVolunteer(4, org.s1, { status: "pending" })])
      )
      const a = await plan("captain-dh", activityInput(org.dh, 5, { capacity: 2 }))
      const b = await plan("captain-dh", { ...activityInput(org.dh, 5), window: { start: at(5, "11:00"), end: at(5, "13:00") } })
      const touching = await plan("captain-dh", { ...activityInput(org.dh, 5), window: { start: at(5, "12:00"), end: at(5, "14:00") } })
      const dispatch = (activityId: string, n: number) => Activities.dispatch("captain-dh", { activityId, volunteerId: `vol-${n}` })
      await h.run(dispatch(a.id, 1))
      expect(await h.failure(dispatch(a.id, 1))).toMatchObject({ reason: "doubleBooked" })
      await h.run(dispatch(a.id, 2))
      expect(await h.failure(dispatch(a.id, 3))).toMatchObject({ reason: "capacityFull" })
      expect(await h.failure(dispatch(b.id, 1))).toMatchObject({ reason: "doubleBooked", conflictingActivityId: a.id })
      await h.run(dispatch(touching.id, 1))
      expect(await h.failure(dispatch(b.id, 4))).toMatchObject({ reason: "volunteerNotActive", volunteerStatus: "pending" })
      await h.run(Activities.cancel("captain-dh", a.id))
      const granted = await h.run(dispatch(b.id, 2))
      expect(granted).toMatchObject({ via: "dispatch", assignedBy: "captain-dh", volunteerId: "vol-2" })
      const all = await h.run(withStore((s) => s.assignments.listByActivity(a.id)))
      expect(all).toHaveLength(2)
    })

    it("A5: a withdrawal frees the place while planned; after the start it is refused (leave instead)", async () => {
      await h.run(insertVolunteers([makeVolunteer(1, org.s1), makeVolunteer(2, org.s2)]))
      const a = await plan("captain-dh", activityInput(org.dh, 5, { capacity: 1 }))
      const mine = await h.run(Activities.signUp(Activities.selfActor("vol-1"), { activityId: a.id, volunteerId: "vol-1" }))
      expect(mine.via).toBe("signUp")
      expect(await h.failure(Activities.signUp("leader-s2", { activityId: a.id, volunteerId: "vol-2" }))).toMatchObject({
        reason: "capacityFull"
      })
      expect(await h.failure(Activities.withdraw(Activities.selfActor("vol-2"), { assignmentId: mine.id }))).toMatchObject({
        _tag: "NotInJurisdiction"
      })
      await h.run(Activities.withdraw(Activities.selfActor("vol-1"), { assignmentId: mine.id }))
      const theirs = await h.run(Activities.signUp("leader-s2", { activityId: a.id, volunteerId: "vol-2" }))
      await h.run(Activities.start("captain-dh", a.id))
      expect(await h.failure(Activities.withdraw("leader-s2", { assignmentId: theirs.id }))).toMatchObject({
        _tag: "AssignmentNotWithdrawable",
        status: "ongoing"
      })
    })

    it("D1: an assignment reads back with its activity in one call; a missing assignment is a typed NotFound", async () => {
      const { a, mine } = await oneSignedUp()
      const both = await h.run(withStore((s) => s.assignments.getWithActivity(mine.id)))
      expect(both.assignment).toEqual(await h.run(withStore((s) => s.assignments.get(mine.id))))
      expect(both.activity).toEqual(await h.run(withStore((s) => s.activities.get(a.id))))
      expect(await h.failure(withStore((s) => s.assignments.getWithActivity("assignment_nope" as never)))).toMatchObject({
        _tag: "NotFound",
        entity: "assignment",
        id: "assignment_nope"
      })
    })

    it("H7 D1: inside one transaction, the organisation read after an assignment's read and a unit's creation includes the unit", async () => {
      const { mine } = await oneSignedUp()
      const program = Effect.gen(function* () {
        const store = yield* Store
        return yield* store.transaction(
          Effect.gen(function* () {
            // the read of an attendance event: on SQL it also brings the organisation's version
            yield* store.assignments.getWithActivity(mine.id)
            const first = yield* store.organisation
            const created = yield* Organisation.createUnit(office, {
              level: "squad",
              name: "新建社区",
              code: "PH-DH-09",
              parentId: org.dh,
              establishedOn: "2012-09-20"
            })
            const second = yield* store.organisation
            return { grew: second.units.length - first.units.length, has: second.units.some((u) => u.id === created.id) }
          })
        )
      })
      expect(await h.run(program)).toEqual({ grew: 1, has: true })
    })

    it("A1/A5: for a major activity a squadron captain sends their own volunteers, not others'", async () => {
      await h.run(insertVolunteers([makeVolunteer(1, org.s1), makeVolunteer(3, org.s3)]))
      const major = await plan(office, activityInput(org.brigade, 5, { scope: "major" }))
      await h.run(Activities.dispatch("captain-dh", { activityId: major.id, volunteerId: "vol-1" }))
      expect(await h.failure(Activities.dispatch("captain-dh", { activityId: major.id, volunteerId: "vol-3" }))).toMatchObject({
        _tag: "NotInJurisdiction"
      })
      await h.run(Activities.dispatch("captain-zd", { activityId: major.id, volunteerId: "vol-3" }))
      const regular = await plan("captain-dh", activityInput(org.dh, 6))
      expect(await h.failure(Activities.dispatch("captain-zd", { activityId: regular.id, volunteerId: "vol-3" }))).toMatchObject({
        _tag: "NotInJurisdiction",
        unitId: org.dh
      })
    })

    it("A5: 100 concurrent sign-ups for the last places — exactly capacity winners, typed refusals for the rest", async () => {
      const volunteers = Array.from({ length: 100 }, (_, i) => makeVolunteer(i + 1, i % 2 === 0 ? org.s1 : org.s2))
      await h.run(insertVolunteers(volunteers))
      const a = await plan("captain-dh", activityInput(org.dh, 5, { capacity: 3 }))
      const results = await Promise.all(
        volunteers.map((v) =>
          h.run(Effect.result(Activities.signUp(Activities.selfActor(v.id), { activityId: a.id, volunteerId: v.id })))
        )
      )
      expect(results.filter(Result.isSuccess)).toHaveLength(3)
      for (const r of results) {
        if (Result.isFailure(r)) expect(r.failure).toMatchObject({ _tag: "AssignmentRefused", reason: "capacityFull" })
      }
      const stored = await h.run(withStore((s) => s.assignments.listByActivity(a.id)))
      expect(stored).toHaveLength(3)
    })

    it("A5: 100 concurrent overlapping assignments of one volunteer — exactly one wins", async () => {
      await h.run(insertVolunteers([makeVolunteer(1, org.s1)]))
      const ids = await h.run(
        Effect.gen(function* () {
          const store = yield* Store
          const out: Array<ActivityId> = []
          for (let i = 0; i < 100; i++) {
            const id = `act-${String(i).padStart(3, "0")}` as ActivityId
            const input = Activity.ActivityInput.make(activityInput(org.dh, 5, { title: `巡查 ${i}` }) as never)
            yield* store.activities.insert(Activity.plan(id, { ...input, window: { start: at(5, "09:00"), end: (at(5, "10:00") + i * 60_000) as Instant } }))
            out.push(id)
          }
          return out
        })
      )
      const results = await Promise.all(
        ids.map((activityId) => h.run(Effect.result(Activities.dispatch("captain-dh", { activityId, volunteerId: "vol-1" }))))
      )
      expect(results.filter(Result.isSuccess)).toHaveLength(1)
      for (const r of results) {
        if (Result.isFailure(r)) expect(r.failure).toMatchObject({ _tag: "AssignmentRefused", reason: "doubleBooked" })
      }
      const stored = await h.run(withStore((s) => s.assignments.listByVolunteer("vol-1" as VolunteerId)))
      expect(stored).toHaveLength(1)
    })

    it("A6: an activity needing a written agreement refuses assignment without one and records it with one", async () => {
      await h.run(insertVolunteers([makeVolunteer(1, org.s1)]))
      const a = await plan("captain-dh", activityInput(org.dh, 5, { agreement: { requestedByParty: true } }))
      const sign = (extra: Record<string, unknown>) =>
        Activities.signUp(Activities.selfActor("vol-1"), { activityId: a.id, volunteerId: "vol-1", ...extra })
      expect(await h.failure(sign({}))).toMatchObject({ _tag: "AssignmentRefused", reason: "agreementMissing" })
      expect(await h.failure(sign({ agreementSigned: false }))).toMatchObject({ reason: "agreementMissing" })
      const granted = await h.run(sign({ agreementSigned: true }))
      const stored = await h.run(withStore((s) => s.assignments.get(granted.id)))
      expect(stored.agreementSigned).toBe(true)
      const long = await plan("captain-dh", {
        ...activityInput(org.dh, 10),
        window: { start: at(10, "09:00"), end: instant("2026-04-10T09:00:00+08:00") }
      })
      expect(
        await h.failure(Activities.signUp(Activities.selfActor("vol-1"), { activityId: long.id, volunteerId: "vol-1" }))
      ).toMatchObject({ reason: "agreementMissing" })
    })

    it("D1/D3: finalisation gives every assignment exactly one outcome, with badge violations", async () => {
      await h.run(insertVolunteers([1, 2, 3, 4, 5, 6].map((n) => makeVolunteer(n, org.s1))))
      h.clock.set(at(2, "09:00"))
      const a = await plan("captain-dh", activityInput(org.dh, 5))
      const ids: Record<number, string> = {}
      for (const n of [1, 2, 3, 4, 5, 6]) {
        ids[n] = (await h.run(Activities.dispatch("captain-dh", { activityId: a.id, volunteerId: `vol-${n}` }))).id
      }
      const leave = await h.run(Activities.requestLeave(Activities.selfActor("vol-6"), { assignmentId: ids[6], reason: "家中有事" }))
      await h.run(Activities.decideLeave("leader-s1", { requestId: leave.id, decision: "approved" }))
      h.clock.set(at(5, "09:00"))
      await h.run(Activities.start("captain-dh", a.id))
      await h.run(attend("captain-dh", ids[1]!, 5, { in: "09:05", out: "11:55", badgeWorn: true }))
      await h.run(attend("captain-dh", ids[2]!, 5, { in: "09:06", out: "12:00", badgeWorn: true }))
      await h.run(attend("captain-dh", ids[3]!, 5, { in: "08:50", out: "11:30", badgeWorn: false }))
      await h.run(attend("captain-dh", ids[4]!, 5, { in: "09:30", out: "10:00" }))
      await h.run(Activities.end("captain-dh", a.id))
      const done = await h.run(Activities.finaliseAttendance("captain-dh", a.id))
      const byVolunteer = new Map(done.rows.map((r) => [r.volunteerId, r]))
      expect(done.rows).toHaveLength(6)
      expect(byVolunteer.get("vol-1" as VolunteerId)).toMatchObject({ outcome: "present", violations: [] })
      expect(byVolunteer.get("vol-2" as VolunteerId)?.outcome).toBe("late")
      expect(byVolunteer.get("vol-3" as VolunteerId)?.violations.map((v) => v.kind)).toEqual(["leftEarly", "noBadge"])
      expect(byVolunteer.get("vol-4" as VolunteerId)?.outcome).toBe("lateAndLeftEarly")
      expect(byVolunteer.get("vol-5" as VolunteerId)).toMatchObject({ outcome: "absentWithoutLeave", points: 3, standing: "reminder" })
      expect(byVolunteer.get("vol-6" as VolunteerId)).toMatchObject({ outcome: "excused", points: 0, violations: [] })
      expect(done.activity.recordFinalised).toBe(true)
      expect(await h.failure(attend("captain-dh", ids[5]!, 5, { in: "10:00" }))).toMatchObject({
        _tag: "AttendanceClosed",
        reason: "recordFinalised"
      })
      expect(
        await h.failure(Activities.checkOut("captain-dh", { assignmentId: ids[1], at: at(5, "12:00"), evidence: "code", badgeWorn: true }))
      ).toMatchObject({ _tag: "InputInvalid" })
    })

    it("D1: event order does not matter — the same events in reverse give the same outcome table", async () => {
      const scenarios: ReadonlyArray<ReadonlyArray<{ kind: "checkIn" | "checkOut"; time: string; badgeWorn?: boolean }>> = [
        [{ kind: "checkIn", time: "09:00", badgeWorn: true }, { kind: "checkOut", time: "12:00" }],
        [{ kind: "checkIn", time: "09:20" }, { kind: "checkIn", time: "09:02", badgeWorn: false }, { kind: "checkOut", time: "11:00" }, { kind: "checkOut", time: "11:58" }],
        [{ kind: "checkOut", time: "10:00" }, { kind: "checkIn", time: "09:40", badgeWorn: true }],
        [{ kind: "checkOut", time: "12:00" }, { kind: "checkOut", time: "11:00" }],
        []
      ]
      await h.run(insertVolunteers(Array.from({ length: 10 }, (_, i) => makeVolunteer(i + 1, org.s1))))
      const tables = []
      for (const [k, day] of [[0, 5], [1, 6]] as const) {
        const a = await plan("captain-dh", activityInput(org.dh, day))
        await h.run(Activities.start("captain-dh", a.id))
        for (const [i, events] of scenarios.entries()) {
          const assignment = await h.run(Activities.dispatch("captain-dh", { activityId: a.id, volunteerId: `vol-${k * 5 + i + 1}` }))
          const ordered = k === 0 ? events : [...events].reverse()
          for (const e of ordered) {
            await h.run(
              Activities.recordAttendance("captain-dh", {
                assignmentId: assignment.id,
                kind: e.kind,
                at: at(day, e.time),
                evidence: "leaderAttestation",
                ...(e.badgeWorn === undefined ? {} : { badgeWorn: e.badgeWorn })
              })
            )
          }
        }
        await h.run(Activities.end("captain-dh", a.id))
        const done = await h.run(Activities.finaliseAttendance("captain-dh", a.id))
        tables.push(done.rows.map((r) => [r.outcome, r.badgeWorn, r.violations.map((v) => v.kind), r.points]))
      }
      expect(tables[1]).toEqual(tables[0])
      expect(tables[0]?.map((r) => r[0])).toEqual(["present", "present", "lateAndLeftEarly", "absentWithoutLeave", "absentWithoutLeave"])
    })

    it("D2: leave is asked before the start, timely from 24 h; a rejected or undecided request does not excuse", async () => {
      await h.run(insertVolunteers([1, 2, 3].map((n) => makeVolunteer(n, org.s1))))
      const a = await plan("captain-dh", activityInput(org.dh, 5))
      const ids: Array<string> = []
      for (const n of [1, 2, 3]) ids.push((await h.run(Activities.dispatch("captain-dh", { activityId: a.id, volunteerId: `vol-${n}` }))).id)
      const ask = (i: number) => Activities.requestLeave(Activities.selfActor(`vol-${i + 1}`), { assignmentId: ids[i], reason: "孩子生病" })
      h.clock.set(at(4, "09:00"))
      const timely = await h.run(ask(0))
      expect(timely).toMatchObject({ status: "pending", timely: true })
      h.clock.set(at(4, "09:01"))
      const late = await h.run(ask(1))
      expect(late.timely).toBe(false)
      expect(await h.failure(Activities.requestLeave(Activities.selfActor("vol-3"), { assignmentId: ids[2], reason: "   " }))).toMatchObject({
        _tag: "LeaveReasonInvalid"
      })
      await h.run(Activities.decideLeave("captain-dh", { requestId: late.id, decision: "rejected" }))
      expect(await h.failure(Activities.decideLeave("captain-dh", { requestId: late.id, decision: "approved" }))).toMatchObject({
        _tag: "LeaveAlreadyDecided",
        status: "rejected"
      })
      h.clock.set(at(5, "09:00"))
      expect(await h.failure(ask(2))).toMatchObject({ _tag: "LeaveTooLate" })
      await h.run(runToEnd("captain-dh", a.id))
      const done = await h.run(Activities.finaliseAttendance("captain-dh", a.id))
      expect(done.rows.map((r) => r.outcome)).toEqual(["absentWithoutLeave", "absentWithoutLeave", "absentWithoutLeave"])
      expect(await h.failure(Activities.decideLeave("captain-dh", { requestId: timely.id, decision: "approved" }))).toMatchObject({
        _tag: "LeaveDecisionClosed"
      })
    })

    it("D4: approved leave never yields points, whatever the events; no-shows do", async () => {
      await h.run(insertVolunteers([1, 2].map((n) => makeVolunteer(n, org.s1))))
      const a = await plan("captain-dh", activityInput(org.dh, 5))
      const excused = await h.run(Activities.dispatch("captain-dh", { activityId: a.id, volunteerId: "vol-1" }))
      await h.run(Activities.dispatch("captain-dh", { activityId: a.id, volunteerId: "vol-2" }))
      const leave = await h.run(Activities.requestLeave("leader-s1", { assignmentId: excused.id, reason: "出差" }))
      await h.run(Activities.decideLeave("leader-s1", { requestId: leave.id, decision: "approved" }))
      await h.run(Activities.start("captain-dh", a.id))
      await h.run(attend("captain-dh", excused.id, 5, { in: "10:30", out: "10:45", badgeWorn: false }))
      await h.run(Activities.end("captain-dh", a.id))
      const done = await h.run(Activities.finaliseAttendance("captain-dh", a.id))
      expect(done.rows.map((r) => [r.outcome, r.points])).toEqual([["excused", 0], ["absentWithoutLeave", 3]])
      expect(await h.run(Activities.standing("vol-1" as VolunteerId, localDate("2026-03-05")))).toMatchObject({ points: 0, standing: "clear" })
      expect(await h.run(Activities.standing("vol-2" as VolunteerId, localDate("2026-03-05")))).toMatchObject({ points: 3, standing: "reminder" })
      const violations = await h.run(withStore((s) => s.discipline.violationsOf("vol-1" as VolunteerId)))
      expect(violations).toEqual([])
    })

    it("D4/D5: three no-shows reach suspension — a dated suspension, status suspended, assignment refused, lifted by decision", async () => {
      await h.run(insertVolunteers([makeVolunteer(1, org.s1)]))
      const noShow = async (day: number) => {
        const a = await plan("captain-dh", activityInput(org.dh, day))
        await h.run(Activities.dispatch("captain-dh", { activityId: a.id, volunteerId: "vol-1" }))
        await h.run(runToEnd("captain-dh", a.id))
        h.clock.set(at(day, "13:00"))
        return h.run(Activities.finaliseAttendance("captain-dh", a.id))
      }
      expect((await noShow(5)).rows[0]).toMatchObject({ points: 3, standing: "reminder" })
      expect((await noShow(6)).rows[0]).toMatchObject({ points: 6, standing: "warning" })
      const third = (await noShow(7)).rows[0]
      expect(third).toMatchObject({ points: 9, standing: "suspension", dismissalProposed: false })
      expect(third?.suspension).toMatchObject({ volunteerId: "vol-1", from: "2026-03-07", until: "2026-06-04" })
      const v = await h.run(withStore((s) => s.volunteers.get("vol-1" as VolunteerId)))
      expect(v.status).toBe("suspended")
      const report = await h.run(Activities.standing("vol-1" as VolunteerId, localDate("2026-03-08")))
      expect(report).toMatchObject({ points: 9, standing: "suspension", suspended: true })
      const next = await plan("captain-dh", activityInput(org.dh, 20))
      expect(await h.failure(Activities.dispatch("captain-dh", { activityId: next.id, volunteerId: "vol-1" }))).toMatchObject({
        reason: "volunteerNotActive",
        volunteerStatus: "suspended"
      })
      expect(await h.failure(Activities.liftSuspension("leader-s2", { volunteerId: "vol-1" }))).toMatchObject({ _tag: "NotInJurisdiction" })
      h.clock.set(at(10, "09:00"))
      const lifted = await h.run(Activities.liftSuspension("leader-s1", { volunteerId: "vol-1" }))
      expect(lifted.status).toBe("active")
      expect((await h.run(Activities.standing("vol-1" as VolunteerId, localDate("2026-03-10")))).suspended).toBe(false)
      await h.run(Activities.dispatch("captain-dh", { activityId: next.id, volunteerId: "vol-1" }))
    })

    it("D4: points and thresholds are policy a host can override", async () => {
      const strict = Policy.make({ violationPoints: { ...Policy.defaults.violationPoints, noShow: 9 } })
      await h.run(insertVolunteers([makeVolunteer(1, org.s1)]))
      const a = await plan("captain-dh", activityInput(org.dh, 5))
      await h.run(Activities.dispatch("captain-dh", { activityId: a.id, volunteerId: "vol-1" }))
      await h.run(runToEnd("captain-dh", a.id))
      const done = await h.run(Activities.finaliseAttendance("captain-dh", a.id).pipe(Effect.provideService(PolicyRef, strict)))
      expect(done.rows[0]).toMatchObject({ points: 9, standing: "suspension" })
      expect(done.rows[0]?.suspension).toBeDefined()
    })

    it("D4: reaching the dismissal threshold proposes dismissal — reported, not executed", async () => {
      const harsh = Policy.make({ violationPoints: { ...Policy.defaults.violationPoints, noShow: 12 } })
      await h.run(insertVolunteers([makeVolunteer(1, org.s1)]))
      const a = await plan("captain-dh", activityInput(org.dh, 5))
      await h.run(Activities.dispatch("captain-dh", { activityId: a.id, volunteerId: "vol-1" }))
      await h.run(runToEnd("captain-dh", a.id))
      const done = await h.run(Activities.finaliseAttendance("captain-dh", a.id).pipe(Effect.provideService(PolicyRef, harsh)))
      expect(done.rows[0]).toMatchObject({ points: 12, standing: "dismissalProposal", dismissalProposed: true })
      const v = await h.run(withStore((s) => s.volunteers.get("vol-1" as VolunteerId)))
      expect(v.status).toBe("suspended")
    })

    it("D5: a dated suspension in force on the activity's date refuses assignment even while status is active", async () => {
      await h.run(insertVolunteers([makeVolunteer(1, org.s1)]))
      await h.run(
        withStore((s) =>
          s.discipline.insertSuspension({
            id: "susp-1",
            suspension: { volunteerId: "vol-1" as VolunteerId, from: localDate("2026-03-06"), until: localDate("2026-03-10"), reason: "不服从安排" },
            recordedAt: at(1, "09:00")
          })
        )
      )
      const during = await plan("captain-dh", activityInput(org.dh, 8))
      const before = await plan("captain-dh", activityInput(org.dh, 5))
      const after = await plan("captain-dh", activityInput(org.dh, 11))
      const dispatch = (activityId: string) => Activities.dispatch("captain-dh", { activityId, volunteerId: "vol-1" })
      expect(await h.failure(dispatch(during.id))).toMatchObject({ _tag: "AssignmentRefused", reason: "volunteerSuspended" })
      await h.run(dispatch(before.id))
      await h.run(dispatch(after.id))
    })

    it("H7: a squad leader cannot record attendance or decide leave outside their subtree; the squadron captain above can", async () => {
      await h.run(insertVolunteers([makeVolunteer(1, org.s2), makeVolunteer(2, org.s2)]))
      const a = await plan("leader-s2", activityInput(org.s2, 5))
      const one = await h.run(Activities.dispatch("leader-s2", { activityId: a.id, volunteerId: "vol-1" }))
      const two = await h.run(Activities.dispatch("leader-s2", { activityId: a.id, volunteerId: "vol-2" }))
      const leave = await h.run(Activities.requestLeave(Activities.selfActor("vol-2"), { assignmentId: two.id, reason: "生病" }))
      await h.run(Activities.start("leader-s2", a.id))
      const event = { assignmentId: one.id, at: at(5, "09:00"), evidence: "leaderAttestation", badgeWorn: true }
      expect(await h.failure(Activities.checkIn("leader-s1", event))).toMatchObject({
        _tag: "NotInJurisdiction",
        actorId: "leader-s1",
        unitId: org.s2
      })
      expect(await h.failure(Activities.decideLeave("leader-s1", { requestId: leave.id, decision: "approved" }))).toMatchObject({
        _tag: "NotInJurisdiction"
      })
      expect(await h.failure(Activities.checkIn("captain-zd", event))).toMatchObject({ _tag: "NotInJurisdiction" })
      expect(await h.failure(Activities.end("leader-s1", a.id))).toMatchObject({ _tag: "NotInJurisdiction" })
      await h.run(Activities.checkIn("captain-dh", event))
      await h.run(Activities.decideLeave("captain-dh", { requestId: leave.id, decision: "approved" }))
      const records = await h.run(withStore((s) => s.attendance.listByActivity(a.id)))
      expect(records.map((r) => r.recordedBy)).toEqual(["captain-dh"])
      await h.run(Activities.end("captain-dh", a.id))
      expect(await h.failure(Activities.finaliseAttendance("leader-s1", a.id))).toMatchObject({ _tag: "NotInJurisdiction" })
      const done = await h.run(Activities.finaliseAttendance(office, a.id))
      expect(done.rows.map((r) => r.outcome)).toEqual(["leftEarly", "excused"])
    })
  })
}
