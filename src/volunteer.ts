/**
 * 志愿者 — volunteers: registration of individuals and groups, identity validation, minors,
 * status lifecycle and privacy (V1–V7).
 *
 * @module
 */
import { Schema } from "effect"

/**
 * Volunteer status (V5): pending → active → suspended ⇄ active → withdrawn; dismissed (除名)
 * from any state.
 *
 * @category lifecycle
 * @since 0.1.0
 */
export const VolunteerStatus = Schema.Literals(["pending", "active", "suspended", "withdrawn", "dismissed"])
/** @category lifecycle @since 0.1.0 */
export type VolunteerStatus = typeof VolunteerStatus.Type
