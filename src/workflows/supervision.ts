/**
 * Supervision and funds workflows (S1–S5, F1–F3): completeness per unit and period, seeded
 * spot checks and their findings, residents' opinions, the annual evaluation with ranking and
 * commendation candidates, the five-star community table, and each squadron's earmarked
 * funds ledger. Mutations decode their input, check jurisdiction (H7), decide with the pure
 * rules of `supervision.ts` and `funds.ts`, save and audit in one transaction; queries read
 * the Store and compute with the same pure rules.
 *
 * Decisions: funds are allocated, spent and reversed by whoever's jurisdiction covers the
 * squadron — the brigade office and captain, or that squadron's captain and deputy (the town
 * bears its own funds, F1, and its squadron keeps the ledger); squad leaders cannot. An
 * activity is a squadron's (F2) when its organiser unit is in the squadron's subtree on the
 * activity's start day (H6). Opinions are recorded by anyone whose jurisdiction covers the
 * unit concerned (the office, or a leader of that unit or above it).
 *
 * @module
 */
import { Effect, Schema } from "effect"
import type * as Activity from "../activity.js"
import * as Funds from "../funds.js"
import * as Hierarchy from "../hierarchy.js"
import * as Hours from "../hours.js"
import { ActivityId, FundEntryId, SupervisionId, UnitId, type VolunteerId } from "../ids.js"
import { InputInvalid } from "../input.js"
import type { Policy } from "../policy.js"
import { IdGenerator, PolicyRef, Store, type NotFound, type StoreError } from "../store.js"
import * as Supervision from "../supervision.js"
import type { Table } from "../table.js"
import { Note, Reason } from "../text.js"
import { Instant, LocalDate, addDays, localDateOf, startOfDay, ymd } from "../time.js"
import * as Volunteer from "../volunteer.js"
import { authorize, decided, input, loadOrganisation, mutation, now, type MutationContext } from "./context.js"

/** The failures every workflow of this module may have. @inline */
type Fails = InputInvalid | StoreError
/** The services every mutation of this module needs. @inline */
type Needs = Store | IdGenerator
type Org = Hierarchy.Organisation

// ---------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------

const periodCheck = Schema.makeFilter((p: { readonly from: string; readonly to: string }) =>
  p.from <= p.to || { path: ["to"], issue: "a period must not end before it starts" }
)

/** Fails with NotFound unless the unit exists in the loaded organisation. */
const requireUnit = (org: Org, unitId: UnitId): Effect.Effect<Hierarchy.Unit, NotFound | StoreError, Store> =>
  Effect.flatMap(Store, (store) => {
    const found = org.units.find((u) => u.id === unitId)
    return found === undefined ? store.units.get(unitId) : Effect.succeed(found)
  })

/** A date not after today, or a typed input error naming the field. */
const notInFuture = (operation: string, field: string, day: LocalDate, today: LocalDate) =>
  day <= today
    ? Effect.void
    : Effect.fail(
        new InputInvalid({ operation, field, reason: "must not be in the future", issues: [{ field, reason: "must not be in the future" }] })
      )

/**
 * Answers "is `unitId` the unit or an ancestor of `member` on `day`" with a cache, so that
 * bucketing many records by unit costs one ancestry walk per (unit, day).
 */
const membership = (org: Org) => {
  const cache = new Map<string, ReadonlyArray<UnitId>>()
  return (member: UnitId, day: LocalDate): ReadonlyArray<UnitId> => {
    const key = `${member}@${day}`
    let chain = cache.get(key)
    if (chain === undefined) {
      chain = Hierarchy.ancestry(org, member, day)
      cache.set(key, chain)
    }
    return chain
  }
}

/** Groups records under every unit they belong to (the unit of the record and its ancestors on the record's day). */
const bucket = <T>(
  items: ReadonlyArray<T>,
  chainOf: (member: UnitId, day: LocalDate) => ReadonlyArray<UnitId>,
  locate: (item: T) => readonly [UnitId, LocalDate] | undefined
): ReadonlyMap<UnitId, ReadonlyArray<T>> => {
  const out = new Map<UnitId, Array<T>>()
  for (const item of items) {
    const at = locate(item)
    if (at === undefined) continue
    for (const unitId of chainOf(at[0], at[1])) {
      const list = out.get(unitId)
      if (list === undefined) out.set(unitId, [item])
      else list.push(item)
    }
  }
  return out
}

const endDay = (a: Activity.Activity, policy: Policy): LocalDate => localDateOf(a.window.end, policy.timeZone)

const factOf = (a: Activity.Activity): Supervision.ActivityFact => ({
  id: a.id,
  organiserUnitId: a.organiserUnitId,
  status: a.status,
  ...(a.status === "ended" || a.status === "closed" ? { endedAt: a.window.end } : {}),
  recordFinalised: a.recordFinalised,
  hasSummary: (a.summary ?? "").trim().length > 0
})

/** Activities of a unit's subtree whose window ends on a local day of the period (membership on that day, H6). */
const activitiesOf = (org: Org, unitId: UnitId, from: LocalDate, to: LocalDate, policy: Policy) =>
  Effect.gen(function* () {
    const store = yield* Store
    const listed = yield* store.activities.list({ startBefore: startOfDay(addDays(to, 1), policy.timeZone) })
    const chainOf = membership(org)
    return listed.filter((a) => {
      const day = endDay(a, policy)
      return day >= from && day <= to && chainOf(a.organiserUnitId, day).includes(unitId)
    })
  })

// ---------------------------------------------------------------------------------------
// S1 — completeness
// ---------------------------------------------------------------------------------------

/**
 * Query of {@link completeness}: a unit, a period of local days and optionally the instant to
 * judge at (default: now from the Clock).
 *
 * @category inputs
 * @since 0.1.0
 */
export const CompletenessQuery = Schema.Struct({
  unitId: UnitId,
  from: LocalDate,
  to: LocalDate,
  asOf: Schema.optionalKey(Instant)
}).check(periodCheck)

/**
 * 有记录、有总结 — the record-and-summary completeness of a unit and its subtree over a period
 * (S1): activities ended in the period whose close-within time has passed, and how many of
 * them have a finalised record and a summary. A squad counts under the squadron it belonged
 * to on the activity's end day (H6).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Supervision.completeness({ unitId: "unit_3", from: "2026-01-01", to: "2026-12-31" })
 * // Effect<{ due, complete, incomplete, incompleteIds, rate }>
 * ```
 * @category queries
 * @since 0.1.0
 */
export const completeness = (
  query: typeof CompletenessQuery.Encoded
): Effect.Effect<Supervision.Completeness, Fails | NotFound, Store> =>
  Effect.gen(function* () {
    const q = yield* input(CompletenessQuery, "supervision.completeness")(query)
    const policy = yield* PolicyRef
    const asOf = q.asOf ?? (yield* now)
    const org = yield* loadOrganisation
    yield* requireUnit(org, q.unitId)
    const held = yield* activitiesOf(org, q.unitId, q.from, q.to, policy)
    return Supervision.completeness(held.map(factOf), {
      unitIds: [...new Set(held.map((a) => a.organiserUnitId))],
      from: q.from,
      to: q.to,
      asOf,
      policy
    })
  })

// ---------------------------------------------------------------------------------------
// S2 — spot checks
// ---------------------------------------------------------------------------------------

/**
 * Input of {@link drawSpotChecks}: the unit whose subtree is sampled, the period, the sample
 * size and the caller's seed.
 *
 * @category inputs
 * @since 0.1.0
 */
export const DrawSpotChecksInput = Schema.Struct({
  unitId: UnitId,
  from: LocalDate,
  to: LocalDate,
  size: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 10_000 })),
  seed: Schema.Int
}).check(periodCheck)

/**
 * A drawn spot-check sample (S2): what was sampled, from how many activities, with which
 * seed — enough for an auditor to redraw it.
 *
 * @category spot checks
 * @since 0.1.0
 */
export interface SpotCheckDraw {
  readonly unitId: UnitId
  readonly from: LocalDate
  readonly to: LocalDate
  readonly size: number
  readonly seed: number
  /** Number of activities sampled from. */
  readonly population: number
  readonly activityIds: ReadonlyArray<ActivityId>
}

/**
 * 日常抽查 — draws a reproducible sample of the (not cancelled) activities of a unit's subtree
 * ending in a period (S2), with the caller's seed; the same seed over the same activities
 * gives the same sample on every adapter. The draw is audited.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Supervision.drawSpotChecks("pinghu-civil-affairs-office", {
 *   unitId: "unit_3", from: "2026-01-01", to: "2026-03-31", size: 5, seed: 20260401
 * })
 * ```
 * @category mutations
 * @since 0.1.0
 */
export const drawSpotChecks = (
  actor: unknown,
  raw: unknown
): Effect.Effect<SpotCheckDraw, Fails | NotFound | Hierarchy.NotInJurisdiction, Needs> =>
  mutation("supervision.drawSpotChecks", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(DrawSpotChecksInput, "supervision.drawSpotChecks")(raw)
      const org = yield* loadOrganisation
      yield* requireUnit(org, i.unitId)
      yield* authorize(org, ctx.actorId, i.unitId, ctx.today, "supervision.drawSpotChecks")
      const held = (yield* activitiesOf(org, i.unitId, i.from, i.to, ctx.policy)).filter((a) => a.status !== "cancelled")
      const activityIds = Supervision.drawSample(held.map((a) => a.id), i.size, i.seed)
      return {
        value: { ...i, population: held.length, activityIds },
        targetKind: "unit",
        targetId: i.unitId
      }
    })
  )

/**
 * Input of {@link recordSpotCheck}: the activity checked, the finding, a note (required when
 * issues were found), the day of the check and the seed of the draw it came from.
 *
 * @category inputs
 * @since 0.1.0
 */
export const RecordSpotCheckInput = Schema.Struct({
  activityId: ActivityId,
  result: Supervision.SpotCheckResult,
  note: Schema.optionalKey(Note),
  checkedOn: LocalDate,
  seed: Schema.Int
}).check(
  Schema.makeFilter((c: { readonly result: string; readonly note?: string }) =>
    c.result === "pass" || (c.note ?? "").trim().length > 0 || { path: ["note"], issue: "must describe the issues found" }
  )
)

/**
 * Records the finding of a spot check of one activity (S2), keeping the seed of the draw.
 * The actor must cover the activity's organiser unit (H7); the day must not be in the future.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Supervision.recordSpotCheck("pinghu-civil-affairs-office", {
 *   activityId: "activity_12", result: "issuesFound", note: "签到表缺少签名", checkedOn: "2026-04-02", seed: 20260401
 * })
 * ```
 * @category mutations
 * @since 0.1.0
 */
export const recordSpotCheck = (
  actor: unknown,
  raw: unknown
): Effect.Effect<Supervision.SpotCheck, Fails | NotFound | Hierarchy.NotInJurisdiction, Needs> =>
  mutation("supervision.recordSpotCheck", actor, (ctx) =>
    Effect.gen(function* () {
      const operation = "supervision.recordSpotCheck"
      const i = yield* input(RecordSpotCheckInput, operation)(raw)
      yield* notInFuture(operation, "checkedOn", i.checkedOn, ctx.today)
      const activity = yield* ctx.store.activities.get(i.activityId)
      const org = yield* loadOrganisation
      yield* authorize(org, ctx.actorId, activity.organiserUnitId, ctx.today, operation)
      const check: Supervision.SpotCheck = {
        id: (yield* ctx.newId("spotCheck")) as SupervisionId,
        activityId: activity.id,
        unitId: activity.organiserUnitId,
        checkedOn: i.checkedOn,
        checkedBy: ctx.actorId,
        seed: i.seed,
        result: i.result,
        note: i.note ?? ""
      }
      yield* ctx.store.supervision.insertSpotCheck(check)
      return { value: check, targetKind: "spotCheck", targetId: check.id }
    })
  )

/**
 * The recorded spot checks of a unit's subtree (S2), optionally within a period of check days.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Supervision.spotChecks({ unitId: "unit_3", from: "2026-01-01", to: "2026-12-31" })
 * ```
 * @category queries
 * @since 0.1.0
 */
export const spotChecks = (query: {
  readonly unitId: string
  readonly from?: string
  readonly to?: string
}): Effect.Effect<ReadonlyArray<Supervision.SpotCheck>, Fails | NotFound, Store> =>
  Effect.gen(function* () {
    const q = yield* input(OptionalPeriodQuery, "supervision.spotChecks")(query)
    const store = yield* Store
    const org = yield* loadOrganisation
    yield* requireUnit(org, q.unitId)
    const chainOf = membership(org)
    const checks = yield* store.supervision.spotChecks()
    return checks.filter((c) => inPeriod(c.checkedOn, q) && chainOf(c.unitId, c.checkedOn).includes(q.unitId))
  })

const OptionalPeriodQuery = Schema.Struct({
  unitId: UnitId,
  from: Schema.optionalKey(LocalDate),
  to: Schema.optionalKey(LocalDate)
})

const inPeriod = (day: LocalDate, p: { readonly from?: LocalDate; readonly to?: LocalDate }): boolean =>
  (p.from === undefined || day >= p.from) && (p.to === undefined || day <= p.to)

// ---------------------------------------------------------------------------------------
// S3 — residents' opinions
// ---------------------------------------------------------------------------------------

/**
 * Input of {@link recordOpinion}: the activity or unit concerned, a rating 1–5, an optional
 * comment and the day the opinion was received.
 *
 * @category inputs
 * @since 0.1.0
 */
export const RecordOpinionInput = Schema.Struct({
  target: Supervision.OpinionTarget,
  rating: Supervision.Rating,
  comment: Schema.optionalKey(Note),
  receivedOn: LocalDate
})

/** The unit an opinion is about: the unit itself, or the organiser of the activity. */
const unitConcerned = (org: Org, target: Supervision.OpinionTarget) =>
  Effect.gen(function* () {
    if (target.kind === "unit") return (yield* requireUnit(org, target.unitId)).id
    const store = yield* Store
    return (yield* store.activities.get(target.activityId)).organiserUnitId
  })

/**
 * 征求居民意见 — records a resident's opinion of an activity or a unit (S3). The actor is the
 * brigade office or a leader whose jurisdiction covers the unit concerned (H7); the day must
 * not be in the future.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Supervision.recordOpinion("leader-dh-01", {
 *   target: { kind: "unit", unitId: "unit_12" }, rating: 5, comment: "巡逻很及时", receivedOn: "2026-04-02"
 * })
 * ```
 * @category mutations
 * @since 0.1.0
 */
export const recordOpinion = (
  actor: unknown,
  raw: unknown
): Effect.Effect<Supervision.Opinion, Fails | NotFound | Hierarchy.NotInJurisdiction, Needs> =>
  mutation("supervision.recordOpinion", actor, (ctx) =>
    Effect.gen(function* () {
      const operation = "supervision.recordOpinion"
      const i = yield* input(RecordOpinionInput, operation)(raw)
      yield* notInFuture(operation, "receivedOn", i.receivedOn, ctx.today)
      const org = yield* loadOrganisation
      const unitId = yield* unitConcerned(org, i.target)
      yield* authorize(org, ctx.actorId, unitId, ctx.today, operation)
      const opinion: Supervision.Opinion = { id: (yield* ctx.newId("opinion")) as SupervisionId, ...i }
      yield* ctx.store.supervision.insertOpinion(opinion)
      return { value: opinion, targetKind: "opinion", targetId: opinion.id }
    })
  )

/**
 * The mean rating and number of residents' opinions about one activity or one unit (S3),
 * optionally within a period of days received; `average` is absent without opinions.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Supervision.averageRating({ target: { kind: "unit", unitId: "unit_12" } })
 * // Effect<{ count: 3, average: 4.33… }>
 * ```
 * @category queries
 * @since 0.1.0
 */
export const averageRating = (query: {
  readonly target: typeof Supervision.OpinionTarget.Encoded
  readonly from?: string
  readonly to?: string
}): Effect.Effect<{ readonly count: number; readonly average?: number }, Fails, Store> =>
  Effect.gen(function* () {
    const q = yield* input(RatingQuery, "supervision.averageRating")(query)
    const store = yield* Store
    const about = (yield* store.supervision.opinions).filter(
      (o) => Supervision.isAbout(o, q.target) && inPeriod(o.receivedOn, q)
    )
    const average = Supervision.averageRating(about)
    return average === undefined ? { count: 0 } : { count: about.length, average }
  })

const RatingQuery = Schema.Struct({
  target: Supervision.OpinionTarget,
  from: Schema.optionalKey(LocalDate),
  to: Schema.optionalKey(LocalDate)
})

// ---------------------------------------------------------------------------------------
// S4, S5 — the year's facts per unit
// ---------------------------------------------------------------------------------------

/** Everything the evaluation and the five-star table need about one unit and one year. */
interface UnitYear {
  readonly unit: Hierarchy.Unit
  readonly indicators: Supervision.Indicators
  readonly facts: Supervision.CommunityFacts
}

const COUNTED_STATUSES: ReadonlyArray<Volunteer.VolunteerStatus> = ["active", "suspended"]

/**
 * Gathers the year's records once and computes every squad's and squadron's indicators.
 * Membership: volunteers by their squad on 31 December; activities by their organiser on
 * their end day; spot checks and opinions by their unit on their day (H6).
 */
const gatherYear = (year: number, asOfOption: Instant | undefined) =>
  Effect.gen(function* () {
    const store = yield* Store
    const policy = yield* PolicyRef
    const asOf = asOfOption ?? (yield* now)
    const org = yield* loadOrganisation
    const zone = policy.timeZone
    const from = ymd(year, 1, 1)
    const to = ymd(year, 12, 31)
    const yearStart = startOfDay(from, zone)
    const yearEnd = startOfDay(ymd(year + 1, 1, 1), zone)
    const [activities, hours, volunteers, violations, checks, opinions] = yield* Effect.all([
      store.activities.list({ startBefore: yearEnd }),
      store.hours.list({ serviceFrom: yearStart, serviceBefore: yearEnd }),
      store.volunteers.list(),
      store.discipline.allViolations,
      store.supervision.spotChecks(),
      store.supervision.opinions
    ])
    const chainOf = membership(org)
    const activityById = new Map(activities.map((a) => [a.id, a] as const))
    const counted = volunteers.filter((v) => COUNTED_STATUSES.includes(v.status) && v.registeredOn <= to)
    const totals = Hours.annualTotals(hours, year, zone)
    const target = new Map(
      counted.map((v) => [
        v.id,
        Hours.evaluateTarget({ annualMinutes: totals.get(v.id) ?? 0, registeredOn: v.registeredOn, year, policy }).kind
      ] as const)
    )
    const violationCount = new Map<VolunteerId, number>()
    for (const r of violations) {
      if (r.violation.on < from || r.violation.on > to) continue
      violationCount.set(r.violation.volunteerId, (violationCount.get(r.violation.volunteerId) ?? 0) + 1)
    }
    const held = activities.filter((a) => {
      const day = endDay(a, policy)
      return day >= from && day <= to
    })
    const activitiesBy = bucket(held, chainOf, (a) => [a.organiserUnitId, endDay(a, policy)])
    const volunteersBy = bucket(counted, chainOf, (v) => {
      const squad = Volunteer.squadOn(v, to)
      return squad === undefined ? undefined : [squad, to]
    })
    const checksBy = bucket(
      checks.filter((c) => c.checkedOn >= from && c.checkedOn <= to),
      chainOf,
      (c) => [c.unitId, c.checkedOn]
    )
    const opinionsBy = bucket(
      opinions.filter((o) => o.receivedOn >= from && o.receivedOn <= to),
      chainOf,
      (o) => {
        if (o.target.kind === "unit") return [o.target.unitId, o.receivedOn]
        const a = activityById.get(o.target.activityId)
        return a === undefined ? undefined : [a.organiserUnitId, endDay(a, policy)]
      }
    )
    const units = org.units.filter(
      (u) => (u.level === "squad" || u.level === "squadron") && u.establishedOn <= to && (u.dissolvedOn ?? to) >= from
    )
    return units.map((unit): UnitYear => {
      const acts = activitiesBy.get(unit.id) ?? []
      const vols = volunteersBy.get(unit.id) ?? []
      const unitChecks = checksBy.get(unit.id) ?? []
      const rating = Supervision.averageRating(opinionsBy.get(unit.id) ?? [])
      const passRate = Supervision.spotCheckPassRate(unitChecks)
      const c = Supervision.completeness(acts.map(factOf), {
        unitIds: [...new Set(acts.map((a) => a.organiserUnitId))],
        from,
        to,
        asOf,
        policy
      })
      const minutes = Math.max(0, vols.reduce((sum, v) => sum + (totals.get(v.id) ?? 0), 0))
      const evaluated = vols.filter((v) => target.get(v.id) !== "notEvaluated").length
      const met = vols.filter((v) => target.get(v.id) === "met").length
      const targetShare = evaluated === 0 ? 0 : met / evaluated
      const n = vols.length
      const indicators: Supervision.Indicators = {
        unitId: unit.id,
        completenessRate: c.rate,
        minutesPerVolunteer: n === 0 ? 0 : minutes / n,
        targetShare,
        disciplineRate: n === 0 ? 0 : vols.reduce((sum, v) => sum + (violationCount.get(v.id) ?? 0), 0) / n,
        ...(passRate === undefined ? {} : { spotCheckPassRate: passRate }),
        ...(rating === undefined ? {} : { averageRating: rating })
      }
      const facts: Supervision.CommunityFacts = {
        unitId: unit.id,
        communityName: unit.name,
        volunteersRegistered: n,
        activitiesHeld: acts.filter((a) => a.status === "ended" || a.status === "closed").length,
        completenessRate: c.rate,
        serviceMinutes: minutes,
        targetShare,
        ...(rating === undefined ? {} : { averageRating: rating }),
        spotChecksPassed: unitChecks.filter((x) => x.result === "pass").length,
        spotChecksHeld: unitChecks.length
      }
      return { unit, indicators, facts }
    })
  })

// ---------------------------------------------------------------------------------------
// S4 — annual evaluation
// ---------------------------------------------------------------------------------------

const Weight = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))

/**
 * Options of {@link annualEvaluation}: weights overriding `policy.evaluationWeights` (any
 * subset), commendation criteria (default: the best 20 % of each level reaching 0.6) and the
 * instant completeness is judged at (default: now).
 *
 * @category inputs
 * @since 0.1.0
 */
export const EvaluationOptions = Schema.Struct({
  weights: Schema.optionalKey(
    Schema.Struct({
      completeness: Schema.optionalKey(Weight),
      hoursPerVolunteer: Schema.optionalKey(Weight),
      targetAttainment: Schema.optionalKey(Weight),
      discipline: Schema.optionalKey(Weight),
      spotChecks: Schema.optionalKey(Weight),
      residentRating: Schema.optionalKey(Weight)
    })
  ),
  commendation: Schema.optionalKey(
    Schema.Struct({
      topShare: Schema.optionalKey(Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 }))),
      minScore: Schema.optionalKey(Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 })))
    })
  ),
  asOf: Schema.optionalKey(Instant)
})

/**
 * Default commendation criteria (S4): at most the best fifth of the units of a level, and only
 * those scoring at least 0.6.
 *
 * @category evaluation
 * @since 0.1.0
 */
export const defaultCommendation = { topShare: 0.2, minScore: 0.6 } as const

/**
 * A ranked scorecard with the unit's name (S4).
 *
 * @category evaluation
 * @since 0.1.0
 */
export type RankedUnit = Supervision.Ranked & { readonly name: string }

/**
 * The ranking and commendation candidates of one level (squads or squadrons) (S4).
 *
 * @category evaluation
 * @since 0.1.0
 */
export interface LevelEvaluation {
  readonly ranking: ReadonlyArray<RankedUnit>
  readonly candidates: ReadonlyArray<RankedUnit>
}

/**
 * 年度评比 — the result of the annual evaluation (S4): the weights used, and the squads' and
 * squadrons' rankings and commendation candidates.
 *
 * @category evaluation
 * @since 0.1.0
 */
export interface Evaluation {
  readonly year: number
  readonly weights: Policy["evaluationWeights"]
  readonly squads: LevelEvaluation
  readonly squadrons: LevelEvaluation
}

/**
 * 年度评比 — the annual evaluation (S4): a scorecard per squad and per squadron from the
 * year's completeness (S1), minutes per volunteer and T7 target share (from the hour ledger and
 * the volunteers on the roll on 31 December — active or suspended), violations per volunteer
 * (D4), spot-check pass rate (S2) and average residents' rating (S3); ranked per level with
 * `Supervision.rank` and filtered into commendation candidates. Weights come from the policy
 * in force (`PolicyRef`) and may be overridden per call.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Supervision.annualEvaluation(2026, { weights: { residentRating: 0.3 } })
 * // Effect<{ squads: { ranking, candidates }, squadrons: { ranking, candidates } }>
 * ```
 * @category queries
 * @since 0.1.0
 */
export const annualEvaluation = (
  year: number,
  options: typeof EvaluationOptions.Encoded = {}
): Effect.Effect<Evaluation, Fails, Store> =>
  Effect.gen(function* () {
    const y = yield* input(Funds.BudgetYear, "supervision.annualEvaluation")(year)
    const o = yield* input(EvaluationOptions, "supervision.annualEvaluation")(options)
    const policy = yield* PolicyRef
    const weights = { ...policy.evaluationWeights, ...o.weights }
    const scoring = { ...policy, evaluationWeights: weights }
    const criteria = { ...defaultCommendation, ...o.commendation }
    const units = yield* gatherYear(y, o.asOf)
    const level = (l: Hierarchy.UnitLevel): LevelEvaluation => {
      const names = new Map<string, string>()
      const cards = units
        .filter((u) => u.unit.level === l)
        .map((u) => {
          names.set(u.unit.id, u.unit.name)
          return Supervision.scorecard(u.indicators, scoring)
        })
      const named = (r: Supervision.Ranked): RankedUnit => ({ ...r, name: names.get(r.unitId) ?? r.unitId })
      const ranked = Supervision.rank(cards)
      return { ranking: ranked.map(named), candidates: Supervision.commendationCandidates(ranked, criteria).map(named) }
    }
    return { year: y, weights, squads: level("squad"), squadrons: level("squadron") }
  })

// ---------------------------------------------------------------------------------------
// S5 — five-star community indicators
// ---------------------------------------------------------------------------------------

/**
 * 嘉兴市“五星级”和谐示范社区 — the year's volunteer indicators per community (squad) for the
 * five-star harmonious community assessment (S5), as a `Table` that `volunteer-brigade/csv`
 * (`toCsv`) and `volunteer-brigade/xlsx` export with zh-CN headers. Rows follow the squads'
 * order in the store.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Workflows } from "volunteer-brigade"
 * import { toCsv } from "volunteer-brigade/csv"
 * const csv = Workflows.Supervision.fiveStarIndicators(2026).pipe(Effect.map((table) => toCsv(table)))
 * ```
 * @category queries
 * @since 0.1.0
 */
export const fiveStarIndicators = (year: number, options: { readonly asOf?: number } = {}): Effect.Effect<Table, Fails, Store> =>
  Effect.gen(function* () {
    const y = yield* input(Funds.BudgetYear, "supervision.fiveStarIndicators")(year)
    const { asOf } = yield* input(FiveStarOptions, "supervision.fiveStarIndicators")(options)
    const units = yield* gatherYear(y, asOf)
    return Supervision.fiveStarIndicators(
      units.filter((u) => u.unit.level === "squad").map((u) => u.facts),
      { year: y }
    )
  })

const FiveStarOptions = Schema.Struct({ asOf: Schema.optionalKey(Instant) })

// ---------------------------------------------------------------------------------------
// F1–F3 — funds
// ---------------------------------------------------------------------------------------

/** The squadron a ledger names, or FundSquadronInvalid (F1). */
const squadronOf = (org: Org, unitId: UnitId): Effect.Effect<Hierarchy.Unit, Funds.FundSquadronInvalid> => {
  const unit = org.units.find((u) => u.id === unitId)
  if (unit === undefined) return Effect.fail(new Funds.FundSquadronInvalid({ unitId, reason: "notFound" }))
  if (unit.level !== "squadron") return Effect.fail(new Funds.FundSquadronInvalid({ unitId, reason: "notSquadron" }))
  return Effect.succeed(unit)
}

/** Loads the organisation and checks that the unit is a squadron the actor covers (F1, H7). */
const squadronInScope = (ctx: MutationContext, squadronId: UnitId, operation: string) =>
  Effect.gen(function* () {
    const org = yield* loadOrganisation
    yield* squadronOf(org, squadronId)
    yield* authorize(org, ctx.actorId, squadronId, ctx.today, operation)
    return org
  })

/** Appends a decided ledger entry and names it for the audit (F3: the ledger only grows). */
const appended = (ctx: MutationContext, entry: Funds.FundEntry) =>
  Effect.as(ctx.store.funds.append(entry), { value: entry, targetKind: "fundEntry", targetId: entry.id })

const recording = (ctx: { readonly now: Instant; readonly actorId: Funds.Recording["recordedBy"] }, id: string, note?: string) => ({
  id: id as FundEntryId,
  recordedAt: ctx.now,
  recordedBy: ctx.actorId,
  ...(note === undefined ? {} : { note })
})

/**
 * Input of {@link allocate}: the squadron, the budget year, the amount in fen and a note.
 *
 * @category inputs
 * @since 0.1.0
 */
export const AllocateInput = Schema.Struct({
  squadronId: UnitId,
  year: Funds.BudgetYear,
  amountFen: Schema.Finite,
  note: Schema.optionalKey(Note)
})

/**
 * 拨款 — records an allocation to a squadron's funds for a year (F1). The actor's jurisdiction
 * must cover the squadron (H7, `NotInJurisdiction`) and the duties must be separated (F4,
 * `FundDutiesNotSeparated`): the allocation comes from above the squadron — the brigade office
 * or captain — never from that squadron's own officers, who spend it. Amounts are whole fen
 * (`FundAmountInvalid` otherwise).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Supervision.allocate("office-1", {
 *   squadronId: "unit_3", year: 2026, amountFen: 2_000_000, note: "街道年度拨款"
 * })
 * ```
 * @category funds
 * @since 0.1.0
 */
export const allocate = (
  actor: unknown,
  raw: unknown
): Effect.Effect<
  Funds.FundEntry,
  Fails | Funds.FundSquadronInvalid | Funds.FundAmountInvalid | Funds.FundDutiesNotSeparated | Hierarchy.NotInJurisdiction,
  Needs
> =>
  mutation("funds.allocate", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(AllocateInput, "funds.allocate")(raw)
      const org = yield* squadronInScope(ctx, i.squadronId, "funds.allocate")
      yield* decided(Funds.checkAllocator(org, ctx.actorId, i.squadronId, ctx.today))
      const entry = yield* decided(
        Funds.decideAllocation({
          squadronId: i.squadronId,
          year: i.year,
          amountFen: i.amountFen,
          ...recording(ctx, yield* ctx.newId("fund"), i.note)
        })
      )
      return yield* appended(ctx, entry)
    })
  )

/**
 * Input of {@link spend}: the squadron, the budget year, the amount in fen, the purpose (an
 * activity or an allowed category) and a note.
 *
 * @category inputs
 * @since 0.1.0
 */
export const SpendInput = Schema.Struct({ ...AllocateInput.fields, purpose: Funds.FundPurpose })

/**
 * 支出 — records an expense from a squadron's funds (F2, F3). The purpose must be an activity
 * organised in the squadron's subtree (on the activity's start day, H6) or a category the
 * policy allows (`FundPurposeInvalid` otherwise), and the amount must not exceed what is left
 * of the year's allocations (`FundsInsufficient`) — read and written in one transaction, so
 * concurrent expenses never overspend on any adapter.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Supervision.spend("captain-dh", {
 *   squadronId: "unit_3", year: 2026, amountFen: 48_000, purpose: { kind: "category", category: "insurance" }
 * })
 * ```
 * @category funds
 * @since 0.1.0
 */
export const spend = (
  actor: unknown,
  raw: unknown
): Effect.Effect<
  Funds.FundEntry,
  | Fails
  | Funds.FundSquadronInvalid
  | Funds.FundAmountInvalid
  | Funds.FundPurposeInvalid
  | Funds.FundsInsufficient
  | Hierarchy.NotInJurisdiction,
  Needs
> =>
  mutation("funds.spend", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(SpendInput, "funds.spend")(raw)
      const org = yield* squadronInScope(ctx, i.squadronId, "funds.spend")
      let owner: UnitId | undefined
      if (i.purpose.kind === "activity") {
        const activity = yield* ctx.store.activities
          .get(i.purpose.activityId)
          .pipe(Effect.catchTag("NotFound", () => Effect.succeed(undefined)))
        owner =
          activity === undefined
            ? undefined
            : Hierarchy.squadronOn(org, activity.organiserUnitId, localDateOf(activity.window.start, ctx.policy.timeZone))
      }
      // F3: the balance is the squadron-year account's — decided under its lock
      yield* ctx.store.lock({ kind: "fundAccount", squadronId: i.squadronId, year: i.year })
      const entries = yield* ctx.store.funds.list({ squadronId: i.squadronId, year: i.year })
      const entry = yield* decided(
        Funds.decideExpense({
          entries,
          squadronId: i.squadronId,
          year: i.year,
          amountFen: i.amountFen,
          purpose: i.purpose,
          activityOwner: () => owner,
          policy: ctx.policy,
          ...recording(ctx, yield* ctx.newId("fund"), i.note)
        })
      )
      return yield* appended(ctx, entry)
    })
  )

const ReverseInput = Schema.Struct({ entryId: FundEntryId, note: Reason })

/**
 * 冲正 — reverses a ledger entry by appending a new entry of the same amount that names it
 * (F3); nothing is changed or deleted. An entry is reversed once, a reversal is never
 * reversed, and an allocation only while the rest still covers the expenses. The note (why)
 * is required; the actor's jurisdiction must cover the entry's squadron (H7).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Supervision.reverse("captain-dh", "fund_000042", "重复录入")
 * ```
 * @category funds
 * @since 0.1.0
 */
export const reverse = (
  actor: unknown,
  entryId: unknown,
  note: unknown
): Effect.Effect<Funds.FundEntry, Fails | Funds.ReversalInvalid | Hierarchy.NotInJurisdiction, Needs> =>
  mutation("funds.reverse", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(ReverseInput, "funds.reverse")({ entryId, note })
      const target = (yield* ctx.store.funds.list()).find((e) => e.id === i.entryId)
      if (target === undefined) return yield* new Funds.ReversalInvalid({ entryId: i.entryId, reason: "notFound" })
      const org = yield* loadOrganisation
      yield* authorize(org, ctx.actorId, target.squadronId, ctx.today, "funds.reverse")
      yield* ctx.store.lock({ kind: "fundAccount", squadronId: target.squadronId, year: target.year })
      const entries = yield* ctx.store.funds.list({ squadronId: target.squadronId, year: target.year })
      const entry = yield* decided(Funds.decideReversal(entries, i.entryId, recording(ctx, yield* ctx.newId("fund"), i.note)))
      return yield* appended(ctx, entry)
    })
  )

const LedgerQuery = Schema.Struct({ squadronId: UnitId, year: Funds.BudgetYear })

/**
 * The ledger of a squadron for a budget year (F1): every allocation, expense and reversal,
 * oldest first (by recording time, then id).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Supervision.ledger("unit_3", 2026)
 * ```
 * @category funds
 * @since 0.1.0
 */
export const ledger = (squadronId: string, year: number): Effect.Effect<ReadonlyArray<Funds.FundEntry>, Fails, Store> =>
  Effect.gen(function* () {
    const q = yield* input(LedgerQuery, "funds.ledger")({ squadronId, year })
    const store = yield* Store
    const entries = yield* store.funds.list(q)
    return [...entries].sort((a, b) => a.recordedAt - b.recordedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  })

/**
 * The balance of a squadron's funds for a budget year (F1, F3): allocated, spent and
 * available fen, reversals applied.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Supervision.balance("unit_3", 2026) // Effect<{ allocatedFen, spentFen, availableFen }>
 * ```
 * @category funds
 * @since 0.1.0
 */
export const balance = (squadronId: string, year: number): Effect.Effect<Funds.Balance, Fails, Store> =>
  Effect.map(ledger(squadronId, year), (entries) => Funds.balance(entries, squadronId as UnitId, year))
