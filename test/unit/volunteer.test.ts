import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Identity from "../../src/identity.js"
import type { UnitId, VolunteerId, GroupId } from "../../src/ids.js"
import * as Policy from "../../src/policy.js"
import { addDays, ageOn, localDate, type LocalDate } from "../../src/time.js"
import * as Volunteer from "../../src/volunteer.js"

const policy = Policy.defaults
const registeredOn = localDate("2026-03-05")
const vid = (s: string) => s as VolunteerId
const squad = (s: string) => s as UnitId

/** A valid resident ID for a birth date and sequence number (GB 11643, region 330482 = Pinghu). */
const residentId = (birth: string, sequence: number): string => {
  const first17 = `330482${birth.replaceAll("-", "")}${String(sequence).padStart(3, "0")}`
  return first17 + Identity.checkDigit(first17)!
}

const rawPerson = (birth: string, sequence: number, extra: Record<string, unknown> = {}) => ({
  name: "张三丰",
  gender: sequence % 2 === 1 ? "male" : "female",
  birthDate: birth,
  document: { type: "residentId", number: residentId(birth, sequence) },
  mobile: "13800138000",
  unitAndPost: "当湖街道 社工",
  officePhone: "0573-85030727",
  skills: ["legalAid", "securityPatrol"],
  availability: "周末",
  squadId: "squad-1",
  publishNameConsent: false,
  ...extra
})

const validate = (raw: unknown, on: LocalDate = registeredOn, p = policy) => Volunteer.validateIndividual(raw, on, p)

const mustSucceed = <A, E>(r: Result.Result<A, E>): A => {
  if (Result.isFailure(r)) throw new Error(`expected success, got ${String(r.failure)}`)
  return r.success
}
const mustFail = <A, E>(r: Result.Result<A, E>): E => {
  if (Result.isSuccess(r)) throw new Error("expected a failure")
  return r.failure
}

const adult = () => mustSucceed(validate(rawPerson("1990-01-01", 123)))
const activeAdult = (): Volunteer.Individual => ({
  ...Volunteer.makeIndividual(vid("v-1"), "PH-000001", adult(), registeredOn),
  status: "active"
})

const adultBirthArb = fc
  .date({ min: new Date("1930-01-01T00:00:00Z"), max: new Date("2000-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))

describe("Volunteer: individual registration", () => {
  it("V2: a complete, consistent registration validates and keeps every field", () => {
    fc.assert(
      fc.property(adultBirthArb, fc.integer({ min: 0, max: 999 }), fc.boolean(), (birth, seq, consent) => {
        const raw = rawPerson(birth, seq, { publishNameConsent: consent })
        expect(mustSucceed(validate(raw))).toEqual(raw)
      })
    )
  })

  it("V2: optional fields may be left out", () => {
    const { unitAndPost: _u, officePhone: _o, availability: _a, ...minimal } = rawPerson("1990-01-01", 123)
    expect(mustSucceed(validate(minimal))).toEqual(minimal)
  })

  it("V2: validation does not mutate its input", () => {
    const raw = rawPerson("1990-01-01", 123, { mobile: "123" })
    const copy = structuredClone(raw)
    validate(raw)
    validate(rawPerson("1990-01-01", 123))
    expect(raw).toEqual(copy)
  })

  it("V2: a failing field is named", () => {
    const cases: ReadonlyArray<readonly [Record<string, unknown>, string]> = [
      [{ name: "" }, "name"],
      [{ name: " 张三" }, "name"],
      [{ gender: "other" }, "gender"],
      [{ birthDate: "1990-02-30" }, "birthDate"],
      [{ document: { type: "residentId", number: "330482199001011230" } }, "document.number"],
      [{ document: { type: "idCard", number: "E12345678" } }, "document.type"],
      [{ mobile: "23800138000" }, "mobile"],
      [{ mobile: "1380013800" }, "mobile"],
      [{ officePhone: "phone" }, "officePhone"],
      [{ skills: ["cooking"] }, "skills.0"],
      [{ skills: ["legalAid", "legalAid"] }, "skills"],
      [{ squadId: "" }, "squadId"],
      [{ publishNameConsent: "yes" }, "publishNameConsent"]
    ]
    for (const [patch, field] of cases) {
      const e = mustFail(validate(rawPerson("1990-01-01", 123, patch)))
      expect(e._tag).toBe("VolunteerInvalid")
      expect(e.field).toBe(field)
      expect(e.issues.map((i) => i.field)).toEqual([field])
      expect(e.reason.length).toBeGreaterThan(0)
      expect(e.message).toContain(field)
    }
  })

  it("V2: a missing required field is named", () => {
    for (const key of ["name", "gender", "birthDate", "document", "mobile", "skills", "squadId", "publishNameConsent"]) {
      const raw: Record<string, unknown> = rawPerson("1990-01-01", 123)
      delete raw[key]
      const e = mustFail(validate(raw))
      expect(e.field).toBe(key)
      expect(e.reason).toBe("is required")
    }
  })

  it("V2: input that is not an object is refused", () => {
    for (const raw of [null, undefined, 42, "张三", []]) {
      expect(mustFail(validate(raw))._tag).toBe("VolunteerInvalid")
    }
  })

  it("V2: several failures report the first in form order and list all", () => {
    const e = mustFail(validate(rawPerson("1990-01-01", 123, { squadId: "", mobile: "1", gender: "x" })))
    expect(e.field).toBe("gender")
    expect(e.issues.map((i) => i.field)).toEqual(["gender", "mobile", "squadId"])
  })

  it("V2: the resident ID must agree with the stated birth date", () => {
    fc.assert(
      fc.property(adultBirthArb, adultBirthArb, fc.integer({ min: 0, max: 999 }), (idBirth, stated, seq) => {
        fc.pre(idBirth !== stated)
        const raw = { ...rawPerson(idBirth, seq), birthDate: stated }
        const e = mustFail(validate(raw))
        expect(e.field).toBe("birthDate")
        expect(e.reason).toContain(idBirth)
      })
    )
  })

  it("V2: the resident ID must agree with the stated gender (17th digit odd = male)", () => {
    fc.assert(
      fc.property(adultBirthArb, fc.integer({ min: 0, max: 999 }), (birth, seq) => {
        const raw = rawPerson(birth, seq)
        const wrong = { ...raw, gender: raw.gender === "male" ? "female" : "male" }
        expect(mustFail(validate(wrong)).field).toBe("gender")
      })
    )
  })

  it("V2: a lower-case x check character is accepted and stored upper-case, without mutating the input", () => {
    const birth = ["1990-01-01", "1985-06-15", "1972-11-30", "2001-02-28"]
    const withX = birth.flatMap((b) => Array.from({ length: 1000 }, (_, seq) => [b, seq] as const))
      .find(([b, seq]) => residentId(b, seq).endsWith("X"))
    if (withX === undefined) throw new Error("no fixture id ends in X")
    const number = residentId(...withX)
    const raw = rawPerson(withX[0], withX[1], { document: { type: "residentId", number: number.toLowerCase() } })
    expect(mustSucceed(validate(raw)).document.number).toBe(number)
    expect(raw.document).toEqual({ type: "residentId", number: number.toLowerCase() })
  })

  it("V2: other documents are not cross-checked against birth date and gender", () => {
    const raw = rawPerson("1990-01-01", 123, {
      gender: "female",
      document: { type: "passport", number: "E12345678" }
    })
    expect(Result.isSuccess(validate(raw))).toBe(true)
  })
})

describe("Volunteer: groups", () => {
  const rawGroup = (extra: Record<string, unknown> = {}) => ({
    name: "当湖街道青年志愿者服务队",
    contactPerson: "王五",
    contactPhone: "0573-85030727",
    memberCount: 3,
    memberIds: ["v-1", "v-2"],
    squadId: "squad-1",
    skills: ["securityPatrol"],
    ...extra
  })

  it("V1: a group records name, contact person, contact phone, member count and members", () => {
    const g = mustSucceed(Volunteer.validateGroup(rawGroup()))
    expect(g).toEqual(rawGroup())
    const record = Volunteer.makeGroup("g-1" as GroupId, "PH-T-0001", g, registeredOn)
    expect(record.status).toBe("pending")
    expect(Schema.decodeUnknownSync(Volunteer.Group)(record)).toEqual(record)
  })

  it("V1: the contact phone may be a mobile or an office phone, nothing else", () => {
    expect(Result.isSuccess(Volunteer.validateGroup(rawGroup({ contactPhone: "13800138000" })))).toBe(true)
    expect(Result.isSuccess(Volunteer.validateGroup(rawGroup({ contactPhone: "85030727" })))).toBe(true)
    expect(mustFail(Volunteer.validateGroup(rawGroup({ contactPhone: "12345" }))).field).toBe("contactPhone")
  })

  it("V1: a group has at least one member and lists no more members than its count", () => {
    expect(mustFail(Volunteer.validateGroup(rawGroup({ memberCount: 0 }))).field).toBe("memberCount")
    expect(mustFail(Volunteer.validateGroup(rawGroup({ memberCount: 1.5 }))).field).toBe("memberCount")
    expect(mustFail(Volunteer.validateGroup(rawGroup({ memberCount: 1 }))).field).toBe("memberIds")
    expect(mustFail(Volunteer.validateGroup(rawGroup({ memberIds: ["v-1", "v-1"] }))).field).toBe("memberIds")
    const { memberIds: _m, ...withoutMembers } = rawGroup()
    expect(Result.isSuccess(Volunteer.validateGroup(withoutMembers))).toBe(true)
  })
})

describe("Volunteer: records", () => {
  it("V2: a new individual is pending with one squad period from registration, and decodes as persisted", () => {
    const input = adult()
    const v = Volunteer.makeIndividual(vid("v-1"), "PH-000001", input, registeredOn)
    expect(v.status).toBe("pending")
    expect(v.squadHistory).toEqual([{ squadId: input.squadId, from: registeredOn }])
    expect(Schema.decodeUnknownSync(Volunteer.Individual)(v)).toEqual(v)
  })

  it("V6: a persisted record with an inconsistent squad history is refused", () => {
    const v = activeAdult()
    const decode = Schema.decodeUnknownResult(Volunteer.Individual)
    expect(Result.isFailure(decode({ ...v, squadHistory: [] }))).toBe(true)
    expect(Result.isFailure(decode({ ...v, squadHistory: [{ squadId: v.squadId, from: "2026-03-06" }] }))).toBe(true)
    expect(Result.isFailure(decode({ ...v, squadId: "squad-9" }))).toBe(true)
    const unordered = [
      { squadId: "squad-1", from: "2026-03-05" },
      { squadId: "squad-2", from: "2026-05-01" },
      { squadId: "squad-3", from: "2026-04-01" }
    ]
    expect(Result.isFailure(decode({ ...v, squadId: "squad-3", squadHistory: unordered }))).toBe(true)
  })
})

describe("Volunteer: uniqueness", () => {
  const typeArb = fc.constantFrom(...Identity.DocumentType.literals)
  const numberArb = fc.stringMatching(/^[a-zA-Z0-9 ]{1,12}$/)
  const sameModuloCaseAndSpace = (a: string, b: string) =>
    a.replace(/\s/g, "").toLowerCase() === b.replace(/\s/g, "").toLowerCase()

  it("V3: identity keys are equal iff same type and same number modulo letter case and whitespace", () => {
    fc.assert(
      fc.property(typeArb, typeArb, numberArb, numberArb, (t1, t2, n1, n2) => {
        const equal = Volunteer.identityKey({ type: t1, number: n1 }) === Volunteer.identityKey({ type: t2, number: n2 })
        expect(equal).toBe(t1 === t2 && sameModuloCaseAndSpace(n1, n2))
      })
    )
  })

  it("V3: re-typing a number with other case and spaces gives the same key", () => {
    fc.assert(
      fc.property(typeArb, numberArb, fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (type, number, flips) => {
        const retyped = Array.from(number)
          .map((c, i) => (flips[i] ? ` ${c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()}` : c))
          .join("")
        expect(Volunteer.identityKey({ type, number: retyped })).toBe(Volunteer.identityKey({ type, number }))
      })
    )
  })

  it("V3: a second registration of the same person is a DuplicateVolunteer naming the existing record", () => {
    const existing = [activeAdult(), { ...activeAdult(), id: vid("v-2"), document: { type: "passport" as const, number: "E12345678" } }]
    const again = mustFail(Volunteer.ensureUnique({ type: "passport", number: "e1234 5678" }, existing))
    expect(again._tag).toBe("DuplicateVolunteer")
    expect(again.existingId).toBe("v-2")
    expect(again).toMatchObject({ documentType: "passport", maskedNumber: "*********" })
    expect(mustSucceed(Volunteer.ensureUnique({ type: "hkMacaoPermit", number: "E12345678" }, existing))).toBe(
      "hkMacaoPermit:E12345678"
    )
  })

  it("V3: the x check character of a resident ID does not make a second person", () => {
    const id = residentId("1990-01-01", 123)
    const lower = id.replace(/X$/, "x")
    expect(Volunteer.identityKey({ type: "residentId", number: lower })).toBe(
      Volunteer.identityKey({ type: "residentId", number: id })
    )
  })
})

describe("Volunteer: age and minors", () => {
  it("V4: the minimum age is 14 on the registration date", () => {
    const guardian = { name: "李华", mobile: "13900139000", relationship: "父亲", consentOn: "2026-03-01" }
    const turns14Today = rawPerson("2012-03-05", 124, { guardian })
    expect(Result.isSuccess(validate(turns14Today))).toBe(true)
    const turns14Tomorrow = rawPerson("2012-03-06", 124, { guardian })
    const e = mustFail(validate(turns14Tomorrow))
    expect(e.field).toBe("birthDate")
    expect(e.reason).toContain("14")
  })

  it("V4: under 18 requires recorded guardian consent given by the registration date", () => {
    const minor = rawPerson("2010-01-01", 124)
    expect(mustFail(validate(minor)).field).toBe("guardian")
    const late = { name: "李华", mobile: "13900139000", relationship: "母亲", consentOn: "2026-03-06" }
    expect(mustFail(validate({ ...minor, guardian: late })).field).toBe("guardian.consentOn")
    const onTime = { ...late, consentOn: "2026-03-05" }
    expect(Result.isSuccess(validate({ ...minor, guardian: onTime }))).toBe(true)
    expect(Result.isSuccess(validate(rawPerson("2008-03-05", 124)))).toBe(true) // 18 today
  })

  it("V4: acceptance follows the age thresholds of the policy for every birth and registration date", () => {
    const dateArb = fc
      .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true })
      .map((d) => localDate(d.toISOString().slice(0, 10)))
    const policyArb = fc
      .tuple(fc.integer({ min: 10, max: 18 }), fc.integer({ min: 0, max: 6 }))
      .map(([minimumAge, extra]) => Policy.make({ minimumAge, adultAge: minimumAge + extra }))
    fc.assert(
      fc.property(dateArb, dateArb, fc.boolean(), policyArb, (birth, on, withGuardian, p) => {
        fc.pre(birth <= on)
        const guardian = { name: "李华", mobile: "13900139000", relationship: "父亲", consentOn: on }
        const raw = rawPerson(birth, 123, withGuardian ? { guardian } : {})
        const age = ageOn(birth, on)
        const expected = age >= p.minimumAge && (age >= p.adultAge || withGuardian)
        expect(Result.isSuccess(validate(raw, on, p))).toBe(expected)
      })
    )
  })

  it("V4: a minor is never allowed a hazardous activity; the birthday counts on the day itself", () => {
    const v = { birthDate: localDate("2008-03-05") }
    expect(Volunteer.ageOnDate(v, localDate("2026-03-04"))).toBe(17)
    expect(Volunteer.isMinor(v, localDate("2026-03-04"), policy)).toBe(true)
    expect(Volunteer.mayServeHazardous(v, localDate("2026-03-04"), policy)).toBe(false)
    expect(Volunteer.isMinor(v, localDate("2026-03-05"), policy)).toBe(false)
    expect(Volunteer.mayServeHazardous(v, localDate("2026-03-05"), policy)).toBe(true)
  })

  it("V4: mayServeHazardous is false exactly for minors on the activity date", () => {
    fc.assert(
      fc.property(adultBirthArb, fc.integer({ min: 0, max: 40 * 365 }), (birth, days) => {
        const v = { birthDate: localDate(birth) }
        const on = addDays(v.birthDate, days)
        expect(Volunteer.mayServeHazardous(v, on, policy)).toBe(ageOn(v.birthDate, on) >= policy.adultAge)
      })
    )
  })

  it("V4: eligibility to serve checks status, minimum age, guardian consent and hazard", () => {
    const on = localDate("2026-05-01")
    const base = activeAdult()
    expect(mustSucceed(Volunteer.eligibleToServe(base, on, policy, { hazardous: true }))).toBe(base)
    for (const status of ["pending", "suspended", "withdrawn", "dismissed"] as const) {
      expect(mustFail(Volunteer.eligibleToServe({ ...base, status }, on, policy)).reason).toBe("notActive")
    }
    const young = { ...base, birthDate: localDate("2012-05-02") }
    expect(mustFail(Volunteer.eligibleToServe(young, on, policy)).reason).toBe("underMinimumAge")
    const minor = { ...base, birthDate: localDate("2010-01-01") }
    expect(mustFail(Volunteer.eligibleToServe(minor, on, policy)).reason).toBe("noGuardianConsent")
    const consented = { ...minor, guardian: { name: "李华", mobile: "13900139000", relationship: "父亲", consentOn: on } }
    expect(Result.isSuccess(Volunteer.eligibleToServe(consented, on, policy))).toBe(true)
    const e = mustFail(Volunteer.eligibleToServe(consented, on, policy, { hazardous: true }))
    expect(e.reason).toBe("minorInHazardousActivity")
    expect(e.volunteerId).toBe(base.id)
  })
})

describe("Volunteer: lifecycle", () => {
  // The table of V5, written out independently of the implementation.
  const legal: ReadonlyArray<readonly [Volunteer.VolunteerStatus, Volunteer.VolunteerEvent, Volunteer.VolunteerStatus]> = [
    ["pending", "approve", "active"],
    ["active", "suspend", "suspended"],
    ["suspended", "reinstate", "active"],
    ["pending", "withdraw", "withdrawn"],
    ["active", "withdraw", "withdrawn"],
    ["suspended", "withdraw", "withdrawn"],
    ["pending", "dismiss", "dismissed"],
    ["active", "dismiss", "dismissed"],
    ["suspended", "dismiss", "dismissed"],
    ["withdrawn", "dismiss", "dismissed"]
  ]
  const statusArb = fc.constantFrom(...Volunteer.VolunteerStatus.literals)
  const eventArb = fc.constantFrom(...Volunteer.VolunteerEvent.literals)

  it("V5: the legal transitions are exactly the listed table", () => {
    fc.assert(
      fc.property(statusArb, eventArb, (from, event) => {
        const listed = legal.find(([f, e]) => f === from && e === event)
        const r = Volunteer.transition(from, event)
        if (listed === undefined) {
          const e = mustFail(r)
          expect(e._tag).toBe("VolunteerTransitionInvalid")
          expect([e.from, e.event]).toEqual([from, event])
        } else {
          expect(mustSucceed(r)).toBe(listed[2])
        }
      })
    )
    const all = Volunteer.VolunteerStatus.literals.flatMap((s) => Volunteer.VolunteerEvent.literals.map((e) => [s, e] as const))
    expect(all.filter(([s, e]) => Result.isSuccess(Volunteer.transition(s, e)))).toHaveLength(legal.length)
  })

  it("V5: withdrawn and dismissed are terminal: no sequence of events leads back to active", () => {
    fc.assert(
      fc.property(fc.constantFrom("withdrawn", "dismissed" as const), fc.array(eventArb, { maxLength: 20 }), (start, events) => {
        let status: Volunteer.VolunteerStatus = start
        for (const event of events) {
          const r = Volunteer.transition(status, event)
          if (Result.isSuccess(r)) status = r.success
          expect(status === "withdrawn" || status === "dismissed").toBe(true)
        }
      })
    )
  })

  it("V5: changeStatus returns a new record and does not mutate its input", () => {
    const v = Volunteer.makeIndividual(vid("v-1"), "PH-000001", adult(), registeredOn)
    const copy = structuredClone(v)
    const approved = mustSucceed(Volunteer.changeStatus(v, "approve"))
    expect(approved.status).toBe("active")
    expect(v).toEqual(copy)
    const e = mustFail(Volunteer.changeStatus(approved, "approve"))
    expect(e.volunteerId).toBe("v-1")
    expect(e.from).toBe("active")
  })

  it("V5: every status and event has a zh-CN label", () => {
    expect(Volunteer.labelsZh).toEqual({ pending: "待审核", active: "在册", suspended: "暂停", withdrawn: "退出", dismissed: "除名" })
    expect(Object.keys(Volunteer.eventLabelsZh).sort()).toEqual([...Volunteer.VolunteerEvent.literals].sort())
  })
})

describe("Volunteer: squads", () => {
  it("V6: a transfer is dated, follows the volunteer and does not mutate the record", () => {
    const v = activeAdult()
    const copy = structuredClone(v)
    const moved = mustSucceed(Volunteer.transfer(v, squad("squad-2"), localDate("2026-06-01")))
    expect(v).toEqual(copy)
    expect(moved.squadId).toBe("squad-2")
    expect(Volunteer.squadOn(moved, localDate("2026-03-04"))).toBeUndefined()
    expect(Volunteer.squadOn(moved, localDate("2026-03-05"))).toBe("squad-1")
    expect(Volunteer.squadOn(moved, localDate("2026-05-31"))).toBe("squad-1")
    expect(Volunteer.squadOn(moved, localDate("2026-06-01"))).toBe("squad-2")
    expect(Schema.decodeUnknownSync(Volunteer.Individual)(moved)).toEqual(moved)
  })

  it("V6: transfers to the same squad, before the latest transfer, or of a volunteer who left are refused", () => {
    const v = activeAdult()
    expect(mustFail(Volunteer.transfer(v, squad("squad-1"), localDate("2026-06-01"))).reason).toBe("sameSquad")
    expect(mustFail(Volunteer.transfer(v, squad("squad-2"), localDate("2026-03-04"))).reason).toBe("beforeLastTransfer")
    const moved = mustSucceed(Volunteer.transfer(v, squad("squad-2"), localDate("2026-06-01")))
    const e = mustFail(Volunteer.transfer(moved, squad("squad-3"), localDate("2026-05-31")))
    expect(e._tag).toBe("VolunteerTransferInvalid")
    expect([e.volunteerId, e.fromSquadId, e.toSquadId, e.on]).toEqual(["v-1", "squad-2", "squad-3", "2026-05-31"])
    for (const status of ["withdrawn", "dismissed"] as const) {
      expect(mustFail(Volunteer.transfer({ ...v, status }, squad("squad-2"), localDate("2026-06-01"))).reason).toBe("ended")
    }
  })

  it("V6: after any sequence of transfers, exactly one squad period is in force at every date from registration", () => {
    const stepArb = fc.record({ days: fc.integer({ min: -5, max: 60 }), to: fc.integer({ min: 1, max: 4 }) })
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 8 }), fc.integer({ min: -10, max: 400 }), (steps, probe) => {
        let v = activeAdult()
        let cursor = registeredOn
        for (const step of steps) {
          cursor = addDays(cursor, step.days)
          const r = Volunteer.transfer(v, squad(`squad-${step.to}`), cursor)
          if (Result.isSuccess(r)) v = r.success
          else cursor = v.squadHistory[v.squadHistory.length - 1]!.from
        }
        const date = addDays(registeredOn, probe)
        const h = v.squadHistory
        const inForce = h.filter((p, i) => p.from <= date && (i === h.length - 1 || h[i + 1]!.from > date))
        if (date < registeredOn) {
          expect(inForce).toHaveLength(0)
          expect(Volunteer.squadOn(v, date)).toBeUndefined()
        } else {
          expect(inForce).toHaveLength(1)
          expect(Volunteer.squadOn(v, date)).toBe(inForce[0]!.squadId)
        }
        expect(Volunteer.squadOn(v, addDays(registeredOn, 10_000))).toBe(v.squadId)
        expect(Result.isSuccess(Schema.decodeUnknownResult(Volunteer.Individual)(v))).toBe(true)
      })
    )
  })
})

describe("Volunteer: privacy", () => {
  it("V7: a name is published only with consent; otherwise its first character and stars", () => {
    expect(Volunteer.publicName({ name: "张三丰", publishNameConsent: false })).toBe("张**")
    expect(Volunteer.publicName({ name: "张三丰", publishNameConsent: true })).toBe("张三丰")
    expect(Volunteer.publicName({ name: "欧阳", publishNameConsent: false })).toBe("欧*")
    expect(Volunteer.publicName({ name: "张", publishNameConsent: false })).toBe("*")
  })

  it("V7: without consent only the first character of a name is shown", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 2, maxLength: 20 }), (name) => {
        const shown = Array.from(Volunteer.publicName({ name, publishNameConsent: false }))
        const chars = Array.from(name)
        expect(shown).toEqual([chars[0], ...chars.slice(1).map(() => "*")])
      })
    )
  })

  it("V7: the default view masks identity number, mobile and unconsented name", () => {
    const v = activeAdult()
    const view = Volunteer.toPublicView(v)
    expect(view.masked).toBe(true)
    expect(view.name).toBe("张**")
    expect(view.document.number).toBe(Identity.maskIdNumber(v.document.number))
    expect(view.document.number.slice(6, 14)).toBe("********")
    expect(view.mobile).toBe("138****8000")
    const text = JSON.stringify(view)
    expect(text).not.toContain(v.document.number)
    expect(text).not.toContain(v.mobile)
    expect(text).not.toContain(v.birthDate.replaceAll("-", ""))
    expect(view).not.toHaveProperty("birthDate")
    expect(view).not.toHaveProperty("guardian")
  })

  it("V7: clear values are returned only when asked for", () => {
    const v = activeAdult()
    const view = Volunteer.toPublicView(v, { clear: true })
    expect(view.masked).toBe(false)
    expect(view.name).toBe(v.name)
    expect(view.document.number).toBe(v.document.number)
    expect(view.mobile).toBe(v.mobile)
    expect(Volunteer.toPublicView(v, { clear: false }).mobile).toBe("138****8000")
  })

  it("V7: no default view of any volunteer contains the clear identity number or mobile", () => {
    fc.assert(
      fc.property(adultBirthArb, fc.integer({ min: 0, max: 999 }), fc.stringMatching(/^1[3-9]\d{9}$/), (birth, seq, mobile) => {
        const input = mustSucceed(validate(rawPerson(birth, seq, { mobile })))
        const v = Volunteer.makeIndividual(vid("v-9"), "PH-9", input, registeredOn)
        const text = JSON.stringify(Volunteer.toPublicView(v))
        expect(text).not.toContain(v.document.number)
        expect(text).not.toContain(mobile)
      })
    )
  })
})
