#!/usr/bin/env -S node --import tsx
// Runs the CLI from source (src/) without a build; needs tsx (npx tsx). oclif
// finds the commands by scanning src/commands itself here (its pattern discovery),
// instead of the registry and manifest that `npm run build` generates.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { execute } from '@oclif/core'

const root = fileURLToPath(new URL('..', import.meta.url))
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
pjson.oclif.commands = './src/commands'
pjson.oclif.hooks = { command_not_found: './src/cli/hooks/not-found.ts', postrun: './src/cli/hooks/completion.ts' }

await execute({ development: true, loadOptions: { root, pjson, ignoreManifest: true } })
