// Prints what one store transaction costs as the store grows, at 100, 1,000 and
// 10,000 servers, in this process (making the fixture has already loaded zod and
// the schema), beside the state file's size: the median time of a small write
// that touches no collection (one config key), of one that changes a server (the
// servers are parsed, checked line by line and the changed one validated), and of
// a read that uses the servers. Run: npm run bench:store (RUNS tunes it)
import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Store } from '../src/core/store/store.js'
import { storeWithServers } from './fixture-store.js'

const RUNS = Number(process.env.RUNS ?? 15)
const SIZES = (process.env.SIZES ?? '100,1000,10000').split(',').map(Number)

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

// Wall-clock time, and this process's CPU time (user + system), which a busy machine
// disturbs less; both in ms.
async function timed(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const start = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  await fn()
  const used = process.cpuUsage(cpu)
  return { wall: Number(process.hrtime.bigint() - start) / 1e6, cpu: (used.user + used.system) / 1000 }
}

console.log(`runs per figure: ${RUNS} (median)`)
for (const servers of SIZES) {
  const home = await storeWithServers(servers)
  // A fresh Store per transaction, as each CLI process has.
  const writes: Array<{ wall: number; cpu: number }> = []
  const serverWrites: Array<{ wall: number; cpu: number }> = []
  const reads: Array<{ wall: number; cpu: number }> = []
  for (let i = 0; i < RUNS; i++) {
    writes.push(await timed(() => new Store(home).transact((s) => void (s.config.bench = i))))
    serverWrites.push(await timed(() => new Store(home).transact((s) => void (s.servers[i % s.servers.length].description = `bench ${i}`))))
    reads.push(await timed(async () => (await new Store(home).read()).servers.length))
  }
  const mib = statSync(join(home, 'state.json')).size / 1024 / 1024
  const ms = (xs: Array<{ wall: number; cpu: number }>) => `${median(xs.map((x) => x.wall)).toFixed(1)} ms (cpu ${median(xs.map((x) => x.cpu)).toFixed(1)} ms)`
  rmSync(home, { recursive: true, force: true })
  console.log(`${String(servers).padStart(6)} servers (${mib.toFixed(2)} MiB): transaction ${ms(writes)}, changing a server ${ms(serverWrites)}, read of the servers ${ms(reads)}`)
}
