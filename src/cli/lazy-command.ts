// One entry of the command registry that `npm run build` generates (see
// scripts/build.mjs): oclif's explicit command discovery wants an object with a
// static-like `run` per command id, and this stands in for the command's class
// until the command runs, so that only that command's code is loaded. Help,
// topics, completion and "did you mean" read oclif.manifest.json instead.
import type { Command, Config } from '@oclif/core'

/** What a command module exports. */
export interface CommandModule {
  default: Command.Class
}

/** A registry entry: oclif sets `id` and `plugin` on it as it would on the class. */
export interface LazyCommand {
  id?: string
  plugin?: Command.Class['plugin']
  /** The command's class, loaded on first use. */
  load(): Promise<Command.Class>
  /** What oclif calls to run the command: the class's own static run. */
  run(argv: string[], config: Config): Promise<unknown>
}

/** A registry entry that imports its command's module only when the command runs. */
export function lazyCommand(importModule: () => Promise<CommandModule>): LazyCommand {
  let loaded: Promise<Command.Class> | undefined
  const entry: LazyCommand = {
    load: () => (loaded ??= importModule().then((m) => m.default)),
    async run(argv, config) {
      const Class = await entry.load()
      // What oclif would have set on the class had it found the class itself.
      Class.id = entry.id ?? Class.id
      Class.plugin = entry.plugin
      return Class.run(argv, config)
    },
  }
  return entry
}
