import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Outcome } from "../../src/attendance.js"
import * as Report from "../../src/report.js"
import * as Table from "../../src/table.js"

const OUTCOMES: ReadonlyArray<Outcome> = ["present", "late", "leftEarly", "lateAndLeftEarly", "excused", "absentWithoutLeave"]

const count = fc.nat({ max: 10_000 })
const figures: fc.Arbitrary<Report.SquadronFigures> = fc
  .record({
    name: fc.string({ minLength: 1, maxLength: 20 }),
    volunteers: count,
    activitiesHeld: count,
    minutes: fc.nat({ max: 1_000_000 }),
    evaluated: count,
    metShare: fc.double({ min: 0, max: 1, noNaN: true }),
    outcomes: fc.tuple(count, count, count, count, count, count),
    violations: count,
    suspensions: count,
    completenessRate: fc.double({ min: 0, max: 1, noNaN: true }),
    stars: fc.array(count, { maxLength: 6 }),
    allocatedFen: fc.nat({ max: 10_000_000 }),
    spentShare: fc.double({ min: 0, max: 1, noNaN: true })
  })
  .map((r): Report.SquadronFigures => {
    const spentFen = Math.floor(r.allocatedFen * r.spentShare)
    return {
      unitId: `unit_${r.name.length}`,
      name: r.name,
      volunteers: r.volunteers,
      activitiesHeld: r.activitiesHeld,
      minutes: r.minutes,
      target: { evaluated: r.evaluated, met: Math.floor(r.evaluated * r.metShare) },
      outcomes: Object.fromEntries(OUTCOMES.map((o, i) => [o, r.outcomes[i]!])) as Record<Outcome, number>,
      discipline: { violations: r.violations, suspensions: r.suspensions },
      completenessRate: r.completenessRate,
      stars: r.stars,
      funds: { allocatedFen: r.allocatedFen, spentFen, availableFen: r.allocatedFen - spentFen }
    }
  })

const report = (squadrons: ReadonlyArray<Report.SquadronFigures>, candidates: ReadonlyArray<string> = []): Report.AnnualReport => ({
  brigade: "平湖市社区志愿者服务大队",
  year: 2026,
  preparedOn: "2026-12-31",
  squadrons,
  candidates
})

const example: Report.SquadronFigures = {
  unitId: "unit_12",
  name: "当湖街道",
  volunteers: 4,
  activitiesHeld: 10,
  minutes: 4 * 50 * 60,
  target: { evaluated: 4, met: 3 },
  outcomes: { present: 30, late: 2, leftEarly: 1, lateAndLeftEarly: 0, excused: 1, absentWithoutLeave: 1 },
  discipline: { violations: 5, suspensions: 1 },
  completenessRate: 0.9,
  stars: [3, 1],
  evaluation: { rank: 1, total: 0.8 },
  funds: { allocatedFen: 5_000_000, spentFen: 1_200_000, availableFen: 3_800_000 }
}

const unescape = (s: string) =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&")

describe("Report", () => {
  it("escapeHtml leaves no markup characters and round-trips", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const e = Report.escapeHtml(s)
        expect(e).not.toMatch(/[<>"']/)
        expect(unescape(e)).toBe(s)
      })
    )
  })

  it("T6: hours are minutes / 60 with one decimal; T7: target share is met / evaluated, 0 when nobody is evaluated", () => {
    expect(Report.hoursText(2880)).toBe("48.0")
    expect(Report.hoursText(90)).toBe("1.5")
    expect(Report.hoursText(Number.NaN)).toBe("0.0")
    expect(Report.targetShare({ target: { evaluated: 4, met: 3 } })).toBe(0.75)
    expect(Report.targetShare({ target: { evaluated: 0, met: 0 } })).toBe(0)
    expect(Report.percentText(0.825)).toBe("82.5%")
  })

  it("T6, T7, D4, D5: the brigade's totals are the sums of its squadrons' counts", () => {
    fc.assert(
      fc.property(fc.array(figures, { maxLength: 12 }), (squadrons) => {
        const t = Report.totals(squadrons)
        const sum = (f: (s: Report.SquadronFigures) => number) => squadrons.reduce((a, s) => a + f(s), 0)
        expect(t.minutes).toBe(sum((s) => s.minutes))
        expect(t.volunteers).toBe(sum((s) => s.volunteers))
        expect(t.target).toEqual({ evaluated: sum((s) => s.target.evaluated), met: sum((s) => s.target.met) })
        expect(t.violations).toBe(sum((s) => s.discipline.violations))
        expect(t.suspensions).toBe(sum((s) => s.discipline.suspensions))
        for (const o of OUTCOMES) expect(t.outcomes[o]).toBe(sum((s) => s.outcomes[o]))
      })
    )
  })

  it("T6: the table has one row per squadron then a total row whose hours are the total minutes in hours", () => {
    fc.assert(
      fc.property(fc.array(figures, { maxLength: 12 }), (squadrons) => {
        const table = Report.toTable(report(squadrons))
        expect(table.rows).toHaveLength(squadrons.length + 1)
        expect(table.rows.map((r) => r["squadron"])).toEqual([...squadrons.map((s) => s.name), Report.labelsZh.total])
        const total = table.rows[squadrons.length]!
        expect(total["hours"]).toBe(Report.hoursText(squadrons.reduce((a, s) => a + s.minutes, 0)))
        // every row has a cell for every column except the per-squadron ones of the total row
        for (const row of table.rows.slice(0, -1)) expect(Object.keys(row).sort()).toEqual(table.columns.map((c) => c.key).sort())
      })
    )
  })

  it("pins one squadron's row: hours, per volunteer, target share, stars, funds in yuan", () => {
    const row = Report.toTable(report([example], ["当湖街道"])).rows[0]!
    expect(row).toMatchObject({
      squadron: "当湖街道",
      hours: "200.0",
      perVolunteer: "50.0",
      met: 3,
      target: "75.0%",
      absentWithoutLeave: 1,
      violations: 5,
      suspensions: 1,
      completeness: "90.0%",
      stars: "1星 1",
      rank: "1",
      allocated: "50000.00",
      spent: "12000.00",
      available: "38000.00"
    })
    expect(Table.make(Report.toTable(report([example])))).toBeDefined()
  })

  it("barChart: bar widths are monotone in the value and negative or non-finite values draw as zero", () => {
    const widths = (values: ReadonlyArray<number>) =>
      [...Report.barChart({ title: "t", series: [{ name: "s", color: "#123456" }], groups: values.map((v, i) => ({ label: `g${i}`, values: [v] })) })
        .matchAll(/<rect class="bar" x="120" y="\d+" width="([\d.]+)"/g)].map((m) => Number(m[1]))
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 10 }), (values) => {
        const w = widths(values)
        expect(w).toHaveLength(values.length)
        values.forEach((a, i) =>
          values.forEach((b, j) => {
            if (a <= b) expect(w[i]!).toBeLessThanOrEqual(w[j]! + 0.1)
          })
        )
        values.forEach((v, i) => {
          if (v <= 0) expect(w[i]).toBe(0)
        })
      })
    )
    expect(widths([Number.NaN, Number.POSITIVE_INFINITY, 5])).toEqual([0, 0, 440])
  })

  it("T6, T7, D4: toHtml is one self-contained page with the three charts, every text escaped", () => {
    fc.assert(
      fc.property(fc.array(figures, { minLength: 1, maxLength: 10 }), fc.array(fc.string(), { maxLength: 3 }), (squadrons, candidates) => {
        const r = report(squadrons, candidates)
        const html = Report.toHtml(r)
        expect(html.startsWith("<!DOCTYPE html>")).toBe(true)
        expect(html.match(/<svg /g)).toHaveLength(3)
        expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|href=|url\(|@import/i)
        for (const s of squadrons) expect(html).toContain(Report.escapeHtml(s.name))
        expect(Report.toHtml(r)).toBe(html)
      })
    )
  })

  it("toHtml escapes hostile names and prints A4 in zh-CN", () => {
    const html = Report.toHtml(report([{ ...example, name: `<script>alert("x")</script>` }], [`<img src=x onerror=alert(1)>`]))
    expect(html).not.toContain("<script>")
    expect(html).not.toContain("<img")
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
    expect(html).toContain(`<html lang="zh-CN">`)
    expect(html).toContain("@page { size: A4")
    expect(html).toContain(Report.labelsZh.chartHours)
    expect(html).toContain(Report.labelsZh.chartTarget)
    expect(html).toContain(Report.labelsZh.chartDiscipline)
  })

  it("does not mutate its input", () => {
    fc.assert(
      fc.property(fc.array(figures, { maxLength: 6 }), (squadrons) => {
        const r = report(squadrons, ["x"])
        const before = structuredClone(r)
        Report.toHtml(r)
        Report.toTable(r)
        Report.totals(r.squadrons)
        expect(r).toEqual(before)
      }),
      { numRuns: 30 }
    )
  })
})
