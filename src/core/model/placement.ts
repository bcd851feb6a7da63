// Placement's arithmetic: capacity, usage and whether a request fits. Kept apart
// from the scheduler so the claim and the scheduler agree by construction.
import type { Allocation, Host, Inventory, ResourceClass, Resources } from '../store/schema.js'
import { RESOURCE_CLASSES } from '../store/constants.js'

/** Nova's default allocation ratios (cpu 16.0, ram 1.5, disk 1.0). */
export const DEFAULT_ALLOCATION_RATIOS: Resources = { VCPU: 16.0, MEMORY_MB: 1.5, DISK_GB: 1.0 }
/** Nova's reserved_host_memory_mb default. */
export const DEFAULT_RESERVED_MEMORY_MB = 512

/** An inventory record with Placement's defaults for everything not given. */
export function makeInventory(rc: ResourceClass, total: number, reserved = 0, allocationRatio = DEFAULT_ALLOCATION_RATIOS[rc]): Inventory {
  return { total, reserved, minUnit: 1, maxUnit: Math.max(total, 1), stepSize: 1, allocationRatio }
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

/** Why a request does not fit one resource class of a host. */
export interface Shortfall {
  rc: ResourceClass
  wanted: number
  free: number
  /** capacity: not enough free; max_unit/min_unit/step_size: one allocation may not have that size. */
  kind: 'capacity' | 'max_unit' | 'min_unit' | 'step_size'
  inventory: Inventory
}

/** The resource classes for which `request` does not fit on the host, as Placement judges it. */
export function shortfalls(host: Host, used: Resources, request: Resources): Shortfall[] {
  const out: Shortfall[] = []
  for (const rc of RESOURCE_CLASSES) {
    const inventory = host.inventory[rc]
    const wanted = request[rc]
    if (wanted === 0) continue
    const free = capacity(inventory) - used[rc]
    const kind =
      wanted > inventory.maxUnit ? 'max_unit'
      : wanted < inventory.minUnit ? 'min_unit'
      : wanted % inventory.stepSize !== 0 ? 'step_size'
      : wanted > free ? 'capacity'
      : undefined
    if (kind) out.push({ rc, wanted, free, kind, inventory })
  }
  return out
}
