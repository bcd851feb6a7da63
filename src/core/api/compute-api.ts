// nova-api's job for servers: validate, record the server and its task in one
// transaction, and leave the work to the conductor.
import { randomUUID } from 'node:crypto'
import { nowIso } from '../clock.js'
import { UserError } from '../errors.js'
import { checkName, findOne } from '../model/names.js'
import type { Store } from '../store/store.js'
import { POWER_STATE } from '../store/constants.js'
import type { Server, State, Task } from '../store/schema.js'
import { enqueue } from '../conductor/tasks.js'
import { flavorsOf, seedFlavors } from './flavor-api.js'
import type { DriverFactory } from '../../hypervisor/driver.js'

/** What `server create` takes. */
export interface CreateServerRequest {
  name: string
  flavor: string
  image: string
}

/** A server together with the task working on it. */
export interface ServerWithTask {
  server: Server
  task: Task
}

/** The servers an operator sees (deleted ones are hidden, as in Nova). */
export function visibleServers(state: State): Server[] {
  return state.servers.filter((s) => s.vmState !== 'deleted')
}

/** Server operations. */
export class ComputeApi {
  constructor(
    private readonly store: Store,
    private readonly drivers: DriverFactory,
  ) {}

  async createServer(req: CreateServerRequest): Promise<ServerWithTask> {
    checkName('server', req.name)
    return this.store.transact((state) => {
      const flavor = findOne('flavor', flavorsOf(state), req.flavor)
      const image = findOne('image', state.images, req.image)
      if (flavor.diskGb > 0 && image.virtualSize > flavor.diskGb * 1024 ** 3) {
        throw new UserError(`Flavor ${flavor.name}'s disk (${flavor.diskGb} GB) is too small for image ${image.name} (${(image.virtualSize / 1024 ** 3).toFixed(1)} GB)`, {
          hint: 'Pick a flavor with a larger disk.',
        })
      }
      seedFlavors(state)
      const id = uniqueServerId(state)
      const now = nowIso()
      const server: Server = {
        id,
        name: req.name,
        vmState: 'building',
        taskState: 'scheduling',
        powerState: POWER_STATE.NOSTATE,
        host: null,
        domainName: `instance-${id.slice(0, 8)}`,
        flavor: { ...flavor, extraSpecs: { ...flavor.extraSpecs } },
        imageId: image.id,
        createdAt: now,
        updatedAt: now,
      }
      state.servers.push(server)
      const task = enqueue(state, 'build', server.id)
      return { server, task }
    })
  }

  async deleteServer(ref: string): Promise<ServerWithTask> {
    return this.store.transact((state) => {
      const server = findOne('server', visibleServers(state), ref)
      const open = state.tasks.find((t) => t.kind === 'delete' && t.serverId === server.id && (t.status === 'queued' || t.status === 'running'))
      if (open) return { server, task: open }
      server.taskState = 'deleting'
      server.updatedAt = nowIso()
      return { server, task: enqueue(state, 'delete', server.id) }
    })
  }

  async listServers(): Promise<Server[]> {
    return visibleServers(await this.store.read())
  }

  async showServer(ref: string): Promise<Server> {
    return findOne('server', visibleServers(await this.store.read()), ref)
  }

  async consoleLog(ref: string, lines?: number): Promise<string> {
    const state = await this.store.read()
    const server = findOne('server', visibleServers(state), ref)
    const host = state.hosts.find((h) => h.id === server.host)
    if (!host) throw new UserError(`Server ${server.name} is not on any host (status ${server.vmState})`, { hint: 'A console log exists once the server has been built.' })
    const driver = await this.drivers(host)
    try {
      const log = await driver.consoleLog({ uuid: server.id, domainName: server.domainName })
      return lines === undefined ? log : log.split('\n').slice(-lines).join('\n')
    } finally {
      await driver.close()
    }
  }
}

function uniqueServerId(state: State): string {
  // Domain names use the first 8 hex digits of the UUID; keep them unique per store.
  for (;;) {
    const id = randomUUID()
    if (!state.servers.some((s) => s.id.slice(0, 8) === id.slice(0, 8))) return id
  }
}
