/**
 * 志愿服务记录证明 — service-record certificates: who may issue them, what they hold, serial
 * numbers, revocation and verification.
 *
 * Owns rule **T9**: a certificate is issued only by the unit that recorded the hours (谁记录谁
 * 证明), or by its superior after that unit is dissolved; it holds the volunteer's identity
 * (name, document type, masked number, volunteer number), the service (period, total minutes,
 * content), the issuer (unit, person in charge, handler, contact), a unique serial number and
 * the issue date; it is immutable, can be revoked with a reason, and is verifiable by serial.
 *
 * @module
 */
import { Result, Schema } from "effect"
import { netByOriginal, minutesWithin, type HourEntry } from "./hours.js"
import { DocumentType, maskIdNumber, redact } from "./identity.js"
import { ActorId, CertificateId, UnitId, VolunteerId } from "./ids.js"
import { Mobile, Name, OfficePhone, Reason } from "./text.js"
import { addDays, Instant, LocalDate, localDateOf, Minutes, startOfDay, type TimeZone } from "./time.js"

// ---------------------------------------------------------------------------------------------
// Serial numbers
// ---------------------------------------------------------------------------------------------

const SERIAL = /^([A-Z0-9]{1,16})-(\d{4})-(\d{6})$/

/**
 * A certificate serial number: `<UNIT>-<YYYY>-<NNNNNN>` — the issuing unit's code (1–16
 * upper-case letters or digits), the year of issue and a six-digit sequence within that unit
 * and year, starting at 000001. Example: `PHDH-2026-000123` (T9).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Certificate } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Certificate.Serial)("PH-2026-000123")
 * ```
 * @category serials
 * @since 0.1.0
 */
export const Serial = Schema.String.check(
  Schema.isPattern(SERIAL, { message: "a certificate serial is UNIT-YYYY-NNNNNN, e.g. PH-2026-000123" })
).pipe(Schema.brand("CertificateSerial"))
/** @category serials @since 0.1.0 */
export type Serial = typeof Serial.Type

/**
 * A serial number could not be made or read (T9): unit code, year (1900–2199) or sequence
 * (1–999999) out of range, or text not in the serial format.
 *
 * @category errors
 * @since 0.1.0
 */
export class CertificateSerialInvalid extends Schema.TaggedError<CertificateSerialInvalid>()("CertificateSerialInvalid", {
  input: Schema.String,
  problem: Schema.String
}) {}

/** The parts of a serial number. @category serials @since 0.1.0 */
export interface SerialParts {
  readonly unitCode: string
  readonly year: number
  readonly sequence: number
}

const partsProblem = ({ unitCode, year, sequence }: SerialParts): string | undefined => {
  if (!/^[A-Z0-9]{1,16}$/.test(unitCode)) return "the unit code is 1–16 upper-case letters or digits"
  if (!Number.isSafeInteger(year) || year < 1900 || year > 2199) return "the year is between 1900 and 2199"
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > 999_999) return "the sequence is between 1 and 999999"
  return undefined
}

/**
 * Makes the serial number for a unit's `sequence`-th certificate of `year` (T9); see
 * {@link Serial} for the format.
 *
 * @example
 * ```ts
 * import { Certificate } from "volunteer-brigade"
 * Certificate.serialFor("PH", 2026, 123) // Result.succeed("PH-2026-000123")
 * ```
 * @category serials
 * @since 0.1.0
 */
export const serialFor = (unitCode: string, year: number, sequence: number): Result.Result<Serial, CertificateSerialInvalid> => {
  const problem = partsProblem({ unitCode, year, sequence })
  if (problem !== undefined) return Result.fail(new CertificateSerialInvalid({ input: redact(`${unitCode}/${year}/${sequence}`), problem }))
  return Result.succeed(`${unitCode}-${year}-${String(sequence).padStart(6, "0")}` as Serial)
}

/**
 * Reads a serial number back into unit code, year and sequence (T9); the inverse of
 * {@link serialFor}.
 *
 * @example
 * ```ts
 * import { Certificate } from "volunteer-brigade"
 * Certificate.parseSerial("PH-2026-000123") // Result.succeed({ unitCode: "PH", year: 2026, sequence: 123 })
 * ```
 * @category serials
 * @since 0.1.0
 */
export const parseSerial = (serial: string): Result.Result<SerialParts, CertificateSerialInvalid> => {
  const match = SERIAL.exec(serial)
  const parts = match === null ? undefined : { unitCode: match[1]!, year: Number(match[2]), sequence: Number(match[3]) }
  const problem = parts === undefined ? "not in the form UNIT-YYYY-NNNNNN" : partsProblem(parts)
  if (parts === undefined || problem !== undefined) return Result.fail(new CertificateSerialInvalid({ input: redact(serial), problem: problem ?? "" }))
  return Result.succeed(parts)
}

/**
 * The next serial for a unit and year after the serials already issued (T9: serials are
 * unique): one more than the highest sequence of that unit code and year, or 1.
 *
 * @example
 * ```ts
 * import { Certificate } from "volunteer-brigade"
 * Certificate.nextSerial(["PH-2026-000001", "PH-2026-000007", "PH-2025-000050"], "PH", 2026) // Result.succeed("PH-2026-000008")
 * ```
 * @category serials
 * @since 0.1.0
 */
export const nextSerial = (
  issued: ReadonlyArray<string>,
  unitCode: string,
  year: number
): Result.Result<Serial, CertificateSerialInvalid> => {
  const highest = issued
    .map(parseSerial)
    .filter(Result.isSuccess)
    .map((r) => r.success)
    .filter((p) => p.unitCode === unitCode && p.year === year)
    .reduce((max, p) => Math.max(max, p.sequence), 0)
  return serialFor(unitCode, year, highest + 1)
}

// ---------------------------------------------------------------------------------------------
// The certificate record
// ---------------------------------------------------------------------------------------------

/**
 * Status of a certificate: valid, or revoked (T9).
 *
 * @category certificates
 * @since 0.1.0
 */
export const Status = Schema.Literals(["valid", "revoked"])
/** @category certificates @since 0.1.0 */
export type Status = typeof Status.Type

/**
 * zh-CN labels for certificate statuses and verification outcomes.
 *
 * @example
 * ```ts
 * import { Certificate } from "volunteer-brigade"
 * Certificate.labelsZh.revoked // "已撤销"
 * ```
 * @category certificates
 * @since 0.1.0
 */
export const labelsZh: { readonly [K in Status | "unknown"]: string } = {
  valid: "有效",
  revoked: "已撤销",
  unknown: "查无此证明"
}

/** A masked document number always hides something (V7): it contains `*`. */
const MaskedDocumentNumber = Schema.String.check(
  Schema.isMaxLength(64),
  Schema.makeFilter((s: string) => s.includes("*") || "a certificate holds only a masked document number (V7)")
)

/**
 * 志愿服务记录证明 — a service-record certificate (T9). Immutable once issued: revocation
 * returns a new record with `status: "revoked"` and the revocation, nothing else changes.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Certificate } from "volunteer-brigade"
 * declare const row: unknown
 * const cert = Schema.decodeUnknownSync(Certificate.Certificate)(row)
 * ```
 * @category certificates
 * @since 0.1.0
 */
export const Certificate = Schema.Struct({
  id: CertificateId,
  serial: Serial,
  volunteer: Schema.Struct({
    volunteerId: VolunteerId,
    name: Name,
    documentType: DocumentType,
    maskedDocumentNumber: MaskedDocumentNumber,
    volunteerNumber: Name
  }),
  service: Schema.Struct({
    from: LocalDate,
    to: LocalDate,
    totalMinutes: Minutes,
    content: Schema.Array(Schema.String)
  }).check(Schema.makeFilter((s: { readonly from: string; readonly to: string }) => s.from <= s.to || "the service period ends before it starts")),
  issuer: Schema.Struct({
    unitId: UnitId,
    unitName: Name,
    personInCharge: Name,
    handler: Name,
    contact: Schema.Union([Mobile, OfficePhone])
  }),
  issuedOn: LocalDate,
  issuedAt: Instant,
  status: Status,
  revocation: Schema.optionalKey(Schema.Struct({ reason: Reason, at: Instant, by: ActorId }))
}).check(
  Schema.makeFilter((c: { readonly status: Status; readonly revocation?: unknown }) =>
    (c.status === "revoked") === (c.revocation !== undefined) || "a certificate is revoked exactly when it records a revocation"
  )
)
/** @category certificates @since 0.1.0 */
export type Certificate = typeof Certificate.Type

// ---------------------------------------------------------------------------------------------
// Who may issue (谁记录谁证明)
// ---------------------------------------------------------------------------------------------

/**
 * A dissolved unit and the parent it had when dissolved; certificates for hours it recorded
 * pass to the nearest ancestor still in existence (T9).
 *
 * @category issuing
 * @since 0.1.0
 */
export interface DissolvedUnit {
  readonly unitId: UnitId
  readonly parentId?: UnitId
}

/**
 * A unit may not issue the certificate (T9): hours were recorded by another unit that still
 * exists (or whose responsibility passed elsewhere), or the unit recorded none of the hours.
 *
 * @category errors
 * @since 0.1.0
 */
export class CertificateIssuerInvalid extends Schema.TaggedError<CertificateIssuerInvalid>()("CertificateIssuerInvalid", {
  issuerUnitId: UnitId,
  recordingUnitId: Schema.optionalKey(UnitId),
  responsibleUnitId: Schema.optionalKey(UnitId)
}) {}

/**
 * The unit responsible for certifying hours recorded by `recordingUnitId` (T9): the recorder
 * itself while it exists, otherwise the nearest ancestor that is not dissolved; `undefined`
 * when every ancestor is dissolved or unknown.
 *
 * @example
 * ```ts
 * import { Certificate } from "volunteer-brigade"
 * Certificate.responsibleIssuer("u-squad" as never, [{ unitId: "u-squad" as never, parentId: "u-squadron" as never }]) // "u-squadron"
 * ```
 * @category issuing
 * @since 0.1.0
 */
export const responsibleIssuer = (recordingUnitId: UnitId, dissolved: ReadonlyArray<DissolvedUnit>): UnitId | undefined => {
  const parentOf = new Map(dissolved.map((d) => [d.unitId, d.parentId]))
  let unit: UnitId | undefined = recordingUnitId
  // Each step leaves a dissolved unit; more steps than dissolved units means a cycle.
  for (let steps = 0; unit !== undefined && parentOf.has(unit); steps++) {
    if (steps > dissolved.length) return undefined
    unit = parentOf.get(unit)
  }
  return unit
}

/**
 * Decides whether a unit may issue a certificate for hours recorded by the given units (T9,
 * 谁记录谁证明): every recording unit's responsible issuer must be that unit, and there must be
 * at least one.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Certificate } from "volunteer-brigade"
 * Result.isSuccess(Certificate.mayIssue({
 *   issuerUnitId: "u-squadron" as never,
 *   recordingUnitIds: ["u-squad" as never],
 *   dissolved: [{ unitId: "u-squad" as never, parentId: "u-squadron" as never }]
 * })) // true
 * ```
 * @category issuing
 * @since 0.1.0
 */
export const mayIssue = (input: {
  readonly issuerUnitId: UnitId
  readonly recordingUnitIds: ReadonlyArray<UnitId>
  readonly dissolved: ReadonlyArray<DissolvedUnit>
}): Result.Result<void, CertificateIssuerInvalid> => {
  const { issuerUnitId } = input
  if (input.recordingUnitIds.length === 0) return Result.fail(new CertificateIssuerInvalid({ issuerUnitId }))
  for (const recordingUnitId of input.recordingUnitIds) {
    const responsible = responsibleIssuer(recordingUnitId, input.dissolved)
    if (responsible !== issuerUnitId) {
      return Result.fail(
        new CertificateIssuerInvalid({
          issuerUnitId,
          recordingUnitId,
          ...(responsible === undefined ? {} : { responsibleUnitId: responsible })
        })
      )
    }
  }
  return Result.void
}

// ---------------------------------------------------------------------------------------------
// Building, revoking, verifying
// ---------------------------------------------------------------------------------------------

/**
 * A certificate period was refused (T9): it ends before it starts.
 *
 * @category errors
 * @since 0.1.0
 */
export class CertificatePeriodInvalid extends Schema.TaggedError<CertificatePeriodInvalid>()("CertificatePeriodInvalid", {
  from: Schema.String,
  to: Schema.String
}) {}

/**
 * Nothing to certify (T9): the issuer's entries for the volunteer in the period net to no
 * minutes.
 *
 * @category errors
 * @since 0.1.0
 */
export class CertificateWithoutHours extends Schema.TaggedError<CertificateWithoutHours>()("CertificateWithoutHours", {
  volunteerId: VolunteerId,
  issuerUnitId: UnitId,
  from: Schema.String,
  to: Schema.String
}) {}

/**
 * A certificate is already revoked (T9); revocation happens once.
 *
 * @category errors
 * @since 0.1.0
 */
export class CertificateAlreadyRevoked extends Schema.TaggedError<CertificateAlreadyRevoked>()("CertificateAlreadyRevoked", {
  certificateId: CertificateId,
  serial: Schema.String
}) {}

/**
 * A revocation was refused (T9): blank reason, or dated before the certificate was issued.
 *
 * @category errors
 * @since 0.1.0
 */
export class CertificateRevocationInvalid extends Schema.TaggedError<CertificateRevocationInvalid>()("CertificateRevocationInvalid", {
  certificateId: CertificateId,
  problem: Schema.Literals(["reasonMissing", "beforeIssue"])
}) {}

/**
 * Input of {@link build}: the volunteer (with the document number in clear — the certificate
 * keeps only the masked form), the issuer, the period and the volunteer's ledger entries.
 *
 * @category certificates
 * @since 0.1.0
 */
export interface BuildInput {
  readonly id: CertificateId
  readonly serial: Serial
  readonly volunteer: {
    readonly volunteerId: VolunteerId
    readonly name: string
    readonly document: { readonly type: DocumentType; readonly number: string }
    readonly volunteerNumber: string
  }
  readonly issuer: Certificate["issuer"]
  readonly period: { readonly from: LocalDate; readonly to: LocalDate }
  /** Ledger entries; entries of other volunteers and other units' hours are ignored. */
  readonly entries: ReadonlyArray<HourEntry>
  readonly dissolved: ReadonlyArray<DissolvedUnit>
  readonly issuedAt: Instant
  readonly zone: TimeZone
}

/**
 * The entries a unit certifies for a volunteer (T9): the volunteer's entries recorded at or
 * before `asOf` (replay, T5) whose recording unit's responsible issuer is the unit.
 *
 * @example
 * ```ts
 * import { Certificate, Time } from "volunteer-brigade"
 * declare const ledger: ReadonlyArray<import("volunteer-brigade").Hours.HourEntry>
 * Certificate.certifiableEntries(ledger, "v-1" as never, "u-squad" as never, [], Time.instant("2026-12-31T00:00:00Z"))
 * ```
 * @category certificates
 * @since 0.1.0
 */
export const certifiableEntries = (
  entries: ReadonlyArray<HourEntry>,
  volunteerId: VolunteerId,
  issuerUnitId: UnitId,
  dissolved: ReadonlyArray<DissolvedUnit>,
  asOf: Instant
): ReadonlyArray<HourEntry> =>
  entries.filter(
    (e) => e.volunteerId === volunteerId && e.recordedAt <= asOf && responsibleIssuer(e.recordingUnitId, dissolved) === issuerUnitId
  )

/**
 * Builds a certificate (T9). The total is computed, never typed in: the issuer's entries for
 * the volunteer (see {@link certifiableEntries}), netted with their corrections and attributed
 * to the local dates `[from, to]` like hour reports (`Hours.report`). The content lists the
 * distinct `content` of the entries that contribute, in order of service. The document number
 * is masked (keep first 6 and last 4, V7). `issuedOn` is the local date of `issuedAt` (C1).
 *
 * @example
 * ```ts
 * import { Certificate, Time } from "volunteer-brigade"
 * declare const input: Certificate.BuildInput
 * const r = Certificate.build({ ...input, zone: Time.Shanghai })
 * ```
 * @category certificates
 * @since 0.1.0
 */
export const build = (
  input: BuildInput
): Result.Result<Certificate, CertificatePeriodInvalid | CertificateIssuerInvalid | CertificateWithoutHours> => {
  const { period, issuer, volunteer, zone } = input
  if (period.from > period.to) return Result.fail(new CertificatePeriodInvalid({ from: period.from, to: period.to }))
  const own = certifiableEntries(input.entries, volunteer.volunteerId, issuer.unitId, input.dissolved, input.issuedAt)
  if (own.length === 0) {
    const other = input.entries.find((e) => e.volunteerId === volunteer.volunteerId)
    return Result.fail(
      new CertificateIssuerInvalid({ issuerUnitId: issuer.unitId, ...(other === undefined ? {} : { recordingUnitId: other.recordingUnitId }) })
    )
  }
  const from = startOfDay(period.from, zone)
  const to = startOfDay(addDays(period.to, 1), zone)
  const parts = netByOriginal(own)
    .map(({ entry, minutes }) => ({ entry, minutes: minutesWithin(entry.serviceStart, entry.serviceEnd, minutes, from, to) }))
    .filter((p) => p.minutes !== 0)
  const totalMinutes = parts.reduce((sum, p) => sum + p.minutes, 0)
  if (totalMinutes <= 0) {
    return Result.fail(
      new CertificateWithoutHours({ volunteerId: volunteer.volunteerId, issuerUnitId: issuer.unitId, from: period.from, to: period.to })
    )
  }
  const content = [
    ...new Set(
      [...parts]
        .sort((a, b) => a.entry.serviceStart - b.entry.serviceStart)
        .flatMap((p) => (p.entry.content === undefined ? [] : [p.entry.content]))
    )
  ]
  return Result.succeed({
    id: input.id,
    serial: input.serial,
    volunteer: {
      volunteerId: volunteer.volunteerId,
      name: volunteer.name,
      documentType: volunteer.document.type,
      maskedDocumentNumber: maskIdNumber(volunteer.document.number),
      volunteerNumber: volunteer.volunteerNumber
    },
    service: { from: period.from, to: period.to, totalMinutes: totalMinutes as Minutes, content },
    issuer,
    issuedOn: localDateOf(input.issuedAt, zone),
    issuedAt: input.issuedAt,
    status: "valid"
  })
}

/**
 * Revokes a certificate with a reason (T9): returns a new record, status "revoked", with the
 * revocation; every other field is unchanged. A certificate is revoked once.
 *
 * @example
 * ```ts
 * import { Certificate, Time } from "volunteer-brigade"
 * declare const cert: Certificate.Certificate
 * Certificate.revoke(cert, "服务记录有误", "office-1" as never, Time.instant("2026-06-01T10:00:00+08:00"))
 * ```
 * @category certificates
 * @since 0.1.0
 */
export const revoke = (
  cert: Certificate,
  reason: string,
  by: ActorId,
  at: Instant
): Result.Result<Certificate, CertificateAlreadyRevoked | CertificateRevocationInvalid> => {
  if (cert.status === "revoked") return Result.fail(new CertificateAlreadyRevoked({ certificateId: cert.id, serial: cert.serial }))
  if (reason.trim().length === 0) return Result.fail(new CertificateRevocationInvalid({ certificateId: cert.id, problem: "reasonMissing" }))
  if (at < cert.issuedAt) return Result.fail(new CertificateRevocationInvalid({ certificateId: cert.id, problem: "beforeIssue" }))
  return Result.succeed({ ...cert, status: "revoked", revocation: { reason, at, by } })
}

/**
 * Outcome of verifying a serial number (T9).
 *
 * @category verification
 * @since 0.1.0
 */
export type Verification =
  | { readonly status: "unknown"; readonly serial: string }
  | { readonly status: Status; readonly serial: string; readonly certificate: Certificate }

/**
 * Verifies a serial number against the certificate found for it (T9): "unknown" when nothing
 * was found or the record carries another serial, otherwise the certificate's status with the
 * certificate (which holds only masked personal data).
 *
 * @example
 * ```ts
 * import { Certificate } from "volunteer-brigade"
 * Certificate.verify(undefined, "PH-2026-000123") // { status: "unknown", serial: "PH-2026-000123" }
 * ```
 * @category verification
 * @since 0.1.0
 */
export const verify = (cert: Certificate | undefined, serial: string): Verification =>
  cert === undefined || cert.serial !== serial ? { status: "unknown", serial } : { status: cert.status, serial, certificate: cert }
