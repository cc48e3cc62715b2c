/**
 * Policy: every number the rule catalogue marks *(policy)*, as data a host may override.
 * Rules take the policy as an argument; nothing reads a global.
 *
 * @module
 */
import { Schema } from "effect"
import { Role } from "./hierarchy.js"
import { Shanghai, TimeZone } from "./time.js"

const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const PositiveInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))

const strictlyIncreasing = Schema.makeFilter((xs: ReadonlyArray<number>) =>
  xs.every((x, i) => i === 0 || x > xs[i - 1]!) || "thresholds must be strictly increasing"
)

/**
 * Pinghu's eight designated departments, each of which names one deputy captain (H1).
 *
 * @example
 * ```ts
 * import { Policy } from "volunteer-brigade"
 * Policy.PinghuDepartments.length // 8
 * ```
 * @category organisation
 * @since 0.1.0
 */
export const PinghuDepartments: ReadonlyArray<string> = [
  "市公安局",
  "市司法局",
  "市规划建设局",
  "市文广新局",
  "市卫生局",
  "团市委",
  "市妇联",
  "市工商局"
]

/**
 * 星级 thresholds in minutes: the community table (T8) — 1★ 100 h … 5★ 1500 h.
 *
 * @example
 * ```ts
 * import { Policy } from "volunteer-brigade"
 * Policy.CommunityStars[0] // 6000 (100 h)
 * ```
 * @category hours
 * @since 0.1.0
 */
export const CommunityStars: ReadonlyArray<number> = [100, 300, 600, 1000, 1500].map((h) => h * 60)

/**
 * Beijing's star table (T8) — 100/200/500/800/1000 h, in minutes.
 *
 * @example
 * ```ts
 * import { Policy } from "volunteer-brigade"
 * Policy.BeijingStars[4] // 60000 (1000 h)
 * ```
 * @category hours
 * @since 0.1.0
 */
export const BeijingStars: ReadonlyArray<number> = [100, 200, 500, 800, 1000].map((h) => h * 60)

/**
 * The policy record. Every field has the catalogue's default; see {@link defaults}.
 *
 * @category policy
 * @since 0.1.0
 */
export const Policy = Schema.Struct({
  /** C1: the civil time zone. */
  timeZone: TimeZone,
  /** H1: departments that each name at most one deputy captain. */
  designatedDepartments: Schema.Array(Schema.String),
  /** V4: minimum age to register and serve. */
  minimumAge: NonNegativeInt,
  /** V4: age from which no guardian consent is needed. */
  adultAge: NonNegativeInt,
  /** R3: roster filing deadline in the year, month and day (local). */
  rosterDue: Schema.Struct({ month: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 12 })), day: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 31 })) }),
  /** A3: days after the end by which an activity must have a record and summary. */
  closeWithinDays: NonNegativeInt,
  /** D1: grace minutes for late arrival / early departure. */
  graceMinutes: NonNegativeInt,
  /** D2: hours before start from which a leave request is timely. */
  leaveNoticeHours: NonNegativeInt,
  /** D4: points per violation kind. */
  violationPoints: Schema.Struct({
    noShow: NonNegativeInt,
    late: NonNegativeInt,
    leftEarly: NonNegativeInt,
    noBadge: NonNegativeInt,
    disobedience: NonNegativeInt
  }),
  /** D4: point thresholds, strictly increasing: reminder, warning, suspension, dismissal proposal. */
  disciplineThresholds: Schema.Struct({
    reminder: PositiveInt,
    warning: PositiveInt,
    suspension: PositiveInt,
    dismissalProposal: PositiveInt
  }).check(
    Schema.makeFilter((t: { reminder: number; warning: number; suspension: number; dismissalProposal: number }) =>
      (t.reminder < t.warning && t.warning < t.suspension && t.suspension < t.dismissalProposal) ||
      "discipline thresholds must be strictly increasing"
    )
  ),
  /** D4: length of the rolling window in months. */
  disciplineWindowMonths: PositiveInt,
  /** D5: default suspension length in days. */
  suspensionDays: PositiveInt,
  /** T1: credit granularity in minutes (credited time is rounded down to a multiple). */
  creditGranularityMinutes: PositiveInt,
  /** T3: minimum share (0–1) of the window attended for any credit; 0 = off. */
  minimumAttendanceShare: Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 1 })),
  /** T7: annual target in minutes (48 h). */
  annualTargetMinutes: NonNegativeInt,
  /** T8: star thresholds in minutes, strictly increasing. */
  starThresholds: Schema.Array(PositiveInt).check(strictlyIncreasing),
  /** S4: scorecard weights. */
  evaluationWeights: Schema.Struct({
    completeness: Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)),
    hoursPerVolunteer: Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)),
    targetAttainment: Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)),
    discipline: Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)),
    spotChecks: Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)),
    residentRating: Schema.Number.check(Schema.isGreaterThanOrEqualTo(0))
  }),
  /** F2: expense categories allowed without naming an activity. */
  allowedFundCategories: Schema.Array(Schema.String),
  /** P4: roles whose holders may ask for clear (unmasked) personal data, within their jurisdiction (H7). */
  clearReadRoles: Schema.Array(Role),
  /** P4: roles whose holders may query the access log and the security log. */
  logReaderRoles: Schema.Array(Role)
})

/** @category policy @since 0.1.0 */
export type Policy = typeof Policy.Type

/**
 * The catalogue's defaults (Pinghu, 2012 notice; national and Zhejiang rules).
 *
 * @example
 * ```ts
 * import { Policy } from "volunteer-brigade"
 * const strict = { ...Policy.defaults, minimumAttendanceShare: 0.6 }
 * ```
 * @category policy
 * @since 0.1.0
 */
export const defaults: Policy = {
  timeZone: Shanghai,
  designatedDepartments: PinghuDepartments,
  minimumAge: 14,
  adultAge: 18,
  rosterDue: { month: 9, day: 30 },
  closeWithinDays: 7,
  graceMinutes: 5,
  leaveNoticeHours: 24,
  violationPoints: { noShow: 3, late: 1, leftEarly: 1, noBadge: 1, disobedience: 2 },
  disciplineThresholds: { reminder: 3, warning: 6, suspension: 9, dismissalProposal: 12 },
  disciplineWindowMonths: 12,
  suspensionDays: 90,
  creditGranularityMinutes: 1,
  minimumAttendanceShare: 0,
  annualTargetMinutes: 48 * 60,
  starThresholds: CommunityStars,
  evaluationWeights: {
    completeness: 0.25,
    hoursPerVolunteer: 0.2,
    targetAttainment: 0.2,
    discipline: 0.1,
    spotChecks: 0.15,
    residentRating: 0.1
  },
  allowedFundCategories: ["badgesAndUniforms", "insurance", "training", "activityMaterials", "commendations"],
  clearReadRoles: ["office"],
  logReaderRoles: ["office"]
}

/**
 * Builds a policy from the defaults and a partial override, validating the result (for
 * example, star thresholds must be strictly increasing).
 *
 * @example
 * ```ts
 * import { Policy } from "volunteer-brigade"
 * const beijing = Policy.make({ starThresholds: Policy.BeijingStars })
 * ```
 * @category policy
 * @since 0.1.0
 */
export const make = (override: Partial<Policy> = {}): Policy =>
  Schema.decodeUnknownSync(Policy)({ ...defaults, ...override })
