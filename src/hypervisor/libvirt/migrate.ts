// Cold moves (resize and migrate) as Nova's libvirt driver makes them: the
// source keeps the server's files in `instances/<uuid>_resize` until the move
// is confirmed (removed) or reverted (put back); the destination makes the disk
// from those files (same host) or from an exported disk (another host). Each
// step can be redone after a crash.
import type { InstanceRef, InstanceSpec } from '../driver.js'
import type { LibvirtHost } from './host-context.js'

/** Where the destination's disk comes from. */
export type MigrationSource = { kind: 'kept' } | { kind: 'file'; localPath: string; sha256: string }

/** Source side: powers off, undefines the domain and moves its files aside. */
export async function migrateOut(h: LibvirtHost, ref: InstanceRef, timeoutMs: number): Promise<void> {
  const p = h.paths(ref)
  await h.power.powerOff(ref, timeoutMs)
  await h.removeDomain(ref.domainName)
  const [here, kept] = await Promise.all([h.exists(p.dir, 'dir'), h.exists(p.keptDir, 'dir')])
  if (here && kept) {
    throw new Error(`Cannot move ${ref.domainName} aside on ${h.host.name}: both ${p.dir} and ${p.keptDir} exist (an earlier move was neither confirmed nor reverted)`)
  }
  if (here) await h.run('mv', '-T', p.dir, p.keptDir)
  else if (!kept) throw new Error(`Cannot move ${ref.domainName} aside on ${h.host.name}: it has no files there (${p.dir} is missing)`)
}

/** Destination side: makes the disk, grows it to the flavor, defines the domain and starts it if asked. */
export async function migrateIn(h: LibvirtHost, instance: InstanceSpec, source: MigrationSource, start: boolean): Promise<void> {
  const p = h.paths(instance)
  // Checked before anything is removed: a same-host move without kept files would
  // otherwise take the server's only disk with it.
  if (source.kind === 'kept' && !(await h.exists(p.keptDisk, 'file'))) {
    throw new Error(`Cannot make ${instance.domainName} on ${h.host.name} from kept files: ${p.keptDisk} is missing (was migrateOut run on this host?)`)
  }
  // A redone migrateIn starts over; whatever an earlier try made here goes (never the kept files).
  await h.removeDomain(instance.domainName)
  await h.run('rm', '-rf', p.dir)
  await h.run('mkdir', '-p', p.dir)
  if (source.kind === 'kept') {
    // A plain copy keeps the disk's backing file in _base.
    await h.run('cp', p.keptDisk, p.disk)
  } else {
    const part = `${p.disk}.part`
    await h.transport.upload(source.localPath, part)
    const sum = await h.sha256(part)
    if (sum !== source.sha256) {
      await h.run('rm', '-f', part)
      throw new Error(`The disk of ${instance.domainName} arrived corrupted on ${h.host.name} (sha256 ${sum}, expected ${source.sha256})`)
    }
    const info = await h.diskInfo(part)
    if (info.format !== 'qcow2' || info.backingFile !== undefined) {
      throw new Error(`The disk sent for ${instance.domainName} is not a standalone qcow2 (format ${info.format}, backing file ${info.backingFile ?? 'none'})`)
    }
    await h.run('mv', '-f', part, p.disk)
  }
  await h.growDisk(p.disk, instance.diskGb)
  // Made anew on the destination, as Nova does: it may hold what changed since (the zone, say).
  await h.putConfigDrive(instance)
  await h.transport.writeFile(p.domainXml, h.domainXml(instance, new Date().toISOString()))
  await h.virsh.run('define', p.domainXml)
  if (start) await h.power.start(instance.domainName)
}

/** After a confirmed move, on the source: the kept files go. Fine if they are gone. */
export async function confirmMigration(h: LibvirtHost, ref: InstanceRef): Promise<void> {
  await h.run('rm', '-rf', h.paths(ref).keptDir)
}

/** After a reverted move, on the source: the kept files come back and the old domain is defined again. */
export async function revertMigration(h: LibvirtHost, instance: InstanceSpec, start: boolean): Promise<void> {
  const p = h.paths(instance)
  if (await h.exists(p.keptDir, 'dir')) {
    // A same-host move defined the new domain here, under the same name and directory.
    await h.removeDomain(instance.domainName)
    await h.run('rm', '-rf', p.dir)
    await h.run('mv', '-T', p.keptDir, p.dir)
  } else if (!(await h.exists(p.disk, 'file'))) {
    throw new Error(`Cannot revert the move of ${instance.domainName} on ${h.host.name}: no kept files (${p.keptDir}) and no disk (${p.disk})`)
  }
  // Redone after the files came back: defining the same definition again changes nothing.
  await h.virsh.run('define', (await h.ownDefinition(instance)).path)
  if (start) await h.power.powerOn(instance)
}
