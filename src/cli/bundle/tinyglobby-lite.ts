// Stands in for `tinyglobby` inside the bundle (scripts/build.mjs aliases it):
// oclif requires it at start-up only for the pattern command discovery, which
// homenova does not use (its registry is explicit); loading it costs about
// 10 ms. The real package is loaded if it is ever called.
import { createRequire } from 'node:module'

type Glob = (...args: unknown[]) => Promise<string[]>

/** tinyglobby's glob, loaded on first call. */
export const glob: Glob = (...args) => (createRequire(import.meta.url)('tinyglobby') as { glob: Glob }).glob(...args)
