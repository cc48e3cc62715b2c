import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Fixtures from "../../src/fixtures.js"
import * as Hierarchy from "../../src/hierarchy.js"
import type { ActorId, AppointmentId, UnitId } from "../../src/ids.js"
import * as Policy from "../../src/policy.js"
import { addDays, localDate, type LocalDate } from "../../src/time.js"

const FOUNDED = localDate("2012-09-05")
const empty: Hierarchy.Organisation = { units: [], appointments: [], teams: [] }

const ok = <A, E>(r: Result.Result<A, E>): A => {
  if (Result.isFailure(r)) throw new Error(`expected success: ${JSON.stringify(r.failure)}`)
  return r.success
}

const withBrigade = (): Hierarchy.Organisation => {
  const b = ok(
    Hierarchy.decideUnit(empty, "b" as UnitId, {
      level: "brigade",
      name: Fixtures.pinghuBrigade.name,
      code: "PH",
      establishedOn: FOUNDED,
      profile: Fixtures.pinghuBrigade.profile
    })
  )
  return { ...empty, units: [b] }
}

const add = (org: Hierarchy.Organisation, unit: Hierarchy.Unit): Hierarchy.Organisation => ({ ...org, units: [...org.units, unit] })

/** A random tree: n squadrons, squads under random squadrons, then dated random moves. */
const treeArb = fc
  .record({
    squadrons: fc.integer({ min: 1, max: 6 }),
    squads: fc.array(fc.nat(), { maxLength: 25 }),
    moves: fc.array(fc.record({ squad: fc.nat(), to: fc.nat(), day: fc.integer({ min: 1, max: 3000 }) }), { maxLength: 12 })
  })
  .map(({ squadrons, squads, moves }) => {
    let org = withBrigade()
    for (let i = 0; i < squadrons; i++) {
      org = add(org, ok(Hierarchy.decideUnit(org, `s${i}` as UnitId, { level: "squadron", name: `镇${i}`, code: `S${i}`, parentId: "b" as UnitId, establishedOn: FOUNDED })))
    }
    squads.forEach((p, j) => {
      org = add(org, ok(Hierarchy.decideUnit(org, `q${j}` as UnitId, { level: "squad", name: `社区${j}`, code: `Q${j}`, parentId: `s${p % squadrons}` as UnitId, establishedOn: FOUNDED })))
    })
    const applied: Array<{ squad: UnitId; on: LocalDate }> = []
    for (const m of [...moves].sort((a, b) => a.day - b.day)) {
      if (squads.length === 0) break
      const squad = `q${m.squad % squads.length}` as UnitId
      const on = addDays(FOUNDED, m.day)
      const r = Hierarchy.decideMove(org, squad, `s${m.to % squadrons}` as UnitId, on)
      if (Result.isSuccess(r)) {
        org = { ...org, units: org.units.map((u) => (u.id === squad ? r.success : u)) }
        applied.push({ squad, on })
      }
    }
    return { org, applied }
  })

describe("hierarchy", () => {
  it("H1: the brigade needs its profile and there is only one", () => {
    const org = withBrigade()
    const second = Hierarchy.decideUnit(org, "b2" as UnitId, { level: "brigade", name: "另一个大队", code: "PH2", establishedOn: FOUNDED, profile: Fixtures.pinghuBrigade.profile })
    expect(Result.isFailure(second) && second.failure.reason).toBe("brigadeExists")
    const bare = Hierarchy.decideUnit(empty, "b" as UnitId, { level: "brigade", name: "大队", code: "PH", establishedOn: FOUNDED })
    expect(Result.isFailure(bare) && bare.failure.reason).toBe("profileMissing")
  })

  it("H1: each designated department names at most one deputy captain, whatever order the appointments come in", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...Policy.PinghuDepartments, "市教育局"), { maxLength: 30 }), (departments) => {
        let org = withBrigade()
        departments.forEach((department, i) => {
          const r = Hierarchy.decideAppointment(
            org,
            `a${i}` as AppointmentId,
            { unitId: "b" as UnitId, actorId: `x${i}` as ActorId, role: "deputyCaptain", department, holder: { name: "某某" }, since: FOUNDED },
            Policy.defaults
          )
          if (Result.isSuccess(r)) org = { ...org, appointments: [...org.appointments, r.success] }
        })
        const named = org.appointments.map((a) => a.department!)
        expect(new Set(named).size).toBe(named.length)
        expect(named.every((d) => Policy.PinghuDepartments.includes(d))).toBe(true)
        expect(new Set(named)).toEqual(new Set(departments.filter((d) => Policy.PinghuDepartments.includes(d))))
      })
    )
  })

  it("H6: units form a tree with parents of the right level, on every date", () => {
    fc.assert(
      fc.property(treeArb, fc.integer({ min: 0, max: 4000 }), ({ org }, day) => {
        const on = addDays(FOUNDED, day)
        const byId = new Map(org.units.map((u) => [u.id, u]))
        for (const u of org.units) {
          const chain = Hierarchy.ancestry(org, u.id, on)
          expect(chain[chain.length - 1]).toBe("b")
          expect(chain.length).toBe({ brigade: 1, squadron: 2, squad: 3 }[u.level])
          const parent = Hierarchy.parentOn(u, on)
          if (parent) expect(byId.get(parent)!.level).toBe(u.level === "squad" ? "squadron" : "brigade")
        }
      })
    )
  })

  it("H6: a squad moved on D belongs to the new squadron from D on, and its history answers earlier dates", () => {
    fc.assert(
      fc.property(treeArb, ({ org, applied }) => {
        for (const { squad, on } of applied) {
          const unit = org.units.find((u) => u.id === squad)!
          const link = unit.parents.find((l) => l.from === on)!
          expect(Hierarchy.parentOn(unit, on)).toBe(link.parentId)
          const before = unit.parents[unit.parents.indexOf(link) - 1]!
          expect(Hierarchy.parentOn(unit, addDays(on, -1))).toBe(before.parentId)
          expect(Hierarchy.squadronOn(org, squad, on)).toBe(link.parentId)
        }
      })
    )
  })

  it("H6: a squad cannot skip a level, move under a squad or move twice on one day", () => {
    let org = withBrigade()
    org = add(org, ok(Hierarchy.decideUnit(org, "s" as UnitId, { level: "squadron", name: "当湖街道", code: "S", parentId: "b" as UnitId, establishedOn: FOUNDED })))
    org = add(org, ok(Hierarchy.decideUnit(org, "t" as UnitId, { level: "squadron", name: "钟埭街道", code: "T", parentId: "b" as UnitId, establishedOn: FOUNDED })))
    org = add(org, ok(Hierarchy.decideUnit(org, "q" as UnitId, { level: "squad", name: "东湖社区", code: "Q", parentId: "s" as UnitId, establishedOn: FOUNDED })))
    const reason = (r: Result.Result<unknown, Hierarchy.UnitInvalid>) => (Result.isFailure(r) ? r.failure.reason : "ok")
    expect(reason(Hierarchy.decideMove(org, "q" as UnitId, "b" as UnitId, localDate("2020-01-01")))).toBe("wrongParentLevel")
    expect(reason(Hierarchy.decideMove(org, "q" as UnitId, "q" as UnitId, localDate("2020-01-01")))).toBe("wrongParentLevel")
    expect(reason(Hierarchy.decideMove(org, "q" as UnitId, "t" as UnitId, FOUNDED))).toBe("moveBeforeLastLink")
    expect(reason(Hierarchy.decideUnit(org, "x" as UnitId, { level: "squad", name: "西湖社区", code: "X", parentId: "b" as UnitId, establishedOn: FOUNDED }))).toBe("wrongParentLevel")
  })

  it("H7: jurisdiction is exactly the subtree of the actor's units", () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), fc.nat(), fc.integer({ min: 0, max: 4000 }), ({ org }, at, target, day) => {
        const on = addDays(FOUNDED, day)
        const unit = org.units[at % org.units.length]!
        const role = { brigade: "office", squadron: "squadronCaptain", squad: "squadLeader" }[unit.level] as Hierarchy.Role
        const withRole = { ...org, appointments: [{ id: "a" as AppointmentId, unitId: unit.id, actorId: "x" as ActorId, role, holder: { name: "某某" }, since: FOUNDED }] }
        const t = org.units[target % org.units.length]!
        expect(Hierarchy.covers(withRole, "x" as ActorId, t.id, on)).toBe(Hierarchy.ancestry(org, t.id, on).includes(unit.id))
        expect(Hierarchy.covers(withRole, "y" as ActorId, t.id, on)).toBe(false)
      })
    )
  })

  it("H8: a unit's total is its own count plus its children's, and moves never change the city's total", () => {
    fc.assert(
      fc.property(treeArb, fc.array(fc.nat(50)), fc.integer({ min: 0, max: 4000 }), ({ org }, counts, day) => {
        const on = addDays(FOUNDED, day)
        const direct = new Map(org.units.map((u, i) => [u.id as string, counts[i % Math.max(1, counts.length)] ?? 0]))
        const totals = Hierarchy.rollUp(org, direct, on)
        for (const u of org.units) {
          const children = Hierarchy.childrenOn(org, u.id, on)
          expect(totals.get(u.id)).toBe((direct.get(u.id) ?? 0) + children.reduce((n, c) => n + totals.get(c.id)!, 0))
        }
        const all = [...direct.values()].reduce((a, b) => a + b, 0)
        expect(totals.get("b" as UnitId)).toBe(all)
      })
    )
  })

  it("H5: a team attaches to a squad only", () => {
    let org = withBrigade()
    org = add(org, ok(Hierarchy.decideUnit(org, "s" as UnitId, { level: "squadron", name: "当湖街道", code: "S", parentId: "b" as UnitId, establishedOn: FOUNDED })))
    const onSquadron = Hierarchy.decideTeam(org, { id: "t" as never, unitId: "s" as UnitId, kind: "patrol", name: "巡查队", members: [] })
    expect(Result.isFailure(onSquadron)).toBe(true)
  })

  it("decisions do not mutate the organisation they read", () => {
    fc.assert(
      fc.property(treeArb, ({ org }) => {
        const frozen = JSON.stringify(org)
        Hierarchy.decideUnit(org, "new" as UnitId, { level: "squad", name: "新社区", code: "NEW", parentId: "s0" as UnitId, establishedOn: FOUNDED })
        Hierarchy.decideMove(org, "q0" as UnitId, "s0" as UnitId, localDate("2030-01-01"))
        expect(JSON.stringify(org)).toBe(frozen)
      })
    )
  })
})
