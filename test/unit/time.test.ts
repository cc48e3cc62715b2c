import { Schema } from "effect"
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
