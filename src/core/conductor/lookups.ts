// Small lookups the workflows share.
import type { Image, Server, State } from '../store/schema.js'

/** A host's name for messages ('?' if it is gone). */
export function hostNameOf(state: State, hostId: string | null | undefined): string {
  return state.hosts.find((h) => h.id === hostId)?.name ?? '?'
}

/** An image the work needs; an error a fault can carry if it was deleted meanwhile. */
export function imageOf(state: State, imageId: string): Image {
  const image = state.images.find((i) => i.id === imageId)
  if (!image) throw new Error(`Image ${imageId} was deleted before the work on it finished`)
  return image
}

/** The consumer that keeps a dead host's claim for an evacuated server until the host is back and cleaned. */
export function evacuationConsumer(serverId: string, hostId: string): string {
  return `evacuation-${serverId}-${hostId}`
}

/**
 * The server's own image, or, once it was deleted from the registry (Glance
 * lets a server outlive its image, and so does Nova), a stand-in that knows
 * only its id: enough for work on the server's existing disk (resize, migrate,
 * their confirm and revert, rescue and unrescue, scheduling a move or an
 * unshelve, where Nova reads the image_meta it saved with the instance), never
 * for making a disk from the image (a stand-in has no data and no checksum).
 */
export function serverImageOf(state: State, server: Server): Image {
  const image = state.images.find((i) => i.id === server.imageId)
  if (image) return image
  return {
    id: server.imageId,
    name: `(deleted image ${server.imageId})`,
    status: 'active',
    diskFormat: 'qcow2',
    containerFormat: 'bare',
    size: 0,
    virtualSize: 0,
    checksum: '',
    md5: null,
    minDisk: 0,
    minRam: 0,
    visibility: 'private',
    protected: false,
    file: '',
    properties: {},
    createdAt: server.createdAt,
    updatedAt: server.createdAt,
  }
}

/** The consumer that holds the source's claim during a move (Nova's migration record). */
export function migrationConsumer(serverId: string): string {
  return `migration-${serverId}`
}

/** At a move's start: the source's claim goes to the migration consumer and the server claims `resources` on `destId`, so both are held while it moves. */
export function holdMoveClaims(state: State, server: Server, destId: string, resources: State['allocations'][number]['resources']): void {
  const source = state.allocations.find((a) => a.consumerId === server.id)
  if (source) source.consumerId = migrationConsumer(server.id)
  state.allocations.push({ consumerId: server.id, providerId: destId, resources: { ...resources } })
}

/** After a move failed or was reverted: the destination's claim goes and the source's is the server's again. */
export function restoreMoveClaims(state: State, server: Server): void {
  state.allocations = state.allocations.filter((a) => a.consumerId !== server.id)
  const kept = state.allocations.find((a) => a.consumerId === migrationConsumer(server.id))
  if (kept) kept.consumerId = server.id
}
