// Opening a server's graphical console for the commands: the byte stream
// through its host (ComputeApi.openGraphics), and RFB protocol failures turned
// into errors an operator can act on.
import type { Duplex } from 'node:stream'
import type { ComputeApi } from '../core/api/compute-api.js'
import { RfbError } from '../core/console/rfb/client.js'
import { UserError } from '../core/errors.js'

/** An open graphics stream to a server's display and how to close it (with its host connection). */
export interface VncStream {
  serverName: string
  stream: Duplex
  close(): Promise<void>
}

/** Opens the display of `ref`; refuses a server whose display is SPICE (console vnc and screenshot speak RFB). */
export async function openVncStream(compute: ComputeApi, ref: string): Promise<VncStream> {
  const session = await compute.openGraphics(ref)
  if (session.endpoint.protocol !== 'vnc') {
    await session.close()
    throw new UserError(`Server ${session.server.name} has a ${session.endpoint.protocol.toUpperCase()} display, not VNC`, { hint: 'Use `console url show --type spice-html5` for it in a browser.' })
  }
  return { serverName: session.server.name, stream: session.stream, close: session.close }
}

/** RFB failures (a display that refuses, closes or speaks something else) as a UserError naming the server. */
export function vncError(err: unknown, serverName: string): unknown {
  if (!(err instanceof RfbError)) return err
  return new UserError(`The display of server ${serverName}: ${err.message}`, { hint: 'Check that the server is running (server show); a guest that was just stopped or rebooted closes its display.', cause: err })
}
