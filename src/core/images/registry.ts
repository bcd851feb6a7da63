// The image registry (Glance's job): files under $HOMENOVA_HOME/images/<id>,
// records in the store. A file is copied and hashed first, then the copy (which
// no one else can change meanwhile) is inspected; the caller records it, and
// removes the file again if the record cannot be written.
import { randomUUID } from 'node:crypto'
import { mkdir, rename, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { nowIso } from '../clock.js'
import { UserError } from '../errors.js'
import type { Image } from '../store/schema.js'
import { copyWithDigests, type Digests } from './digests.js'
import { DEFAULT_VISIBILITY, RESERVED_PROPERTIES, type ContainerFormat, type DiskFormat, type Visibility } from './formats.js'
import { inspectImage, type InspectedImage } from './inspect.js'

/** What `image create` may say about an image besides its data (Glance's attributes). */
export interface ImageAttributes {
  /** Declared disk format; without it, the format is read from the file. */
  diskFormat?: DiskFormat
  containerFormat?: ContainerFormat
  minDisk?: number
  minRam?: number
  visibility?: Visibility
  protected?: boolean
  properties?: Record<string, string>
}

const FILE_HINT = { hint: 'Give the path of a disk image file with --file.' }

/** Copies `source` into the registry directory, inspects the copy and describes it; the caller records it. */
export async function importImageFile(imagesDir: string, name: string, source: string, attrs: ImageAttributes = {}): Promise<Image> {
  checkProperties(attrs.properties ?? {})
  const info = await stat(source).catch(() => undefined)
  if (!info) throw new UserError(`Image file ${source} does not exist`, FILE_HINT)
  if (!info.isFile()) throw new UserError(`${source} is not a regular file`, FILE_HINT)
  return placeImageFile(imagesDir, async (partial) => {
    const digests = await copyWithDigests(source, partial)
    return { digests, inspected: await inspectImage(partial, digests.size, attrs.diskFormat, source) }
  }, (id, file, { digests, inspected }) => imageRecord(id, name, file, digests, inspected, attrs))
}

/**
 * Makes a new registry file: `fill` writes `<id>.part` and describes it, the
 * file is renamed into place, and `describe` builds the record. A failure
 * removes whatever was written.
 */
export async function placeImageFile<T>(imagesDir: string, fill: (partial: string) => Promise<T>, describe: (id: string, file: string, filled: T) => Image): Promise<Image> {
  await mkdir(imagesDir, { recursive: true, mode: 0o700 })
  const id = randomUUID()
  const file = join(imagesDir, id)
  const partial = `${file}.part`
  try {
    const filled = await fill(partial)
    await rename(partial, file)
    return describe(id, file, filled)
  } catch (err) {
    await unlink(partial).catch(() => undefined)
    throw err
  }
}

/** An active image record for a file in the registry. */
export function imageRecord(id: string, name: string, file: string, digests: Digests, inspected: InspectedImage, attrs: ImageAttributes): Image {
  const now = nowIso()
  return {
    id,
    name,
    status: 'active',
    diskFormat: inspected.diskFormat,
    containerFormat: attrs.containerFormat ?? 'bare',
    size: digests.size,
    virtualSize: inspected.virtualSize,
    checksum: digests.sha256,
    md5: digests.md5,
    minDisk: attrs.minDisk ?? 0,
    minRam: attrs.minRam ?? 0,
    visibility: attrs.visibility ?? DEFAULT_VISIBILITY,
    protected: attrs.protected ?? false,
    file,
    properties: { ...(attrs.properties ?? {}) },
    createdAt: now,
    updatedAt: now,
  }
}

/** Refuses properties named like Glance's own attributes, as Glance does. */
export function checkProperties(properties: Record<string, string>): void {
  const reserved = Object.keys(properties).find((k) => RESERVED_PROPERTIES.includes(k))
  if (reserved) {
    throw new UserError(`Attribute '${reserved}' is reserved.`, { hint: 'Glance sets its own attributes; those you may change have flags of their own (see `homenova image set --help`).' })
  }
}
