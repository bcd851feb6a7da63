// The entry of the bundle bin/run.js starts (dist/main.js): oclif's own loader,
// bundled with the code every command shares, so that start-up reads a few
// files instead of hundreds (see docs/architecture.md, "Start-up").
export { execute } from '@oclif/core'
