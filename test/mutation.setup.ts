// Setup of the mutation runs only (vitest.mutation.config.ts): FC_SEED, when set, fixes
// fast-check's seed so that three runs with three seeds show whether a kill depends on luck.
import fc from "fast-check"

const seed = process.env.FC_SEED
if (seed !== undefined && seed !== "") fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed) })
