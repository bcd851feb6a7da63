// The serial console of a simulated guest: there is no guest, so a tiny
// stand-in answers like a login prompt, echoing what is typed, enough for a
// demo and for the console commands' own tests. The followed log is the
// domain's console log as the store holds it.
import { Duplex, PassThrough } from 'node:stream'
import type { RemoteStream } from '../transport.js'

/** A simulated interactive console for a guest named `hostname`, starting with the tail of its log. */
export function simulatedConsole(hostname: string, log: string): RemoteStream {
  const out = new PassThrough()
  let line = ''
  let resolveExit!: (code: number | null) => void
  const exit = new Promise<number | null>((resolve) => (resolveExit = resolve))
  const prompt = `${hostname} login: `
  const input = new PassThrough()
  input.on('data', (d: Buffer) => {
    for (const ch of d.toString('utf8')) {
      if (ch === '\r' || ch === '\n') {
        out.write(`\r\nsimulated guest: "${line}" went nowhere (no shell on a simulated host)\r\n${prompt}`)
        line = ''
      } else if (ch === '\x7f') {
        if (line.length > 0) out.write('\b \b')
        line = line.slice(0, -1)
      } else {
        line += ch
        out.write(ch)
      }
    }
  })
  out.write(`${log.split('\n').slice(-5).join('\r\n')}\r\n${prompt}`)
  const close = () => {
    out.end()
    resolveExit(null)
  }
  return { io: Duplex.from({ readable: out, writable: input }), resize: () => undefined, exit, close }
}

/** A followed console log of a simulated guest: its last `lines` lines; nothing new ever comes. */
export function simulatedLogFollow(log: string, lines: number): RemoteStream {
  const out = new PassThrough()
  let resolveExit!: (code: number | null) => void
  const exit = new Promise<number | null>((resolve) => (resolveExit = resolve))
  out.write(`${log.split('\n').slice(-lines).join('\n')}\n`)
  return { io: Duplex.from({ readable: out, writable: new PassThrough() }), resize: () => undefined, exit, close: () => (out.end(), resolveExit(null)) }
}
