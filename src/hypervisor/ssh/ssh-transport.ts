// A Transport over one reused ssh2 connection. ssh2 accepts any host key unless
// hostVerifier says otherwise, so every connection checks homenova's known_hosts.
// Several tasks share the connection; OpenSSH refuses channels past MaxSessions
// (default 10) with "open failed", so channels beyond a limit wait their turn.
// sshd frees a closed session's slot a moment after the close (measured: a
// burst through 8 channels still saw "open failed"), so a refused open, which
// ran nothing, is retried after a short pause.
// Files go over one SFTP channel; a connection whose sshd has no SFTP
// subsystem moves them over exec channels instead (exec-transfer.ts).
import { readFileSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Duplex } from 'node:stream'
import ssh2 from 'ssh2'
import type { ClientChannel, Client as SshClient, ConnectConfig, SFTPWrapper } from 'ssh2'
import { UserError } from '../../core/errors.js'
import type { HostKeyPolicy } from '../driver.js'
import { commandLine } from '../quote.js'
import type { ExecResult, PtySize, RemoteStream, Transport } from '../transport.js'
import { downloadOverExec, type ExecOpener, uploadOverExec, writeFileOverExec } from './exec-transfer.js'
import { fingerprint, hostPattern, KnownHosts } from './known-hosts.js'
import { Semaphore } from './semaphore.js'

/** Channels (exec and sftp) open at once on one connection: below OpenSSH's default MaxSessions of 10. */
export const MAX_CHANNELS = 8
/** Retries of a channel open the server refused for lack of room (25 ms, doubling: about 1.6 s in all). */
export const OPEN_RETRIES = 6

// RFC 4254 reasons: sshd answers CONNECT_FAILED ("open failed") when its
// sessions are used up; ssh2 itself says RESOURCE_SHORTAGE when out of channel ids.
const CONNECT_FAILED = 2
const RESOURCE_SHORTAGE = 4
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Where to connect and as whom. */
export interface SshTarget {
  address: string
  port: number
  user: string
  identity?: string
}

/** One open connection, the channel permits that belong to it, and whether its sshd refused SFTP (asked once per connection). */
interface Connection {
  client: SshClient
  channels: Semaphore
  noSftp?: boolean
}

/** Options of an SshTransport. */
export interface SshTransportOptions {
  /** Channels open at once (default MAX_CHANNELS). */
  maxChannels?: number
  /** Retries of a refused channel open (default OPEN_RETRIES). */
  openRetries?: number
  /** Receives debug lines (which way files went, and how fast); `--debug` sends them to stderr. */
  log?: (line: string) => void
}

// What ssh2 says when sshd has no SFTP: the subsystem request refused (no
// `Subsystem sftp` line), or the subsystem's program exiting at once (a
// Subsystem line naming a missing sftp-server).
const SUBSYSTEM_REFUSED = /^Unable to start subsystem: sftp/
const NO_SFTP = /^Unable to start subsystem: sftp|while establishing SFTP session|unexpected SFTP session termination/

const size = (bytes: number) =>
  bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} B`

/** Runs commands over SSH, quoting every argument through commandLine(). */
export class SshTransport implements Transport {
  readonly where: string
  private connection?: Promise<Connection>
  private sftp?: Promise<SFTPWrapper>
  private readonly maxChannels: number
  private readonly openRetries: number
  private readonly log?: (line: string) => void

  /** `options` tune the channel limit and the retries of refused opens (tests set them to show what they are for) and take a debug log. */
  constructor(
    private readonly target: SshTarget,
    private readonly knownHosts: KnownHosts,
    private readonly policy: HostKeyPolicy = { trustOnFirstUse: false },
    options: SshTransportOptions = {},
  ) {
    this.where = `${target.user}@${target.address}:${target.port}`
    this.maxChannels = options.maxChannels ?? MAX_CHANNELS
    this.openRetries = options.openRetries ?? OPEN_RETRIES
    this.log = options.log
  }

  async exec(argv: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
    const line = commandLine(argv)
    // Outside the try: a connection that fails says so itself (a UserError with a hint).
    const connection = await this.connect()
    let stream: ClientChannel
    try {
      stream = await this.openExec(line, connection)
    } catch (err) {
      throw new Error(`Cannot run \`${argv.join(' ')}\` on ${this.where}: ${(err as Error).message}`, { cause: err })
    }
    return new Promise((resolve, reject) => {
      let stdout = ''
      let stderr = ''
      const timer = options.timeoutMs
        ? setTimeout(() => { stream.close(); reject(new Error(`\`${argv.join(' ')}\` timed out on ${this.where}`)) }, options.timeoutMs)
        : undefined
      stream.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
      stream.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
      stream.on('close', (code: number | null) => {
        clearTimeout(timer)
        resolve({ stdout, stderr, code: code ?? 255 })
      })
      stream.end(options.input ?? '')
    })
  }

  async upload(localPath: string, remotePath: string): Promise<void> {
    await this.transfer(
      `upload ${localPath} -> ${remotePath}`,
      (sftp) =>
        new Promise<void>((resolve, reject) =>
          sftp.fastPut(localPath, remotePath, (err) =>
            err ? reject(new Error(`Cannot upload ${localPath} to ${remotePath} on ${this.where}: ${err.message}`, { cause: err })) : resolve(),
          ),
        ),
      (open) => uploadOverExec(open, this.where, localPath, remotePath),
      async () => (await stat(localPath)).size,
    )
  }

  async download(remotePath: string, localPath: string): Promise<void> {
    // Through the one SFTP channel, which already holds its permit: a download opens no channel of its own.
    await this.transfer(
      `download ${remotePath} -> ${localPath}`,
      (sftp) =>
        new Promise<void>((resolve, reject) =>
          sftp.fastGet(remotePath, localPath, (err) =>
            err ? reject(new Error(`Cannot download ${remotePath} from ${this.where}: ${err.message}`, { cause: err })) : resolve(),
          ),
        ),
      (open) => downloadOverExec(open, this.where, remotePath, localPath),
      async () => (await stat(localPath)).size,
    )
  }

  async writeFile(remotePath: string, content: string): Promise<void> {
    await this.transfer(
      `write ${remotePath}`,
      (sftp) =>
        new Promise<void>((resolve, reject) =>
          sftp.writeFile(remotePath, content, (err) =>
            err ? reject(new Error(`Cannot write ${remotePath} on ${this.where}: ${err.message}`, { cause: err })) : resolve(),
          ),
        ),
      (open) => writeFileOverExec(open, this.where, remotePath, content),
      async () => Buffer.byteLength(content),
    )
  }

  /** A direct-tcpip channel to `address:port` as the host sees it; it takes no exec permit (MaxSessions counts sessions only). */
  async forward(address: string, port: number): Promise<Duplex> {
    const { client } = await this.connect()
    return this.openChannel<ClientChannel>((done) => client.forwardOut('127.0.0.1', 0, address, port, done))
  }

  async close(): Promise<void> {
    if (!this.connection) return
    const connection = await this.connection.catch(() => undefined)
    connection?.client.end()
    this.connection = undefined
    this.sftp = undefined
  }

  /** Moves one file over SFTP, or over exec channels on a connection whose sshd has none, and logs which way it went. */
  private async transfer(what: string, overSftp: (sftp: SFTPWrapper) => Promise<void>, overExec: (open: ExecOpener) => Promise<void>, bytes: () => Promise<number>): Promise<void> {
    const started = performance.now()
    const sftp = await this.sftpIfOffered()
    await (sftp ? overSftp(sftp) : overExec((line) => this.openExec(line)))
    if (!this.log) return
    const seconds = ((performance.now() - started) / 1000).toFixed(2)
    this.log(`ssh ${this.where}: ${what} over ${sftp ? 'SFTP' : 'exec (cat)'}: ${size(await bytes())} in ${seconds} s`)
  }

  /** The SFTP channel, or undefined when this connection's sshd has no SFTP subsystem (found out once, then remembered). */
  private async sftpIfOffered(): Promise<SFTPWrapper | undefined> {
    const connection = await this.connect()
    if (connection.noSftp) return undefined
    try {
      return await this.sftpSession(connection)
    } catch (err) {
      if (!NO_SFTP.test((err as Error).message)) throw err
      if (!connection.noSftp) this.log?.(`ssh ${this.where}: no SFTP subsystem (${(err as Error).message}); files go over exec channels (cat) on this connection`)
      connection.noSftp = true
      return undefined
    }
  }

  /** A long-lived exec channel (a console, a followed log), on a PTY when asked; it holds a channel permit while open. */
  async stream(argv: readonly string[], options: { pty?: PtySize } = {}): Promise<RemoteStream> {
    const connection = await this.connect()
    const channel = await this.openExec(commandLine(argv), connection, options.pty)
    const exit = new Promise<number | null>((resolve) => {
      let code: number | null = null
      channel.once('exit', (status: number | null) => (code = status))
      channel.once('close', () => resolve(code))
    })
    // Without a PTY stderr is a separate stream: merge it, as a terminal would show it.
    if (!options.pty) channel.stderr.on('data', (d: Buffer) => channel.emit('data', d))
    return {
      io: channel,
      resize: (size) => void channel.setWindow(size.rows, size.cols, 0, 0),
      exit,
      close: () => void channel.close(),
    }
  }

  /** Opens an exec channel for a command line; it holds a channel permit until the server has closed it too. */
  private async openExec(line: string, connection?: Connection, pty?: PtySize): Promise<ClientChannel> {
    const { client, channels } = connection ?? (await this.connect())
    const release = await channels.acquire()
    try {
      const stream = await this.openChannel<ClientChannel>((done) =>
        pty ? client.exec(line, { pty: { rows: pty.rows, cols: pty.cols, term: pty.term ?? 'xterm-256color' } }, done) : client.exec(line, done),
      )
      stream.once('close', release)
      return stream
    } catch (err) {
      release()
      throw err
    }
  }

  /** The one SFTP channel, opened on first use; it holds a channel permit while open. */
  private sftpSession(connection: Connection): Promise<SFTPWrapper> {
    if (this.sftp) return this.sftp
    const session: Promise<SFTPWrapper> = Promise.resolve(connection).then(async ({ client, channels }) => {
      const release = await channels.acquire()
      try {
        const sftp = await this.openChannel<SFTPWrapper>((done) => client.sftp(done))
        sftp.once('close', () => {
          release()
          if (this.sftp === session) this.sftp = undefined
        })
        return sftp
      } catch (err) {
        // A refused subsystem request leaves its session channel open (ssh2 neither
        // closes it nor hands it back), holding one of sshd's MaxSessions until the
        // connection ends (measured: 10 channels then see one refused): it keeps its permit.
        if (!SUBSYSTEM_REFUSED.test((err as Error).message)) release()
        if (this.sftp === session) this.sftp = undefined
        throw err
      }
    })
    this.sftp = session
    return session
  }

  /** Opens a channel, retrying while the server refuses it for lack of room (nothing ran yet). */
  private async openChannel<T>(request: (done: (err: Error | undefined, channel: T) => void) => void): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await new Promise<T>((resolve, reject) => request((err, channel) => (err ? reject(err) : resolve(channel))))
      } catch (err) {
        const reason = (err as { reason?: unknown }).reason
        if ((reason !== CONNECT_FAILED && reason !== RESOURCE_SHORTAGE) || attempt >= this.openRetries) {
          if (reason === CONNECT_FAILED) {
            throw new Error(`${(err as Error).message} (sshd refused a new channel: its MaxSessions may be below ${this.maxChannels})`, { cause: err })
          }
          throw err
        }
        await sleep(25 * 2 ** attempt)
      }
    }
  }

  /** The shared connection, opened on first use and again after it drops. */
  private connect(): Promise<Connection> {
    if (this.connection) return this.connection
    const opening: Promise<Connection> = this.open().then(
      (client) => {
        // Errors after ready are followed by 'close'; they must not go unhandled meanwhile.
        client.on('error', () => undefined)
        client.once('close', () => {
          if (this.connection !== opening) return
          this.connection = undefined
          this.sftp = undefined
        })
        return { client, channels: new Semaphore(this.maxChannels) }
      },
      (err: unknown) => {
        if (this.connection === opening) this.connection = undefined
        throw err
      },
    )
    this.connection = opening
    return opening
  }

  private open(): Promise<SshClient> {
    const { address, port, user } = this.target
    const pattern = hostPattern(address, port)
    let keyProblem: UserError | undefined
    const config: ConnectConfig = {
      host: address,
      port,
      username: user,
      readyTimeout: 15_000,
      ...this.credentials(),
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        const check = this.knownHosts.check(pattern, key)
        const presented = fingerprint(key)
        if (check.kind === 'match') return verify(true)
        if (check.kind === 'changed') {
          keyProblem = new UserError(`The SSH host key of ${pattern} has changed: known ${check.known}, presented ${presented}`, {
            hint: `If the host was reinstalled, remove its line from ${this.knownHosts.path} and add it again; otherwise someone may be intercepting the connection.`,
          })
          return verify(false)
        }
        if (!this.policy.trustOnFirstUse) {
          keyProblem = new UserError(`The SSH host key of ${pattern} (${presented}) is not known to homenova`, {
            hint: `Add the host with \`homenova host add\` to record its key in ${this.knownHosts.path}.`,
          })
          return verify(false)
        }
        const ask = this.policy.confirm ?? (async () => true)
        ask(presented).then(
          (ok) => {
            if (ok) {
              this.knownHosts.record(pattern, key)
              this.policy.onRecorded?.(presented)
            } else keyProblem = new UserError(`Host key ${presented} of ${pattern} was not accepted`)
            verify(ok)
          },
          () => verify(false),
        )
      },
    }
    return new Promise((resolve, reject) => {
      const client = new ssh2.Client()
      client.once('ready', () => resolve(client))
      client.once('error', (err: Error & { code?: string; level?: string }) => {
        reject(keyProblem ?? this.explain(err))
      })
      client.connect(config)
    })
  }

  private credentials(): Pick<ConnectConfig, 'privateKey' | 'agent'> {
    const { identity } = this.target
    if (identity) {
      let key: Buffer
      try {
        key = readFileSync(identity)
      } catch (err) {
        throw new UserError(`Cannot read SSH identity ${identity}: ${(err as Error).message}`, { hint: 'Pass a readable private key with --identity.' })
      }
      const parsed = ssh2.utils.parseKey(key)
      if (parsed instanceof Error) {
        throw new UserError(`Cannot use SSH identity ${identity}: ${parsed.message}`, {
          hint: 'Pass an unencrypted OpenSSH or PEM private key with --identity, or load the key into ssh-agent.',
        })
      }
      return { privateKey: key }
    }
    if (process.env.SSH_AUTH_SOCK) return { agent: process.env.SSH_AUTH_SOCK }
    for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
      try {
        return { privateKey: readFileSync(join(homedir(), '.ssh', name)) }
      } catch {
        // try the next default key
      }
    }
    throw new UserError('No SSH credentials: no --identity, no ssh-agent and no ~/.ssh/id_* key', { hint: 'Pass --identity KEYFILE or start ssh-agent.' })
  }

  private explain(err: Error & { code?: string; level?: string }): UserError {
    const what =
      err.code === 'ECONNREFUSED' ? 'refused the connection'
      : err.level === 'client-authentication' ? `did not accept the key for user ${this.target.user}`
      : err.level === 'client-timeout' || err.code === 'ETIMEDOUT' ? 'did not answer in time'
      : `failed: ${err.message}`
    return new UserError(`SSH to ${this.where} ${what}`, { hint: 'Check the address, port, user and key (try `ssh -p PORT USER@ADDRESS`).', cause: err })
  }
}
