// Disk image formats from their magic bytes, in pure code, as Glance's format
// inspector reads them: the second opinion next to qemu-img, and the first
// look at a file before qemu-img opens it. A qcow2 or VMDK whose header makes
// the reader open other files on the host is refused here.
import { open } from 'node:fs/promises'
import { UserError } from '../errors.js'

/** A format recognized by its magic bytes. */
export type HeaderFormat = 'qcow2' | 'vmdk' | 'vdi' | 'vhd' | 'vhdx' | 'iso'

/** How many leading bytes are read: the ISO 9660 volume descriptors sit at 32 KiB, a VMDK's descriptor after its header. */
export const HEADER_BYTES = 64 * 1024

/** What the magic bytes say: the formats that match (two or more: an ambiguous file) and any other kind of file. */
export interface HeaderReading {
  formats: HeaderFormat[]
  other?: string
}

/** Names for messages. */
export const FORMAT_NAMES: Record<HeaderFormat, string> = { qcow2: 'qcow2', vmdk: 'VMDK', vdi: 'VDI', vhd: 'VHD', vhdx: 'VHDX', iso: 'ISO 9660' }

const QCOW2_MAGIC = 0x514649fb
const VDI_SIGNATURE = 0xbeda107f
// qcow2 v3 incompatible feature bit 2: the guest data lives in an external file.
const QCOW2_EXTERNAL_DATA_FILE = 1n << 2n
// Where ISO 9660's primary volume descriptor ("CD001") may sit, as Glance looks.
const ISO_OFFSETS = [0x8001, 0x8801, 0x9001]
// VMDK kinds whose data is in the file itself; others name extent files (Glance's vmdk_allowed_types).
const VMDK_SINGLE_FILE = ['monolithicSparse', 'streamOptimized']

/** The first HEADER_BYTES of a file (fewer if it is shorter). */
export async function readHeader(path: string): Promise<Buffer> {
  const file = await open(path, 'r')
  try {
    const buf = Buffer.alloc(HEADER_BYTES)
    const { bytesRead } = await file.read(buf, 0, HEADER_BYTES, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await file.close()
  }
}

const text = (h: Buffer, at: number, s: string) => h.length >= at + s.length && h.toString('latin1', at, at + s.length) === s

/** Reads the magic bytes of every format homenova knows. */
export function sniff(h: Buffer): HeaderReading {
  const formats: HeaderFormat[] = []
  if (h.length >= 4 && h.readUInt32BE(0) === QCOW2_MAGIC) formats.push('qcow2')
  if (text(h, 0, 'KDMV')) formats.push('vmdk')
  if (h.length >= 68 && h.readUInt32LE(64) === VDI_SIGNATURE) formats.push('vdi')
  if (text(h, 0, 'conectix')) formats.push('vhd')
  if (text(h, 0, 'vhdxfile')) formats.push('vhdx')
  if (ISO_OFFSETS.some((at) => text(h, at, 'CD001'))) formats.push('iso')
  return { formats, ...(otherKind(h) ? { other: otherKind(h) } : {}) }
}

function otherKind(h: Buffer): string | undefined {
  if (h[0] === 0x1f && h[1] === 0x8b) return 'gzip-compressed'
  if (text(h, 0, '# Disk DescriptorFile')) return 'VMDK descriptor'
  if (text(h, 0, 'QED\0')) return 'QED'
  if (text(h, 0, 'LUKS\xba\xbe')) return 'LUKS-encrypted'
  return undefined
}

/** Refuses a qcow2 or VMDK whose header makes a reader open other files; other formats pass. */
export function checkHeaderSafety(path: string, format: HeaderFormat, h: Buffer): void {
  const flatten = { hint: 'Flatten it first: `qemu-img convert -O qcow2 IN OUT`.' }
  if (format === 'qcow2') {
    if (h.length < 80) throw new UserError(`${path} is a truncated qcow2 image`, { hint: 'Copy the whole file again.' })
    if (h.readBigUInt64BE(8) !== 0n) throw new UserError(`${path} is a qcow2 image with a backing file; such an image reads another file on the host`, flatten)
    if (h.readUInt32BE(4) >= 3 && (h.readBigUInt64BE(72) & QCOW2_EXTERNAL_DATA_FILE) !== 0n) {
      throw new UserError(`${path} is a qcow2 image with an external data file; such an image reads another file on the host`, flatten)
    }
  }
  if (format === 'vmdk') {
    const kind = vmdkCreateType(h)
    if (kind !== undefined && !VMDK_SINGLE_FILE.includes(kind)) {
      throw new UserError(`${path} is a ${kind} VMDK; only monolithicSparse and streamOptimized keep their data in the one file`, flatten)
    }
  }
}

/** The createType of a sparse VMDK's embedded descriptor; undefined when it has none (monolithicSparse then). */
function vmdkCreateType(h: Buffer): string | undefined {
  if (h.length < 44) return 'truncated'
  const offset = Number(h.readBigUInt64LE(28)) * 512
  const size = Number(h.readBigUInt64LE(36)) * 512
  if (offset === 0) return undefined
  if (offset + size > h.length) return 'unreadable (descriptor beyond the header)'
  const match = /createType\s*=\s*"([^"]*)"/.exec(h.toString('latin1', offset, offset + size))
  return match ? match[1] : 'unknown'
}
