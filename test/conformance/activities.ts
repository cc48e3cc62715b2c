/**
 * Conformance cases for activities. (Being written.)
 */
import type { StoreFactory } from "./harness.js"

/**
 * The activities cases of the conformance suite.
 *
 * @category testing
 * @since 0.1.0
 */
export const activitiesSuite = (_factory: StoreFactory): void => {}
