/**
 * Text fields at the boundary: names, phone numbers, free text. Control characters (NUL
 * included) are refused so that every value stores and round-trips identically on every
 * adapter.
 *
 * @module
 */
import { Schema } from "effect"

// C0/C1 control characters and lone surrogates cannot round-trip through every store.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

const wellFormed = (allowNewlines: boolean) =>
  Schema.makeFilter((s: string) => {
    if (CONTROL.test(s)) return "contains a control character"
    if (!allowNewlines && /[\r\n\t]/.test(s)) return "contains a line break or tab"
    if (LONE_SURROGATE.test(s)) return "contains malformed Unicode (a lone surrogate)"
    return true
  })

/**
 * A display name (unit, person, department, activity): trimmed, 1–100 characters, one line,
 * no control characters.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Text } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Text.Name)("当湖街道")
 * ```
 * @category text
 * @since 0.1.0
 */
export const Name = Schema.String.check(
  Schema.isTrimmed({ message: "must not start or end with spaces" }),
  Schema.isMinLength(1, { message: "must not be empty" }),
  Schema.isMaxLength(100, { message: "must be at most 100 characters" }),
  wellFormed(false)
)

/**
 * Free text (summaries, notes, reasons): at most 4,000 characters; line breaks allowed.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Text } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Text.Note)("活动顺利完成。\n共 12 人参加。")
 * ```
 * @category text
 * @since 0.1.0
 */
export const Note = Schema.String.check(
  Schema.isMaxLength(4000, { message: "must be at most 4000 characters" }),
  wellFormed(true)
)

/**
 * A required reason (leave, make-up entry, revocation): non-blank free text.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Text } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Text.Reason)("家中有事")
 * ```
 * @category text
 * @since 0.1.0
 */
export const Reason = Note.check(Schema.makeFilter((s: string) => s.trim().length > 0 || "must not be blank"))

/**
 * A landline or office phone: digits with an optional area code (`0573-85030727`) and
 * extension (`-8001` or `转8001`), 7–20 characters.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Text } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Text.OfficePhone)("85030727")
 * ```
 * @category text
 * @since 0.1.0
 */
export const OfficePhone = Schema.String.check(
  Schema.isPattern(/^(\(?0\d{2,3}\)?[- ]?)?\d{7,8}((-|转|ext\.?)\d{1,6})?$/, {
    message: "an office phone is an optional area code, 7–8 digits and an optional extension"
  })
)

/**
 * A mainland mobile number: 11 digits starting with 1 and a second digit 3–9 (V2).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Text } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Text.Mobile)("13800138000")
 * ```
 * @category text
 * @since 0.1.0
 */
export const Mobile = Schema.String.check(
  Schema.isPattern(/^1[3-9]\d{9}$/, { message: "a mobile number is 11 digits starting 13–19" })
)
