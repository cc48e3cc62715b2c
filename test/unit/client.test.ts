import { describe, expect, it } from "vitest"
import { layer } from "../../adapters/memory/index.js"
import * as Client from "../../src/client.js"
import * as Fixtures from "../../src/fixtures.js"
import { Effect, Schema } from "effect"
import { Hierarchy } from "../../src/index.js"
import * as Workflows from "../../src/workflows/index.js"
import { throwingProxy } from "../fixtures/hostile.js"

/** An input whose every trap throws: spreading, reading or enumerating it throws. */
const trap = throwingProxy

/**
 * Pure helpers of typed arguments among the workflow modules' exports (not workflows: they
 * return a string or a row, no Effect); through the facade they reject like the rest.
 */
const helpers = new Set(["Activities.selfActor", "Volunteers.volunteerNumberOf", "Volunteers.fromAnnexRow", "Context.authorize", "Context.decided", "Context.input", "Context.periodOf", "Volunteers.exportTable"])

const workflows = Object.entries(Workflows).flatMap(([module, exports]) =>
  Object.entries(exports as Record<string, unknown>)
    .filter(([name, f]) => typeof f === "function" && !Schema.isSchema(f) && !helpers.has(`${module}.${name}`))
    .map(([name, f]) => [`${module}.${name}`, f as (...args: ReadonlyArray<unknown>) => unknown] as const)
)

describe("Promise facade", () => {
  it("resolves to plain data and rejects with the same tagged error instances", async () => {
    const client = Client.make(layer)
    try {
      const brigade = await client.organisation.foundBrigade(Fixtures.officeActor, Fixtures.pinghuBrigade)
      expect(brigade.name).toBe(Fixtures.pinghuBrigade.name)
      const org = await client.organisation.load()
      expect(org.units.map((u) => u.id)).toEqual([brigade.id])
      const error = await client.organisation
        .foundBrigade(Fixtures.officeActor, { ...Fixtures.pinghuBrigade, code: "PH2" })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Hierarchy.UnitInvalid)
      expect(error).toMatchObject({ _tag: "UnitInvalid", reason: "brigadeExists" })
      const invalid = await client.organisation.createUnit("nobody", { level: "town" }).catch((e: unknown) => e)
      expect(invalid).toMatchObject({ _tag: "InputInvalid" })
    } finally {
      await client.dispose()
    }
  })
})

describe("no synchronous throws", () => {
  it(`every workflow (${workflows.length}) given inputs whose traps throw returns an Effect instead of throwing (checkIn and checkOut included)`, () => {
    const threw: Array<string> = []
    for (const [name, f] of workflows) {
      try {
        const out = f(trap(), trap(), trap())
        if (!Effect.isEffect(out)) threw.push(`${name} returned no Effect`)
      } catch (e) {
        threw.push(`${name}: ${String(e)}`)
      }
    }
    expect(threw).toEqual([])
  })

  it("checkIn and checkOut given a Proxy whose traps throw fail with InputInvalid", async () => {
    for (const flow of [Workflows.Activities.checkIn, Workflows.Activities.checkOut]) {
      const error = await Effect.runPromise(Effect.flip(Effect.provide(flow(Fixtures.officeActor, trap()), layer)))
      expect(error).toMatchObject({ _tag: "InputInvalid", operation: "activities.recordAttendance" })
    }
  })

  it("every facade function given inputs whose traps throw returns a promise that rejects — it never throws", async () => {
    const client = Client.make(layer)
    try {
      const modules = [client.organisation, client.volunteers, client.activities, client.hours, client.supervision] as ReadonlyArray<Record<string, unknown>>
      let calls = 0
      for (const m of modules)
        for (const f of Object.values(m)) {
          let result: unknown
          expect(() => {
            result = (f as (...a: ReadonlyArray<unknown>) => unknown)(trap(), trap(), trap())
          }).not.toThrow()
          expect(result).toBeInstanceOf(Promise)
          await (result as Promise<unknown>).catch(() => undefined)
          calls += 1
        }
      expect(calls).toBeGreaterThan(50)
      await expect(client.run(trap() as never)).rejects.toBeDefined()
    } finally {
      await client.dispose()
    }
  })
})
