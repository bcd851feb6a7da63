// Builders for scheduler tests: hosts, host states and request specs with
// sensible defaults, overridden per test the way Nova's tests use FakeHostState.
import { defaultFlavors } from '../../src/core/model/flavors.js'
import { makeInventory } from '../../src/core/model/placement.js'
import { SCHEDULER_DEFAULTS, type SchedulerConfig } from '../../src/core/scheduler/config.js'
import { hostStates, type HostState } from '../../src/core/scheduler/host-state.js'
import { requestFor, type RequestSpec } from '../../src/core/scheduler/request.js'
import { emptyState } from '../../src/core/store/constants.js'
import type { Aggregate, Flavor, Host, State } from '../../src/core/store/schema.js'

/** A fake host record; `vcpus`, `ramMb`, `diskGb` set its inventory. */
export function makeHost(name: string, opts: { vcpus?: number; ramMb?: number; diskGb?: number } & Partial<Host> = {}): Host {
  const { vcpus = 8, ramMb = 16384, diskGb = 500, ...rest } = opts
  return {
    id: `id-${name}`,
    name,
    driver: 'fake',
    connection: { kind: 'fake' },
    uri: 'qemu:///system',
    virtType: 'qemu',
    instancesDir: '/x',
    status: 'up',
    enabled: true,
    inventory: { VCPU: makeInventory('VCPU', vcpus), MEMORY_MB: makeInventory('MEMORY_MB', ramMb, 512), DISK_GB: makeInventory('DISK_GB', diskGb) },
    facts: {},
    traits: [],
    networks: [{ name: 'user', type: 'user', active: true }],
    failedBuilds: 0,
    createdAt: '',
    updatedAt: '',
    ...rest,
  }
}

/** A state holding these hosts (and whatever else the test pushes into it). */
export function stateWith(...hosts: Host[]): State {
  return { ...emptyState(), hosts }
}

/** An aggregate over the given hosts. */
export function makeAggregate(name: string, hosts: Host[], metadata: Record<string, string> = {}): Aggregate {
  return { id: `agg-${name}`, name, hostIds: hosts.map((h) => h.id), metadata, createdAt: '' }
}

/** The HostState of one host, as the scheduler builds it (optionally in a given state), then overridden. */
export function makeHostState(host: Host = makeHost('host1'), overrides: Partial<HostState> = {}, state: State = stateWith(host)): HostState {
  const hs = hostStates(state).find((h) => h.host.id === host.id)
  if (!hs) throw new Error(`host ${host.name} is not in the state`)
  return Object.assign(hs, overrides)
}

/** A default flavor by name (m1.tiny ... m1.xlarge), optionally with extra specs. */
export function flavor(name = 'm1.tiny', extraSpecs: Record<string, string> = {}): Flavor {
  const f = defaultFlavors().find((x) => x.name === name)
  if (!f) throw new Error(`no flavor ${name}`)
  return { ...f, extraSpecs }
}

/** A request spec for one instance of m1.tiny unless overridden. */
export function makeSpec(overrides: Partial<RequestSpec> = {}): RequestSpec {
  return requestFor(overrides.flavor ?? flavor(), overrides)
}

/** Nova's scheduler defaults, overridden. */
export function makeConfig(overrides: Partial<SchedulerConfig> = {}): SchedulerConfig {
  return { ...SCHEDULER_DEFAULTS, ...overrides }
}
