// Prints cold start-up times of the built CLI beside bare `node -e 0`, as medians
// of runs interleaved in one loop (so a busy machine slows all alike), with 1,000
// servers in the store: `homenova --help`, `server list --json`, and a write of
// one transaction (`flavor create`). Targets (issue 7), as time over bare node:
// +0.07 s, +0.15 s and +0.2 s. Run: npm run bench:startup (RUNS, SERVERS tune it)
import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { storeWithServers } from './fixture-store.js'

// npm runs scripts from the repository root.
const BIN = resolve(process.cwd(), 'bin/run.js')
const RUNS = Number(process.env.RUNS ?? 11)
const SERVERS = Number(process.env.SERVERS ?? 1000)

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

// CPU time (user + system) of this process's waited-for children, in s, from
// /proc (Linux; 10 ms ticks): a busy machine disturbs it far less than wall time.
function childCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
  return (Number(fields[13]) + Number(fields[14])) / 100 // cutime, cstime (fields 16, 17 of proc(5))
}

function time(args: string[], env: NodeJS.ProcessEnv = {}): { wall: number; cpu: number } {
  const start = process.hrtime.bigint()
  const cpu = childCpu()
  execFileSync('node', args, { env: { ...process.env, ...env }, stdio: 'ignore' })
  return { wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: childCpu() - cpu }
}

const home = await storeWithServers(SERVERS)
const env = { HOMENOVA_HOME: home }
const figures = {
  bare: { label: 'bare node -e 0', target: 0, argv: () => ['-e', '0'] },
  help: { label: 'homenova --help', target: 0.07, argv: () => [BIN, '--help'] },
  list: { label: `homenova server list --json (${SERVERS})`, target: 0.15, argv: () => [BIN, 'server', 'list', '--json'] },
  write: { label: `homenova flavor create (${SERVERS})`, target: 0.2, argv: (i: number) => [BIN, 'flavor', 'create', `bench-${i}`, '--vcpus', '1', '--ram', '256'] },
}
const samples = Object.fromEntries(Object.keys(figures).map((k) => [k, [] as Array<{ wall: number; cpu: number }>])) as Record<keyof typeof figures, Array<{ wall: number; cpu: number }>>
time([BIN, '--help'], env) // warm the file cache once, as any second run of a CLI would be
for (let i = 0; i < RUNS; i++) {
  for (const [key, f] of Object.entries(figures)) samples[key as keyof typeof figures].push(time(f.argv(i), env))
}
const of = (key: keyof typeof figures, what: 'wall' | 'cpu') => median(samples[key].map((x) => x[what]))
console.log(`runs per figure: ${RUNS} (median), store: ${SERVERS} servers; cpu: user + system of the process`)
for (const [key, f] of Object.entries(figures) as Array<[keyof typeof figures, (typeof figures)[keyof typeof figures]]>) {
  const [wall, cpu] = [of(key, 'wall'), of(key, 'cpu')]
  const over = key === 'bare' ? '' : `  +${(wall - of('bare', 'wall')).toFixed(3)} s over node (target +${f.target.toFixed(2)} s)${wall - of('bare', 'wall') <= f.target ? '' : '  MISSED'}, cpu +${(cpu - of('bare', 'cpu')).toFixed(2)} s`
  console.log(`${f.label.padEnd(40)} ${wall.toFixed(3)} s (cpu ${cpu.toFixed(2)} s)${over}`)
}
rmSync(home, { recursive: true, force: true })
