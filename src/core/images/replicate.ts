// Glance's replicator (glance-replicator dump, load, compare, size) between
// two homenova homes, through a directory: `dump` writes each image's record
// as `<id>` (JSON) and its data as `<id>.img`, as glance-replicator does; `load`
// registers each dumped image under the same id with the same metadata, after
// checking the data against the recorded size and hashes and inspecting it as
// an upload; `compare` says what differs. Images already present with the same
// id and checksum are skipped; the same id with other data is a conflict.
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { UserError } from '../errors.js'
import { imageSchema, type Image } from '../store/schema.js'
import { copyWithDigests } from './digests.js'
import { inspectImage } from './inspect.js'

/** A dumped image record: the store's record without where its file was. */
export const dumpedImageSchema = imageSchema.omit({ file: true })
/** A dumped image record. */
export type DumpedImage = z.infer<typeof dumpedImageSchema>

/** What happened to one image in a dump, load or compare. */
export interface ReplicaOutcome {
  id: string
  name: string
  action: 'dumped' | 'metadata only' | 'loaded' | 'skipped' | 'conflict' | 'missing here' | 'missing there' | 'differs' | 'same'
  detail: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The record as dumped (no local file path). */
export function dumpedRecord(image: Image): DumpedImage {
  const { file: _file, ...rest } = image
  return rest
}

/** Writes every image's record, and the data of active ones, into `dir` (made if missing). */
export async function dumpImages(images: readonly Image[], dir: string): Promise<ReplicaOutcome[]> {
  await mkdir(dir, { recursive: true })
  const out: ReplicaOutcome[] = []
  for (const image of images) {
    const meta = join(dir, image.id)
    // Temp file and rename: a dump interrupted half-way never leaves a truncated record or data file under the final name.
    await writeFile(`${meta}.part`, `${JSON.stringify(dumpedRecord(image), null, 2)}\n`, { mode: 0o644 })
    await rename(`${meta}.part`, meta)
    if (image.status !== 'active') {
      out.push({ id: image.id, name: image.name, action: 'metadata only', detail: `${image.status}: no data yet` })
      continue
    }
    const data = join(dir, `${image.id}.img`)
    const digests = await copyWithDigests(image.file, `${data}.part`, { mode: 0o644 }).catch(async (err: unknown) => {
      await unlink(`${data}.part`).catch(() => undefined)
      throw new UserError(`Cannot dump the data of image ${image.name}: ${(err as Error).message}`, { hint: 'Check the registry file and that the directory is writable.', cause: err })
    })
    if (digests.sha256 !== image.checksum) {
      await unlink(`${data}.part`).catch(() => undefined)
      throw new UserError(`The registry's data of image ${image.name} has sha256 ${digests.sha256}, not its recorded ${image.checksum}`, { hint: 'The registry copy is damaged; nothing more was dumped.' })
    }
    await rename(`${data}.part`, data)
    out.push({ id: image.id, name: image.name, action: 'dumped', detail: `${image.size} bytes` })
  }
  return out
}

/** The image records in a dump directory (files named by a UUID), each checked; a UserError for a damaged one. */
export async function readDump(dir: string): Promise<DumpedImage[]> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`Cannot read the dump directory ${dir}: ${err.code === 'ENOENT' ? 'it does not exist' : err.message}`, { hint: 'Give the directory `homenova image replicate dump` wrote.' })
  })
  const records: DumpedImage[] = []
  for (const name of names.filter((n) => UUID.test(n)).sort()) {
    const parsed = dumpedImageSchema.safeParse(JSON.parse(await readFile(join(dir, name), 'utf8').catch(() => 'null')))
    if (!parsed.success || parsed.data.id !== name) {
      throw new UserError(`${join(dir, name)} is not an image record homenova dumped`, { hint: 'Dump again, or remove the file from the directory.' })
    }
    records.push(parsed.data)
  }
  return records
}

/** Whether a dump has the data file of an image. */
export async function hasData(dir: string, id: string): Promise<boolean> {
  return (await stat(join(dir, `${id}.img`)).catch(() => undefined))?.isFile() ?? false
}

/**
 * Copies one dumped image's data into the registry as `<imagesDir>/<id>`,
 * checking size, sha256 and md5 against the record and inspecting the content
 * as an upload is (the declared format must match); returns the registry record.
 * A failure leaves no file.
 */
export async function importDumped(imagesDir: string, dir: string, record: DumpedImage): Promise<Image> {
  await mkdir(imagesDir, { recursive: true, mode: 0o700 })
  const file = join(imagesDir, record.id)
  const partial = `${file}.part`
  const label = join(dir, `${record.id}.img`)
  try {
    const digests = await copyWithDigests(label, partial, { exclusive: true })
    if (digests.size !== record.size || digests.sha256 !== record.checksum || (record.md5 !== null && digests.md5 !== record.md5)) {
      throw new UserError(`${label} does not match its record (size ${digests.size}, sha256 ${digests.sha256}; recorded ${record.size}, ${record.checksum})`, {
        hint: 'The dump is damaged or incomplete: dump the image again.',
      })
    }
    await inspectImage(partial, digests.size, record.diskFormat, label)
    await rename(partial, file)
    return { ...record, file }
  } catch (err) {
    await unlink(partial).catch(() => undefined)
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new UserError(`${partial} exists: another load of image ${record.name} is running`, { hint: 'Wait for it to finish, or remove the .part file.' })
    throw err
  }
}

// Fields compare leaves out: when and where, not what.
const NOT_COMPARED = new Set(['updatedAt'])

/** The fields of two records of one image that differ, as "field (here != there)". */
export function differences(here: DumpedImage, there: DumpedImage): string[] {
  const keys = [...new Set([...Object.keys(here), ...Object.keys(there)])].filter((k) => !NOT_COMPARED.has(k)).sort()
  const diff: string[] = []
  for (const key of keys) {
    const a = JSON.stringify((here as Record<string, unknown>)[key])
    const b = JSON.stringify((there as Record<string, unknown>)[key])
    if (a !== b) diff.push(`${key} (${a ?? 'unset'} != ${b ?? 'unset'})`)
  }
  return diff
}

/** Total bytes of data and the number of images a dump of `images` would hold (glance-replicator size). */
export function replicaSize(images: readonly Image[]): { bytes: number; images: number } {
  const active = images.filter((i) => i.status === 'active')
  return { bytes: active.reduce((n, i) => n + i.size, 0), images: active.length }
}
