// The dashboard's host refresh (every 30 s, and Ctrl-R) runs in a child
// `homenova server list --refresh`, not in the dashboard's own process. The
// power sync reads and writes the whole store in one transaction: at 10,000
// servers that is ~75 MB of short-lived text and objects, which left the
// dashboard at 160-175 MB of RSS after each refresh (V8 keeps the pages) and
// held keys up while it ran. The child commits; the dashboard sees the
// commit through its store watch and re-reads only the changed lines.
import { execFile } from 'node:child_process'
import { join } from 'node:path'

/** Asks every host of `home` for its domains through the CLI at `root`; rejects with the CLI's error line. */
export function refreshInChild(root: string, home: string): Promise<void> {
  // --limit 0: the sync without the list (nothing to print).
  const argv = [join(root, 'bin', 'run.js'), 'server', 'list', '--refresh', '--limit', '0', '-f', 'value']
  return new Promise((resolve, reject) => {
    execFile(process.execPath, argv, { env: { ...process.env, HOMENOVA_HOME: home }, maxBuffer: 16 * 2 ** 20 }, (err, _stdout, stderr) => {
      if (!err) return resolve()
      const line = stderr.split('\n').find((l) => l.startsWith('Error: '))
      reject(new Error(line ? line.slice('Error: '.length) : err.message))
    })
  })
}
