/**
 * Workflows: thin Effect programs that load from the Store, decide with a pure rule and
 * save, checking jurisdiction (H7) and writing the audit entry in the same transaction.
 *
 * @module
 */
export * as Activities from "./activities.js"
export * as Context from "./context.js"
export * as Hours from "./hours.js"
export * as Organisation from "./organisation.js"
export * as Privacy from "./privacy.js"
export * as Supervision from "./supervision.js"
export * as Volunteers from "./volunteers.js"
