// An SSH session into a guest, over a stream the host gives (a forward to the
// guest's sshd): no route from this machine to the guest is needed. The
// guest's host key is checked against homenova's known_hosts like a host's,
// recorded on first use (a new guest has a new key; OpenSSH's accept-new).
import type { Duplex } from 'node:stream'
import ssh2 from 'ssh2'
import type { ClientChannel, Client as SshClient } from 'ssh2'
import { UserError } from '../../core/errors.js'
import { fingerprint, type KnownHosts } from './known-hosts.js'

/** Who to log in as and how the guest's host key is checked. */
export interface GuestLogin {
  user: string
  privateKey: Buffer
  knownHosts: KnownHosts
  /** The guest's name in known_hosts (homenova writes `homenova-guest-<uuid>`). */
  hostName: string
  /** Told the fingerprint of a key recorded on first use. */
  onRecorded?: (fingerprint: string) => void
}

/** Logs into the guest over `sock`; the client is ready for exec or shell. */
export function connectGuest(sock: Duplex, login: GuestLogin): Promise<SshClient> {
  let keyProblem: UserError | undefined
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client()
    client.once('ready', () => resolve(client))
    client.once('error', (err: Error & { level?: string }) => {
      if (keyProblem) return reject(keyProblem)
      if (err.level === 'client-authentication') {
        return reject(new UserError(`The guest refused ${login.user}'s key (${err.message})`, {
          hint: 'Check --login (the image\'s user: debian, ubuntu, cirros...) and that the server was created with this keypair (--key-name); cloud-init may still be starting.',
        }))
      }
      reject(new UserError(`SSH to the guest failed: ${err.message}`, { hint: 'The guest may still be booting; try again in a few seconds.' }))
    })
    client.connect({
      sock,
      username: login.user,
      privateKey: login.privateKey,
      readyTimeout: 30_000,
      hostVerifier: (key: Buffer) => {
        const check = login.knownHosts.check(login.hostName, key)
        if (check.kind === 'match') return true
        if (check.kind === 'changed') {
          keyProblem = new UserError(`The SSH host key of ${login.hostName} has changed: known ${check.known}, presented ${fingerprint(key)}`, {
            hint: `A rebuilt guest makes a new key: if the server was rebuilt, remove the ${login.hostName} line from ${login.knownHosts.path}.`,
          })
          return false
        }
        login.knownHosts.record(login.hostName, key)
        login.onRecorded?.(fingerprint(key))
        return true
      },
    })
  })
}

/** Runs one command line in the guest, passing stdin and output through; resolves to its exit status. */
export async function runInGuest(client: SshClient, command: string, io: { stdin?: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  const channel = await new Promise<ClientChannel>((resolve, reject) => client.exec(command, (err, ch) => (err ? reject(err) : resolve(ch))))
  return pipeChannel(channel, io)
}

/** An interactive shell on a pseudo-terminal of the terminal's size, kept in step when it is resized. */
export async function shellInGuest(client: SshClient, io: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WritableStream }): Promise<number> {
  const size = () => ({ rows: io.stdout.rows ?? 24, cols: io.stdout.columns ?? 80 })
  const channel = await new Promise<ClientChannel>((resolve, reject) =>
    client.shell({ term: process.env.TERM ?? 'xterm-256color', ...size() }, (err, ch) => (err ? reject(err) : resolve(ch))),
  )
  const resize = () => channel.setWindow(size().rows, size().cols, 0, 0)
  io.stdout.on('resize', resize)
  const raw = io.stdin.isTTY === true
  if (raw) io.stdin.setRawMode(true)
  try {
    return await pipeChannel(channel, io)
  } finally {
    // The terminal is given back whatever ended the session.
    if (raw) io.stdin.setRawMode(false)
    io.stdout.off('resize', resize)
  }
}

function pipeChannel(channel: ClientChannel, io: { stdin?: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  return new Promise((resolve) => {
    let code = 255
    channel.on('exit', (status: number | null, signal?: string) => {
      code = status ?? (signal ? 128 + 15 : 255)
    })
    channel.on('data', (data: Buffer) => io.stdout.write(data))
    channel.stderr.on('data', (data: Buffer) => io.stderr.write(data))
    if (io.stdin) {
      io.stdin.on('data', (data: Buffer) => channel.write(data))
      io.stdin.once('end', () => channel.end())
    } else channel.end()
    channel.once('close', () => {
      if (io.stdin) {
        io.stdin.removeAllListeners('data')
        io.stdin.pause()
      }
      resolve(code)
    })
  })
}
