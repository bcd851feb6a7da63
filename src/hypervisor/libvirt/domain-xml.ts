// Domain XML for one server, built with fast-xml-parser so every name and path is
// escaped by the library, not by hand. Pure: unit-tested without libvirt.
import { XMLBuilder } from 'fast-xml-parser'
import type { InstanceSpec } from '../driver.js'

/** The XML namespace of homenova's <metadata> block, used to reconcile hosts with the store. */
export const METADATA_NS = 'https://homenova.dev/xmlns/instance/1.0'

/** Files of one server under the host's instances directory. */
export interface InstancePaths {
  dir: string
  disk: string
  consoleLog: string
  domainXml: string
}

/** The layout `instances/<uuid>/{disk,console.log,domain.xml}` under the instances directory. */
export function instancePaths(instancesDir: string, uuid: string): InstancePaths {
  const dir = `${instancesDir}/instances/${uuid}`
  return { dir, disk: `${dir}/disk`, consoleLog: `${dir}/console.log`, domainXml: `${dir}/domain.xml` }
}

/** Options that come from the host rather than the server. */
export interface DomainHostOptions {
  virtType: 'kvm' | 'qemu'
  arch: string
  createdAt: string
}

/** The libvirt domain XML for a server. */
export function domainXml(instance: InstanceSpec, paths: InstancePaths, host: DomainHostOptions): string {
  const doc = {
    domain: {
      '@_type': host.virtType,
      name: instance.domainName,
      uuid: instance.uuid,
      metadata: {
        'homenova:instance': {
          '@_xmlns:homenova': METADATA_NS,
          'homenova:name': instance.name,
          'homenova:created': host.createdAt,
          'homenova:flavor': {
            '@_name': instance.flavorName,
            '@_vcpus': instance.vcpus,
            '@_memory_mb': instance.memoryMb,
            '@_disk_gb': instance.diskGb,
          },
          'homenova:image': { '@_uuid': instance.image.id },
        },
      },
      memory: { '@_unit': 'MiB', '#text': instance.memoryMb },
      vcpu: instance.vcpus,
      os: { type: { '@_arch': host.arch, '#text': 'hvm' }, boot: { '@_dev': 'hd' } },
      features: { acpi: '', apic: '' },
      clock: { '@_offset': 'utc' },
      on_poweroff: 'destroy',
      on_reboot: 'restart',
      on_crash: 'destroy',
      devices: {
        disk: {
          '@_type': 'file',
          '@_device': 'disk',
          driver: { '@_name': 'qemu', '@_type': 'qcow2' },
          source: { '@_file': paths.disk },
          target: { '@_dev': 'vda', '@_bus': 'virtio' },
        },
        // User-mode networking works with no bridge and no root: the default
        // until networks are configurable per host.
        interface: { '@_type': 'user', model: { '@_type': 'virtio' } },
        // A pty for interactive consoles plus a log file for `console log`.
        serial: { '@_type': 'pty', log: { '@_file': paths.consoleLog, '@_append': 'on' }, target: { '@_port': 0 } },
        console: { '@_type': 'pty', target: { '@_type': 'serial', '@_port': 0 } },
        graphics: { '@_type': 'vnc', '@_port': -1, '@_autoport': 'yes', '@_listen': '127.0.0.1' },
      },
    },
  }
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true })
  return builder.build(doc) as string
}
