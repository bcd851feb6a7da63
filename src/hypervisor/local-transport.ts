// A Transport for `host add --local`: the machine homenova runs on, through
// execa with argument lists (no shell at all, so nothing to quote).
import { copyFile, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { Duplex, PassThrough, type Readable } from 'node:stream'
import { execa } from 'execa'
import { commandLine } from './quote.js'
import type { ExecResult, PtySize, RemoteStream, Transport } from './transport.js'

/** stdout and stderr as one readable, as a terminal shows them. */
function mergeOutput(stdout: Readable, stderr: Readable): Readable {
  const out = new PassThrough()
  let open = 2
  for (const r of [stdout, stderr]) {
    r.on('data', (d: Buffer) => out.write(d))
    r.once('end', () => --open === 0 && out.end())
  }
  return out
}

/** Runs commands on this machine. */
export class LocalTransport implements Transport {
  readonly where = 'the local machine'

  async exec(argv: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
    const [file, ...args] = argv
    const result = await execa(file, args, { input: options.input ?? '', reject: false, timeout: options.timeoutMs, stripFinalNewline: false })
    return { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), code: result.exitCode ?? 255 }
  }

  async upload(localPath: string, remotePath: string): Promise<void> {
    await copyFile(localPath, remotePath)
  }

  async download(remotePath: string, localPath: string): Promise<void> {
    await copyFile(remotePath, localPath)
  }

  async writeFile(remotePath: string, content: string): Promise<void> {
    await writeFile(remotePath, content)
  }

  forward(address: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: address, port })
      socket.once('connect', () => resolve(socket))
      socket.once('error', reject)
    })
  }

  /**
   * A local command as a stream. Node has no pseudo-terminals of its own, so a
   * PTY comes from util-linux's `script` (its size is this terminal's: resize
   * does nothing here); the command line is built by commandLine().
   */
  async stream(argv: readonly string[], options: { pty?: PtySize } = {}): Promise<RemoteStream> {
    const { spawn } = await import('node:child_process')
    const [file, ...args] = options.pty ? ['script', '-qfec', commandLine(argv), '/dev/null'] : argv
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.pty ? { ...process.env, TERM: options.pty.term ?? 'xterm-256color' } : process.env })
    const io = Duplex.from({ readable: mergeOutput(child.stdout, child.stderr), writable: child.stdin })
    io.on('error', () => undefined) // a killed command closes the pipes under the wrapper: the normal end
    const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)))
    // SIGTERM: util-linux script ignores a hangup; on TERM it ends its command and itself.
    return { io, resize: () => undefined, exit, close: () => void child.kill('SIGTERM') }
  }

  async close(): Promise<void> {}
}
