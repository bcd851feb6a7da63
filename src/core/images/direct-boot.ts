// AMI-style images: an image whose kernel_id (and ramdisk_id) properties name
// a kernel (aki) and a ramdisk (ari) image boots by direct kernel boot, with
// os_command_line as the kernel's command line, as Nova's libvirt driver does.
// The references are checked when they are set, so a server never meets a
// kernel_id that names nothing or names a disk.
import { UserError } from '../errors.js'
import { findOne } from '../model/names.js'
import type { Image, State } from '../store/schema.js'

const WANTED = { kernel_id: 'aki', ramdisk_id: 'ari' } as const

/**
 * Resolves kernel_id and ramdisk_id in `properties` (an image name, ID or
 * unique prefix) to the IDs of active aki and ari images, in place; a
 * UserError for one that names no image or an image of another format. A
 * ramdisk without a kernel is refused: nothing would load it.
 */
export function resolveDirectBoot(state: State, properties: Record<string, string>, self?: Pick<Image, 'id' | 'name'>): void {
  for (const key of ['kernel_id', 'ramdisk_id'] as const) {
    const ref = properties[key]
    if (ref === undefined) continue
    const image = findOne('image', state.images, ref)
    const want = WANTED[key]
    if (self && image.id === self.id) throw new UserError(`Image ${self.name} cannot be its own ${key === 'kernel_id' ? 'kernel' : 'ramdisk'}`)
    if (image.diskFormat !== want || image.status !== 'active') {
      throw new UserError(`${key} must name an active ${want} image, but ${image.name} is ${image.status === 'active' ? `a ${image.diskFormat} image` : image.status}`, {
        hint: `Register the ${key === 'kernel_id' ? 'kernel' : 'ramdisk'} first: \`homenova image create NAME --file FILE --disk-format ${want} --container-format ${want}\`.`,
      })
    }
    properties[key] = image.id
  }
  if (properties.ramdisk_id !== undefined && properties.kernel_id === undefined) {
    throw new UserError('ramdisk_id is set without kernel_id: a ramdisk boots only with a kernel', { hint: 'Set kernel_id to an aki image too.' })
  }
}
