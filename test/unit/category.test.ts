import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import * as Category from "../../src/category.js"

describe("Category", () => {
  it("A2: the fourteen service categories of the notice, and nothing else", () => {
    expect([...Category.ServiceCategory.literals]).toEqual([
      "policyPublicity",
      "visitsToNeedyAndElderly",
      "applianceRepair",
      "psychologicalCounselling",
      "legalAid",
      "convenienceServices",
      "cultureAndSports",
      "securityPatrol",
      "antiGamblingAntiDrugPublicity",
      "fireSafety",
      "emergencyRescue",
      "crimePreventionPublicity",
      "associationTasks",
      "other"
    ])
    for (const c of Category.ServiceCategory.literals) expect(Schema.decodeUnknownSync(Category.ServiceCategory)(c)).toBe(c)
    for (const bad of ["", "cooking", "LegalAid"]) expect(Result.isFailure(Schema.decodeUnknownResult(Category.ServiceCategory)(bad))).toBe(true)
  })

  it("A2: every category has a zh-CN label", () => {
    expect(Object.keys(Category.labelsZh).sort()).toEqual([...Category.ServiceCategory.literals].sort())
    expect(Category.labelsZh.legalAid).toBe("法律援助")
  })

  it("A4: emergency rescue and fire safety are hazardous by nature", () => {
    expect([...Category.hazardousByNature].sort()).toEqual(["emergencyRescue", "fireSafety"])
  })
})
