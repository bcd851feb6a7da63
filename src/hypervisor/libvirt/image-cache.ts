// The host side of Nova's image cache manager for the libvirt driver: list
// `_base` with sizes and mtimes, find which server disks read each base (their
// qcow2 backing file, as Nova's _list_backing_images does, so a server whose
// image was deleted still protects its base), touch bases in use, and remove
// one only if it is still old when the host removes it. Argument lists only.
import type { CachedImage } from '../driver.js'
import { run } from '../transport.js'
import type { LibvirtHost } from './host-context.js'

// Names of files under _base: a sha256, possibly with homenova's own suffixes; never a path.
const BASE_NAME = /^[0-9A-Za-z_-][0-9A-Za-z._-]*$/

/** Parses `find -printf '%f\t%s\t%T@\n'` lines into names, sizes and mtimes. */
export function parseBaseListing(text: string): Array<Omit<CachedImage, 'users'>> {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t'))
    .filter((f) => f.length === 3 && BASE_NAME.test(f[0]))
    .map(([name, size, mtime]) => ({ name, size: Number(size), mtimeMs: Math.round(Number(mtime) * 1000) }))
}

/** Every file in the host's `_base`, with the servers whose disks back onto it. */
export async function listImageCache(h: LibvirtHost): Promise<CachedImage[]> {
  const dir = `${h.host.instancesDir}/_base`
  const listing = await h.transport.exec(['find', dir, '-mindepth', '1', '-maxdepth', '1', '-type', 'f', '-printf', '%f\\t%s\\t%T@\\n'])
  if (listing.code !== 0) {
    // No _base yet: nothing cached.
    if ((await h.transport.exec(['test', '-d', dir])).code !== 0) return []
    throw new Error(`Cannot list the image cache on ${h.host.name}: ${listing.stderr.trim()}`)
  }
  const bases = parseBaseListing(listing.stdout)
  const users = await backingUsers(h, dir)
  return bases.map((b) => ({ ...b, users: [...(users.get(b.name) ?? [])].sort() }))
}

// Which servers read which base: each disk, rescue disk and kept disk's backing file, and each direct boot's kernel and initrd.
async function backingUsers(h: LibvirtHost, baseDir: string): Promise<Map<string, Set<string>>> {
  const found = await h.transport.exec([
    'find', `${h.host.instancesDir}/instances`, '-mindepth', '2', '-maxdepth', '2', '-type', 'f', '(', '-name', 'disk', '-o', '-name', 'disk.rescue', ')', '-print',
  ])
  const disks = found.code === 0 ? found.stdout.split('\n').filter(Boolean) : []
  const users = new Map<string, Set<string>>()
  const add = (name: string, server: string) => {
    if (!users.has(name)) users.set(name, new Set())
    users.get(name)!.add(server)
  }
  // Direct kernel boots name their kernel and initrd in _base in the domain definition: one grep for all.
  const boots = await h.transport.exec(['grep', '-roE', '--include=domain*.xml', `<(kernel|initrd)>${baseDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[^<]+`, `${h.host.instancesDir}/instances`])
  for (const line of boots.code === 0 ? boots.stdout.split('\n').filter(Boolean) : []) {
    const m = /\/instances\/([^/]+)\/[^/:]+:<(?:kernel|initrd)>(.+)$/.exec(line)
    if (m && m[2].startsWith(`${baseDir}/`)) add(m[2].slice(baseDir.length + 1), m[1].replace(/_resize$/, ''))
  }
  await Promise.all(
    disks.map(async (disk) => {
      // -U: a running guest holds a lock on its disk; reading the header is safe.
      const info = await h.transport.exec(['qemu-img', 'info', '-U', '--output=json', disk])
      if (info.code !== 0) return
      const backing = (JSON.parse(info.stdout) as Record<string, unknown>)['backing-filename']
      if (typeof backing !== 'string' || !backing.startsWith(`${baseDir}/`)) return
      const name = backing.slice(baseDir.length + 1)
      // instances/<uuid>/disk or instances/<uuid>_resize/disk: the server is the directory's uuid.
      add(name, disk.split('/').at(-2)!.replace(/_resize$/, ''))
    }),
  )
  return users
}

/** Sets the mtime of these bases to now (`touch -c`: a missing one is not created). */
export async function touchCachedImages(h: LibvirtHost, names: string[]): Promise<void> {
  const safe = names.filter((n) => BASE_NAME.test(n))
  if (safe.length === 0) return
  await run(h.transport, ['touch', '-c', '--', ...safe.map((n) => `${h.host.instancesDir}/_base/${n}`)])
}

/**
 * Removes `_base/<name>` only if its mtime is not after `unusedSinceMs`: find
 * checks the age and deletes in one process on the host, so a base a build
 * touched since it was listed stays.
 */
export async function removeCachedImage(h: LibvirtHost, name: string, unusedSinceMs: number): Promise<boolean> {
  if (!BASE_NAME.test(name)) throw new Error(`Not a cached image name: ${JSON.stringify(name)}`)
  const path = `${h.host.instancesDir}/_base/${name}`
  const seconds = Math.floor(unusedSinceMs / 1000).toString()
  await run(h.transport, ['find', path, '-maxdepth', '0', '-type', 'f', '!', '-newermt', `@${seconds}`, '-delete'])
  return !(await h.exists(path, 'file'))
}
