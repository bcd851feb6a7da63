// Prints what one store transaction costs as the store grows: the median time of a
// small write (one config key) at 100, 1,000 and 10,000 servers, in this process
// (making the fixture has already loaded zod and the schema), beside the state
// file's size and the time of a plain read. Run: npm run bench:store (RUNS tunes it)
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { Store } from '../src/core/store/store.js'
import { storeWithServers } from './fixture-store.js'

const RUNS = Number(process.env.RUNS ?? 15)
const SIZES = (process.env.SIZES ?? '100,1000,10000').split(',').map(Number)

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - start) / 1e6
}

console.log(`runs per figure: ${RUNS} (median)`)
for (const servers of SIZES) {
  const home = await storeWithServers(servers)
  // A fresh Store per transaction, as each CLI process has.
  const writes: number[] = []
  const reads: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const store = new Store(home)
    writes.push(await timed(() => store.transact((s) => void (s.config.bench = i))))
    reads.push(await timed(() => new Store(home).read()))
  }
  const mib = statSync(join(home, 'state.json')).size / 1024 / 1024
  console.log(`${String(servers).padStart(6)} servers (${mib.toFixed(2)} MiB): transaction ${median(writes).toFixed(1)} ms, read ${median(reads).toFixed(1)} ms`)
}
