/**
 * Bundles a bench entry point and the library's sources with esbuild (packages stay
 * external), so the measured processes run plain JavaScript under plain `node`, as a host
 * runs the built library: no TypeScript loader in them, and their peak RSS is the library's
 * and the drivers'.
 */
import { fileURLToPath } from "node:url"

/** Bundles the module at `entry` (a file URL) into `outfile`; returns `outfile`. */
export const bundle = async (entry: string, outfile: string): Promise<string> => {
  const esbuild = await import("esbuild")
  await esbuild.build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile,
    logLevel: "warning"
  })
  return outfile
}
