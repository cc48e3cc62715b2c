/**
 * Hours workflows. (Being written.)
 *
 * @module
 */
export {}
