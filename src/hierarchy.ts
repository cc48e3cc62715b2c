/**
 * 组织 — the brigade → squadron → squad organisation of a city.
 *
 * Owns rules **H1** (one brigade, one captain, one deputy per designated department),
 * **H2** (the brigade's office, administrative lead, professional guide and service centre),
 * **H3** (one squadron per town), **H4** (one squad per community, child of its town's
 * squadron), **H5** (patrol teams are groups inside a squad, not a level), **H6** (a tree with
 * dated moves), **H7** (jurisdiction) and **H8** (roll-up).
 *
 * Every decision is a pure function of the organisation's current state, the input and
 * the date; workflows load the state from the Store, decide here and save.
 *
 * @module
 */
import { Result, Schema } from "effect"
import { ActorId, AppointmentId, TeamId, UnitId, VolunteerId } from "./ids.js"
import type { Policy } from "./policy.js"
import { Mobile, Name, OfficePhone } from "./text.js"
import { LocalDate } from "./time.js"

// ---------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------

/**
 * 层级 — the level of a unit: 大队 brigade (city), 中队 squadron (town or subdistrict),
 * 分队 squad (village or residential community).
 *
 * @category model
 * @since 0.1.0
 */
export const UnitLevel = Schema.Literals(["brigade", "squadron", "squad"])
/** @category model @since 0.1.0 */
export type UnitLevel = typeof UnitLevel.Type

/**
 * The brigade's standing relations (H2): its office (办公室), its administrative lead
 * (行政领导), its professional guide (业务指导) and the service centre it relies on (依托).
 *
 * @category model
 * @since 0.1.0
 */
export const BrigadeProfile = Schema.Struct({
  /** The city whose brigade this is (平湖市); roster titles are built from it (R1). */
  city: Name,
  office: Name,
  administrativeLead: Name,
  professionalGuide: Name,
  serviceCentre: Name
})
/** @category model @since 0.1.0 */
export type BrigadeProfile = typeof BrigadeProfile.Type

/**
 * One dated link of a unit to its parent (H6): from `from` on, the parent is `parentId`.
 *
 * @category model
 * @since 0.1.0
 */
export const ParentLink = Schema.Struct({ parentId: UnitId, from: LocalDate })
/** @category model @since 0.1.0 */
export type ParentLink = typeof ParentLink.Type

/**
 * 单位 — a unit of the organisation tree. A brigade carries its {@link BrigadeProfile};
 * squadrons and squads carry their dated parent history, newest last.
 *
 * @category model
 * @since 0.1.0
 */
export const Unit = Schema.Struct({
  id: UnitId,
  level: UnitLevel,
  name: Name,
  /** Short code used in certificate serial numbers, e.g. `PH` or `PH-DH`. */
  code: Schema.String.check(Schema.isPattern(/^[A-Z0-9-]{1,16}$/, { message: "a unit code is 1–16 of A–Z, 0–9 and -" })),
  establishedOn: LocalDate,
  parents: Schema.Array(ParentLink),
  profile: Schema.optionalKey(BrigadeProfile),
  dissolvedOn: Schema.optionalKey(LocalDate)
})
/** @category model @since 0.1.0 */
export type Unit = typeof Unit.Type

/**
 * 职务 — a role held in a unit: 大队长 captain, 副大队长 deputy captain, 大队办公室 office staff,
 * 中队长/副中队长 squadron captain/deputy, 分队长/副分队长 squad leader/deputy.
 *
 * @category model
 * @since 0.1.0
 */
export const Role = Schema.Literals([
  "captain",
  "deputyCaptain",
  "office",
  "squadronCaptain",
  "squadronDeputy",
  "squadLeader",
  "squadDeputy"
])
/** @category model @since 0.1.0 */
export type Role = typeof Role.Type

/**
 * The person holding an appointment, with the contact fields the rosters print (R1, R2).
 *
 * @category model
 * @since 0.1.0
 */
export const Holder = Schema.Struct({
  name: Name,
  gender: Schema.optionalKey(Schema.Literals(["male", "female"])),
  birthDate: Schema.optionalKey(LocalDate),
  unitAndPost: Schema.optionalKey(Name),
  officePhone: Schema.optionalKey(OfficePhone),
  mobile: Schema.optionalKey(Mobile)
})
/** @category model @since 0.1.0 */
export type Holder = typeof Holder.Type

/**
 * 任职 — an appointment: the host user `actorId` holds `role` in `unitId`. A deputy captain
 * names the designated department that appointed them (H1).
 *
 * @category model
 * @since 0.1.0
 */
export const Appointment = Schema.Struct({
  id: AppointmentId,
  unitId: UnitId,
  actorId: ActorId,
  role: Role,
  department: Schema.optionalKey(Name),
  holder: Holder,
  volunteerId: Schema.optionalKey(VolunteerId),
  since: LocalDate
})
/** @category model @since 0.1.0 */
export type Appointment = typeof Appointment.Type

/**
 * 治安巡查志愿服务队 — a team inside a squad, such as a security patrol team (H5). A team is a
 * group of the squad's volunteers, not a level of the tree.
 *
 * @category model
 * @since 0.1.0
 */
export const Team = Schema.Struct({
  id: TeamId,
  unitId: UnitId,
  kind: Schema.Literals(["patrol", "other"]),
  name: Name,
  members: Schema.Array(VolunteerId)
})
/** @category model @since 0.1.0 */
export type Team = typeof Team.Type

/**
 * The organisation as the rules see it: every unit, appointment and team.
 *
 * @category model
 * @since 0.1.0
 */
export interface Organisation {
  readonly units: ReadonlyArray<Unit>
  readonly appointments: ReadonlyArray<Appointment>
  readonly teams: ReadonlyArray<Team>
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/**
 * A unit cannot be created or moved as asked: the reason says why (`brigadeExists`,
 * `wrongParentLevel`, `duplicateName`, `cycle`, `moveBeforeLastLink`, `dissolved`, ...).
 *
 * @category errors
 * @since 0.1.0
 */
export class UnitInvalid extends Schema.TaggedError<UnitInvalid>()("UnitInvalid", {
  unitId: Schema.optionalKey(Schema.String),
  reason: Schema.String,
  message: Schema.String
}) {}

/**
 * An appointment breaks H1/H3: a second captain, a second deputy for one department, a
 * department not on the designated list, or a role that does not fit the unit's level.
 *
 * @category errors
 * @since 0.1.0
 */
export class AppointmentInvalid extends Schema.TaggedError<AppointmentInvalid>()("AppointmentInvalid", {
  unitId: Schema.String,
  reason: Schema.String,
  message: Schema.String
}) {}

/**
 * The actor holds no role covering the target unit (H7).
 *
 * @category errors
 * @since 0.1.0
 */
export class NotInJurisdiction extends Schema.TaggedError<NotInJurisdiction>()("NotInJurisdiction", {
  actorId: Schema.String,
  unitId: Schema.String,
  operation: Schema.String
}) {}

// ---------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------

/**
 * The parent of a unit on a local date (H6): the newest link whose `from` is on or before
 * the date; `undefined` for the brigade or before the first link.
 *
 * @example
 * ```ts
 * import { Hierarchy, Time } from "volunteer-brigade"
 * declare const squad: Hierarchy.Unit
 * Hierarchy.parentOn(squad, Time.localDate("2026-06-01"))
 * ```
 * @category queries
 * @since 0.1.0
 */
export const parentOn = (unit: Unit, on: LocalDate): UnitId | undefined => {
  let found: UnitId | undefined
  for (const link of unit.parents) if (link.from <= on) found = link.parentId
  return found
}

/**
 * The current parent of a unit: the newest link.
 *
 * @example
 * ```ts
 * import { Hierarchy } from "volunteer-brigade"
 * declare const squad: Hierarchy.Unit
 * Hierarchy.currentParent(squad)
 * ```
 * @category queries
 * @since 0.1.0
 */
export const currentParent = (unit: Unit): UnitId | undefined => unit.parents[unit.parents.length - 1]?.parentId

const indexUnits = (units: ReadonlyArray<Unit>): ReadonlyMap<string, Unit> => new Map(units.map((u) => [u.id, u]))

/**
 * The brigade of an organisation, if one exists (H1).
 *
 * @example
 * ```ts
 * import { Hierarchy } from "volunteer-brigade"
 * Hierarchy.brigadeOf({ units: [] }) // undefined
 * ```
 * @category queries
 * @since 0.1.0
 */
export const brigadeOf = (org: Pick<Organisation, "units">): Unit | undefined =>
  org.units.find((u) => u.level === "brigade")

/**
 * The chain from a unit up to the brigade on a date, the unit first (H6).
 *
 * @example
 * ```ts
 * import { Hierarchy, Ids, Time } from "volunteer-brigade"
 * declare const squadId: Ids.UnitId
 * declare const org: Hierarchy.Organisation
 * Hierarchy.ancestry(org, squadId, Time.localDate("2026-01-01"))
 * ```
 * @category queries
 * @since 0.1.0
 */
export const ancestry = (org: Pick<Organisation, "units">, unitId: UnitId, on: LocalDate): ReadonlyArray<UnitId> => {
  const byId = indexUnits(org.units)
  const chain: Array<UnitId> = []
  let current: UnitId | undefined = unitId
  // A tree of three levels has chains of at most three; the bound guards corrupt data.
  while (current !== undefined && chain.length <= 3 && byId.has(current)) {
    chain.push(current)
    current = parentOn(byId.get(current)!, on)
  }
  return chain
}

/**
 * The children of a unit on a date (H6).
 *
 * @example
 * ```ts
 * import { Hierarchy, Ids, Time } from "volunteer-brigade"
 * declare const brigadeId: Ids.UnitId
 * declare const org: Hierarchy.Organisation
 * Hierarchy.childrenOn(org, brigadeId, Time.localDate("2026-01-01"))
 * ```
 * @category queries
 * @since 0.1.0
 */
export const childrenOn = (org: Pick<Organisation, "units">, unitId: UnitId, on: LocalDate): ReadonlyArray<Unit> =>
  org.units.filter((u) => parentOn(u, on) === unitId && u.establishedOn <= on)

/**
 * The unit and all its descendants on a date (H7, H8).
 *
 * @example
 * ```ts
 * import { Hierarchy, Ids, Time } from "volunteer-brigade"
 * declare const squadronId: Ids.UnitId
 * declare const org: Hierarchy.Organisation
 * Hierarchy.subtree(org, squadronId, Time.localDate("2026-01-01"))
 * ```
 * @category queries
 * @since 0.1.0
 */
export const subtree = (org: Pick<Organisation, "units">, unitId: UnitId, on: LocalDate): ReadonlyArray<UnitId> => {
  const children = new Map<string, Array<UnitId>>()
  for (const u of org.units) {
    const p = parentOn(u, on)
    if (p === undefined) continue
    const siblings = children.get(p)
    if (siblings === undefined) children.set(p, [u.id])
    else siblings.push(u.id)
  }
  const out: Array<UnitId> = []
  const seen = new Set<UnitId>()
  const stack = [unitId]
  while (stack.length > 0) {
    const id = stack.pop()!
    if (seen.has(id)) continue
    seen.add(id)
    out.push(id)
    for (const child of children.get(id) ?? []) stack.push(child)
  }
  return out
}

/**
 * The squadron a unit belongs to on a date: itself for a squadron, its parent for a squad
 * (H6: "which squadron on date D").
 *
 * @example
 * ```ts
 * import { Hierarchy, Ids, Time } from "volunteer-brigade"
 * declare const squadId: Ids.UnitId
 * declare const org: Hierarchy.Organisation
 * Hierarchy.squadronOn(org, squadId, Time.localDate("2026-01-01"))
 * ```
 * @category queries
 * @since 0.1.0
 */
export const squadronOn = (org: Pick<Organisation, "units">, unitId: UnitId, on: LocalDate): UnitId | undefined => {
  const byId = indexUnits(org.units)
  return ancestry(org, unitId, on).find((id) => byId.get(id)?.level === "squadron")
}

// ---------------------------------------------------------------------------------------
// Decisions
// ---------------------------------------------------------------------------------------

const parentLevel: Readonly<Record<UnitLevel, UnitLevel | undefined>> = {
  brigade: undefined,
  squadron: "brigade",
  squad: "squadron"
}

const invalid = (reason: string, message: string, unitId?: string) =>
  Result.fail(new UnitInvalid({ reason, message, ...(unitId === undefined ? {} : { unitId }) }))

/**
 * Input to {@link decideUnit}: a new unit's level, name, code, parent and founding date.
 *
 * @category decisions
 * @since 0.1.0
 */
export const UnitInput = Schema.Struct({
  level: UnitLevel,
  name: Name,
  code: Unit.fields.code,
  parentId: Schema.optionalKey(UnitId),
  establishedOn: LocalDate,
  profile: Schema.optionalKey(BrigadeProfile)
})
/** @category decisions @since 0.1.0 */
export type UnitInput = typeof UnitInput.Type

/**
 * Decides whether a unit may be founded (H1, H3, H4, H6): one brigade per organisation, with
 * its profile (H2); a squadron under the brigade and a squad under a squadron (no level
 * skipped); names unique among siblings (one squadron per town, one squad per community);
 * unit codes unique.
 *
 * @example
 * ```ts
 * import { Hierarchy, Ids, Time } from "volunteer-brigade"
 * declare const newId: Ids.UnitId
 * const r = Hierarchy.decideUnit({ units: [], appointments: [], teams: [] }, newId, {
 *   level: "brigade", name: "平湖市社区志愿者服务大队", code: "PH", establishedOn: Time.localDate("2012-09-05"),
 *   profile: { city: "平湖市", office: "市民政局社会工作综合科", administrativeLead: "市民政局（市委社工办）",
 *     professionalGuide: "平湖市志愿者协会", serviceCentre: "平湖市96345社区服务中心" }
 * })
 * ```
 * @category decisions
 * @since 0.1.0
 */
export const decideUnit = (org: Organisation, id: UnitId, input: UnitInput): Result.Result<Unit, UnitInvalid> => {
  if (org.units.some((u) => u.id === id)) return invalid("duplicateId", `unit ${id} already exists`, id)
  if (org.units.some((u) => u.code === input.code)) {
    return invalid("duplicateCode", `unit code ${input.code} is already used`, id)
  }
  if (input.level === "brigade") {
    if (brigadeOf(org)) return invalid("brigadeExists", "a city has exactly one brigade (H1)", id)
    if (input.parentId !== undefined) return invalid("wrongParentLevel", "the brigade has no parent", id)
    if (input.profile === undefined) {
      return invalid("profileMissing", "the brigade records its office, lead, guide and service centre (H2)", id)
    }
    return Result.succeed({
      id,
      level: "brigade",
      name: input.name,
      code: input.code,
      establishedOn: input.establishedOn,
      parents: [],
      profile: input.profile
    })
  }
  if (input.profile !== undefined) return invalid("profileNotAllowed", "only the brigade has a profile", id)
  if (input.parentId === undefined) return invalid("parentMissing", `a ${input.level} needs a parent`, id)
  const parent = org.units.find((u) => u.id === input.parentId)
  if (!parent) return invalid("parentNotFound", `parent unit ${input.parentId} does not exist`, id)
  const expected = parentLevel[input.level]
  if (parent.level !== expected) {
    return invalid("wrongParentLevel", `a ${input.level}'s parent must be a ${expected}, not a ${parent.level} (H6)`, id)
  }
  if (parent.dissolvedOn !== undefined) return invalid("dissolved", `parent ${parent.id} is dissolved`, id)
  if (input.establishedOn < parent.establishedOn) {
    return invalid("beforeParent", "a unit cannot be established before its parent", id)
  }
  const siblings = childrenOn(org, parent.id, "2199-12-31" as LocalDate)
  if (siblings.some((s) => s.name === input.name && s.dissolvedOn === undefined)) {
    return invalid(
      "duplicateName",
      input.level === "squadron"
        ? `town ${input.name} already has a squadron (H3)`
        : `community ${input.name} already has a squad (H4)`,
      id
    )
  }
  return Result.succeed({
    id,
    level: input.level,
    name: input.name,
    code: input.code,
    establishedOn: input.establishedOn,
    parents: [{ parentId: parent.id, from: input.establishedOn }]
  })
}

/**
 * Decides a dated move of a squad to another squadron (H6): the target is a live squadron,
 * the date is not before the squad's last link, and the squad's history keeps the old
 * parent for earlier dates. A brigade or squadron cannot be moved (a squadron is its town).
 *
 * @example
 * ```ts
 * import { Hierarchy, Ids, Time } from "volunteer-brigade"
 * declare const squadId: Ids.UnitId
 * declare const squadronId: Ids.UnitId
 * declare const org: Hierarchy.Organisation
 * Hierarchy.decideMove(org, squadId, squadronId, Time.localDate("2026-07-01"))
 * ```
 * @category decisions
 * @since 0.1.0
 */
export const decideMove = (
  org: Organisation,
  unitId: UnitId,
  toParentId: UnitId,
  on: LocalDate
): Result.Result<Unit, UnitInvalid> => {
  const byId = indexUnits(org.units)
  const unit = byId.get(unitId)
  if (!unit) return invalid("unitNotFound", `unit ${unitId} does not exist`, unitId)
  if (unit.level !== "squad") return invalid("notMovable", "only a squad moves between squadrons (H6)", unitId)
  const target = byId.get(toParentId)
  if (!target) return invalid("parentNotFound", `parent unit ${toParentId} does not exist`, unitId)
  if (target.level !== "squadron") return invalid("wrongParentLevel", "a squad's parent must be a squadron (H6)", unitId)
  if (target.dissolvedOn !== undefined) return invalid("dissolved", `squadron ${toParentId} is dissolved`, unitId)
  if (ancestry(org, toParentId, on).includes(unitId)) return invalid("cycle", "a unit cannot move under itself", unitId)
  const last = unit.parents[unit.parents.length - 1]
  if (last && on <= last.from) {
    return invalid("moveBeforeLastLink", `a move must be dated after ${last.from}, the squad's last move`, unitId)
  }
  if (last?.parentId === toParentId) return invalid("sameParent", "the squad already belongs to that squadron", unitId)
  return Result.succeed({ ...unit, parents: [...unit.parents, { parentId: toParentId, from: on }] })
}

const roleLevel: Readonly<Record<Role, UnitLevel>> = {
  captain: "brigade",
  deputyCaptain: "brigade",
  office: "brigade",
  squadronCaptain: "squadron",
  squadronDeputy: "squadron",
  squadLeader: "squad",
  squadDeputy: "squad"
}

/** Roles held by at most one person per unit. */
const singleRoles: ReadonlyArray<Role> = ["captain", "squadronCaptain", "squadLeader"]

/**
 * Input to {@link decideAppointment}.
 *
 * @category decisions
 * @since 0.1.0
 */
export const AppointmentInput = Schema.Struct({
  unitId: UnitId,
  actorId: ActorId,
  role: Role,
  department: Schema.optionalKey(Name),
  holder: Holder,
  volunteerId: Schema.optionalKey(VolunteerId),
  since: LocalDate
})
/** @category decisions @since 0.1.0 */
export type AppointmentInput = typeof AppointmentInput.Type

/**
 * Decides an appointment (H1, H3): the role fits the unit's level; the brigade has one
 * captain, a squadron one captain, a squad one leader; a deputy captain names a designated
 * department (the policy's list) and each department names at most one deputy.
 *
 * @example
 * ```ts
 * import { Hierarchy, Ids, Policy, Time } from "volunteer-brigade"
 * declare const org: Hierarchy.Organisation
 * declare const newId: Ids.AppointmentId
 * declare const brigadeId: Ids.UnitId
 * declare const actorId: Ids.ActorId
 * Hierarchy.decideAppointment(org, newId, {
 *   unitId: brigadeId, actorId, role: "deputyCaptain", department: "市公安局",
 *   holder: { name: "王强", unitAndPost: "市公安局副局长" }, since: Time.localDate("2012-09-20")
 * }, Policy.defaults)
 * ```
 * @category decisions
 * @since 0.1.0
 */
export const decideAppointment = (
  org: Organisation,
  id: AppointmentId,
  input: AppointmentInput,
  policy: Pick<Policy, "designatedDepartments">
): Result.Result<Appointment, AppointmentInvalid> => {
  const fail = (reason: string, message: string) =>
    Result.fail(new AppointmentInvalid({ unitId: input.unitId, reason, message }))
  const unit = org.units.find((u) => u.id === input.unitId)
  if (!unit) return fail("unitNotFound", `unit ${input.unitId} does not exist`)
  if (unit.dissolvedOn !== undefined) return fail("dissolved", `unit ${unit.id} is dissolved`)
  if (roleLevel[input.role] !== unit.level) {
    return fail("roleNotForLevel", `a ${input.role} is appointed in a ${roleLevel[input.role]}, not a ${unit.level}`)
  }
  const here = org.appointments.filter((a) => a.unitId === unit.id)
  if (singleRoles.includes(input.role) && here.some((a) => a.role === input.role)) {
    return fail("secondHolder", `${unit.name} already has a ${input.role} (H1, H3)`)
  }
  if (input.role === "deputyCaptain") {
    if (input.department === undefined) return fail("departmentMissing", "a deputy captain names their department (H1)")
    if (!policy.designatedDepartments.includes(input.department)) {
      return fail("departmentNotDesignated", `${input.department} is not a designated department (H1)`)
    }
    if (here.some((a) => a.role === "deputyCaptain" && a.department === input.department)) {
      return fail("secondDeputyForDepartment", `${input.department} already has a deputy captain (H1)`)
    }
  } else if (input.department !== undefined) {
    return fail("departmentNotAllowed", "only a deputy captain names a department")
  }
  if (here.some((a) => a.actorId === input.actorId && a.role === input.role)) {
    return fail("duplicate", `${input.actorId} already holds that role in ${unit.name}`)
  }
  return Result.succeed({ id, ...input })
}

/**
 * Decides a team inside a squad (H5): teams attach to squads only and are not units.
 *
 * @example
 * ```ts
 * import { Hierarchy, Ids } from "volunteer-brigade"
 * declare const org: Hierarchy.Organisation
 * declare const teamId: Ids.TeamId
 * declare const squadId: Ids.UnitId
 * Hierarchy.decideTeam(org, { id: teamId, unitId: squadId, kind: "patrol", name: "治安巡查志愿服务队", members: [] })
 * ```
 * @category decisions
 * @since 0.1.0
 */
export const decideTeam = (org: Organisation, team: Team): Result.Result<Team, UnitInvalid> => {
  const unit = org.units.find((u) => u.id === team.unitId)
  if (!unit) return invalid("unitNotFound", `unit ${team.unitId} does not exist`, team.unitId)
  if (unit.level !== "squad") return invalid("wrongParentLevel", "a team is attached to a squad (H5)", team.unitId)
  if (org.teams.some((t) => t.id === team.id)) return invalid("duplicateId", `team ${team.id} already exists`)
  if (org.teams.some((t) => t.unitId === team.unitId && t.name === team.name)) {
    return invalid("duplicateName", `${unit.name} already has a team named ${team.name}`, team.unitId)
  }
  return Result.succeed(team)
}

// ---------------------------------------------------------------------------------------
// Jurisdiction (H7) and roll-up (H8)
// ---------------------------------------------------------------------------------------

/**
 * The units an actor may act on, on a date (H7): the subtree of every unit where the actor
 * holds a role; the brigade office and captain act on all.
 *
 * @example
 * ```ts
 * import { Hierarchy, Ids, Time } from "volunteer-brigade"
 * declare const actorId: Ids.ActorId
 * declare const org: Hierarchy.Organisation
 * Hierarchy.jurisdiction(org, actorId, Time.localDate("2026-01-01"))
 * ```
 * @category jurisdiction
 * @since 0.1.0
 */
export const jurisdiction = (org: Organisation, actorId: ActorId, on: LocalDate): ReadonlySet<UnitId> =>
  new Set(memoisedJurisdiction(org, actorId, on))

/** {@link jurisdiction}'s set, shared through the memo: for this module's own reads only. */
const memoisedJurisdiction = (org: Organisation, actorId: ActorId, on: LocalDate): ReadonlySet<UnitId> => {
  let known = jurisdictions.get(org)
  if (known === undefined || known.size >= JURISDICTIONS_KEPT) {
    known = new Map()
    jurisdictions.set(org, known)
  }
  const key = `${on} ${actorId}`
  let out = known.get(key)
  if (out === undefined) {
    const units = new Set<UnitId>()
    for (const a of org.appointments) {
      if (a.actorId !== actorId || a.since > on) continue
      for (const id of subtree(org, a.unitId, on)) units.add(id)
    }
    out = units
    known.set(key, out)
  }
  return out
}

/**
 * Jurisdictions already worked out, per organisation value (organisations are immutable
 * values: a store hands out a new one after every change), by date and actor. A pure
 * function's memo: the same arguments give the same set.
 */
const jurisdictions = new WeakMap<Organisation, Map<string, ReadonlySet<UnitId>>>()

/** Sets kept per organisation before the memo starts afresh (a long-lived organisation meets many days and actors). */
const JURISDICTIONS_KEPT = 4096

/**
 * Whether an actor may act on a unit on a date (H7). Every mutating workflow calls this
 * with the unit its target belongs to.
 *
 * @example
 * ```ts
 * import { Hierarchy, Ids, Time } from "volunteer-brigade"
 * declare const squadId: Ids.UnitId
 * declare const actorId: Ids.ActorId
 * declare const org: Hierarchy.Organisation
 * Hierarchy.covers(org, actorId, squadId, Time.localDate("2026-01-01"))
 * ```
 * @category jurisdiction
 * @since 0.1.0
 */
export const covers = (org: Organisation, actorId: ActorId, unitId: UnitId, on: LocalDate): boolean =>
  memoisedJurisdiction(org, actorId, on).has(unitId)

/**
 * Checks jurisdiction (H7) and returns a typed {@link NotInJurisdiction} refusal.
 *
 * @example
 * ```ts
 * import { Hierarchy, Ids, Time } from "volunteer-brigade"
 * declare const squadId: Ids.UnitId
 * declare const actorId: Ids.ActorId
 * declare const org: Hierarchy.Organisation
 * Hierarchy.authorize(org, actorId, squadId, Time.localDate("2026-01-01"), "recordAttendance")
 * ```
 * @category jurisdiction
 * @since 0.1.0
 */
export const authorize = (
  org: Organisation,
  actorId: ActorId,
  unitId: UnitId,
  on: LocalDate,
  operation: string
): Result.Result<void, NotInJurisdiction> =>
  covers(org, actorId, unitId, on)
    ? Result.succeed(undefined)
    : Result.fail(new NotInJurisdiction({ actorId, unitId, operation }))

/**
 * Rolls direct counts up the tree on a date (H8): each unit's total is its own direct count
 * plus its children's totals. Units missing from `direct` count zero.
 *
 * @example
 * ```ts
 * import { Hierarchy, Ids, Time } from "volunteer-brigade"
 * declare const squadId: Ids.UnitId
 * declare const org: Hierarchy.Organisation
 * const totals = Hierarchy.rollUp(org, new Map([[squadId, 12]]), Time.localDate("2026-01-01"))
 * ```
 * @category roll-up
 * @since 0.1.0
 */
export const rollUp = (
  org: Pick<Organisation, "units">,
  direct: ReadonlyMap<string, number>,
  on: LocalDate
): ReadonlyMap<UnitId, number> => {
  const totals = new Map<UnitId, number>()
  const visit = (id: UnitId): number => {
    const known = totals.get(id)
    if (known !== undefined) return known
    totals.set(id, 0)
    const sum = (direct.get(id) ?? 0) + childrenOn(org, id, on).reduce((acc, c) => acc + visit(c.id), 0)
    totals.set(id, sum)
    return sum
  }
  for (const u of org.units) visit(u.id)
  return totals
}

// ---------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------

/**
 * zh-CN labels of unit levels.
 *
 * @example
 * ```ts
 * import { Hierarchy } from "volunteer-brigade"
 * Hierarchy.levelLabelsZh.squadron // "中队"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const levelLabelsZh: Readonly<Record<UnitLevel, string>> = { brigade: "大队", squadron: "中队", squad: "分队" }

/**
 * zh-CN labels of roles (队内职务).
 *
 * @example
 * ```ts
 * import { Hierarchy } from "volunteer-brigade"
 * Hierarchy.roleLabelsZh.deputyCaptain // "副大队长"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const roleLabelsZh: Readonly<Record<Role, string>> = {
  captain: "大队长",
  deputyCaptain: "副大队长",
  office: "大队办公室",
  squadronCaptain: "中队长",
  squadronDeputy: "副中队长",
  squadLeader: "分队长",
  squadDeputy: "副分队长"
}
