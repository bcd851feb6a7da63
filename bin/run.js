#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=4194304 node --max-semi-space-size=4
// Runs the built CLI: dist/main.js is oclif bundled with what every command
// shares. `npm run build` makes dist/ and oclif.manifest.json.
//
// Two memory settings for the long-lived dashboard, which node and glibc read
// only when the process starts, so they are given here (`node bin/run.js` runs
// without them; nothing else depends on them):
// - The young generation is held to 4 MiB a semi-space (V8 grows it to 16 on
//   Node 20, and never gives it back): the dashboard reads a big store once, and
//   with the default it kept ~20 MB more resident for good (bench:dashboard:
//   142 -> 122 MB at 10,000 servers), for no gain in speed.
// - glibc hands every allocation of 4 MiB or more back to the system when it
//   is freed. The dashboard reads state.json into a Buffer at each change (24
//   MiB at 10,000 servers); by default glibc raises its threshold to the size
//   of the first such buffer freed, and then kept the next ones' memory in its
//   heap: +24 MB resident after the first re-read, for good.
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const argv = process.argv.slice(2)

// Two answers come without starting oclif, each of which says false for
// anything it cannot answer exactly as oclif would:
// - the root's and a topic's help, from the manifest (src/cli/run-help.ts). Tried
//   only for `--help` or no arguments, so that commands never read the manifest
//   twice (a bare topic, `homenova server`, gets the same text from oclif);
// - a plain `homenova dashboard` (src/cli/run-dashboard.ts), whose first frame
//   has no time for oclif's start, nor for compiling its code: it is one
//   CommonJS bundle loaded with a V8 code cache (src/cli/code-cache.ts).
// HOMENOVA_OCLIF=1 always asks oclif (the tests compare the two).
const viaOclif = Boolean(process.env.HOMENOVA_OCLIF)
const helpWanted = argv.length === 0 || argv.includes('--help')
const dashboardWanted = argv[0] === 'dashboard' || argv[0] === 'dash'
async function plainDashboard() {
  const { loadWithCodeCache } = await import('../dist/code-cache.js')
  const dashboard = loadWithCodeCache(fileURLToPath(new URL('../dist/dashboard.cjs', import.meta.url)))
  return dashboard.exports.runPlainDashboard(root, argv, dashboard.saveCache)
}
const answered =
  !viaOclif && ((helpWanted && (await (await import('../dist/help.js')).printHelp(root, argv))) || (dashboardWanted && (await plainDashboard())))
if (!answered) {
  // oclif checks at load that Node satisfies its own package's engines; inside the
  // bundle that check cannot find the package (and says nothing), yet loading semver
  // for it costs about 15 ms of every start. homenova's own engines stand.
  process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1'
  const { execute } = await import('../dist/main.js')

  // homenova has no user-installed plugins (oclif's plugins command), so oclif need
  // not look for them at every start.
  await execute({ loadOptions: { root, userPlugins: false, devPlugins: false } })
}
