// Placement's arithmetic: capacity, usage and whether a request fits. Kept apart
// from the scheduler so the claim and the scheduler agree by construction.
import type { Allocation, Host, Inventory, ResourceClass, Resources } from '../store/schema.js'
import { RESOURCE_CLASSES } from '../store/schema.js'

/** Nova's default allocation ratios (cpu 16.0, ram 1.5, disk 1.0). */
export const DEFAULT_ALLOCATION_RATIOS: Resources = { VCPU: 16.0, MEMORY_MB: 1.5, DISK_GB: 1.0 }
/** Nova's reserved_host_memory_mb default. */
export const DEFAULT_RESERVED_MEMORY_MB = 512

/** An inventory record with Placement's defaults for everything not given. */
export function makeInventory(rc: ResourceClass, total: number, reserved = 0): Inventory {
  return { total, reserved, minUnit: 1, maxUnit: Math.max(total, 1), stepSize: 1, allocationRatio: DEFAULT_ALLOCATION_RATIOS[rc] }
}

/** (total - reserved) * allocation_ratio, as Placement computes capacity. */
export function capacity(inv: Inventory): number {
  return Math.floor((inv.total - inv.reserved) * inv.allocationRatio)
}

/** What every consumer holds on a host, per resource class. */
export function usage(hostId: string, allocations: readonly Allocation[]): Resources {
  const used: Resources = { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 }
  for (const a of allocations) {
    if (a.providerId !== hostId) continue
    for (const rc of RESOURCE_CLASSES) used[rc] += a.resources[rc]
  }
  return used
}

/** The resource classes for which `request` does not fit on the host, with how much is free. */
export function shortfalls(host: Host, used: Resources, request: Resources): Array<{ rc: ResourceClass; free: number; wanted: number }> {
  const out: Array<{ rc: ResourceClass; free: number; wanted: number }> = []
  for (const rc of RESOURCE_CLASSES) {
    const inv = host.inventory[rc]
    const wanted = request[rc]
    if (wanted === 0) continue
    const free = capacity(inv) - used[rc]
    const unitOk = wanted >= inv.minUnit && wanted <= inv.maxUnit && wanted % inv.stepSize === 0
    if (!unitOk || wanted > free) out.push({ rc, free, wanted })
  }
  return out
}
