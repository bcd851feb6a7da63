// A store writer in its own OS process, for the multi-process store tests.
//   node --import tsx test/helpers/store-worker.ts append <home> <worker> <count> [staleMs]
//     appends <count> flavors named `<worker>-<i>`, one transaction each, then exits.
//   node --import tsx test/helpers/store-worker.ts loop <home> [staleMs]
//     appends a flavor whose id is the generation it read, forever (until killed),
//     printing "ready <ms>" after its first commit, with the time that commit took.
import { Store } from '../../src/core/store/store.js'
import type { Flavor } from '../../src/core/store/schema.js'

/** A valid flavor record with the given id and name. */
export function testFlavor(id: string, name: string): Flavor {
  return { id, name, vcpus: 1, ramMb: 512, diskGb: 1, ephemeralGb: 0, swapMb: 0, isPublic: true, extraSpecs: {} }
}

async function main(argv: string[]): Promise<void> {
  const [mode, home, ...rest] = argv
  if (mode === 'append' && home && rest.length >= 2) {
    const [worker, count, staleMs] = rest
    const store = new Store(home, { staleMs: staleMs ? Number(staleMs) : undefined })
    for (let i = 0; i < Number(count); i++) {
      await store.transact((state) => void state.flavors.push(testFlavor(`${worker}-${i}`, `${worker}-${i}`)))
    }
    return
  }
  if (mode === 'loop' && home) {
    const store = new Store(home, { staleMs: rest[0] ? Number(rest[0]) : undefined })
    for (let first = true; ; first = false) {
      const started = performance.now()
      await store.transact((state) => void state.flavors.push(testFlavor(String(state.generation), `gen-${state.generation}`)))
      if (first) process.stdout.write(`ready ${Math.round(performance.now() - started)}\n`)
    }
  }
  throw new Error(`usage: store-worker.ts append <home> <worker> <count> [staleMs] | loop <home> [staleMs]`)
}

// Only when run as a script, so tests may import testFlavor.
if (process.argv[1]?.endsWith('store-worker.ts')) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    process.exit(1)
  })
}
