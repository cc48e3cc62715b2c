/**
 * The key ring on `node:crypto` (P1, P2): SM4-CTR with HMAC-SM3 (encrypt-then-MAC) or
 * AES-256-GCM for the fields, HMAC-SM3 or HMAC-SHA-256 for the blind index; a development key
 * file for the zero-configuration SQLite layer. Shared by the built-in adapters and exported
 * as `volunteer-brigade/crypto`.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomFillSync, timingSafeEqual, type Hash } from "node:crypto"
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs"
import { Effect } from "effect"
import { KeyRingError, type KeyRingShape } from "../../src/privacy.js"

/**
 * The field cipher of new ciphertexts: `sm4` (SM4-CTR + HMAC-SM3, GB/T 39786) or
 * `aes-256-gcm`. Envelopes name theirs, so a ring opens both.
 *
 * @category key rings
 * @since 0.1.0
 */
export type FieldCipher = "sm4" | "aes-256-gcm"

/**
 * One data key: its id (1–64 letters, digits, `_`, `-`; it is written into every envelope it
 * seals) and 32 secret bytes, or their base64.
 *
 * @category key rings
 * @since 0.1.0
 */
export interface DataKey {
  readonly id: string
  readonly secret: Uint8Array | string
}

/**
 * What a key ring is made of.
 *
 * @category key rings
 * @since 0.1.0
 */
export interface KeyRingOptions {
  /** Cipher of new ciphertexts (default `sm4`). */
  readonly cipher?: FieldCipher
  /** Every key that may open a ciphertext: the active one and retired ones not yet removed. */
  readonly keys: ReadonlyArray<DataKey>
  /** The id of the key that seals; absent → sealing fails with `noActiveKey`. */
  readonly activeKeyId?: string
  /** The blind-index key (32 bytes or base64): long-lived, not rotated with the data keys. */
  readonly indexKey: Uint8Array | string
}

const bytes = (v: Uint8Array | string): Buffer => (typeof v === "string" ? Buffer.from(v, "base64") : Buffer.from(v))
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/
const PREFIX = "vb1"
// algorithm tags inside the envelope
const SM4 = "s4"
const GCM = "ag"

/**
 * HMAC (RFC 2104) with the key's inner and outer hash states computed once: each MAC copies
 * them instead of hashing the padded key again (the same value as `createHmac`, in about half
 * the time — a registration seals three or four fields).
 */
const hmacOf = (algorithm: "sm3" | "sha256", key: Buffer) => {
  const block = 64
  const k = key.length > block ? createHash(algorithm).update(key).digest() : key
  const pad = (byte: number) => {
    const p = Buffer.alloc(block, byte)
    for (let i = 0; i < k.length; i++) p[i]! ^= k[i]!
    return p
  }
  const inner = createHash(algorithm).update(pad(0x36))
  const outer = createHash(algorithm).update(pad(0x5c))
  return (parts: ReadonlyArray<string | Buffer>): Buffer => {
    const h: Hash = inner.copy()
    for (const part of parts) h.update(part)
    return outer.copy().update(h.digest()).digest()
  }
}

interface Derived {
  readonly enc: Buffer
  readonly mac: (parts: ReadonlyArray<string | Buffer>) => Buffer
  readonly gcm: Buffer
}

const derive = (secret: Buffer): Derived => ({
  enc: createHmac("sm3", secret).update("vb1 sm4 enc").digest().subarray(0, 16),
  mac: hmacOf("sm3", createHmac("sm3", secret).update("vb1 sm3 mac").digest()),
  gcm: createHmac("sha256", secret).update("vb1 aes-256-gcm").digest()
})

// nonces from a pooled buffer: one call into the random source per 256 nonces
const pool = Buffer.alloc(4096)
let poolAt = pool.length
const nonce = (size: number): Buffer => {
  if (poolAt + size > pool.length) {
    randomFillSync(pool)
    poolAt = 0
  }
  const n = Buffer.from(pool.subarray(poolAt, poolAt + size))
  poolAt += size
  return n
}

const b64 = (b: Buffer): string => b.toString("base64url")

/**
 * Builds a key ring from keys in memory (P1, P2). Throws on a malformed key (a bad id, a
 * secret of the wrong length, an active id not in the ring) — a configuration error at start.
 */
export const makeKeyRing = (options: KeyRingOptions): KeyRingShape => {
  const cipher = options.cipher ?? "sm4"
  const keys = new Map<string, Derived>()
  for (const k of options.keys) {
    if (!KEY_ID.test(k.id)) throw new Error(`key id must be 1–64 letters, digits, '_' or '-': ${JSON.stringify(k.id)}`)
    const secret = bytes(k.secret)
    if (secret.length !== 32) throw new Error(`key ${k.id} must be 32 bytes (got ${secret.length})`)
    keys.set(k.id, derive(secret))
  }
  const indexKey = bytes(options.indexKey)
  if (indexKey.length !== 32) throw new Error(`the index key must be 32 bytes (got ${indexKey.length})`)
  const active = options.activeKeyId
  if (active !== undefined && !keys.has(active)) throw new Error(`the active key ${active} is not in the ring`)
  const indexMac = hmacOf(cipher === "sm4" ? "sm3" : "sha256", indexKey)

  const seal = (plain: string, context: string): Effect.Effect<string, KeyRingError> =>
    Effect.suspend(() => {
      const key = active === undefined ? undefined : keys.get(active)
      if (key === undefined || active === undefined) return Effect.fail(new KeyRingError({ reason: "noActiveKey" }))
      const data = Buffer.from(plain, "utf8")
      if (cipher === "sm4") {
        const iv = nonce(16)
        const c = createCipheriv("sm4-ctr", key.enc, iv)
        const ct = Buffer.concat([c.update(data), c.final()])
        const header = `${PREFIX}:${SM4}:${active}:`
        const tag = key.mac([header, context, "\0", iv, ct])
        return Effect.succeed(header + b64(Buffer.concat([iv, ct, tag])))
      }
      const iv = nonce(12)
      const header = `${PREFIX}:${GCM}:${active}:`
      const c = createCipheriv("aes-256-gcm", key.gcm, iv)
      c.setAAD(Buffer.from(`${header}${context}`, "utf8"))
      const ct = Buffer.concat([c.update(data), c.final()])
      return Effect.succeed(header + b64(Buffer.concat([iv, ct, c.getAuthTag()])))
    })

  const open = (sealed: string, context: string): Effect.Effect<string, KeyRingError> =>
    Effect.suspend(() => {
      const parts = sealed.split(":")
      if (parts.length !== 4 || parts[0] !== PREFIX) return Effect.fail(new KeyRingError({ reason: "malformed" }))
      const [, alg, keyId, payload] = parts as [string, string, string, string]
      const key = keys.get(keyId)
      if (key === undefined) return Effect.fail(new KeyRingError({ reason: "keyMissing", keyId }))
      const raw = Buffer.from(payload, "base64url")
      const header = `${PREFIX}:${alg}:${keyId}:`
      const tampered = () => Effect.fail(new KeyRingError({ reason: "tampered", keyId }))
      if (alg === SM4) {
        if (raw.length < 48) return tampered()
        const iv = raw.subarray(0, 16)
        const ct = raw.subarray(16, raw.length - 32)
        const tag = raw.subarray(raw.length - 32)
        const expected = key.mac([header, context, "\0", iv, ct])
        if (!timingSafeEqual(tag, expected)) return tampered()
        const d = createDecipheriv("sm4-ctr", key.enc, iv)
        return Effect.succeed(Buffer.concat([d.update(ct), d.final()]).toString("utf8"))
      }
      if (alg === GCM) {
        if (raw.length < 28) return tampered()
        try {
          const d = createDecipheriv("aes-256-gcm", key.gcm, raw.subarray(0, 12))
          d.setAAD(Buffer.from(`${header}${context}`, "utf8"))
          d.setAuthTag(raw.subarray(raw.length - 16))
          return Effect.succeed(Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString("utf8"))
        } catch {
          return tampered()
        }
      }
      return Effect.fail(new KeyRingError({ reason: "malformed", keyId }))
    })

  return {
    activeKeyId: active,
    seal,
    open,
    blindIndex: (value) => Effect.sync(() => indexMac([Buffer.from(value, "utf8")]).toString("base64url")),
    keyIdOf: (sealed) => {
      const parts = sealed.split(":")
      return parts.length === 4 && parts[0] === PREFIX ? parts[2] : undefined
    }
  }
}

/** 32 random bytes, base64: a new data or index key. */
export const generateSecret = (): string => randomBytes(32).toString("base64")

/** A ring with fresh random keys that live as long as the process: memory stores and tests. */
export const ephemeralKeyRing = (cipher: FieldCipher = "sm4"): KeyRingShape =>
  makeKeyRing({ cipher, keys: [{ id: "ephemeral", secret: randomBytes(32) }], activeKeyId: "ephemeral", indexKey: randomBytes(32) })

/** The JSON of a key file. */
interface KeyFile {
  readonly cipher?: FieldCipher
  readonly activeKeyId: string
  readonly keys: Readonly<Record<string, string>>
  readonly indexKey: string
}

const announced = new Set<string>()

/**
 * A ring from a JSON key file, created (mode 0600, with one new key) when it does not exist —
 * the zero-configuration development key of the SQLite layer. Creation is announced once per
 * file on stderr: such a key sits beside the data it protects and is for development only.
 */
export const keyFileRing = (path: string): KeyRingShape => {
  if (!existsSync(path)) {
    const file: KeyFile = { cipher: "sm4", activeKeyId: "dev-1", keys: { "dev-1": generateSecret() }, indexKey: generateSecret() }
    writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: "wx" })
    try {
      chmodSync(path, 0o600)
    } catch {
      // a file system without modes: nothing more to do
    }
    if (!announced.has(path)) {
      announced.add(path)
      process.stderr.write(
        `[volunteer-brigade] 已创建开发用密钥文件 created a development key file: ${path} — for development only; in production pass keyRing (docs/privacy.md)\n`
      )
    }
  }
  const file = JSON.parse(readFileSync(path, "utf8")) as KeyFile
  return makeKeyRing({
    ...(file.cipher === undefined ? {} : { cipher: file.cipher }),
    keys: Object.entries(file.keys).map(([id, secret]) => ({ id, secret })),
    activeKeyId: file.activeKeyId,
    indexKey: file.indexKey
  })
}

/**
 * A ring from environment variables: `VB_KEYS` (`id:base64,id:base64,…`), `VB_ACTIVE_KEY`,
 * `VB_INDEX_KEY` (base64) and optionally `VB_CIPHER` (`sm4` or `aes-256-gcm`).
 */
export const envKeyRing = (env: Readonly<Record<string, string | undefined>> = process.env): KeyRingShape => {
  const list = env["VB_KEYS"]
  const index = env["VB_INDEX_KEY"]
  if (list === undefined || index === undefined) throw new Error("VB_KEYS and VB_INDEX_KEY must be set")
  const cipher = env["VB_CIPHER"]
  if (cipher !== undefined && cipher !== "sm4" && cipher !== "aes-256-gcm") throw new Error("VB_CIPHER must be sm4 or aes-256-gcm")
  const active = env["VB_ACTIVE_KEY"]
  return makeKeyRing({
    ...(cipher === undefined ? {} : { cipher }),
    keys: list.split(",").filter((s) => s.trim() !== "").map((entry) => {
      const at = entry.indexOf(":")
      return { id: entry.slice(0, at).trim(), secret: entry.slice(at + 1).trim() }
    }),
    ...(active === undefined ? {} : { activeKeyId: active }),
    indexKey: index
  })
}
