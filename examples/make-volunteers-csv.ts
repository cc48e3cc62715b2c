/**
 * Writes `examples/volunteers.csv`: a few hundred invented volunteers of the Pinghu fixture's
 * communities in the shape of the Annex rosters (序号, 姓名, 性别, 出生年月, 证件类型, 证件号码,
 * 手机, 单位及职务, 特长, 所属分队), deterministic (a fixed-seed generator, no clock), with a
 * few deliberately bad rows that an import must reject: a wrong check digit, a bad mobile
 * number, a child under 14 and the same person twice.
 *
 * Run: `npx tsx examples/make-volunteers-csv.ts`
 */
import { writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { toCsv } from "../adapters/csv/index.js"
import { Category, Fixtures, Identity, Table } from "../src/index.js"

const ROWS = 300

// Park–Miller minimal standard generator: the same file on every run.
let seed = 20120905
const next = (n: number): number => {
  seed = (seed * 48271) % 2147483647
  return seed % n
}

const communities = Fixtures.pinghuTowns.flatMap((t) => t.communities)
const categories = Object.values(Category.labelsZh)
const posts = ["个体经营", "平湖市第一中学教师", "社区卫生服务站医生", "退休职工", "律师事务所律师", "企业职工", "大学生"]

const residentId = (birth: string, n: number, male: boolean): string => {
  const first17 = `330482${birth}${String((n % 500) * 2 + (male ? 1 : 0)).padStart(3, "0")}`
  return first17 + Identity.checkDigit(first17)
}

const rows: Array<Record<string, string>> = []
for (let i = 0; i < ROWS; i++) {
  const male = next(2) === 0
  const year = 1950 + next(55)
  const month = 1 + next(12)
  const day = 1 + next(28)
  const birth = `${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}`
  const skills = Array.from(new Set([categories[next(categories.length)]!, categories[next(categories.length)]!]))
  rows.push({
    姓名: Fixtures.personName(i * 7 + next(7)),
    性别: male ? "男" : "女",
    出生年月: `${year}.${String(month).padStart(2, "0")}`,
    证件类型: "居民身份证",
    证件号码: residentId(birth, i, male),
    手机: `13${5 + next(5)}${String(10_000_000 + i * 9973 + next(9973)).slice(-8)}`,
    单位及职务: posts[next(posts.length)]!,
    特长: skills.join("、"),
    所属分队: communities[next(communities.length)]!
  })
}

// Deliberately bad rows (the import reports them by line).
const at = (i: number): Record<string, string> => rows[i]!
const id = at(10)["证件号码"]!
at(10)["证件号码"] = id.slice(0, 17) + (id[17] === "0" ? "1" : "0") // wrong check digit
at(50)["手机"] = "1380013800" // ten digits
const childBirth = "20150601"
at(120)["出生年月"] = "2015.06" // eleven years old
at(120)["证件号码"] = residentId(childBirth, 120, at(120)["性别"] === "男")
rows.push({ ...at(200), 手机: "13905739999" }) // the same person again, with another mobile

const table = Table.make({
  title: "平湖市社区志愿者导入名单",
  columns: ["序号", "姓名", "性别", "出生年月", "证件类型", "证件号码", "手机", "单位及职务", "特长", "所属分队"].map((k) => ({ key: k, label: k })),
  rows: Table.withSerialNumbers(rows)
})

const target = fileURLToPath(new URL("./volunteers.csv", import.meta.url))
writeFileSync(target, toCsv(table))
console.log(`wrote ${rows.length} rows to ${target}`)
