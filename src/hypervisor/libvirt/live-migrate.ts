// Live migration between libvirt hosts, as Nova's libvirt driver does it
// without shared storage (block migration): the destination gets an empty
// disk on its own copy of the base image, then libvirt copies the guest's
// memory and the disk's own blocks (--copy-storage-inc) while it runs, and the
// guest goes on there.
//
// Who drives it: `virsh` on this machine, with a connection to each host
// (libvirt's managed direct migration). Hosts need no SSH trust between them,
// as for cold moves; only QEMU's migration stream goes from host to host, to
// the destination's address on a port libvirt picks (49152-49215 by default).
// The connections are libvirt's libssh2 transport with homenova's own key and
// known_hosts, so the host keys checked are the ones `host add` recorded.
// (Not its libssh transport: Debian 12's virsh 9.0 crashed in it while it
// polled the migration's progress on the same connection.)
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { liveMigrationTimedOut } from '../driver.js'
import type { HostSpec, InstanceRef, InstanceSpec, LiveMigrationLimits, LiveMigrationOutcome, LiveMigrationTarget } from '../driver.js'
import { run, type Transport } from '../transport.js'
import type { LibvirtHost } from './host-context.js'

/** The URI this machine reaches `host`'s libvirt at: its own URI when local, else over libssh2 with homenova's key and known_hosts. */
export function libvirtUriFromHere(host: HostSpec, knownHostsPath: string): string {
  const c = host.connection
  if (c.kind !== 'ssh') return host.uri
  // qemu:///session -> /session, qemu:///system -> /system
  const path = new URL(host.uri).pathname
  const address = c.address.includes(':') ? `[${c.address}]` : c.address
  const params = new URLSearchParams({ known_hosts: knownHostsPath, known_hosts_verify: 'normal', ...(c.identity ? { keyfile: c.identity } : {}) })
  return `qemu+libssh2://${encodeURIComponent(c.user)}@${address}:${c.port}${path}?${params.toString()}`
}

/** The address the destination's QEMU is reached at for the migration stream. */
function migrationAddress(host: HostSpec): string {
  const c = host.connection
  if (c.kind === 'ssh') return c.address.includes(':') ? `[${c.address}]` : c.address
  return String(host.facts.hostname ?? 'localhost')
}

/** Destination side: base and boot files cached, the disk empty on its base, the config drive made; where to send the guest. */
export async function prepareLiveMigration(h: LibvirtHost, instance: InstanceSpec, uriFromHere: string): Promise<LiveMigrationTarget> {
  const p = h.paths(instance)
  // Made anew each time: a redone step must not find a half-copied disk it would take for the guest's.
  await h.removeDomain(instance.domainName)
  await h.run('rm', '-rf', p.dir)
  await h.run('mkdir', '-p', p.dir)
  // The source's disk is this size too (spawn and every grow make it so): libvirt copies into a disk of the same size.
  const sizeBytes = Math.max(instance.diskGb * 1024 ** 3, instance.image.virtualSize)
  await h.run('qemu-img', 'create', '-q', '-f', 'qcow2', '-F', instance.image.diskFormat, '-b', h.basePath(instance.image), p.disk, String(sizeBytes))
  await h.putConfigDrive(instance)
  return { driver: 'libvirt', uri: uriFromHere, address: migrationAddress(h.host), instancesDir: h.host.instancesDir }
}

/**
 * Source side: the guest's migratable definitions (running, and the one it
 * starts from) with the instances directory changed to the destination's (its
 * disk, base image, config drive, kernel and console log all live there), then
 * one `virsh migrate` run here. --persistent and --undefinesource move the
 * definition too; the files here stay until the conductor destroys them.
 *
 * At the limit, as Nova's libvirt driver does: `virsh domjobabort` (the
 * migration fails, the guest runs on here) or `virsh suspend` (with the guest
 * paused its memory stops changing and the copy ends; libvirt resumes it on
 * the destination).
 */
export async function liveMigrate(h: LibvirtHost, local: Transport, ref: InstanceRef, target: LiveMigrationTarget, uriFromHere: string, limits: LiveMigrationLimits): Promise<LiveMigrationOutcome> {
  if (target.driver !== 'libvirt') throw new Error(`Cannot live-migrate ${ref.domainName} from libvirt host ${h.host.name} to simulated host ${target.hostName}`)
  // The running guest's definition and the one it starts from next time both move.
  const moved = async (...flags: string[]) => (await h.virsh.run('dumpxml', '--migratable', ...flags, ref.domainName)).split(`${h.host.instancesDir}/`).join(`${target.instancesDir}/`)
  const [live, persistent] = [await moved(), await moved('--inactive')]
  const dir = await mkdtemp(join(tmpdir(), 'homenova-live-'))
  try {
    const [liveFile, persistentFile] = [join(dir, 'live.xml'), join(dir, 'persistent.xml')]
    await writeFile(liveFile, live, { mode: 0o600 })
    await writeFile(persistentFile, persistent, { mode: 0o600 })
    const virsh = ['env', 'LC_ALL=C', 'virsh', '-q', '-c', uriFromHere]
    const migrating = run(local, [
      ...virsh,
      'migrate', '--live', '--persistent', '--undefinesource', '--copy-storage-inc',
      ...(limits.autoConverge ? ['--auto-converge'] : []),
      '--xml', liveFile, '--persistent-xml', persistentFile, '--migrateuri', `tcp://${target.address}`,
      ref.domainName, target.uri,
    ])
    let settled = false
    let acted: Promise<unknown> | undefined
    // Until the migration's job has begun there is none to abort: try again until it takes or the migration ends.
    const act = async (): Promise<void> => {
      for (;;) {
        const r = await local.exec([...virsh, limits.onTimeout === 'abort' ? 'domjobabort' : 'suspend', ref.domainName])
        if (r.code === 0 || settled) return
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    }
    const timer = limits.timeoutMs === null ? undefined : setTimeout(() => (acted = act().catch(() => undefined)), limits.timeoutMs)
    try {
      await migrating.finally(() => (settled = true))
    } catch (err) {
      if (acted && limits.onTimeout === 'abort') throw new Error(`${liveMigrationTimedOut(limits).message}: ${(err as Error).message}`)
      throw err
    } finally {
      clearTimeout(timer)
      await acted
    }
    return { forced: acted !== undefined && limits.onTimeout === 'force_complete' }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
