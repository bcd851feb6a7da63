// The fake driver, like Nova's: simulated hosts for demos and scheduling
// experiments. It walks the same conductor path as libvirt with small delays,
// and keeps its domains through a backend the caller supplies (the store), so
// separate homenova processes see the same simulated hosts.
import type { Duplex } from 'node:stream'
import { UserError } from '../../core/errors.js'
import { liveMigrationTimedOut } from '../driver.js'
import type { LiveMigrationLimits, LiveMigrationOutcome, LiveMigrationTarget, CachedImage, DomainFacts, DomainPowerState, GraphicsEndpoint, HostFacts, HostSpec, HypervisorDriver, ImageSpec, InstanceRef, InstanceSpec, InterfaceAddress } from '../driver.js'
import { DOMAIN_PREFIX, planPower, powerTarget, type SimplePowerAction } from '../power-rules.js'
import type { RemoteStream } from '../transport.js'
import { simulatedConsole, simulatedLogFollow } from './fake-console.js'
import { FakeDisplay } from './fake-display.js'
import { appendLog, bootLog, FakeHostScript } from './fake-host-script.js'
import { FakeImageCache } from './fake-image-cache.js'
import { fakeExport, fakeMigrateIn, fakeMigrateOut, fakeRevert, fakeUnkeep, type FakeSource } from './fake-moves.js'

// Where a simulated display "listens": nothing does; it is reached only through openGraphics, in process.
const FAKE_DISPLAY_ENDPOINT: GraphicsEndpoint = { protocol: 'vnc', address: '127.0.0.1', port: 5900 }

/** The states a simulated domain can be in (it exists, so never missing). */
export type FakeDomainState = Exclude<DomainPowerState, 'missing' | 'other'>

/** A simulated domain, or only the files a move kept of it (`defined: false`). */
export interface FakeDomainRecord {
  name: string
  state: FakeDomainState
  consoleLog: string
  /** Booted from a rescue image; unrescue clears it. */
  rescued?: boolean
  /** migrateOut kept the server's files on this host (libvirt's `<uuid>_resize`), until confirm or revert. */
  kept?: boolean
  /** false: no domain is defined here any more, only the kept files (absent: defined). */
  defined?: boolean
}

/** Where the fake driver keeps its domains. */
export interface FakeDomainBackend {
  get(hostId: string, name: string): Promise<FakeDomainRecord | undefined>
  /** Every domain on a simulated host. */
  list(hostId: string): Promise<FakeDomainRecord[]>
  put(hostId: string, domain: FakeDomainRecord): Promise<void>
  remove(hostId: string, name: string): Promise<void>
}

/**
 * A simulated hypervisor. Host properties shape it (see FakeHostScript):
 * `simulate_spawn_failure=true`, `simulate_spawn_seconds=N`,
 * `simulate_failure=powerOff,reboot` (those methods throw) and
 * `simulate_acpi_ignored=true` (guests ignore a graceful shutdown),
 * `simulate_live_migration_seconds=N` (a live migration's copy takes N s). Moves and
 * rescue live in fake-moves.ts.
 */
export class FakeDriver implements HypervisorDriver {
  private readonly script: FakeHostScript
  private readonly cache: FakeImageCache
  private readonly displays = new Map<string, FakeDisplay>()

  constructor(
    private readonly host: HostSpec,
    private readonly backend: FakeDomainBackend,
  ) {
    this.script = new FakeHostScript(host)
    this.cache = new FakeImageCache(backend, host)
  }

  async probe(): Promise<HostFacts> {
    this.script.failIfScripted('probe')
    const f = this.host.facts
    return {
      vcpus: Number(f.vcpus ?? 16),
      memoryMb: Number(f.memoryMb ?? 65536),
      diskGb: Number(f.diskGb ?? 500),
      arch: String(f.arch ?? 'x86_64'),
      cpuModel: String(f.cpuModel ?? 'fake-cpu'),
      cpuVendor: String(f.cpuVendor ?? 'fake'),
      cpuFeatures: String(f.cpuFeatures ?? ''),
      hypervisorType: String(f.hypervisorType ?? 'fake'),
      hypervisorVersion: Number(f.hypervisorVersion ?? 1000),
      hostname: this.host.name,
      instancesDir: this.host.instancesDir,
      qemuImg: true,
      networks: this.script.networks,
    }
  }

  async ensureImage(image: ImageSpec): Promise<boolean> {
    await this.script.act('ensureImage', 20, 60)
    return this.cache.ensure(image)
  }

  async listImageCache(): Promise<CachedImage[]> {
    this.script.failIfScripted('listImageCache')
    return this.cache.list()
  }

  touchCachedImages(names: string[]): Promise<void> {
    return this.cache.touch(names)
  }

  removeCachedImage(name: string, unusedSinceMs: number): Promise<boolean> {
    return this.cache.remove(name, unusedSinceMs)
  }

  async spawn(instance: InstanceSpec): Promise<DomainFacts> {
    const slow = Number(this.host.facts.simulate_spawn_seconds ?? 0) * 1000
    await this.script.act('spawn', 80 + slow, 200 + slow)
    if (String(this.host.facts.simulate_spawn_failure) === 'true') {
      throw new Error(`Simulated spawn failure on ${this.host.name} (host property simulate_spawn_failure=true)`)
    }
    const consoleLog = [
      `[    0.000000] Linux version 6.1.0-fake (simulated by homenova's fake driver on ${this.host.name})`,
      `[    0.000000] Command line: ${instance.directBoot?.cmdline ?? 'console=ttyS0'}`,
      ...(instance.directBoot ? [`homenova-guest: direct kernel boot from kernel ${instance.directBoot.kernel.id}${instance.directBoot.ramdisk ? ` and ramdisk ${instance.directBoot.ramdisk.id}` : ''}`] : []),
      'homenova-guest: booted',
      ...cloudInitLines(instance),
      `${guestHostname(instance)} login: `,
    ].join('\n')
    await this.backend.put(this.host.id, { name: instance.domainName, state: 'running', consoleLog })
    // The disk is made from the cached image, as a libvirt disk's backing file.
    await this.cache.use(instance.image, { uuid: instance.uuid, domainName: instance.domainName, rescue: false })
    // A direct kernel boot reads its kernel and ramdisk from the cache too.
    for (const file of [instance.directBoot?.kernel, instance.directBoot?.ramdisk]) {
      if (file) await this.cache.ensure(file)
    }
    return { state: 'running', detail: 'running' }
  }

  async destroy(instance: InstanceRef): Promise<void> {
    await this.script.act('destroy', 20, 60)
    await this.backend.remove(this.host.id, instance.domainName)
  }

  async domainState(instance: InstanceRef): Promise<DomainFacts> {
    this.script.failIfScripted('domainState')
    const domain = await this.live(instance.domainName)
    return domain ? { state: domain.state, detail: domain.state } : { state: 'missing' }
  }

  async listDomains(): Promise<Map<string, DomainFacts>> {
    await this.script.act('listDomains', 5, 20)
    const domains = (await this.backend.list(this.host.id)).filter((d) => d.name.startsWith(DOMAIN_PREFIX) && d.defined !== false)
    return new Map(domains.map((d) => [d.name, { state: d.state, detail: d.state }]))
  }

  async powerOff(instance: InstanceRef, options: { timeoutMs: number }): Promise<{ clean: boolean }> {
    await this.script.act('powerOff')
    return this.stop(await this.live(instance.domainName), options.timeoutMs)
  }

  async powerOn(instance: InstanceRef): Promise<void> {
    await this.script.act('powerOn')
    const d = await this.existing(instance, 'power on')
    // paused and suspended guests carry on where they were; the others boot.
    if (d.state !== 'running') await this.save(d, 'running', d.state === 'paused' || d.state === 'suspended' ? undefined : bootLog())
  }

  async reboot(instance: InstanceRef, options: { type: 'soft' | 'hard'; timeoutMs: number }): Promise<{ type: 'soft' | 'hard' }> {
    await this.script.act('reboot')
    const d = await this.existing(instance, 'reboot')
    if (options.type === 'soft' && d.state === 'running') {
      if (!this.script.acpiIgnored) {
        await this.save(d, 'running', `homenova-guest: acpi power button\n${bootLog()}`)
        return { type: 'soft' }
      }
      await this.script.waitOut(options.timeoutMs)
    }
    await this.save(d, 'running', bootLog())
    return { type: 'hard' }
  }

  pause(instance: InstanceRef): Promise<void> {
    return this.simple('pause', instance)
  }

  unpause(instance: InstanceRef): Promise<void> {
    return this.simple('unpause', instance)
  }

  suspend(instance: InstanceRef): Promise<void> {
    return this.simple('suspend', instance)
  }

  resume(instance: InstanceRef): Promise<void> {
    return this.simple('resume', instance)
  }

  async openSerialConsole(instance: InstanceRef): Promise<RemoteStream> {
    const domain = await this.backend.get(this.host.id, instance.domainName)
    if (!domain || (domain.state !== 'running' && domain.state !== 'paused')) throw new UserError(`${instance.domainName} is not running: its serial console is closed`, { hint: 'Start the server first.' })
    // The simulated boot log ends with "<hostname> login: ": the console prompts with it again.
    const lines = domain.consoleLog.split('\n')
    const last = lines[lines.length - 1]
    if (!last.endsWith(' login: ')) return simulatedConsole(instance.domainName, domain.consoleLog)
    return simulatedConsole(last.slice(0, -' login: '.length), lines.slice(0, -1).join('\n'))
  }

  async followConsoleLog(instance: InstanceRef, lines: number): Promise<RemoteStream> {
    return simulatedLogFollow(await this.consoleLog(instance), lines)
  }

  async graphicsEndpoint(instance: InstanceRef): Promise<GraphicsEndpoint> {
    await this.display(instance)
    return FAKE_DISPLAY_ENDPOINT
  }

  async openGraphics(instance: InstanceRef): Promise<{ endpoint: GraphicsEndpoint; stream: Duplex }> {
    return { endpoint: FAKE_DISPLAY_ENDPOINT, stream: (await this.display(instance)).connect() }
  }

  async openGuestSsh(): Promise<Duplex> {
    throw new UserError(`${this.host.name} is a simulated host: its guests exist only in the store and have no SSH server`, {
      hint: 'Use a libvirt host (host add NAME --address ...) for servers you can log into.',
    })
  }

  /** A running guest's NICs answer from a simulated DHCP lease in 192.0.2.0/24 (TEST-NET-1), fixed by the MAC. */
  async interfaceAddresses(instance: InstanceRef, macs: readonly string[]): Promise<InterfaceAddress[]> {
    this.script.failIfScripted('interfaceAddresses')
    if ((await this.live(instance.domainName))?.state !== 'running') return []
    return macs.map((mac) => ({ mac, addr: `192.0.2.${2 + (parseInt(mac.slice(-2), 16) % 252)}`, version: 4, prefix: 24, source: 'lease' }))
  }

  async consoleLog(instance: InstanceRef): Promise<string> {
    this.script.failIfScripted('consoleLog')
    const domain = await this.live(instance.domainName)
    if (!domain) throw new Error(`${instance.domainName} does not exist on simulated host ${this.host.name}`)
    return domain.consoleLog
  }

  async exportDisk(instance: InstanceRef, localPath: string, options: { kept?: boolean } = {}): Promise<{ sha256: string; size: number }> {
    await this.script.act('exportDisk', 40, 120)
    const d = await this.backend.get(this.host.id, instance.domainName)
    const kept = options.kept ?? false
    if (!d || (kept ? !d.kept : d.defined === false)) {
      throw new Error(`No ${kept ? 'kept ' : ''}disk of ${instance.domainName} on simulated host ${this.host.name}`)
    }
    return fakeExport(localPath)
  }

  async rescue(instance: InstanceSpec, image: ImageSpec, options: { device?: 'disk' | 'cdrom'; bus?: string }): Promise<void> {
    await this.script.act('rescue', 60, 150)
    const d = await this.existing(instance, 'rescue')
    const where = options.device || options.bus ? ` as ${options.device ?? 'disk'} on ${options.bus ?? 'virtio'}` : ''
    await this.backend.put(this.host.id, { ...d, state: 'running', rescued: true, consoleLog: appendLog(d.consoleLog, `homenova-guest: rescue boot from image ${image.id}${where}\n${bootLog()}`) })
    await this.cache.use(image, { uuid: instance.uuid, domainName: instance.domainName, rescue: true })
  }

  async unrescue(instance: InstanceSpec): Promise<void> {
    await this.script.act('unrescue', 60, 150)
    const { rescued, ...d } = await this.existing(instance, 'unrescue')
    await this.backend.put(this.host.id, { ...d, state: 'running', consoleLog: rescued ? appendLog(d.consoleLog, bootLog()) : d.consoleLog })
  }

  async migrateOut(instance: InstanceRef, options: { timeoutMs: number }): Promise<void> {
    await this.script.act('migrateOut', 40, 120)
    const d = await this.backend.get(this.host.id, instance.domainName)
    if (d && d.defined !== false) await this.stop(d, options.timeoutMs)
    await fakeMigrateOut(this.backend, this.host, instance)
  }

  async migrateIn(instance: InstanceSpec, source: FakeSource, options: { start: boolean }): Promise<void> {
    await this.script.act('migrateIn', 80, 200)
    await fakeMigrateIn(this.backend, this.host, instance, source, options.start)
  }

  // Live migration: the destination holds the disk on its base until the guest arrives.
  async prepareLiveMigration(instance: InstanceSpec): Promise<LiveMigrationTarget> {
    await this.script.act('prepareLiveMigration', 40, 120)
    await this.cache.use(instance.image, { uuid: instance.uuid, domainName: instance.domainName, rescue: false })
    for (const file of [instance.directBoot?.kernel, instance.directBoot?.ramdisk]) {
      if (file) await this.cache.ensure(file)
    }
    return { driver: 'fake', hostId: this.host.id, hostName: this.host.name }
  }

  // The guest goes on as it was on the target, its console log with it; the domain here is gone.
  async liveMigrate(instance: InstanceRef, target: LiveMigrationTarget, limits: LiveMigrationLimits): Promise<LiveMigrationOutcome> {
    // A guest that dirties its memory faster than the link copies it takes simulate_live_migration_seconds.
    const copyMs = Number(this.host.facts.simulate_live_migration_seconds ?? 0) * 1000
    const forced = limits.timeoutMs !== null && copyMs > limits.timeoutMs
    await this.script.act('liveMigrate', 150 + (forced ? limits.timeoutMs! : copyMs), 400 + (forced ? limits.timeoutMs! : copyMs))
    if (target.driver !== 'fake') throw new Error(`Cannot live-migrate ${instance.domainName} from simulated host ${this.host.name} to a libvirt host`)
    const d = await this.live(instance.domainName)
    if (!d || (d.state !== 'running' && d.state !== 'paused')) throw new Error(`Cannot live-migrate ${instance.domainName}: it is not running on simulated host ${this.host.name} (${d?.state ?? 'missing'})`)
    if (forced && limits.onTimeout === 'abort') throw liveMigrationTimedOut(limits)
    await this.backend.put(target.hostId, { ...d, consoleLog: appendLog(d.consoleLog, `homenova-guest: live-migrated from ${this.host.name} to ${target.hostName}, still running`) })
    await this.backend.remove(this.host.id, instance.domainName)
    this.displays.delete(instance.domainName)
    return { forced }
  }

  async confirmMigration(instance: InstanceRef): Promise<void> {
    await this.script.act('confirmMigration', 20, 60)
    await fakeUnkeep(this.backend, this.host, instance)
  }

  async revertMigration(instance: InstanceSpec, options: { start: boolean }): Promise<void> {
    await this.script.act('revertMigration', 60, 150)
    await fakeRevert(this.backend, this.host, instance, options.start)
  }

  async close(): Promise<void> {}

  /** The simulated screen of a running guest, made from its console log on first use and shared after. */
  private async display(instance: InstanceRef): Promise<FakeDisplay> {
    const d = await this.live(instance.domainName)
    if (!d || (d.state !== 'running' && d.state !== 'paused')) throw new UserError(`${instance.domainName} on ${this.host.name} is not running (${d?.state ?? 'missing'}): it has no screen to show`, { hint: 'Start the server first.' })
    const made = this.displays.get(instance.domainName)
    if (made) return made
    // A log that ends in a login prompt (a simulated boot) puts that prompt on the screen.
    const lines = d.consoleLog.split('\n')
    const prompt = lines[lines.length - 1].endsWith(' login: ') ? lines.pop()! : 'login: '
    const display = new FakeDisplay(`${instance.domainName} on ${this.host.name}`, lines.join('\n'), prompt)
    this.displays.set(instance.domainName, display)
    return display
  }

  /** The defined domain of that name; kept files alone are no domain. */
  private async live(name: string): Promise<FakeDomainRecord | undefined> {
    const d = await this.backend.get(this.host.id, name)
    return d && d.defined !== false ? d : undefined
  }

  /** powerOff's simulation, shared with migrateOut. */
  private async stop(d: FakeDomainRecord | undefined, timeoutMs: number): Promise<{ clean: boolean }> {
    // As the libvirt driver: a domain that is gone or off needs nothing.
    if (!d || d.state === 'shutoff') return { clean: true }
    if (d.state === 'running' && timeoutMs > 0) {
      if (!this.script.acpiIgnored) {
        await this.save(d, 'shutoff', 'homenova-guest: acpi power button')
        return { clean: true }
      }
      await this.script.waitOut(timeoutMs)
    }
    await this.save(d, 'shutoff')
    return { clean: false }
  }

  private async simple(action: SimplePowerAction, instance: InstanceRef): Promise<void> {
    await this.script.act(action)
    const d = await this.live(instance.domainName)
    if (planPower(action, d?.state ?? 'missing', { domain: instance.domainName, host: this.host.name }) === 'act' && d) {
      await this.save(d, powerTarget(action))
    }
  }

  private async existing(instance: InstanceRef, action: string): Promise<FakeDomainRecord> {
    const d = await this.live(instance.domainName)
    if (!d) throw new Error(`Cannot ${action} ${instance.domainName} on ${this.host.name}: no such domain there (it was destroyed or never defined)`)
    return d
  }

  private async save(d: FakeDomainRecord, state: FakeDomainState, logLines?: string): Promise<void> {
    const consoleLog = logLines ? appendLog(d.consoleLog, logLines) : d.consoleLog
    await this.backend.put(this.host.id, { ...d, state, consoleLog })
  }
}

/** The config drive's meta_data.json as the simulated guest reads it, or undefined without a drive. */
function metaData(instance: InstanceSpec): { hostname?: string; public_keys?: Record<string, string> } | undefined {
  const file = instance.configDrive?.files.find((f) => f.path === 'openstack/latest/meta_data.json')
  return file ? (JSON.parse(file.data.toString('utf8')) as { hostname?: string; public_keys?: Record<string, string> }) : undefined
}

/** What cloud-init would say on the serial console about the config drive it found. */
function cloudInitLines(instance: InstanceSpec): string[] {
  const meta = metaData(instance)
  if (!meta) return ['cloud-init: no datasource found (no config drive)']
  const userData = instance.configDrive?.files.find((f) => f.path === 'openstack/latest/user_data')
  const keys = Object.keys(meta.public_keys ?? {}).length
  return [`cloud-init: datasource ConfigDrive [config-2]: hostname ${meta.hostname}, ${keys} public key(s), user data ${userData ? `${userData.data.length} bytes` : 'none'}`]
}

/** The hostname the simulated guest takes: the config drive's, else its name. */
function guestHostname(instance: InstanceSpec): string {
  // Like cloud-init: the metadata's FQDN (hostname.dhcp_domain) sets the short hostname.
  return metaData(instance)?.hostname?.split('.')[0] ?? instance.name
}
