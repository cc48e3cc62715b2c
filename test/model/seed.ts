/**
 * The small pre-seeded organisation shared by the model-based and reliability tests:
 * brigade PH; squadron DH with squads S1, S2; squadron ZD with squad S3; a captain per
 * squadron and a leader per squad. Built once through the workflows, then restored into a
 * reset store by direct inserts in one transaction (cheap enough for thousands of runs).
 */
import { Effect, Schema } from "effect"
import * as Activity from "../../src/activity.js"
import * as Fixtures from "../../src/fixtures.js"
import type * as Hierarchy from "../../src/hierarchy.js"
import type { ActivityId, ActorId, AssignmentId, UnitId } from "../../src/ids.js"
import { instant } from "../../src/time.js"
import type * as Volunteer from "../../src/volunteer.js"
import { Store, type AttendanceRecord, type IdGenerator } from "../../src/store.js"
import { Organisation } from "../../src/workflows/index.js"
import { makeVolunteer, smallOrg } from "../conformance/activities.js"
import type { Harness } from "../conformance/harness.js"

export const office = Fixtures.officeActor as ActorId

/** The seeded units by short name and their holders. */
export interface Seeded {
  readonly org: Hierarchy.Organisation
  readonly units: { readonly brigade: UnitId; readonly dh: UnitId; readonly s1: UnitId; readonly s2: UnitId; readonly zd: UnitId; readonly s3: UnitId }
  /** Actor appointed at each unit (the office for the brigade). */
  readonly holderOf: ReadonlyMap<UnitId, ActorId>
  /** Three active volunteers (one per squad) and two planned activities (squad S1 today, squadron DH tomorrow). */
  readonly volunteers: ReadonlyArray<Volunteer.Individual>
  readonly activities: ReadonlyArray<Activity.Activity>
  /** activity-c (S1, 2026-02-27) has ended: vol-11 attended it in full, vol-12 did not come. */
  readonly assignments: ReadonlyArray<Activity.Assignment>
  readonly attendance: ReadonlyArray<AttendanceRecord>
}

const activity = (id: string, organiserUnitId: UnitId, day: string, title: string): Activity.Activity =>
  Activity.plan(
    id as ActivityId,
    Schema.decodeUnknownSync(Activity.ActivityInput)({
      title,
      scope: "regular",
      organiserUnitId,
      category: "policyPublicity",
      window: { start: instant(`${day}T10:00:00+08:00`), end: instant(`${day}T13:00:00+08:00`) },
      capacity: 2,
      hazardous: false,
      agreement: {}
    })
  )

export const build: Effect.Effect<Seeded, unknown, Store | IdGenerator> = Effect.gen(function* () {
  const { brigade, dh, zd, s1, s2, s3 } = yield* smallOrg
  const holders: Array<[UnitId, ActorId]> = [
    [brigade, office],
    [dh, "captain-dh" as ActorId],
    [zd, "captain-zd" as ActorId],
    [s1, "leader-s1" as ActorId],
    [s2, "leader-s2" as ActorId],
    [s3, "leader-s3" as ActorId]
  ]
  const org = yield* Organisation.load
  const volunteers = [makeVolunteer(11, s1), makeVolunteer(12, s2), makeVolunteer(13, s3)]
  const ended = { ...activity("activity-c", s1, "2026-02-27", "东湖社区环境整治"), status: "ended" as const }
  const activities = [activity("activity-a", s1, "2026-03-01", "东湖社区政策宣传"), activity("activity-b", dh, "2026-03-02", "当湖街道治安巡查"), ended]
  const assignedAt = instant("2026-02-20T09:00:00+08:00")
  const assignments = [volunteers[0]!, volunteers[1]!].map(
    (v, i): Activity.Assignment => ({ id: `assignment-c${i + 1}` as AssignmentId, activityId: ended.id, volunteerId: v.id, via: "dispatch", assignedBy: office, assignedAt })
  )
  const event = (kind: "checkIn" | "checkOut", at: string): AttendanceRecord => ({
    id: `attendance-c-${kind}`,
    activityId: ended.id,
    volunteerId: volunteers[0]!.id,
    event: { assignmentId: assignments[0]!.id, kind, at: instant(`2026-02-27T${at}:00+08:00`), evidence: "qrScan", ...(kind === "checkIn" ? { badgeWorn: true } : {}) },
    recordedBy: office,
    recordedAt: instant(`2026-02-27T${at}:00+08:00`)
  })
  const attendance = [event("checkIn", "09:55"), event("checkOut", "13:05")]
  return { org, units: { brigade, dh, s1, s2, zd, s3 }, holderOf: new Map(holders), volunteers, activities, assignments, attendance }
})

/** Inserts the seeded organisation, volunteers and activities into an empty store (no audit entries). */
export const restore = (seeded: Seeded) =>
  Effect.gen(function* () {
    const store = yield* Store
    yield* store.transaction(
      Effect.gen(function* () {
        for (const u of seeded.org.units) yield* store.units.insert(u)
        for (const a of seeded.org.appointments) yield* store.appointments.insert(a)
        for (const t of seeded.org.teams) yield* store.teams.insert(t)
        yield* store.volunteers.insertMany(seeded.volunteers)
        for (const a of seeded.activities) yield* store.activities.insert(a)
        for (const x of seeded.assignments) yield* store.assignments.insert(x)
        for (const e of seeded.attendance) yield* store.attendance.append(e)
      })
    )
  })

let cached: Seeded | undefined

/** Empties the harness's store and restores the seeded organisation into it. */
export const reseed = async (h: Harness): Promise<Seeded> => {
  await h.reset()
  if (cached === undefined) {
    cached = await h.run(build)
    await h.reset()
  }
  await h.run(restore(cached))
  return cached
}
