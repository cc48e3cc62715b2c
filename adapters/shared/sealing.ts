/**
 * The storage edge of P1/P2 shared by every built-in store: records sealed on the way in and
 * opened on the way out through the host's key ring, a key failure surfacing as the store's
 * one typed failure (a `StoreError` naming the operation and the key problem, never a value).
 */
import { Effect } from "effect"
import * as Privacy from "../../src/privacy.js"
import { StoreError } from "../../src/store.js"
import type { Group, Individual } from "../../src/volunteer.js"

const keyError = (operation: string) => (e: Privacy.KeyRingError) =>
  new StoreError({ operation, cause: `KeyRingError ${e.reason}${e.keyId === undefined ? "" : ` (key ${e.keyId})`}`, retryable: false })

/** Seal and open through one ring, failures as StoreErrors of the named operation. */
export interface Sealing {
  readonly ring: Privacy.KeyRingShape
  readonly sealIndividual: (operation: string, v: Individual) => Effect.Effect<Privacy.SealedIndividual, StoreError>
  readonly openIndividual: (operation: string, s: Privacy.SealedIndividual) => Effect.Effect<Individual, StoreError>
  readonly sealGroup: (operation: string, g: Group) => Effect.Effect<Privacy.SealedGroup, StoreError>
  readonly openGroup: (operation: string, s: Privacy.SealedGroup) => Effect.Effect<Group, StoreError>
  readonly identityIndex: (operation: string, key: string) => Effect.Effect<string, StoreError>
}

export const sealing = (ring: Privacy.KeyRingShape): Sealing => ({
  ring,
  sealIndividual: (operation, v) => Effect.mapError(Privacy.sealIndividual(ring, v), keyError(operation)),
  openIndividual: (operation, s) => Effect.mapError(Privacy.openIndividual(ring, s), keyError(operation)),
  sealGroup: (operation, g) => Effect.mapError(Privacy.sealGroup(ring, g), keyError(operation)),
  openGroup: (operation, s) => Effect.mapError(Privacy.openGroup(ring, s), keyError(operation)),
  identityIndex: (operation, key) => Effect.mapError(Privacy.identityIndex(ring, key), keyError(operation))
})
