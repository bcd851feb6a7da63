// Builds the driver for a host. Heavy modules (ssh2, execa) load only when a
// host of that kind is used, so commands that touch no host start fast.
import type { DriverFactory, HostKeyPolicy, HostSpec, HypervisorDriver } from './driver.js'
import type { FakeDomainBackend } from './fake/fake-driver.js'

/** The environment variable that turns on the hypervisor layer's debug lines on stderr (`--debug` sets it). */
export const DEBUG_ENV = 'HOMENOVA_DEBUG'

/** Where debug lines go: stderr when HOMENOVA_DEBUG is set, nowhere otherwise. */
export function debugLog(env: NodeJS.ProcessEnv = process.env): ((line: string) => void) | undefined {
  if (!env[DEBUG_ENV]) return undefined
  return (line) => process.stderr.write(`debug: ${line}\n`)
}

/** Makes a DriverFactory; the fake backend and the known_hosts path come from the caller. */
export function driverFactory(options: { knownHostsPath: string; fakeBackend: FakeDomainBackend }): DriverFactory {
  return async (host: HostSpec, hostKeys?: HostKeyPolicy): Promise<HypervisorDriver> => {
    if (host.driver === 'fake') {
      const { FakeDriver } = await import('./fake/fake-driver.js')
      return new FakeDriver(host, options.fakeBackend)
    }
    const { LibvirtDriver } = await import('./libvirt/libvirt-driver.js')
    const c = host.connection
    if (c.kind === 'local') {
      const { LocalTransport } = await import('./local-transport.js')
      return new LibvirtDriver(host, new LocalTransport())
    }
    if (c.kind !== 'ssh') throw new Error(`Host ${host.name} has driver libvirt but connection ${c.kind}`)
    const { SshTransport } = await import('./ssh/ssh-transport.js')
    const { KnownHosts } = await import('./ssh/known-hosts.js')
    const { libvirtUriFromHere } = await import('./libvirt/live-migrate.js')
    return new LibvirtDriver(host, new SshTransport(c, new KnownHosts(options.knownHostsPath), hostKeys, { log: debugLog() }), {
      uriFromHere: libvirtUriFromHere(host, options.knownHostsPath),
    })
  }
}
