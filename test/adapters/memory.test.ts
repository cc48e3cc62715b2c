import { layer } from "../../adapters/memory/index.js"
import { storeSuite } from "../conformance/index.js"

storeSuite({ name: "memory", make: async () => ({ layer, close: async () => {} }) })
