// Stands in for `minimatch` inside the bundle (scripts/build.mjs aliases it):
// oclif's plugin loader requires it at every start, only to match the names of
// linked or user-installed plugins, which homenova does not load (bin/run.js).
// The real one (with brace-expansion) is loaded if a match is ever asked for.
import { createRequire } from 'node:module'

type Match = (path: string, pattern: string, options?: Record<string, unknown>) => boolean

let real: { minimatch: Match } | undefined

/** minimatch's own function, loaded on first use. */
export const minimatch: Match = (path, pattern, options) => (real ??= createRequire(import.meta.url)('minimatch') as { minimatch: Match }).minimatch(path, pattern, options)
