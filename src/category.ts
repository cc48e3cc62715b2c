/**
 * Service categories (服务类别) named in section 2 of the Pinghu notice (A2). They classify
 * activities and a volunteer's skills (特长, V2).
 *
 * @module
 */
import { Schema } from "effect"

/**
 * The service categories of A2.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Category } from "volunteer-brigade"
 * Schema.decodeUnknownSync(Category.ServiceCategory)("legalAid")
 * ```
 * @category categories
 * @since 0.1.0
 */
export const ServiceCategory = Schema.Literals([
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

/** @category categories @since 0.1.0 */
export type ServiceCategory = typeof ServiceCategory.Type

/**
 * zh-CN labels of the service categories, in the notice's words.
 *
 * @example
 * ```ts
 * import { Category } from "volunteer-brigade"
 * Category.labelsZh.legalAid // "法律援助"
 * ```
 * @category labels
 * @since 0.1.0
 */
export const labelsZh: Readonly<Record<ServiceCategory, string>> = {
  policyPublicity: "政策宣传",
  visitsToNeedyAndElderly: "走访困难家庭和老年人家庭",
  applianceRepair: "家电维修",
  psychologicalCounselling: "心理疏导",
  legalAid: "法律援助",
  convenienceServices: "便民利民服务",
  cultureAndSports: "社区文体活动",
  securityPatrol: "治安巡查",
  antiGamblingAntiDrugPublicity: "禁赌禁毒宣传",
  fireSafety: "消防安全",
  emergencyRescue: "应急救助",
  crimePreventionPublicity: "防范违法犯罪宣传",
  associationTasks: "志愿者协会下达的服务工作",
  other: "其他"
}

/**
 * Categories that make an activity hazardous by nature (A4): emergency rescue and fire
 * safety drills. Night patrols are hazardous by their time; any activity may also be flagged.
 *
 * @example
 * ```ts
 * import { Category } from "volunteer-brigade"
 * Category.hazardousByNature.includes("emergencyRescue") // true
 * ```
 * @category categories
 * @since 0.1.0
 */
export const hazardousByNature: ReadonlyArray<ServiceCategory> = ["emergencyRescue", "fireSafety"]
