/**
 * Supervision workflows. (Being written.)
 *
 * @module
 */
export {}
