/**
 * Workflows: thin Effect programs that load from the Store, decide with a pure rule and
 * save, checking jurisdiction (H7) and writing the audit entry in the same transaction.
 *
 * @module
 */
export * as Context from "./context.js"
export * as Organisation from "./organisation.js"
