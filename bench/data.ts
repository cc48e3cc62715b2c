/**
 * The benchmark's seeded data set: 50,000 volunteer ids spread over the Pinghu squads, 1,000
 * activities organised by those squads in 2026, and 2,000,000 hour entries. Every entry is a
 * pure function of its index (a hash, no sequential random state), so the set is the same on
 * every run and an entry can be rebuilt anywhere — corrections carry their original's fields.
 */
import type { Activity, Fixtures, Hours, Ids } from "../src/index.js"
import { Time } from "../src/index.js"

export const VOLUNTEERS = 50_000
export const ACTIVITIES = 1_000
export const ENTRIES = 2_000_000
/** The last entries are corrections (T5) of earlier ones: the reports must net them. */
export const CORRECTIONS = 2_000
export const YEAR = 2026
export const TARGET_MINUTES = 48 * 60
export const from = Time.instant("2026-01-01T00:00:00+08:00")
export const to = Time.instant("2027-01-01T00:00:00+08:00")

/** 32-bit integer hash (lowbias32): the data set's only source of variety. */
const hash = (x: number): number => {
  let h = x >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d)
  h ^= h >>> 15
  h = Math.imul(h, 0x846ca68b)
  h ^= h >>> 16
  return h >>> 0
}

export interface BenchActivity {
  readonly id: Ids.ActivityId
  readonly organiser: Ids.UnitId
  readonly leader: string
  readonly start: number
  readonly end: number
}

export interface DataSet {
  readonly squads: ReadonlyArray<Ids.UnitId>
  readonly squadronOf: ReadonlyMap<string, string>
  readonly volunteerSquad: Int32Array
  readonly activities: ReadonlyArray<BenchActivity>
  readonly entries: number
}

const DAY = 86_400_000
const MINUTE = 60_000

export const volunteerId = (v: number): Ids.VolunteerId => `vol_${String(v).padStart(6, "0")}` as Ids.VolunteerId

/** Builds the data set over a seeded Pinghu organisation (its squads are the units). */
export const makeDataSet = (org: Fixtures.PinghuOrganisation, entries = ENTRIES): DataSet => {
  const squads = org.squads.map((s) => s.id)
  const squadronOf = new Map(org.squads.map((s) => [s.id as string, (s.parents.at(-1)?.parentId ?? "") as string]))
  const volunteerSquad = new Int32Array(VOLUNTEERS)
  for (let v = 0; v < VOLUNTEERS; v++) volunteerSquad[v] = hash(v * 3 + 1) % squads.length
  const activities: Array<BenchActivity> = []
  for (let k = 0; k < ACTIVITIES; k++) {
    const organiser = squads[hash(k * 5 + 2) % squads.length]!
    let start: number
    let end: number
    if (k === 0) {
      // across the start of the year: 2025-12-31 23:00 → 2026-01-01 02:00 (+08:00)
      start = from - 1 * 60 * MINUTE
      end = from + 2 * 60 * MINUTE
    } else if (k === 1) {
      start = to - 90 * MINUTE
      end = to + 30 * MINUTE
    } else {
      start = from + (hash(k * 5 + 3) % 365) * DAY + (8 + (hash(k * 5 + 4) % 10)) * 60 * MINUTE
      end = start + (60 + (hash(k * 5 + 5) % 4) * 60) * MINUTE
    }
    activities.push({
      id: `act_${String(k).padStart(4, "0")}` as Ids.ActivityId,
      organiser,
      leader: org.actors.squadLeaders.get(organiser)!,
      start,
      end
    })
  }
  return { squads, squadronOf, volunteerSquad, activities, entries }
}

const originalAt = (ds: DataSet, i: number): Hours.HourEntry => {
  const v = i % VOLUNTEERS
  const a = ds.activities[hash(i * 7 + 11) % ACTIVITIES]!
  const span = Math.round((a.end - a.start) / MINUTE)
  return {
    id: `he_${String(i).padStart(7, "0")}` as Ids.HourEntryId,
    volunteerId: volunteerId(v),
    activityId: a.id,
    recordingUnitId: a.organiser,
    squadId: ds.squads[ds.volunteerSquad[v]!]!,
    serviceStart: a.start as Time.Instant,
    serviceEnd: a.end as Time.Instant,
    minutes: span - (hash(i * 7 + 13) % 30),
    kind: "attendance",
    evidence: "checkIn",
    recordedAt: a.end as Time.Instant,
    recordedBy: a.leader as Ids.ActorId
  }
}

/** Entry `i` of the data set: an attendance entry, or (the last CORRECTIONS) a correction. */
export const entryAt = (ds: DataSet, i: number): Hours.HourEntry => {
  const originals = ds.entries - CORRECTIONS
  if (i < originals) return originalAt(ds, i)
  const j = hash(i * 7 + 17) % originals
  const o = originalAt(ds, j)
  return {
    ...o,
    id: `hc_${String(i).padStart(7, "0")}` as Ids.HourEntryId,
    minutes: -(1 + (hash(i * 7 + 19) % 20)),
    kind: "correction",
    corrects: o.id,
    reason: "bench correction" as never,
    recordedAt: (o.recordedAt + DAY) as Time.Instant
  }
}

/** The entries in chunks (objects built lazily, so the whole set is never in memory at once). */
export function* chunks(ds: DataSet, size: number): Generator<ReadonlyArray<Hours.HourEntry>> {
  for (let i = 0; i < ds.entries; i += size) {
    const n = Math.min(size, ds.entries - i)
    const out = new Array<Hours.HourEntry>(n)
    for (let k = 0; k < n; k++) out[k] = entryAt(ds, i + k)
    yield out
  }
}

/** An activity record for the store (status ongoing, so check-ins are accepted). */
export const activityRecord = (a: BenchActivity): Activity.Activity =>
  ({
    id: a.id,
    title: `bench activity ${a.id}`,
    scope: "regular",
    organiserUnitId: a.organiser,
    category: "policyPublicity",
    window: { start: a.start, end: a.end },
    capacity: 1000,
    hazardous: false,
    agreement: {},
    status: "ongoing",
    recordFinalised: false
  }) as unknown as Activity.Activity

/** The annual report's second half: per squadron, the minutes short of 48 h summed over its volunteers. */
export const shortfallBySquadron = (
  ds: DataSet,
  totals: ReadonlyArray<{ readonly key: string; readonly minutes: number }>
): ReadonlyArray<{ readonly squadronId: string; readonly short: number; readonly shortMinutes: number }> => {
  const byVolunteer = new Map(totals.map((r) => [r.key, r.minutes]))
  const out = new Map<string, { short: number; shortMinutes: number }>()
  for (let v = 0; v < VOLUNTEERS; v++) {
    const squadron = ds.squadronOf.get(ds.squads[ds.volunteerSquad[v]!]!) ?? ""
    const gap = TARGET_MINUTES - (byVolunteer.get(volunteerId(v)) ?? 0)
    const row = out.get(squadron) ?? { short: 0, shortMinutes: 0 }
    if (gap > 0) {
      row.short += 1
      row.shortMinutes += gap
    }
    out.set(squadron, row)
  }
  return [...out].sort(([a], [b]) => (a < b ? -1 : 1)).map(([squadronId, r]) => ({ squadronId, ...r }))
}

/** A check-in's work: an activity and an assignment to it. */
export interface CheckInWork {
  readonly activity: BenchActivity
  readonly assignment: Activity.Assignment
}

/** A check-in's assignments: one per check-in, inserted directly (not measured). */
export const assignmentsFor = (ds: DataSet, n: number): Array<CheckInWork> =>
  Array.from({ length: n }, (_, i) => {
    const a = ds.activities[2 + (i % 50)]!
    return {
      activity: a,
      assignment: {
        id: `asg_${String(i).padStart(6, "0")}`,
        activityId: a.id,
        volunteerId: volunteerId(i),
        via: "dispatch",
        assignedBy: a.leader,
        assignedAt: a.start - 86_400_000
      } as never as Activity.Assignment
    }
  })
