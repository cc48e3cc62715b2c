/**
 * 身份证件 — identity documents of volunteers: document types, the GB 11643-1999 resident ID
 * number (check digit, birth date, gender), and masking of personal numbers.
 *
 * Owns rules **V2** (a mainland resident ID passes the GB 11643 check digit, and a rejected one
 * says which part is wrong — length, characters, region, birth date or check digit; other
 * documents are accepted with a sane length and character set) and **V7** (identity numbers keep only
 * their first 6 and last 4 characters, mobile numbers their first 3 and last 4, unless a caller
 * asks for clear values).
 *
 * @module
 */
import { Schema } from "effect"
import { LocalDate } from "./time.js"

/**
 * The identity documents a volunteer may register with (V2).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Identity } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Identity.DocumentType)("passport")
 * ```
 * @category documents
 * @since 0.1.0
 */
export const DocumentType = Schema.Literals([
  "residentId",
  "passport",
  "hkMacaoPermit",
  "taiwanPermit",
  "foreignPermanentResidentId"
])

/** @category documents @since 0.1.0 */
export type DocumentType = typeof DocumentType.Type

/**
 * zh-CN names of the document types.
 *
 * @example
 * ```ts
 * import { Identity } from "volunteer-brigade"
 * Identity.labelsZh.residentId // => "居民身份证"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const labelsZh: Readonly<Record<DocumentType, string>> = {
  residentId: "居民身份证",
  passport: "护照",
  hkMacaoPermit: "港澳居民来往内地通行证/居住证",
  taiwanPermit: "台湾居民来往大陆通行证/居住证",
  foreignPermanentResidentId: "外国人永久居留身份证"
}

/**
 * 性别 — gender as recorded on the registration form (V2).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Identity } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Identity.Gender)("female")
 * ```
 * @category documents
 * @since 0.1.0
 */
export const Gender = Schema.Literals(["male", "female"])

/** @category documents @since 0.1.0 */
export type Gender = typeof Gender.Type

/**
 * zh-CN labels of {@link Gender}: 男 / 女.
 *
 * @example
 * ```ts
 * import { Identity } from "volunteer-brigade"
 * Identity.genderLabelsZh.female // => "女"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const genderLabelsZh: Readonly<Record<Gender, string>> = { male: "男", female: "女" }

// GB 11643-1999: weights 2^(18-i) mod 11 for positions 1..17, and the check character for
// each remainder of the weighted sum mod 11.
const WEIGHTS: ReadonlyArray<number> = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = "10X98765432"

/**
 * The GB 11643-1999 check character (`0`–`9` or `X`) of the first 17 digits of a resident
 * ID number (V2); `undefined` when the input is not exactly 17 ASCII digits.
 *
 * @example
 * ```ts
 * import { Identity } from "volunteer-brigade"
 * Identity.checkDigit("11010519491231002") // => "X"
 * ```
 * @category resident id
 * @since 0.1.0
 */
export const checkDigit = (first17: string): string | undefined => {
  if (!/^\d{17}$/.test(first17)) return undefined
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!
  return CHECK_CHARS[sum % 11]
}

const birthDateText = (id: string): string => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`

const isLocalDate = Schema.is(LocalDate)

/**
 * Which part of a resident ID number is wrong (V2), checked in this order: `length` (not 18
 * characters), `characters` (not 17 digits and a final digit or `X`), `region` (the 6-digit
 * region code does not start 1–8), `birthDate` (digits 7–14 are no real date in 1900–2199),
 * `checkDigit` (校验码: the 18th character does not match the first 17 digits).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Identity } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Identity.ResidentIdProblem)("checkDigit")
 * ```
 * @category resident id
 * @since 0.1.0
 */
export const ResidentIdProblem = Schema.Literals(["length", "characters", "region", "birthDate", "checkDigit"])

/** @category resident id @since 0.1.0 */
export type ResidentIdProblem = typeof ResidentIdProblem.Type

/**
 * The reason for each {@link ResidentIdProblem} (V2): a stable machine code, the zh-CN text shown
 * to clerks and the English text. None of them repeats the number (V7).
 *
 * @example
 * ```ts
 * import { Identity } from "volunteer-brigade"
 * Identity.residentIdReasons.checkDigit.code // => "residentId.checkDigit"
 * ```
 * @category resident id
 * @since 0.1.0
 */
export const residentIdReasons: {
  readonly [P in ResidentIdProblem]: { readonly code: `residentId.${P}`; readonly zh: string; readonly en: string }
} = {
  length: {
    code: "residentId.length",
    zh: "居民身份证号码应为 18 位",
    en: "a resident ID number has 18 characters"
  },
  characters: {
    code: "residentId.characters",
    zh: "居民身份证号码前 17 位应为数字，第 18 位为数字或 X",
    en: "a resident ID number is 17 digits followed by a digit or X"
  },
  region: {
    code: "residentId.region",
    zh: "居民身份证号码前 6 位地址码无效（应以 1–8 开头）",
    en: "the region code (first 6 digits) is not valid: it starts with 1–8"
  },
  birthDate: {
    code: "residentId.birthDate",
    zh: "居民身份证号码第 7–14 位出生日期无效",
    en: "the birth date (digits 7–14) is not a real date between 1900 and 2199"
  },
  checkDigit: {
    code: "residentId.checkDigit",
    zh: "居民身份证号码校验码（第 18 位）与前 17 位不符",
    en: "the check digit (校验码, 18th character) does not match the first 17 digits"
  }
}

/**
 * Which part of a text fails as an 18-character mainland resident ID number (V2), or
 * `undefined` when it is valid; see {@link ResidentIdProblem} for the order of the checks.
 *
 * @example
 * ```ts
 * import { Identity } from "volunteer-brigade"
 * Identity.residentIdProblem("11010519491231002X") // => undefined
 * Identity.residentIdProblem("110105194912310021") // => "checkDigit"
 * Identity.residentIdProblem("110105194902300025") // => "birthDate"
 * ```
 * @category resident id
 * @since 0.1.0
 */
export const residentIdProblem = (s: string): ResidentIdProblem | undefined => {
  if (s.length !== 18) return "length"
  if (!/^\d{17}[\dXx]$/.test(s)) return "characters"
  if (!/^[1-8]/.test(s)) return "region"
  if (!isLocalDate(birthDateText(s))) return "birthDate"
  if (checkDigit(s.slice(0, 17)) !== s[17]!.toUpperCase()) return "checkDigit"
  return undefined
}

/**
 * The reason a text is not a valid resident ID number (V2) as one line — zh-CN first, then
 * English, then the stable code in brackets — or `undefined` when it is valid. This is the
 * reason decoding reports for a resident ID number.
 *
 * @example
 * ```ts
 * import { Identity } from "volunteer-brigade"
 * Identity.residentIdReason("11010519491231002") // => "居民身份证号码应为 18 位 / a resident ID number has 18 characters [residentId.length]"
 * ```
 * @category resident id
 * @since 0.1.0
 */
export const residentIdReason = (s: string): string | undefined => {
  const problem = residentIdProblem(s)
  if (problem === undefined) return undefined
  const r = residentIdReasons[problem]
  return `${r.zh} / ${r.en} [${r.code}]`
}

/**
 * Whether a text is a valid 18-character mainland resident ID number (V2): 17 digits and a
 * check character (`X` in either case), a region code starting 1–8, a real birth date
 * (1900–2199) and a matching GB 11643 check character.
 *
 * @example
 * ```ts
 * import { Identity } from "volunteer-brigade"
 * Identity.isValidResidentId("11010519491231002X") // => true
 * Identity.isValidResidentId("110105194912310021") // => false
 * ```
 * @category resident id
 * @since 0.1.0
 */
export const isValidResidentId = (s: string): s is ResidentIdNumber => residentIdProblem(s) === undefined

/**
 * 居民身份证号码 — an 18-character resident ID number that passed {@link isValidResidentId}
 * (V2).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Identity } from "volunteer-brigade"
 * const id = Schema.decodeUnknownSync(Identity.ResidentIdNumber)("11010519491231002X")
 * ```
 * @category resident id
 * @since 0.1.0
 */
export const ResidentIdNumber = Schema.String.check(
  Schema.makeFilter((s: string) => residentIdReason(s) ?? true)
).pipe(Schema.brand("ResidentIdNumber"))

/** @category resident id @since 0.1.0 */
export type ResidentIdNumber = typeof ResidentIdNumber.Type

/**
 * The birth date encoded in a resident ID number (digits 7–14, V2).
 *
 * @example
 * ```ts
 * import { Identity } from "volunteer-brigade"
 * const id = "11010519491231002X"
 * if (Identity.isValidResidentId(id)) Identity.birthDateOf(id) // "1949-12-31"
 * ```
 * @category resident id
 * @since 0.1.0
 */
export const birthDateOf = (id: ResidentIdNumber): LocalDate => birthDateText(id) as LocalDate

/**
 * The gender encoded in a resident ID number: the 17th digit is odd for men, even for women
 * (V2).
 *
 * @example
 * ```ts
 * import { Identity } from "volunteer-brigade"
 * const id = "11010519491231002X"
 * if (Identity.isValidResidentId(id)) Identity.genderOf(id) // "female"
 * ```
 * @category resident id
 * @since 0.1.0
 */
export const genderOf = (id: ResidentIdNumber): Gender => (Number(id[16]) % 2 === 1 ? "male" : "female")

const OTHER_DOCUMENT = /^[A-Za-z0-9()\-]{5,20}$/

/**
 * Whether a number is acceptable for a document type (V2): resident IDs must pass
 * {@link isValidResidentId}; other documents carry no public checksum, so 5–20 letters,
 * digits, hyphens or parentheses are accepted.
 *
 * @example
 * ```ts
 * import { Identity } from "volunteer-brigade"
 * Identity.isValidDocumentNumber("passport", "E12345678") // => true
 * Identity.isValidDocumentNumber("residentId", "E12345678") // => false
 * ```
 * @category documents
 * @since 0.1.0
 */
export const isValidDocumentNumber = (type: DocumentType, number: string): boolean =>
  type === "residentId" ? isValidResidentId(number) : OTHER_DOCUMENT.test(number)

/**
 * An identity document: its type and number, validated together (V2). A failing number is
 * reported at the path `number`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Identity } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Identity.Document)({ type: "residentId", number: "11010519491231002X" })
 * ```
 * @category documents
 * @since 0.1.0
 */
export const Document = Schema.Struct({ type: DocumentType, number: Schema.String }).check(
  Schema.makeFilter((d: { readonly type: DocumentType; readonly number: string }) =>
    isValidDocumentNumber(d.type, d.number) || {
      path: ["number"],
      issue: d.type === "residentId"
        ? residentIdReason(d.number) ?? ""
        : "证件号码应为 5–20 位字母、数字、连字符或括号 / must be 5–20 letters, digits, hyphens or parentheses"
    }
  )
)

/** @category documents @since 0.1.0 */
export type Document = typeof Document.Type

/**
 * Replaces all but the first `keepHead` and last `keepTail` characters with `*`, keeping the
 * length (in code points). Text too short to hide anything that way is masked entirely, so the
 * result never reveals more than `keepHead + keepTail` characters nor the whole input.
 *
 * @example
 * ```ts
 * import { Identity } from "volunteer-brigade"
 * Identity.maskMiddle("ABCDEFGH", 2, 2) // => "AB****GH"
 * Identity.maskMiddle("ABC", 2, 2) // => "***"
 * ```
 * @category masking
 * @since 0.1.0
 */
export const maskMiddle = (text: string, keepHead: number, keepTail: number): string => {
  const chars = Array.from(text)
  const head = Math.max(0, Math.floor(keepHead))
  const tail = Math.max(0, Math.floor(keepTail))
  if (chars.length <= head + tail) return "*".repeat(chars.length)
  return chars.map((c, i) => (i < head || i >= chars.length - tail ? c : "*")).join("")
}

/**
 * Masks an identity document number for rosters, reports and exports (V7): keeps the first 6
 * and last 4 characters, `*` in between, same length. Input of 10 characters or fewer is
 * masked entirely.
 *
 * @example
 * ```ts
 * import { Identity } from "volunteer-brigade"
 * Identity.maskIdNumber("330482199001011234") // => "330482********1234"
 * ```
 * @category masking
 * @since 0.1.0
 */
export const maskIdNumber = (idNumber: string): string => maskMiddle(idNumber, 6, 4)

/**
 * Masks a mobile number (V7): keeps the first 3 and last 4 characters, `*` in between, same
 * length. Input of 7 characters or fewer is masked entirely.
 *
 * @example
 * ```ts
 * import { Identity } from "volunteer-brigade"
 * Identity.maskMobile("13800138000") // => "138****8000"
 * ```
 * @category masking
 * @since 0.1.0
 */
export const maskMobile = (mobile: string): string => maskMiddle(mobile, 3, 4)

// ---------------------------------------------------------------------------------------------
// Nothing personal in errors (P5)
// ---------------------------------------------------------------------------------------------

// a resident ID (18 characters, or the old 15 digits) or a mainland mobile, not inside a longer
// run of digits
const PERSONAL_NUMBER = /(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15}|1[3-9][0-9]{9})(?![0-9])/g

/**
 * Masks every resident ID number and mobile number found in a text (P5, V7): what a free-text
 * error field (a driver's message, an echoed input) goes through before it is kept, so that no
 * error, log line or audit entry carries a full number.
 *
 * @example
 * ```ts
 * import { Identity } from "volunteer-brigade"
 * Identity.redact("duplicate key 11010519491231002X for 13800138000") // "duplicate key 110105********002X for 138****8000"
 * ```
 * @category redaction
 * @since 0.1.0
 */
export const redact = (text: string): string =>
  text.replace(PERSONAL_NUMBER, (n) => (n.length === 11 ? maskMobile(n) : maskIdNumber(n)))
