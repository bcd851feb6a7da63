// Reaching a guest's SSH server on a libvirt host. Its user-mode NIC forwards
// SSH from a port QEMU picked on the host's loopback (see domain-xml.ts);
// QEMU's monitor tells which: `info usernet` lists the forward under the netdev.
import type { Duplex } from 'node:stream'
import type { InstanceRef } from '../driver.js'
import type { LibvirtHost } from './host-context.js'

/** The host port of the forward to guest port 22 in `info usernet` output, or undefined if there is none. */
export function parseSshForward(usernet: string): { address: string; port: number } | undefined {
  // e.g. "  TCP[HOST_FORWARD]   8       127.0.0.1 45287       10.0.2.15    22     0     0"
  const m = /TCP\[HOST_FORWARD\]\s+\d+\s+(\S+)\s+(\d+)\s+\S+\s+22\s/.exec(usernet)
  return m ? { address: m[1], port: Number(m[2]) } : undefined
}

/** A stream to the guest's SSH server, through the host's transport (an SSH forward, or a local socket). */
export async function openGuestSsh(h: LibvirtHost, instance: InstanceRef): Promise<Duplex> {
  const { state } = await h.virsh.state(instance.domainName)
  if (state !== 'running') throw new Error(`${instance.domainName} on ${h.host.name} is not running (${state}): there is no guest to log into`)
  const usernet = await h.virsh.run('qemu-monitor-command', instance.domainName, '--hmp', 'info usernet')
  const forward = parseSshForward(usernet)
  if (!forward) {
    throw new Error(`${instance.domainName} on ${h.host.name} has no SSH forward on its network (created before homenova forwarded SSH?); rebuild it to get one`)
  }
  return h.transport.forward(forward.address, forward.port)
}
