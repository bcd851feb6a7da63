// The libvirt URI homenova's machine drives a live migration with: the host's
// own URI when local, else libssh2 to its SSH login with homenova's key and
// known_hosts (the host keys `host add` recorded are checked), nothing of the
// host's fields able to change the URI's shape.
import { describe, expect, it } from 'vitest'
import type { HostSpec } from '../../src/hypervisor/driver.js'
import { libvirtUriFromHere } from '../../src/hypervisor/libvirt/live-migrate.js'

const host = (connection: HostSpec['connection'], uri = 'qemu:///system'): HostSpec => ({ id: 'h', name: 'kvm1', driver: 'libvirt', connection, uri, virtType: 'kvm', instancesDir: '/var/lib/homenova', facts: {} })

describe('libvirtUriFromHere', () => {
  it('reaches an SSH host over libssh2 with the key and known_hosts, checking host keys', () => {
    const uri = new URL(libvirtUriFromHere(host({ kind: 'ssh', address: '192.0.2.7', port: 2222, user: 'nova', identity: '/home/op/.ssh/id_ed25519' }, 'qemu:///session'), '/home/op/.homenova/known_hosts'))
    expect(uri.protocol).toBe('qemu+libssh2:')
    expect([uri.username, uri.hostname, uri.port, uri.pathname]).toEqual(['nova', '192.0.2.7', '2222', '/session'])
    expect(Object.fromEntries(uri.searchParams)).toEqual({ known_hosts: '/home/op/.homenova/known_hosts', known_hosts_verify: 'normal', keyfile: '/home/op/.ssh/id_ed25519' })
  })

  it('keeps odd user names, paths and IPv6 addresses inside their parts', () => {
    const uri = new URL(libvirtUriFromHere(host({ kind: 'ssh', address: '2001:db8::5', port: 22, user: 'op@x/y?z', identity: '/keys/a&b=c #1' }), '/home/o p/known&hosts'))
    expect(decodeURIComponent(uri.username)).toBe('op@x/y?z')
    expect(uri.hostname).toBe('[2001:db8::5]')
    expect(uri.pathname).toBe('/system')
    expect(uri.searchParams.get('keyfile')).toBe('/keys/a&b=c #1')
    expect(uri.searchParams.get('known_hosts')).toBe('/home/o p/known&hosts')
    expect([...uri.searchParams.keys()].sort()).toEqual(['keyfile', 'known_hosts', 'known_hosts_verify'])
  })

  it("leaves out the key when the host has none (libssh's own keys and agent), and uses a local host's own URI", () => {
    expect(new URL(libvirtUriFromHere(host({ kind: 'ssh', address: 'kvm1.lan', port: 22, user: 'root' }), '/k')).searchParams.has('keyfile')).toBe(false)
    expect(libvirtUriFromHere(host({ kind: 'local' }, 'qemu:///system'), '/k')).toBe('qemu:///system')
  })
})
