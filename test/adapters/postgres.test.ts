import { storeSuite } from "../conformance/index.js"
import { withPostgres } from "./postgres-support.js"

await withPostgres((factory) => storeSuite(factory))
