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
import { Store } from "../../src/store.js"
import * as Supervision from "../../src/supervision.js"
import * as Text from "../../src/text.js"
import * as Time from "../../src/time.js"
import * as Volunteer from "../../src/volunteer.js"
import * as Attendance from "../../src/attendance.js"
import { Activities, Hours, Organisation, Supervision as SupervisionWf, Volunteers } from "../../src/workflows/index.js"
import { harness, type StoreFactory } from "../conformance/harness.js"
import { office, reseed } from "../model/seed.js"
import { onEveryAdapter, snapshot } from "./support.js"

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

await onEveryAdapter("hostile input", workflowSuite)
