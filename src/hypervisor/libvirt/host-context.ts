// What the libvirt driver's parts (disk export, rescue, moves) share about one
// host: its transport, virsh and power actions, and small file and disk
// operations, each one argument list.
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HostSpec, ImageSpec, InstanceRef, InstanceSpec } from '../driver.js'
import { run, type Transport } from '../transport.js'
import { domainCreatedAt, domainXml, instancePaths, type InstancePaths, type RescueBoot } from './domain-xml.js'
import type { LibvirtPower } from './power.js'
import type { Virsh } from './virsh.js'

/** What `qemu-img info` says about a disk. */
export interface DiskInfo {
  format: string
  virtualSize: number
  backingFile?: string
}

/** One libvirt host as the driver's parts use it. */
export class LibvirtHost {
  constructor(
    readonly host: HostSpec,
    readonly transport: Transport,
    readonly virsh: Virsh,
    readonly power: LibvirtPower,
  ) {}

  /** The files of one server on this host. */
  paths(instance: InstanceRef): InstancePaths {
    return instancePaths(this.host.instancesDir, instance.uuid)
  }

  /** Where an image lives in the host's base cache. */
  basePath(image: ImageSpec): string {
    return `${this.host.instancesDir}/_base/${image.checksum}`
  }

  /** Runs a command, throwing with its stderr if it fails. */
  run(...argv: string[]): Promise<string> {
    return run(this.transport, argv)
  }

  /** Whether a path is a regular file (`file`) or a directory (`dir`). */
  async exists(path: string, kind: 'file' | 'dir'): Promise<boolean> {
    return (await this.transport.exec(['test', kind === 'file' ? '-f' : '-d', path])).code === 0
  }

  /** The sha256 of a file on the host. */
  async sha256(path: string): Promise<string> {
    return (await this.run('sha256sum', path)).split(/\s+/)[0]
  }

  /** Format, virtual size and backing file of a disk (the backing chain is not opened). */
  async diskInfo(path: string): Promise<DiskInfo> {
    const info = JSON.parse(await this.run('qemu-img', 'info', '--output=json', path)) as Record<string, unknown>
    const backing = info['backing-filename']
    return { format: String(info.format), virtualSize: Number(info['virtual-size']), ...(typeof backing === 'string' ? { backingFile: backing } : {}) }
  }

  /** Grows a disk to the flavor's size; never shrinks it (Nova refuses a smaller disk before it gets here). */
  async growDisk(path: string, diskGb: number): Promise<void> {
    const { virtualSize } = await this.diskInfo(path)
    const want = diskGb * 1024 ** 3
    if (want > virtualSize) await this.run('qemu-img', 'resize', '-q', path, String(want))
  }

  /** The domain XML of a server (or of its rescue boot), with this host's architecture and domain type. */
  domainXml(instance: InstanceSpec, createdAt: string, rescue?: RescueBoot): string {
    const arch = String(this.host.facts.arch ?? 'x86_64')
    const boot = instance.directBoot
    const directBoot = boot && { kernel: this.basePath(boot.kernel), ...(boot.ramdisk ? { initrd: this.basePath(boot.ramdisk) } : {}), ...(boot.cmdline ? { cmdline: boot.cmdline } : {}) }
    return domainXml(instance, this.paths(instance), { virtType: this.host.virtType, graphics: this.host.graphics, arch, createdAt, ...(directBoot ? { directBoot } : {}) }, rescue)
  }

  /**
   * The server's own definition as kept in its domain.xml, written from the spec
   * first if the file is missing; returns when the domain was created.
   */
  async ownDefinition(instance: InstanceSpec): Promise<{ path: string; createdAt: string }> {
    const path = this.paths(instance).domainXml
    const kept = await this.transport.exec(['cat', path])
    if (kept.code === 0) return { path, createdAt: domainCreatedAt(kept.stdout) ?? new Date().toISOString() }
    const createdAt = new Date().toISOString()
    await this.transport.writeFile(path, this.domainXml(instance, createdAt))
    return { path, createdAt }
  }

  /**
   * Builds the server's config drive on this machine (only the controller needs
   * genisoimage) and puts it in place as disk.config, checked by sha256; nothing
   * if the server has none.
   */
  async putConfigDrive(instance: InstanceSpec): Promise<void> {
    if (!instance.configDrive) return
    const { buildConfigDriveImage } = await import('../config-drive-image.js')
    const local = await mkdtemp(join(tmpdir(), 'homenova-config-drive-'))
    const target = this.paths(instance).configDrive
    try {
      const file = join(local, 'disk.config')
      await buildConfigDriveImage(instance.configDrive.files, file, instance.configDrive.format)
      const want = createHash('sha256').update(await readFile(file)).digest('hex')
      await this.transport.upload(file, `${target}.part`)
      const got = await this.sha256(`${target}.part`)
      if (got !== want) throw new Error(`The config drive of ${instance.domainName} arrived corrupted on ${this.host.name} (sha256 ${got}, expected ${want})`)
      await this.run('mv', '-f', `${target}.part`, target)
    } finally {
      await rm(local, { recursive: true, force: true })
    }
  }

  /** Stops (at once) and undefines a domain with its managed save; fine if there is none. */
  async removeDomain(name: string): Promise<void> {
    const { state } = await this.virsh.state(name)
    if (state === 'missing') return
    if (state !== 'shutoff' && state !== 'suspended') await this.power.hardStop(name)
    // --managed-save: undefine refuses a domain with a saved image otherwise.
    await this.virsh.runUnless(['missing'], 'undefine', '--managed-save', name)
  }
}
