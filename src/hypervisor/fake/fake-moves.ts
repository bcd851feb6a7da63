// Cold moves and disk export on simulated hosts, with the same answers as the
// libvirt driver: migrateOut leaves only kept files (no domain), migrateIn
// makes the domain from them or from an exported file (its sha256 checked),
// confirm drops the kept files, revert brings them back. Each one redoable.
import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import type { HostSpec, InstanceRef, InstanceSpec } from '../driver.js'
import type { FakeDomainBackend, FakeDomainRecord } from './fake-driver.js'
import { appendLog, bootLog } from './fake-host-script.js'

/** Where a simulated destination's disk comes from. */
export type FakeSource = { kind: 'kept' } | { kind: 'file'; localPath: string; sha256: string }

/** What a simulated disk export writes: 1 MiB of zeros. */
export const FAKE_DISK_BYTES = 1024 * 1024

/** Writes the simulated disk to `localPath`; its sha256 and size. */
export async function fakeExport(localPath: string): Promise<{ sha256: string; size: number }> {
  const bytes = Buffer.alloc(FAKE_DISK_BYTES)
  await writeFile(localPath, bytes)
  return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length }
}

/** Source side, after the guest is off: the domain goes, its files are kept. */
export async function fakeMigrateOut(backend: FakeDomainBackend, host: HostSpec, ref: InstanceRef): Promise<void> {
  const d = await backend.get(host.id, ref.domainName)
  if (d?.defined === false) return
  if (!d) throw new Error(`Cannot move ${ref.domainName} aside on simulated host ${host.name}: it has no files there`)
  if (d.kept) throw new Error(`Cannot move ${ref.domainName} aside on simulated host ${host.name}: an earlier move was neither confirmed nor reverted`)
  await backend.put(host.id, { name: d.name, state: 'shutoff', consoleLog: d.consoleLog, kept: true, defined: false })
}

/** Destination side: a new domain (replacing a half-made one), kept files on this host left as they are. */
export async function fakeMigrateIn(backend: FakeDomainBackend, host: HostSpec, instance: InstanceSpec, source: FakeSource, start: boolean): Promise<void> {
  const d = await backend.get(host.id, instance.domainName)
  if (source.kind === 'kept' && !d?.kept) {
    throw new Error(`Cannot make ${instance.domainName} on simulated host ${host.name} from kept files: there are none (was migrateOut run on this host?)`)
  }
  if (source.kind === 'file') {
    const sum = createHash('sha256').update(await readFile(source.localPath)).digest('hex')
    if (sum !== source.sha256) throw new Error(`The disk of ${instance.domainName} arrived corrupted on simulated host ${host.name} (sha256 ${sum}, expected ${source.sha256})`)
  }
  const log = `homenova-guest: ${instance.flavorName} (${instance.vcpus} vCPU, ${instance.memoryMb} MB, ${instance.diskGb} GB) on ${host.name}`
  const domain: FakeDomainRecord = { name: instance.domainName, state: start ? 'running' : 'shutoff', consoleLog: start ? `${log}\n${bootLog()}` : log }
  await backend.put(host.id, d?.kept ? { ...domain, kept: true } : domain)
}

/** After a confirmed move: the kept files go; fine if they are gone. */
export async function fakeUnkeep(backend: FakeDomainBackend, host: HostSpec, ref: InstanceRef): Promise<void> {
  const d = await backend.get(host.id, ref.domainName)
  if (!d?.kept) return
  if (d.defined === false) return backend.remove(host.id, ref.domainName)
  const { kept: _kept, ...domain } = d
  await backend.put(host.id, domain)
}

/** After a reverted move: the kept files come back as the domain (replacing a same-host new one). */
export async function fakeRevert(backend: FakeDomainBackend, host: HostSpec, instance: InstanceSpec, start: boolean): Promise<void> {
  const d = await backend.get(host.id, instance.domainName)
  if (!d) throw new Error(`Cannot revert the move of ${instance.domainName} on simulated host ${host.name}: nothing of it is there`)
  if (d.kept) {
    const consoleLog = start ? appendLog(d.consoleLog, bootLog()) : d.consoleLog
    await backend.put(host.id, { name: d.name, state: start ? 'running' : 'shutoff', consoleLog })
  } else if (start && d.state !== 'running') {
    // Reverted already (a redone step): only the start may be left to do.
    await backend.put(host.id, { ...d, state: 'running', consoleLog: appendLog(d.consoleLog, bootLog()) })
  }
}
