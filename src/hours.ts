/**
 * 服务时长 — service hours: crediting attended time, the append-only hour ledger, local-year
 * totals, the annual target, stars and period reports.
 *
 * Owns rules **T1** (credit is actual time inside the window, excluding travel, whole minutes
 * rounded down to the policy granularity), **T2** (overlaps count once), **T3** (minimum
 * attendance share), **T4** (make-up entries), **T5** (append-only ledger with corrections and
 * replay), **T6** (local calendar years, splitting service across 31 December), **T7** (annual
 * target), **T8** (stars) and **T10** (reports). Certificates (T9) live in `certificate.ts`.
 *
 * Attribution of an entry's minutes to a time span (a year, a report period) uses *cumulative
 * floor* attribution: the minutes credited up to instant `t` are
 * `floor(minutes × elapsed(t) / duration)`, and a span `[a, b)` receives the difference between
 * its ends. Parts of any partition therefore add up to the entry exactly (the differences
 * telescope), the arithmetic is integer-only (a SQL adapter can do the same with `bigint`
 * division), and a zero-length entry belongs wholly to the span containing its start. A
 * correction is attributed together with the entry it corrects (their net value is split once),
 * so a corrected entry splits exactly like an entry that had the new value from the start.
 *
 * @module
 */
import { Result, Schema } from "effect"
import type { Activity } from "./activity.js"
import { classify, type AttendanceEvent, type Outcome } from "./attendance.js"
import { ActivityId, ActorId, HourEntryId, UnitId, VolunteerId } from "./ids.js"
import type { Policy } from "./policy.js"
import { Reason } from "./text.js"
import {
  addDays,
  daysBetween,
  daysInMonth,
  Instant,
  type Interval,
  isLeapYear,
  type LocalDate,
  localDateOf,
  MINUTE,
  type Minutes,
  startOfDay,
  type TimeZone,
  ymd,
  yearOf
} from "./time.js"

// ---------------------------------------------------------------------------------------------
// Crediting (T1–T3)
// ---------------------------------------------------------------------------------------------

/**
 * One attended span of a volunteer: from check-in to check-out, or a travel leg when `travel`
 * is true (T1). A span whose end is before its start is empty.
 *
 * @category crediting
 * @since 0.1.0
 */
export const AttendedInterval = Schema.Struct({
  start: Instant,
  end: Instant,
  travel: Schema.optionalKey(Schema.Boolean)
})

/** @category crediting @since 0.1.0 */
export type AttendedInterval = typeof AttendedInterval.Type

/** An interval of epoch milliseconds, end exclusive. @inline */
type Span = { readonly start: number; readonly end: number }

/** Sorted, disjoint union of half-open spans; empty or inverted spans vanish (T2). */
const union = (spans: ReadonlyArray<Span>): ReadonlyArray<Span> => {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end)
  const merged: Array<{ start: number; end: number }> = []
  for (const s of sorted) {
    const last = merged[merged.length - 1]
    if (last !== undefined && s.start <= last.end) last.end = Math.max(last.end, s.end)
    else merged.push({ start: s.start, end: s.end })
  }
  return merged
}

const measure = (spans: ReadonlyArray<Span>): number => spans.reduce((sum, s) => sum + (s.end - s.start), 0)

/** Measure of the intersection of two sorted disjoint unions. */
const overlapMeasure = (a: ReadonlyArray<Span>, b: ReadonlyArray<Span>): number => {
  let i = 0
  let j = 0
  let sum = 0
  while (i < a.length && j < b.length) {
    const x = a[i]!
    const y = b[j]!
    sum += Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start))
    if (x.end < y.end) i++
    else j++
  }
  return sum
}

/**
 * Whole minutes covered by the union of some intervals, rounded down: overlapping or repeated
 * intervals count once (T2); inverted intervals count nothing.
 *
 * @example
 * ```ts
 * import { Hours, Time } from "volunteer-brigade"
 * Hours.unionMinutes([
 *   { start: Time.instant("2026-03-05T09:00:00+08:00"), end: Time.instant("2026-03-05T11:00:00+08:00") },
 *   { start: Time.instant("2026-03-05T10:00:00+08:00"), end: Time.instant("2026-03-05T12:00:00+08:00") }
 * ]) // => 180
 * ```
 * @category crediting
 * @since 0.1.0
 */
export const unionMinutes = (intervals: ReadonlyArray<Span>): Minutes =>
  Math.floor(measure(union(intervals)) / MINUTE) as Minutes

/**
 * The credit for one volunteer at one activity: minutes credited and the attended share of
 * the window (0–1, before rounding).
 *
 * @category crediting
 * @since 0.1.0
 */
export interface Credit {
  readonly minutes: Minutes
  readonly share: number
}

/**
 * Credits attended time for one volunteer at one activity (T1, T2, T3).
 *
 * The credited time is the union of the non-travel spans clipped to the activity window, minus
 * any time covered by a travel span (T1, T2); it is counted in whole minutes rounded down, then
 * down to a multiple of `policy.creditGranularityMinutes` (T1). When the attended share of the
 * window is below `policy.minimumAttendanceShare` nothing is credited (T3). A zero-length
 * window credits nothing.
 *
 * @example
 * ```ts
 * import { Hours, Policy, Time } from "volunteer-brigade"
 * const at = (hhmm: string) => Time.instant(`2026-03-05T${hhmm}:00+08:00`)
 * Hours.credit({
 *   window: { start: at("09:00"), end: at("12:00") },
 *   attended: [
 *     { start: at("08:30"), end: at("12:00") },
 *     { start: at("09:00"), end: at("09:20"), travel: true }
 *   ],
 *   policy: Policy.defaults
 * }) // { minutes: 160, share: 0.888… }
 * ```
 * @category crediting
 * @since 0.1.0
 */
export const credit = (input: {
  readonly window: Interval
  readonly attended: ReadonlyArray<AttendedInterval>
  readonly policy: Pick<Policy, "creditGranularityMinutes" | "minimumAttendanceShare">
}): Credit => {
  const { window, attended, policy } = input
  const windowMs = Math.max(0, window.end - window.start)
  const clip = (s: Span): Span => ({ start: Math.max(s.start, window.start), end: Math.min(s.end, window.end) })
  const present = union(attended.filter((a) => a.travel !== true).map(clip))
  const travel = union(attended.filter((a) => a.travel === true).map(clip))
  const creditedMs = measure(present) - overlapMeasure(present, travel)
  const share = windowMs === 0 ? 0 : creditedMs / windowMs
  const whole = Math.floor(creditedMs / MINUTE)
  const granular = whole - (whole % policy.creditGranularityMinutes)
  return { minutes: (share < policy.minimumAttendanceShare ? 0 : granular) as Minutes, share }
}

/**
 * The attended sessions of a volunteer from check-in and check-out events (T1, T2): each
 * check-in opens a session that the next check-out closes; a check-in while a session is open
 * and a check-out with none open extend nothing new, except that a later check-out moves the
 * end of the last session (a corrected check-out). A check-in never closed yields nothing
 * (staying is not proven, D1). Duplicated or reordered events give the same sessions. Events
 * carry no travel legs, so none are produced.
 *
 * @example
 * ```ts
 * import { Hours } from "volunteer-brigade"
 * declare const events: ReadonlyArray<import("volunteer-brigade").Attendance.AttendanceEvent>
 * Hours.attendedSessions(events) // [{ start, end }, ...]
 * ```
 * @category crediting
 * @since 0.1.0
 */
export const attendedSessions = (events: ReadonlyArray<AttendanceEvent>): ReadonlyArray<AttendedInterval> => {
  const sorted = [...events].sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === "checkIn" ? -1 : 1))
  const sessions: Array<{ start: Instant; end: Instant }> = []
  let open: Instant | undefined
  for (const e of sorted) {
    if (e.kind === "checkIn") {
      open ??= e.at
    } else if (open !== undefined) {
      sessions.push({ start: open, end: e.at })
      open = undefined
    } else {
      const last = sessions[sessions.length - 1]
      if (last !== undefined && e.at > last.end) last.end = e.at
    }
  }
  return sessions
}

/**
 * The evidence level of credited attendance (T4): a leader's attestation when any event rests
 * on one, otherwise a check-in (code or QR scan).
 *
 * @example
 * ```ts
 * import { Hours } from "volunteer-brigade"
 * Hours.evidenceOfEvents([]) // => "checkIn"
 * ```
 * @category crediting
 * @since 0.1.0
 */
export const evidenceOfEvents = (events: ReadonlyArray<Pick<AttendanceEvent, "evidence">>): Evidence =>
  events.some((e) => e.evidence === "leaderAttestation") ? "leaderAttestation" : "checkIn"

/**
 * Credit for one volunteer's attendance at an activity (D1, T1–T3): the D1 outcome from
 * `Attendance.classify`, the credited minutes of the attended sessions ({@link credit}), the
 * evidence level and the service span (the attended part of the window; `null` when nothing
 * was attended).
 *
 * @category crediting
 * @since 0.1.0
 */
export interface AttendanceCredit {
  readonly outcome: Outcome
  readonly minutes: Minutes
  readonly share: number
  readonly evidence: Evidence
  readonly service: { readonly start: Instant; readonly end: Instant } | null
}

/**
 * Credits one volunteer's attendance at an activity (D1, T1–T3): classifies the events with
 * `Attendance.classify` (approved leave excuses but attended time still counts), pairs them
 * into sessions ({@link attendedSessions}) and credits the sessions inside the window with the
 * policy's granularity and minimum share ({@link credit}).
 *
 * @example
 * ```ts
 * import { Hours, Policy, Time } from "volunteer-brigade"
 * const at = (hhmm: string) => Time.instant(`2026-03-05T${hhmm}:00+08:00`)
 * Hours.creditAttendance({
 *   window: { start: at("09:00"), end: at("12:00") },
 *   events: [
 *     { assignmentId: "as-1" as never, kind: "checkIn", at: at("09:10"), evidence: "qrScan" },
 *     { assignmentId: "as-1" as never, kind: "checkOut", at: at("12:05"), evidence: "qrScan" }
 *   ],
 *   policy: Policy.defaults
 * }) // { outcome: "late", minutes: 170, evidence: "checkIn", ... }
 * ```
 * @category crediting
 * @since 0.1.0
 */
export const creditAttendance = (input: {
  readonly window: Interval
  readonly events: ReadonlyArray<AttendanceEvent>
  readonly leave?: { readonly status: "approved" | "rejected" | "pending" } | undefined
  readonly policy: Pick<Policy, "graceMinutes" | "creditGranularityMinutes" | "minimumAttendanceShare">
}): AttendanceCredit => {
  const { window, events, policy } = input
  const classification = classify({ window, events, leave: input.leave, policy })
  const credited = classification.attended === null ? { minutes: 0 as Minutes, share: 0 } : credit({ window, attended: attendedSessions(events), policy })
  return {
    outcome: classification.outcome,
    minutes: credited.minutes,
    share: credited.share,
    evidence: evidenceOfEvents(events),
    service: credited.minutes > 0 ? classification.attended : null
  }
}

/**
 * An activity's attendance cannot be credited yet, or a make-up entry cannot be recorded for
 * it (T1, T4): crediting needs the record finalised (A3, 有记录) on an ended or closed
 * activity; a make-up needs the activity ended or closed.
 *
 * @category errors
 * @since 0.1.0
 */
export class ActivityNotCreditable extends Schema.TaggedError<ActivityNotCreditable>()("ActivityNotCreditable", {
  activityId: ActivityId,
  status: Schema.String,
  recordFinalised: Schema.Boolean
}) {}

/**
 * Whether an activity's attendance may be credited (T1, A3): it has ended or closed and its
 * record is finalised — or, with `{ finalised: false }`, only that it has ended or closed (for
 * make-up entries, T4).
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Hours } from "volunteer-brigade"
 * declare const activity: import("volunteer-brigade").Activity.Activity
 * Result.isSuccess(Hours.creditable(activity))
 * ```
 * @category crediting
 * @since 0.1.0
 */
export const creditable = <A extends Pick<Activity, "id" | "status" | "recordFinalised">>(
  activity: A,
  options: { readonly finalised?: boolean } = {}
): Result.Result<A, ActivityNotCreditable> =>
  (activity.status === "ended" || activity.status === "closed") && (options.finalised === false || activity.recordFinalised)
    ? Result.succeed(activity)
    : Result.fail(new ActivityNotCreditable({ activityId: activity.id, status: activity.status, recordFinalised: activity.recordFinalised }))

// ---------------------------------------------------------------------------------------------
// Ledger (T4, T5)
// ---------------------------------------------------------------------------------------------

/**
 * Kind of a ledger entry: from attendance, a make-up entry (补录, T4) or a correction of an
 * earlier entry (T5).
 *
 * @category ledger
 * @since 0.1.0
 */
export const EntryKind = Schema.Literals(["attendance", "makeUp", "correction"])
/** @category ledger @since 0.1.0 */
export type EntryKind = typeof EntryKind.Type

/**
 * Evidence behind an entry, strongest first: a check-in, a leader's attestation, a make-up
 * entry (T4).
 *
 * @category ledger
 * @since 0.1.0
 */
export const Evidence = Schema.Literals(["checkIn", "leaderAttestation", "makeUp"])
/** @category ledger @since 0.1.0 */
export type Evidence = typeof Evidence.Type

/**
 * Strength of each evidence level; a make-up entry is always weaker than a check-in (T4).
 *
 * @example
 * ```ts
 * import { Hours } from "volunteer-brigade"
 * Hours.evidenceStrength.checkIn > Hours.evidenceStrength.makeUp // => true
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const evidenceStrength: { readonly [K in Evidence]: number } = { checkIn: 3, leaderAttestation: 2, makeUp: 1 }

/**
 * Orders evidence levels by strength: positive when `a` is stronger than `b` (T4).
 *
 * @example
 * ```ts
 * import { Hours } from "volunteer-brigade"
 * Hours.compareEvidence("leaderAttestation", "makeUp") > 0 // => true
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const compareEvidence = (a: Evidence, b: Evidence): number => evidenceStrength[a] - evidenceStrength[b]

/**
 * zh-CN labels for entry kinds and evidence levels.
 *
 * @example
 * ```ts
 * import { Hours } from "volunteer-brigade"
 * Hours.labelsZh.makeUp // => "补录"
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const labelsZh: { readonly [K in EntryKind | Evidence]: string } = {
  attendance: "签到记录",
  makeUp: "补录",
  correction: "更正",
  checkIn: "签到签退",
  leaderAttestation: "负责人证明"
}

const hourEntryFields = {
  id: HourEntryId,
  volunteerId: VolunteerId,
  activityId: Schema.optionalKey(ActivityId),
  /** The unit that recorded the hours: the activity's organiser (A1, T9). */
  recordingUnitId: UnitId,
  /** The volunteer's squad at service time (V6), for squad reports (T10). */
  squadId: UnitId,
  serviceStart: Instant,
  serviceEnd: Instant,
  /** Negative only in a correction (T5). */
  minutes: Schema.Int,
  kind: EntryKind,
  evidence: Evidence,
  corrects: Schema.optionalKey(HourEntryId),
  reason: Schema.optionalKey(Reason),
  approvedBy: Schema.optionalKey(ActorId),
  recordedAt: Instant,
  recordedBy: ActorId,
  /** Service content, e.g. the activity title or category, shown on certificates (T9). */
  content: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(200)))
}

type HourEntryShape = Schema.Struct<typeof hourEntryFields>["Type"]

const entryProblem = (e: HourEntryShape): string | true => {
  if (e.serviceEnd < e.serviceStart) return "service ends before it starts"
  if (e.kind !== "correction" && e.minutes < 0) return "only a correction may carry negative minutes (T5)"
  if (e.kind !== "correction" && e.corrects !== undefined) return "only a correction references another entry (T5)"
  if (e.kind === "correction" && (e.corrects === undefined || e.reason === undefined))
    return "a correction references the entry it corrects and gives a reason (T5)"
  if (e.kind === "makeUp" && (e.evidence !== "makeUp" || e.reason === undefined || e.approvedBy === undefined))
    return "a make-up entry has make-up evidence, a reason and an approver (T4)"
  if (e.kind === "attendance" && e.evidence === "makeUp") return "an attendance entry cannot rest on make-up evidence (T4)"
  return true
}

/**
 * 服务时长记录 — one entry of the append-only service-hour ledger (T5). Entries are never
 * changed or deleted; a correction is a new entry whose `minutes` is the change and whose
 * `corrects` names the original.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Hours } from "volunteer-brigade"
 * const entry = Schema.decodeUnknownSync(Hours.HourEntry)({
 *   id: "h-1", volunteerId: "v-1", activityId: "a-1", recordingUnitId: "u-squad", squadId: "u-squad",
 *   serviceStart: 1772672400000, serviceEnd: 1772683200000, minutes: 180,
 *   kind: "attendance", evidence: "checkIn", recordedAt: 1772683200000, recordedBy: "leader-1"
 * })
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const HourEntry = Schema.Struct(hourEntryFields).check(Schema.makeFilter(entryProblem))
/** @category ledger @since 0.1.0 */
export type HourEntry = typeof HourEntry.Type

/**
 * A make-up entry was refused (T4, T2): reason or approver missing, minutes not a positive
 * integer, the volunteer's total for the activity would exceed its scheduled duration
 * (`exceedsScheduledDuration`), or the window overlaps service already recorded for the
 * volunteer so that some time would count twice (`overlapsRecordedService`).
 * `allowedMinutes` is the most that could still be recorded.
 *
 * @category errors
 * @since 0.1.0
 */
export class MakeUpInvalid extends Schema.TaggedError<MakeUpInvalid>()("MakeUpInvalid", {
  volunteerId: VolunteerId,
  activityId: ActivityId,
  problem: Schema.Literals(["reasonMissing", "approverMissing", "minutesInvalid", "exceedsScheduledDuration", "overlapsRecordedService"]),
  requestedMinutes: Schema.Number,
  allowedMinutes: Schema.Int
}) {}

/**
 * A correction was refused (T5, T2): the new value is not a non-negative integer, no reason,
 * it corrects a correction, it is recorded before the original, it changes nothing, or it
 * raises the entry beyond the time its service span leaves uncounted by the volunteer's
 * other entries (`overlapsRecordedService`, with `allowedMinutes`).
 *
 * @category errors
 * @since 0.1.0
 */
export class CorrectionInvalid extends Schema.TaggedError<CorrectionInvalid>()("CorrectionInvalid", {
  entryId: HourEntryId,
  problem: Schema.Literals(["negativeTotal", "minutesInvalid", "reasonMissing", "targetIsCorrection", "beforeOriginal", "noChange", "overlapsRecordedService"]),
  requestedMinutes: Schema.Number,
  allowedMinutes: Schema.optionalKey(Schema.Int)
}) {}

const isBlank = (s: string | undefined): s is undefined => s === undefined || s.trim().length === 0

const sumMinutes = (entries: ReadonlyArray<HourEntry>): number => entries.reduce((sum, e) => sum + e.minutes, 0)

/**
 * Records a make-up entry (补录, T4) for a volunteer who served at an activity without a
 * check-in. It needs a non-blank reason and an approver, carries the weakest evidence level,
 * covers the activity's window, and never lets the volunteer's total for the activity exceed
 * its scheduled duration (counting `existing` entries of that volunteer and activity,
 * corrections included). Nor may it count time twice (T2): its minutes never exceed
 * {@link uncountedMinutes} of the window against the volunteer's `existing` entries of any
 * activity — pass the volunteer's whole ledger so overlapping service elsewhere is seen.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Hours, Time } from "volunteer-brigade"
 * const r = Hours.makeUp({
 *   id: "h-9" as never, volunteerId: "v-1" as never, squadId: "u-squad" as never,
 *   activity: { id: "a-1" as never, organiserUnitId: "u-squad" as never,
 *     start: Time.instant("2026-03-05T09:00:00+08:00"), end: Time.instant("2026-03-05T12:00:00+08:00") },
 *   minutes: 180, reason: "签到设备故障", approvedBy: "captain-1" as never,
 *   recordedAt: Time.instant("2026-03-06T10:00:00+08:00"), recordedBy: "clerk-1" as never, existing: []
 * })
 * Result.isSuccess(r) // true
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const makeUp = (input: {
  readonly id: HourEntryId
  readonly volunteerId: VolunteerId
  readonly squadId: UnitId
  readonly activity: {
    readonly id: ActivityId
    readonly organiserUnitId: UnitId
    readonly start: Instant
    readonly end: Instant
  }
  readonly minutes: number
  readonly reason: string | undefined
  readonly approvedBy: ActorId | undefined
  readonly recordedAt: Instant
  readonly recordedBy: ActorId
  readonly existing: ReadonlyArray<HourEntry>
  readonly content?: string
}): Result.Result<HourEntry, MakeUpInvalid> => {
  const { activity, volunteerId } = input
  const scheduled = Math.max(0, Math.floor((activity.end - activity.start) / MINUTE))
  const already = sumMinutes(
    input.existing.filter((e) => e.volunteerId === volunteerId && e.activityId === activity.id)
  )
  const withinSchedule = Math.max(0, scheduled - already)
  const allowedMinutes = Math.min(withinSchedule, uncountedMinutes(input.existing, volunteerId, activity))
  const refuse = (problem: MakeUpInvalid["problem"]) =>
    Result.fail(new MakeUpInvalid({ volunteerId, activityId: activity.id, problem, requestedMinutes: input.minutes, allowedMinutes }))
  if (isBlank(input.reason)) return refuse("reasonMissing")
  if (input.approvedBy === undefined) return refuse("approverMissing")
  if (!Number.isSafeInteger(input.minutes) || input.minutes <= 0) return refuse("minutesInvalid")
  if (input.minutes > withinSchedule) return refuse("exceedsScheduledDuration")
  if (input.minutes > allowedMinutes) return refuse("overlapsRecordedService")
  return Result.succeed({
    id: input.id,
    volunteerId,
    activityId: activity.id,
    recordingUnitId: activity.organiserUnitId,
    squadId: input.squadId,
    serviceStart: activity.start,
    serviceEnd: activity.end,
    minutes: input.minutes,
    kind: "makeUp",
    evidence: "makeUp",
    reason: input.reason,
    approvedBy: input.approvedBy,
    recordedAt: input.recordedAt,
    recordedBy: input.recordedBy,
    ...(input.content === undefined ? {} : { content: input.content })
  })
}

/**
 * The current value of an entry: its own minutes plus every correction in `ledger` that
 * references it (T5).
 *
 * @example
 * ```ts
 * import { Hours } from "volunteer-brigade"
 * declare const original: Hours.HourEntry
 * declare const ledger: ReadonlyArray<Hours.HourEntry>
 * Hours.currentValue(original, ledger)
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const currentValue = (original: HourEntry, ledger: ReadonlyArray<HourEntry>): number =>
  original.minutes + sumMinutes(ledger.filter((e) => e.kind === "correction" && e.corrects === original.id))

/**
 * Corrects an entry (T5): returns a new "correction" entry whose minutes are the change from
 * the entry's current value (its minutes plus earlier corrections found in `ledger`) to
 * `newMinutes`, so the entry and its corrections net to `newMinutes`. The original is never
 * touched. The corrected value is never below zero, and a raised value never counts time twice
 * (T2): it stays within {@link uncountedMinutes} of the entry's service span against the
 * volunteer's other entries in `ledger` (lowering is always allowed).
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Hours, Time } from "volunteer-brigade"
 * declare const original: Hours.HourEntry // 180 minutes
 * const r = Hours.correct(original, 150, "签退时间登记有误", "captain-1" as never,
 *   Time.instant("2026-03-07T10:00:00+08:00"), "h-10" as never)
 * // Result.success: { kind: "correction", minutes: -30, corrects: original.id, ... }
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const correct = (
  original: HourEntry,
  newMinutes: number,
  reason: string,
  by: ActorId,
  at: Instant,
  id: HourEntryId,
  ledger: ReadonlyArray<HourEntry> = []
): Result.Result<HourEntry, CorrectionInvalid> => {
  const refuse = (problem: CorrectionInvalid["problem"]) =>
    Result.fail(new CorrectionInvalid({ entryId: original.id, problem, requestedMinutes: newMinutes }))
  if (original.kind === "correction") return refuse("targetIsCorrection")
  if (!Number.isSafeInteger(newMinutes)) return refuse("minutesInvalid")
  if (newMinutes < 0) return refuse("negativeTotal")
  if (isBlank(reason)) return refuse("reasonMissing")
  if (at < original.recordedAt) return refuse("beforeOriginal")
  const current = currentValue(original, ledger)
  const delta = newMinutes - current
  if (delta === 0) return refuse("noChange")
  if (delta > 0) {
    const allowedMinutes = uncountedMinutes(ledger, original.volunteerId, { start: original.serviceStart, end: original.serviceEnd }, { excluding: original.id })
    if (newMinutes > allowedMinutes) {
      return Result.fail(new CorrectionInvalid({ entryId: original.id, problem: "overlapsRecordedService", requestedMinutes: newMinutes, allowedMinutes }))
    }
  }
  const { approvedBy: _approvedBy, reason: _reason, ...kept } = original
  return Result.succeed({ ...kept, id, minutes: delta, kind: "correction", corrects: original.id, reason, recordedAt: at, recordedBy: by })
}

/**
 * Total minutes of some entries: exactly the sum of their minutes, corrections included (T5).
 *
 * @example
 * ```ts
 * import { Hours } from "volunteer-brigade"
 * Hours.total([]) // => 0
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const total = (entries: ReadonlyArray<HourEntry>): number => sumMinutes(entries)

/**
 * Replays the ledger to a past moment (T5): the total of the entries recorded at or before
 * `asOf`.
 *
 * @example
 * ```ts
 * import { Hours, Time } from "volunteer-brigade"
 * declare const ledger: ReadonlyArray<Hours.HourEntry>
 * Hours.totalAsOf(ledger, Time.instant("2026-01-01T00:00:00+08:00"))
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const totalAsOf = (entries: ReadonlyArray<HourEntry>, asOf: Instant): number =>
  sumMinutes(entries.filter((e) => e.recordedAt <= asOf))

const addTo = <K>(map: Map<K, number>, key: K, minutes: number): void => {
  map.set(key, (map.get(key) ?? 0) + minutes)
}

/**
 * Total minutes per volunteer (T5): each volunteer's balance is the sum of their entries.
 *
 * @example
 * ```ts
 * import { Hours } from "volunteer-brigade"
 * declare const ledger: ReadonlyArray<Hours.HourEntry>
 * Hours.balanceByVolunteer(ledger).get("v-1" as never)
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const balanceByVolunteer = (entries: ReadonlyArray<HourEntry>): ReadonlyMap<VolunteerId, number> => {
  const out = new Map<VolunteerId, number>()
  for (const e of entries) addTo(out, e.volunteerId, e.minutes)
  return out
}

/**
 * An original entry with its net minutes after the corrections among the given entries
 * (T5). When only corrections of an entry are present, the first of them stands in for it.
 *
 * @category ledger
 * @since 0.1.0
 */
export interface NetEntry {
  readonly entry: HourEntry
  readonly minutes: number
}

/**
 * Nets every entry with the corrections that reference it (T5, T6): one row per original,
 * whose minutes are the original's plus its corrections'. Attribution to periods splits these
 * net values, so a corrected entry splits exactly like one recorded with the new value.
 *
 * @example
 * ```ts
 * import { Hours } from "volunteer-brigade"
 * declare const ledger: ReadonlyArray<Hours.HourEntry>
 * Hours.netByOriginal(ledger).map((n) => n.minutes)
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const netByOriginal = (entries: ReadonlyArray<HourEntry>): ReadonlyArray<NetEntry> => {
  const heads = new Map<HourEntryId, HourEntry>()
  const nets = new Map<HourEntryId, number>()
  for (const e of entries) {
    const key = e.corrects ?? e.id
    if (e.corrects === undefined || !heads.has(key)) heads.set(key, e)
    addTo(nets, key, e.minutes)
  }
  return [...heads].map(([key, entry]) => ({ entry, minutes: nets.get(key) ?? 0 }))
}

/**
 * The most minutes a new entry of a volunteer, or a corrected value of an existing one, may
 * carry over the service span `[start, end)` without any stretch of the volunteer's time
 * counting twice (T2) — across every kind of entry: credited attendance, make-up (T4) and
 * corrections (T5).
 *
 * An entry carries minutes over a span, not pinned instants (a make-up of 60 minutes covers
 * a 3-hour window), so "never twice" is the scheduling condition: for every stretch `[a, b)`,
 * the net minutes of the entries lying wholly inside it never exceed its length. The answer
 * is the smallest slack, over every stretch bounded by entry ends that contains the span, of
 * `length − minutes already there` (whole minutes, never below 0). Only the volunteer's
 * entries whose spans chain by overlap to this span matter; entries netting to zero or less
 * claim nothing. With `excluding`, that entry and its corrections are left out (the value a
 * correction of it may reach).
 *
 * @example
 * ```ts
 * import { Hours, Time } from "volunteer-brigade"
 * const at = (hhmm: string) => Time.instant(`2026-03-05T${hhmm}:00+08:00`)
 * const credited = {
 *   id: "h-1", volunteerId: "v-1", activityId: "a-1", recordingUnitId: "u-1", squadId: "u-1",
 *   serviceStart: at("09:00"), serviceEnd: at("12:00"), minutes: 180, kind: "attendance",
 *   evidence: "checkIn", recordedAt: at("12:00"), recordedBy: "leader-1"
 * } as Hours.HourEntry
 * // a make-up over 10:00–13:00 may only add the hour after 12:00
 * Hours.uncountedMinutes([credited], "v-1" as never, { start: at("10:00"), end: at("13:00") }) // => 60
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const uncountedMinutes = (
  ledger: ReadonlyArray<HourEntry>,
  volunteerId: VolunteerId,
  span: Span,
  options: { readonly excluding?: HourEntryId } = {}
): number => {
  const mine = ledger.filter((e) => e.volunteerId === volunteerId && (e.corrects ?? e.id) !== options.excluding)
  const claims = netByOriginal(mine)
    .filter((n) => n.minutes > 0)
    .map((n) => ({ start: n.entry.serviceStart as number, end: Math.max(n.entry.serviceStart, n.entry.serviceEnd), minutes: n.minutes }))
  // The stretch of time chained to the span by overlap (a zero-length claim inside it counts):
  // stretches beyond it hold only claims the ledger already balanced.
  let lo: number = span.start
  let hi: number = Math.max(span.start, span.end)
  let chained: Array<(typeof claims)[number]> = []
  for (let grew = true; grew;) {
    grew = false
    chained = claims.filter((c) => (c.start < hi && c.end > lo) || (c.start >= lo && c.start < hi))
    for (const c of chained) {
      if (c.start < lo) { lo = c.start; grew = true }
      if (c.end > hi) { hi = c.end; grew = true }
    }
  }
  const starts = [...new Set([span.start as number, ...chained.map((c) => c.start)])].filter((a) => a <= span.start)
  const ends = [...new Set([Math.max(span.start, span.end), ...chained.map((c) => c.end)])].filter((b) => b >= span.end)
  let slack = Number.POSITIVE_INFINITY
  for (const a of starts) {
    for (const b of ends) {
      const inside = chained.reduce((sum, c) => (c.start >= a && c.end <= b ? sum + c.minutes : sum), 0)
      slack = Math.min(slack, Math.floor((b - a) / MINUTE) - inside)
    }
  }
  return Math.max(0, slack)
}

// ---------------------------------------------------------------------------------------------
// Attribution to periods and local years (T6)
// ---------------------------------------------------------------------------------------------

/** Minutes of a span credited before instant `t`: cumulative floor attribution (see module doc). */
const creditedBefore = (start: number, end: number, minutes: number, t: number): number => {
  if (end <= start) return t > start ? minutes : 0
  const elapsed = Math.min(Math.max(t, start), end) - start
  const magnitude = (BigInt(Math.abs(minutes)) * BigInt(elapsed)) / BigInt(end - start)
  return Math.sign(minutes) * Number(magnitude)
}

/**
 * The part of an entry's minutes attributed to `[from, to)` by cumulative floor attribution
 * (T6, T10): the parts of any partition of time sum exactly to the entry's minutes.
 *
 * @example
 * ```ts
 * import { Hours, Time } from "volunteer-brigade"
 * // 23:00–01:00 across New Year, 120 minutes: 60 in each year
 * Hours.minutesWithin(
 *   Time.instant("2025-12-31T23:00:00+08:00"), Time.instant("2026-01-01T01:00:00+08:00"), 120,
 *   Time.instant("2026-01-01T00:00:00+08:00"), Time.instant("2027-01-01T00:00:00+08:00")
 * ) // => 60
 * ```
 * @category periods
 * @since 0.1.0
 */
export const minutesWithin = (
  serviceStart: Instant,
  serviceEnd: Instant,
  minutes: number,
  from: Instant,
  to: Instant
): number =>
  to <= from ? 0 : creditedBefore(serviceStart, serviceEnd, minutes, to) - creditedBefore(serviceStart, serviceEnd, minutes, from)

const startOfYear = (year: number, zone: TimeZone): Instant => startOfDay(ymd(year, 1, 1), zone)

/**
 * Splits an entry's minutes over the local calendar years its service touches (T6), in
 * proportion to the time served in each year, conserving the minutes exactly.
 *
 * @example
 * ```ts
 * import { Hours, Time } from "volunteer-brigade"
 * Hours.splitByLocalYear(
 *   Time.instant("2025-12-31T22:00:00+08:00"), Time.instant("2026-01-01T02:00:00+08:00"), 240, Time.Shanghai
 * ) // => [{ year: 2025, minutes: 120 }, { year: 2026, minutes: 120 }]
 * ```
 * @category periods
 * @since 0.1.0
 */
export const splitByLocalYear = (
  serviceStart: Instant,
  serviceEnd: Instant,
  minutes: number,
  zone: TimeZone
): ReadonlyArray<{ readonly year: number; readonly minutes: number }> => {
  const first = yearOf(localDateOf(serviceStart, zone))
  const last = serviceEnd > serviceStart ? yearOf(localDateOf((serviceEnd - 1) as Instant, zone)) : first
  const parts: Array<{ readonly year: number; readonly minutes: number }> = []
  for (let year = first; year <= last; year++) {
    parts.push({
      year,
      minutes: minutesWithin(serviceStart, serviceEnd, minutes, startOfYear(year, zone), startOfYear(year + 1, zone))
    })
  }
  return parts
}

const totalsWithin = <K>(
  entries: ReadonlyArray<HourEntry>,
  from: Instant,
  to: Instant,
  keyOf: (e: HourEntry) => K
): ReadonlyMap<K, number> => {
  const out = new Map<K, number>()
  for (const { entry, minutes } of netByOriginal(entries)) {
    const part = minutesWithin(entry.serviceStart, entry.serviceEnd, minutes, from, to)
    if (part !== 0) addTo(out, keyOf(entry), part)
  }
  return out
}

/**
 * Minutes per volunteer served in one local calendar year (T6); service crossing local
 * midnight of 31 December is split between the years, and corrections are netted with the
 * entries they correct before splitting.
 *
 * @example
 * ```ts
 * import { Hours, Time } from "volunteer-brigade"
 * declare const ledger: ReadonlyArray<Hours.HourEntry>
 * Hours.annualTotals(ledger, 2026, Time.Shanghai).get("v-1" as never) ?? 0
 * ```
 * @category periods
 * @since 0.1.0
 */
export const annualTotals = (
  entries: ReadonlyArray<HourEntry>,
  year: number,
  zone: TimeZone
): ReadonlyMap<VolunteerId, number> =>
  totalsWithin(entries, startOfYear(year, zone), startOfYear(year + 1, zone), (e) => e.volunteerId)

// ---------------------------------------------------------------------------------------------
// Annual target (T7)
// ---------------------------------------------------------------------------------------------

/**
 * Outcome of the annual target (T7): met, short by some minutes, or not evaluated.
 *
 * @category target
 * @since 0.1.0
 */
export type TargetResult =
  | { readonly kind: "met" }
  | { readonly kind: "short"; readonly shortBy: Minutes }
  | { readonly kind: "notEvaluated" }

/**
 * Full days a volunteer registered on `registeredOn` was registered during `year` (T7): the
 * days after the registration day up to and including 31 December, capped at the year's
 * length. Registered before the year: the whole year; registered after it: 0.
 *
 * @example
 * ```ts
 * import { Hours, Time } from "volunteer-brigade"
 * Hours.daysRegisteredIn(Time.localDate("2026-07-02"), 2026) // => 182
 * Hours.daysRegisteredIn(Time.localDate("2025-05-01"), 2026) // => 365
 * ```
 * @category target
 * @since 0.1.0
 */
export const daysRegisteredIn = (registeredOn: LocalDate, year: number): number => {
  const yearDays = isLeapYear(year) ? 366 : 365
  return Math.min(yearDays, Math.max(0, daysBetween(registeredOn, ymd(year, 12, daysInMonth(year, 12)))))
}

/**
 * 年度目标 — evaluates the annual target (T7): `policy.annualTargetMinutes` (48 h = 2,880 min
 * by default) per volunteer per local year.
 *
 * A volunteer is evaluated when registered for at least half of the year, counted in full
 * days after the registration day ({@link daysRegisteredIn} × 2 ≥ days in the year). So
 * registering on 1 July or earlier is evaluated, and from 2 July (365-day year: 182 full days
 * left) is not; the same cut-off, 1 July, holds in leap years (183 of 366).
 *
 * @example
 * ```ts
 * import { Hours, Policy, Time } from "volunteer-brigade"
 * Hours.evaluateTarget({ annualMinutes: 2000, registeredOn: Time.localDate("2025-03-01"), year: 2026, policy: Policy.defaults })
 * // { kind: "short", shortBy: 880 }
 * ```
 * @category target
 * @since 0.1.0
 */
export const evaluateTarget = (input: {
  readonly annualMinutes: number
  readonly registeredOn: LocalDate
  readonly year: number
  readonly policy: Pick<Policy, "annualTargetMinutes">
}): TargetResult => {
  const yearDays = isLeapYear(input.year) ? 366 : 365
  if (2 * daysRegisteredIn(input.registeredOn, input.year) < yearDays) return { kind: "notEvaluated" }
  const shortBy = input.policy.annualTargetMinutes - input.annualMinutes
  return shortBy <= 0 ? { kind: "met" } : { kind: "short", shortBy: shortBy as Minutes }
}

// ---------------------------------------------------------------------------------------------
// Stars (T8)
// ---------------------------------------------------------------------------------------------

/**
 * A star table was refused (T8): it must hold one to five strictly increasing positive
 * integer thresholds in minutes.
 *
 * @category errors
 * @since 0.1.0
 */
export class StarTableInvalid extends Schema.TaggedError<StarTableInvalid>()("StarTableInvalid", {
  thresholds: Schema.Array(Schema.Number),
  problem: Schema.String
}) {}

/**
 * Validates a star table (T8): one to five positive integer thresholds in minutes, strictly
 * increasing.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Hours, Policy } from "volunteer-brigade"
 * Result.isSuccess(Hours.validateThresholds(Policy.BeijingStars)) // true
 * Result.isFailure(Hours.validateThresholds([6000, 6000])) // true
 * ```
 * @category stars
 * @since 0.1.0
 */
export const validateThresholds = (
  thresholds: ReadonlyArray<number>
): Result.Result<ReadonlyArray<number>, StarTableInvalid> => {
  const refuse = (problem: string) => Result.fail(new StarTableInvalid({ thresholds: [...thresholds], problem }))
  if (thresholds.length < 1 || thresholds.length > 5) return refuse("a star table has one to five thresholds")
  if (!thresholds.every((t) => Number.isSafeInteger(t) && t > 0)) return refuse("thresholds are positive whole minutes")
  if (!thresholds.every((t, i) => i === 0 || t > thresholds[i - 1]!)) return refuse("thresholds must be strictly increasing")
  return Result.succeed(thresholds)
}

/**
 * 星级志愿者 — stars earned by cumulative minutes (T8): the number of thresholds reached.
 * More hours never lower a star.
 *
 * @example
 * ```ts
 * import { Hours, Policy } from "volunteer-brigade"
 * Hours.stars(300 * 60, Policy.CommunityStars) // => 2
 * Hours.stars(300 * 60, Policy.BeijingStars) // => 2
 * Hours.stars(500 * 60, Policy.BeijingStars) // => 3
 * Hours.stars(99 * 60, Policy.CommunityStars) // => 0
 * ```
 * @category stars
 * @since 0.1.0
 */
export const stars = (cumulativeMinutes: number, thresholds: ReadonlyArray<number>): number =>
  thresholds.filter((t) => cumulativeMinutes >= t).length

// ---------------------------------------------------------------------------------------------
// Reports (T10)
// ---------------------------------------------------------------------------------------------

/**
 * A report period was refused (T10): `from` is after `to`.
 *
 * @category errors
 * @since 0.1.0
 */
export class ReportPeriodInvalid extends Schema.TaggedError<ReportPeriodInvalid>()("ReportPeriodInvalid", {
  from: Schema.String,
  to: Schema.String
}) {}

/**
 * One row of an hours report: the volunteer or squad id and its minutes in the period (T10).
 *
 * @category reports
 * @since 0.1.0
 */
export interface ReportRow {
  readonly key: string
  readonly minutes: number
}

/**
 * Hours per volunteer or per squad for the local dates `[from, to]` (T10), the reference for
 * every store. Each original entry, netted with its corrections, contributes the part of its
 * service inside the period by cumulative floor attribution (see the module doc), so adjacent
 * periods add up exactly and a whole-year report equals {@link annualTotals}. Groups whose
 * minutes net to zero are left out; rows are sorted by key. Squadron and brigade totals are
 * the sums of their squads' rows (H8).
 *
 * @example
 * ```ts
 * import { Hours, Time } from "volunteer-brigade"
 * declare const ledger: ReadonlyArray<Hours.HourEntry>
 * Hours.report(ledger, { from: Time.localDate("2026-01-01"), to: Time.localDate("2026-03-31"), zone: Time.Shanghai, groupBy: "squad" })
 * ```
 * @category reports
 * @since 0.1.0
 */
export const report = (
  entries: ReadonlyArray<HourEntry>,
  options: {
    readonly from: LocalDate
    readonly to: LocalDate
    readonly zone: TimeZone
    readonly groupBy: "volunteer" | "squad"
  }
): Result.Result<ReadonlyArray<ReportRow>, ReportPeriodInvalid> => {
  const { from, to, zone, groupBy } = options
  if (from > to) return Result.fail(new ReportPeriodInvalid({ from, to }))
  return Result.succeed(totalsBetween(entries, startOfDay(from, zone), startOfDay(addDays(to, 1), zone), groupBy))
}

/**
 * Hours per volunteer or per squad served in the instants `[from, to)` (T6, T10): the
 * reference every store's report (`HoursRepo.totalsByVolunteer`, `totalsBySquad`) must equal.
 * Each original entry netted with its corrections contributes
 * `minutesWithin(serviceStart, serviceEnd, net, from, to)` — integer arithmetic only, floor
 * division of non-negative integers, so SQL can compute the same numbers. Groups whose
 * minutes net to zero are left out; rows are sorted by key in code-unit order.
 *
 * @example
 * ```ts
 * import { Hours, Time } from "volunteer-brigade"
 * declare const ledger: ReadonlyArray<Hours.HourEntry>
 * Hours.totalsBetween(ledger, Time.instant("2026-01-01T00:00:00+08:00"), Time.instant("2027-01-01T00:00:00+08:00"), "squad")
 * ```
 * @category reports
 * @since 0.1.0
 */
export const totalsBetween = (
  entries: ReadonlyArray<HourEntry>,
  from: Instant,
  to: Instant,
  groupBy: "volunteer" | "squad"
): ReadonlyArray<ReportRow> =>
  [...totalsWithin<string>(entries, from, to, (e) => (groupBy === "volunteer" ? e.volunteerId : e.squadId))]
    .filter(([, minutes]) => minutes !== 0)
    .map(([key, minutes]) => ({ key, minutes }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))

/**
 * Share of volunteers meeting the annual target in a year (T10, T7): among the volunteers
 * evaluated that year, how many met it. `share` is 0 when nobody was evaluated.
 *
 * @example
 * ```ts
 * import { Hours, Policy, Time } from "volunteer-brigade"
 * declare const ledger: ReadonlyArray<Hours.HourEntry>
 * Hours.targetShare({
 *   entries: ledger,
 *   volunteers: [{ volunteerId: "v-1" as never, registeredOn: Time.localDate("2024-05-01") }],
 *   year: 2026,
 *   policy: Policy.defaults
 * }) // { evaluated: 1, met: 0 | 1, share: … }
 * ```
 * @category reports
 * @since 0.1.0
 */
export const targetShare = (input: {
  readonly entries: ReadonlyArray<HourEntry>
  readonly volunteers: ReadonlyArray<{ readonly volunteerId: VolunteerId; readonly registeredOn: LocalDate }>
  readonly year: number
  readonly policy: Pick<Policy, "annualTargetMinutes" | "timeZone">
}): { readonly evaluated: number; readonly met: number; readonly share: number } => {
  const totals = annualTotals(input.entries, input.year, input.policy.timeZone)
  let evaluated = 0
  let met = 0
  for (const v of input.volunteers) {
    const result = evaluateTarget({
      annualMinutes: totals.get(v.volunteerId) ?? 0,
      registeredOn: v.registeredOn,
      year: input.year,
      policy: input.policy
    })
    if (result.kind !== "notEvaluated") evaluated++
    if (result.kind === "met") met++
  }
  return { evaluated, met, share: evaluated === 0 ? 0 : met / evaluated }
}
