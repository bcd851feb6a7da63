// Power-state sync on simulated hosts: what an operator would see after a guest
// acts on its own (shuts down, crashes, vanishes), while work is in progress,
// when a host stops answering, and how often the hosts are asked.
import { describe, expect, it } from 'vitest'
import type { HostSpec, HypervisorDriver } from '../../../src/hypervisor/driver.js'
import type { DriverSource } from '../../../src/core/conductor/context.js'
import { syncPowerStates, SYNC_POWER_STATE_INTERVAL_MS } from '../../../src/core/compute/power-sync.js'
import { setServerState } from '../../../src/core/model/lifecycle.js'
import { POWER_STATE } from '../../../src/core/store/constants.js'
import type { FakeDomain } from '../../../src/core/store/schema.js'
import { harness, type Harness } from '../../helpers/harness.js'

/** The harness's drivers as a DriverSource that counts listDomains calls and can make hosts unreachable. */
function testDrivers(h: Harness) {
  const unreachable = new Set<string>()
  const calls: string[] = []
  const source: DriverSource = {
    async get(host: HostSpec): Promise<HypervisorDriver> {
      if (unreachable.has(host.name)) throw new Error(`ssh: connect to host ${host.name} port 22: No route to host`)
      const driver = await h.services.drivers(host)
      const listDomains = driver.listDomains.bind(driver)
      driver.listDomains = () => {
        calls.push(host.name)
        return listDomains()
      }
      return driver
    },
  }
  return { source, unreachable, calls }
}

async function activeServer(h: Harness, name = 'vm') {
  const { handle } = await h.services.compute.createServers({ name, flavor: 'm1.tiny', image: 'tiny' })
  await handle.wait()
  // The conductor that built it synced every host as it started; the test's sync is the next periodic one.
  h.clock.advance(SYNC_POWER_STATE_INTERVAL_MS)
  return h.server(name)
}

/** Changes the server's domain on its fake host as the guest (or someone on the host) would. */
async function setDomain(h: Harness, domainName: string, state: FakeDomain['state'] | 'gone') {
  await h.services.store.transact((s) => {
    if (state === 'gone') s.fakeDomains = s.fakeDomains.filter((d) => d.name !== domainName)
    else s.fakeDomains.find((d) => d.name === domainName)!.state = state
  })
}

const sync = (h: Harness, drivers: DriverSource, options = {}) => syncPowerStates(h.services.store, drivers, h.clock, options)
const actionsOf = async (h: Harness, serverId: string) => (await h.services.store.read()).actions.filter((a) => a.serverId === serverId)

describe('power-state sync', () => {
  it('stops a server whose guest shut itself down, recording a stop action by the sync', async () => {
    const h = await harness()
    const vm = await activeServer(h)
    expect(vm.powerState).toBe(POWER_STATE.RUNNING)
    await setDomain(h, vm.domainName, 'shutoff')
    const report = await sync(h, testDrivers(h).source)
    expect(report.hosts).toEqual([{ name: 'sim1', status: 'up' }])
    expect(report.changed).toEqual([{ server: 'vm', from: 'ACTIVE', to: 'SHUTOFF', reason: expect.stringMatching(/shut itself down on sim1/) }])
    expect(await h.server('vm')).toMatchObject({ vmState: 'stopped', taskState: null, powerState: POWER_STATE.SHUTDOWN })
    const stop = (await actionsOf(h, vm.id)).find((a) => a.action === 'stop')
    expect(stop).toMatchObject({ userId: 'homenova-power-sync', projectId: vm.projectId, finishTime: expect.any(String) })
    expect(stop?.message).toBeUndefined() // a message would show the action as failed
    expect(stop?.events[0]).toMatchObject({ result: 'Success', details: expect.stringMatching(/guest shut itself down on sim1/) })
    // The server can be started again through the ordinary path.
    await (await h.services.compute.powerAction(['vm'], 'start')).handle.wait()
    expect(await h.server('vm')).toMatchObject({ vmState: 'active', powerState: POWER_STATE.RUNNING })
  })

  it('stops a server whose guest crashed, recording the crashed power state', async () => {
    const h = await harness()
    const vm = await activeServer(h)
    await setDomain(h, vm.domainName, 'crashed')
    const report = await sync(h, testDrivers(h).source)
    expect(report.changed).toEqual([{ server: 'vm', from: 'ACTIVE', to: 'SHUTOFF', reason: expect.stringMatching(/crashed on sim1/) }])
    expect(await h.server('vm')).toMatchObject({ vmState: 'stopped', powerState: POWER_STATE.CRASHED })
  })

  it('marks a server whose domain vanished ERROR with a fault and an instance action', async () => {
    const h = await harness()
    const vm = await activeServer(h)
    await setDomain(h, vm.domainName, 'gone')
    const report = await sync(h, testDrivers(h).source)
    const fault = `The domain ${vm.domainName} is gone from host sim1 (found by power-state sync)`
    expect(report.changed).toEqual([{ server: 'vm', from: 'ACTIVE', to: 'ERROR', reason: fault }])
    const server = await h.server('vm')
    expect(server).toMatchObject({ vmState: 'error', taskState: null, powerState: POWER_STATE.NOSTATE })
    expect(server.fault).toMatchObject({ code: 500, message: fault })
    const action = (await actionsOf(h, vm.id)).find((a) => a.action === 'sync_power_state')
    expect(action).toMatchObject({ message: fault, userId: 'homenova-power-sync', finishTime: expect.any(String) })
  })

  it('only records the power state of other mismatches (an ACTIVE guest found paused)', async () => {
    const h = await harness()
    const vm = await activeServer(h)
    await setDomain(h, vm.domainName, 'paused')
    const report = await sync(h, testDrivers(h).source)
    expect(report.changed).toEqual([])
    expect(await h.server('vm')).toMatchObject({ vmState: 'active', powerState: POWER_STATE.PAUSED })
    expect((await actionsOf(h, vm.id)).map((a) => a.action)).toEqual(['create'])
  })

  it('leaves a server with work in progress alone', async () => {
    const h = await harness()
    const vm = await activeServer(h)
    await h.services.compute.powerAction(['vm'], 'stop') // queued; no conductor runs it
    await setDomain(h, vm.domainName, 'gone')
    const drivers = testDrivers(h).source
    expect((await sync(h, drivers)).changed).toEqual([])
    expect(await h.server('vm')).toMatchObject({ vmState: 'active', taskState: 'powering-off', powerState: POWER_STATE.RUNNING })
    // The open task alone is enough: even without a task_state, a queued task's server is not touched.
    await h.services.store.transact((s) => setServerState(s.servers.find((x) => x.id === vm.id)!, { taskState: null }, new Date().toISOString()))
    expect((await sync(h, drivers, { force: true })).changed).toEqual([])
    expect(await h.server('vm')).toMatchObject({ vmState: 'active', powerState: POWER_STATE.RUNNING })
    // And a task_state alone is enough too (say its task was lost).
    await h.services.store.transact((s) => {
      s.tasks = s.tasks.filter((t) => t.kind !== 'stop')
      setServerState(s.servers.find((x) => x.id === vm.id)!, { taskState: 'powering-off' }, new Date().toISOString())
    })
    expect((await sync(h, drivers, { force: true })).changed).toEqual([])
    expect(await h.server('vm')).toMatchObject({ vmState: 'active', powerState: POWER_STATE.RUNNING })
  })

  it('leaves a server that changed while its host was asked (compare-and-swap)', async () => {
    const h = await harness()
    const vm = await activeServer(h)
    await (await h.services.compute.powerAction(['vm'], 'stop')).handle.wait()
    h.clock.advance(SYNC_POWER_STATE_INTERVAL_MS) // the stop's conductor synced the host; make it due again
    // The host reports the guest off; before the sync commits, a start finishes.
    const inner = testDrivers(h).source
    const racing: DriverSource = {
      async get(host) {
        const driver = await inner.get(host)
        const list = driver.listDomains.bind(driver)
        driver.listDomains = async () => {
          const domains = await list()
          await h.services.store.transact((s) => {
            s.fakeDomains.find((d) => d.name === vm.domainName)!.state = 'running'
            setServerState(s.servers.find((x) => x.id === vm.id)!, { vmState: 'active', powerState: POWER_STATE.RUNNING }, new Date(Date.now() + 1).toISOString())
          })
          return domains
        }
        return driver
      },
    }
    expect((await sync(h, racing)).changed).toEqual([])
    expect(await h.server('vm')).toMatchObject({ vmState: 'active', powerState: POWER_STATE.RUNNING })
  })

  it('marks a host that does not answer down with the reason, and up again when it does', async () => {
    const h = await harness([['sim1'], ['sim2']])
    const vm = await activeServer(h)
    const hostName = (await h.services.store.read()).hosts.find((x) => x.id === vm.host)!.name
    const other = hostName === 'sim1' ? 'sim2' : 'sim1'
    const drivers = testDrivers(h)
    drivers.unreachable.add(hostName)
    await setDomain(h, vm.domainName, 'gone') // unseen: the host cannot be asked
    const report = await sync(h, drivers.source)
    const reason = `ssh: connect to host ${hostName} port 22: No route to host`
    expect(report.hosts).toEqual(expect.arrayContaining([{ name: hostName, status: 'down', error: reason }, { name: other, status: 'up' }]))
    expect(report.changed).toEqual([])
    let hosts = (await h.services.store.read()).hosts
    expect(hosts.find((x) => x.name === hostName)).toMatchObject({ status: 'down', downReason: reason, syncedAt: expect.any(String) })
    expect(hosts.find((x) => x.name === other)).toMatchObject({ status: 'up', syncedAt: expect.any(String) })
    expect(await h.server('vm')).toMatchObject({ vmState: 'active' })
    // ComputeFilter now skips it: a new server lands on the other host.
    expect((await activeServer(h, 'vm2')).host).toBe(hosts.find((x) => x.name === other)!.id)

    drivers.unreachable.clear()
    const again = await sync(h, drivers.source, { force: true })
    expect(again.hosts).toEqual(expect.arrayContaining([{ name: hostName, status: 'up' }]))
    hosts = (await h.services.store.read()).hosts
    expect(hosts.find((x) => x.name === hostName)).toMatchObject({ status: 'up' })
    expect(hosts.find((x) => x.name === hostName)).not.toHaveProperty('downReason')
    expect(await h.server('vm')).toMatchObject({ vmState: 'error' }) // now seen
  })

  it('marks a host down when its driver cannot list domains', async () => {
    const h = await harness([['sim1', { simulate_failure: 'listDomains' }]])
    const report = await sync(h, testDrivers(h).source)
    expect(report.hosts).toEqual([{ name: 'sim1', status: 'down', error: expect.stringMatching(/Simulated listDomains failure on sim1/) }])
    expect((await h.services.store.read()).hosts[0]).toMatchObject({ status: 'down', downReason: expect.stringMatching(/listDomains/) })
  })

  it('asks each host once per interval unless forced', async () => {
    const h = await harness([['sim1'], ['sim2']])
    const vm = await activeServer(h)
    const drivers = testDrivers(h)
    await sync(h, drivers.source)
    expect(drivers.calls.sort()).toEqual(['sim1', 'sim2'])

    await setDomain(h, vm.domainName, 'shutoff')
    h.clock.advance(SYNC_POWER_STATE_INTERVAL_MS - 1000)
    expect(await sync(h, drivers.source)).toEqual({ hosts: [], changed: [] })
    expect(drivers.calls).toHaveLength(2)
    expect(await h.server('vm')).toMatchObject({ vmState: 'active' })

    const hostId = vm.host!
    const forced = await sync(h, drivers.source, { force: true, hostIds: [hostId] })
    expect(drivers.calls).toHaveLength(3)
    expect(forced.hosts).toHaveLength(1)
    expect(forced.changed).toEqual([expect.objectContaining({ server: 'vm', to: 'SHUTOFF' })])

    // A full interval after the first sync only the host not forced meanwhile is due.
    h.clock.advance(1000)
    const due = await sync(h, drivers.source)
    expect(due.hosts.map((x) => x.name)).toEqual(drivers.calls.slice(3))
    expect(drivers.calls).toHaveLength(4)
    expect(drivers.calls[3]).not.toBe(drivers.calls[2])
    // A shorter interval makes both due sooner.
    h.clock.advance(10)
    await sync(h, drivers.source, { intervalMs: 5 })
    expect(drivers.calls).toHaveLength(6)
  })
})
