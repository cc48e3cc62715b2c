import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Hierarchy from "../../src/hierarchy.js"
import type { ActorId, AppointmentId, UnitId } from "../../src/ids.js"
import { addDays, localDate, type LocalDate } from "../../src/time.js"

const FOUNDED = localDate("2012-09-20")
const day = (n: number): LocalDate => addDays(FOUNDED, n)

/**
 * A generated organisation: the brigade `b`, squadrons `q0..`, squads `s0..` each under a
 * squadron, some squads moved to another squadron on a later day (H6), and appointments of
 * actors `a0..` at random units from random days, plus the brigade office.
 */
interface Model {
  readonly squadrons: number
  /** For each squad: its first squadron, and optionally [day of the move, new squadron]. */
  readonly squads: ReadonlyArray<{ readonly parent: number; readonly move: readonly [number, number] | null }>
  readonly appointments: ReadonlyArray<{ readonly actor: number; readonly unit: string; readonly since: number }>
}

const modelArb: fc.Arbitrary<Model> = fc.integer({ min: 1, max: 5 }).chain((squadrons) =>
  fc
    .array(
      fc.record({
        parent: fc.nat({ max: squadrons - 1 }),
        move: fc.option(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.nat({ max: squadrons - 1 })), { nil: null })
      }),
      { maxLength: 12 }
    )
    .chain((squads) => {
      const unitIds = ["b", ...Array.from({ length: squadrons }, (_, i) => `q${i}`), ...squads.map((_, i) => `s${i}`)]
      return fc
        .array(
          fc.record({ actor: fc.nat({ max: 5 }), unit: fc.constantFrom(...unitIds), since: fc.integer({ min: 0, max: 40 }) }),
          { maxLength: 12 }
        )
        .map((appointments) => ({ squadrons, squads, appointments }))
    })
)

const roleFor = (unit: string): Hierarchy.Role =>
  unit === "b" ? "deputyCaptain" : unit.startsWith("q") ? "squadronDeputy" : "squadDeputy"

const organisationOf = (m: Model): Hierarchy.Organisation => {
  const unit = (id: string, level: Hierarchy.UnitLevel, parents: Hierarchy.Unit["parents"]): Hierarchy.Unit => ({
    id: id as UnitId,
    level,
    name: id,
    code: id.toUpperCase(),
    establishedOn: FOUNDED,
    parents
  })
  const units = [
    unit("b", "brigade", []),
    ...Array.from({ length: m.squadrons }, (_, i) => unit(`q${i}`, "squadron", [{ parentId: "b" as UnitId, from: FOUNDED }])),
    ...m.squads.map((s, i) =>
      unit(`s${i}`, "squad", [
        { parentId: `q${s.parent}` as UnitId, from: FOUNDED },
        ...(s.move === null || s.move[1] === s.parent ? [] : [{ parentId: `q${s.move[1]}` as UnitId, from: day(s.move[0]) }])
      ])
    )
  ]
  const appointments: Array<Hierarchy.Appointment> = m.appointments.map((a, i) => ({
    id: `ap${i}` as AppointmentId,
    unitId: a.unit as UnitId,
    actorId: `a${a.actor}` as ActorId,
    role: roleFor(a.unit),
    ...(a.unit === "b" ? { department: "市公安局" } : {}),
    holder: { name: `person ${i}` },
    since: day(a.since)
  }))
  appointments.push({ id: "ap-office" as AppointmentId, unitId: "b" as UnitId, actorId: "office" as ActorId, role: "office", holder: { name: "章萍" }, since: FOUNDED })
  return { units, appointments, teams: [] }
}

/** The oracle, written from the model alone: the chain of units from `target` up to the brigade on a day. */
const chainUp = (m: Model, target: string, on: number): ReadonlyArray<string> => {
  if (target === "b") return ["b"]
  if (target.startsWith("q")) return [target, "b"]
  const squad = m.squads[Number(target.slice(1))]!
  const parent = squad.move !== null && squad.move[0] <= on ? squad.move[1] : squad.parent
  return [target, `q${parent}`, "b"]
}

const expectedCover = (m: Model, actor: string, target: string, on: number): boolean => {
  if (actor === "office") return true
  const held = m.appointments.filter((a) => `a${a.actor}` === actor && a.since <= on).map((a) => a.unit)
  return chainUp(m, target, on).some((u) => held.includes(u))
}

describe("jurisdiction", () => {
  const queryArb = (m: Model) =>
    fc.record({
      actor: fc.oneof(fc.nat({ max: 6 }).map((n) => `a${n}`), fc.constant("office")),
      target: fc.constantFrom("b", ...Array.from({ length: m.squadrons }, (_, i) => `q${i}`), ...m.squads.map((_, i) => `s${i}`)),
      on: fc.integer({ min: 0, max: 45 })
    })

  it("H7: an actor covers a unit exactly when it is in the subtree of a unit where they hold a role, or they are the brigade office", () => {
    fc.assert(
      fc.property(
        modelArb.chain((m) => fc.tuple(fc.constant(m), fc.array(queryArb(m), { minLength: 1, maxLength: 20 }))),
        ([m, queries]) => {
          const org = organisationOf(m)
          for (const q of queries) {
            const covered = Hierarchy.covers(org, q.actor as ActorId, q.target as UnitId, day(q.on))
            expect(covered).toBe(expectedCover(m, q.actor, q.target, q.on))
          }
        }
      )
    )
  })

  it("H7: authorize refuses with NotInJurisdiction naming actor, unit and operation exactly when covers is false", () => {
    fc.assert(
      fc.property(
        modelArb.chain((m) => fc.tuple(fc.constant(m), queryArb(m))),
        ([m, q]) => {
          const org = organisationOf(m)
          const r = Hierarchy.authorize(org, q.actor as ActorId, q.target as UnitId, day(q.on), "activities.recordAttendance")
          const covered = Hierarchy.covers(org, q.actor as ActorId, q.target as UnitId, day(q.on))
          expect(Result.isSuccess(r)).toBe(covered)
          if (Result.isFailure(r)) {
            expect(r.failure).toMatchObject({
              _tag: "NotInJurisdiction",
              actorId: q.actor,
              unitId: q.target,
              operation: "activities.recordAttendance"
            })
          }
        }
      )
    )
  })

  it("H7: a role held in a unit covers every descendant, and a squad role never covers its squadron or siblings", () => {
    fc.assert(
      fc.property(modelArb, fc.integer({ min: 0, max: 45 }), (m, on) => {
        const org = organisationOf(m)
        m.squads.forEach((_, i) => {
          const leader = `lead-s${i}` as ActorId
          const withLeader: Hierarchy.Organisation = {
            ...org,
            appointments: [
              ...org.appointments,
              { id: `ap-l${i}` as AppointmentId, unitId: `s${i}` as UnitId, actorId: leader, role: "squadLeader", holder: { name: "x" }, since: FOUNDED }
            ]
          }
          const reach = Hierarchy.jurisdiction(withLeader, leader, day(on))
          expect([...reach]).toEqual([`s${i}`])
        })
        for (let q = 0; q < m.squadrons; q++) {
          const captain = `cap-q${q}` as ActorId
          const withCaptain: Hierarchy.Organisation = {
            ...org,
            appointments: [
              ...org.appointments,
              { id: `ap-c${q}` as AppointmentId, unitId: `q${q}` as UnitId, actorId: captain, role: "squadronCaptain", holder: { name: "y" }, since: FOUNDED }
            ]
          }
          const under = m.squads.flatMap((_, i) => (chainUp(m, `s${i}`, on)[1] === `q${q}` ? [`s${i}`] : []))
          expect([...Hierarchy.jurisdiction(withCaptain, captain, day(on))].sort()).toEqual([`q${q}`, ...under].sort())
        }
      })
    )
  })
})
