// A live migration's limit, as Nova's libvirt driver sets it: the seconds per
// GiB of live_migration_completion_timeout times the GiB to copy, the guest's
// RAM (counted as at least 2 GiB) and its disks (always copied here).
import { expect, it } from 'vitest'
import { limitsOf } from '../../../src/core/conductor/live-migrate.js'
import type { Server, State } from '../../../src/core/store/schema.js'

const stateWith = (config: Record<string, unknown>) => ({ config }) as unknown as State
const serverWith = (ramMb: number, diskGb: number, ephemeralGb = 0) => ({ flavor: { ramMb, diskGb, ephemeralGb } }) as unknown as Server

it("counts RAM as at least 2 GiB, adds the disks, and takes Nova's defaults", () => {
  expect(limitsOf(stateWith({}), serverWith(512, 1))).toEqual({ timeoutMs: 800 * 3 * 1000, onTimeout: 'abort', autoConverge: false })
  expect(limitsOf(stateWith({}), serverWith(8192, 80, 20)).timeoutMs).toBe(800 * (8 + 80 + 20) * 1000)
})

it('has no limit at 0, and follows the action and auto-converge settings', () => {
  const config = { live_migration_completion_timeout: 0, live_migration_timeout_action: 'force_complete', live_migration_permit_auto_converge: true }
  expect(limitsOf(stateWith(config), serverWith(2048, 20))).toEqual({ timeoutMs: null, onTimeout: 'force_complete', autoConverge: true })
  expect(limitsOf(stateWith({ live_migration_completion_timeout: 0.05 }), serverWith(2048, 20)).timeoutMs).toBe(1100)
})
