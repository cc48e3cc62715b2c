/**
 * Model-based test of the organisation: random sequences of commands, valid and invalid, run
 * against an adapter (through the workflows) and against a pure model (the rules applied to
 * plain arrays). After every command the observable result and the stored state must match.
 */
import { Effect, Result } from "effect"
import fc from "fast-check"
import { expect, it } from "vitest"
import * as Fixtures from "../../src/fixtures.js"
import * as Hierarchy from "../../src/hierarchy.js"
import type { ActorId, AppointmentId, TeamId, UnitId } from "../../src/ids.js"
import * as Policy from "../../src/policy.js"
import { Store } from "../../src/store.js"
import { localDate, type LocalDate } from "../../src/time.js"
import { Organisation } from "../../src/workflows/index.js"
import { harness, type Harness, type StoreFactory } from "../conformance/harness.js"

const TODAY = localDate("2026-03-01")
const office = Fixtures.officeActor as ActorId
const actors = [office, "a1", "a2", "a3"] as unknown as ReadonlyArray<ActorId>
const names = ["当湖街道", "钟埭街道", "东湖社区", "西湖社区", "乍浦镇", ""]
const codes = ["PH-A", "PH-B", "PH-C", "PH-D", "PH-E", "PH-F", "bad code"]
const roles = Hierarchy.Role.literals
const departments = [...Policy.PinghuDepartments, "市教育局"]

interface Model {
  org: Hierarchy.Organisation
}

interface Real {
  readonly h: Harness
}

/** What a command observably did: the failure's tag and reason, or success. */
const outcome = (r: Result.Result<unknown, unknown>): string => {
  if (Result.isSuccess(r)) return "ok"
  const e = r.failure as { _tag?: string; reason?: string; field?: string }
  return `${e._tag}:${e._tag === "InputInvalid" ? e.field : (e.reason ?? "")}`
}

const expectedOutcome = (r: Result.Result<unknown, { _tag: string; reason?: string }>): string =>
  Result.isSuccess(r) ? "ok" : `${r.failure._tag}:${r.failure.reason ?? ""}`

const pick = <A>(xs: ReadonlyArray<A>, n: number): A | undefined => (xs.length === 0 ? undefined : xs[n % xs.length])

const compareState = async (m: Model, r: Real) => {
  const stored = await r.h.run(
    Effect.gen(function* () {
      const s = yield* Store
      return { units: yield* s.units.all, appointments: yield* s.appointments.all, teams: yield* s.teams.all }
    })
  )
  const byId = <T extends { id: string }>(xs: ReadonlyArray<T>) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1))
  expect(stored.units).toEqual(byId(m.org.units))
  expect(stored.appointments).toEqual(byId(m.org.appointments))
  expect(stored.teams).toEqual(byId(m.org.teams))
}

/** Runs a workflow, checks its outcome against the model's decision and applies it to the model. */
const step = async <A>(
  m: Model,
  r: Real,
  run: Effect.Effect<A, unknown, any>,
  decide: (created: A | undefined) => Result.Result<unknown, { _tag: string; reason?: string }>,
  apply: (created: A) => void
) => {
  const real = await r.h.run(Effect.result(run))
  const created = Result.isSuccess(real) ? real.success : undefined
  expect(outcome(real)).toBe(expectedOutcome(decide(created)))
  if (created !== undefined) apply(created)
  await compareState(m, r)
}

const authorizeModel = (m: Model, actor: ActorId, unit: UnitId, operation: string) =>
  Hierarchy.authorize(m.org, actor, unit, TODAY, operation)

class CreateUnit implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly level: "squadron" | "squad",
    readonly parentPick: number,
    readonly name: string,
    readonly code: string,
    readonly actor: ActorId
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const parents = m.org.units.filter((u) => u.level === (this.level === "squadron" ? "brigade" : "squadron"))
    const parentId = (pick(m.org.units, this.parentPick)?.id ?? "unit_none") as UnitId
    const chosen = this.parentPick % 5 !== 0 ? (pick(parents, this.parentPick)?.id ?? parentId) : parentId
    const input = { level: this.level, name: this.name, code: this.code, parentId: chosen, establishedOn: "2012-09-20" }
    await step(
      m,
      r,
      Organisation.createUnit(this.actor, input),
      (created) => {
        if (this.name === "") return Result.fail({ _tag: "InputInvalid", reason: "name" })
        if (!/^[A-Z0-9-]{1,16}$/.test(this.code)) return Result.fail({ _tag: "InputInvalid", reason: "code" })
        const auth = authorizeModel(m, this.actor, chosen, "organisation.createUnit")
        if (Result.isFailure(auth)) return auth
        return Hierarchy.decideUnit(m.org, (created?.id ?? "unit_next") as UnitId, input as Hierarchy.UnitInput)
      },
      (created) => {
        m.org = { ...m.org, units: [...m.org.units, created] }
      }
    )
  }
  toString = () => `createUnit(${this.level}, ${this.parentPick}, ${this.name}, ${this.code}, ${this.actor})`
}

class Appoint implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly unitPick: number,
    readonly role: Hierarchy.Role,
    readonly department: string | undefined,
    readonly holder: ActorId,
    readonly actor: ActorId
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const level = Hierarchy.roleLabelsZh[this.role].includes("大队") || this.role === "office" ? "brigade" : this.role.startsWith("squadron") ? "squadron" : "squad"
    const fitting = m.org.units.filter((u) => u.level === level)
    const unitId = ((this.unitPick % 5 !== 0 ? pick(fitting, this.unitPick) : undefined) ?? pick(m.org.units, this.unitPick))
      ?.id as UnitId
    const input = {
      unitId,
      actorId: this.holder,
      role: this.role,
      ...(this.department === undefined ? {} : { department: this.department }),
      holder: { name: Fixtures.personName(this.unitPick) },
      since: "2012-09-20" as LocalDate
    }
    await step(
      m,
      r,
      Organisation.appoint(this.actor, input),
      (created) => {
        const auth = authorizeModel(m, this.actor, unitId, "organisation.appoint")
        if (Result.isFailure(auth)) return auth
        const id = (created?.id ?? "appointment_next") as AppointmentId
        return Hierarchy.decideAppointment(m.org, id, input as Hierarchy.AppointmentInput, Policy.defaults)
      },
      (created) => {
        m.org = { ...m.org, appointments: [...m.org.appointments, created] }
      }
    )
  }
  toString = () => `appoint(${this.unitPick}, ${this.role}, ${this.department}, ${this.holder}, by ${this.actor})`
}

class MoveSquad implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly squadPick: number,
    readonly squadronPick: number,
    readonly day: number,
    readonly actor: ActorId
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const squad = pick(
      m.org.units.filter((u) => u.level === "squad"),
      this.squadPick
    )
    const target = pick(
      m.org.units.filter((u) => u.level !== "squad"),
      this.squadronPick
    )
    if (!squad || !target) return
    const on = `2025-0${1 + (this.day % 9)}-01` as LocalDate
    await step(
      m,
      r,
      Organisation.moveSquad(this.actor, { squadId: squad.id, toSquadronId: target.id, on }),
      () => {
        const a = authorizeModel(m, this.actor, squad.id, "organisation.moveSquad")
        if (Result.isFailure(a)) return a
        const b = authorizeModel(m, this.actor, target.id, "organisation.moveSquad")
        if (Result.isFailure(b)) return b
        return Hierarchy.decideMove(m.org, squad.id, target.id, on)
      },
      (moved) => {
        m.org = { ...m.org, units: m.org.units.map((u) => (u.id === moved.id ? moved : u)) }
      }
    )
  }
  toString = () => `moveSquad(${this.squadPick} → ${this.squadronPick}, day ${this.day}, by ${this.actor})`
}

class CreateTeam implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly unitPick: number,
    readonly name: string,
    readonly actor: ActorId
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const unitId = (pick(m.org.units, this.unitPick)?.id ?? "unit_none") as UnitId
    await step(
      m,
      r,
      Organisation.createTeam(this.actor, { squadId: unitId, kind: "patrol", name: this.name }),
      (created) => {
        if (this.name === "") return Result.fail({ _tag: "InputInvalid", reason: "name" })
        const auth = authorizeModel(m, this.actor, unitId, "organisation.createTeam")
        if (Result.isFailure(auth)) return auth
        const id = (created?.id ?? "team_next") as TeamId
        return Hierarchy.decideTeam(m.org, { id, unitId, kind: "patrol", name: this.name, members: [] })
      },
      (created) => {
        m.org = { ...m.org, teams: [...m.org.teams, created] }
      }
    )
  }
  toString = () => `createTeam(${this.unitPick}, ${this.name}, by ${this.actor})`
}

// Weighted so that most commands are valid and build a tree deep enough for moves and
// jurisdiction to matter; a share stays invalid (wrong actor, level, name or code).
const actorArb = fc.oneof({ weight: 4, arbitrary: fc.constant(office) }, { weight: 1, arbitrary: fc.constantFrom(...actors) })
const rare = <A>(usual: fc.Arbitrary<A>, odd: fc.Arbitrary<A>) =>
  fc.oneof({ weight: 6, arbitrary: usual }, { weight: 1, arbitrary: odd })
const nameArb = rare(fc.constantFrom(...names.filter((n) => n !== "")), fc.constant(""))
const codeArb = rare(fc.constantFrom(...codes.filter((c) => c !== "bad code")), fc.constant("bad code"))

const commands = [
  fc
    .tuple(fc.constantFrom("squadron" as const, "squad" as const), fc.nat(20), nameArb, codeArb, actorArb)
    .map(([level, p, n, c, a]) => new CreateUnit(level, p, n, c, a)),
  fc
    .tuple(fc.nat(20), fc.constantFrom(...roles), fc.constantFrom(...departments), fc.nat(9), actorArb, actorArb)
    .map(([u, role, d, odd, holder, a]) =>
      // a department goes with a deputy captain, except for an occasional invalid pairing
      new Appoint(u, role, (role === "deputyCaptain") !== (odd === 0) ? d : undefined, holder, a)
    ),
  fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20), actorArb).map(([s, t, d, a]) => new MoveSquad(s, t, d, a)),
  fc.tuple(fc.nat(20), fc.constantFrom("巡查一队", "巡查二队", ""), actorArb).map(([u, n, a]) => new CreateTeam(u, n, a))
]

/**
 * Registers the organisation model test for an adapter: `runs` random sequences of up to
 * `maxCommands` commands, each on a fresh store.
 */
export const organisationModelTest = (factory: StoreFactory, runs: number, maxCommands = 25): void => {
  it(`H1–H7 (model): random organisation commands on ${factory.name} match the pure model`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands, size: "+1" }), async (cmds) => {
        const h = await harness(factory)
        try {
          const brigade = await h.run(Organisation.foundBrigade(office, Fixtures.pinghuBrigade))
          const org = await h.run(Organisation.load)
          expect(org.units).toEqual([brigade])
          await fc.asyncModelRun(() => ({ model: { org }, real: { h } }), cmds)
        } finally {
          await h.close()
        }
      }),
      { numRuns: runs }
    )
  })
}
