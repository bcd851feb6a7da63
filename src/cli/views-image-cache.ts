// How `image cache list` and `image cache prune` show cached bases: pure
// functions from the core's entries to rows.
import type { CacheEntry } from '../core/images/cache.js'
import { duration } from '../core/images/cache.js'
import type { PrunedEntry } from '../core/images/cache-api.js'

/** The columns of `image cache list`. */
export const CACHE_HEAD = ['Host', 'Image', 'Base File', 'Size', 'Users', 'Last Used', 'Age'] as const
/** The columns of `image cache prune`. */
export const PRUNE_HEAD = ['Host', 'Image', 'Base File', 'Size', 'Action', 'Reason'] as const

// The image's name, or "(deleted)" when no image in the registry has that sha256 any more.
const imageCell = (e: CacheEntry) => (e.image ? e.image.name : e.name.endsWith('.part') ? '(upload in progress)' : '(deleted)')

/** One row of `image cache list`. */
export function cacheRow(e: CacheEntry): Array<string | number> {
  const users = e.users.map((u) => (u.why === 'disk' || u.why === 'image' ? u.server : `${u.server} (${u.why})`))
  return [e.host, imageCell(e), e.name, e.size, [...new Set(users)].join(', '), e.lastUsed, duration(e.ageSeconds)]
}

/** One row of `image cache prune`. */
export function pruneRow(e: PrunedEntry): Array<string | number> {
  return [e.host, imageCell(e), e.name, e.size, e.action, e.reason]
}
