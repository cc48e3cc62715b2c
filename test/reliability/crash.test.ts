/**
 * Crash safety: a process killed with SIGKILL in the middle of a bulk import into a SQLite file
 * leaves a database that opens, passes `PRAGMA integrity_check`, and holds each batch entirely
 * or not at all.
 */
import Database from "better-sqlite3"
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const BATCH = 2000

describe("crash safety", () => {
  it("T5: a bulk import killed with SIGKILL leaves whole batches and an intact SQLite file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vb-crash-"))
    const file = join(dir, "crash.db")
    try {
      const child = spawn(process.execPath, ["--import", "tsx", "test/reliability/crash-child.ts", file, String(BATCH), "1000"], {
        stdio: ["ignore", "pipe", "pipe"]
      })
      let committed = -1
      let stderr = ""
      child.stderr.on("data", (d) => (stderr += String(d)))
      const killed = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)))
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          for (const line of String(d).split("\n")) {
            const m = /^committed (\d+)$/.exec(line)
            if (m) committed = Number(m[1])
          }
          // Kill while later batches are being written: at least three are committed by now.
          if (committed >= 3) {
            child.kill("SIGKILL")
            resolve()
          }
        })
        child.on("exit", () => (committed >= 3 ? resolve() : reject(new Error(`child exited early: ${stderr}`))))
      })
      expect(await killed).toBe("SIGKILL")

      const db = new Database(file)
      try {
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok")
        const rows = db
          .prepare("select content from vb_hours")
          .all()
          .map((r) => (r as { content: string }).content)
        const perBatch = new Map<string, number>()
        for (const c of rows) perBatch.set(c, (perBatch.get(c) ?? 0) + 1)
        expect(perBatch.size).toBeGreaterThanOrEqual(committed + 1)
        for (const [, n] of perBatch) expect(n).toBe(BATCH)
      } finally {
        db.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
