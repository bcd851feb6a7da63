// Prints how builds run in parallel. Fake hosts, in this process: 500 builds
// over 10 simulated hosts with the default conductor (conductor_workers 16,
// max_concurrent_builds 10), and fewer builds with conductor_workers 1 for the
// serial comparison (the old serial conductor: 500 builds in 2 min 20 s, 0.28 s
// each). The fake driver sleeps 80-200 ms per spawn on purpose, so the speed-up
// is the figure that matters. Real hosts (root only): the three sshd + libvirt
// hosts of scripts/real-hosts/up.sh driven by the built CLI; one boot, then six
// in one request, image cached. Target: six boots take at most twice one boot.
// Run: npm run bench:boots (BUILDS, SERIAL_BUILDS, REAL_RUNS tune it; PARTS=fake or
// PARTS=real runs one part)
import { execFile } from 'node:child_process'
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { createServices } from '../src/core/services.js'
import type { State } from '../src/core/store/schema.js'
import type { RealHost } from '../test/e2e/real-hosts.js'

const BUILDS = Number(process.env.BUILDS ?? 500)
const SERIAL_BUILDS = Number(process.env.SERIAL_BUILDS ?? 100)
const FAKE_HOSTS = 10
const REAL_RUNS = Number(process.env.REAL_RUNS ?? 3)
const TARGET_RATIO = 2.0
const PARTS = (process.env.PARTS ?? 'fake,real').split(',')
// npm runs scripts from the repository root.
const REPO = process.cwd()

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9
const fmt = (s: number) => `${s.toFixed(2)} s`
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`
const countBy = (xs: string[]) => [...xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>())].sort().map(([k, n]) => `${k}:${n}`).join(' ')

/** One timed create request of `count` m1.tiny servers over fresh fake hosts. */
interface FakeRun {
  builds: number
  workers: string
  wall: number
  active: number
  storeBytes: number
  /** Store transactions committed while the request ran (the state's generation went up by this much). */
  transactions: number
  spread: string
}

async function fakeRun(count: number, workers?: number): Promise<FakeRun> {
  const home = mkdtempSync(join(tmpdir(), 'bench-boots-'))
  try {
    const services = createServices(home)
    for (let i = 1; i <= FAKE_HOSTS; i++) {
      await services.hosts.add({ name: `sim${i}`, driver: 'fake', fake: { vcpus: 64, memoryMb: 131072, diskGb: 2000, properties: {} } }, { trustOnFirstUse: false })
    }
    const file = join(home, 'disk.raw')
    writeFileSync(file, Buffer.alloc(1024 * 1024))
    const image = await services.images.create('tiny', file)
    if (workers !== undefined) await services.config.set('conductor_workers', String(workers))
    const config = await services.config.show()
    const generation = (await services.store.read()).generation
    const start = process.hrtime.bigint()
    const { handle } = await services.compute.createServers({ name: 'b', flavor: 'm1.tiny', image: image.id, placement: { hints: {}, max: count } })
    await handle.wait()
    const wall = seconds(start)
    const state = await services.store.read()
    const active = state.servers.filter((s) => s.vmState === 'active').length
    const hostName = new Map(state.hosts.map((h) => [h.id, h.name]))
    return {
      builds: count,
      workers: `${config.conductor_workers} worker${config.conductor_workers === 1 ? '' : 's'}, ${config.max_concurrent_builds} per host`,
      wall,
      active,
      storeBytes: statSync(services.store.path).size,
      transactions: state.generation - generation,
      spread: countBy(state.servers.map((s) => hostName.get(s.host ?? '') ?? 'none')),
    }
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}

function fakeRow(label: string, r: FakeRun): string {
  return `  ${label.padEnd(34)} ${String(r.builds).padStart(5)} ${fmt(r.wall).padStart(9)} ${(r.builds / r.wall).toFixed(1).padStart(9)} ${`${((r.wall / r.builds) * 1000).toFixed(0)} ms`.padStart(9)} ${`${r.active}/${r.builds}`.padStart(9)} ${(r.transactions / r.builds).toFixed(1).padStart(9)}`
}

async function fakeHosts(): Promise<void> {
  console.log(`Fake hosts: ${FAKE_HOSTS} simulated hosts in this process, m1.tiny, one create request (--max N), wall time to every server ACTIVE`)
  const parallel = await fakeRun(BUILDS)
  const parallelSmall = await fakeRun(SERIAL_BUILDS)
  const serial = await fakeRun(SERIAL_BUILDS, 1)
  const per = (r: FakeRun) => r.wall / r.builds
  console.log(`  ${'conductor'.padEnd(34)} ${'builds'.padStart(5)} ${'wall'.padStart(9)} ${'builds/s'.padStart(9)} ${'per build'.padStart(9)} ${'ACTIVE'.padStart(9)} ${'tx/build'.padStart(9)}`)
  console.log(fakeRow(`parallel (${parallel.workers})`, parallel))
  console.log(fakeRow(`parallel (${parallelSmall.workers})`, parallelSmall))
  console.log(fakeRow(`serial (${serial.workers})`, serial))
  console.log(`  the serial run has ${SERIAL_BUILDS} builds (not ${BUILDS}) to keep the bench short; at its pace ${BUILDS} would take ${fmt(per(serial) * BUILDS)} (more in fact: each transaction costs more as the store grows)`)
  console.log(`  parallel vs serial, ${SERIAL_BUILDS} builds each: ${(per(serial) / per(parallelSmall)).toFixed(1)}x faster per build`)
  console.log(`  parallel, ${BUILDS} builds, vs the old serial conductor (0.28 s per build, 2 min 20 s for 500): ${(0.28 / per(parallel)).toFixed(2)}x ${per(parallel) < 0.28 ? 'faster' : '(slower)'}`)
  console.log(`  store (state.json) at the end: ${mib(parallel.storeBytes)} after ${parallel.builds} builds, ${mib(parallelSmall.storeBytes)} after ${parallelSmall.builds}`)
  console.log(`  servers per host (${parallel.builds} builds): ${parallel.spread}`)
  console.log('  tx/build: store transactions committed per build; each one reads, validates and rewrites the whole state file')
  if ([parallel, parallelSmall, serial].some((r) => r.active !== r.builds)) console.log('  WARNING: not every build ended ACTIVE')
}

// --- real hosts ------------------------------------------------------------------------------

const exec = promisify(execFile)

// real-hosts.ts finds up.sh and .e2e from its own location, so it is loaded from
// source (through tsx) rather than from its compiled copy under .bench/.
type RealHostsModule = typeof import('../test/e2e/real-hosts.js')
const realHostsModule = async (): Promise<RealHostsModule> => {
  const { tsImport } = await import('tsx/esm/api')
  return (await tsImport(resolve(REPO, 'test/e2e/real-hosts.ts'), import.meta.url)) as RealHostsModule
}
let onHost: RealHostsModule['onHost']

/** What one CLI command did. */
interface CliRun {
  ok: boolean
  wall: number
  out: string
}

// Every CLI command of the real-host part and its output, for a look after the run.
const LOG = join(tmpdir(), `homenova-bench-boots-${new Date().toISOString().replace(/[:.]/g, '-')}.log`)

/** A private copy of the built CLI (bin, dist, manifest): others may rebuild dist/ while the bench runs. */
function snapshotCli(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-boots-cli-'))
  for (const f of ['bin', 'dist', 'package.json', 'oclif.manifest.json']) cpSync(join(REPO, f), join(dir, f), { recursive: true })
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'))
  // The bundle's entry, registry and every chunk the registry imports.
  const registry = join(dir, 'dist/commands.js')
  const chunks = existsSync(registry) ? [...readFileSync(registry, 'utf8').matchAll(/"\.\/(chunks\/[^"]+\.js)"/g)].map((m) => join('dist', m[1])) : []
  const missing = ['dist/main.js', 'dist/commands.js', 'oclif.manifest.json', ...chunks].filter((p) => !existsSync(join(dir, p)))
  if (missing.length > 0) throw new Error(`dist/ is incomplete (being rebuilt?): ${missing.slice(0, 3).join(', ')} missing; run the bench again`)
  return join(dir, 'bin/run.js')
}
let bin = ''

/** Runs the built CLI in `home`, timed, logging the command and its output. */
async function run(home: string, ...args: string[]): Promise<CliRun> {
  const start = process.hrtime.bigint()
  const result = await exec('node', [bin, ...args], { env: { ...process.env, HOMENOVA_HOME: home }, maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ ok: true, out: stdout + stderr }),
    (err: { stdout?: string; stderr?: string; message: string }) => ({ ok: false, out: `${err.stdout ?? ''}${err.stderr || err.message}` }),
  )
  const wall = seconds(start)
  appendFileSync(LOG, `$ homenova ${args.join(' ')}   (${fmt(wall)}, ${result.ok ? 'ok' : 'FAILED'})\n${result.out}\n`)
  return { ...result, wall }
}

/** Runs the built CLI; throws with its output if it fails. */
async function cli(home: string, ...args: string[]): Promise<string> {
  const r = await run(home, ...args)
  if (!r.ok) throw new Error(`homenova ${args.join(' ')} failed: ${r.out}`)
  return r.out
}

interface ServerRow {
  name: string
  host: string | null
  status: string
  instance_name: string
}

/** Deletes every server in `home` in one command, and checks with virsh over OpenSSH that none of their domains is left. */
async function deleteAll(home: string, hosts: RealHost[]): Promise<void> {
  const servers = JSON.parse(await cli(home, 'server', 'list', '--json')) as ServerRow[]
  if (servers.length > 0) await cli(home, 'server', 'delete', ...servers.map((s) => s.name), '--wait')
  const left = JSON.parse(await cli(home, 'server', 'list', '--json')) as ServerRow[]
  if (left.length > 0) throw new Error(`servers left after delete: ${left.map((s) => `${s.name} (${s.status})`).join(', ')}`)
  const ours = new Set(servers.map((s) => s.instance_name))
  for (const h of hosts) {
    const domains = onHost(h, 'virsh -q -c qemu:///session list --all --name').split('\n').map((d) => d.trim())
    const stale = domains.filter((d) => ours.has(d))
    if (stale.length > 0) throw new Error(`domains of the bench still defined on ${h.name}: ${stale.join(', ')}`)
  }
}

const hostArgs = (h: RealHost) => ['--address', h.address, '--port', String(h.port), '--user', h.user, '--identity', h.identity, '--uri', h.uri, '--virt-type', h.virtType]

/** One round: a home with the three hosts, then the two timed creates. */
interface RealRun {
  one: CliRun
  six: CliRun
  /** Where the six servers ended, e.g. "e2e1:2 e2e2:2 e2e3:2". */
  spread: string
  /** Things that make the figures not what the target means, e.g. reschedules. */
  notes: string[]
}

const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0

async function realRound(hosts: RealHost[], image: string): Promise<RealRun> {
  // A fresh home each round: no failed-build counts (BuildFailureWeigher) carried over from an earlier round.
  const home = mkdtempSync(join(tmpdir(), 'bench-boots-real-'))
  let cleaned = false
  try {
    for (const h of hosts) await cli(home, 'host', 'add', h.name, ...hostArgs(h))
    await cli(home, 'image', 'create', 'tiny', '--file', image)
    // Not timed: one boot per host puts the base image in its cache (kept from
    // earlier rounds, the same file) and gives each host its power-state sync.
    for (const h of hosts) await cli(home, 'server', 'create', `warm-${h.name}`, '--flavor', 'm1.tiny', '--image', 'tiny', '--host', h.name, '--wait')
    await deleteAll(home, hosts)
    const one = await run(home, 'server', 'create', 'x', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    const six = await run(home, 'server', 'create', 'y', '--flavor', 'm1.tiny', '--image', 'tiny', '--max', '6', '--wait')
    const servers = JSON.parse(await cli(home, 'server', 'list', '--json')) as ServerRow[]
    const ys = servers.filter((s) => s.name.startsWith('y-'))
    const notes: string[] = []
    const both = one.out + six.out
    if (!one.ok || !six.ok) notes.push(`FAILED: ${servers.filter((s) => s.status !== 'ACTIVE').map((s) => `${s.name} ${s.status}`).join(', ')}`)
    if (count(both, /rescheduled to/g) > 0) notes.push(`${count(both, /rescheduled to/g)} reschedules`)
    if (count(both, /image copied on/g) > 0) notes.push(`image copied ${count(both, /image copied on/g)} times (not cached)`)
    // Why builds were rescheduled: the failed attempts' errors, from the bench's own state file.
    const failures = (JSON.parse(readFileSync(join(home, 'state.json'), 'utf8')) as State).tasks.flatMap((t) => t.steps.filter((st) => st.name === 'failed').map((st) => st.detail ?? ''))
    const vnc = failures.filter((f) => f.includes('Failed to find an available port')).length
    if (vnc > 0) notes.push(`${vnc} of ${failures.length} failed attempts: VNC port in use`)
    await deleteAll(home, hosts)
    cleaned = true
    return { one, six, spread: countBy(ys.map((s) => s.host ?? 'none')), notes }
  } finally {
    // After a failure: delete what is left; a home whose servers could not be deleted is kept, so they can be.
    await (cleaned ? Promise.resolve() : deleteAll(home, hosts)).then(
      () => rmSync(home, { recursive: true, force: true }),
      (err: Error) => console.log(`  cleanup failed (HOMENOVA_HOME=${home} kept): ${err.message}`),
    )
  }
}

async function realHostsBench(): Promise<void> {
  console.log(`\nReal hosts: sshd + libvirt qemu:///session (TCG) on loopback, all on this machine (${cpus().length} CPUs), the built CLI, image cached on every host`)
  const mod = await realHostsModule()
  onHost = mod.onHost
  const { hosts: all, image } = mod.realHosts()
  const hosts = all.slice(0, 3)
  if (hosts.length < 3) throw new Error(`scripts/real-hosts/up.sh made ${hosts.length} hosts; the bench needs 3`)
  bin = snapshotCli()
  try {
    await realRuns(hosts, image)
  } finally {
    rmSync(resolve(bin, '../..'), { recursive: true, force: true })
  }
}

async function realRuns(hosts: RealHost[], image: string): Promise<void> {
  console.log(`  ${'run'.padEnd(5)} ${'1 boot'.padStart(9)} ${'6 boots'.padStart(9)} ${'ratio'.padStart(7)}  ${`verdict (<= ${TARGET_RATIO.toFixed(1)}x)`.padEnd(18)} ${'6 boots per host'.padEnd(22)} notes`)
  const runs: RealRun[] = []
  for (let i = 1; i <= REAL_RUNS; i++) {
    const r = await realRound(hosts, image)
    runs.push(r)
    const ratio = r.six.wall / r.one.wall
    const verdict = r.one.ok && r.six.ok ? (ratio <= TARGET_RATIO ? 'meets target' : 'MISSES target') : 'FAILED'
    console.log(`  ${String(i).padEnd(5)} ${fmt(r.one.wall).padStart(9)} ${fmt(r.six.wall).padStart(9)} ${`${ratio.toFixed(2)}x`.padStart(7)}  ${verdict.padEnd(18)} ${r.spread.padEnd(22)} ${r.notes.join('; ')}`)
  }
  const range = (xs: number[], f: (x: number) => string) => `${f(Math.min(...xs))} - ${f(Math.max(...xs))}`
  const ratios = runs.map((r) => r.six.wall / r.one.wall)
  const good = runs.map((r, i) => r.one.ok && r.six.ok && ratios[i] <= TARGET_RATIO)
  console.log(`  range over ${runs.length} runs: 1 boot ${range(runs.map((r) => r.one.wall), fmt)}, 6 boots ${range(runs.map((r) => r.six.wall), fmt)}, ratio ${range(ratios, (x) => `${x.toFixed(2)}x`)}`)
  console.log(`  verdict: ${good.every(Boolean) ? 'meets' : good.some(Boolean) ? `meets in ${good.filter(Boolean).length} of ${runs.length} runs, so misses` : 'misses'} the target (6 boots in one request <= ${TARGET_RATIO}x one boot)`)
  console.log('  each time is one `server create ... --wait` (CLI start-up included); every bench domain was deleted and checked gone with virsh after each run')
  console.log(`  every command and its output: ${LOG}`)
}

if (PARTS.includes('fake')) await fakeHosts()
if (!PARTS.includes('real')) console.log('\nReal hosts: skipped (PARTS)')
else if (process.getuid?.() === 0) {
  await realHostsBench().catch((err: Error) => {
    // e.g. a run of another checkout's up.sh took the hosts' ports over (it stops sshds listening there).
    console.log(`  the real-host part failed: ${err.message.trim()}\n  every command and its output: ${LOG}`)
    process.exitCode = 1
  })
}
else console.log('\nReal hosts: skipped; that part makes real hosts (unix users, sshd, libvirt) and needs root: run `npm run bench:boots` as root.')
