// Images as the CLI shows them, in Glance's field names: `checksum` is Glance's
// md5, `os_hash_value` the sha256 homenova keys its host caches by.
import type { Image } from '../core/store/schema.js'
import { fieldNames } from './output.js'

/** An image as `image show` and --json give it (Glance's fields, alphabetical as openstack prints them). */
export function imageView(i: Image) {
  const hasData = i.status === 'active'
  return {
    checksum: i.md5,
    container_format: i.containerFormat,
    created_at: i.createdAt,
    disk_format: i.diskFormat,
    file: i.file,
    id: i.id,
    min_disk: i.minDisk,
    min_ram: i.minRam,
    name: i.name,
    os_hash_algo: hasData && i.checksum ? 'sha256' : null,
    os_hash_value: hasData && i.checksum ? i.checksum : null,
    properties: i.properties,
    protected: i.protected,
    size: hasData ? i.size : null,
    status: i.status,
    updated_at: i.updatedAt,
    virtual_size: hasData ? i.virtualSize : null,
    visibility: i.visibility,
  }
}
/** The JSON shape of an image. */
export type ImageView = ReturnType<typeof imageView>

/** The fields of `image show`, `image create`, `image set` and `image convert`. */
export const IMAGE_FIELDS = fieldNames<ImageView>()([
  'checksum', 'container_format', 'created_at', 'disk_format', 'file', 'id', 'min_disk', 'min_ram', 'name', 'os_hash_algo', 'os_hash_value', 'properties', 'protected',
  'size', 'status', 'updated_at', 'virtual_size', 'visibility',
])

/** The Field/Value pairs of `image show`: properties as openstack prints a dict, booleans as True/False. */
export function imageFields(v: ImageView): Record<string, unknown> {
  return {
    ...v,
    properties: Object.entries(v.properties).map(([k, val]) => `${k}='${val}'`).join(', '),
    protected: v.protected ? 'True' : 'False',
  }
}

/** Header of `image list`, as openstack's. */
export const IMAGE_HEAD = ['ID', 'Name', 'Status']
/** Header of `image list --long` (openstack's, without Project and Tags). */
export const IMAGE_LONG_HEAD = ['ID', 'Name', 'Disk Format', 'Container Format', 'Size', 'Checksum', 'Status', 'Visibility', 'Protected']

/** One row of `image list`, or of `image list --long`. */
export function imageRow(v: ImageView, long = false): Array<string | number> {
  if (!long) return [v.id, v.name, v.status]
  return [v.id, v.name, v.disk_format, v.container_format, v.size ?? '', v.checksum ?? '', v.status, v.visibility, v.protected ? 'True' : 'False']
}
