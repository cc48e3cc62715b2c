/**
 * The key ring on node:crypto and the sealed forms (P1, P2), erasure as a pure rule (P7).
 */
import { Effect, Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { envKeyRing, generateSecret, makeKeyRing, type FieldCipher } from "../../adapters/crypto/index.js"
import { checkDigit } from "../../src/identity.js"
import { VolunteerId, UnitId } from "../../src/ids.js"
import * as Privacy from "../../src/privacy.js"
import { localDate } from "../../src/time.js"
import * as Volunteer from "../../src/volunteer.js"

const failure = <A, E>(e: Effect.Effect<A, E>): E => {
  const r = Effect.runSync(Effect.result(e))
  if (Result.isSuccess(r)) throw new Error("expected a failure")
  return r.failure
}

const ringOf = (cipher: FieldCipher, k1 = generateSecret(), index = generateSecret()) =>
  makeKeyRing({ cipher, keys: [{ id: "k1", secret: k1 }], activeKeyId: "k1", indexKey: index })

const individual = (number: string, extra: Partial<Volunteer.Individual> = {}): Volunteer.Individual => ({
  ...Volunteer.makeIndividual(VolunteerId.make("volunteer_000001"), "PH-000001", {
    name: "张三",
    gender: "male",
    birthDate: localDate("1985-06-07"),
    document: { type: "residentId", number },
    mobile: "13800138000",
    officePhone: "0573-85030727",
    skills: [],
    squadId: UnitId.make("squad-1"),
    publishNameConsent: false
  }, localDate("2026-03-01")),
  ...extra
})
const idNumber = (seq: number) => {
  const first17 = `33048219850607${String(seq % 1000).padStart(3, "0")}`
  return first17 + checkDigit(first17)
}

describe("the key ring (P1)", () => {
  for (const cipher of ["sm4", "aes-256-gcm"] as const) {
    it(`P1: ${cipher}: seal then open gives the value back; the envelope names its key and never holds the clear value`, () => {
      fc.assert(
        fc.property(fc.string({ minLength: 1 }), fc.string(), (plain, context) => {
          const ring = ringOf(cipher)
          const sealed = Effect.runSync(ring.seal(plain, context))
          expect(ring.keyIdOf(sealed)).toBe("k1")
          expect(Schema.is(Privacy.Sealed)(sealed)).toBe(true)
          if (plain.length >= 4) expect(sealed).not.toContain(plain)
          expect(Effect.runSync(ring.open(sealed, context))).toBe(plain)
          // a fresh nonce each time: the same value seals differently
          expect(Effect.runSync(ring.seal(plain, context))).not.toBe(sealed)
        }),
        { numRuns: 50 }
      )
    })

    it(`P1: ${cipher}: a flipped character, another record's context or another key's secret fails as tampered`, () => {
      const secret = generateSecret()
      const ring = ringOf(cipher, secret)
      const sealed = Effect.runSync(ring.seal("11010519491231002X", "v1|document.number"))
      const payload = sealed.slice(sealed.lastIndexOf(":") + 1)
      const flipped = sealed.slice(0, -payload.length) + (payload[0] === "A" ? "B" : "A") + payload.slice(1)
      expect(failure(ring.open(flipped, "v1|document.number"))).toMatchObject({ _tag: "KeyRingError", reason: "tampered", keyId: "k1" })
      expect(failure(ring.open(sealed, "v2|document.number"))).toMatchObject({ reason: "tampered" })
      expect(failure(ringOf(cipher).open(sealed, "v1|document.number"))).toMatchObject({ reason: "tampered" })
    })
  }

  it("P1: a retired key still opens; a removed key is keyMissing; no active key refuses to seal; a non-envelope is malformed", () => {
    const [a, b, index] = [generateSecret(), generateSecret(), generateSecret()]
    const old = makeKeyRing({ keys: [{ id: "k1", secret: a }], activeKeyId: "k1", indexKey: index })
    const sealed = Effect.runSync(old.seal("13800138000", "c"))
    const rotated = makeKeyRing({ keys: [{ id: "k1", secret: a }, { id: "k2", secret: b }], activeKeyId: "k2", indexKey: index })
    expect(Effect.runSync(rotated.open(sealed, "c"))).toBe("13800138000")
    expect(rotated.keyIdOf(Effect.runSync(rotated.seal("x", "c")))).toBe("k2")
    const emptied = makeKeyRing({ keys: [], indexKey: index })
    expect(failure(emptied.open(sealed, "c"))).toMatchObject({ reason: "keyMissing", keyId: "k1" })
    expect(failure(emptied.seal("x", "c"))).toMatchObject({ reason: "noActiveKey" })
    expect(failure(emptied.open("13800138000", "c"))).toMatchObject({ reason: "malformed" })
    expect(() => makeKeyRing({ keys: [{ id: "k 1", secret: a }], indexKey: index })).toThrow(/key id/)
    expect(() => makeKeyRing({ keys: [{ id: "k1", secret: "c2hvcnQ=" }], indexKey: index })).toThrow(/32 bytes/)
  })

  it("P1: a ring from the environment: VB_KEYS, VB_ACTIVE_KEY, VB_INDEX_KEY, VB_CIPHER", () => {
    const env = { VB_KEYS: `old:${generateSecret()},new:${generateSecret()}`, VB_ACTIVE_KEY: "new", VB_INDEX_KEY: generateSecret(), VB_CIPHER: "aes-256-gcm" }
    const ring = envKeyRing(env)
    expect(ring.activeKeyId).toBe("new")
    expect(Effect.runSync(ring.seal("x", "c"))).toMatch(/^vb1:ag:new:/)
    expect(() => envKeyRing({})).toThrow(/VB_KEYS/)
  })
})

describe("blind index (P2)", () => {
  it("P2: the index of a document is keyed (another index key gives another value), stable, and equal for x/X and spaces", () => {
    const index = generateSecret()
    const ring = makeKeyRing({ keys: [], indexKey: index })
    let n = 0
    while (!idNumber(n).endsWith("X")) n += 1
    const number = idNumber(n)
    const key = (s: string) => Volunteer.identityKey({ type: "residentId", number: s })
    const a = Effect.runSync(Privacy.identityIndex(ring, key(number)))
    expect(Effect.runSync(Privacy.identityIndex(ring, key(` ${number.toLowerCase()} `)))).toBe(a)
    expect(a).not.toContain(number)
    expect(Effect.runSync(Privacy.identityIndex(makeKeyRing({ keys: [], indexKey: index }), key(number)))).toBe(a)
    expect(Effect.runSync(Privacy.identityIndex(makeKeyRing({ keys: [], indexKey: generateSecret() }), key(number)))).not.toBe(a)
  })
})

describe("sealed records (P1)", () => {
  it("P1: sealIndividual then openIndividual is the identity, for records with and without office phone and guardian", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), fc.boolean(), (seq, withGuardian) => {
        const ring = ringOf("sm4")
        const v = individual(idNumber(seq), withGuardian ? { guardian: { name: "李华", mobile: "13900139000", relationship: "父亲", consentOn: localDate("2026-02-01") } } : {})
        const sealed = Effect.runSync(Privacy.sealIndividual(ring, v))
        const text = JSON.stringify(sealed)
        for (const s of [v.document.number, v.mobile, "0573-85030727", "13900139000"]) expect(text).not.toContain(s)
        expect(Effect.runSync(Privacy.openIndividual(ring, sealed))).toEqual(v)
      }),
      { numRuns: 30 }
    )
  })

  it("P1: a sealed field moved to another record does not open", () => {
    const ring = ringOf("sm4")
    const a = Effect.runSync(Privacy.sealIndividual(ring, individual(idNumber(1))))
    const b = Effect.runSync(Privacy.sealIndividual(ring, { ...individual(idNumber(2)), id: VolunteerId.make("volunteer_000002") }))
    expect(failure(Privacy.openIndividual(ring, { ...b, mobile: a.mobile }))).toMatchObject({ reason: "tampered" })
  })
})

describe("erasure (P7)", () => {
  it("P7: Volunteer.erase keeps id, number, squad history and status, replaces the name by the pseudonym and removes every personal number; refused while active", () => {
    const v = individual(idNumber(3), { status: "withdrawn", guardian: { name: "李华", mobile: "13900139000", relationship: "父亲", consentOn: localDate("2026-02-01") } })
    const erased = Result.getOrThrow(Volunteer.erase(v, localDate("2026-06-01")))
    expect(erased).toMatchObject({ id: v.id, volunteerNumber: v.volunteerNumber, squadHistory: v.squadHistory, status: "withdrawn", name: "已注销-PH-000001", mobile: "", birthDate: "1985-01-01", erasedOn: "2026-06-01" })
    expect(erased.document).toEqual({ type: "residentId", number: "" })
    expect(erased.guardian).toBeUndefined()
    expect(erased.officePhone).toBeUndefined()
    expect(JSON.stringify(erased)).not.toContain(v.document.number)
    expect(Result.getOrThrow(Volunteer.erase(erased, localDate("2026-07-01")))).toBe(erased)
    expect(Result.isFailure(Volunteer.erase({ ...v, status: "active" }, localDate("2026-06-01")))).toBe(true)
    // an erased record seals with an index of its own: the person's index is free again
    const ring = ringOf("sm4")
    const sealed = Effect.runSync(Privacy.sealIndividual(ring, erased))
    expect(sealed.identityIndex).toBe(`erased:${v.id}`)
    expect(Effect.runSync(Privacy.openIndividual(ring, sealed))).toEqual(erased)
  })
})
