// Starts a detached `homenova conductor --drain` so that work recorded by a
// command without --wait still gets done after the command returns. The
// conductor exits when the queue is empty; its output goes to conductor.log.
import { spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { join } from 'node:path'

/** Spawns a detached conductor for `home` using the CLI at `root`. */
export function startBackgroundConductor(root: string, home: string): void {
  startDetached(root, home, ['conductor', '--drain'], 'conductor.log')
}

/**
 * Spawns a detached browser console proxy (`console proxy --foreground` with
 * `args`) for `home`; it stops by itself when idle. Output: console-proxy.log.
 */
export function startBackgroundProxy(root: string, home: string, args: readonly string[]): void {
  startDetached(root, home, ['console', 'proxy', '--foreground', ...args], 'console-proxy.log')
}

// A homenova command that outlives this process, its output appended to a log in the home.
function startDetached(root: string, home: string, argv: readonly string[], logName: string): void {
  const log = openSync(join(home, logName), 'a', 0o600)
  const child = spawn(process.execPath, [join(root, 'bin', 'run.js'), ...argv], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, HOMENOVA_HOME: home },
  })
  child.unref()
  closeSync(log) // the child has its own copy
}
