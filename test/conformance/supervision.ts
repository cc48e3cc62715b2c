/**
 * Conformance cases for supervision. (Being written.)
 */
import type { StoreFactory } from "./harness.js"

/**
 * The supervision cases of the conformance suite.
 *
 * @category testing
 * @since 0.1.0
 */
export const supervisionSuite = (_factory: StoreFactory): void => {}
