import { describe, expect, it } from "vitest"
import { layer } from "../../adapters/memory/index.js"
import * as Client from "../../src/client.js"
import * as Fixtures from "../../src/fixtures.js"
import { Hierarchy } from "../../src/index.js"

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
