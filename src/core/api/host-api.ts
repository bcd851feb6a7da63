// Compute hosts: add (connect, verify the host key, probe), list, show, remove.
// A host is also a resource provider; its inventory comes from the probe.
import { randomUUID } from 'node:crypto'
import { resolve } from 'node:path'
import { nowIso } from '../clock.js'
import { UserError } from '../errors.js'
import { checkHostName, findOne } from '../model/names.js'
import { makeInventory } from '../model/placement.js'
import { schedulerConfig } from '../scheduler/config.js'
import { discoveredTraits, isDiscoverable } from '../model/traits.js'
import { checkTrait } from './placement-api.js'
import type { Store } from '../store/store.js'
import type { Connection, Host } from '../store/schema.js'
import type { DriverFactory, HostKeyPolicy, HostSpec } from '../../hypervisor/driver.js'

/** What `host add` takes. */
export interface AddHostRequest {
  name: string
  driver: 'libvirt' | 'fake'
  local?: boolean
  address?: string
  port?: number
  user?: string
  identity?: string
  uri?: string
  virtType?: 'kvm' | 'qemu'
  instancesDir?: string
  /** Simulated capacity and properties of a fake host. */
  fake?: { vcpus: number; memoryMb: number; diskGb: number; properties: Record<string, string> }
  /** Operator-set traits (CUSTOM_*, or standard ones a fake host should report). */
  traits?: string[]
}

/** Host operations. */
export class HostApi {
  constructor(
    private readonly store: Store,
    private readonly drivers: DriverFactory,
  ) {}

  async add(req: AddHostRequest, hostKeys: HostKeyPolicy): Promise<Host> {
    checkHostName(req.name)
    ;(req.traits ?? []).forEach(checkTrait)
    const before = await this.store.read()
    const config = schedulerConfig(before.config)
    if (before.hosts.some((h) => h.name === req.name)) {
      throw new UserError(`A host named ${req.name} already exists`, { hint: 'Remove it first or pick another name.' })
    }
    const spec = this.specFor(req)
    const driver = await this.drivers(spec, hostKeys)
    let probed
    try {
      probed = await driver.probe()
    } finally {
      await driver.close()
    }
    // Networks are a list, kept beside the flat facts.
    const { networks, ...facts } = probed
    const now = nowIso()
    const host: Host = {
      ...spec,
      instancesDir: facts.instancesDir,
      status: 'up',
      enabled: true,
      // New hosts take the cloud-wide initial ratios and reserved memory (nova.conf's initial_*_allocation_ratio).
      inventory: {
        VCPU: makeInventory('VCPU', facts.vcpus, 0, config.initial_cpu_allocation_ratio),
        MEMORY_MB: makeInventory('MEMORY_MB', facts.memoryMb, Math.min(config.reserved_host_memory_mb, facts.memoryMb), config.initial_ram_allocation_ratio),
        DISK_GB: makeInventory('DISK_GB', facts.diskGb, 0, config.initial_disk_allocation_ratio),
      },
      facts: { ...spec.facts, ...facts },
      traits: [...new Set([...discoveredTraits({ ...facts }, spec.driver, spec.virtType), ...(req.traits ?? [])])].sort(),
      networks,
      failedBuilds: 0,
      createdAt: now,
      updatedAt: now,
    }
    return this.store.transact((state) => {
      if (state.hosts.some((h) => h.name === host.name)) throw new UserError(`A host named ${host.name} already exists`)
      state.hosts.push(host)
      return host
    })
  }

  /**
   * Probes a host again: facts, inventory totals (reserved amounts and ratios
   * the operator set are kept) and discovered traits (operator-set ones are
   * kept). A host that does not answer is marked down, so ComputeFilter skips it.
   */
  async refresh(ref: string): Promise<Host> {
    const host = findOne('host', (await this.store.read()).hosts, ref)
    let probed
    try {
      const driver = await this.drivers(host)
      try {
        probed = await driver.probe()
      } finally {
        await driver.close()
      }
    } catch (err) {
      await this.store.transact((state) => {
        const h = state.hosts.find((x) => x.id === host.id)
        if (h) Object.assign(h, { status: 'down', updatedAt: nowIso() })
      })
      throw err
    }
    const { networks, ...facts } = probed
    return this.store.transact((state) => {
      const h = findOne('host', state.hosts, host.id)
      h.networks = networks
      const totals = { VCPU: facts.vcpus, MEMORY_MB: facts.memoryMb, DISK_GB: facts.diskGb }
      for (const rc of ['VCPU', 'MEMORY_MB', 'DISK_GB'] as const) {
        const inv = h.inventory[rc]
        h.inventory[rc] = { ...inv, total: totals[rc], reserved: Math.min(inv.reserved, totals[rc]), maxUnit: Math.max(totals[rc], 1) }
      }
      const operatorSet = h.traits.filter((t) => !isDiscoverable(t))
      h.traits = [...new Set([...discoveredTraits({ ...facts }, h.driver, h.virtType), ...operatorSet])].sort()
      Object.assign(h, { facts: { ...h.facts, ...facts }, status: 'up', updatedAt: nowIso() })
      return h
    })
  }

  /**
   * Nova's forced_down (`compute service set --down/--up`): the operator says a
   * host is dead, so its servers can be evacuated before any sync notices.
   * Bringing it up again lets the next power-state sync see it, remove what was
   * evacuated from it, and mark it up.
   */
  async setForcedDown(ref: string, down: boolean): Promise<Host> {
    return this.store.transact((state) => {
      const host = findOne('host', state.hosts, ref)
      if (down) host.forcedDown = true
      else delete host.forcedDown
      host.updatedAt = nowIso()
      return host
    })
  }

  /** Enables or disables a host for scheduling (Nova's `compute service set --enable/--disable`). */
  async setEnabled(ref: string, enabled: boolean, reason?: string): Promise<Host> {
    return this.store.transact((state) => {
      const host = findOne('host', state.hosts, ref)
      host.enabled = enabled
      if (enabled || !reason) delete host.disabledReason
      else host.disabledReason = reason
      host.updatedAt = nowIso()
      return host
    })
  }

  /** Which display new domains on the host get (`host set --graphics`); running servers keep theirs until rebuilt or moved. */
  async setGraphics(ref: string, graphics: 'vnc' | 'spice'): Promise<Host> {
    return this.store.transact((state) => {
      const host = findOne('host', state.hosts, ref)
      host.graphics = graphics
      host.updatedAt = nowIso()
      return host
    })
  }

  async list(): Promise<Host[]> {
    return (await this.store.read()).hosts
  }

  async show(ref: string): Promise<Host> {
    return findOne('host', (await this.store.read()).hosts, ref)
  }

  async remove(ref: string): Promise<Host> {
    return this.store.transact((state) => {
      const host = findOne('host', state.hosts, ref)
      const servers = state.servers.filter((s) => s.host === host.id && s.vmState !== 'deleted')
      if (servers.length > 0) {
        throw new UserError(`Host ${host.name} still has ${servers.length} server(s): ${servers.map((s) => s.name).join(', ')}`, {
          hint: 'Delete them first (`homenova server delete NAME`).',
        })
      }
      state.hosts = state.hosts.filter((h) => h.id !== host.id)
      state.fakeDomains = state.fakeDomains.filter((d) => d.hostId !== host.id)
      state.allocations = state.allocations.filter((a) => a.providerId !== host.id)
      return host
    })
  }

  private specFor(req: AddHostRequest): HostSpec {
    const uri = req.uri ?? 'qemu:///system'
    if (!/^qemu(\+\w+)?:\/\/[^\s]*\/(system|session)$/.test(uri)) {
      throw new UserError(`Unsupported libvirt URI ${uri}`, { hint: 'Use qemu:///system or qemu:///session.' })
    }
    const instancesDir = req.instancesDir ?? (uri.endsWith('/session') ? '~/.local/share/homenova' : '/var/lib/homenova')
    const base = { id: randomUUID(), name: req.name, uri, virtType: req.virtType ?? 'kvm', instancesDir }
    if (req.driver === 'fake') {
      const fake = req.fake ?? { vcpus: 16, memoryMb: 65536, diskGb: 500, properties: {} }
      return { ...base, driver: 'fake', connection: { kind: 'fake' }, instancesDir: `/simulated/${req.name}`, facts: { vcpus: fake.vcpus, memoryMb: fake.memoryMb, diskGb: fake.diskGb, ...fake.properties } }
    }
    let connection: Connection
    if (req.local) connection = { kind: 'local' }
    else {
      if (!req.address) throw new UserError('host add needs --address (or --local, or --driver fake)', { hint: 'e.g. `homenova host add kvm1 --address 192.0.2.10 --user root`' })
      connection = {
        kind: 'ssh',
        address: req.address,
        port: req.port ?? 22,
        user: req.user ?? process.env.USER ?? 'root',
        ...(req.identity ? { identity: resolve(req.identity) } : {}),
      }
    }
    return { ...base, driver: 'libvirt', connection, facts: {} }
  }
}
