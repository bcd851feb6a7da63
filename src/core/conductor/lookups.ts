// Small lookups the workflows share.
import type { Image, State } from '../store/schema.js'

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

/** The consumer that holds the source's claim during a move (Nova's migration record). */
export function migrationConsumer(serverId: string): string {
  return `migration-${serverId}`
}
