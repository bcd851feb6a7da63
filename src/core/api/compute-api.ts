// nova-api's job for servers: validate, record the change, the instance action
// and the task in one transaction, and hand back a TaskHandle; the conductor
// does the work. Every method acts for the caller it was built with.
import { randomUUID } from 'node:crypto'
import type { Duplex } from 'node:stream'
import { nowIso, systemClock } from '../clock.js'
import type { SyncReport } from '../compute/power-sync.js'
import { ConflictError, UserError } from '../errors.js'
import { serviceUp } from '../model/compute-service.js'
import { limitsOf, serversAllowed, checkCount } from '../model/quotas.js'
import { beginAction, checkAction, serverStatus, type ServerAction } from '../model/lifecycle.js'
import { checkName, findOne } from '../model/names.js'
import { newestFirst, visibleServers } from '../model/servers.js'
import type { Store } from '../store/store.js'
import { POWER_STATE } from '../store/constants.js'
import type { InstanceAction, Server, State } from '../store/schema.js'
import { eventFinish, newRequestId, recordAction, recordInstantAction } from '../conductor/actions.js'
import { TaskHandle, type TaskRuntime } from '../conductor/task-handle.js'
import { enqueue, finish, isOpen, serversOf } from '../conductor/tasks.js'
import { instanceRef } from '../conductor/context.js'
import { schedulerConfig } from '../scheduler/config.js'
import type { RequestSpec } from '../scheduler/request.js'
import { buildRequestSpec, placementRequest } from '../scheduler/request-builder.js'
import type { ScheduleResult } from '../scheduler/scheduler.js'
import type { DriverFactory, GraphicsEndpoint, HypervisorDriver, InstanceRef } from '../../hypervisor/driver.js'
import type { PtySize, RemoteStream } from '../../hypervisor/transport.js'
import { LOCAL_ADMIN, type Caller } from './caller.js'
import { flavorsOf, seedFlavors } from './flavor-api.js'
import { checkGuest, checkProperties, type GuestAsk } from './guest-request.js'
import { checkNetworks } from './network-api.js'
import { nicMac, type NetworkAsk } from '../model/networks.js'
import type { PlacementAsk } from './server-request.js'
import { acceptEvacuate, acceptLiveMigrate, acceptMove, bootableImage, acceptRebuild, type RebuildOptions, acceptRescue, acceptShelve, acceptSimple, acceptSnapshot } from './server-actions.js'
import { filterServers, type ServerFilters } from './server-filters.js'

/** What `server create` takes. */
export interface CreateServerRequest {
  name: string
  flavor: string
  image: string
  placement?: PlacementAsk
  /** What the guest is given: key, user data, properties, hostname, config drive. */
  guest?: GuestAsk
  /** The NICs asked for (`--network`, `--nic`); absent: one on the user network. */
  networks?: NetworkAsk
}

/** The actions that run as a power task. */
export type PowerAction = 'start' | 'stop' | 'pause' | 'unpause' | 'suspend' | 'resume' | 'reboot_soft' | 'reboot_hard'

/** Per server named: the server the action was accepted for, or why it was refused. */
export type ActionResult = { ref: string; server: Server } | { ref: string; error: UserError }

/** What an action on several servers returns: a result per server and a handle on the accepted work. */
export interface ActionResults {
  results: ActionResult[]
  handle: TaskHandle
}

/** What `server ssh` needs: the stream to the guest's sshd, the login and a private key file homenova knows. */
export interface GuestSsh {
  server: Server
  stream: Duplex
  login: string
  identityFile?: string
  /** Ends the stream and the connection to the host. */
  close(): Promise<void>
}

/** A live console of one server; `close` ends it and the connection to its host. */
export interface ConsoleSession {
  server: Server
  stream: RemoteStream
  close(): Promise<void>
}

/** A stream to a server's display (RFB or SPICE) and where it was found. */
export interface GraphicsSession {
  server: Server
  endpoint: GraphicsEndpoint
  stream: Duplex
  close(): Promise<void>
}

/** What `server set`/`unset` change. */
export interface ServerUpdate {
  name?: string
  description?: string | null
  properties?: Record<string, string>
  unsetProperties?: string[]
}

/** Server operations. */
export class ComputeApi {
  constructor(
    private readonly store: Store,
    private readonly drivers: DriverFactory,
    private readonly runtime: TaskRuntime,
    private readonly caller: Caller = LOCAL_ADMIN,
  ) {}

  /**
   * Records the servers of one request in BUILD/scheduling, their request spec,
   * and one schedule task that places them all or none (Nova's multi-create).
   * Names get -1, -2... when more than one server is asked for, as Nova's
   * default name template does.
   */
  async createServers(req: CreateServerRequest): Promise<{ servers: Server[]; handle: TaskHandle }> {
    checkName('server', req.name)
    const { checkPlacement } = await import('./server-request.js')
    const requestId = newRequestId()
    const servers = await this.store.transact((state) => {
      const { flavor, image, placement: asked, config } = this.resolve(state, req, checkPlacement)
      // As many as the quotas allow between --min and --max, as Nova's multi-create does.
      const placement = { ...asked, numInstances: serversAllowed(state, this.caller.projectId, flavor, asked.minInstances, asked.numInstances) }
      const grouped = state.serverGroups.find((g) => g.id === placement.hints.group)
      if (grouped) checkCount(state, grouped.projectId, 'server_group_members', { members: grouped.memberIds.filter((id) => visibleServers(state).some((s) => s.id === id)).length, adding: placement.numInstances })
      const guest = checkGuest(state, req.guest ?? {}, this.caller, config)
      const nics = checkNetworks(state, req.networks ?? { kind: 'auto' }, placement.numInstances)
      seedFlavors(state)
      const now = nowIso()
      const servers: Server[] = []
      for (let i = 1; i <= placement.numInstances; i++) {
        const id = uniqueServerId(state)
        const name = placement.numInstances > 1 ? `${req.name}-${i}` : req.name
        const server: Server = {
          id,
          name,
          vmState: 'building',
          taskState: 'scheduling',
          powerState: POWER_STATE.NOSTATE,
          host: null,
          domainName: `instance-${id.slice(0, 8)}`,
          flavor: { ...flavor, extraSpecs: { ...flavor.extraSpecs } },
          imageId: image.id,
          projectId: this.caller.projectId,
          userId: this.caller.userId,
          availabilityZone: placement.availabilityZone ?? null,
          properties: { ...guest.properties },
          description: null,
          locked: false,
          hostname: guest.hostnameOf(name, id, i - 1, placement.numInstances),
          keyName: guest.keyName,
          keyData: guest.keyData,
          userData: guest.userData,
          files: guest.files,
          configDrive: guest.configDrive,
          launchIndex: i - 1,
          nics: nics.map((n, k) => ({ network: n.network, mac: n.mac ?? nicMac(id, k), ...(n.fixedIp ? { fixedIp: n.fixedIp } : {}) })),
          addresses: {},
          createdAt: now,
          updatedAt: now,
        }
        state.servers.push(server)
        servers.push(server)
        state.requestSpecs.push({
          instanceId: id,
          flavor: server.flavor,
          imageId: image.id,
          projectId: this.caller.projectId,
          userId: this.caller.userId,
          numInstances: placement.numInstances,
          ...(placement.availabilityZone ? { availabilityZone: placement.availabilityZone } : {}),
          ...(placement.forcedHost ? { forcedHost: placement.forcedHost } : {}),
          hints: { ...placement.hints },
          networks: nics.map((n) => n.network),
        })
        recordAction(state, id, 'create', this.caller, requestId)
      }
      const group = state.serverGroups.find((g) => g.id === placement.hints.group)
      if (group) group.memberIds.push(...servers.map((s) => s.id))
      enqueue(state, 'schedule', servers[0].id, requestId, { batch: servers.map((s) => s.id) })
      return servers
    })
    return { servers, handle: new TaskHandle(this.runtime, [requestId]) }
  }

  /** Runs the whole scheduling path for a create request without recording anything (`--dry-run`). */
  async planServers(req: CreateServerRequest): Promise<ScheduleResult & { spec: RequestSpec }> {
    checkName('server', req.name)
    const [{ checkPlacement }, { schedule }] = await Promise.all([import('./server-request.js'), import('../scheduler/scheduler.js')])
    const state = await this.store.read()
    const { flavor, image, placement, config } = this.resolve(state, req, checkPlacement)
    const networks = checkNetworks(state, req.networks ?? { kind: 'auto' }, placement.numInstances).map((n) => n.network)
    const spec = buildRequestSpec(state, flavor, image, { projectId: this.caller.projectId, ...placement, networks })
    return { ...schedule(state, spec, config), spec }
  }

  // The scheduler and the request checks load only for commands that create servers.
  private resolve(state: State, req: CreateServerRequest, checkPlacement: typeof import('./server-request.js').checkPlacement) {
    const config = schedulerConfig(state.config)
    const flavor = findOne('flavor', flavorsOf(state), req.flavor)
    const image = bootableImage(state, req.image, { flavor })
    placementRequest(flavor, image) // refuses malformed resources:/trait: extra specs now, not at build time
    const placement = checkPlacement(state, req.placement ?? { hints: {} }, config)
    return { flavor, image, placement, config }
  }

  /**
   * Deletes servers (allowed in any state but locked, as in Nova). The delete
   * runs after work already accepted for the server, which stops at its next
   * step; `force` cancels that queued work instead of letting it run first.
   */
  async deleteServers(refs: readonly string[], options: { force?: boolean } = {}): Promise<ActionResults> {
    return this.eachServer(refs, (state, server) => {
      const open = state.tasks.find((t) => t.kind === 'delete' && t.serverId === server.id && isOpen(t))
      if (open) return open.requestId
      const action = options.force ? 'force_delete' : 'delete'
      beginAction(server, action, nowIso())
      if (options.force) {
        for (const t of state.tasks) {
          if (t.status !== 'queued' || serversOf(t).length !== 1 || t.serverId !== server.id) continue
          finish(t, 'failed', 'Cancelled by a forced delete')
          eventFinish(state, t, 'Error', 'Cancelled by a forced delete')
        }
      }
      const requestId = recordAction(state, server.id, 'delete', this.caller).requestId
      enqueue(state, 'delete', server.id, requestId, { force: options.force ?? false })
      return requestId
    })
  }

  /** Accepts a power action (start, stop, reboot, pause, unpause, suspend, resume) for each server named. */
  async powerAction(refs: readonly string[], action: PowerAction): Promise<ActionResults> {
    return this.eachServer(refs, (state, server) => {
      beginAction(server, action, nowIso())
      const name = action.startsWith('reboot') ? 'reboot' : action
      const requestId = recordAction(state, server.id, name, this.caller).requestId
      if (action === 'reboot_soft' || action === 'reboot_hard') enqueue(state, 'reboot', server.id, requestId, { rebootType: action === 'reboot_soft' ? 'soft' : 'hard' })
      else enqueue(state, action, server.id, requestId, {})
      return requestId
    })
  }

  /** Rebuilds a server from an image (its own by default), optionally renaming it. */
  async rebuildServer(ref: string, options: RebuildOptions = {}): Promise<ActionResults> {
    return this.eachServer([ref], (state, server) => acceptRebuild(state, server, this.caller, options))
  }

  /** Snapshots a server into a new image (`server image create`); the image is queued at once. */
  async createServerImage(ref: string, name: string): Promise<ActionResults & { imageId: string }> {
    let imageId = ''
    const accepted = await this.eachServer([ref], (state, server) => {
      const { requestId, image } = acceptSnapshot(state, this.store.home, server, this.caller, name)
      imageId = image.id
      return requestId
    })
    return { ...accepted, imageId }
  }

  /** Rescues a server with an image (see acceptRescue for which one). */
  async rescueServer(ref: string, image?: string): Promise<ActionResults> {
    return this.eachServer([ref], (state, server) => acceptRescue(state, server, this.caller, image))
  }

  /** Resizes a server to a flavor (then confirm or revert). */
  async resizeServer(ref: string, flavor: string): Promise<ActionResults> {
    return this.eachServer([ref], (state, server) => acceptMove(state, server, this.caller, { flavor }))
  }

  /** Cold-migrates servers to another host, the scheduler's pick or `host` (then confirm or revert). */
  async migrateServers(refs: readonly string[], host?: string): Promise<ActionResults> {
    return this.eachServer(refs, (state, server) => acceptMove(state, server, this.caller, { ...(host ? { host } : {}) }))
  }

  /** Live-migrates servers to another host, the scheduler's pick or `host`: they keep running (Nova's live migration, with block migration). */
  async liveMigrateServers(refs: readonly string[], host?: string): Promise<ActionResults> {
    return this.eachServer(refs, (state, server) => acceptLiveMigrate(state, server, this.caller, { ...(host ? { host } : {}) }))
  }

  /** Evacuates servers from their dead host to another one, the scheduler's pick or `host` (Nova's evacuate). */
  async evacuateServers(refs: readonly string[], host?: string): Promise<ActionResults> {
    return this.eachServer(refs, (state, server) => acceptEvacuate(state, server, this.caller, { ...(host ? { host } : {}) }))
  }

  /**
   * Evacuates every server on a dead host (novaclient's host-evacuate): the
   * servers Nova would evacuate, each accepted or refused on its own.
   */
  async evacuateHost(hostRef: string, targetHost?: string): Promise<ActionResults> {
    const state = await this.store.read()
    const host = findOne('host', state.hosts, hostRef)
    if (serviceUp(host)) {
      throw new ConflictError(`Compute service of ${host.name} is still in use: only a host that is down can be evacuated`, `If ${host.name} is really dead, say so first: homenova compute service set ${host.name} --down`)
    }
    const ids = visibleServers(state).filter((s) => s.host === host.id).map((s) => s.id)
    return this.evacuateServers(ids, targetHost)
  }

  /** Shelves servers: snapshot, then free their hosts. */
  async shelveServers(refs: readonly string[]): Promise<ActionResults> {
    return this.eachServer(refs, (state, server) => acceptShelve(state, this.store.home, server, this.caller))
  }

  /** unrescue, confirm or revert a resize, unshelve. */
  async simpleAction(refs: readonly string[], action: 'unrescue' | 'confirm_resize' | 'revert_resize' | 'unshelve'): Promise<ActionResults> {
    return this.eachServer(refs, (state, server) => acceptSimple(state, server, this.caller, action))
  }

  /** Locks servers: every action but unlock is refused until then. */
  async lockServers(refs: readonly string[], reason?: string): Promise<ActionResults> {
    return this.eachServer(refs, (state, server) => {
      this.instant(state, server, 'lock')
      server.locked = true
      if (reason) server.lockedReason = reason
      else delete server.lockedReason
      return undefined
    })
  }

  /** Unlocks servers. */
  async unlockServers(refs: readonly string[]): Promise<ActionResults> {
    return this.eachServer(refs, (state, server) => {
      this.instant(state, server, 'unlock')
      server.locked = false
      delete server.lockedReason
      return undefined
    })
  }

  /** Changes a server's name, description or metadata (Nova's server update and metadata calls). */
  async updateServer(ref: string, update: ServerUpdate): Promise<Server> {
    if (update.name !== undefined) checkName('server', update.name)
    return this.store.transact((state) => {
      const server = findOne('server', visibleServers(state), ref)
      this.instant(state, server, 'update')
      if (update.name !== undefined) server.name = update.name
      if (update.description !== undefined) server.description = update.description
      checkProperties(update.properties ?? {}, server.properties, limitsOf(state, server.projectId).metadata_items)
      Object.assign(server.properties, update.properties ?? {})
      for (const key of update.unsetProperties ?? []) {
        if (!Object.hasOwn(server.properties, key)) throw new UserError(`Server ${server.name} has no property ${JSON.stringify(key)}`, { hint: 'See its properties with `homenova server show`.' })
        delete server.properties[key]
      }
      return server
    })
  }

  /**
   * Reads every host's domains now (one call per host) and reconciles power
   * states, as the conductor does periodically; `server list --refresh`.
   */
  async refreshPowerStates(): Promise<SyncReport> {
    const [{ syncPowerStates }, { DriverPool }] = await Promise.all([import('../compute/power-sync.js'), import('../conductor/driver-pool.js')])
    const pool = new DriverPool(this.drivers)
    try {
      return await syncPowerStates(this.store, pool, systemClock, { force: true })
    } finally {
      await pool.closeAll()
    }
  }

  /** The servers `filters` keep, newest first. */
  async listServers(filters: ServerFilters = {}): Promise<Server[]> {
    const state = await this.store.read()
    return newestFirst(filterServers(state, visibleServers(state), filters))
  }

  async showServer(ref: string): Promise<Server> {
    return findOne('server', visibleServers(await this.store.read()), ref)
  }

  /** The instance actions of a server, newest first (`server event list`). */
  async listEvents(ref: string): Promise<InstanceAction[]> {
    const state = await this.store.read()
    const server = findOne('server', state.servers.filter((s) => s.vmState !== 'deleted' || s.id === ref), ref)
    return state.actions.filter((a) => a.serverId === server.id).reverse()
  }

  /** One instance action with its events (`server event show`). */
  async showEvent(ref: string, requestId: string): Promise<InstanceAction> {
    const actions = await this.listEvents(ref)
    const found = actions.find((a) => a.requestId === requestId)
    if (!found) throw new UserError(`No action ${requestId} on server ${ref}`, { hint: `List them with \`homenova server event list ${ref}\`.` })
    return found
  }

  async consoleLog(ref: string, lines?: number): Promise<string> {
    const state = await this.store.read()
    const server = findOne('server', visibleServers(state), ref)
    const driver = await this.driverOf(state, server)
    try {
      const log = await driver.consoleLog(instanceRef(server))
      return lines === undefined ? log : log.split('\n').slice(-lines).join('\n')
    } finally {
      await driver.close()
    }
  }

  /**
   * A stream to a running server's SSH server, through its host (`server ssh`),
   * with who to log in as (the image's os_admin_user, else root) and the private
   * key file `keypair create --private-key` wrote for the server's key, if any.
   */
  async openGuestSsh(ref: string): Promise<GuestSsh> {
    const state = await this.store.read()
    const server = findOne('server', visibleServers(state), ref)
    if (server.vmState !== 'active' && server.vmState !== 'rescued') {
      throw new UserError(`Server ${server.name} is ${serverStatus(server)}: only a running guest can be logged into`, { hint: `Start it first: homenova server start ${server.name}` })
    }
    const image = state.images.find((i) => i.id === server.imageId)
    const keypair = state.keypairs.find((k) => k.name === server.keyName && k.userId === server.userId && k.publicKey === server.keyData)
    const { stream, close } = await this.openOnHost(state, server, (driver) => driver.openGuestSsh(instanceRef(server)), (s) => s.destroy())
    return { server, stream, close, login: image?.properties.os_admin_user ?? 'root', ...(keypair?.privateKeyFile ? { identityFile: keypair.privateKeyFile } : {}) }
  }

  /** The server's serial console, live (`console serial`); the session holds one connection to the host until closed. */
  async openSerialConsole(ref: string, options: { size: PtySize; force: boolean }): Promise<ConsoleSession> {
    return this.consoleSession(ref, (driver, instance) => driver.openSerialConsole(instance, options))
  }

  /** The console log's last `lines` lines and then what the guest prints next (`console log --follow`). */
  async followConsoleLog(ref: string, lines: number): Promise<ConsoleSession> {
    return this.consoleSession(ref, (driver, instance) => driver.followConsoleLog(instance, lines))
  }

  /**
   * A byte stream to a running server's display (RFB for VNC, or SPICE), through
   * its host, for `console vnc`, `console screenshot` and the browser proxy.
   */
  async openGraphics(ref: string, options: { check?: (server: Server, endpoint: GraphicsEndpoint) => void } = {}): Promise<GraphicsSession> {
    const state = await this.store.read()
    const server = findOne('server', visibleServers(state), ref)
    const open = async (driver: HypervisorDriver) => {
      // The browser proxy checks the display it was authorized for is still
      // there before connecting (Nova's validate_console_port), on the same connection.
      if (!options.check) return driver.openGraphics(instanceRef(server))
      const endpoint = await driver.graphicsEndpoint(instanceRef(server))
      options.check(server, endpoint)
      return driver.openGraphics(instanceRef(server), endpoint)
    }
    const { stream, close } = await this.openOnHost(state, server, open, (s) => s.stream.destroy())
    return { server, endpoint: stream.endpoint, stream: stream.stream, close }
  }

  /** Where a running server's display listens now, read through its host (for console tokens). */
  async graphicsEndpoint(ref: string): Promise<{ server: Server; endpoint: GraphicsEndpoint }> {
    const state = await this.store.read()
    const server = findOne('server', visibleServers(state), ref)
    const driver = await this.driverOf(state, server)
    try {
      return { server, endpoint: await driver.graphicsEndpoint(instanceRef(server)) }
    } finally {
      await driver.close()
    }
  }

  private async consoleSession(ref: string, open: (driver: HypervisorDriver, instance: InstanceRef) => Promise<RemoteStream>): Promise<ConsoleSession> {
    const state = await this.store.read()
    const server = findOne('server', visibleServers(state), ref)
    const { stream, close } = await this.openOnHost(state, server, (driver) => open(driver, instanceRef(server)), (s) => s.close())
    return { server, stream, close }
  }

  /** A driver for the host the server is on; the caller closes it. */
  private async driverOf(state: State, server: Server): Promise<HypervisorDriver> {
    const host = state.hosts.find((h) => h.id === server.host)
    if (!host) throw new UserError(`Server ${server.name} is not on any host (status ${serverStatus(server)})`, { hint: 'Its console and its guest exist once it has been built.' })
    return this.drivers(host)
  }

  /** A long-lived stream through the server's host: the host connection stays open with it, and closes at once if opening fails. */
  private async openOnHost<S>(state: State, server: Server, open: (driver: HypervisorDriver) => Promise<S>, end: (stream: S) => void): Promise<{ stream: S; close(): Promise<void> }> {
    const driver = await this.driverOf(state, server)
    try {
      const stream = await open(driver)
      return { stream, close: async () => (end(stream), await driver.close()) }
    } catch (err) {
      await driver.close()
      throw err
    }
  }

  // An action that is done as soon as it is accepted: checked against the table, recorded.
  private instant(state: State, server: Server, action: ServerAction): void {
    checkAction(server, action)
    server.updatedAt = nowIso()
    recordInstantAction(state, server.id, action, this.caller)
  }

  // Runs `accept` for each server named, each in its own transaction (one refusal does not stop the others).
  private async eachServer(refs: readonly string[], accept: (state: State, server: Server) => string | undefined): Promise<ActionResults> {
    const results: ActionResult[] = []
    const requests: string[] = []
    for (const ref of refs) {
      try {
        const { server, requestId } = await this.store.transact((state) => {
          const server = findOne('server', visibleServers(state), ref)
          const requestId = accept(state, server)
          return { server: structuredClone(server), requestId }
        })
        results.push({ ref, server })
        if (requestId) requests.push(requestId)
      } catch (err) {
        if (!(err instanceof UserError)) throw err
        results.push({ ref, error: err })
      }
    }
    return { results, handle: new TaskHandle(this.runtime, requests) }
  }
}

function uniqueServerId(state: State): string {
  // Domain names use the first 8 hex digits of the UUID; keep them unique per store.
  for (;;) {
    const id = randomUUID()
    if (!state.servers.some((s) => s.id.slice(0, 8) === id.slice(0, 8))) return id
  }
}
