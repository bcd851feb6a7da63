// An image's data out of the registry: saved to a file of the user's
// (`image save`), or converted by qemu-img into a new image (`image convert`).
import { access, unlink } from 'node:fs/promises'
import { UserError } from '../errors.js'
import type { Image } from '../store/schema.js'
import { copyWithDigests, fileDigests } from './digests.js'
import { diskFormatOfQemu, qemuFormatOf, type ConvertTarget } from './formats.js'
import { inspectImage } from './inspect.js'
import { qemuImgConvert } from './qemu-img.js'
import { imageRecord, placeImageFile } from './registry.js'

/** Refuses an image whose data has not arrived (a snapshot still queued or saving). */
export function checkActive(image: Image): void {
  if (image.status !== 'active') throw new UserError(`Image ${image.name} is ${image.status}, not active: it has no data yet`, { hint: 'Wait until its upload or snapshot has finished.' })
}

const missingData = (image: Image, err: unknown) =>
  new UserError(`The data of image ${image.name} is missing from the registry (${image.file})`, { hint: 'Delete the image and create it again.', cause: err })

/**
 * Writes the image's data to `target`, which must not exist, then reads the
 * written file back and checks its sha256; a mismatch removes it.
 */
export async function saveImageFile(image: Image, target: string): Promise<void> {
  checkActive(image)
  try {
    await copyWithDigests(image.file, target, { exclusive: true, mode: 0o644 })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST') throw new UserError(`${target} already exists; image save never overwrites a file`, { hint: 'Give a new file name, or remove the file first.' })
    if (code === 'ENOENT' && (err as NodeJS.ErrnoException).path === image.file) throw missingData(image, err)
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new UserError(`Cannot write ${target}: ${(err as Error).message}`, { hint: 'Check the directory exists and is writable.' })
    throw err
  }
  const written = await fileDigests(target)
  if (written.sha256 !== image.checksum) {
    await unlink(target).catch(() => undefined)
    throw new UserError(`The saved file's sha256 ${written.sha256} is not the image's ${image.checksum}; ${target} was removed`, {
      hint: 'The registry copy or the disk is damaged: check `homenova image show` and the file system.',
    })
  }
}

/** Converts an image with `qemu-img convert` into a new registry image named `name`, with its own id and hashes. */
export async function convertImageFile(imagesDir: string, source: Image, to: ConvertTarget, name: string): Promise<Image> {
  checkActive(source)
  const wanted = diskFormatOfQemu(to)
  if (!wanted) throw new Error(`no Glance disk format for qemu-img format ${to}`)
  return placeImageFile(imagesDir, async (partial) => {
    await qemuImgConvert(source.file, qemuFormatOf(source.diskFormat), partial, to).catch(async (err: unknown) => {
      if (!(await access(source.file).then(() => true, () => false))) throw missingData(source, err)
      throw err
    })
    const digests = await fileDigests(partial)
    // The new file goes through the same inspection as an upload: qemu-img made it, but trust is not the rule.
    const inspected = await inspectImage(partial, digests.size, undefined, `the ${to} conversion of ${source.name}`)
    // Raw bytes of an ISO are still the ISO's: recorded as the raw image asked for.
    if (inspected.diskFormat !== wanted && !(wanted === 'raw' && inspected.diskFormat === 'iso')) {
      throw new Error(`qemu-img convert -O ${to} made a ${inspected.diskFormat} file`)
    }
    return { digests, inspected: { ...inspected, diskFormat: wanted } }
  }, (id, file, { digests, inspected }) =>
    imageRecord(id, name, file, digests, inspected, {
      minDisk: source.minDisk,
      minRam: source.minRam,
      visibility: source.visibility,
      properties: source.properties,
    }),
  )
}
