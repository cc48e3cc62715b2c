/**
 * Volunteers workflows (V1–V7, R1–R3): register individuals and groups, bulk import, the
 * status lifecycle, dated transfers, private-by-default reads, the Annex 1–3 rosters and
 * their filing. Each mutation validates its input, checks jurisdiction (H7) on the
 * volunteer's squad, decides with the pure rules of `volunteer.ts` and `roster.ts`, saves and
 * audits in one transaction.
 *
 * Decisions:
 * - **Volunteer number**: the brigade code, a dash and the record id without its prefix
 *   (dashes removed, upper-cased, cut to the 32-character limit): `PH-000001` with sequential
 *   ids, `PH-` + 29 hex digits of the UUID with the built-in ids (a UUID v7: the first 12 are
 *   the registration's millisecond, 62 of the rest are random). Deriving it from the
 *   id keeps it unique without a counter that concurrent registrations would fight over.
 * - **Transfer** needs jurisdiction over both the source and the target squad, as moving a
 *   squad does (H6): a squadron captain moves volunteers between their own squads; moves
 *   across squadrons go through the brigade office (or someone covering both).
 * - **Reads** (`publicView`, `listPublic`, `annex1..3`) mask identity and mobile numbers and
 *   unconsented names unless `{ clear: true }` is passed (V7). `get` and `list` return the
 *   full record for the host's own logic; a host must not print them.
 * - **Bulk import** validates every row, rejects bad rows with their line numbers, and saves
 *   the valid ones with one `insertMany` inside the audited transaction (one audit entry for
 *   the import). A store failure rolls the whole import back. If the store retries the
 *   transaction (a serialisation conflict), progress starts again from 0.
 *
 * @module
 */
import { Effect, Result, Schema } from "effect"
import * as Access from "../access.js"
import { labelsZh as categoryLabelsZh, type ServiceCategory } from "../category.js"
import type { Assignment } from "../activity.js"
import type { Certificate } from "../certificate.js"
import * as Hierarchy from "../hierarchy.js"
import * as Hours from "../hours.js"
import { birthDateOf, genderOf, isValidResidentId, labelsZh as documentLabelsZh, type DocumentType } from "../identity.js"
import { ActorId, GroupId, UnitId, VolunteerId } from "../ids.js"
import type { InputInvalid } from "../input.js"
import type { LeaveRequest } from "../leave.js"
import * as Roster from "../roster.js"
import {
  IdGenerator,
  NotFound,
  PolicyRef,
  Store,
  type AccessLogEntry,
  type AccessRecord,
  type AttendanceRecord,
  type Filing,
  type SuspensionRecord,
  type ViolationRecord,
  type StoreError
} from "../store.js"
import type { Table } from "../table.js"
import { LocalDate, type Instant, type LocalDate as LocalDateType } from "../time.js"
import * as Volunteer from "../volunteer.js"
import {
  authorize,
  decided,
  input,
  loadOrganisation,
  logQuery,
  mutation,
  periodOf,
  read,
  today,
  type MutationContext,
  type ReadContext
} from "./context.js"

/** The failures every workflow of this module may have. @inline */
type Fails = InputInvalid | StoreError
/** The services every mutation of this module needs. @inline */
type Needs = Store | IdGenerator

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/**
 * The volunteer number derived from the brigade code and a record id (V3): see the module
 * notes. Unique because ids are unique; at most 32 printable characters.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * Workflows.Volunteers.volunteerNumberOf("PH", "volunteer_000042") // "PH-000042"
 * ```
 * @category numbering
 * @since 0.1.0
 */
export const volunteerNumberOf = (brigadeCode: string, id: string): string => {
  const body = id.slice(id.indexOf("_") + 1).replace(/-/g, "").toUpperCase()
  return `${brigadeCode}-${body}`.slice(0, 32)
}

const codeOf = (org: Hierarchy.Organisation): string => Hierarchy.brigadeOf(org)?.code ?? "VB"

/** The squad a volunteer may belong to: an existing, undissolved squad (V6). */
const ensureSquad = (org: Hierarchy.Organisation, squadId: string): Effect.Effect<Hierarchy.Unit, Hierarchy.UnitInvalid> => {
  const unit = org.units.find((u) => u.id === squadId)
  return unit !== undefined && unit.level === "squad" && unit.dissolvedOn === undefined
    ? Effect.succeed(unit)
    : Effect.fail(new Hierarchy.UnitInvalid({ unitId: squadId, reason: "notASquad", message: `${squadId} is not a squad` }))
}

const duplicateOf = (ctx: MutationContext, document: Volunteer.IndividualInput["document"]) =>
  Effect.gen(function* () {
    const key = Volunteer.identityKey(document)
    // V3: one registration per person, also when two arrive at once — the second waits here
    yield* ctx.store.lock({ kind: "identity", key })
    const existing = yield* ctx.store.volunteers.findByIdentity(key)
    return existing === undefined ? undefined : Volunteer.duplicateOf(existing.id, document)
  })

// ---------------------------------------------------------------------------------------
// Registration (V1–V4)
// ---------------------------------------------------------------------------------------

/**
 * Registers an individual volunteer (V2–V4, V6): validates the input with
 * `Volunteer.validateIndividual` on today's local date (C1), checks the actor covers the home
 * squad (H7), refuses a second registration of the same person with `DuplicateVolunteer`
 * naming the existing record (V3; also under concurrent registrations) and saves a `pending`
 * record with its first squad period starting today.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.registerIndividual("leader-dh-1", {
 *   name: "张三", gender: "female", birthDate: "1949-12-31",
 *   document: { type: "residentId", number: "11010519491231002X" },
 *   mobile: "13800138000", skills: ["legalAid"], squadId: "unit_5", publishNameConsent: false
 * })
 * ```
 * @category registration
 * @since 0.1.0
 */
export const registerIndividual = (
  actor: unknown,
  raw: unknown
): Effect.Effect<
  Volunteer.Individual,
  Fails | Volunteer.VolunteerInvalid | Volunteer.DuplicateVolunteer | Hierarchy.NotInJurisdiction | Hierarchy.UnitInvalid,
  Needs
> =>
  mutation("volunteers.registerIndividual", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* decided(Volunteer.validateIndividual(raw, ctx.today, ctx.policy))
      const org = yield* loadOrganisation
      yield* authorize(org, ctx.actorId, i.squadId, ctx.today, "volunteers.registerIndividual")
      yield* ensureSquad(org, i.squadId)
      const duplicate = yield* duplicateOf(ctx, i.document)
      if (duplicate !== undefined) return yield* Effect.fail(duplicate)
      const id = (yield* ctx.newId("volunteer")) as VolunteerId
      const v = Volunteer.makeIndividual(id, volunteerNumberOf(codeOf(org), id), i, ctx.today)
      yield* ctx.store.volunteers.insert(v)
      return { value: v, targetKind: "volunteer", targetId: id }
    })
  )

/**
 * Registers a volunteer group (团体, V1): name, contact person and phone, member count and
 * optional member volunteers, who must exist. The actor must cover the home squad (H7).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.registerGroup("leader-dh-1", {
 *   name: "东湖社区青年志愿者服务队", contactPerson: "王五", contactPhone: "0573-85030727",
 *   memberCount: 20, squadId: "unit_5", skills: ["securityPatrol"]
 * })
 * ```
 * @category registration
 * @since 0.1.0
 */
export const registerGroup = (
  actor: unknown,
  raw: unknown
): Effect.Effect<
  Volunteer.Group,
  Fails | NotFound | Volunteer.VolunteerInvalid | Hierarchy.NotInJurisdiction | Hierarchy.UnitInvalid,
  Needs
> =>
  mutation("volunteers.registerGroup", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* decided(Volunteer.validateGroup(raw))
      const org = yield* loadOrganisation
      yield* authorize(org, ctx.actorId, i.squadId, ctx.today, "volunteers.registerGroup")
      yield* ensureSquad(org, i.squadId)
      for (const memberId of i.memberIds ?? []) yield* ctx.store.volunteers.get(memberId)
      const id = (yield* ctx.newId("group")) as GroupId
      const g = Volunteer.makeGroup(id, volunteerNumberOf(`${codeOf(org)}-T`, id), i, ctx.today)
      yield* ctx.store.groups.insert(g)
      return { value: g, targetKind: "group", targetId: id }
    })
  )

// ---------------------------------------------------------------------------------------
// Lifecycle (V5) and transfers (V6)
// ---------------------------------------------------------------------------------------

/** The failures of a status change (V5, H7). @inline */
type LifecycleFails = Fails | NotFound | Volunteer.VolunteerTransitionInvalid | Hierarchy.NotInJurisdiction

const lifecycle = (event: Volunteer.VolunteerEvent) => {
  const operation = `volunteers.${event}`
  return (actor: unknown, volunteerId: unknown): Effect.Effect<Volunteer.Individual, LifecycleFails, Needs> =>
    mutation(operation, actor, (ctx) =>
      Effect.gen(function* () {
        const id = yield* input(VolunteerId, operation)(volunteerId)
        // V5: a status change decides on the volunteer's current status, read under its lock
        yield* ctx.store.lock({ kind: "volunteer", id })
        const v = yield* ctx.store.volunteers.get(id)
        const org = yield* loadOrganisation
        yield* authorize(org, ctx.actorId, v.squadId, ctx.today, operation)
        const next = yield* decided(Volunteer.changeStatus(v, event))
        yield* ctx.store.volunteers.update(next)
        return { value: next, targetKind: "volunteer", targetId: id }
      })
    )
}

/**
 * Approves a pending volunteer: pending → active (V5).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.approve("leader-dh-1", "volunteer_000001")
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const approve = lifecycle("approve")

/**
 * Suspends an active volunteer: active → suspended (V5).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.suspend("leader-dh-1", "volunteer_000001")
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const suspend = lifecycle("suspend")

/**
 * Reinstates a suspended volunteer: suspended → active (V5).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.reinstate("leader-dh-1", "volunteer_000001")
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const reinstate = lifecycle("reinstate")

/**
 * Records that a volunteer withdrew (pending, active or suspended → withdrawn; V5).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.withdraw("leader-dh-1", "volunteer_000001")
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const withdraw = lifecycle("withdraw")

/**
 * 除名 — dismisses a volunteer after a serious violation, from any state but dismissed (V5).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.dismiss("captain-dh", "volunteer_000001")
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const dismiss = lifecycle("dismiss")

/**
 * Input of {@link transfer}: the volunteer, the receiving squad and the local date from
 * which they belong to it (V6).
 *
 * @category inputs
 * @since 0.1.0
 */
export const TransferInput = Schema.Struct({ volunteerId: VolunteerId, toSquadId: UnitId, on: LocalDate })
/** @category inputs @since 0.1.0 */
export type TransferInput = typeof TransferInput.Type

/**
 * 转队 — transfers a volunteer to another squad from a date (V6). The actor must cover both
 * the current and the receiving squad (H7); the record keeps its history, so the service
 * record follows the volunteer.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.transfer("captain-dh", {
 *   volunteerId: "volunteer_000001", toSquadId: "unit_6", on: "2026-06-01"
 * })
 * ```
 * @category transfers
 * @since 0.1.0
 */
export const transfer = (
  actor: unknown,
  raw: unknown
): Effect.Effect<
  Volunteer.Individual,
  Fails | NotFound | Volunteer.VolunteerTransferInvalid | Hierarchy.NotInJurisdiction | Hierarchy.UnitInvalid,
  Needs
> =>
  mutation("volunteers.transfer", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(TransferInput, "volunteers.transfer")(raw)
      yield* ctx.store.lock({ kind: "volunteer", id: i.volunteerId })
      const v = yield* ctx.store.volunteers.get(i.volunteerId)
      const org = yield* loadOrganisation
      yield* authorize(org, ctx.actorId, v.squadId, ctx.today, "volunteers.transfer")
      yield* authorize(org, ctx.actorId, i.toSquadId, ctx.today, "volunteers.transfer")
      yield* ensureSquad(org, i.toSquadId)
      const moved = yield* decided(Volunteer.transfer(v, i.toSquadId, i.on))
      yield* ctx.store.volunteers.update(moved)
      return { value: moved, targetKind: "volunteer", targetId: v.id }
    })
  )

// ---------------------------------------------------------------------------------------
// Queries (V6, V7, P3, P4)
// ---------------------------------------------------------------------------------------

/** The failures of every read of personal data (P3, P4). @inline */
type ReadFails = Fails | Hierarchy.NotInJurisdiction | Access.PermissionDenied
/** The services every read of personal data needs (its refusals and clear reads are logged). @inline */
type ReadNeeds = Store | IdGenerator

const volunteerRecords = (vs: ReadonlyArray<{ readonly id: string }>): ReadonlyArray<AccessRecord> =>
  vs.map((v) => ({ kind: "volunteer", id: v.id }))

/** One volunteer the actor may see (P3): its squad in the actor's jurisdiction, or the actor itself. */
const visibleVolunteer = (ctx: ReadContext, operation: string, raw: unknown) =>
  Effect.gen(function* () {
    const id = yield* input(VolunteerId, operation)(raw)
    const v = yield* ctx.store.volunteers.get(id)
    if (!ctx.sees(v)) yield* ctx.authorize(v.squadId)
    return v
  })

/**
 * A volunteer's record (P3, V7): the actor's roles must cover the volunteer's current squad
 * (H7; a volunteer acting for themselves, `volunteer:<id>`, sees their own record). Identity
 * number, mobile and guardian's mobile are masked unless `{ clear: true, purpose }` is asked
 * for by a role the policy permits (`policy.clearReadRoles`, the office by default): then
 * the read writes one access-log entry (P4). A refusal is written to the security log.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const masked = Workflows.Volunteers.get("leader-dh-1", "volunteer_000001")
 * const clear = Workflows.Volunteers.get("office-1", "volunteer_000001", { clear: true, purpose: "核实身份" })
 * ```
 * @category queries
 * @since 0.1.0
 */
export const get = (
  actor: unknown,
  id: unknown,
  options?: unknown
): Effect.Effect<Volunteer.Individual, ReadFails | NotFound, ReadNeeds> =>
  read("volunteers.get", actor, options, (ctx) =>
    Effect.map(visibleVolunteer(ctx, "volunteers.get", id), (v) => ({
      value: ctx.clear ? v : Volunteer.masked(v),
      target: { kind: "volunteer", id: v.id },
      records: volunteerRecords([v])
    }))
  )

/**
 * Filter of {@link list}: volunteers whose current squad lies in the subtree of `unitId` on
 * `on` (today by default; every volunteer the actor may see when absent), optionally with
 * one status.
 *
 * @category queries
 * @since 0.1.0
 */
export const ListQuery = Schema.Struct({
  unitId: Schema.optionalKey(UnitId),
  status: Schema.optionalKey(Volunteer.VolunteerStatus),
  on: Schema.optionalKey(LocalDate)
})
/** @category queries @since 0.1.0 */
export type ListQuery = typeof ListQuery.Encoded

/** The volunteers a list read shows (P3): a covered unit's subtree, or all the actor sees. */
const listed = (ctx: ReadContext, operation: string, raw: unknown) =>
  Effect.gen(function* () {
    const q = yield* input(ListQuery, operation)(raw === undefined ? {} : raw)
    const status = q.status === undefined ? {} : { status: q.status }
    if (q.unitId !== undefined) {
      yield* ctx.authorize(q.unitId)
      const squadIds = Hierarchy.subtree(ctx.org, q.unitId, q.on ?? ctx.today)
      return { unitId: q.unitId, volunteers: yield* ctx.store.volunteers.list({ squadIds, ...status }) }
    }
    const brigade = Hierarchy.brigadeOf(ctx.org)
    const everywhere = brigade !== undefined && Hierarchy.covers(ctx.org, ctx.actorId, brigade.id, ctx.today)
    const squadIds = everywhere ? undefined : [...Hierarchy.jurisdiction(ctx.org, ctx.actorId, ctx.today)].sort()
    const all = yield* ctx.store.volunteers.list({ ...(squadIds === undefined ? {} : { squadIds }), ...status })
    return { unitId: "-", volunteers: all.filter(ctx.sees) }
  })

/**
 * The volunteers of a unit's subtree (a squad, a squadron's squads or the whole brigade), in
 * id order (V6, H8, P3): the actor's roles must cover the unit (H7); without `unitId`, every
 * volunteer the actor's jurisdiction covers. Masked unless a permitted clear read with a
 * purpose (P4: one access-log entry naming every volunteer listed).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.list("captain-dh", { unitId: "unit_2", status: "active" })
 * ```
 * @category queries
 * @since 0.1.0
 */
export const list = (
  actor: unknown,
  query?: unknown,
  options?: unknown
): Effect.Effect<ReadonlyArray<Volunteer.Individual>, ReadFails, ReadNeeds> =>
  read("volunteers.list", actor, options, (ctx) =>
    Effect.map(listed(ctx, "volunteers.list", query), ({ unitId, volunteers }) => ({
      value: ctx.clear ? volunteers : volunteers.map(Volunteer.masked),
      target: { kind: "unit", id: unitId },
      records: volunteerRecords(volunteers)
    }))
  )

/**
 * A volunteer as rosters, reports and exports show them (V7, P3): identity number and mobile
 * masked and the name hidden without consent, unless a permitted clear read
 * `{ clear: true, purpose }` (P4). The actor's roles must cover the volunteer's squad (H7).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const masked = Workflows.Volunteers.publicView("leader-dh-1", "volunteer_000001")
 * const clear = Workflows.Volunteers.publicView("office-1", "volunteer_000001", { clear: true, purpose: "表彰公示前核对" })
 * ```
 * @category queries
 * @since 0.1.0
 */
export const publicView = (
  actor: unknown,
  id: unknown,
  options?: unknown
): Effect.Effect<Volunteer.PublicView, ReadFails | NotFound, ReadNeeds> =>
  read("volunteers.publicView", actor, options, (ctx) =>
    Effect.map(visibleVolunteer(ctx, "volunteers.publicView", id), (v) => ({
      value: Volunteer.toPublicView(v, { clear: ctx.clear }),
      target: { kind: "volunteer", id: v.id },
      records: volunteerRecords([v])
    }))
  )

/**
 * {@link list} as public views (V7, P3): masked unless a permitted clear read (P4).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.listPublic("captain-dh", { unitId: "unit_2" })
 * ```
 * @category queries
 * @since 0.1.0
 */
export const listPublic = (
  actor: unknown,
  query?: unknown,
  options?: unknown
): Effect.Effect<ReadonlyArray<Volunteer.PublicView>, ReadFails, ReadNeeds> =>
  read("volunteers.listPublic", actor, options, (ctx) =>
    Effect.map(listed(ctx, "volunteers.listPublic", query), ({ unitId, volunteers }) => ({
      value: volunteers.map((v) => Volunteer.toPublicView(v, { clear: ctx.clear })),
      target: { kind: "unit", id: unitId },
      records: volunteerRecords(volunteers)
    }))
  )

/**
 * The record of a volunteer group (V1, P3): the actor's roles must cover the group's squad
 * (H7); the contact phone is masked unless a permitted clear read (P4).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.getGroup("leader-dh-1", "group_000001")
 * ```
 * @category queries
 * @since 0.1.0
 */
export const getGroup = (
  actor: unknown,
  id: unknown,
  options?: unknown
): Effect.Effect<Volunteer.Group, ReadFails | NotFound, ReadNeeds> =>
  read("volunteers.getGroup", actor, options, (ctx) =>
    Effect.gen(function* () {
      const groupId = yield* input(GroupId, "volunteers.getGroup")(id)
      const g = yield* ctx.store.groups.get(groupId)
      yield* ctx.authorize(g.squadId)
      return { value: ctx.clear ? g : Volunteer.maskedGroup(g), target: { kind: "group", id: g.id }, records: [{ kind: "group", id: g.id }] }
    })
  )

// ---------------------------------------------------------------------------------------
// Rosters (R1, R2, V7, P3)
// ---------------------------------------------------------------------------------------

const brigadeOfOrg = (org: Hierarchy.Organisation) => {
  const brigade = Hierarchy.brigadeOf(org)
  return brigade === undefined
    ? Effect.fail(new NotFound({ entity: "unit", id: "brigade" }))
    : Effect.succeed({ brigade, city: brigade.profile?.city ?? brigade.name })
}

const unitOfLevel = (org: Hierarchy.Organisation, id: UnitId, level: Hierarchy.UnitLevel) => {
  const unit = org.units.find((u) => u.id === id && u.level === level)
  return unit === undefined ? Effect.fail(new NotFound({ entity: level, id })) : Effect.succeed(unit)
}

const appointmentRecords = (org: Hierarchy.Organisation, unitIds: ReadonlyArray<string>, on: LocalDateType): ReadonlyArray<AccessRecord> =>
  org.appointments.filter((a) => unitIds.includes(a.unitId) && a.since <= on).map((a) => ({ kind: "appointment", id: a.id }))

/**
 * Annex 1 of the brigade (R1) as of today: its deputy captains, in the order of the policy's
 * designated departments. The actor's roles must cover the brigade (P3); mobiles masked
 * unless a permitted clear read (V7, P4: a host filing the roster with the civil-affairs
 * office passes `{ clear: true, purpose: "向民政局报送名册" }`, and the read is logged).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const table = Workflows.Volunteers.annex1("office-1", { clear: true, purpose: "向民政局报送名册" })
 * ```
 * @category rosters
 * @since 0.1.0
 */
export const annex1 = (actor: unknown, options?: unknown): Effect.Effect<Table, ReadFails | NotFound, ReadNeeds> =>
  read("volunteers.annex1", actor, options, (ctx) =>
    Effect.gen(function* () {
      const { brigade, city } = yield* brigadeOfOrg(ctx.org)
      yield* ctx.authorize(brigade.id)
      const table = Roster.annex1({
        city,
        brigadeId: brigade.id,
        appointments: ctx.org.appointments,
        on: ctx.today,
        departmentOrder: ctx.policy.designatedDepartments,
        clear: ctx.clear
      })
      return { value: table, target: { kind: "unit", id: brigade.id }, records: appointmentRecords(ctx.org, [brigade.id], ctx.today) }
    })
  )

const squadsOf = (org: Hierarchy.Organisation, squadronId: UnitId, on: LocalDateType) =>
  Hierarchy.childrenOn(org, squadronId, on)
    .filter((u) => u.level === "squad" && u.dissolvedOn === undefined)
    .map((u) => u.id)
    .sort()

/**
 * Annex 2 of a squadron (R2) as of today: the squadron's leaders, its squads' leaders, then
 * the active volunteers of its squads. The actor's roles must cover the squadron (P3);
 * masked unless a permitted clear read (V7, P4).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const table = Workflows.Volunteers.annex2("captain-dh", "unit_2")
 * ```
 * @category rosters
 * @since 0.1.0
 */
export const annex2 = (
  actor: unknown,
  squadronId: unknown,
  options?: unknown
): Effect.Effect<Table, ReadFails | NotFound, ReadNeeds> =>
  read("volunteers.annex2", actor, options, (ctx) =>
    Effect.gen(function* () {
      const id = yield* input(UnitId, "volunteers.annex2")(squadronId)
      const { city } = yield* brigadeOfOrg(ctx.org)
      const squadron = yield* unitOfLevel(ctx.org, id, "squadron")
      yield* ctx.authorize(squadron.id)
      const squadIds = squadsOf(ctx.org, squadron.id, ctx.today)
      const volunteers = yield* ctx.store.volunteers.list({ squadIds, status: "active" })
      const table = Roster.annex2({ city, squadron, squadIds, appointments: ctx.org.appointments, volunteers, on: ctx.today, clear: ctx.clear })
      return {
        value: table,
        target: { kind: "unit", id: squadron.id },
        records: [...appointmentRecords(ctx.org, [squadron.id, ...squadIds], ctx.today), ...volunteerRecords(volunteers)]
      }
    })
  )

/**
 * Annex 3 of a squad (R2) as of today: the squad's leaders, then its active volunteers. The
 * actor's roles must cover the squad (P3); masked unless a permitted clear read (V7, P4).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const table = Workflows.Volunteers.annex3("leader-dh-1", "unit_5")
 * ```
 * @category rosters
 * @since 0.1.0
 */
export const annex3 = (
  actor: unknown,
  squadId: unknown,
  options?: unknown
): Effect.Effect<Table, ReadFails | NotFound, ReadNeeds> =>
  read("volunteers.annex3", actor, options, (ctx) =>
    Effect.gen(function* () {
      const id = yield* input(UnitId, "volunteers.annex3")(squadId)
      const { city } = yield* brigadeOfOrg(ctx.org)
      const squad = yield* unitOfLevel(ctx.org, id, "squad")
      yield* ctx.authorize(squad.id)
      const volunteers = yield* ctx.store.volunteers.list({ squadIds: [squad.id], status: "active" })
      const table = Roster.annex3({ city, squad, appointments: ctx.org.appointments, volunteers, on: ctx.today, clear: ctx.clear })
      return {
        value: table,
        target: { kind: "unit", id: squad.id },
        records: [...appointmentRecords(ctx.org, [squad.id], ctx.today), ...volunteerRecords(volunteers)]
      }
    })
  )

// ---------------------------------------------------------------------------------------
// The access log (P4)
// ---------------------------------------------------------------------------------------

/**
 * Filter of {@link accessLog}: by reader (`actorId`), by a volunteer whose records were read
 * (`volunteerId`) and by the local days `[from, to)` in the policy's time zone.
 *
 * @category access log
 * @since 0.2.0
 */
export const AccessLogQuery = Schema.Struct({
  actorId: Schema.optionalKey(ActorId),
  volunteerId: Schema.optionalKey(VolunteerId),
  from: Schema.optionalKey(LocalDate),
  to: Schema.optionalKey(LocalDate)
})
/** @category access log @since 0.2.0 */
export type AccessLogQuery = typeof AccessLogQuery.Encoded

/**
 * 访问日志 — the clear reads of personal data (P4), oldest first: who read, when, for what
 * purpose, through which operation, and which records. Answers an auditor's "who saw this
 * person's number last year?" with `{ volunteerId, from: "2025-01-01", to: "2026-01-01" }`.
 * Only roles the policy names in `logReaderRoles` (the office by default) may query it
 * (`PermissionDenied` otherwise, itself written to the security log).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.accessLog("office-1", { volunteerId: "volunteer_000001", from: "2025-01-01", to: "2026-01-01" })
 * ```
 * @category access log
 * @since 0.2.0
 */
export const accessLog = (
  actor: unknown,
  query?: unknown
): Effect.Effect<ReadonlyArray<AccessLogEntry>, ReadFails, ReadNeeds> =>
  logQuery("volunteers.accessLog", AccessLogQuery, actor, query, (ctx, q) =>
    ctx.store.accessLog.list({
      ...(q.actorId === undefined ? {} : { actorId: q.actorId }),
      ...(q.volunteerId === undefined ? {} : { record: { kind: "volunteer", id: q.volunteerId } }),
      ...periodOf(ctx, q)
    })
  )

// ---------------------------------------------------------------------------------------
// The person's copy (P6)
// ---------------------------------------------------------------------------------------

/**
 * Everything the store holds about one volunteer (P6): the registration, the groups that list
 * them, assignments, attendance events, leave requests, violations and suspensions, the
 * hour ledger with its total, and certificates. Plain data: `JSON.stringify` gives the
 * portable JSON form, {@link exportTable} the tabular one (CSV: `volunteer-brigade/csv`).
 *
 * @category export
 * @since 0.2.0
 */
export interface VolunteerExport {
  readonly exportedAt: Instant
  /** Whether the registration's document number and mobiles are masked (not a permitted clear read). */
  readonly masked: boolean
  readonly registration: Volunteer.Individual
  readonly groups: ReadonlyArray<{ readonly id: string; readonly name: string; readonly volunteerNumber: string }>
  readonly assignments: ReadonlyArray<Assignment>
  readonly attendance: ReadonlyArray<AttendanceRecord>
  readonly leave: ReadonlyArray<LeaveRequest>
  readonly violations: ReadonlyArray<ViolationRecord>
  readonly suspensions: ReadonlyArray<SuspensionRecord>
  readonly hours: { readonly totalMinutes: number; readonly entries: ReadonlyArray<Hours.HourEntry> }
  readonly certificates: ReadonlyArray<Certificate>
}

/**
 * 个人信息副本 — everything held about one volunteer, for the person's right to a copy (P6,
 * PIPL art. 45): registration, groups, assignments, attendance, leave, discipline, hours and
 * certificates. Scoped like every read (P3): the volunteer themselves (`volunteer:<id>`) or
 * an actor whose roles cover the volunteer's squad. Masked by default (V7); the person's own
 * copy in clear is `{ clear: true, purpose: "本人查阅" }` by the volunteer (or by the office),
 * and writes one access-log entry (P4).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const copy = Workflows.Volunteers.exportOf("volunteer:volunteer_000001", "volunteer_000001", { clear: true, purpose: "本人查阅" })
 * ```
 * @category export
 * @since 0.2.0
 */
export const exportOf = (
  actor: unknown,
  volunteerId: unknown,
  options?: unknown
): Effect.Effect<VolunteerExport, ReadFails | NotFound, ReadNeeds> =>
  read("volunteers.exportOf", actor, options, (ctx) =>
    Effect.gen(function* () {
      const v = yield* visibleVolunteer(ctx, "volunteers.exportOf", volunteerId)
      const s = ctx.store
      const [groups, assignments, attendance, leave, violations, suspensions, entries, certificates] = yield* Effect.all([
        s.groups.list(),
        s.assignments.listByVolunteer(v.id),
        s.attendance.listByVolunteer(v.id),
        s.leave.listByVolunteer(v.id),
        s.discipline.violationsOf(v.id),
        s.discipline.suspensionsOf(v.id),
        s.hours.list({ volunteerId: v.id }),
        s.certificates.list({ volunteerId: v.id })
      ])
      const value: VolunteerExport = {
        exportedAt: ctx.now,
        masked: !ctx.clear,
        registration: ctx.clear ? v : Volunteer.masked(v),
        groups: groups
          .filter((g) => (g.memberIds ?? []).includes(v.id))
          .map((g) => ({ id: g.id, name: g.name, volunteerNumber: g.volunteerNumber })),
        assignments,
        attendance,
        leave,
        violations,
        suspensions,
        hours: { totalMinutes: Hours.total(entries), entries },
        certificates
      }
      return { value, target: { kind: "volunteer", id: v.id }, records: volunteerRecords([v]) }
    })
  )

const exportSections: ReadonlyArray<readonly [keyof VolunteerExport, string]> = [
  ["registration", "登记信息"],
  ["groups", "所属团体"],
  ["assignments", "活动安排"],
  ["attendance", "考勤记录"],
  ["leave", "请假记录"],
  ["violations", "违纪记录"],
  ["suspensions", "暂停服务"],
  ["hours", "服务时长"],
  ["certificates", "服务证明"]
]

/** Every leaf of a record as `[path, text]`, arrays indexed (`skills.0`). */
const leaves = (value: unknown, path: string): ReadonlyArray<readonly [string, string]> => {
  if (value === undefined || value === null) return []
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, path === "" ? k : `${path}.${k}`))
  }
  return [[path, String(value)]]
}

/**
 * An export (P6) as one table in long form — section, record, field, value — so every field
 * of every record survives in a spreadsheet or CSV without a column per field; the
 * registration's masking is kept.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * declare const copy: Workflows.Volunteers.VolunteerExport
 * const table = Workflows.Volunteers.exportTable(copy) // columns 部分, 记录, 字段, 值
 * ```
 * @category export
 * @since 0.2.0
 */
export const exportTable = (copy: VolunteerExport): Table => {
  const rows: Array<Record<string, string>> = []
  for (const [key, label] of exportSections) {
    const section = copy[key]
    const records: ReadonlyArray<unknown> =
      key === "hours" ? [{ id: "total", totalMinutes: copy.hours.totalMinutes }, ...copy.hours.entries] : Array.isArray(section) ? section : [section]
    for (const record of records) {
      const id = String((record as { id?: unknown }).id ?? copy.registration.id)
      for (const [field, value] of leaves(record, "")) rows.push({ section: label, record: id, field, value })
    }
  }
  return {
    title: `志愿者个人信息副本 ${copy.registration.volunteerNumber}`,
    preamble: [`导出时间 ${new Date(copy.exportedAt).toISOString()}${copy.masked ? "（证件号码、手机号码已隐去）" : ""}`],
    columns: [
      { key: "section", label: "部分" },
      { key: "record", label: "记录" },
      { key: "field", label: "字段" },
      { key: "value", label: "值" }
    ],
    rows
  }
}

// ---------------------------------------------------------------------------------------
// Filing (R3)
// ---------------------------------------------------------------------------------------

/**
 * Input of {@link fileRoster}: the unit, the roster's year and the local date it was filed.
 *
 * @category inputs
 * @since 0.1.0
 */
export const FileRosterInput = Schema.Struct({
  unitId: UnitId,
  year: Schema.Int.check(Schema.isBetween({ minimum: 2000, maximum: 2199 })),
  filedOn: LocalDate
})
/** @category inputs @since 0.1.0 */
export type FileRosterInput = typeof FileRosterInput.Type

/**
 * 备案 — records that a unit filed its roster for a year with the civil-affairs office (R3).
 * The actor must cover the unit (H7); a filing dated after today is refused. Filing again
 * (a corrected roster) adds another record; the status stays filed.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.fileRoster("captain-dh", { unitId: "unit_2", year: 2026, filedOn: "2026-09-15" })
 * ```
 * @category filing
 * @since 0.1.0
 */
export const fileRoster = (
  actor: unknown,
  raw: unknown
): Effect.Effect<Filing, Fails | Roster.FilingInvalid | Hierarchy.NotInJurisdiction, Needs> =>
  mutation("volunteers.fileRoster", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(FileRosterInput, "volunteers.fileRoster")(raw)
      const org = yield* loadOrganisation
      yield* authorize(org, ctx.actorId, i.unitId, ctx.today, "volunteers.fileRoster")
      if (i.filedOn > ctx.today) return yield* Effect.fail(new Roster.FilingInvalid({ unitId: i.unitId, reason: "filedInFuture" }))
      const filing: Filing = {
        id: yield* ctx.newId("filing"),
        unitId: i.unitId,
        year: i.year,
        filedOn: i.filedOn,
        filedBy: ctx.actorId,
        recordedAt: ctx.now
      }
      yield* ctx.store.filings.insert(filing)
      return { value: filing, targetKind: "filing", targetId: filing.id }
    })
  )

const FilingStatusQuery = Schema.Struct({
  year: FileRosterInput.fields.year,
  options: Schema.optionalKey(Schema.Struct({ asOf: Schema.optionalKey(LocalDate) }))
})

/**
 * The filing status of one unit's roster.
 *
 * @category filing
 * @since 0.1.0
 */
export interface UnitFilingStatus {
  readonly unitId: UnitId
  readonly name: string
  readonly level: Hierarchy.UnitLevel
  readonly status: Roster.FilingStatus
}

/**
 * The filing status of every squadron and squad for a year (R3), on `asOf` (today's local
 * date by default, C1): filed, due, or overdue after the policy's due date (30 September).
 * Units are listed in id order; dissolved units and units not yet established are left out.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.filingStatuses(2026)
 * ```
 * @category filing
 * @since 0.1.0
 */
export const filingStatuses = (
  rawYear: unknown,
  options?: unknown
): Effect.Effect<ReadonlyArray<UnitFilingStatus>, Fails, Store> =>
  Effect.gen(function* () {
    const q = yield* input(FilingStatusQuery, "volunteers.filingStatuses")({ year: rawYear, ...(options === undefined ? {} : { options }) })
    const store = yield* Store
    const policy = yield* PolicyRef
    const asOf = q.options?.asOf ?? (yield* today)
    const org = yield* loadOrganisation
    const filings = yield* store.filings.list({ year: q.year })
    const year = q.year
    return org.units
      .filter((u) => u.level !== "brigade" && u.dissolvedOn === undefined && u.establishedOn <= asOf)
      .map((u) => ({
        unitId: u.id,
        name: u.name,
        level: u.level,
        status: Roster.filingStatus({ filings, unitId: u.id, year, asOf, policy })
      }))
  })

// ---------------------------------------------------------------------------------------
// Bulk import (V2, V3)
// ---------------------------------------------------------------------------------------

/**
 * One row of an import file: its 1-based line and its cells by column name.
 *
 * @category import
 * @since 0.1.0
 */
export interface ImportRow {
  readonly line: number
  readonly values: Readonly<Record<string, string>>
}

/**
 * Options of {@link importIndividuals}.
 *
 * @category import
 * @since 0.1.0
 */
export interface ImportOptions {
  /** Put every row in this squad; otherwise the 所属分队 column names the squad by name or code. */
  readonly squadId?: string
  /** Approve the imported volunteers at once (an existing paper roster of serving volunteers). Default false: pending. */
  readonly activate?: boolean
  /** Called with (done, total) after each row is checked; a plain function, run inside the workflow. */
  readonly onProgress?: (done: number, total: number) => void
}

/**
 * A rejected row: its line, the first failing field and reason, and every problem found.
 *
 * @category import
 * @since 0.1.0
 */
export interface RejectedRow {
  readonly line: number
  readonly field: string
  readonly reason: string
  readonly issues: ReadonlyArray<Volunteer.FieldIssue>
  /** For a duplicate of a registered person (V3): the existing record. */
  readonly existingId?: string
}

/**
 * The outcome of an import: the saved records and the rejected rows, by line.
 *
 * @category import
 * @since 0.1.0
 */
export interface ImportReport {
  readonly total: number
  readonly imported: ReadonlyArray<Volunteer.Individual>
  readonly rejected: ReadonlyArray<RejectedRow>
}

const pick = (values: Readonly<Record<string, string>>, ...names: ReadonlyArray<string>): string | undefined => {
  for (const name of names) {
    const v = values[name]?.trim()
    if (v !== undefined && v !== "") return v
  }
  return undefined
}

const documentTypeByLabel: ReadonlyMap<string, DocumentType> = new Map<string, DocumentType>([
  ...Object.entries(documentLabelsZh).map(([k, v]) => [v, k as DocumentType] as const),
  ...Object.keys(documentLabelsZh).map((k) => [k, k as DocumentType] as const),
  ["身份证", "residentId"],
  ["港澳通行证", "hkMacaoPermit"],
  ["港澳居民居住证", "hkMacaoPermit"],
  ["台胞证", "taiwanPermit"],
  ["台湾居民居住证", "taiwanPermit"],
  ["外国人永久居留证", "foreignPermanentResidentId"]
])

const categoryByLabel: ReadonlyMap<string, ServiceCategory> = new Map<string, ServiceCategory>([
  ...Object.entries(categoryLabelsZh).map(([k, v]) => [v, k as ServiceCategory] as const),
  ...Object.keys(categoryLabelsZh).map((k) => [k, k as ServiceCategory] as const)
])

const genderByLabel: Readonly<Record<string, string>> = { 男: "male", 女: "female", male: "male", female: "female" }

const pad2 = (s: string) => s.padStart(2, "0")

const YES = new Set(["是", "同意", "y", "yes", "true", "1"])

/**
 * Maps one row in the shape of the Annex rosters to registration input (V2): 姓名, 性别,
 * 出生年月/出生日期, 证件类型 (default 居民身份证), 证件号码/身份证号, 手机, 单位及职务, 办公电话,
 * 特长 (zh labels separated by 、 , ; or spaces), 服务时间, 同意公开姓名 (是/否), guardian columns
 * (监护人, 监护人手机, 监护人关系, 监护人同意日期 — consent defaults to `importedOn`) and the squad.
 * A resident ID fills in a missing gender or birth date, and completes a 出生年月 given as
 * `YYYY.MM` when the month agrees. Returns the raw input for `Volunteer.validateIndividual`
 * and the problems only the mapping can see (unknown skill, document type or gender label).
 *
 * @example
 * ```ts
 * import { Workflows, Time } from "volunteer-brigade"
 * const { input, issues } = Workflows.Volunteers.fromAnnexRow(
 *   { 姓名: "张三", 性别: "女", 出生年月: "1949.12", 证件号码: "11010519491231002X", 手机: "13800138000", 特长: "法律援助" },
 *   "unit_5", Time.localDate("2026-03-01")
 * )
 * ```
 * @category import
 * @since 0.1.0
 */
export const fromAnnexRow = (
  values: Readonly<Record<string, string>>,
  squadId: string | undefined,
  importedOn: string
): { readonly input: Record<string, unknown>; readonly issues: ReadonlyArray<Volunteer.FieldIssue> } => {
  const issues: Array<Volunteer.FieldIssue> = []
  const typeText = pick(values, "证件类型")
  const type = typeText === undefined ? "residentId" : documentTypeByLabel.get(typeText)
  if (type === undefined) issues.push({ field: "document.type", reason: `"${typeText}" is not a document type` })
  const number = pick(values, "证件号码", "身份证号", "身份证号码", "公民身份号码")?.replace(/\s+/g, "")
  const fromId = type === "residentId" && number !== undefined && isValidResidentId(number) ? number : undefined
  const genderText = pick(values, "性别")
  const gender = genderText === undefined ? (fromId === undefined ? undefined : genderOf(fromId)) : genderByLabel[genderText]
  if (genderText !== undefined && gender === undefined) issues.push({ field: "gender", reason: `"${genderText}" is not 男 or 女` })
  const birthText = pick(values, "出生日期", "出生年月")
  let birthDate: string | undefined = fromId === undefined ? undefined : birthDateOf(fromId)
  if (birthText !== undefined) {
    const full = /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$/.exec(birthText) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(birthText)
    const month = /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$/.exec(birthText)
    if (full !== null) birthDate = `${full[1]}-${pad2(full[2]!)}-${pad2(full[3]!)}`
    else if (month !== null) {
      const ym = `${month[1]}-${pad2(month[2]!)}`
      if (fromId === undefined && type === "residentId" && number !== undefined) {
        // The ID number itself is invalid, so the row is rejected for it; a placeholder day
        // keeps the report on the real problem instead of the missing day.
        birthDate = `${ym}-01`
      } else if (birthDate === undefined || !birthDate.startsWith(ym)) {
        birthDate = undefined
        issues.push({
          field: "birthDate",
          reason: fromId === undefined
            ? "needs the day (YYYY-MM-DD) unless a resident ID number gives it"
            : `${birthText} does not match the birth date in the resident ID number`
        })
      }
    } else {
      birthDate = undefined
      issues.push({ field: "birthDate", reason: `"${birthText}" is not a date` })
    }
  }
  const skills: Array<string> = []
  for (const label of (pick(values, "特长") ?? "").split(/[、，,;；/\s]+/).filter((s) => s !== "")) {
    const category = categoryByLabel.get(label)
    if (category === undefined) issues.push({ field: "skills", reason: `"${label}" is not a service category` })
    else if (!skills.includes(category)) skills.push(category)
  }
  const guardianName = pick(values, "监护人", "监护人姓名")
  const optional = (key: string, value: string | undefined) => (value === undefined ? {} : { [key]: value })
  const input: Record<string, unknown> = {
    ...optional("name", pick(values, "姓名")),
    ...optional("gender", gender),
    ...optional("birthDate", birthDate),
    document: { type: type ?? "residentId", number: number ?? "" },
    ...optional("mobile", pick(values, "手机", "手机号码", "移动电话")),
    ...optional("unitAndPost", pick(values, "单位及职务", "工作单位及职务")),
    ...optional("officePhone", pick(values, "办公电话")),
    skills,
    ...optional("availability", pick(values, "服务时间")),
    ...optional("squadId", squadId),
    ...(guardianName === undefined
      ? {}
      : {
          guardian: {
            name: guardianName,
            mobile: pick(values, "监护人手机", "监护人电话") ?? "",
            relationship: pick(values, "监护人关系", "与监护人关系") ?? "监护人",
            consentOn: pick(values, "监护人同意日期") ?? importedOn
          }
        }),
    publishNameConsent: YES.has((pick(values, "同意公开姓名") ?? "").toLowerCase())
  }
  return { input, issues }
}

const rejectedOf = (line: number, issues: ReadonlyArray<Volunteer.FieldIssue>, existingId?: string): RejectedRow => ({
  line,
  field: issues[0]?.field ?? "",
  reason: issues[0]?.reason ?? "is invalid",
  issues,
  ...(existingId === undefined ? {} : { existingId })
})

/** Resolves a squad by id, code or name among the organisation's current squads. */
const squadResolver = (org: Hierarchy.Organisation) => {
  const squads = org.units.filter((u) => u.level === "squad" && u.dissolvedOn === undefined)
  return (text: string): Result.Result<UnitId, string> => {
    const found = squads.filter((u) => u.id === text || u.code === text || u.name === text)
    return found.length === 1
      ? Result.succeed(found[0]!.id)
      : Result.fail(found.length === 0 ? `no squad named "${text}"` : `"${text}" names ${found.length} squads; use the squad code`)
  }
}

/**
 * Why a whole import failed (rows with problems are rejected rows, not failures): a bad
 * actor, a fixed squad that is not a squad or not the actor's, or a store failure.
 *
 * @category import
 * @since 0.1.0
 */
export type ImportError = Fails | Hierarchy.NotInJurisdiction | Hierarchy.UnitInvalid

/** The rows of an import, decoded: a line number and text cells (at most 100,000 rows). */
const ImportRows = Schema.Array(Schema.Struct({ line: Schema.Int, values: Schema.Record(Schema.String, Schema.String) })).check(
  Schema.isMaxLength(100_000)
)

const ImportOptionsSchema = Schema.Struct({
  squadId: Schema.optionalKey(UnitId),
  activate: Schema.optionalKey(Schema.Boolean),
  onProgress: Schema.optionalKey(
    Schema.declare((u: unknown): u is (done: number, total: number) => void => typeof u === "function")
  )
})

/**
 * Imports volunteers from rows in the shape of the Annex rosters (V2, V3, V4): every row is
 * mapped with {@link fromAnnexRow}, validated on today's local date and checked for
 * jurisdiction over its squad (H7) and for duplicates — earlier in the file and against the
 * store (V3). Bad rows are reported with their line and reasons; valid rows are saved
 * together with one `insertMany` in one audited transaction, so a store failure leaves
 * nothing half-saved. `onProgress(done, total)` is called after every row.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.importIndividuals("captain-dh", [
 *   { line: 2, values: { 姓名: "张三", 证件号码: "11010519491231002X", 手机: "13800138000", 所属分队: "东湖社区" } }
 * ], { onProgress: (done, total) => console.log(done, total) })
 * ```
 * @category import
 * @since 0.1.0
 */
export const importIndividuals = (
  actor: unknown,
  rawRows: ReadonlyArray<ImportRow>,
  rawOptions: ImportOptions = {}
): Effect.Effect<ImportReport, ImportError, Needs> =>
  mutation("volunteers.importIndividuals", actor, (ctx) =>
    Effect.gen(function* () {
      const rows = yield* input(ImportRows, "volunteers.importIndividuals")(rawRows)
      const options = yield* input(ImportOptionsSchema, "volunteers.importIndividuals")(rawOptions)
      const org = yield* loadOrganisation
      const total = rows.length
      const progress = (done: number) => Effect.sync(() => options.onProgress?.(done, total))
      const fixedSquad = options.squadId === undefined ? undefined : yield* ensureSquad(org, options.squadId)
      if (fixedSquad !== undefined) yield* authorize(org, ctx.actorId, fixedSquad.id, ctx.today, "volunteers.importIndividuals")
      const resolve = squadResolver(org)
      const code = codeOf(org)
      const seen = new Map<string, number>()
      const valid: Array<Volunteer.Individual> = []
      const rejected: Array<RejectedRow> = []
      for (const [index, row] of rows.entries()) {
        const rejection = yield* Effect.gen(function* () {
          let squadId: string | undefined = fixedSquad?.id
          const squadIssues: Array<Volunteer.FieldIssue> = []
          if (squadId === undefined) {
            const text = pick(row.values, "所属分队", "分队")
            const r = text === undefined ? Result.fail("is required") : resolve(text)
            if (Result.isSuccess(r)) squadId = r.success
            else squadIssues.push({ field: "squadId", reason: r.failure })
          }
          const mapped = fromAnnexRow(row.values, squadId, ctx.today)
          const validated = Volunteer.validateIndividual(mapped.input, ctx.today, ctx.policy)
          const known = new Set([...mapped.issues, ...squadIssues].map((i) => i.field))
          const issues = [
            ...mapped.issues,
            ...squadIssues,
            ...(Result.isFailure(validated) ? validated.failure.issues.filter((i) => !known.has(i.field)) : [])
          ]
          if (issues.length > 0 || Result.isFailure(validated)) return rejectedOf(row.line, issues)
          const i = validated.success
          if (!Hierarchy.covers(org, ctx.actorId, i.squadId, ctx.today)) {
            return rejectedOf(row.line, [{ field: "squadId", reason: "is not in your jurisdiction" }])
          }
          const key = Volunteer.identityKey(i.document)
          const earlier = seen.get(key)
          if (earlier !== undefined) {
            return rejectedOf(row.line, [{ field: "document.number", reason: `duplicates line ${earlier}` }])
          }
          seen.set(key, row.line)
          const duplicate = yield* duplicateOf(ctx, i.document)
          if (duplicate !== undefined) {
            return rejectedOf(
              row.line,
              [{ field: "document.number", reason: `is already registered as ${duplicate.existingId}` }],
              duplicate.existingId
            )
          }
          const id = (yield* ctx.newId("volunteer")) as VolunteerId
          const made = Volunteer.makeIndividual(id, volunteerNumberOf(code, id), i, ctx.today)
          const record = options.activate === true ? Result.getOrElse(Volunteer.changeStatus(made, "approve"), () => made) : made
          valid.push(record)
          return undefined
        })
        if (rejection !== undefined) rejected.push(rejection)
        yield* progress(index + 1)
      }
      yield* ctx.store.volunteers.insertMany(valid)
      const importId = yield* ctx.newId("import")
      return { value: { total, imported: valid, rejected }, targetKind: "volunteerImport", targetId: importId }
    })
  )
