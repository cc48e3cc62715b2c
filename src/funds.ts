/**
 * 专款专用 — earmarked volunteer-activity funds: each squadron's append-only ledger of
 * allocations, expenses and reversals per budget year (N §5.4; ZJ 25).
 *
 * Owns rules **F1** (each town or subdistrict squadron bears its own funds: a ledger per
 * squadron and year), **F2** (every expense names an activity of that squadron or an allowed
 * category) and **F3** (expenses never exceed allocations; the ledger is append-only, with
 * reversals as new entries) and **F4** (separation of duties: an allocation to a squadron is
 * made from above it, never by its own officers). Money is integer 分 (fen) throughout;
 * display converts.
 *
 * @module
 */
import { Result, Schema } from "effect"
import { covers, parentOn, subtree, type Organisation } from "./hierarchy.js"
import { ActivityId, ActorId, FundEntryId, UnitId } from "./ids.js"
import type { Policy } from "./policy.js"
import { Note } from "./text.js"
import { Instant, type LocalDate } from "./time.js"

/** The largest single amount accepted: 100 million yuan. Keeps every sum a safe integer. */
const MAX_FEN = 10_000_000_000

/**
 * An amount of money in whole 分 (fen, 1/100 yuan): a positive integer of at most
 * 100 million yuan (F1–F3).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Funds } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Funds.Fen)(150_000) // ¥1,500.00
 * ```
 * @category money
 * @since 0.1.0
 */
export const Fen = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: MAX_FEN }))

/**
 * The expense categories the catalogue allows without naming an activity (F2): badges and
 * uniforms, insurance, training, activity materials, commendations. The policy's
 * `allowedFundCategories` decides what is accepted; these are its defaults.
 *
 * @category purposes
 * @since 0.1.0
 */
export const FundCategory = Schema.Literals([
  "badgesAndUniforms",
  "insurance",
  "training",
  "activityMaterials",
  "commendations"
])

/** @category purposes @since 0.1.0 */
export type FundCategory = typeof FundCategory.Type

/**
 * zh-CN labels of the default fund categories (F2).
 *
 * @example
 * ```ts
 * import { Funds } from "volunteer-brigade"
 * Funds.categoryLabelsZh.badgesAndUniforms // "统一标志及服装"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const categoryLabelsZh: Readonly<Record<FundCategory, string>> = {
  badgesAndUniforms: "统一标志及服装",
  insurance: "保险",
  training: "培训",
  activityMaterials: "活动物资",
  commendations: "表彰"
}

/**
 * Kind of a ledger entry (F1, F3): an allocation (拨款), an expense (支出) or a reversal (冲正)
 * of an earlier entry.
 *
 * @category ledger
 * @since 0.1.0
 */
export const EntryKind = Schema.Literals(["allocation", "expense", "reversal"])

/** @category ledger @since 0.1.0 */
export type EntryKind = typeof EntryKind.Type

/**
 * zh-CN labels of the ledger entry kinds.
 *
 * @example
 * ```ts
 * import { Funds } from "volunteer-brigade"
 * Funds.kindLabelsZh.reversal // "冲正"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const kindLabelsZh: Readonly<Record<EntryKind, string>> = {
  allocation: "拨款",
  expense: "支出",
  reversal: "冲正"
}

/**
 * What an expense pays for (F2): a volunteer activity of the squadron, or an allowed category.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Funds } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Funds.FundPurpose)({ kind: "category", category: "insurance" })
 * ```
 * @category purposes
 * @since 0.1.0
 */
export const FundPurpose = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("activity"), activityId: ActivityId }),
  Schema.Struct({ kind: Schema.Literal("category"), category: Schema.String.check(Schema.isMinLength(1)) })
])

/** @category purposes @since 0.1.0 */
export type FundPurpose = typeof FundPurpose.Type

/**
 * A budget year (F1): the calendar year the money belongs to.
 *
 * @category ledger
 * @since 0.1.0
 */
export const BudgetYear = Schema.Int.check(Schema.isBetween({ minimum: 1900, maximum: 2199 }))

/**
 * 活动经费台账条目 — one entry of a squadron's funds ledger (F1–F3). Entries are never changed
 * or deleted; a mistake is undone by a `reversal` entry naming the entry it reverses.
 * Only expenses carry a purpose; only reversals name the entry they reverse.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Funds } from "volunteer-brigade"
 * const entry = Schema.decodeUnknownSync(Funds.FundEntry)({
 *   id: "fe-2", squadronId: "squadron-danghu", year: 2026, kind: "expense", amountFen: 48_000,
 *   purpose: { kind: "category", category: "badgesAndUniforms" },
 *   recordedAt: 1767225600000, recordedBy: "treasurer-1"
 * })
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const FundEntry = Schema.Struct({
  id: FundEntryId,
  squadronId: UnitId,
  year: BudgetYear,
  kind: EntryKind,
  amountFen: Fen,
  purpose: Schema.optionalKey(FundPurpose),
  reverses: Schema.optionalKey(FundEntryId),
  note: Schema.optionalKey(Note),
  recordedAt: Instant,
  recordedBy: ActorId
}).check(
  Schema.makeFilter((e: { readonly kind: EntryKind; readonly purpose?: unknown; readonly reverses?: unknown }) => {
    if ((e.kind === "expense") !== (e.purpose !== undefined)) return "an expense, and only an expense, names a purpose"
    if ((e.kind === "reversal") !== (e.reverses !== undefined)) return "a reversal, and only a reversal, names the entry it reverses"
    return true
  })
)

/** @category ledger @since 0.1.0 */
export type FundEntry = typeof FundEntry.Type

/**
 * A ledger was asked for a unit that is not a squadron (F1): funds are borne per town or
 * subdistrict, so allocations and expenses name a squadron that exists.
 *
 * @category errors
 * @since 0.1.0
 */
export class FundSquadronInvalid extends Schema.TaggedError<FundSquadronInvalid>()("FundSquadronInvalid", {
  unitId: Schema.String,
  reason: Schema.Literals(["notFound", "notSquadron"])
}) {}

/**
 * An allocation refused by the separation of duties (F4): the actor holds a role in the
 * squadron (or one of its squads), or no role above it. Allocations come from the brigade's
 * office or captain; the squadron spends.
 *
 * @category errors
 * @since 0.2.0
 */
export class FundDutiesNotSeparated extends Schema.TaggedError<FundDutiesNotSeparated>()("FundDutiesNotSeparated", {
  actorId: Schema.String,
  squadronId: Schema.String,
  reason: Schema.Literals(["squadronOfficer", "notAbove"])
}) {}

/**
 * F4 — separation of duties: whether an actor may allocate funds to a squadron on a date.
 * The actor must hold a role in a unit above the squadron (so its jurisdiction covers the
 * squadron's parent, H7) and no role in the squadron's own subtree: a squadron captain
 * cannot fund their own squadron, even when they also hold a brigade role.
 *
 * @example
 * ```ts
 * import { Funds, Hierarchy, Ids, Time } from "volunteer-brigade"
 * declare const org: Hierarchy.Organisation
 * declare const squadronId: Ids.UnitId
 * const r = Funds.checkAllocator(org, "captain-dh" as Ids.ActorId, squadronId, Time.localDate("2026-03-01"))
 * // Result failure: FundDutiesNotSeparated { reason: "squadronOfficer" }
 * ```
 * @category rules
 * @since 0.2.0
 */
export const checkAllocator = (
  org: Organisation,
  actorId: ActorId,
  squadronId: UnitId,
  on: LocalDate
): Result.Result<void, FundDutiesNotSeparated> => {
  const inside = new Set(subtree(org, squadronId, on))
  const officer = org.appointments.some((a) => a.actorId === actorId && a.since <= on && inside.has(a.unitId))
  if (officer) return Result.fail(new FundDutiesNotSeparated({ actorId, squadronId, reason: "squadronOfficer" }))
  const squadron = org.units.find((u) => u.id === squadronId)
  const parent = squadron === undefined ? undefined : parentOn(squadron, on)
  return parent !== undefined && covers(org, actorId, parent, on)
    ? Result.succeed(undefined)
    : Result.fail(new FundDutiesNotSeparated({ actorId, squadronId, reason: "notAbove" }))
}

/**
 * An amount that is not a positive whole number of fen within range (F3).
 *
 * @category errors
 * @since 0.1.0
 */
export class FundAmountInvalid extends Schema.TaggedError<FundAmountInvalid>()("FundAmountInvalid", {
  amountFen: Schema.Number
}) {}

/**
 * An expense whose purpose is not earmarked for the squadron (F2): the activity belongs to
 * another squadron (or is unknown), or the category is not allowed by the policy.
 *
 * @category errors
 * @since 0.1.0
 */
export class FundPurposeInvalid extends Schema.TaggedError<FundPurposeInvalid>()("FundPurposeInvalid", {
  squadronId: UnitId,
  purpose: FundPurpose,
  reason: Schema.Literals(["activityNotOfSquadron", "categoryNotAllowed"]),
  activityOwner: Schema.optionalKey(UnitId)
}) {}

/**
 * An expense larger than what is left of the squadron's allocations for the year (F3).
 *
 * @category errors
 * @since 0.1.0
 */
export class FundsInsufficient extends Schema.TaggedError<FundsInsufficient>()("FundsInsufficient", {
  squadronId: UnitId,
  year: Schema.Int,
  availableFen: Schema.Int,
  requestedFen: Schema.Int
}) {}

/**
 * A reversal that cannot be made (F3): the entry is unknown, is itself a reversal, was already
 * reversed (by `reversalId`), or is an allocation whose removal would leave expenses above
 * allocations (`availableFen` is less than the allocation's `amountFen`).
 *
 * @category errors
 * @since 0.1.0
 */
export class ReversalInvalid extends Schema.TaggedError<ReversalInvalid>()("ReversalInvalid", {
  entryId: FundEntryId,
  reason: Schema.Literals(["notFound", "isReversal", "alreadyReversed", "wouldOverspend"]),
  reversalId: Schema.optionalKey(FundEntryId),
  availableFen: Schema.optionalKey(Schema.Int),
  amountFen: Schema.optionalKey(Schema.Int)
}) {}

/**
 * A squadron's funds for a year, in fen (F1, F3).
 *
 * @category ledger
 * @since 0.1.0
 */
export interface Balance {
  /** Allocations less reversed allocations. */
  readonly allocatedFen: number
  /** Expenses less reversed expenses. */
  readonly spentFen: number
  /** `allocatedFen − spentFen`; never negative in a ledger built by the decisions here. */
  readonly availableFen: number
}

/**
 * The balance of a squadron's ledger for a budget year (F1, F3): Σ allocations − Σ expenses,
 * where a reversal of an expense adds its amount back and a reversal of an allocation takes it
 * away. Entries of other squadrons and years are ignored; a reversal whose target is not in
 * `entries` is ignored, since its effect cannot be known.
 *
 * @example
 * ```ts
 * import { Funds } from "volunteer-brigade"
 * import type { Ids } from "volunteer-brigade"
 * declare const entries: ReadonlyArray<Funds.FundEntry>
 * declare const squadronId: Ids.UnitId
 * const { availableFen } = Funds.balance(entries, squadronId, 2026)
 * ```
 * @category ledger
 * @since 0.1.0
 */
export const balance = (entries: ReadonlyArray<FundEntry>, squadronId: UnitId, year: number): Balance => {
  const byId = new Map(entries.map((e) => [e.id, e] as const))
  let allocatedFen = 0
  let spentFen = 0
  for (const e of entries) {
    if (e.squadronId !== squadronId || e.year !== year) continue
    const kind = e.kind === "reversal" ? (e.reverses === undefined ? undefined : byId.get(e.reverses)?.kind) : e.kind
    const sign = e.kind === "reversal" ? -1 : 1
    if (kind === "allocation") allocatedFen += sign * e.amountFen
    else if (kind === "expense") spentFen += sign * e.amountFen
  }
  return { allocatedFen, spentFen, availableFen: allocatedFen - spentFen }
}

/**
 * Who records a new ledger entry, when, under which (freshly minted) id, with an optional note.
 *
 * @category decisions
 * @since 0.1.0
 */
export interface Recording {
  readonly id: FundEntryId
  readonly recordedAt: Instant
  readonly recordedBy: ActorId
  readonly note?: string
}

const isValidAmount = (amountFen: number): boolean => Number.isInteger(amountFen) && amountFen >= 1 && amountFen <= MAX_FEN

const entryOf = (
  fields: Pick<FundEntry, "squadronId" | "year" | "kind" | "amountFen"> & Partial<Pick<FundEntry, "purpose" | "reverses">>,
  recording: Recording
): FundEntry => ({
  id: recording.id,
  ...fields,
  ...(recording.note === undefined ? {} : { note: recording.note }),
  recordedAt: recording.recordedAt,
  recordedBy: recording.recordedBy
})

/**
 * Decides an allocation (拨款) to a squadron's funds for a year (F1). Returns the new entry to
 * append; nothing is modified.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Funds } from "volunteer-brigade"
 * import type { Ids, Time } from "volunteer-brigade"
 * declare const entries: ReadonlyArray<Funds.FundEntry>
 * declare const squadronId: Ids.UnitId
 * declare const id: Ids.FundEntryId
 * declare const recordedAt: Time.Instant
 * declare const recordedBy: Ids.ActorId
 * const r = Funds.decideAllocation({ squadronId, year: 2026, amountFen: 2_000_000, id, recordedAt, recordedBy })
 * const next = Result.isSuccess(r) ? [...entries, r.success] : entries
 * ```
 * @category decisions
 * @since 0.1.0
 */
export const decideAllocation = (
  command: Recording & { readonly squadronId: UnitId; readonly year: number; readonly amountFen: number }
): Result.Result<FundEntry, FundAmountInvalid> =>
  isValidAmount(command.amountFen)
    ? Result.succeed(entryOf({ squadronId: command.squadronId, year: command.year, kind: "allocation", amountFen: command.amountFen }, command))
    : Result.fail(new FundAmountInvalid({ amountFen: command.amountFen }))

/**
 * Decides an expense (支出) from a squadron's funds (F2, F3). The purpose must be earmarked: an
 * activity that `activityOwner` says belongs to this squadron (the caller resolves an activity
 * of one of its squads to the squadron), or a category in `policy.allowedFundCategories`. The
 * amount must not exceed what is available for the squadron and year. Returns the new entry to
 * append; nothing is modified.
 *
 * @example
 * ```ts
 * import { Policy, Funds } from "volunteer-brigade"
 * import type { Ids, Time } from "volunteer-brigade"
 * declare const entries: ReadonlyArray<Funds.FundEntry>
 * declare const squadronId: Ids.UnitId
 * declare const owners: ReadonlyMap<Ids.ActivityId, Ids.UnitId>
 * declare const id: Ids.FundEntryId
 * declare const recordedAt: Time.Instant
 * declare const recordedBy: Ids.ActorId
 * const r = Funds.decideExpense({
 *   entries, squadronId, year: 2026, amountFen: 48_000,
 *   purpose: { kind: "category", category: "insurance" },
 *   activityOwner: (activityId) => owners.get(activityId),
 *   policy: Policy.defaults, id, recordedAt, recordedBy
 * })
 * ```
 * @category decisions
 * @since 0.1.0
 */
export const decideExpense = (
  command: Recording & {
    readonly entries: ReadonlyArray<FundEntry>
    readonly squadronId: UnitId
    readonly year: number
    readonly amountFen: number
    readonly purpose: FundPurpose
    readonly activityOwner: (activityId: ActivityId) => UnitId | undefined
    readonly policy: Pick<Policy, "allowedFundCategories">
  }
): Result.Result<FundEntry, FundAmountInvalid | FundPurposeInvalid | FundsInsufficient> => {
  const { squadronId, year, amountFen, purpose } = command
  if (!isValidAmount(amountFen)) return Result.fail(new FundAmountInvalid({ amountFen }))
  if (purpose.kind === "activity") {
    const owner = command.activityOwner(purpose.activityId)
    if (owner !== squadronId) {
      return Result.fail(
        new FundPurposeInvalid({
          squadronId,
          purpose,
          reason: "activityNotOfSquadron",
          ...(owner === undefined ? {} : { activityOwner: owner })
        })
      )
    }
  } else if (!command.policy.allowedFundCategories.includes(purpose.category)) {
    return Result.fail(new FundPurposeInvalid({ squadronId, purpose, reason: "categoryNotAllowed" }))
  }
  const { availableFen } = balance(command.entries, squadronId, year)
  if (amountFen > availableFen) {
    return Result.fail(new FundsInsufficient({ squadronId, year, availableFen, requestedFen: amountFen }))
  }
  return Result.succeed(entryOf({ squadronId, year, kind: "expense", amountFen, purpose }, command))
}

/**
 * Decides a reversal (冲正) of a ledger entry (F3): a new entry of the same squadron, year and
 * amount that names the entry it reverses. An entry is reversed at most once; a reversal is
 * never reversed (record the entry again instead); an allocation is reversed only if what
 * remains still covers the expenses. Returns the new entry to append; nothing is modified.
 *
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { Funds } from "volunteer-brigade"
 * import type { Ids, Time } from "volunteer-brigade"
 * declare const entries: ReadonlyArray<Funds.FundEntry>
 * declare const mistakenExpenseId: Ids.FundEntryId
 * declare const id: Ids.FundEntryId
 * declare const recordedAt: Time.Instant
 * declare const recordedBy: Ids.ActorId
 * const r = Funds.decideReversal(entries, mistakenExpenseId, { id, recordedAt, recordedBy, note: "重复录入" })
 * ```
 * @category decisions
 * @since 0.1.0
 */
export const decideReversal = (
  entries: ReadonlyArray<FundEntry>,
  entryId: FundEntryId,
  recording: Recording
): Result.Result<FundEntry, ReversalInvalid> => {
  const target = entries.find((e) => e.id === entryId)
  if (target === undefined) return Result.fail(new ReversalInvalid({ entryId, reason: "notFound" }))
  if (target.kind === "reversal") return Result.fail(new ReversalInvalid({ entryId, reason: "isReversal" }))
  const earlier = entries.find((e) => e.kind === "reversal" && e.reverses === entryId)
  if (earlier !== undefined) {
    return Result.fail(new ReversalInvalid({ entryId, reason: "alreadyReversed", reversalId: earlier.id }))
  }
  if (target.kind === "allocation") {
    const { availableFen } = balance(entries, target.squadronId, target.year)
    if (availableFen < target.amountFen) {
      return Result.fail(new ReversalInvalid({ entryId, reason: "wouldOverspend", availableFen, amountFen: target.amountFen }))
    }
  }
  return Result.succeed(
    entryOf(
      { squadronId: target.squadronId, year: target.year, kind: "reversal", amountFen: target.amountFen, reverses: entryId },
      recording
    )
  )
}
