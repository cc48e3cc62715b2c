import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Identity from "../../src/identity.js"

// Independent oracle for GB 11643-1999 (ISO 7064 MOD 11-2): weight of position i (1-based,
// from the left, check character at 18) is 2^(18-i) mod 11, and the check value c makes the
// weighted sum of all 18 values ≡ 1 (mod 11), with X standing for 10.
const oracleCheck = (first17: string): string => {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11)
  const c = (12 - (sum % 11)) % 11
  return c === 10 ? "X" : String(c)
}

const pad = (n: number, width: number) => String(n).padStart(width, "0")

const birthDateArb = fc
  .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2199-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))

const residentIdArb = fc
  .record({
    region: fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 99_999 })),
    birth: birthDateArb,
    sequence: fc.integer({ min: 0, max: 999 })
  })
  .map(({ region, birth, sequence }) => {
    const first17 = `${region[0]}${pad(region[1], 5)}${birth.replaceAll("-", "")}${pad(sequence, 3)}`
    return { id: first17 + oracleCheck(first17), birth, sequence }
  })

const CHECK_CHARS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "X"]

describe("Identity: GB 11643 resident ID", () => {
  it("V2: the check digit of the standard's example 11010519491231002X is X", () => {
    expect(Identity.checkDigit("11010519491231002")).toBe("X")
    expect(Identity.isValidResidentId("11010519491231002X")).toBe(true)
  })

  it("V2: the check digit agrees with the MOD 11-2 definition for any 17 digits", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (first17) => {
        expect(Identity.checkDigit(first17)).toBe(oracleCheck(first17))
      })
    )
  })

  it("V2: every well-formed id with the right check character passes", () => {
    fc.assert(
      fc.property(residentIdArb, ({ id }) => {
        expect(Identity.isValidResidentId(id)).toBe(true)
        expect(Result.isSuccess(Schema.decodeUnknownResult(Identity.ResidentIdNumber)(id))).toBe(true)
      })
    )
  })

  it("V2: changing any single character of a valid id invalidates it", () => {
    fc.assert(
      fc.property(
        residentIdArb,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 10 }),
        ({ id }, position, shift) => {
          const alphabet = position === 17 ? CHECK_CHARS : CHECK_CHARS.slice(0, 10)
          const current = alphabet.indexOf(id[position]!)
          const replacement = alphabet[(current + shift) % alphabet.length]!
          fc.pre(replacement !== id[position])
          const changed = id.slice(0, position) + replacement + id.slice(position + 1)
          expect(Identity.isValidResidentId(changed)).toBe(false)
        }
      )
    )
  })

  it("V2: the birth date and gender are read from the id", () => {
    fc.assert(
      fc.property(residentIdArb, ({ id, birth, sequence }) => {
        if (!Identity.isValidResidentId(id)) throw new Error("generator produced an invalid id")
        expect(Identity.birthDateOf(id)).toBe(birth)
        expect(Identity.genderOf(id)).toBe(sequence % 2 === 1 ? "male" : "female")
      })
    )
  })

  it("V2: the standard's example is a woman born on 31 December 1949", () => {
    const id = "11010519491231002X"
    if (!Identity.isValidResidentId(id)) throw new Error("expected a valid id")
    expect(Identity.birthDateOf(id)).toBe("1949-12-31")
    expect(Identity.genderOf(id)).toBe("female")
  })

  it("V2: a lower-case x check character is accepted", () => {
    expect(Identity.isValidResidentId("11010519491231002x")).toBe(true)
  })

  it("V2: malformed ids are refused", () => {
    const valid = "11010519491231002X"
    const fixCheck = (first17: string) => first17 + oracleCheck(first17)
    expect(Identity.isValidResidentId("")).toBe(false)
    expect(Identity.isValidResidentId(valid.slice(0, 17))).toBe(false) // 17 characters
    expect(Identity.isValidResidentId(`${valid}0`)).toBe(false) // 19 characters
    expect(Identity.isValidResidentId(` ${valid.slice(1)}`)).toBe(false)
    expect(Identity.isValidResidentId(fixCheck("01010519491231002"))).toBe(false) // region 0
    expect(Identity.isValidResidentId(fixCheck("91010519491231002"))).toBe(false) // region 9
    expect(Identity.isValidResidentId(fixCheck("11010520230230002"))).toBe(false) // 30 February
    expect(Identity.isValidResidentId(fixCheck("11010518991231002"))).toBe(false) // before 1900
    expect(Identity.isValidResidentId(fixCheck("1101051949123100A"))).toBe(false)
  })

  it("V2: checkDigit refuses anything but 17 digits", () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !/^\d{17}$/.test(s)), (s) => {
        expect(Identity.checkDigit(s)).toBeUndefined()
      })
    )
  })
})

describe("Identity: documents", () => {
  it("V2: a resident ID document is checked and a failure names the number", () => {
    const ok = Schema.decodeUnknownResult(Identity.Document)({ type: "residentId", number: "11010519491231002X" })
    expect(Result.isSuccess(ok)).toBe(true)
    const bad = Schema.decodeUnknownResult(Identity.Document)({ type: "residentId", number: "110105194912310021" })
    if (!Result.isFailure(bad)) throw new Error("expected a failure")
    expect(bad.failure.message).toContain(`["number"]`)
  })

  it("V2: other documents need 5–20 letters, digits, hyphens or parentheses", () => {
    const types = ["passport", "hkMacaoPermit", "taiwanPermit", "foreignPermanentResidentId"] as const
    for (const type of types) {
      expect(Identity.isValidDocumentNumber(type, "E12345678")).toBe(true)
      expect(Identity.isValidDocumentNumber(type, "A123456(7)")).toBe(true)
      expect(Identity.isValidDocumentNumber(type, "E123")).toBe(false)
      expect(Identity.isValidDocumentNumber(type, "E".repeat(21))).toBe(false)
      expect(Identity.isValidDocumentNumber(type, "E1234 5678")).toBe(false)
      expect(Identity.isValidDocumentNumber(type, "护照12345")).toBe(false)
    }
    expect(Identity.isValidDocumentNumber("residentId", "E12345678")).toBe(false)
  })

  it("V2: an unknown document type is refused", () => {
    const r = Schema.decodeUnknownResult(Identity.Document)({ type: "driverLicence", number: "E12345678" })
    expect(Result.isFailure(r)).toBe(true)
  })

  it("V2: every document type and gender has a zh-CN label", () => {
    expect(Object.keys(Identity.labelsZh).sort()).toEqual([...Identity.DocumentType.literals].sort())
    expect(Identity.labelsZh.residentId).toBe("居民身份证")
    expect(Identity.genderLabelsZh).toEqual({ male: "男", female: "女" })
  })
})

describe("Identity: masking", () => {
  it("V7: the catalogue's examples", () => {
    expect(Identity.maskIdNumber("330482199001011234")).toBe("330482********1234")
    expect(Identity.maskMobile("13800138000")).toBe("138****8000")
  })

  const codePoints = (s: string) => Array.from(s)

  const maskLaws = (mask: (s: string) => string, head: number, tail: number) => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 30 }), (s) => {
        const input = codePoints(s)
        const output = codePoints(mask(s))
        // same length, in code points
        expect(output.length).toBe(input.length)
        const revealed = output.filter((c, i) => c !== "*" && c === input[i]).length
        // never more than the rule allows
        expect(revealed).toBeLessThanOrEqual(head + tail)
        // input no longer than what may be kept is masked whole
        if (input.length <= head + tail) expect(output.every((c) => c === "*")).toBe(true)
        // the middle is always masked (an input whose middle already is "*" comes back as it was:
        // nothing of it is revealed — fast-check found "   * Ố" in decomposed form, 8 code points)
        for (let i = head; i < input.length - tail; i++) expect(output[i]).toBe("*")
      })
    )
  }

  it("V7: masking an id keeps the length, reveals at most the first 6 and last 4, never the middle", () => {
    maskLaws(Identity.maskIdNumber, 6, 4)
  })

  it("V7: masking a mobile keeps the length, reveals at most the first 3 and last 4, never the middle", () => {
    maskLaws(Identity.maskMobile, 3, 4)
  })

  it("V7: two ids that differ only in the middle mask identically", () => {
    fc.assert(
      fc.property(residentIdArb, fc.stringMatching(/^\d{8}$/), ({ id }, middle) => {
        const other = id.slice(0, 6) + middle + id.slice(14)
        expect(Identity.maskIdNumber(other)).toBe(Identity.maskIdNumber(id))
      })
    )
  })

  it("V7: short input is masked entirely", () => {
    expect(Identity.maskIdNumber("1234567890")).toBe("**********")
    expect(Identity.maskMobile("1380013")).toBe("*******")
    expect(Identity.maskMobile("")).toBe("")
    expect(Identity.maskIdNumber("12345678901")).toBe("123456*8901")
  })
})

// Boundaries the mutation runs (npm run test:mutation) showed untested: anchors of the
// patterns, the schema's own filter, and the message a failing document gets.
describe("Identity: boundaries (mutation testing)", () => {
  const digitCheckId = "110105199001011232" // valid, with a digit as check character

  it("V2: checkDigit refuses 16 and 18 digits and 17 digits with anything before or after", () => {
    const first17 = digitCheckId.slice(0, 17)
    expect(Identity.checkDigit(first17)).toBe("2")
    for (const s of [first17.slice(1), `${first17}0`, `a${first17}`, `${first17}a`, `${first17.slice(0, 16)}a`, ""]) {
      expect(Identity.checkDigit(s)).toBeUndefined()
    }
  })

  it("V2: checkDigit refuses near-misses of 17 digits as well as random text", () => {
    const near = fc
      .tuple(fc.stringMatching(/^\d{17}$/), fc.constantFrom("", "a", "0", " ", "\n"), fc.constantFrom("", "a", "0", " ", "\n"))
      .filter(([, before, after]) => before !== "" || after !== "")
      .map(([digits, before, after]) => before + digits + after)
    fc.assert(
      fc.property(fc.oneof(near, fc.string()), (s) => {
        fc.pre(!/^\d{17}$/.test(s))
        expect(Identity.checkDigit(s)).toBeUndefined()
      })
    )
  })

  it("V2: a valid id with one more character before or after is refused", () => {
    expect(Identity.isValidResidentId(digitCheckId)).toBe(true)
    for (const s of [`${digitCheckId}0`, `${digitCheckId}X`, `1${digitCheckId}`, `${digitCheckId.slice(0, 17)}`]) {
      expect(Identity.isValidResidentId(s)).toBe(false)
    }
  })

  it("V2: the ResidentIdNumber schema refuses what isValidResidentId refuses", () => {
    for (const s of ["110105194912310021", `${digitCheckId}0`, "E12345678", ""]) {
      expect(Result.isFailure(Schema.decodeUnknownResult(Identity.ResidentIdNumber)(s))).toBe(true)
    }
    expect(Result.isSuccess(Schema.decodeUnknownResult(Identity.ResidentIdNumber)(digitCheckId))).toBe(true)
  })

  it("V2: a failing resident ID and a failing other document get their own reasons", () => {
    const reason = (type: Identity.DocumentType, number: string) => {
      const r = Schema.decodeUnknownResult(Identity.Document)({ type, number })
      if (!Result.isFailure(r)) throw new Error("expected a failure")
      return r.failure.message
    }
    expect(reason("passport", "E1")).toContain("5–20")
    expect(reason("taiwanPermit", "E1")).toContain("5–20")
    expect(reason("residentId", "110105194912310021")).not.toContain("5–20")
  })

  it("V2: gender is male or female and nothing else", () => {
    expect(Schema.decodeUnknownSync(Identity.Gender)("male")).toBe("male")
    expect(Schema.decodeUnknownSync(Identity.Gender)("female")).toBe("female")
    for (const g of ["", "other", "Male"]) expect(Result.isFailure(Schema.decodeUnknownResult(Identity.Gender)(g))).toBe(true)
  })
})
