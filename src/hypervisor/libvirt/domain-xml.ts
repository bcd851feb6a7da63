// Domain XML for one server, built with fast-xml-parser so every name and path is
// escaped by the library, not by hand. Pure: unit-tested without libvirt.
import { XMLBuilder, XMLParser } from 'fast-xml-parser'
import type { InstanceSpec, NicSpec } from '../driver.js'

/** The XML namespace of homenova's <metadata> block, used to reconcile hosts with the store. */
export const METADATA_NS = 'https://homenova.dev/xmlns/instance/1.0'

const QEMU_NS = 'http://libvirt.org/schemas/domain/qemu/1.0'

/** The qemu netdev name of the guest's user-mode NIC (`info usernet` shows its forwards under it). */
export const USER_NETDEV = 'hn0'

/**
 * User-mode NICs: QEMU's slirp, which needs no bridge and no root. libvirt's
 * own <interface type='user'> cannot restrict the guest nor forward a port, so
 * the netdev is given on QEMU's command line: restrict=on (the guest reaches
 * nothing outside; its DHCP and the forward still work) and, on the first
 * user NIC only, SSH forwarded from a port QEMU picks on the host's loopback
 * (port 0), read back with `info usernet`. PCI slots from 0x10: in slot 2
 * libvirt's balloon fails, and libvirt gives its own devices the low slots.
 */
function userNetworkArgs(nics: readonly NicSpec[]): string[] {
  return nics.flatMap((nic, i) => {
    const id = i === 0 ? USER_NETDEV : `hn${i}`
    const forward = i === 0 ? ',hostfwd=tcp:127.0.0.1:0-:22' : ''
    const slot = `0x${(0x10 + i).toString(16)}`
    return ['-netdev', `user,id=${id},restrict=on${forward}`, '-device', `virtio-net-pci,netdev=${id},mac=${nic.mac},addr=${slot}`]
  })
}

/** A bridge or libvirt-network NIC as libvirt's <interface>: its fixed MAC and a virtio model, as Nova writes them. */
function interfaceElement(nic: NicSpec): Record<string, unknown> {
  const source = nic.type === 'bridge' ? { '@_bridge': nic.source } : { '@_network': nic.source }
  return { '@_type': nic.type === 'bridge' ? 'bridge' : 'network', mac: { '@_address': nic.mac }, source, model: { '@_type': 'virtio' } }
}

/** Files of one server under the host's instances directory. */
export interface InstancePaths {
  dir: string
  disk: string
  consoleLog: string
  /** The server's own definition, written at spawn and kept through a rescue. */
  domainXml: string
  /** The per-server copy of the rescue image (Nova's disk.rescue). */
  rescueDisk: string
  rescueXml: string
  /** The config drive image (Nova's disk.config), made on this machine and uploaded. */
  configDrive: string
  /** Where migrateOut keeps the files until the move is confirmed or reverted (Nova's `<uuid>_resize`). */
  keptDir: string
  keptDisk: string
}

/**
 * The layout `instances/<uuid>/{disk,console.log,domain.xml,disk.rescue}` and
 * `instances/<uuid>_resize/` under the instances directory.
 */
export function instancePaths(instancesDir: string, uuid: string): InstancePaths {
  const dir = `${instancesDir}/instances/${uuid}`
  const keptDir = `${dir}_resize`
  return {
    dir,
    disk: `${dir}/disk`,
    consoleLog: `${dir}/console.log`,
    domainXml: `${dir}/domain.xml`,
    rescueDisk: `${dir}/disk.rescue`,
    rescueXml: `${dir}/domain.rescue.xml`,
    configDrive: `${dir}/disk.config`,
    keptDir,
    keptDisk: `${keptDir}/disk`,
  }
}

/** A rescue boot: the rescue disk, and where it goes (Nova's hw_rescue_device and hw_rescue_bus). */
export interface RescueBoot {
  imageId: string
  /** Given either: stable device rescue (the server's disks stay where they are, the rescue disk comes last and boots). */
  device?: 'disk' | 'cdrom'
  bus?: string
}

/** Buses a rescue disk can be put on, and the prefix of their target names. */
const BUS_PREFIX: Record<string, string> = { virtio: 'vd', ide: 'hd', sata: 'sd', scsi: 'sd', usb: 'sd' }

/** Options that come from the host rather than the server. */
export interface DomainHostOptions {
  virtType: 'kvm' | 'qemu'
  /** VNC (default) or SPICE; either listens on the host's loopback only. */
  graphics?: 'vnc' | 'spice'
  arch: string
  createdAt: string
  /** Direct kernel boot: the kernel and initrd files on this host (cached under _base) and the command line. */
  directBoot?: { kernel: string; initrd?: string; cmdline?: string }
}

/**
 * The libvirt domain XML for a server. With `rescue`, the same domain (name,
 * uuid, flavor) booting the rescue disk: by default the rescue disk is `vda`
 * and the server's disk `vdb` (Nova's legacy rescue); with a device or bus the
 * server's disk keeps `vda` and the rescue disk is added last with boot order 1.
 */
export function domainXml(instance: InstanceSpec, paths: InstancePaths, host: DomainHostOptions, rescue?: RescueBoot): string {
  const own = { file: paths.disk, device: 'disk', bus: 'virtio', dev: 'vda', format: 'qcow2' }
  let disks = [own]
  let stable = false
  if (rescue) {
    stable = rescue.device !== undefined || rescue.bus !== undefined
    if (stable) {
      const device = rescue.device ?? 'disk'
      const bus = rescue.bus ?? (device === 'cdrom' ? 'ide' : 'virtio')
      const prefix = BUS_PREFIX[bus]
      if (!prefix) throw new Error(`A rescue disk cannot go on bus "${bus}" (hw_rescue_bus): use one of ${Object.keys(BUS_PREFIX).join(', ')}`)
      if (device === 'cdrom' && bus === 'virtio') throw new Error('A rescue cdrom cannot go on the virtio bus (hw_rescue_bus): use ide, sata, scsi or usb')
      // The server's disk is vda, so a virtio rescue disk is the next name on that bus.
      disks = [own, { file: paths.rescueDisk, device, bus, dev: prefix === 'vd' ? 'vdb' : `${prefix}a`, format: 'qcow2' }]
    } else {
      disks = [{ file: paths.rescueDisk, device: 'disk', bus: 'virtio', dev: 'vda', format: 'qcow2' }, { ...own, dev: 'vdb' }]
    }
  }
  // The config drive as Nova attaches it on x86: a read-only IDE cdrom, hdd (the
  // last IDE slot, so a rescue cdrom can take hda). IDE because the Debian cloud
  // kernel has no AHCI driver, and every guest kernel has ata_piix or a built-in.
  const drive = instance.configDrive ? [{ file: paths.configDrive, device: instance.configDrive.format === 'vfat' ? 'disk' : 'cdrom', bus: 'ide', dev: 'hdd', format: 'raw' }] : []
  disks = [...disks, ...drive]
  const nics = instance.nics ?? [{ type: 'user', source: '', mac: instance.mac }]
  const userNics = nics.filter((n) => n.type === 'user')
  const interfaces = nics.filter((n) => n.type !== 'user').map(interfaceElement)
  const doc = {
    domain: {
      '@_type': host.virtType,
      '@_xmlns:qemu': QEMU_NS,
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
          ...(rescue ? { 'homenova:rescue': { '@_image': rescue.imageId } } : {}),
        },
      },
      memory: { '@_unit': 'MiB', '#text': instance.memoryMb },
      vcpu: instance.vcpus,
      // libvirt refuses <os><boot> together with a device's <boot order>.
      // Direct kernel boot as Nova's libvirt driver does for AMI-style images:
      // <kernel>, <initrd>, <cmdline>, no boot device (the firmware loads nothing).
      os: {
        type: { '@_arch': host.arch, '#text': 'hvm' },
        ...(host.directBoot
          ? { kernel: host.directBoot.kernel, ...(host.directBoot.initrd ? { initrd: host.directBoot.initrd } : {}), ...(host.directBoot.cmdline ? { cmdline: host.directBoot.cmdline } : {}) }
          : stable ? {} : { boot: { '@_dev': 'hd' } }),
      },
      features: { acpi: '', apic: '' },
      clock: { '@_offset': 'utc' },
      on_poweroff: 'destroy',
      on_reboot: 'restart',
      on_crash: 'destroy',
      devices: {
        disk: disks.map((d) => ({
          '@_type': 'file',
          '@_device': d.device,
          driver: { '@_name': 'qemu', '@_type': d.format },
          source: { '@_file': d.file },
          target: { '@_dev': d.dev, '@_bus': d.bus },
          ...(d.file === paths.configDrive ? { readonly: '' } : {}),
          ...(stable && d.file === paths.rescueDisk ? { boot: { '@_order': 1 } } : {}),
        })),
        // A pty for interactive consoles plus a log file for `console log`.
        serial: { '@_type': 'pty', log: { '@_file': paths.consoleLog, '@_append': 'on' }, target: { '@_port': 0 } },
        console: { '@_type': 'pty', target: { '@_type': 'serial', '@_port': 0 } },
        graphics: { '@_type': host.graphics ?? 'vnc', '@_port': -1, '@_autoport': 'yes', '@_listen': '127.0.0.1' },
        ...(interfaces.length > 0 ? { interface: interfaces } : {}),
      },
      ...(userNics.length > 0 ? { 'qemu:commandline': { 'qemu:arg': userNetworkArgs(userNics).map((value) => ({ '@_value': value })) } } : {}),
    },
  }
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true })
  return builder.build(doc) as string
}

/** The `homenova:created` time recorded in a domain XML, if any. */
export function domainCreatedAt(xml: string): string | undefined {
  const parsed = new XMLParser({ ignoreAttributes: true }).parse(xml) as { domain?: { metadata?: { 'homenova:instance'?: { 'homenova:created'?: unknown } } } }
  const created = parsed.domain?.metadata?.['homenova:instance']?.['homenova:created']
  return typeof created === 'string' ? created : undefined
}
