/**
 * What every database-server suite does when its server is down: under CI=true a failing
 * test (the suite must run there), elsewhere a skipped one with the reason printed.
 */
import { describe, it } from "vitest"

/** Registers the suites when `reason` is undefined; otherwise fails (CI) or skips with the reason. */
export const registerOrExplain = (label: string, title: string, reason: string | undefined, register: () => void): void => {
  if (reason === undefined) {
    register()
    return
  }
  if (process.env.CI === "true") {
    describe(label, () => {
      it("runs under CI", () => {
        throw new Error(`${reason}. Under CI the ${title} suite must run.`)
      })
    })
  } else {
    console.warn(`[${label}] skipped: ${reason}`)
    describe.skip(`${label} (skipped: ${reason})`, () => {
      it("needs a server", () => {})
    })
  }
}
