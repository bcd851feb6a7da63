// glance-replicator's verbs on this home's registry: dump to a directory, load
// from one, compare with one, and the size a dump would take. Slow work
// (copying, hashing, inspecting) runs outside any transaction; the loaded
// records are written in one, which checks again that their ids are free.
import { unlink } from 'node:fs/promises'
import { UserError } from '../errors.js'
import { homePaths } from '../paths.js'
import type { Image } from '../store/schema.js'
import type { Store } from '../store/store.js'
import { differences, dumpedRecord, dumpImages, hasData, importDumped, readDump, replicaSize, type ReplicaOutcome } from './replicate.js'

/** Image replication between homenova homes. */
export class ReplicateApi {
  constructor(private readonly store: Store) {}

  /** Writes every image (record, and data if active) into `dir`. */
  async dump(dir: string): Promise<ReplicaOutcome[]> {
    return dumpImages((await this.store.read()).images, dir)
  }

  /**
   * Registers every image of the dump in `dir` under its own id: one present
   * with the same id and sha256 is skipped, one with the same id and other data
   * is a conflict (left as it is), one without data in the dump is skipped.
   */
  async load(dir: string): Promise<ReplicaOutcome[]> {
    const records = await readDump(dir)
    const imagesDir = homePaths(this.store.home).images
    const present = new Map((await this.store.read()).images.map((i) => [i.id, i]))
    const out: ReplicaOutcome[] = []
    const loaded: Image[] = []
    try {
      for (const record of records) {
        const here = present.get(record.id)
        if (here) {
          out.push(here.checksum === record.checksum
            ? { id: record.id, name: record.name, action: 'skipped', detail: 'already here with the same checksum' }
            : { id: record.id, name: record.name, action: 'conflict', detail: `already here as ${here.name} with sha256 ${here.checksum || '(no data)'}, the dump has ${record.checksum || '(no data)'}` })
          continue
        }
        if (record.status !== 'active' || !(await hasData(dir, record.id))) {
          out.push({ id: record.id, name: record.name, action: 'skipped', detail: 'no data in the dump' })
          continue
        }
        loaded.push(await importDumped(imagesDir, dir, record))
        out.push({ id: record.id, name: record.name, action: 'loaded', detail: `${record.size} bytes` })
      }
      // Nothing new: the store is not written at all.
      if (loaded.length > 0) await this.store.transact((state) => {
        const taken = loaded.find((i) => state.images.some((s) => s.id === i.id))
        if (taken) throw new UserError(`Image ${taken.id} was registered here while the dump was loading`, { hint: 'Load again: images now present are skipped.' })
        state.images.push(...loaded)
      })
    } catch (err) {
      // Nothing of a failed load stays: the copied files go with the records that were never written.
      await Promise.all(loaded.map((i) => unlink(i.file).catch(() => undefined)))
      throw err
    }
    return out
  }

  /** What differs between this registry and the dump in `dir`. */
  async compare(dir: string): Promise<ReplicaOutcome[]> {
    const records = new Map((await readDump(dir)).map((r) => [r.id, r]))
    const images = (await this.store.read()).images
    const out: ReplicaOutcome[] = []
    for (const image of images) {
      const there = records.get(image.id)
      if (!there) {
        out.push({ id: image.id, name: image.name, action: 'missing there', detail: 'in this home, not in the dump' })
        continue
      }
      const diff = differences(dumpedRecord(image), there)
      out.push({ id: image.id, name: image.name, action: diff.length ? 'differs' : 'same', detail: diff.join('; ') })
    }
    for (const record of records.values()) {
      if (!images.some((i) => i.id === record.id)) out.push({ id: record.id, name: record.name, action: 'missing here', detail: 'in the dump, not in this home' })
    }
    return out
  }

  /** Total bytes and count of the images a dump would hold. */
  async size(): Promise<{ bytes: number; images: number }> {
    return replicaSize((await this.store.read()).images)
  }
}
