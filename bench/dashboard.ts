// Drives the real `homenova dashboard` in a pseudo-terminal with 10,000
// servers in the store and prints: the first frame's time (from the command's
// start until the table shows), keypress-to-updated-frame latency (cursor
// moves and a filter typed), the dashboard process's memory (RSS), how soon a
// change committed by another process shows (and a key pressed meanwhile).
// Targets (issue 9): first frame under 0.6 s, keypress to frame within
// 33 ms, memory under 150 MB. Run: npm run bench:dashboard. It prints the
// load average: on a busy 2-core machine the wall-clock figures are mostly
// waiting for a core, so each comes with the dashboard's CPU time too (the
// CPU per key includes the clock's once-a-second redraw during the pauses).
//
// The terminal is util-linux `script` (a real pty, as `console serial`'s
// tests use); what the dashboard writes is fed to @xterm/headless, and a
// frame counts as shown when the emulated screen shows it.
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import xterm from '@xterm/headless'
import { createServices } from '../src/core/services.js'
import { Store } from '../src/core/store/store.js'
import type { State } from '../src/core/store/schema.js'

const BIN = resolve(process.cwd(), 'bin/run.js') // npm runs scripts from the repository root
const SERVERS = Number(process.env.SERVERS ?? 10_000)
const HOSTS = 20
const COLS = 120
const ROWS = 40
const MOVES = Number(process.env.MOVES ?? 60)

/** A home with HOSTS fake hosts and SERVERS running servers: one real boot, then copies of it (ids, names, claims, domains, create actions, request specs). */
async function bigCloud(): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'bench-dashboard-'))
  const services = createServices(home)
  for (let i = 1; i <= HOSTS; i++) await services.hosts.add({ name: `sim${String(i).padStart(2, '0')}`, driver: 'fake', fake: { vcpus: 256, memoryMb: 1_048_576, diskGb: 50_000, properties: {} } }, { trustOnFirstUse: false })
  const image = join(home, 'disk.raw')
  writeFileSync(image, Buffer.alloc(1024 * 1024))
  await services.images.create('tiny', image)
  await (await services.compute.createServers({ name: 'seed', flavor: 'm1.tiny', image: 'tiny' })).handle.wait()
  await services.store.transact((state: State) => {
    const seed = state.servers[0]
    const allocation = state.allocations.find((a) => a.consumerId === seed.id)
    const domain = state.fakeDomains.find((d) => d.name === seed.domainName)
    const action = state.actions.find((a) => a.serverId === seed.id)
    const spec = state.requestSpecs.find((r) => r.instanceId === seed.id)
    if (!allocation || !domain || !action || !spec) throw new Error('the seed server did not boot')
    state.servers = []
    state.allocations = []
    state.fakeDomains = []
    // Each server keeps what Nova keeps of its boot: its create action (with its events) and its request spec.
    state.actions = []
    state.requestSpecs = []
    // Copies as a cloud's servers differ: each booted a millisecond after the last, with a MAC of
    // its own (copies sharing one text would flatter any reader that shares equal strings).
    const mac = seed.nics[0].mac
    const distinct = <T>(obj: T, i: number): T =>
      JSON.parse(
        JSON.stringify(obj)
          .replace(/"(\d{4}-\d\d-\d\dT[\d:.]+Z)"/g, (_, t: string) => JSON.stringify(new Date(Date.parse(t) + i).toISOString()))
          .replaceAll(mac, `fa:16:3e:${[16, 8, 0].map((b) => ((i >> b) & 255).toString(16).padStart(2, '0')).join(':')}`),
      ) as T
    for (let i = 0; i < SERVERS; i++) {
      const id = `${i.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`
      const host = state.hosts[i % HOSTS].id
      const name = `vm-${String(i).padStart(5, '0')}`
      state.servers.push({ ...distinct(seed, i), id, name, hostname: name, host, domainName: `instance-${id.slice(0, 8)}` })
      state.allocations.push({ ...structuredClone(allocation), consumerId: id, providerId: host })
      state.fakeDomains.push({ ...distinct(domain, i), hostId: host, name: `instance-${id.slice(0, 8)}` })
      state.actions.push({ ...distinct(action, i), serverId: id, requestId: `req-${id}` })
      state.requestSpecs.push({ ...structuredClone(spec), instanceId: id })
    }
  })
  return home
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// BENCH_HOME reuses a home an earlier run kept (BENCH_KEEP=1 keeps it), for profiling.
const home = process.env.BENCH_HOME ?? (await bigCloud())
const stateMb = readFileSync(join(home, 'state.json')).length / 1_048_576
// The dashboard runs as an operator runs it: bin/run.js itself, with the
// settings of its #! line. BENCH_NODE_ARGS adds flags to those (e.g. `--cpu-prof
// --cpu-prof-dir=/tmp/prof`: NODE_OPTIONS refuses it).
const [shebangEnv, shebangArgs] = /^#!\/usr\/bin\/env -S (.*)node(.*)$/m.exec(readFileSync(BIN, 'utf8').split('\n')[0])?.slice(1) ?? ['', '']
const command = process.env.BENCH_NODE_ARGS ? `env ${shebangEnv} node ${shebangArgs} ${process.env.BENCH_NODE_ARGS} ${BIN}` : BIN

/** One `homenova dashboard` in a pseudo-terminal, its screen emulated, timed from its start to its first frame. */
async function launch() {
  const term = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true })
  const screen = () => {
    const b = term.buffer.active
    const out: string[] = []
    for (let y = 0; y < ROWS; y++) out.push(b.getLine(b.viewportY + y)?.translateToString(true) ?? '')
    return out.join('\n')
  }
  // Every chunk the dashboard writes is parsed, then waiters look at the screen.
  let waiters: Array<() => void> = []
  const started = performance.now()
  const child = spawn('script', ['-qfec', `stty rows ${ROWS} cols ${COLS}; exec ${command} dashboard`, '/dev/null'], {
    env: { ...process.env, HOMENOVA_HOME: home, NODE_ENV: 'production', TERM: 'xterm-256color' },
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  children.add(child)
  child.once('exit', () => children.delete(child))
  child.stdout.on('data', (d: Buffer) => term.write(d, () => waiters.forEach((w) => w())))
  const until = (test: (s: string) => boolean, ms = 20_000): Promise<number> =>
    new Promise((resolvePromise, reject) => {
      const check = () => {
        if (!test(screen())) return
        waiters = waiters.filter((w) => w !== check)
        clearTimeout(timer)
        resolvePromise(performance.now())
      }
      const timer = setTimeout(() => reject(new Error(`timed out; the screen was:\n${screen()}`)), ms)
      waiters.push(check)
      check()
    })
  const firstFrame = (await until((s) => s.includes(`servers (${SERVERS})`) && /^> vm-00000/m.test(s))) - started
  // The node process under script (script -> node, since the shell execs it).
  const nodePid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0])
  // Its CPU time so far (user + system, all its threads; in clock ticks of 10 ms).
  // On a busy machine wall-clock latency is mostly waiting for a core: CPU per key is what the dashboard costs.
  const cpuMs = () => {
    const fields = readFileSync(`/proc/${nodePid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  }
  const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${nodePid}/status`, 'utf8'))?.[1] ?? NaN) / 1024
  return { child, screen, until, firstFrame, cpuMs, rssMb }
}

// Whatever happens, no dashboard outlives the benchmark, nor does its 20 MiB home.
const children = new Set<ReturnType<typeof spawn>>()
process.on('exit', () => {
  for (const c of children) c.kill()
  if (process.env.BENCH_HOME || process.env.BENCH_KEEP) console.log(`  home kept: ${home}`)
  else rmSync(home, { recursive: true, force: true })
})
process.on('uncaughtException', (err) => {
  console.error(err)
  process.exit(1)
})

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

// A yardstick for the figures: the time of a fixed loop of arithmetic, which on
// this development VM varied by half from one minute to the next.
function cpuReference(): number {
  const at = performance.now()
  let x = 0
  for (let i = 0; i < 1e8; i++) x += i & 7
  if (x < 0) console.log(x) // keeps the loop from being optimized away
  return performance.now() - at
}

// A dashboard opened on hosts last read over 30 s ago asks them at once, in a
// child `server list --refresh` that finishes its sync after a quick quit; the
// next start must not share the cores with it.
async function refreshesDone(): Promise<void> {
  const running = () => {
    try {
      return execFileSync('pgrep', ['-f', 'server list --refresh --limit 0'], { encoding: 'utf8' }).trim() !== ''
    } catch {
      return false // pgrep exits 1 when nothing matches
    }
  }
  for (const until = Date.now() + 120_000; running() && Date.now() < until; ) await sleep(200)
}

// FIRST_FRAMES=n: the first frame of n dashboards started one after another
// (on a VM whose CPU speed wanders, one start says little).
const starts = Number(process.env.FIRST_FRAMES ?? 0)
if (starts > 0) {
  const frames: number[] = []
  const cpus: number[] = []
  for (let i = 0; i < starts; i++) {
    const d = await launch()
    frames.push(d.firstFrame)
    cpus.push(d.cpuMs())
    d.child.stdin?.write('q')
    await new Promise((r) => d.child.once('exit', r))
    await refreshesDone()
  }
  console.log(`first frame of ${starts} starts: median ${(median(frames) / 1000).toFixed(2)} s (min ${(Math.min(...frames) / 1000).toFixed(2)}, max ${(Math.max(...frames) / 1000).toFixed(2)}), median CPU ${median(cpus)} ms`)
  // FIRST_FRAMES_ONLY=1: nothing more (to compare two builds start by start).
  if (process.env.FIRST_FRAMES_ONLY) process.exit(0)
}

const { child, screen, until, firstFrame, cpuMs, rssMb } = await launch()
const cursorName = () => /^> (vm-\d{5})/m.exec(screen())?.[1]
const cpuAtFirstFrame = cpuMs()

// Let the start-up work settle (the first host refresh rewrites and re-reads the store) before timing keys.
await sleep(4000)

const press = async (key: string, shows: (s: string) => boolean, ms?: number): Promise<number> => {
  const at = performance.now()
  child.stdin.write(key)
  return (await until(shows, ms)) - at
}

const cpuBeforeMoves = cpuMs()
const moves: number[] = []
for (let i = 1; i <= MOVES; i++) {
  const expected = `vm-${String(i).padStart(5, '0')}`
  moves.push(await press('j', () => cursorName() === expected))
  await sleep(40) // a person's pace; each key is timed on its own
}
const cpuPerMove = (cpuMs() - cpuBeforeMoves) / MOVES
const cpuBeforeFilter = cpuMs()
const typed: number[] = []
typed.push(await press('/', (s) => /^\/\S* /m.test(s.split('\n').slice(-3).join('\n'))))
let filter = ''
for (const key of 'vm-0123') {
  filter += key
  // The title shows the filter once the table is filtered by it.
  typed.push(await press(key, (s) => new RegExp(`servers \\((\\d+ of )?${SERVERS}\\)  /${filter}\\s`).test(s)))
  await sleep(40)
}
const cpuPerFilterKey = (cpuMs() - cpuBeforeFilter) / typed.length
const rss = rssMb()
// After a burst of keys the heap holds their frames' garbage until V8 (or the
// dashboard's idle collection, src/tui/idle-gc.ts) collects it: what it holds at rest.
await sleep(1500)
const rssIdle = rssMb()
child.stdin.write('\x1b') // leaves the prompt and the filter: the cursor is back on vm-00060

// Another process (this one) stops the server under the cursor; the dashboard
// re-reads the store (only the changed line is parsed) and must show it within
// 300 ms. A key pressed right after the commit times input during that re-read.
await until((s) => cursorName() === `vm-${String(MOVES).padStart(5, '0')}` && !/^\/\S* /m.test(s.split('\n').slice(-3).join('\n')))
await sleep(300)
const changed = `vm-${String(MOVES).padStart(5, '0')}`
// Stopped, or started again in a home an earlier run kept (BENCH_HOME) with it stopped.
const wasStopped = new RegExp(`${changed} +SHUTOFF`).test(screen())
const shows = new RegExp(`${changed} +${wasStopped ? 'ACTIVE' : 'SHUTOFF'}`)
// Timed from the moment the new state.json is in place (the rename), not from
// the end of the transaction, whose fsyncs come after it.
let committed = 0
const renames = watch(home, (_, file) => {
  if (file === 'state.json' && committed === 0) committed = performance.now()
})
await new Store(home).transact((state) => {
  const server = state.servers.find((x) => x.name === changed)
  if (server) Object.assign(server, wasStopped ? { vmState: 'active', powerState: 1 } : { vmState: 'stopped', powerState: 4 })
})
renames.close()
const keyDuringReread = await press('k', () => cursorName() === `vm-${String(MOVES - 1).padStart(5, '0')}`)
const changeShown = (await until((s) => shows.test(s))) - committed

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return `median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, p95 ${s[Math.floor(s.length * 0.95)].toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`
}
console.log(`dashboard with ${SERVERS} servers on ${HOSTS} fake hosts (state.json ${stateMb.toFixed(1)} MiB), ${COLS}x${ROWS}, load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`)
console.log(`  CPU speed now:          ${cpuReference().toFixed(0)} ms for a fixed loop (on the development VM this varied by half within minutes: compare figures taken at one speed)`)
console.log(`  first frame:            ${(firstFrame / 1000).toFixed(2)} s (target < 0.6 s), ${cpuAtFirstFrame} ms of CPU`)
console.log(`  cursor move (${MOVES} keys): ${stats(moves)} (target < 33 ms), ${cpuPerMove.toFixed(1)} ms of CPU a key`)
console.log(`  filter typed (${typed.length} keys):  ${stats(typed)} (target < 33 ms), ${cpuPerFilterKey.toFixed(1)} ms of CPU a key`)
// BENCH_VERBOSE=1: each key's time (the first, `/`, opens the prompt).
if (process.env.BENCH_VERBOSE) console.log(`    each key: ${typed.map((t) => t.toFixed(1)).join(', ')} ms`)
console.log(`  memory (RSS):           ${rss.toFixed(0)} MB right after the keys, ${rssIdle.toFixed(0)} MB 1.5 s later (target < 150 MB)`)
console.log(`  change by another process shown after ${changeShown.toFixed(0)} ms (target < 300 ms); a key meanwhile ${keyDuringReread.toFixed(1)} ms`)

// A power-state refresh of every host (Ctrl-R; the dashboard does one every 30 s).
await sleep(200)
const syncedAgo = (s: string) => {
  const m = / synced (\d+)(s|m|h) ago/.exec(s.split('\n')[0])
  return m ? Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'] : Infinity
}
// Done once every host answered after the key was pressed (the header counts from the oldest answer).
const refresh = async () => {
  const asked = performance.now()
  return press('\x12', (s) => syncedAgo(s) < (performance.now() - asked) / 1000 - 1, 300_000)
}
const refreshed = await refresh()
await sleep(1000)
const rssAfterRefresh = rssMb()
await sleep(3000)
console.log(`  host refresh (Ctrl-R):  ${(refreshed / 1000).toFixed(2)} s, then RSS ${rssAfterRefresh.toFixed(0)} MB, ${rssMb().toFixed(0)} MB 3 s later`)
// REFRESHES=n: n refreshes in all, RSS after each (a dashboard left open refreshes every 30 s: it must not grow).
const refreshes = Number(process.env.REFRESHES ?? 1)
if (refreshes > 1) {
  const after: number[] = [rssMb()]
  for (let i = 1; i < refreshes; i++) {
    await refresh()
    await sleep(2000)
    after.push(rssMb())
  }
  console.log(`  RSS after each of ${refreshes} refreshes: ${after.map((r) => r.toFixed(0)).join(', ')} MB`)
}
child.stdin.write('q')
const exited = await new Promise<number | null>((r) => child.once('exit', r))
console.log(`  exit status:            ${exited}`)
