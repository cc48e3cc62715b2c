/**
 * Conformance cases for volunteers and rosters (V1–V7, R1–R3): registration, uniqueness under
 * concurrency, minors, lifecycle, transfers, privacy, bulk import, Annex 1–3 and filing.
 * Every adapter runs exactly these cases.
 */
import { Effect, Result } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import * as Fixtures from "../../src/fixtures.js"
import type * as Hierarchy from "../../src/hierarchy.js"
import { checkDigit } from "../../src/identity.js"
import { Store, StoreError, type StoreShape } from "../../src/store.js"
import { cellOf, type Table } from "../../src/table.js"
import { Organisation, Volunteers } from "../../src/workflows/index.js"
import { harness, type Harness, type StoreFactory } from "./harness.js"

const office = Fixtures.officeActor

/**
 * A valid resident ID number (GB 11643) for a birth date `YYYYMMDD` and a sequence; the
 * gender digit is odd for men.
 *
 * @category testing
 * @since 0.1.0
 */
export const residentIdFor = (birth: string, seq: number, gender: "male" | "female" = "male"): string => {
  const n = (seq % 500) * 2 + (gender === "male" ? 1 : 0)
  const first17 = `330482${birth}${String(n).padStart(3, "0")}`
  return first17 + checkDigit(first17)
}

/** A small organisation: the brigade with two deputy captains, one squadron, two squads. */
const smallOrg = Effect.gen(function* () {
  const brigade = yield* Organisation.foundBrigade(office, Fixtures.pinghuBrigade)
  for (const [i, department] of ["市公安局", "团市委"].entries()) {
    yield* Organisation.appoint(office, {
      unitId: brigade.id,
      actorId: `deputy-${i}`,
      role: "deputyCaptain",
      department,
      holder: { name: Fixtures.personName(i + 1), unitAndPost: `${department}副局长`, officePhone: "85011000", mobile: Fixtures.mobileOf(i + 1) },
      since: "2012-09-20"
    })
  }
  const squadron = yield* Organisation.createUnit(office, {
    level: "squadron", name: "当湖街道", code: "PH-DH", parentId: brigade.id, establishedOn: "2012-09-20"
  })
  yield* Organisation.appoint(office, {
    unitId: squadron.id, actorId: "captain-dh", role: "squadronCaptain",
    holder: { name: "沈建国", gender: "male", birthDate: "1970-05-01", unitAndPost: "当湖街道党工委委员", mobile: "13905730010" },
    since: "2012-09-20"
  })
  const squads: Array<Hierarchy.Unit> = []
  for (const [j, name] of ["东湖社区", "西湖社区"].entries()) {
    const squad = yield* Organisation.createUnit("captain-dh", {
      level: "squad", name, code: `PH-DH-0${j + 1}`, parentId: squadron.id, establishedOn: "2012-09-25"
    })
    squads.push(squad)
    yield* Organisation.appoint("captain-dh", {
      unitId: squad.id, actorId: `leader-${j + 1}`, role: "squadLeader",
      holder: { name: `陈${name.slice(0, 2)}`, mobile: `1390573002${j}` }, since: "2012-09-25"
    })
  }
  return { brigade, squadron, squads: squads as [Hierarchy.Unit, Hierarchy.Unit] }
})

/** Registration input of the n-th test person, born in 1990 unless given. */
const person = (squadId: string, n: number, overrides: Record<string, unknown> = {}) => ({
  name: Fixtures.personName(n),
  gender: "male",
  birthDate: "1990-01-02",
  document: { type: "residentId", number: residentIdFor("19900102", n) },
  mobile: `137${String(10_000_000 + n).slice(-8)}`,
  unitAndPost: "平湖市第一中学教师",
  skills: ["legalAid", "policyPublicity"],
  squadId,
  publishNameConsent: false,
  ...overrides
})

const state = Effect.gen(function* () {
  const store = yield* Store
  return { volunteers: yield* store.volunteers.list(), groups: yield* store.groups.list(), audit: yield* store.audit.list() }
})

const cells = (table: Table, key: string) => table.rows.map((r) => cellOf(r, key))
const FULL_MOBILE = /1[3-9]\d{9}/
const FULL_ID = /\d{17}[\dX]/

/** The store with `volunteers` overridden, for failure injection. */
const withVolunteers = <A, E, R>(effect: Effect.Effect<A, E, R>, f: (s: StoreShape) => Partial<StoreShape["volunteers"]>) =>
  Effect.flatMap(Store, (store) =>
    Effect.provideService(effect, Store, { ...store, volunteers: { ...store.volunteers, ...f(store) } })
  )

/**
 * The volunteers cases of the conformance suite.
 *
 * @category testing
 * @since 0.1.0
 */
export const volunteersSuite = (factory: StoreFactory): void => {
  describe(`${factory.name}: volunteers`, () => {
    let h: Harness
    beforeEach(async () => {
      h = await harness(factory)
    })
    afterEach(async () => {
      await h.close()
    })

    it("V1: individuals and groups register; a group lists member volunteers that exist", async () => {
      const { squads } = await h.run(smallOrg)
      const v = await h.run(Volunteers.registerIndividual("leader-1", person(squads[0].id, 1)))
      const group = await h.run(
        Volunteers.registerGroup("leader-1", {
          name: "东湖社区青年志愿者服务队", contactPerson: "王五", contactPhone: "0573-85030727",
          memberCount: 12, memberIds: [v.id], squadId: squads[0].id, skills: ["securityPatrol"]
        })
      )
      expect(group).toMatchObject({ status: "pending", memberCount: 12, memberIds: [v.id], volunteerNumber: Volunteers.volunteerNumberOf("PH-T", group.id) })
      expect(await h.run(Volunteers.getGroup(office, group.id, { clear: true, purpose: "核对名册" }))).toEqual(group)
      const before = await h.run(state)
      expect(
        await h.failure(Volunteers.registerGroup("leader-1", { ...group, memberIds: ["volunteer_nope"] }))
      ).toMatchObject({ _tag: "NotFound", id: "volunteer_nope" })
      expect(
        await h.failure(Volunteers.registerGroup("leader-1", { name: "x队", contactPerson: "王五", contactPhone: "123", memberCount: 3, squadId: squads[0].id, skills: [] }))
      ).toMatchObject({ _tag: "VolunteerInvalid", field: "contactPhone" })
      expect(await h.run(state)).toEqual(before)
    })

    it("V2: invalid registrations are typed errors naming the field, and nothing is saved", async () => {
      const { squads } = await h.run(smallOrg)
      const before = await h.run(state)
      const id = residentIdFor("19900102", 7)
      const badCheck = id.slice(0, 17) + (id[17] === "0" ? "1" : "0")
      const cases: ReadonlyArray<readonly [Record<string, unknown>, string]> = [
        [{ document: { type: "residentId", number: badCheck } }, "document.number"],
        [{ mobile: "12345678901" }, "mobile"],
        [{ birthDate: "1991-01-02" }, "birthDate"],
        [{ gender: "female" }, "gender"],
        [{ officePhone: "abc" }, "officePhone"],
        [{ name: "" }, "name"]
      ]
      for (const [override, field] of cases) {
        const e = await h.failure(Volunteers.registerIndividual("leader-1", person(squads[0].id, 7, override)))
        expect(e).toMatchObject({ _tag: "VolunteerInvalid", field })
      }
      expect(await h.run(state)).toEqual(before)
      const passport = await h.run(
        Volunteers.registerIndividual("leader-1", person(squads[0].id, 8, { document: { type: "passport", number: "E12345678" } }))
      )
      expect(passport.document).toEqual({ type: "passport", number: "E12345678" })
    })

    it("V2: registration saves a pending record with a volunteer number and audits it; H7 applies", async () => {
      const { squads } = await h.run(smallOrg)
      const v = await h.run(Volunteers.registerIndividual("leader-1", person(squads[0].id, 1)))
      expect(v).toMatchObject({ status: "pending", registeredOn: "2026-03-01", squadHistory: [{ squadId: squads[0].id, from: "2026-03-01" }] })
      expect(v.volunteerNumber).toBe(Volunteers.volunteerNumberOf("PH", v.id))
      expect(await h.run(Volunteers.get(office, v.id, { clear: true, purpose: "核对名册" }))).toEqual(v)
      const audit = await h.run(Effect.flatMap(Store, (s) => s.audit.list({ targetId: v.id })))
      expect(audit).toMatchObject([{ actorId: "leader-1", operation: "volunteers.registerIndividual", targetKind: "volunteer" }])
      expect(await h.failure(Volunteers.registerIndividual("leader-2", person(squads[0].id, 2)))).toMatchObject({
        _tag: "NotInJurisdiction", actorId: "leader-2"
      })
    })

    it("V3: one person registers once; the duplicate names the existing record", async () => {
      const { squads } = await h.run(smallOrg)
      const first = await h.run(Volunteers.registerIndividual("captain-dh", person(squads[0].id, 3)))
      const again = person(squads[1].id, 3, { name: "别名", mobile: "13911112222" })
      const e = await h.failure(Volunteers.registerIndividual("captain-dh", again))
      expect(e).toMatchObject({ _tag: "DuplicateVolunteer", existingId: first.id, documentType: "residentId" })
      expect(JSON.stringify(e)).not.toContain(first.document.number)
      expect((await h.run(state)).volunteers).toEqual([first])
    })

    it("V3: 100 concurrent registrations of one person: exactly one wins, the rest are DuplicateVolunteer", async () => {
      const { squads } = await h.run(smallOrg)
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          h.run(Effect.result(Volunteers.registerIndividual("captain-dh", person(squads[i % 2]!.id, 9, { name: Fixtures.personName(i) }))))
        )
      )
      const winners = results.filter(Result.isSuccess)
      expect(winners).toHaveLength(1)
      const winner = winners[0]!.success
      for (const r of results) {
        if (Result.isFailure(r)) expect(r.failure).toMatchObject({ _tag: "DuplicateVolunteer", existingId: winner.id })
      }
      expect((await h.run(state)).volunteers).toEqual([winner])
    })

    it("V4: under 14 is refused; a minor needs guardian consent on or before registration", async () => {
      const { squads } = await h.run(smallOrg)
      const child = (birth: string, extra: Record<string, unknown> = {}) =>
        person(squads[0].id, 20, { birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`, document: { type: "residentId", number: residentIdFor(birth, 20) }, ...extra })
      expect(await h.failure(Volunteers.registerIndividual("leader-1", child("20120302")))).toMatchObject({ _tag: "VolunteerInvalid", field: "birthDate" })
      expect(await h.failure(Volunteers.registerIndividual("leader-1", child("20120301")))).toMatchObject({ field: "guardian" })
      const guardian = { name: "李华", mobile: "13900139000", relationship: "父亲", consentOn: "2026-03-02" }
      expect(await h.failure(Volunteers.registerIndividual("leader-1", child("20120301", { guardian })))).toMatchObject({ field: "guardian.consentOn" })
      const minor = await h.run(Volunteers.registerIndividual("leader-1", child("20120301", { guardian: { ...guardian, consentOn: "2026-03-01" } })))
      expect(minor.guardian?.consentOn).toBe("2026-03-01")
    })

    it("V5: only the listed transitions are legal; an illegal one changes nothing", async () => {
      const { squads } = await h.run(smallOrg)
      const v = await h.run(Volunteers.registerIndividual("leader-1", person(squads[0].id, 4)))
      expect(await h.failure(Volunteers.reinstate("leader-1", v.id))).toMatchObject({ _tag: "VolunteerTransitionInvalid", from: "pending", event: "reinstate" })
      expect((await h.run(Volunteers.approve("leader-1", v.id))).status).toBe("active")
      expect((await h.run(Volunteers.suspend("leader-1", v.id))).status).toBe("suspended")
      expect((await h.run(Volunteers.reinstate("leader-1", v.id))).status).toBe("active")
      expect((await h.run(Volunteers.withdraw("leader-1", v.id))).status).toBe("withdrawn")
      const before = await h.run(state)
      expect(await h.failure(Volunteers.approve("leader-1", v.id))).toMatchObject({ from: "withdrawn", event: "approve" })
      expect(await h.failure(Volunteers.suspend("leader-2", v.id))).toMatchObject({ _tag: "NotInJurisdiction" })
      expect(await h.run(state)).toEqual(before)
      expect((await h.run(Volunteers.dismiss("captain-dh", v.id))).status).toBe("dismissed")
      expect(await h.failure(Volunteers.dismiss("captain-dh", v.id))).toMatchObject({ from: "dismissed" })
      expect(await h.failure(Volunteers.approve("leader-1", "volunteer_nope"))).toMatchObject({ _tag: "NotFound" })
    })

    it("V6: a dated transfer needs jurisdiction over both squads and the record follows the volunteer", async () => {
      const { squadron, squads } = await h.run(smallOrg)
      const v = await h.run(Volunteers.registerIndividual("leader-1", person(squads[0].id, 5)))
      const move = { volunteerId: v.id, toSquadId: squads[1].id, on: "2026-06-01" }
      expect(await h.failure(Volunteers.transfer("leader-1", move))).toMatchObject({ _tag: "NotInJurisdiction", unitId: squads[1].id })
      const moved = await h.run(Volunteers.transfer("captain-dh", move))
      expect(moved.squadId).toBe(squads[1].id)
      expect(moved.squadHistory).toEqual([{ squadId: squads[0].id, from: "2026-03-01" }, { squadId: squads[1].id, from: "2026-06-01" }])
      expect(moved.volunteerNumber).toBe(v.volunteerNumber)
      expect((await h.run(Volunteers.list("captain-dh", { unitId: squads[1].id }))).map((x) => x.id)).toEqual([v.id])
      expect(await h.run(Volunteers.list("captain-dh", { unitId: squads[0].id }))).toEqual([])
      expect((await h.run(Volunteers.list("captain-dh", { unitId: squadron.id }))).map((x) => x.id)).toEqual([v.id])
      expect(
        await h.failure(Volunteers.transfer("captain-dh", { ...move, toSquadId: squads[0].id, on: "2026-05-01" }))
      ).toMatchObject({ _tag: "VolunteerTransferInvalid", reason: "beforeLastTransfer" })
      expect(await h.failure(Volunteers.transfer("captain-dh", { ...move, toSquadId: squadron.id }))).toMatchObject({
        _tag: "UnitInvalid", reason: "notASquad"
      })
    })

    it("V7: views and rosters mask identity and mobile numbers and unconsented names unless clear is asked", async () => {
      const { squads } = await h.run(smallOrg)
      const v = await h.run(Volunteers.registerIndividual("leader-1", person(squads[0].id, 6)))
      await h.run(Volunteers.approve("leader-1", v.id))
      const masked = await h.run(Volunteers.publicView("leader-1", v.id))
      expect(masked.document.number).toBe(`${v.document.number.slice(0, 6)}********${v.document.number.slice(-4)}`)
      expect(masked.mobile).toBe(`${v.mobile.slice(0, 3)}****${v.mobile.slice(-4)}`)
      expect(masked.name).not.toBe(v.name)
      expect(JSON.stringify(await h.run(Volunteers.listPublic("leader-1", { unitId: squads[0].id })))).not.toMatch(new RegExp(`${v.mobile}|${v.document.number}`))
      const clear = await h.run(Volunteers.publicView(office, v.id, { clear: true, purpose: "核对名册" }))
      expect(clear).toMatchObject({ name: v.name, mobile: v.mobile, document: v.document, masked: false })
      const roster = await h.run(Volunteers.annex3("leader-1", squads[0].id))
      for (const cell of roster.rows.flatMap((r) => Object.values(r))) {
        expect(String(cell)).not.toMatch(FULL_MOBILE)
        expect(String(cell)).not.toMatch(FULL_ID)
      }
      const clearRoster = await h.run(Volunteers.annex3(office, squads[0].id, { clear: true, purpose: "核对名册" }))
      expect(cells(clearRoster, "手机")).toContain(v.mobile)
      expect(cells(clearRoster, "姓名")).toContain(v.name)
    })

    it("V2, V3: a bulk import rejects bad rows by line, saves the valid ones in one transaction and reports progress", async () => {
      const { squads } = await h.run(smallOrg)
      const existing = await h.run(Volunteers.registerIndividual("captain-dh", person(squads[0].id, 40)))
      const row = (line: number, n: number, extra: Record<string, string> = {}) => ({
        line,
        values: {
          姓名: Fixtures.personName(n), 性别: "男", 出生年月: "1990.01", 证件号码: residentIdFor("19900102", n),
          手机: `137${String(10_000_000 + n).slice(-8)}`, 单位及职务: "个体", 特长: "法律援助、治安巡查", 所属分队: squads[n % 2]!.name,
          ...extra
        }
      })
      const rows = [
        row(2, 41), row(3, 42), row(4, 43, { 手机: "1234" }), row(5, 41), row(6, 40), row(7, 44, { 所属分队: "不存在社区" }),
        row(8, 45, { 特长: "打篮球" }), row(9, 46, { 出生年月: "1991.01" })
      ]
      const progress: Array<readonly [number, number]> = []
      const report = await h.run(Volunteers.importIndividuals("captain-dh", rows, { onProgress: (d, t) => progress.push([d, t]) }))
      expect(report.total).toBe(8)
      expect(report.imported.map((v) => v.name)).toEqual([Fixtures.personName(41), Fixtures.personName(42)])
      expect(report.rejected.map((r) => [r.line, r.field])).toEqual([
        [4, "mobile"], [5, "document.number"], [6, "document.number"], [7, "squadId"], [8, "skills"], [9, "birthDate"]
      ])
      expect(report.rejected[1]!.reason).toBe("duplicates line 2")
      expect(report.rejected[2]!.existingId).toBe(existing.id)
      expect(progress).toEqual(rows.map((_, i) => [i + 1, 8]))
      const stored = (await h.run(state)).volunteers
      expect(stored).toHaveLength(3)
      expect(stored.find((v) => v.name === Fixtures.personName(41))?.birthDate).toBe("1990-01-02")
      const audit = await h.run(Effect.flatMap(Store, (s) => s.audit.list({ operation: "volunteers.importIndividuals" })))
      expect(audit).toHaveLength(1)
      expect(
        await h.failure(Volunteers.importIndividuals("leader-1", rows, { squadId: squads[1].id }))
      ).toMatchObject({ _tag: "NotInJurisdiction" })
    })

    it("V3: a store failure in the middle of an import leaves nothing half-saved", async () => {
      const { squads } = await h.run(smallOrg)
      const rows = Array.from({ length: 30 }, (_, i) => ({
        line: i + 2,
        values: { 姓名: Fixtures.personName(i), 证件号码: residentIdFor("19850607", 100 + i), 手机: `1380000${String(1000 + i)}`, 特长: "" }
      }))
      const before = await h.run(state)
      const halfThenFail = withVolunteers(Volunteers.importIndividuals("leader-1", rows, { squadId: squads[0].id }), (s) => ({
        insertMany: (vs) =>
          Effect.andThen(
            s.volunteers.insertMany(vs.slice(0, 15)),
            Effect.fail(new StoreError({ operation: "volunteers.insertMany", cause: "disk full", retryable: false }))
          )
      }))
      expect(await h.failure(halfThenFail)).toMatchObject({ _tag: "StoreError", cause: "disk full" })
      expect(await h.run(state)).toEqual(before)
      // A collision the workflow cannot see (lookups blinded) fails at the unique constraint.
      await h.run(Volunteers.registerIndividual("leader-1", person(squads[0].id, 0, { ...{ document: { type: "residentId", number: residentIdFor("19850607", 120) } }, birthDate: "1985-06-07" })))
      const middle = await h.run(state)
      const blind = withVolunteers(Volunteers.importIndividuals("leader-1", rows, { squadId: squads[0].id }), () => ({
        findByIdentity: () => Effect.succeed(undefined)
      }))
      expect(await h.failure(blind)).toMatchObject({ _tag: "StoreError" })
      expect(await h.run(state)).toEqual(middle)
    })

    it("R1: Annex 1 lists the deputy captains 1..n under a title built from the brigade's city, with the stamp line", async () => {
      await h.run(smallOrg)
      const t = await h.run(Volunteers.annex1(office))
      expect(t.title).toBe(`${Fixtures.pinghuBrigade.profile.city}社区志愿者服务大队副大队长名册表`)
      expect(t.preamble).toEqual(["市级有关部门盖章："])
      expect(t.columns.map((c) => c.label)).toEqual(["序号", "姓名", "单位及职务", "办公电话", "手机"])
      expect(cells(t, "序号")).toEqual([1, 2])
      expect(cells(t, "单位及职务")).toEqual(["市公安局副局长", "团市委副局长"])
      expect(cells(t, "手机")).toEqual([Fixtures.mobileOf(1), Fixtures.mobileOf(2)].map((m) => `${m.slice(0, 3)}****${m.slice(-4)}`))
      expect(cells(await h.run(Volunteers.annex1(office, { clear: true, purpose: "核对名册" })), "手机")).toEqual([Fixtures.mobileOf(1), Fixtures.mobileOf(2)])
    })

    it("R2: Annex 2 and 3 list leaders first, then active members, numbered 1..n", async () => {
      const { squadron, squads } = await h.run(smallOrg)
      const ids: Array<string> = []
      for (let n = 10; n < 14; n++) {
        const v = await h.run(Volunteers.registerIndividual("captain-dh", person(squads[n % 2]!.id, n)))
        if (n !== 13) await h.run(Volunteers.approve("captain-dh", v.id))
        ids.push(v.id)
      }
      const a3 = await h.run(Volunteers.annex3(office, squads[0].id, { clear: true, purpose: "核对名册" }))
      expect(a3.title).toBe("平湖市东湖社区社区志愿者服务分队人员名册表")
      expect(a3.columns.map((c) => c.label)).toEqual(["序号", "姓名", "性别", "出生年月", "队内职务", "单位及职务", "特长", "手机"])
      expect(cells(a3, "队内职务")).toEqual(["分队长", "队员", "队员"])
      expect(cells(a3, "姓名")).toEqual(["陈东湖", Fixtures.personName(10), Fixtures.personName(12)])
      expect(a3.rows[1]).toMatchObject({ 性别: "男", 出生年月: "1990.01", 特长: "法律援助、政策宣传", 单位及职务: "平湖市第一中学教师" })
      const a2 = await h.run(Volunteers.annex2("captain-dh", squadron.id))
      expect(a2.title).toBe("平湖市当湖街道社区志愿者服务中队人员名册表")
      expect(cells(a2, "队内职务")).toEqual(["中队长", "分队长", "分队长", "队员", "队员", "队员"])
      expect(cells(a2, "序号")).toEqual([1, 2, 3, 4, 5, 6])
      expect(await h.failure(Volunteers.annex2(office, squads[0].id))).toMatchObject({ _tag: "NotFound", entity: "squadron" })
    })

    it("R3: a unit's roster is due until 30 September local time, overdue after, filed once recorded", async () => {
      const { squadron, squads } = await h.run(smallOrg)
      const statuses = async (asOf?: string) =>
        Object.fromEntries((await h.run(Volunteers.filingStatuses(2026, asOf ? { asOf } : {}))).map((s) => [s.unitId, s.status]))
      expect(await statuses()).toEqual({ [squadron.id]: "due", [squads[0].id]: "due", [squads[1].id]: "due" })
      h.clock.set(Date.parse("2026-09-15T10:00:00+08:00"))
      const filing = await h.run(Volunteers.fileRoster("leader-1", { unitId: squads[0].id, year: 2026, filedOn: "2026-09-15" }))
      expect(filing).toMatchObject({ unitId: squads[0].id, year: 2026, filedBy: "leader-1" })
      expect(await h.failure(Volunteers.fileRoster("leader-1", { unitId: squads[1].id, year: 2026, filedOn: "2026-09-15" }))).toMatchObject({ _tag: "NotInJurisdiction" })
      expect(await h.failure(Volunteers.fileRoster("leader-1", { unitId: squads[0].id, year: 2026, filedOn: "2026-09-16" }))).toMatchObject({ _tag: "FilingInvalid", reason: "filedInFuture" })
      // 23:59 on 30 September in Pinghu is still on time; 00:00 on 1 October (16:00 UTC) is not.
      h.clock.set(Date.parse("2026-09-30T23:59:00+08:00"))
      expect((await statuses())[squadron.id]).toBe("due")
      h.clock.set(Date.parse("2026-09-30T16:00:00Z"))
      expect(await statuses()).toEqual({ [squadron.id]: "overdue", [squads[0].id]: "filed", [squads[1].id]: "overdue" })
      expect((await statuses("2026-09-30"))[squads[1].id]).toBe("due")
    })
  })
}
