// The fake driver, like Nova's: simulated hosts for demos and scheduling
// experiments. It walks the same conductor path as libvirt with small delays,
// and keeps its domains through a backend the caller supplies (the store), so
// separate homenova processes see the same simulated hosts.
import type { DomainFacts, HostFacts, HostSpec, HypervisorDriver, ImageSpec, InstanceRef, InstanceSpec } from '../driver.js'

/** A simulated domain. */
export interface FakeDomainRecord {
  name: string
  state: 'running' | 'shutoff'
  consoleLog: string
}

/** Where the fake driver keeps its domains. */
export interface FakeDomainBackend {
  get(hostId: string, name: string): Promise<FakeDomainRecord | undefined>
  put(hostId: string, domain: FakeDomainRecord): Promise<void>
  remove(hostId: string, name: string): Promise<void>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const jitter = (min: number, max: number) => sleep(min + Math.random() * (max - min))

/**
 * A simulated hypervisor. Host properties shape it: `simulate_spawn_failure=true`
 * makes every build fail on it, `simulate_spawn_seconds=N` makes spawns slow.
 */
export class FakeDriver implements HypervisorDriver {
  constructor(
    private readonly host: HostSpec,
    private readonly backend: FakeDomainBackend,
  ) {}

  async probe(): Promise<HostFacts> {
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
    }
  }

  async ensureImage(_image: ImageSpec): Promise<boolean> {
    await jitter(20, 60)
    return false
  }

  async spawn(instance: InstanceSpec): Promise<DomainFacts> {
    const slow = Number(this.host.facts.simulate_spawn_seconds ?? 0) * 1000
    await jitter(80 + slow, 200 + slow)
    if (String(this.host.facts.simulate_spawn_failure) === 'true') {
      throw new Error(`Simulated spawn failure on ${this.host.name} (host property simulate_spawn_failure=true)`)
    }
    const consoleLog = [
      `[    0.000000] Linux version 6.1.0-fake (simulated by homenova's fake driver on ${this.host.name})`,
      `[    0.000000] Command line: console=ttyS0`,
      'homenova-guest: booted',
      `${instance.name} login: `,
    ].join('\n')
    await this.backend.put(this.host.id, { name: instance.domainName, state: 'running', consoleLog })
    return { state: 'running', detail: 'running' }
  }

  async destroy(instance: InstanceRef): Promise<void> {
    await jitter(20, 60)
    await this.backend.remove(this.host.id, instance.domainName)
  }

  async domainState(instance: InstanceRef): Promise<DomainFacts> {
    const domain = await this.backend.get(this.host.id, instance.domainName)
    return domain ? { state: domain.state, detail: domain.state } : { state: 'missing' }
  }

  async consoleLog(instance: InstanceRef): Promise<string> {
    const domain = await this.backend.get(this.host.id, instance.domainName)
    if (!domain) throw new Error(`${instance.domainName} does not exist on simulated host ${this.host.name}`)
    return domain.consoleLog
  }

  async close(): Promise<void> {}
}
