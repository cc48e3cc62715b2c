/**
 * R4 import — CSV files as Chinese offices have them: UTF-8 with or without a BOM, UTF-16
 * (Excel's "Unicode text") and GB18030/GBK (Excel's plain "CSV" on a Chinese Windows),
 * detected from the bytes. The GB18030 fixture was made from examples/volunteers.csv by an
 * independent encoder (glibc `iconv -t GB18030`).
 */
import { readFileSync } from "node:fs"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { decodeCsv, importVolunteers } from "../../adapters/csv/index.js"
import { layer as memoryLayer } from "../../adapters/memory/index.js"
import * as Fixtures from "../../src/fixtures.js"
import { type IdGenerator, Store, sequentialIds } from "../../src/store.js"
import { manualClock } from "../conformance/harness.js"

const utf8WithBom = readFileSync(new URL("../../examples/volunteers.csv", import.meta.url))
const text = utf8WithBom.toString("utf8").replace(/^\uFEFF/, "")
const gb18030 = readFileSync(new URL("../fixtures/volunteers-gb18030.csv", import.meta.url))

describe("decodeCsv", () => {
  it("R4: UTF-8 with and without BOM, UTF-16 with BOM and GB18030 bytes all decode to the same text", () => {
    expect(utf8WithBom.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect(decodeCsv(utf8WithBom)).toEqual({ text, encoding: "utf-8" })
    expect(decodeCsv(Buffer.from(text, "utf8"))).toEqual({ text, encoding: "utf-8" })
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]))).toEqual({ text, encoding: "utf-16le" })
    const be = Buffer.from(text, "utf16le").swap16()
    expect(decodeCsv(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({ text, encoding: "utf-16be" })
    // Real GBK/GB18030 bytes: not UTF-8, and shorter (two bytes per common Chinese character).
    expect(gb18030.length).toBeLessThan(utf8WithBom.length)
    expect(decodeCsv(gb18030)).toEqual({ text, encoding: "gb18030" })
  })

  it("R4: pinned GBK bytes of 张三 and a four-byte GB18030 character decode exactly", () => {
    expect(decodeCsv(new Uint8Array([0xd5, 0xc5, 0xc8, 0xfd]))).toEqual({ text: "张三", encoding: "gb18030" })
    // U+20000 (𠀀) is a four-byte sequence in GB18030, outside GBK (bytes from iconv -t GB18030).
    expect(decodeCsv(new Uint8Array([0x95, 0x32, 0x82, 0x36])).text).toBe("𠀀")
    expect(decodeCsv(new Uint8Array([])).text).toBe("")
  })
})

describe("importVolunteers from bytes", () => {
  let runtime: ManagedRuntime.ManagedRuntime<Store | IdGenerator, unknown>
  beforeEach(async () => {
    runtime = ManagedRuntime.make(Layer.mergeAll(memoryLayer, sequentialIds(), manualClock("2026-03-01T09:00:00+08:00").layer))
    await runtime.runPromise(Fixtures.seedPinghu)
  })
  afterEach(async () => {
    await runtime.dispose()
  })

  it("R4: a GB18030 file saved by Excel imports like the UTF-8 one: same rows, same line-numbered rejects, progress per row", async () => {
    const progress: Array<number> = []
    const report = await runtime.runPromise(importVolunteers(gb18030, Fixtures.officeActor, { activate: true, onProgress: (done) => progress.push(done) }))
    const dataRows = text.trim().split(/\r\n/).length - 1
    expect(report.total).toBe(dataRows)
    expect(progress).toEqual(Array.from({ length: dataRows }, (_, i) => i + 1))
    // The same file as UTF-8 text, into a fresh store: the same rejects on the same lines.
    const utf8 = ManagedRuntime.make(Layer.mergeAll(memoryLayer, sequentialIds(), manualClock("2026-03-01T09:00:00+08:00").layer))
    try {
      await utf8.runPromise(Fixtures.seedPinghu)
      const reference = await utf8.runPromise(importVolunteers(text, Fixtures.officeActor, { activate: true }))
      expect(report.rejected.map((r) => [r.line, r.field, r.reason])).toEqual(reference.rejected.map((r) => [r.line, r.field, r.reason]))
      expect(report.rejected.length).toBeGreaterThan(0)
      expect(report.imported.map((v) => [v.name, v.document.number])).toEqual(reference.imported.map((v) => [v.name, v.document.number]))
    } finally {
      await utf8.dispose()
    }
    const stored = await runtime.runPromise(Effect.flatMap(Store, (s) => s.volunteers.list()))
    expect(stored).toHaveLength(report.imported.length)
    // The names came through as Chinese, not mojibake.
    expect(stored.every((v) => /^[\u4e00-\u9fff·]+$/.test(v.name))).toBe(true)
  })
})
