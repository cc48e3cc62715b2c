/**
 * The shared kysely store on Postgres through kysely's own connections: the generic path a
 * dialect without `connect` takes (`makeKyselyStore(db, postgresTraits, ephemeralKeyRing())`: no driver
 * connection, no prepared statements, no COPY) passes the whole conformance suite too.
 */
import { kyselyFor } from "../../adapters/postgres/index.js"
import { ephemeralKeyRing } from "../../adapters/crypto/index.js"
import { makeKyselyStore, migrate, postgresTraits } from "../../adapters/kysely/index.js"
import { storeLayer } from "../../adapters/shared/layers.js"
import { storeSuite } from "../conformance/index.js"
import { postgresFactory, withPostgres } from "./postgres-support.js"

await withPostgres(
  (factory) => storeSuite(factory),
  () =>
    postgresFactory("postgres (kysely connections)", 10, (pool) =>
      storeLayer("postgres.open", async () => {
        const db = kyselyFor(pool)
        await migrate(db)
        return makeKyselyStore(db, postgresTraits, ephemeralKeyRing())
      })
    )
)
