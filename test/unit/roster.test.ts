import ExcelJS from "exceljs"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { toCsv } from "../../adapters/csv/index.js"
import { toXlsx } from "../../adapters/xlsx/index.js"
import type { ServiceCategory } from "../../src/category.js"
import type { Appointment, Role } from "../../src/hierarchy.js"
import type { AppointmentId, UnitId, VolunteerId } from "../../src/ids.js"
import * as Policy from "../../src/policy.js"
import * as Roster from "../../src/roster.js"
import { cellOf, type Table } from "../../src/table.js"
import { localDate, type LocalDate } from "../../src/time.js"
import type { Individual, VolunteerStatus } from "../../src/volunteer.js"
import { residentIdFor } from "../conformance/volunteers.js"

const on = localDate("2026-03-01")
const SQUADRON = "unit_squadron" as UnitId
const SQUADS = ["unit_s1", "unit_s2"] as unknown as ReadonlyArray<UnitId>
const FULL_MOBILE = /1[3-9]\d{9}/
const FULL_ID = /\d{17}[\dXx]/

const mobileArb = fc.integer({ min: 0, max: 99_999_999 }).map((n) => `139${String(n).padStart(8, "0")}`)
const nameArb = fc.constantFrom("张三", "李四", "王小明", "赵", "欧阳娜娜")
const statusArb = fc.constantFrom<VolunteerStatus>("pending", "active", "active", "suspended", "withdrawn")

const volunteerArb = (i: number) =>
  fc.record({
    name: nameArb,
    mobile: mobileArb,
    squad: fc.constantFrom(...SQUADS),
    status: statusArb,
    consent: fc.boolean(),
    gender: fc.constantFrom<"male" | "female">("male", "female"),
    skills: fc.subarray<ServiceCategory>(["legalAid", "securityPatrol", "fireSafety"])
  }).map((r): Individual => ({
    id: `volunteer_${String(i).padStart(4, "0")}` as VolunteerId,
    volunteerNumber: `PH-${String(i).padStart(4, "0")}`,
    name: r.name,
    gender: r.gender,
    birthDate: localDate("1990-01-02"),
    document: { type: "residentId", number: residentIdFor("19900102", i, r.gender) },
    mobile: r.mobile,
    skills: r.skills,
    squadId: r.squad,
    publishNameConsent: r.consent,
    status: r.status,
    registeredOn: on,
    squadHistory: [{ squadId: r.squad, from: on }]
  }) as Individual)

const volunteersArb = fc.integer({ min: 0, max: 12 }).chain((n) =>
  n === 0 ? fc.constant([] as Array<Individual>) : fc.tuple(...Array.from({ length: n }, (_, i) => volunteerArb(i + 1)))
)

const roleUnit: Readonly<Record<string, ReadonlyArray<UnitId>>> = {
  squadronCaptain: [SQUADRON],
  squadronDeputy: [SQUADRON],
  squadLeader: SQUADS,
  squadDeputy: SQUADS
}

const appointmentsArb = fc.array(
  fc.record({
    role: fc.constantFrom<Role>("squadronCaptain", "squadronDeputy", "squadLeader", "squadDeputy", "office"),
    unit: fc.nat(1),
    mobile: fc.option(mobileArb, { nil: undefined }),
    since: fc.constantFrom("2012-09-20", "2030-01-01")
  }),
  { maxLength: 6 }
).map((xs) =>
  xs.map((x, i): Appointment => {
    const units = roleUnit[x.role] ?? SQUADS
    return {
      id: `appointment_${i}` as AppointmentId,
      unitId: units[x.unit % units.length]!,
      actorId: `actor-${i}` as Appointment["actorId"],
      role: x.role,
      holder: { name: `领导${i}`, ...(x.mobile === undefined ? {} : { mobile: x.mobile }) },
      since: x.since as LocalDate
    }
  })
)

const squadronRoster = (appointments: ReadonlyArray<Appointment>, volunteers: ReadonlyArray<Individual>, clear?: boolean) =>
  Roster.annex2({
    city: "平湖市", squadron: { id: SQUADRON, name: "当湖街道" }, squadIds: SQUADS, appointments, volunteers, on,
    ...(clear === undefined ? {} : { clear })
  })

const serials = (t: Table) => t.rows.map((r) => cellOf(r, "序号"))
const roles = (t: Table) => t.rows.map((r) => String(cellOf(r, "队内职务")))

describe("Roster", () => {
  it("R1: Annex 1 has one row per deputy captain in office, numbered 1..n, titled from the city, with the stamp line", () => {
    const deputy = (i: number, department: string, since = "2012-09-20"): Appointment => ({
      id: `appointment_${i}` as AppointmentId, unitId: "unit_b" as UnitId, actorId: `d${i}` as Appointment["actorId"],
      role: "deputyCaptain", department, holder: { name: `副${i}`, officePhone: "85030727", mobile: "13905730001" },
      since: since as LocalDate
    })
    const appointments = [deputy(1, "团市委"), deputy(2, "市公安局"), deputy(3, "市司法局", "2027-01-01"), { ...deputy(4, "市卫生局"), role: "captain" as const }]
    const t = Roster.annex1({ city: "嘉善县", brigadeId: "unit_b", appointments, on, departmentOrder: Policy.defaults.designatedDepartments })
    expect(t.title).toBe("嘉善县社区志愿者服务大队副大队长名册表")
    expect(t.preamble).toEqual(["市级有关部门盖章："])
    expect(t.rows).toEqual([
      { 序号: 1, 姓名: "副2", 单位及职务: "市公安局", 办公电话: "85030727", 手机: "139****0001" },
      { 序号: 2, 姓名: "副1", 单位及职务: "团市委", 办公电话: "85030727", 手机: "139****0001" }
    ])
  })

  it("R2: serial numbers are 1..n without gaps and leaders come before members", () => {
    fc.assert(
      fc.property(appointmentsArb, volunteersArb, fc.boolean(), (appointments, volunteers, clear) => {
        for (const t of [squadronRoster(appointments, volunteers, clear), Roster.annex3({ city: "平湖市", squad: { id: SQUADS[0]!, name: "东湖社区" }, appointments, volunteers, on, clear })]) {
          expect(serials(t)).toEqual(t.rows.map((_, i) => i + 1))
          const r = roles(t)
          const firstMember = r.indexOf("队员")
          if (firstMember !== -1) expect(r.slice(firstMember).every((x) => x === "队员")).toBe(true)
        }
        const t = squadronRoster(appointments, volunteers, clear)
        const leaders = appointments.filter((a) => a.role !== "office" && a.since <= on)
        expect(roles(t).filter((x) => x !== "队员")).toHaveLength(leaders.length)
        expect(roles(t).filter((x) => x === "队员")).toHaveLength(volunteers.filter((v) => v.status === "active").length)
      })
    )
  })

  it("R2: squadron leaders precede squad leaders; a leader linked to a volunteer is completed from it and not listed twice", () => {
    const v = fc.sample(volunteerArb(1), { seed: 1, numRuns: 1 })[0]!
    const active = { ...v, status: "active" as const, squadId: SQUADS[0]!, squadHistory: [{ squadId: SQUADS[0]!, from: on }] } as Individual
    const appointments: ReadonlyArray<Appointment> = [
      { id: "appointment_2" as AppointmentId, unitId: SQUADS[0]!, actorId: "a2" as Appointment["actorId"], role: "squadLeader", holder: { name: active.name }, volunteerId: active.id, since: on },
      { id: "appointment_1" as AppointmentId, unitId: SQUADRON, actorId: "a1" as Appointment["actorId"], role: "squadronCaptain", holder: { name: "沈" }, since: on }
    ]
    const t = squadronRoster(appointments, [active], true)
    expect(roles(t)).toEqual(["中队长", "分队长"])
    expect(t.rows[1]).toMatchObject({ 姓名: active.name, 性别: active.gender === "male" ? "男" : "女", 出生年月: "1990.01", 手机: active.mobile })
  })

  it("V7: no roster cell holds a full 11-digit mobile or 18-digit ID number, nor an unconsented name, unless clear is asked", () => {
    fc.assert(
      fc.property(appointmentsArb, volunteersArb, (appointments, volunteers) => {
        const masked = squadronRoster(appointments, volunteers)
        for (const cell of masked.rows.flatMap((r) => Object.values(r)).map(String)) {
          expect(cell).not.toMatch(FULL_MOBILE)
          expect(cell).not.toMatch(FULL_ID)
        }
        // A member's name is printed only with consent; otherwise it is masked.
        const consenting = new Set(volunteers.filter((v) => v.status === "active" && v.publishNameConsent).map((v) => v.name))
        for (const row of masked.rows.filter((r) => cellOf(r, "队内职务") === "队员")) {
          const name = String(cellOf(row, "姓名"))
          expect(consenting.has(name) || name.includes("*")).toBe(true)
        }
        const clear = squadronRoster(appointments, volunteers, true)
        const mobiles = clear.rows.map((r) => String(cellOf(r, "手机")))
        for (const v of volunteers.filter((x) => x.status === "active")) expect(mobiles).toContain(v.mobile)
      })
    )
  })

  it("V7: mobile masking keeps the first 3 and last 4 digits", () => {
    fc.assert(
      fc.property(mobileArb, (mobile) => {
        const v = { ...fc.sample(volunteerArb(1), { seed: 2, numRuns: 1 })[0]!, status: "active" as const, mobile }
        const cell = String(cellOf(squadronRoster([], [v]).rows[0]!, "手机"))
        expect(cell).toBe(`${mobile.slice(0, 3)}****${mobile.slice(7)}`)
      })
    )
  })

  it("R3: due up to and including the due date, overdue from the next local day, filed once recorded", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2013, max: 2100 }), fc.integer({ min: -400, max: 400 }), fc.boolean(), (year, offset, filed) => {
        const due = Roster.dueDate(year, Policy.defaults)
        expect(due).toBe(`${year}-09-30`)
        const asOf = localDate(new Date(Date.UTC(year, 8, 30 + offset)).toISOString().slice(0, 10))
        const filings = filed ? [{ unitId: "u", year }] : [{ unitId: "other", year }, { unitId: "u", year: year - 1 }]
        const status = Roster.filingStatus({ filings, unitId: "u", year, asOf, policy: Policy.defaults })
        expect(status).toBe(filed ? "filed" : asOf > due ? "overdue" : "due")
      })
    )
  })

  it("R3: a policy's due date is clamped to the month's end", () => {
    const policy = Policy.make({ rosterDue: { month: 2, day: 31 } })
    expect(Roster.dueDate(2026, policy)).toBe("2026-02-28")
    expect(Roster.dueDate(2028, policy)).toBe("2028-02-29")
  })

  it("labels: zh-CN labels for status, document type, gender, team role and service category", () => {
    expect(Roster.labelsZh.status.suspended).toBe("暂停")
    expect(Roster.labelsZh.documentType.passport).toBe("护照")
    expect(Roster.labelsZh.gender.male).toBe("男")
    expect(Object.values(Roster.labelsZh.teamRole)).toEqual(["中队长", "副中队长", "分队长", "副分队长", "队员"])
    expect(Roster.labelsZh.serviceCategory.securityPatrol).toBe("治安巡查")
  })

  it("does not mutate its input", () => {
    fc.assert(
      fc.property(appointmentsArb, volunteersArb, (appointments, volunteers) => {
        const before = structuredClone([appointments, volunteers])
        squadronRoster(appointments, volunteers)
        expect([appointments, volunteers]).toEqual(before)
      }),
      { numRuns: 30 }
    )
  })
})

describe("Roster exports (R4)", () => {
  const sample = () =>
    squadronRoster(
      [{ id: "appointment_1" as AppointmentId, unitId: SQUADRON, actorId: "a" as Appointment["actorId"], role: "squadronCaptain", holder: { name: "沈,建国", unitAndPost: "当湖街道\"党工委\"委员", mobile: "13905730010" }, since: on }],
      []
    )

  it("R4: a roster as CSV starts with a BOM, ends records with CRLF and quotes by RFC 4180", () => {
    const csv = toCsv(sample(), { includeTitle: true })
    expect(csv.startsWith("\uFEFF平湖市当湖街道社区志愿者服务中队人员名册表\r\n")).toBe(true)
    expect(csv.endsWith("\r\n")).toBe(true)
    expect(csv.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/)
    expect(csv).toContain('1,"沈,建国",,,中队长,"当湖街道""党工委""委员",,139****0010\r\n')
  })

  it("R4: a roster as .xlsx has the title row, then the header row", async () => {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await toXlsx(sample())) as never)
    const sheet = workbook.worksheets[0]!
    expect(sheet.getRow(1).getCell(1).value).toBe("平湖市当湖街道社区志愿者服务中队人员名册表")
    const header = (sheet.getRow(2).values as Array<unknown>).slice(1)
    expect(header).toEqual(Roster.personnelColumns.map((c) => c.label))
  })
})
