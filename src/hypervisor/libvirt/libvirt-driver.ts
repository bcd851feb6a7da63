// The libvirt driver: everything through `virsh`, `qemu-img` and coreutils on
// the host, as argument lists over a Transport (SSH or local). Power actions
// live in power.ts, disk export in disk-export.ts, rescue in rescue.ts, cold
// moves in migrate.ts and live migration in live-migrate.ts.
import { randomBytes } from 'node:crypto'
import type { Duplex } from 'node:stream'
import { UserError } from '../../core/errors.js'
import type { LiveMigrationLimits, LiveMigrationOutcome, LiveMigrationTarget, CachedImage, DomainFacts, GraphicsEndpoint, HostFacts, HostSpec, HypervisorDriver, ImageSpec, InstanceRef, InstanceSpec, InterfaceAddress } from '../driver.js'
import { run, type PtySize, type RemoteStream, type Transport } from '../transport.js'
import { interfaceAddresses } from './addresses.js'
import { exportDisk } from './disk-export.js'
import { graphicsEndpoint, openGraphics } from './graphics.js'
import { openGuestSsh } from './guest-network.js'
import { LibvirtHost } from './host-context.js'
import { listImageCache, removeCachedImage, touchCachedImages } from './image-cache.js'
import { liveMigrate, prepareLiveMigration } from './live-migrate.js'
import { confirmMigration, migrateIn, migrateOut, revertMigration, type MigrationSource } from './migrate.js'
import { probeNetworks } from './networks.js'
import { LibvirtPower } from './power.js'
import { parseCapabilities, parseDfFreeGb, parseHypervisorVersion, parseNodeinfo } from './probe.js'
import { rescue, unrescue } from './rescue.js'
import { followConsoleLog, openSerialConsole } from './serial-console.js'
import { Virsh } from './virsh.js'

/** Drives one libvirt host. */
export class LibvirtDriver implements HypervisorDriver {
  private readonly v: Virsh
  private readonly power: LibvirtPower
  private readonly h: LibvirtHost

  /**
   * `uriFromHere`: the URI this machine reaches the host's libvirt at (live
   * migration runs virsh here); `local` runs it. Default: the host's own URI.
   */
  constructor(
    private readonly host: HostSpec,
    private readonly transport: Transport,
    private readonly options: { uriFromHere?: string; local?: Transport } = {},
  ) {
    this.v = new Virsh(host, transport)
    this.power = new LibvirtPower(this.v, host.name)
    this.h = new LibvirtHost(host, transport, this.v, this.power)
  }

  async probe(): Promise<HostFacts> {
    const t = this.transport
    const home = (await run(t, ['printenv', 'HOME'])).trim()
    const instancesDir = this.host.instancesDir.replace(/^~(?=\/|$)/, home)
    await run(t, ['mkdir', '-p', `${instancesDir}/_base`, `${instancesDir}/instances`])
    const [nodeinfo, caps, version, df, hostname, qemuImg, networks] = await Promise.all([
      this.v.run('nodeinfo'),
      this.v.run('capabilities'),
      this.v.run('version'),
      run(t, ['df', '-Pk', instancesDir]),
      run(t, ['hostname']),
      t.exec(['qemu-img', '--version']),
      probeNetworks(this.v, t, this.host.uri.endsWith('/session')),
    ])
    const node = parseNodeinfo(nodeinfo)
    const capabilities = parseCapabilities(caps)
    if (!capabilities.domainTypes.includes(this.host.virtType)) {
      throw new UserError(`${this.host.name} cannot run ${this.host.virtType} domains (it offers: ${capabilities.domainTypes.join(', ') || 'none'})`, {
        hint: '--virt-type qemu works everywhere (software emulation); kvm needs /dev/kvm.',
      })
    }
    const hv = parseHypervisorVersion(version)
    return {
      vcpus: node.vcpus,
      memoryMb: node.memoryMb,
      diskGb: parseDfFreeGb(df),
      arch: capabilities.arch,
      cpuModel: capabilities.cpuModel,
      cpuVendor: capabilities.cpuVendor,
      cpuFeatures: capabilities.cpuFeatures.join(','),
      hypervisorType: hv.type,
      hypervisorVersion: hv.version,
      hostname: hostname.trim(),
      instancesDir,
      qemuImg: qemuImg.code === 0,
      networks,
    }
  }

  async ensureImage(image: ImageSpec): Promise<boolean> {
    const base = this.h.basePath(image)
    if ((await this.transport.exec(['test', '-f', base])).code === 0) return false
    // Upload under a unique name, verify, then rename: a half-copied file is
    // never mistaken for a cached image, and two uploads never collide.
    const partial = `${base}.${randomBytes(4).toString('hex')}.part`
    try {
      await this.transport.upload(image.localPath, partial)
      const sum = (await run(this.transport, ['sha256sum', partial])).split(/\s+/)[0]
      if (sum !== image.checksum) throw new Error(`Image ${image.id} arrived corrupted on ${this.host.name} (sha256 ${sum}, expected ${image.checksum})`)
      await run(this.transport, ['mv', '-f', partial, base])
    } finally {
      await this.transport.exec(['rm', '-f', partial])
    }
    return true
  }

  listImageCache(): Promise<CachedImage[]> {
    return listImageCache(this.h)
  }

  touchCachedImages(names: string[]): Promise<void> {
    return touchCachedImages(this.h, names)
  }

  removeCachedImage(name: string, unusedSinceMs: number): Promise<boolean> {
    return removeCachedImage(this.h, name, unusedSinceMs)
  }

  // The kernel and ramdisk of a direct kernel boot, cached like bases: wherever a domain is defined, they must be there.
  private async ensureDirectBoot(instance: InstanceSpec): Promise<void> {
    const boot = instance.directBoot
    if (!boot) return
    await this.ensureImage(boot.kernel)
    if (boot.ramdisk) await this.ensureImage(boot.ramdisk)
  }

  async spawn(instance: InstanceSpec): Promise<DomainFacts> {
    await this.ensureDirectBoot(instance)
    const paths = this.h.paths(instance)
    const sizeBytes = Math.max(instance.diskGb * 1024 ** 3, instance.image.virtualSize)
    await run(this.transport, ['mkdir', '-p', paths.dir])
    await run(this.transport, ['qemu-img', 'create', '-q', '-f', 'qcow2', '-F', instance.image.diskFormat, '-b', this.h.basePath(instance.image), paths.disk, String(sizeBytes)])
    await this.h.putConfigDrive(instance)
    await this.transport.writeFile(paths.domainXml, this.h.domainXml(instance, new Date().toISOString()))
    await this.v.run('define', paths.domainXml)
    await this.power.start(instance.domainName)
    return this.domainState(instance)
  }

  async destroy(instance: InstanceRef): Promise<void> {
    const paths = this.h.paths(instance)
    await this.h.removeDomain(instance.domainName)
    // Files a move kept here go too: a destroyed server is never reverted.
    await run(this.transport, ['rm', '-rf', paths.dir, paths.keptDir])
  }

  domainState(instance: InstanceRef): Promise<DomainFacts> {
    return this.v.state(instance.domainName)
  }

  listDomains(): Promise<Map<string, DomainFacts>> {
    return this.v.list()
  }

  powerOff(instance: InstanceRef, options: { timeoutMs: number }): Promise<{ clean: boolean }> {
    return this.power.powerOff(instance, options.timeoutMs)
  }

  powerOn(instance: InstanceRef): Promise<void> {
    return this.power.powerOn(instance)
  }

  reboot(instance: InstanceRef, options: { type: 'soft' | 'hard'; timeoutMs: number }): Promise<{ type: 'soft' | 'hard' }> {
    return this.power.reboot(instance, options.type, options.timeoutMs)
  }

  pause(instance: InstanceRef): Promise<void> {
    return this.power.pause(instance)
  }

  unpause(instance: InstanceRef): Promise<void> {
    return this.power.unpause(instance)
  }

  suspend(instance: InstanceRef): Promise<void> {
    return this.power.suspend(instance)
  }

  resume(instance: InstanceRef): Promise<void> {
    return this.power.resume(instance)
  }

  async consoleLog(instance: InstanceRef): Promise<string> {
    const { consoleLog } = this.h.paths(instance)
    const result = await this.transport.exec(['tail', '-c', '1048576', consoleLog])
    if (result.code !== 0) throw new Error(`No console log on ${this.host.name} yet (${result.stderr.trim()})`)
    return result.stdout
  }

  openSerialConsole(instance: InstanceRef, options: { size: PtySize; force: boolean }): Promise<RemoteStream> {
    return openSerialConsole(this.h, instance, options)
  }

  followConsoleLog(instance: InstanceRef, lines: number): Promise<RemoteStream> {
    return followConsoleLog(this.h, instance, lines)
  }

  graphicsEndpoint(instance: InstanceRef): Promise<GraphicsEndpoint> {
    return graphicsEndpoint(this.h, instance)
  }

  openGraphics(instance: InstanceRef, endpoint?: GraphicsEndpoint): Promise<{ endpoint: GraphicsEndpoint; stream: Duplex }> {
    return openGraphics(this.h, instance, endpoint)
  }

  openGuestSsh(instance: InstanceRef): Promise<Duplex> {
    return openGuestSsh(this.h, instance)
  }

  interfaceAddresses(instance: InstanceRef, macs: readonly string[]): Promise<InterfaceAddress[]> {
    return interfaceAddresses(this.v, instance.domainName, macs)
  }

  exportDisk(instance: InstanceRef, localPath: string, options: { kept?: boolean } = {}): Promise<{ sha256: string; size: number }> {
    return exportDisk(this.h, instance, localPath, options.kept ?? false)
  }

  async rescue(instance: InstanceSpec, image: ImageSpec, options: { device?: 'disk' | 'cdrom'; bus?: string }): Promise<void> {
    await this.ensureDirectBoot(instance)
    return rescue(this.h, instance, image, options, (i) => this.ensureImage(i))
  }

  async unrescue(instance: InstanceSpec): Promise<void> {
    await this.ensureDirectBoot(instance)
    return unrescue(this.h, instance)
  }

  migrateOut(instance: InstanceRef, options: { timeoutMs: number }): Promise<void> {
    return migrateOut(this.h, instance, options.timeoutMs)
  }

  async migrateIn(instance: InstanceSpec, source: MigrationSource, options: { start: boolean }): Promise<void> {
    await this.ensureDirectBoot(instance)
    return migrateIn(this.h, instance, source, options.start)
  }

  async prepareLiveMigration(instance: InstanceSpec): Promise<LiveMigrationTarget> {
    await this.ensureImage(instance.image)
    await this.ensureDirectBoot(instance)
    return prepareLiveMigration(this.h, instance, this.options.uriFromHere ?? this.host.uri)
  }

  async liveMigrate(instance: InstanceRef, target: LiveMigrationTarget, limits: LiveMigrationLimits): Promise<LiveMigrationOutcome> {
    const local = this.options.local ?? new (await import('../local-transport.js')).LocalTransport()
    return liveMigrate(this.h, local, instance, target, this.options.uriFromHere ?? this.host.uri, limits)
  }

  confirmMigration(instance: InstanceRef): Promise<void> {
    return confirmMigration(this.h, instance)
  }

  async revertMigration(instance: InstanceSpec, options: { start: boolean }): Promise<void> {
    await this.ensureDirectBoot(instance)
    return revertMigration(this.h, instance, options.start)
  }

  async close(): Promise<void> {
    await this.transport.close()
  }
}
