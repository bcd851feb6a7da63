// `v`: a server's graphical console from the dashboard. The dashboard steps
// aside and `console vnc`'s own view (src/cli/vnc-view.ts) gets the whole
// terminal; on Ctrl-] the dashboard takes it back and draws itself again.
// Ink has no way to pause its output, and it redraws on every clock tick and
// store change, so while the view owns the screen ink's writes are dropped
// and the view writes past them; keys reach the view through ink's own input
// events, so ink keeps the terminal in raw mode throughout.
import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import type { RfbClient } from '../core/console/rfb/client.js'
import type { ComputeApi } from '../core/api/compute-api.js'
import type { GraphicsMode } from '../cli/vnc-graphics.js'
import type { ViewEnd } from '../cli/vnc-view.js'

/** An open graphical console: the RFB client on a server's display, and how to close it with its host connection. */
export interface GraphicsSession {
  serverName: string
  client: RfbClient
  close(): Promise<void>
}

/** Opens `serverId`'s display as `console vnc` does (the same refusals, in the same words). */
export async function openGraphicsSession(compute: ComputeApi, serverId: string): Promise<GraphicsSession> {
  const { openVncStream, vncError } = await import('../cli/vnc-session.js')
  const { RfbClient } = await import('../core/console/rfb/client.js')
  const vnc = await openVncStream(compute, serverId)
  try {
    const client = await RfbClient.connect(vnc.stream)
    return { serverName: vnc.serverName, client, close: vnc.close }
  } catch (err) {
    await vnc.close()
    throw vncError(err, vnc.serverName)
  }
}

/** The terminal as the dashboard has it: ink's stdout and ink's stream of input events. */
export interface DashboardTerminal {
  stdout: NodeJS.WriteStream
  /** Emits 'input' with each chunk ink read (ink's internal_eventEmitter). */
  input: EventEmitter
  env: NodeJS.ProcessEnv
}

/** The detach key: Ctrl-], as in `console vnc` and `console serial`. */
const DETACH = 0x1d
// The view leaves the alternate screen when it ends; the dashboard lives there.
const BACK_TO_DASHBOARD = '\x1b[?1049h\x1b[?25l\x1b[H'

/** Shows `session` in the whole terminal until detach or its end; the dashboard's screen is back when this resolves. */
export async function showGraphics(session: GraphicsSession, term: DashboardTerminal): Promise<ViewEnd> {
  const [{ runVncView }, { detectGraphics }] = await Promise.all([import('../cli/vnc-view.js'), import('../cli/vnc-graphics.js')])
  const { stdout } = term
  const inkWrite = stdout.write
  const write = inkWrite.bind(stdout)
  // What the view writes goes straight to the terminal; everything else reading stdout's
  // properties (size, resize events, drain) sees the real stream.
  const viewOut = new Proxy(stdout, {
    get(target, prop) {
      if (prop === 'write') return write
      const value: unknown = Reflect.get(target, prop, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  const keys = new PassThrough()
  const onInput = (data: string) => keys.write(data)
  stdout.write = (() => true) as typeof stdout.write
  term.input.on('input', onInput)
  try {
    return await runVncView(session.client, { stdin: keys, stdout: viewOut }, { escape: DETACH, title: session.serverName, help: 'Ctrl-] back to the dashboard', graphics: detectGraphics(term.env) as GraphicsMode, mouse: true })
  } finally {
    term.input.off('input', onInput)
    stdout.write = inkWrite
    write(BACK_TO_DASHBOARD)
  }
}
