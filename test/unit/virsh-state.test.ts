// virsh output as libvirt 9.0 prints it (captured on Debian 12 with LC_ALL=C),
// read as homenova's power states.
import { describe, expect, it } from 'vitest'
import { parseDomainList, parseDominfo, powerState } from '../../src/hypervisor/libvirt/virsh-state.js'

const dominfo = (state: string, managedSave: 'yes' | 'no') => `Id:             -
Name:           instance-0a1b2c3d
UUID:           0a1b2c3d-1111-2222-3333-444455556666
OS Type:        hvm
State:          ${state}
CPU(s):         1
Max memory:     262144 KiB
Used memory:    262144 KiB
Persistent:     yes
Autostart:      disable
Managed save:   ${managedSave}
Security model: none
Security DOI:   0
`

describe('powerState', () => {
  it.each([
    ['running', 'running'],
    ['idle', 'running'],
    ['paused', 'paused'],
    ['shut off', 'shutoff'],
    ['saved', 'suspended'],
    ['crashed', 'crashed'],
    ['in shutdown', 'other'],
    ['pmsuspended', 'other'],
    ['no state', 'other'],
  ])('reads "%s" as %s', (word, state) => {
    expect(powerState(word)).toBe(state)
  })

  it('reads "shut off" with a managed save image as suspended', () => {
    expect(powerState('shut off', true)).toBe('suspended')
  })
})

describe('parseDominfo', () => {
  it('reads a running domain', () => {
    expect(parseDominfo(dominfo('running', 'no'))).toEqual({ state: 'running', detail: 'running' })
  })

  it('reads a paused domain', () => {
    expect(parseDominfo(dominfo('paused', 'no'))).toEqual({ state: 'paused', detail: 'paused' })
  })

  it('tells a managed-saved domain from one that is merely off', () => {
    expect(parseDominfo(dominfo('shut off', 'yes'))).toEqual({ state: 'suspended', detail: 'saved' })
    expect(parseDominfo(dominfo('shut off', 'no'))).toEqual({ state: 'shutoff', detail: 'shut off' })
  })

  it('keeps a passing state as its word', () => {
    expect(parseDominfo(dominfo('in shutdown', 'no'))).toEqual({ state: 'other', detail: 'in shutdown' })
  })

  it('fails loudly on output without a State line', () => {
    expect(() => parseDominfo('error: something else\n')).toThrow(/no State line/)
  })
})

describe('parseDomainList', () => {
  it('reads `virsh -q list --all --managed-save`, homenova domains only', () => {
    const out = [
      ' 3    instance-0a1b2c3d   running',
      ' 4    instance-1b2c3d4e   paused',
      ' -    instance-2c3d4e5f   shut off',
      ' -    instance-3d4e5f60   saved',
      ' 7    instance-4e5f6071   in shutdown',
      ' 9    my-own-vm           running',
      ' -    hnpowertest         saved',
      '',
    ].join('\n')
    expect(parseDomainList(out)).toEqual(
      new Map([
        ['instance-0a1b2c3d', { state: 'running', detail: 'running' }],
        ['instance-1b2c3d4e', { state: 'paused', detail: 'paused' }],
        ['instance-2c3d4e5f', { state: 'shutoff', detail: 'shut off' }],
        ['instance-3d4e5f60', { state: 'suspended', detail: 'saved' }],
        ['instance-4e5f6071', { state: 'other', detail: 'in shutdown' }],
      ]),
    )
  })

  it('reads an empty host as no domains', () => {
    expect(parseDomainList('')).toEqual(new Map())
    expect(parseDomainList('\n')).toEqual(new Map())
  })
})
