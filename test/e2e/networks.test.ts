// Networks on a real host: what a qemu:///session host offers (user-mode
// networking; its session libvirt has no networks and no bridge.conf lets it
// join a bridge), a server created with --network user booting with its
// NIC as before and answering `server ssh` through the host, and the host's
// libvirt accepting the XML of bridge and libvirt-network NICs.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NetworkView } from '../../src/cli/views-networks.js'
import type { ServerView } from '../../src/cli/views.js'
import { domainXml, instancePaths } from '../../src/hypervisor/libvirt/domain-xml.js'
import { CliHome, waitFor } from '../helpers/cli.js'
import { onHost, realHosts, type RealHost, hostArgs } from './real-hosts.js'

describe('networks on a real host', () => {
  const cli = new CliHome()
  let host: RealHost
  let server: ServerView | undefined

  beforeAll(async () => {
    const { hosts, image } = realHosts()
    host = hosts[hosts.length - 1]
    const add = await cli.run('host', 'add', host.name, ...hostArgs(host))
    expect(add.code, add.stderr).toBe(0)
    expect((await cli.run('image', 'create', 'tiny', '--file', image)).code).toBe(0)
    expect((await cli.run('keypair', 'create', 'gen', '--private-key', join(cli.home, 'gen.pem'))).code).toBe(0)
  })

  afterAll(async () => {
    if (server) await cli.run('server', 'delete', server.name, '--wait')
  })

  it('lists user for the host, as its probe found it', async () => {
    const nets = await cli.json<NetworkView[]>('network', 'list', '--host', host.name)
    expect(nets).toEqual([{ name: 'user', type: 'user', hosts: [{ host: host.name, type: 'user', status: 'ACTIVE' }] }])
    const table = await cli.run('network', 'list')
    expect(table.stdout).toMatch(new RegExp(`│ user\\s+│ user\\s+│ ${host.name}\\s+│`))
  })

  it('boots a server on --network user with its NIC on the QEMU command line, and logs into it with server ssh', { timeout: 240_000 }, async () => {
    server = await cli.json<ServerView>('server', 'create', 'netvm', '--flavor', 'm1.tiny', '--image', 'tiny', '--network', 'user', '--key-name', 'gen', '--wait')
    expect(server.status).toBe('ACTIVE')
    expect(server.addresses).toEqual({ user: [{ addr: '10.0.2.15', version: 4, type: 'fixed', mac: expect.stringMatching(/^fa:16:3e(:[0-9a-f]{2}){3}$/) }] })
    const xml = onHost(host, `virsh -q -c ${host.uri} dumpxml ${server.instance_name}`)
    expect(xml).not.toContain('<interface')
    expect(xml).toMatch(/<qemu:arg value=.user,id=hn0,restrict=on,hostfwd=tcp:127\.0\.0\.1:0-:22.\/>/)
    const log = async () => (await cli.run('console', 'log', 'netvm')).stdout
    // The guest's DHCP on its one NIC, then its sshd.
    await waitFor('the guest network and sshd', async () => {
      const text = await log()
      return text.includes('homenova-guest: network 10.0.2.15/24') && text.includes('homenova-guest: sshd')
    }, 150_000, 1000).catch(async (err: Error) => {
      throw new Error(`${err.message}; its console log ends:\n${(await log()).split('\n').slice(-8).join('\n')}`)
    })
    const r = await cli.run('server', 'ssh', 'netvm', '--', 'cat', '/proc/version')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^Linux version /)
  })

  it("has the host's libvirt accept (validate against its schema and define) a domain with bridge and libvirt-network NICs", () => {
    // Defined only, never started: starting would need the bridge and the network, which this machine must not have.
    const uuid = '0e2e0e2e-1111-4222-8333-444455556666'
    const xml = domainXml(
      {
        uuid, name: 'nic-kinds', domainName: 'instance-0e2e0e2e', vcpus: 1, memoryMb: 128, diskGb: 1, flavorName: 'm1.tiny', mac: 'fa:16:3e:0e:2e:01',
        image: { id: 'img', checksum: 'x', diskFormat: 'qcow2', size: 1, virtualSize: 1, localPath: '/x' },
        nics: [
          { type: 'user', source: 'user', mac: 'fa:16:3e:0e:2e:01' },
          { type: 'bridge', source: 'hn-e2e-br', mac: 'fa:16:3e:0e:2e:02' },
          { type: 'libvirt', source: 'hn-e2e-net', mac: 'fa:16:3e:0e:2e:03' },
        ],
      },
      instancePaths(host.instancesDir, uuid),
      { virtType: 'qemu', arch: 'x86_64', createdAt: new Date().toISOString() },
    )
    const dir = mkdtempSync(join(tmpdir(), 'hn-nics-'))
    chmodSync(dir, 0o755)
    const file = join(dir, 'domain.xml')
    writeFileSync(file, xml, { mode: 0o644 })
    try {
      onHost(host, `virsh -q -c ${host.uri} define --validate ${file}`)
      const defined = onHost(host, `virsh -q -c ${host.uri} dumpxml instance-0e2e0e2e`)
      expect(defined).toMatch(/<interface type='bridge'>\s*<mac address='fa:16:3e:0e:2e:02'\/>\s*<source bridge='hn-e2e-br'\/>\s*<model type='virtio'\/>/)
      expect(defined).toMatch(/<interface type='network'>\s*<mac address='fa:16:3e:0e:2e:03'\/>\s*<source network='hn-e2e-net'\/>\s*<model type='virtio'\/>/)
      expect(defined).toContain('virtio-net-pci,netdev=hn0,mac=fa:16:3e:0e:2e:01,addr=0x10')
    } finally {
      onHost(host, `virsh -q -c ${host.uri} undefine instance-0e2e0e2e || true`)
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
