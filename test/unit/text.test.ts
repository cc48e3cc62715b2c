import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Text from "../../src/text.js"

const ok = (schema: Schema.Codec<string>, s: string) => Result.isSuccess(Schema.decodeUnknownResult(schema)(s))

// Control characters at the edges of the refused ranges, and their neighbours that are allowed.
const refusedControls = ["\u0000", "\u0008", "\u000b", "\u000c", "\u000e", "\u001f", "\u007f", "\u009f"]
const lineBreaks = ["\n", "\r", "\t"]

describe("Text.Name", () => {
  it("V2: a name is trimmed, 1–100 characters, one line", () => {
    expect(ok(Text.Name, "当湖街道")).toBe(true)
    expect(ok(Text.Name, "a".repeat(100))).toBe(true)
    expect(ok(Text.Name, "a")).toBe(true)
    for (const bad of ["", "a".repeat(101), " 当湖", "当湖 ", "当\n湖", "当\t湖", "当\r湖"]) expect(ok(Text.Name, bad)).toBe(false)
  })

  it("V2: control characters are refused at both ends of each range; their neighbours pass", () => {
    for (const c of refusedControls) expect(ok(Text.Name, `a${c}b`)).toBe(false)
    for (const c of [" ", "~", "\u00a0", "\u00a1"]) expect(ok(Text.Name, `a${c}b`)).toBe(true)
  })

  it("V2: a lone surrogate is refused, a paired one passes", () => {
    expect(ok(Text.Name, "a\ud83d")).toBe(false)
    expect(ok(Text.Name, "\ude00a")).toBe(false)
    expect(ok(Text.Name, "a\ude00\ud83d")).toBe(false)
    expect(ok(Text.Name, "a😀b")).toBe(true)
  })
})

describe("Text.Note and Text.Reason", () => {
  it("V2: a note may be empty, span lines and hold 4000 characters, not 4001 nor control characters", () => {
    for (const s of ["", "第一行\n第二行\r\n\t缩进", "a".repeat(4000), "😀"]) expect(ok(Text.Note, s)).toBe(true)
    expect(ok(Text.Note, "a".repeat(4001))).toBe(false)
    for (const c of refusedControls) expect(ok(Text.Note, `x${c}`)).toBe(false)
    expect(ok(Text.Note, "x\ud800")).toBe(false)
  })

  it("D2: a reason is a note that is not blank", () => {
    expect(ok(Text.Reason, "家中有事")).toBe(true)
    expect(ok(Text.Reason, " x ")).toBe(true)
    for (const bad of ["", " ", "\n\t ", "a".repeat(4001)]) expect(ok(Text.Reason, bad)).toBe(false)
  })

  it("V2: any text without control characters or lone surrogates is a note; adding one makes it refused", () => {
    const clean = fc.string({ unit: "grapheme", maxLength: 50 }).filter((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(s))
    fc.assert(
      fc.property(clean, fc.constantFrom(...refusedControls, ...lineBreaks), fc.nat(50), (s, c, i) => {
        expect(ok(Text.Note, s)).toBe(true)
        const points = Array.from(s) // insert between code points, never inside a surrogate pair
        const at = Math.min(i, points.length)
        const dirty = [...points.slice(0, at), c, ...points.slice(at)].join("")
        expect(ok(Text.Note, dirty)).toBe(lineBreaks.includes(c))
      })
    )
  })
})

describe("Text.Mobile and Text.OfficePhone", () => {
  it("V2: a mobile number is 11 digits starting 13–19", () => {
    for (const s of ["13800138000", "19912345678", "13000000000"]) expect(ok(Text.Mobile, s)).toBe(true)
    for (const bad of ["12800138000", "23800138000", "1380013800", "138001380001", "x13800138000", "13800138000x", "1380013800a"]) {
      expect(ok(Text.Mobile, bad)).toBe(false)
    }
  })

  it("V2: an office phone is an optional area code, 7–8 digits and an optional extension", () => {
    const good = ["85012345", "8501234", "0573-85012345", "057385012345", "(0573)85012345", "(0573) 85012345", "010-12345678", "85012345-123", "85012345转8", "85012345ext123", "85012345ext.123", "85012345-123456"]
    for (const s of good) expect(ok(Text.OfficePhone, s)).toBe(true)
    const bad = ["850123", "850123456", "1573-85012345", "05-85012345", "05733-85012345", "85012345-", "85012345-1234567", "85012345x12", "a85012345", "85012345a", "0573--85012345"]
    for (const s of bad) expect(ok(Text.OfficePhone, s)).toBe(false)
  })
})
