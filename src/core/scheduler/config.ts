// Scheduler settings with Nova's names and defaults (nova.conf [filter_scheduler]
// and [scheduler]). Stored cloud-wide in the store's `config`; `homenova config
// set` changes them.
import { DEFAULT_ALLOCATION_RATIOS, DEFAULT_RESERVED_MEMORY_MB } from '../model/placement.js'
import type { Config } from '../store/schema.js'

/** Every scheduler setting, as nova.conf names it. */
export interface SchedulerConfig {
  enabled_filters: string[]
  weight_classes: string[]
  host_subset_size: number
  max_attempts: number
  ram_weight_multiplier: number
  cpu_weight_multiplier: number
  disk_weight_multiplier: number
  io_ops_weight_multiplier: number
  num_instances_weight_multiplier: number
  soft_affinity_weight_multiplier: number
  soft_anti_affinity_weight_multiplier: number
  build_failure_weight_multiplier: number
  max_io_ops_per_host: number
  max_instances_per_host: number
  isolated_images: string[]
  isolated_hosts: string[]
  restrict_isolated_hosts_to_isolated_images: boolean
  aggregate_image_properties_isolation_namespace: string
  aggregate_image_properties_isolation_separator: string
  /** Cloud-wide allocation ratio defaults for new hosts (initial_*_allocation_ratio). */
  initial_cpu_allocation_ratio: number
  initial_ram_allocation_ratio: number
  initial_disk_allocation_ratio: number
  reserved_host_memory_mb: number
  default_availability_zone: string
  /** Architecture assumed for images that name none ('' = none, Nova's None). */
  image_properties_default_architecture: string
  /** Compute options ([DEFAULT] in nova.conf): seconds a guest gets to shut down by itself before a hard stop. */
  shutdown_timeout: number
  /** Builds that run at once on one host (Nova's max_concurrent_builds). */
  max_concurrent_builds: number
  /** Tasks one conductor process runs at once (homenova's own; Nova's is its worker count). */
  conductor_workers: number
  /** Whether a resize may stay on the server's current host (Nova's allow_resize_to_same_host). */
  allow_resize_to_same_host: boolean
  /** Seconds after which a resize waiting in VERIFY_RESIZE is confirmed by the conductor (0: never, Nova's resize_confirm_window). */
  resize_confirm_window: number
  /** Whether every new server gets a config drive, asked for or not (Nova's force_config_drive; the seeds set it). */
  force_config_drive: boolean
  /** iso9660 (label config-2, what cloud-init and Windows read) or vfat (Nova's config_drive_format). */
  config_drive_format: string
  /** Domain appended to a guest's hostname in its metadata, its FQDN ('' = none; Nova's [api] dhcp_domain). */
  dhcp_domain: string
  /** HMAC-SHA256 key a metadata proxy signs X-Instance-ID with ('' = proxied requests refused; Nova's [neutron] metadata_proxy_shared_secret). */
  metadata_proxy_shared_secret: string
  /** Seconds a console URL's token stays valid (Nova's [consoleauth] token_ttl); it also works for one connection only. */
  console_token_ttl: number
  /** Address the browser console proxy listens on (Nova's [vnc] novncproxy_host; Nova's default is 0.0.0.0, homenova's the loopback). */
  novncproxy_host: string
  /** Port the browser console proxy listens on (Nova's [vnc] novncproxy_port). */
  novncproxy_port: number
  /** Base of the URLs `console url show` prints ('' = http://novncproxy_host:novncproxy_port/vnc.html; Nova's [vnc] novncproxy_base_url). */
  novncproxy_base_url: string
  /** Origins (host or host:port) whose pages may open a console WebSocket besides the proxy's own (Nova's [console] allowed_origins). */
  console_allowed_origins: string[]
  /**
   * Seconds a live migration may take per GiB it copies (the guest's RAM, at
   * least 2 GiB, plus its disk), then live_migration_timeout_action; 0: no
   * limit (Nova's [libvirt] live_migration_completion_timeout).
   */
  live_migration_completion_timeout: number
  /** abort (the guest stays where it was) or force_complete (paused so that the copy ends) (Nova's [libvirt] live_migration_timeout_action). */
  live_migration_timeout_action: string
  /** Whether libvirt may slow a guest's vCPUs so that a migration of its memory converges (Nova's [libvirt] live_migration_permit_auto_converge). */
  live_migration_permit_auto_converge: boolean
  /** Whether the image cache pass removes unused cached bases (Nova's [image_cache] remove_unused_base_images). */
  remove_unused_base_images: boolean
  /** Seconds a cached base must have been unused before the cache pass removes it (Nova's [image_cache] remove_unused_original_minimum_age_seconds). */
  remove_unused_original_minimum_age_seconds: number
}

/** Nova's defaults (Zed). */
export const SCHEDULER_DEFAULTS: SchedulerConfig = {
  enabled_filters: ['ComputeFilter', 'ComputeCapabilitiesFilter', 'ImagePropertiesFilter', 'ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter'],
  weight_classes: ['all'],
  host_subset_size: 1,
  max_attempts: 3,
  ram_weight_multiplier: 1.0,
  cpu_weight_multiplier: 1.0,
  disk_weight_multiplier: 1.0,
  io_ops_weight_multiplier: -1.0,
  num_instances_weight_multiplier: 0.0,
  soft_affinity_weight_multiplier: 1.0,
  soft_anti_affinity_weight_multiplier: 1.0,
  build_failure_weight_multiplier: 1000000.0,
  max_io_ops_per_host: 8,
  max_instances_per_host: 50,
  isolated_images: [],
  isolated_hosts: [],
  restrict_isolated_hosts_to_isolated_images: true,
  aggregate_image_properties_isolation_namespace: '',
  aggregate_image_properties_isolation_separator: '.',
  initial_cpu_allocation_ratio: DEFAULT_ALLOCATION_RATIOS.VCPU,
  initial_ram_allocation_ratio: DEFAULT_ALLOCATION_RATIOS.MEMORY_MB,
  initial_disk_allocation_ratio: DEFAULT_ALLOCATION_RATIOS.DISK_GB,
  reserved_host_memory_mb: DEFAULT_RESERVED_MEMORY_MB,
  default_availability_zone: 'nova',
  image_properties_default_architecture: '',
  shutdown_timeout: 60,
  max_concurrent_builds: 10,
  conductor_workers: 16,
  allow_resize_to_same_host: false,
  resize_confirm_window: 0,
  force_config_drive: true,
  config_drive_format: 'iso9660',
  metadata_proxy_shared_secret: '',
  dhcp_domain: 'novalocal',
  console_token_ttl: 600,
  novncproxy_host: '127.0.0.1',
  novncproxy_port: 6080,
  novncproxy_base_url: '',
  console_allowed_origins: [],
  live_migration_completion_timeout: 800,
  live_migration_timeout_action: 'abort',
  live_migration_permit_auto_converge: false,
  remove_unused_base_images: true,
  remove_unused_original_minimum_age_seconds: 86400,
}

/** The effective settings: Nova's defaults overlaid with what the store holds. */
export function schedulerConfig(stored: Config): SchedulerConfig {
  return { ...SCHEDULER_DEFAULTS, ...(stored as Partial<SchedulerConfig>) }
}
