// Images (Glance's API): import a file into the registry, list, show, update,
// delete, save the data to a file, convert into a new image. The slow work
// (copying, hashing, qemu-img) runs outside any transaction; the record is
// written in one, and the file removed again if that fails.
import { unlink } from 'node:fs/promises'
import { nowIso } from '../clock.js'
import { UserError } from '../errors.js'
import { resolveDirectBoot } from '../images/direct-boot.js'
import { convertImageFile, saveImageFile } from '../images/image-files.js'
import type { DownloadOptions } from '../images/download.js'
import type { ConvertTarget, Visibility } from '../images/formats.js'
import { checkProperties, importImageFile, type ImageAttributes } from '../images/registry.js'
import { checkName, findOne } from '../model/names.js'
import { unsetKeys } from '../model/properties.js'
import { homePaths } from '../paths.js'
import type { Image } from '../store/schema.js'
import type { Store } from '../store/store.js'

/** What `image set` may change (Glance's PATCH on these attributes). */
export interface ImageUpdate {
  name?: string
  properties?: Record<string, string>
  minDisk?: number
  minRam?: number
  visibility?: Visibility
  protected?: boolean
}

/** Image operations. */
export class ImageApi {
  constructor(private readonly store: Store) {}

  /** Imports `file` as a new active image; its format is read from the content (a declared one must match). */
  async create(name: string, file: string, attrs: ImageAttributes = {}): Promise<Image> {
    checkName('image', name)
    return this.record(await importImageFile(homePaths(this.store.home).images, name, file, attrs))
  }

  /**
   * Downloads `url` (http or https) into the registry as a new active image:
   * registered only once the data is complete, matches the given checksum and
   * passed the same format checks as a file.
   */
  async createFromUrl(name: string, url: string, attrs: ImageAttributes = {}, options: DownloadOptions = {}): Promise<Image> {
    checkName('image', name)
    const { importImageUrl } = await import('../images/download.js')
    return this.record(await importImageUrl(homePaths(this.store.home).images, name, url, attrs, options))
  }

  /** Every image, in the order they were made. */
  async list(): Promise<Image[]> {
    return (await this.store.read()).images
  }

  /** One image by name, ID or unique ID prefix. */
  async show(ref: string): Promise<Image> {
    return findOne('image', (await this.store.read()).images, ref)
  }

  /** Changes the name, properties, min_disk, min_ram, visibility or protection, all at once or none. */
  async update(ref: string, changes: ImageUpdate): Promise<Image> {
    if (changes.name !== undefined) checkName('image', changes.name)
    if (changes.properties) checkProperties(changes.properties)
    return this.store.transact((state) => {
      const image = findOne('image', state.images, ref)
      if (changes.name !== undefined) image.name = changes.name
      if (changes.properties) {
        const merged = { ...image.properties, ...changes.properties }
        resolveDirectBoot(state, merged, image)
        image.properties = merged
      }
      if (changes.minDisk !== undefined) image.minDisk = changes.minDisk
      if (changes.minRam !== undefined) image.minRam = changes.minRam
      if (changes.visibility !== undefined) image.visibility = changes.visibility
      if (changes.protected !== undefined) image.protected = changes.protected
      image.updatedAt = nowIso()
      return image
    })
  }

  /** Sets image properties (architecture, hypervisor_type, hw_vm_mode, img_hv_requested_version, trait:*...). */
  async setProperties(ref: string, properties: Record<string, string>): Promise<Image> {
    return this.update(ref, { properties })
  }

  /** Removes image properties; a key the image does not have refuses the whole request. */
  async unsetProperties(ref: string, keys: string[]): Promise<Image> {
    return this.store.transact((state) => {
      const image = findOne('image', state.images, ref)
      unsetKeys(image.properties, keys, `Image ${image.name}`)
      if (image.properties.ramdisk_id !== undefined && image.properties.kernel_id === undefined) {
        throw new UserError(`Image ${image.name} would keep ramdisk_id without kernel_id: a ramdisk boots only with a kernel`, { hint: 'Unset ramdisk_id too.' })
      }
      image.updatedAt = nowIso()
      return image
    })
  }

  /**
   * Deletes an image and its file, unless it is protected (Glance's 403).
   * Servers built from it keep running: hosts keep their cached base in _base.
   */
  async delete(ref: string): Promise<Image> {
    const image = await this.store.transact((state) => {
      const found = findOne('image', state.images, ref)
      if (found.protected) {
        throw new UserError(`Image ${found.id} is protected and cannot be deleted.`, { hint: `Unprotect it first: \`homenova image set ${found.name} --unprotected\`.` })
      }
      state.images = state.images.filter((i) => i.id !== found.id)
      return found
    })
    await unlink(image.file).catch(() => undefined)
    return image
  }

  /** Writes the image's data to `target` (which must not exist) and checks its sha256. */
  async save(ref: string, target: string): Promise<Image> {
    const image = await this.show(ref)
    await saveImageFile(image, target)
    return image
  }

  /** Converts an image with qemu-img into a new image (new id, its own hashes), named `name` or `<name>-<format>`. */
  async convert(ref: string, to: ConvertTarget, name?: string): Promise<Image> {
    const source = await this.show(ref)
    const newName = name ?? `${source.name}-${to === 'vpc' ? 'vhd' : to}`
    checkName('image', newName)
    return this.record(await convertImageFile(homePaths(this.store.home).images, source, to, newName))
  }

  // Records a new image whose file is in place; the file goes if the record cannot be written.
  private async record(image: Image): Promise<Image> {
    try {
      return await this.store.transact((state) => {
        resolveDirectBoot(state, image.properties, image)
        state.images.push(image)
        return image
      })
    } catch (err) {
      await unlink(image.file).catch(() => undefined)
      throw err
    }
  }
}
