// Power-state sync refreshing addresses: asked only for running servers with
// NICs whose address the host must tell; hosts of user-mode servers get no extra call.
import { describe, expect, it } from 'vitest'
import type { DriverSource } from '../../src/core/conductor/context.js'
import { syncPowerStates, SYNC_POWER_STATE_INTERVAL_MS } from '../../src/core/compute/power-sync.js'
import type { HostSpec, HypervisorDriver, InterfaceAddress } from '../../src/hypervisor/driver.js'
import { harness, type Harness } from '../helpers/harness.js'

/** The harness's drivers, with interfaceAddresses counted and answering what the test says. */
function drivers(h: Harness, answer: (macs: readonly string[]) => InterfaceAddress[]) {
  const asked: string[] = []
  const source: DriverSource = {
    async get(host: HostSpec): Promise<HypervisorDriver> {
      const driver = await h.services.drivers(host)
      driver.interfaceAddresses = async (instance, macs) => {
        asked.push(`${host.name} ${instance.domainName}`)
        return answer(macs)
      }
      return driver
    },
  }
  return { source, asked }
}

describe('power-state sync and addresses', () => {
  it('records the address a bridged NIC got since the build, and asks nothing of hosts with user-mode servers only', async () => {
    const h = await harness([['plain'], ['lan', { networks: 'br-lan' }]])
    const { handle } = await h.services.compute.createServers({ name: 'nas', flavor: 'm1.tiny', image: 'tiny', networks: { kind: 'nics', nics: [{ network: 'br-lan' }] } })
    await handle.wait()
    const { handle: h2 } = await h.services.compute.createServers({ name: 'vm', flavor: 'm1.tiny', image: 'tiny', placement: { hints: {}, host: 'plain' } })
    await h2.wait()
    const nas = await h.server('nas')
    h.clock.advance(SYNC_POWER_STATE_INTERVAL_MS)

    const later = drivers(h, (macs) => macs.map((mac) => ({ mac, addr: '192.168.1.77', version: 4, prefix: 24, source: 'lease' })))
    await syncPowerStates(h.services.store, later.source, h.clock)
    expect(later.asked).toEqual([`lan ${nas.domainName}`])
    expect((await h.server('nas')).addresses).toEqual({ 'br-lan': [{ addr: '192.168.1.77', version: 4, type: 'fixed', mac: nas.nics[0].mac }] })
    expect((await h.server('vm')).addresses).toEqual({ user: [{ addr: '10.0.2.15', version: 4, type: 'fixed', mac: (await h.server('vm')).nics[0].mac }] })
  })

  it('keeps the addresses it had when the host cannot tell, and leaves a stopped server alone', async () => {
    const h = await harness([['lan', { networks: 'br-lan' }]])
    const { handle } = await h.services.compute.createServers({ name: 'nas', flavor: 'm1.tiny', image: 'tiny', networks: { kind: 'nics', nics: [{ network: 'br-lan' }] } })
    await handle.wait()
    const before = (await h.server('nas')).addresses
    expect(before['br-lan']).toHaveLength(1) // the fake host's lease at the end of the build
    h.clock.advance(SYNC_POWER_STATE_INTERVAL_MS)
    const failing = drivers(h, () => {
      throw new Error('virsh domifaddr: every source failed')
    })
    await syncPowerStates(h.services.store, failing.source, h.clock)
    expect((await h.server('nas')).addresses).toEqual(before)

    await (await h.services.compute.powerAction(['nas'], 'stop')).handle.wait()
    h.clock.advance(SYNC_POWER_STATE_INTERVAL_MS)
    const stopped = drivers(h, () => [])
    await syncPowerStates(h.services.store, stopped.source, h.clock)
    expect(stopped.asked).toEqual([])
  })
})
