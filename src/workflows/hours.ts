/**
 * Service-hour workflows (T1–T10): crediting an activity's attendance into the append-only
 * ledger, make-up entries and corrections, totals and replay, local-year totals, the annual
 * target, stars, reports rolled up the organisation tree, and service-record certificates
 * (issue, revoke, verify). Mutations decode their input, check jurisdiction (H7) on the
 * recording unit, decide with the pure rules in `hours.ts` and `certificate.ts`, save and
 * audit in one transaction. Reports are computed by the store (GROUP BY in SQL).
 *
 * @module
 */
import { Effect, Schema } from "effect"
import * as Certificate from "../certificate.js"
import * as Hierarchy from "../hierarchy.js"
import * as Hours from "../hours.js"
import { ActivityId, ActorId, CertificateId, HourEntryId, UnitId, VolunteerId } from "../ids.js"
import type { InputInvalid } from "../input.js"
import type { Policy } from "../policy.js"
import { IdGenerator, PolicyRef, Store, type HourTotal, type NotFound, type StoreError } from "../store.js"
import { Mobile, Name, Note, OfficePhone } from "../text.js"
import { addDays, Instant, LocalDate, localDateOf, startOfDay, ymd, yearOf } from "../time.js"
import * as Volunteer from "../volunteer.js"
import { authorize, decided, input, loadOrganisation, mutation, today } from "./context.js"

/** The failures every workflow of this module may have. @inline */
type Fails = InputInvalid | StoreError
/** The services every mutation of this module needs. @inline */
type Needs = Store | IdGenerator

// ---------------------------------------------------------------------------------------
// Crediting and the ledger (T1–T5)
// ---------------------------------------------------------------------------------------

/**
 * Credits an activity's attendance into the ledger (T1–T3): for every volunteer assigned to
 * the activity, the check-in/check-out events are classified (D1, `Attendance.classify`; an
 * approved leave excuses but attended time still counts) and credited with `Hours.credit`
 * — time inside the window, overlaps once, whole minutes rounded down to the policy's
 * granularity, nothing below the policy's minimum share. Each volunteer with credit gets one
 * "attendance" entry recorded by the activity's organiser (A1, T9), for the squad the
 * volunteer belonged to on the service date (V6), with the evidence level of the events (a
 * leader's attestation is weaker than a check-in, T4) and the activity title as content.
 *
 * The activity must have ended (or closed) with its record finalised (A3); the actor needs
 * jurisdiction over the organiser (H7). Idempotent: volunteers who already have an entry for
 * the activity (attendance or make-up) are skipped, so a second call appends nothing, and
 * duplicated events change no credit. Time the volunteer's other entries already count (a
 * make-up of an overlapping activity) is not credited again (T2, `Hours.uncountedMinutes`):
 * the credit is cut to the uncounted rest, and a volunteer with none left gets no entry.
 * Returns the appended entries.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.creditActivity("leader-dh-1", "activity_000012")
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const creditActivity = (
  actor: unknown,
  activityId: unknown
): Effect.Effect<
  ReadonlyArray<Hours.HourEntry>,
  Fails | NotFound | Hierarchy.NotInJurisdiction | Hours.ActivityNotCreditable,
  Needs
> =>
  mutation("hours.creditActivity", actor, (ctx) =>
    Effect.gen(function* () {
      const id = yield* input(ActivityId, "hours.creditActivity")(activityId)
      const activity = yield* ctx.store.activities.get(id)
      yield* authorize(yield* loadOrganisation, ctx.actorId, activity.organiserUnitId, ctx.today, "hours.creditActivity")
      yield* decided(Hours.creditable(activity))
      const [assignments, records, leaves, existing] = yield* Effect.all([
        ctx.store.assignments.listByActivity(id),
        ctx.store.attendance.listByActivity(id),
        ctx.store.leave.listByActivity(id),
        ctx.store.hours.list({ activityId: id })
      ])
      const done = new Set<string>(existing.filter((e) => e.kind !== "correction").map((e) => e.volunteerId))
      const serviceDate = localDateOf(activity.window.start, ctx.policy.timeZone)
      const entries: Array<Hours.HourEntry> = []
      for (const volunteerId of new Set(assignments.map((a) => a.volunteerId))) {
        if (done.has(volunteerId)) continue
        const credited = Hours.creditAttendance({
          window: activity.window,
          events: records.filter((r) => r.volunteerId === volunteerId).map((r) => r.event),
          leave: leaves.find((l) => l.volunteerId === volunteerId && l.status === "approved") ??
            leaves.find((l) => l.volunteerId === volunteerId),
          policy: ctx.policy
        })
        if (credited.service === null) continue
        // T2 across entry kinds: time already counted for the volunteer (a make-up of an
        // overlapping activity, say) is not credited again; only the uncounted rest is.
        const uncounted = Hours.uncountedMinutes(yield* ctx.store.hours.list({ volunteerId }), volunteerId, credited.service)
        const minutes = Math.min(credited.minutes, uncounted - (uncounted % ctx.policy.creditGranularityMinutes))
        if (minutes <= 0) continue
        const volunteer = yield* ctx.store.volunteers.get(volunteerId)
        entries.push({
          id: (yield* ctx.newId("hours")) as HourEntryId,
          volunteerId,
          activityId: id,
          recordingUnitId: activity.organiserUnitId,
          squadId: Volunteer.squadOn(volunteer, serviceDate) ?? volunteer.squadId,
          serviceStart: credited.service.start,
          serviceEnd: credited.service.end,
          minutes: minutes as Hours.HourEntry["minutes"],
          kind: "attendance",
          evidence: credited.evidence,
          recordedAt: ctx.now,
          recordedBy: ctx.actorId,
          content: activity.title.slice(0, 200)
        })
      }
      if (entries.length > 0) yield* ctx.store.hours.appendMany(entries)
      return { value: entries, targetKind: "activity", targetId: id }
    })
  )

/**
 * Input of {@link recordMakeUp}. Reason and approver are optional here so that their absence
 * is the rule's typed refusal (`MakeUpInvalid`), not an input error.
 *
 * @category inputs
 * @since 0.1.0
 */
export const MakeUpInput = Schema.Struct({
  volunteerId: VolunteerId,
  activityId: ActivityId,
  minutes: Schema.Number,
  reason: Schema.optionalKey(Note),
  approvedBy: Schema.optionalKey(ActorId),
  content: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(200)))
})
/** @category inputs @since 0.1.0 */
export type MakeUpInput = typeof MakeUpInput.Type

/**
 * Records a make-up entry (补录, T4) for a volunteer who served at an ended activity without
 * a check-in: a reason and an approver are required, the approver must have jurisdiction
 * over the organiser (H7) like the actor, the evidence level is the weakest, and the
 * volunteer's total for the activity never exceeds its scheduled duration. A make-up that
 * would count time already recorded for the volunteer at an overlapping activity is refused
 * (`MakeUpInvalid`, problem `overlapsRecordedService`, T2) with the minutes still allowed.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.recordMakeUp("leader-dh-1", {
 *   volunteerId: "volunteer_000004", activityId: "activity_000012", minutes: 120,
 *   reason: "签到设备故障", approvedBy: "captain-dh"
 * })
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const recordMakeUp = (
  actor: unknown,
  raw: unknown
): Effect.Effect<
  Hours.HourEntry,
  Fails | NotFound | Hierarchy.NotInJurisdiction | Hours.ActivityNotCreditable | Hours.MakeUpInvalid,
  Needs
> =>
  mutation("hours.recordMakeUp", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(MakeUpInput, "hours.recordMakeUp")(raw)
      const activity = yield* ctx.store.activities.get(i.activityId)
      const org = yield* loadOrganisation
      yield* authorize(org, ctx.actorId, activity.organiserUnitId, ctx.today, "hours.recordMakeUp")
      if (i.approvedBy !== undefined) {
        yield* authorize(org, i.approvedBy, activity.organiserUnitId, ctx.today, "hours.approveMakeUp")
      }
      yield* decided(Hours.creditable(activity, { finalised: false }))
      const volunteer = yield* ctx.store.volunteers.get(i.volunteerId)
      const entry = yield* decided(
        Hours.makeUp({
          id: (yield* ctx.newId("hours")) as HourEntryId,
          volunteerId: volunteer.id,
          squadId: Volunteer.squadOn(volunteer, localDateOf(activity.window.start, ctx.policy.timeZone)) ?? volunteer.squadId,
          activity: { id: activity.id, organiserUnitId: activity.organiserUnitId, ...activity.window },
          minutes: i.minutes,
          reason: i.reason,
          approvedBy: i.approvedBy,
          recordedAt: ctx.now,
          recordedBy: ctx.actorId,
          existing: yield* ctx.store.hours.list({ volunteerId: volunteer.id }),
          content: i.content ?? activity.title.slice(0, 200)
        })
      )
      yield* ctx.store.hours.append(entry)
      return { value: entry, targetKind: "hourEntry", targetId: entry.id }
    })
  )

/**
 * Input of {@link correct}: the entry, its new value in minutes and the reason.
 *
 * @category inputs
 * @since 0.1.0
 */
export const CorrectInput = Schema.Struct({ entryId: HourEntryId, minutes: Schema.Number, reason: Note })
/** @category inputs @since 0.1.0 */
export type CorrectInput = typeof CorrectInput.Type

/**
 * Corrects an entry (更正, T5) by appending a correction entry whose minutes are the change
 * to the new value; nothing is updated or deleted. The actor needs jurisdiction over the
 * recording unit (H7).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.correct("leader-dh-1", {
 *   entryId: "hours_000031", minutes: 150, reason: "签退时间登记有误"
 * })
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const correct = (
  actor: unknown,
  raw: unknown
): Effect.Effect<Hours.HourEntry, Fails | NotFound | Hierarchy.NotInJurisdiction | Hours.CorrectionInvalid, Needs> =>
  mutation("hours.correct", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(CorrectInput, "hours.correct")(raw)
      const original = yield* ctx.store.hours.get(i.entryId)
      yield* authorize(yield* loadOrganisation, ctx.actorId, original.recordingUnitId, ctx.today, "hours.correct")
      const ledger = yield* ctx.store.hours.list({ volunteerId: original.volunteerId })
      const id = (yield* ctx.newId("hours")) as HourEntryId
      const correction = yield* decided(Hours.correct(original, i.minutes, i.reason, ctx.actorId, ctx.now, id, ledger))
      yield* ctx.store.hours.append(correction)
      return { value: correction, targetKind: "hourEntry", targetId: correction.id }
    })
  )

/**
 * The ledger entries of a volunteer, oldest id first (T5).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.entriesOf("volunteer_000004")
 * ```
 * @category queries
 * @since 0.1.0
 */
export const entriesOf = (volunteerId: unknown): Effect.Effect<ReadonlyArray<Hours.HourEntry>, Fails, Store> =>
  Effect.gen(function* () {
    const id = yield* input(VolunteerId, "hours.entriesOf")(volunteerId)
    return yield* (yield* Store).hours.list({ volunteerId: id })
  })

/**
 * A volunteer's total minutes (T5): the sum of their entries, corrections included; with
 * `asOf`, the ledger replayed to that instant (entries recorded at or before it).
 *
 * @example
 * ```ts
 * import { Workflows, Time } from "volunteer-brigade"
 * const now = Workflows.Hours.volunteerTotal("volunteer_000004")
 * const then = Workflows.Hours.volunteerTotal("volunteer_000004", { asOf: Time.instant("2026-06-30T23:59:59+08:00") })
 * ```
 * @category queries
 * @since 0.1.0
 */
export const volunteerTotal = (volunteerId: unknown, options?: unknown): Effect.Effect<number, Fails, Store> =>
  Effect.gen(function* () {
    const o = yield* input(TotalOptions, "hours.volunteerTotal")(options === undefined ? {} : options)
    const entries = yield* entriesOf(volunteerId)
    return o.asOf === undefined ? Hours.total(entries) : Hours.totalAsOf(entries, o.asOf)
  })

const TotalOptions = Schema.Struct({ asOf: Schema.optionalKey(Instant) })

// ---------------------------------------------------------------------------------------
// Years, targets and stars (T6–T8)
// ---------------------------------------------------------------------------------------

const Year = Schema.Int.check(Schema.isBetween({ minimum: 1900, maximum: 2199 }))

const yearPeriod = (year: number, policy: Policy) => ({
  from: startOfDay(ymd(year, 1, 1), policy.timeZone),
  to: startOfDay(ymd(year + 1, 1, 1), policy.timeZone)
})

/**
 * Minutes per volunteer in one local calendar year (T6): service across local midnight of
 * 31 December is split between the years (C1), corrections netted with their originals.
 * Computed by the store.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.annualTotals(2026)
 * ```
 * @category queries
 * @since 0.1.0
 */
export const annualTotals = (year: unknown): Effect.Effect<ReadonlyArray<HourTotal>, Fails, Store> =>
  Effect.gen(function* () {
    const y = yield* input(Year, "hours.annualTotals")(year)
    return yield* (yield* Store).hours.totalsByVolunteer(yearPeriod(y, yield* PolicyRef))
  })

/**
 * Evaluates a volunteer's annual target for a year (T7): met, short by N minutes, or not
 * evaluated (registered for less than half of the year).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.evaluateTarget("volunteer_000004", 2026) // { kind: "short", shortBy: 880 }
 * ```
 * @category queries
 * @since 0.1.0
 */
export const evaluateTarget = (
  volunteerId: unknown,
  year: unknown
): Effect.Effect<Hours.TargetResult, Fails | NotFound, Store> =>
  Effect.gen(function* () {
    const id = yield* input(VolunteerId, "hours.evaluateTarget")(volunteerId)
    const y = yield* input(Year, "hours.evaluateTarget")(year)
    const policy = yield* PolicyRef
    const store = yield* Store
    const volunteer = yield* store.volunteers.get(id)
    const entries = yield* store.hours.list({ volunteerId: id })
    return Hours.evaluateTarget({
      annualMinutes: Hours.annualTotals(entries, y, policy.timeZone).get(id) ?? 0,
      registeredOn: volunteer.registeredOn,
      year: y,
      policy
    })
  })

/**
 * One volunteer's annual-target evaluation (T7) with where they served: the squad on the last
 * day of the year (V6) and its squadron then (H6).
 *
 * @category queries
 * @since 0.1.0
 */
export interface TargetRow {
  readonly volunteerId: VolunteerId
  readonly volunteerNumber: string
  readonly squadId: UnitId
  readonly squadronId: UnitId | undefined
  readonly minutes: number
  readonly result: Hours.TargetResult
}

/** Volunteers in service (active or suspended) are the ones evaluated against the target. */
const inService = (v: Volunteer.Individual) => v.status === "active" || v.status === "suspended"

const targetRows = (operation: string, year: unknown, unitId: unknown) =>
  Effect.gen(function* () {
    const y = yield* input(Year, operation)(year)
    const unit = unitId === undefined ? undefined : yield* input(UnitId, operation)(unitId)
    const policy = yield* PolicyRef
    const store = yield* Store
    const org = yield* loadOrganisation
    const lastDay = ymd(y, 12, 31)
    const within = unit === undefined ? undefined : new Set<string>(Hierarchy.subtree(org, unit, lastDay))
    const totals = new Map((yield* store.hours.totalsByVolunteer(yearPeriod(y, policy))).map((r) => [r.key, r.minutes]))
    const rows: Array<TargetRow> = []
    for (const v of yield* store.volunteers.list()) {
      if (!inService(v) || v.registeredOn > lastDay) continue
      const squadId = Volunteer.squadOn(v, lastDay) ?? v.squadId
      if (within !== undefined && !within.has(squadId)) continue
      const minutes = totals.get(v.id) ?? 0
      rows.push({
        volunteerId: v.id,
        volunteerNumber: v.volunteerNumber,
        squadId,
        squadronId: Hierarchy.squadronOn(org, squadId, lastDay),
        minutes,
        result: Hours.evaluateTarget({ annualMinutes: minutes, registeredOn: v.registeredOn, year: y, policy })
      })
    }
    return rows
  })

/**
 * The annual target of every volunteer in service (T7), optionally only those whose squad
 * (on 31 December) is in a unit's subtree; the population of {@link shortfalls} and
 * {@link targetShare}.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.targetResults(2026, "unit_000003")
 * ```
 * @category queries
 * @since 0.1.0
 */
export const targetResults = (
  year: unknown,
  unitId?: unknown
): Effect.Effect<ReadonlyArray<TargetRow>, Fails, Store> => targetRows("hours.targetResults", year, unitId)

/**
 * Volunteers short of the annual target (T7), with the minutes they are short by, optionally
 * within a unit's subtree; ordered by squadron, squad and volunteer.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.shortfalls(2026)
 * ```
 * @category queries
 * @since 0.1.0
 */
export const shortfalls = (
  year: unknown,
  unitId?: unknown
): Effect.Effect<ReadonlyArray<TargetRow & { readonly shortBy: number }>, Fails, Store> =>
  Effect.map(targetRows("hours.shortfalls", year, unitId), (rows) =>
    rows
      .flatMap((r) => (r.result.kind === "short" ? [{ ...r, shortBy: r.result.shortBy }] : []))
      .sort((a, b) =>
        compareText(a.squadronId ?? "", b.squadronId ?? "") || compareText(a.squadId, b.squadId) || compareText(a.volunteerId, b.volunteerId)
      )
  )

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The share of volunteers meeting the annual target (T10, T7): among those evaluated (in
 * service, registered for at least half the year), how many met it; `share` is 0 when
 * nobody was evaluated.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.targetShare(2026) // { evaluated: 120, met: 87, share: 0.725 }
 * ```
 * @category reports
 * @since 0.1.0
 */
export const targetShare = (
  year: unknown,
  unitId?: unknown
): Effect.Effect<{ readonly evaluated: number; readonly met: number; readonly share: number }, Fails, Store> =>
  Effect.map(targetRows("hours.targetShare", year, unitId), (rows) => {
    const evaluated = rows.filter((r) => r.result.kind !== "notEvaluated").length
    const met = rows.filter((r) => r.result.kind === "met").length
    return { evaluated, met, share: evaluated === 0 ? 0 : met / evaluated }
  })

/**
 * A volunteer's stars (T8) from cumulative minutes, with the policy's star table, which is
 * validated first (one to five strictly increasing thresholds).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.stars("volunteer_000004") // { minutes: 18000, stars: 2 } — 300 h is 2★ on the community table (T8)
 * ```
 * @category queries
 * @since 0.1.0
 */
export const stars = (
  volunteerId: unknown
): Effect.Effect<{ readonly minutes: number; readonly stars: number }, Fails | Hours.StarTableInvalid, Store> =>
  Effect.gen(function* () {
    const thresholds = yield* decided(Hours.validateThresholds((yield* PolicyRef).starThresholds))
    const minutes = yield* volunteerTotal(volunteerId)
    return { minutes, stars: Hours.stars(minutes, thresholds) }
  })

/**
 * How many volunteers in service hold each number of stars (T8), 0 to the table's length,
 * optionally within a unit's subtree (current squads). Cumulative totals come from the store.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.starCounts() // [{ stars: 0, volunteers: 40 }, { stars: 1, volunteers: 3 }, ...]
 * ```
 * @category reports
 * @since 0.1.0
 */
export const starCounts = (
  unitId?: unknown
): Effect.Effect<ReadonlyArray<{ readonly stars: number; readonly volunteers: number }>, Fails | Hours.StarTableInvalid, Store> =>
  Effect.gen(function* () {
    const unit = unitId === undefined ? undefined : yield* input(UnitId, "hours.starCounts")(unitId)
    const thresholds = yield* decided(Hours.validateThresholds((yield* PolicyRef).starThresholds))
    const store = yield* Store
    const on = yield* today
    const within = unit === undefined ? undefined : new Set<string>(Hierarchy.subtree(yield* loadOrganisation, unit, on))
    const totals = new Map((yield* store.hours.totalsByVolunteer(allTime)).map((r) => [r.key, r.minutes]))
    const counts = thresholds.map(() => 0).concat(0)
    for (const v of yield* store.volunteers.list()) {
      if (!inService(v) || (within !== undefined && !within.has(v.squadId))) continue
      const n = Hours.stars(totals.get(v.id) ?? 0, thresholds)
      counts[n] = (counts[n] ?? 0) + 1
    }
    return counts.map((volunteers, n) => ({ stars: n, volunteers }))
  })

/** Every instant a ledger entry can have: cumulative totals are totals over all time. */
const allTime = { from: 0 as Instant, to: Number.MAX_SAFE_INTEGER as Instant }

// ---------------------------------------------------------------------------------------
// Reports (T10)
// ---------------------------------------------------------------------------------------

/**
 * A report period: the local dates `[from, to]`, both inclusive (C1).
 *
 * @category inputs
 * @since 0.1.0
 */
export const PeriodInput = Schema.Struct({ from: LocalDate, to: LocalDate })
/** @category inputs @since 0.1.0 */
export type PeriodInput = typeof PeriodInput.Type

const period = (operation: string, raw: unknown) =>
  Effect.gen(function* () {
    const p = yield* input(PeriodInput, operation)(raw)
    if (p.from > p.to) return yield* Effect.fail(new Hours.ReportPeriodInvalid({ from: p.from, to: p.to }))
    const zone = (yield* PolicyRef).timeZone
    return { ...p, instants: { from: startOfDay(p.from, zone), to: startOfDay(addDays(p.to, 1), zone) } }
  })

/**
 * Minutes per volunteer served in a period of local dates (T10), computed by the store;
 * equal to `Hours.report(entries, { groupBy: "volunteer" })`.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.hoursByVolunteer({ from: "2026-01-01", to: "2026-03-31" })
 * ```
 * @category reports
 * @since 0.1.0
 */
export const hoursByVolunteer = (
  raw: unknown
): Effect.Effect<ReadonlyArray<HourTotal>, Fails | Hours.ReportPeriodInvalid, Store> =>
  Effect.gen(function* () {
    const p = yield* period("hours.hoursByVolunteer", raw)
    return yield* (yield* Store).hours.totalsByVolunteer(p.instants)
  })

/**
 * One unit's row of an hours report (T10): its minutes in the period, its own squad's plus its
 * children's (H8).
 *
 * @category reports
 * @since 0.1.0
 */
export interface UnitHours {
  readonly unitId: UnitId
  readonly level: Hierarchy.UnitLevel
  readonly name: string
  readonly minutes: number
}

/**
 * Minutes per squad, squadron and brigade in a period of local dates (T10). Squad totals come
 * from the store (each entry counts for the volunteer's squad at service time); squadrons and
 * the brigade are rolled up over the organisation tree as it stands on the period's last day
 * (H8), so the brigade's total equals the sum of every squad's and moving a squad never
 * changes it. Rows come brigade first, then by level and name.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.hoursByUnit({ from: "2026-01-01", to: "2026-12-31" })
 * ```
 * @category reports
 * @since 0.1.0
 */
export const hoursByUnit = (
  raw: unknown
): Effect.Effect<ReadonlyArray<UnitHours>, Fails | Hours.ReportPeriodInvalid, Store> =>
  Effect.gen(function* () {
    const p = yield* period("hours.hoursByUnit", raw)
    const store = yield* Store
    const squads = yield* store.hours.totalsBySquad(p.instants)
    const org = yield* loadOrganisation
    const totals = Hierarchy.rollUp(org, new Map(squads.map((r) => [r.key, r.minutes])), p.to)
    const rank: Readonly<Record<Hierarchy.UnitLevel, number>> = { brigade: 0, squadron: 1, squad: 2 }
    return org.units
      .filter((u) => u.establishedOn <= p.to)
      .map((u) => ({ unitId: u.id, level: u.level, name: u.name, minutes: totals.get(u.id) ?? 0 }))
      .sort((a, b) => rank[a.level] - rank[b.level] || a.name.localeCompare(b.name, "zh-CN"))
  })

// ---------------------------------------------------------------------------------------
// Certificates (T9)
// ---------------------------------------------------------------------------------------

/**
 * Input of {@link issueCertificate}: the volunteer, the period of local dates and the issuer
 * (unit, person in charge, handler, contact).
 *
 * @category inputs
 * @since 0.1.0
 */
export const IssueCertificateInput = Schema.Struct({
  volunteerId: VolunteerId,
  from: LocalDate,
  to: LocalDate,
  issuer: Schema.Struct({
    unitId: UnitId,
    personInCharge: Name,
    handler: Name,
    contact: Schema.Union([Mobile, OfficePhone])
  })
})
/** @category inputs @since 0.1.0 */
export type IssueCertificateInput = typeof IssueCertificateInput.Type

const dissolvedUnits = (org: Hierarchy.Organisation, on: LocalDate): ReadonlyArray<Certificate.DissolvedUnit> =>
  org.units.flatMap((u) => {
    if (u.dissolvedOn === undefined || u.dissolvedOn > on) return []
    const parentId = Hierarchy.parentOn(u, u.dissolvedOn)
    return [parentId === undefined ? { unitId: u.id } : { unitId: u.id, parentId }]
  })

/**
 * Issues a service-record certificate (志愿服务记录证明, T9). Only the unit that recorded the
 * hours issues it (谁记录谁证明), or the nearest superior of a dissolved recorder; the actor
 * needs jurisdiction over the issuing unit (H7). The total is the issuer's entries for the
 * volunteer in the period (never typed in); the identity number is masked (V7). The serial
 * is `<unit code without hyphens>-<year>-<NNNNNN>`, the next in that unit and year, unique
 * across the store even under concurrent issuance (the store's unique serial backs it).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.issueCertificate("leader-dh-1", {
 *   volunteerId: "volunteer_000004", from: "2026-01-01", to: "2026-06-30",
 *   issuer: { unitId: "unit_000012", personInCharge: "王丽", handler: "李强", contact: "0573-85030727" }
 * })
 * ```
 * @category certificates
 * @since 0.1.0
 */
export const issueCertificate = (
  actor: unknown,
  raw: unknown
): Effect.Effect<
  Certificate.Certificate,
  | Fails
  | NotFound
  | Hierarchy.NotInJurisdiction
  | Certificate.CertificatePeriodInvalid
  | Certificate.CertificateIssuerInvalid
  | Certificate.CertificateWithoutHours
  | Certificate.CertificateSerialInvalid,
  Needs
> =>
  mutation("hours.issueCertificate", actor, (ctx) =>
    Effect.gen(function* () {
      const i = yield* input(IssueCertificateInput, "hours.issueCertificate")(raw)
      const org = yield* loadOrganisation
      yield* authorize(org, ctx.actorId, i.issuer.unitId, ctx.today, "hours.issueCertificate")
      const unit = yield* ctx.store.units.get(i.issuer.unitId)
      if (unit.dissolvedOn !== undefined && unit.dissolvedOn <= ctx.today) {
        return yield* Effect.fail(new Certificate.CertificateIssuerInvalid({ issuerUnitId: unit.id }))
      }
      const volunteer = yield* ctx.store.volunteers.get(i.volunteerId)
      const entries = yield* ctx.store.hours.list({ volunteerId: volunteer.id })
      const code = unit.code.replaceAll("-", "")
      const year = yearOf(ctx.today)
      const prefix = `${code}-${year}-`
      // T9: serials are consecutive per issuer and year — the next one is decided under the lock
      yield* ctx.store.lock({ kind: "certificateSerial", prefix })
      const issued = yield* ctx.store.certificates.serialsWithPrefix(prefix)
      const certificate = yield* decided(
        Certificate.build({
          id: (yield* ctx.newId("certificate")) as CertificateId,
          serial: yield* decided(Certificate.nextSerial(issued, code, year)),
          volunteer: {
            volunteerId: volunteer.id,
            name: volunteer.name,
            document: volunteer.document,
            volunteerNumber: volunteer.volunteerNumber
          },
          issuer: { ...i.issuer, unitName: unit.name },
          period: { from: i.from, to: i.to },
          entries,
          dissolved: dissolvedUnits(org, ctx.today),
          issuedAt: ctx.now,
          zone: ctx.policy.timeZone
        })
      )
      yield* ctx.store.certificates.insert(certificate)
      return { value: certificate, targetKind: "certificate", targetId: certificate.id }
    })
  )

/**
 * Revokes a certificate with a reason (T9); nothing else about it changes. The actor needs
 * jurisdiction over the issuing unit, or over its superior when it has been dissolved (H7).
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.revokeCertificate("leader-dh-1", "certificate_000040", "服务时长登记有误")
 * ```
 * @category certificates
 * @since 0.1.0
 */
export const revokeCertificate = (
  actor: unknown,
  certificateId: unknown,
  reason: unknown
): Effect.Effect<
  Certificate.Certificate,
  | Fails
  | NotFound
  | Hierarchy.NotInJurisdiction
  | Certificate.CertificateAlreadyRevoked
  | Certificate.CertificateRevocationInvalid,
  Needs
> =>
  mutation("hours.revokeCertificate", actor, (ctx) =>
    Effect.gen(function* () {
      const id = yield* input(CertificateId, "hours.revokeCertificate")(certificateId)
      const why = yield* input(Note, "hours.revokeCertificate")(reason)
      const cert = yield* ctx.store.certificates.get(id)
      const org = yield* loadOrganisation
      const responsible = Certificate.responsibleIssuer(cert.issuer.unitId, dissolvedUnits(org, ctx.today)) ?? cert.issuer.unitId
      yield* authorize(org, ctx.actorId, responsible, ctx.today, "hours.revokeCertificate")
      const revoked = yield* decided(Certificate.revoke(cert, why, ctx.actorId, ctx.now))
      yield* ctx.store.certificates.update(revoked)
      return { value: revoked, targetKind: "certificate", targetId: revoked.id }
    })
  )

/**
 * Verifies a certificate by its serial number (T9) — public, no actor: "unknown", or the
 * status ("valid" / "revoked") with the certificate, which holds only masked personal data.
 * A serial that is not text (or longer than 64 characters) is `InputInvalid`.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.verifyCertificate("PHDH01-2026-000001")
 * ```
 * @category certificates
 * @since 0.1.0
 */
export const verifyCertificate = (serial: unknown): Effect.Effect<Certificate.Verification, Fails, Store> =>
  Effect.gen(function* () {
    const s = yield* input(SerialText, "hours.verifyCertificate")(serial)
    // a text that cannot be a serial is unknown without a look-up
    if (!Schema.is(Certificate.Serial)(s)) return Certificate.verify(undefined, s)
    const found = yield* (yield* Store).certificates.findBySerial(s)
    return Certificate.verify(found, s)
  })

/** What {@link verifyCertificate} accepts: a text of at most 64 characters (longer is never a serial). */
const SerialText = Schema.String.check(Schema.isMaxLength(64))

/**
 * The certificates issued to a volunteer (T9), oldest id first.
 *
 * @example
 * ```ts
 * import { Workflows } from "volunteer-brigade"
 * const program = Workflows.Hours.certificatesOf("volunteer_000004")
 * ```
 * @category certificates
 * @since 0.1.0
 */
export const certificatesOf = (
  volunteerId: unknown
): Effect.Effect<ReadonlyArray<Certificate.Certificate>, Fails, Store> =>
  Effect.gen(function* () {
    const id = yield* input(VolunteerId, "hours.certificatesOf")(volunteerId)
    return yield* (yield* Store).certificates.list({ volunteerId: id })
  })
