/**
 * 志愿者 — volunteers: registration of individuals and groups, identity validation, minors,
 * status lifecycle, squad membership and privacy (V1–V7).
 *
 * - **V1** individuals and groups (团体) register; a group has a contact, a member count and
 *   may list member volunteers.
 * - **V2** registration input is validated at the boundary; a failure names the field.
 * - **V3** one person registers once: the identity key is unique.
 * - **V4** minimum age, guardian consent for minors, no minors in hazardous activities.
 * - **V5** the status lifecycle and its legal transitions.
 * - **V6** exactly one squad at a time; dated transfers.
 * - **V7** private by default: masked numbers, names published only with consent.
 *
 * @module
 */
import { Result, Schema, SchemaIssue } from "effect"
import { ServiceCategory } from "./category.js"
import {
  birthDateOf,
  Document,
  DocumentType,
  Gender,
  genderLabelsZh,
  genderOf,
  isValidResidentId,
  maskIdNumber,
  maskMiddle,
  maskMobile
} from "./identity.js"
import { GroupId, UnitId, VolunteerId } from "./ids.js"
import type { Policy } from "./policy.js"
import { Mobile, Name, Note, OfficePhone } from "./text.js"
import { ageOn, LocalDate } from "./time.js"

// ---------------------------------------------------------------------------------------------
// Status (V5)
// ---------------------------------------------------------------------------------------------

/**
 * Volunteer status (V5): pending → active → suspended ⇄ active → withdrawn; dismissed (除名)
 * from any state.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Volunteer } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Volunteer.VolunteerStatus)("active")
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const VolunteerStatus = Schema.Literals(["pending", "active", "suspended", "withdrawn", "dismissed"])
/** @category lifecycle @since 0.1.0 */
export type VolunteerStatus = typeof VolunteerStatus.Type

/**
 * zh-CN labels of the volunteer statuses (V5).
 *
 * @example
 * ```ts
 * import { Volunteer } from "volunteer-brigade"
 * Volunteer.labelsZh.dismissed // "除名"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const labelsZh: Readonly<Record<VolunteerStatus, string>> = {
  pending: "待审核",
  active: "在册",
  suspended: "暂停",
  withdrawn: "退出",
  dismissed: "除名"
}

/**
 * The events that move a volunteer through the lifecycle (V5).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Volunteer } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Volunteer.VolunteerEvent)("approve")
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const VolunteerEvent = Schema.Literals(["approve", "suspend", "reinstate", "withdraw", "dismiss"])
/** @category lifecycle @since 0.1.0 */
export type VolunteerEvent = typeof VolunteerEvent.Type

/**
 * zh-CN labels of the lifecycle events (V5).
 *
 * @example
 * ```ts
 * import { Volunteer } from "volunteer-brigade"
 * Volunteer.eventLabelsZh.reinstate // "恢复"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const eventLabelsZh: Readonly<Record<VolunteerEvent, string>> = {
  approve: "审核通过",
  suspend: "暂停",
  reinstate: "恢复",
  withdraw: "退出",
  dismiss: "除名"
}

/**
 * The transition table (V5): for each event, the statuses it may leave and the status it
 * reaches. Anything not listed is illegal.
 *
 * @example
 * ```ts
 * import { Volunteer } from "volunteer-brigade"
 * Volunteer.transitionTable.approve.pending // "active"
 * Volunteer.transitionTable.approve.active // undefined: illegal
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const transitionTable: {
  readonly [E in VolunteerEvent]: Readonly<Partial<Record<VolunteerStatus, VolunteerStatus>>>
} = {
  approve: { pending: "active" },
  suspend: { active: "suspended" },
  reinstate: { suspended: "active" },
  withdraw: { pending: "withdrawn", active: "withdrawn", suspended: "withdrawn" },
  dismiss: { pending: "dismissed", active: "dismissed", suspended: "dismissed", withdrawn: "dismissed" }
}

/**
 * An event that the lifecycle does not allow from the current status (V5).
 *
 * @example
 * ```ts
 * import { Volunteer } from "volunteer-brigade"
 * const e = new Volunteer.VolunteerTransitionInvalid({ from: "dismissed", event: "reinstate" })
 * ```
 * @category errors
 * @since 0.1.0
 */
export class VolunteerTransitionInvalid extends Schema.TaggedError<VolunteerTransitionInvalid>()(
  "VolunteerTransitionInvalid",
  { from: VolunteerStatus, event: VolunteerEvent, volunteerId: Schema.optionalKey(Schema.String) }
) {
  override get message(): string {
    return `cannot ${this.event} a volunteer who is ${this.from}`
  }
}

/**
 * The status an event leads to, or {@link VolunteerTransitionInvalid} when the event is not
 * legal from `status` (V5). Withdrawn and dismissed are terminal: nothing leads back to active.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Volunteer } from "volunteer-brigade"
 * Result.isSuccess(Volunteer.transition("pending", "approve")) // true
 * Result.isFailure(Volunteer.transition("withdrawn", "reinstate")) // true
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const transition = (
  status: VolunteerStatus,
  event: VolunteerEvent
): Result.Result<VolunteerStatus, VolunteerTransitionInvalid> => {
  const to = transitionTable[event][status]
  return to === undefined ? Result.fail(new VolunteerTransitionInvalid({ from: status, event })) : Result.succeed(to)
}

/**
 * Applies a lifecycle event to a record (individual or group), returning a new record (V5).
 * The input is not mutated.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Volunteer } from "volunteer-brigade"
 * declare const v: Volunteer.Individual
 * const approved = Volunteer.changeStatus(v, "approve")
 * if (Result.isSuccess(approved)) approved.success.status // "active"
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export const changeStatus = <R extends { readonly id: string; readonly status: VolunteerStatus }>(
  record: R,
  event: VolunteerEvent
): Result.Result<R, VolunteerTransitionInvalid> => {
  const to = transitionTable[event][record.status]
  return to === undefined
    ? Result.fail(new VolunteerTransitionInvalid({ from: record.status, event, volunteerId: record.id }))
    : Result.succeed({ ...record, status: to })
}

// ---------------------------------------------------------------------------------------------
// Registration input (V1, V2)
// ---------------------------------------------------------------------------------------------

const Skills = Schema.Array(ServiceCategory).check(Schema.isUnique({ message: "must not list a skill twice" }))

const isMobile = Schema.is(Mobile)
const isOfficePhone = Schema.is(OfficePhone)

/**
 * A contact phone: a mainland mobile number or an office phone (V1).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Volunteer } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Volunteer.ContactPhone)("0573-85030727")
 * ```
 * @category registration
 * @since 0.1.0
 */
export const ContactPhone = Schema.String.check(
  Schema.makeFilter((s: string) =>
    isMobile(s) || isOfficePhone(s) || "must be an 11-digit mobile number or an office phone"
  )
)

/**
 * 监护人 — the guardian of a minor and the date of the recorded consent (V4).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Volunteer } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Volunteer.Guardian)({
 *   name: "李华", mobile: "13900139000", relationship: "父亲", consentOn: "2026-03-01"
 * })
 * ```
 * @category registration
 * @since 0.1.0
 */
export const Guardian = Schema.Struct({
  name: Name,
  mobile: Mobile,
  relationship: Name,
  consentOn: LocalDate
})
/** @category registration @since 0.1.0 */
export type Guardian = typeof Guardian.Type

/**
 * Registration input of an individual volunteer, as decoded at the boundary (V2). Cross-field
 * rules (resident ID agrees with birth date and gender, age, guardian) are checked by
 * {@link validateIndividual}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Volunteer } from "volunteer-brigade"
 * const input = Schema.decodeUnknownSync(Volunteer.IndividualInput)({
 *   name: "张三", gender: "female", birthDate: "1949-12-31",
 *   document: { type: "residentId", number: "11010519491231002X" },
 *   mobile: "13800138000", skills: ["legalAid"], squadId: "squad-1", publishNameConsent: false
 * })
 * ```
 * @category registration
 * @since 0.1.0
 */
export const IndividualInput = Schema.Struct({
  name: Name,
  gender: Gender,
  birthDate: LocalDate,
  document: Document,
  mobile: Mobile,
  /** 单位及职务 */
  unitAndPost: Schema.optionalKey(Name),
  officePhone: Schema.optionalKey(OfficePhone),
  /** 特长 (A2 categories) */
  skills: Skills,
  /** Free text, e.g. "周末". */
  availability: Schema.optionalKey(Note.check(Schema.isMaxLength(200, { message: "must be at most 200 characters" }))),
  squadId: UnitId,
  guardian: Schema.optionalKey(Guardian),
  publishNameConsent: Schema.Boolean
})
/** @category registration @since 0.1.0 */
export type IndividualInput = typeof IndividualInput.Type

const membersWithinCount = Schema.makeFilter(
  (g: { readonly memberCount: number; readonly memberIds?: ReadonlyArray<string> }) =>
    g.memberIds === undefined || g.memberIds.length <= g.memberCount ||
    { path: ["memberIds"], issue: "lists more members than the member count" }
)

const groupInputFields = {
  name: Name,
  contactPerson: Name,
  contactPhone: ContactPhone,
  memberCount: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1, { message: "must be at least 1" })),
  /** Members who are themselves registered volunteers (V1). */
  memberIds: Schema.optionalKey(Schema.Array(VolunteerId).check(Schema.isUnique({ message: "must not list a member twice" }))),
  squadId: UnitId,
  skills: Skills
}

/**
 * 团体 — registration input of a volunteer group (V1): name, contact person and phone, member
 * count, optional member volunteers (no more than the count), home squad and skills.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Volunteer } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Volunteer.GroupInput)({
 *   name: "当湖街道青年志愿者服务队", contactPerson: "王五", contactPhone: "0573-85030727",
 *   memberCount: 20, squadId: "squad-1", skills: ["securityPatrol"]
 * })
 * ```
 * @category registration
 * @since 0.1.0
 */
export const GroupInput = Schema.Struct(groupInputFields).check(membersWithinCount)
/** @category registration @since 0.1.0 */
export type GroupInput = typeof GroupInput.Type

/**
 * zh-CN labels of the registration fields, for form error messages (V2).
 *
 * @example
 * ```ts
 * import { Volunteer } from "volunteer-brigade"
 * Volunteer.fieldLabelsZh.unitAndPost // "单位及职务"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const fieldLabelsZh: Readonly<Record<keyof IndividualInput | keyof GroupInput, string>> = {
  name: "姓名",
  gender: "性别",
  birthDate: "出生日期",
  document: "证件",
  mobile: "手机",
  unitAndPost: "单位及职务",
  officePhone: "办公电话",
  skills: "特长",
  availability: "服务时间",
  squadId: "所属分队",
  guardian: "监护人",
  publishNameConsent: "同意公开姓名",
  contactPerson: "联系人",
  contactPhone: "联系电话",
  memberCount: "成员人数",
  memberIds: "成员"
}

/**
 * One problem with a registration input: the field path (e.g. `document.number`) and a
 * human-readable reason (V2).
 *
 * @category errors
 * @since 0.1.0
 */
export const FieldIssue = Schema.Struct({ field: Schema.String, reason: Schema.String })
/** @category errors @since 0.1.0 */
export type FieldIssue = typeof FieldIssue.Type

/**
 * A registration input that failed validation (V2, V4). `field` and `reason` describe the
 * first problem in form order; `issues` lists one problem per failing field, in form order.
 *
 * @example
 * ```ts
 * import { Volunteer } from "volunteer-brigade"
 * const e = new Volunteer.VolunteerInvalid({
 *   field: "mobile", reason: "a mobile number is 11 digits starting 13–19",
 *   issues: [{ field: "mobile", reason: "a mobile number is 11 digits starting 13–19" }]
 * })
 * ```
 * @category errors
 * @since 0.1.0
 */
export class VolunteerInvalid extends Schema.TaggedError<VolunteerInvalid>()("VolunteerInvalid", {
  field: Schema.String,
  reason: Schema.String,
  issues: Schema.Array(FieldIssue)
}) {
  override get message(): string {
    return `${this.field}: ${this.reason}`
  }
}

// Form order: the first failing field in this order is the one reported.
const FIELD_ORDER: ReadonlyArray<string> = [
  "name",
  "contactPerson",
  "contactPhone",
  "memberCount",
  "memberIds",
  "gender",
  "birthDate",
  "document",
  "mobile",
  "unitAndPost",
  "officePhone",
  "skills",
  "availability",
  "squadId",
  "guardian",
  "publishNameConsent"
]

const rankOf = (field: string): number => {
  const i = FIELD_ORDER.indexOf(field.split(".")[0]!)
  return i === -1 ? FIELD_ORDER.length : i
}

const toFieldIssues = SchemaIssue.makeFormatterStandardSchemaV1()

// One issue per field (the first found), in form order.
const invalid = (issues: ReadonlyArray<FieldIssue>): VolunteerInvalid => {
  const sorted = issues
    .filter((issue, i) => issues.findIndex((other) => other.field === issue.field) === i)
    .sort((a, b) => rankOf(a.field) - rankOf(b.field))
  const first = sorted[0] ?? { field: "", reason: "is invalid" }
  return new VolunteerInvalid({ field: first.field, reason: first.reason, issues: sorted })
}

const decodeInput = <S extends Schema.Decoder<unknown>>(
  schema: S,
  input: unknown
): Result.Result<S["Type"], VolunteerInvalid> => {
  let decoded: Result.Result<S["Type"], Schema.SchemaError>
  try {
    decoded = Schema.decodeUnknownResult(schema)(input, { errors: "all" })
  } catch {
    // a value that throws when read (a Proxy with throwing traps) is invalid input, never a defect
    return Result.fail(invalid([{ field: "(input)", reason: "could not be read" }]))
  }
  return Result.mapError(decoded, (error) =>
    invalid(
      toFieldIssues(error.issue).issues.map((i) => ({
        field: (i.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".") || "(input)",
        reason: i.message === "Missing key" ? "is required" : i.message
      }))
    )
  )
}

/**
 * The cross-field problems of a decoded individual input (V2, V4): the resident ID must agree
 * with the stated birth date and gender, the age on `registeredOn` must reach
 * `policy.minimumAge`, and a volunteer under `policy.adultAge` needs a guardian whose consent
 * is dated on or before registration. Empty when all hold.
 *
 * @example
 * ```ts
 * import { Volunteer, Policy, Time } from "volunteer-brigade"
 * declare const input: Volunteer.IndividualInput
 * Volunteer.crossFieldIssues(input, Time.localDate("2026-03-05"), Policy.defaults) // []
 * ```
 * @category registration
 * @since 0.1.0
 */
export const crossFieldIssues = (
  input: IndividualInput,
  registeredOn: LocalDate,
  policy: Pick<Policy, "minimumAge" | "adultAge">
): ReadonlyArray<FieldIssue> => {
  const issues: Array<FieldIssue> = []
  const number = input.document.number
  if (input.document.type === "residentId" && isValidResidentId(number)) {
    const born = birthDateOf(number)
    if (born !== input.birthDate) {
      issues.push({ field: "birthDate", reason: `does not match the birth date ${born} in the resident ID number` })
    }
    const gender = genderOf(number)
    if (gender !== input.gender) {
      issues.push({ field: "gender", reason: `does not match the resident ID number, which records ${genderLabelsZh[gender]}` })
    }
  }
  const age = ageOn(input.birthDate, registeredOn)
  if (age < policy.minimumAge) {
    issues.push({ field: "birthDate", reason: `a volunteer must be at least ${policy.minimumAge} years old (age ${age} on ${registeredOn})` })
  }
  if (age < policy.adultAge) {
    if (input.guardian === undefined) {
      issues.push({ field: "guardian", reason: `a volunteer under ${policy.adultAge} needs recorded guardian consent` })
    } else if (input.guardian.consentOn > registeredOn) {
      issues.push({ field: "guardian.consentOn", reason: `guardian consent must be given on or before registration (${registeredOn})` })
    }
  }
  return issues
}

/**
 * Validates an individual registration at the boundary (V2, V4): decodes with
 * {@link IndividualInput}, then applies {@link crossFieldIssues}. A resident ID's `x` check
 * character is returned upper-case. On failure nothing is returned but a
 * {@link VolunteerInvalid} naming the first failing field in form order.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Volunteer, Policy, Time } from "volunteer-brigade"
 * const r = Volunteer.validateIndividual({ name: "张三" }, Time.localDate("2026-03-05"), Policy.defaults)
 * if (Result.isFailure(r)) r.failure.field // "gender"
 * ```
 * @category registration
 * @since 0.1.0
 */
export const validateIndividual = (
  input: unknown,
  registeredOn: LocalDate,
  policy: Pick<Policy, "minimumAge" | "adultAge">
): Result.Result<IndividualInput, VolunteerInvalid> =>
  Result.flatMap(decodeInput(IndividualInput, input), (decoded) => {
    const issues = crossFieldIssues(decoded, registeredOn, policy)
    return issues.length === 0 ? Result.succeed(canonicalDocument(decoded)) : Result.fail(invalid(issues))
  })

// A resident ID's check character is stored upper-case, as printed on the card.
const canonicalDocument = (input: IndividualInput): IndividualInput =>
  input.document.type === "residentId" && /x$/.test(input.document.number)
    ? { ...input, document: { ...input.document, number: input.document.number.toUpperCase() } }
    : input

/**
 * Validates a group registration at the boundary (V1) with {@link GroupInput}.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Volunteer } from "volunteer-brigade"
 * const r = Volunteer.validateGroup({ name: "护河队", contactPerson: "王五", contactPhone: "123",
 *   memberCount: 5, squadId: "squad-1", skills: [] })
 * if (Result.isFailure(r)) r.failure.field // "contactPhone"
 * ```
 * @category registration
 * @since 0.1.0
 */
export const validateGroup = (input: unknown): Result.Result<GroupInput, VolunteerInvalid> =>
  decodeInput(GroupInput, input)

// ---------------------------------------------------------------------------------------------
// Records (V1, V2, V6)
// ---------------------------------------------------------------------------------------------

/**
 * 志愿者编号 — the volunteer (or group) number shown on badges and certificates: 1–32
 * printable ASCII characters.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Volunteer } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Volunteer.VolunteerNumber)("PH-2026-000123")
 * ```
 * @category records
 * @since 0.1.0
 */
export const VolunteerNumber = Schema.String.check(
  Schema.isPattern(/^[\x21-\x7e]{1,32}$/, { message: "a volunteer number is 1–32 printable ASCII characters" })
)

/**
 * One period of squad membership: the squad and the local date it starts (V6).
 *
 * @category records
 * @since 0.1.0
 */
export const SquadPeriod = Schema.Struct({ squadId: UnitId, from: LocalDate })
/** @category records @since 0.1.0 */
export type SquadPeriod = typeof SquadPeriod.Type

type HistoryShape = {
  readonly registeredOn: string
  readonly squadId: string
  readonly squadHistory: ReadonlyArray<{ readonly squadId: string; readonly from: string }>
}

const consistentHistory = Schema.makeFilter((v: HistoryShape) => {
  const h = v.squadHistory
  const first = h[0]
  const last = h[h.length - 1]
  if (first === undefined || last === undefined) return { path: ["squadHistory"], issue: "must not be empty" }
  if (first.from !== v.registeredOn) return { path: ["squadHistory"], issue: "must start on the registration date" }
  for (let i = 1; i < h.length; i++) {
    if (h[i]!.from < h[i - 1]!.from) return { path: ["squadHistory"], issue: "must be ordered by date" }
    if (h[i]!.squadId === h[i - 1]!.squadId) return { path: ["squadHistory"], issue: "must not repeat a squad in consecutive periods" }
  }
  if (last.squadId !== v.squadId) return { path: ["squadId"], issue: "must be the squad of the latest period" }
  return true
})

// P7: a record is erased exactly when its number and mobile are empty
const erasedConsistently = Schema.makeFilter(
  (v: { readonly erasedOn?: string; readonly document: { readonly number: string }; readonly mobile: string }) =>
    (v.erasedOn !== undefined) === (v.document.number === "" && v.mobile === "") ||
    { path: ["erasedOn"], issue: "only an erased record has no document number and mobile" }
)

/**
 * The persisted record of an individual volunteer (V2, V5, V6): the registration fields, the
 * id and volunteer number, status, registration date and the dated squad history (first
 * period starts on registration; `squadId` is the current squad). Stores decode every row
 * with this schema.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Volunteer } from "volunteer-brigade"
 * declare const row: unknown
 * const v = Schema.decodeUnknownSync(Volunteer.Individual)(row)
 * ```
 * @category records
 * @since 0.1.0
 */
export const Individual = Schema.Struct({
  id: VolunteerId,
  volunteerNumber: VolunteerNumber,
  ...IndividualInput.fields,
  // P7: an erased record keeps the document type, the number and mobile are gone
  document: Schema.Union([Document, Schema.Struct({ type: DocumentType, number: Schema.Literal("") })]),
  mobile: Schema.Union([Mobile, Schema.Literal("")]),
  status: VolunteerStatus,
  registeredOn: LocalDate,
  squadHistory: Schema.NonEmptyArray(SquadPeriod),
  /** P7: the day the personal fields were erased; the record lives on under a pseudonym. */
  erasedOn: Schema.optionalKey(LocalDate)
}).check(consistentHistory, erasedConsistently)
/** @category records @since 0.1.0 */
export type Individual = typeof Individual.Type

/**
 * The persisted record of a volunteer group (V1, V5). Stores decode every row with this
 * schema.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Volunteer } from "volunteer-brigade"
 * declare const row: unknown
 * const g = Schema.decodeUnknownSync(Volunteer.Group)(row)
 * ```
 * @category records
 * @since 0.1.0
 */
export const Group = Schema.Struct({
  id: GroupId,
  volunteerNumber: VolunteerNumber,
  ...groupInputFields,
  status: VolunteerStatus,
  registeredOn: LocalDate
}).check(membersWithinCount)
/** @category records @since 0.1.0 */
export type Group = typeof Group.Type

/**
 * Builds a new individual record from validated input (V2, V6): status `pending`, one squad
 * period starting on `registeredOn`.
 *
 * @example
 * ```ts
 * import { Volunteer, Ids, Time } from "volunteer-brigade"
 * declare const input: Volunteer.IndividualInput
 * declare const id: Ids.VolunteerId
 * const v = Volunteer.makeIndividual(id, "PH-000001", input, Time.localDate("2026-03-05"))
 * v.status // "pending"
 * ```
 * @category records
 * @since 0.1.0
 */
export const makeIndividual = (
  id: VolunteerId,
  volunteerNumber: string,
  input: IndividualInput,
  registeredOn: LocalDate
): Individual => ({
  ...input,
  id,
  volunteerNumber,
  status: "pending",
  registeredOn,
  squadHistory: [{ squadId: input.squadId, from: registeredOn }]
})

/**
 * Builds a new group record from validated input (V1): status `pending`.
 *
 * @example
 * ```ts
 * import { Volunteer, Ids, Time } from "volunteer-brigade"
 * declare const input: Volunteer.GroupInput
 * declare const id: Ids.GroupId
 * const g = Volunteer.makeGroup(id, "PH-T-0001", input, Time.localDate("2026-03-05"))
 * ```
 * @category records
 * @since 0.1.0
 */
export const makeGroup = (
  id: GroupId,
  volunteerNumber: string,
  input: GroupInput,
  registeredOn: LocalDate
): Group => ({ ...input, id, volunteerNumber, status: "pending", registeredOn })

// ---------------------------------------------------------------------------------------------
// Uniqueness (V3)
// ---------------------------------------------------------------------------------------------

/**
 * The normalised identity key `type:NUMBER` used for the one-registration-per-person unique
 * constraint (V3): whitespace removed, letters upper-cased, so `x`/`X` check characters and
 * stray spaces cannot create a second registration.
 *
 * @example
 * ```ts
 * import { Volunteer } from "volunteer-brigade"
 * Volunteer.identityKey({ type: "passport", number: " e1234 5678" }) // "passport:E12345678"
 * ```
 * @category uniqueness
 * @since 0.1.0
 */
export const identityKey = (document: { readonly type: DocumentType; readonly number: string }): string =>
  `${document.type}:${document.number.replace(/\s+/g, "").toUpperCase()}`

/**
 * A second registration of a person already registered (V3); names the existing record, the
 * document type and the masked number (P5: never the full number, in any property, message or
 * serialised form). Build one with {@link duplicateOf}.
 *
 * @example
 * ```ts
 * import { Volunteer } from "volunteer-brigade"
 * const e = new Volunteer.DuplicateVolunteer({ existingId: "v-1", documentType: "passport", maskedNumber: "E1**5678" })
 * ```
 * @category errors
 * @since 0.1.0
 */
export class DuplicateVolunteer extends Schema.TaggedError<DuplicateVolunteer>()("DuplicateVolunteer", {
  existingId: Schema.String,
  documentType: DocumentType,
  maskedNumber: Schema.String
}) {
  override get message(): string {
    return `该证件已登记 ${this.documentType}:${this.maskedNumber} is already registered as ${this.existingId}`
  }
}

/**
 * The {@link DuplicateVolunteer} of a document already registered as `existingId` (V3, P5):
 * the number masked (V7).
 *
 * @example
 * ```ts
 * import { Volunteer } from "volunteer-brigade"
 * Volunteer.duplicateOf("v-1", { type: "residentId", number: "11010519491231002X" }).maskedNumber // "110105********002X"
 * ```
 * @category errors
 * @since 0.1.0
 */
export const duplicateOf = (
  existingId: string,
  document: { readonly type: DocumentType; readonly number: string }
): DuplicateVolunteer =>
  new DuplicateVolunteer({ existingId, documentType: document.type, maskedNumber: maskIdNumber(document.number.replace(/\s+/g, "").toUpperCase()) })

/**
 * Checks a document against existing registrations (V3): the identity key when no record
 * shares it, otherwise {@link DuplicateVolunteer} naming the first record that does.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Volunteer } from "volunteer-brigade"
 * declare const existing: ReadonlyArray<Volunteer.Individual>
 * const r = Volunteer.ensureUnique({ type: "passport", number: "E12345678" }, existing)
 * ```
 * @category uniqueness
 * @since 0.1.0
 */
export const ensureUnique = (
  document: { readonly type: DocumentType; readonly number: string },
  existing: Iterable<{ readonly id: string; readonly document: { readonly type: DocumentType; readonly number: string } }>
): Result.Result<string, DuplicateVolunteer> => {
  const key = identityKey(document)
  for (const v of existing) {
    if (identityKey(v.document) === key) return Result.fail(duplicateOf(v.id, document))
  }
  return Result.succeed(key)
}

// ---------------------------------------------------------------------------------------------
// Age and eligibility (V4)
// ---------------------------------------------------------------------------------------------

/**
 * Completed years of age of a volunteer on a local date, e.g. the activity's date (V4, C1).
 *
 * @example
 * ```ts
 * import { Volunteer, Time } from "volunteer-brigade"
 * Volunteer.ageOnDate({ birthDate: Time.localDate("2012-03-05") }, Time.localDate("2026-03-05")) // 14
 * ```
 * @category eligibility
 * @since 0.1.0
 */
export const ageOnDate = (v: { readonly birthDate: LocalDate }, on: LocalDate): number => ageOn(v.birthDate, on)

/**
 * 未成年人 — whether a volunteer is under `policy.adultAge` on a date (V4).
 *
 * @example
 * ```ts
 * import { Volunteer, Policy, Time } from "volunteer-brigade"
 * Volunteer.isMinor({ birthDate: Time.localDate("2010-01-01") }, Time.localDate("2026-03-05"), Policy.defaults) // true
 * ```
 * @category eligibility
 * @since 0.1.0
 */
export const isMinor = (v: { readonly birthDate: LocalDate }, on: LocalDate, policy: Pick<Policy, "adultAge">): boolean =>
  ageOnDate(v, on) < policy.adultAge

/**
 * Whether a volunteer's age allows a hazardous activity on a date (V4, A4): never for a
 * minor.
 *
 * @example
 * ```ts
 * import { Volunteer, Policy, Time } from "volunteer-brigade"
 * Volunteer.mayServeHazardous({ birthDate: Time.localDate("2008-03-05") }, Time.localDate("2026-03-05"), Policy.defaults) // true
 * ```
 * @category eligibility
 * @since 0.1.0
 */
export const mayServeHazardous = (
  v: { readonly birthDate: LocalDate },
  on: LocalDate,
  policy: Pick<Policy, "adultAge">
): boolean => !isMinor(v, on, policy)

/**
 * Why a volunteer may not serve on a date (V4, A5).
 *
 * @category eligibility
 * @since 0.1.0
 */
export const IneligibleReason = Schema.Literals([
  "notActive",
  "underMinimumAge",
  "noGuardianConsent",
  "minorInHazardousActivity"
])
/** @category eligibility @since 0.1.0 */
export type IneligibleReason = typeof IneligibleReason.Type

/**
 * A volunteer who may not serve in an activity on a date (V4, A5).
 *
 * @example
 * ```ts
 * import { Volunteer } from "volunteer-brigade"
 * const e = new Volunteer.VolunteerIneligible({ volunteerId: "v-1", on: "2026-03-05", reason: "notActive" })
 * ```
 * @category errors
 * @since 0.1.0
 */
export class VolunteerIneligible extends Schema.TaggedError<VolunteerIneligible>()("VolunteerIneligible", {
  volunteerId: Schema.String,
  on: Schema.String,
  reason: IneligibleReason
}) {
  override get message(): string {
    return `volunteer ${this.volunteerId} may not serve on ${this.on}: ${this.reason}`
  }
}

/**
 * Whether a volunteer may serve in an activity on its local date (V4, A5): the status must be
 * active; the age on that date at least `policy.minimumAge`; a minor needs guardian consent
 * dated on or before it; and a hazardous activity admits no minor. Returns the volunteer, or
 * {@link VolunteerIneligible} with the first failing reason in that order.
 *
 * @example
 * ```ts
 * import { Volunteer, Policy, Time } from "volunteer-brigade"
 * declare const v: Volunteer.Individual
 * Volunteer.eligibleToServe(v, Time.localDate("2026-03-05"), Policy.defaults, { hazardous: true })
 * ```
 * @category eligibility
 * @since 0.1.0
 */
export const eligibleToServe = <V extends Pick<Individual, "id" | "status" | "birthDate" | "guardian">>(
  v: V,
  on: LocalDate,
  policy: Pick<Policy, "minimumAge" | "adultAge">,
  options: { readonly hazardous?: boolean } = {}
): Result.Result<V, VolunteerIneligible> => {
  const fail = (reason: IneligibleReason) => Result.fail(new VolunteerIneligible({ volunteerId: v.id, on, reason }))
  if (v.status !== "active") return fail("notActive")
  if (ageOnDate(v, on) < policy.minimumAge) return fail("underMinimumAge")
  const minor = isMinor(v, on, policy)
  if (minor && (v.guardian === undefined || v.guardian.consentOn > on)) return fail("noGuardianConsent")
  if (minor && options.hazardous === true) return fail("minorInHazardousActivity")
  return Result.succeed(v)
}

// ---------------------------------------------------------------------------------------------
// Squad membership (V6)
// ---------------------------------------------------------------------------------------------

/**
 * Why a transfer was refused (V6).
 *
 * @category squads
 * @since 0.1.0
 */
export const TransferProblem = Schema.Literals(["sameSquad", "beforeLastTransfer", "ended"])
/** @category squads @since 0.1.0 */
export type TransferProblem = typeof TransferProblem.Type

/**
 * A transfer that cannot be recorded (V6): to the current squad, dated before the latest
 * period, or of a withdrawn or dismissed volunteer.
 *
 * @example
 * ```ts
 * import { Volunteer } from "volunteer-brigade"
 * const e = new Volunteer.VolunteerTransferInvalid({
 *   volunteerId: "v-1", fromSquadId: "s-1", toSquadId: "s-1", on: "2026-03-05", reason: "sameSquad"
 * })
 * ```
 * @category errors
 * @since 0.1.0
 */
export class VolunteerTransferInvalid extends Schema.TaggedError<VolunteerTransferInvalid>()(
  "VolunteerTransferInvalid",
  {
    volunteerId: Schema.String,
    fromSquadId: Schema.String,
    toSquadId: Schema.String,
    on: Schema.String,
    reason: TransferProblem
  }
) {
  override get message(): string {
    return `cannot transfer volunteer ${this.volunteerId} from ${this.fromSquadId} to ${this.toSquadId} on ${this.on}: ${this.reason}`
  }
}

/**
 * 转队 — moves a volunteer to another squad from a local date (V6). The new period is appended
 * to the squad history, so the service record follows the volunteer. Refused when the squad is
 * the current one, the date precedes the latest period, or the volunteer is withdrawn or
 * dismissed. The input is not mutated.
 *
 * @example
 * ```ts
 * import { Volunteer, Ids, Time } from "volunteer-brigade"
 * declare const v: Volunteer.Individual
 * declare const squad: Ids.UnitId
 * const moved = Volunteer.transfer(v, squad, Time.localDate("2026-06-01"))
 * ```
 * @category squads
 * @since 0.1.0
 */
export const transfer = (
  record: Individual,
  toSquadId: UnitId,
  on: LocalDate
): Result.Result<Individual, VolunteerTransferInvalid> => {
  const last = record.squadHistory[record.squadHistory.length - 1]!
  const fail = (reason: TransferProblem) =>
    Result.fail(new VolunteerTransferInvalid({ volunteerId: record.id, fromSquadId: record.squadId, toSquadId, on, reason }))
  if (record.status === "withdrawn" || record.status === "dismissed") return fail("ended")
  if (toSquadId === record.squadId) return fail("sameSquad")
  if (on < last.from) return fail("beforeLastTransfer")
  return Result.succeed({
    ...record,
    squadId: toSquadId,
    squadHistory: [...record.squadHistory, { squadId: toSquadId, from: on }]
  })
}

/**
 * The squad a volunteer belonged to on a local date (V6): the latest period starting on or
 * before it; `undefined` before registration.
 *
 * @example
 * ```ts
 * import { Volunteer, Time } from "volunteer-brigade"
 * declare const v: Volunteer.Individual
 * Volunteer.squadOn(v, Time.localDate("2026-03-05"))
 * ```
 * @category squads
 * @since 0.1.0
 */
export const squadOn = (
  record: { readonly squadHistory: ReadonlyArray<SquadPeriod> },
  date: LocalDate
): UnitId | undefined => {
  let squad: UnitId | undefined
  for (const period of record.squadHistory) {
    if (period.from <= date) squad = period.squadId
    else break
  }
  return squad
}

// ---------------------------------------------------------------------------------------------
// Privacy (V7)
// ---------------------------------------------------------------------------------------------

/**
 * The name to publish (V7): the name itself with the volunteer's consent, otherwise its first
 * character followed by `*` for each further character (张三丰 → 张**); a one-character name
 * becomes `*`.
 *
 * @example
 * ```ts
 * import { Volunteer } from "volunteer-brigade"
 * Volunteer.publicName({ name: "张三丰", publishNameConsent: false }) // "张**"
 * ```
 * @category privacy
 * @since 0.1.0
 */
export const publicName = (v: { readonly name: string; readonly publishNameConsent: boolean }): string =>
  v.publishNameConsent ? v.name : maskMiddle(v.name, 1, 0)

/**
 * A view of an individual volunteer for rosters, reports and exports (V7).
 *
 * @category privacy
 * @since 0.1.0
 */
export interface PublicView {
  readonly id: VolunteerId
  readonly volunteerNumber: string
  readonly name: string
  readonly gender: Gender
  readonly document: { readonly type: DocumentType; readonly number: string }
  readonly mobile: string
  readonly unitAndPost?: string
  readonly officePhone?: string
  readonly skills: ReadonlyArray<ServiceCategory>
  readonly availability?: string
  readonly squadId: UnitId
  readonly status: VolunteerStatus
  readonly registeredOn: LocalDate
  /** Whether numbers and name were masked. */
  readonly masked: boolean
}

/**
 * The view of a volunteer for rosters, reports and exports (V7): by default the identity
 * number keeps its first 6 and last 4 characters, the mobile its first 3 and last 4, and the
 * name is shown only with consent. `{ clear: true }` — for callers entitled to personal data,
 * such as roster filing — returns clear values. Birth date and guardian are never included.
 *
 * @example
 * ```ts
 * import { Volunteer } from "volunteer-brigade"
 * declare const v: Volunteer.Individual
 * Volunteer.toPublicView(v).mobile // "138****8000"
 * Volunteer.toPublicView(v, { clear: true }).mobile // "13800138000"
 * ```
 * @category privacy
 * @since 0.1.0
 */
export const toPublicView = (v: Individual, options: { readonly clear?: boolean } = {}): PublicView => {
  const clear = options.clear === true
  return {
    id: v.id,
    volunteerNumber: v.volunteerNumber,
    name: clear ? v.name : publicName(v),
    gender: v.gender,
    document: { type: v.document.type, number: clear ? v.document.number : maskIdNumber(v.document.number) },
    mobile: clear ? v.mobile : maskMobile(v.mobile),
    ...(v.unitAndPost === undefined ? {} : { unitAndPost: v.unitAndPost }),
    ...(v.officePhone === undefined ? {} : { officePhone: v.officePhone }),
    skills: v.skills,
    ...(v.availability === undefined ? {} : { availability: v.availability }),
    squadId: v.squadId,
    status: v.status,
    registeredOn: v.registeredOn,
    masked: !clear
  }
}

// ---------------------------------------------------------------------------------------------
// Erasure (P7)
// ---------------------------------------------------------------------------------------------

/**
 * The pseudonym an erased volunteer lives on under (P7): `已注销-` and the volunteer number,
 * which hour totals, reports and certificates keep.
 *
 * @example
 * ```ts
 * import { Volunteer } from "volunteer-brigade"
 * Volunteer.pseudonymOf({ volunteerNumber: "PH-000001" }) // "已注销-PH-000001"
 * ```
 * @category erasure
 * @since 0.1.0
 */
export const pseudonymOf = (v: { readonly volunteerNumber: string }): string => `已注销-${v.volunteerNumber}`

/**
 * 删除个人信息 — erases a withdrawn or dismissed volunteer's personal fields (P7): the name
 * becomes the {@link pseudonymOf pseudonym}, the document number, mobile, office phone, unit and
 * post, availability and guardian are removed, the birth date is kept to its year (1 January,
 * for age statistics); id, volunteer number, squad history, status and skills stay, so hours,
 * reports and certificates still resolve. The document's identity key is freed: the same person
 * may register again. Refused ({@link VolunteerTransitionInvalid}) while the volunteer is still
 * pending, active or suspended. Erasing an erased record returns it unchanged.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Volunteer, Time } from "volunteer-brigade"
 * declare const withdrawn: Volunteer.Individual
 * const erased = Volunteer.erase(withdrawn, Time.localDate("2026-06-01"))
 * if (Result.isSuccess(erased)) erased.success.mobile // ""
 * ```
 * @category erasure
 * @since 0.1.0
 */
export const erase = (v: Individual, on: LocalDate): Result.Result<Individual, VolunteerTransitionInvalid> => {
  if (v.erasedOn !== undefined) return Result.succeed(v)
  if (v.status !== "withdrawn" && v.status !== "dismissed") {
    return Result.fail(new VolunteerTransitionInvalid({ from: v.status, event: "withdraw", volunteerId: v.id }))
  }
  return Result.succeed({
    id: v.id,
    volunteerNumber: v.volunteerNumber,
    name: pseudonymOf(v),
    gender: v.gender,
    birthDate: `${v.birthDate.slice(0, 4)}-01-01` as LocalDate,
    document: { type: v.document.type, number: "" },
    mobile: "",
    skills: v.skills,
    squadId: v.squadId,
    publishNameConsent: false,
    status: v.status,
    registeredOn: v.registeredOn,
    squadHistory: v.squadHistory,
    erasedOn: on
  })
}

/**
 * A volunteer's record with its sensitive fields masked (V7, P3): the identity document
 * number (first 6 and last 4 kept), the mobile and the guardian's mobile (first 3 and last 4
 * kept). What `Workflows.Volunteers.get` and `list` return unless a permitted clear read is
 * asked for (P4). The result is for display and checks, never to be saved back.
 *
 * @example
 * ```ts
 * import { Volunteer } from "volunteer-brigade"
 * declare const v: Volunteer.Individual
 * Volunteer.masked(v).mobile // "138****8000"
 * ```
 * @category privacy
 * @since 0.2.0
 */
export const masked = (v: Individual): Individual => ({
  ...v,
  document: { ...v.document, number: maskIdNumber(v.document.number) },
  mobile: maskMobile(v.mobile),
  ...(v.guardian === undefined ? {} : { guardian: { ...v.guardian, mobile: maskMobile(v.guardian.mobile) } })
})

/**
 * A group's record with its contact phone masked (V7, P3): first 3 and last 4 characters
 * kept.
 *
 * @example
 * ```ts
 * import { Volunteer } from "volunteer-brigade"
 * declare const g: Volunteer.Group
 * Volunteer.maskedGroup(g).contactPhone // "057********0727"
 * ```
 * @category privacy
 * @since 0.2.0
 */
export const maskedGroup = (g: Group): Group => ({ ...g, contactPhone: maskMobile(g.contactPhone) })
