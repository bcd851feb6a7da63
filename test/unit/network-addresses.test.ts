import { describe, expect, it } from 'vitest'
import { addressesWith, knownAddresses, macsToLearn } from '../../src/core/compute/server-addresses.js'
import type { HostSpec } from '../../src/hypervisor/driver.js'
import { interfaceAddresses, parseDomifaddr } from '../../src/hypervisor/libvirt/addresses.js'
import { Virsh } from '../../src/hypervisor/libvirt/virsh.js'
import type { ExecResult, Transport } from '../../src/hypervisor/transport.js'

const LAN = 'fa:16:3e:11:22:33'
const LAB = 'fa:16:3e:44:55:66'
const USER = 'fa:16:3e:00:00:01'

// `virsh domifaddr DOM --source agent --full`: the guest agent lists every interface, loopback and link-local too.
const AGENT = ` Name       MAC address          Protocol     Address
-------------------------------------------------------------------------------
 lo         00:00:00:00:00:00    ipv4         127.0.0.1/8
 lo         00:00:00:00:00:00    ipv6         ::1/128
 eth1       FA:16:3E:44:55:66    ipv4         10.20.0.7/24
 eth1       FA:16:3E:44:55:66    ipv6         fe80::f816:3eff:fe44:5566/64
 eth1       FA:16:3E:44:55:66    ipv6         fd00:20::7/64
`
// `--source lease` for a NIC on a libvirt network, without --full (later lines say "-").
const LEASE = ` vnet3      fa:16:3e:11:22:33    ipv4         192.168.122.45/24
 -          -                    ipv6         fd00:122::45/64
`

describe('parseDomifaddr', () => {
  it('reads MAC, family and address, keeping a NIC across "-" lines and leaving out loopback and link-local', () => {
    expect(parseDomifaddr(LEASE, 'lease')).toEqual([
      { mac: LAN, addr: '192.168.122.45', version: 4, prefix: 24, source: 'lease' },
      { mac: LAN, addr: 'fd00:122::45', version: 6, prefix: 64, source: 'lease' },
    ])
    expect(parseDomifaddr(AGENT, 'agent').map((a) => a.addr)).toEqual(['10.20.0.7', 'fd00:20::7'])
    expect(parseDomifaddr('', 'arp')).toEqual([])
  })
})

/** virsh answering domifaddr per source. */
class Domifaddr implements Transport {
  readonly where = 'test'
  readonly sources: string[] = []
  constructor(private readonly bySource: Record<string, ExecResult>) {}
  async exec(argv: readonly string[]): Promise<ExecResult> {
    const source = argv[argv.indexOf('--source') + 1]
    this.sources.push(source)
    return this.bySource[source]
  }
  upload = () => Promise.reject(new Error('unused'))
  download = () => Promise.reject(new Error('unused'))
  writeFile = () => Promise.reject(new Error('unused'))
  forward = () => Promise.reject(new Error('unused'))
  stream = () => Promise.reject(new Error('unused'))
  close = () => Promise.resolve()
}

describe('interfaceAddresses', () => {
  const virsh = (t: Transport) => new Virsh({ name: 'kvm1', uri: 'qemu:///system' } as HostSpec, t)

  it('asks the leases, then ARP, then the agent, each only while a NIC is unanswered, going past sources that fail', async () => {
    const t = new Domifaddr({
      lease: { stdout: LEASE, stderr: '', code: 0 },
      // What libvirt 9.0 says here for --source arp.
      arp: { stdout: '', stderr: 'error: Failed to query for interfaces addresses\nerror: internal error: wrong nlmsg len', code: 1 },
      agent: { stdout: AGENT, stderr: '', code: 0 },
    })
    const tried: string[] = []
    const found = await interfaceAddresses(virsh(t), 'instance-1', [LAN, LAB], tried)
    expect(t.sources).toEqual(['lease', 'arp', 'agent'])
    expect(found.map((a) => `${a.source} ${a.mac} ${a.addr}`)).toEqual([`lease ${LAN} 192.168.122.45`, `lease ${LAN} fd00:122::45`, `agent ${LAB} 10.20.0.7`, `agent ${LAB} fd00:20::7`])
    expect(tried[1]).toMatch(/^arp: .*wrong nlmsg len/)
  })

  it('stops at the first source that answers for every NIC', async () => {
    const t = new Domifaddr({ lease: { stdout: LEASE, stderr: '', code: 0 } })
    await interfaceAddresses(virsh(t), 'instance-1', [LAN])
    expect(t.sources).toEqual(['lease'])
  })
})

describe("a server's addresses", () => {
  const nics = [
    { network: 'user', mac: USER },
    { network: 'lan', mac: LAN },
    { network: 'lab', mac: LAB, fixedIp: '10.20.0.7/24' },
  ]

  it('knows the user-mode address and fixed ones without asking, and asks the host only about the other bridged and libvirt NICs', () => {
    expect(knownAddresses({ nics })).toEqual({
      user: [{ addr: '10.0.2.15', version: 4, type: 'fixed', mac: USER }],
      lab: [{ addr: '10.20.0.7', version: 4, type: 'fixed', mac: LAB }],
    })
    expect(macsToLearn({ nics })).toEqual([LAN])
    expect(macsToLearn({ nics: [nics[0]] })).toEqual([])
  })

  it('files what the host saw under the network of the NIC with that MAC, IPv4 first, without repeats', () => {
    const seen = [
      { mac: LAN, addr: 'fd00::45', version: 6 as const, prefix: 64, source: 'lease' as const },
      { mac: LAN, addr: '192.168.1.45', version: 4 as const, prefix: 24, source: 'lease' as const },
      { mac: LAB, addr: '10.20.0.7', version: 4 as const, prefix: 24, source: 'agent' as const },
      { mac: 'fa:16:3e:99:99:99', addr: '192.168.1.99', version: 4 as const, prefix: 24, source: 'arp' as const },
    ]
    const a = addressesWith({ nics }, seen)
    expect(a.lan.map((x) => x.addr)).toEqual(['192.168.1.45', 'fd00::45'])
    expect(a.lan[1]).toMatchObject({ version: 6, mac: LAN })
    expect(a.lab).toHaveLength(1)
    expect(Object.keys(a).sort()).toEqual(['lab', 'lan', 'user'])
  })
})
