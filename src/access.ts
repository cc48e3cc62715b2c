/**
 * Who sees what (P3, P4): reads are scoped like writes (H7), output is masked by default (V7),
 * clear output needs a permission the policy grants to named roles and a stated purpose, and
 * every refusal is evidence for the security log. The rules here are pure; the workflows'
 * `read` and `mutation` wrappers (`Workflows.Context`) apply them and write the logs.
 *
 * Owns rules **P3** (reads scoped like writes) and **P4** (clear reads need a permission and
 * are logged; refusals are logged).
 *
 * @module
 */
import { Schema } from "effect"
import { type Organisation } from "./hierarchy.js"
import type { ActorId } from "./ids.js"
import type { Policy } from "./policy.js"
import { Reason } from "./text.js"
import type { LocalDate } from "./time.js"

/**
 * The stated purpose of a clear read (P4): non-blank text of at most 500 characters, kept in
 * the access log (e.g. `向民政局报送名册`, `核实身份`).
 *
 * @category inputs
 * @since 0.2.0
 */
export const Purpose = Reason.check(Schema.isMaxLength(500, { message: "must be at most 500 characters" }))

/**
 * Options of every read that returns personal data (V7, P4): masked unless `clear` is `true`;
 * a clear read names its `purpose`.
 *
 * @category inputs
 * @since 0.2.0
 */
export const ReadOptions = Schema.Struct({
  clear: Schema.optionalKey(Schema.Boolean),
  purpose: Schema.optionalKey(Purpose)
}).check(
  Schema.makeFilter((o: { readonly clear?: boolean; readonly purpose?: string }) =>
    o.clear !== true || o.purpose !== undefined || { path: ["purpose"], issue: "a clear read states its purpose" }
  )
)
/** @category inputs @since 0.2.0 */
export type ReadOptions = typeof ReadOptions.Type

/**
 * The permissions the policy grants to roles (P4): reading personal data in clear, and
 * reading the access and security logs.
 *
 * @category permissions
 * @since 0.2.0
 */
export type Permission = "clearRead" | "readLogs"

/**
 * An action refused because the actor lacks a permission (P4): a clear read by a role the
 * policy does not name, or a log query by someone other than the office. Names the target by
 * id only.
 *
 * @category errors
 * @since 0.2.0
 */
export class PermissionDenied extends Schema.TaggedError<PermissionDenied>()("PermissionDenied", {
  actorId: Schema.String,
  operation: Schema.String,
  permission: Schema.Literals(["clearRead", "readLogs"]),
  targetKind: Schema.String,
  targetId: Schema.String
}) {}

/**
 * The volunteer an actor stands for when a volunteer acts for themselves (`volunteer:<id>`,
 * see `Workflows.Activities.selfActor`), or `undefined`.
 *
 * @example
 * ```ts
 * import { Access, Ids } from "volunteer-brigade"
 * Access.selfOf("volunteer:vol-1" as Ids.ActorId) // "vol-1"
 * ```
 * @category permissions
 * @since 0.2.0
 */
export const selfOf = (actorId: ActorId): string | undefined =>
  actorId.startsWith("volunteer:") ? actorId.slice("volunteer:".length) : undefined

/**
 * Whether the actor holds, on the date, a role the policy grants a permission to (P4):
 * `clearRead` by `policy.clearReadRoles`, `readLogs` by `policy.logReaderRoles` (the brigade
 * office by default). Jurisdiction (H7) still limits whose records a clear read may cover.
 *
 * @example
 * ```ts
 * import { Access, Hierarchy, Ids, Policy, Time } from "volunteer-brigade"
 * declare const org: Hierarchy.Organisation
 * Access.holdsPermission(org, "office-1" as Ids.ActorId, "clearRead", Policy.defaults, Time.localDate("2026-03-01"))
 * ```
 * @category permissions
 * @since 0.2.0
 */
export const holdsPermission = (
  org: Organisation,
  actorId: ActorId,
  permission: Permission,
  policy: Policy,
  on: LocalDate
): boolean => {
  const roles: ReadonlyArray<string> = permission === "clearRead" ? policy.clearReadRoles : policy.logReaderRoles
  return org.appointments.some((a) => a.actorId === actorId && a.since <= on && roles.includes(a.role))
}

/**
 * The refusals the security log records (P4): a refusal is a typed failure whose tag is one
 * of these — jurisdiction (H7), a missing permission (P4) or separation of duties (F4).
 *
 * @example
 * ```ts
 * import { Access } from "volunteer-brigade"
 * Access.refusalTags.has("NotInJurisdiction") // true
 * ```
 * @category security log
 * @since 0.2.0
 */
export const refusalTags: ReadonlySet<string> = new Set(["NotInJurisdiction", "PermissionDenied", "FundDutiesNotSeparated"])

/**
 * What the security log keeps of a refusal (P4): its target (kind and id) and its reason
 * (the error's tag, and its `permission` or `reason` when it has one). Reads only ids and
 * codes from the error, never personal data; `undefined` when the failure is no refusal.
 *
 * @example
 * ```ts
 * import { Access, Hierarchy } from "volunteer-brigade"
 * Access.refusalOf(new Hierarchy.NotInJurisdiction({ actorId: "a", unitId: "unit_3", operation: "x" }))
 * // { targetKind: "unit", targetId: "unit_3", reason: "NotInJurisdiction" }
 * ```
 * @category security log
 * @since 0.2.0
 */
export const refusalOf = (
  error: unknown
): { readonly targetKind: string; readonly targetId: string; readonly reason: string } | undefined => {
  if (typeof error !== "object" || error === null) return undefined
  const e = error as Record<string, unknown>
  const tag = e["_tag"]
  if (typeof tag !== "string" || !refusalTags.has(tag)) return undefined
  const text = (k: string) => (typeof e[k] === "string" ? (e[k] as string) : undefined)
  const detail = text("permission") ?? text("reason")
  const reason = detail === undefined ? tag : `${tag}:${detail}`
  if (text("targetId") !== undefined) return { targetKind: text("targetKind") ?? "", targetId: text("targetId")!, reason }
  if (text("squadronId") !== undefined) return { targetKind: "unit", targetId: text("squadronId")!, reason }
  return { targetKind: "unit", targetId: text("unitId") ?? "", reason }
}
