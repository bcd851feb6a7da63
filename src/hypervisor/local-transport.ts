// A Transport for `host add --local`: the machine homenova runs on, through
// execa with argument lists (no shell at all, so nothing to quote).
import { copyFile, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import type { Duplex } from 'node:stream'
import { execa } from 'execa'
import type { ExecResult, Transport } from './transport.js'

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

  async close(): Promise<void> {}
}
