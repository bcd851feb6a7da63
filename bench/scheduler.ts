// Prints how long the filter scheduler takes per request and per host, as the
// median of several runs: one instance over 10, 100, 1,000 and 10,000 hosts,
// and a 50-instance request over 1,000 hosts, with Nova's default filters and
// every weigher. The time covers building host states from the store's state
// (allocations, servers, aggregates) as well as filtering and weighing.
// Nova (Zed, same defaults, a machine like ours): 44-94 us per host per request;
// 107 ms for one instance over 1,000 hosts; 2.1 s over 10,000; 1.75 s for 50
// instances over 1,000. Target: at least 20x faster per host.
// Run: npm run bench:scheduler (compiled JS under node --expose-gc, so earlier garbage is
// collected before timing; tsx adds overhead of its own)
import { defaultFlavors } from '../src/core/model/flavors.js'
import { makeInventory } from '../src/core/model/placement.js'
import { SCHEDULER_DEFAULTS, type SchedulerConfig } from '../src/core/scheduler/config.js'
import { FILTERS } from '../src/core/scheduler/filters/index.js'
import { requestFor } from '../src/core/scheduler/request.js'
import { schedule } from '../src/core/scheduler/scheduler.js'
import { emptyState } from '../src/core/store/constants.js'
import type { State } from '../src/core/store/schema.js'

const RUNS = Number(process.env.RUNS ?? 15)
const WARMUP = 5
const SERVERS_PER_HOST = 4

/** A cloud of `n` hosts of mixed sizes, each already running a few servers, some hosts in zones. */
export function cloud(n: number): State {
  const state = emptyState()
  const flavor = defaultFlavors()[1]
  for (let i = 0; i < n; i++) {
    const id = `host-${i}`
    const big = i % 3 === 0
    state.hosts.push({
      id, name: `node${i}`, driver: 'fake', connection: { kind: 'fake' }, uri: 'qemu:///system', virtType: 'kvm', instancesDir: '/x',
      status: i % 50 === 7 ? 'down' : 'up', enabled: i % 97 !== 3,
      inventory: { VCPU: makeInventory('VCPU', big ? 64 : 32), MEMORY_MB: makeInventory('MEMORY_MB', big ? 262144 : 131072, 512), DISK_GB: makeInventory('DISK_GB', big ? 4000 : 2000) },
      facts: { arch: 'x86_64', hypervisorType: 'QEMU', hypervisorVersion: 7002000, cpuModel: 'EPYC', cpuFeatures: 'sse4.2,avx2,aes' },
      traits: ['COMPUTE_NODE', 'HW_ARCH_X86_64'], networks: [{ name: 'user', type: 'user', active: true }], failedBuilds: i % 211 === 5 ? 1 : 0, createdAt: '', updatedAt: '',
    })
    for (let k = 0; k < SERVERS_PER_HOST; k++) {
      const sid = `srv-${i}-${k}`
      state.servers.push({ id: sid, name: sid, vmState: 'active', taskState: null, powerState: 1, host: id, domainName: sid, flavor, imageId: 'img', projectId: 'admin', userId: 'admin', availabilityZone: null, properties: {}, description: null, locked: false, hostname: sid, keyName: null, keyData: null, userData: null, files: [], configDrive: false, launchIndex: 0, nics: [], addresses: {}, createdAt: '', updatedAt: '' })
      state.allocations.push({ consumerId: sid, providerId: id, resources: { VCPU: 1, MEMORY_MB: 2048 * ((i + k) % 4), DISK_GB: 20 } })
    }
  }
  for (let z = 0; z < Math.min(10, Math.ceil(n / 100)); z++) {
    state.aggregates.push({ id: `agg-${z}`, name: `rack${z}`, hostIds: state.hosts.filter((_, i) => i % 10 === z).map((h) => h.id), metadata: { availability_zone: `az${z % 3}` }, createdAt: '' })
  }
  return state
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function measure(state: State, numInstances: number, config: SchedulerConfig, explain: boolean): number {
  const spec = requestFor({ ...defaultFlavors()[1], extraSpecs: { 'capabilities:cpu_info:arch': 'x86_64' } }, {
    numInstances,
    image: { id: 'img', properties: { hw_architecture: 'x86_64', img_hv_type: 'qemu' } },
  })
  // Warm up: the first calls run unoptimized code; a long-running conductor's would not.
  for (let w = 0; w < WARMUP; w++) schedule(state, spec, config, { explain })
  // Collect garbage left by building the cloud, so it is not charged to the scheduler.
  ;(globalThis as { gc?: () => void }).gc?.()
  const times: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const start = process.hrtime.bigint()
    const result = schedule(state, spec, config, { explain })
    times.push(Number(process.hrtime.bigint() - start) / 1e6)
    if (result.selections.length !== numInstances) throw new Error(`placed ${result.selections.length} of ${numInstances}: ${result.failure}`)
  }
  return median(times)
}

const everyFilter = { ...SCHEDULER_DEFAULTS, enabled_filters: Object.keys(FILTERS).filter((f) => f !== 'AvailabilityZoneFilter') }
if (import.meta.url === `file://${process.argv[1]}`) main()

function main(): void {
const configs: Array<[string, SchedulerConfig, boolean]> = [
  ["Nova's default filters, all weighers (what a build runs)", SCHEDULER_DEFAULTS, false],
  ["Nova's default filters, all weighers, explaining every host (--dry-run)", SCHEDULER_DEFAULTS, true],
  ['every filter enabled, all weighers', everyFilter, false],
]
console.log(`median of ${RUNS} runs; each host already runs ${SERVERS_PER_HOST} servers`)
for (const [label, config, explain] of configs) {
  console.log(`\n${label}:`)
  for (const [hosts, instances, nova] of [[10, 1, 0], [100, 1, 0], [1000, 1, 107], [10000, 1, 2100], [1000, 50, 1750]] as const) {
    const ms = measure(cloud(hosts), instances, config, explain)
    const perHost = (ms * 1000) / hosts / instances
    const vsNova = nova ? `  (Nova ${nova} ms: ${(nova / ms).toFixed(0)}x faster)` : ''
    console.log(`  ${String(instances).padStart(2)} instance(s) over ${String(hosts).padStart(5)} hosts: ${ms.toFixed(2).padStart(8)} ms, ${perHost.toFixed(2).padStart(6)} us per host per instance${vsNova}`)
  }
}
}
