// Copies a server's disk off its host as one standalone qcow2: flattened on the
// host with `qemu-img convert` (a running guest paused meanwhile), checksummed
// there, downloaded, checksummed here.
import { randomBytes, createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { rm, stat } from 'node:fs/promises'
import type { InstanceRef } from '../driver.js'
import type { LibvirtHost } from './host-context.js'

/** The sha256 of a local file, read as a stream. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Exports the server's disk (or the disk migrateOut kept) to `localPath`. */
export async function exportDisk(h: LibvirtHost, ref: InstanceRef, localPath: string, kept: boolean): Promise<{ sha256: string; size: number }> {
  const p = h.paths(ref)
  const [dir, disk] = kept ? [p.keptDir, p.keptDisk] : [p.dir, p.disk]
  if (!(await h.exists(disk, 'file'))) {
    throw new Error(`No ${kept ? 'kept ' : ''}disk of ${ref.domainName} on ${h.host.name} (${disk} is missing)`)
  }
  // A unique name in the server's own directory: never outside it, and two exports never collide.
  const temp = `${dir}/disk.export.${randomBytes(4).toString('hex')}.qcow2`
  try {
    const state = kept ? 'missing' : (await h.virsh.state(ref.domainName)).state
    const live = state === 'running' || state === 'paused'
    const pause = state === 'running'
    // -U: the running QEMU holds the image's write lock; paused, its disk is flushed and still.
    const convert = ['qemu-img', 'convert', '-q', ...(live ? ['-U'] : []), '-O', 'qcow2', disk, temp]
    if (pause) await h.virsh.run('suspend', ref.domainName)
    try {
      await h.run(...convert)
    } finally {
      if (pause) await h.virsh.runUnless(['running'], 'resume', ref.domainName)
    }
    const remoteSum = await h.sha256(temp)
    await h.transport.download(temp, localPath)
    const localSum = await fileSha256(localPath)
    if (localSum !== remoteSum) {
      await rm(localPath, { force: true })
      throw new Error(`The disk of ${ref.domainName} arrived corrupted from ${h.host.name} (sha256 ${localSum}, expected ${remoteSum})`)
    }
    return { sha256: localSum, size: (await stat(localPath)).size }
  } finally {
    await h.transport.exec(['rm', '-f', temp])
  }
}
