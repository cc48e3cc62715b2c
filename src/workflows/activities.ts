/**
 * Activities workflows. (Being written.)
 *
 * @module
 */
export {}
