// Brings up the real libvirt hosts of scripts/real-hosts/up.sh and the
// guest image, and runs commands on those hosts over the same SSH they use.
// Fails with the reason when this machine cannot make real hosts: e2e tests
// never pass by skipping.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const REPO = resolve(import.meta.dirname, '../..')
/** Where up.sh keeps keys, sshd configs and hosts.json. */
export const STATE_DIR = join(REPO, '.e2e')

/** One real host as up.sh describes it. */
export interface RealHost {
  name: string
  address: string
  port: number
  user: string
  identity: string
  uri: string
  virtType: 'qemu' | 'kvm'
  instancesDir: string
}

/** `host add NAME` flags that reach a real host as up.sh made it. */
export function hostArgs(h: RealHost): string[] {
  return ['--address', h.address, '--port', String(h.port), '--user', h.user, '--identity', h.identity, '--uri', h.uri, '--virt-type', h.virtType]
}

/** Makes sure the hosts run and the guest image exists; returns the hosts and the image path. */
export function realHosts(): { hosts: RealHost[]; image: string } {
  if (process.getuid?.() !== 0) {
    throw new Error('End-to-end tests make real hosts (unix users, sshd, libvirt) and need root; run them as root, as .ci/run does.')
  }
  for (const tool of ['virsh', 'sshd', 'qemu-system-x86_64', 'qemu-img', 'mcopy', 'syslinux']) {
    const found = ['/usr/bin', '/usr/sbin', '/bin', '/sbin'].some((dir) => existsSync(join(dir, tool)))
    if (!found) throw new Error(`End-to-end tests need ${tool}, which is not installed: run \`bash scripts/real-hosts/install.sh\` first.`)
  }
  // Test files run in parallel and each brings the hosts up: one at a time (flock on
  // up.lock), and up.sh keeps hosts that are already up, so nobody's session is cut.
  // --close: the lock descriptor must not reach the daemons up.sh starts (libvirtd -d
  // keeps every inherited descriptor), or they hold the lock for ever and the next
  // caller waits for ever: that hung CI on a machine where libvirtd was not yet running.
  // The timeouts turn any other hang into a failure with a message.
  mkdirSync(STATE_DIR, { recursive: true })
  const lock = join(STATE_DIR, 'up.lock')
  execFileSync('flock', ['--close', '--timeout', '600', lock, 'bash', join(REPO, 'scripts/real-hosts/up.sh'), STATE_DIR], { stdio: 'pipe', timeout: 660_000 })
  const image = join(STATE_DIR, 'guest.qcow2')
  const build = join(REPO, 'scripts/guest-image/build.sh')
  // Rebuilt (under the same lock) when build.sh changed since: a stale image lacks what newer tests expect of the guest.
  const stale = () => !existsSync(image) || statSync(image).mtimeMs < statSync(build).mtimeMs
  if (stale()) execFileSync('flock', ['--close', '--timeout', '600', lock, 'bash', '-c', '[ -f "$1" ] && [ "$1" -nt "$2" ] || bash "$2" "$1" --format qcow2', 'build', image, build], { stdio: 'pipe', timeout: 660_000 })
  const hosts = JSON.parse(readFileSync(join(STATE_DIR, 'hosts.json'), 'utf8')) as RealHost[]
  return { hosts, image }
}

/** Runs a command line on a real host with OpenSSH (independent of homenova's own SSH code). */
export function onHost(host: RealHost, command: string): string {
  return execFileSync(
    'ssh',
    ['-i', host.identity, '-p', String(host.port), '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', '-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${join(STATE_DIR, 'known_hosts')}`, '-o', 'StrictHostKeyChecking=yes', `${host.user}@${host.address}`, command],
    // A synchronous call blocks vitest's own timeouts: bound it here.
    { encoding: 'utf8', timeout: 120_000 },
  )
}
