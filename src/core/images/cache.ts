// Nova's image cache manager, the decision part (pure, unit-tested): which
// cached base on a host serves whom, and whether an unused one is old enough to
// go. A base is in use if the host says a server's disk reads it (its backing
// file: this covers servers whose image was deleted, rescue disks and disks an
// unconfirmed move kept), or if the store says a server will read it: a server
// on that host booted from the image, its kernel or ramdisk, its rescue image,
// a shelved server's snapshot, an image a queued or running task needs. Only
// unused bases whose mtime (touched at every pass while in use) is older than
// remove_unused_original_minimum_age_seconds are removed, as in Nova.
import type { CachedImage } from '../../hypervisor/driver.js'
import { isOpen } from '../conductor/tasks.js'
import type { Host, Image, Server, State } from '../store/schema.js'

/** Who uses a cached base, and why. */
export interface CacheUser {
  serverId: string
  /** The server's name, or its uuid if the store no longer knows it (files left on the host). */
  server: string
  why: 'disk' | 'image' | 'kernel' | 'ramdisk' | 'rescue' | 'shelved snapshot' | 'task'
}

/** One cached base on one host, as `image cache list` shows it. */
export interface CacheEntry {
  hostId: string
  host: string
  /** The file under `_base` (the image's sha256). */
  name: string
  /** The image it caches, if the registry still has one with that sha256. */
  image: { id: string; name: string } | null
  size: number
  /** When the base was last seen in use (its mtime). */
  lastUsed: string
  ageSeconds: number
  users: CacheUser[]
}

/** What the cache pass does with a base, and why. */
export interface CacheDecision {
  action: 'keep' | 'remove'
  reason: string
}

/** Nova's rule: keep a base in use; remove an unused one once it has been unused for `minAgeSeconds`. */
export function decide(entry: Pick<CacheEntry, 'users' | 'ageSeconds'>, minAgeSeconds: number): CacheDecision {
  if (entry.users.length > 0) {
    const names = [...new Set(entry.users.map((u) => u.server))]
    return { action: 'keep', reason: `in use by ${names.join(', ')}` }
  }
  if (entry.ageSeconds < minAgeSeconds) return { action: 'keep', reason: `unused for ${duration(entry.ageSeconds)}, under the ${duration(minAgeSeconds)} minimum age` }
  return { action: 'remove', reason: `unused for ${duration(entry.ageSeconds)}` }
}

/** Seconds as the largest sensible unit: 45s, 12m, 3.5h, 2.0d. */
export function duration(seconds: number): string {
  if (seconds < 120) return `${Math.max(0, Math.round(seconds))}s`
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)}h`
  return `${(seconds / 86400).toFixed(1)}d`
}

/** Image ids the store says servers on `host` read from its cache (or, for shelved snapshots and tasks, may read soon), per server. */
export function storeUses(state: State, host: Host): Array<{ server: Server; imageId: string; why: CacheUser['why'] }> {
  const uses: Array<{ server: Server; imageId: string; why: CacheUser['why'] }> = []
  const byId = new Map(state.images.map((i) => [i.id, i]))
  for (const server of state.servers) {
    if (server.vmState === 'deleted') continue
    const here = server.host === host.id || server.migration?.sourceHost === host.id || server.migration?.destHost === host.id
    if (here) {
      uses.push({ server, imageId: server.imageId, why: 'image' })
      const image = byId.get(server.imageId)
      for (const key of ['kernel_id', 'ramdisk_id'] as const) {
        const ref = image?.properties[key]
        if (ref) uses.push({ server, imageId: ref, why: key === 'kernel_id' ? 'kernel' : 'ramdisk' })
      }
      if (server.vmState === 'rescued') {
        const rescue = state.tasks.filter((t) => t.kind === 'rescue' && t.serverId === server.id).at(-1)
        if (rescue?.kind === 'rescue') uses.push({ server, imageId: rescue.rescueImageId, why: 'rescue' })
      }
    }
    // An offloaded server has no host: its snapshot is kept wherever it is cached, for the unshelve.
    if (server.vmState === 'shelved_offloaded' && server.shelvedImageId) uses.push({ server, imageId: server.shelvedImageId, why: 'shelved snapshot' })
  }
  for (const task of state.tasks.filter(isOpen)) {
    const server = state.servers.find((s) => s.id === task.serverId)
    const imageId = task.kind === 'rebuild' ? task.imageId : task.kind === 'rescue' ? task.rescueImageId : undefined
    if (server && imageId) uses.push({ server, imageId, why: 'task' })
  }
  return uses
}

/** The cache of one host as `image cache list` shows it: the host's files joined with what the store knows. */
export function describeCache(state: State, host: Host, cached: readonly CachedImage[], nowMs: number): CacheEntry[] {
  const images = new Map<string, Image>()
  for (const image of state.images) if (image.checksum && !images.has(image.checksum)) images.set(image.checksum, image)
  const byId = new Map(state.images.map((i) => [i.id, i]))
  const servers = new Map(state.servers.map((s) => [s.id, s]))
  const fromStore = new Map<string, CacheUser[]>()
  for (const use of storeUses(state, host)) {
    const checksum = byId.get(use.imageId)?.checksum
    if (!checksum) continue
    fromStore.set(checksum, [...(fromStore.get(checksum) ?? []), { serverId: use.server.id, server: use.server.name, why: use.why }])
  }
  return cached
    .map((c) => {
      const image = images.get(c.name)
      const onHost: CacheUser[] = c.users.map((id) => ({ serverId: id, server: servers.get(id)?.name ?? id, why: 'disk' }))
      const users = [...onHost, ...(fromStore.get(c.name) ?? []).filter((u) => !onHost.some((h) => h.serverId === u.serverId))]
      return {
        hostId: host.id,
        host: host.name,
        name: c.name,
        image: image ? { id: image.id, name: image.name } : null,
        size: c.size,
        lastUsed: new Date(c.mtimeMs).toISOString(),
        ageSeconds: Math.max(0, Math.floor((nowMs - c.mtimeMs) / 1000)),
        users,
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}
