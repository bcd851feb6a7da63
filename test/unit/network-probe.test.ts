import { describe, expect, it } from 'vitest'
import type { HostSpec } from '../../src/hypervisor/driver.js'
import { bridgeAllowed, parseBridges, parseNetNames, parseNetworkXml, probeNetworks } from '../../src/hypervisor/libvirt/networks.js'
import { Virsh } from '../../src/hypervisor/libvirt/virsh.js'
import type { ExecResult, Transport } from '../../src/hypervisor/transport.js'

// What Debian 12's libvirt prints for its default network (captured on this machine).
const DEFAULT_XML = `<network>
  <name>default</name>
  <uuid>0b1e49fa-813a-4c8d-87f6-349d4c80d366</uuid>
  <forward mode='nat'/>
  <bridge name='virbr0' stp='on' delay='0'/>
  <mac address='52:54:00:b9:5b:9d'/>
  <ip address='192.168.122.1' netmask='255.255.255.0'><dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp></ip>
</network>`
const ISOLATED_XML = `<network><name>lab</name><bridge name='virbr5'/></network>`
// `ip -j link show type bridge`, trimmed.
const BRIDGES = '[{"ifindex":3,"ifname":"br0","flags":["BROADCAST","MULTICAST","UP"],"mtu":1500,"link_type":"ether"},{"ifindex":4,"ifname":"virbr0","mtu":1500},{"ifindex":9,"ifname":"br-iot","mtu":1500}]'

/** A host answering a fixed set of commands, by their argument list. */
class Answers implements Transport {
  readonly where = 'test'
  readonly asked: string[] = []
  constructor(private readonly answers: Record<string, ExecResult>) {}
  async exec(argv: readonly string[]): Promise<ExecResult> {
    const key = argv.join(' ').replace('env LC_ALL=C virsh -q -c qemu:///system ', 'virsh ').replace('env LC_ALL=C virsh -q -c qemu:///session ', 'virsh ')
    this.asked.push(key)
    return this.answers[key] ?? { stdout: '', stderr: `${argv[0]}: not found`, code: 127 }
  }
  upload = () => Promise.reject(new Error('unused'))
  download = () => Promise.reject(new Error('unused'))
  writeFile = () => Promise.reject(new Error('unused'))
  forward = () => Promise.reject(new Error('unused'))
  stream = () => Promise.reject(new Error('unused'))
  close = () => Promise.resolve()
}

const ok = (stdout: string): ExecResult => ({ stdout, stderr: '', code: 0 })
const host = (uri: string) => ({ name: 'kvm1', uri }) as HostSpec

describe('parsing what a host offers', () => {
  it('reads network names, bridge and forward mode of libvirt networks', () => {
    expect(parseNetNames(' default\n lab \n\n')).toEqual(['default', 'lab'])
    expect(parseNetworkXml(DEFAULT_XML)).toEqual({ bridge: 'virbr0', forward: 'nat' })
    // No <forward>: an isolated network.
    expect(parseNetworkXml(ISOLATED_XML)).toEqual({ bridge: 'virbr5' })
    expect(parseNetworkXml("<network><name>n</name><forward mode='bridge'/></network>")).toEqual({ forward: 'bridge' })
  })

  it('reads bridge names from ip -j', () => {
    expect(parseBridges(BRIDGES)).toEqual(['br0', 'virbr0', 'br-iot'])
    expect(parseBridges('[]')).toEqual([])
  })

  it("follows qemu-bridge-helper's allow and deny lines, later ones winning", () => {
    const conf = '# bridges for session guests\nallow br0\nallow all\ndeny br-iot\n'
    expect(bridgeAllowed(conf, 'br0')).toBe(true)
    expect(bridgeAllowed(conf, 'br-lan')).toBe(true)
    expect(bridgeAllowed(conf, 'br-iot')).toBe(false)
    expect(bridgeAllowed('allow br0\n', 'br1')).toBe(false)
    expect(bridgeAllowed('', 'br0')).toBe(false)
  })
})

describe('probeNetworks', () => {
  const system = {
    'virsh net-list --all --name': ok('default\nlab\n'),
    'virsh net-list --name': ok('lab\n'),
    'virsh net-dumpxml default': ok(DEFAULT_XML),
    'virsh net-dumpxml lab': ok(ISOLATED_XML),
    'ip -j link show type bridge': ok(BRIDGES),
  }

  it('offers user, the bridges libvirt does not own, and every libvirt network with whether it is started (system)', async () => {
    const t = new Answers(system)
    const nets = await probeNetworks(new Virsh(host('qemu:///system'), t), t, false)
    expect(nets).toEqual([
      { name: 'user', type: 'user', active: true },
      { name: 'br0', type: 'bridge', active: true },
      { name: 'br-iot', type: 'bridge', active: true },
      { name: 'default', type: 'libvirt', bridge: 'virbr0', forward: 'nat', active: false },
      { name: 'lab', type: 'libvirt', bridge: 'virbr5', active: true },
    ])
    expect(t.asked).not.toContain('cat /etc/qemu/bridge.conf')
  })

  it('offers a session host only the bridges bridge.conf allows, and user alone when nothing else answers', async () => {
    const t = new Answers({ ...system, 'cat /etc/qemu/bridge.conf': ok('allow br-iot\n') })
    const nets = await probeNetworks(new Virsh(host('qemu:///session'), t), t, true)
    expect(nets.filter((n) => n.type === 'bridge').map((n) => n.name)).toEqual(['br-iot'])
    // No ip command, no networks, no bridge.conf: still a host with user-mode networking.
    const bare = new Answers({})
    expect(await probeNetworks(new Virsh(host('qemu:///session'), bare), bare, true)).toEqual([{ name: 'user', type: 'user', active: true }])
  })
})
