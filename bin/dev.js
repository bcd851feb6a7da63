#!/usr/bin/env -S node --import tsx
// Runs the CLI from source (src/) without a build; needs tsx (npx tsx). oclif
// finds the commands by scanning src/commands itself here (its pattern discovery),
// instead of the registry and manifest that `npm run build` generates.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execute, Plugin } from '@oclif/core'

const root = fileURLToPath(new URL('..', import.meta.url))
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
pjson.oclif.commands = './src/commands'
pjson.oclif.hooks = { command_not_found: './src/cli/hooks/not-found.ts', postrun: './src/cli/hooks/completion.ts' }

// The plugins are made here: oclif gives the root plugin no ignoreManifest, so
// it read the built oclif.manifest.json (stale flags, and the autocomplete
// commands the build puts in its registry, which src/commands has not). Those
// come from their plugin here, as before the bundle; `help` is src/commands/help.ts.
const plugins = [new Plugin({ root, pjson, isRoot: true, type: 'core', ignoreManifest: true })]
for (const name of ['@oclif/plugin-autocomplete']) plugins.push(new Plugin({ root: join(root, 'node_modules', name), type: 'core' }))
await Promise.all(plugins.map((p) => p.load()))

await execute({ development: true, loadOptions: { root, pjson, plugins } })
