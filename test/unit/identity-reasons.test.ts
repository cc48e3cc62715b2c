/**
 * V2 reasons: a rejected resident ID number says which part is wrong — length, characters,
 * region code, birth date or check digit (校验码) — zh-CN first, then English, with a stable
 * code, and never repeats the number (V7).
 */
import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Identity from "../../src/identity.js"
import * as Input from "../../src/input.js"
import * as Policy from "../../src/policy.js"
import * as Time from "../../src/time.js"
import * as Volunteer from "../../src/volunteer.js"

// Independent oracle for the check character (ISO 7064 MOD 11-2, X for 10).
const oracleCheck = (first17: string): string => {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11)
  const c = (12 - (sum % 11)) % 11
  return c === 10 ? "X" : String(c)
}
const withCheck = (first17: string) => first17 + oracleCheck(first17)
const pad = (n: number, width: number) => String(n).padStart(width, "0")

const validArb = fc
  .record({
    region: fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 99_999 })),
    birth: fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2199-12-31T00:00:00Z"), noInvalidDate: true }),
    sequence: fc.integer({ min: 0, max: 999 })
  })
  .map(({ region, birth, sequence }) =>
    withCheck(`${region[0]}${pad(region[1], 5)}${birth.toISOString().slice(0, 10).replaceAll("-", "")}${pad(sequence, 3)}`)
  )

const PROBLEMS = ["length", "characters", "region", "birthDate", "checkDigit"] as const

describe("Identity: which part of a resident ID number is wrong", () => {
  it("V2: pinned examples name each part", () => {
    expect(Identity.residentIdProblem("11010519491231002X")).toBeUndefined()
    expect(Identity.residentIdProblem("11010519491231002x")).toBeUndefined()
    expect(Identity.residentIdProblem("11010519491231002")).toBe("length")
    expect(Identity.residentIdProblem("11010519491231002XX")).toBe("length")
    expect(Identity.residentIdProblem("")).toBe("length")
    expect(Identity.residentIdProblem("1101051949123100AX")).toBe("characters")
    expect(Identity.residentIdProblem("11010519491231002Y")).toBe("characters")
    expect(Identity.residentIdProblem("１１０１０５１９４９１２３１００２X")).toBe("characters") // full-width digits
    expect(Identity.residentIdProblem(withCheck("01010519491231002"))).toBe("region")
    expect(Identity.residentIdProblem(withCheck("91010519491231002"))).toBe("region")
    expect(Identity.residentIdProblem(withCheck("11010519490230002"))).toBe("birthDate") // 30 February
    expect(Identity.residentIdProblem(withCheck("11010518991231002"))).toBe("birthDate") // before 1900
    expect(Identity.residentIdProblem(withCheck("11010519491301002"))).toBe("birthDate") // month 13
    expect(Identity.residentIdProblem("110105194912310021")).toBe("checkDigit")
  })

  it("V2: a valid number has no problem, and the problem agrees with isValidResidentId", () => {
    fc.assert(
      fc.property(validArb, (id) => {
        expect(Identity.residentIdProblem(id)).toBeUndefined()
      })
    )
    fc.assert(
      fc.property(fc.oneof(validArb, fc.string({ maxLength: 20 }), fc.stringMatching(/^\d{17}[\dXx]$/)), (s) => {
        expect(Identity.residentIdProblem(s) === undefined).toBe(Identity.isValidResidentId(s))
      })
    )
  })

  it("V2: only the check digit wrong is reported as the check digit (校验码)", () => {
    fc.assert(
      fc.property(validArb, fc.constantFrom(..."0123456789X"), (id, c) => {
        fc.pre(c !== id[17]!.toUpperCase())
        expect(Identity.residentIdProblem(id.slice(0, 17) + c)).toBe("checkDigit")
      })
    )
  })

  it("V2: only the birth date wrong (check digit recomputed) is reported as the birth date", () => {
    fc.assert(
      fc.property(validArb, fc.constantFrom("0000", "1300", "0132", "0230", "0431", "9999"), (id, mmdd) => {
        expect(Identity.residentIdProblem(withCheck(id.slice(0, 10) + mmdd + id.slice(14, 17)))).toBe("birthDate")
      })
    )
  })

  it("V2: only the region code wrong (check digit recomputed) is reported as the region", () => {
    fc.assert(
      fc.property(validArb, fc.constantFrom("0", "9"), (id, first) => {
        expect(Identity.residentIdProblem(withCheck(first + id.slice(1, 17)))).toBe("region")
      })
    )
  })

  it("V2: a wrong length or a stray character is reported before anything else", () => {
    fc.assert(
      fc.property(validArb, fc.integer({ min: 1, max: 17 }), (id, cut) => {
        expect(Identity.residentIdProblem(id.slice(0, cut))).toBe("length")
        expect(Identity.residentIdProblem(id + "0")).toBe("length")
      })
    )
    fc.assert(
      fc.property(validArb, fc.integer({ min: 0, max: 16 }), fc.constantFrom("A", "x", "-", " ", "０"), (id, at, c) => {
        expect(Identity.residentIdProblem(id.slice(0, at) + c + id.slice(at + 1))).toBe("characters")
      })
    )
  })

  it("V2: every reason has a stable code, zh-CN text first and English, and none repeats the number", () => {
    for (const p of PROBLEMS) {
      const r = Identity.residentIdReasons[p]
      expect(r.code).toBe(`residentId.${p}`)
      expect(r.zh).toMatch(/[\u4e00-\u9fff]/)
      expect(r.en.replace("校验码", "")).not.toMatch(/[\u4e00-\u9fff]/)
      expect(r.en).toMatch(/^[a-z]/)
    }
    expect(Identity.residentIdReasons.checkDigit.zh).toContain("校验码")
    const id = "110105194912310021"
    const reason = Identity.residentIdReason(id)!
    expect(reason.indexOf(Identity.residentIdReasons.checkDigit.zh)).toBe(0)
    expect(reason).toContain(Identity.residentIdReasons.checkDigit.en)
    expect(reason).toContain("[residentId.checkDigit]")
    expect(reason).not.toContain(id.slice(0, 17))
    expect(Identity.residentIdReason("11010519491231002X")).toBeUndefined()
  })

  it("V2: decoding a number, a document and a volunteer reports the part that is wrong", () => {
    const wrongCheck = "110105194912310021"
    const bad = Input.decoder(Identity.ResidentIdNumber, "test")(wrongCheck)
    expect(Result.isFailure(bad) && bad.failure.reason).toBe(Identity.residentIdReason(wrongCheck))
    const doc = Input.decoder(Identity.Document, "test")({ type: "residentId", number: withCheck("11010519490230002") })
    expect(Result.isFailure(doc) && doc.failure).toMatchObject({ field: "number", reason: Identity.residentIdReason(withCheck("11010519490230002")) })
    expect(Result.isFailure(Schema.decodeUnknownResult(Identity.Document)({ type: "passport", number: "E1" }))).toBe(true)
    const volunteer = Volunteer.validateIndividual(
      {
        name: "张三", gender: "female", birthDate: "1949-12-31",
        document: { type: "residentId", number: wrongCheck },
        mobile: "13905700001", unitAndPost: "退休", skills: [], availability: "weekends", squadId: "u-squad"
      },
      Time.localDate("2026-03-05"),
      Policy.defaults
    )
    expect(Result.isFailure(volunteer) && volunteer.failure).toMatchObject({ field: "document.number" })
    expect(Result.isFailure(volunteer) && volunteer.failure.reason).toContain("校验码")
  })
})
