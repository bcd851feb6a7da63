// Reaching a domain's graphical console (VNC or SPICE) on a libvirt host. The
// domain listens on the host's loopback only (see domain-xml.ts), on a port
// libvirt picks at start, so the port is read from the live definition each
// time and reached through the host's transport; no port is ever opened to
// the network.
import type { Duplex } from 'node:stream'
import { XMLParser } from 'fast-xml-parser'
import { UserError } from '../../core/errors.js'
import type { GraphicsEndpoint, InstanceRef } from '../driver.js'
import type { LibvirtHost } from './host-context.js'

interface GraphicsNode {
  '@_type'?: string
  '@_port'?: string
  '@_listen'?: string
  listen?: { '@_address'?: string } | { '@_address'?: string }[]
}

/** The first VNC or SPICE display with a port in a live domain XML, or undefined. */
export function parseGraphics(xml: string): GraphicsEndpoint | undefined {
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => name === 'graphics' }).parse(xml) as {
    domain?: { devices?: { graphics?: GraphicsNode[] } }
  }
  for (const g of parsed.domain?.devices?.graphics ?? []) {
    const protocol = g['@_type']
    const port = Number(g['@_port'])
    if ((protocol !== 'vnc' && protocol !== 'spice') || !Number.isInteger(port) || port <= 0) continue
    const listen = Array.isArray(g.listen) ? g.listen[0] : g.listen
    return { protocol, address: g['@_listen'] ?? listen?.['@_address'] ?? '127.0.0.1', port }
  }
  return undefined
}

/** Where the running domain's display listens now. */
export async function graphicsEndpoint(h: LibvirtHost, instance: InstanceRef): Promise<GraphicsEndpoint> {
  const { state } = await h.virsh.state(instance.domainName)
  if (state !== 'running' && state !== 'paused') {
    throw new UserError(`${instance.domainName} on ${h.host.name} is not running (${state}): it has no screen to show`, { hint: 'Start the server first.' })
  }
  const endpoint = parseGraphics(await h.virsh.run('dumpxml', instance.domainName))
  if (!endpoint) throw new Error(`${instance.domainName} on ${h.host.name} has no VNC or SPICE display`)
  return endpoint
}

/** A byte stream to the display (RFB or SPICE), through the host's transport. */
export async function openGraphics(h: LibvirtHost, instance: InstanceRef, endpoint?: GraphicsEndpoint): Promise<{ endpoint: GraphicsEndpoint; stream: Duplex }> {
  const at = endpoint ?? (await graphicsEndpoint(h, instance))
  return { endpoint: at, stream: await h.transport.forward(at.address, at.port) }
}
