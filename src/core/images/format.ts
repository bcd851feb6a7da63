// Recognizes a disk image from its header, like Glance's format inspector: the
// declared format is never trusted. A qcow2 that points at another file (a
// backing file or an external data file) is refused, as Nova refuses it,
// because booting it would read files on the host that are not the image.
import { open } from 'node:fs/promises'
import { UserError } from '../errors.js'

/** What the header says. */
export interface DetectedFormat {
  diskFormat: 'qcow2' | 'raw'
  virtualSize: number
}

const QCOW2_MAGIC = 0x514649fb
// qcow2 v3 incompatible feature bit 2: the guest data lives in an external file.
const QCOW2_EXTERNAL_DATA_FILE = 1n << 2n

/** Reads the first bytes of `path` and says which format it is, or throws a UserError. */
export async function detectFormat(path: string, size: number): Promise<DetectedFormat> {
  const file = await open(path, 'r')
  const header = Buffer.alloc(512)
  try {
    await file.read(header, 0, 512, 0)
  } finally {
    await file.close()
  }
  if (size >= 72 && header.readUInt32BE(0) === QCOW2_MAGIC) return inspectQcow2(path, header)
  const other = otherFormat(header)
  if (other) {
    throw new UserError(`${path} is a ${other} file, not a qcow2 or raw disk image`, {
      hint: 'Convert it first, e.g. `qemu-img convert -O qcow2 IN OUT`.',
    })
  }
  if (size === 0 || size % 512 !== 0) {
    throw new UserError(`${path} is not a disk image: ${size} bytes is not a whole number of 512-byte sectors`, {
      hint: 'Give a qcow2 or raw disk image (check it with `qemu-img info`).',
    })
  }
  return { diskFormat: 'raw', virtualSize: size }
}

function inspectQcow2(path: string, h: Buffer): DetectedFormat {
  const version = h.readUInt32BE(4)
  const backingOffset = h.readBigUInt64BE(8)
  if (backingOffset !== 0n) {
    throw new UserError(`${path} is a qcow2 image with a backing file; such an image reads another file on the host`, {
      hint: 'Flatten it first: `qemu-img convert -O qcow2 IN OUT`.',
    })
  }
  if (version >= 3 && (h.readBigUInt64BE(72) & QCOW2_EXTERNAL_DATA_FILE) !== 0n) {
    throw new UserError(`${path} is a qcow2 image with an external data file; such an image reads another file on the host`, {
      hint: 'Flatten it first: `qemu-img convert -O qcow2 IN OUT`.',
    })
  }
  return { diskFormat: 'qcow2', virtualSize: Number(h.readBigUInt64BE(24)) }
}

function otherFormat(h: Buffer): string | undefined {
  if (h[0] === 0x1f && h[1] === 0x8b) return 'gzip-compressed'
  if (h.toString('latin1', 0, 4) === 'KDMV') return 'VMDK'
  if (h.toString('latin1', 0, 8) === 'vhdxfile') return 'VHDX'
  if (h.toString('latin1', 0, 8) === 'conectix') return 'VHD'
  if (h.readUInt32LE(64) === 0xbeda107f) return 'VDI'
  if (h.toString('latin1', 0, 4) === 'QFI\xfb') return 'truncated qcow2'
  return undefined
}
