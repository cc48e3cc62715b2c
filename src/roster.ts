/**
 * 名册表 — the rosters every unit files with the civil-affairs office, as format-neutral
 * {@link Table}s, and the filing status of a unit's roster for a year.
 *
 * Owns rules **R1** (Annex 1, the brigade's deputy captains), **R2** (Annex 2 per squadron and
 * Annex 3 per squad: leaders first, then members), **R3** (filing by the policy's due date,
 * local time) and applies **V7** to every roster (mobile numbers masked and names of members
 * without consent hidden unless the caller asks for clear values). **R4** (CSV and .xlsx) is the
 * job of the `volunteer-brigade/csv` and `/xlsx` subpaths, which take these tables as they are.
 *
 * Decisions:
 * - Leaders come from appointments; when an appointment links a volunteer (`volunteerId`),
 *   fields the holder lacks (gender, birth date, skills, mobile) are taken from the record,
 *   and that volunteer is not listed a second time among the members.
 * - A squadron roster (Annex 2) lists the squadron's captain and deputies, then the leaders of
 *   its squads, then the active volunteers of its squads — the whole town's personnel.
 * - Leaders hold public office, so their names are always printed; a member's name is
 *   printed only with consent unless `{ clear: true }`. A host filing the roster with the
 *   civil-affairs office passes `{ clear: true }`: that copy is the register itself.
 *
 * @module
 */
import { Schema } from "effect"
import { labelsZh as categoryLabelsZh } from "./category.js"
import type { Appointment, Role, Unit } from "./hierarchy.js"
import { genderLabelsZh, labelsZh as documentLabelsZh, maskMobile } from "./identity.js"
import type { VolunteerId } from "./ids.js"
import type { Policy } from "./policy.js"
import type { Filing } from "./store.js"
import { make as makeTable, withSerialNumbers, type Row, type Table } from "./table.js"
import { daysInMonth, ymd, type LocalDate } from "./time.js"
import { labelsZh as statusLabelsZh, publicName, type Individual } from "./volunteer.js"

// ---------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------

/**
 * 队内职务 — a person's role inside a squadron or squad roster (R2): a leader's role or
 * plain member.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Roster } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Roster.TeamRole)("member")
 * ```
 * @category labels
 * @since 0.1.0
 */
export const TeamRole = Schema.Literals(["squadronCaptain", "squadronDeputy", "squadLeader", "squadDeputy", "member"])
/** @category labels @since 0.1.0 */
export type TeamRole = typeof TeamRole.Type

/**
 * zh-CN labels of team roles (R2): 中队长, 副中队长, 分队长, 副分队长, 队员.
 *
 * @example
 * ```ts
 * import { Roster } from "volunteer-brigade"
 * Roster.teamRoleLabelsZh.member // "队员"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const teamRoleLabelsZh: Readonly<Record<TeamRole, string>> = {
  squadronCaptain: "中队长",
  squadronDeputy: "副中队长",
  squadLeader: "分队长",
  squadDeputy: "副分队长",
  member: "队员"
}

/**
 * Every zh-CN label set a roster or form needs, in one place: volunteer status (V5),
 * document type and gender (V2), team role (R2) and service category (A2).
 *
 * @example
 * ```ts
 * import { Roster } from "volunteer-brigade"
 * Roster.labelsZh.status.active // "在册"
 * Roster.labelsZh.serviceCategory.legalAid // "法律援助"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const labelsZh = {
  status: statusLabelsZh,
  documentType: documentLabelsZh,
  gender: genderLabelsZh,
  teamRole: teamRoleLabelsZh,
  serviceCategory: categoryLabelsZh
} as const

// ---------------------------------------------------------------------------------------
// Titles and columns
// ---------------------------------------------------------------------------------------

/**
 * Title of Annex 1 for a city (R1): `{city}社区志愿者服务大队副大队长名册表`.
 *
 * @example
 * ```ts
 * import { Roster } from "volunteer-brigade"
 * Roster.annex1Title("平湖市") // "平湖市社区志愿者服务大队副大队长名册表"
 * ```
 * @category titles
 * @since 0.1.0
 */
export const annex1Title = (city: string): string => `${city}社区志愿者服务大队副大队长名册表`

/**
 * Title of Annex 2 for a town's squadron (R2): `{city}{town}社区志愿者服务中队人员名册表`.
 *
 * @example
 * ```ts
 * import { Roster } from "volunteer-brigade"
 * Roster.annex2Title("平湖市", "当湖街道") // "平湖市当湖街道社区志愿者服务中队人员名册表"
 * ```
 * @category titles
 * @since 0.1.0
 */
export const annex2Title = (city: string, town: string): string => `${city}${town}社区志愿者服务中队人员名册表`

/**
 * Title of Annex 3 for a community's squad (R2): `{city}{community}社区志愿者服务分队人员名册表`.
 *
 * @example
 * ```ts
 * import { Roster } from "volunteer-brigade"
 * Roster.annex3Title("平湖市", "东湖社区") // "平湖市东湖社区社区志愿者服务分队人员名册表"
 * ```
 * @category titles
 * @since 0.1.0
 */
export const annex3Title = (city: string, community: string): string => `${city}${community}社区志愿者服务分队人员名册表`

/**
 * The line under Annex 1's title where the city departments stamp (R1).
 *
 * @category titles
 * @since 0.1.0
 */
export const annex1Stamp = "市级有关部门盖章："

const col = (label: string) => ({ key: label, label })

/**
 * Columns of Annex 1 (R1): 序号, 姓名, 单位及职务, 办公电话, 手机.
 *
 * @example
 * ```ts
 * import { Roster } from "volunteer-brigade"
 * Roster.annex1Columns.map((c) => c.label)
 * ```
 * @category columns
 * @since 0.1.0
 */
export const annex1Columns = ["序号", "姓名", "单位及职务", "办公电话", "手机"].map(col)

/**
 * Columns of Annexes 2 and 3 (R2): 序号, 姓名, 性别, 出生年月, 队内职务, 单位及职务, 特长, 手机.
 *
 * @example
 * ```ts
 * import { Roster } from "volunteer-brigade"
 * Roster.personnelColumns.length // 8
 * ```
 * @category columns
 * @since 0.1.0
 */
export const personnelColumns = ["序号", "姓名", "性别", "出生年月", "队内职务", "单位及职务", "特长", "手机"].map(col)

/**
 * A birth date as the rosters print it, `YYYY.MM` (R2).
 *
 * @example
 * ```ts
 * import { Roster, Time } from "volunteer-brigade"
 * Roster.yearMonth(Time.localDate("1990-07-15")) // "1990.07"
 * ```
 * @category formatting
 * @since 0.1.0
 */
export const yearMonth = (d: LocalDate): string => `${d.slice(0, 4)}.${d.slice(5, 7)}`

/**
 * Whether a roster shows clear personal data (V7). Absent or false: masked.
 *
 * @category models
 * @since 0.1.0
 */
export interface PrivacyOptions {
  /** Show full mobile numbers and every name, e.g. for filing with the civil-affairs office (V7). */
  readonly clear?: boolean
}

const mobileText = (mobile: string | undefined, clear: boolean): string =>
  mobile === undefined ? "" : clear ? mobile : maskMobile(mobile)

// ---------------------------------------------------------------------------------------
// Annex 1 (R1)
// ---------------------------------------------------------------------------------------

/**
 * Input of {@link annex1}: the brigade's city, its appointments and the date the roster is
 * drawn up on.
 *
 * @category models
 * @since 0.1.0
 */
export interface Annex1Input extends PrivacyOptions {
  readonly city: string
  readonly brigadeId: string
  readonly appointments: ReadonlyArray<Appointment>
  readonly on: LocalDate
  /** Order of departments (policy.designatedDepartments); others follow by date. */
  readonly departmentOrder?: ReadonlyArray<string>
}

const byDepartment = (order: ReadonlyArray<string>) => (a: Appointment, b: Appointment): number => {
  const rank = (x: Appointment) => {
    const i = order.indexOf(x.department ?? "")
    return i === -1 ? order.length : i
  }
  return rank(a) - rank(b) || a.since.localeCompare(b.since) || a.id.localeCompare(b.id)
}

/**
 * Annex 1 — 副大队长名册表 (R1): one row per deputy captain of the brigade in office on `on`,
 * numbered 1..n without gaps, in the order of the designated departments; the title is built
 * from the brigade's city and the stamp line "市级有关部门盖章：" follows it. Mobile numbers are
 * masked unless `clear` (V7).
 *
 * @example
 * ```ts
 * import { Roster, Time } from "volunteer-brigade"
 * declare const appointments: ReadonlyArray<import("volunteer-brigade").Hierarchy.Appointment>
 * const table = Roster.annex1({ city: "平湖市", brigadeId: "unit_1", appointments, on: Time.localDate("2026-03-01") })
 * table.title // "平湖市社区志愿者服务大队副大队长名册表"
 * ```
 * @category rosters
 * @since 0.1.0
 */
export const annex1 = (input: Annex1Input): Table => {
  const clear = input.clear === true
  const deputies = input.appointments
    .filter((a) => a.unitId === input.brigadeId && a.role === "deputyCaptain" && a.since <= input.on)
    .slice()
    .sort(byDepartment(input.departmentOrder ?? []))
  const rows: ReadonlyArray<Row> = deputies.map((a) => ({
    姓名: a.holder.name,
    单位及职务: a.holder.unitAndPost ?? a.department ?? "",
    办公电话: a.holder.officePhone ?? "",
    手机: mobileText(a.holder.mobile, clear)
  }))
  return makeTable({
    title: annex1Title(input.city),
    preamble: [annex1Stamp],
    columns: annex1Columns,
    rows: withSerialNumbers(rows)
  })
}

// ---------------------------------------------------------------------------------------
// Annexes 2 and 3 (R2)
// ---------------------------------------------------------------------------------------

const LEADER_ROLES: ReadonlyArray<Role & TeamRole> = ["squadronCaptain", "squadronDeputy", "squadLeader", "squadDeputy"]

/**
 * Input of {@link personnel}: the units whose people the roster lists, in order (a squadron
 * and then its squads, or one squad), their appointments and their volunteers.
 *
 * @category models
 * @since 0.1.0
 */
export interface PersonnelInput extends PrivacyOptions {
  readonly title: string
  /** Units in print order; leaders of all of them come before any member. */
  readonly unitIds: ReadonlyArray<string>
  readonly appointments: ReadonlyArray<Appointment>
  /** Volunteers of those units; only active ones are listed as members. */
  readonly volunteers: ReadonlyArray<Individual>
  readonly on: LocalDate
}

const skillsText = (v: Pick<Individual, "skills"> | undefined): string =>
  v === undefined ? "" : v.skills.map((s) => categoryLabelsZh[s]).join("、")

/**
 * A personnel roster (R2): the leaders of the units (中队长, 副中队长, 分队长, 副分队长, in unit
 * order then role order), then the active volunteers of the units (in unit order then by
 * volunteer number) as 队员, numbered 1..n without gaps. A leader linked to a volunteer record
 * is completed from it and not listed again as a member. Mobile numbers are masked and
 * members' names are shown only with consent unless `clear` (V7).
 *
 * @example
 * ```ts
 * import { Roster, Time } from "volunteer-brigade"
 * const table = Roster.personnel({
 *   title: Roster.annex3Title("平湖市", "东湖社区"), unitIds: ["unit_5"],
 *   appointments: [], volunteers: [], on: Time.localDate("2026-03-01")
 * })
 * ```
 * @category rosters
 * @since 0.1.0
 */
export const personnel = (input: PersonnelInput): Table => {
  const clear = input.clear === true
  const byId = new Map<string, Individual>(input.volunteers.map((v) => [v.id, v]))
  const unitRank = (id: string) => input.unitIds.indexOf(id)
  const leaders = input.appointments
    .filter((a) => unitRank(a.unitId) !== -1 && a.since <= input.on && (LEADER_ROLES as ReadonlyArray<Role>).includes(a.role))
    .slice()
    .sort(
      (a, b) =>
        unitRank(a.unitId) - unitRank(b.unitId) ||
        LEADER_ROLES.indexOf(a.role as TeamRole & Role) - LEADER_ROLES.indexOf(b.role as TeamRole & Role) ||
        a.since.localeCompare(b.since) ||
        a.id.localeCompare(b.id)
    )
  const listedAsLeader = new Set<string>(leaders.flatMap((a) => (a.volunteerId === undefined ? [] : [a.volunteerId])))
  const leaderRows: ReadonlyArray<Row> = leaders.map((a) => {
    const v = a.volunteerId === undefined ? undefined : byId.get(a.volunteerId)
    const gender = a.holder.gender ?? v?.gender
    const birth = a.holder.birthDate ?? v?.birthDate
    return {
      姓名: a.holder.name,
      性别: gender === undefined ? "" : genderLabelsZh[gender],
      出生年月: birth === undefined ? "" : yearMonth(birth),
      队内职务: teamRoleLabelsZh[a.role as TeamRole],
      单位及职务: a.holder.unitAndPost ?? v?.unitAndPost ?? "",
      特长: skillsText(v),
      手机: mobileText(a.holder.mobile ?? v?.mobile, clear)
    }
  })
  const members = input.volunteers
    .filter((v) => v.status === "active" && unitRank(v.squadId) !== -1 && !listedAsLeader.has(v.id as VolunteerId))
    .slice()
    .sort(
      (a, b) =>
        unitRank(a.squadId) - unitRank(b.squadId) ||
        a.volunteerNumber.localeCompare(b.volunteerNumber) ||
        a.id.localeCompare(b.id)
    )
  const memberRows: ReadonlyArray<Row> = members.map((v) => ({
    姓名: clear ? v.name : publicName(v),
    性别: genderLabelsZh[v.gender],
    出生年月: yearMonth(v.birthDate),
    队内职务: teamRoleLabelsZh.member,
    单位及职务: v.unitAndPost ?? "",
    特长: skillsText(v),
    手机: mobileText(v.mobile, clear)
  }))
  return makeTable({ title: input.title, columns: personnelColumns, rows: withSerialNumbers([...leaderRows, ...memberRows]) })
}

/**
 * Annex 2 — 中队人员名册表 for a squadron (R2): the squadron's leaders, then its squads'
 * leaders, then the active volunteers of its squads; see {@link personnel}.
 *
 * @example
 * ```ts
 * import { Roster, Time } from "volunteer-brigade"
 * declare const squadron: import("volunteer-brigade").Hierarchy.Unit
 * const t = Roster.annex2({ city: "平湖市", squadron, squadIds: [], appointments: [], volunteers: [],
 *   on: Time.localDate("2026-03-01") })
 * ```
 * @category rosters
 * @since 0.1.0
 */
export const annex2 = (input: {
  readonly city: string
  readonly squadron: Pick<Unit, "id" | "name">
  readonly squadIds: ReadonlyArray<string>
  readonly appointments: ReadonlyArray<Appointment>
  readonly volunteers: ReadonlyArray<Individual>
  readonly on: LocalDate
  readonly clear?: boolean
}): Table =>
  personnel({
    title: annex2Title(input.city, input.squadron.name),
    unitIds: [input.squadron.id, ...input.squadIds],
    appointments: input.appointments,
    volunteers: input.volunteers,
    on: input.on,
    ...(input.clear === undefined ? {} : { clear: input.clear })
  })

/**
 * Annex 3 — 分队人员名册表 for a squad (R2): the squad's leaders, then its active volunteers;
 * see {@link personnel}.
 *
 * @example
 * ```ts
 * import { Roster, Time } from "volunteer-brigade"
 * declare const squad: import("volunteer-brigade").Hierarchy.Unit
 * const t = Roster.annex3({ city: "平湖市", squad, appointments: [], volunteers: [], on: Time.localDate("2026-03-01") })
 * ```
 * @category rosters
 * @since 0.1.0
 */
export const annex3 = (input: {
  readonly city: string
  readonly squad: Pick<Unit, "id" | "name">
  readonly appointments: ReadonlyArray<Appointment>
  readonly volunteers: ReadonlyArray<Individual>
  readonly on: LocalDate
  readonly clear?: boolean
}): Table =>
  personnel({
    title: annex3Title(input.city, input.squad.name),
    unitIds: [input.squad.id],
    appointments: input.appointments,
    volunteers: input.volunteers,
    on: input.on,
    ...(input.clear === undefined ? {} : { clear: input.clear })
  })

// ---------------------------------------------------------------------------------------
// Filing (R3)
// ---------------------------------------------------------------------------------------

/**
 * 备案状态 — the filing status of a unit's roster for a year (R3): filed, due (not filed, on or
 * before the due date) or overdue (not filed, after it).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Roster } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Roster.FilingStatus)("overdue")
 * ```
 * @category filing
 * @since 0.1.0
 */
export const FilingStatus = Schema.Literals(["filed", "due", "overdue"])
/** @category filing @since 0.1.0 */
export type FilingStatus = typeof FilingStatus.Type

/**
 * zh-CN labels of filing statuses (R3).
 *
 * @example
 * ```ts
 * import { Roster } from "volunteer-brigade"
 * Roster.filingLabelsZh.overdue // "逾期未备案"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const filingLabelsZh: Readonly<Record<FilingStatus, string>> = {
  filed: "已备案",
  due: "待备案",
  overdue: "逾期未备案"
}

/**
 * The local date by which a year's rosters are due (R3, C1): `policy.rosterDue` of that year,
 * clamped to the month's last day.
 *
 * @example
 * ```ts
 * import { Roster, Policy } from "volunteer-brigade"
 * Roster.dueDate(2026, Policy.defaults) // "2026-09-30"
 * ```
 * @category filing
 * @since 0.1.0
 */
export const dueDate = (year: number, policy: Pick<Policy, "rosterDue">): LocalDate =>
  ymd(year, policy.rosterDue.month, Math.min(policy.rosterDue.day, daysInMonth(year, policy.rosterDue.month)))

/**
 * The filing status of a unit's roster for a year on a local date (R3, C1): `filed` when a
 * filing of that unit and year exists, otherwise `due` up to and including the due date
 * ({@link dueDate}, 30 September by default) and `overdue` from the next local day.
 *
 * @example
 * ```ts
 * import { Roster, Policy, Time } from "volunteer-brigade"
 * Roster.filingStatus({ filings: [], unitId: "unit_2", year: 2026, asOf: Time.localDate("2026-10-01"),
 *   policy: Policy.defaults }) // "overdue"
 * ```
 * @category filing
 * @since 0.1.0
 */
export const filingStatus = (input: {
  readonly filings: ReadonlyArray<Pick<Filing, "unitId" | "year">>
  readonly unitId: string
  readonly year: number
  readonly asOf: LocalDate
  readonly policy: Pick<Policy, "rosterDue">
}): FilingStatus =>
  input.filings.some((f) => f.unitId === input.unitId && f.year === input.year)
    ? "filed"
    : input.asOf > dueDate(input.year, input.policy)
      ? "overdue"
      : "due"

/**
 * A roster filing that cannot be recorded (R3): dated in the future, or for a unit that is
 * not a brigade, squadron or squad of the organisation.
 *
 * @example
 * ```ts
 * import { Roster } from "volunteer-brigade"
 * new Roster.FilingInvalid({ unitId: "unit_2", reason: "filedInFuture" })
 * ```
 * @category errors
 * @since 0.1.0
 */
export class FilingInvalid extends Schema.TaggedError<FilingInvalid>()("FilingInvalid", {
  unitId: Schema.String,
  reason: Schema.Literals(["filedInFuture", "unknownUnit"])
}) {}
