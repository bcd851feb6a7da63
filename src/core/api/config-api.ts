// Cloud-wide settings (nova.conf's [filter_scheduler], [scheduler] and the
// allocation ratio defaults), kept in the store and checked on the way in.
import { UserError } from '../errors.js'
import { SCHEDULER_DEFAULTS, schedulerConfig, type SchedulerConfig } from '../scheduler/config.js'
import type { Store } from '../store/store.js'

type Key = keyof SchedulerConfig

/** The names enabled_filters and weight_classes may hold. */
export interface KnownNames {
  filters: Readonly<Record<string, unknown>>
  weighers: Readonly<Record<string, unknown>>
}

/** Parses one setting's text into its typed value, or throws a UserError. */
export function parseSetting(key: string, text: string, names: KnownNames): SchedulerConfig[Key] {
  if (!Object.hasOwn(SCHEDULER_DEFAULTS, key)) throw new UserError(`Unknown setting ${key}`, { hint: 'See `homenova config show` for every setting.' })
  const def = SCHEDULER_DEFAULTS[key as Key]
  if (Array.isArray(def)) {
    const list = text.split(',').map((s) => s.trim()).filter(Boolean)
    const known = key === 'enabled_filters' ? names.filters : key === 'weight_classes' ? { ...names.weighers, all: true } : undefined
    const unknown = known ? list.filter((n) => !Object.hasOwn(known, n)) : []
    if (unknown.length > 0) throw new UserError(`Unknown ${key === 'enabled_filters' ? 'filter' : 'weigher'} ${unknown.join(', ')}`, { hint: `Known: ${Object.keys(known!).join(', ')}.` })
    return list
  }
  if (typeof def === 'boolean') {
    if (!/^(true|false)$/i.test(text)) throw new UserError(`${key} is true or false, got ${JSON.stringify(text)}`)
    return /^true$/i.test(text)
  }
  if (typeof def === 'number') {
    const n = Number(text)
    const integer = ['host_subset_size', 'max_attempts', 'max_io_ops_per_host', 'max_instances_per_host', 'reserved_host_memory_mb', 'max_concurrent_builds', 'conductor_workers', 'console_token_ttl', 'novncproxy_port', 'remove_unused_original_minimum_age_seconds'].includes(key)
    const min = ['host_subset_size', 'max_attempts', 'max_concurrent_builds', 'conductor_workers', 'console_token_ttl', 'novncproxy_port'].includes(key) ? 1 : key.endsWith('multiplier') ? -Infinity : 0
    if (text.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || (key.endsWith('allocation_ratio') && n <= 0)) {
      throw new UserError(`${key} must be ${integer ? 'a whole number' : 'a number'}${min > -Infinity ? ` >= ${min}` : ''}, got ${JSON.stringify(text)}`)
    }
    if (key === 'novncproxy_port' && n > 65535) throw new UserError(`novncproxy_port must be a port number (1-65535), got ${JSON.stringify(text)}`)
    return n
  }
  if (key === 'live_migration_timeout_action' && text !== 'abort' && text !== 'force_complete') {
    throw new UserError(`live_migration_timeout_action is abort or force_complete, got ${JSON.stringify(text)}`, { hint: 'abort leaves the guest running where it was; force_complete pauses it so that the copy ends.' })
  }
  if (key === 'config_drive_format' && text !== 'iso9660' && text !== 'vfat') {
    throw new UserError(`config_drive_format is iso9660 or vfat, got ${JSON.stringify(text)}`, { hint: 'iso9660 (label config-2) is what cloud-init and cloudbase-init read; vfat needs dosfstools and mtools here.' })
  }
  if (key === 'dhcp_domain' && text !== '' && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(text)) {
    throw new UserError(`dhcp_domain is a DNS domain, got ${JSON.stringify(text)}`, { hint: "For example novalocal (Nova's default), home.arpa, or '' for none." })
  }
  if (key === 'novncproxy_host' && !/^[0-9A-Za-z.:_-]+$/.test(text)) {
    throw new UserError(`novncproxy_host is an address or host name, got ${JSON.stringify(text)}`, { hint: 'For example 127.0.0.1 (the default), 0.0.0.0 or ::1.' })
  }
  if (key === 'novncproxy_base_url' && text !== '' && !/^https?:\/\/[^/?#]+\/[^?#]*$/.test(text)) {
    throw new UserError(`novncproxy_base_url is an http(s) URL of the console page, got ${JSON.stringify(text)}`, { hint: "For example http://console.example:6080/vnc.html; '' builds it from novncproxy_host and novncproxy_port." })
  }
  return text
}

/** Settings whose values are secrets (a key that signs requests): shown masked unless revealed. */
export const SECRET_SETTINGS: readonly string[] = ['metadata_proxy_shared_secret']

/** The mask shown for a secret that is set; an empty secret shows as empty (nothing to hide, and "unset" is worth seeing). */
export const SECRET_MASK = '***'

/** The settings with every secret that is set replaced by SECRET_MASK. */
export function maskSecrets(config: SchedulerConfig): SchedulerConfig {
  const masked: Record<string, unknown> = { ...config }
  for (const key of SECRET_SETTINGS) if (masked[key] !== '' && masked[key] !== undefined) masked[key] = SECRET_MASK
  return masked as unknown as SchedulerConfig
}

/** Settings operations. */
export class ConfigApi {
  constructor(private readonly store: Store) {}

  async show(): Promise<SchedulerConfig> {
    return schedulerConfig((await this.store.read()).config)
  }

  async set(key: string, text: string): Promise<SchedulerConfig> {
    // The filter and weigher registries load only when a setting is changed.
    const [{ FILTERS }, { WEIGHERS }] = await Promise.all([import('../scheduler/filters/index.js'), import('../scheduler/weighers/index.js')])
    const value = parseSetting(key, text, { filters: FILTERS, weighers: WEIGHERS })
    return this.store.transact((state) => {
      state.config[key] = value
      return schedulerConfig(state.config)
    })
  }

  /** Back to Nova's default. */
  async unset(key: string): Promise<SchedulerConfig> {
    if (!Object.hasOwn(SCHEDULER_DEFAULTS, key)) throw new UserError(`Unknown setting ${key}`, { hint: 'See `homenova config show` for every setting.' })
    return this.store.transact((state) => {
      delete state.config[key]
      return schedulerConfig(state.config)
    })
  }
}
