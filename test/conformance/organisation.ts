/**
 * Conformance cases for the organisation (H1–H8), transactions, audit and the Store's error
 * contract. Every adapter runs exactly these cases.
 */
import { Effect, Result } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import * as Fixtures from "../../src/fixtures.js"
import * as Hierarchy from "../../src/hierarchy.js"
import type { ActivityId, UnitId } from "../../src/ids.js"
import * as Policy from "../../src/policy.js"
import { PolicyRef, Store, type AttendanceRecord } from "../../src/store.js"
import { Organisation } from "../../src/workflows/index.js"
import { harness, type Harness, type StoreFactory } from "./harness.js"

const office = Fixtures.officeActor

/** Founds the Pinghu brigade and returns its id. */
export const foundPinghu = Organisation.foundBrigade(office, Fixtures.pinghuBrigade)

const squadron = (parentId: string, name: string, code: string) =>
  Organisation.createUnit(office, { level: "squadron", name, code, parentId, establishedOn: "2012-09-20" })

const squad = (actor: string, parentId: string, name: string, code: string) =>
  Organisation.createUnit(actor, { level: "squad", name, code, parentId, establishedOn: "2012-09-25" })

const snapshot = Effect.gen(function* () {
  const store = yield* Store
  return {
    units: yield* store.units.all,
    appointments: yield* store.appointments.all,
    teams: yield* store.teams.all,
    audit: yield* store.audit.list()
  }
})

/**
 * The organisation cases of the conformance suite.
 *
 * @category testing
 * @since 0.1.0
 */
export const organisationSuite = (factory: StoreFactory): void => {
  describe(`${factory.name}: organisation`, () => {
    let h: Harness
    beforeEach(async () => {
      h = await harness(factory)
    })
    afterEach(async () => {
      await h.close()
    })

    it("H1: a city has exactly one brigade; a second founding is refused and writes nothing", async () => {
      const brigade = await h.run(foundPinghu)
      expect(brigade.level).toBe("brigade")
      const before = await h.run(snapshot)
      const e = await h.failure(Organisation.foundBrigade(office, { ...Fixtures.pinghuBrigade, code: "PH2" }))
      expect(e).toMatchObject({ _tag: "UnitInvalid", reason: "brigadeExists" })
      expect(await h.run(snapshot)).toEqual(before)
    })

    it("H1: one captain and at most one deputy captain per designated department", async () => {
      const b = await h.run(foundPinghu)
      const appoint = (actorId: string, role: string, department?: string) =>
        Organisation.appoint(office, {
          unitId: b.id,
          actorId,
          role,
          ...(department ? { department } : {}),
          holder: { name: Fixtures.personName(actorId.length) },
          since: "2012-09-20"
        })
      await h.run(appoint("cap-1", "captain"))
      expect(await h.failure(appoint("cap-2", "captain"))).toMatchObject({ reason: "secondHolder" })
      await h.run(appoint("dep-1", "deputyCaptain", "市公安局"))
      expect(await h.failure(appoint("dep-2", "deputyCaptain", "市公安局"))).toMatchObject({
        _tag: "AppointmentInvalid",
        reason: "secondDeputyForDepartment"
      })
      expect(await h.failure(appoint("dep-3", "deputyCaptain", "市教育局"))).toMatchObject({
        reason: "departmentNotDesignated"
      })
      expect(await h.failure(appoint("dep-4", "deputyCaptain"))).toMatchObject({ reason: "departmentMissing" })
      const deputies = (await h.run(Organisation.load)).appointments.filter((a) => a.role === "deputyCaptain")
      expect(deputies.map((d) => d.department)).toEqual(["市公安局"])
    })

    it("H1: another city passes its own list of designated departments", async () => {
      const b = await h.run(foundPinghu)
      const own = Policy.make({ designatedDepartments: ["市教育局"] })
      const appointed = await h.run(
        Organisation.appoint(office, {
          unitId: b.id,
          actorId: "dep-edu",
          role: "deputyCaptain",
          department: "市教育局",
          holder: { name: "李明" },
          since: "2012-09-20"
        }).pipe(Effect.provideService(PolicyRef, own))
      )
      expect(appointed.department).toBe("市教育局")
    })

    it("H2: the brigade keeps its office, administrative lead, professional guide and service centre", async () => {
      const b = await h.run(foundPinghu)
      const stored = await h.run(Effect.flatMap(Store, (s) => s.units.get(b.id)))
      expect(stored.profile).toEqual(Fixtures.pinghuBrigade.profile)
      const relations = Object.values(stored.profile ?? {})
      expect(new Set(relations).size).toBe(relations.length)
      const officeHolders = (await h.run(Organisation.load)).appointments.filter((a) => a.role === "office")
      expect(officeHolders.map((a) => a.actorId)).toEqual([office])
    })

    it("H3: one squadron per town, under the brigade only", async () => {
      const b = await h.run(foundPinghu)
      const s = await h.run(squadron(b.id, "当湖街道", "PH-DH"))
      expect(s.parents).toEqual([{ parentId: b.id, from: "2012-09-20" }])
      expect(await h.failure(squadron(b.id, "当湖街道", "PH-DH2"))).toMatchObject({ reason: "duplicateName" })
      const q = await h.run(squad(office, s.id, "东湖社区", "PH-DH-01"))
      expect(
        await h.failure(
          Organisation.createUnit(office, {
            level: "squadron",
            name: "乍浦镇",
            code: "PH-ZP",
            parentId: q.id,
            establishedOn: "2012-09-20"
          })
        )
      ).toMatchObject({ reason: "wrongParentLevel" })
    })

    it("H4: one squad per community, child of its town's squadron; no level is skipped", async () => {
      const b = await h.run(foundPinghu)
      const s = await h.run(squadron(b.id, "当湖街道", "PH-DH"))
      const q = await h.run(squad(office, s.id, "东湖社区", "PH-DH-01"))
      expect(Hierarchy.currentParent(q)).toBe(s.id)
      expect(await h.failure(squad(office, s.id, "东湖社区", "PH-DH-09"))).toMatchObject({ reason: "duplicateName" })
      expect(await h.failure(squad(office, b.id, "西湖社区", "PH-DH-02"))).toMatchObject({ reason: "wrongParentLevel" })
      expect(await h.failure(squad(office, "unit_missing", "西湖社区", "PH-DH-02"))).toMatchObject({
        _tag: "NotInJurisdiction"
      })
    })

    it("H5: a patrol team attaches to a squad and is not a level of the tree", async () => {
      const b = await h.run(foundPinghu)
      const s = await h.run(squadron(b.id, "当湖街道", "PH-DH"))
      const q = await h.run(squad(office, s.id, "东湖社区", "PH-DH-01"))
      const unitsBefore = (await h.run(snapshot)).units.length
      const team = await h.run(Organisation.createTeam(office, { squadId: q.id, kind: "patrol", name: "东湖社区治安巡查志愿服务队" }))
      expect(team.unitId).toBe(q.id)
      expect((await h.run(snapshot)).units.length).toBe(unitsBefore)
      expect(
        await h.failure(Organisation.createTeam(office, { squadId: s.id, kind: "patrol", name: "中队巡查队" }))
      ).toMatchObject({ reason: "wrongParentLevel" })
    })

    it("H6: a squad moved on D belongs to the new squadron from D on, and to the old one before", async () => {
      const b = await h.run(foundPinghu)
      const a = await h.run(squadron(b.id, "当湖街道", "PH-DH"))
      const c = await h.run(squadron(b.id, "钟埭街道", "PH-ZD"))
      const q = await h.run(squad(office, a.id, "兴平社区", "PH-DH-01"))
      await h.run(Organisation.moveSquad(office, { squadId: q.id, toSquadronId: c.id, on: "2025-07-01" }))
      expect(await h.run(Organisation.squadronOn(q.id, "2025-06-30"))).toBe(a.id)
      expect(await h.run(Organisation.squadronOn(q.id, "2025-07-01"))).toBe(c.id)
      expect(
        await h.failure(Organisation.moveSquad(office, { squadId: q.id, toSquadronId: a.id, on: "2025-07-01" }))
      ).toMatchObject({ reason: "moveBeforeLastLink" })
      expect(
        await h.failure(Organisation.moveSquad(office, { squadId: a.id, toSquadronId: c.id, on: "2025-08-01" }))
      ).toMatchObject({ reason: "notMovable" })
    })

    it("H7: a squad leader acts only on their own squad; a squadron captain on their subtree; the office on all", async () => {
      const org = await h.run(Fixtures.seedPinghu)
      const [dh, zd] = org.squadrons
      const dhSquad = org.squads.find((s) => Hierarchy.currentParent(s) === dh!.id)!
      const leader = org.actors.squadLeaders.get(dhSquad.id)!
      const captain = org.actors.squadronCaptains.get(dh!.id)!
      const before = await h.run(snapshot)
      expect(await h.failure(squad(leader, dh!.id, "新社区", "PH-DH-77"))).toMatchObject({
        _tag: "NotInJurisdiction",
        actorId: leader
      })
      expect(await h.failure(squad(captain, zd!.id, "新社区", "PH-ZD-77"))).toMatchObject({ _tag: "NotInJurisdiction" })
      expect(await h.run(snapshot)).toEqual(before)
      await h.run(squad(captain, dh!.id, "新社区", "PH-DH-77"))
      await h.run(squad(office, zd!.id, "新社区", "PH-ZD-77"))
      await h.run(Organisation.createTeam(leader, { squadId: dhSquad.id, kind: "other", name: "文体志愿服务队" }))
    })

    it("H8: totals roll up the tree, and moving a squad leaves the city's totals unchanged", async () => {
      const org = await h.run(Fixtures.seedPinghu)
      const tree = (await h.run(Organisation.tree("2026-03-01")))!
      expect(tree.counts.squadrons).toBe(Fixtures.pinghuTowns.length)
      expect(tree.counts.squads).toBe(Fixtures.pinghuTowns.reduce((n, t) => n + t.communities.length, 0))
      for (const child of tree.children) {
        expect(child.counts.squads).toBe(child.children.length)
        expect(child.counts.teams).toBe(child.children.reduce((n, c) => n + c.counts.teams, 0))
      }
      const [first, second] = org.squadrons
      const moved = org.squads.find((s) => Hierarchy.currentParent(s) === first!.id)!
      await h.run(Organisation.moveSquad(office, { squadId: moved.id, toSquadronId: second!.id, on: "2026-01-01" }))
      const after = (await h.run(Organisation.tree("2026-03-01")))!
      expect(after.counts).toEqual(tree.counts)
      const byId = (t: typeof tree, id: UnitId) => t.children.find((c) => c.unit.id === id)!
      expect(byId(after, first!.id).counts.squads).toBe(byId(tree, first!.id).counts.squads - 1)
      expect(byId(after, second!.id).counts.squads).toBe(byId(tree, second!.id).counts.squads + 1)
    })

    it("C2: time and ids come from services, so the same commands give the same records", async () => {
      const first = await h.run(Effect.flatMap(Fixtures.seedPinghu, () => snapshot))
      const other = await harness(factory)
      try {
        const second = await other.run(Effect.flatMap(Fixtures.seedPinghu, () => snapshot))
        expect(second).toEqual(first)
        expect(first.audit.every((e) => e.at === first.audit[0]!.at)).toBe(true)
      } finally {
        await other.close()
      }
    })

    it("a malformed name is a typed InputInvalid naming the field, and nothing is written", async () => {
      const b = await h.run(foundPinghu)
      const before = await h.run(snapshot)
      for (const name of ["", "  当湖街道", "当湖\u0000街道", "a".repeat(101), 42]) {
        const e = await h.failure(
          Organisation.createUnit(office, { level: "squadron", name, code: "PH-X", parentId: b.id, establishedOn: "2012-09-20" })
        )
        expect(e).toMatchObject({ _tag: "InputInvalid", field: "name" })
      }
      expect(await h.run(snapshot)).toEqual(before)
    })

    it("every mutation writes one audit entry with actor, time, operation and target", async () => {
      h.clock.set(Date.parse("2026-03-02T10:00:00+08:00"))
      const b = await h.run(foundPinghu)
      const s = await h.run(squadron(b.id, "当湖街道", "PH-DH"))
      const entries = await h.run(Effect.flatMap(Store, (st) => st.audit.list({ targetId: s.id })))
      expect(entries).toEqual([
        {
          id: expect.any(String),
          actorId: office,
          at: Date.parse("2026-03-02T10:00:00+08:00"),
          operation: "organisation.createUnit",
          targetKind: "unit",
          targetId: s.id
        }
      ])
      expect((await h.run(snapshot)).audit.map((e) => e.operation)).toEqual([
        "organisation.foundBrigade",
        "organisation.createUnit"
      ])
    })

    it("a failure inside a transaction leaves no writes and no audit entry", async () => {
      const b = await h.run(foundPinghu)
      const before = await h.run(snapshot)
      const failing = Effect.gen(function* () {
        const store = yield* Store
        return yield* store.transaction(
          Effect.gen(function* () {
            yield* squadron(b.id, "当湖街道", "PH-DH")
            yield* squadron(b.id, "钟埭街道", "PH-ZD")
            return yield* Effect.fail("boom" as const)
          })
        )
      })
      expect(await h.failure(failing)).toBe("boom")
      expect(await h.run(snapshot)).toEqual(before)
      const dying = Effect.gen(function* () {
        const store = yield* Store
        return yield* store.transaction(Effect.flatMap(squadron(b.id, "曹桥街道", "PH-CQ"), () => Effect.die("crash")))
      })
      const exit = await h.exit(dying)
      expect(exit._tag).toBe("Failure")
      expect(await h.run(snapshot)).toEqual(before)
    })

    it("a failed append fails its transaction and writes nothing, whether a read or the commit follows it", async () => {
      const record = (id: string) =>
        ({
          id,
          activityId: "activity_x",
          volunteerId: "volunteer_x",
          event: { assignmentId: "assignment_x", kind: "checkIn", at: 1_772_672_460_000, evidence: "code", badgeWorn: true },
          recordedBy: "leader-x",
          recordedAt: 1_772_672_460_000
        }) as unknown as AttendanceRecord
      const attendance = Effect.flatMap(Store, (s) => s.attendance.listByActivity("activity_x" as ActivityId))
      const before = await h.run(snapshot)
      for (const then of ["read", "commit"] as const) {
        const failing = Effect.gen(function* () {
          const store = yield* Store
          return yield* store.transaction(
            Effect.gen(function* () {
              yield* store.attendance.append(record("attendance_1"))
              yield* store.attendance.append(record("attendance_2"))
              yield* store.attendance.append(record("attendance_1"))
              if (then === "read") yield* store.units.all
              return "committed" as const
            })
          )
        })
        expect(await h.failure(failing)).toMatchObject({ _tag: "StoreError" })
        expect(await h.run(attendance)).toEqual([])
        expect(await h.run(snapshot)).toEqual(before)
      }
      await h.run(Effect.flatMap(Store, (s) => s.transaction(s.attendance.append(record("attendance_1")))))
      expect((await h.run(attendance)).map((r) => r.id)).toEqual(["attendance_1"])
    })

    it("an interrupted transaction writes nothing and gives its connection back, wherever it is interrupted", async () => {
      const b = await h.run(foundPinghu)
      const before = await h.run(snapshot)
      // interrupted while taking a connection, between statements, or waiting after a write;
      // more times than a pool has connections, so one kept by an interrupted transaction shows
      for (let i = 0; i < 12; i++) {
        const hanging = Effect.gen(function* () {
          const store = yield* Store
          return yield* store.transaction(
            Effect.gen(function* () {
              yield* squadron(b.id, `interrupted ${i}`, `PH-I${i}`)
              yield* store.units.all
              return yield* Effect.never
            })
          )
        })
        const exit = await h.exit(Effect.timeout(hanging, `${i} millis`))
        expect(exit._tag).toBe("Failure")
      }
      expect(await h.run(snapshot)).toEqual(before)
      const created = await h.run(squadron(b.id, "当湖街道", "PH-DH"))
      expect((await h.run(Effect.flatMap(Store, (s) => s.units.get(created.id)))).name).toBe("当湖街道")
    })

    it("H7: inside one transaction, the organisation read after a unit is created includes it", async () => {
      const b = await h.run(foundPinghu)
      const program = Effect.gen(function* () {
        const store = yield* Store
        return yield* store.transaction(
          Effect.gen(function* () {
            const first = yield* store.organisation
            const created = yield* squadron(b.id, "当湖街道", "PH-DH")
            const second = yield* store.organisation
            return { first: first.units.length, second: second.units.length, has: second.units.some((u) => u.id === created.id) }
          })
        )
      })
      expect(await h.run(program)).toEqual({ first: 1, second: 2, has: true })
      expect((await h.run(Effect.flatMap(Store, (s) => s.organisation))).units).toHaveLength(2)
    })

    it("a missing record is a typed NotFound, never a defect", async () => {
      const get = Effect.flatMap(Store, (s) => s.units.get("unit_nope" as UnitId))
      expect(await h.failure(get)).toMatchObject({ _tag: "NotFound", entity: "unit", id: "unit_nope" })
      expect(await h.failure(Organisation.endAppointment(office, "appointment_nope"))).toMatchObject({
        _tag: "NotFound",
        entity: "appointment"
      })
    })

    it("concurrent creations of one squadron: exactly one wins, the rest are typed refusals", async () => {
      const b = await h.run(foundPinghu)
      const attempts = Array.from({ length: 20 }, (_, i) =>
        h.run(Effect.result(squadron(b.id, "新仓镇", `PH-XC${i}`)))
      )
      const results = await Promise.all(attempts)
      expect(results.filter(Result.isSuccess)).toHaveLength(1)
      for (const r of results) {
        if (Result.isFailure(r)) expect(r.failure).toMatchObject({ _tag: "UnitInvalid", reason: "duplicateName" })
      }
      const units = (await h.run(snapshot)).units.filter((u) => u.name === "新仓镇")
      expect(units).toHaveLength(1)
    })
  })
}
