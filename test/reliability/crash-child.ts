/**
 * Child process of the crash test: appends service-hour entries to a SQLite file in batches,
 * each batch in its own transaction, and reports every committed batch on stdout. The parent
 * kills it with SIGKILL in the middle.
 */
import Database from "better-sqlite3"
import { Effect, Layer } from "effect"
import { layer } from "../../adapters/sqlite/index.js"
import type { HourEntryId } from "../../src/ids.js"
import { Store } from "../../src/store.js"
import { hourEntry, plus } from "../fixtures/hours.js"

const [file, batchSizeArg, batchesArg] = process.argv.slice(2)
const batchSize = Number(batchSizeArg)
const batches = Number(batchesArg)
const db = new Database(file!)

const program = Effect.gen(function* () {
  const store = yield* Store
  for (let b = 0; b < batches; b++) {
    const entries = Array.from({ length: batchSize }, (_, i) => {
      const base = hourEntry()
      return hourEntry({
        id: `h_${b}_${i}` as HourEntryId,
        serviceStart: plus(base.serviceStart, b),
        serviceEnd: plus(base.serviceEnd, b),
        content: `batch ${b}`
      })
    })
    yield* store.transaction(store.hours.appendMany(entries))
    process.stdout.write(`committed ${b}\n`)
  }
})

await Effect.runPromise(program.pipe(Effect.provide(Layer.orDie(layer(db)))))
db.close()
