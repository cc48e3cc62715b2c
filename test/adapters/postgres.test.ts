import { layer } from "../../adapters/postgres/index.js"
import { storeSuite } from "../conformance/index.js"
import { privacySuite } from "../conformance/privacy.js"
import { postgresFactory, withPostgres } from "./postgres-support.js"

await withPostgres((factory) => {
  storeSuite(factory)
  privacySuite({ name: "postgres", make: (keyRing) => postgresFactory("postgres", 4, (pool) => layer(pool, { keyRing })).make() })
})
