/**
 * Model-based test over every aggregate: random short sequences of valid and invalid commands
 * (volunteers, activities and assignments, attendance and leave, discipline, hours and
 * certificates, supervision, funds, teams) run through the public workflows against a store,
 * and against a pure model — the pure rules applied to plain arrays, orchestrated the way each
 * workflow documents (decode → load → jurisdiction (H7) → decide → save + audit).
 *
 * After every command the model must predict the observable result exactly: success with the
 * same value, or the typed failure's tag and field/reason; then every table of the store must
 * equal the model's arrays (in id order), including the audit log (one entry per mutation).
 */
import { Effect, Option, Result, Schema } from "effect"
import fc from "fast-check"
import { expect, it } from "vitest"
import * as Activity from "../../src/activity.js"
import * as Attendance from "../../src/attendance.js"
import * as Certificate from "../../src/certificate.js"
import * as Discipline from "../../src/discipline.js"
import * as Funds from "../../src/funds.js"
import * as Hierarchy from "../../src/hierarchy.js"
import * as Hours from "../../src/hours.js"
import { checkDigit } from "../../src/identity.js"
import type { ActivityId, ActorId, AssignmentId, CertificateId, FundEntryId, HourEntryId, LeaveRequestId, SupervisionId, TeamId, UnitId, VolunteerId } from "../../src/ids.js"
import { decoder } from "../../src/input.js"
import * as Leave from "../../src/leave.js"
import * as Policy from "../../src/policy.js"
import { Store, type AttendanceRecord, type AuditEntry, type SuspensionRecord, type ViolationRecord } from "../../src/store.js"
import type * as Supervision from "../../src/supervision.js"
import { localDateOf, yearOf, type Instant, type LocalDate } from "../../src/time.js"
import * as Volunteer from "../../src/volunteer.js"
import { Activities, Hours as HoursWf, Organisation, Supervision as SupervisionWf, Volunteers } from "../../src/workflows/index.js"
import { harness, type Harness, type StoreFactory } from "../conformance/harness.js"
import { office, reseed, type Seeded } from "./seed.js"

const policy = Policy.defaults
const HOUR = 3_600_000

/** The model: plain arrays, one per table, and the clock. */
export interface Model {
  now: Instant
  org: Hierarchy.Organisation
  volunteers: Array<Volunteer.Individual>
  activities: Array<Activity.Activity>
  assignments: Array<Activity.Assignment>
  attendance: Array<AttendanceRecord>
  leave: Array<Leave.LeaveRequest>
  violations: Array<Omit<ViolationRecord, "id">>
  suspensions: Array<Omit<SuspensionRecord, "id">>
  hours: Array<Hours.HourEntry>
  certificates: Array<Certificate.Certificate>
  spotChecks: Array<Supervision.SpotCheck>
  opinions: Array<Supervision.Opinion>
  funds: Array<Funds.FundEntry>
  audit: Array<Omit<AuditEntry, "id">>
}

interface Real {
  readonly h: Harness
  readonly seeded: Seeded
}

type Failure = { readonly _tag: string; readonly field?: string; readonly reason?: string; readonly problem?: string; readonly entity?: string }

/** What the model expects of a successful command. */
interface Ok {
  readonly value: unknown
  readonly targetKind: string
  readonly targetId: string
  readonly apply: () => void
}

type Expect = Result.Result<Ok, Failure>

/** The observable result of a command: `ok`, or the failure's tag and its field/reason. */
export const outcome = (r: Result.Result<unknown, unknown>): string => {
  if (Result.isSuccess(r)) return "ok"
  const e = r.failure as Failure
  return `${e._tag}:${e.field ?? e.reason ?? e.problem ?? e.entity ?? ""}`
}

const today = (m: Model): LocalDate => localDateOf(m.now, policy.timeZone)
const byId = <T extends { readonly id: string }>(xs: ReadonlyArray<T>): Array<T> => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
const pick = <A>(xs: ReadonlyArray<A>, n: number): A | undefined => (xs.length === 0 ? undefined : xs[n % xs.length])
const notFound = (entity: string): Failure => ({ _tag: "NotFound", entity })
const inputInvalid = (field: string): Failure => ({ _tag: "InputInvalid", field })

/** Runs every check in order; the first failure wins. */
const first = (...checks: ReadonlyArray<() => Failure | undefined>): Failure | undefined => {
  for (const c of checks) {
    const f = c()
    if (f !== undefined) return f
  }
  return undefined
}
const denied = (m: Model, actor: ActorId, unit: UnitId, op: string): Failure | undefined => {
  const r = Hierarchy.authorize(m.org, actor, unit, today(m), op)
  return Result.isFailure(r) ? r.failure : undefined
}
const covers = (m: Model, actor: ActorId, unit: UnitId) => Hierarchy.covers(m.org, actor, unit, today(m))
const deniedAny = (m: Model, actor: ActorId, units: readonly [UnitId, ...Array<UnitId>], op: string) =>
  units.some((u) => covers(m, actor, u)) ? undefined : denied(m, actor, units[0], op)
const deniedForVolunteer = (m: Model, actor: ActorId, a: Activity.Activity, v: Volunteer.Individual, op: string) =>
  actor === Activities.selfActor(v.id) ? undefined : deniedAny(m, actor, [a.organiserUnitId, v.squadId], op)

/** Reads every table of the store, in the store's own order. */
const snapshot = (r: Real) =>
  r.h.run(
    Effect.gen(function* () {
      const s = yield* Store
      const volunteers = yield* s.volunteers.list()
      const activities = yield* s.activities.list()
      const perActivity = <T>(f: (id: ActivityId) => Effect.Effect<ReadonlyArray<T>, unknown>) =>
        Effect.map(Effect.forEach(activities, (a) => f(a.id)), (xs) => xs.flat())
      const perVolunteer = <T>(f: (id: VolunteerId) => Effect.Effect<ReadonlyArray<T>, unknown>) =>
        Effect.map(Effect.forEach(volunteers, (v) => f(v.id)), (xs) => xs.flat())
      return {
        units: yield* s.units.all,
        appointments: yield* s.appointments.all,
        teams: yield* s.teams.all,
        volunteers,
        activities,
        assignments: yield* perActivity(s.assignments.listByActivity),
        attendance: yield* perActivity(s.attendance.listByActivity),
        leave: yield* perActivity(s.leave.listByActivity),
        violations: yield* s.discipline.allViolations,
        suspensions: yield* perVolunteer(s.discipline.suspensionsOf),
        hours: yield* s.hours.list(),
        certificates: yield* s.certificates.list(),
        spotChecks: yield* s.supervision.spotChecks(),
        opinions: yield* s.supervision.opinions,
        funds: yield* s.funds.list(),
        audit: yield* s.audit.list()
      }
    })
  )

const withoutId = <T extends { readonly id: string }>(xs: ReadonlyArray<T>) => byId(xs).map(({ id: _id, ...rest }) => rest)

const compareState = async (m: Model, r: Real) => {
  const s = await snapshot(r)
  expect(s.units).toEqual(byId(m.org.units))
  expect(s.appointments).toEqual(byId(m.org.appointments))
  expect(s.teams).toEqual(byId(m.org.teams))
  expect(s.volunteers).toEqual(byId(m.volunteers))
  expect(s.activities).toEqual(byId(m.activities))
  // per-activity lists: activity by activity, each in id order
  const perActivity = <T extends { readonly id: string; readonly activityId: string }>(xs: ReadonlyArray<T>) =>
    byId(m.activities).flatMap((a) => byId(xs.filter((x) => x.activityId === a.id)))
  expect(s.assignments).toEqual(perActivity(m.assignments))
  expect(s.attendance).toEqual(perActivity(m.attendance))
  expect(s.leave).toEqual(perActivity(m.leave))
  // discipline records are written by finalisation, not returned: compared without their ids
  expect(withoutId(s.violations)).toEqual(m.violations)
  expect(
    byId(m.volunteers).flatMap((v) => withoutId(s.suspensions.filter((x) => x.suspension.volunteerId === v.id)))
  ).toEqual(byId(m.volunteers).flatMap((v) => m.suspensions.filter((x) => x.suspension.volunteerId === v.id)))
  expect(s.hours).toEqual(byId(m.hours))
  expect(s.certificates).toEqual(byId(m.certificates))
  expect(s.spotChecks).toEqual(byId(m.spotChecks))
  expect(s.opinions).toEqual(byId(m.opinions))
  expect(s.funds).toEqual(byId(m.funds))
  expect(withoutId(s.audit)).toEqual(m.audit)
}

/** How often each operation ended in each outcome (printed with MODEL_STATS=1). */
export const outcomes = new Map<string, number>()

/**
 * Runs a workflow, checks its outcome (and value) against the model's expectation, applies
 * the expectation to the model with its audit entry and compares every table.
 */
const step = async <A>(
  m: Model,
  r: Real,
  actor: ActorId,
  operation: string,
  run: Effect.Effect<A, unknown, any>,
  expectation: (created: A | undefined) => Expect
) => {
  const real = await r.h.run(Effect.result(run))
  const created = Result.isSuccess(real) ? real.success : undefined
  const expected = expectation(created)
  expect(outcome(real)).toBe(outcome(expected))
  const key = `${operation} → ${outcome(real)}`
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
  if (Result.isSuccess(expected) && Result.isSuccess(real)) {
    expect(real.success).toEqual(expected.success.value)
    expected.success.apply()
    m.audit.push({ actorId: actor, at: m.now, operation, targetKind: expected.success.targetKind, targetId: expected.success.targetId })
  }
  await compareState(m, r)
}

const refusal = (r: Result.Result<unknown, Failure>): Failure | undefined => (Result.isFailure(r) ? r.failure : undefined)
const fail = (f: Failure | undefined): Expect | undefined => (f === undefined ? undefined : Result.fail(f))
const decided = <A>(r: Result.Result<A, Failure>, then: (a: A) => Expect): Expect => (Result.isFailure(r) ? Result.fail(r.failure) : then(r.success))
const replace = <T extends { readonly id: string }>(xs: Array<T>, next: T) => {
  const i = xs.findIndex((x) => x.id === next.id)
  xs[i] = next
}

// ---------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------

/** Registration input of person n (a pool of five, so duplicates happen); variants are invalid. */
const personInput = (n: number, squadId: string, variant: "valid" | "badDigit" | "minor") => {
  const birthDate = variant === "minor" ? "2015-05-17" : "1980-05-17"
  const gender = n % 2 === 0 ? "female" : "male"
  const serial = String(n * 2 + (gender === "male" ? 1 : 0)).padStart(3, "0")
  const first17 = `330482${birthDate.replaceAll("-", "")}${serial}`
  const digit = checkDigit(first17)
  const last = variant === "badDigit" ? (digit === "1" ? "2" : "1") : digit
  return {
    name: `志愿者${n}号`,
    gender,
    birthDate,
    document: { type: "residentId", number: `${first17}${last}` },
    mobile: `1390573${String(n).padStart(4, "0")}`,
    skills: ["policyPublicity"],
    squadId,
    publishNameConsent: n % 2 === 0
  }
}

const actorsOf = (r: Real, m: Model, n: number): ActorId => {
  const pool: Array<ActorId> = [office, office, office, office, ...r.seeded.holderOf.values(), "stranger" as ActorId]
  const v = pick(byId(m.volunteers), n)
  if (n % 7 === 3 && v !== undefined) return Activities.selfActor(v.id) as ActorId
  return pool[n % pool.length]!
}
const unitPick = (r: Real, n: number): UnitId => Object.values(r.seeded.units)[n % 6]!
const squadPick = (r: Real, n: number): UnitId => {
  const { s1, s2, s3, dh } = r.seeded.units
  return [s1, s2, s3, s1, s2, s3, dh][n % 7]!
}
const squadronPick = (r: Real, n: number): UnitId => {
  const { dh, zd, s1, brigade } = r.seeded.units
  return [dh, zd, dh, zd, s1, brigade][n % 6]!
}
const MISSING = 11 // a pick of 11 names a record that does not exist

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

type Cmd = fc.AsyncCommand<Model, Real>
const cmd = (label: string, run: (m: Model, r: Real) => Promise<void>): Cmd => ({ check: () => true, run, toString: () => label })

const advance = (minutes: number) =>
  cmd(`advance(${minutes}m)`, async (m, r) => {
    r.h.clock.advance(minutes * 60_000)
    m.now = (m.now + minutes * 60_000) as Instant
  })

const register = (n: number, squad: number, variant: "valid" | "badDigit" | "minor", a: number) =>
  cmd(`register(person ${n}, squad ${squad}, ${variant}, actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const raw = personInput(n, squadPick(r, squad), variant)
    await step(m, r, actor, "volunteers.registerIndividual", Volunteers.registerIndividual(actor, raw), (created) => {
      const valid = Volunteer.validateIndividual(raw, today(m), policy)
      return decided(valid, (i) => {
        const unit = m.org.units.find((u) => u.id === i.squadId)
        const f = first(
          () => denied(m, actor, i.squadId, "volunteers.registerIndividual"),
          () => (unit?.level === "squad" && unit.dissolvedOn === undefined ? undefined : { _tag: "UnitInvalid", reason: "notASquad" }),
          () => (m.volunteers.some((v) => Volunteer.identityKey(v.document) === Volunteer.identityKey(i.document)) ? { _tag: "DuplicateVolunteer" } : undefined)
        )
        if (f) return Result.fail(f)
        const id = (created?.id ?? "volunteer_?") as VolunteerId
        const v = Volunteer.makeIndividual(id, Volunteers.volunteerNumberOf("PH", id), i, today(m))
        return Result.succeed({ value: v, targetKind: "volunteer", targetId: id, apply: () => void m.volunteers.push(v) })
      })
    })
  })

const volunteerLifecycle = (vol: number, event: Volunteer.VolunteerEvent, a: number) =>
  cmd(`volunteers.${event}(vol ${vol}, actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const v = vol === MISSING ? undefined : pick(byId(m.volunteers), vol)
    const id = v?.id ?? "volunteer_missing"
    await step(m, r, actor, `volunteers.${event}`, Volunteers[event](actor, id), () => {
      if (v === undefined) return Result.fail(notFound("volunteer"))
      return (
        fail(denied(m, actor, v.squadId, `volunteers.${event}`)) ??
        decided(Volunteer.changeStatus(v, event), (next) =>
          Result.succeed({ value: next, targetKind: "volunteer", targetId: v.id, apply: () => replace(m.volunteers, next) })
        )
      )
    })
  })

const transfer = (vol: number, squad: number, a: number) =>
  cmd(`transfer(vol ${vol} → squad ${squad}, actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const v = pick(byId(m.volunteers), vol)
    if (v === undefined) return
    const to = squadPick(r, squad)
    await step(m, r, actor, "volunteers.transfer", Volunteers.transfer(actor, { volunteerId: v.id, toSquadId: to, on: today(m) }), () => {
      const unit = m.org.units.find((u) => u.id === to)
      return (
        fail(
          first(
            () => denied(m, actor, v.squadId, "volunteers.transfer"),
            () => denied(m, actor, to, "volunteers.transfer"),
            () => (unit?.level === "squad" ? undefined : { _tag: "UnitInvalid", reason: "notASquad" })
          )
        ) ??
        decided(Volunteer.transfer(v, to, today(m)), (moved) =>
          Result.succeed({ value: moved, targetKind: "volunteer", targetId: v.id, apply: () => replace(m.volunteers, moved) })
        )
      )
    })
  })

const plan = (unit: number, startInHours: number, capacity: number, title: string, a: number) =>
  cmd(`plan(unit ${unit}, +${startInHours}h, capacity ${capacity}, "${title}", actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const start = m.now + startInHours * HOUR
    const raw = {
      title,
      scope: "regular",
      organiserUnitId: unitPick(r, unit),
      category: "policyPublicity",
      window: { start, end: start + 3 * HOUR },
      capacity,
      hazardous: false,
      agreement: {}
    }
    await step(m, r, actor, "activities.plan", Activities.planActivity(actor, raw), (created) => {
      const decoded = Schema.decodeUnknownResult(Activity.ActivityInput)(raw)
      if (Result.isFailure(decoded)) return Result.fail(inputInvalid(title === "" ? "title" : "capacity"))
      const i = decoded.success
      const u = m.org.units.find((x) => x.id === i.organiserUnitId)!
      return (
        fail(denied(m, actor, u.id, "activities.plan")) ??
        decided(Activity.validateScope(i, u.level), () => {
          const activity = Activity.plan((created?.id ?? "activity_?") as ActivityId, i)
          return Result.succeed({ value: activity, targetKind: "activity", targetId: activity.id, apply: () => void m.activities.push(activity) })
        })
      )
    })
  })

/** An activity's workflow that checks jurisdiction on the organiser unit, then decides. */
const onActivity = (
  label: string,
  operation: string,
  run: (actor: ActorId, id: string) => Effect.Effect<unknown, unknown, any>,
  decide: (m: Model, a: Activity.Activity, actor: ActorId) => Expect,
  invalidInput?: Failure
) => (act: number, a: number) =>
  cmd(`${label}(activity ${act}, actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const activity = act === MISSING ? undefined : pick(byId(m.activities), act)
    await step(m, r, actor, operation, run(actor, activity?.id ?? "activity_missing"), () => {
      if (invalidInput !== undefined) return Result.fail(invalidInput)
      if (activity === undefined) return Result.fail(notFound("activity"))
      return fail(denied(m, actor, activity.organiserUnitId, operation)) ?? decide(m, activity, actor)
    })
  })

const activityLifecycle = (event: Activity.LifecycleEvent) =>
  onActivity(`activities.${event}`, `activities.${event}`, (actor, id) => Activities[event](actor, id), (m, a) =>
    decided(Activity.transition(a, event, m.now, policy), (next) =>
      Result.succeed({ value: next, targetKind: "activity", targetId: a.id, apply: () => replace(m.activities, next) })
    )
  )

const writeSummary = (summary: string) =>
  onActivity(
    `writeSummary("${summary}")`,
    "activities.writeSummary",
    (actor, id) => Activities.writeSummary(actor, { activityId: id, summary }),
    (m, a) => {
      const next = Activity.writeSummary(a, summary)
      return Result.succeed({ value: next, targetKind: "activity", targetId: a.id, apply: () => replace(m.activities, next) })
    },
    summary.trim() === "" ? inputInvalid("summary") : undefined
  )

const assign = (via: "dispatch" | "signUp", act: number, vol: number, agreement: boolean | undefined, a: number) =>
  cmd(`${via}(activity ${act}, vol ${vol}, agreement ${agreement}, actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const activity = pick(byId(m.activities), act)
    const volunteer = pick(byId(m.volunteers), vol)
    if (activity === undefined || volunteer === undefined) return
    const raw = { activityId: activity.id, volunteerId: volunteer.id, ...(agreement === undefined ? {} : { agreementSigned: agreement }) }
    const operation = `activities.${via}`
    await step(m, r, actor, operation, Activities[via](actor, raw), (created) => {
      const f =
        via === "signUp"
          ? deniedForVolunteer(m, actor, activity, volunteer, operation)
          : activity.scope === "major"
            ? deniedAny(m, actor, [activity.organiserUnitId, volunteer.squadId], operation)
            : denied(m, actor, activity.organiserUnitId, operation)
      if (f) return Result.fail(f)
      const existing: Array<Activity.ExistingAssignment> = byId(m.assignments)
        .filter((x) => x.activityId === activity.id)
        .map((x) => ({ assignmentId: x.id, activityId: x.activityId, volunteerId: x.volunteerId, window: activity.window }))
      for (const x of byId(m.assignments)) {
        if (x.volunteerId !== volunteer.id || x.activityId === activity.id) continue
        const other = m.activities.find((o) => o.id === x.activityId)!
        if (other.status !== "cancelled") existing.push({ assignmentId: x.id, activityId: x.activityId, volunteerId: x.volunteerId, window: other.window })
      }
      const grant = Activity.decideAssignment({
        activity,
        volunteer: {
          id: volunteer.id,
          status: volunteer.status,
          birthDate: volunteer.birthDate,
          hasAgreement: agreement === true,
          suspensions: m.suspensions.filter((s) => s.suspension.volunteerId === volunteer.id).map((s) => s.suspension)
        },
        existing,
        via,
        policy
      })
      return decided(grant, (g) => {
        const assignment: Activity.Assignment = {
          id: (created?.id ?? "assignment_?") as AssignmentId,
          ...g,
          assignedBy: actor,
          assignedAt: m.now,
          ...(agreement === undefined ? {} : { agreementSigned: agreement })
        }
        return Result.succeed({ value: assignment, targetKind: "assignment", targetId: assignment.id, apply: () => void m.assignments.push(assignment) })
      })
    })
  })

/** A workflow on an existing assignment (picked by index; MISSING names none). */
const onAssignment = (
  label: string,
  operation: string,
  run: (actor: ActorId, assignmentId: string) => Effect.Effect<unknown, unknown, any>,
  decide: (m: Model, x: Activity.Assignment, a: Activity.Activity, v: Volunteer.Individual, actor: ActorId) => Expect
) => (pickN: number, a: number) =>
  cmd(`${label}(assignment ${pickN}, actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const x = pickN === MISSING ? undefined : pick(byId(m.assignments), pickN)
    await step(m, r, actor, operation, run(actor, x?.id ?? "assignment_missing"), () => {
      if (x === undefined) return Result.fail(notFound("assignment"))
      const activity = m.activities.find((o) => o.id === x.activityId)!
      const volunteer = m.volunteers.find((v) => v.id === x.volunteerId)!
      return decide(m, x, activity, volunteer, actor)
    })
  })

const withdrawAssignment = onAssignment(
  "activities.withdraw",
  "activities.withdraw",
  (actor, id) => Activities.withdraw(actor, { assignmentId: id }),
  (m, x, a, v, actor) =>
    fail(deniedForVolunteer(m, actor, a, v, "activities.withdraw")) ??
    decided(Activity.decideWithdrawal(a, x), () =>
      Result.succeed({
        value: x,
        targetKind: "assignment",
        targetId: x.id,
        apply: () => void m.assignments.splice(m.assignments.findIndex((y) => y.id === x.id), 1)
      })
    )
)

// The attendance command needs the chosen assignment's activity window for its instant and the
// created record's id for the expectation, so it is written out rather than via onAssignment.
const attendance = (kind: "checkIn" | "checkOut", pickN: number, offsetMinutes: number, badgeWorn: boolean | undefined, a: number) =>
  cmd(`${kind}(assignment ${pickN}, +${offsetMinutes}m, badge ${badgeWorn}, actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const x = pick(byId(m.assignments), pickN)
    if (x === undefined) return
    const activity = m.activities.find((o) => o.id === x.activityId)!
    const event = {
      assignmentId: x.id,
      kind,
      at: (activity.window.start + offsetMinutes * 60_000) as Instant,
      evidence: "qrScan" as const,
      ...(badgeWorn === undefined ? {} : { badgeWorn })
    }
    const run = kind === "checkIn" ? Activities.checkIn(actor, event) : Activities.checkOut(actor, event)
    await step(m, r, actor, "activities.recordAttendance", run, (created) => {
      const decodedEvent = decoder(Attendance.AttendanceEvent, "activities.recordAttendance")(event)
      if (Result.isFailure(decodedEvent)) return Result.fail(decodedEvent.failure)
      const e = decodedEvent.success
      return (
        fail(denied(m, actor, activity.organiserUnitId, "activities.recordAttendance")) ??
        decided(Attendance.decideEvent(activity, e), () => {
          const record: AttendanceRecord = {
            id: created?.id ?? "attendance_?",
            activityId: activity.id,
            volunteerId: x.volunteerId,
            event: e,
            recordedBy: actor,
            recordedAt: m.now
          }
          return Result.succeed({ value: record, targetKind: "attendance", targetId: record.id, apply: () => void m.attendance.push(record) })
        })
      )
    })
  })
const requestLeave = (pickN: number, reason: string, a: number) =>
  cmd(`requestLeave(assignment ${pickN}, "${reason}", actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const x = pick(byId(m.assignments), pickN)
    if (x === undefined) return
    const activity = m.activities.find((o) => o.id === x.activityId)!
    const volunteer = m.volunteers.find((v) => v.id === x.volunteerId)!
    await step(m, r, actor, "activities.requestLeave", Activities.requestLeave(actor, { assignmentId: x.id, reason }), (created) =>
      fail(deniedForVolunteer(m, actor, activity, volunteer, "activities.requestLeave")) ??
      decided(
        Leave.request({
          id: (created?.id ?? "leave_?") as LeaveRequestId,
          assignmentId: x.id,
          volunteerId: x.volunteerId,
          activityId: activity.id,
          reason,
          activityStart: activity.window.start,
          at: m.now,
          policy
        }),
        (request) => Result.succeed({ value: request, targetKind: "leaveRequest", targetId: request.id, apply: () => void m.leave.push(request) })
      )
    )
  })

const decideLeave = (pickN: number, decision: "approved" | "rejected", a: number) =>
  cmd(`decideLeave(leave ${pickN}, ${decision}, actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const l = pick(byId(m.leave), pickN)
    if (l === undefined) return
    const activity = m.activities.find((o) => o.id === l.activityId)!
    const volunteer = m.volunteers.find((v) => v.id === l.volunteerId)!
    await step(m, r, actor, "activities.decideLeave", Activities.decideLeave(actor, { requestId: l.id, decision }), () =>
      fail(deniedAny(m, actor, [activity.organiserUnitId, volunteer.squadId], "activities.decideLeave")) ??
      decided(Leave.decide(l, decision, actor, m.now, activity), (next) =>
        Result.succeed({ value: next, targetKind: "leaveRequest", targetId: l.id, apply: () => replace(m.leave, next) })
      )
    )
  })

/** The attendance table of an activity, as the pure rules classify it (D3, D4). */
const classified = (m: Model, a: Activity.Activity) =>
  byId(m.assignments)
    .filter((x) => x.activityId === a.id)
    .map((x) => {
      const requests = byId(m.leave).filter((l) => l.assignmentId === x.id)
      const classification = Attendance.classify({
        window: a.window,
        events: byId(m.attendance).filter((e) => e.event.assignmentId === x.id).map((e) => e.event),
        leave: requests.find(Leave.excuses) ?? requests[0],
        policy
      })
      const violations = Discipline.violationsOf(classification.outcome, classification.badgeWorn, {
        volunteerId: x.volunteerId,
        on: localDateOf(a.window.start, policy.timeZone),
        assignmentId: x.id
      })
      return { assignmentId: x.id, volunteerId: x.volunteerId, ...classification, violations }
    })

const finalise = onActivity(
  "activities.finaliseAttendance",
  "activities.finaliseAttendance",
  (actor, id) => Activities.finaliseAttendance(actor, id),
  (m, a) =>
    decided(Activity.decideFinalise(a), (finalised) => {
      const table = classified(m, a)
      const last = Activity.localDates(a.window, policy).last
      const asOf = last > today(m) ? last : today(m)
      // computed on a copy, applied only when the command is expected to succeed
      const violations = [...m.violations, ...table.flatMap((row) => row.violations.map((violation) => ({ violation, recordedAt: m.now })))]
      const suspensions = [...m.suspensions]
      const volunteers = [...m.volunteers]
      const after = new Map<VolunteerId, object>()
      for (const row of table) {
        if (after.has(row.volunteerId)) continue
        const mine = violations.filter((v) => v.violation.volunteerId === row.volunteerId).map((v) => v.violation)
        const theirs = suspensions.filter((s) => s.suspension.volunteerId === row.volunteerId).map((s) => s.suspension)
        const points = Discipline.points(mine, asOf, policy)
        const standing = Discipline.standing(points, policy)
        const proposal = Discipline.suspend({ volunteerId: row.volunteerId, violations: mine, suspensions: theirs }, asOf, policy)
        if (Option.isSome(proposal)) {
          suspensions.push({ suspension: proposal.value, recordedAt: m.now })
          const v = volunteers.find((x) => x.id === row.volunteerId)!
          if (v.status === "active") {
            const next = Volunteer.changeStatus(v, "suspend")
            if (Result.isSuccess(next)) volunteers[volunteers.indexOf(v)] = next.success
          }
        }
        after.set(row.volunteerId, {
          points,
          standing,
          dismissalProposed: standing === "dismissalProposal",
          ...(Option.isSome(proposal) ? { suspension: proposal.value } : {})
        })
      }
      const rows = table.map((row) => ({ ...row, ...after.get(row.volunteerId) }))
      return Result.succeed({
        value: { activity: finalised, rows },
        targetKind: "activity",
        targetId: a.id,
        apply: () => {
          replace(m.activities, finalised)
          m.violations = violations
          m.suspensions = suspensions
          m.volunteers = volunteers
        }
      })
    })
)

const credit = (act: number, a: number) =>
  cmd(`hours.creditActivity(activity ${act}, actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const activity = pick(byId(m.activities), act)
    if (activity === undefined) return
    await step(m, r, actor, "hours.creditActivity", HoursWf.creditActivity(actor, activity.id), (created) =>
      fail(denied(m, actor, activity.organiserUnitId, "hours.creditActivity")) ??
      decided(Hours.creditable(activity), () => {
        const done = new Set(m.hours.filter((e) => e.activityId === activity.id && e.kind !== "correction").map((e) => e.volunteerId))
        const serviceDate = localDateOf(activity.window.start, policy.timeZone)
        const records = byId(m.attendance).filter((x) => x.activityId === activity.id)
        const leaves = byId(m.leave).filter((l) => l.activityId === activity.id)
        const entries: Array<Hours.HourEntry> = []
        const ids = (created ?? []).map((e) => e.id)
        for (const volunteerId of new Set(byId(m.assignments).filter((x) => x.activityId === activity.id).map((x) => x.volunteerId))) {
          if (done.has(volunteerId)) continue
          const credited = Hours.creditAttendance({
            window: activity.window,
            events: records.filter((x) => x.volunteerId === volunteerId).map((x) => x.event),
            leave: leaves.find((l) => l.volunteerId === volunteerId && l.status === "approved") ?? leaves.find((l) => l.volunteerId === volunteerId),
            policy
          })
          if (credited.service === null) continue
          const uncounted = Hours.uncountedMinutes(m.hours, volunteerId, credited.service)
          const minutes = Math.min(credited.minutes, uncounted - (uncounted % policy.creditGranularityMinutes))
          if (minutes <= 0) continue
          const v = m.volunteers.find((x) => x.id === volunteerId)!
          entries.push({
            id: (ids[entries.length] ?? "hours_?") as HourEntryId,
            volunteerId,
            activityId: activity.id,
            recordingUnitId: activity.organiserUnitId,
            squadId: Volunteer.squadOn(v, serviceDate) ?? v.squadId,
            serviceStart: credited.service.start,
            serviceEnd: credited.service.end,
            minutes,
            kind: "attendance",
            evidence: credited.evidence,
            recordedAt: m.now,
            recordedBy: actor,
            content: activity.title.slice(0, 200)
          })
        }
        return Result.succeed({ value: entries, targetKind: "activity", targetId: activity.id, apply: () => void m.hours.push(...entries) })
      })
    )
  })

const correct = (entry: number, minutes: number, a: number) =>
  cmd(`hours.correct(entry ${entry}, ${minutes}m, actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const original = pick(byId(m.hours), entry)
    if (original === undefined) return
    await step(m, r, actor, "hours.correct", HoursWf.correct(actor, { entryId: original.id, minutes, reason: "考勤更正" }), (created) =>
      fail(denied(m, actor, original.recordingUnitId, "hours.correct")) ??
      decided(
        Hours.correct(original, minutes, "考勤更正", actor, m.now, (created?.id ?? "hours_?") as HourEntryId, byId(m.hours).filter((e) => e.volunteerId === original.volunteerId)),
        (c) => Result.succeed({ value: c, targetKind: "hourEntry", targetId: c.id, apply: () => void m.hours.push(c) })
      )
    )
  })

const issue = (vol: number, unit: number, a: number) =>
  cmd(`hours.issueCertificate(vol ${vol}, unit ${unit}, actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const v = pick(byId(m.volunteers), vol)
    if (v === undefined) return
    const issuerUnit = m.org.units.find((u) => u.id === unitPick(r, unit))!
    const issuer = { unitId: issuerUnit.id, personInCharge: "章萍", handler: "李明", contact: "85030727" }
    const from = "2026-01-01" as LocalDate
    const to = "2026-12-31" as LocalDate
    await step(m, r, actor, "hours.issueCertificate", HoursWf.issueCertificate(actor, { volunteerId: v.id, from, to, issuer }), (created) => {
      const f = denied(m, actor, issuerUnit.id, "hours.issueCertificate")
      if (f) return Result.fail(f)
      const code = issuerUnit.code.replaceAll("-", "")
      const year = yearOf(today(m))
      const issued = m.certificates.map((c) => c.serial).filter((s) => s.startsWith(`${code}-${year}-`))
      return decided(Certificate.nextSerial(issued, code, year), (serial) =>
        decided(
          Certificate.build({
            id: (created?.id ?? "certificate_?") as CertificateId,
            serial,
            volunteer: { volunteerId: v.id, name: v.name, document: v.document, volunteerNumber: v.volunteerNumber },
            issuer: { ...issuer, unitName: issuerUnit.name },
            period: { from, to },
            entries: byId(m.hours).filter((e) => e.volunteerId === v.id),
            dissolved: [],
            issuedAt: m.now,
            zone: policy.timeZone
          } as Certificate.BuildInput),
          (c) => Result.succeed({ value: c, targetKind: "certificate", targetId: c.id, apply: () => void m.certificates.push(c) })
        )
      )
    })
  })

const revoke = (cert: number, reason: string, a: number) =>
  cmd(`hours.revokeCertificate(cert ${cert}, "${reason}", actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const c = pick(byId(m.certificates), cert)
    if (c === undefined) return
    await step(m, r, actor, "hours.revokeCertificate", HoursWf.revokeCertificate(actor, c.id, reason), () => {
      if (reason === "") return Result.fail(inputInvalid(""))
      return (
        fail(denied(m, actor, c.issuer.unitId, "hours.revokeCertificate")) ??
        decided(Certificate.revoke(c, reason, actor, m.now), (next) =>
          Result.succeed({ value: next, targetKind: "certificate", targetId: c.id, apply: () => replace(m.certificates, next) })
        )
      )
    })
  })

const spotCheck = (act: number, result: "pass" | "issuesFound", note: string | undefined, daysAgo: number, a: number) =>
  cmd(`supervision.recordSpotCheck(activity ${act}, ${result}, ${note}, -${daysAgo}d, actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const activity = pick(byId(m.activities), act)
    if (activity === undefined) return
    const checkedOn = localDateOf((m.now - daysAgo * 24 * HOUR) as Instant, policy.timeZone)
    const raw = { activityId: activity.id, result, checkedOn, seed: 7, ...(note === undefined ? {} : { note }) }
    await step(m, r, actor, "supervision.recordSpotCheck", SupervisionWf.recordSpotCheck(actor, raw), (created) => {
      if (result === "issuesFound" && (note ?? "").trim() === "") return Result.fail(inputInvalid("note"))
      if (checkedOn > today(m)) return Result.fail(inputInvalid("checkedOn"))
      return (
        fail(denied(m, actor, activity.organiserUnitId, "supervision.recordSpotCheck")) ??
        (() => {
          const check: Supervision.SpotCheck = {
            id: (created?.id ?? "spotCheck_?") as SupervisionId,
            activityId: activity.id,
            unitId: activity.organiserUnitId,
            checkedOn,
            checkedBy: actor,
            seed: 7,
            result,
            note: note ?? ""
          }
          return Result.succeed({ value: check, targetKind: "spotCheck", targetId: check.id, apply: () => void m.spotChecks.push(check) })
        })()
      )
    })
  })

const opinion = (unit: number, rating: number, comment: string | undefined, a: number) =>
  cmd(`supervision.recordOpinion(unit ${unit}, ${rating}, ${comment}, actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const target = { kind: "unit" as const, unitId: unitPick(r, unit) }
    const raw = { target, rating, receivedOn: today(m), ...(comment === undefined ? {} : { comment }) }
    await step(m, r, actor, "supervision.recordOpinion", SupervisionWf.recordOpinion(actor, raw), (created) => {
      if (rating < 1 || rating > 5) return Result.fail(inputInvalid("rating"))
      return (
        fail(denied(m, actor, target.unitId, "supervision.recordOpinion")) ??
        (() => {
          const o = { id: (created?.id ?? "opinion_?") as SupervisionId, ...raw } as Supervision.Opinion
          return Result.succeed({ value: o, targetKind: "opinion", targetId: o.id, apply: () => void m.opinions.push(o) })
        })()
      )
    })
  })

const recording = (m: Model, actor: ActorId, id: string | undefined, note?: string) => ({
  id: (id ?? "fund_?") as FundEntryId,
  recordedAt: m.now,
  recordedBy: actor,
  ...(note === undefined ? {} : { note })
})

/** F1: the ledger is a squadron's; the unit must exist and be a squadron, then H7. */
const squadronDenied = (m: Model, actor: ActorId, unitId: UnitId, op: string): Failure | undefined => {
  const u = m.org.units.find((x) => x.id === unitId)
  if (u === undefined) return { _tag: "FundSquadronInvalid", reason: "notFound" }
  if (u.level !== "squadron") return { _tag: "FundSquadronInvalid", reason: "notSquadron" }
  return denied(m, actor, unitId, op)
}

const appendFund = (m: Model) => (e: Funds.FundEntry) =>
  Result.succeed({ value: e, targetKind: "fundEntry", targetId: e.id, apply: () => void m.funds.push(e) })

const allocate = (unit: number, amountFen: number, a: number) =>
  cmd(`funds.allocate(unit ${unit}, ${amountFen}, actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const squadronId = squadronPick(r, unit)
    await step(m, r, actor, "funds.allocate", SupervisionWf.allocate(actor, { squadronId, year: 2026, amountFen }), (created) =>
      fail(squadronDenied(m, actor, squadronId, "funds.allocate")) ??
      fail(refusal(Funds.checkAllocator(m.org, actor, squadronId, today(m)))) ??
      decided(Funds.decideAllocation({ squadronId, year: 2026, amountFen, ...recording(m, actor, created?.id) }), appendFund(m))
    )
  })

const spend = (unit: number, amountFen: number, category: string, a: number) =>
  cmd(`funds.spend(unit ${unit}, ${amountFen}, ${category}, actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const squadronId = squadronPick(r, unit)
    const purpose = { kind: "category" as const, category }
    await step(m, r, actor, "funds.spend", SupervisionWf.spend(actor, { squadronId, year: 2026, amountFen, purpose }), (created) =>
      fail(squadronDenied(m, actor, squadronId, "funds.spend")) ??
      decided(
        Funds.decideExpense({
          entries: byId(m.funds).filter((e) => e.squadronId === squadronId && e.year === 2026),
          squadronId,
          year: 2026,
          amountFen,
          purpose,
          activityOwner: () => undefined,
          policy,
          ...recording(m, actor, created?.id)
        }),
        appendFund(m)
      )
    )
  })

const reverse = (entry: number, a: number) =>
  cmd(`funds.reverse(entry ${entry}, actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const target = entry === MISSING ? undefined : pick(byId(m.funds), entry)
    const entryId = target?.id ?? "fund_missing"
    await step(m, r, actor, "funds.reverse", SupervisionWf.reverse(actor, entryId, "冲正"), (created) => {
      if (target === undefined) return Result.fail({ _tag: "ReversalInvalid", reason: "notFound" })
      return (
        fail(denied(m, actor, target.squadronId, "funds.reverse")) ??
        decided(
          Funds.decideReversal(
            byId(m.funds).filter((e) => e.squadronId === target.squadronId && e.year === target.year),
            entryId as FundEntryId,
            recording(m, actor, created?.id, "冲正")
          ),
          appendFund(m)
        )
      )
    })
  })

const createTeam = (unit: number, name: string, a: number) =>
  cmd(`organisation.createTeam(unit ${unit}, "${name}", actor ${a})`, async (m, r) => {
    const actor = actorsOf(r, m, a)
    const unitId = unitPick(r, unit)
    await step(m, r, actor, "organisation.createTeam", Organisation.createTeam(actor, { squadId: unitId, kind: "patrol", name }), (created) => {
      if (name === "") return Result.fail(inputInvalid("name"))
      return (
        fail(denied(m, actor, unitId, "organisation.createTeam")) ??
        decided(Hierarchy.decideTeam(m.org, { id: (created?.id ?? "team_?") as TeamId, unitId, kind: "patrol", name, members: [] }), (t) =>
          Result.succeed({ value: t, targetKind: "team", targetId: t.id, apply: () => void (m.org = { ...m.org, teams: [...m.org.teams, t] }) })
        )
      )
    })
  })

// ---------------------------------------------------------------------------------------
// Generators: mostly valid commands by the office or a responsible holder, a share invalid
// ---------------------------------------------------------------------------------------

const n = fc.nat(12)
const actor = fc.nat(40)
const orMissing = fc.oneof({ weight: 9, arbitrary: n }, { weight: 1, arbitrary: fc.constant(MISSING) })
const texts = fc.constantFrom("东湖社区政策宣传", "夜间巡查 \"O'Brien\" 50%_\\", "🙂 志愿服务", "")

/** Every command generator. */
export const commands: ReadonlyArray<fc.Arbitrary<Cmd>> = [
  fc.constantFrom(30, 180, 1440).map(advance),
  fc
    .tuple(fc.integer({ min: 1, max: 5 }), n, fc.constantFrom("valid", "valid", "valid", "badDigit", "minor" as const), actor)
    .map(([p, s, v, a]) => register(p, s, v as "valid", a)),
  fc
    .tuple(orMissing, fc.constantFrom<Volunteer.VolunteerEvent>("approve", "approve", "suspend", "reinstate", "withdraw", "dismiss"), actor)
    .map(([v, e, a]) => volunteerLifecycle(v, e, a)),
  fc.tuple(n, n, actor).map(([v, s, a]) => transfer(v, s, a)),
  fc.tuple(n, fc.constantFrom(-30, 2, 26, 50), fc.constantFrom(1, 2, 10, 0), texts, actor).map(([u, s, c, t, a]) => plan(u, s, c, t, a)),
  fc
    .tuple(fc.constantFrom<Activity.LifecycleEvent>("start", "end", "close", "cancel"), orMissing, actor)
    .map(([e, act, a]) => activityLifecycle(e)(act, a)),
  fc.tuple(texts, n, actor).map(([t, act, a]) => writeSummary(t)(act, a)),
  fc
    .tuple(fc.constantFrom("dispatch" as const, "signUp" as const), n, n, fc.constantFrom(undefined, true, false), actor)
    .map(([via, act, v, ag, a]) => assign(via, act, v, ag, a)),
  fc.tuple(orMissing, actor).map(([x, a]) => withdrawAssignment(x, a)),
  fc
    .tuple(fc.constantFrom("checkIn" as const, "checkOut" as const), n, fc.constantFrom(-20, 0, 10, 90, 180, 200), fc.constantFrom(undefined, true, false), actor)
    .map(([k, x, o, b, a]) => attendance(k, x, o, b, a)),
  fc.tuple(n, fc.constantFrom("家中有事", "", "生病"), actor).map(([x, t, a]) => requestLeave(x, t, a)),
  fc.tuple(n, fc.constantFrom("approved" as const, "rejected" as const), actor).map(([x, d, a]) => decideLeave(x, d, a)),
  fc.tuple(orMissing, actor).map(([act, a]) => finalise(act, a)),
  fc.tuple(n, actor).map(([act, a]) => credit(act, a)),
  fc.tuple(n, fc.constantFrom(0, 30, 60, 600, -5), actor).map(([e, mins, a]) => correct(e, mins, a)),
  fc.tuple(n, n, actor).map(([v, u, a]) => issue(v, u, a)),
  fc.tuple(n, fc.constantFrom("误发", ""), actor).map(([c, t, a]) => revoke(c, t, a)),
  fc
    .tuple(n, fc.constantFrom("pass" as const, "issuesFound" as const), fc.constantFrom(undefined, "台账不全", " "), fc.constantFrom(0, 1, -1), actor)
    .map(([act, res, note, d, a]) => spotCheck(act, res, note, d, a)),
  fc.tuple(n, fc.constantFrom(1, 3, 5, 0, 6), fc.constantFrom(undefined, "很好 👍", "服务'周到'"), actor).map(([u, rt, c, a]) => opinion(u, rt, c, a)),
  fc.tuple(n, fc.constantFrom(10_000, 50_000, 0, -100, 1.5), actor).map(([u, amt, a]) => allocate(u, amt, a)),
  fc.tuple(n, fc.constantFrom(5_000, 20_000, 60_000, 0), fc.constantFrom("training", "insurance", "banquet"), actor).map(([u, amt, c, a]) => spend(u, amt, c, a)),
  fc.tuple(orMissing, actor).map(([e, a]) => reverse(e, a)),
  fc.tuple(n, fc.constantFrom("巡查一队", ""), actor).map(([u, t, a]) => createTeam(u, t, a))
]

/** Timing of the last run per adapter, for the report. */
export const timings = new Map<string, { readonly runs: number; readonly ms: number }>()

/**
 * Registers the all-aggregates model test for an adapter: `runs` random sequences of up to
 * `maxCommands` commands, each starting from the seeded small organisation in a reset store.
 */
export const aggregatesModelTest = (factory: StoreFactory, runs: number, maxCommands = 15, timeout = 600_000): void => {
  it(
    `H7 V1–V6 A1–A6 D1–D5 T5–T9 S2 S3 F1–F3 (model): ${runs} random command sequences over every aggregate on ${factory.name} match the pure model`,
    async () => {
      const h = await harness(factory)
      const started = performance.now()
      try {
        await fc.assert(
          fc.asyncProperty(fc.commands([...commands], { maxCommands, size: "max" }), async (cmds) => {
            const seeded = await reseed(h)
            const org = await h.run(Organisation.load)
            expect(org).toEqual({ units: byId(seeded.org.units), appointments: byId(seeded.org.appointments), teams: byId(seeded.org.teams) })
            const model: Model = {
              now: h.clock.now() as Instant,
              org: seeded.org,
              volunteers: [...seeded.volunteers],
              activities: [...seeded.activities],
              assignments: [...seeded.assignments],
              attendance: [...seeded.attendance],
              leave: [],
              violations: [],
              suspensions: [],
              hours: [],
              certificates: [],
              spotChecks: [],
              opinions: [],
              funds: [],
              audit: []
            }
            await fc.asyncModelRun(() => ({ model, real: { h, seeded } }), cmds)
          }),
          { numRuns: runs }
        )
      } finally {
        timings.set(factory.name, { runs, ms: performance.now() - started })
        if (process.env.MODEL_STATS) console.info([...outcomes].sort().map(([k, v]) => `${v}\t${k}`).join("\n"))
        console.info(`[model] ${factory.name}: ${runs} sequences in ${((performance.now() - started) / 1000).toFixed(1)} s`)
        await h.close()
      }
    },
    timeout
  )
}
