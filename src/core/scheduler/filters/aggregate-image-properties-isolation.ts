// Nova's AggregateImagePropertiesIsolation (nova/scheduler/filters/aggregate_image_properties_isolation.py):
// when an aggregate of the host has metadata named like an image property the
// image sets, the image's value must be one of the aggregate's values.
import { aggregateMetadata } from './aggregate-instance-extra-specs.js'
import { pyIntText, pyStrip } from './extra-specs-ops.js'
import { canonicalize, type CanonicalField } from './image-properties.js'
import type { HostFilter } from './types.js'

// Nova compares only ImageMetaProps fields (Zed): other metadata keys, such as
// availability_zone or a custom 'os', find no image property and are skipped.
// Fields Nova builds from other keys (hw_numa_cpus, hw_numa_mem, traits_required)
// or from JSON (img_mappings, img_block_device_mapping) are lists homenova does not build.
const words = (s: string): string[] => s.split(' ')
const INTEGER = new Set(words('hw_cpu_cores hw_cpu_max_cores hw_cpu_max_sockets hw_cpu_max_threads hw_cpu_sockets ' +
  'hw_cpu_threads hw_device_id hw_numa_nodes hw_serial_port_count hw_video_ram img_compression_level img_version'))
const BOOLEAN = new Set(words('hw_boot_menu hw_ephemeral_encryption hw_ipxe_boot hw_locked_memory hw_mem_encryption hw_pmu ' +
  'hw_qemu_guest_agent hw_time_hpet hw_vif_multiqueue_enabled img_bdm_v2 img_bittorrent img_cache_in_nova ' +
  'img_hide_hypervisor_id img_linked_clone img_use_agent os_require_quiesce os_skip_agent_inject_files_at_boot os_skip_agent_inject_ssh'))
const CANONICAL: Record<string, CanonicalField> = { hw_architecture: 'arch', hw_emulation_architecture: 'arch', img_hv_type: 'hv', hw_vm_mode: 'vm' }
const TEXT = new Set(words('hw_auto_disk_config hw_cdrom_bus hw_cpu_policy hw_cpu_thread_policy hw_cpu_realtime_mask ' +
  'hw_disk_bus hw_disk_type hw_floppy_bus hw_firmware_type hw_input_bus hw_machine_type hw_mem_page_size ' +
  'hw_pci_numa_affinity_policy hw_pointer_model hw_rescue_bus hw_rescue_device hw_rng_model hw_scsi_model hw_video_model ' +
  'hw_vif_model hw_viommu_model hw_watchdog_action hw_tpm_model hw_tpm_version hw_ephemeral_encryption_format ' +
  'img_hv_requested_version img_config_drive img_owner_id img_root_device_name img_signature img_signature_hash_method ' +
  'img_signature_certificate_uuid img_signature_key_type os_admin_user os_command_line os_distro os_secure_boot os_type'))
// ImageMetaProps._legacy_property_map: old Glance names, used unless the current name is set.
const LEGACY: Record<string, string> = {
  architecture: 'hw_architecture', owner_id: 'img_owner_id', vmware_disktype: 'hw_disk_type', vmware_image_version: 'img_version',
  vmware_ostype: 'os_distro', auto_disk_config: 'hw_auto_disk_config', ipxe_boot: 'hw_ipxe_boot', xenapi_device_id: 'hw_device_id',
  xenapi_image_compression_level: 'img_compression_level', vmware_linked_clone: 'img_linked_clone', xenapi_use_agent: 'img_use_agent',
  xenapi_skip_agent_inject_ssh: 'os_skip_agent_inject_ssh', xenapi_skip_agent_inject_files_at_boot: 'os_skip_agent_inject_files_at_boot',
  cache_in_nova: 'img_cache_in_nova', vm_mode: 'hw_vm_mode', bittorrent: 'img_bittorrent', bdm_v2: 'img_bdm_v2',
  root_device_name: 'img_root_device_name', hypervisor_version_requires: 'img_hv_requested_version', hypervisor_type: 'img_hv_type',
}
// oslo strutils.bool_from_string: anything else is False.
const TRUE_STRINGS = new Set(['1', 't', 'true', 'on', 'y', 'yes'])

/** An image property as Nova holds it: str() of the coerced value, or why Nova would refuse the image. */
type NovaProp = { value: string } | { error: string }

// str(value) of each set ImageMetaProps field, or undefined where the value is falsy (0, False, '').
function coerce(field: string, raw: string): NovaProp | undefined {
  if (BOOLEAN.has(field)) return TRUE_STRINGS.has(pyStrip(raw).toLowerCase()) ? { value: 'True' } : undefined
  if (INTEGER.has(field)) {
    const n = pyIntText(raw)
    if (n === undefined) return { error: `image ${field} '${raw}' is not an integer` }
    return n === '0' ? undefined : { value: n }
  }
  if (Object.hasOwn(CANONICAL, field)) {
    const c = canonicalize(CANONICAL[field], raw)
    return c === undefined ? { error: `image ${field} '${raw}' is not one Nova accepts` } : { value: c }
  }
  return raw === '' ? undefined : { value: raw }
}

const propsByImage = new WeakMap<Record<string, string>, Map<string, NovaProp>>()

/** ImageMetaProps.from_dict, reduced to what this filter compares: field name -> str(value). */
export function novaImageProps(props: Record<string, string>): Map<string, NovaProp> {
  let out = propsByImage.get(props)
  if (out) return out
  const raw = new Map<string, string>()
  for (const [legacy, field] of Object.entries(LEGACY)) if (Object.hasOwn(props, legacy)) raw.set(field, props[legacy])
  const adapter = props.vmware_adaptertype
  if (adapter === 'ide') raw.set('hw_disk_bus', 'ide')
  else if (adapter) { raw.set('hw_disk_bus', 'scsi'); raw.set('hw_scsi_model', adapter) }
  for (const [key, value] of Object.entries(props)) {
    if (BOOLEAN.has(key) || INTEGER.has(key) || TEXT.has(key) || Object.hasOwn(CANONICAL, key)) raw.set(key, value)
  }
  out = new Map()
  for (const [field, value] of raw) {
    const p = coerce(field, value)
    if (p) out.set(field, p)
  }
  propsByImage.set(props, out)
  return out
}

/** AggregateImagePropertiesIsolation. */
export const aggregateImagePropertiesIsolationFilter: HostFilter = {
  name: 'AggregateImagePropertiesIsolation',
  reject(hs, spec, config) {
    if (hs.aggregates.length === 0) return null
    const namespace = config.aggregate_image_properties_isolation_namespace
    const prefix = namespace + config.aggregate_image_properties_isolation_separator
    const props = novaImageProps(spec.image.properties)
    for (const [key, options] of aggregateMetadata(hs)) {
      // With a namespace set, only metadata keys under it are compared.
      if (namespace && !key.startsWith(prefix)) continue
      const prop = props.get(key)
      if (!prop) continue
      if ('error' in prop) return `${prop.error} (Nova refuses such an image)`
      if (!options.has(prop.value)) return `aggregate metadata ${key} is ${[...options].join(',')}, image has ${key}=${prop.value}`
    }
    return null
  },
}
