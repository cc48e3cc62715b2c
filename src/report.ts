/**
 * 年度报告 — the brigade's annual report: per squadron the year's attendance outcomes,
 * discipline (D4, D5), completeness (S1), service hours (T6), target attainment (T7), stars
 * (T8), the evaluation ranking (S4) and the funds balance (F3), rendered as a table (for CSV or
 * .xlsx) and as one self-contained, printable HTML page with inline SVG charts.
 *
 * Pure string building: the figures are gathered by the host (for example with the workflows
 * `Workflows.Hours`, `Workflows.Activities` and `Workflows.Supervision`) and passed in; every
 * text is escaped, nothing is fetched, no clock is read.
 *
 * @since 0.1.0
 */
import type * as Attendance from "./attendance.js"
import * as Table from "./table.js"

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/**
 * One squadron's figures for the year (T6–T8, D4, D5, S1, S4, F3).
 *
 * @example
 * ```ts
 * import type { Report } from "volunteer-brigade"
 * const row: Report.SquadronFigures = {
 *   unitId: "unit_12", name: "当湖街道", volunteers: 50, activitiesHeld: 40, minutes: 150_000,
 *   target: { evaluated: 50, met: 41 },
 *   outcomes: { present: 300, late: 20, leftEarly: 12, lateAndLeftEarly: 2, excused: 9, absentWithoutLeave: 6 },
 *   discipline: { violations: 45, suspensions: 1 }, completenessRate: 0.95, stars: [3, 47]
 * }
 * ```
 * @category model
 * @since 0.1.0
 */
export interface SquadronFigures {
  readonly unitId: string
  readonly name: string
  /** Volunteers in service at the end of the year. */
  readonly volunteers: number
  /** Activities ended or closed in the year. */
  readonly activitiesHeld: number
  /** Service minutes credited in the year (T6). */
  readonly minutes: number
  /** Volunteers evaluated against the annual target and those who met it (T7). */
  readonly target: { readonly evaluated: number; readonly met: number }
  /** Attendance outcomes of the year's assignments (D1–D3). */
  readonly outcomes: Readonly<Record<Attendance.Outcome, number>>
  /** Violations recorded and suspensions imposed in the year (D4, D5). */
  readonly discipline: { readonly violations: number; readonly suspensions: number }
  /** Share of activities closed complete (S1), 0..1. */
  readonly completenessRate: number
  /** Volunteers by star level: index n holds the count with n stars (T8). */
  readonly stars: ReadonlyArray<number>
  /** The squadron's place in the annual evaluation (S4). */
  readonly evaluation?: { readonly rank: number; readonly total: number }
  /** The squadron's earmarked funds for the year, in fen (F3). */
  readonly funds?: { readonly allocatedFen: number; readonly spentFen: number; readonly availableFen: number }
}

/**
 * The annual report of a brigade: its squadrons' figures, commendation candidates and notes.
 *
 * @example
 * ```ts
 * import type { Report } from "volunteer-brigade"
 * const report: Report.AnnualReport = {
 *   brigade: "平湖市社区志愿者服务大队", year: 2026, preparedOn: "2026-12-31",
 *   squadrons: [], candidates: ["当湖街道"]
 * }
 * ```
 * @category model
 * @since 0.1.0
 */
export interface AnnualReport {
  readonly brigade: string
  readonly year: number
  /** The local date the figures were taken (given by the host; the module reads no clock). */
  readonly preparedOn: string
  readonly squadrons: ReadonlyArray<SquadronFigures>
  /** Names of the units proposed for commendation (S4). */
  readonly candidates: ReadonlyArray<string>
  /** Free lines printed under the tables. */
  readonly notes?: ReadonlyArray<string>
}

/**
 * zh-CN labels of the report.
 *
 * @example
 * ```ts
 * import { Report } from "volunteer-brigade"
 * Report.labelsZh.hours // "服务时长（小时）"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const labelsZh = {
  title: "年度报告",
  squadron: "中队",
  volunteers: "在册志愿者",
  activities: "开展活动",
  hours: "服务时长（小时）",
  hoursPerVolunteer: "人均时长（小时）",
  target: "年度目标达标率",
  targetMet: "达标人数",
  evaluated: "考核人数",
  present: "出勤",
  late: "迟到",
  leftEarly: "早退",
  lateAndLeftEarly: "迟到早退",
  excused: "请假",
  absentWithoutLeave: "缺勤",
  violations: "违纪次数",
  suspensions: "暂停服务",
  completeness: "活动完整率",
  stars: "星级志愿者",
  rank: "考评名次",
  allocated: "下拨经费（元）",
  spent: "支出（元）",
  available: "结余（元）",
  candidates: "表彰推荐",
  total: "合计",
  chartHours: "各中队服务时长",
  chartTarget: "各中队年度目标（48小时）达标率",
  chartDiscipline: "各中队违纪与暂停服务",
  preparedOn: "统计日期",
  none: "无"
} as const

const OUTCOMES: ReadonlyArray<Attendance.Outcome> = [
  "present",
  "late",
  "leftEarly",
  "lateAndLeftEarly",
  "excused",
  "absentWithoutLeave"
]

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

/**
 * Escapes text for HTML and SVG content and attribute values: `& < > " '`.
 *
 * @example
 * ```ts
 * import { Report } from "volunteer-brigade"
 * Report.escapeHtml(`<b title="x">&</b>`) // "&lt;b title=&quot;x&quot;&gt;&amp;&lt;/b&gt;"
 * ```
 * @category formatting
 * @since 0.1.0
 */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"))

const finite = (x: number): number => (Number.isFinite(x) ? x : 0)

/**
 * Minutes as hours with one decimal (T6), e.g. `90 → "1.5"`.
 *
 * @example
 * ```ts
 * import { Report } from "volunteer-brigade"
 * Report.hoursText(2880) // "48.0"
 * ```
 * @category formatting
 * @since 0.1.0
 */
export const hoursText = (minutes: number): string => (finite(minutes) / 60).toFixed(1)

/**
 * A share 0..1 as a percentage with one decimal, e.g. `0.825 → "82.5%"`.
 *
 * @example
 * ```ts
 * import { Report } from "volunteer-brigade"
 * Report.percentText(0.5) // "50.0%"
 * ```
 * @category formatting
 * @since 0.1.0
 */
export const percentText = (share: number): string => `${(finite(share) * 100).toFixed(1)}%`

const yuanText = (fen: number): string => (finite(fen) / 100).toFixed(2)

/**
 * The share of evaluated volunteers who met the annual target (T7); 0 when nobody was evaluated.
 *
 * @example
 * ```ts
 * import { Report } from "volunteer-brigade"
 * Report.targetShare({ target: { evaluated: 4, met: 3 } }) // 0.75
 * ```
 * @category figures
 * @since 0.1.0
 */
export const targetShare = (figures: Pick<SquadronFigures, "target">): number =>
  figures.target.evaluated === 0 ? 0 : figures.target.met / figures.target.evaluated

/**
 * The brigade's totals: the sum of every squadron's counts (T6, T7, D4, D5).
 *
 * @example
 * ```ts
 * import { Report } from "volunteer-brigade"
 * declare const report: Report.AnnualReport
 * const all = Report.totals(report.squadrons)
 * ```
 * @category figures
 * @since 0.1.0
 */
export const totals = (
  squadrons: ReadonlyArray<SquadronFigures>
): {
  readonly volunteers: number
  readonly activitiesHeld: number
  readonly minutes: number
  readonly target: { readonly evaluated: number; readonly met: number }
  readonly outcomes: Readonly<Record<Attendance.Outcome, number>>
  readonly violations: number
  readonly suspensions: number
} => {
  const sum = (f: (s: SquadronFigures) => number) => squadrons.reduce((acc, s) => acc + f(s), 0)
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, sum((s) => s.outcomes[o])])) as Record<Attendance.Outcome, number>
  return {
    volunteers: sum((s) => s.volunteers),
    activitiesHeld: sum((s) => s.activitiesHeld),
    minutes: sum((s) => s.minutes),
    target: { evaluated: sum((s) => s.target.evaluated), met: sum((s) => s.target.met) },
    outcomes,
    violations: sum((s) => s.discipline.violations),
    suspensions: sum((s) => s.discipline.suspensions)
  }
}

const starText = (stars: ReadonlyArray<number>): string =>
  stars
    .map((count, n) => (n === 0 || count === 0 ? "" : `${n}星 ${count}`))
    .filter((s) => s !== "")
    .join("，") || labelsZh.none

// ---------------------------------------------------------------------------------------------
// Table (CSV / xlsx)
// ---------------------------------------------------------------------------------------------

const COLUMNS: ReadonlyArray<Table.Column> = [
  { key: "squadron", label: labelsZh.squadron },
  { key: "volunteers", label: labelsZh.volunteers },
  { key: "activities", label: labelsZh.activities },
  { key: "hours", label: labelsZh.hours },
  { key: "perVolunteer", label: labelsZh.hoursPerVolunteer },
  { key: "evaluated", label: labelsZh.evaluated },
  { key: "met", label: labelsZh.targetMet },
  { key: "target", label: labelsZh.target },
  ...OUTCOMES.map((o) => ({ key: o, label: labelsZh[o] })),
  { key: "violations", label: labelsZh.violations },
  { key: "suspensions", label: labelsZh.suspensions },
  { key: "completeness", label: labelsZh.completeness },
  { key: "stars", label: labelsZh.stars },
  { key: "rank", label: labelsZh.rank },
  { key: "allocated", label: labelsZh.allocated },
  { key: "spent", label: labelsZh.spent },
  { key: "available", label: labelsZh.available }
]

const perVolunteer = (minutes: number, volunteers: number): string => hoursText(volunteers === 0 ? 0 : minutes / volunteers)

const rowOf = (s: SquadronFigures): Table.Row => ({
  squadron: s.name,
  volunteers: s.volunteers,
  activities: s.activitiesHeld,
  hours: hoursText(s.minutes),
  perVolunteer: perVolunteer(s.minutes, s.volunteers),
  evaluated: s.target.evaluated,
  met: s.target.met,
  target: percentText(targetShare(s)),
  ...Object.fromEntries(OUTCOMES.map((o) => [o, s.outcomes[o]])),
  violations: s.discipline.violations,
  suspensions: s.discipline.suspensions,
  completeness: percentText(s.completenessRate),
  stars: starText(s.stars),
  rank: s.evaluation === undefined ? "" : `${s.evaluation.rank}`,
  allocated: s.funds === undefined ? "" : yuanText(s.funds.allocatedFen),
  spent: s.funds === undefined ? "" : yuanText(s.funds.spentFen),
  available: s.funds === undefined ? "" : yuanText(s.funds.availableFen)
})

const totalRow = (report: AnnualReport): Table.Row => {
  const t = totals(report.squadrons)
  const funds = report.squadrons.flatMap((s) => (s.funds === undefined ? [] : [s.funds]))
  const fen = (f: (x: NonNullable<SquadronFigures["funds"]>) => number) => funds.reduce((a, x) => a + f(x), 0)
  const all: SquadronFigures = {
    unitId: "",
    name: labelsZh.total,
    volunteers: t.volunteers,
    activitiesHeld: t.activitiesHeld,
    minutes: t.minutes,
    target: t.target,
    outcomes: t.outcomes,
    discipline: { violations: t.violations, suspensions: t.suspensions },
    completenessRate: 0,
    stars: [],
    ...(funds.length === 0
      ? {}
      : { funds: { allocatedFen: fen((x) => x.allocatedFen), spentFen: fen((x) => x.spentFen), availableFen: fen((x) => x.availableFen) } })
  }
  return { ...rowOf(all), completeness: "", stars: "" }
}

/**
 * The annual report as a table (one row per squadron and a total row) for `toCsv` or
 * `toXlsx` (T6–T8, D4, D5, S1, S4, F3).
 *
 * @example
 * ```ts
 * import { Report } from "volunteer-brigade"
 * declare const report: Report.AnnualReport
 * const table = Report.toTable(report) // then toCsv(table) from "volunteer-brigade/csv"
 * ```
 * @category rendering
 * @since 0.1.0
 */
export const toTable = (report: AnnualReport): Table.Table =>
  Table.make({
    title: `${report.brigade} ${report.year} ${labelsZh.title}`,
    preamble: [`${labelsZh.preparedOn}：${report.preparedOn}`],
    columns: COLUMNS,
    rows: [...report.squadrons.map(rowOf), totalRow(report)],
    footer: [
      `${labelsZh.candidates}：${report.candidates.length === 0 ? labelsZh.none : report.candidates.join("、")}`,
      ...(report.notes ?? [])
    ]
  })

// ---------------------------------------------------------------------------------------------
// SVG charts
// ---------------------------------------------------------------------------------------------

/**
 * One series of a bar chart: its legend name and fill colour (a CSS colour).
 *
 * @category charts
 * @since 0.1.0
 */
export interface Series {
  readonly name: string
  readonly color: string
}

/**
 * Options of {@link barChart}: one group of bars per label, one bar per series.
 *
 * @category charts
 * @since 0.1.0
 */
export interface BarChart {
  readonly title: string
  readonly series: ReadonlyArray<Series>
  readonly groups: ReadonlyArray<{ readonly label: string; readonly values: ReadonlyArray<number> }>
  /** The axis maximum; default the largest value (at least 1). */
  readonly max?: number
  /** Text shown after each bar; default the value itself. */
  readonly format?: (value: number) => string
}

const num = (x: number): string => {
  const r = Math.round(finite(x) * 10) / 10
  return Object.is(r, -0) ? "0" : String(r)
}

const colorOf = (color: string): string => (/^#[0-9a-fA-F]{3,8}$|^[a-z]+$/.test(color) ? color : "#888")

/**
 * A horizontal grouped bar chart as an inline SVG element (no scripts, no external assets);
 * every label is escaped and negative or non-finite values draw as zero.
 *
 * @example
 * ```ts
 * import { Report } from "volunteer-brigade"
 * const svg = Report.barChart({
 *   title: "各中队服务时长",
 *   series: [{ name: "小时", color: "#2f6db5" }],
 *   groups: [{ label: "当湖街道", values: [1234.5] }, { label: "乍浦镇", values: [980] }]
 * })
 * ```
 * @category charts
 * @since 0.1.0
 */
export const barChart = (chart: BarChart): string => {
  const format = chart.format ?? ((v: number) => num(v))
  const clean = (v: number | undefined) => Math.max(0, finite(v ?? 0))
  const largest = Math.max(1, ...chart.groups.flatMap((g) => g.values.map(clean)))
  const max = chart.max !== undefined && finite(chart.max) > 0 ? finite(chart.max) : largest
  const n = Math.max(1, chart.series.length)
  const barH = 12
  const gap = 8
  const labelW = 120
  const plotW = 440
  const valueW = 80
  const width = labelW + plotW + valueW
  const top = 40
  const groupH = n * barH + gap
  const height = top + chart.groups.length * groupH + 10
  const parts: Array<string> = []
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(chart.title)}">`,
    `<title>${escapeHtml(chart.title)}</title>`,
    `<text x="0" y="14" class="chart-title">${escapeHtml(chart.title)}</text>`
  )
  chart.series.forEach((s, i) => {
    const x = labelW + i * 110
    parts.push(
      `<rect x="${x}" y="22" width="10" height="10" fill="${colorOf(s.color)}"/>`,
      `<text x="${x + 14}" y="31" class="legend">${escapeHtml(s.name)}</text>`
    )
  })
  for (let i = 0; i <= 4; i++) {
    const x = labelW + (plotW * i) / 4
    parts.push(`<line x1="${num(x)}" y1="${top - 4}" x2="${num(x)}" y2="${height - 10}" class="grid"/>`)
  }
  chart.groups.forEach((g, gi) => {
    const y0 = top + gi * groupH
    parts.push(`<text x="${labelW - 6}" y="${num(y0 + (n * barH) / 2 + 4)}" text-anchor="end" class="label">${escapeHtml(g.label)}</text>`)
    chart.series.forEach((s, si) => {
      const v = clean(g.values[si])
      const w = Math.min(plotW, (plotW * v) / max)
      const y = y0 + si * barH
      parts.push(
        `<rect class="bar" x="${labelW}" y="${y}" width="${num(w)}" height="${barH - 2}" fill="${colorOf(s.color)}"/>`,
        `<text x="${num(labelW + w + 4)}" y="${y + barH - 3}" class="value">${escapeHtml(format(v))}</text>`
      )
    })
  })
  parts.push("</svg>")
  return parts.join("")
}

// ---------------------------------------------------------------------------------------------
// HTML page
// ---------------------------------------------------------------------------------------------

const CSS = `
@page { size: A4; margin: 15mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimSun", sans-serif;
  color: #222; margin: 0 auto; max-width: 186mm; font-size: 10.5pt; line-height: 1.5; }
h1 { font-size: 18pt; text-align: center; margin: 0.4em 0 0.1em; }
h2 { font-size: 13pt; border-bottom: 2px solid #2f6db5; padding-bottom: 2px; margin: 1.2em 0 0.5em; }
.meta { text-align: center; color: #555; margin: 0 0 1em; }
.summary { display: flex; flex-wrap: wrap; gap: 6px; margin: 0.5em 0; }
.summary div { flex: 1 1 28%; border: 1px solid #ccd; border-radius: 4px; padding: 4px 8px; }
.summary b { display: block; font-size: 14pt; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; margin: 0.4em 0; page-break-inside: avoid; }
th, td { border: 1px solid #999; padding: 2px 4px; text-align: right; }
th { background: #eef2f8; text-align: center; }
td:first-child { text-align: left; white-space: nowrap; }
tr.total td { font-weight: bold; background: #f6f6f6; }
figure { margin: 0.6em 0; page-break-inside: avoid; }
svg { display: block; max-width: 100%; height: auto; }
svg .chart-title { font-size: 13px; font-weight: bold; fill: #222; }
svg .legend, svg .label, svg .value { font-size: 11px; fill: #333; }
svg .grid { stroke: #ddd; stroke-width: 1; }
footer { margin-top: 1.5em; color: #555; font-size: 9pt; }
@media print { h2 { page-break-after: avoid; } .page-break { page-break-before: always; } }
`

const cell = (value: string | number, tag: "td" | "th" = "td"): string => `<${tag}>${escapeHtml(String(value))}</${tag}>`

const htmlTable = (columns: ReadonlyArray<Table.Column>, rows: ReadonlyArray<Table.Row>, totalLast: boolean): string => {
  const head = `<tr>${columns.map((c) => cell(c.label, "th")).join("")}</tr>`
  const body = rows
    .map((row, i) => {
      const cls = totalLast && i === rows.length - 1 ? ` class="total"` : ""
      return `<tr${cls}>${columns.map((c) => cell(Table.cellText(Table.cellOf(row, c.key)))).join("")}</tr>`
    })
    .join("\n")
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`
}

const pick = (keys: ReadonlyArray<string>): ReadonlyArray<Table.Column> => COLUMNS.filter((c) => keys.includes(c.key))

/**
 * The annual report as one self-contained HTML page (T6–T8, D4, D5, S1, S4, F3): inline CSS
 * for A4 printing, three inline SVG charts (hours per squadron, target attainment per
 * squadron, discipline per squadron), the figures as tables and the commendation candidates.
 * No scripts and no external assets; every text is escaped.
 *
 * @example
 * ```ts
 * import { Report } from "volunteer-brigade"
 * declare const report: Report.AnnualReport
 * const html = Report.toHtml(report) // write it to annual-report.html and print it
 * ```
 * @category rendering
 * @since 0.1.0
 */
export const toHtml = (report: AnnualReport): string => {
  const t = totals(report.squadrons)
  const table = toTable(report)
  const title = `${report.brigade} ${report.year} ${labelsZh.title}`
  const groups = (f: (s: SquadronFigures) => ReadonlyArray<number>) => report.squadrons.map((s) => ({ label: s.name, values: f(s) }))
  const charts = [
    barChart({
      title: labelsZh.chartHours,
      series: [{ name: "小时", color: "#2f6db5" }],
      groups: groups((s) => [s.minutes / 60]),
      format: (v) => v.toFixed(1)
    }),
    barChart({
      title: labelsZh.chartTarget,
      series: [{ name: labelsZh.target, color: "#3a9a5b" }],
      groups: groups((s) => [targetShare(s) * 100]),
      max: 100,
      format: (v) => `${v.toFixed(1)}%`
    }),
    barChart({
      title: labelsZh.chartDiscipline,
      series: [
        { name: labelsZh.violations, color: "#d08a2b" },
        { name: labelsZh.suspensions, color: "#c0392b" }
      ],
      groups: groups((s) => [s.discipline.violations, s.discipline.suspensions]),
      format: (v) => String(Math.round(v))
    })
  ]
  const summary: ReadonlyArray<readonly [string, string]> = [
    [labelsZh.volunteers, String(t.volunteers)],
    [labelsZh.activities, String(t.activitiesHeld)],
    [labelsZh.hours, hoursText(t.minutes)],
    [labelsZh.target, percentText(targetShare(t))],
    [labelsZh.violations, String(t.violations)],
    [labelsZh.suspensions, String(t.suspensions)]
  ]
  const rows = table.rows
  return [
    "<!DOCTYPE html>",
    `<html lang="zh-CN">`,
    "<head>",
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style>`,
    "</head>",
    "<body>",
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">${escapeHtml(`${labelsZh.preparedOn}：${report.preparedOn}`)}</p>`,
    `<section class="summary">${summary.map(([k, v]) => `<div>${escapeHtml(k)}<b>${escapeHtml(v)}</b></div>`).join("")}</section>`,
    `<h2>${escapeHtml(labelsZh.chartHours)}</h2>`,
    `<figure>${charts[0]}</figure>`,
    `<h2>${escapeHtml(labelsZh.chartTarget)}</h2>`,
    `<figure>${charts[1]}</figure>`,
    `<h2>${escapeHtml(labelsZh.chartDiscipline)}</h2>`,
    `<figure>${charts[2]}</figure>`,
    `<h2 class="page-break">服务时长与目标</h2>`,
    htmlTable(pick(["squadron", "volunteers", "activities", "hours", "perVolunteer", "evaluated", "met", "target", "stars"]), rows, true),
    `<h2>出勤与纪律</h2>`,
    htmlTable(pick(["squadron", ...OUTCOMES, "violations", "suspensions", "completeness"]), rows, true),
    `<h2>考评与经费</h2>`,
    htmlTable(pick(["squadron", "rank", "allocated", "spent", "available"]), rows, true),
    `<h2>${escapeHtml(labelsZh.candidates)}</h2>`,
    `<p>${escapeHtml(report.candidates.length === 0 ? labelsZh.none : report.candidates.join("、"))}</p>`,
    `<footer>${(report.notes ?? []).map((n) => `<p>${escapeHtml(n)}</p>`).join("")}</footer>`,
    "</body>",
    "</html>",
    ""
  ].join("\n")
}
