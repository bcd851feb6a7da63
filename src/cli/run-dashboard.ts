// `homenova dashboard` without starting oclif (dist/dashboard.cjs; bin/run.js
// tries it first, as it tries dist/help.js for help, and loads it with a V8 code
// cache, src/cli/code-cache.ts). oclif's bundle and its
// Config.load took 0.1-0.15 s before the dashboard began to load, a sixth of
// the 0.6 s its first frame is allowed (issue 9). This takes only the plain
// forms: `dashboard` or `dash`, `--view NAME` or `--view=NAME` with a known view,
// `--debug`, and a terminal on both ends. Anything else (help, a bad view, a
// flag it does not know, no terminal) returns false, and oclif answers it with
// its own parse and errors, so there is still one parser and one error text.
import { UserError } from '../core/errors.js'
import { homenovaHome } from '../core/paths.js'
import { DEBUG_ENV } from '../hypervisor/factory.js'
import { firstFrameDrawn } from '../tui/first-frame.js'
import { canOpenDashboard, openDashboard, VIEW_NAMES } from '../tui/open.js'
import type { ViewName } from '../tui/views/view.js'
import { errorText } from './error-text.js'

/** The view `argv` asks for, with whether --debug is given; undefined for anything not plain. */
export function plainDashboardArgs(argv: readonly string[]): { view: ViewName; debug: boolean } | undefined {
  const [command, ...rest] = argv
  if (command !== 'dashboard' && command !== 'dash') return undefined
  let view: string = 'servers'
  let debug = false
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]
    if (arg === '--debug') debug = true
    else if (arg === '--view' && i + 1 < rest.length) view = rest[++i]
    else if (arg.startsWith('--view=')) view = arg.slice('--view='.length)
    else return undefined
  }
  return (VIEW_NAMES as readonly string[]).includes(view) ? { view: view as ViewName, debug } : undefined
}

/**
 * Opens the dashboard if `argv` is a plain `dashboard` command; false leaves it
 * to oclif. `afterFirstFrame` runs once the first frame is drawn (bin/run.js
 * keeps the code cache then: what V8 compiled for it is what the next start needs).
 */
export async function runPlainDashboard(root: string, argv: readonly string[], afterFirstFrame: () => void = () => {}): Promise<boolean> {
  const args = plainDashboardArgs(argv)
  if (!args || !canOpenDashboard()) return false
  // As BaseCommand.init: drivers deep in core, and a background conductor, see it.
  if (args.debug) process.env[DEBUG_ENV] = '1'
  void firstFrameDrawn.then(afterFirstFrame)
  try {
    await openDashboard(root, homenovaHome(), args.view)
  } catch (err) {
    process.stderr.write(`${errorText(err as Error, args.debug)}\n`)
    process.exitCode = err instanceof UserError ? err.exitCode : 2
  }
  return true
}
