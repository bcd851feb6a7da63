// A full garbage collection when the dashboard is quiet and its heap has grown.
//
// Why: every frame allocates (ink builds the screen as strings and one object per
// character, react its fibers), and V8 promotes much of that into the old space and
// collects it late. With 10,000 servers the live heap stays ~45 MB while RSS climbed
// past 200 MB after a minute of keys; collected, it stays near 157 MB
// (bench:dashboard). The collection runs only `quietMs` after the last frame, so
// never while keys are coming in, and only once the heap grew by `growthBytes`
// since the last one, so an idle dashboard (one frame a second for the ages) is not
// collected over and over. A CLI cannot pass --expose-gc to its own node, so the flag
// is set at run time and `gc` taken from a fresh context, as V8 allows.
import v8 from 'node:v8'
import vm from 'node:vm'

let gc: (() => void) | undefined

/** A full collection now (what the collector runs when the dashboard is quiet). */
export function collectNow(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc')
    gc = vm.runInNewContext('gc') as () => void
  }
  gc()
}

// The heap and the memory outside it that its objects hold: the store's reader
// reads state.json as a Buffer (24 MiB at 10,000 servers), which lives outside
// the heap and goes only when a collection finds its object dead.
const memoryHeld = () => {
  const { used_heap_size, external_memory } = v8.getHeapStatistics()
  return used_heap_size + external_memory
}

/**
 * Call poke() after each frame; a collection may follow once frames stop for a
 * moment. settle() asks for one at the next quiet moment whatever the growth:
 * the dashboard calls it when the work after its first read is done, whose
 * garbage (the texts of a 24 MiB file, its deferred parse) otherwise stayed
 * or went depending on where the last collection fell, and with it ~25 MB of
 * RSS after the first keys (bench:dashboard: ~130 or ~155 MB from run to run).
 */
export function idleCollector({ quietMs = 300, growthBytes = 24 * 2 ** 20, collect = collectNow } = {}): { poke(): void; settle(): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined
  let base = memoryHeld()
  let asked = false
  const poke = () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      const used = memoryHeld()
      // Growth counts from the lowest point since the last collection: memory
      // held when that one ran (a store read under way) and freed since by V8's
      // own collections must not hide what grows after (RSS had stayed 30 MB up
      // after a host refresh in one run of two).
      base = Math.min(base, used)
      if (!asked && used - base < growthBytes) return
      asked = false
      collect()
      base = memoryHeld()
    }, quietMs)
    timer.unref() // never keeps the process alive
  }
  return {
    poke,
    settle() {
      asked = true
      poke()
    },
    stop() {
      clearTimeout(timer)
    },
  }
}
