/**
 * The audit log on every adapter: each mutation appends exactly one entry (actor, time,
 * operation, target) in the same transaction as the change; the port offers no way to edit or
 * delete an entry; a rolled-back transaction (typed failure, defect, failure after the
 * workflow inside an outer transaction) leaves no entry and no change. The model-based test
 * (test/model/aggregates.ts) additionally compares the whole audit log after every command of
 * 1,000 random sequences per adapter.
 */
import { Effect, Exit } from "effect"
import { expect, expectTypeOf, it } from "vitest"
import type { UnitId } from "../../src/ids.js"
import { Store, type AuditRepo, type StoreShape } from "../../src/store.js"
import { Activities, Context, Organisation, Supervision, Volunteers } from "../../src/workflows/index.js"
import { harness, type StoreFactory } from "../conformance/harness.js"
import { office, reseed } from "../model/seed.js"
import { onEveryAdapter, snapshot } from "./support.js"

const audit = Effect.flatMap(Store, (s) => s.audit.list())

it("audit: the port's audit repository has only append and list — no update, no delete (type level)", () => {
  expectTypeOf<keyof AuditRepo>().toEqualTypeOf<"append" | "list">()
  expectTypeOf<StoreShape["audit"]>().toEqualTypeOf<AuditRepo>()
})

const suite = (factory: StoreFactory) => {
  it(`audit: the audit repository exposes only append and list at run time — on ${factory.name}`, async () => {
    const h = await harness(factory)
    try {
      const keys = await h.run(Effect.map(Store, (s) => Object.keys(s.audit).sort()))
      expect(keys).toEqual(["append", "list"])
    } finally {
      await h.close()
    }
  })

  it(`audit: each mutation appends exactly one entry naming actor, time, operation and target — on ${factory.name}`, async () => {
    const h = await harness(factory)
    try {
      const seeded = await reseed(h)
      expect(await h.run(audit)).toEqual([])
      h.clock.advance(60_000)
      const team = await h.run(Organisation.createTeam("leader-s1", { squadId: seeded.units.s1, kind: "patrol", name: "巡查一队" }))
      h.clock.advance(60_000)
      const summary = await h.run(Activities.writeSummary(office, { activityId: "activity-a", summary: "总结" }))
      h.clock.advance(60_000)
      const fund = await h.run(Supervision.allocate(office, { squadronId: seeded.units.dh, year: 2026, amountFen: 500 }))
      // a refused mutation appends nothing
      await h.exit(Volunteers.suspend("stranger", "vol-11"))
      const entries = await h.run(audit)
      const start = h.clock.now() - 180_000
      expect(entries.map(({ id: _id, ...e }) => e)).toEqual([
        { actorId: "leader-s1", at: start + 60_000, operation: "organisation.createTeam", targetKind: "team", targetId: team.id },
        { actorId: office, at: start + 120_000, operation: "activities.writeSummary", targetKind: "activity", targetId: summary.id },
        { actorId: office, at: start + 180_000, operation: "funds.allocate", targetKind: "fundEntry", targetId: fund.id }
      ])
      expect(new Set(entries.map((e) => e.id)).size).toBe(3)
    } finally {
      await h.close()
    }
  })

  it(`audit: a rolled-back transaction leaves neither the change nor its audit entry (failure, defect, outer rollback) — on ${factory.name}`, async () => {
    const h = await harness(factory)
    try {
      const seeded = await reseed(h)
      const before = await h.run(snapshot)
      const insertUnit = (code: string) =>
        Effect.flatMap(Store, (s) =>
          s.units.insert({ ...seeded.org.units.find((u) => u.id === seeded.units.s1)!, id: `unit-${code}` as UnitId, code, name: `社区${code}` })
        )
      // the body writes, then fails: the mutation's own transaction rolls back
      const failing = Context.mutation("test.failing", office, () =>
        Effect.andThen(insertUnit("PH-X1"), Effect.fail({ _tag: "Boom" as const }))
      )
      expect(Exit.isFailure(await h.exit(failing))).toBe(true)
      // the body writes and dies
      const dying = Context.mutation("test.dying", office, () => Effect.andThen(insertUnit("PH-X2"), Effect.die("crash")))
      expect(Exit.isFailure(await h.exit(dying))).toBe(true)
      // a complete workflow (change + audit entry written) inside an outer transaction that then fails
      const outer = Effect.flatMap(Store, (s) =>
        s.transaction(
          Effect.andThen(Organisation.createTeam(office, { squadId: seeded.units.s1, kind: "patrol", name: "回滚队" }), Effect.fail({ _tag: "Later" as const }))
        )
      )
      expect(Exit.isFailure(await h.exit(outer))).toBe(true)
      expect(await h.run(snapshot)).toEqual(before)
      expect(await h.run(audit)).toEqual([])
      // and the same mutation committed writes its entry
      await h.run(Context.mutation("test.ok", office, () => Effect.as(insertUnit("PH-X3"), { value: 1, targetKind: "unit", targetId: "unit-PH-X3" })))
      expect((await h.run(audit)).map((e) => e.operation)).toEqual(["test.ok"])
    } finally {
      await h.close()
    }
  })
}

await onEveryAdapter("audit", suite)
