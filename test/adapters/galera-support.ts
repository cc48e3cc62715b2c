/**
 * Galera test support: a three-node MariaDB Galera cluster started by
 * `scripts/cluster-galera.sh` (the script behind `npm run cluster:galera`) for the test file
 * and stopped after it, and store factories whose pools spread connections round-robin
 * over the three nodes (mysql2's PoolCluster), so contending callers write on different nodes.
 * With GALERA_NODES=host:port,host:port,host:port an existing cluster is used instead.
 */
import { execFile } from "node:child_process"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { promisify } from "node:util"
import { createPoolCluster, type Pool, type PoolCluster } from "mysql2"
import { afterAll, describe, it } from "vitest"
import { layer } from "../../adapters/mysql/index.js"
import { ephemeralKeyRing } from "../../adapters/shared/keyring.js"
import type { StoreFactory } from "../conformance/index.js"
import { admin, freshDatabase } from "./mariadb-support.js"
import { registerOrExplain } from "./server-support.js"

const run = promisify(execFile)
const script = join(import.meta.dirname, "../../scripts/cluster-galera.sh")

export interface Cluster {
  /** mysql:// URLs of the three nodes, without a database. */
  readonly urls: ReadonlyArray<string>
  readonly dir: string | undefined
  readonly kill: (node: number) => Promise<void>
  readonly restart: (node: number) => Promise<void>
  readonly stop: () => Promise<void>
}

const base = Number(process.env.GALERA_PORT_BASE ?? 14306)

/** Starts the cluster (or takes GALERA_NODES); the reason it cannot, or the cluster. */
export const startCluster = async (): Promise<Cluster | string> => {
  const given = process.env.GALERA_NODES
  if (given !== undefined) {
    const urls = given.split(",").map((hp) => `mysql://root@${hp}`)
    const none = async () => {
      throw new Error("GALERA_NODES is an external cluster: the tests do not kill its nodes")
    }
    return { urls, dir: undefined, kill: none, restart: none, stop: async () => {} }
  }
  if (!existsSync("/usr/sbin/mariadbd")) return "mariadbd is not installed"
  if (!existsSync(process.env.GALERA_PROVIDER ?? "/usr/lib/galera/libgalera_smm.so")) return "galera-4 is not installed (apt-get install -y galera-4)"
  let dir: string
  try {
    const { stdout } = await run("bash", [script, "start"], { timeout: 240_000 })
    dir = stdout.trim().split("\n").pop()!
  } catch (e) {
    return `the Galera cluster did not form: ${String(e)}`
  }
  return {
    urls: [0, 1, 2].map((i) => `mysql://root@127.0.0.1:${base + 10 * i}`),
    dir,
    kill: async (node) => {
      await run("bash", [script, "kill", dir, String(node)], { timeout: 60_000 })
    },
    restart: async (node) => {
      await run("bash", [script, "restart", dir, String(node)], { timeout: 240_000 })
    },
    stop: async () => {
      await run("bash", [script, "stop", dir], { timeout: 120_000 })
    }
  }
}

/** A pool cluster over every node, round-robin; kysely and the store use it as one pool. */
export const spreadPool = (urls: ReadonlyArray<string>, database: string, perNode = 4): PoolCluster => {
  const cluster = createPoolCluster({ defaultSelector: "RR", removeNodeErrorCount: Infinity, restoreNodeTimeout: 1000 })
  urls.forEach((url, i) => cluster.add(`n${i + 1}`, { uri: `${url}/${database}`, connectionLimit: perNode, charset: "utf8mb4" }))
  return cluster
}

export const endCluster = (pool: PoolCluster): Promise<void> => new Promise((resolve) => pool.end(() => resolve()))

/** Stores in a fresh database each, with connections spread over the cluster's nodes. */
export const galeraFactory = (cluster: Cluster): StoreFactory => ({
  name: "galera",
  make: async () => {
    const database = freshDatabase()
    await admin(cluster.urls[0]!, `create database \`${database}\``)
    const pool = spreadPool(cluster.urls, database)
    const q = (text: string) =>
      new Promise<unknown>((resolve, reject) =>
        pool.getConnection((e, c) => {
          if (e) return reject(e)
          c.query(text, (err, r) => {
            c.release()
            return err ? reject(err) : resolve(r)
          })
        })
      )
    let tables: ReadonlyArray<string> | undefined
    return {
      layer: layer(pool as unknown as Pool, { keyRing: ephemeralKeyRing() }),
      count: async (table) => Number(((await q(`select count(*) as n from \`${table}\``)) as Array<{ n: number }>)[0]!.n),
      reset: async () => {
        tables ??= ((await q(
          `select table_name as t from information_schema.tables where table_schema = '${database}' and table_name like 'vb\\_%' and table_name <> 'vb_schema_migrations'`
        )) as Array<{ t: string }>)
          .map((r) => r.t)
          .sort((a, b) => Number(a === "vb_units") - Number(b === "vb_units"))
        for (const t of tables) await q(`delete from \`${t}\``)
      },
      close: async () => {
        await endCluster(pool)
        await admin(cluster.urls[0]!, `drop database if exists \`${database}\``)
      }
    }
  }
})

/**
 * Starts the cluster for this test file and registers `register(cluster)`; stops it after the
 * file. Without the cluster: a failing test under CI, a skipped one elsewhere.
 */
export const withGalera = async (register: (cluster: Cluster) => void): Promise<void> => {
  const started = await startCluster()
  const reason = typeof started === "string" ? started : undefined
  if (typeof started !== "string") afterAll(() => started.stop(), 120_000)
  registerOrExplain("galera", "Galera", reason, () => register(started as Cluster))
}

export { describe, it }
