/**
 * 纪律 — discipline: violations that follow from attendance, points over a rolling window,
 * the standing they give, and dated suspensions.
 *
 * Owns rules **D4** (points per violation, summed over a rolling window of
 * `policy.disciplineWindowMonths` months; thresholds give a reminder, a warning, a suspension
 * and a proposal to dismiss; approved leave never counts) and **D5** (a suspension is dated
 * and ends by decision or expiry). The minor no-badge violation comes from D3.
 *
 * @module
 */
import { Option, Result, Schema } from "effect"
import type { Outcome } from "./attendance.js"
import { AssignmentId, VolunteerId } from "./ids.js"
import type { Policy } from "./policy.js"
import { Reason } from "./text.js"
import { addDays, addMonths, LocalDate } from "./time.js"

/**
 * Kinds of violation (D4): no-show, late, left early, no badge (D3, minor) and disobeying
 * arrangements.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ViolationKind = Schema.Literals(["noShow", "late", "leftEarly", "noBadge", "disobedience"])

/** @category schemas @since 0.1.0 */
export type ViolationKind = typeof ViolationKind.Type

/**
 * 违规 — a violation by a volunteer on a local date, optionally tied to the assignment it
 * arose from (D4).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Discipline } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Discipline.Violation)({ volunteerId: "v-1", kind: "late", on: "2026-03-05" })
 * ```
 * @category schemas
 * @since 0.1.0
 */
export const Violation = Schema.Struct({
  volunteerId: VolunteerId,
  kind: ViolationKind,
  on: LocalDate,
  assignmentId: Schema.optionalKey(AssignmentId)
})

/** @category schemas @since 0.1.0 */
export type Violation = typeof Violation.Type

/**
 * The standing a volunteer's points give (D4), from best to worst.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Standing = Schema.Literals(["clear", "reminder", "warning", "suspension", "dismissalProposal"])

/** @category schemas @since 0.1.0 */
export type Standing = typeof Standing.Type

/**
 * 暂停服务 — a dated suspension (D5): in force from `from` to `until`, both inclusive, unless
 * ended early by decision on `endedEarlyOn` (from that day on the volunteer may serve again).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Discipline } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Discipline.Suspension)({
 *   volunteerId: "v-1", from: "2026-03-05", until: "2026-06-02", reason: "累计违规积分达到 9 分"
 * })
 * ```
 * @category schemas
 * @since 0.1.0
 */
export const Suspension = Schema.Struct({
  volunteerId: VolunteerId,
  from: LocalDate,
  until: LocalDate,
  reason: Reason,
  endedEarlyOn: Schema.optionalKey(LocalDate)
}).check(
  Schema.makeFilter((s: { readonly from: string; readonly until: string; readonly endedEarlyOn?: string }) => {
    if (s.until < s.from) return "a suspension ends no earlier than it starts"
    if (s.endedEarlyOn !== undefined && (s.endedEarlyOn <= s.from || s.endedEarlyOn > s.until)) {
      return "a suspension ends early after its first day and no later than its last"
    }
    return true
  })
)

/** @category schemas @since 0.1.0 */
export type Suspension = typeof Suspension.Type

/**
 * D5: a suspension can only be ended early while it is in force, after its first day.
 *
 * @category errors
 * @since 0.1.0
 */
export class SuspensionNotActive extends Schema.TaggedError<SuspensionNotActive>()("SuspensionNotActive", {
  volunteerId: VolunteerId,
  on: LocalDate
}) {}

const byOutcome: Readonly<Record<Outcome, ReadonlyArray<ViolationKind>>> = {
  present: [],
  late: ["late"],
  leftEarly: ["leftEarly"],
  lateAndLeftEarly: ["late", "leftEarly"],
  excused: [],
  absentWithoutLeave: ["noShow"]
}

/**
 * D3/D4: the violations an attendance result gives — late, left early (both for
 * `lateAndLeftEarly`), no-show for `absentWithoutLeave`, plus `noBadge` when the check-in
 * recorded the badge as not worn. `excused` (approved leave) gives none, ever; an unknown
 * badge (`null`) gives none.
 *
 * @example
 * ```ts
 * import { Discipline, Time } from "volunteer-brigade"
 * import type { Ids } from "volunteer-brigade"
 * declare const volunteerId: Ids.VolunteerId
 * Discipline.violationsOf("lateAndLeftEarly", false, { volunteerId, on: Time.localDate("2026-03-05") })
 *   .map((v) => v.kind) // ["late", "leftEarly", "noBadge"]
 * ```
 * @category violations
 * @since 0.1.0
 */
export const violationsOf = (
  outcome: Outcome,
  badgeWorn: boolean | null,
  context: { readonly volunteerId: VolunteerId; readonly on: LocalDate; readonly assignmentId?: AssignmentId }
): ReadonlyArray<Violation> => {
  if (outcome === "excused") return []
  const kinds = badgeWorn === false ? [...byOutcome[outcome], "noBadge" as const] : byOutcome[outcome]
  return kinds.map((kind) => ({ ...context, kind }))
}

/**
 * D4: the first local date inside the rolling window that ends on `asOf`. The window holds
 * the dates `d` with `asOf − N months < d ≤ asOf` (N = `policy.disciplineWindowMonths`;
 * month subtraction clamps to the month's end). With 12 months, on 2026-03-05 the window is
 * 2025-03-06 … 2026-03-05: a violation exactly a year old no longer counts.
 *
 * @example
 * ```ts
 * import { Discipline, Policy, Time } from "volunteer-brigade"
 * Discipline.windowStart(Time.localDate("2026-03-05"), Policy.defaults) // "2025-03-06"
 * ```
 * @category points
 * @since 0.1.0
 */
export const windowStart = (asOf: LocalDate, policy: Pick<Policy, "disciplineWindowMonths">): LocalDate =>
  addDays(addMonths(asOf, -policy.disciplineWindowMonths), 1)

/**
 * D4: the points of the violations dated inside the rolling window ending on `asOf` (see
 * {@link windowStart}); violations after `asOf` are ignored. Pass one volunteer's violations.
 * Default points: no-show 3, late 1, left early 1, no badge 1, disobedience 2.
 *
 * @example
 * ```ts
 * import { Discipline, Policy, Time } from "volunteer-brigade"
 * declare const violations: ReadonlyArray<Discipline.Violation>
 * Discipline.points(violations, Time.localDate("2026-03-05"), Policy.defaults) // e.g. 4
 * ```
 * @category points
 * @since 0.1.0
 */
export const points = (
  violations: ReadonlyArray<Pick<Violation, "kind" | "on">>,
  asOf: LocalDate,
  policy: Pick<Policy, "disciplineWindowMonths" | "violationPoints">
): number => {
  const first = windowStart(asOf, policy)
  return violations
    .filter((v) => first <= v.on && v.on <= asOf)
    .reduce((sum, v) => sum + policy.violationPoints[v.kind], 0)
}

/**
 * D4: the standing for a number of points — reminder from 3, warning from 6, suspension from
 * 9, proposal to dismiss from 12 (policy thresholds, each inclusive).
 *
 * @example
 * ```ts
 * import { Discipline, Policy } from "volunteer-brigade"
 * Discipline.standing(9, Policy.defaults) // "suspension"
 * ```
 * @category points
 * @since 0.1.0
 */
export const standing = (pts: number, policy: Pick<Policy, "disciplineThresholds">): Standing => {
  const t = policy.disciplineThresholds
  if (pts >= t.dismissalProposal) return "dismissalProposal"
  if (pts >= t.suspension) return "suspension"
  if (pts >= t.warning) return "warning"
  if (pts >= t.reminder) return "reminder"
  return "clear"
}

/**
 * D4: the severity rank of a standing, 0 (clear) to 4 (dismissal proposal), for comparisons.
 *
 * @example
 * ```ts
 * import { Discipline } from "volunteer-brigade"
 * Discipline.rank("warning") < Discipline.rank("suspension") // true
 * ```
 * @category points
 * @since 0.1.0
 */
export const rank = (s: Standing): number => Standing.literals.indexOf(s)

/**
 * D5: whether a suspension is in force on a local date: `from ≤ date ≤ until`, and before
 * `endedEarlyOn` when it was ended early.
 *
 * @example
 * ```ts
 * import { Discipline, Time } from "volunteer-brigade"
 * declare const suspension: Discipline.Suspension
 * Discipline.isSuspendedOn(suspension, Time.localDate("2026-04-01"))
 * ```
 * @category suspension
 * @since 0.1.0
 */
export const isSuspendedOn = (
  s: Pick<Suspension, "from" | "until" | "endedEarlyOn">,
  date: LocalDate
): boolean => s.from <= date && date <= s.until && (s.endedEarlyOn === undefined || date < s.endedEarlyOn)

/**
 * D5: whether a suspension is in force on any local date from `first` to `last` (both
 * inclusive) — for an activity spanning those dates, a volunteer suspended on any of them is
 * not assigned (A5).
 *
 * @example
 * ```ts
 * import { Discipline, Time } from "volunteer-brigade"
 * declare const suspension: Discipline.Suspension
 * Discipline.isSuspendedDuring(suspension, Time.localDate("2026-04-01"), Time.localDate("2026-04-02"))
 * ```
 * @category suspension
 * @since 0.1.0
 */
export const isSuspendedDuring = (
  s: Pick<Suspension, "from" | "until" | "endedEarlyOn">,
  first: LocalDate,
  last: LocalDate
): boolean => {
  const lastInForce = s.endedEarlyOn === undefined ? s.until : addDays(s.endedEarlyOn, -1)
  return s.from <= last && first <= lastInForce && s.from <= lastInForce
}

/**
 * D4/D5: proposes a suspension of `policy.suspensionDays` days starting on `asOf` when the
 * volunteer's standing is suspension or worse. Nothing is proposed while a suspension is in
 * force, and violations on or before the first day of the latest earlier suspension do not
 * count again (they were already answered), so an expired suspension is not renewed by the
 * same points.
 *
 * @example
 * ```ts
 * import { Option } from "effect"
 * import { Discipline, Policy, Time } from "volunteer-brigade"
 * import type { Ids } from "volunteer-brigade"
 * declare const volunteerId: Ids.VolunteerId
 * declare const violations: ReadonlyArray<Discipline.Violation>
 * const proposal = Discipline.suspend({ volunteerId, violations, suspensions: [] }, Time.localDate("2026-03-05"), Policy.defaults)
 * Option.isSome(proposal) // true when points ≥ 9
 * ```
 * @category suspension
 * @since 0.1.0
 */
export const suspend = (
  facts: {
    readonly volunteerId: VolunteerId
    readonly violations: ReadonlyArray<Pick<Violation, "kind" | "on">>
    readonly suspensions: ReadonlyArray<Pick<Suspension, "from" | "until" | "endedEarlyOn">>
  },
  asOf: LocalDate,
  policy: Pick<Policy, "disciplineWindowMonths" | "violationPoints" | "disciplineThresholds" | "suspensionDays">
): Option.Option<Suspension> => {
  if (facts.suspensions.some((s) => isSuspendedOn(s, asOf))) return Option.none()
  const answered = facts.suspensions
    .map((s) => s.from)
    .filter((from) => from <= asOf)
    .reduce<string>((latest, from) => (from > latest ? from : latest), "")
  const pts = points(facts.violations.filter((v) => v.on > answered), asOf, policy)
  if (rank(standing(pts, policy)) < rank("suspension")) return Option.none()
  return Option.some({
    volunteerId: facts.volunteerId,
    from: asOf,
    until: addDays(asOf, policy.suspensionDays - 1),
    reason: `近${policy.disciplineWindowMonths}个月累计违规积分${pts}分，达到暂停服务标准（${policy.disciplineThresholds.suspension}分）`
  })
}

/**
 * D5: ends a suspension early by decision, from `on` (the volunteer may serve again that
 * day). Refused with {@link SuspensionNotActive} unless the suspension is in force on `on`
 * and `on` is after its first day.
 *
 * @example
 * ```ts
 * import { Discipline, Time } from "volunteer-brigade"
 * declare const suspension: Discipline.Suspension
 * Discipline.endEarly(suspension, Time.localDate("2026-04-01"))
 * ```
 * @category suspension
 * @since 0.1.0
 */
export const endEarly = (s: Suspension, on: LocalDate): Result.Result<Suspension, SuspensionNotActive> =>
  isSuspendedOn(s, on) && on > s.from
    ? Result.succeed({ ...s, endedEarlyOn: on })
    : Result.fail(new SuspensionNotActive({ volunteerId: s.volunteerId, on }))

/**
 * zh-CN labels of violation kinds and standings.
 *
 * @example
 * ```ts
 * import { Discipline } from "volunteer-brigade"
 * Discipline.labelsZh.standing.suspension // "暂停服务"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const labelsZh: {
  readonly violation: Readonly<Record<ViolationKind, string>>
  readonly standing: Readonly<Record<Standing, string>>
} = {
  violation: {
    noShow: "无故缺勤",
    late: "迟到",
    leftEarly: "早退",
    noBadge: "未佩戴统一标志",
    disobedience: "不服从安排"
  },
  standing: {
    clear: "无",
    reminder: "提醒",
    warning: "警告",
    suspension: "暂停服务",
    dismissalProposal: "建议除名"
  }
}
