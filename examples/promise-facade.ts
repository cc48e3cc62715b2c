/**
 * The Promise facade for a host that does not use Effect: `Client.make(layer)` gives every
 * workflow as an async function. Failures reject with the same tagged error instances the
 * Effect API fails with, so a plain `try/catch` can switch on `error._tag` or use
 * `instanceof`.
 *
 * Run: `npx tsx examples/promise-facade.ts`. In a host, import from "volunteer-brigade" and
 * "volunteer-brigade/memory" (or `layerFromFile` from "volunteer-brigade/sqlite", `layer(pool)`
 * from "volunteer-brigade/postgres").
 */
import { Layer } from "effect"
import { layer as memory } from "../adapters/memory/index.js"
import { Client, Fixtures, Hierarchy, ManualClock } from "../src/index.js"

const office = Fixtures.officeActor
const clock = ManualClock.make("2026-03-01T09:00:00+08:00")
const client = Client.make(Layer.merge(memory, clock.layer))

try {
  const brigade = await client.organisation.foundBrigade(office, Fixtures.pinghuBrigade)
  console.log(`founded ${brigade.name} (${brigade.code})`)

  // H1: one brigade per city — the second one rejects with a tagged UnitInvalid.
  try {
    await client.organisation.foundBrigade(office, { ...Fixtures.pinghuBrigade, code: "PH-2" })
  } catch (e) {
    if (e instanceof Hierarchy.UnitInvalid) console.log(`second brigade: ${e._tag} (${e.reason})`)
    else throw e
  }

  // H7: someone without a role may not act — NotInJurisdiction names the actor and the unit.
  try {
    await client.organisation.createUnit("someone-else", {
      level: "squadron", name: "当湖街道", code: "PH-DH", parentId: brigade.id, establishedOn: "2012-09-20"
    })
  } catch (e) {
    const error = e as { readonly _tag?: string }
    console.log(`stranger creating a squadron: ${error._tag}`)
  }

  // Bad input is a typed InputInvalid naming the field; nothing is written.
  try {
    await client.organisation.createUnit(office, { level: "squadron", name: "", code: "PH-X", parentId: brigade.id })
  } catch (e) {
    const error = e as { readonly _tag?: string; readonly field?: string }
    console.log(`bad input: ${error._tag} at ${error.field}`)
  }

  await client.organisation.createUnit(office, {
    level: "squadron", name: "当湖街道", code: "PH-DH", parentId: brigade.id, establishedOn: "2012-09-20"
  })
  const tree = await client.organisation.tree()
  console.log(`tree: ${tree?.unit.name} → ${tree?.children.map((c) => c.unit.name).join(", ")}`)
} finally {
  await client.dispose()
}
