/**
 * 监督考核 — supervision: record-and-summary completeness, reproducible spot checks,
 * residents' opinions, the annual evaluation (scorecard, ranking, commendation candidates)
 * and the five-star harmonious community indicators (N §5.4).
 *
 * Owns rules **S1** (completeness rate per unit and period), **S2** (spot checks drawn
 * reproducibly from a seed), **S3** (residents' ratings 1–5), **S4** (annual evaluation with
 * configurable weights) and **S5** (five-star community indicators). Every function is pure:
 * "now" and seeds are arguments (C2), calendar comparisons use `policy.timeZone` (C1).
 *
 * @module
 */
import { Schema } from "effect"
import { ActivityId, ActorId, SupervisionId, UnitId } from "./ids.js"
import type { Policy } from "./policy.js"
import type { Row, Table } from "./table.js"
import { Note } from "./text.js"
import { Instant, LocalDate, daysBetween, localDateOf } from "./time.js"

const Share = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 }))
const NonNegative = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))
const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

// ---------------------------------------------------------------------------------------
// S1 — completeness
// ---------------------------------------------------------------------------------------

/**
 * The facts about one activity that the completeness rate needs (S1, A3): who organised it,
 * its status, when it ended, and whether its record is finalised and its summary written.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Supervision } from "volunteer-brigade"
 * const fact = Schema.decodeUnknownSync(Supervision.ActivityFact)({
 *   id: "act-1", organiserUnitId: "squad-1", status: "ended",
 *   endedAt: 1767225600000, recordFinalised: true, hasSummary: false
 * })
 * ```
 * @category completeness
 * @since 0.1.0
 */
export const ActivityFact = Schema.Struct({
  id: ActivityId,
  organiserUnitId: UnitId,
  status: Schema.Literals(["planned", "ongoing", "ended", "closed", "cancelled"]),
  endedAt: Schema.optionalKey(Instant),
  recordFinalised: Schema.Boolean,
  hasSummary: Schema.Boolean
})

/** @category completeness @since 0.1.0 */
export type ActivityFact = typeof ActivityFact.Type

/**
 * A reporting period of local days, both ends included (C1). `from` must not be after `to`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Supervision } from "volunteer-brigade"
 * const year = Schema.decodeUnknownSync(Supervision.Period)({ from: "2026-01-01", to: "2026-12-31" })
 * ```
 * @category completeness
 * @since 0.1.0
 */
export const Period = Schema.Struct({ from: LocalDate, to: LocalDate }).check(
  Schema.makeFilter((p: { readonly from: string; readonly to: string }) => p.from <= p.to || "a period must not end before it starts")
)

/** @category completeness @since 0.1.0 */
export type Period = typeof Period.Type

/**
 * The completeness of a unit's activities over a period (S1).
 *
 * @category completeness
 * @since 0.1.0
 */
export interface Completeness {
  /** Activities that ended in the period and whose close-within period has passed. */
  readonly due: number
  /** Due activities with a finalised record and a summary (有记录、有总结). */
  readonly complete: number
  /** Due activities missing the record, the summary or both (`due − complete`). */
  readonly incomplete: number
  /** Ids of the incomplete activities, in input order. */
  readonly incompleteIds: ReadonlyArray<ActivityId>
  /** `complete / due`; 1 when nothing is due. */
  readonly rate: number
}

/**
 * Whether an ended activity's close-within period (A3) has passed by `asOf`: more than
 * `policy.closeWithinDays` local days separate its end day from the day of `asOf` (C1).
 *
 * @example
 * ```ts
 * import { Policy, Supervision, Time } from "volunteer-brigade"
 * const ended = Time.instant("2026-03-01T18:00:00+08:00")
 * Supervision.isPastCloseWithin(ended, Time.instant("2026-03-08T23:00:00+08:00"), Policy.defaults) // false
 * Supervision.isPastCloseWithin(ended, Time.instant("2026-03-09T00:00:00+08:00"), Policy.defaults) // true
 * ```
 * @category completeness
 * @since 0.1.0
 */
export const isPastCloseWithin = (
  endedAt: Instant,
  asOf: Instant,
  policy: Pick<Policy, "timeZone" | "closeWithinDays">
): boolean => daysBetween(localDateOf(endedAt, policy.timeZone), localDateOf(asOf, policy.timeZone)) > policy.closeWithinDays

/**
 * 有记录、有总结 — record-and-summary completeness rate of a unit over a period (S1, A3).
 *
 * An activity is *due* when it was organised by one of `unitIds` (the unit and its
 * descendants, resolved by the caller), has ended (status `ended` or `closed`), ended on a
 * local day inside the period, and its close-within period has passed by `asOf`. A due
 * activity is complete when its record is finalised and it has a summary. Cancelled and
 * not-yet-ended activities never count. `rate` is `complete / due`, and 1 when nothing is due.
 *
 * @example
 * ```ts
 * import { Policy, Supervision, Time } from "volunteer-brigade"
 * import type { Ids } from "volunteer-brigade"
 * declare const activities: ReadonlyArray<Supervision.ActivityFact>
 * declare const squadronId: Ids.UnitId
 * declare const squadId: Ids.UnitId
 * const c = Supervision.completeness(activities, {
 *   unitIds: [squadronId, squadId],
 *   from: Time.localDate("2026-01-01"),
 *   to: Time.localDate("2026-12-31"),
 *   asOf: Time.instant("2027-01-15T00:00:00+08:00"),
 *   policy: Policy.defaults
 * })
 * c.rate // e.g. 0.9
 * ```
 * @category completeness
 * @since 0.1.0
 */
export const completeness = (
  activities: ReadonlyArray<ActivityFact>,
  options: {
    readonly unitIds: ReadonlyArray<UnitId>
    readonly from: LocalDate
    readonly to: LocalDate
    readonly asOf: Instant
    readonly policy: Pick<Policy, "timeZone" | "closeWithinDays">
  }
): Completeness => {
  const units = new Set<string>(options.unitIds)
  const seen = new Set<string>()
  let due = 0
  let complete = 0
  const incompleteIds: Array<ActivityId> = []
  for (const a of activities) {
    if (seen.has(a.id)) continue // one activity counts once, however often it is listed
    seen.add(a.id)
    if (!units.has(a.organiserUnitId) || a.endedAt === undefined) continue
    if (a.status !== "ended" && a.status !== "closed") continue
    const endDay = localDateOf(a.endedAt, options.policy.timeZone)
    if (endDay < options.from || endDay > options.to) continue
    if (!isPastCloseWithin(a.endedAt, options.asOf, options.policy)) continue
    due += 1
    if (a.recordFinalised && a.hasSummary) complete += 1
    else incompleteIds.push(a.id)
  }
  return { due, complete, incomplete: incompleteIds.length, incompleteIds, rate: due === 0 ? 1 : complete / due }
}

// ---------------------------------------------------------------------------------------
// S2 — spot checks
// ---------------------------------------------------------------------------------------

/**
 * One step of splitmix32, a small, well-mixed 32-bit PRNG (Steele, Lea & Flood's SplitMix
 * adapted to 32-bit state). Pure: the caller threads the state. Returns the next state and a
 * value in [0, 2^32).
 */
const splitmix32 = (state: number): readonly [next: number, value: number] => {
  const next = (state + 0x9e3779b9) | 0
  let z = next
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  z ^= z >>> 16
  return [next, z >>> 0]
}

/**
 * A seeded random sequence: `count` integers, each in `[0, 2^32)`, from splitmix32 (S2, C2).
 * The same seed always yields the same sequence; seeds are taken modulo 2^32.
 *
 * @example
 * ```ts
 * import { Supervision } from "volunteer-brigade"
 * Supervision.randomSequence(2026, 3) // the same three numbers on every machine
 * ```
 * @category spot checks
 * @since 0.1.0
 */
export const randomSequence = (seed: number, count: number): ReadonlyArray<number> => {
  const out: Array<number> = []
  let state = seed | 0
  for (let i = 0; i < count; i++) {
    const [next, value] = splitmix32(state)
    state = next
    out.push(value)
  }
  return out
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * 日常抽查 — draws a reproducible sample of activities for spot checks (S2).
 *
 * The ids are de-duplicated and sorted first, so the sample depends only on the *set* of ids
 * and the seed, never on input order. A partial Fisher–Yates shuffle driven by splitmix32
 * picks `min(size, n)` distinct ids (a negative or fractional size is floored and clamped to
 * 0). The result is in draw order, so a larger sample from the same seed extends a smaller one.
 * Record the seed on each {@link SpotCheck} so anyone can re-draw and audit the sample.
 *
 * @example
 * ```ts
 * import { Supervision } from "volunteer-brigade"
 * import type { Ids } from "volunteer-brigade"
 * declare const activityIds: ReadonlyArray<Ids.ActivityId>
 * const sample = Supervision.drawSample(activityIds, 5, 20260301)
 * // same ids (in any order) and same seed → the same five activities
 * ```
 * @category spot checks
 * @since 0.1.0
 */
export const drawSample = <A extends string>(activityIds: ReadonlyArray<A>, size: number, seed: number): ReadonlyArray<A> => {
  const pool = [...new Set(activityIds)].sort(byCodeUnits)
  const k = Math.max(0, Math.min(pool.length, Math.floor(Number.isFinite(size) ? size : 0)))
  const random = randomSequence(seed, k)
  for (let i = 0; i < k; i++) {
    // unbiased enough for audit sampling: modulo bias is below n / 2^32
    const j = i + (random[i]! % (pool.length - i))
    const picked = pool[j]!
    pool[j] = pool[i]!
    pool[i] = picked
  }
  return pool.slice(0, k)
}

/**
 * Result of a spot check (S2): passed, or issues found.
 *
 * @category spot checks
 * @since 0.1.0
 */
export const SpotCheckResult = Schema.Literals(["pass", "issuesFound"])

/** @category spot checks @since 0.1.0 */
export type SpotCheckResult = typeof SpotCheckResult.Type

/**
 * A recorded spot check of one activity (S2). The seed of the draw is kept so that the sample
 * can be reproduced; when issues are found the note must describe them.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Supervision } from "volunteer-brigade"
 * const check = Schema.decodeUnknownSync(Supervision.SpotCheck)({
 *   id: "sc-1", activityId: "act-1", unitId: "squad-1", checkedOn: "2026-03-10",
 *   checkedBy: "inspector-1", seed: 20260301, result: "issuesFound", note: "签到表缺少签名"
 * })
 * ```
 * @category spot checks
 * @since 0.1.0
 */
export const SpotCheck = Schema.Struct({
  id: SupervisionId,
  activityId: ActivityId,
  unitId: UnitId,
  checkedOn: LocalDate,
  checkedBy: ActorId,
  seed: Schema.Int,
  result: SpotCheckResult,
  note: Note
}).check(
  Schema.makeFilter((c: { readonly result: string; readonly note: string }) =>
    c.result === "pass" || c.note.trim().length > 0 || "a spot check that found issues must describe them in the note"
  )
)

/** @category spot checks @since 0.1.0 */
export type SpotCheck = typeof SpotCheck.Type

/**
 * Share of spot checks that passed (S2, feeds S4); `undefined` when there are none.
 *
 * @example
 * ```ts
 * import { Supervision } from "volunteer-brigade"
 * declare const checks: ReadonlyArray<Supervision.SpotCheck>
 * Supervision.spotCheckPassRate(checks) // e.g. 0.75
 * ```
 * @category spot checks
 * @since 0.1.0
 */
export const spotCheckPassRate = (checks: ReadonlyArray<Pick<SpotCheck, "result">>): number | undefined =>
  checks.length === 0 ? undefined : checks.filter((c) => c.result === "pass").length / checks.length

// ---------------------------------------------------------------------------------------
// S3 — residents' opinions
// ---------------------------------------------------------------------------------------

/**
 * A residents' rating: an integer from 1 (poor) to 5 (excellent) (S3).
 *
 * @category opinions
 * @since 0.1.0
 */
export const Rating = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 5 }))

/**
 * What an opinion is about: one activity or one unit (S3).
 *
 * @category opinions
 * @since 0.1.0
 */
export const OpinionTarget = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("activity"), activityId: ActivityId }),
  Schema.Struct({ kind: Schema.Literal("unit"), unitId: UnitId })
])

/** @category opinions @since 0.1.0 */
export type OpinionTarget = typeof OpinionTarget.Type

/**
 * 征求居民意见 — a resident's opinion: a rating 1–5 and an optional comment about an activity
 * or a unit (S3).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Supervision } from "volunteer-brigade"
 * const opinion = Schema.decodeUnknownSync(Supervision.Opinion)({
 *   id: "op-1", target: { kind: "unit", unitId: "squad-1" }, rating: 5,
 *   comment: "巡逻很及时", receivedOn: "2026-04-02"
 * })
 * ```
 * @category opinions
 * @since 0.1.0
 */
export const Opinion = Schema.Struct({
  id: SupervisionId,
  target: OpinionTarget,
  rating: Rating,
  comment: Schema.optionalKey(Note),
  receivedOn: LocalDate
})

/** @category opinions @since 0.1.0 */
export type Opinion = typeof Opinion.Type

/**
 * Mean rating of some opinions (S3); `undefined` when there are none (no opinion is not a
 * poor opinion).
 *
 * @example
 * ```ts
 * import { Supervision } from "volunteer-brigade"
 * Supervision.averageRating([{ rating: 4 }, { rating: 5 }]) // 4.5
 * ```
 * @category opinions
 * @since 0.1.0
 */
export const averageRating = (opinions: ReadonlyArray<Pick<Opinion, "rating">>): number | undefined =>
  opinions.length === 0 ? undefined : opinions.reduce((sum, o) => sum + o.rating, 0) / opinions.length

/**
 * Whether an opinion is about a given target (S3) — for filtering before {@link averageRating}.
 *
 * @example
 * ```ts
 * import { Supervision } from "volunteer-brigade"
 * import type { Ids } from "volunteer-brigade"
 * declare const opinions: ReadonlyArray<Supervision.Opinion>
 * declare const unitId: Ids.UnitId
 * const aboutSquad = opinions.filter((o) => Supervision.isAbout(o, { kind: "unit", unitId }))
 * ```
 * @category opinions
 * @since 0.1.0
 */
export const isAbout = (opinion: Pick<Opinion, "target">, target: OpinionTarget): boolean =>
  opinion.target.kind === "activity"
    ? target.kind === "activity" && opinion.target.activityId === target.activityId
    : target.kind === "unit" && opinion.target.unitId === target.unitId

// ---------------------------------------------------------------------------------------
// S4 — annual evaluation
// ---------------------------------------------------------------------------------------

/**
 * One unit's indicators for the annual evaluation (S4). The caller computes them from S1
 * (completeness), T10 (minutes per volunteer), T7 (share meeting the target), D4 (violations
 * per volunteer), S2 (spot-check pass rate, absent when no spot check was made) and S3 (average
 * rating, absent when no opinions).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Supervision } from "volunteer-brigade"
 * const i = Schema.decodeUnknownSync(Supervision.Indicators)({
 *   unitId: "squad-1", completenessRate: 0.9, minutesPerVolunteer: 2400, targetShare: 0.6,
 *   disciplineRate: 0.1, spotCheckPassRate: 1, averageRating: 4.6
 * })
 * ```
 * @category evaluation
 * @since 0.1.0
 */
export const Indicators = Schema.Struct({
  unitId: UnitId,
  completenessRate: Share,
  minutesPerVolunteer: NonNegative,
  targetShare: Share,
  disciplineRate: NonNegative,
  spotCheckPassRate: Schema.optionalKey(Share),
  averageRating: Schema.optionalKey(Schema.Finite.check(Schema.isBetween({ minimum: 1, maximum: 5 })))
})

/** @category evaluation @since 0.1.0 */
export type Indicators = typeof Indicators.Type

/** The six weighted parts of a scorecard, named as in `policy.evaluationWeights`. @inline */
type Weights = Policy["evaluationWeights"]

/**
 * Normalised indicator scores, each in [0, 1] with higher better (S4). `spotChecks` is absent
 * when no spot check was made, `residentRating` when the unit received no opinions.
 *
 * @category evaluation
 * @since 0.1.0
 */
export type Scores = { readonly [K in Exclude<keyof Weights, "residentRating" | "spotChecks">]: number } & {
  readonly spotChecks?: number
  readonly residentRating?: number
}

/**
 * 年度评比 scorecard of one unit (S4): its indicators, their normalised scores and the
 * weighted total in [0, 1].
 *
 * @category evaluation
 * @since 0.1.0
 */
export interface Scorecard {
  readonly unitId: UnitId
  readonly indicators: Indicators
  readonly scores: Scores
  readonly total: number
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x)

/**
 * Normalises one unit's indicators to scores in [0, 1], higher better (S4). Each score depends
 * only on the unit's own indicator and the policy, never on other units, so improving an
 * indicator can never lower the score:
 *
 * - completeness, target attainment, spot checks: the rate itself;
 * - hours per volunteer: `minutesPerVolunteer / annualTargetMinutes`, capped at 1 (reaching
 *   the T7 target earns full marks; 1 when the target is 0);
 * - discipline: `1 / (1 + violations per volunteer)` — 1 with no violations, ½ at one per
 *   volunteer;
 * - residents' rating: `(rating − 1) / 4`, absent without opinions;
 * - spot checks: the pass rate, absent when no spot check was made.
 *
 * @example
 * ```ts
 * import { Policy, Supervision } from "volunteer-brigade"
 * declare const indicators: Supervision.Indicators
 * Supervision.normalise(indicators, Policy.defaults).hoursPerVolunteer // 1 when ≥ 48 h each
 * ```
 * @category evaluation
 * @since 0.1.0
 */
export const normalise = (indicators: Indicators, policy: Pick<Policy, "annualTargetMinutes">): Scores => {
  const base = {
    completeness: clamp01(indicators.completenessRate),
    hoursPerVolunteer:
      policy.annualTargetMinutes <= 0 ? 1 : clamp01(indicators.minutesPerVolunteer / policy.annualTargetMinutes),
    targetAttainment: clamp01(indicators.targetShare),
    discipline: 1 / (1 + Math.max(0, indicators.disciplineRate))
  }
  return {
    ...base,
    ...(indicators.spotCheckPassRate === undefined ? {} : { spotChecks: clamp01(indicators.spotCheckPassRate) }),
    ...(indicators.averageRating === undefined ? {} : { residentRating: clamp01((indicators.averageRating - 1) / 4) })
  }
}

const WEIGHT_KEYS = [
  "completeness",
  "hoursPerVolunteer",
  "targetAttainment",
  "discipline",
  "spotChecks",
  "residentRating"
] as const satisfies ReadonlyArray<keyof Weights>

/**
 * 年度评比 — scores a unit for the annual evaluation (S4).
 *
 * The total is the weighted mean of the normalised scores (see {@link normalise}) with the
 * host-settable `policy.evaluationWeights`. A unit without residents' opinions or without spot
 * checks is judged on the other parts (their weights are re-scaled), so not having been asked
 * or checked neither helps nor hurts. With all applicable weights zero the total is 0.
 *
 * @example
 * ```ts
 * import { Policy, Supervision } from "volunteer-brigade"
 * declare const indicators: ReadonlyArray<Supervision.Indicators>
 * const cards = indicators.map((i) => Supervision.scorecard(i, Policy.defaults))
 * ```
 * @category evaluation
 * @since 0.1.0
 */
export const scorecard = (
  indicators: Indicators,
  policy: Pick<Policy, "evaluationWeights" | "annualTargetMinutes">
): Scorecard => {
  const scores = normalise(indicators, policy)
  let weighted = 0
  let weightSum = 0
  for (const key of WEIGHT_KEYS) {
    const score = scores[key]
    if (score === undefined) continue
    const w = policy.evaluationWeights[key]
    weighted += w * score
    weightSum += w
  }
  return { unitId: indicators.unitId, indicators, scores, total: weightSum > 0 ? weighted / weightSum : 0 }
}

/**
 * A scorecard with its 1-based position in the ranking (S4).
 *
 * @category evaluation
 * @since 0.1.0
 */
export interface Ranked extends Scorecard {
  readonly rank: number
}

/**
 * Ranks scorecards by total, best first; equal totals are ordered by unit id, so the ranking
 * does not depend on input order (S4). Expects one scorecard per unit. Does not mutate input.
 *
 * @example
 * ```ts
 * import { Policy, Supervision } from "volunteer-brigade"
 * declare const indicators: ReadonlyArray<Supervision.Indicators>
 * const ranked = Supervision.rank(indicators.map((i) => Supervision.scorecard(i, Policy.defaults)))
 * ranked[0]?.rank // 1
 * ```
 * @category evaluation
 * @since 0.1.0
 */
export const rank = (scorecards: ReadonlyArray<Scorecard>): ReadonlyArray<Ranked> =>
  [...scorecards]
    .sort((a, b) => b.total - a.total || byCodeUnits(a.unitId, b.unitId))
    .map((card, i) => ({ ...card, rank: i + 1 }))

/**
 * Picks commendation candidates (表彰候选) from a ranking (S4): the best-ranked units, at most
 * `topShare` of all ranked units (rounded down), and only those whose total reaches
 * `minScore`. Either criterion may be omitted; with both, both apply.
 *
 * @example
 * ```ts
 * import { Supervision } from "volunteer-brigade"
 * declare const ranked: ReadonlyArray<Supervision.Ranked>
 * Supervision.commendationCandidates(ranked, { topShare: 0.1, minScore: 0.8 })
 * ```
 * @category evaluation
 * @since 0.1.0
 */
export const commendationCandidates = (
  ranked: ReadonlyArray<Ranked>,
  criteria: { readonly topShare?: number; readonly minScore?: number }
): ReadonlyArray<Ranked> => {
  const quota = criteria.topShare === undefined ? ranked.length : Math.floor(clamp01(criteria.topShare) * ranked.length)
  return [...ranked]
    .sort((a, b) => a.rank - b.rank)
    .slice(0, quota)
    .filter((r) => criteria.minScore === undefined || r.total >= criteria.minScore)
}

// ---------------------------------------------------------------------------------------
// S5 — five-star harmonious community indicators
// ---------------------------------------------------------------------------------------

/**
 * The facts about one community (squad) for the five-star assessment (S5). `residents` is
 * optional; when no community gives it, the volunteer-share column is left out.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Supervision } from "volunteer-brigade"
 * const facts = Schema.decodeUnknownSync(Supervision.CommunityFacts)({
 *   unitId: "squad-1", communityName: "东湖社区", volunteersRegistered: 120, residents: 3000,
 *   activitiesHeld: 24, completenessRate: 0.95, serviceMinutes: 288000, targetShare: 0.7,
 *   averageRating: 4.5, spotChecksPassed: 3, spotChecksHeld: 3
 * })
 * ```
 * @category five-star
 * @since 0.1.0
 */
export const CommunityFacts = Schema.Struct({
  unitId: UnitId,
  communityName: Schema.String,
  volunteersRegistered: Count,
  residents: Schema.optionalKey(Count),
  activitiesHeld: Count,
  completenessRate: Share,
  serviceMinutes: Count,
  targetShare: Share,
  averageRating: Schema.optionalKey(Schema.Finite.check(Schema.isBetween({ minimum: 1, maximum: 5 }))),
  spotChecksPassed: Count,
  spotChecksHeld: Count
}).check(
  Schema.makeFilter((f: { readonly spotChecksPassed: number; readonly spotChecksHeld: number }) =>
    f.spotChecksPassed <= f.spotChecksHeld || "more spot checks passed than were held"
  )
)

/** @category five-star @since 0.1.0 */
export type CommunityFacts = typeof CommunityFacts.Type

const round = (x: number, digits: number): number => {
  const f = 10 ** digits
  return Math.round(x * f) / f
}
const percent = (x: number): number => round(x * 100, 1)

/**
 * zh-CN column headers of the five-star indicator table (S5).
 *
 * @example
 * ```ts
 * import { Supervision } from "volunteer-brigade"
 * Supervision.fiveStarLabelsZh.serviceHours // "志愿服务时长（小时）"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const fiveStarLabelsZh = {
  communityName: "社区",
  volunteersRegistered: "注册志愿者人数",
  volunteerShare: "志愿者占居民比例（%）",
  activitiesHeld: "开展活动次数",
  completenessRate: "活动有记录有总结率（%）",
  serviceHours: "志愿服务时长（小时）",
  targetShare: "年度服务时长达标率（%）",
  averageRating: "居民满意度评分（1–5）",
  spotChecks: "日常抽查合格数/抽查数"
} as const

/**
 * 嘉兴市“五星级”和谐示范社区 — the per-community volunteer indicators for the five-star
 * harmonious community assessment, as a plain table ready for CSV/xlsx export (S5).
 *
 * The result is a `Table` of the Table module (R4), so the `csv` and `xlsx` exporters print it as is.
 * One row per community, in input order. Rates are percentages with one decimal, hours have
 * one decimal; a missing rating or resident count leaves the cell empty. The volunteer-share
 * column appears only when at least one community gives its resident count.
 *
 * @example
 * ```ts
 * import { Supervision } from "volunteer-brigade"
 * declare const facts: ReadonlyArray<Supervision.CommunityFacts>
 * const table = Supervision.fiveStarIndicators(facts, { year: 2026 })
 * table.columns.map((c) => c.label) // ["社区", "注册志愿者人数", ...]
 * ```
 * @category five-star
 * @since 0.1.0
 */
export const fiveStarIndicators = (facts: ReadonlyArray<CommunityFacts>, options: { readonly year: number }): Table => {
  const withShare = facts.some((f) => f.residents !== undefined)
  const keys = (Object.keys(fiveStarLabelsZh) as ReadonlyArray<keyof typeof fiveStarLabelsZh>).filter(
    (key) => withShare || key !== "volunteerShare"
  )
  const rows = facts.map((f): Row => {
    const row: Partial<Record<keyof typeof fiveStarLabelsZh, string | number>> = {
      communityName: f.communityName,
      volunteersRegistered: f.volunteersRegistered,
      ...(f.residents === undefined || f.residents === 0 ? {} : { volunteerShare: percent(f.volunteersRegistered / f.residents) }),
      activitiesHeld: f.activitiesHeld,
      completenessRate: percent(f.completenessRate),
      serviceHours: round(f.serviceMinutes / 60, 1),
      targetShare: percent(f.targetShare),
      ...(f.averageRating === undefined ? {} : { averageRating: round(f.averageRating, 2) }),
      spotChecks: `${f.spotChecksPassed}/${f.spotChecksHeld}`
    }
    return Object.fromEntries(keys.flatMap((k) => (row[k] === undefined ? [] : [[k, row[k]]])))
  })
  return {
    title: `嘉兴市“五星级”和谐示范社区考核 — 社区志愿服务指标（${options.year}年度）`,
    columns: keys.map((key) => ({ key, label: fiveStarLabelsZh[key] })),
    rows
  }
}
