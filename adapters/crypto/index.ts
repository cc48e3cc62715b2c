/**
 * `volunteer-brigade/crypto` — the key ring on `node:crypto` (P1, P2): personal fields sealed
 * with SM4-CTR + HMAC-SM3 (encrypt-then-MAC; the default, for GB/T 39786 assessments) or
 * AES-256-GCM, every envelope naming its algorithm and key id; blind indexes by HMAC-SM3 or
 * HMAC-SHA-256 under a separate, long-lived index key. Retired keys open what they sealed
 * until removed from the ring; a missing key or a tampered value is a typed `KeyRingError`.
 *
 * @example
 * ```ts
 * import { makeKeyRing, generateSecret } from "volunteer-brigade/crypto"
 * const ring = makeKeyRing({
 *   keys: [{ id: "k2026", secret: generateSecret() }],
 *   activeKeyId: "k2026",
 *   indexKey: generateSecret()
 * })
 * ```
 * @module volunteer-brigade/crypto
 */
import type { KeyRingShape } from "../../src/privacy.js"
import * as impl from "../shared/keyring.js"

import type { FieldCipher, KeyRingOptions } from "../shared/keyring.js"
export type { DataKey, FieldCipher, KeyRingOptions } from "../shared/keyring.js"

/**
 * A key ring over keys the host holds in memory (P1, P2). Throws at start on a malformed key
 * (id, length, an active id not in the ring). To rotate: add the new key, make it active,
 * keep the old ones until `Workflows.Privacy.rotate` has re-sealed everything, then remove
 * them.
 *
 * @example
 * ```ts
 * import { makeKeyRing } from "volunteer-brigade/crypto"
 * declare const oldSecret: string, newSecret: string, indexSecret: string
 * const ring = makeKeyRing({
 *   cipher: "sm4",
 *   keys: [{ id: "k2025", secret: oldSecret }, { id: "k2026", secret: newSecret }],
 *   activeKeyId: "k2026",
 *   indexKey: indexSecret
 * })
 * ```
 * @category key rings
 * @since 0.1.0
 */
export const makeKeyRing = (options: KeyRingOptions): KeyRingShape => impl.makeKeyRing(options)

/**
 * A ring from the environment: `VB_KEYS` (`id:base64,…`), `VB_ACTIVE_KEY`, `VB_INDEX_KEY`
 * and optionally `VB_CIPHER` (`sm4` | `aes-256-gcm`). Throws when the keys are not set.
 *
 * @example
 * ```ts
 * import { envKeyRing } from "volunteer-brigade/crypto"
 * const ring = envKeyRing({ VB_KEYS: "k1:" + "A".repeat(43) + "=", VB_ACTIVE_KEY: "k1", VB_INDEX_KEY: "B".repeat(43) + "=" })
 * ```
 * @category key rings
 * @since 0.1.0
 */
export const envKeyRing = (env?: Readonly<Record<string, string | undefined>>): KeyRingShape => impl.envKeyRing(env)

/**
 * A ring read from a JSON key file, created with one fresh key (mode 0600) when missing and
 * announced once on stderr — what the SQLite layer uses without a ring. Development only: the
 * key sits beside the data.
 *
 * @example
 * ```ts
 * import { keyFileRing } from "volunteer-brigade/crypto"
 * const ring = keyFileRing("brigade.db.keys.json")
 * ```
 * @category key rings
 * @since 0.1.0
 */
export const keyFileRing = (path: string): KeyRingShape => impl.keyFileRing(path)

/**
 * A ring with fresh random keys that die with the process: memory stores and tests.
 *
 * @example
 * ```ts
 * import { ephemeralKeyRing } from "volunteer-brigade/crypto"
 * const ring = ephemeralKeyRing("aes-256-gcm")
 * ```
 * @category key rings
 * @since 0.1.0
 */
export const ephemeralKeyRing = (cipher?: FieldCipher): KeyRingShape => impl.ephemeralKeyRing(cipher)

/**
 * 32 random bytes in base64: a new data key or index key.
 *
 * @example
 * ```ts
 * import { generateSecret } from "volunteer-brigade/crypto"
 * const secret = generateSecret()
 * ```
 * @category key rings
 * @since 0.1.0
 */
export const generateSecret = (): string => impl.generateSecret()
