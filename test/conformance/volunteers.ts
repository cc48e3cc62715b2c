/**
 * Conformance cases for volunteers. (Being written.)
 */
import type { StoreFactory } from "./harness.js"

/**
 * The volunteers cases of the conformance suite.
 *
 * @category testing
 * @since 0.1.0
 */
export const volunteersSuite = (_factory: StoreFactory): void => {}
