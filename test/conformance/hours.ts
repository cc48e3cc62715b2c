/**
 * Conformance cases for hours. (Being written.)
 */
import type { StoreFactory } from "./harness.js"

/**
 * The hours cases of the conformance suite.
 *
 * @category testing
 * @since 0.1.0
 */
export const hoursSuite = (_factory: StoreFactory): void => {}
