/**
 * Pure rules with plain data: no store, no clock, no Effect runtime. Every rule of the core
 * is a function of its inputs (C2), so a host can call it anywhere — in a form validator, a
 * report, a spreadsheet import — and get the same answer the workflows use.
 *
 * Run: `npx tsx examples/pure-rules.ts`. In a host, import from "volunteer-brigade".
 */
import { Result } from "effect"
import { Discipline, Hierarchy, Hours, Identity, Ids, Policy, Time } from "../src/index.js"

const policy = Policy.defaults

// V2 — the GB 11643 check digit of a resident ID number, and what the number says.
const first17 = "11010519491231002"
const id = `${first17}${Identity.checkDigit(first17)}`
console.log(`check digit of ${first17}: ${Identity.checkDigit(first17)}`)
console.log(`${id} valid: ${Identity.isValidResidentId(id)}; 110105194912310021 valid: ${Identity.isValidResidentId("110105194912310021")}`)
if (Identity.isValidResidentId(id)) console.log(`born ${Identity.birthDateOf(id)}, ${Identity.genderOf(id)}`)
// V7 — rosters and exports mask personal numbers unless asked for clear values.
console.log(`masked: ${Identity.maskIdNumber(id)} ${Identity.maskMobile("13800138000")}`)

// T1, T2 — credited time: actual service inside the window, union of overlaps, no travel, whole minutes.
const at = (hhmm: string) => Time.instant(`2026-03-05T${hhmm}:00+08:00`)
const credit = Hours.credit({
  window: { start: at("09:00"), end: at("12:00") },
  attended: [
    { start: at("08:30"), end: at("10:30") },
    { start: at("10:00"), end: at("11:40") }, // overlaps the first: counted once
    { start: at("11:40"), end: at("12:00"), travel: true } // travel is not service
  ],
  policy
})
console.log(`credited: ${credit.minutes} min (${Time.formatHours(credit.minutes)} h), share ${credit.share.toFixed(3)}`)

// T7, T8 — the annual target of 48 h and stars by cumulative hours.
const target = Hours.evaluateTarget({ annualMinutes: 2_000, registeredOn: Time.localDate("2025-03-01"), year: 2026, policy })
console.log(`target 2026: ${JSON.stringify(target)}`)
console.log(`stars at 320 h: ${Hours.stars(320 * 60, policy.starThresholds)}`)

// D1, D4 — violations of an attendance outcome, points over 12 months, the standing they give.
const volunteerId = Ids.VolunteerId.make("volunteer-1")
const violations = [
  ...Discipline.violationsOf("absentWithoutLeave", null, { volunteerId, on: Time.localDate("2026-01-10") }),
  ...Discipline.violationsOf("lateAndLeftEarly", false, { volunteerId, on: Time.localDate("2026-02-14") }),
  ...Discipline.violationsOf("absentWithoutLeave", null, { volunteerId, on: Time.localDate("2026-03-01") }),
  ...Discipline.violationsOf("excused", null, { volunteerId, on: Time.localDate("2026-03-04") }) // approved leave: nothing
]
const points = Discipline.points(violations, Time.localDate("2026-03-05"), policy)
console.log(`violations: ${violations.map((v) => v.kind).join(", ")}`)
console.log(`points: ${points} → ${Discipline.standing(points, policy)}`)

// H1, H3, H6 — decisions on the organisation tree return a Result with a typed refusal.
const profile = {
  city: "平湖市",
  office: "市民政局社会工作综合科",
  administrativeLead: "市民政局（市委社工办）",
  professionalGuide: "平湖市志愿者协会",
  serviceCentre: "平湖市96345社区服务中心"
}
let org: Hierarchy.Organisation = { units: [], appointments: [], teams: [] }
const decide = (unitId: string, input: Hierarchy.UnitInput) => {
  const r = Hierarchy.decideUnit(org, Ids.UnitId.make(unitId), input)
  if (Result.isSuccess(r)) org = { ...org, units: [...org.units, r.success] }
  return r
}
const on = Time.localDate("2012-09-20")
decide("brigade", { level: "brigade", name: "平湖市社区志愿者服务大队", code: "PH", establishedOn: on, profile })
decide("dh", { level: "squadron", name: "当湖街道", code: "PH-DH", parentId: Ids.UnitId.make("brigade"), establishedOn: on })
const second = decide("brigade-2", { level: "brigade", name: "第二大队", code: "PH2", establishedOn: on, profile })
const skipped = decide("squad-x", { level: "squad", name: "东湖社区", code: "PH-X", parentId: Ids.UnitId.make("brigade"), establishedOn: on })
console.log(`units: ${org.units.map((u) => `${u.name}(${u.level})`).join(" → ")}`)
if (Result.isFailure(second)) console.log(`second brigade refused: ${second.failure._tag} ${second.failure.reason}`)
if (Result.isFailure(skipped)) console.log(`squad under the brigade refused: ${skipped.failure._tag} ${skipped.failure.reason}`)
