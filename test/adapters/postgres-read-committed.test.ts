/**
 * The whole conformance suite, concurrency cases included, on Postgres at READ COMMITTED: the
 * invariants (A5 capacity, no double-booking, H1/H3 one captain, F3 balance, T9 serials, V3
 * one registration) hold by the store's scope locks (`Store.lock`), not by SERIALIZABLE. Every
 * test's name carries "read committed" (the factory's name is in each describe block).
 */
import { layer } from "../../adapters/postgres/index.js"
import { storeSuite } from "../conformance/index.js"
import { ephemeralKeyRing } from "../../adapters/shared/keyring.js"
import { postgresFactory, withPostgres } from "./postgres-support.js"

await withPostgres(
  (factory) => storeSuite(factory),
  () => postgresFactory("postgres (read committed)", 10, (pool) => layer(pool, { isolation: "readCommitted", keyRing: ephemeralKeyRing() }))
)
