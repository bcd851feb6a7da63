// Every temporary file of a test run goes in one directory, removed when the
// run ends: the tests' homes, hosts' work dirs and captures (mkdtemp under
// os.tmpdir(), which reads TMPDIR) had been left in /tmp, ~33 GB of them by
// session 6, and the real hosts' disk inventory is this disk's free space.
// vitest runs this in its main process before it starts the workers, which
// inherit TMPDIR (as do the CLIs and hosts' processes the tests start).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'homenova-run-'))
  // As /tmp is: the e2e hosts' users and QEMU must reach the files they are given.
  chmodSync(dir, 0o1777)
  process.env.TMPDIR = dir
  // The dashboards the tests start keep their code cache here, not in the user's (src/cli/code-cache.ts).
  process.env.XDG_CACHE_HOME = join(dir, 'cache')
  return () => {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
    } catch (err) {
      // A process a test left behind may still write there: the run's result stands.
      console.warn(`could not remove the test run's temporary directory ${dir}: ${(err as Error).message}`)
    }
  }
}
