import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Time from "../../src/time.js"

const dateArb = fc
  .date({ min: new Date("1950-01-01T00:00:00Z"), max: new Date("2150-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10) as Time.LocalDate)

const zoneArb = fc.integer({ min: -12 * 60, max: 14 * 60 }).map((offsetMinutes) => ({ name: "test", offsetMinutes }))

describe("time", () => {
  it("C1: local dates are evaluated in the host zone: 16:30 UTC on 31 December is New Year in Pinghu", () => {
    const t = Time.instant("2025-12-31T16:30:00Z")
    expect(Time.localDateOf(t, Time.Shanghai)).toBe("2026-01-01")
    expect(Time.localDateOf(t, { name: "UTC", offsetMinutes: 0 })).toBe("2025-12-31")
  })

  it("C1: a local day starts at local midnight, stored as UTC", () => {
    expect(Time.toISO(Time.startOfDay(Time.localDate("2026-01-01"), Time.Shanghai))).toBe("2025-12-31T16:00:00.000Z")
  })

  it("C1: every instant of a local day maps back to that day, in any fixed-offset zone", () => {
    fc.assert(
      fc.property(dateArb, zoneArb, fc.integer({ min: 0, max: Time.DAY - 1 }), (d, zone, ms) => {
        const t = (Time.startOfDay(d, zone) + ms) as Time.Instant
        expect(Time.localDateOf(t, zone)).toBe(d)
      })
    )
  })

  it("C1: a local date is a calendar day, never a Date: 2 月 30 日 and malformed text are refused", () => {
    for (const bad of ["2026-02-30", "2026-13-01", "2026-1-01", "20260101", "2025-02-29", 20260101, "2026-02-28T00:00"]) {
      expect(Schema.is(Time.LocalDate)(bad)).toBe(false)
    }
    expect(Schema.is(Time.LocalDate)("2024-02-29")).toBe(true)
  })

  it("C1: addDays and daysBetween are inverse", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        expect(Time.daysBetween(d, Time.addDays(d, n))).toBe(n)
      })
    )
  })

  it("C1: age counts completed years on the local date; 29 February birthdays age on 1 March", () => {
    expect(Time.ageOn(Time.localDate("2012-03-05"), Time.localDate("2026-03-05"))).toBe(14)
    expect(Time.ageOn(Time.localDate("2012-03-05"), Time.localDate("2026-03-04"))).toBe(13)
    expect(Time.ageOn(Time.localDate("2008-02-29"), Time.localDate("2026-02-28"))).toBe(17)
    expect(Time.ageOn(Time.localDate("2008-02-29"), Time.localDate("2026-03-01"))).toBe(18)
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        const [birth, on] = a <= b ? [a, b] : [b, a]
        const age = Time.ageOn(birth, on)
        expect(age).toBeGreaterThanOrEqual(0)
        expect(Time.ageOn(birth, Time.addDays(on, 1))).toBeGreaterThanOrEqual(age)
      })
    )
  })

  it("C1: addMonths clamps to the month's end", () => {
    expect(Time.addMonths(Time.localDate("2026-01-31"), 1)).toBe("2026-02-28")
    expect(Time.addMonths(Time.localDate("2024-03-31"), -1)).toBe("2024-02-29")
  })

  it("T1: minutes between instants are whole, rounded down, never negative", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2e12 }), fc.integer({ min: -1e9, max: 1e9 }), (a, d) => {
        const m = Time.minutesBetween(a as Time.Instant, (a + d) as Time.Instant)
        expect(Number.isInteger(m)).toBe(true)
        expect(m).toBe(Math.max(0, Math.floor(d / Time.MINUTE)))
      })
    )
  })

  it("an instant literal needs an explicit offset, so it never depends on the machine's zone", () => {
    expect(() => Time.instant("2026-01-01T08:00:00")).toThrow(/offset/)
    expect(Time.instant("2026-01-01T08:00:00+08:00")).toBe(Time.instant("2026-01-01T00:00:00Z"))
  })
})

// Boundaries the mutation runs (npm run test:mutation) showed untested.
describe("time: boundaries (mutation testing)", () => {
  const isDate = Schema.is(Time.LocalDate)
  const decodes = (schema: Schema.Top, x: unknown) => Result.isSuccess(Schema.decodeUnknownResult(schema as Schema.Codec<unknown>)(x))

  it("C1: local dates run from 1900-01-01 to 2199-12-31, months 1–12, days from 1 to the month's length", () => {
    for (const ok of ["1900-01-01", "2199-12-31", "2026-01-31", "2026-04-30", "2026-12-01"]) expect(isDate(ok)).toBe(true)
    for (const bad of ["1899-12-31", "2200-01-01", "2026-00-10", "2026-13-10", "2026-01-00", "2026-04-31", "2026-01-32", "x2026-01-01", "2026-01-01x", " 2026-01-01"]) {
      expect(isDate(bad)).toBe(false)
    }
    expect(() => Time.localDate("2026-02-29")).toThrow()
    expect(Time.localDate("2026-02-28")).toBe("2026-02-28")
  })

  it("C1: month lengths and leap years follow the Gregorian calendar", () => {
    expect(Array.from({ length: 12 }, (_, i) => Time.daysInMonth(2026, i + 1))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    expect(Time.daysInMonth(2024, 2)).toBe(29)
    expect([1900, 2000, 2024, 2026, 2100, 2400].map(Time.isLeapYear)).toEqual([false, true, true, false, false, true])
  })

  it("C1: an instant lies between 1900-01-01 and 2200-01-01 UTC in whole milliseconds", () => {
    const min = -2_208_988_800_000
    const max = 7_258_118_400_000
    expect([min, max, 0].map((n) => decodes(Time.Instant, n))).toEqual([true, true, true])
    expect([min - 1, max + 1, 1.5].map((n) => decodes(Time.Instant, n))).toEqual([false, false, false])
  })

  it("C1: an instant literal takes Z or ±HH:MM and nothing else after the time", () => {
    expect(Time.instant("2026-01-01T03:00:00-05:00")).toBe(Time.instant("2026-01-01T08:00:00Z"))
    for (const bad of ["2026-01-01T08:00:00+0800", "2026-01-01T08:00:00Zx", "not a timeZ", "2026-13-45T08:00:00Z"]) {
      expect(() => Time.instant(bad)).toThrow()
    }
    expect(Time.toISO(Time.instant("2026-01-01T08:00:00+08:00"))).toBe("2026-01-01T00:00:00.000Z")
  })

  it("C1: a zone's offset lies within ±14 h", () => {
    for (const offsetMinutes of [-840, 0, 840]) expect(decodes(Time.TimeZone, { name: "z", offsetMinutes })).toBe(true)
    for (const offsetMinutes of [-841, 841, 1.5]) expect(decodes(Time.TimeZone, { name: "z", offsetMinutes })).toBe(false)
    expect(Time.Shanghai).toEqual({ name: "Asia/Shanghai", offsetMinutes: 480 })
  })

  it("C1: localDateOf answers each day right when days alternate, and at each side of local midnight", () => {
    const midnight = Time.startOfDay(Time.localDate("2026-03-05"), Time.Shanghai)
    const on = (t: number) => Time.localDateOf(t as Time.Instant, Time.Shanghai)
    expect([on(midnight - 1), on(midnight), on(midnight - 1), on(midnight + Time.DAY - 1), on(midnight + Time.DAY)]).toEqual([
      "2026-03-04", "2026-03-05", "2026-03-04", "2026-03-05", "2026-03-06"
    ])
  })

  it("C1: atLocalTime reads HH:MM on the local day and refuses anything else", () => {
    const d = Time.localDate("2026-03-05")
    expect(Time.atLocalTime(d, "09:30", Time.Shanghai)).toBe(Time.instant("2026-03-05T09:30:00+08:00"))
    expect(Time.atLocalTime(d, "00:00", Time.Shanghai)).toBe(Time.startOfDay(d, Time.Shanghai))
    for (const bad of ["9:30", "09:30x", "x09:30", "0930", ""]) expect(() => Time.atLocalTime(d, bad, Time.Shanghai)).toThrow()
  })

  it("C1: addMonths crosses years both ways and keeps the day when the month has it", () => {
    const d = Time.localDate
    expect(Time.addMonths(d("2026-12-15"), 1)).toBe("2027-01-15")
    expect(Time.addMonths(d("2026-01-15"), -1)).toBe("2025-12-15")
    expect(Time.addMonths(d("2026-03-31"), 12)).toBe("2027-03-31")
    expect(Time.addMonths(d("2026-03-31"), -12)).toBe("2025-03-31")
    expect(Time.addMonths(d("2026-03-31"), 1)).toBe("2026-04-30")
    expect(Time.addMonths(d("2026-03-05"), 0)).toBe("2026-03-05")
    expect(Time.addMonths(d("2026-01-30"), 25)).toBe("2028-02-29")
  })

  it("C1: compareDates, yearOf, ymd and daysBetween at their edges", () => {
    const d = Time.localDate
    expect([Time.compareDates(d("2026-03-04"), d("2026-03-05")), Time.compareDates(d("2026-03-05"), d("2026-03-05")), Time.compareDates(d("2026-03-06"), d("2026-03-05"))]).toEqual([-1, 0, 1])
    expect(Time.yearOf(d("2026-12-31"))).toBe(2026)
    expect(Time.ymd(2026, 3, 5)).toBe("2026-03-05")
    expect(() => Time.ymd(2026, 2, 30)).toThrow()
    expect(Time.daysBetween(d("2025-12-31"), d("2026-01-01"))).toBe(1)
    expect(Time.addDays(d("2024-02-28"), 1)).toBe("2024-02-29")
  })

  it("C1: an interval may be empty but not end before it starts; minutes are whole and never negative", () => {
    expect(decodes(Time.Interval, { start: 10, end: 10 })).toBe(true)
    expect(decodes(Time.Interval, { start: 10, end: 9 })).toBe(false)
    expect(Time.minutes(0)).toBe(0)
    expect(() => Time.minutes(-1)).toThrow()
    expect(() => Time.minutes(1.5)).toThrow()
    expect(Time.minutesBetween(0 as Time.Instant, (Time.MINUTE - 1) as Time.Instant)).toBe(0)
    expect(Time.minutesBetween(0 as Time.Instant, Time.MINUTE as Time.Instant)).toBe(1)
  })

  it("hours are shown with one decimal, rounded to the nearest six minutes", () => {
    expect([0, 2, 3, 60, 90, 2880].map(Time.formatHours)).toEqual(["0.0", "0.0", "0.1", "1.0", "1.5", "48.0"])
    expect([Time.MINUTE, Time.HOUR, Time.DAY]).toEqual([60_000, 3_600_000, 86_400_000])
  })

  it("C1: ageOn counts a birthday on the day itself, across month ends", () => {
    const d = Time.localDate
    expect(Time.ageOn(d("2008-12-31"), d("2026-12-31"))).toBe(18)
    expect(Time.ageOn(d("2008-12-31"), d("2026-12-30"))).toBe(17)
    expect(Time.ageOn(d("2008-01-01"), d("2026-01-01"))).toBe(18)
    expect(Time.ageOn(d("2026-03-05"), d("2026-03-05"))).toBe(0)
  })
})

describe("time: boundaries, second round (mutation testing)", () => {
  it("C1: the offset must end the literal: a date string the engine would read in the machine's zone is refused", () => {
    for (const bad of ["Z 2026-01-01", "Thu Jan 01 2026 08:00:00 GMT+08:00 (China Standard Time)"]) {
      expect(() => Time.instant(bad)).toThrow(/offset/)
    }
  })

  it("C1: a local date is exactly YYYY-MM-DD, not a valid date with more text before it", () => {
    expect(Schema.is(Time.LocalDate)("2026-01-012026-01-01")).toBe(false)
    expect(Schema.is(Time.LocalDate)("2026-01-01 2026-01-01")).toBe(false)
  })

  it("C1: a malformed local time is refused with its own error", () => {
    expect(() => Time.atLocalTime(Time.localDate("2026-03-05"), "9:30", Time.Shanghai)).toThrow(/HH:MM/)
  })

  it("C1: an interval has a start and an end", () => {
    for (const bad of [{ start: 10 }, { end: 10 }, {}]) expect(Result.isFailure(Schema.decodeUnknownResult(Time.Interval)(bad))).toBe(true)
    expect(Schema.decodeUnknownSync(Time.Interval)({ start: 1, end: 2 })).toEqual({ start: 1, end: 2 })
    // both ends are instants: whole milliseconds, numbers, in range
    for (const bad of [{ start: 1.5, end: 2 }, { start: "1", end: "2" }, { start: 1, end: 8e12 }]) {
      expect(Result.isFailure(Schema.decodeUnknownResult(Time.Interval)(bad))).toBe(true)
    }
  })
})
