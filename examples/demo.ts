/**
 * The main demo: the Pinghu community volunteer service brigade on the embedded default
 * store (a SQLite file). Run with `npm run demo` (optionally `-- --out <dir>`, `-- --seed <n>`).
 *
 * 1. builds the Pinghu organisation and prints it as a tree;
 * 2. imports the volunteers of `examples/volunteers.csv` and reports the rejected rows;
 * 3. simulates a seeded year (2026) of activities through the public workflows: planning,
 *    dispatch and sign-up, leave, check-in/out, finalised attendance with discipline, credited
 *    hours, summaries and closing;
 * 4. prints attendance, discipline, completeness, hours, shortfalls and stars per squadron and
 *    issues and verifies one certificate;
 * 5. draws spot checks, records findings and residents' opinions, allocates and spends funds,
 *    and prints the annual evaluation and the funds balance per squadron;
 * 6. writes the Annex 1–3 rosters (CSV and .xlsx) and the annual report (CSV, .xlsx and a
 *    self-contained HTML page) into the output folder.
 *
 * Everything is deterministic: ids are sequential, time comes from a manual clock, randomness
 * from a seeded PRNG (mulberry32) and the .xlsx files are normalised (fixed zip and document
 * dates), so two runs write byte-identical files.
 */
import ExcelJSZip from "jszip"
import { Effect, Layer, Result } from "effect"
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { importVolunteers, toCsv } from "../adapters/csv/index.js"
import { layerFromFile } from "../adapters/sqlite/index.js"
import { displayWidth, toXlsx } from "../adapters/xlsx/index.js"
import {
  Attendance,
  Category,
  Fixtures,
  Hierarchy,
  ManualClock,
  Policy,
  Report,
  Store,
  Table,
  Time,
  Workflows,
  type Ids
} from "../src/index.js"

// ---------------------------------------------------------------------------------------
// Command line, output folder, clock, PRNG
// ---------------------------------------------------------------------------------------

const argOf = (name: string): string | undefined => {
  const i = process.argv.indexOf(name)
  return i > 0 ? process.argv[i + 1] : undefined
}
const outDir = resolve(argOf("--out") ?? "out/demo")
const seed = Number(argOf("--seed") ?? 2026)
const quiet = process.argv.includes("--quiet")
mkdirSync(outDir, { recursive: true })
const dbFile = join(outDir, "brigade.db")
for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true })
const here = dirname(fileURLToPath(import.meta.url))
const started = performance.now()

const YEAR = 2026
const zone = Policy.defaults.timeZone
const clock = ManualClock.make("2026-01-05T09:00:00+08:00")
const layer = Layer.mergeAll(layerFromFile(dbFile), Store.sequentialIds(), clock.layer)
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
const mulberry32 = (s: number) => () => {
  s = (s + 0x6d2b79f5) | 0
  let t = s
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const random = mulberry32(seed)
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))
const chance = (p: number) => random() < p
const oneOf = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(random() * xs.length)]!
const sample = <A>(xs: ReadonlyArray<A>, n: number): Array<A> => {
  const copy = [...xs]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy.slice(0, Math.max(0, Math.min(n, copy.length)))
}
/** A weighted sample without replacement (Efraimidis–Spirakis keys u^(1/w)). */
const weightedSample = <A>(xs: ReadonlyArray<A>, weight: (a: A) => number, n: number): Array<A> =>
  xs
    .map((x) => [x, random() ** (1 / weight(x))] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, Math.max(0, n))
    .map(([x]) => x)

const log = (line = "") => console.log(line)
const progress = (line: string) => {
  if (quiet) return
  if (process.stdout.isTTY) process.stdout.write(`\r${line}\x1b[K`)
}
const endProgress = () => {
  if (!quiet && process.stdout.isTTY) process.stdout.write("\r\x1b[K")
}
const pad = (text: string | number, width: number, right = false): string => {
  const s = String(text)
  const fill = " ".repeat(Math.max(0, width - displayWidth(s)))
  return right ? fill + s : s + fill
}
const at = (day: Time.LocalDate, hhmm: string) => Time.atLocalTime(day, hhmm, zone)
const dayOf = (t: number) => Time.localDateOf(t as Time.Instant, zone)

// ---------------------------------------------------------------------------------------
// Organisation tree (1)
// ---------------------------------------------------------------------------------------

const printTree = (node: Workflows.Organisation.TreeNode, prefix = "", last = true, root = true): void => {
  const level = Hierarchy.levelLabelsZh[node.unit.level]
  const leaders = node.appointments
    .filter((a) => a.role !== "office" && a.role !== "deputyCaptain")
    .map((a) => `${Hierarchy.roleLabelsZh[a.role]} ${a.holder.name}`)
  const counts =
    node.unit.level === "brigade"
      ? ` — ${node.counts.squadrons} 中队 · ${node.counts.squads} 分队 · ${node.counts.teams} 支队伍`
      : node.unit.level === "squadron"
        ? ` — ${node.counts.squads} 分队`
        : node.teams.length > 0
          ? ` — ${node.teams.map((t) => t.name.replace(node.unit.name, "")).join("、")}`
          : ""
  const line = `${node.unit.name}（${level}）${leaders.length ? ` ${leaders.join("，")}` : ""}${counts}`
  log(root ? line : `${prefix}${last ? "└─ " : "├─ "}${line}`)
  const childPrefix = root ? "" : `${prefix}${last ? "   " : "│  "}`
  node.children.forEach((c, i) => printTree(c, childPrefix, i === node.children.length - 1, false))
}

// ---------------------------------------------------------------------------------------
// The simulation: a discrete-event queue of workflow calls, run in time order
// ---------------------------------------------------------------------------------------

type Step = Effect.Effect<void, unknown, Store.Store | Store.IdGenerator>

interface Task {
  readonly at: number
  readonly seq: number
  readonly run: () => Step
}

const queue: Array<Task> = []
let seq = 0
const schedule = (atMs: number, run: () => Step): void => {
  const task = { at: atMs, seq: seq++, run }
  let lo = 0
  let hi = queue.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const q = queue[mid]!
    if (q.at < task.at || (q.at === task.at && q.seq < task.seq)) lo = mid + 1
    else hi = mid
  }
  queue.splice(lo, 0, task)
}

/** Failures the simulation expects and counts (refused assignments); anything else is a bug. */
const refusals = new Map<string, number>()
const attempt = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A | undefined, never, R> =>
  Effect.flatMap(Effect.result(effect), (r) => {
    if (Result.isSuccess(r)) return Effect.succeed(r.success)
    const e = r.failure as { readonly _tag?: string; readonly reason?: string }
    if (e._tag === "AssignmentRefused" && e.reason !== undefined) {
      refusals.set(e.reason, (refusals.get(e.reason) ?? 0) + 1)
      return Effect.succeed(undefined)
    }
    return Effect.die(r.failure)
  })

type Fate = "present" | "late" | "leftEarly" | "lateAndLeftEarly" | "noBadge" | "noShow" | "leave" | "noCheckout"

interface Plan {
  readonly title: string
  readonly scope: "major" | "regular"
  readonly unit: Hierarchy.Unit
  readonly actor: string
  readonly category: Category.ServiceCategory
  readonly start: number
  readonly end: number
  readonly night: boolean
  readonly participants: ReadonlyArray<Ids.VolunteerId>
  readonly signUp: boolean
  readonly ending: "closed" | "noSummary" | "notFinalised" | "cancelled"
}

const insurance = {
  policyNumber: "PH-2026-YW-0001",
  insurer: "中国人民财产保险股份有限公司平湖支公司",
  coversFrom: "2026-01-01",
  coversTo: "2026-12-31"
}

const squadCategories = Category.ServiceCategory.literals.filter(
  (c) => !Category.hazardousByNature.includes(c) && c !== "associationTasks" && c !== "other"
)

const summaries = [
  "活动按计划完成，居民反映良好。",
  "服务对象满意，已整理照片和签到表归档。",
  "参与志愿者分工明确，活动有序开展。",
  "发现的问题已转交社区居委会跟进。"
]

// ---------------------------------------------------------------------------------------
// The program
// ---------------------------------------------------------------------------------------

const program = Effect.gen(function* () {
  log(`volunteer-brigade demo — seed ${seed} — SQLite file: ${dbFile}\n`)

  // 1 ------------------------------------------------------------------------------------
  log("1. 组织 — building the Pinghu organisation (H1–H8)…")
  const pinghu = yield* Fixtures.seedPinghu
  const tree = yield* Workflows.Organisation.tree()
  if (tree === undefined) return yield* Effect.die("no brigade")
  const deputies = tree.appointments.filter((a) => a.role === "deputyCaptain")
  log(`   ${tree.unit.name}: 大队长 1 名, 副大队长 ${deputies.length} 名 (${deputies.map((d) => d.department).join("、")})\n`)
  printTree(tree)

  const office = pinghu.actors.office
  const brigadeCaptain = "pinghu-captain"
  const squadronOf = new Map<string, Hierarchy.Unit>()
  for (const squad of pinghu.squads) {
    const parent = Hierarchy.parentOn(squad, Time.localDate("2026-01-05"))
    const squadron = pinghu.squadrons.find((s) => s.id === parent)
    if (squadron !== undefined) squadronOf.set(squad.id, squadron)
  }
  const leaderOf = (squadId: string) => pinghu.actors.squadLeaders.get(squadId as Ids.UnitId)!
  const captainOf = (squadronId: string) => pinghu.actors.squadronCaptains.get(squadronId as Ids.UnitId)!

  // 2 ------------------------------------------------------------------------------------
  log("\n2. 志愿者 — importing examples/volunteers.csv (V2, V3)…")
  const csvText = readFileSync(join(here, "volunteers.csv"), "utf8")
  const imported = yield* importVolunteers(csvText, office, {
    activate: true,
    onProgress: (done, total) => progress(`   checked ${done}/${total} rows`)
  })
  endProgress()
  log(`   ${imported.total} rows: ${imported.imported.length} imported and approved, ${imported.rejected.length} rejected`)
  for (const r of imported.rejected) log(`   ✗ line ${r.line}: ${r.field} — ${r.reason}`)

  const volunteers = yield* Workflows.Volunteers.list(office)
  const bySquad = new Map<string, Array<Ids.VolunteerId>>()
  const squadOfVolunteer = new Map<string, string>()
  for (const v of volunteers) {
    bySquad.set(v.squadId, [...(bySquad.get(v.squadId) ?? []), v.id])
    squadOfVolunteer.set(v.id, v.squadId)
  }
  const squadronOfVolunteer = (id: string) => squadronOf.get(squadOfVolunteer.get(id) ?? "")!
  const unreliable = new Set(sample(volunteers.map((v) => v.id), Math.round(volunteers.length * 0.03)))
  const engagement = new Map(volunteers.map((v) => [v.id, 0.15 + random() ** 0.7] as const))
  const pickParticipants = (from: ReadonlyArray<Ids.VolunteerId>, n: number) => weightedSample(from, (id) => engagement.get(id)!, n)

  // 3 ------------------------------------------------------------------------------------
  log(`   (${((performance.now() - started) / 1000).toFixed(1)} s)`)
  log(`\n3. 活动 — simulating ${YEAR} (A1–A6, D1–D5, T1–T5)…`)
  const plans: Array<Plan> = []
  const ending = (): Plan["ending"] =>
    chance(0.01) ? "cancelled" : chance(0.01) ? "notFinalised" : chance(0.03) ? "noSummary" : "closed"
  const activityLevel = new Map(pinghu.squads.map((s) => [s.id, 0.5 + random()] as const))
  for (let month = 1; month <= 12; month++) {
    const lastDay = month === 12 ? 18 : 26
    for (const squad of pinghu.squads) {
      const members = bySquad.get(squad.id) ?? []
      if (members.length === 0) continue
      const n = Math.floor(activityLevel.get(squad.id)! + random())
      for (let k = 0; k < n; k++) {
        const category = oneOf(squadCategories)
        const night = category === "securityPatrol" && chance(0.4)
        const day = Time.ymd(YEAR, month, int(month === 1 ? 10 : 1, lastDay))
        const fullDay = !night && chance(0.5)
        const start = night ? at(day, "20:00") : fullDay ? at(day, "08:30") : at(day, oneOf(["08:30", "09:00", "14:00", "14:30"]))
        const hours = night ? 3 : fullDay ? int(7, 8) : int(3, 4)
        plans.push({
          title: `${squad.name}${Category.labelsZh[category]}（${month}月）`,
          scope: "regular",
          unit: squad,
          actor: leaderOf(squad.id),
          category,
          start,
          end: start + hours * HOUR + (chance(0.3) ? 30 * MINUTE : 0),
          night,
          participants: pickParticipants(members, Math.ceil(members.length * (0.3 + 0.3 * random()))),
          signUp: !night && chance(0.4),
          ending: ending()
        })
      }
    }
    if (month % 2 === 0) {
      for (const squadron of pinghu.squadrons) {
        const members = pinghu.squads.filter((s) => squadronOf.get(s.id)?.id === squadron.id).flatMap((s) => bySquad.get(s.id) ?? [])
        const category = oneOf<Category.ServiceCategory>(["fireSafety", "policyPublicity", "cultureAndSports", "legalAid"])
        const start = at(Time.ymd(YEAR, month, int(month === 1 ? 10 : 1, lastDay)), "09:00")
        plans.push({
          title: `${squadron.name}${Category.labelsZh[category]}集中服务（${month}月）`,
          scope: "regular",
          unit: squadron,
          actor: captainOf(squadron.id),
          category,
          start,
          end: start + int(3, 5) * HOUR,
          night: false,
          participants: pickParticipants(members, int(8, 14)),
          signUp: false,
          ending: ending()
        })
      }
    }
  }
  const majors: ReadonlyArray<readonly [number, number, Category.ServiceCategory, string]> = [
    [3, 5, "associationTasks", "学雷锋志愿服务月集中行动"],
    [5, 12, "emergencyRescue", "防灾减灾应急救助演练"],
    [6, 26, "antiGamblingAntiDrugPublicity", "国际禁毒日宣传"],
    [9, 20, "cultureAndSports", "全市社区文体展演"],
    [11, 9, "fireSafety", "全国消防日安全宣传"],
    [12, 5, "other", "国际志愿者日表彰与服务"]
  ]
  for (const [month, dayNo, category, title] of majors) {
    const start = at(Time.ymd(YEAR, month, dayNo), "08:30")
    plans.push({
      title: `平湖市${title}`,
      scope: "major",
      unit: pinghu.brigade,
      actor: brigadeCaptain,
      category,
      start,
      end: start + int(5, 7) * HOUR,
      night: false,
      participants: pickParticipants(volunteers.map((v) => v.id), int(30, 45)),
      signUp: false,
      ending: "closed"
    })
  }
  plans.sort((a, b) => a.start - b.start)

  const stats = { activities: 0, assignments: 0, checkIns: 0, leaves: 0, leaveApproved: 0, leaveRejected: 0, credited: 0, closed: 0 }
  const held = new Map<string, number>()
  const outcomes = new Map<string, Record<Attendance.Outcome, number>>()
  const discipline = new Map<string, { violations: number; suspensions: number }>()
  for (const s of pinghu.squadrons) {
    outcomes.set(s.id, { present: 0, late: 0, leftEarly: 0, lateAndLeftEarly: 0, excused: 0, absentWithoutLeave: 0 })
    discipline.set(s.id, { violations: 0, suspensions: 0 })
  }

  for (const plan of plans) {
    const ref: { id?: Ids.ActivityId; cancelled: boolean; assignments: Map<string, Ids.AssignmentId> } = {
      cancelled: false,
      assignments: new Map()
    }
    const hazardous = plan.night || plan.category === "fireSafety" || plan.category === "emergencyRescue"
    const planAt = Math.max(clock.now(), plan.start - int(7, 10) * DAY)
    schedule(planAt, () =>
      Effect.gen(function* () {
        const activity = yield* Workflows.Activities.planActivity(plan.actor, {
          title: plan.title,
          scope: plan.scope,
          organiserUnitId: plan.unit.id,
          category: plan.category,
          window: { start: plan.start, end: plan.end },
          capacity: plan.participants.length,
          hazardous,
          ...(plan.night ? { night: true } : {}),
          ...(hazardous ? { insurance } : {}),
          agreement: {},
          ...(plan.scope === "major" ? { largeScale: true } : {}),
          location: `${plan.unit.name}服务点`
        })
        ref.id = activity.id
        stats.activities += 1
      })
    )
    const assignAt = planAt + DAY
    for (const volunteerId of plan.participants) {
      schedule(assignAt + int(0, 600) * MINUTE, () =>
        Effect.gen(function* () {
          const raw = { activityId: ref.id, volunteerId, ...(hazardous || plan.scope === "major" ? { agreementSigned: true } : {}) }
          const assignment = yield* attempt(
            plan.signUp
              ? Workflows.Activities.signUp(Workflows.Activities.selfActor(volunteerId), raw)
              : Workflows.Activities.dispatch(plan.actor, raw)
          )
          if (assignment !== undefined) {
            ref.assignments.set(volunteerId, assignment.id)
            stats.assignments += 1
          }
        })
      )
    }
    if (plan.ending === "cancelled") {
      schedule(plan.start - DAY, () =>
        Effect.asVoid(Workflows.Activities.cancel(plan.actor, ref.id)).pipe(Effect.tap(() => Effect.sync(() => (ref.cancelled = true))))
      )
      continue
    }
    schedule(plan.start - 30 * MINUTE, () => Effect.asVoid(Workflows.Activities.start(plan.actor, ref.id)))
    for (const volunteerId of plan.participants) {
      const leader = leaderOf(squadOfVolunteer.get(volunteerId)!)
      const r = random()
      const fate: Fate = unreliable.has(volunteerId) && r < 0.35
        ? "noShow"
        : r < 0.05 ? "leave" : r < 0.08 ? "noShow" : r < 0.14 ? "late" : r < 0.18 ? "leftEarly" : r < 0.19 ? "lateAndLeftEarly"
          : r < 0.23 ? "noBadge" : r < 0.24 ? "noCheckout" : "present"
      const assignmentOf = () => ref.assignments.get(volunteerId)
      const withAssignment = (f: (id: Ids.AssignmentId) => Step): Step =>
        Effect.suspend(() => {
          const id = assignmentOf()
          return id === undefined ? Effect.void : f(id)
        })
      if (fate === "leave") {
        const timely = chance(0.8)
        const requestAt = timely ? plan.start - int(26, 48) * HOUR : plan.start - int(2, 5) * HOUR
        const approve = chance(0.7)
        const attendsAnyway = !approve && chance(0.5)
        let requestId: Ids.LeaveRequestId | undefined
        schedule(requestAt, () =>
          withAssignment((assignmentId) =>
            Effect.map(
              Workflows.Activities.requestLeave(Workflows.Activities.selfActor(volunteerId), {
                assignmentId,
                reason: oneOf(["家中有事", "身体不适", "单位加班", "外出就医"])
              }),
              (l) => {
                requestId = l.id
                stats.leaves += 1
              }
            )
          )
        )
        schedule(requestAt + 90 * MINUTE, () =>
          requestId === undefined
            ? Effect.void
            : Effect.map(Workflows.Activities.decideLeave(leader, { requestId, decision: approve ? "approved" : "rejected" }), () => {
                if (approve) stats.leaveApproved += 1
                else stats.leaveRejected += 1
              })
        )
        if (!attendsAnyway) continue
      }
      if (fate === "noShow") continue
      const late = fate === "late" || fate === "lateAndLeftEarly"
      const early = fate === "leftEarly" || fate === "lateAndLeftEarly"
      const inAt = late ? plan.start + int(10, 45) * MINUTE : plan.start - int(0, 20) * MINUTE
      const outAt = early ? plan.end - int(20, 70) * MINUTE : plan.end + int(0, 15) * MINUTE
      const evidence = oneOf<Attendance.Evidence>(["qrScan", "qrScan", "qrScan", "code", "leaderAttestation"])
      schedule(inAt, () =>
        withAssignment((assignmentId) =>
          Effect.map(
            Workflows.Activities.checkIn(plan.actor, { assignmentId, at: inAt, evidence, badgeWorn: fate !== "noBadge" }),
            () => void (stats.checkIns += 1)
          )
        )
      )
      if (fate !== "noCheckout") {
        schedule(outAt, () =>
          withAssignment((assignmentId) => Effect.asVoid(Workflows.Activities.checkOut(plan.actor, { assignmentId, at: outAt, evidence })))
        )
      }
    }
    const organiserSquadron = plan.unit.level === "squadron" ? plan.unit : squadronOf.get(plan.unit.id)
    schedule(plan.end + 20 * MINUTE, () =>
      Effect.map(Workflows.Activities.end(plan.actor, ref.id), () => {
        if (organiserSquadron !== undefined) held.set(organiserSquadron.id, (held.get(organiserSquadron.id) ?? 0) + 1)
      })
    )
    if (plan.ending === "notFinalised") continue
    schedule(plan.end + 2 * HOUR, () =>
      Effect.gen(function* () {
        const finalised = yield* Workflows.Activities.finaliseAttendance(plan.actor, ref.id)
        for (const row of finalised.rows) {
          const squadron = squadronOfVolunteer(row.volunteerId).id
          outcomes.get(squadron)![row.outcome] += 1
          discipline.get(squadron)!.violations += row.violations.length
          if (row.suspension !== undefined) {
            discipline.get(squadron)!.suspensions += 1
            const leader = leaderOf(squadOfVolunteer.get(row.volunteerId)!)
            const until = row.suspension.until
            if (until < `${YEAR}-12-20`) schedule(at(Time.addDays(until, 1), "09:00"), () =>
              Effect.asVoid(Workflows.Activities.liftSuspension(leader, { volunteerId: row.volunteerId }))
            )
          }
        }
        const entries = yield* Workflows.Hours.creditActivity(plan.actor, ref.id)
        stats.credited += entries.length
      })
    )
    if (plan.ending === "noSummary") continue
    const closeAt = plan.end + int(20, 60) * HOUR
    schedule(closeAt, () =>
      Effect.gen(function* () {
        yield* Workflows.Activities.writeSummary(plan.actor, { activityId: ref.id, summary: oneOf(summaries) })
        yield* Workflows.Activities.close(plan.actor, ref.id)
        stats.closed += 1
      })
    )
  }

  let month = 0
  const monthLine = () =>
    `   ${YEAR}-${String(month).padStart(2, "0")}: ${stats.activities} activities planned, ${stats.assignments} assignments, ` +
    `${stats.checkIns} check-ins, ${stats.leaves} leave requests, ${stats.credited} hour entries, ${stats.closed} closed`
  let done = 0
  const total = queue.length
  while (queue.length > 0) {
    const task = queue.shift()!
    const taskMonth = Number(dayOf(task.at).slice(5, 7))
    if (taskMonth !== month) {
      if (month > 0) log(monthLine())
      month = taskMonth
    }
    clock.set(Math.max(clock.now(), task.at))
    yield* task.run()
    done += 1
    if (done % 250 === 0) progress(`   … ${done} workflow calls (${Math.round((100 * done) / Math.max(total, done))}%)`)
  }
  endProgress()
  log(monthLine())
  log(`   leave: ${stats.leaveApproved} approved, ${stats.leaveRejected} rejected`)
  log(`   (${((performance.now() - started) / 1000).toFixed(1)} s)`)
  log(
    `   refused assignments: ${[...refusals].map(([reason, n]) => `${reason} ${n}`).join(", ") || "none"}`
  )

  // 4 ------------------------------------------------------------------------------------
  const yearEnd = Time.instant("2026-12-31T18:00:00+08:00")
  clock.set(yearEnd)
  log(`\n4. 考勤、纪律与服务时长 — per squadron, ${YEAR} (D1–D5, S1, T6–T8)`)
  const period = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` }
  const unitHours = yield* Workflows.Hours.hoursByUnit(period)
  const minutesOf = (unitId: string) => unitHours.find((u) => u.unitId === unitId)?.minutes ?? 0
  const shortfalls = yield* Workflows.Hours.shortfalls(YEAR)
  const labels = Attendance.labelsZh
  log(
    `   ${pad("中队", 10)}${pad(labels.present, 6, true)}${pad(labels.late, 6, true)}${pad(labels.leftEarly, 6, true)}${pad(
      labels.lateAndLeftEarly,
      10,
      true
    )}${pad(labels.excused, 6, true)}${pad(labels.absentWithoutLeave, 6, true)}${pad("违纪", 6, true)}${pad("暂停", 6, true)}${pad(
      "完整率",
      8,
      true
    )}${pad("时长(h)", 9, true)}${pad("不足48h", 9, true)}  星级`
  )
  const figures: Array<Report.SquadronFigures> = []
  for (const squadron of pinghu.squadrons) {
    const o = outcomes.get(squadron.id)!
    const d = discipline.get(squadron.id)!
    const c = yield* Workflows.Supervision.completeness({ unitId: squadron.id, ...period })
    const share = yield* Workflows.Hours.targetShare(YEAR, squadron.id)
    const short = shortfalls.filter((r) => r.squadronId === squadron.id)
    const stars = yield* Workflows.Hours.starCounts(squadron.id)
    const inService = yield* Workflows.Hours.targetResults(YEAR, squadron.id)
    const minutes = minutesOf(squadron.id)
    figures.push({
      unitId: squadron.id,
      name: squadron.name,
      volunteers: inService.length,
      activitiesHeld: held.get(squadron.id) ?? 0,
      minutes,
      target: { evaluated: share.evaluated, met: share.met },
      outcomes: o,
      discipline: d,
      completenessRate: c.rate,
      stars: stars.map((s) => s.volunteers)
    })
    log(
      `   ${pad(squadron.name, 10)}${pad(o.present, 6, true)}${pad(o.late, 6, true)}${pad(o.leftEarly, 6, true)}${pad(
        o.lateAndLeftEarly,
        10,
        true
      )}${pad(o.excused, 6, true)}${pad(o.absentWithoutLeave, 6, true)}${pad(d.violations, 6, true)}${pad(d.suspensions, 6, true)}${pad(
        `${c.complete}/${c.due}`,
        8,
        true
      )}${pad(Report.hoursText(minutes), 9, true)}${pad(`${short.length}/${share.evaluated}`, 9, true)}  ${stars
        .filter((s) => s.volunteers > 0)
        .map((s) => `${s.stars}★×${s.volunteers}`)
        .join(" ")}`
    )
  }
  const worst = shortfalls.slice().sort((a, b) => b.shortBy - a.shortBy || (a.volunteerId < b.volunteerId ? -1 : 1))[0]
  if (worst !== undefined) {
    log(`   largest shortfall: ${worst.volunteerNumber} ${Report.hoursText(worst.minutes)} h, short by ${Report.hoursText(worst.shortBy)} h (T7)`)
  }

  // A certificate for the year's busiest volunteer, issued by the squad that recorded most of
  // the hours (T9: a unit certifies the entries it recorded)
  const totals = yield* Workflows.Hours.annualTotals(YEAR)
  const best = totals.slice().sort((a, b) => b.minutes - a.minutes || (a.key < b.key ? -1 : 1))[0]!
  const bestSquad = pinghu.squads.find((s) => s.id === squadOfVolunteer.get(best.key))!
  const squadNode = tree.children.flatMap((c) => c.children).find((c) => c.unit.id === bestSquad.id)!
  const squadronNode = tree.children.find((c) => c.unit.id === squadronOf.get(bestSquad.id)!.id)!
  const leader = squadNode.appointments.find((a) => a.role === "squadLeader")!
  const deputy = squadronNode.appointments.find((a) => a.role === "squadronDeputy")!
  const certificate = yield* Workflows.Hours.issueCertificate(leaderOf(bestSquad.id), {
    volunteerId: best.key,
    from: period.from,
    to: period.to,
    issuer: {
      unitId: bestSquad.id,
      personInCharge: leader.holder.name,
      handler: deputy.holder.name,
      contact: leader.holder.officePhone ?? "85030727"
    }
  })
  const verified = yield* Workflows.Hours.verifyCertificate(certificate.serial)
  const forged = yield* Workflows.Hours.verifyCertificate(`${certificate.serial.slice(0, -1)}9`)
  log(
    `   certificate ${certificate.serial}: ${certificate.volunteer.name} (${certificate.volunteer.maskedDocumentNumber}), ` +
      `${Report.hoursText(certificate.service.totalMinutes)} h of ${Report.hoursText(best.minutes)} h in ${YEAR}, issued by ${certificate.issuer.unitName} on ${certificate.issuedOn}`
  )
  log(`   verify ${certificate.serial} → ${verified.status}; verify ${forged.serial} → ${forged.status}`)

  // 5 ------------------------------------------------------------------------------------
  log(`\n5. 监督与经费 — spot checks, opinions, funds, evaluation (S1–S5, F1–F3)`)
  let checks = 0
  let issues = 0
  let opinions = 0
  for (const [i, squadron] of pinghu.squadrons.entries()) {
    const draw = yield* Workflows.Supervision.drawSpotChecks(office, { unitId: squadron.id, ...period, size: 3, seed: seed * 100 + i })
    for (const activityId of draw.activityIds) {
      const pass = chance(0.8)
      yield* Workflows.Supervision.recordSpotCheck(office, {
        activityId,
        result: pass ? "pass" : "issuesFound",
        ...(pass ? {} : { note: oneOf(["签到表缺少负责人签字", "活动照片未归档", "总结内容过于简单"]) }),
        checkedOn: "2026-12-28",
        seed: draw.seed
      })
      checks += 1
      if (!pass) issues += 1
      for (let k = int(1, 3); k > 0; k--) {
        yield* Workflows.Supervision.recordOpinion(office, {
          target: { kind: "activity", activityId },
          rating: int(3, 5),
          receivedOn: "2026-12-29"
        })
        opinions += 1
      }
    }
    yield* Workflows.Supervision.recordOpinion(office, {
      target: { kind: "unit", unitId: squadron.id },
      rating: int(2, 5),
      comment: "居民意见征询",
      receivedOn: "2026-12-30"
    })
    opinions += 1
  }
  log(`   ${checks} spot checks drawn with seed ${seed} (${issues} found issues), ${opinions} residents' opinions recorded`)

  const spendCategories = ["badgesAndUniforms", "insurance", "training", "activityMaterials", "commendations"]
  const refused: Array<string> = []
  for (const squadron of pinghu.squadrons) {
    const allocated = int(30, 60) * 1_000_00
    yield* Workflows.Supervision.allocate(office, { squadronId: squadron.id, year: YEAR, amountFen: allocated, note: "年度专项经费" })
    const expense = (amountFen: number, category: string) =>
      Effect.result(
        Workflows.Supervision.spend(captainOf(squadron.id), {
          squadronId: squadron.id,
          year: YEAR,
          amountFen,
          purpose: { kind: "category", category }
        })
      )
    for (const category of spendCategories) {
      if (chance(0.8)) yield* expense(int(20, 90) * 100_00, category)
    }
    if (refused.length === 0) {
      // F1 no overspending, F2 only the allowed categories: both refused, nothing written
      for (const [amountFen, category] of [[800_000_00, "training"], [2_000_00, "banquet"]] as const) {
        const r = yield* expense(amountFen, category)
        if (Result.isSuccess(r)) continue
        const f = r.failure as { readonly _tag: string; readonly availableFen?: number }
        const available = f.availableFen === undefined ? "" : ` (available ${(f.availableFen / 100).toFixed(2)} 元)`
        refused.push(`   refused: ${squadron.name} expense of ${(amountFen / 100).toFixed(2)} 元 for "${category}" → ${f._tag}${available}`)
      }
    }
  }
  for (const line of refused) log(line)

  const evaluation = yield* Workflows.Supervision.annualEvaluation(YEAR)
  log(`   annual evaluation ${YEAR} — squadrons (S4):`)
  log(
    `   ${pad("名次", 6)}${pad("中队", 10)}${pad("完整率", 8, true)}${pad("人均时长", 10, true)}${pad("达标", 8, true)}${pad(
      "纪律",
      8,
      true
    )}${pad("抽查", 8, true)}${pad("居民评价", 10, true)}${pad("总分", 8, true)}`
  )
  const sc = (x: number | undefined) => (x === undefined ? "—" : x.toFixed(2))
  for (const r of evaluation.squadrons.ranking) {
    log(
      `   ${pad(r.rank, 6)}${pad(r.name, 10)}${pad(sc(r.scores.completeness), 8, true)}${pad(sc(r.scores.hoursPerVolunteer), 10, true)}${pad(
        sc(r.scores.targetAttainment),
        8,
        true
      )}${pad(sc(r.scores.discipline), 8, true)}${pad(sc(r.scores.spotChecks), 8, true)}${pad(sc(r.scores.residentRating), 10, true)}${pad(
        r.total.toFixed(3),
        8,
        true
      )}`
    )
  }
  log(`   commendation candidates — squadrons: ${evaluation.squadrons.candidates.map((c) => c.name).join("、") || "none"}`)
  log(`   commendation candidates — squads: ${evaluation.squads.candidates.map((c) => c.name).join("、") || "none"}`)
  log(`   funds ${YEAR} per squadron (F3):`)
  for (const [i, squadron] of pinghu.squadrons.entries()) {
    const b = yield* Workflows.Supervision.balance(squadron.id, YEAR)
    const rank = evaluation.squadrons.ranking.find((r) => r.unitId === squadron.id)
    figures[i] = {
      ...figures[i]!,
      funds: b,
      ...(rank === undefined ? {} : { evaluation: { rank: rank.rank, total: rank.total } })
    }
    log(
      `   ${pad(squadron.name, 10)} allocated ${pad((b.allocatedFen / 100).toFixed(2), 10, true)}  spent ${pad(
        (b.spentFen / 100).toFixed(2),
        10,
        true
      )}  available ${pad((b.availableFen / 100).toFixed(2), 10, true)} 元`
    )
  }

  // 6 ------------------------------------------------------------------------------------
  log(`\n6. 文件 — rosters (R1, R2, R4) and the annual report`)
  const written: Array<string> = []
  const write = (name: string, data: string | Uint8Array) => {
    const file = join(outDir, name)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, data)
    written.push(file)
  }
  const xlsx = (tables: readonly [Table.Table, ...ReadonlyArray<Table.Table>]) =>
    Effect.promise(() => toXlsx(tables).then(normaliseXlsx))
  const annex1 = yield* Workflows.Volunteers.annex1(pinghu.actors.office)
  write("annex1/annex1-brigade.csv", toCsv(annex1, { includeTitle: true }))
  write("annex1/annex1-brigade.xlsx", yield* xlsx([annex1]))
  for (const squadron of pinghu.squadrons) {
    const annex2 = yield* Workflows.Volunteers.annex2(pinghu.actors.office, squadron.id)
    write(`annex2/annex2-${squadron.code}.csv`, toCsv(annex2, { includeTitle: true }))
    write(`annex2/annex2-${squadron.code}.xlsx`, yield* xlsx([annex2]))
    const squads = pinghu.squads.filter((s) => squadronOf.get(s.id)?.id === squadron.id)
    const tables: Array<Table.Table> = []
    for (const squad of squads) {
      const annex3 = yield* Workflows.Volunteers.annex3(pinghu.actors.office, squad.id)
      write(`annex3/annex3-${squad.code}.csv`, toCsv(annex3, { includeTitle: true }))
      tables.push(annex3)
    }
    const [first, ...rest] = tables
    if (first !== undefined) write(`annex3/annex3-${squadron.code}.xlsx`, yield* xlsx([first, ...rest]))
  }
  const report: Report.AnnualReport = {
    brigade: tree.unit.name,
    year: YEAR,
    preparedOn: dayOf(clock.now()),
    squadrons: figures,
    candidates: evaluation.squadrons.candidates.map((c) => c.name),
    notes: [
      `数据由 volunteer-brigade 演示程序按种子 ${seed} 模拟生成（人员、证件号与手机号均为虚构）。`,
      `年度服务时长目标 ${Policy.defaults.annualTargetMinutes / 60} 小时；志愿者证书 ${certificate.serial} 已签发并核验。`
    ]
  }
  const reportTable = Report.toTable(report)
  write("annual-report.csv", toCsv(reportTable, { includeTitle: true }))
  write("annual-report.xlsx", yield* xlsx([reportTable]))
  write("annual-report.html", Report.toHtml(report))
  for (const file of written) log(`   ${relative(process.cwd(), file) || file}`)
  log(`   (${written.length} files; Annex 3: one CSV per squad and one workbook per squadron with a sheet per squad; names and mobiles masked, V7)`)
  log(`   database: ${relative(process.cwd(), dbFile)}`)
  log(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s — output folder: ${outDir}`)
})

// ---------------------------------------------------------------------------------------
// Deterministic .xlsx: exceljs stamps the document properties and JSZip every entry with the
// current time; rewrite both with a fixed date so two runs give identical bytes.
// ---------------------------------------------------------------------------------------

const FIXED = new Date("2026-12-31T10:00:00Z")
const normaliseXlsx = async (bytes: Uint8Array): Promise<Uint8Array> => {
  const zip = await ExcelJSZip.loadAsync(bytes)
  const out = new ExcelJSZip()
  for (const name of Object.keys(zip.files)) {
    const entry = zip.files[name]!
    if (entry.dir) continue
    let data: string | Uint8Array = await entry.async("uint8array")
    if (name === "docProps/core.xml") {
      data = new TextDecoder()
        .decode(data)
        .replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${FIXED.toISOString().replace(/\.\d+Z$/, "Z")}$2`)
    }
    out.file(name, data, { date: FIXED, createFolders: false })
  }
  return out.generateAsync({ type: "uint8array", compression: "DEFLATE" })
}

await Effect.runPromise(program.pipe(Effect.provide(layer)))
