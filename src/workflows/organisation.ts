/**
 * Organisation workflows (H1–H8): found the brigade, add squadrons and squads, appoint
 * leaders, attach patrol teams, move squads, and read the tree. Each mutation decodes its
 * input, checks jurisdiction (H7), decides with the pure rules in `hierarchy.ts`, saves and
 * audits in one transaction.
 *
 * @module
 */
import { Effect, Schema } from "effect"
import type { PermissionDenied } from "../access.js"
import * as Hierarchy from "../hierarchy.js"
import { maskMobile } from "../identity.js"
import { ActorId, AppointmentId, TeamId, UnitId, VolunteerId } from "../ids.js"
import type { InputInvalid } from "../input.js"
import { IdGenerator, Store, type NotFound, type SecurityLogEntry, type StoreError } from "../store.js"
import { Name } from "../text.js"
import { LocalDate } from "../time.js"
import { authorize, decided, input, loadOrganisation, logQuery, mutation, periodOf, today } from "./context.js"

/** The failures every workflow of this module may have. @inline */
type Fails = InputInvalid | StoreError
/** The services every mutation of this module needs. @inline */
type Needs = Store | IdGenerator

/**
 * Input of {@link foundBrigade}: the brigade unit and the person of the brigade office
 * (大队办公室) who founds it and is appointed to the office.
 *
 * @category inputs
 * @since 0.1.0
 */
export const FoundBrigadeInput = Schema.Struct({
  name: Name,
  code: Hierarchy.Unit.fields.code,
  establishedOn: LocalDate,
  profile: Hierarchy.BrigadeProfile,
  office: Hierarchy.Holder
})
/** @category inputs @since 0.1.0 */
export type FoundBrigadeInput = typeof FoundBrigadeInput.Type

/**
 * Founds the city's brigade (H1, H2) and appoints the founding actor to its office, which
 * acts on the whole organisation (H7). Allowed only while no brigade exists.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Organisation.foundBrigade("civil-affairs-1", {
 *   name: "平湖市社区志愿者服务大队", code: "PH", establishedOn: "2012-09-05",
 *   profile: { city: "平湖市", office: "市民政局社会工作综合科", administrativeLead: "市民政局（市委社工办）",
 *     professionalGuide: "平湖市志愿者协会", serviceCentre: "平湖市96345社区服务中心" },
 *   office: { name: "章萍", officePhone: "85030727" }
 * })
 * ```
 * @category mutations
 * @since 0.1.0
 */
export const foundBrigade = (
  actor: unknown,
  raw: unknown
): Effect.Effect<Hierarchy.Unit, Fails | Hierarchy.UnitInvalid | Hierarchy.AppointmentInvalid, Needs> =>
  mutation("organisation.foundBrigade", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(FoundBrigadeInput, "organisation.foundBrigade")(raw)
      yield* ctx.store.lock(STRUCTURE)
      const org = yield* loadOrganisation
      const id = (yield* ctx.newId("unit")) as UnitId
      const unit = yield* decided(
        Hierarchy.decideUnit(org, id, {
          level: "brigade",
          name: i.name,
          code: i.code,
          establishedOn: i.establishedOn,
          profile: i.profile
        })
      )
      yield* ctx.store.units.insert(unit)
      const appointment = yield* decided(
        Hierarchy.decideAppointment(
          { ...org, units: [...org.units, unit] },
          (yield* ctx.newId("appointment")) as AppointmentId,
          { unitId: id, actorId: ctx.actorId, role: "office", holder: i.office, since: i.establishedOn },
          ctx.policy
        )
      )
      yield* ctx.store.appointments.insert(appointment)
      return { value: unit, targetKind: "unit", targetId: unit.id }
    })
  )

/**
 * H1–H6: the organisation's structure (one brigade, names and codes unique among siblings,
 * squads under squadrons, teams unique per squad) is decided under one lock, taken by every
 * structural write; structural writes are rare, so they simply queue. Appointments lock only
 * their unit.
 */
const STRUCTURE = { kind: "organisation" } as const

/**
 * Input of {@link createUnit}: a squadron under the brigade or a squad under a squadron.
 *
 * @category inputs
 * @since 0.1.0
 */
export const CreateUnitInput = Schema.Struct({
  level: Schema.Literals(["squadron", "squad"]),
  name: Name,
  code: Hierarchy.Unit.fields.code,
  parentId: UnitId,
  establishedOn: LocalDate
})
/** @category inputs @since 0.1.0 */
export type CreateUnitInput = typeof CreateUnitInput.Type

/**
 * Creates a squadron (one per town, H3) or a squad (one per community, H4) under a parent
 * the actor has jurisdiction over (H7).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * declare const brigadeId: string
 * const program = Workflows.Organisation.createUnit("civil-affairs-1", {
 *   level: "squadron", name: "当湖街道", code: "PH-DH", parentId: brigadeId, establishedOn: "2012-09-20"
 * })
 * ```
 * @category mutations
 * @since 0.1.0
 */
export const createUnit = (
  actor: unknown,
  raw: unknown
): Effect.Effect<Hierarchy.Unit, Fails | Hierarchy.UnitInvalid | Hierarchy.NotInJurisdiction, Needs> =>
  mutation("organisation.createUnit", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(CreateUnitInput, "organisation.createUnit")(raw)
      yield* ctx.store.lock(STRUCTURE)
      const org = yield* loadOrganisation
      yield* authorize(org, ctx.actorId, i.parentId, ctx.today, "organisation.createUnit")
      const id = (yield* ctx.newId("unit")) as UnitId
      const unit = yield* decided(Hierarchy.decideUnit(org, id, i))
      yield* ctx.store.units.insert(unit)
      return { value: unit, targetKind: "unit", targetId: unit.id }
    })
  )

/**
 * Input of {@link moveSquad}.
 *
 * @category inputs
 * @since 0.1.0
 */
export const MoveSquadInput = Schema.Struct({ squadId: UnitId, toSquadronId: UnitId, on: LocalDate })

/**
 * Moves a squad to another squadron from a date on (H6). The actor must cover both the
 * squad and the receiving squadron (H7); history still answers the old squadron for
 * earlier dates, and city totals do not change (H8).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Organisation.moveSquad("civil-affairs-1", {
 *   squadId: "unit_7", toSquadronId: "unit_3", on: "2026-07-01"
 * })
 * ```
 * @category mutations
 * @since 0.1.0
 */
export const moveSquad = (
  actor: unknown,
  raw: unknown
): Effect.Effect<Hierarchy.Unit, Fails | NotFound | Hierarchy.UnitInvalid | Hierarchy.NotInJurisdiction, Needs> =>
  mutation("organisation.moveSquad", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(MoveSquadInput, "organisation.moveSquad")(raw)
      yield* ctx.store.lock(STRUCTURE)
      const org = yield* loadOrganisation
      yield* authorize(org, ctx.actorId, i.squadId, ctx.today, "organisation.moveSquad")
      yield* authorize(org, ctx.actorId, i.toSquadronId, ctx.today, "organisation.moveSquad")
      const moved = yield* decided(Hierarchy.decideMove(org, i.squadId, i.toSquadronId, i.on))
      yield* ctx.store.units.update(moved)
      return { value: moved, targetKind: "unit", targetId: moved.id }
    })
  )

/**
 * Appoints a person to a role (H1, H3): the captain and office of the brigade, one deputy
 * captain per designated department, squadron captains and deputies, squad leaders. The
 * actor must cover the unit (H7).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * declare const brigadeId: string
 * const program = Workflows.Organisation.appoint("civil-affairs-1", {
 *   unitId: brigadeId, actorId: "gongan-7", role: "deputyCaptain", department: "市公安局",
 *   holder: { name: "王强", unitAndPost: "市公安局副局长", officePhone: "85011000", mobile: "13905730001" },
 *   since: "2012-09-20"
 * })
 * ```
 * @category mutations
 * @since 0.1.0
 */
export const appoint = (
  actor: unknown,
  raw: unknown
): Effect.Effect<
  Hierarchy.Appointment,
  Fails | Hierarchy.AppointmentInvalid | Hierarchy.NotInJurisdiction,
  Needs
> =>
  mutation("organisation.appoint", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(Hierarchy.AppointmentInput, "organisation.appoint")(raw)
      // H1/H3: a unit's officers (one captain, …) are decided under the unit's lock
      yield* ctx.store.lock({ kind: "unit", id: i.unitId })
      const org = yield* loadOrganisation
      yield* authorize(org, ctx.actorId, i.unitId, ctx.today, "organisation.appoint")
      const id = (yield* ctx.newId("appointment")) as AppointmentId
      const appointment = yield* decided(Hierarchy.decideAppointment(org, id, i, ctx.policy))
      yield* ctx.store.appointments.insert(appointment)
      return { value: appointment, targetKind: "appointment", targetId: appointment.id }
    })
  )

/**
 * Ends an appointment. The actor must cover its unit (H7).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Organisation.endAppointment("civil-affairs-1", "appointment_4")
 * ```
 * @category mutations
 * @since 0.1.0
 */
export const endAppointment = (
  actor: unknown,
  appointmentId: unknown
): Effect.Effect<void, Fails | NotFound | Hierarchy.NotInJurisdiction, Needs> =>
  mutation("organisation.endAppointment", actor, (ctx) =>
    Effect.gen(function* () {
      const id = yield* input(AppointmentId, "organisation.endAppointment")(appointmentId)
      const org = yield* loadOrganisation
      const found = org.appointments.find((a) => a.id === id)
      if (found) yield* authorize(org, ctx.actorId, found.unitId, ctx.today, "organisation.endAppointment")
      yield* ctx.store.appointments.remove(id)
      return { value: undefined, targetKind: "appointment", targetId: id }
    })
  )

/**
 * Input of {@link createTeam}.
 *
 * @category inputs
 * @since 0.1.0
 */
export const CreateTeamInput = Schema.Struct({
  squadId: UnitId,
  kind: Hierarchy.Team.fields.kind,
  name: Name,
  members: Schema.optionalKey(Schema.Array(VolunteerId))
})

/**
 * Attaches a team, such as a security patrol team (治安巡查志愿服务队), to a squad (H5).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Organisation.createTeam("civil-affairs-1", {
 *   squadId: "unit_7", kind: "patrol", name: "东湖社区治安巡查志愿服务队"
 * })
 * ```
 * @category mutations
 * @since 0.1.0
 */
export const createTeam = (
  actor: unknown,
  raw: unknown
): Effect.Effect<Hierarchy.Team, Fails | Hierarchy.UnitInvalid | Hierarchy.NotInJurisdiction, Needs> =>
  mutation("organisation.createTeam", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(CreateTeamInput, "organisation.createTeam")(raw)
      yield* ctx.store.lock(STRUCTURE)
      const org = yield* loadOrganisation
      yield* authorize(org, ctx.actorId, i.squadId, ctx.today, "organisation.createTeam")
      const team = yield* decided(
        Hierarchy.decideTeam(org, {
          id: (yield* ctx.newId("team")) as TeamId,
          unitId: i.squadId,
          kind: i.kind,
          name: i.name,
          members: i.members ?? []
        })
      )
      yield* ctx.store.teams.insert(team)
      return { value: team, targetKind: "team", targetId: team.id }
    })
  )

/**
 * Input of {@link dissolveUnit}.
 *
 * @category inputs
 * @since 0.1.0
 */
export const DissolveUnitInput = Schema.Struct({ unitId: UnitId, on: LocalDate })

/**
 * Dissolves a squadron or squad from a date. Its records stay; its superior takes over
 * certifying the hours it recorded (T9). A unit with live children cannot be dissolved.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Organisation.dissolveUnit("civil-affairs-1", { unitId: "unit_7", on: "2026-12-31" })
 * ```
 * @category mutations
 * @since 0.1.0
 */
export const dissolveUnit = (
  actor: unknown,
  raw: unknown
): Effect.Effect<Hierarchy.Unit, Fails | NotFound | Hierarchy.UnitInvalid | Hierarchy.NotInJurisdiction, Needs> =>
  mutation("organisation.dissolveUnit", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(DissolveUnitInput, "organisation.dissolveUnit")(raw)
      yield* ctx.store.lock(STRUCTURE)
      const org = yield* loadOrganisation
      yield* authorize(org, ctx.actorId, i.unitId, ctx.today, "organisation.dissolveUnit")
      const unit = yield* ctx.store.units.get(i.unitId)
      const fail = (reason: string, message: string) =>
        Effect.fail(new Hierarchy.UnitInvalid({ unitId: unit.id, reason, message }))
      if (unit.level === "brigade") return yield* fail("notDissolvable", "the brigade cannot be dissolved")
      if (unit.dissolvedOn !== undefined) return yield* fail("dissolved", "the unit is already dissolved")
      if (Hierarchy.childrenOn(org, unit.id, i.on).some((c) => c.dissolvedOn === undefined)) {
        return yield* fail("hasChildren", "dissolve or move the unit's children first")
      }
      const dissolved: Hierarchy.Unit = { ...unit, dissolvedOn: i.on }
      yield* ctx.store.units.update(dissolved)
      return { value: dissolved, targetKind: "unit", targetId: unit.id }
    })
  )

// ---------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------

/**
 * A node of the organisation tree as {@link tree} returns it.
 *
 * @category queries
 * @since 0.1.0
 */
export interface TreeNode {
  readonly unit: Hierarchy.Unit
  readonly appointments: ReadonlyArray<Hierarchy.Appointment>
  readonly teams: ReadonlyArray<Hierarchy.Team>
  readonly children: ReadonlyArray<TreeNode>
  /** Units in this subtree by level, this unit included (H8). */
  readonly counts: { readonly squadrons: number; readonly squads: number; readonly teams: number }
}

/**
 * The organisation as a tree on a date (default: today), children ordered by name, with
 * roll-up counts (H8). Undefined while no brigade exists. An org chart, not a roster: the
 * holders' mobiles are masked (V7, P3); Annex 1–3 show them to a permitted clear read.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Organisation.tree("2026-01-01")
 * ```
 * @category queries
 * @since 0.1.0
 */
export const tree = (on?: unknown): Effect.Effect<TreeNode | undefined, InputInvalid | StoreError, Store> =>
  Effect.gen(function* () {
    const date = on === undefined ? yield* today : yield* input(LocalDate, "organisation.tree")(on)
    const org = yield* loadOrganisation
    const brigade = Hierarchy.brigadeOf(org)
    if (!brigade) return undefined
    const build = (unit: Hierarchy.Unit): TreeNode => {
      const children = Hierarchy.childrenOn(org, unit.id, date)
        .filter((c) => c.dissolvedOn === undefined || c.dissolvedOn > date)
        .slice()
        .sort((a, b) => a.name.localeCompare(b.name, "zh-CN"))
        .map(build)
      const teams = org.teams.filter((t) => t.unitId === unit.id)
      const sum = (k: keyof TreeNode["counts"]) => children.reduce((n, c) => n + c.counts[k], 0)
      return {
        unit,
        appointments: org.appointments
          .filter((a) => a.unitId === unit.id)
          .map((a) => (a.holder.mobile === undefined ? a : { ...a, holder: { ...a.holder, mobile: maskMobile(a.holder.mobile) } })),
        teams,
        children,
        counts: {
          squadrons: sum("squadrons") + (unit.level === "squadron" ? 1 : 0),
          squads: sum("squads") + (unit.level === "squad" ? 1 : 0),
          teams: sum("teams") + teams.length
        }
      }
    }
    return build(brigade)
  })

/**
 * The squadron a squad belonged to on a date (H6).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Organisation.squadronOn("unit_7", "2025-06-01")
 * ```
 * @category queries
 * @since 0.1.0
 */
export const squadronOn = (
  unitId: unknown,
  on: unknown
): Effect.Effect<UnitId | undefined, InputInvalid | StoreError, Store> =>
  Effect.gen(function* () {
    const id = yield* input(UnitId, "organisation.squadronOn")(unitId)
    const date = yield* input(LocalDate, "organisation.squadronOn")(on)
    return Hierarchy.squadronOn(yield* loadOrganisation, id, date)
  })

/**
 * The whole organisation (units, appointments, teams).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Organisation.load
 * ```
 * @category queries
 * @since 0.1.0
 */
export const load: Effect.Effect<Hierarchy.Organisation, StoreError, Store> = loadOrganisation

/**
 * Filter of {@link securityLog}: by actor, by operation (`funds.allocate`,
 * `volunteers.get`, …) and by the local days `[from, to)` in the policy's time zone.
 *
 * @category security log
 * @since 0.2.0
 */
export const SecurityLogQuery = Schema.Struct({
  actorId: Schema.optionalKey(ActorId),
  operation: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(200))),
  from: Schema.optionalKey(LocalDate),
  to: Schema.optionalKey(LocalDate)
})
/** @category security log @since 0.2.0 */
export type SecurityLogQuery = typeof SecurityLogQuery.Encoded

/**
 * 安全日志 — every refused action, oldest first (P4, 等保 2.0 security audit): who tried,
 * when, which operation on which target, and why (`NotInJurisdiction`,
 * `PermissionDenied:clearRead`, `FundDutiesNotSeparated:squadronOfficer`, …). Written by every
 * workflow's refusal — mutations and reads alike — in a transaction of its own. Only roles
 * the policy names in `logReaderRoles` (the office by default) may query it; a refused query
 * is itself logged.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Organisation.securityLog("office-1", { operation: "funds.allocate", from: "2026-01-01" })
 * ```
 * @category security log
 * @since 0.2.0
 */
export const securityLog = (
  actor: unknown,
  query?: unknown
): Effect.Effect<ReadonlyArray<SecurityLogEntry>, Fails | Hierarchy.NotInJurisdiction | PermissionDenied, Needs> =>
  logQuery("organisation.securityLog", SecurityLogQuery, actor, query, (ctx, q) =>
    ctx.store.securityLog.list({
      ...(q.actorId === undefined ? {} : { actorId: q.actorId }),
      ...(q.operation === undefined ? {} : { operation: q.operation }),
      ...periodOf(ctx, q)
    })
  )
