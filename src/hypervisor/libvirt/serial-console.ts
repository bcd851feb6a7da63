// A guest's serial console on a libvirt host: `virsh console` on a
// pseudo-terminal over the host's transport, and its console log followed
// with `tail -F`. virsh's own banner is consumed here; what the caller reads
// is the guest's output only.
import { Duplex, PassThrough } from 'node:stream'
import { UserError } from '../../core/errors.js'
import type { InstanceRef } from '../driver.js'
import type { PtySize, RemoteStream } from '../transport.js'
import type { LibvirtHost } from './host-context.js'

// virsh prints "Connected to domain 'X'" and "Escape character is ^] (Ctrl + ])" first.
const BANNER_END = /Escape character is[^\n]*\n/
const BANNER_WAIT_MS = 15_000
// virsh prints its banner before it asks libvirt for the console, so a refusal
// ("Active console session exists") comes just after it: wait this long for one.
const REFUSAL_WAIT_MS = 1000

/** The serial console of a running (or paused) domain; `force` cuts a session that holds it. */
export async function openSerialConsole(h: LibvirtHost, instance: InstanceRef, options: { size: PtySize; force: boolean }): Promise<RemoteStream> {
  const { state } = await h.virsh.state(instance.domainName)
  if (state !== 'running' && state !== 'paused') {
    throw new UserError(`${instance.domainName} on ${h.host.name} is ${state}: its serial console is closed`, { hint: 'Start the server first.' })
  }
  // Without virsh's -q: the banner is how we know virsh got as far as the console.
  const argv = h.virsh.argv('console', ...(options.force ? ['--force'] : []), instance.domainName).filter((a) => a !== '-q')
  const remote = await h.transport.stream(argv, { pty: options.size })
  const early = new EarlyOutput(remote)
  const refused = !(await early.waitFor(BANNER_END, BANNER_WAIT_MS)) || (await early.exitsWithin(REFUSAL_WAIT_MS))
  if (!refused) return withOutput(remote, early.release())
  remote.close()
  const said = early.text().trim()
  if (/active console session/i.test(said)) {
    throw new UserError(`Another session holds the serial console of ${instance.domainName}`, { hint: 'Add --force to take it over (the other session is cut off).' })
  }
  throw new Error(`virsh console failed on ${h.host.name}: ${said.split('\n').slice(-2).join(' / ') || 'no answer'}`)
}

/** The console log's last `lines` lines, then what the guest prints next (tail -F survives the file being recreated). */
export function followConsoleLog(h: LibvirtHost, instance: InstanceRef, lines: number): Promise<RemoteStream> {
  return h.transport.stream(['tail', '-n', String(lines), '-F', h.paths(instance).consoleLog])
}

/** What a command printed before the caller reads it, and waits on it. */
class EarlyOutput {
  private seen = Buffer.alloc(0)
  private bannerEnd = 0
  private exited = false
  private readonly onData = (d: Buffer) => (this.seen = Buffer.concat([this.seen, d]))

  constructor(private readonly remote: RemoteStream) {
    remote.io.on('data', this.onData)
    void remote.exit.then(() => (this.exited = true))
  }

  /** Resolves true once the output matches `pattern` (remembering where the match ends), false if the command ends or time runs out. */
  async waitFor(pattern: RegExp, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms
    for (;;) {
      const m = pattern.exec(this.seen.toString('latin1'))
      if (m) {
        this.bannerEnd = m.index + m[0].length
        return true
      }
      if (this.exited || Date.now() > deadline) return false
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  /** Whether the command ends within `ms`. */
  async exitsWithin(ms: number): Promise<boolean> {
    const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))
    // A moment more after the end, for its last words to arrive.
    return Promise.race([this.remote.exit.then(() => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 50))), timer])
  }

  text(): string {
    return this.seen.toString('utf8')
  }

  /** Stops collecting; the bytes after the banner. */
  release(): Buffer {
    this.remote.io.off('data', this.onData)
    return this.seen.subarray(this.bannerEnd)
  }
}

/** The session with `first` (read already) in front of the rest of its output. */
function withOutput(remote: RemoteStream, first: Buffer): RemoteStream {
  const out = new PassThrough()
  if (first.length > 0) out.write(first)
  remote.io.pipe(out)
  const io = Duplex.from({ readable: out, writable: remote.io })
  // Closing the session ends the channel under the wrapper, which reports that as an error: it is the normal end.
  io.on('error', () => undefined)
  return { ...remote, io }
}
