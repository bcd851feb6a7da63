// What nova-api checks and records when it accepts a server action that runs
// as a task: the lifecycle check (which also sets the task_state), the action's
// own checks, the instance action and the task, all in the caller's transaction.
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { nowIso } from '../clock.js'
import { ConflictError, UserError } from '../errors.js'
import { serviceUp } from '../model/compute-service.js'
import { checkResizeQuota } from '../model/quotas.js'
import { beginAction } from '../model/lifecycle.js'
import { checkName, findOne } from '../model/names.js'
import { homePaths } from '../paths.js'
import { bootDiskFormat, checkFlavorFitsImage } from '../images/boot.js'
import type { Image, Server, State } from '../store/schema.js'
import { recordAction } from '../conductor/actions.js'
import { enqueue } from '../conductor/tasks.js'
import type { Caller } from './caller.js'
import { flavorsOf } from './flavor-api.js'
import { encodeUserData, keyDataOf } from './guest-request.js'
import { requestSpecOf } from './request-specs.js'

/** An image a server can boot or be rebuilt from: active, a format hosts boot, and a flavor big enough (min_ram, min_disk, virtual size). */
export function bootableImage(state: State, ref: string, server: Pick<Server, 'flavor'>): Image {
  const image = findOne('image', state.images, ref)
  if (image.status !== 'active') throw new UserError(`Image ${image.name} is ${image.status}, not active`, { hint: 'Wait until its upload or snapshot has finished.' })
  bootDiskFormat(image)
  checkFlavorFitsImage(server.flavor, image)
  return image
}

/** Accepts a rebuild: the server's image changes now (as Nova's image_ref does), its disk at the conductor. */
export function acceptRebuild(state: State, server: Server, caller: Caller, options: RebuildOptions): string {
  // Nova's rebuild reads the image from Glance: one that was deleted is not found (400), whatever the server booted from.
  if (options.image === undefined && !state.images.some((i) => i.id === server.imageId)) {
    throw new UserError(`The image ${server.imageId} of server ${server.name} was deleted: the server cannot be rebuilt from it`, {
      hint: `Rebuild from another image: \`homenova server rebuild ${server.name} --image IMAGE\`.`,
    })
  }
  const image = bootableImage(state, options.image ?? server.imageId, server)
  if (options.name !== undefined) checkName('server', options.name)
  // Nova 2.54 and 2.57: a rebuild may change the key and the user data the new disk's first boot reads.
  const keyData = typeof options.keyName === 'string' ? keyDataOf(state, options.keyName, caller) : null
  const userData = options.userData ? encodeUserData(options.userData) : null
  const wasStopped = server.vmState === 'stopped'
  beginAction(server, 'rebuild', nowIso())
  if (options.keyName !== undefined) Object.assign(server, { keyName: options.keyName, keyData })
  if (options.userData !== undefined) server.userData = userData
  if (options.name !== undefined) server.name = options.name
  server.imageId = image.id
  requestSpecOf(state, server.id).imageId = image.id
  const requestId = recordAction(state, server.id, 'rebuild', caller).requestId
  enqueue(state, 'rebuild', server.id, requestId, { imageId: image.id, wasStopped })
  return requestId
}

/** What a rebuild may change besides the image; null unsets the key or the user data. */
export interface RebuildOptions {
  image?: string
  name?: string
  keyName?: string | null
  userData?: Buffer | null
}

/** A queued image record for a snapshot, with Nova's snapshot properties; its data arrives later. */
export function queueSnapshotImage(state: State, home: string, server: Server, name: string): Image {
  checkName('image', name)
  const base = state.images.find((i) => i.id === server.imageId)
  const id = randomUUID()
  const now = nowIso()
  const image: Image = {
    id,
    name,
    status: 'queued',
    diskFormat: 'qcow2',
    containerFormat: 'bare',
    size: 0,
    virtualSize: 0,
    checksum: '',
    md5: null,
    // Nova: min_ram from the base image, min_disk at least the flavor's root disk; the owner's snapshot is private.
    minDisk: Math.max(base?.minDisk ?? 0, server.flavor.diskGb),
    minRam: base?.minRam ?? 0,
    visibility: 'private',
    protected: false,
    file: join(homePaths(home).images, id),
    properties: { ...(base?.properties ?? {}), image_type: 'snapshot', instance_uuid: server.id, base_image_ref: server.imageId },
    createdAt: now,
    updatedAt: now,
  }
  state.images.push(image)
  return image
}

/** Accepts a snapshot (`server image create`). */
export function acceptSnapshot(state: State, home: string, server: Server, caller: Caller, name: string): { requestId: string; image: Image } {
  beginAction(server, 'snapshot', nowIso())
  const image = queueSnapshotImage(state, home, server, name)
  const requestId = recordAction(state, server.id, 'createImage', caller).requestId
  enqueue(state, 'snapshot', server.id, requestId, { imageId: image.id })
  return { requestId, image }
}

/** Accepts a rescue: the image given, else the server image's hw_rescue_image, else the server's own image. */
export function acceptRescue(state: State, server: Server, caller: Caller, imageRef?: string): string {
  const own = state.images.find((i) => i.id === server.imageId)
  // Nova boots the rescue from the server's image by default; one deleted from Glance fails the rescue, so ask for another up front.
  if (imageRef === undefined && !own) {
    throw new UserError(`The image ${server.imageId} of server ${server.name} was deleted: it cannot be the rescue image`, {
      hint: `Give a rescue image: \`homenova server rescue ${server.name} --image IMAGE\`.`,
    })
  }
  const ref = imageRef ?? own?.properties.hw_rescue_image ?? server.imageId
  const rescue = findOne('image', state.images, ref)
  if (rescue.status !== 'active') throw new UserError(`Rescue image ${rescue.name} is ${rescue.status}, not active`)
  bootDiskFormat(rescue)
  beginAction(server, 'rescue', nowIso())
  const requestId = recordAction(state, server.id, 'rescue', caller).requestId
  enqueue(state, 'rescue', server.id, requestId, { rescueImageId: rescue.id })
  return requestId
}

/** Accepts a resize to `flavorRef`, or a cold migration (no flavor) optionally to `host`. */
export function acceptMove(state: State, server: Server, caller: Caller, options: { flavor?: string; host?: string }): string {
  const migration = options.flavor === undefined
  let flavor = server.flavor
  if (!migration) {
    flavor = findOne('flavor', flavorsOf(state), options.flavor!)
    if (flavor.id === server.flavor.id && flavor.name === server.flavor.name) {
      throw new UserError(`Server ${server.name} already has flavor ${flavor.name}`, { hint: 'To move it to another host with the same flavor, use `homenova server migrate`.' })
    }
    checkResizeQuota(state, server.projectId, server.flavor, flavor)
    if (flavor.diskGb < server.flavor.diskGb) {
      throw new UserError(`Flavor ${flavor.name}'s disk (${flavor.diskGb} GB) is smaller than ${server.name}'s (${server.flavor.diskGb} GB); disks cannot shrink`, { hint: 'Pick a flavor with at least as large a disk.' })
    }
  }
  let hostName: string | undefined
  if (options.host !== undefined) {
    const host = findOne('host', state.hosts, options.host)
    if (host.id === server.host) throw new UserError(`Server ${server.name} is already on ${host.name}`, { hint: 'Name another host, or none to let the scheduler pick.' })
    hostName = host.name // the scheduler forces hosts by name
  }
  beginAction(server, migration ? 'migrate' : 'resize', nowIso())
  const requestId = recordAction(state, server.id, migration ? 'migrate' : 'resize', caller).requestId
  enqueue(state, 'resize', server.id, requestId, { flavor: { ...flavor, extraSpecs: { ...flavor.extraSpecs } }, migration, ...(hostName ? { host: hostName } : {}) })
  return requestId
}

/** Accepts a shelve: the snapshot image is queued now, named after the server as Nova names it. */
export function acceptShelve(state: State, home: string, server: Server, caller: Caller): string {
  beginAction(server, 'shelve', nowIso())
  const image = queueSnapshotImage(state, home, server, `${server.name}-shelved`)
  const requestId = recordAction(state, server.id, 'shelve', caller).requestId
  enqueue(state, 'shelve', server.id, requestId, { imageId: image.id })
  return requestId
}

/** Accepts an action whose task carries nothing beyond the server. */
export function acceptSimple(state: State, server: Server, caller: Caller, action: 'unrescue' | 'confirm_resize' | 'revert_resize' | 'unshelve'): string {
  beginAction(server, action, nowIso())
  const names = { unrescue: 'unrescue', confirm_resize: 'confirmResize', revert_resize: 'revertResize', unshelve: 'unshelve' } as const
  const requestId = recordAction(state, server.id, names[action], caller).requestId
  enqueue(state, action, server.id, requestId, {})
  return requestId
}

/**
 * Accepts a live migration (Nova's os-migrateLive): the guest keeps running
 * while its memory and disk go to another host, the scheduler's pick or
 * `host`. The server's host must be up, and so must a named host, which must
 * run the same driver.
 */
export function acceptLiveMigrate(state: State, server: Server, caller: Caller, options: { host?: string }): string {
  const source = state.hosts.find((h) => h.id === server.host)
  if (!source || !serviceUp(source)) {
    throw new ConflictError(`Compute service of ${source?.name ?? 'its host'} is down: ${server.name} cannot be live-migrated from it`, 'A server on a dead host moves with `server evacuate`.')
  }
  let hostName: string | undefined
  if (options.host !== undefined) {
    const host = findOne('host', state.hosts, options.host)
    if (host.id === server.host) throw new UserError(`${server.name} is on ${host.name} already: a live migration goes to another host`, { hint: 'Name another host, or none to let the scheduler pick.' })
    if (host.driver !== source.driver) {
      throw new UserError(`${server.name} cannot be live-migrated to ${host.name}: it is a ${host.driver === 'fake' ? 'simulated' : 'libvirt'} host and ${source.name} is not`, { hint: 'Live migration moves a guest between hosts of one kind.' })
    }
    hostName = host.name // the scheduler forces hosts by name
  }
  beginAction(server, 'live_migrate', nowIso())
  const requestId = recordAction(state, server.id, 'live-migration', caller).requestId
  enqueue(state, 'live_migrate', server.id, requestId, { ...(hostName ? { host: hostName } : {}) })
  return requestId
}

/**
 * Accepts an evacuation (Nova's API.evacuate): only from a host whose compute
 * service is down, since a guest must never run on two hosts; to `host` if
 * named (still checked by the scheduler, as Nova does since 2.29 without force).
 */
export function acceptEvacuate(state: State, server: Server, caller: Caller, options: { host?: string }): string {
  const source = state.hosts.find((h) => h.id === server.host)
  if (source && serviceUp(source)) {
    throw new ConflictError(`Compute service of ${source.name} is still in use: ${server.name} can only be evacuated from a host that is down`,
      `If ${source.name} is really dead, say so first: homenova compute service set ${source.name} --down (or let \`host refresh ${source.name}\` find it unreachable). A live host's servers move with \`server migrate\`.`,
    )
  }
  let hostName: string | undefined
  if (options.host !== undefined) {
    const host = findOne('host', state.hosts, options.host)
    if (host.id === server.host) throw new UserError(`${server.name} is on ${host.name} already: an evacuation goes to another host`, { hint: 'Name another host, or none to let the scheduler pick.' })
    hostName = host.name // the scheduler forces hosts by name
  }
  const wasStopped = server.vmState === 'stopped'
  beginAction(server, 'evacuate', nowIso())
  const requestId = recordAction(state, server.id, 'evacuate', caller).requestId
  enqueue(state, 'evacuate', server.id, requestId, { wasStopped, ...(hostName ? { host: hostName } : {}) })
  return requestId
}
