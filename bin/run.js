#!/usr/bin/env node
// Runs the built CLI (dist/). `npm run build` makes dist/ and oclif.manifest.json.
import { execute } from '@oclif/core'

await execute({ dir: import.meta.url })
