// What an image file is, decided as Glance and Nova decide it: the magic bytes
// first (pure code, before anything opens the file as an image), then
// qemu-img's own reading, and the two must agree; a declared --disk-format
// must match the content, except aki/ari/ami, which Nova takes as declared
// once the content reads as plain bytes. Files that make a reader open other
// files on the host are refused whatever is declared.
import { dirname, resolve } from 'node:path'
import { UserError } from '../errors.js'
import { diskFormatOfQemu, type DiskFormat } from './formats.js'
import { checkHeaderSafety, FORMAT_NAMES, readHeader, sniff } from './magic.js'
import { qemuImgInfo, type QemuImageInfo } from './qemu-img.js'

/** The disk format an image file is, and its virtual size in bytes. */
export interface InspectedImage {
  diskFormat: DiskFormat
  virtualSize: number
}

const AMAZON: readonly DiskFormat[] = ['aki', 'ari', 'ami']
const FLATTEN = { hint: 'Flatten it first: `qemu-img convert -O qcow2 IN OUT`.' }

/**
 * Inspects the file at `path` (`size` bytes), named `label` in messages (the
 * user's file, when `path` is the registry's copy of it); `declared` is the
 * --disk-format given, if any. Throws a UserError for a file Glance would refuse.
 */
export async function inspectImage(at: string, size: number, declared?: DiskFormat, label = at): Promise<InspectedImage> {
  const path = label
  const header = await readHeader(at)
  const { formats, other } = sniff(header)
  if (formats.length > 1) {
    throw new UserError(`${path} looks like ${formats.map((f) => FORMAT_NAMES[f]).join(' and ')} at once; a file that matches two formats is refused`, {
      hint: 'Rebuild the image with the tool that made it.',
    })
  }
  const magic = formats[0]
  if (magic) checkHeaderSafety(path, magic, header)
  // A gzip'd initrd is an ordinary ramdisk (ari); as a disk it is not one.
  if (other && !(other === 'gzip-compressed' && (declared === 'aki' || declared === 'ari'))) {
    const why = other === 'VMDK descriptor' ? 'its data lives in extent files elsewhere on the host' : 'not a disk image Glance takes'
    const hint = other === 'gzip-compressed' ? 'Decompress it first (a gzip-compressed ramdisk is taken with --disk-format ari).' : 'Convert it first: `qemu-img convert -O qcow2 IN OUT`.'
    throw new UserError(`${path} is a ${other} file: ${why}`, { hint })
  }
  const info = await qemuImgInfo(at, label)
  checkInfoSafety(at, label, info)
  const read = diskFormatOfQemu(info.format)
  if (!read) throw new UserError(`qemu-img reads ${path} as ${info.format}, a format Glance does not take`, { hint: 'Convert it: `qemu-img convert -O qcow2 IN OUT`.' })
  const content: DiskFormat = read === 'raw' && magic === 'iso' ? 'iso' : read
  if (content !== (magic ?? 'raw')) {
    throw new UserError(`qemu-img reads ${path} as ${info.format} but its header says ${magic ? FORMAT_NAMES[magic] : 'raw'}; the two must agree`, {
      hint: 'The file is damaged or crafted; check it with `qemu-img info`.',
    })
  }
  const diskFormat = declaredFormat(path, content, declared)
  if (diskFormat === 'raw' && (size === 0 || size % 512 !== 0)) {
    throw new UserError(`${path} is not a disk image: ${size} bytes is not a whole number of 512-byte sectors`, {
      hint: 'Give a disk image (check it with `qemu-img info`), or declare what it is with --disk-format.',
    })
  }
  if (size === 0) throw new UserError(`${path} is empty`, { hint: 'Give a file with the image data.' })
  return { diskFormat, virtualSize: info.virtualSize }
}

/** The format recorded: the content's, unless the declaration is one Nova takes as declared. */
function declaredFormat(path: string, content: DiskFormat, declared: DiskFormat | undefined): DiskFormat {
  if (declared === undefined) return content
  if (AMAZON.includes(declared)) {
    if (content !== 'raw') throw new UserError(`${path} is a ${content} image, not the plain bytes of a ${declared} image`, { hint: `Give the ${declared} file itself, or leave out --disk-format.` })
    return declared
  }
  if (declared !== content) {
    throw new UserError(`${path} is ${content} content, but --disk-format says ${declared}`, {
      hint: `Leave out --disk-format to take the format from the file, or convert the file: \`qemu-img convert -O ${declared === 'vhd' ? 'vpc' : declared} IN OUT\`.`,
    })
  }
  return declared
}

/** qemu-img's view of the same dangers the header check looks for: the second opinion. */
function checkInfoSafety(at: string, path: string, info: QemuImageInfo): void {
  if (info.backingFile) throw new UserError(`${path} is a ${info.format} image with a backing file; such an image reads another file on the host`, FLATTEN)
  if (info.dataFile) throw new UserError(`${path} is a ${info.format} image with an external data file; such an image reads another file on the host`, FLATTEN)
  if (info.format !== 'vmdk') return
  const self = resolve(at)
  const kind = info.vmdkCreateType ?? 'unknown'
  if (!['monolithicSparse', 'streamOptimized'].includes(kind) || info.vmdkExtents.some((e) => resolve(dirname(self), e) !== self)) {
    throw new UserError(`${path} is a ${kind} VMDK whose data lives in other files; only monolithicSparse and streamOptimized are taken`, FLATTEN)
  }
}
