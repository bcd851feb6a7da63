// Glance's vocabulary for what an image is: disk and container formats,
// visibilities, and the names qemu-img gives the same formats. Pure data, so
// the store's schema can use it.

/** Glance's disk formats that homenova accepts (Glance also knows ploop). */
export const DISK_FORMATS = ['raw', 'qcow2', 'vmdk', 'vdi', 'vhd', 'vhdx', 'iso', 'aki', 'ari', 'ami'] as const
/** A Glance disk format. */
export type DiskFormat = (typeof DISK_FORMATS)[number]

/** Glance's container formats that homenova accepts. */
export const CONTAINER_FORMATS = ['bare', 'ovf', 'ova', 'aki', 'ari', 'ami'] as const
/** A Glance container format. */
export type ContainerFormat = (typeof CONTAINER_FORMATS)[number]

/** Who may see an image, in Glance's words. */
export const VISIBILITIES = ['public', 'private', 'shared', 'community'] as const
/** A Glance visibility. */
export type Visibility = (typeof VISIBILITIES)[number]

/** Glance's default visibility for a new image (since Pike: shared, not private). */
export const DEFAULT_VISIBILITY: Visibility = 'shared'

/** The formats a host can boot from: its qemu-img makes the server's disk with `-F FORMAT -b base`. */
export const BOOTABLE_FORMATS = ['qcow2', 'raw'] as const
/** A disk format a host can boot from. */
export type BootableFormat = (typeof BOOTABLE_FORMATS)[number]

/** The formats `image convert --to` writes, in qemu-img's names (vpc is Glance's vhd). */
export const CONVERT_TARGETS = ['qcow2', 'raw', 'vmdk', 'vdi', 'vpc'] as const
/** A qemu-img output format of `image convert`. */
export type ConvertTarget = (typeof CONVERT_TARGETS)[number]

/** Formats whose content qemu-img reads as raw bytes: Glance takes them as declared. */
const RAW_CONTENT: readonly DiskFormat[] = ['raw', 'iso', 'aki', 'ari', 'ami']

/** qemu-img's name for a disk format's content (`-f`/`-O`). */
export function qemuFormatOf(format: DiskFormat): string {
  if (format === 'vhd') return 'vpc'
  return RAW_CONTENT.includes(format) ? 'raw' : format
}

/** The Glance disk format of a qemu-img format name, or undefined for one Glance does not take (qed, dmg, luks...). */
export function diskFormatOfQemu(name: string): DiskFormat | undefined {
  if (name === 'vpc') return 'vhd'
  return (['raw', 'qcow2', 'vmdk', 'vdi', 'vhdx'] as const).find((f) => f === name)
}

/** True when a host can boot the format. */
export function isBootable(format: DiskFormat): format is BootableFormat {
  return format === 'qcow2' || format === 'raw'
}

/** Glance's image attributes, which a --property may not name (Glance: "Attribute '...' is reserved."). */
export const RESERVED_PROPERTIES: readonly string[] = [
  'checksum', 'container_format', 'created_at', 'direct_url', 'disk_format', 'file', 'id', 'locations', 'min_disk', 'min_ram', 'name',
  'os_hash_algo', 'os_hash_value', 'os_hidden', 'owner', 'protected', 'schema', 'self', 'size', 'status', 'tags', 'updated_at',
  'virtual_size', 'visibility',
]
