/**
 * The hour ledger's columnar row codec (migration `0005_hours_columnar`): every field of an
 * `HourEntry` (T5) in a column of its own — no JSON. Instants are bigint columns (Postgres
 * returns them as strings), absent optional fields are nulls.
 */
import { Effect, Schema } from "effect"
import { HourEntry } from "../../src/hours.js"
import { StoreError } from "../../src/store.js"
import type { Row, RowCodec } from "./docs.js"

/** The columns of `vb_hours`, in the order bulk inserts write them. */
export const HOUR_COLUMNS = [
  "id", "volunteer_id", "activity_id", "recording_unit_id", "squad_id", "service_start", "service_end",
  "minutes", "kind", "evidence", "corrects", "reason", "approved_by", "recorded_at", "recorded_by", "content"
] as const

const encodeEntry = Schema.encodeSync(HourEntry)
const decodeEntry = Schema.decodeUnknownEffect(HourEntry)

const num = (v: unknown): unknown => (typeof v === "string" || typeof v === "bigint" ? Number(v) : v)

/** One entry as a row, validated by the HourEntry Schema (a value that does not encode throws). */
const toRow = (value: HourEntry): Record<string, string | number | null> => {
  const e = encodeEntry(value)
  return {
    id: e.id,
    volunteer_id: e.volunteerId,
    activity_id: e.activityId ?? null,
    recording_unit_id: e.recordingUnitId,
    squad_id: e.squadId,
    service_start: e.serviceStart,
    service_end: e.serviceEnd,
    minutes: e.minutes,
    kind: e.kind,
    evidence: e.evidence,
    corrects: e.corrects ?? null,
    reason: e.reason ?? null,
    approved_by: e.approvedBy ?? null,
    recorded_at: e.recordedAt,
    recorded_by: e.recordedBy,
    content: e.content ?? null
  }
}

/** Optional fields: a null column is an absent key. */
const OPTIONAL = [
  ["activityId", "activity_id"],
  ["corrects", "corrects"],
  ["reason", "reason"],
  ["approvedBy", "approved_by"],
  ["content", "content"]
] as const

/** One row as a plain object (bigints and numeric strings → numbers, nulls → absent keys), then decoded. */
const fromRow = (row: Row): Effect.Effect<HourEntry, StoreError> => {
  const o: Record<string, unknown> = {
    id: row["id"],
    volunteerId: row["volunteer_id"],
    recordingUnitId: row["recording_unit_id"],
    squadId: row["squad_id"],
    serviceStart: num(row["service_start"]),
    serviceEnd: num(row["service_end"]),
    minutes: num(row["minutes"]),
    kind: row["kind"],
    evidence: row["evidence"],
    recordedAt: num(row["recorded_at"]),
    recordedBy: row["recorded_by"]
  }
  for (const [key, column] of OPTIONAL) {
    const v = row[column]
    if (v !== null && v !== undefined) o[key] = v
  }
  return Effect.mapError(
    decodeEntry(o),
    (e) => new StoreError({ operation: "vb_hours.read", cause: `stored record does not decode: ${e.message}`, retryable: false })
  )
}

/** The `vb_hours` row codec. */
export const hourRows: RowCodec<HourEntry> = { select: HOUR_COLUMNS, toRow, fromRow }
