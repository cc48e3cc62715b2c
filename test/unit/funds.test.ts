import fc from "fast-check"
import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import * as Funds from "../../src/funds.js"
import type { ActivityId, ActorId, FundEntryId, UnitId } from "../../src/ids.js"
import * as Policy from "../../src/policy.js"
import * as Time from "../../src/time.js"

const policy = Policy.defaults
const danghu = "squadron-danghu" as UnitId
const zhapu = "squadron-zhapu" as UnitId
const treasurer = "treasurer-1" as ActorId
const at = Time.instant("2026-03-01T09:00:00+08:00")

const owners = new Map<string, UnitId>([
  ["act-danghu", danghu],
  ["act-zhapu", zhapu]
])
const activityOwner = (id: ActivityId) => owners.get(id)

let counter = 0
const rec = () => ({ id: `fe-${++counter}` as FundEntryId, recordedAt: at, recordedBy: treasurer })

const ok = <A, E>(r: Result.Result<A, E>): A => {
  if (Result.isFailure(r)) throw new Error(`expected success, got ${String(r.failure)}`)
  return r.success
}
const err = <A, E>(r: Result.Result<A, E>): E => {
  if (Result.isSuccess(r)) throw new Error("expected a failure")
  return r.failure
}

const allocate = (squadronId: UnitId, year: number, amountFen: number) =>
  ok(Funds.decideAllocation({ squadronId, year, amountFen, ...rec() }))

const spend = (
  entries: ReadonlyArray<Funds.FundEntry>,
  amountFen: number,
  purpose: Funds.FundPurpose = { kind: "category", category: "insurance" },
  squadronId: UnitId = danghu,
  year = 2026
) => Funds.decideExpense({ entries, squadronId, year, amountFen, purpose, activityOwner, policy, ...rec() })

const deepFreeze = <T>(x: T): T => {
  if (x !== null && typeof x === "object") {
    for (const v of Object.values(x)) deepFreeze(v)
    Object.freeze(x)
  }
  return x
}

describe("Funds.balance", () => {
  it("F1: each squadron and year has its own ledger", () => {
    const entries = [allocate(danghu, 2026, 100_000), allocate(zhapu, 2026, 70_000), allocate(danghu, 2025, 5_000)]
    expect(Funds.balance(entries, danghu, 2026)).toEqual({ allocatedFen: 100_000, spentFen: 0, availableFen: 100_000 })
    expect(Funds.balance(entries, zhapu, 2026).availableFen).toBe(70_000)
    expect(Funds.balance(entries, danghu, 2025).availableFen).toBe(5_000)
    expect(Funds.balance(entries, zhapu, 2025)).toEqual({ allocatedFen: 0, spentFen: 0, availableFen: 0 })
  })

  it("F3: a reversal of an expense adds back; a reversal of an allocation removes it", () => {
    const a1 = allocate(danghu, 2026, 100_000)
    const a2 = allocate(danghu, 2026, 30_000)
    const e1 = ok(spend([a1, a2], 60_000))
    let entries: ReadonlyArray<Funds.FundEntry> = [a1, a2, e1]
    expect(Funds.balance(entries, danghu, 2026)).toEqual({ allocatedFen: 130_000, spentFen: 60_000, availableFen: 70_000 })
    entries = [...entries, ok(Funds.decideReversal(entries, e1.id, rec()))]
    expect(Funds.balance(entries, danghu, 2026)).toEqual({ allocatedFen: 130_000, spentFen: 0, availableFen: 130_000 })
    entries = [...entries, ok(Funds.decideReversal(entries, a2.id, rec()))]
    expect(Funds.balance(entries, danghu, 2026)).toEqual({ allocatedFen: 100_000, spentFen: 0, availableFen: 100_000 })
  })
})

describe("Funds.decideExpense", () => {
  const ledger = [allocate(danghu, 2026, 100_000)]

  it("F2: an expense for an activity of the squadron or an allowed category is accepted", () => {
    const forActivity = ok(spend(ledger, 10_000, { kind: "activity", activityId: "act-danghu" as ActivityId }))
    expect(forActivity).toMatchObject({ kind: "expense", squadronId: danghu, year: 2026, amountFen: 10_000 })
    for (const category of policy.allowedFundCategories) {
      expect(Result.isSuccess(spend(ledger, 1_000, { kind: "category", category }))).toBe(true)
    }
  })

  it("F2: an activity of another squadron, an unknown activity or a disallowed category is refused", () => {
    const other = err(spend(ledger, 1_000, { kind: "activity", activityId: "act-zhapu" as ActivityId }))
    expect(other).toBeInstanceOf(Funds.FundPurposeInvalid)
    expect(other).toMatchObject({ _tag: "FundPurposeInvalid", reason: "activityNotOfSquadron", activityOwner: zhapu, squadronId: danghu })
    const unknown = err(spend(ledger, 1_000, { kind: "activity", activityId: "act-nowhere" as ActivityId }))
    expect(unknown).toMatchObject({ _tag: "FundPurposeInvalid", reason: "activityNotOfSquadron" })
    expect(unknown).not.toHaveProperty("activityOwner")
    const banquet = err(spend(ledger, 1_000, { kind: "category", category: "banquet" }))
    expect(banquet).toMatchObject({ _tag: "FundPurposeInvalid", reason: "categoryNotAllowed", purpose: { category: "banquet" } })
  })

  it("F2: the allowed categories come from the policy", () => {
    const custom = Policy.make({ allowedFundCategories: ["transport"] })
    const command = { entries: ledger, squadronId: danghu, year: 2026, amountFen: 500, activityOwner, ...rec() }
    expect(Result.isSuccess(Funds.decideExpense({ ...command, purpose: { kind: "category", category: "transport" }, policy: custom }))).toBe(true)
    expect(Result.isFailure(Funds.decideExpense({ ...command, purpose: { kind: "category", category: "insurance" }, policy: custom }))).toBe(true)
  })

  it("F3: an expense above what is available is refused with the available and requested amounts", () => {
    const e1 = ok(spend(ledger, 60_000))
    const refused = err(spend([...ledger, e1], 50_000))
    expect(refused).toBeInstanceOf(Funds.FundsInsufficient)
    expect(refused).toMatchObject({ _tag: "FundsInsufficient", availableFen: 40_000, requestedFen: 50_000, squadronId: danghu, year: 2026 })
    expect(Result.isSuccess(spend([...ledger, e1], 40_000))).toBe(true)
  })

  it("F3: another squadron's or year's allocation does not pay for an expense", () => {
    expect(err(spend(ledger, 1, undefined, zhapu))).toMatchObject({ _tag: "FundsInsufficient", availableFen: 0 })
    expect(err(spend(ledger, 1, undefined, danghu, 2027))).toMatchObject({ _tag: "FundsInsufficient", availableFen: 0 })
  })

  it("F3: amounts must be positive whole fen", () => {
    for (const amountFen of [0, -100, 12.5, Number.NaN, Number.POSITIVE_INFINITY, 1e13]) {
      expect(err(spend(ledger, amountFen))).toMatchObject({ _tag: "FundAmountInvalid" })
      expect(err(Funds.decideAllocation({ squadronId: danghu, year: 2026, amountFen, ...rec() }))).toBeInstanceOf(Funds.FundAmountInvalid)
    }
  })
})

describe("Funds.decideReversal", () => {
  it("F3: an entry is reversed at most once and a reversal is never reversed", () => {
    const a = allocate(danghu, 2026, 100_000)
    const e = ok(spend([a], 20_000))
    const r = ok(Funds.decideReversal([a, e], e.id, { ...rec(), note: "重复录入" }))
    expect(r).toMatchObject({ kind: "reversal", reverses: e.id, amountFen: 20_000, squadronId: danghu, year: 2026, note: "重复录入" })
    expect(r).not.toHaveProperty("purpose")
    expect(err(Funds.decideReversal([a, e, r], e.id, rec()))).toMatchObject({
      _tag: "ReversalInvalid",
      reason: "alreadyReversed",
      reversalId: r.id
    })
    expect(err(Funds.decideReversal([a, e, r], r.id, rec()))).toMatchObject({ reason: "isReversal" })
    expect(err(Funds.decideReversal([a, e, r], "fe-missing" as FundEntryId, rec()))).toMatchObject({ reason: "notFound" })
  })

  it("F3: reversing an allocation must not push the balance below what is spent", () => {
    const a1 = allocate(danghu, 2026, 100_000)
    const a2 = allocate(danghu, 2026, 50_000)
    const e = ok(spend([a1, a2], 120_000))
    const refused = err(Funds.decideReversal([a1, a2, e], a2.id, rec()))
    expect(refused).toBeInstanceOf(Funds.ReversalInvalid)
    expect(refused).toMatchObject({ reason: "wouldOverspend", availableFen: 30_000, amountFen: 50_000 })
    const r = ok(Funds.decideReversal([a1, a2, e], e.id, rec()))
    expect(Result.isSuccess(Funds.decideReversal([a1, a2, e, r], a2.id, rec()))).toBe(true)
  })
})

describe("Funds.FundEntry schema", () => {
  const base = { id: "fe-x", squadronId: "squadron-danghu", year: 2026, recordedAt: at, recordedBy: "treasurer-1" }
  const decode = Schema.decodeUnknownResult(Funds.FundEntry)

  it("F2: an expense names a purpose; other kinds do not", () => {
    expect(Result.isSuccess(decode({ ...base, kind: "expense", amountFen: 10, purpose: { kind: "category", category: "training" } }))).toBe(true)
    const noPurpose = decode({ ...base, kind: "expense", amountFen: 10 })
    expect(Result.isFailure(noPurpose)).toBe(true)
    if (Result.isFailure(noPurpose)) expect(noPurpose.failure.message).toContain("names a purpose")
    expect(Result.isFailure(decode({ ...base, kind: "allocation", amountFen: 10, purpose: { kind: "category", category: "training" } }))).toBe(true)
  })

  it("F3: a reversal names the entry it reverses; amounts are positive whole fen", () => {
    expect(Result.isSuccess(decode({ ...base, kind: "reversal", amountFen: 10, reverses: "fe-1" }))).toBe(true)
    expect(Result.isFailure(decode({ ...base, kind: "reversal", amountFen: 10 }))).toBe(true)
    expect(Result.isFailure(decode({ ...base, kind: "allocation", amountFen: 10, reverses: "fe-1" }))).toBe(true)
    for (const amountFen of [0, -1, 1.5, "10"]) {
      expect(Result.isFailure(decode({ ...base, kind: "allocation", amountFen }))).toBe(true)
    }
  })

  it("F1: every entry a decision returns decodes as a FundEntry", () => {
    const a = allocate(danghu, 2026, 100_000)
    const e = ok(spend([a], 1_000, { kind: "activity", activityId: "act-danghu" as ActivityId }))
    const r = ok(Funds.decideReversal([a, e], e.id, rec()))
    for (const entry of [a, e, r]) expect(Result.isSuccess(decode(entry))).toBe(true)
  })

  it("F2: zh-CN labels cover every default category and entry kind", () => {
    for (const c of policy.allowedFundCategories) expect(Funds.categoryLabelsZh[c as Funds.FundCategory]).toBeTruthy()
    expect(Funds.categoryLabelsZh.badgesAndUniforms).toBe("统一标志及服装")
    expect(Object.keys(Funds.kindLabelsZh).sort()).toEqual([...Funds.EntryKind.literals].sort())
  })
})

// --- properties over random command streams ---------------------------------------------

type Command =
  | { readonly kind: "allocate"; readonly squadron: 0 | 1; readonly year: 0 | 1; readonly amountFen: number }
  | { readonly kind: "spend"; readonly squadron: 0 | 1; readonly year: 0 | 1; readonly amountFen: number; readonly activity: boolean }
  | { readonly kind: "reverse"; readonly pick: number }

const SQUADRONS = [danghu, zhapu] as const
const YEARS = [2026, 2027] as const

const arbCommand: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant("allocate" as const),
    squadron: fc.constantFrom(0 as const, 1 as const),
    year: fc.constantFrom(0 as const, 1 as const),
    amountFen: fc.integer({ min: -10, max: 100_000 })
  }),
  fc.record({
    kind: fc.constant("spend" as const),
    squadron: fc.constantFrom(0 as const, 1 as const),
    year: fc.constantFrom(0 as const, 1 as const),
    amountFen: fc.integer({ min: 1, max: 120_000 }),
    activity: fc.boolean()
  }),
  fc.record({ kind: fc.constant("reverse" as const), pick: fc.nat() })
)

/** Runs commands through the decisions, appending what they accept, as a workflow would. */
const run = (commands: ReadonlyArray<Command>, check?: (entries: ReadonlyArray<Funds.FundEntry>) => void) => {
  let entries: ReadonlyArray<Funds.FundEntry> = []
  commands.forEach((c, i) => {
    const recording = { id: `fe-${i}` as FundEntryId, recordedAt: at, recordedBy: treasurer }
    const result: Result.Result<Funds.FundEntry, unknown> =
      c.kind === "allocate"
        ? Funds.decideAllocation({ squadronId: SQUADRONS[c.squadron], year: YEARS[c.year], amountFen: c.amountFen, ...recording })
        : c.kind === "spend"
          ? Funds.decideExpense({
              entries,
              squadronId: SQUADRONS[c.squadron],
              year: YEARS[c.year],
              amountFen: c.amountFen,
              purpose: c.activity
                ? { kind: "activity", activityId: (c.squadron === 0 ? "act-danghu" : "act-zhapu") as ActivityId }
                : { kind: "category", category: "activityMaterials" },
              activityOwner,
              policy,
              ...recording
            })
          : entries.length === 0
            ? Result.fail("empty")
            : Funds.decideReversal(entries, entries[c.pick % entries.length]!.id, recording)
    if (Result.isSuccess(result)) entries = [...entries, result.success]
    check?.(entries)
  })
  return entries
}

const everyLedger = (entries: ReadonlyArray<Funds.FundEntry>, f: (b: Funds.Balance, s: UnitId, y: number) => void) => {
  for (const s of SQUADRONS) for (const y of YEARS) f(Funds.balance(entries, s, y), s, y)
}

describe("Funds properties", () => {
  it("F3: expenses never exceed allocations, whatever order the commands come in", () => {
    fc.assert(
      fc.property(fc.array(arbCommand, { maxLength: 40 }), fc.nat(), (commands, salt) => {
        const permuted = fc.sample(fc.shuffledSubarray(commands, { minLength: commands.length, maxLength: commands.length }), {
          seed: salt,
          numRuns: 1
        })[0]!
        for (const order of [commands, permuted]) {
          run(order, (entries) =>
            everyLedger(entries, (b) => {
              expect(b.spentFen).toBeLessThanOrEqual(b.allocatedFen)
              expect(b.spentFen).toBeGreaterThanOrEqual(0)
              expect(b.availableFen).toBeGreaterThanOrEqual(0)
            })
          )
        }
      })
    )
  })

  it("F3: balance = Σ allocations − Σ expenses, counting each reversed entry as undone", () => {
    fc.assert(
      fc.property(fc.array(arbCommand, { maxLength: 40 }), (commands) => {
        const entries = run(commands)
        const reversed = new Set(entries.flatMap((e) => (e.reverses === undefined ? [] : [e.reverses])))
        everyLedger(entries, (b, s, y) => {
          const live = entries.filter((e) => e.squadronId === s && e.year === y && !reversed.has(e.id))
          const sum = (kind: Funds.EntryKind) => live.filter((e) => e.kind === kind).reduce((n, e) => n + e.amountFen, 0)
          expect(b.allocatedFen).toBe(sum("allocation"))
          expect(b.spentFen).toBe(sum("expense"))
          expect(b.availableFen).toBe(sum("allocation") - sum("expense"))
        })
      })
    )
  })

  it("F3: the ledger is append-only: decisions never modify entries and each entry is reversed at most once", () => {
    fc.assert(
      fc.property(fc.array(arbCommand, { maxLength: 30 }), arbCommand, (commands, next) => {
        const entries = deepFreeze(run(commands))
        const snapshot = structuredClone(entries)
        const after = run([...commands, next])
        expect(after.slice(0, entries.length)).toEqual(snapshot)
        expect(after.length - entries.length).toBeLessThanOrEqual(1)
        expect(entries).toEqual(snapshot)
        const targets = after.flatMap((e) => (e.reverses === undefined ? [] : [e.reverses]))
        expect(new Set(targets).size).toBe(targets.length)
        const kinds = new Map(after.map((e) => [e.id, e.kind]))
        expect(targets.every((t) => kinds.get(t) !== "reversal")).toBe(true)
      })
    )
  })

  it("F3: decisions do not mutate the entries they are given", () => {
    fc.assert(
      fc.property(fc.array(arbCommand, { maxLength: 20 }), fc.nat(), (commands, pick) => {
        const entries = deepFreeze(run(commands))
        const snapshot = structuredClone(entries)
        expect(() => {
          spend(entries, 1)
          if (entries.length > 0) Funds.decideReversal(entries, entries[pick % entries.length]!.id, rec())
        }).not.toThrow()
        expect(entries).toEqual(snapshot)
      })
    )
  })
})

// Boundaries the mutation runs (npm run test:mutation) showed untested.
describe("Funds: boundaries (mutation testing)", () => {
  const MAX_FEN = 10_000_000_000 // 100 million yuan

  it("F3: the amount limit is exactly 1 fen to 100 million yuan, for allocations and expenses alike", () => {
    expect(ok(Funds.decideAllocation({ squadronId: danghu, year: 2026, amountFen: MAX_FEN, ...rec() })).amountFen).toBe(MAX_FEN)
    expect(ok(Funds.decideAllocation({ squadronId: danghu, year: 2026, amountFen: 1, ...rec() })).amountFen).toBe(1)
    expect(err(Funds.decideAllocation({ squadronId: danghu, year: 2026, amountFen: MAX_FEN + 1, ...rec() }))).toMatchObject({
      _tag: "FundAmountInvalid",
      amountFen: MAX_FEN + 1
    })
    const rich = [allocate(danghu, 2026, MAX_FEN), allocate(danghu, 2026, MAX_FEN)]
    expect(ok(spend(rich, MAX_FEN)).amountFen).toBe(MAX_FEN)
    expect(ok(spend(rich, 1)).amountFen).toBe(1)
    expect(err(spend(rich, MAX_FEN + 1))).toMatchObject({ _tag: "FundAmountInvalid", amountFen: MAX_FEN + 1 })
    expect(err(spend(rich, 0))).toMatchObject({ _tag: "FundAmountInvalid", amountFen: 0 })
    const decode = Schema.decodeUnknownResult(Funds.Fen)
    expect([1, MAX_FEN].map((n) => Result.isSuccess(decode(n)))).toEqual([true, true])
    expect([0, MAX_FEN + 1, 1.5].map((n) => Result.isFailure(decode(n)))).toEqual([true, true, true])
  })

  it("F3: an expense of exactly what is available is accepted, one fen more is refused", () => {
    const ledger = [allocate(danghu, 2026, 100_000)]
    expect(ok(spend(ledger, 100_000))).toMatchObject({ kind: "expense", amountFen: 100_000 })
    expect(err(spend(ledger, 100_001))).toMatchObject({ _tag: "FundsInsufficient", availableFen: 100_000, requestedFen: 100_001 })
    expect(err(spend([], 1))).toMatchObject({ _tag: "FundsInsufficient", availableFen: 0, requestedFen: 1 })
  })

  it("F3: an allocation may be reversed when exactly its amount is available, not when one fen less is", () => {
    const a1 = allocate(danghu, 2026, 100_000)
    const a2 = allocate(danghu, 2026, 50_000)
    const exact = ok(spend([a1, a2], 100_000))
    expect(ok(Funds.decideReversal([a1, a2, exact], a2.id, rec()))).toMatchObject({ kind: "reversal", reverses: a2.id, amountFen: 50_000 })
    const over = ok(spend([a1, a2], 100_001))
    expect(err(Funds.decideReversal([a1, a2, over], a2.id, rec()))).toMatchObject({ reason: "wouldOverspend", availableFen: 49_999, amountFen: 50_000 })
  })

  it("F3: the reversal copies the target's squadron and year, and only the allocation's own ledger is checked", () => {
    const a = allocate(zhapu, 2025, 7_000)
    const other = allocate(danghu, 2026, 1_000)
    const spentElsewhere = ok(spend([other], 1_000))
    const r = ok(Funds.decideReversal([other, spentElsewhere, a], a.id, rec()))
    expect(r).toMatchObject({ squadronId: zhapu, year: 2025, kind: "reversal", amountFen: 7_000, reverses: a.id, recordedBy: treasurer })
    expect(r).not.toHaveProperty("note")
    // an expense is reversed whatever the balance
    expect(ok(Funds.decideReversal([other, spentElsewhere], spentElsewhere.id, rec()))).toMatchObject({ reverses: spentElsewhere.id })
    expect(err(Funds.decideReversal([], a.id, rec()))).toMatchObject({ _tag: "ReversalInvalid", entryId: a.id, reason: "notFound" })
  })

  it("F3: a reversal of an entry the ledger does not hold changes no balance", () => {
    const a = allocate(danghu, 2026, 10_000)
    const stray = Schema.decodeUnknownSync(Funds.FundEntry)({
      id: "fe-stray", squadronId: danghu, year: 2026, kind: "reversal", amountFen: 4_000, reverses: "fe-unknown", recordedAt: at, recordedBy: treasurer
    })
    expect(Funds.balance([a, stray], danghu, 2026)).toEqual({ allocatedFen: 10_000, spentFen: 0, availableFen: 10_000 })
  })

  it("F1: entries of another squadron in the same year, or of the same squadron in another year, are not counted", () => {
    const entries = [allocate(danghu, 2026, 10_000), allocate(zhapu, 2026, 20_000), allocate(danghu, 2027, 40_000)]
    const e = ok(spend(entries, 3_000, undefined, zhapu))
    expect(Funds.balance([...entries, e], zhapu, 2026)).toEqual({ allocatedFen: 20_000, spentFen: 3_000, availableFen: 17_000 })
    expect(Funds.balance([...entries, e], danghu, 2026)).toEqual({ allocatedFen: 10_000, spentFen: 0, availableFen: 10_000 })
  })

  it("F2: a refused activity purpose names the owner when there is one, and no owner for an unknown activity", () => {
    const ledger = [allocate(danghu, 2026, 100_000)]
    const other = err(spend(ledger, 10, { kind: "activity", activityId: "act-zhapu" as ActivityId }))
    expect(other).toMatchObject({ _tag: "FundPurposeInvalid", reason: "activityNotOfSquadron", activityOwner: zhapu, squadronId: danghu })
    const unknown = err(spend(ledger, 10, { kind: "activity", activityId: "act-none" as ActivityId }))
    expect(unknown).toMatchObject({ _tag: "FundPurposeInvalid", reason: "activityNotOfSquadron" })
    expect(unknown).not.toHaveProperty("activityOwner")
    expect(err(spend(ledger, 10, { kind: "category", category: "banquets" }))).toMatchObject({ reason: "categoryNotAllowed" })
    // the purpose is checked before the balance
    expect(err(spend([], 10, { kind: "category", category: "banquets" }))).toMatchObject({ _tag: "FundPurposeInvalid" })
  })

  it("F2: malformed purposes are refused by the schema", () => {
    const decode = Schema.decodeUnknownResult(Funds.FundPurpose)
    expect(Result.isSuccess(decode({ kind: "activity", activityId: "act-1" }))).toBe(true)
    expect(Result.isSuccess(decode({ kind: "category", category: "training" }))).toBe(true)
    for (const bad of [{ kind: "category", category: "" }, { kind: "category" }, { kind: "activity" }, { kind: "other", category: "training" }, {}, "training"]) {
      expect(Result.isFailure(decode(bad))).toBe(true)
    }
    expect([...Funds.FundCategory.literals]).toEqual(["badgesAndUniforms", "insurance", "training", "activityMaterials", "commendations"])
  })

  it("F1: the budget year runs from 1900 to 2199", () => {
    const decode = Schema.decodeUnknownResult(Funds.BudgetYear)
    expect([1900, 2199].map((y) => Result.isSuccess(decode(y)))).toEqual([true, true])
    expect([1899, 2200, 2026.5].map((y) => Result.isFailure(decode(y)))).toEqual([true, true, true])
  })

  it("F2/F3: an allocation and an expense carry no reverses; a reversal carries no purpose", () => {
    const base = { id: "fe-x", squadronId: "squadron-danghu", year: 2026, recordedAt: at, recordedBy: "treasurer-1", amountFen: 10 }
    const decode = Schema.decodeUnknownResult(Funds.FundEntry)
    const purpose = { kind: "category", category: "training" }
    expect(Result.isSuccess(decode({ ...base, kind: "allocation" }))).toBe(true)
    expect(Result.isFailure(decode({ ...base, kind: "expense", purpose, reverses: "fe-1" }))).toBe(true)
    expect(Result.isFailure(decode({ ...base, kind: "reversal", reverses: "fe-1", purpose }))).toBe(true)
    expect(Result.isFailure(decode({ ...base, kind: "refund" }))).toBe(true)
  })
})

describe("Funds: errors (mutation testing)", () => {
  it("F1: FundSquadronInvalid names the unit and says whether it is missing or not a squadron", () => {
    for (const reason of ["notFound", "notSquadron"] as const) {
      const e = new Funds.FundSquadronInvalid({ unitId: "u-1", reason })
      expect(e).toMatchObject({ _tag: "FundSquadronInvalid", unitId: "u-1", reason })
    }
    expect(() => new Funds.FundSquadronInvalid({ unitId: "u-1", reason: "closed" as "notFound" })).toThrow()
    expect(() => new Funds.FundSquadronInvalid({ reason: "notFound" } as unknown as { unitId: string; reason: "notFound" })).toThrow()
  })
})
