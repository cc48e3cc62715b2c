import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Certificate from "../../src/certificate.js"
import * as Hours from "../../src/hours.js"
import type { ActorId, CertificateId, HourEntryId, UnitId, VolunteerId } from "../../src/ids.js"
import * as Time from "../../src/time.js"
import { hourEntry, local, plus } from "../fixtures/hours.js"

const uid = (s: string) => s as UnitId
const vid = (s: string) => s as VolunteerId
const hid = (s: string) => s as HourEntryId
const actor = (s: string) => s as ActorId
const ok = <A, E>(r: Result.Result<A, E>): A => {
  if (Result.isFailure(r)) throw new Error(`expected success: ${String(r.failure)}`)
  return r.success
}
const failure = <A, E>(r: Result.Result<A, E>): E => {
  if (Result.isSuccess(r)) throw new Error("expected failure")
  return r.failure
}

const entry = hourEntry

const ISSUED_AT = local("2026-12-20", "10:00")
const buildInput = (over: Partial<Certificate.BuildInput> = {}): Certificate.BuildInput => ({
  id: "c-1" as CertificateId,
  serial: ok(Certificate.serialFor("PHDH", 2026, 1)),
  volunteer: { volunteerId: vid("v-1"), name: "张三", document: { type: "residentId", number: "330482199001011234" }, volunteerNumber: "PH0001" },
  issuer: { unitId: uid("u-squad"), unitName: "东湖社区志愿者服务分队", personInCharge: "李四", handler: "王五", contact: "0573-85030727" },
  period: { from: Time.localDate("2026-01-01"), to: Time.localDate("2026-12-31") },
  entries: [entry()],
  dissolved: [],
  issuedAt: ISSUED_AT,
  zone: Time.Shanghai,
  ...over
})

describe("serial numbers", () => {
  it("T9: a serial is UNIT-YYYY-NNNNNN and reads back to its parts", () => {
    expect(ok(Certificate.serialFor("PH", 2026, 123))).toBe("PH-2026-000123")
    expect(ok(Certificate.parseSerial("PH-2026-000123"))).toEqual({ unitCode: "PH", year: 2026, sequence: 123 })
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z0-9]{1,16}$/),
        fc.integer({ min: 1900, max: 2199 }),
        fc.integer({ min: 1, max: 999_999 }),
        (unitCode, year, sequence) => {
          const serial = ok(Certificate.serialFor(unitCode, year, sequence))
          expect(Result.isSuccess(Schema.decodeUnknownResult(Certificate.Serial)(serial))).toBe(true)
          expect(ok(Certificate.parseSerial(serial))).toEqual({ unitCode, year, sequence })
        }
      )
    )
  })

  it("T9: invalid serial parts and text are refused", () => {
    for (const [code, year, seq] of [["ph", 2026, 1], ["", 2026, 1], ["PH-1", 2026, 1], ["PH", 1899, 1], ["PH", 2026, 0], ["PH", 2026, 1_000_000], ["PH", 2026, 1.5]] as const) {
      expect(failure(Certificate.serialFor(code, year, seq))._tag).toBe("CertificateSerialInvalid")
    }
    for (const text of ["", "PH-2026-123", "PH-26-000123", "PH-2026-000000", "PH-1800-000001", " PH-2026-000123"]) {
      expect(failure(Certificate.parseSerial(text))._tag).toBe("CertificateSerialInvalid")
    }
  })

  it("T9: the next serial is unique among those already issued", () => {
    expect(ok(Certificate.nextSerial(["PH-2026-000001", "PH-2026-000007", "PH-2025-000050", "XY-2026-000090"], "PH", 2026))).toBe("PH-2026-000008")
    expect(ok(Certificate.nextSerial([], "PH", 2026))).toBe("PH-2026-000001")
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("PH", "XY"), fc.constantFrom(2025, 2026), fc.integer({ min: 1, max: 5000 })), { maxLength: 20 }), (specs) => {
        const issued = specs.map(([c, y, s]) => ok(Certificate.serialFor(c, y, s)))
        expect(issued).not.toContain(ok(Certificate.nextSerial(issued, "PH", 2026)))
      })
    )
  })
})

describe("mayIssue", () => {
  const squad = uid("u-squad")
  const squadron = uid("u-squadron")
  const brigade = uid("u-brigade")
  const dissolvedSquad = [{ unitId: squad, parentId: squadron }]

  it("T9: the unit that recorded the hours issues the certificate (谁记录谁证明)", () => {
    expect(Result.isSuccess(Certificate.mayIssue({ issuerUnitId: squad, recordingUnitIds: [squad, squad], dissolved: [] }))).toBe(true)
    expect(failure(Certificate.mayIssue({ issuerUnitId: squadron, recordingUnitIds: [squad], dissolved: [] }))).toMatchObject({
      _tag: "CertificateIssuerInvalid",
      issuerUnitId: squadron,
      recordingUnitId: squad,
      responsibleUnitId: squad
    })
    expect(failure(Certificate.mayIssue({ issuerUnitId: squad, recordingUnitIds: [squad, uid("u-other")], dissolved: [] })).recordingUnitId).toBe("u-other")
    expect(failure(Certificate.mayIssue({ issuerUnitId: squad, recordingUnitIds: [], dissolved: [] }))._tag).toBe("CertificateIssuerInvalid")
  })

  it("T9: after the recorder is dissolved its superior issues, and the recorder no longer may", () => {
    expect(Result.isSuccess(Certificate.mayIssue({ issuerUnitId: squadron, recordingUnitIds: [squad], dissolved: dissolvedSquad }))).toBe(true)
    expect(Result.isFailure(Certificate.mayIssue({ issuerUnitId: squad, recordingUnitIds: [squad], dissolved: dissolvedSquad }))).toBe(true)
    const both = [...dissolvedSquad, { unitId: squadron, parentId: brigade }]
    expect(Certificate.responsibleIssuer(squad, both)).toBe(brigade)
    expect(Result.isSuccess(Certificate.mayIssue({ issuerUnitId: brigade, recordingUnitIds: [squad, squadron], dissolved: both }))).toBe(true)
    expect(Certificate.responsibleIssuer(squad, [{ unitId: squad }])).toBeUndefined()
    // A malformed cycle of dissolved units has no responsible issuer rather than looping.
    expect(Certificate.responsibleIssuer(squad, [{ unitId: squad, parentId: squadron }, { unitId: squadron, parentId: squad }])).toBeUndefined()
  })
})

describe("build", () => {
  it("T9: a certificate holds identity (masked), service, issuer, serial and issue date", () => {
    const cert = ok(
      Certificate.build(
        buildInput({
          entries: [
            entry({ id: hid("a"), content: "政策宣传" }),
            entry({ id: hid("b"), minutes: 90, serviceStart: local("2026-04-02", "09:00"), serviceEnd: local("2026-04-02", "10:30"), content: "治安巡查" }),
            entry({ id: hid("c"), minutes: 60, serviceStart: local("2026-05-02", "09:00"), serviceEnd: local("2026-05-02", "10:00"), content: "政策宣传" })
          ]
        })
      )
    )
    expect(cert.volunteer).toEqual({
      volunteerId: "v-1",
      name: "张三",
      documentType: "residentId",
      maskedDocumentNumber: "330482********1234",
      volunteerNumber: "PH0001"
    })
    expect(cert.service).toEqual({ from: "2026-01-01", to: "2026-12-31", totalMinutes: 330, content: ["政策宣传", "治安巡查"] })
    expect(cert).toMatchObject({ serial: "PHDH-2026-000001", issuedOn: "2026-12-20", issuedAt: ISSUED_AT, status: "valid" })
    expect(cert.issuer.unitId).toBe("u-squad")
    expect(Result.isSuccess(Schema.decodeUnknownResult(Certificate.Certificate)(cert))).toBe(true)
  })

  it("T9: only the issuer's entries count; other units' hours and hours recorded after issue do not", () => {
    const cert = ok(
      Certificate.build(
        buildInput({
          entries: [
            entry({ id: hid("a") }),
            entry({ id: hid("b"), recordingUnitId: uid("u-brigade"), minutes: 240 }),
            entry({ id: hid("c"), volunteerId: vid("v-2"), minutes: 100 }),
            entry({ id: hid("d"), minutes: 30, recordedAt: plus(ISSUED_AT, 1) })
          ]
        })
      )
    )
    expect(cert.service.totalMinutes).toBe(180)
  })

  it("T9: certificate hours equal the issuer's entries in the period", () => {
    const arbEntry = fc.record({
      unit: fc.constantFrom("u-squad", "u-other", "u-gone"),
      startMinute: fc.integer({ min: 0, max: 60 * 24 * 40 }),
      duration: fc.integer({ min: 0, max: 600 }),
      minutes: fc.integer({ min: 1, max: 600 })
    })
    fc.assert(
      fc.property(fc.array(arbEntry, { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (specs, a, b) => {
        const dissolved = [{ unitId: uid("u-gone"), parentId: uid("u-squad") }]
        const entries = specs.map((s, i) => {
          const serviceStart = plus(local("2025-12-10", "00:00"), s.startMinute)
          return entry({ id: hid(`h-${i}`), recordingUnitId: uid(s.unit), serviceStart, serviceEnd: plus(serviceStart, s.duration), minutes: s.minutes })
        })
        const period = {
          from: Time.addDays(Time.localDate("2025-12-10"), Math.min(a, b)),
          to: Time.addDays(Time.localDate("2025-12-10"), Math.max(a, b))
        }
        const own = entries.filter((e) => e.recordingUnitId !== "u-other")
        const report = Hours.report(own, { ...period, zone: Time.Shanghai, groupBy: "volunteer" })
        const expected = Result.isSuccess(report) ? report.success.reduce((s, r) => s + r.minutes, 0) : NaN
        const r = Certificate.build(buildInput({ entries, dissolved, period }))
        if (Result.isSuccess(r)) expect(r.success.service.totalMinutes).toBe(expected)
        else if (own.length === 0) expect(r.failure._tag).toBe("CertificateIssuerInvalid")
        else {
          expect(r.failure).toMatchObject({ _tag: "CertificateWithoutHours", volunteerId: "v-1" })
          expect(expected).toBe(0)
        }
      })
    )
  })

  it("T9: corrections count with the entries they correct", () => {
    const original = entry()
    const fix = ok(Hours.correct(original, 120, "签退时间有误", actor("captain-1"), local("2026-03-10", "09:00"), hid("h-2")))
    expect(ok(Certificate.build(buildInput({ entries: [original, fix] }))).service.totalMinutes).toBe(120)
  })

  it("T9: an issuer without the volunteer's hours, an empty period and an inverted period are refused", () => {
    expect(failure(Certificate.build(buildInput({ issuer: { ...buildInput().issuer, unitId: uid("u-squadron") } })))).toMatchObject({
      _tag: "CertificateIssuerInvalid",
      issuerUnitId: "u-squadron",
      recordingUnitId: "u-squad"
    })
    const march = { from: Time.localDate("2026-06-01"), to: Time.localDate("2026-06-30") }
    expect(failure(Certificate.build(buildInput({ period: march })))._tag).toBe("CertificateWithoutHours")
    const inverted = { from: Time.localDate("2026-12-31"), to: Time.localDate("2026-01-01") }
    expect(failure(Certificate.build(buildInput({ period: inverted })))._tag).toBe("CertificatePeriodInvalid")
  })

  it("T9: the record schema refuses a clear document number and a status without its revocation", () => {
    const cert = ok(Certificate.build(buildInput()))
    const decode = Schema.decodeUnknownResult(Certificate.Certificate)
    expect(Result.isFailure(decode({ ...cert, volunteer: { ...cert.volunteer, maskedDocumentNumber: "330482199001011234" } }))).toBe(true)
    expect(Result.isFailure(decode({ ...cert, status: "revoked" }))).toBe(true)
    expect(Result.isFailure(decode({ ...cert, serial: "PH-2026-1" }))).toBe(true)
    expect(Result.isFailure(decode({ ...cert, issuer: { ...cert.issuer, contact: "call me" } }))).toBe(true)
  })

  it("T9: building does not mutate its input", () => {
    const input = buildInput({ entries: [entry({ id: hid("b"), serviceStart: local("2026-05-01", "09:00"), serviceEnd: local("2026-05-01", "12:00") }), entry()] })
    const copy = structuredClone(input)
    ok(Certificate.build(input))
    expect(input).toEqual(copy)
  })
})

describe("revoke and verify", () => {
  const cert = ok(Certificate.build(buildInput()))
  const at = local("2027-01-05", "09:00")

  it("T9: revocation records a reason and changes nothing else; the original stays as issued", () => {
    const revoked = ok(Certificate.revoke(cert, "服务记录有误", actor("office-1"), at))
    expect(revoked.status).toBe("revoked")
    expect(revoked.revocation).toEqual({ reason: "服务记录有误", at, by: "office-1" })
    const { status: _s, revocation: _r, ...rest } = revoked
    const { status: _s0, ...original } = cert
    expect(rest).toEqual(original)
    expect(cert.status).toBe("valid")
    expect(cert.revocation).toBeUndefined()
    expect(Result.isSuccess(Schema.decodeUnknownResult(Certificate.Certificate)(revoked))).toBe(true)
  })

  it("T9: a certificate is revoked once, with a reason, not before it was issued", () => {
    const revoked = ok(Certificate.revoke(cert, "服务记录有误", actor("office-1"), at))
    expect(failure(Certificate.revoke(revoked, "again", actor("office-1"), at))).toMatchObject({
      _tag: "CertificateAlreadyRevoked",
      certificateId: "c-1",
      serial: cert.serial
    })
    expect(failure(Certificate.revoke(cert, "  ", actor("office-1"), at))).toMatchObject({ problem: "reasonMissing" })
    expect(failure(Certificate.revoke(cert, "有误", actor("office-1"), plus(ISSUED_AT, -1)))).toMatchObject({ problem: "beforeIssue" })
  })

  it("T9: a certificate is verifiable by serial number", () => {
    expect(Certificate.verify(cert, cert.serial)).toEqual({ status: "valid", serial: cert.serial, certificate: cert })
    const revoked = ok(Certificate.revoke(cert, "服务记录有误", actor("office-1"), at))
    expect(Certificate.verify(revoked, cert.serial)).toMatchObject({ status: "revoked", certificate: { revocation: { reason: "服务记录有误" } } })
    expect(Certificate.verify(undefined, "PH-2026-999999")).toEqual({ status: "unknown", serial: "PH-2026-999999" })
    expect(Certificate.verify(cert, "PHDH-2026-000002").status).toBe("unknown")
    expect(Certificate.labelsZh.unknown).toBe("查无此证明")
  })
})
