import { describe, expect, it } from 'vitest'
import { checkFixedIp, checkMac, netmaskOf, networkAsk, nicMac, parseNic } from '../../src/core/model/networks.js'
import { macAddress } from '../../src/core/conductor/context.js'

const uuid = '0a1b2c3d-1111-2222-3333-444455556666'

describe('NIC MACs', () => {
  it('keeps the MAC servers always had on NIC 0 and gives each further NIC its own, in fa:16:3e', () => {
    const macs = [0, 1, 2, 3].map((i) => nicMac(uuid, i))
    expect(macs[0]).toBe(macAddress(uuid))
    expect(new Set(macs).size).toBe(4)
    for (const mac of macs) expect(mac).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/)
    // Fixed by the uuid: the same server gets the same MACs at every spawn and move.
    expect(nicMac(uuid, 2)).toBe(macs[2])
    expect(nicMac('ffffffff-1111-2222-3333-444455556666', 1)).not.toBe(macs[1])
  })
})

describe('--network and --nic', () => {
  it("reads openstack's --nic forms", () => {
    expect(parseNic('net-id=br0')).toEqual({ network: 'br0' })
    expect(parseNic('net-id=br0,v4-fixed-ip=192.168.1.50/24,mac=FA:16:3E:00:00:01')).toEqual({ network: 'br0', fixedIp: '192.168.1.50/24', mac: 'fa:16:3e:00:00:01' })
    expect(parseNic('none')).toBe('none')
    expect(parseNic('auto')).toBe('auto')
    expect(() => parseNic('port-id=abc')).toThrow(/unknown key "port-id"/)
    expect(() => parseNic('v4-fixed-ip=10.0.0.1')).toThrow(/names no network/)
  })

  it('turns --network N into a NIC each, in order, after which come the --nic ones; nothing given is auto', () => {
    expect(networkAsk(['user', 'br0'], ['net-id=lab'])).toEqual({ kind: 'nics', nics: [{ network: 'user' }, { network: 'br0' }, { network: 'lab' }] })
    expect(networkAsk([], [])).toEqual({ kind: 'auto' })
    expect(networkAsk([], ['none'])).toEqual({ kind: 'none' })
    expect(() => networkAsk(['br0'], ['none'])).toThrow(/--nic none cannot be combined/)
    expect(() => networkAsk([], ['auto', 'auto'])).toThrow(/cannot be combined/)
  })

  it('checks fixed addresses and MACs', () => {
    expect(checkFixedIp('192.168.1.50')).toBe('192.168.1.50/24')
    expect(checkFixedIp('10.1.2.3/16')).toBe('10.1.2.3/16')
    for (const bad of ['192.168.1.300', '10.0.0.1/33', '10.0.0.1/', 'fe80::1', '10.0.0.1/8/9']) expect(() => checkFixedIp(bad), bad).toThrow(/not an IPv4 address/)
    expect(checkMac('fa:16:3e:00:00:01')).toBe('fa:16:3e:00:00:01')
    expect(() => checkMac('01:00:5e:00:00:01')).toThrow(/not a unicast MAC/)
    expect(() => checkMac('fa:16:3e:00:00')).toThrow(/not a unicast MAC/)
  })

  it('writes prefix lengths as netmasks', () => {
    expect(netmaskOf(24)).toBe('255.255.255.0')
    expect(netmaskOf(20)).toBe('255.255.240.0')
    expect(netmaskOf(32)).toBe('255.255.255.255')
  })
})
