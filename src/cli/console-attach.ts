// Attaches this terminal to a live console: raw mode, keys to the guest, its
// output to the screen, the window size passed on, and an escape key that
// detaches. The terminal is given back however the session ends.
import type { RemoteStream } from '../hypervisor/transport.js'

/** How an attached session ended. */
export type AttachEnd = 'detached' | 'closed'

/** The control byte of an escape given as a character (`]` -> Ctrl-], 0x1d), or an error message. */
export function escapeByte(spec: string): number | string {
  const ch = spec.startsWith('^') ? spec.slice(1) : spec
  if (ch.length !== 1 || !/[@A-Z[\\\]^_a-z]/.test(ch)) return `--escape takes one character such as ] (Ctrl-]) or ^X, got ${JSON.stringify(spec)}`
  return ch.toUpperCase().charCodeAt(0) & 0x1f
}

/** Runs the session until the escape key (or the end of piped input) or until the console closes. */
export function attachTerminal(stream: RemoteStream, io: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream }, escape: number): Promise<AttachEnd> {
  const tty = io.stdin.isTTY === true
  return new Promise((resolve) => {
    let ended = false
    const end = (how: AttachEnd) => {
      if (ended) return
      ended = true
      io.stdin.off('data', onKeys)
      io.stdin.off('end', onInputEnd)
      io.stdout.off('resize', onResize)
      stream.io.off('data', onOutput)
      if (tty) io.stdin.setRawMode(false)
      io.stdin.pause()
      resolve(how)
    }
    const onKeys = (data: Buffer) => {
      const at = data.indexOf(escape)
      if (at < 0) return void stream.io.write(data)
      if (at > 0) stream.io.write(data.subarray(0, at))
      end('detached')
    }
    // Piped input (a script): once it is all sent, give the guest a moment to answer, then detach.
    const onInputEnd = () => setTimeout(() => end('detached'), 1500)
    const onOutput = (data: Buffer) => io.stdout.write(data)
    const onResize = () => stream.resize({ rows: io.stdout.rows, cols: io.stdout.columns })
    if (tty) io.stdin.setRawMode(true)
    io.stdin.on('data', onKeys)
    io.stdin.once('end', onInputEnd)
    io.stdin.resume()
    io.stdout.on('resize', onResize)
    stream.io.on('data', onOutput)
    void stream.exit.then(() => end('closed'))
  })
}
