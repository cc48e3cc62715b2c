/**
 * Conformance: who sees what (P3), clear reads and the access log, refusals and the security
 * log (P4), on every adapter.
 */
import { Effect, Result } from "effect"
import fc from "fast-check"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { exportToCsv } from "../../adapters/csv/index.js"
import * as Activity from "../../src/activity.js"
import * as Fixtures from "../../src/fixtures.js"
import * as Hierarchy from "../../src/hierarchy.js"
import type { ActivityId, ActorId, AssignmentId } from "../../src/ids.js"
import * as Policy from "../../src/policy.js"
import { PolicyRef, Store, type IdGenerator } from "../../src/store.js"
import { instant, localDate } from "../../src/time.js"
import type * as Volunteer from "../../src/volunteer.js"
import { Activities, Hours, Organisation, Supervision, Volunteers } from "../../src/workflows/index.js"
import { makeVolunteer } from "./activities.js"
import { harness, type Harness, type StoreFactory } from "./harness.js"

const office = Fixtures.officeActor
const PURPOSE = "核实身份"
const TODAY = localDate("2026-03-01")

/** The brigade, two squadrons and three squads with their officers, and one volunteer per squad. */
const organisation = Effect.gen(function* () {
  const brigade = yield* Organisation.foundBrigade(office, Fixtures.pinghuBrigade)
  const squadron = (name: string, code: string) =>
    Organisation.createUnit(office, { level: "squadron", name, code, parentId: brigade.id, establishedOn: "2012-09-20" })
  const squad = (parentId: string, name: string, code: string) =>
    Organisation.createUnit(office, { level: "squad", name, code, parentId, establishedOn: "2012-09-25" })
  const appoint = (unitId: string, actorId: string, role: string) =>
    Organisation.appoint(office, { unitId, actorId, role, holder: { name: "李明", mobile: "13905730099" }, since: "2012-09-25" })
  const danghu = yield* squadron("当湖街道", "PH-DH")
  const xincang = yield* squadron("新仓镇", "PH-XC")
  const donghu = yield* squad(danghu.id, "东湖社区", "PH-DH-01")
  const xihu = yield* squad(danghu.id, "西湖社区", "PH-DH-02")
  const xcSquad = yield* squad(xincang.id, "新仓社区", "PH-XC-01")
  yield* appoint(brigade.id, "captain-brigade", "captain")
  yield* appoint(danghu.id, "captain-dh", "squadronCaptain")
  yield* appoint(xincang.id, "captain-xc", "squadronCaptain")
  yield* appoint(donghu.id, "leader-donghu", "squadLeader")
  yield* appoint(xihu.id, "leader-xihu", "squadLeader")
  yield* appoint(xcSquad.id, "leader-xc", "squadLeader")
  const store = yield* Store
  const volunteers = [makeVolunteer(1, donghu.id), makeVolunteer(2, xihu.id), makeVolunteer(3, xcSquad.id)]
  yield* store.volunteers.insertMany(volunteers)
  return { brigade, danghu, xincang, donghu, xihu, xcSquad, volunteers, org: yield* store.organisation }
})

/** What a refusal must leave unchanged, and the two logs' lengths. */
const state = Effect.gen(function* () {
  const s = yield* Store
  return {
    volunteers: yield* s.volunteers.list(),
    funds: yield* s.funds.list(),
    audit: (yield* s.audit.list()).length,
    access: (yield* s.accessLog.list()).length,
    security: (yield* s.securityLog.list()).length
  }
})

const tagOf = (r: Result.Result<unknown, unknown>) => (Result.isFailure(r) ? (r.failure as { _tag: string })._tag : "ok")

const ACTORS = [
  office,
  "captain-brigade",
  "captain-dh",
  "captain-xc",
  "leader-donghu",
  "leader-xihu",
  "leader-xc",
  "stranger",
  "volunteer:vol-1"
] as const

/**
 * The access cases of the conformance suite: reads scoped like writes (P3), clear reads and
 * the access log, refusals and the security log (P4).
 *
 * @category testing
 * @since 0.2.0
 */
export const accessSuite = (factory: StoreFactory): void => {
  describe(`${factory.name}: access (P3, P4)`, () => {
    let h: Harness
    beforeEach(async () => {
      h = await harness(factory)
    })
    afterEach(async () => {
      await h.close()
    })

    it("P3/P4: an actor reads a volunteer iff the volunteer is in its subtree (or is itself); clear iff permitted, then exactly one access-log entry; a refusal gives one security-log entry and no other change", async () => {
      const o = await h.run(organisation)
      const sees = (actor: string, v: Volunteer.Individual) =>
        actor === `volunteer:${v.id}` || Hierarchy.covers(o.org, actor as ActorId, v.squadId, TODAY)
      const permitted = (actor: string, v: Volunteer.Individual) => actor === office || actor === `volunteer:${v.id}`
      const counts = { allowed: 0, refused: 0, clear: 0 }
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ACTORS),
          fc.nat(o.volunteers.length - 1),
          fc.boolean(),
          fc.constantFrom("get", "publicView", "list"),
          async (actor, n, clear, op) => {
            const v = o.volunteers[n]!
            const options = clear ? { clear: true, purpose: PURPOSE } : {}
            const before = await h.run(state)
            if (op === "list") {
              const result = await h.run(Effect.result(Volunteers.list(actor, {}, options)))
              const visible = o.volunteers.filter((x) => sees(actor, x) && actor !== `volunteer:${x.id}`)
              const clearAllowed = actor === office || actor.startsWith("volunteer:")
              if (clear && !clearAllowed) {
                expect(tagOf(result)).toBe("PermissionDenied")
                expect(await h.run(state)).toEqual({ ...before, security: before.security + 1 })
                counts.refused += 1
                return
              }
              expect(Result.isSuccess(result)).toBe(true)
              const listed = Result.isSuccess(result) ? result.success : []
              expect(listed.map((x) => x.id)).toEqual(visible.map((x) => x.id))
              for (const x of listed) {
                const original = o.volunteers.find((y) => y.id === x.id)!
                expect(x.mobile === original.mobile).toBe(clear)
              }
              expect(await h.run(state)).toEqual({ ...before, access: before.access + (clear ? 1 : 0) })
              counts.allowed += 1
              return
            }
            const reading: Effect.Effect<unknown, unknown, Store | IdGenerator> =
              op === "get" ? Volunteers.get(actor, v.id, options) : Volunteers.publicView(actor, v.id, options)
            const result = await h.run(Effect.result(reading))
            const expected = !sees(actor, v) ? "NotInJurisdiction" : clear && !permitted(actor, v) ? "PermissionDenied" : "ok"
            expect({ actor, v: v.id, op, clear, outcome: tagOf(result) }).toEqual({ actor, v: v.id, op, clear, outcome: expected })
            const after = await h.run(state)
            if (expected === "ok") {
              const shown = Result.isSuccess(result) ? (result.success as { mobile: string }).mobile : ""
              expect(shown === v.mobile).toBe(clear)
              expect(after).toEqual({ ...before, access: before.access + (clear ? 1 : 0) })
              if (clear) {
                const last = (await h.run(Volunteers.accessLog(office, { actorId: actor }))).at(-1)
                expect(last).toMatchObject({ actorId: actor, purpose: PURPOSE, operation: `volunteers.${op}`, records: [{ kind: "volunteer", id: v.id }] })
                counts.clear += 1
              }
              counts.allowed += 1
            } else {
              expect(after).toEqual({ ...before, security: before.security + 1 })
              const last = (await h.run(Organisation.securityLog(office, { actorId: actor }))).at(-1)
              expect(last).toMatchObject({ actorId: actor, operation: `volunteers.${op}`, reason: expected === "PermissionDenied" ? "PermissionDenied:clearRead" : "NotInJurisdiction" })
              expect(JSON.stringify(last)).not.toContain(v.mobile)
              counts.refused += 1
            }
          }
        ),
        { numRuns: Number(process.env.ACCESS_RUNS ?? 60) }
      )
      expect(counts.allowed).toBeGreaterThan(0)
      expect(counts.refused).toBeGreaterThan(0)
    })

    it("P3: rosters and lists are scoped to the actor's subtree; masked by default, clear only for a permitted role with a purpose", async () => {
      const o = await h.run(organisation)
      expect((await h.run(Volunteers.list("captain-dh"))).map((v) => v.id)).toEqual([o.volunteers[0]!.id, o.volunteers[1]!.id])
      expect((await h.run(Volunteers.list("leader-xc"))).map((v) => v.id)).toEqual([o.volunteers[2]!.id])
      expect(await h.run(Volunteers.list("stranger"))).toEqual([])
      expect(await h.failure(Volunteers.list("leader-xc", { unitId: o.danghu.id }))).toMatchObject({ _tag: "NotInJurisdiction", unitId: o.danghu.id })
      expect(await h.failure(Volunteers.annex3("leader-xc", o.donghu.id))).toMatchObject({ _tag: "NotInJurisdiction" })
      expect(await h.failure(Volunteers.annex2("leader-donghu", o.danghu.id))).toMatchObject({ _tag: "NotInJurisdiction" })
      expect(await h.failure(Volunteers.annex1("captain-dh"))).toMatchObject({ _tag: "NotInJurisdiction" })
      const masked = await h.run(Volunteers.get("leader-donghu", o.volunteers[0]!.id))
      expect(masked.document.number).not.toBe(o.volunteers[0]!.document.number)
      expect(masked.mobile).toBe(`${o.volunteers[0]!.mobile.slice(0, 3)}****${o.volunteers[0]!.mobile.slice(-4)}`)
      // clear output needs a purpose (a typed input error, nothing logged) and a permitted role
      const before = await h.run(state)
      expect(await h.failure(Volunteers.get(office, o.volunteers[0]!.id, { clear: true }))).toMatchObject({ _tag: "InputInvalid", field: "purpose" })
      expect(await h.run(state)).toEqual(before)
      expect(await h.failure(Volunteers.annex3("leader-donghu", o.donghu.id, { clear: true, purpose: PURPOSE }))).toMatchObject({
        _tag: "PermissionDenied",
        permission: "clearRead",
        targetId: o.donghu.id
      })
      const roster = await h.run(Volunteers.annex3(office, o.donghu.id, { clear: true, purpose: "向民政局报送名册" }))
      expect(JSON.stringify(roster)).toContain("13905730099")
      const entries = await h.run(Volunteers.accessLog(office, { actorId: office }))
      expect(entries).toHaveLength(1)
      expect(entries[0]).toMatchObject({ operation: "volunteers.annex3", purpose: "向民政局报送名册" })
      expect(entries[0]!.records).toEqual([
        { kind: "appointment", id: o.org.appointments.find((a) => a.actorId === "leader-donghu")!.id },
        { kind: "volunteer", id: o.volunteers[0]!.id }
      ])
      // the org chart masks the holders' mobiles
      expect(JSON.stringify(await h.run(Organisation.tree()))).not.toContain("13905730099")
    })

    it("P4: a host policy can grant clear reads to more roles; the access log answers who saw a person's records in a period", async () => {
      const o = await h.run(organisation)
      const v = o.volunteers[0]!
      await h.run(Volunteers.get(office, v.id, { clear: true, purpose: "核实身份" }))
      h.clock.set(Date.parse("2026-06-01T10:00:00+08:00"))
      await h.run(Volunteers.publicView(office, v.id, { clear: true, purpose: "表彰公示前核对" }))
      await h.run(Volunteers.get(office, o.volunteers[2]!.id, { clear: true, purpose: "核实身份" }))
      await h.run(Volunteers.get("volunteer:vol-1", v.id, { clear: true, purpose: "本人查询" }))
      const ofV = await h.run(Volunteers.accessLog(office, { volunteerId: v.id }))
      expect(ofV.map((e) => [e.actorId, e.purpose])).toEqual([
        [office, "核实身份"],
        [office, "表彰公示前核对"],
        ["volunteer:vol-1", "本人查询"]
      ])
      expect((await h.run(Volunteers.accessLog(office, { volunteerId: v.id, from: "2026-01-01", to: "2026-04-01" }))).map((e) => e.purpose)).toEqual(["核实身份"])
      expect(await h.run(Volunteers.accessLog(office, { volunteerId: "volunteer_%" }))).toEqual([])
      // a host may grant clear reads to squadron captains: within their own subtree only
      const wider = Policy.make({ clearReadRoles: ["office", "squadronCaptain"] })
      const asCaptain = <A, E>(e: Effect.Effect<A, E, Store | IdGenerator>) => Effect.provideService(e, PolicyRef, wider)
      expect((await h.run(asCaptain(Volunteers.get("captain-dh", v.id, { clear: true, purpose: "回访" })))).mobile).toBe(v.mobile)
      expect(await h.failure(asCaptain(Volunteers.get("captain-dh", o.volunteers[2]!.id, { clear: true, purpose: "回访" })))).toMatchObject({
        _tag: "NotInJurisdiction"
      })
      expect(await h.failure(Volunteers.get("captain-dh", v.id, { clear: true, purpose: "回访" }))).toMatchObject({ _tag: "PermissionDenied" })
      expect((await h.run(Volunteers.accessLog(office, { actorId: "captain-dh" }))).map((e) => e.purpose)).toEqual(["回访"])
      expect(await h.failure(Volunteers.accessLog("captain-dh", {}))).toMatchObject({ _tag: "PermissionDenied", permission: "readLogs" })
      expect(await h.failure(Organisation.securityLog("captain-dh"))).toMatchObject({ _tag: "PermissionDenied", permission: "readLogs" })
      expect((await h.run(Organisation.securityLog(office))).map((e) => [e.actorId, e.operation, e.reason])).toEqual([
        ["captain-dh", "volunteers.get", "NotInJurisdiction"],
        ["captain-dh", "volunteers.get", "PermissionDenied:clearRead"],
        ["captain-dh", "volunteers.accessLog", "PermissionDenied:readLogs"],
        ["captain-dh", "organisation.securityLog", "PermissionDenied:readLogs"]
      ])
    })

    it("P6: a volunteer obtains everything held about them — registration, groups, assignments, attendance, leave, discipline, hours, certificates — as JSON and CSV; others only within their jurisdiction, masked", async () => {
      const o = await h.run(organisation)
      const v = o.volunteers[0]!
      const other = o.volunteers[2]!
      const start = instant("2026-03-05T09:00:00+08:00")
      const end = instant("2026-03-05T12:00:00+08:00")
      const activityInput = Activity.ActivityInput.make({
        title: "社区政策宣传",
        scope: "regular",
        organiserUnitId: o.donghu.id,
        category: "policyPublicity",
        window: { start, end },
        capacity: 10,
        hazardous: false,
        agreement: {}
      } as never)
      const group = await h.run(
        Volunteers.registerGroup("leader-donghu", {
          name: "东湖社区青年志愿者服务队", contactPerson: "王五", contactPhone: "0573-85030727", memberCount: 5, memberIds: [v.id], squadId: o.donghu.id, skills: []
        })
      )
      await h.run(
        Effect.gen(function* () {
          const store = yield* Store
          yield* store.activities.insert(Activity.plan("act-p6" as ActivityId, activityInput))
          for (const who of [v, other]) {
            yield* store.assignments.insert({ id: `asg-${who.id}` as AssignmentId, activityId: "act-p6" as ActivityId, volunteerId: who.id, via: "dispatch", assignedBy: office as ActorId, assignedAt: start })
            yield* store.attendance.append({ id: `att-${who.id}`, activityId: "act-p6" as ActivityId, volunteerId: who.id, event: { assignmentId: `asg-${who.id}` as AssignmentId, kind: "checkIn", at: start, evidence: "leaderAttestation" }, recordedBy: "leader-donghu" as ActorId, recordedAt: start })
            yield* store.hours.append({
              id: `hours-${who.id}`, volunteerId: who.id, recordingUnitId: who.squadId, squadId: who.squadId, serviceStart: instant("2026-02-20T09:00:00+08:00"),
              serviceEnd: instant("2026-02-20T12:00:00+08:00"), minutes: 180, kind: "makeUp", evidence: "makeUp", reason: "补录", approvedBy: office,
              recordedAt: instant("2026-02-21T09:00:00+08:00"), recordedBy: office
            } as never)
          }
        })
      )
      const cert = await h.run(
        Hours.issueCertificate("leader-donghu", {
          volunteerId: v.id, from: "2026-01-01", to: "2026-12-31",
          issuer: { unitId: o.donghu.id, personInCharge: "章萍", handler: "李明", contact: "85030727" }
        })
      )
      const self = `volunteer:${v.id}`
      const copy = await h.run(Volunteers.exportOf(self, v.id, { clear: true, purpose: "本人查阅" }))
      expect(copy.masked).toBe(false)
      expect(copy.registration).toEqual(v)
      expect(copy.groups).toEqual([{ id: group.id, name: group.name, volunteerNumber: group.volunteerNumber }])
      expect(copy.assignments.map((a) => a.id)).toEqual([`asg-${v.id}`])
      expect(copy.attendance.map((a) => a.id)).toEqual([`att-${v.id}`])
      expect(copy.hours).toMatchObject({ totalMinutes: 180, entries: [{ id: `hours-${v.id}` }] })
      expect(copy.certificates.map((c) => c.serial)).toEqual([cert.serial])
      expect(copy.leave).toEqual([])
      expect(copy.violations).toEqual([])
      // nothing of another volunteer
      expect(JSON.stringify(copy)).not.toContain(other.id)
      // portable: JSON round-trips, and the CSV holds every field of every section
      expect(JSON.parse(JSON.stringify(copy))).toEqual(copy)
      const csv = exportToCsv(copy)
      for (const text of [v.document.number, v.mobile, cert.serial, `asg-${v.id}`, `att-${v.id}`, "登记信息", "服务时长", "服务证明"]) {
        expect(csv).toContain(text)
      }
      // the person's clear copy is logged once, under their own name
      expect((await h.run(Volunteers.accessLog(office, { volunteerId: v.id }))).map((e) => [e.actorId, e.operation])).toEqual([[self, "volunteers.exportOf"]])
      // an officer covering the squad gets a masked copy; clear needs the permission; others are refused
      const masked = await h.run(Volunteers.exportOf("captain-dh", v.id))
      expect(masked.masked).toBe(true)
      expect(JSON.stringify(masked)).not.toContain(v.mobile)
      expect(exportToCsv(masked)).not.toContain(v.document.number)
      expect(await h.failure(Volunteers.exportOf("captain-dh", v.id, { clear: true, purpose: "核对" }))).toMatchObject({ _tag: "PermissionDenied" })
      expect(await h.failure(Volunteers.exportOf("leader-xc", v.id))).toMatchObject({ _tag: "NotInJurisdiction" })
      expect(await h.failure(Volunteers.exportOf(`volunteer:${other.id}`, v.id))).toMatchObject({ _tag: "NotInJurisdiction" })
      expect(await h.failure(Volunteers.exportOf(office, "vol-none"))).toMatchObject({ _tag: "NotFound" })
    })

    it("P4: every refusal of a mutating workflow (H7, F4) writes one security-log entry with no personal data, and changes nothing else", async () => {
      const o = await h.run(organisation)
      const before = await h.run(state)
      const person = {
        name: "张三", gender: "female", birthDate: "1949-12-31",
        document: { type: "residentId", number: "11010519491231002X" },
        mobile: "13800138000", skills: ["legalAid"], squadId: o.donghu.id, publishNameConsent: false
      }
      expect(await h.failure(Volunteers.registerIndividual("leader-xc", person))).toMatchObject({ _tag: "NotInJurisdiction" })
      expect(await h.failure(Supervision.allocate("captain-dh", { squadronId: o.danghu.id, year: 2026, amountFen: 100 }))).toMatchObject({
        _tag: "FundDutiesNotSeparated"
      })
      expect(await h.failure(Activities.withdraw("stranger", { assignmentId: "asg-none" }))).toMatchObject({ _tag: "NotFound" })
      expect(await h.run(state)).toEqual({ ...before, security: before.security + 2 })
      const log = await h.run(Organisation.securityLog(office, { from: "2026-03-01", to: "2026-03-02" }))
      expect(log.map((e) => [e.actorId, e.operation, e.targetKind, e.targetId, e.reason])).toEqual([
        ["leader-xc", "volunteers.registerIndividual", "unit", o.donghu.id, "NotInJurisdiction"],
        ["captain-dh", "funds.allocate", "unit", o.danghu.id, "FundDutiesNotSeparated:squadronOfficer"]
      ])
      expect(JSON.stringify(log)).not.toMatch(/11010519491231002X|13800138000/)
      expect(await h.run(Organisation.securityLog(office, { operation: "funds.allocate" }))).toHaveLength(1)
      expect(await h.run(Organisation.securityLog(office, { from: "2026-03-02" }))).toEqual([])
    })
  })
}
