/**
 * `volunteer-brigade/testing` — the conformance suite every Store adapter must pass, and the
 * test support it uses (manual clock, per-test harness). A third-party adapter proves
 * itself by calling {@link storeSuite} from a vitest file with a factory of fresh stores.
 *
 * @example
 * ```ts
 * import { storeSuite } from "volunteer-brigade/testing"
 * import { layer } from "volunteer-brigade/memory"
 * storeSuite({ name: "memory", make: async () => ({ layer, close: async () => {} }) })
 * ```
 * @module volunteer-brigade/testing
 */
import { accessSuite } from "./access.js"
import { activitiesSuite } from "./activities.js"
import type { StoreFactory } from "./harness.js"
import { hoursSuite } from "./hours.js"
import { organisationSuite } from "./organisation.js"
import { supervisionSuite } from "./supervision.js"
import { volunteersSuite } from "./volunteers.js"

export { harness, manualClock, type Harness, type ManualClock, type StoreFactory, type StoreUnderTest } from "./harness.js"
export { accessSuite } from "./access.js"
export { activitiesSuite } from "./activities.js"
export { hoursSuite } from "./hours.js"
export { organisationSuite } from "./organisation.js"
export { supervisionSuite } from "./supervision.js"
export { volunteersSuite } from "./volunteers.js"

/**
 * Runs every conformance case against an adapter. Each case gets a fresh, empty store
 * from `factory.make()` and disposes of it afterwards.
 *
 * @example
 * ```ts
 * import { storeSuite } from "volunteer-brigade/testing"
 * import { layer } from "volunteer-brigade/memory"
 * storeSuite({ name: "memory", make: async () => ({ layer, close: async () => {} }) })
 * ```
 * @category testing
 * @since 0.1.0
 */
export const storeSuite = (factory: StoreFactory): void => {
  organisationSuite(factory)
  volunteersSuite(factory)
  activitiesSuite(factory)
  hoursSuite(factory)
  supervisionSuite(factory)
  accessSuite(factory)
}
