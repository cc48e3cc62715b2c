/**
 * Volunteers workflows. (Being written.)
 *
 * @module
 */
export {}
