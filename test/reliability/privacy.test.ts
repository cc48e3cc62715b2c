/**
 * V7 — personal data over random registered volunteers, on every adapter: rosters (Annex 1–3
 * through CSV and xlsx), public views, certificates and error messages never contain a full
 * 18-digit identity number or 11-digit mobile number unless the caller asks with
 * `clear: true` (and then they do — the positive control). The library itself writes no logs
 * (no console or Effect.log in src/ or adapters/; test/architecture.test.ts bans I/O in the core).
 */
import ExcelJS from "exceljs"
import { Cause, Effect, Exit } from "effect"
import fc from "fast-check"
import { expect, it } from "vitest"
import { toCsv } from "../../adapters/csv/index.js"
import { toXlsx } from "../../adapters/xlsx/index.js"
import { checkDigit } from "../../src/identity.js"
import { Store } from "../../src/store.js"
import type { Table } from "../../src/table.js"
import { Hours, Volunteers } from "../../src/workflows/index.js"
import { harness, type StoreFactory } from "../conformance/harness.js"
import { office, reseed } from "../model/seed.js"
import { onEveryAdapter } from "./support.js"

/** A random adult with a valid GB 11643 number agreeing with birth date and gender, and a mobile. */
const personArb = fc
  .record({
    region: fc.constantFrom("330482", "330402", "110105", "440305"),
    year: fc.integer({ min: 1950, max: 2000 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    serial: fc.integer({ min: 0, max: 999 }),
    mobile: fc.integer({ min: 13_000_000_000, max: 19_999_999_999 }),
    consent: fc.boolean()
  })
  .map((p) => {
    const birthDate = `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`
    const first17 = `${p.region}${birthDate.replaceAll("-", "")}${String(p.serial).padStart(3, "0")}`
    return {
      name: "测试志愿者",
      gender: p.serial % 2 === 1 ? "male" : "female",
      birthDate,
      document: { type: "residentId", number: `${first17}${checkDigit(first17)}` },
      mobile: String(p.mobile),
      skills: ["policyPublicity"],
      publishNameConsent: p.consent
    }
  })

const tableText = (t: Table) => JSON.stringify(t)

const xlsxText = async (t: Table) => {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load((await toXlsx(t)) as never)
  const cells: Array<string> = []
  book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.text)))))
  return cells.join("\n")
}

const suite = (factory: StoreFactory) => {
  it(`V7: rosters (Annex 1–3, CSV, xlsx), public views, certificates and error messages hide identity and mobile numbers unless clear: true — on ${factory.name}`, async () => {
    const h = await harness(factory)
    try {
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(personArb, { minLength: 1, maxLength: 4, selector: (p) => p.document.number }), async (people) => {
          const seeded = await reseed(h)
          const { s1, dh } = seeded.units
          h.clock.set(Date.parse("2026-03-01T09:00:00+08:00"))
          const registered = []
          for (const p of people) {
            const v = await h.run(Volunteers.registerIndividual(office, { ...p, squadId: s1 }))
            registered.push(await h.run(Volunteers.approve(office, v.id)))
          }
          const secrets = people.flatMap((p) => [p.document.number, p.mobile])
          const hides = (text: string, what: string) => {
            for (const s of secrets) expect(text.includes(s), `${what} shows ${s}`).toBe(false)
          }
          const mobiles = people.map((p) => p.mobile)
          const shows = (text: string, what: string, which: ReadonlyArray<string> = secrets) => {
            for (const s of which) expect(text.includes(s), `${what} hides ${s} despite clear: true`).toBe(true)
          }
          for (const clear of [false, true]) {
            const check = clear ? shows : hides
            // the annexes carry mobiles but no identity numbers at all
            const checkRoster = clear ? (t: string, w: string) => shows(t, w, mobiles) : hides
            const options = clear ? { clear: true, purpose: "核对名册" } : {}
            const a3 = await h.run(Volunteers.annex3(office, s1, options))
            const a2 = await h.run(Volunteers.annex2(office, dh, options))
            checkRoster(tableText(a3) + tableText(a2), `Annex 2/3 (clear ${clear})`)
            checkRoster(toCsv(a3), `Annex 3 CSV (clear ${clear})`)
            checkRoster(await xlsxText(a3), `Annex 3 xlsx (clear ${clear})`)
            check(JSON.stringify(await h.run(Volunteers.listPublic(office, {}, options))), `public list (clear ${clear})`)
            check(JSON.stringify(await Promise.all(registered.map((v) => h.run(Volunteers.publicView(office, v.id, options))))), `public view (clear ${clear})`)
          }
          hides(JSON.stringify(await h.run(Volunteers.annex1(office))) + toCsv(await h.run(Volunteers.annex1(office))), "Annex 1")
          // certificates keep only the masked number
          for (const v of registered) {
            await h.run(
              Effect.flatMap(Store, (s) =>
                s.hours.append({
                  id: `hours-${v.id}`,
                  volunteerId: v.id,
                  recordingUnitId: s1,
                  squadId: s1,
                  serviceStart: Date.parse("2026-02-20T09:00:00+08:00"),
                  serviceEnd: Date.parse("2026-02-20T12:00:00+08:00"),
                  minutes: 180,
                  kind: "makeUp",
                  evidence: "makeUp",
                  reason: "补录",
                  approvedBy: office,
                  recordedAt: Date.parse("2026-02-21T09:00:00+08:00"),
                  recordedBy: office
                } as never)
              )
            )
            const cert = await h.run(
              Hours.issueCertificate("leader-s1", {
                volunteerId: v.id,
                from: "2026-01-01",
                to: "2026-12-31",
                issuer: { unitId: s1, personInCharge: "章萍", handler: "李明", contact: "85030727" }
              })
            )
            hides(JSON.stringify(cert), "certificate")
            hides(JSON.stringify(await h.run(Hours.verifyCertificate(cert.serial))), "certificate verification")
          }
          // error messages: a duplicate registration and a malformed mobile
          const dup = await h.exit(Volunteers.registerIndividual(office, { ...people[0]!, squadId: s1 }))
          const bad = await h.exit(Volunteers.registerIndividual(office, { ...people[0]!, squadId: s1, mobile: `${people[0]!.mobile}9` }))
          for (const exit of [dup, bad]) {
            expect(Exit.isFailure(exit)).toBe(true)
            if (Exit.isFailure(exit)) {
              const error = Cause.squash(exit.cause) as Error
              hides(`${error.message}\n${String(error)}\n${Cause.pretty(exit.cause)}`, "error message")
            }
          }
        }),
        { numRuns: Number(process.env.PRIVACY_RUNS ?? 15) }
      )
    } finally {
      await h.close()
    }
  }, 300_000)
}

await onEveryAdapter("personal data (V7)", suite)
