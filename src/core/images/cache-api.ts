// The per-host image cache as an operator and the conductor use it: list every
// host's `_base` with its users, and the cache pass (Nova's
// _run_image_cache_manager_pass): touch bases in use, remove unused ones older
// than remove_unused_original_minimum_age_seconds. Host calls run outside any
// transaction; nothing here writes the store.
import type { DriverFactory } from '../../hypervisor/driver.js'
import type { Clock } from '../clock.js'
import { systemClock } from '../clock.js'
import type { DriverSource } from '../conductor/context.js'
import { DriverPool } from '../conductor/driver-pool.js'
import { UserError } from '../errors.js'
import { findOne } from '../model/names.js'
import { schedulerConfig } from '../scheduler/config.js'
import type { Host } from '../store/schema.js'
import type { Store } from '../store/store.js'
import { decide, describeCache, storeUses, type CacheDecision, type CacheEntry } from './cache.js'

/** A cached base and what the pass did (or, with --dry-run, would do) with it. */
export interface PrunedEntry extends CacheEntry {
  action: CacheDecision['action'] | 'removed' | 'kept (touched meanwhile)'
  reason: string
}

/** What a pass over hosts did; a host that could not be asked is listed with its error. */
export interface PruneReport {
  entries: PrunedEntry[]
  errors: Array<{ host: string; error: string }>
}

/** Lists and prunes hosts' image caches. */
export class ImageCacheApi {
  constructor(
    private readonly store: Store,
    private readonly drivers: DriverFactory,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Every cached base on `hostRef` (or on every host) with its image and users; unreachable hosts are reported, not thrown. */
  async list(hostRef?: string): Promise<{ entries: CacheEntry[]; errors: PruneReport['errors'] }> {
    const pool = new DriverPool(this.drivers)
    try {
      const hosts = await this.hosts(hostRef)
      const errors: PruneReport['errors'] = []
      const lists = await Promise.all(
        hosts.map(async (host) => {
          try {
            const cached = await (await pool.get(host)).listImageCache()
            return describeCache(await this.store.read(), host, cached, this.clock.now())
          } catch (err) {
            errors.push({ host: host.name, error: (err as Error).message })
            return []
          }
        }),
      )
      if (hostRef && errors.length > 0) throw new UserError(`Cannot read the image cache of ${errors[0].host}: ${errors[0].error}`, { hint: 'Check the host is up: `homenova host show`.' })
      return { entries: lists.flat(), errors }
    } finally {
      await pool.closeAll()
    }
  }

  /** The cache pass on `hostRef` (or every host); with `dryRun` it says what it would remove and changes nothing. */
  async prune(options: { hostRef?: string; dryRun?: boolean } = {}): Promise<PruneReport> {
    const hosts = await this.hosts(options.hostRef)
    const pool = new DriverPool(this.drivers)
    try {
      const report = await imageCachePass(this.store, pool, this.clock, hosts, options.dryRun ?? false)
      if (options.hostRef && report.errors.length > 0) throw new UserError(`Cannot prune the image cache of ${report.errors[0].host}: ${report.errors[0].error}`, { hint: 'Check the host is up: `homenova host show`.' })
      return report
    } finally {
      await pool.closeAll()
    }
  }

  private async hosts(ref?: string): Promise<Host[]> {
    const state = await this.store.read()
    return ref ? [findOne('host', state.hosts, ref)] : state.hosts
  }
}

/**
 * Nova's image cache pass over `hosts`: bases in use are touched (their mtime
 * says when they were last seen in use); unused ones older than the minimum
 * age are removed, unless remove_unused_base_images is off. Just before a
 * removal the store is read again, so a server placed on the host meanwhile
 * keeps its base, and the host removes the file only if nothing touched it.
 */
export async function imageCachePass(store: Store, drivers: DriverSource, clock: Clock, hosts: readonly Host[], dryRun: boolean): Promise<PruneReport> {
  const config = schedulerConfig((await store.read()).config)
  const minAge = config.remove_unused_original_minimum_age_seconds
  const removing = config.remove_unused_base_images
  const report: PruneReport = { entries: [], errors: [] }
  for (const host of hosts) {
    try {
      const driver = await drivers.get(host)
      const now = clock.now()
      const entries = describeCache(await store.read(), host, await driver.listImageCache(), now)
      const decided = entries.map((e) => ({ ...e, ...decide(e, minAge) }))
      const inUse = decided.filter((e) => e.users.length > 0).map((e) => e.name)
      if (!dryRun && inUse.length > 0) await driver.touchCachedImages(inUse)
      for (const entry of decided) {
        if (entry.action !== 'remove') {
          report.entries.push(entry)
          continue
        }
        if (!removing) {
          report.entries.push({ ...entry, action: 'keep', reason: `${entry.reason}; remove_unused_base_images is off` })
          continue
        }
        if (dryRun) {
          report.entries.push(entry)
          continue
        }
        const fresh = await store.read()
        const current = fresh.hosts.find((h) => h.id === host.id)
        const wanted = current && storeUses(fresh, current).some((u) => fresh.images.find((i) => i.id === u.imageId)?.checksum === entry.name)
        if (wanted) {
          report.entries.push({ ...entry, action: 'keep', reason: 'a server on the host needs it now' })
          continue
        }
        const gone = await driver.removeCachedImage(entry.name, now - minAge * 1000)
        report.entries.push(gone ? { ...entry, action: 'removed' } : { ...entry, action: 'kept (touched meanwhile)' })
      }
    } catch (err) {
      report.errors.push({ host: host.name, error: (err as Error).message })
    }
  }
  return report
}
