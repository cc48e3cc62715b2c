/**
 * P5: no error, log line or audit entry carries a full document number or mobile — in its
 * message, its own or inherited properties, its cause chain, `JSON.stringify` or
 * `util.inspect`. Random personal data is fed through every path that takes it (validators,
 * workflows, the Promise-free store port, serial parsing, the key ring) on a memory and a
 * SQLite store, and every error that comes back is searched in all those forms. A second test
 * keeps the list honest: every error class the package exports is either produced here with
 * personal data or declared to hold only ids, codes, dates and amounts.
 */
import { inspect } from "node:util"
import Database from "better-sqlite3"
import { Cause, Effect, Exit, Layer, ManagedRuntime, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ephemeralKeyRing, generateSecret, makeKeyRing } from "../../adapters/crypto/index.js"
import { layer as memoryLayer } from "../../adapters/memory/index.js"
import { layer as sqliteLayer } from "../../adapters/sqlite/index.js"
import { storeLayer } from "../../adapters/shared/layers.js"
import * as VB from "../../src/index.js"
import { checkDigit, redact } from "../../src/identity.js"
import * as Privacy from "../../src/privacy.js"
import { Store, sequentialIds, type IdGenerator } from "../../src/store.js"
import { Organisation, Volunteers } from "../../src/workflows/index.js"
import * as Fixtures from "../../src/fixtures.js"

/** A valid resident ID from random parts, with a lower- or upper-case check letter as it comes. */
const residentId = fc
  .record({
    area: fc.integer({ min: 110000, max: 659999 }),
    year: fc.integer({ min: 1950, max: 2005 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    seq: fc.integer({ min: 0, max: 999 })
  })
  .map(({ area, year, month, day, seq }) => {
    const first17 = `${area}${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}${String(seq).padStart(3, "0")}`
    return { number: first17 + checkDigit(first17), birthDate: `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`, gender: seq % 2 === 1 ? "male" : "female" }
  })
const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 })).map(([b, rest]) => `1${b}${String(rest).padStart(9, "0")}`)

/** Every textual form of an error a host's logger might write. */
const formsOf = (e: unknown): ReadonlyArray<string> => {
  const forms: Array<string> = []
  const seen = new Set<unknown>()
  const walk = (x: unknown, depth: number): void => {
    if (x === null || x === undefined || seen.has(x) || depth > 6) return
    if (typeof x !== "object" && typeof x !== "function") {
      forms.push(String(x))
      return
    }
    seen.add(x)
    forms.push(inspect(x, { depth: 10, showHidden: true, getters: true }))
    try {
      forms.push(JSON.stringify(x) ?? "")
    } catch {
      // a cycle: inspect above has it
    }
    if (x instanceof Error) forms.push(String(x), x.message, x.stack ?? "")
    // own and inherited properties, getters included
    for (let o: object | null = x as object; o !== null && o !== Object.prototype && o !== Error.prototype; o = Object.getPrototypeOf(o)) {
      for (const key of Reflect.ownKeys(o)) {
        if (key === "constructor") continue
        let value: unknown
        try {
          value = Reflect.get(x as object, key)
        } catch {
          continue
        }
        if (typeof value !== "function") walk(value, depth + 1)
      }
    }
    walk((x as { cause?: unknown }).cause, depth + 1)
  }
  walk(e, 0)
  return forms
}

const leaks = (e: unknown, secrets: ReadonlyArray<string>): ReadonlyArray<string> => {
  const forms = formsOf(e)
  return secrets.filter((s) => forms.some((f) => f.includes(s) || f.includes(s.toLowerCase())))
}

const failureOf = <A, E>(exit: Exit.Exit<A, E>): unknown => {
  if (Exit.isSuccess(exit)) return undefined
  const found = exit.cause.reasons.find(Cause.isFailReason)
  return found === undefined ? Cause.pretty(exit.cause) : found.error
}

const office = Fixtures.officeActor

const setup = Effect.gen(function* () {
  const brigade = yield* Organisation.foundBrigade(office, Fixtures.pinghuBrigade)
  const squadron = yield* Organisation.createUnit(office, {
    level: "squadron", name: "当湖街道", code: "PH-DH", parentId: brigade.id, establishedOn: "2012-09-20"
  })
  return yield* Organisation.createUnit(office, {
    level: "squad", name: "东湖社区", code: "PH-DH-01", parentId: squadron.id, establishedOn: "2012-09-25"
  })
})

type Stores = ReadonlyArray<readonly [string, () => { layer: Layer.Layer<Store | IdGenerator, unknown>; close: () => void }]>
const stores: Stores = [
  ["memory", () => ({ layer: memoryLayer, close: () => {} })],
  [
    "sqlite",
    () => {
      const db = new Database(":memory:")
      return { layer: sqliteLayer(db, { keyRing: ephemeralKeyRing() }), close: () => db.close() }
    }
  ]
]

/** The error tags the property test below produces with personal data in the input. */
const produced = new Set<string>()

describe("P5: nothing personal in errors", () => {
  it("redact masks every resident ID and mobile in a text, and nothing else", () => {
    fc.assert(
      fc.property(residentId, mobile, fc.string(), (id, m, noise) => {
        const text = `${noise} key (${id.number})=(${m}) ${noise}`
        const out = redact(text)
        expect(out).not.toContain(id.number)
        expect(out).not.toContain(m)
        expect(redact("order 42, unit PH-DH-01")).toBe("order 42, unit PH-DH-01")
      })
    )
  })

  for (const [name, make] of stores) {
    it(`P5: on ${name}, random personal data through registration, appointment, serial and key paths: no error or audit entry carries a full number`, async () => {
      const { layer, close } = make()
      const runtime = ManagedRuntime.make(Layer.mergeAll(layer, sequentialIds(), VB.ManualClock.make("2026-03-01T09:00:00+08:00").layer))
      try {
        const squad = await runtime.runPromise(setup)
        await fc.assert(
          fc.asyncProperty(residentId, mobile, mobile, async (id, m, guardianMobile) => {
            const secrets = [id.number, m, guardianMobile]
            const person = {
              name: "张三", gender: id.gender, birthDate: id.birthDate,
              document: { type: "residentId", number: id.number.toLowerCase() },
              mobile: m, skills: [], squadId: squad.id, publishNameConsent: false,
              guardian: { name: "李华", mobile: guardianMobile, relationship: "父亲", consentOn: "2026-02-01" }
            }
            const attempts: ReadonlyArray<Effect.Effect<unknown, unknown, Store | IdGenerator>> = [
              // numbers typed into the wrong fields
              Volunteers.registerIndividual(office, { ...person, mobile: id.number }),
              Volunteers.registerIndividual(office, { ...person, document: { type: "residentId", number: m } }),
              Volunteers.registerIndividual(office, { ...person, name: id.number }),
              Volunteers.registerIndividual(office, { ...person, officePhone: `${m}9` }),
              Volunteers.registerIndividual(office, { ...person, guardian: { ...person.guardian, mobile: id.number } }),
              Volunteers.registerIndividual(office, { ...person, birthDate: "1949-01-01" }),
              Volunteers.registerGroup(office, { name: "护河队", contactPerson: "王五", contactPhone: id.number, memberCount: 1, squadId: squad.id, skills: [] }),
              Organisation.appoint(office, { unitId: squad.id, actorId: "x", role: "squadLeader", holder: { name: "陈", mobile: id.number }, since: "2026-01-01" }),
              Organisation.appoint(office, { unitId: squad.id, actorId: "y", role: "squadronCaptain", holder: { name: "陈", mobile: m }, since: "2026-01-01" }),
              // a driver failure whose message quotes a value
              Effect.provide(
                Effect.asVoid(Effect.service(Store)),
                storeLayer("sqlite.open", () => Promise.reject(new Error(`SQLITE_CONSTRAINT: value '${id.number}' / ${m}`)))
              ),
              // the same person twice: the second is a duplicate
              Volunteers.registerIndividual(office, person),
              Volunteers.registerIndividual(office, { ...person, mobile: guardianMobile }),
              // a number typed where a serial or an id is expected
              Effect.suspend(() => {
                const r = VB.Certificate.parseSerial(id.number)
                return Result.isFailure(r) ? Effect.fail(r.failure) : Effect.void
              }),
              Effect.flatMap(Store, (s) => s.volunteers.findByIdentity(`residentId:${id.number}`)),
              // a key ring that cannot open
              Privacy.openIndividual(
                makeKeyRing({ keys: [], indexKey: generateSecret() }),
                { document: { type: "residentId", number: `vb1:s4:gone:${"A".repeat(70)}` } } as never
              )
            ]
            for (const attempt of attempts) {
              const e = failureOf(await runtime.runPromiseExit(attempt))
              if (e === undefined) continue
              if (typeof e === "object" && e !== null && "_tag" in e) produced.add(String((e as { _tag: unknown })._tag))
              expect(leaks(e, secrets), inspect(e)).toEqual([])
            }
            const audit = await runtime.runPromise(Effect.flatMap(Store, (s) => s.audit.list()))
            expect(leaks(audit, secrets)).toEqual([])
          }),
          { numRuns: 15 }
        )
      } finally {
        await runtime.dispose()
        close()
      }
    })
  }

  it("P5: every exported error class is either produced above with personal data or holds only ids, codes, dates and amounts", () => {
    // Classes whose every field is an id, a literal code, a date, a count or an amount: no
    // free text in which a number typed by a person could travel.
    const idsAndCodesOnly = new Set([
      "ActivityInsuranceMissing", "ActivityNotClosable", "ActivityRecordNotFinalisable", "ActivityScopeInvalid",
      "ActivityTransitionInvalid", "AssignmentNotWithdrawable", "AssignmentRefused", "AttendanceClosed",
      "CertificateAlreadyRevoked", "CertificateIssuerInvalid", "CertificatePeriodInvalid", "CertificateRevocationInvalid",
      "CertificateWithoutHours", "SuspensionNotActive", "FundAmountInvalid", "FundPurposeInvalid", "FundSquadronInvalid",
      "FundsInsufficient", "ReversalInvalid", "NotInJurisdiction", "ActivityNotCreditable", "CorrectionInvalid",
      "MakeUpInvalid", "ReportPeriodInvalid", "StarTableInvalid", "LeaveAlreadyDecided", "LeaveDecisionClosed",
      "LeaveTooLate", "FilingInvalid", "NotFound", "VolunteerIneligible", "VolunteerTransferInvalid",
      "VolunteerTransitionInvalid",
      // free text, but built from fixed sentences and ids at the throw site, never from input
      "UnitInvalid", "LeaveReasonInvalid",
      // ids and literal codes only (P4 permission refusals, F4)
      "PermissionDenied", "FundDutiesNotSeparated"
    ])
    const exported: Array<string> = []
    for (const mod of Object.values(VB)) {
      for (const value of Object.values(mod as object)) {
        if (typeof value === "function" && value.prototype instanceof Error) exported.push(value.name)
      }
    }
    expect(exported.length).toBeGreaterThan(30)
    const unaccounted = exported.filter((tag) => !idsAndCodesOnly.has(tag) && !produced.has(tag))
    expect(unaccounted).toEqual([])
    for (const tag of ["VolunteerInvalid", "DuplicateVolunteer", "InputInvalid", "CertificateSerialInvalid", "KeyRingError"]) {
      expect(produced.has(tag), tag).toBe(true)
    }
  })
})
