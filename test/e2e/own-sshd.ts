// An sshd of a test's own for one of the real hosts' users, on a free port with
// its own host key and default limits: a host a test may stop and start again
// without disturbing the shared hosts other test files use.
import { spawn, type ChildProcess, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function listening(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true))).on('error', () => resolve(false))
    })
    if (up) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`sshd did not listen on ${port}`)
}

/** A running (or stopped) sshd of the test's own. */
export class OwnSshd {
  readonly dir = mkdtempSync(join(tmpdir(), 'homenova-sshd-'))
  readonly knownHosts = join(this.dir, 'known_hosts')
  private process?: ChildProcess

  private constructor(
    readonly port: number,
    readonly user: string,
  ) {}

  /** Writes the config and host key for `user` and starts sshd; `extra` adds config lines; `sftp: false` leaves out the SFTP subsystem. */
  static async start(user: string, extra: string[] = [], { sftp = true }: { sftp?: boolean } = {}): Promise<OwnSshd> {
    const sshd = new OwnSshd(await freePort(), user)
    const key = join(sshd.dir, 'host_key')
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key])
    writeFileSync(
      join(sshd.dir, 'sshd_config'),
      [`Port ${sshd.port}`, 'ListenAddress 127.0.0.1', `HostKey ${key}`, `PidFile ${join(sshd.dir, 'sshd.pid')}`, `AllowUsers ${user}`,
        'UsePAM no', 'StrictModes no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'AuthorizedKeysFile .ssh/authorized_keys',
        // Without a Subsystem line sshd refuses SFTP, as some hosts in the wild do.
        ...(sftp ? ['Subsystem sftp internal-sftp'] : []), ...extra, ''].join('\n'),
    )
    const [type, blob] = readFileSync(`${key}.pub`, 'utf8').split(' ')
    writeFileSync(sshd.knownHosts, `[127.0.0.1]:${sshd.port} ${type} ${blob}\n`)
    await sshd.resume()
    return sshd
  }

  /** Starts sshd (again), with the same port and host key. */
  async resume(): Promise<void> {
    this.process = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(this.dir, 'sshd_config')], { stdio: 'ignore' })
    await listening(this.port)
  }

  /** Stops sshd: the host no longer answers. */
  async stop(): Promise<void> {
    const p = this.process
    if (!p || p.exitCode !== null) return
    await new Promise((resolve) => (p.once('exit', resolve), p.kill()))
  }

  /** Stops sshd and removes its files. */
  async remove(): Promise<void> {
    await this.stop()
    rmSync(this.dir, { recursive: true, force: true })
  }
}
