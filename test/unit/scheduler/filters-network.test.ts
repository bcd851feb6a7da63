// NetworkFilter: homenova's own (Nova's networks span the cloud); written like the ports of Nova's filter tests.
import { describe, expect, it } from 'vitest'
import { networkFilter } from '../../../src/core/scheduler/filters/network.js'
import { schedule } from '../../../src/core/scheduler/scheduler.js'
import type { Host } from '../../../src/core/store/schema.js'
import { makeConfig, makeHost, makeHostState, makeSpec, stateWith } from '../../helpers/scheduler.js'

const user = { name: 'user', type: 'user' as const, active: true }
const withNets = (name: string, ...nets: Host['networks']) => makeHost(name, { networks: [user, ...nets] })
const lan = { name: 'br-lan', type: 'bridge' as const, active: true }
const lab = { name: 'lab', type: 'libvirt' as const, bridge: 'virbr1', forward: 'nat', active: true }

describe('NetworkFilter', () => {
  const reject = (host: Host, networks?: string[]) => networkFilter.reject(makeHostState(host), makeSpec(networks ? { networks } : {}), makeConfig())

  it('passes every host when no network, or only user, is asked for', () => {
    const bare = withNets('bare')
    expect(reject(bare)).toBeNull()
    expect(reject(bare, [])).toBeNull()
    expect(reject(bare, ['user'])).toBeNull()
  })
  it('passes a host offering every network asked for', () => expect(reject(withNets('h', lan, lab), ['user', 'br-lan', 'lab'])).toBeNull())
  it('rejects a host missing one, naming what it lacks', () => expect(reject(withNets('h', lan), ['br-lan', 'lab'])).toBe('does not offer network lab'))
  it('rejects a host whose libvirt network is defined but not started', () => {
    expect(reject(withNets('h', { ...lab, active: false }), ['lab'])).toBe('libvirt network lab is not started here (virsh net-start)')
  })
})

describe('the scheduler and networks', () => {
  const state = stateWith(withNets('a'), withNets('b', lan), withNets('c', lan, lab))

  it('runs NetworkFilter on every request, whatever enabled_filters says, and explains the hosts it removed', () => {
    const r = schedule(state, makeSpec({ networks: ['br-lan', 'lab'] }), makeConfig({ enabled_filters: [] }))
    expect(r.selections.map((s) => s.host.host.name)).toEqual(['c'])
    expect(r.verdicts.filter((v) => !v.passed).map((v) => [v.host, v.rejected_by, v.reason])).toEqual([
      ['a', 'NetworkFilter', 'does not offer network br-lan, lab'],
      ['b', 'NetworkFilter', 'does not offer network lab'],
    ])
  })

  it('keeps a forced host to the networks too: a host without them could not build the server', () => {
    const r = schedule(state, makeSpec({ networks: ['br-lan'], forcedHost: 'a' }), makeConfig())
    expect(r.selections).toEqual([])
    expect(r.failure).toMatch(/NetworkFilter removed 1 of 3 hosts \(a: does not offer network br-lan\).*homenova network list/)
  })
})
