/**
 * The memory store in an Effect program: found a brigade, a squadron and a squad, register
 * and approve a volunteer, see a second registration of the same person refused with a typed
 * error, and read the tree. Ids are sequential and the clock is manual, so the output is the
 * same on every run.
 *
 * Run: `npx tsx examples/memory-effect.ts`. In a host, import from "volunteer-brigade" and
 * "volunteer-brigade/memory".
 */
import { Effect, Layer } from "effect"
import { layer as memory } from "../adapters/memory/index.js"
import { Fixtures, ManualClock, Store, Workflows } from "../src/index.js"

const office = Fixtures.officeActor

const program = Effect.gen(function* () {
  // H1, H2: the civil-affairs office founds the brigade and is appointed to its office.
  const brigade = yield* Workflows.Organisation.foundBrigade(office, Fixtures.pinghuBrigade)
  // H3, H4: one squadron per town, one squad per community.
  const town = yield* Workflows.Organisation.createUnit(office, {
    level: "squadron", name: "当湖街道", code: "PH-DH", parentId: brigade.id, establishedOn: "2012-09-20"
  })
  const squad = yield* Workflows.Organisation.createUnit(office, {
    level: "squad", name: "东湖社区", code: "PH-DH-01", parentId: town.id, establishedOn: "2012-09-25"
  })

  // V2: input is decoded at the boundary; V5: pending → active.
  const person = {
    name: "张三", gender: "female", birthDate: "1949-12-31",
    document: { type: "residentId", number: "11010519491231002X" },
    mobile: "13800138000", skills: ["legalAid"], squadId: squad.id, publishNameConsent: false
  }
  const registered = yield* Workflows.Volunteers.registerIndividual(office, person)
  const active = yield* Workflows.Volunteers.approve(office, registered.id)
  console.log(`registered ${active.name} (${active.id}) in ${squad.name}: ${registered.status} → ${active.status}`)

  // V3: the same person again is a typed DuplicateVolunteer naming the existing record.
  const again = yield* Workflows.Volunteers.registerIndividual(office, person).pipe(
    Effect.map(() => "accepted"),
    Effect.catchTag("DuplicateVolunteer", (e) => Effect.succeed(`refused: ${e._tag} (existing ${e.existingId})`))
  )
  console.log(`second registration ${again}`)

  // V2: a bad ID number is a typed VolunteerInvalid naming the field; nothing is written.
  const bad = yield* Effect.result(
    Workflows.Volunteers.registerIndividual(office, { ...person, document: { type: "residentId", number: "110105194912310021" } })
  )
  if (bad._tag === "Failure" && bad.failure._tag === "VolunteerInvalid") {
    console.log(`bad input refused: ${bad.failure._tag} at ${bad.failure.field}`)
  }

  const members = yield* Workflows.Volunteers.list(office, { unitId: town.id })
  console.log(`volunteers under ${town.name}: ${members.length}`)
  const tree = yield* Workflows.Organisation.tree()
  console.log(`tree: ${tree?.unit.name} — ${tree?.counts.squadrons} squadron(s), ${tree?.counts.squads} squad(s)`)
})

// The memory store, sequential ids and a manual clock at 1 March 2026, 09:00 in Pinghu.
const clock = ManualClock.make("2026-03-01T09:00:00+08:00")
await Effect.runPromise(program.pipe(Effect.provide(Layer.mergeAll(memory, Store.sequentialIds(), clock.layer))))
