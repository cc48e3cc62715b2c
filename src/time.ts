/**
 * Calendar and time: local dates, instants, durations in whole minutes and the host's
 * civil time zone.
 *
 * Owns rules **C1** (calendar rules are evaluated in the host's civil time zone, default
 * Asia/Shanghai, UTC+8, no daylight saving; instants are stored as UTC; a local date is a
 * date, never a `Date` at midnight) and **C2** (nothing here reads the clock: "now" is always
 * an argument).
 *
 * @module
 */
import { Schema } from "effect"

const DAY_MS = 86_400_000
const MINUTE_MS = 60_000

/**
 * 本地日期 — a calendar day in the host's civil time zone, as `YYYY-MM-DD` (C1).
 *
 * Validated as a real day of the proleptic Gregorian calendar (no 2 月 30 日), years
 * 1900–2199.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Time } from "volunteer-brigade"
 * const d = Schema.decodeUnknownSync(Time.LocalDate)("2012-09-05")
 * ```
 * @category local dates
 * @since 0.1.0
 */
export const LocalDate = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/, { message: "a local date is written YYYY-MM-DD" }),
  Schema.makeFilter((s: string) => isRealDate(s) || `${JSON.stringify(s)} is not a calendar day between 1900 and 2199`)
).pipe(Schema.brand("LocalDate"))

/** @category local dates @since 0.1.0 */
export type LocalDate = typeof LocalDate.Type

function isRealDate(s: string): boolean {
  const y = Number(s.slice(0, 4))
  const m = Number(s.slice(5, 7))
  const d = Number(s.slice(8, 10))
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) return false
  return d <= daysInMonth(y, m)
}

/**
 * Number of days in a month of the Gregorian calendar.
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.daysInMonth(2024, 2) // 29
 * ```
 * @category local dates
 * @since 0.1.0
 */
export const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

/**
 * Whether a year is a Gregorian leap year.
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.isLeapYear(2000) // true
 * ```
 * @category local dates
 * @since 0.1.0
 */
export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

/**
 * Builds a {@link LocalDate} from a literal, throwing on an invalid day. For trusted
 * constants (fixtures, tests); decode untrusted input with the schema instead.
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * const notice = Time.localDate("2012-09-05")
 * ```
 * @category local dates
 * @since 0.1.0
 */
export const localDate = (s: string): LocalDate => Schema.decodeUnknownSync(LocalDate)(s)

/**
 * A moment in time as integer milliseconds since 1970-01-01T00:00:00Z (stored as UTC, C1).
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * const t = Time.instant("2026-03-05T09:00:00+08:00")
 * ```
 * @category instants
 * @since 0.1.0
 */
export const Instant = Schema.Int.check(
  Schema.isBetween({ minimum: -2_208_988_800_000, maximum: 7_258_118_400_000 })
).pipe(Schema.brand("Instant"))

/** @category instants @since 0.1.0 */
export type Instant = typeof Instant.Type

/**
 * Parses an ISO-8601 timestamp with an explicit offset (`Z` or `+08:00`) into an
 * {@link Instant}; throws on text without an offset, which would depend on the machine's
 * zone. For trusted literals; decode untrusted numbers with {@link Instant}.
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.instant("2026-01-01T00:00:00+08:00") === Time.instant("2025-12-31T16:00:00Z") // true
 * ```
 * @category instants
 * @since 0.1.0
 */
export const instant = (iso: string): Instant => {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso)) throw new Error(`instant needs an explicit offset: ${iso}`)
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) throw new Error(`not an ISO-8601 timestamp: ${iso}`)
  return ms as Instant
}

/**
 * Formats an instant as an ISO-8601 UTC string.
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.toISO(Time.instant("2026-01-01T08:00:00+08:00")) // "2026-01-01T00:00:00.000Z"
 * ```
 * @category instants
 * @since 0.1.0
 */
export const toISO = (t: Instant): string => new Date(t).toISOString()

/**
 * The host's civil time zone as a fixed offset from UTC (C1). China has used UTC+8 without
 * daylight saving since 1991, so a fixed offset is exact for every mainland host.
 *
 * @category time zones
 * @since 0.1.0
 */
export const TimeZone = Schema.Struct({
  name: Schema.String,
  offsetMinutes: Schema.Int.check(Schema.isBetween({ minimum: -14 * 60, maximum: 14 * 60 }))
})

/** @category time zones @since 0.1.0 */
export type TimeZone = typeof TimeZone.Type

/**
 * Asia/Shanghai, UTC+8 — the default civil time zone (C1).
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.Shanghai.offsetMinutes // 480
 * ```
 * @category time zones
 * @since 0.1.0
 */
export const Shanghai: TimeZone = { name: "Asia/Shanghai", offsetMinutes: 480 }

const epochDay = (d: LocalDate): number => {
  const y = Number(d.slice(0, 4))
  const m = Number(d.slice(5, 7))
  const day = Number(d.slice(8, 10))
  return Math.floor(Date.UTC(y, m - 1, day) / DAY_MS)
}

const fromEpochDay = (n: number): LocalDate => new Date(n * DAY_MS).toISOString().slice(0, 10) as LocalDate

/**
 * The local calendar day on which an instant falls in a zone (C1).
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * // 16:30 UTC on 31 December is already New Year's Day in Pinghu
 * Time.localDateOf(Time.instant("2025-12-31T16:30:00Z"), Time.Shanghai) // "2026-01-01"
 * ```
 * @category conversions
 * @since 0.1.0
 */
export const localDateOf = (t: Instant, zone: TimeZone): LocalDate => {
  // every write asks for today's date: the last day's text is kept (a pure memo)
  const day = Math.floor((t + zone.offsetMinutes * MINUTE_MS) / DAY_MS)
  if (day !== lastDay.day) lastDay = { day, date: fromEpochDay(day) }
  return lastDay.date
}
let lastDay: { readonly day: number; readonly date: LocalDate } = { day: NaN, date: "" as LocalDate }

/**
 * The instant at which a local day starts (local midnight) in a zone (C1).
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.toISO(Time.startOfDay(Time.localDate("2026-01-01"), Time.Shanghai)) // "2025-12-31T16:00:00.000Z"
 * ```
 * @category conversions
 * @since 0.1.0
 */
export const startOfDay = (d: LocalDate, zone: TimeZone): Instant =>
  (epochDay(d) * DAY_MS - zone.offsetMinutes * MINUTE_MS) as Instant

/**
 * The instant of a local wall-clock time (`HH:MM`) on a local day (C1).
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.toISO(Time.atLocalTime(Time.localDate("2026-03-05"), "09:30", Time.Shanghai)) // "2026-03-05T01:30:00.000Z"
 * ```
 * @category conversions
 * @since 0.1.0
 */
export const atLocalTime = (d: LocalDate, hhmm: string, zone: TimeZone): Instant => {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm)
  if (!match) throw new Error(`local time must be HH:MM: ${hhmm}`)
  const minutes = Number(match[1]) * 60 + Number(match[2])
  return (startOfDay(d, zone) + minutes * MINUTE_MS) as Instant
}

/**
 * Adds (or with a negative count subtracts) whole days to a local date.
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.addDays(Time.localDate("2024-02-28"), 1) // "2024-02-29"
 * ```
 * @category local dates
 * @since 0.1.0
 */
export const addDays = (d: LocalDate, days: number): LocalDate => fromEpochDay(epochDay(d) + days)

/**
 * Adds (or subtracts) calendar months to a local date, clamping to the last day of the
 * target month (31 January + 1 month = 28 or 29 February).
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.addMonths(Time.localDate("2026-01-31"), 1) // "2026-02-28"
 * ```
 * @category local dates
 * @since 0.1.0
 */
export const addMonths = (d: LocalDate, months: number): LocalDate => {
  const index = Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1 + months
  const year = Math.floor(index / 12)
  const month = index - year * 12 + 1
  return ymd(year, month, Math.min(Number(d.slice(8, 10)), daysInMonth(year, month)))
}

/**
 * Days from `a` to `b` (positive when `b` is later).
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.daysBetween(Time.localDate("2026-01-01"), Time.localDate("2026-12-31")) // 364
 * ```
 * @category local dates
 * @since 0.1.0
 */
export const daysBetween = (a: LocalDate, b: LocalDate): number => epochDay(b) - epochDay(a)

/**
 * Orders two local dates: negative, zero or positive. ISO dates order as text.
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.compareDates(Time.localDate("2026-01-02"), Time.localDate("2026-01-10")) < 0 // true
 * ```
 * @category local dates
 * @since 0.1.0
 */
export const compareDates = (a: LocalDate, b: LocalDate): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The calendar year of a local date.
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.yearOf(Time.localDate("2012-09-05")) // 2012
 * ```
 * @category local dates
 * @since 0.1.0
 */
export const yearOf = (d: LocalDate): number => Number(d.slice(0, 4))

/**
 * A local date from year, month (1–12) and day; throws when the day does not exist.
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.ymd(2026, 9, 30) // "2026-09-30"
 * ```
 * @category local dates
 * @since 0.1.0
 */
export const ymd = (year: number, month: number, day: number): LocalDate =>
  localDate(`${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`)

/**
 * Completed years of age on a local date (C1, used by V4): the birthday counts on the day
 * itself; someone born on 29 February turns a year older on 1 March in common years.
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.ageOn(Time.localDate("2012-03-05"), Time.localDate("2026-03-05")) // 14
 * Time.ageOn(Time.localDate("2012-03-05"), Time.localDate("2026-03-04")) // 13
 * ```
 * @category local dates
 * @since 0.1.0
 */
export const ageOn = (birth: LocalDate, on: LocalDate): number => {
  const years = yearOf(on) - yearOf(birth)
  return on.slice(5) < birth.slice(5) ? years - 1 : years
}

/**
 * A local time span `[start, end)` between two instants. Valid when `end >= start`.
 *
 * @category intervals
 * @since 0.1.0
 */
export const Interval = Schema.Struct({ start: Instant, end: Instant }).check(
  Schema.makeFilter((i: { readonly start: number; readonly end: number }) => i.end >= i.start || "an interval ends no earlier than it starts")
)

/** @category intervals @since 0.1.0 */
export type Interval = typeof Interval.Type

/**
 * 分钟 — a duration in whole, non-negative minutes. Hours are integer minutes everywhere;
 * display converts (T1).
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.formatHours(Time.minutes(2880)) // "48.0"
 * ```
 * @category durations
 * @since 0.1.0
 */
export const Minutes = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).pipe(Schema.brand("Minutes"))

/** @category durations @since 0.1.0 */
export type Minutes = typeof Minutes.Type

/**
 * Builds {@link Minutes} from a trusted non-negative integer; throws otherwise.
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * const m = Time.minutes(90)
 * ```
 * @category durations
 * @since 0.1.0
 */
export const minutes = (n: number): Minutes => Schema.decodeUnknownSync(Minutes)(n)

/**
 * Whole minutes between two instants, rounded down, never negative (T1).
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.minutesBetween(Time.instant("2026-01-01T09:00:00Z"), Time.instant("2026-01-01T10:30:59Z")) // 90
 * ```
 * @category durations
 * @since 0.1.0
 */
export const minutesBetween = (start: Instant, end: Instant): Minutes =>
  Math.max(0, Math.floor((end - start) / MINUTE_MS)) as Minutes

/**
 * Formats minutes as hours with one decimal, for display only.
 *
 * @example
 * ```ts
 * import { Time } from "volunteer-brigade"
 * Time.formatHours(Time.minutes(75)) // "1.3"
 * ```
 * @category durations
 * @since 0.1.0
 */
export const formatHours = (m: number): string => (Math.round(m / 6) / 10).toFixed(1)

/** Milliseconds in one minute. @category durations @since 0.1.0 */
export const MINUTE = MINUTE_MS
/** Milliseconds in one hour. @category durations @since 0.1.0 */
export const HOUR = 60 * MINUTE_MS
/** Milliseconds in one day. @category durations @since 0.1.0 */
export const DAY = DAY_MS
