// The control plane for one homenova home, wired together. Commands and the
// dashboard create this once and call its APIs; nothing else builds services.
import { AggregateApi } from './api/aggregate-api.js'
import { ComputeApi } from './api/compute-api.js'
import { ConfigApi } from './api/config-api.js'
import { ConsoleAuthApi } from './console/auth/console-auth-api.js'
import { PlacementApi } from './api/placement-api.js'
import { ServerGroupApi } from './api/server-group-api.js'
import { FlavorApi } from './api/flavor-api.js'
import { HostApi } from './api/host-api.js'
import { ImageApi } from './api/image-api.js'
import { KeypairApi } from './api/keypair-api.js'
import { NetworkApi } from './api/network-api.js'
import { QuotaApi } from './api/quota-api.js'
import { storeFakeBackend } from './compute/fake-backend.js'
import type { Caller } from './api/caller.js'
import { Conductor, type ConductorOptions } from './conductor/conductor.js'
import type { TaskRuntime } from './conductor/task-handle.js'
import { homePaths } from './paths.js'
import { Store } from './store/store.js'
import type { DriverFactory } from '../hypervisor/driver.js'
import { driverFactory } from '../hypervisor/factory.js'

/** Every API of the control plane over one store. */
export interface Services {
  store: Store
  drivers: DriverFactory
  hosts: HostApi
  flavors: FlavorApi
  images: ImageApi
  compute: ComputeApi
  aggregates: AggregateApi
  serverGroups: ServerGroupApi
  keypairs: KeypairApi
  networks: NetworkApi
  quotas: QuotaApi
  placement: PlacementApi
  config: ConfigApi
  /** Console URLs and their one-time tokens (Nova's consoleauth). */
  consoles: ConsoleAuthApi
  conductor: (options?: ConductorOptions) => Conductor
}

/** How a face sets up the control plane. */
export interface ServiceOptions {
  /** Who calls (default: the local admin). */
  caller?: Caller
  /** Starts a background conductor for work a caller does not wait for. */
  launchBackground?: () => void
  /** Conductor settings every conductor of these services uses (tests: a clock, hooks). */
  conductor?: ConductorOptions
}

/** Builds the services for a homenova home directory. */
export function createServices(home: string, options: ServiceOptions = {}): Services {
  const store = new Store(home)
  const drivers = driverFactory({ knownHostsPath: homePaths(home).knownHosts, fakeBackend: storeFakeBackend(store) })
  const conductor = (extra: ConductorOptions = {}) => new Conductor(store, drivers, { ...options.conductor, ...extra })
  const runtime: TaskRuntime = { store, conductor, launchBackground: options.launchBackground }
  const compute = new ComputeApi(store, drivers, runtime, options.caller)
  return {
    store,
    drivers,
    hosts: new HostApi(store, drivers),
    flavors: new FlavorApi(store),
    images: new ImageApi(store),
    compute,
    consoles: new ConsoleAuthApi(store, compute),
    aggregates: new AggregateApi(store),
    serverGroups: new ServerGroupApi(store),
    keypairs: new KeypairApi(store, options.caller),
    networks: new NetworkApi(store),
    quotas: new QuotaApi(store, options.caller),
    placement: new PlacementApi(store),
    config: new ConfigApi(store),
    conductor,
  }
}
