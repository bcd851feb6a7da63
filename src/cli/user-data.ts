// Reads a --user-data file (server create and rebuild) and --file DEST=SRC
// files (server create), with errors that say what was wrong instead of a Node stack.
import { readFile, stat } from 'node:fs/promises'
import { UserError } from '../core/errors.js'

/** The raw bytes of a user data file; binary content (gzip) is kept as is. */
export async function readUserData(path: string): Promise<Buffer> {
  const info = await stat(path).catch(() => undefined)
  if (!info) throw new UserError(`--user-data ${path}: no such file`, { hint: 'Give the path of a file, e.g. a #cloud-config YAML file.' })
  if (!info.isFile()) throw new UserError(`--user-data ${path} is not a regular file`)
  // Nova's limit is checked later against the base64 length; a huge file is refused before it is read.
  if (info.size > 1024 * 1024) throw new UserError(`--user-data ${path} is ${info.size} bytes; Nova's limit is 65,535 bytes once base64-encoded`, { hint: 'Compress it (cloud-init reads gzip).' })
  return readFile(path)
}

/** The `--file DEST=SRC` flags read: each guest path with the bytes of its local file (limits are checked in core). */
export async function readPersonalityFiles(specs: readonly string[]): Promise<{ path: string; data: Buffer }[]> {
  const out: { path: string; data: Buffer }[] = []
  for (const spec of specs) {
    const eq = spec.indexOf('=')
    if (eq < 1) throw new UserError(`--file ${JSON.stringify(spec)} is not DEST=SRC`, { hint: 'e.g. --file /etc/motd=./motd.txt' })
    const src = spec.slice(eq + 1)
    const info = await stat(src).catch(() => undefined)
    if (!info?.isFile()) throw new UserError(`--file ${spec}: ${src} is not a readable file`)
    // Refused before it is read (it could be anything up to a disk image); the
    // injected_file_content_bytes quota (10,240 by default) is checked after.
    if (info.size > 1024 * 1024) throw new UserError(`--file ${spec} is ${info.size} bytes; personality files are small (10,240 bytes each by default)`, { hint: 'Deliver larger content with --user-data, or fetch it from inside the guest.' })
    out.push({ path: spec.slice(0, eq), data: await readFile(src) })
  }
  return out
}
