/**
 * 个人信息保护 — personal information at rest: the {@link KeyRing} service a host provides,
 * the sealed (at-rest) form of volunteers and groups, and the keyed blind index of identity
 * documents. Owns rules **P1** (sensitive fields only encrypted, each ciphertext naming its
 * key, a wrong or missing key a typed error) and **P2** (uniqueness and look-up by a keyed
 * blind index, never the clear number).
 *
 * The core never touches a key: it asks the ring to seal, open and index. Every built-in
 * store seals records on the way in and opens them on the way out, so what reaches a table or
 * a map is ciphertext and index values only; the implementation on `node:crypto` (SM4-CTR
 * with HMAC-SM3, or AES-256-GCM) is `volunteer-brigade/crypto`.
 *
 * @module
 */
import { Context, Effect, Schema } from "effect"
import { GroupId, UnitId, VolunteerId } from "./ids.js"
import { DocumentType } from "./identity.js"
import { Group, Guardian, Individual, VolunteerNumber, identityKey } from "./volunteer.js"

// ---------------------------------------------------------------------------------------------
// The key ring (P1, P2)
// ---------------------------------------------------------------------------------------------

/**
 * Why the key ring could not seal, open or index (P1): the key a ciphertext names is not in
 * the ring (`keyMissing`), the ring has no active key (`noActiveKey`), the ciphertext does not
 * authenticate under its key — tampered, or moved to another record or field — (`tampered`),
 * or the value is not a sealed envelope at all (`malformed`).
 *
 * @category keys
 * @since 0.1.0
 */
export const KeyProblem = Schema.Literals(["keyMissing", "noActiveKey", "tampered", "malformed"])
/** @category keys @since 0.1.0 */
export type KeyProblem = typeof KeyProblem.Type

/**
 * A key ring failure (P1). Carries the problem and the key id, never a clear or sealed value.
 *
 * @example
 * ```ts
 * import { Privacy } from "volunteer-brigade"
 * const e = new Privacy.KeyRingError({ reason: "keyMissing", keyId: "k2024" })
 * e.message // "密钥不可用 (keyMissing): k2024"
 * ```
 * @category keys
 * @since 0.1.0
 */
export class KeyRingError extends Schema.TaggedError<KeyRingError>()("KeyRingError", {
  reason: KeyProblem,
  keyId: Schema.optionalKey(Schema.String)
}) {
  override get message(): string {
    return `密钥不可用 (${this.reason})${this.keyId === undefined ? "" : `: ${this.keyId}`}`
  }
}

/**
 * What the core needs of the host's keys (P1, P2). `seal` encrypts one field value with the
 * active key under authenticated encryption, binding it to `context` (the record and field),
 * and returns an envelope that names its key id; `open` reverses it with whichever key of the
 * ring the envelope names (retired keys still open until removed); `blindIndex` is a keyed
 * hash (HMAC-SM3 or HMAC-SHA-256) under the ring's index key, stable across data-key
 * rotation; `keyIdOf` reads the key id an envelope names (`undefined` when it is not one).
 *
 * @category keys
 * @since 0.1.0
 */
export interface KeyRingShape {
  /** The id of the key `seal` uses now. */
  readonly activeKeyId: string | undefined
  readonly seal: (plain: string, context: string) => Effect.Effect<string, KeyRingError>
  readonly open: (sealed: string, context: string) => Effect.Effect<string, KeyRingError>
  readonly blindIndex: (value: string) => Effect.Effect<string, KeyRingError>
  readonly keyIdOf: (sealed: string) => string | undefined
}

/**
 * The key ring service (P1, P2). The built-in stores take one when they are made; a host
 * passes its own — keys from the environment, a KMS, or an HSM behind this interface.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Privacy } from "volunteer-brigade"
 * const index = Effect.flatMap(Privacy.KeyRing, (ring) => ring.blindIndex("residentId:11010519491231002X"))
 * ```
 * @category keys
 * @since 0.1.0
 */
export class KeyRing extends Context.Service<KeyRing, KeyRingShape>()("volunteer-brigade/KeyRing") {}

/**
 * A sealed field value: `vb1:<algorithm>:<keyId>:<payload>` (P1).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Privacy } from "volunteer-brigade"
 * Schema.is(Privacy.Sealed)("vb1:s4:k1:AAAA") // true
 * ```
 * @category sealed records
 * @since 0.1.0
 */
export const Sealed = Schema.String.check(
  Schema.isPattern(/^vb1:[a-z0-9]+:[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_-]+$/, { message: "must be a sealed value" })
)

/**
 * The blind-index input of a document (P2): `Volunteer.identityKey` — the type and the number
 * with spaces removed and letters upper-cased, so `x`/`X` and stray spaces index alike.
 *
 * @example
 * ```ts
 * import { Privacy } from "volunteer-brigade"
 * Privacy.identityIndexInput({ type: "residentId", number: "11010519491231002x " }) // "residentId:11010519491231002X"
 * ```
 * @category blind index
 * @since 0.1.0
 */
export const identityIndexInput = identityKey

/**
 * The keyed blind index of an identity key (P2): what the stores keep unique and look up,
 * never the clear number.
 *
 * @example
 * ```ts
 * import { Privacy } from "volunteer-brigade"
 * declare const ring: Privacy.KeyRingShape
 * const index = Privacy.identityIndex(ring, "residentId:11010519491231002X")
 * ```
 * @category blind index
 * @since 0.1.0
 */
export const identityIndex = (ring: KeyRingShape, key: string): Effect.Effect<string, KeyRingError> =>
  ring.blindIndex(`identity|${key}`)

// ---------------------------------------------------------------------------------------------
// Sealed records (P1)
// ---------------------------------------------------------------------------------------------

/**
 * The at-rest form of an individual volunteer (P1, P2): the record with its document number,
 * mobile, office phone and guardian's mobile sealed, and the blind index of its document.
 * Stores keep this shape only.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Privacy } from "volunteer-brigade"
 * declare const row: unknown
 * Schema.decodeUnknownSync(Privacy.SealedIndividual)(row)
 * ```
 * @category sealed records
 * @since 0.1.0
 */
export const SealedIndividual = Schema.Struct({
  ...Individual.fields,
  id: VolunteerId,
  volunteerNumber: VolunteerNumber,
  document: Schema.Struct({ type: DocumentType, number: Sealed }),
  mobile: Sealed,
  officePhone: Schema.optionalKey(Sealed),
  guardian: Schema.optionalKey(Schema.Struct({ ...Guardian.fields, mobile: Sealed })),
  squadId: UnitId,
  identityIndex: Schema.String
})
/** @category sealed records @since 0.1.0 */
export type SealedIndividual = typeof SealedIndividual.Type

/**
 * The at-rest form of a volunteer group (P1): its contact phone sealed.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Privacy } from "volunteer-brigade"
 * declare const row: unknown
 * Schema.decodeUnknownSync(Privacy.SealedGroup)(row)
 * ```
 * @category sealed records
 * @since 0.1.0
 */
export const SealedGroup = Schema.Struct({ ...Group.fields, id: GroupId, contactPhone: Sealed })
/** @category sealed records @since 0.1.0 */
export type SealedGroup = typeof SealedGroup.Type

/** The associated data of a field: a ciphertext moved to another record or field does not open. */
const at = (id: string, field: string): string => `${id}|${field}`

const decodeIndividual = Schema.decodeUnknownEffect(Individual)
const decodeGroup = Schema.decodeUnknownEffect(Group)

const malformed = () => new KeyRingError({ reason: "malformed" })

/**
 * Seals an individual volunteer for storage (P1, P2): the document number, mobile, office
 * phone and guardian's mobile under the ring's active key, each bound to the record id and
 * field; and the document's blind index.
 *
 * @example
 * ```ts
 * import { Privacy, Volunteer } from "volunteer-brigade"
 * declare const ring: Privacy.KeyRingShape
 * declare const v: Volunteer.Individual
 * const sealed = Privacy.sealIndividual(ring, v)
 * ```
 * @category sealed records
 * @since 0.1.0
 */
export const sealIndividual = (ring: KeyRingShape, v: Individual): Effect.Effect<SealedIndividual, KeyRingError> =>
  Effect.gen(function* () {
    const { guardian, officePhone, ...rest } = v
    return {
      ...rest,
      document: { type: v.document.type, number: yield* ring.seal(v.document.number, at(v.id, "document.number")) },
      mobile: yield* ring.seal(v.mobile, at(v.id, "mobile")),
      ...(officePhone === undefined ? {} : { officePhone: yield* ring.seal(officePhone, at(v.id, "officePhone")) }),
      ...(guardian === undefined
        ? {}
        : { guardian: { ...guardian, mobile: yield* ring.seal(guardian.mobile, at(v.id, "guardian.mobile")) } }),
      // P7: an erased record frees its document's index (the person may register again)
      identityIndex: v.erasedOn === undefined ? yield* identityIndex(ring, identityKey(v.document)) : `erased:${v.id}`
    }
  })

/**
 * Opens a sealed individual (P1): every sealed field with the key it names, then the record
 * decoded through `Volunteer.Individual`. A missing key, a tampered value or a record that
 * does not decode is a {@link KeyRingError}, never a half-opened record.
 *
 * @example
 * ```ts
 * import { Privacy } from "volunteer-brigade"
 * declare const ring: Privacy.KeyRingShape
 * declare const sealed: Privacy.SealedIndividual
 * const v = Privacy.openIndividual(ring, sealed)
 * ```
 * @category sealed records
 * @since 0.1.0
 */
export const openIndividual = (ring: KeyRingShape, s: SealedIndividual): Effect.Effect<Individual, KeyRingError> =>
  Effect.gen(function* () {
    const { guardian, officePhone, identityIndex: _index, ...rest } = s
    const clear = {
      ...rest,
      document: { type: s.document.type, number: yield* ring.open(s.document.number, at(s.id, "document.number")) },
      mobile: yield* ring.open(s.mobile, at(s.id, "mobile")),
      ...(officePhone === undefined ? {} : { officePhone: yield* ring.open(officePhone, at(s.id, "officePhone")) }),
      ...(guardian === undefined
        ? {}
        : { guardian: { ...guardian, mobile: yield* ring.open(guardian.mobile, at(s.id, "guardian.mobile")) } })
    }
    return yield* Effect.mapError(decodeIndividual(clear), malformed)
  })

/**
 * Seals a group for storage (P1): its contact phone under the active key.
 *
 * @example
 * ```ts
 * import { Privacy, Volunteer } from "volunteer-brigade"
 * declare const ring: Privacy.KeyRingShape
 * declare const g: Volunteer.Group
 * const sealed = Privacy.sealGroup(ring, g)
 * ```
 * @category sealed records
 * @since 0.1.0
 */
export const sealGroup = (ring: KeyRingShape, g: Group): Effect.Effect<SealedGroup, KeyRingError> =>
  Effect.map(ring.seal(g.contactPhone, at(g.id, "contactPhone")), (contactPhone) => ({ ...g, contactPhone }))

/**
 * Opens a sealed group (P1); see {@link openIndividual}.
 *
 * @example
 * ```ts
 * import { Privacy } from "volunteer-brigade"
 * declare const ring: Privacy.KeyRingShape
 * declare const sealed: Privacy.SealedGroup
 * const g = Privacy.openGroup(ring, sealed)
 * ```
 * @category sealed records
 * @since 0.1.0
 */
export const openGroup = (ring: KeyRingShape, s: SealedGroup): Effect.Effect<Group, KeyRingError> =>
  Effect.flatMap(ring.open(s.contactPhone, at(s.id, "contactPhone")), (contactPhone) =>
    Effect.mapError(decodeGroup({ ...s, contactPhone }), malformed)
  )
