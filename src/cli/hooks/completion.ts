// After `homenova autocomplete` (re)writes oclif's completion functions, add the
// completion of names from the store to them (see completion/shell-scripts.ts).
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Hook } from '@oclif/core'

const hook: Hook<'postrun'> = async function (opts) {
  // `autocomplete` runs the plugin's create command itself, without hooks.
  if (!['autocomplete', 'autocomplete:create'].includes(opts.Command?.id ?? '')) return
  const { withBashNames, withZshNames } = await import('../completion/shell-scripts.js')
  const { bin, cacheDir, root } = opts.config
  const helper = [process.execPath, join(root, 'dist', 'complete.js')]
  const functions = join(cacheDir, 'autocomplete', 'functions')
  const patch = async (file: string, add: (script: string, bin: string, helper: readonly string[]) => string) => {
    const script = await readFile(file, 'utf8').catch(() => undefined)
    if (script !== undefined) await writeFile(file, add(script, bin, helper))
  }
  await patch(join(functions, 'bash', `${bin}.bash`), withBashNames)
  await patch(join(functions, 'zsh', `_${bin}`), withZshNames)
}

export default hook
