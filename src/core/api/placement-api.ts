// Placement's view of the hosts: resource providers with inventories, traits,
// usages, and allocation candidates for a request.
import { UserError } from '../errors.js'
import { findOne } from '../model/names.js'
import { capacity, usage } from '../model/placement.js'
import { RESOURCE_CLASSES } from '../store/constants.js'
import type { Host, Inventory, ResourceClass, Resources } from '../store/schema.js'
import type { Store } from '../store/store.js'
import { hostStates } from '../scheduler/host-state.js'
import { placementReject } from '../scheduler/placement-filter.js'
import { requestFor } from '../scheduler/request.js'
import { defaultFlavors } from '../model/flavors.js'

// os-traits names: upper case letters, digits and underscores; operators' own start with CUSTOM_.
const TRAIT_RE = /^[A-Z][A-Z0-9_]{0,254}$/
const INVENTORY_FIELDS = ['total', 'reserved', 'min_unit', 'max_unit', 'step_size', 'allocation_ratio'] as const
type InventoryField = (typeof INVENTORY_FIELDS)[number]
const FIELD_KEYS: Record<InventoryField, keyof Inventory> = {
  total: 'total', reserved: 'reserved', min_unit: 'minUnit', max_unit: 'maxUnit', step_size: 'stepSize', allocation_ratio: 'allocationRatio',
}

/** Throws unless `rc` is a resource class homenova tracks. */
export function checkResourceClass(rc: string): ResourceClass {
  if (!(RESOURCE_CLASSES as readonly string[]).includes(rc)) throw new UserError(`Unknown resource class ${rc}`, { hint: `Use ${RESOURCE_CLASSES.join(', ')}.` })
  return rc as ResourceClass
}

/** Throws unless `trait` looks like an os-traits or CUSTOM_ trait name. */
export function checkTrait(trait: string): void {
  if (!TRAIT_RE.test(trait)) throw new UserError(`Invalid trait name ${JSON.stringify(trait)}`, { hint: 'Traits are upper case, e.g. HW_CPU_X86_AVX2 or CUSTOM_STORAGE_SSD.' })
}

/** Placement operations over the hosts (resource providers). */
export class PlacementApi {
  constructor(private readonly store: Store) {}

  async providers(): Promise<Host[]> {
    return (await this.store.read()).hosts
  }

  async provider(ref: string): Promise<Host> {
    return findOne('resource provider', (await this.store.read()).hosts, ref)
  }

  /** Sets inventory fields of one resource class, e.g. { allocation_ratio: '2.0', reserved: '1024' }. */
  async setInventory(ref: string, rc: string, fields: Record<string, string>): Promise<Host> {
    const cls = checkResourceClass(rc)
    return this.store.transact((state) => {
      const host = findOne('resource provider', state.hosts, ref)
      const inv = { ...host.inventory[cls] }
      for (const [field, value] of Object.entries(fields)) {
        if (!(INVENTORY_FIELDS as readonly string[]).includes(field)) throw new UserError(`Unknown inventory field ${field}`, { hint: `Fields: ${INVENTORY_FIELDS.join(', ')}.` })
        const n = Number(value)
        const isRatio = field === 'allocation_ratio'
        if (!Number.isFinite(n) || (isRatio ? n <= 0 : !Number.isInteger(n) || n < (field === 'reserved' ? 0 : 1))) {
          throw new UserError(`${cls} ${field} must be ${isRatio ? 'a number > 0' : field === 'reserved' ? 'a whole number >= 0' : 'a whole number >= 1'}, got ${JSON.stringify(value)}`)
        }
        inv[FIELD_KEYS[field as InventoryField]] = n
      }
      if (inv.reserved > inv.total) throw new UserError(`${cls} reserved (${inv.reserved}) is more than total (${inv.total})`)
      if (inv.minUnit > inv.maxUnit) throw new UserError(`${cls} min_unit (${inv.minUnit}) is more than max_unit (${inv.maxUnit})`)
      const used = usage(host.id, state.allocations)[cls]
      if (capacity(inv) < used) {
        throw new UserError(`${cls} capacity would be ${capacity(inv)}, less than the ${used} already allocated`, { hint: 'Free resources first, or choose a larger value.' })
      }
      host.inventory[cls] = inv
      return host
    })
  }

  /** Replaces the provider's traits (as `openstack resource provider trait set` does). */
  async setTraits(ref: string, traits: string[]): Promise<Host> {
    traits.forEach(checkTrait)
    return this.store.transact((state) => {
      const host = findOne('resource provider', state.hosts, ref)
      host.traits = [...new Set(traits)].sort()
      return host
    })
  }

  /** What is allocated on the provider, per resource class. */
  async usage(ref: string): Promise<Resources> {
    const state = await this.store.read()
    const host = findOne('resource provider', state.hosts, ref)
    return usage(host.id, state.allocations)
  }

  /** Providers that can hold the resources and have the required traits and none of the forbidden. */
  async candidates(resources: Partial<Resources>, required: string[], forbidden: string[], memberOf: string[] = []) {
    ;[...required, ...forbidden].forEach(checkTrait)
    for (const [rc, n] of Object.entries(resources)) {
      checkResourceClass(rc)
      if (!Number.isInteger(n) || (n as number) < 1) throw new UserError(`--resource ${rc}=${n}: the amount must be a whole number >= 1`)
    }
    if (Object.keys(resources).length === 0) throw new UserError('Give at least one --resource CLASS=AMOUNT')
    const state = await this.store.read()
    // Placement's member_of: in at least one of the named aggregates.
    const aggregates = memberOf.map((ref) => findOne('aggregate', state.aggregates, ref))
    const members = new Set(aggregates.flatMap((a) => a.hostIds))
    const spec = requestFor(defaultFlavors()[0], {
      resources: { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0, ...resources },
      requiredTraits: required,
      forbiddenTraits: forbidden,
    })
    return hostStates(state)
      .filter((hs) => (aggregates.length === 0 || members.has(hs.host.id)) && placementReject(hs, spec) === null)
      .map((hs) => ({ provider: hs.host.name, uuid: hs.host.id, allocations: spec.resources, capacity: hs.capacity, used: hs.used }))
  }
}
