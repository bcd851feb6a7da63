// The bootable formats from the header alone, in pure code: for disks homenova
// exported itself (snapshots, shelving), where qemu-img need not be installed
// on this machine. A qcow2 that points at another file (a backing file or an
// external data file) is refused, as Nova refuses it, because booting it would
// read files on the host that are not the image. Imports go through inspect.ts.
import { UserError } from '../errors.js'
import { checkHeaderSafety, FORMAT_NAMES, readHeader, sniff } from './magic.js'

/** What the header says. */
export interface DetectedFormat {
  diskFormat: 'qcow2' | 'raw'
  virtualSize: number
}

/** Reads the first bytes of `path` and says which bootable format it is, or throws a UserError. */
export async function detectFormat(path: string, size: number): Promise<DetectedFormat> {
  const header = await readHeader(path)
  const { formats, other } = sniff(header)
  if (formats.length === 1 && formats[0] === 'qcow2') {
    if (size < 72) throw new UserError(`${path} is a truncated qcow2 file, not a qcow2 or raw disk image`, { hint: 'Copy the whole file again.' })
    checkHeaderSafety(path, 'qcow2', header)
    return { diskFormat: 'qcow2', virtualSize: Number(header.readBigUInt64BE(24)) }
  }
  const kind = other ?? formats.map((f) => FORMAT_NAMES[f]).join(' and ')
  if (kind) {
    throw new UserError(`${path} is a ${kind} file, not a qcow2 or raw disk image`, {
      hint: 'Convert it first, e.g. `qemu-img convert -O qcow2 IN OUT`.',
    })
  }
  if (size === 0 || size % 512 !== 0) {
    throw new UserError(`${path} is not a disk image: ${size} bytes is not a whole number of 512-byte sectors`, {
      hint: 'Give a disk image (check it with `qemu-img info`).',
    })
  }
  return { diskFormat: 'raw', virtualSize: size }
}
