// yoga, ink's layout engine, as the bundled ink imports it (scripts/build.mjs
// points ink's `import Yoga from 'yoga-layout'` here). yoga's own entry loads
// its WebAssembly with a top-level await, which a CommonJS bundle cannot hold,
// and the dashboard is one (dist/dashboard.cjs, loaded with a code cache:
// src/cli/code-cache.ts). Here the same object is filled in once yoga is
// loaded; ink only uses it when it lays out a frame, and runDashboard waits
// for `yogaReady` before the first. (Tests import ink from node_modules, with
// yoga's own entry.)
import { loadYoga } from 'yoga-layout/load'

type YogaApi = Awaited<ReturnType<typeof loadYoga>>

const Yoga = {} as YogaApi

/** Settles once yoga is loaded (its WebAssembly compiled): ink may lay out frames from then on. */
export const yogaReady: Promise<void> = loadYoga().then((loaded) => void Object.assign(Yoga, loaded))

export default Yoga
