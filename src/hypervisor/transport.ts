// How a driver runs commands and moves files on a host: over SSH or locally.
import type { Duplex } from 'node:stream'

/** The result of one command. */
export interface ExecResult {
  stdout: string
  stderr: string
  code: number
}

/** Runs argument lists (never shell strings) and copies files on one host. */
export interface Transport {
  /** A short description for error messages, e.g. `hnhost1@127.0.0.1:2201`. */
  readonly where: string
  exec(argv: readonly string[], options?: { input?: string; timeoutMs?: number }): Promise<ExecResult>
  upload(localPath: string, remotePath: string): Promise<void>
  /** Copies a file from the host to this machine. */
  download(remotePath: string, localPath: string): Promise<void>
  writeFile(remotePath: string, content: string): Promise<void>
  /**
   * A byte stream to a TCP port as the host sees it (ssh2's forwardOut, or a
   * socket for the local machine): consoles and guest SSH reach ports on the
   * host's loopback this way, so no host port is ever opened to the network.
   */
  forward(address: string, port: number): Promise<Duplex>
  /**
   * Runs a command with its input and output as one live stream, on a
   * pseudo-terminal of the given size when `pty` is set (an interactive
   * console needs one): for consoles and following a log.
   */
  stream(argv: readonly string[], options?: { pty?: PtySize }): Promise<RemoteStream>
  close(): Promise<void>
}

/** A pseudo-terminal's size and terminal type. */
export interface PtySize {
  rows: number
  cols: number
  term?: string
}

/** A command running on a host, its input and output as one duplex stream. */
export interface RemoteStream {
  /** Write to its input; read its output (stdout, and stderr too without a PTY). */
  readonly io: Duplex
  /** Tells its pseudo-terminal the new size (nothing without one). */
  resize(size: PtySize): void
  /** Its exit status; null when it was killed or the connection dropped. */
  readonly exit: Promise<number | null>
  /** Ends it (the remote command gets a hangup). */
  close(): void
}

/** Runs a command and throws with its stderr if it exits non-zero. */
export async function run(transport: Transport, argv: readonly string[], options?: { input?: string; timeoutMs?: number }): Promise<string> {
  const result = await transport.exec(argv, options)
  if (result.code !== 0) {
    const detail = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' / ')
    throw new Error(`\`${argv.join(' ')}\` failed on ${transport.where} (exit ${result.code}): ${detail}`)
  }
  return result.stdout
}
