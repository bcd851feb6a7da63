// The workflow harness: the whole control plane in this process on fake hosts,
// a clock the test moves (leases expire at once), and conductors that can be
// stopped dead at any step of any workflow, as SIGKILL would stop a process.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ManualClock } from '../../src/core/clock.js'
import type { RunnerHooks, StepPoint } from '../../src/core/conductor/context.js'
import { LEASE_MS } from '../../src/core/conductor/lease.js'
import { createServices, type Services } from '../../src/core/services.js'
import type { Server } from '../../src/core/store/schema.js'

/** One simulated cloud in a temporary home. */
export interface Harness {
  services: Services
  clock: ManualClock
  home: string
  /** Lets every lease of a stopped conductor run out. */
  expireLeases(): void
  server(name: string): Promise<Server>
}

/** A harness with fake hosts (name, properties) and an image named `tiny`. */
export async function harness(hosts: Array<[string, Record<string, string>?]> = [['sim1']]): Promise<Harness> {
  const home = mkdtempSync(join(tmpdir(), 'homenova-harness-'))
  const clock = new ManualClock()
  const services = createServices(home, { conductor: { clock } })
  for (const [name, properties] of hosts) {
    await services.hosts.add({ name, driver: 'fake', fake: { vcpus: 8, memoryMb: 16384, diskGb: 200, properties: properties ?? {} } }, { trustOnFirstUse: false })
  }
  const image = join(home, 'disk.raw')
  writeFileSync(image, Buffer.alloc(1024 * 1024))
  await services.images.create('tiny', image)
  return {
    services,
    clock,
    home,
    expireLeases: () => clock.advance(LEASE_MS + 1),
    server: async (name) => (await services.store.read()).servers.find((s) => s.name === name)!,
  }
}

/** Hooks that freeze the run at the first point `match` accepts; `reached` resolves when it gets there. */
export function freezeAt(match: (p: StepPoint) => boolean): { hooks: RunnerHooks; reached: Promise<StepPoint> } {
  let signal!: (p: StepPoint) => void
  const reached = new Promise<StepPoint>((resolve) => (signal = resolve))
  let frozen = false
  return {
    reached,
    hooks: {
      at: (p) => {
        if (frozen || !match(p)) return Promise.resolve()
        frozen = true
        signal(p)
        return new Promise(() => {}) // never settles: nothing after this point runs
      },
    },
  }
}

/** Hooks that hold the run at a point until the test releases it. */
export function pauseAt(match: (p: StepPoint) => boolean): { hooks: RunnerHooks; reached: Promise<StepPoint>; release: () => void } {
  let signal!: (p: StepPoint) => void
  let release!: () => void
  const reached = new Promise<StepPoint>((resolve) => (signal = resolve))
  const gate = new Promise<void>((resolve) => (release = resolve))
  let paused = false
  return {
    reached,
    release,
    hooks: {
      at: (p) => {
        if (paused || !match(p)) return Promise.resolve()
        paused = true
        signal(p)
        return gate
      },
    },
  }
}
