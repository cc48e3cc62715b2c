/**
 * Hostile input. Every boundary decoder and every public mutating workflow is fuzzed with
 * fast-check: random and hostile strings (SQL metacharacters, NUL, 100k characters, lone
 * surrogates), wrong types, out-of-range dates and numbers, nested garbage. The only allowed
 * outcomes are a success or a typed failure — never a defect, never an unhandled rejection —
 * and a failure writes nothing (every table and the audit count are unchanged). Any text a
 * schema accepts round-trips exactly through every adapter.
 */
import { Cause, Effect, Exit, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Activity from "../../src/activity.js"
import * as Funds from "../../src/funds.js"
import * as Ids from "../../src/ids.js"
import { decoder, InputInvalid } from "../../src/input.js"
import * as Client from "../../src/client.js"
import { layer as memoryLayer } from "../../adapters/memory/index.js"
import { Store } from "../../src/store.js"
import * as Supervision from "../../src/supervision.js"
import * as Text from "../../src/text.js"
import * as Time from "../../src/time.js"
import * as Volunteer from "../../src/volunteer.js"
import * as Attendance from "../../src/attendance.js"
import { Activities, Hours, Organisation, Privacy, Supervision as SupervisionWf, Volunteers } from "../../src/workflows/index.js"
import { harness, type StoreFactory } from "../conformance/harness.js"
import { office, reseed } from "../model/seed.js"
import { onEveryAdapter, snapshot } from "./support.js"
import { throwingProxy } from "../fixtures/hostile.js"

// ---------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------

const nasty = [
  "'; drop table vb_units; --",
  "\" OR 1=1 --",
  "Robert'); DELETE FROM vb_audit; --",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "%_\\",
  "${constructor}",
  "__proto__",
  "<script>alert(1)</script>",
  "=HYPERLINK(\"http://x\")",
  "2026-02-30",
  "9999-99-99",
  "0000-00-00",
  "-271821-04-20",
  "",
  " ",
  "\t\n",
  "x".repeat(100_000),
  "中".repeat(5_000)
]

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...nasty) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) }
)

const hostileNumber = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, -1, 0.5, 1e308, Number.MAX_SAFE_INTEGER + 2, -8.64e15 - 1, 8.64e15 + 1),
  fc.double(),
  fc.integer()
)

const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, undefined, true, false, [], {}, () => 1, Symbol("s"), 10n, new Date(Number.NaN), new Map(), Object.create(null))
)

/** Garbage shaped like the inputs: the fields the workflows read, each hostile or missing. */
const fieldNames = [
  "name", "code", "level", "parentId", "establishedOn", "unitId", "squadId", "toSquadId", "toSquadronId", "on", "role", "actorId",
  "holder", "activityId", "volunteerId", "assignmentId", "requestId", "entryId", "minutes", "reason", "summary", "title", "window",
  "start", "end", "capacity", "scope", "category", "organiserUnitId", "document", "birthDate", "gender", "mobile", "kind", "at",
  "evidence", "decision", "squadronId", "year", "amountFen", "purpose", "target", "rating", "receivedOn", "result", "checkedOn",
  "seed", "from", "to", "issuer", "size", "note", "comment", "members", "memberCount", "skills", "publishNameConsent", "insurance"
] as const

const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: hostileLeaf },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 3 }) },
    { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...fieldNames), tie("value"), { maxKeys: 6 }) }
  )
})).value

/** Mostly object-shaped garbage, sometimes a scalar or an array. */
const hostileInput = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...fieldNames), hostileValue, { maxKeys: 12 }) },
  { weight: 1, arbitrary: hostileValue }
)

// ---------------------------------------------------------------------------------------
// Decoders
// ---------------------------------------------------------------------------------------

const boundarySchemas: ReadonlyArray<readonly [string, Schema.Top & { readonly DecodingServices: never }]> = [
  ["Organisation.FoundBrigadeInput", Organisation.FoundBrigadeInput],
  ["Organisation.CreateUnitInput", Organisation.CreateUnitInput],
  ["Organisation.MoveSquadInput", Organisation.MoveSquadInput],
  ["Organisation.CreateTeamInput", Organisation.CreateTeamInput],
  ["Organisation.DissolveUnitInput", Organisation.DissolveUnitInput],
  ["Volunteer.IndividualInput", Volunteer.IndividualInput],
  ["Volunteer.GroupInput", Volunteer.GroupInput],
  ["Volunteers.TransferInput", Volunteers.TransferInput],
  ["Volunteers.FileRosterInput", Volunteers.FileRosterInput],
  ["Activity.ActivityInput", Activity.ActivityInput],
  ["Activities.SummaryInput", Activities.SummaryInput],
  ["Activities.InsuranceInput", Activities.InsuranceInput],
  ["Activities.AssignInput", Activities.AssignInput],
  ["Activities.WithdrawInput", Activities.WithdrawInput],
  ["Activities.AttendanceInput", Activities.AttendanceInput],
  ["Activities.LeaveInput", Activities.LeaveInput],
  ["Activities.LeaveDecisionInput", Activities.LeaveDecisionInput],
  ["Activities.LiftSuspensionInput", Activities.LiftSuspensionInput],
  ["Hours.MakeUpInput", Hours.MakeUpInput],
  ["Hours.CorrectInput", Hours.CorrectInput],
  ["Hours.PeriodInput", Hours.PeriodInput],
  ["Hours.IssueCertificateInput", Hours.IssueCertificateInput],
  ["Supervision.CompletenessQuery", SupervisionWf.CompletenessQuery],
  ["Supervision.DrawSpotChecksInput", SupervisionWf.DrawSpotChecksInput],
  ["Supervision.RecordSpotCheckInput", SupervisionWf.RecordSpotCheckInput],
  ["Supervision.RecordOpinionInput", SupervisionWf.RecordOpinionInput],
  ["Supervision.EvaluationOptions", SupervisionWf.EvaluationOptions],
  ["Supervision.AllocateInput", SupervisionWf.AllocateInput],
  ["Supervision.SpendInput", SupervisionWf.SpendInput],
  ["Funds.FundPurpose", Funds.FundPurpose],
  ["Supervision.OpinionTarget", Supervision.OpinionTarget],
  ["Attendance.AttendanceEvent", Attendance.AttendanceEvent],
  ["Text.Name", Text.Name],
  ["Text.Note", Text.Note],
  ["Text.Reason", Text.Reason],
  ["Text.Mobile", Text.Mobile],
  ["Text.OfficePhone", Text.OfficePhone],
  ["Time.LocalDate", Time.LocalDate],
  ["Time.Instant", Time.Instant],
  ["Ids.UnitId", Ids.UnitId],
  ["Ids.ActorId", Ids.ActorId],
  ["Ids.VolunteerId", Ids.VolunteerId]
]

describe("hostile input: boundary decoders", () => {
  for (const [name, schema] of boundarySchemas) {
    it(`${name}: any input decodes or fails with a typed InputInvalid naming a field — never throws`, () => {
      const decode = decoder(schema, name)
      fc.assert(
        fc.property(hostileInput, (raw) => {
          const r = decode(raw)
          if (r._tag === "Failure") {
            expect(r.failure).toBeInstanceOf(InputInvalid)
            expect(typeof r.failure.field).toBe("string")
            expect(r.failure.reason.length).toBeGreaterThan(0)
            expect(r.failure.issues.length).toBeGreaterThan(0)
          }
        }),
        { numRuns: 150 }
      )
    })
  }

  it("C1: out-of-range calendar dates and instants are refused (2026-02-30, 9999-99-99, NaN, beyond ±8.64e15 ms)", () => {
    for (const d of ["2026-02-30", "2025-13-01", "9999-99-99", "0000-00-00", "2026-2-3", "20260301"]) {
      expect(decoder(Time.LocalDate, "t")(d)._tag).toBe("Failure")
    }
    for (const t of [NaN, Infinity, 0.5, 8.64e15 + 1, -8.64e15 - 1, "1"]) expect(decoder(Time.Instant, "t")(t)._tag).toBe("Failure")
  })
})

// ---------------------------------------------------------------------------------------
// Workflows
// ---------------------------------------------------------------------------------------

type Flow = (actor: unknown, raw: unknown) => Effect.Effect<unknown, unknown, any>

const flows: ReadonlyArray<readonly [string, Flow]> = [
  ["Organisation.foundBrigade", Organisation.foundBrigade],
  ["Organisation.createUnit", Organisation.createUnit],
  ["Organisation.moveSquad", Organisation.moveSquad],
  ["Organisation.appoint", Organisation.appoint],
  ["Organisation.endAppointment", Organisation.endAppointment as Flow],
  ["Organisation.createTeam", Organisation.createTeam],
  ["Organisation.dissolveUnit", Organisation.dissolveUnit],
  ["Volunteers.registerIndividual", Volunteers.registerIndividual],
  ["Volunteers.registerGroup", Volunteers.registerGroup],
  ["Volunteers.approve", Volunteers.approve],
  ["Volunteers.suspend", Volunteers.suspend],
  ["Volunteers.reinstate", Volunteers.reinstate],
  ["Volunteers.withdraw", Volunteers.withdraw],
  ["Volunteers.dismiss", Volunteers.dismiss],
  ["Volunteers.transfer", Volunteers.transfer],
  ["Volunteers.fileRoster", Volunteers.fileRoster as Flow],
  ["Activities.planActivity", Activities.planActivity],
  ["Activities.start", Activities.start],
  ["Activities.end", Activities.end],
  ["Activities.close", Activities.close],
  ["Activities.cancel", Activities.cancel],
  ["Activities.writeSummary", Activities.writeSummary],
  ["Activities.recordInsurance", Activities.recordInsurance],
  ["Activities.dispatch", Activities.dispatch],
  ["Activities.signUp", Activities.signUp],
  ["Activities.withdraw", Activities.withdraw],
  ["Activities.checkIn", Activities.checkIn],
  ["Activities.checkOut", Activities.checkOut],
  ["Activities.finaliseAttendance", Activities.finaliseAttendance],
  ["Activities.requestLeave", Activities.requestLeave],
  ["Activities.decideLeave", Activities.decideLeave],
  ["Activities.liftSuspension", Activities.liftSuspension],
  ["Hours.creditActivity", Hours.creditActivity],
  ["Hours.recordMakeUp", Hours.recordMakeUp],
  ["Hours.correct", Hours.correct],
  ["Hours.issueCertificate", Hours.issueCertificate],
  ["Hours.revokeCertificate", (actor, raw) => Hours.revokeCertificate(actor, raw, raw)],
  ["Supervision.drawSpotChecks", SupervisionWf.drawSpotChecks],
  ["Supervision.recordSpotCheck", SupervisionWf.recordSpotCheck],
  ["Supervision.recordOpinion", SupervisionWf.recordOpinion],
  ["Supervision.allocate", SupervisionWf.allocate],
  ["Supervision.spend", SupervisionWf.spend],
  ["Supervision.reverse", (actor, raw) => SupervisionWf.reverse(actor, raw, raw)]
]

/** Ids of the seeded records, so that garbage sometimes reaches past the lookups. */
const seededIds = fc.constantFrom("activity-a", "activity-b", "activity-c", "vol-11", "vol-12", "assignment-c1", "unit_000002", "unit_000003", "unit_000004")
const actorArb = fc.oneof({ weight: 3, arbitrary: fc.constant(office as unknown) }, { weight: 1, arbitrary: hostileValue })
const rawArb = fc.oneof(
  { weight: 3, arbitrary: hostileInput },
  { weight: 1, arbitrary: seededIds },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...fieldNames), fc.oneof(seededIds, hostileValue), { maxKeys: 10 }) }
)

const workflowSuite = (factory: StoreFactory) => {
  it(`every public mutating workflow (${flows.length}) given hostile input ends in success or a typed failure, never a defect; a failure writes nothing — on ${factory.name}`, async () => {
    const h = await harness(factory)
    try {
      await reseed(h)
      let before = await h.run(snapshot)
      await fc.assert(
        fc.asyncProperty(fc.nat(flows.length - 1), actorArb, rawArb, async (i, actor, raw) => {
          const [name, flow] = flows[i]!
          const exit = await h.exit(Effect.suspend(() => flow(actor, raw)))
          if (Exit.isFailure(exit)) {
            const reasons = exit.cause.reasons
            expect(reasons.every(Cause.isFailReason), `${name}: ${Cause.pretty(exit.cause)}`).toBe(true)
            for (const r of reasons) if (Cause.isFailReason(r)) expect(typeof (r.error as { _tag?: unknown })._tag).toBe("string")
            expect(await h.run(snapshot)).toEqual(before)
          } else {
            before = await h.run(snapshot)
          }
        }),
        { numRuns: Number(process.env.HOSTILE_RUNS ?? 400) }
      )
    } finally {
      await h.close()
    }
  }, 300_000)

  it(`text any schema accepts round-trips exactly (CJK, emoji, quotes, backslashes, %, _, NUL, SQL) — on ${factory.name}`, async () => {
    const h = await harness(factory)
    const text = fc.oneof(
      fc.constantFrom(...nasty.filter((s) => s.length < 1000), "东湖社区“志愿”服务", "🙂👨‍👩‍👧 志愿", "O'Brien \"quoted\" \\back\\slash", "100% _under_ 50%_"),
      fc.string({ unit: "binary", maxLength: 30 }),
      fc.string({ unit: "grapheme", maxLength: 30 })
    )
    try {
      const seeded = await reseed(h)
      const accepts = (schema: Schema.Top & { readonly DecodingServices: never }, s: string) => decoder(schema, "t")(s)._tag === "Success"
      const used = new Set<string>() // a squad's team names are unique (H5)
      await fc.assert(
        fc.asyncProperty(text, text, async (name, note) => {
          // Name → a team's name; Reason → an activity summary; Note → an opinion's comment
          const team = await h.exit(Organisation.createTeam(office, { squadId: seeded.units.s1, kind: "patrol", name }))
          expect(Exit.isSuccess(team)).toBe(accepts(Text.Name, name) && !used.has(name.trim()))
          if (Exit.isSuccess(team)) used.add(name.trim())
          if (Exit.isSuccess(team)) {
            const stored = await h.run(Effect.flatMap(Store, (s) => s.teams.get(team.value.id)))
            expect(stored.name).toBe(name)
          } else expect(Cause.squash(team.cause)).toMatchObject({ _tag: used.has(name.trim()) ? "UnitInvalid" : "InputInvalid" })
          const summary = await h.exit(Activities.writeSummary(office, { activityId: "activity-a", summary: note }))
          expect(Exit.isSuccess(summary)).toBe(accepts(Text.Reason, note))
          if (Exit.isSuccess(summary)) {
            expect((await h.run(Effect.flatMap(Store, (s) => s.activities.get("activity-a" as Ids.ActivityId)))).summary).toBe(note)
          }
          const opinion = await h.exit(SupervisionWf.recordOpinion(office, { target: { kind: "unit", unitId: seeded.units.s1 }, rating: 3, comment: note, receivedOn: "2026-03-01" }))
          expect(Exit.isSuccess(opinion)).toBe(accepts(Text.Note, note))
          if (Exit.isSuccess(opinion)) {
            const stored = (await h.run(Effect.flatMap(Store, (s) => s.supervision.opinions))).find((o) => o.id === (opinion.value as { id: string }).id)
            expect(stored?.comment).toBe(note)
          }
        }),
        { numRuns: Number(process.env.ROUNDTRIP_RUNS ?? 150) }
      )
    } finally {
      await h.close()
    }
  }, 300_000)
}

// ---------------------------------------------------------------------------------------
// Every exported entry: reads, exports and mutations alike, called directly (issue 15 item 3)
// ---------------------------------------------------------------------------------------

const throwingToJSON = () => ({
  toJSON: () => {
    throw new Error("toJSON")
  }
})

const PROXY = Symbol("a Proxy whose traps throw")
const TO_JSON = Symbol("an object whose toJSON throws")
/** The argument itself: the two markers become the values that throw when touched. */
const materialise = (arg: unknown): unknown => (arg === PROXY ? throwingProxy() : arg === TO_JSON ? throwingToJSON() : arg)

const hostileArg: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileValue },
  { weight: 2, arbitrary: seededIds },
  { weight: 1, arbitrary: fc.constantFrom(2026, 0, -1, 1e9, null, undefined, true, [], [[]], {}, 10n, "x".repeat(100_000), "PH-2026-000001") },
  // built inside the property (fast-check itself would trip over a throwing Proxy)
  { weight: 1, arbitrary: fc.constantFrom(PROXY, TO_JSON) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...fieldNames, "clear", "asOf", "options"), fc.oneof(seededIds, hostileValue), { maxKeys: 4 }) }
)

/** Pure helpers of the workflow modules (typed functions of text or of an export, no boundary): not entries. */
const helpers = new Set(["volunteerNumberOf", "fromAnnexRow", "selfActor", "exportTable"])

const workflowModules = { Organisation, Volunteers, Activities, Hours, Supervision: SupervisionWf, Privacy } as const

/** Every exported entry of the workflow modules: its name and a call with three arguments. */
const entries: ReadonlyArray<readonly [string, (args: ReadonlyArray<unknown>) => unknown]> = Object.entries(workflowModules).flatMap(
  ([moduleName, module]) =>
    Object.entries(module as Record<string, unknown>).flatMap(([name, value]) => {
      // Schemas (capitalised: `TransferInput`, …) are the decoders tested above, not entries
      if (helpers.has(name) || /^[A-Z]/.test(name)) return []
      if (Effect.isEffect(value)) return [[`${moduleName}.${name}`, () => value] as const]
      if (typeof value !== "function") return []
      const f = value as (...args: ReadonlyArray<unknown>) => unknown
      return [[`${moduleName}.${name}`, (args: ReadonlyArray<unknown>) => f(...args)] as const]
    })
)

/** What a call did wrong: a synchronous throw, a defect, an untagged failure, or a driver error. */
const defectOf = (name: string, exit: Exit.Exit<unknown, unknown>): string | undefined => {
  if (Exit.isSuccess(exit)) return undefined
  if (!exit.cause.reasons.every(Cause.isFailReason)) return `${name}: defect ${Cause.pretty(exit.cause).slice(0, 300)}`
  for (const r of exit.cause.reasons) {
    const tag = Cause.isFailReason(r) ? (r.error as { _tag?: unknown })._tag : undefined
    if (typeof tag !== "string") return `${name}: untagged failure`
    if (tag === "StoreError") return `${name}: StoreError ${(r as { error: { cause?: string } }).error.cause?.slice(0, 200)}`
  }
  return undefined
}

const entrySuite = (factory: StoreFactory) => {
  it(`the reads of issue 15 item 3 answer hostile arguments with InputInvalid, before the store — on ${factory.name}`, async () => {
    const h = await harness(factory)
    try {
      await reseed(h)
      const cases: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown, any>]> = [
        ["get(number)", Volunteers.get(office, 10)],
        ["get(null)", Volunteers.get(office, null)],
        ["get(bigint)", Volunteers.get(office, 10n)],
        ["get(throwing toJSON)", Volunteers.get(office, throwingToJSON())],
        ["get(Proxy)", Volunteers.get(office, throwingProxy())],
        ["publicView(object)", Volunteers.publicView(office, { id: "vol-11" })],
        ["annex2(boolean)", Volunteers.annex2(office, true)],
        ["annex3(array)", Volunteers.annex3(office, ["unit_000004"])],
        ["list(null)", Volunteers.list(office, null)],
        ["list(options Proxy)", Volunteers.list(office, {}, throwingProxy())],
        ["verifyCertificate([])", Hours.verifyCertificate([])],
        ["verifyCertificate(100k)", Hours.verifyCertificate("x".repeat(100_000))],
        ["entriesOf(object)", Hours.entriesOf({})],
        ["ledger(null, year)", SupervisionWf.ledger(null as never, 2026)],
        ["tree(number)", Organisation.tree(5)],
        ["attendanceTable(bigint)", Activities.attendanceTable(1n)],
        ["standing(id, bad date)", Activities.standing("vol-11", "2026-02-30")],
        ["incompleteActivities(NaN)", Activities.incompleteActivities(Number.NaN)],
        ["filingStatuses(null)", Volunteers.filingStatuses(null)],
        ["importIndividuals(office, null)", Volunteers.importIndividuals(office, null as never)],
        ["checkIn(office, Proxy)", Activities.checkIn(office, throwingProxy())]
      ]
      const before = await h.run(snapshot)
      for (const [name, program] of cases) {
        expect({ name, failure: await h.failure(program) }).toMatchObject({ name, failure: { _tag: "InputInvalid" } })
      }
      expect(await h.run(snapshot)).toEqual(before)
    } finally {
      await h.close()
    }
  })

  it(`every exported workflow entry (${entries.length}: reads, exports, log queries, mutations) given hostile arguments — numbers, null, bigint, objects, arrays, booleans, throwing Proxies and toJSON, 100k strings — ends in success or a typed failure (never a defect, a StoreError or a synchronous throw), and a failure writes nothing: 0 defects — on ${factory.name}`, async () => {
    const h = await harness(factory)
    const defects: Array<string> = []
    let tried = 0
    try {
      await reseed(h)
      let before = await h.run(snapshot)
      await fc.assert(
        fc.asyncProperty(fc.nat(entries.length - 1), fc.oneof(fc.constant(office as unknown), hostileArg), hostileArg, hostileArg, async (i, a, b, c) => {
          const [name, call] = entries[i]!
          tried += 1
          let program: unknown
          try {
            program = call([a, b, c].map(materialise))
          } catch (e) {
            defects.push(`${name}: synchronous throw ${String(e).slice(0, 200)}`)
            return
          }
          if (!Effect.isEffect(program)) {
            defects.push(`${name}: returned no Effect`)
            return
          }
          const exit = await h.exit(program as Effect.Effect<unknown, unknown, Store>)
          const defect = defectOf(name, exit)
          if (defect !== undefined) defects.push(defect)
          if (Exit.isFailure(exit)) expect(await h.run(snapshot), `${name} failed but wrote`).toEqual(before)
          else before = await h.run(snapshot)
        }),
        { numRuns: Number(process.env.HOSTILE_ENTRY_RUNS ?? 600) }
      )
    } finally {
      await h.close()
    }
    console.log(`hostile entries on ${factory.name}: ${tried} cases over ${entries.length} entries, ${defects.length} defects`)
    expect(tried).toBe(Number(process.env.HOSTILE_ENTRY_RUNS ?? 600))
    expect(defects).toEqual([])
  }, 300_000)
}

describe("hostile input: the Promise facade", () => {
  it("every function of the Client facade given hostile arguments rejects with a tagged error or resolves — it never throws synchronously: 0 defects", async () => {
    const client = Client.make(memoryLayer)
    const calls = Object.entries(client).flatMap(([moduleName, module]) =>
      typeof module === "object" && module !== null
        ? Object.entries(module as Record<string, (...args: ReadonlyArray<unknown>) => Promise<unknown>>)
            .filter(([name]) => !helpers.has(name) && !/^[A-Z]/.test(name))
            .map(([name, f]) => [`${moduleName}.${name}`, f] as const)
        : []
    )
    const defects: Array<string> = []
    let tried = 0
    try {
      await fc.assert(
        fc.asyncProperty(fc.nat(calls.length - 1), hostileArg, hostileArg, hostileArg, async (i, a, b, c) => {
          const [name, f] = calls[i]!
          tried += 1
          let promise: Promise<unknown>
          try {
            promise = f(...[a, b, c].map(materialise))
          } catch (e) {
            defects.push(`${name}: synchronous throw ${String(e).slice(0, 200)}`)
            return
          }
          try {
            await promise
          } catch (e) {
            const tag = (e as { _tag?: unknown })._tag
            if (typeof tag !== "string" || tag === "StoreError") defects.push(`${name}: rejected with ${String(tag ?? e).slice(0, 200)}`)
          }
        }),
        { numRuns: Number(process.env.HOSTILE_FACADE_RUNS ?? 400) }
      )
    } finally {
      await client.dispose()
    }
    console.log(`hostile facade calls: ${tried} cases over ${calls.length} functions, ${defects.length} defects`)
    expect(calls.length).toBeGreaterThan(70)
    expect(defects).toEqual([])
  }, 120_000)
})

await onEveryAdapter("hostile input", workflowSuite)
await onEveryAdapter("hostile input: every exported entry", entrySuite)
