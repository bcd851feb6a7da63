// Prints cold start-up times of the built CLI as medians of several runs:
// `homenova --help` and `homenova server list --json` with 100 servers in the
// store. Targets (issue 2): 0.2 s and 0.25 s. Run: npm run bench:startup
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Store } from '../src/core/store/store.js'
import { defaultFlavors } from '../src/core/model/flavors.js'
import { makeInventory } from '../src/core/model/placement.js'

// npm runs scripts from the repository root.
const BIN = resolve(process.cwd(), 'bin/run.js')
const RUNS = Number(process.env.RUNS ?? 11)

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function time(args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint()
  execFileSync('node', [BIN, ...args], { env: { ...process.env, ...env }, stdio: 'ignore' })
  return Number(process.hrtime.bigint() - start) / 1e9
}

async function storeWith100Servers(): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'bench-startup-'))
  const store = new Store(home)
  await store.transact((state) => {
    const flavor = defaultFlavors()[0]
    const now = new Date().toISOString()
    state.hosts.push({
      id: 'h1', name: 'sim1', driver: 'fake', connection: { kind: 'fake' }, uri: 'qemu:///system', virtType: 'qemu', instancesDir: '/x', status: 'up', enabled: true,
      inventory: { VCPU: makeInventory('VCPU', 64), MEMORY_MB: makeInventory('MEMORY_MB', 262144, 512), DISK_GB: makeInventory('DISK_GB', 4000) },
      facts: {}, traits: [], networks: [{ name: 'user', type: 'user', active: true }], failedBuilds: 0, createdAt: now, updatedAt: now,
    })
    for (let i = 0; i < 100; i++) {
      const id = `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`
      state.servers.push({ id, name: `vm-${i}`, vmState: 'active', taskState: null, powerState: 1, host: 'h1', domainName: `instance-${id.slice(0, 8)}`, flavor, imageId: 'img', projectId: 'admin', userId: 'admin', availabilityZone: null, properties: {}, description: null, locked: false, hostname: `vm-${i}`, keyName: null, keyData: null, userData: null, files: [], configDrive: false, launchIndex: 0, nics: [], addresses: {}, createdAt: now, updatedAt: now })
      state.allocations.push({ consumerId: id, providerId: 'h1', resources: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 } })
    }
  })
  writeFileSync(join(home, 'README'), 'benchmark store\n')
  return home
}

const home = await storeWith100Servers()
const env = { HOMENOVA_HOME: home }
time(['--help'], env) // warm the file cache once, as any second run of a CLI would be
const help = Array.from({ length: RUNS }, () => time(['--help'], env))
const list = Array.from({ length: RUNS }, () => time(['server', 'list', '--json'], env))
const bare = Array.from({ length: RUNS }, () => {
  const start = process.hrtime.bigint()
  execFileSync('node', ['-e', '0'])
  return Number(process.hrtime.bigint() - start) / 1e9
})
console.log(`runs per figure: ${RUNS} (median)`)
console.log(`bare node -e 0:                      ${median(bare).toFixed(3)} s`)
console.log(`homenova --help:                     ${median(help).toFixed(3)} s  (target 0.200 s)`)
console.log(`homenova server list --json (100):   ${median(list).toFixed(3)} s  (target 0.250 s)`)
