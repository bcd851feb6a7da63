// Starts a detached `homenova conductor --drain` so that work recorded by a
// command without --wait still gets done after the command returns. The
// conductor exits when the queue is empty; its output goes to conductor.log.
import { spawn } from 'node:child_process'
import { openSync } from 'node:fs'
import { join } from 'node:path'

/** Spawns a detached conductor for `home` using the CLI at `root`. */
export function startBackgroundConductor(root: string, home: string): void {
  const log = openSync(join(home, 'conductor.log'), 'a', 0o600)
  const child = spawn(process.execPath, [join(root, 'bin', 'run.js'), 'conductor', '--drain'], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, HOMENOVA_HOME: home },
  })
  child.unref()
}
