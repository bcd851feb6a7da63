// What the driver-level e2e files share: a LibvirtDriver for a real host, made
// as src/hypervisor/factory.ts makes it; a local image described for it; and a
// stopwatch that prints the wall time of each driver call.
import { createHash, randomUUID } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { HostSpec, ImageSpec } from '../../src/hypervisor/driver.js'
import { LibvirtDriver } from '../../src/hypervisor/libvirt/libvirt-driver.js'
import { KnownHosts } from '../../src/hypervisor/ssh/known-hosts.js'
import { SshTransport } from '../../src/hypervisor/ssh/ssh-transport.js'
import { STATE_DIR, type RealHost } from './real-hosts.js'

/** The driver for a real host. */
export function driverFor(real: RealHost): LibvirtDriver {
  const c = { address: real.address, port: real.port, user: real.user, identity: real.identity }
  const host: HostSpec = {
    id: randomUUID(),
    name: real.name,
    driver: 'libvirt',
    connection: { kind: 'ssh', ...c },
    uri: real.uri,
    virtType: real.virtType,
    instancesDir: real.instancesDir,
    facts: { arch: 'x86_64' },
  }
  return new LibvirtDriver(host, new SshTransport(c, new KnownHosts(join(STATE_DIR, 'known_hosts'))))
}

/** A local qcow2 image file as the driver needs it. */
export function localImage(path: string): ImageSpec {
  const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', path], { encoding: 'utf8' })) as { 'virtual-size': number }
  const checksum = createHash('sha256').update(readFileSync(path)).digest('hex')
  return { id: randomUUID(), checksum, diskFormat: 'qcow2', size: statSync(path).size, virtualSize: info['virtual-size'], localPath: path }
}

/** Times driver calls and prints them as a table. */
export class Stopwatch {
  private readonly timings: Array<[string, number]> = []

  /** Runs one call and records how long it took. */
  async timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const t = performance.now()
    const result = await fn()
    this.timings.push([name, performance.now() - t])
    return result
  }

  /** Prints every call under `title`. */
  print(title: string): void {
    const width = Math.max(...this.timings.map(([name]) => name.length))
    console.log([title, ...this.timings.map(([name, ms]) => `  ${name.padEnd(width)}  ${(ms / 1000).toFixed(2)} s`)].join('\n'))
  }
}
