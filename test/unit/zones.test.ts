// A server's availability zone as `server show` gives it: Nova's conductor writes
// the host's zone on an instance that asked for none, so openstack users see
// "nova" (or their aggregate's zone), never an empty field, once it is placed.
import { describe, expect, it } from 'vitest'
import { serverView } from '../../src/cli/views.js'
import { harness } from '../helpers/harness.js'

describe('a server\'s availability zone', () => {
  it('is none before scheduling, then its host\'s zone: an aggregate\'s, else the default', async () => {
    const h = await harness([['sim1'], ['sim2']])
    const { services } = h
    await services.aggregates.create('rack1', { availability_zone: 'az1' })
    await services.aggregates.addHost('rack1', 'sim1')
    await services.compute.createServers({ name: 'a', flavor: 'm1.tiny', image: 'tiny', placement: { hints: {}, host: 'sim1' } })
    await services.compute.createServers({ name: 'b', flavor: 'm1.tiny', image: 'tiny', placement: { hints: {}, host: 'sim2' } })
    const queued = await services.store.read()
    expect(serverView(queued.servers[0], queued).availability_zone).toBeNull()
    await services.conductor({ clock: h.clock }).drain()
    const state = await services.store.read()
    const zone = (name: string) => serverView(state.servers.find((s) => s.name === name)!, state).availability_zone
    expect(zone('a')).toBe('az1')
    expect(zone('b')).toBe('nova')
  })

  it('is the zone the server asked for', async () => {
    const h = await harness([['sim1']])
    const { services } = h
    await services.aggregates.create('rack1', { availability_zone: 'az1' })
    await services.aggregates.addHost('rack1', 'sim1')
    await services.compute.createServers({ name: 'a', flavor: 'm1.tiny', image: 'tiny', placement: { hints: {}, availabilityZone: 'az1' } })
    const state = await services.store.read()
    expect(serverView(state.servers[0], state).availability_zone).toBe('az1')
  })
})
