#!/usr/bin/env node
// Runs the built CLI: dist/main.js is oclif bundled with what every command
// shares. `npm run build` makes dist/ and oclif.manifest.json.
import { fileURLToPath } from 'node:url'

// oclif checks at load that Node satisfies its own package's engines; inside the
// bundle that check cannot find the package (and says nothing), yet loading semver
// for it costs about 15 ms of every start. homenova's own engines stand.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1'
const { execute } = await import('../dist/main.js')

// homenova has no user-installed plugins (oclif's plugins command), so oclif need
// not look for them at every start.
await execute({ loadOptions: { root: fileURLToPath(new URL('..', import.meta.url)), userPlugins: false, devPlugins: false } })
