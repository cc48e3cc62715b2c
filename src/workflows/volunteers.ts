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
import { labelsZh as categoryLabelsZh, type ServiceCategory } from "../category.js"
import * as Hierarchy from "../hierarchy.js"
import { birthDateOf, genderOf, isValidResidentId, labelsZh as documentLabelsZh, type DocumentType } from "../identity.js"
import { UnitId, VolunteerId, type GroupId } from "../ids.js"
import type { InputInvalid } from "../input.js"
import * as Roster from "../roster.js"
import { IdGenerator, NotFound, PolicyRef, Store, type Filing, type StoreError } from "../store.js"
import type { Table } from "../table.js"
import { LocalDate, type LocalDate as LocalDateType } from "../time.js"
import * as Volunteer from "../volunteer.js"
import { authorize, decided, input, loadOrganisation, mutation, today, type MutationContext } from "./context.js"

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
// Queries (V6, V7)
// ---------------------------------------------------------------------------------------

/**
 * The full record of a volunteer, for the host's own logic (not for printing: see
 * {@link publicView}).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.get("volunteer_000001")
 * ```
 * @category queries
 * @since 0.1.0
 */
export const get = (id: string): Effect.Effect<Volunteer.Individual, NotFound | StoreError, Store> =>
  Effect.flatMap(Store, (store) => store.volunteers.get(id as VolunteerId))

/**
 * Filter of {@link list}: volunteers whose current squad lies in the subtree of `unitId` on
 * `on` (today by default; all volunteers when absent), optionally with one status.
 *
 * @category queries
 * @since 0.1.0
 */
export interface ListQuery {
  readonly unitId?: string
  readonly status?: Volunteer.VolunteerStatus
  readonly on?: string
}

/**
 * The volunteers of a unit's subtree (a squad, a squadron's squads or the whole brigade),
 * in id order (V6, H8).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.list({ unitId: "unit_2", status: "active" })
 * ```
 * @category queries
 * @since 0.1.0
 */
export const list = (query: ListQuery = {}): Effect.Effect<ReadonlyArray<Volunteer.Individual>, StoreError, Store> =>
  Effect.gen(function* () {
    const store = yield* Store
    const status = query.status === undefined ? {} : { status: query.status }
    if (query.unitId === undefined) return yield* store.volunteers.list(status)
    const org = yield* loadOrganisation
    const on = (query.on as LocalDateType | undefined) ?? (yield* today)
    const squadIds = Hierarchy.subtree(org, query.unitId as UnitId, on)
    return yield* store.volunteers.list({ squadIds, ...status })
  })

/**
 * A volunteer as rosters, reports and exports show them (V7): identity number and mobile
 * masked and the name hidden without consent, unless `{ clear: true }`.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const masked = Workflows.Volunteers.publicView("volunteer_000001")
 * const clear = Workflows.Volunteers.publicView("volunteer_000001", { clear: true })
 * ```
 * @category queries
 * @since 0.1.0
 */
export const publicView = (
  id: string,
  options: Roster.PrivacyOptions = {}
): Effect.Effect<Volunteer.PublicView, NotFound | StoreError, Store> =>
  Effect.map(get(id), (v) => Volunteer.toPublicView(v, options))

/**
 * {@link list} as public views (V7): masked unless `{ clear: true }`.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.listPublic({ unitId: "unit_2" })
 * ```
 * @category queries
 * @since 0.1.0
 */
export const listPublic = (
  query: ListQuery = {},
  options: Roster.PrivacyOptions = {}
): Effect.Effect<ReadonlyArray<Volunteer.PublicView>, StoreError, Store> =>
  Effect.map(list(query), (vs) => vs.map((v) => Volunteer.toPublicView(v, options)))

/**
 * The record of a volunteer group (V1).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Volunteers.getGroup("group_000001")
 * ```
 * @category queries
 * @since 0.1.0
 */
export const getGroup = (id: string): Effect.Effect<Volunteer.Group, NotFound | StoreError, Store> =>
  Effect.flatMap(Store, (store) => store.groups.get(id as GroupId))

// ---------------------------------------------------------------------------------------
// Rosters (R1, R2, V7)
// ---------------------------------------------------------------------------------------

const brigadeAndOrg = Effect.gen(function* () {
  const org = yield* loadOrganisation
  const brigade = Hierarchy.brigadeOf(org)
  if (brigade === undefined) return yield* Effect.fail(new NotFound({ entity: "unit", id: "brigade" }))
  return { org, brigade, city: brigade.profile?.city ?? brigade.name, on: yield* today }
})

const unitOfLevel = (org: Hierarchy.Organisation, id: string, level: Hierarchy.UnitLevel) => {
  const unit = org.units.find((u) => u.id === id && u.level === level)
  return unit === undefined ? Effect.fail(new NotFound({ entity: level, id })) : Effect.succeed(unit)
}

const clearOf = (options: Roster.PrivacyOptions) => (options.clear === true ? { clear: true } : {})

/**
 * Annex 1 of the brigade (R1) as of today: its deputy captains, in the order of the policy's
 * designated departments; mobiles masked unless `{ clear: true }` (V7; a host filing the
 * roster with the civil-affairs office passes `clear`).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const table = Workflows.Volunteers.annex1({ clear: true })
 * ```
 * @category rosters
 * @since 0.1.0
 */
export const annex1 = (options: Roster.PrivacyOptions = {}): Effect.Effect<Table, NotFound | StoreError, Store> =>
  Effect.gen(function* () {
    const { org, brigade, city, on } = yield* brigadeAndOrg
    const policy = yield* PolicyRef
    return Roster.annex1({
      city,
      brigadeId: brigade.id,
      appointments: org.appointments,
      on,
      departmentOrder: policy.designatedDepartments,
      ...clearOf(options)
    })
  })

const squadsOf = (org: Hierarchy.Organisation, squadronId: string, on: LocalDateType) =>
  Hierarchy.childrenOn(org, squadronId as UnitId, on)
    .filter((u) => u.level === "squad" && u.dissolvedOn === undefined)
    .map((u) => u.id)
    .sort()

/**
 * Annex 2 of a squadron (R2) as of today: the squadron's leaders, its squads' leaders, then
 * the active volunteers of its squads; masked unless `{ clear: true }` (V7).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const table = Workflows.Volunteers.annex2("unit_2")
 * ```
 * @category rosters
 * @since 0.1.0
 */
export const annex2 = (
  squadronId: string,
  options: Roster.PrivacyOptions = {}
): Effect.Effect<Table, NotFound | StoreError, Store> =>
  Effect.gen(function* () {
    const { org, city, on } = yield* brigadeAndOrg
    const squadron = yield* unitOfLevel(org, squadronId, "squadron")
    const squadIds = squadsOf(org, squadron.id, on)
    const store = yield* Store
    const volunteers = yield* store.volunteers.list({ squadIds, status: "active" })
    return Roster.annex2({ city, squadron, squadIds, appointments: org.appointments, volunteers, on, ...clearOf(options) })
  })

/**
 * Annex 3 of a squad (R2) as of today: the squad's leaders, then its active volunteers;
 * masked unless `{ clear: true }` (V7).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const table = Workflows.Volunteers.annex3("unit_5")
 * ```
 * @category rosters
 * @since 0.1.0
 */
export const annex3 = (
  squadId: string,
  options: Roster.PrivacyOptions = {}
): Effect.Effect<Table, NotFound | StoreError, Store> =>
  Effect.gen(function* () {
    const { org, city, on } = yield* brigadeAndOrg
    const squad = yield* unitOfLevel(org, squadId, "squad")
    const store = yield* Store
    const volunteers = yield* store.volunteers.list({ squadIds: [squad.id], status: "active" })
    return Roster.annex3({ city, squad, appointments: org.appointments, volunteers, on, ...clearOf(options) })
  })

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
  year: number,
  options: { readonly asOf?: string } = {}
): Effect.Effect<ReadonlyArray<UnitFilingStatus>, StoreError, Store> =>
  Effect.gen(function* () {
    const store = yield* Store
    const policy = yield* PolicyRef
    const asOf = (options.asOf as LocalDateType | undefined) ?? (yield* today)
    const org = yield* loadOrganisation
    const filings = yield* store.filings.list({ year })
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
  rows: ReadonlyArray<ImportRow>,
  options: ImportOptions = {}
): Effect.Effect<ImportReport, ImportError, Needs> =>
  mutation("volunteers.importIndividuals", actor, (ctx) =>
    Effect.gen(function* () {
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
