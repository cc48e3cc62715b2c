/**
 * Conformance cases for personal data at rest (P1, P2): every adapter is made with a key ring
 * the test controls and offers a raw view of what it stores (the memory state, the SQLite file
 * and WAL bytes, every column of every Postgres table), so the same cases prove on each that
 * no document number or mobile reaches storage in clear, that look-ups go by blind index, and
 * that a missing key is a typed failure.
 */
import { Effect, Exit, Cause } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { generateSecret, makeKeyRing } from "../../adapters/crypto/index.js"
import * as Fixtures from "../../src/fixtures.js"
import type * as Hierarchy from "../../src/hierarchy.js"
import type { KeyRingShape } from "../../src/privacy.js"
import { Store } from "../../src/store.js"
import * as Volunteer from "../../src/volunteer.js"
import { Organisation, Privacy, Volunteers } from "../../src/workflows/index.js"
import { harness, type Harness, type StoreFactory, type StoreUnderTest } from "./harness.js"
import { residentIdFor } from "./volunteers.js"

/** A store under test made over a given key ring, with a raw view of its storage. */
export interface PrivacyFactory {
  readonly name: string
  readonly make: (keyRing: KeyRingShape) => Promise<StoreUnderTest & { readonly raw: () => Promise<string>; readonly afterErasure?: () => Promise<void> }>
}

/** A ring whose keys the test swaps (rotation, removal) while the store keeps the same object. */
export const switchableRing = (initial: KeyRingShape) => {
  let current = initial
  const ring: KeyRingShape = {
    get activeKeyId() {
      return current.activeKeyId
    },
    seal: (plain, context) => Effect.suspend(() => current.seal(plain, context)),
    open: (sealed, context) => Effect.suspend(() => current.open(sealed, context)),
    blindIndex: (value) => Effect.suspend(() => current.blindIndex(value)),
    keyIdOf: (sealed) => current.keyIdOf(sealed)
  }
  return { ring, set: (next: KeyRingShape) => void (current = next) }
}

const office = Fixtures.officeActor

const getVolunteer = (id: string) => Effect.flatMap(Store, (store) => store.volunteers.get(id as never))

const org = Effect.gen(function* () {
  const brigade = yield* Organisation.foundBrigade(office, Fixtures.pinghuBrigade)
  const squadron = yield* Organisation.createUnit(office, {
    level: "squadron", name: "当湖街道", code: "PH-DH", parentId: brigade.id, establishedOn: "2012-09-20"
  })
  const squad: Hierarchy.Unit = yield* Organisation.createUnit(office, {
    level: "squad", name: "东湖社区", code: "PH-DH-01", parentId: squadron.id, establishedOn: "2012-09-25"
  })
  return squad
})

/** Personal data of volunteer `n`: an adult with an office phone, or a minor with a guardian. */
const personOf = (squadId: string, n: number) => {
  const minor = n % 3 === 0
  const birth = minor ? "20100315" : "19850607"
  return {
    name: Fixtures.personName(n),
    gender: "male",
    birthDate: minor ? "2010-03-15" : "1985-06-07",
    document: { type: "residentId", number: residentIdFor(birth, n) },
    mobile: `158${String(60_000_000 + n * 7919).slice(-8)}`,
    ...(minor
      ? { guardian: { name: "李华", mobile: `139${String(40_000_000 + n * 104_729).slice(-8)}`, relationship: "父亲", consentOn: "2026-02-01" } }
      : { officePhone: `0573-8${String(5_000_000 + n).slice(-7)}` }),
    skills: ["legalAid"],
    squadId,
    publishNameConsent: false
  }
}

/** Every clear value of a person that must never reach storage. */
const secretsOf = (p: ReturnType<typeof personOf>): ReadonlyArray<string> => {
  const extra = p as { readonly guardian?: { readonly mobile: string }; readonly officePhone?: string }
  return [
    p.document.number,
    p.mobile,
    ...(extra.guardian === undefined ? [] : [extra.guardian.mobile]),
    ...(extra.officePhone === undefined ? [] : [extra.officePhone])
  ]
}

const keys = () => ({ k1: generateSecret(), k2: generateSecret(), index: generateSecret() })

/**
 * Runs the personal-data-at-rest cases against an adapter.
 */
export const privacySuite = (factory: PrivacyFactory): void => {
  describe(`${factory.name}: personal data at rest (P1, P2)`, () => {
    let h: Harness
    let under: StoreUnderTest & { readonly raw: () => Promise<string>; readonly afterErasure?: () => Promise<void> }
    let secret: ReturnType<typeof keys>
    let ring: ReturnType<typeof switchableRing>
    beforeEach(async () => {
      secret = keys()
      ring = switchableRing(makeKeyRing({ keys: [{ id: "k1", secret: secret.k1 }], activeKeyId: "k1", indexKey: secret.index }))
      const made = await factory.make(ring.ring)
      under = made
      const fixed: StoreFactory = { name: factory.name, make: async () => made }
      h = await harness(fixed)
    })
    afterEach(async () => {
      await h.close()
    })

    it("P1: after registrations the raw storage holds no document number, mobile, office phone or guardian's mobile in clear; reads give them back", async () => {
      const squad = await h.run(org)
      const people = Array.from({ length: 12 }, (_, i) => personOf(squad.id, i + 1))
      const registered = []
      for (const p of people) registered.push(await h.run(Volunteers.registerIndividual(office, p)))
      const group = await h.run(
        Volunteers.registerGroup(office, { name: "护河队", contactPerson: "王五", contactPhone: "13700001111", memberCount: 5, squadId: squad.id, skills: [] })
      )
      const raw = await under.raw()
      expect(raw.length).toBeGreaterThan(0)
      // the raw view does hold the records: their ids and names are there in clear
      expect(raw).toContain(registered[0]!.id)
      for (const p of people) for (const s of secretsOf(p)) expect(raw.includes(s), `${s} found in clear`).toBe(false)
      expect(raw.includes("13700001111")).toBe(false)
      // nor the identity key the port was given (`residentId:<number>`)
      expect(raw).not.toContain("residentId:")
      const back = await h.run(getVolunteer(registered[0]!.id))
      expect(back).toEqual(registered[0])
      expect(back.document.number).toBe(people[0]!.document.number)
      const store = await h.run(Store)
      expect((await h.run(store.groups.get(group.id))).contactPhone).toBe("13700001111")
    })

    it("P2: look-up and uniqueness by blind index: the number retyped with lower-case x and spaces is the same person", async () => {
      const squad = await h.run(org)
      // a number whose check character is X
      let n = 1
      while (!residentIdFor("19850607", n).endsWith("X")) n += 1
      const p = personOf(squad.id, n)
      const first = await h.run(Volunteers.registerIndividual(office, p))
      const store = await h.run(Store)
      const found = await h.run(store.volunteers.findByIdentity(`residentId:${p.document.number}`))
      expect(found?.id).toBe(first.id)
      const retyped = p.document.number.toLowerCase()
      expect(retyped).not.toBe(p.document.number)
      expect((await h.run(store.volunteers.findByIdentity(Volunteer.identityKey({ type: "residentId", number: ` ${retyped} ` }))))?.id).toBe(first.id)
      const e = await h.failure(Volunteers.registerIndividual(office, { ...personOf(squad.id, n + 1000), document: { type: "residentId", number: retyped } }))
      expect(e).toMatchObject({ _tag: "DuplicateVolunteer", existingId: first.id })
      const raw = await under.raw()
      expect(raw.includes(p.document.number)).toBe(false)
    })

    it("P1: every ciphertext names its key: after the active key changes, old and new records both read while the retired key is in the ring", async () => {
      const squad = await h.run(org)
      const old = await h.run(Volunteers.registerIndividual(office, personOf(squad.id, 1)))
      ring.set(
        makeKeyRing({
          keys: [{ id: "k1", secret: secret.k1 }, { id: "k2", secret: secret.k2 }],
          activeKeyId: "k2",
          indexKey: secret.index
        })
      )
      const fresh = await h.run(Volunteers.registerIndividual(office, personOf(squad.id, 2)))
      const raw = await under.raw()
      expect(raw).toContain(":k1:")
      expect(raw).toContain(":k2:")
      expect(await h.run(getVolunteer(old.id))).toEqual(old)
      expect(await h.run(getVolunteer(fresh.id))).toEqual(fresh)
    })

    it("P1: with the ring emptied, reads fail typed (a StoreError naming the missing key) — never garbage, never a defect", async () => {
      const squad = await h.run(org)
      const v = await h.run(Volunteers.registerIndividual(office, personOf(squad.id, 1)))
      ring.set(makeKeyRing({ keys: [], indexKey: secret.index }))
      const store = await h.run(Store)
      const reads: ReadonlyArray<Effect.Effect<unknown, unknown>> = [
        store.volunteers.get(v.id),
        store.volunteers.list(),
        store.volunteers.findByIdentity(`residentId:${v.document.number}`)
      ]
      for (const read of reads) {
        const exit = await h.exit(read)
        expect(Exit.isFailure(exit)).toBe(true)
        if (Exit.isFailure(exit)) {
          const failure = exit.cause.reasons.find(Cause.isFailReason)
          expect(failure?.error).toMatchObject({ _tag: "StoreError", retryable: false })
          expect(String((failure?.error as { cause: string }).cause)).toContain("keyMissing")
          expect(JSON.stringify(failure?.error)).not.toContain(v.document.number)
        }
      }
      // and a write without an active key is refused the same way, writing nothing
      const e = await h.failure(Volunteers.registerIndividual(office, personOf(squad.id, 2)))
      expect(e).toMatchObject({ _tag: "StoreError" })
      expect(String((e as { cause: string }).cause)).toContain("noActiveKey")
    })

    it("P1: a wrong key (same id, other secret) fails typed as tampered, never decrypts to garbage", async () => {
      const squad = await h.run(org)
      const v = await h.run(Volunteers.registerIndividual(office, personOf(squad.id, 1)))
      ring.set(makeKeyRing({ keys: [{ id: "k1", secret: generateSecret() }], activeKeyId: "k1", indexKey: secret.index }))
      const e = await h.failure(getVolunteer(v.id))
      expect(e).toMatchObject({ _tag: "StoreError" })
      expect(String((e as { cause: string }).cause)).toContain("tampered")
    })

    it("P1: rotation re-seals every record under the active key in committed batches, resumes after an interruption, reports progress; then the retired key can go", async () => {
      const squad = await h.run(org)
      const people = Array.from({ length: 7 }, (_, i) => personOf(squad.id, i + 1))
      const registered = []
      for (const p of people) registered.push(await h.run(Volunteers.registerIndividual(office, p)))
      await h.run(Volunteers.registerGroup(office, { name: "护河队", contactPerson: "王五", contactPhone: "13700001111", memberCount: 5, squadId: squad.id, skills: [] }))
      ring.set(makeKeyRing({ keys: [{ id: "k1", secret: secret.k1 }, { id: "k2", secret: secret.k2 }], activeKeyId: "k2", indexKey: secret.index }))
      // a stranger may not rotate
      expect(await h.failure(Privacy.rotate("nobody"))).toMatchObject({ _tag: "NotInJurisdiction" })
      // the first run stops after its first batch (the process dies, say)
      const seen: Array<{ done: number; total: number; lastId: string | undefined }> = []
      const first = await h.exit(Privacy.rotate(office, { batchSize: 3, onProgress: (p) => Effect.andThen(Effect.sync(() => seen.push(p)), Effect.interrupt) }))
      expect(Exit.isFailure(first)).toBe(true)
      expect(seen).toEqual([{ done: 3, total: 8, lastId: expect.any(String) }])
      let raw = await under.raw()
      expect(raw).toContain(":k1:")
      expect(raw).toContain(":k2:")
      // resumed where it stopped
      const progress: Array<number> = []
      const done = await h.run(Privacy.rotate(office, { batchSize: 3, after: seen[0]!.lastId!, onProgress: (p) => Effect.sync(() => void progress.push(p.done)) }))
      expect(progress).toEqual([3, 5])
      expect(done).toMatchObject({ done: 5, total: 5 })
      // (the raw bytes may still hold k1 ciphertext in free pages or old WAL frames: with k1
      // removed from the ring that is noise — the reads below prove every live record is under k2)
      // the retired key removed: everything still reads, and equals what was registered
      ring.set(makeKeyRing({ keys: [{ id: "k2", secret: secret.k2 }], activeKeyId: "k2", indexKey: secret.index }))
      for (const v of registered) expect(await h.run(getVolunteer(v.id))).toEqual(v)
      const audit = await h.run(Effect.flatMap(Store, (store) => store.audit.list({ operation: "privacy.rotate" })))
      expect(audit.length).toBe(3)
    })

    it("P7: erasure on withdrawal destroys the personal fields, keeps the record under a pseudonym, is audited, and the same person may register again", async () => {
      const squad = await h.run(org)
      const p = personOf(squad.id, 3) // a minor: with a guardian
      const v = await h.run(Volunteers.registerIndividual(office, p))
      await h.run(Volunteers.approve(office, v.id))
      expect(await h.failure(Privacy.erase("nobody", { volunteerId: v.id }))).toMatchObject({ _tag: "NotInJurisdiction" })
      const erased = await h.run(Privacy.erase(office, { volunteerId: v.id }))
      expect(erased).toMatchObject({ id: v.id, volunteerNumber: v.volunteerNumber, status: "withdrawn", name: `已注销-${v.volunteerNumber}`, mobile: "", document: { type: "residentId", number: "" }, erasedOn: expect.any(String) })
      expect(erased.guardian).toBeUndefined()
      expect(await h.run(getVolunteer(v.id))).toEqual(erased)
      // what the host does after erasures where old page versions linger (SQLite: a WAL checkpoint)
      await under.afterErasure?.()
      const raw = await under.raw()
      for (const s of [...secretsOf(p), p.name]) expect(raw.includes(s), s).toBe(false)
      const audit = await h.run(Effect.flatMap(Store, (store) => store.audit.list({ operation: "volunteers.erase" })))
      expect(audit).toMatchObject([{ targetId: v.id, actorId: office }])
      expect(JSON.stringify(audit)).not.toContain(p.document.number)
      // the same person registers again: a new record
      const again = await h.run(Volunteers.registerIndividual(office, p))
      expect(again.id).not.toBe(v.id)
      // erasing twice changes nothing more
      expect(await h.run(Privacy.erase(office, { volunteerId: v.id }))).toEqual(erased)
    })
  })
}
