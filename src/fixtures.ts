/**
 * The Pinghu fixture: the organisation the 2012 notice founded — the 平湖市 brigade with its
 * eight deputy captains, a squadron for each town and subdistrict, and a few communities
 * each with a squad and a patrol team. Used by the demo, the examples and the tests; hosts
 * may use it to try the library. Names of leaders and phone numbers are invented.
 *
 * @module
 */
import { Effect } from "effect"
import type * as Hierarchy from "./hierarchy.js"
import type { UnitId } from "./ids.js"
import * as Organisation from "./workflows/organisation.js"

/**
 * The actor of the brigade office (市民政局社会工作综合科) that founds the organisation.
 *
 * @category pinghu
 * @since 0.1.0
 */
export const officeActor = "pinghu-civil-affairs-office"

/**
 * Pinghu's towns and subdistricts (squadrons) with a few of their communities (squads).
 *
 * @example
 * ```ts
 * import { Fixtures } from "volunteer-brigade"
 * Fixtures.pinghuTowns.length // 9
 * ```
 * @category pinghu
 * @since 0.1.0
 */
export const pinghuTowns: ReadonlyArray<{
  readonly name: string
  readonly code: string
  readonly communities: ReadonlyArray<string>
}> = [
  { name: "当湖街道", code: "DH", communities: ["东湖社区", "西湖社区", "南市社区", "北门社区"] },
  { name: "钟埭街道", code: "ZD", communities: ["钟埭社区", "兴平社区", "沈家弄村"] },
  { name: "曹桥街道", code: "CQ", communities: ["曹桥社区", "马厩村", "百寿村"] },
  { name: "乍浦镇", code: "ZP", communities: ["雅山社区", "天妃社区", "汤山村"] },
  { name: "新埭镇", code: "XD", communities: ["新埭社区", "鱼圻塘村"] },
  { name: "新仓镇", code: "XC", communities: ["新仓社区", "芦川村"] },
  { name: "独山港镇", code: "DSG", communities: ["全塘社区", "白沙湾村", "黄姑社区"] },
  { name: "广陈镇", code: "GC", communities: ["广陈社区", "山塘村"] },
  { name: "林埭镇", code: "LD", communities: ["林埭社区", "徐家埭村"] }
]

/**
 * The brigade's founding input (H1, H2) as the notice describes it.
 *
 * @example
 * ```ts
 * import { Fixtures } from "volunteer-brigade"
 * Fixtures.pinghuBrigade.profile.serviceCentre // "平湖市96345社区服务中心"
 * ```
 * @category pinghu
 * @since 0.1.0
 */
export const pinghuBrigade = {
  name: "平湖市社区志愿者服务大队",
  code: "PH",
  establishedOn: "2012-09-05",
  profile: {
    city: "平湖市",
    office: "市民政局社会工作综合科",
    administrativeLead: "市民政局（市委社工办）",
    professionalGuide: "平湖市志愿者协会",
    serviceCentre: "平湖市96345社区服务中心"
  },
  office: { name: "章萍", unitAndPost: "市民政局社会工作综合科", officePhone: "85030727" }
} as const

const surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "朱", "沈", "钱"]
const given = ["建国", "丽华", "志强", "秀英", "海燕", "明", "伟", "芳", "军", "敏", "静", "磊", "洁", "斌", "红梅"]

/**
 * A deterministic invented Chinese name for the n-th person of the fixture.
 *
 * @example
 * ```ts
 * import { Fixtures } from "volunteer-brigade"
 * Fixtures.personName(0) // "王建国"
 * ```
 * @category pinghu
 * @since 0.1.0
 */
export const personName = (n: number): string =>
  `${surnames[n % surnames.length]}${given[Math.floor(n / surnames.length) % given.length]}`

/**
 * A deterministic invented mainland mobile number for the n-th person of the fixture.
 *
 * @example
 * ```ts
 * import { Fixtures } from "volunteer-brigade"
 * Fixtures.mobileOf(1) // "13905730001"
 * ```
 * @category pinghu
 * @since 0.1.0
 */
export const mobileOf = (n: number): string => `139057${String(n % 100000).padStart(5, "0")}`

/**
 * What {@link seedPinghu} created, for the caller to continue with.
 *
 * @category pinghu
 * @since 0.1.0
 */
export interface PinghuOrganisation {
  readonly brigade: Hierarchy.Unit
  readonly squadrons: ReadonlyArray<Hierarchy.Unit>
  readonly squads: ReadonlyArray<Hierarchy.Unit>
  /** Actor ids: the office, each squadron captain (by squadron id) and squad leader (by squad id). */
  readonly actors: {
    readonly office: string
    readonly squadronCaptains: ReadonlyMap<UnitId, string>
    readonly squadLeaders: ReadonlyMap<UnitId, string>
  }
}

/**
 * Builds the Pinghu organisation through the workflows: the brigade, its captain and eight
 * deputy captains, nine squadrons with a captain and a deputy each, their squads with a
 * leader each, and a patrol team in every community.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Fixtures, Store } from "volunteer-brigade"
 * import { layer } from "volunteer-brigade/memory"
 * const org = await Effect.runPromise(
 *   Fixtures.seedPinghu.pipe(Effect.provide(layer), Effect.provide(Store.sequentialIds()))
 * )
 * ```
 * @category pinghu
 * @since 0.1.0
 */
export const seedPinghu = Effect.gen(function* () {
  const office = officeActor
  const brigade = yield* Organisation.foundBrigade(office, pinghuBrigade)
  let person = 0
  const holder = (post: string) => {
    person += 1
    return { name: personName(person), unitAndPost: post, officePhone: `8503${String(1000 + person)}`, mobile: mobileOf(person) }
  }
  yield* Organisation.appoint(office, {
    unitId: brigade.id,
    actorId: "pinghu-captain",
    role: "captain",
    holder: holder("市民政局副局长"),
    since: "2012-09-05"
  })
  const departments = ["市公安局", "市司法局", "市规划建设局", "市文广新局", "市卫生局", "团市委", "市妇联", "市工商局"]
  for (const [i, department] of departments.entries()) {
    yield* Organisation.appoint(office, {
      unitId: brigade.id,
      actorId: `pinghu-deputy-${i + 1}`,
      role: "deputyCaptain",
      department,
      holder: holder(`${department}副局长`),
      since: "2012-09-20"
    })
  }
  const squadrons: Array<Hierarchy.Unit> = []
  const squads: Array<Hierarchy.Unit> = []
  const squadronCaptains = new Map<UnitId, string>()
  const squadLeaders = new Map<UnitId, string>()
  for (const town of pinghuTowns) {
    const squadron = yield* Organisation.createUnit(office, {
      level: "squadron",
      name: town.name,
      code: `PH-${town.code}`,
      parentId: brigade.id,
      establishedOn: "2012-09-20"
    })
    squadrons.push(squadron)
    const captain = `captain-${town.code.toLowerCase()}`
    squadronCaptains.set(squadron.id, captain)
    yield* Organisation.appoint(office, {
      unitId: squadron.id,
      actorId: captain,
      role: "squadronCaptain",
      holder: holder(`${town.name}党工委委员`),
      since: "2012-09-20"
    })
    yield* Organisation.appoint(office, {
      unitId: squadron.id,
      actorId: `deputy-${town.code.toLowerCase()}`,
      role: "squadronDeputy",
      holder: holder(`${town.name}社会事务办主任`),
      since: "2012-09-20"
    })
    for (const [j, community] of town.communities.entries()) {
      const squad = yield* Organisation.createUnit(captain, {
        level: "squad",
        name: community,
        code: `PH-${town.code}-${String(j + 1).padStart(2, "0")}`,
        parentId: squadron.id,
        establishedOn: "2012-09-25"
      })
      squads.push(squad)
      const leader = `leader-${town.code.toLowerCase()}-${j + 1}`
      squadLeaders.set(squad.id, leader)
      yield* Organisation.appoint(captain, {
        unitId: squad.id,
        actorId: leader,
        role: "squadLeader",
        holder: holder(`${community}居委会主任`),
        since: "2012-09-25"
      })
      yield* Organisation.createTeam(leader, { squadId: squad.id, kind: "patrol", name: `${community}治安巡查志愿服务队` })
    }
  }
  return {
    brigade,
    squadrons,
    squads,
    actors: { office, squadronCaptains, squadLeaders }
  } satisfies PinghuOrganisation
})
