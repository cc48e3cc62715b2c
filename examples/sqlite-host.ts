/**
 * A host script on the embedded default: a SQLite file (here in a fresh temp folder). It
 * builds the Pinghu organisation, registers volunteers as their squad leaders, shows a leader
 * refused outside their squad (H7), writes Annex 3 of a squad as an Excel-friendly CSV (R2,
 * R4, masked per V7), then reopens the file with a new layer to show that everything persisted.
 *
 * Run: `npx tsx examples/sqlite-host.ts`. In a host, import from "volunteer-brigade",
 * "volunteer-brigade/sqlite" and "volunteer-brigade/csv".
 */
import { Effect, Layer } from "effect"
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { toCsvBytes } from "../adapters/csv/index.js"
import { layerFromFile } from "../adapters/sqlite/index.js"
import { Fixtures, Identity, ManualClock, Store, Workflows } from "../src/index.js"

const dir = mkdtempSync(join(tmpdir(), "volunteer-brigade-sqlite-"))
const file = join(dir, "brigade.db")
const clock = ManualClock.make("2026-03-01T09:00:00+08:00")
// layerFromFile opens the file (creating and migrating it) and closes it when the program ends.
const store = (ids: string) => Layer.mergeAll(layerFromFile(file), Store.sequentialIds(ids), clock.layer)

const setUp = Effect.gen(function* () {
  const pinghu = yield* Fixtures.seedPinghu
  const [first, second] = pinghu.squads
  if (first === undefined || second === undefined) return yield* Effect.die("Pinghu has squads")
  const leader = pinghu.actors.squadLeaders.get(first.id)!
  const residentId = (first17: string) => `${first17}${Identity.checkDigit(first17)}`
  const people = [
    { name: "张三", gender: "female", birthDate: "1949-12-31", number: residentId("11010519491231002"), mobile: "13800138000" },
    { name: "李四", gender: "male", birthDate: "1990-03-07", number: residentId("33048219900307123"), mobile: "13905730002" }
  ]
  for (const p of people) {
    const v = yield* Workflows.Volunteers.registerIndividual(leader, {
      name: p.name, gender: p.gender, birthDate: p.birthDate,
      document: { type: "residentId", number: p.number },
      mobile: p.mobile, skills: ["policyPublicity"], squadId: first.id, publishNameConsent: true
    })
    yield* Workflows.Volunteers.approve(leader, v.id)
  }
  // H7: a squad leader acts on their own squad only.
  const refused = yield* Workflows.Volunteers.registerIndividual(leader, {
    name: "王五", gender: "male", birthDate: "1985-06-15",
    document: { type: "passport", number: "E12345678" },
    mobile: "13905730003", skills: [], squadId: second.id, publishNameConsent: false
  }).pipe(Effect.flip)
  console.log(`${leader} registering in ${second.name}: ${refused._tag}`)
  // R2, R4, V7: Annex 3 of the squad, masked, as CSV with BOM and CRLF.
  const annex3 = yield* Workflows.Volunteers.annex3(leader, first.id)
  writeFileSync(join(dir, "annex3.csv"), toCsvBytes(annex3))
  console.log(`annex 3 of ${first.name}: ${annex3.rows.length} rows → annex3.csv`)
  return first
})

const squad = await Effect.runPromise(setUp.pipe(Effect.provide(store("a"))))
console.log(`SQLite file: ${statSync(file).size > 0 ? "written" : "empty"} (${file})`)

// A second run of the host: a new layer over the same file sees what the first one saved.
const reopened = Effect.gen(function* () {
  const tree = yield* Workflows.Organisation.tree()
  const members = yield* Workflows.Volunteers.list(Fixtures.officeActor, { unitId: squad.id, status: "active" })
  console.log(`reopened: ${tree?.unit.name}, ${tree?.counts.squadrons} squadrons, ${tree?.counts.squads} squads`)
  console.log(`active volunteers of ${squad.name}: ${members.map((v) => v.name).join("、")}`)
})
await Effect.runPromise(reopened.pipe(Effect.provide(store("b"))))
rmSync(dir, { recursive: true, force: true })
