// The one way into the dashboard for commands (`dashboard`, `demo`). It loads
// ink, react and the control plane only when called, so a command that merely
// imports it keeps its start-up time.
import { UserError } from '../core/errors.js'
import { IncrementalStateReader } from '../core/store/incremental-read.js'
import { firstFrameDrawn } from './first-frame.js'
import { refreshInChild } from './live/host-refresh.js'
import type { ViewName } from './views/view.js'

/** The views `--view` accepts. */
export const VIEW_NAMES: readonly ViewName[] = ['servers', 'hosts', 'flavors', 'images', 'keypairs', 'tasks', 'events', 'aggregates', 'groups']

/** Whether this process can show the dashboard: both standard input and output are a terminal. */
export function canOpenDashboard(): boolean {
  return process.stdout.isTTY === true && process.stdin.isTTY === true
}

/**
 * Opens the dashboard on `home` in this terminal until the operator quits. `root`
 * is the CLI's root, for the background conductor that takes over tasks still open then.
 */
export async function openDashboard(root: string, home: string, view: ViewName = 'servers'): Promise<void> {
  if (!canOpenDashboard()) {
    throw new UserError('The dashboard needs a terminal (standard input and output are not one)', { hint: 'For scripts use the commands it is made of, e.g. `homenova server list --json`.' })
  }
  // ink draws nothing but static output when it believes it runs under CI
  // (is-in-ci reads CI when ink loads); a terminal was asked for, so draw.
  if (process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0') process.env.CI = 'false'
  // The store is read while ink and react load (they take most of the start-up),
  // by the reader the dashboard then goes on with (it re-reads only what changed).
  const services = import('../core/services.js').then(({ createServices }) => createServices(home))
  // The servers' actions and request specs, half of a big cloud's file, are
  // needed by no first frame (unless it is the events view): their parse, and the
  // reader's other work after its first read (the hashing), wait for the first
  // frame. The fake hosts' domains are never shown (the fake driver reads them
  // from the store itself): they are not read at all.
  const reader = services.then((s) => new IncrementalStateReader(s.store, { defer: ['actions', 'requestSpecs'], skip: ['fakeDomains'], backgroundAfter: firstFrameDrawn }))
  const firstState = reader.then((r) => r.read())
  firstState.catch(() => undefined) // Live reports it
  const [{ startBackgroundConductor }, { runDashboard }] = await Promise.all([import('../cli/background.js'), import('./run.js')])
  const { openWork } = await runDashboard({ services: await services, home, initialView: view, firstState, live: { reader: await reader, refresh: () => refreshInChild(root, home) } })
  // Tasks this dashboard was running (or that were queued) go on without it.
  if (openWork) startBackgroundConductor(root, home)
}
