// One driver (so one SSH connection) per host for all the tasks a conductor
// runs at once; closed together when the conductor goes idle.
import type { DriverFactory, HostSpec, HypervisorDriver } from '../../hypervisor/driver.js'
import type { DriverSource } from './context.js'

/** Shares a driver per host among concurrent tasks. */
export class DriverPool implements DriverSource {
  private readonly drivers = new Map<string, Promise<HypervisorDriver>>()

  constructor(private readonly factory: DriverFactory) {}

  get(host: HostSpec): Promise<HypervisorDriver> {
    let driver = this.drivers.get(host.id)
    if (!driver) {
      driver = this.factory(host)
      // A host that could not be reached is tried afresh by the next task.
      driver.catch(() => this.drivers.delete(host.id))
      this.drivers.set(host.id, driver)
    }
    return driver
  }

  /** Closes every connection. */
  async closeAll(): Promise<void> {
    const open = [...this.drivers.values()]
    this.drivers.clear()
    await Promise.all(open.map(async (d) => (await d.catch(() => undefined))?.close().catch(() => undefined)))
  }
}
