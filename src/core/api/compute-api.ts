// nova-api's job for servers: validate, record the server and its task in one
// transaction, and leave the work to the conductor.
import { randomUUID } from 'node:crypto'
import { nowIso } from '../clock.js'
import { UserError } from '../errors.js'
import { checkName, findOne } from '../model/names.js'
import { visibleServers } from '../model/servers.js'
import type { Store } from '../store/store.js'
import { DEFAULT_PROJECT, POWER_STATE } from '../store/constants.js'
import type { Server, State, Task } from '../store/schema.js'
import { enqueue } from '../conductor/tasks.js'
import { schedulerConfig } from '../scheduler/config.js'
import type { RequestSpec } from '../scheduler/request.js'
import { buildRequestSpec, placementRequest } from '../scheduler/request-builder.js'
import type { ScheduleResult } from '../scheduler/scheduler.js'
import { flavorsOf, seedFlavors } from './flavor-api.js'
import type { PlacementAsk } from './server-request.js'
import type { DriverFactory } from '../../hypervisor/driver.js'

/** What `server create` takes. */
export interface CreateServerRequest {
  name: string
  flavor: string
  image: string
  placement?: PlacementAsk
}

/** Servers together with the task working on them. */
export interface ServersWithTask {
  servers: Server[]
  task: Task
}

/** A server together with the task working on it. */
export interface ServerWithTask {
  server: Server
  task: Task
}

/** Server operations. */
export class ComputeApi {
  constructor(
    private readonly store: Store,
    private readonly drivers: DriverFactory,
  ) {}

  /**
   * Records the servers of one request in BUILD/scheduling and one schedule task
   * that places them all or none (Nova's multi-create). Names get -1, -2... when
   * more than one server is asked for, as Nova's default name template does.
   */
  async createServers(req: CreateServerRequest): Promise<ServersWithTask> {
    checkName('server', req.name)
    const { checkPlacement } = await import('./server-request.js')
    return this.store.transact((state) => {
      const { flavor, image, placement } = this.resolve(state, req, checkPlacement)
      seedFlavors(state)
      const now = nowIso()
      const servers: Server[] = []
      for (let i = 1; i <= placement.numInstances; i++) {
        const id = uniqueServerId(state)
        const server: Server = {
          id,
          name: placement.numInstances > 1 ? `${req.name}-${i}` : req.name,
          vmState: 'building',
          taskState: 'scheduling',
          powerState: POWER_STATE.NOSTATE,
          host: null,
          domainName: `instance-${id.slice(0, 8)}`,
          flavor: { ...flavor, extraSpecs: { ...flavor.extraSpecs } },
          imageId: image.id,
          projectId: DEFAULT_PROJECT,
          availabilityZone: placement.availabilityZone ?? null,
          hints: { ...placement.hints },
          createdAt: now,
          updatedAt: now,
        }
        state.servers.push(server)
        servers.push(server)
      }
      const group = state.serverGroups.find((g) => g.id === placement.hints.group)
      if (group) group.memberIds.push(...servers.map((s) => s.id))
      const task = enqueue(state, 'schedule', servers[0].id)
      task.batch = servers.map((s) => s.id)
      if (placement.forcedHost) task.request = { forcedHost: placement.forcedHost }
      return { servers, task }
    })
  }

  /** Runs the whole scheduling path for a create request without recording anything (`--dry-run`). */
  async planServers(req: CreateServerRequest): Promise<ScheduleResult & { spec: RequestSpec }> {
    checkName('server', req.name)
    const [{ checkPlacement }, { schedule }] = await Promise.all([import('./server-request.js'), import('../scheduler/scheduler.js')])
    const state = await this.store.read()
    const { flavor, image, placement, config } = this.resolve(state, req, checkPlacement)
    const spec = buildRequestSpec(state, flavor, image, { projectId: DEFAULT_PROJECT, ...placement })
    return { ...schedule(state, spec, config), spec }
  }

  // The scheduler and the request checks load only for commands that create servers.
  private resolve(state: State, req: CreateServerRequest, checkPlacement: typeof import('./server-request.js').checkPlacement) {
    const config = schedulerConfig(state.config)
    const flavor = findOne('flavor', flavorsOf(state), req.flavor)
    const image = findOne('image', state.images, req.image)
    if (flavor.diskGb > 0 && image.virtualSize > flavor.diskGb * 1024 ** 3) {
      throw new UserError(`Flavor ${flavor.name}'s disk (${flavor.diskGb} GB) is too small for image ${image.name} (${(image.virtualSize / 1024 ** 3).toFixed(1)} GB)`, {
        hint: 'Pick a flavor with a larger disk.',
      })
    }
    placementRequest(flavor, image) // refuses malformed resources:/trait: extra specs now, not at build time
    const placement = checkPlacement(state, req.placement ?? { hints: {} }, config)
    return { flavor, image, placement, config }
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
