// The image registry (Glance's job): files under $HOMENOVA_HOME/images/<id>,
// records in the store. The file is copied and hashed before the record is
// written, and removed again if the record cannot be written.
import { randomUUID, createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { nowIso } from '../clock.js'
import { UserError } from '../errors.js'
import type { Image } from '../store/schema.js'
import { detectFormat } from './format.js'

/** Copies `source` into the registry directory and describes it; the caller records it. */
export async function importImageFile(imagesDir: string, name: string, source: string): Promise<Image> {
  const info = await stat(source).catch(() => undefined)
  if (!info) throw new UserError(`Image file ${source} does not exist`, { hint: 'Give the path of a qcow2 or raw disk image with --file.' })
  if (!info.isFile()) throw new UserError(`${source} is not a regular file`, { hint: 'Give the path of a qcow2 or raw disk image with --file.' })
  const format = await detectFormat(source, info.size)
  await mkdir(imagesDir, { recursive: true, mode: 0o700 })
  const id = randomUUID()
  const file = join(imagesDir, id)
  const partial = `${file}.part`
  const hash = createHash('sha256')
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      done(null, chunk)
    },
  })
  try {
    await pipeline(createReadStream(source), hashing, createWriteStream(partial, { mode: 0o600 }))
    await rename(partial, file)
  } catch (err) {
    await unlink(partial).catch(() => undefined)
    throw err
  }
  return {
    id,
    name,
    status: 'active',
    diskFormat: format.diskFormat,
    containerFormat: 'bare',
    size: info.size,
    virtualSize: format.virtualSize,
    checksum: hash.digest('hex'),
    file,
    properties: {},
    createdAt: nowIso(),
  }
}
