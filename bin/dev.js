#!/usr/bin/env -S node --import tsx
// Runs the CLI from source (src/) without a build; needs tsx (npx tsx).
import { execute } from '@oclif/core'

await execute({ development: true, dir: import.meta.url })
