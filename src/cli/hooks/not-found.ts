// A mistyped command: say so, suggest the nearest commands (by edit distance,
// over command names and aliases, spelled with spaces), and exit non-zero.
// @oclif/plugin-not-found only suggests through an interactive prompt, never
// to scripts or logs, so this small hook replaces it.
import type { Hook, Interfaces } from '@oclif/core'
import levenshtein from 'fast-levenshtein'
import { wantsJson } from '../output-flags.js'

const spaced = (id: string) => id.replaceAll(':', ' ')

/**
 * The commands nearest to `typed` (at most three, within a third of its length).
 * oclif folds the arguments into the id (`server:stp:vm`), so each command is
 * compared with as many words of it as the command has. A topic is compared with
 * the whole of it: `hypervisr` is nearest to the topic, while `server lsit` must
 * not be answered with the topic `server`.
 */
export function nearestCommands(typed: string, ids: readonly string[], topics: readonly string[] = []): string[] {
  const words = typed.split(':')
  const limit = Math.max(2, Math.floor(typed.length / 3))
  const candidates = [
    ...ids.map((id) => ({ id, d: levenshtein.get(words.slice(0, id.split(':').length).join(':'), id) })),
    ...topics.map((id) => ({ id, d: levenshtein.get(typed, id) })),
  ]
  const near = candidates
    .filter((c) => c.d <= limit)
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .map((c) => spaced(c.id))
  return [...new Set(near)].slice(0, 3)
}

/** Says that `id` names no command (nor topic), with the nearest ones, and exits 127. */
export function commandNotFound(config: Interfaces.Config, id: string, argv: readonly string[]): never {
  const ids = [...config.commandIDs, ...config.commands.flatMap((c) => c.aliases)]
  const near = nearestCommands(id, ids, config.topics.map((t) => t.name))
  const message = `${spaced(id)} is not a ${config.bin} command`
  const hint = near.length > 0 ? `Did you mean ${near.join(' or ')}?` : `Run \`${config.bin} help\` for the list of commands.`
  if (wantsJson([...argv])) process.stdout.write(`${JSON.stringify({ error: { message, hint } }, null, 2)}\n`)
  else process.stderr.write(`Error: ${message}\nHint: ${hint}\n`)
  process.exit(127)
}

const hook: Hook<'command_not_found'> = async function (opts) {
  commandNotFound(opts.config, opts.id, opts.argv ?? [])
}

export default hook
