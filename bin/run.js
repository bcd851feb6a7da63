#!/usr/bin/env node
// Runs the built CLI: dist/main.js is oclif bundled with what every command
// shares. `npm run build` makes dist/ and oclif.manifest.json.
import { fileURLToPath } from 'node:url'
import { execute } from '../dist/main.js'

// homenova has no user-installed plugins (oclif's plugins command), so oclif need
// not look for them at every start.
await execute({ loadOptions: { root: fileURLToPath(new URL('..', import.meta.url)), userPlugins: false, devPlugins: false } })
