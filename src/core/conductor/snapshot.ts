// Snapshots: a server's disk into a new image of the registry (queued ->
// saving -> active), exported flattened from its host. The server returns to
// its state; a failed snapshot removes the image, as Nova deletes it.
import { rename, unlink } from 'node:fs/promises'
import { detectFormat } from '../images/format.js'
import { fileDigests } from '../images/digests.js'
import { completeAction, setServerState, type TaskState } from '../model/lifecycle.js'
import type { Image } from '../store/schema.js'
import { eventFinish } from './actions.js'
import { instanceRef } from './context.js'
import { hostNameOf, imageOf } from './lookups.js'
import { step, type Commit, type Job, type Step, type Workflow } from './runner.js'
import { finish, type TaskOf } from './tasks.js'

type ImageTask = TaskOf<'snapshot' | 'shelve'>

/** Exports the server's disk into the image's file; returns what the record needs. */
export async function exportInto(job: Job<ImageTask>): Promise<Pick<Image, 'checksum' | 'md5' | 'size' | 'virtualSize' | 'diskFormat'>> {
  const image = imageOf(job.state, job.task.imageId)
  const partial = `${image.file}.part`
  try {
    const { sha256, size } = await (await job.driver()).exportDisk(instanceRef(job.server), partial)
    const format = await detectFormat(partial, size)
    // Glance's `checksum` is an md5 of the data; the driver checked the sha256 on both ends.
    const { md5 } = await fileDigests(partial)
    await rename(partial, image.file)
    return { checksum: sha256, md5, size, virtualSize: format.virtualSize, diskFormat: format.diskFormat }
  } finally {
    await unlink(partial).catch(() => undefined)
  }
}

/** The steps that fill image `task.imageId` from the server's disk, then set `next` as the task_state. */
export function snapshotSteps<T extends ImageTask>(next: TaskState | null): Step<T>[] {
  return [
    step<T>('queue', null, ({ state, task, server, now }) => {
      imageOf(state, task.imageId).status = 'saving'
      setServerState(server, { taskState: server.taskState === 'shelving' ? 'shelving_image_uploading' : 'image_uploading' }, now)
    }),
    step<T, Awaited<ReturnType<typeof exportInto>>>('export', exportInto, ({ state, task, server, now }, saved) => {
      const image = imageOf(state, task.imageId)
      Object.assign(image, saved, { status: 'active', updatedAt: now })
      if (next) setServerState(server, { taskState: next }, now)
      return `${image.name} (${(saved.size / 1024 ** 2).toFixed(1)} MB, ${saved.diskFormat}) from ${hostNameOf(state, server.host)}`
    }),
  ]
}

/** Drops the image record, clears the task_state and keeps the vm_state; the fault says what happened. */
function revertSnapshot({ state, task, server, now }: Commit<ImageTask>, message: string): void {
  state.images = state.images.filter((i) => i.id !== task.imageId)
  setServerState(server, { taskState: null }, now)
  server.fault = { code: 500, message: `Snapshot failed: ${message}`, at: now }
}

/** After a failed snapshot (onError): the image goes, the server keeps its state. */
export function dropSnapshot(c: Commit<ImageTask>, message: string): 'failed' {
  revertSnapshot(c, message)
  finish(c.task, 'failed', message)
  eventFinish(c.state, c.task, 'Error', message)
  return 'failed'
}

/** Removes the image's file (io, before its record goes). */
export async function removeImageFile(job: Job<ImageTask>): Promise<void> {
  const image = job.state.images.find((i) => i.id === job.task.imageId)
  if (image) await unlink(image.file).catch(() => undefined)
}

type SnapshotTask = TaskOf<'snapshot'>

/** The snapshot workflow (`server image create`). */
export const snapshotWorkflow: Workflow<SnapshotTask> = {
  steps: [...snapshotSteps<SnapshotTask>(null), step<SnapshotTask>('done', null, ({ server, now }) => completeAction(server, 'snapshot', now))],
  cleanup: removeImageFile,
  onError: dropSnapshot,
  // Nova clears an interrupted snapshot's task_state; the half-made image goes too.
  onTakeover: async (job) => {
    await removeImageFile(job)
    return { end: 'The conductor running this snapshot stopped; the snapshot was dropped', commit: (c) => revertSnapshot(c, 'the conductor running it stopped') }
  },
}
