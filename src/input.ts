/**
 * Validation at the boundary: every workflow decodes its input with the domain Schema
 * before anything is read or written, and reports the first failing field as a typed
 * {@link InputInvalid}. Messages never echo the offending value, so an identity or mobile
 * number typed into the wrong field does not leak into logs (V7).
 *
 * @module
 */
import { Effect, Result, Schema, SchemaIssue } from "effect"

/**
 * One problem with an input: the field path (`holder.mobile`, `""` for the whole value)
 * and the reason.
 *
 * @category errors
 * @since 0.1.0
 */
export const Issue = Schema.Struct({ field: Schema.String, reason: Schema.String })
/** @category errors @since 0.1.0 */
export type Issue = typeof Issue.Type

/**
 * The input of an operation does not decode: `field` and `reason` describe the first
 * problem, `issues` lists them all.
 *
 * @example
 * ```ts
 * import { Input } from "volunteer-brigade"
 * new Input.InputInvalid({ operation: "createUnit", field: "name", reason: "must not be empty", issues: [] })
 * ```
 * @category errors
 * @since 0.1.0
 */
export class InputInvalid extends Schema.TaggedError<InputInvalid>()("InputInvalid", {
  operation: Schema.String,
  field: Schema.String,
  reason: Schema.String,
  issues: Schema.Array(Issue)
}) {}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/**
 * The issues of a schema error as `{ field, reason }`, with the offending values removed.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Input } from "volunteer-brigade"
 * const r = Schema.decodeUnknownExit(Schema.Struct({ a: Schema.Int }))({ a: "x" })
 * ```
 * @category errors
 * @since 0.1.0
 */
export const issuesOf = (error: Schema.SchemaError): ReadonlyArray<Issue> =>
  formatter(error.issue).issues.map((i) => ({
    field: (i.path ?? []).map((p) => String(typeof p === "object" && p !== null && "key" in p ? p.key : p)).join("."),
    reason: i.message.replace(/, got [\s\S]*$/, "")
  }))

/** One parser per schema, however many decoders are made of it (workflows make one per call). */
const parsers = new WeakMap<Schema.Top, (u: unknown) => Result.Result<unknown, Schema.SchemaError>>()
const parserOf = (schema: Schema.Top & { readonly DecodingServices: never }) => {
  let parse = parsers.get(schema)
  if (parse === undefined) {
    parse = Schema.decodeUnknownResult(schema, { errors: "all" }) as (u: unknown) => Result.Result<unknown, Schema.SchemaError>
    parsers.set(schema, parse)
  }
  return parse
}

/**
 * Decodes unknown input for an operation: the typed value, or {@link InputInvalid}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Input } from "volunteer-brigade"
 * const decodeAge = Input.decoder(Schema.Int, "setAge")
 * const r = decodeAge(3.5) // Result failure: InputInvalid
 * ```
 * @category decoding
 * @since 0.1.0
 */
export const decoder = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S, operation: string) => {
  const decode = parserOf(schema) as (u: unknown) => Result.Result<S["Type"], Schema.SchemaError>
  return (input: unknown): Result.Result<S["Type"], InputInvalid> => {
    let decoded: Result.Result<S["Type"], Schema.SchemaError>
    try {
      decoded = decode(input)
    } catch {
      // a value that throws when read (a Proxy with throwing traps, a throwing getter) is bad input, not a defect
      return Result.fail(unreadable(operation))
    }
    return Result.mapError(decoded, (e) => {
      const issues = issuesOf(e)
      const first = issues[0] ?? { field: "", reason: "invalid input" }
      return new InputInvalid({ operation, field: first.field, reason: first.reason, issues })
    })
  }
}

/**
 * The failure for input that cannot even be read: a value whose property reads throw (a
 * Proxy with throwing traps, a getter that throws). Its contents are never echoed.
 *
 * @example
 * ```ts
 * import { Input } from "volunteer-brigade"
 * const error = Input.unreadable("activities.recordAttendance")
 * ```
 * @category decoding
 * @since 0.1.0
 */
export const unreadable = (operation: string): InputInvalid =>
  new InputInvalid({ operation, field: "", reason: "输入无法读取 (the input cannot be read)", issues: [] })

/**
 * {@link decoder} as an Effect, for workflows.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Input } from "volunteer-brigade"
 * const program = Input.decode(Schema.String, "rename")("新名字")
 * ```
 * @category decoding
 * @since 0.1.0
 */
export const decode = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S, operation: string) => {
  const d = decoder(schema, operation)
  return (input: unknown): Effect.Effect<S["Type"], InputInvalid> => Effect.fromResult(d(input))
}
