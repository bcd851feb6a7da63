// Reads a --user-data file for server create and rebuild, with an error that
// says what was wrong instead of a Node stack.
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
