// Image data moves through one place that hashes it on the way: sha256 (the
// host cache key, Glance's os_hash_value) and md5 (Glance's `checksum`).
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/** The hashes and size of some image data. */
export interface Digests {
  sha256: string
  md5: string
  size: number
}

function hashing(): { through: Transform; digests: () => Digests } {
  const sha256 = createHash('sha256')
  const md5 = createHash('md5')
  let size = 0
  const through = new Transform({
    transform(chunk: Buffer, _enc, done) {
      sha256.update(chunk)
      md5.update(chunk)
      size += chunk.length
      done(null, chunk)
    },
  })
  return { through, digests: () => ({ sha256: sha256.digest('hex'), md5: md5.digest('hex'), size }) }
}

/**
 * Copies `source` to `target` and hashes what was read. `exclusive` refuses a
 * target that exists (the open fails with EEXIST) instead of replacing it.
 */
export async function copyWithDigests(source: string, target: string, options: { exclusive?: boolean; mode?: number } = {}): Promise<Digests> {
  const h = hashing()
  const out = createWriteStream(target, { flags: options.exclusive ? 'wx' : 'w', mode: options.mode ?? 0o600 })
  await pipeline(createReadStream(source), h.through, out)
  return h.digests()
}

/** The hashes of a file's content. */
export async function fileDigests(path: string): Promise<Digests> {
  const h = hashing()
  const sink = new Writable({ write: (_chunk, _enc, done) => done() })
  await pipeline(createReadStream(path), h.through, sink)
  return h.digests()
}
