/**
 * Migrations as code: no migration files are read at run time. Hosts may run
 * {@link migrations} in their own kysely `Migrator` (they are ordered by name) or call
 * {@link migrate}. One set serves SQLite and Postgres: only portable types are used
 * (`text`, `integer`, `bigint`), and instants are integer epoch milliseconds.
 */
import {
  MysqlAdapter,
  PostgresAdapter,
  SqliteAdapter,
  sql,
  type CreateTableBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type RawBuilder
} from "kysely"
import { Effect, Schema } from "effect"
import * as Privacy from "../../src/privacy.js"
import { Group, Individual } from "../../src/volunteer.js"

const isMysql = (db: Kysely<any>): boolean => db.getExecutor().adapter instanceof MysqlAdapter

/**
 * The type of a short text column that is a key, is indexed or may be: `text` on SQLite and
 * Postgres; on the MySQL family `varchar(128)`, because `text` cannot be a primary key or be
 * indexed without a prefix length there. 128 characters hold every id (≤ 64), serial (≤ 64)
 * and identity key, and keep the widest composite index (`vb_hours_report`: four such columns
 * and three integers) under InnoDB's 3072-byte key limit in utf8mb4.
 */
const keyText = (db: Kysely<any>) => (isMysql(db) ? ("varchar(128)" as const) : ("text" as const))

/** The type of a record's JSON: `mediumtext` (16 MB) on the MySQL family, whose `text` holds 64 KB. */
const bodyText = (db: Kysely<any>) => (isMysql(db) ? sql`mediumtext` : ("text" as const))

/**
 * `create table` — on the MySQL family with `utf8mb4` and its binary collation whatever the
 * server's defaults: every character (emoji, rare CJK beyond the BMP) is stored, and keys
 * compare and sort by code point as on SQLite and Postgres (a `_ci` collation would make
 * `a` and `A` one key, and `utf8mb4_general_ci` even equates distinct supplementary characters).
 */
const createTable = (db: Kysely<any>, name: string): CreateTableBuilder<any, any> => {
  const builder = db.schema.createTable(name)
  return isMysql(db) ? builder.modifyEnd(sql`engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin`) : builder
}

/** `drop index`: the MySQL family names the index's table. */
const dropIndex = (db: Kysely<any>, name: string, table: string) => {
  const builder = db.schema.dropIndex(name)
  return isMysql(db) ? builder.on(table) : builder
}

const organisation: Migration = {
  async up(db: Kysely<any>) {
    const key = keyText(db)
    await createTable(db, "vb_units")
      .addColumn("id", key, (c) => c.primaryKey())
      .addColumn("level", key, (c) => c.notNull())
      .addColumn("data", bodyText(db), (c) => c.notNull())
      .execute()
    await createTable(db, "vb_appointments")
      .addColumn("id", key, (c) => c.primaryKey())
      .addColumn("unit_id", key, (c) => c.notNull().references("vb_units.id"))
      .addColumn("actor_id", key, (c) => c.notNull())
      .addColumn("data", bodyText(db), (c) => c.notNull())
      .execute()
    await db.schema.createIndex("vb_appointments_actor").on("vb_appointments").column("actor_id").execute()
    await createTable(db, "vb_teams")
      .addColumn("id", key, (c) => c.primaryKey())
      .addColumn("unit_id", key, (c) => c.notNull().references("vb_units.id"))
      .addColumn("data", bodyText(db), (c) => c.notNull())
      .execute()
    await createTable(db, "vb_audit")
      .addColumn("id", key, (c) => c.primaryKey())
      .addColumn("actor_id", key, (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("operation", key, (c) => c.notNull())
      .addColumn("target_kind", key, (c) => c.notNull())
      .addColumn("target_id", key, (c) => c.notNull())
      .execute()
    await db.schema.createIndex("vb_audit_target").on("vb_audit").columns(["target_id", "at"]).execute()
    await db.schema.createIndex("vb_audit_actor").on("vb_audit").columns(["actor_id", "at"]).execute()
  },
  async down(db: Kysely<any>) {
    for (const t of ["vb_audit", "vb_teams", "vb_appointments", "vb_units"]) await db.schema.dropTable(t).execute()
  }
}

/** A column: `text` is a key-sized text (indexable everywhere), `body` an unbounded one (never indexed). */
type Column = readonly [name: string, type: "text" | "body" | "integer" | "bigint", options?: "notNull" | "unique" | "nullable"]

/** A document table: id, lookup columns, the encoded record; plus its indexes. */
const docTable = async (
  db: Kysely<any>,
  table: string,
  columns: ReadonlyArray<Column>,
  indexes: ReadonlyArray<ReadonlyArray<string>>
) => {
  const key = keyText(db)
  let builder = createTable(db, table).addColumn("id", key, (c) => c.primaryKey())
  for (const [name, type, option = "notNull"] of columns) {
    builder = builder.addColumn(name, type === "text" ? key : type === "body" ? bodyText(db) : type, (c) =>
      option === "nullable" ? c : option === "unique" ? c.notNull().unique() : c.notNull()
    )
  }
  await builder.addColumn("data", bodyText(db), (c) => c.notNull()).execute()
  for (const cols of indexes) {
    await db.schema.createIndex(`${table}_${cols.join("_")}`).on(table).columns([...cols]).execute()
  }
}

const records: Migration = {
  async up(db: Kysely<any>) {
    await docTable(db, "vb_volunteers", [["identity_key", "text", "unique"], ["squad_id", "text"], ["status", "text"]], [["squad_id"]])
    await docTable(db, "vb_groups", [["squad_id", "text"]], [["squad_id"]])
    await docTable(db, "vb_activities", [["organiser_unit_id", "text"], ["window_start", "bigint"]], [["organiser_unit_id", "window_start"], ["window_start"]])
    for (const t of ["vb_assignments", "vb_attendance", "vb_leave"]) {
      await docTable(db, t, [["activity_id", "text"], ["volunteer_id", "text"]], [["activity_id"], ["volunteer_id"]])
    }
    for (const t of ["vb_violations", "vb_suspensions"]) {
      await docTable(db, t, [["volunteer_id", "text"]], [["volunteer_id"]])
    }
    await docTable(
      db,
      "vb_hours",
      [
        ["volunteer_id", "text"],
        ["activity_id", "text", "nullable"],
        ["recording_unit_id", "text"],
        ["squad_id", "text"],
        ["service_start", "bigint"],
        ["service_end", "bigint"],
        ["minutes", "integer"],
        ["kind", "text"],
        ["corrects", "text", "nullable"],
        ["recorded_at", "bigint"]
      ],
      [["volunteer_id", "service_start"], ["service_start"], ["recording_unit_id", "service_start"], ["activity_id"]]
    )
    await docTable(db, "vb_certificates", [["serial", "text", "unique"], ["volunteer_id", "text"]], [["volunteer_id"]])
    await docTable(db, "vb_spot_checks", [["unit_id", "text"]], [["unit_id"]])
    await docTable(db, "vb_opinions", [], [])
    await docTable(db, "vb_funds", [["squadron_id", "text"], ["year", "integer"]], [["squadron_id", "year"]])
    await docTable(db, "vb_filings", [["year", "integer"]], [["year"]])
  },
  async down(db: Kysely<any>) {
    for (const t of [
      "vb_filings", "vb_funds", "vb_opinions", "vb_spot_checks", "vb_certificates", "vb_hours", "vb_suspensions",
      "vb_violations", "vb_leave", "vb_attendance", "vb_assignments", "vb_activities", "vb_groups", "vb_volunteers"
    ]) {
      await db.schema.dropTable(t).execute()
    }
  }
}

/**
 * Hour reports (T6, T10) read only lookup columns: a covering index over the service period
 * and the grouped columns lets SQLite and Postgres answer them from the index alone, without
 * touching the records' JSON.
 */
const hoursReports: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex("vb_hours_report")
      .on("vb_hours")
      .columns(["service_start", "service_end", "corrects", "id", "volunteer_id", "squad_id", "minutes"])
      .execute()
  },
  async down(db: Kysely<any>) {
    await dropIndex(db, "vb_hours_report", "vb_hours").execute()
  }
}

/**
 * The organisation version (H7 checks read the organisation on every mutation): `vb_meta`
 * holds one `organisation` row whose `version` every write to units, appointments or teams
 * replaces in its own transaction, so a store caches the decoded organisation per version
 * and stays correct when several processes share the database.
 */
const organisationVersion: Migration = {
  async up(db: Kysely<any>) {
    await createTable(db, "vb_meta")
      .addColumn("key", keyText(db), (c) => c.primaryKey())
      .addColumn("version", keyText(db), (c) => c.notNull())
      .execute()
    await db.insertInto("vb_meta").values({ key: "organisation", version: "initial" }).execute()
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable("vb_meta").execute()
  }
}

/**
 * 0006: the lock rows of guarded writes (`vb_locks`, one per scope, created on first use) —
 * invariants by locking rather than by SERIALIZABLE (docs/reliability.md).
 */
const locks: Migration = {
  async up(db: Kysely<any>) {
    await createTable(db, "vb_locks")
      .addColumn("scope", keyText(db), (c) => c.primaryKey())
      .addColumn("n", "bigint", (c) => c.notNull())
      .execute()
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable("vb_locks").execute()
  }
}

/** The HourEntry fields that were only in `vb_hours.data` before migration 0005, and their columns. */
const HOUR_FIELDS_ADDED = [
  ["evidence", "evidence"],
  ["reason", "reason"],
  ["approvedBy", "approved_by"],
  ["recordedBy", "recorded_by"],
  ["content", "content"]
] as const

/** The columns migration 0002 gave `vb_hours` besides `id` and `data`, and their fields. */
const HOUR_FIELDS_KEPT = [
  ["volunteerId", "volunteer_id"],
  ["activityId", "activity_id"],
  ["recordingUnitId", "recording_unit_id"],
  ["squadId", "squad_id"],
  ["serviceStart", "service_start"],
  ["serviceEnd", "service_end"],
  ["minutes", "minutes"],
  ["kind", "kind"],
  ["corrects", "corrects"],
  ["recordedAt", "recorded_at"]
] as const

/** Rows read per batch while moving hour entries between `data` and the columns. */
const HOUR_BATCH = 1_000

/** Visits every `vb_hours` row in id order, `HOUR_BATCH` rows at a time. */
const eachHourRow = async (
  db: Kysely<any>,
  columns: ReadonlyArray<string>,
  visit: (row: Record<string, unknown>) => Promise<void>
) => {
  let after: string | undefined
  for (;;) {
    let q = db.selectFrom("vb_hours").select(["id", ...columns]).orderBy("id").limit(HOUR_BATCH)
    if (after !== undefined) q = q.where("id", ">", after)
    const rows: ReadonlyArray<Record<string, unknown>> = await q.execute()
    for (const row of rows) await visit(row)
    if (rows.length < HOUR_BATCH) return
    after = rows[rows.length - 1]!["id"] as string
  }
}

/**
 * An SQL expression reading the string field `field` of the JSON text in `data` (NULL when it
 * is missing or null), for the dialects the store ships: SQLite's `json_extract`, Postgres's
 * `->>`, the MySQL family's `json_value`. Undefined for any other dialect (the caller then works row by row).
 */
const jsonText = (db: Kysely<any>, field: string): RawBuilder<unknown> | undefined => {
  const adapter = db.getExecutor().adapter
  if (adapter instanceof PostgresAdapter) return sql`cast(data as json) ->> ${sql.lit(field)}`
  if (adapter instanceof SqliteAdapter) return sql`json_extract(data, ${sql.lit(`$.${field}`)})`
  // MySQL 8.0.21+, MariaDB 10.2+: the scalar, unquoted and unescaped
  if (adapter instanceof MysqlAdapter) return sql`json_value(data, ${sql.lit(`$.${field}`)})`
  return undefined
}

/**
 * The hour ledger becomes fully columnar: bulk imports write no JSON and the table halves.
 * Adds a nullable column for every HourEntry field that was only in `data`, fills them from
 * `data` — one `update` of the whole table on SQLite, Postgres and the MySQL family (a city's year of entries
 * in seconds), row by row in JavaScript on any other dialect — then drops `data` (no index
 * mentions it; SQLite ≥ 3.35 drops columns). Also drops the index
 * `vb_hours_service_start`: it is a prefix of the covering index `vb_hours_report` (0003),
 * which serves every query it served, so each insert maintains one b-tree less. `down`
 * restores `data` from the columns and the index.
 */
const hoursColumnar: Migration = {
  async up(db: Kysely<any>) {
    // one column per statement: SQLite's alter table adds one at a time
    for (const [, column] of HOUR_FIELDS_ADDED) {
      await db.schema.alterTable("vb_hours").addColumn(column, "text").execute()
    }
    const extracted = HOUR_FIELDS_ADDED.map(([field, column]) => [column, jsonText(db, field)] as const)
    if (extracted.every(([, e]) => e !== undefined)) {
      await db.updateTable("vb_hours").set(Object.fromEntries(extracted)).execute()
    } else {
      await eachHourRow(db, ["data"], async (row) => {
        const entry = JSON.parse(row["data"] as string) as Record<string, unknown>
        const set: Record<string, unknown> = {}
        for (const [field, column] of HOUR_FIELDS_ADDED) set[column] = entry[field] ?? null
        await db.updateTable("vb_hours").set(set).where("id", "=", row["id"]).execute()
      })
    }
    await db.schema.alterTable("vb_hours").dropColumn("data").execute()
    await dropIndex(db, "vb_hours_service_start", "vb_hours").execute()
  },
  async down(db: Kysely<any>) {
    await db.schema.createIndex("vb_hours_service_start").on("vb_hours").column("service_start").execute()
    await db.schema.alterTable("vb_hours").addColumn("data", bodyText(db)).execute()
    const fields = [...HOUR_FIELDS_KEPT, ...HOUR_FIELDS_ADDED]
    const numeric = new Set(["serviceStart", "serviceEnd", "minutes", "recordedAt"])
    await eachHourRow(db, fields.map(([, column]) => column), async (row) => {
      const entry: Record<string, unknown> = { id: row["id"] }
      for (const [field, column] of fields) {
        const v = row[column]
        if (v !== null && v !== undefined) entry[field] = numeric.has(field) ? Number(v) : v
      }
      await db.updateTable("vb_hours").set({ data: JSON.stringify(entry) }).where("id", "=", row["id"]).execute()
    })
    for (const [, column] of HOUR_FIELDS_ADDED) {
      await db.schema.alterTable("vb_hours").dropColumn(column).execute()
    }
  }
}

/** Rows read per batch while sealing personal data (0007). */
const SEAL_BATCH = 500

/** Visits every row of a document table in id order, `SEAL_BATCH` at a time. */
const eachDocRow = async (db: Kysely<any>, table: string, visit: (row: { id: string; data: string }) => Promise<void>) => {
  let after: string | undefined
  for (;;) {
    let q = db.selectFrom(table).select(["id", "data"]).orderBy("id").limit(SEAL_BATCH)
    if (after !== undefined) q = q.where("id", ">", after)
    const rows: ReadonlyArray<{ id: string; data: string }> = await q.execute()
    for (const row of rows) await visit(row)
    if (rows.length < SEAL_BATCH) return
    after = rows[rows.length - 1]!.id
  }
}

const isSealed = Schema.is(Privacy.Sealed)
const decodeClearIndividual = Schema.decodeUnknownSync(Individual)
const decodeClearGroup = Schema.decodeUnknownSync(Group)
const encodeSealedIndividual = Schema.encodeSync(Privacy.SealedIndividual)
const encodeSealedGroup = Schema.encodeSync(Privacy.SealedGroup)
const decodeSealedIndividual = Schema.decodeUnknownSync(Privacy.SealedIndividual)
const decodeSealedGroup = Schema.decodeUnknownSync(Privacy.SealedGroup)
const encodeIndividual = Schema.encodeSync(Individual)
const encodeGroup = Schema.encodeSync(Group)

const needsRing = () =>
  new Error("migration 0007 found personal data in clear and needs the key ring: migrate(db, { keyRing }) (docs/privacy.md)")

/**
 * P1, P2 on a database written before sealing: every volunteer's document number, mobile,
 * office phone and guardian's mobile and every group's contact phone are sealed in place with
 * the ring's active key, and `identity_key` becomes the blind index — row by row, in id order,
 * inside the migration transaction (all or none). Rows already sealed are left alone, so it is
 * safe on a mixed table. Without a ring it succeeds only when there is nothing to seal (a new
 * database). `down` opens them back to clear (the ring must still hold their keys).
 */
export const sealPersonalData = (keyRing?: Privacy.KeyRingShape): Migration => ({
  async up(db: Kysely<any>) {
    await eachDocRow(db, "vb_volunteers", async ({ id, data }) => {
      const record = JSON.parse(data) as { document?: { number?: unknown } }
      if (typeof record.document?.number === "string" && isSealed(record.document.number)) return
      if (keyRing === undefined) throw needsRing()
      const sealed = await Effect.runPromise(Privacy.sealIndividual(keyRing, decodeClearIndividual(record)))
      await db
        .updateTable("vb_volunteers")
        .set({ data: JSON.stringify(encodeSealedIndividual(sealed)), identity_key: sealed.identityIndex })
        .where("id", "=", id)
        .execute()
    })
    await eachDocRow(db, "vb_groups", async ({ id, data }) => {
      const record = JSON.parse(data) as { contactPhone?: unknown }
      if (typeof record.contactPhone === "string" && isSealed(record.contactPhone)) return
      if (keyRing === undefined) throw needsRing()
      const sealed = await Effect.runPromise(Privacy.sealGroup(keyRing, decodeClearGroup(record)))
      await db.updateTable("vb_groups").set({ data: JSON.stringify(encodeSealedGroup(sealed)) }).where("id", "=", id).execute()
    })
  },
  async down(db: Kysely<any>) {
    if (keyRing === undefined) throw new Error("reverting migration 0007 needs the key ring")
    await eachDocRow(db, "vb_volunteers", async ({ id, data }) => {
      const v = await Effect.runPromise(Privacy.openIndividual(keyRing, decodeSealedIndividual(JSON.parse(data))))
      await db
        .updateTable("vb_volunteers")
        .set({ data: JSON.stringify(encodeIndividual(v)), identity_key: v.erasedOn === undefined ? Privacy.identityIndexInput(v.document) : `erased:${v.id}` })
        .where("id", "=", id)
        .execute()
    })
    await eachDocRow(db, "vb_groups", async ({ id, data }) => {
      const g = await Effect.runPromise(Privacy.openGroup(keyRing, decodeSealedGroup(JSON.parse(data))))
      await db.updateTable("vb_groups").set({ data: JSON.stringify(encodeGroup(g)) }).where("id", "=", id).execute()
    })
  }
})

/**
 * The access log of clear reads and the security log of refusals (P4): two append-only
 * document tables, indexed for the office's questions — by actor and time, by time, and (the
 * security log) by operation and time. The access log's `records` column lists the records
 * read (`|volunteer:id|…|`) so "who saw this person" narrows in SQL.
 */
const accessLogs: Migration = {
  async up(db: Kysely<any>) {
    await docTable(db, "vb_access_log", [["actor_id", "text"], ["at", "bigint"], ["records", "body"]], [["actor_id", "at"], ["at"]])
    await docTable(db, "vb_security_log", [["actor_id", "text"], ["at", "bigint"], ["operation", "text"]], [
      ["actor_id", "at"],
      ["at"],
      ["operation", "at"]
    ])
  },
  async down(db: Kysely<any>) {
    for (const t of ["vb_security_log", "vb_access_log"]) await db.schema.dropTable(t).execute()
  }
}

/**
 * Every migration of the store, keyed by name in the order they apply.
 *
 * @example
 * ```ts
 * import { Migrator } from "kysely"
 * import { migrations } from "volunteer-brigade/kysely"
 * declare const db: import("kysely").Kysely<any>
 * const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
 * ```
 * @category migrations
 * @since 0.1.0
 */
export const migrations: Readonly<Record<string, Migration>> = {
  "0001_organisation": organisation,
  "0002_records": records,
  "0003_hours_reports": hoursReports,
  "0004_organisation_version": organisationVersion,
  "0005_hours_columnar": hoursColumnar,
  "0006_locks": locks,
  // without a ring: passes on a database with nothing to seal; see migrationsWith
  "0007_seal_personal_data": sealPersonalData(),
  "0008_access_logs": accessLogs
}

/**
 * {@link migrations} with `0007_seal_personal_data` holding the key ring, so that a database
 * written before sealing is sealed in place (P1, P2). For hosts running their own Migrator.
 *
 * @example
 * ```ts
 * import { Migrator } from "kysely"
 * import { migrationsWith } from "volunteer-brigade/kysely"
 * import { envKeyRing } from "volunteer-brigade/crypto"
 * declare const db: import("kysely").Kysely<any>
 * const all = migrationsWith(envKeyRing())
 * const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...all }) } })
 * ```
 * @category migrations
 * @since 0.1.0
 */
export const migrationsWith = (keyRing: Privacy.KeyRingShape): Readonly<Record<string, Migration>> => ({
  ...migrations,
  "0007_seal_personal_data": sealPersonalData(keyRing)
})

/**
 * A kysely `MigrationProvider` over {@link migrations}, for hosts that run the migrations in
 * their own kysely `Migrator`.
 *
 * @example
 * ```ts
 * import { Migrator } from "kysely"
 * import { migrationProvider } from "volunteer-brigade/kysely"
 * declare const db: import("kysely").Kysely<any>
 * await new Migrator({ db, provider: migrationProvider, migrationTableName: "vb_migrations" }).migrateToLatest()
 * ```
 * @category migrations
 * @since 0.1.0
 */
export const migrationProvider: MigrationProvider = { getMigrations: async () => ({ ...migrations }) }

/** Options of {@link migrate}. @category migrations @since 0.1.0 */
export interface MigrateOptions {
  /**
   * Takes a lock that serialises concurrent migrations: inside the migration transaction
   * (the Postgres adapter takes a transaction-level advisory lock; SQLite's write lock is
   * enough), or first on the connection when `transactional` is false (the MySQL adapter
   * takes `GET_LOCK`, and releases it itself afterwards).
   */
  readonly lock?: (db: Kysely<any>) => Promise<void>
  /**
   * Whether the database has transactional DDL (default true: SQLite, Postgres). With false
   * (the MySQL family, where every DDL statement commits) the migrations run one by one on
   * `db`, which must be bound to ONE connection, each recorded as soon as it has applied; a
   * migration interrupted half-way is run again from its start, so the caller makes its DDL
   * idempotent (the MySQL adapter skips "already exists" and "already dropped" errors).
   */
  readonly transactional?: boolean
  /**
   * The key ring of the store: migration 0007 seals personal data written in clear by an
   * earlier version with it (P1). Required when there is such data.
   */
  readonly keyRing?: Privacy.KeyRingShape
}

/**
 * Applies every pending migration, in name order: in one transaction (all or none) where DDL
 * is transactional, one by one otherwise (see {@link MigrateOptions.transactional}). Applied
 * names are recorded in `vb_schema_migrations`. Unlike kysely's Migrator it never
 * introspects the catalogue, so migrating one Postgres schema is unaffected by others being
 * created or dropped at the same time. Throws with the failing migration's name on error.
 *
 * @example
 * ```ts
 * import { migrate } from "volunteer-brigade/kysely"
 * declare const db: import("kysely").Kysely<any>
 * await migrate(db)
 * ```
 * @category migrations
 * @since 0.1.0
 */
export const migrate = async (db: Kysely<any>, options: MigrateOptions = {}): Promise<void> => {
  let current = "vb_schema_migrations"
  const apply = async (trx: Kysely<any>) => {
    await options.lock?.(trx)
    await createTable(trx, "vb_schema_migrations")
      .ifNotExists()
      .addColumn("name", keyText(trx), (c) => c.primaryKey())
      .addColumn("applied_at", keyText(trx), (c) => c.notNull())
      .execute()
    const applied = new Set(
      (await trx.selectFrom("vb_schema_migrations").select("name").execute()).map((r: { name: string }) => r.name)
    )
    const all = options.keyRing === undefined ? migrations : migrationsWith(options.keyRing)
    for (const name of Object.keys(all).sort()) {
      if (applied.has(name)) continue
      current = name
      await all[name]!.up(trx)
      await trx.insertInto("vb_schema_migrations").values({ name, applied_at: new Date().toISOString() }).execute()
    }
  }
  try {
    if (options.transactional === false) await apply(db)
    else await db.transaction().execute(apply)
  } catch (error) {
    throw new Error(`volunteer-brigade migration ${current} failed: ${String(error)}`, { cause: error })
  }
}
