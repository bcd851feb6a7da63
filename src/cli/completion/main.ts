// The shell completion's helper (dist/complete.js): `node dist/complete.js CURRENT
// WORD...` with the words typed after `homenova` and the one being typed. When
// that word names something in the store, prints `names` and then each
// matching name on its own line; otherwise prints nothing, and the shell falls back
// to oclif's completion of commands and flags. It loads neither oclif nor zod: only
// the manifest and a plain read of the store, so a TAB answers at once.
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { homenovaHome } from '../../core/paths.js'
import { Store } from '../../core/store/store.js'
import { findCommand, kindAt, namesOf, type ManifestCommand } from './names.js'

/** The lines to print for a completion request (none: not a name). */
export async function completionLines(manifestFile: string, home: string, current: string, words: string[]): Promise<string[]> {
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { commands: Record<string, ManifestCommand> }
  const found = findCommand(Object.values(manifest.commands), words)
  const kind = found && kindAt(found.command, found.rest, current)
  if (!kind) return []
  const names = namesOf(kind, await new Store(home).read())
  return ['names', ...names.filter((n) => n.startsWith(current))]
}

const [current = '', ...words] = process.argv.slice(2)
try {
  const lines = await completionLines(fileURLToPath(new URL('../oclif.manifest.json', import.meta.url)), homenovaHome(), current, words)
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`)
} catch {
  // A broken store or manifest completes nothing rather than print an error into the prompt.
}
