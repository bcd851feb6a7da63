// Images: import a file into the registry, list, show, delete.
import { unlink } from 'node:fs/promises'
import { homePaths } from '../paths.js'
import { importImageFile } from '../images/registry.js'
import { checkName, findOne } from '../model/names.js'
import { unsetKeys } from '../model/properties.js'
import type { Store } from '../store/store.js'
import type { Image } from '../store/schema.js'

/** Image operations. */
export class ImageApi {
  constructor(private readonly store: Store) {}

  async create(name: string, file: string): Promise<Image> {
    checkName('image', name)
    const image = await importImageFile(homePaths(this.store.home).images, name, file)
    try {
      return await this.store.transact((state) => {
        state.images.push(image)
        return image
      })
    } catch (err) {
      await unlink(image.file).catch(() => undefined)
      throw err
    }
  }

  async list(): Promise<Image[]> {
    return (await this.store.read()).images
  }

  async show(ref: string): Promise<Image> {
    return findOne('image', (await this.store.read()).images, ref)
  }

  /** Sets image properties (architecture, hypervisor_type, hw_vm_mode, img_hv_requested_version, trait:*...). */
  async setProperties(ref: string, properties: Record<string, string>): Promise<Image> {
    return this.store.transact((state) => {
      const image = findOne('image', state.images, ref)
      Object.assign(image.properties, properties)
      return image
    })
  }

  async unsetProperties(ref: string, keys: string[]): Promise<Image> {
    return this.store.transact((state) => {
      const image = findOne('image', state.images, ref)
      unsetKeys(image.properties, keys, `Image ${image.name}`)
      return image
    })
  }

  async delete(ref: string): Promise<Image> {
    const image = await this.store.transact((state) => {
      const found = findOne('image', state.images, ref)
      state.images = state.images.filter((i) => i.id !== found.id)
      return found
    })
    // Hosts keep their cached copy in _base, so servers built from it keep running.
    await unlink(image.file).catch(() => undefined)
    return image
  }
}
