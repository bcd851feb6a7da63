// What an image must be to boot a server: a format the hosts boot, and a
// flavor big enough for it. The flavor checks are Nova's
// `_validate_flavor_image_nostatus`, with Nova's messages, in Nova's order.
import { UserError } from '../errors.js'
import type { Flavor, Image } from '../store/schema.js'
import { isBootable, type BootableFormat } from './formats.js'

const GiB = 1024 ** 3

/** The format the host's qemu-img reads the cached base as (`-F`); a UserError for a format hosts cannot boot. */
export function bootDiskFormat(image: Pick<Image, 'name' | 'diskFormat'>): BootableFormat {
  if (isBootable(image.diskFormat)) return image.diskFormat
  throw new UserError(`Image ${image.name} is a ${image.diskFormat} image; hosts boot only qcow2 and raw images`, {
    hint: `Convert it: \`homenova image convert ${image.name} --to qcow2\`, then boot the new image.`,
  })
}

/**
 * Refuses a flavor too small for the image: memory under min_ram
 * (FlavorMemoryTooSmall), a root disk under the image's virtual size
 * (FlavorDiskSmallerThanImage) or under min_disk (FlavorDiskSmallerThanMinDisk).
 * A flavor with a 0 GB root disk skips the disk checks, as in Nova: its disk is the image's size.
 */
export function checkFlavorFitsImage(flavor: Pick<Flavor, 'name' | 'ramMb' | 'diskGb'>, image: Pick<Image, 'name' | 'minRam' | 'minDisk' | 'virtualSize'>): void {
  const pick = { hint: 'Pick a bigger flavor (homenova flavor list) or a smaller image.' }
  if (flavor.ramMb < image.minRam) {
    throw new UserError(`Flavor's memory is too small for requested image. Flavor ${flavor.name} has ${flavor.ramMb} MB, image ${image.name} needs ${image.minRam} MB (min_ram).`, pick)
  }
  const disk = flavor.diskGb * GiB
  if (disk === 0) return
  if (image.virtualSize > disk) {
    throw new UserError(`Flavor's disk is too small for requested image. Flavor disk is ${disk} bytes, image is ${image.virtualSize} bytes.`, {
      hint: `Flavor ${flavor.name} has ${flavor.diskGb} GB; image ${image.name} needs ${(image.virtualSize / GiB).toFixed(1)} GB. Pick a bigger flavor or a smaller image.`,
    })
  }
  if (image.minDisk * GiB > disk) {
    throw new UserError(`Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is ${disk} bytes, minimum size is ${image.minDisk * GiB} bytes.`, {
      hint: `Flavor ${flavor.name} has ${flavor.diskGb} GB; image ${image.name} asks for ${image.minDisk} GB (min_disk). Pick a bigger flavor.`,
    })
  }
}
