// Flavors: Nova's defaults appear on first use; create, list, show, delete.
import { randomUUID } from 'node:crypto'
import { UserError } from '../errors.js'
import { defaultFlavors } from '../model/flavors.js'
import { checkName, findOne } from '../model/names.js'
import { unsetKeys } from '../model/properties.js'
import type { Store } from '../store/store.js'
import { placementRequest } from '../scheduler/request-builder.js'
import type { Flavor, State } from '../store/schema.js'

/** The flavors of a state; the default set until the first write seeds it. */
export function flavorsOf(state: State): Flavor[] {
  return state.flavorsSeeded ? state.flavors : defaultFlavors()
}

/** Seeds the default flavors inside a transaction, once. */
export function seedFlavors(state: State): void {
  if (state.flavorsSeeded) return
  state.flavors = defaultFlavors()
  state.flavorsSeeded = true
}

/** What `flavor create` takes. */
export interface FlavorRequest {
  name: string
  id?: string
  vcpus: number
  ramMb: number
  diskGb: number
  ephemeralGb?: number
  swapMb?: number
  isPublic?: boolean
}

/** Flavor operations. */
export class FlavorApi {
  constructor(private readonly store: Store) {}

  async list(): Promise<Flavor[]> {
    return flavorsOf(await this.store.read())
  }

  async show(ref: string): Promise<Flavor> {
    return findOne('flavor', flavorsOf(await this.store.read()), ref)
  }

  async create(req: FlavorRequest): Promise<Flavor> {
    checkName('flavor', req.name)
    for (const [label, value, min] of [['vcpus', req.vcpus, 1], ['ram', req.ramMb, 1], ['disk', req.diskGb, 0]] as const) {
      if (!Number.isInteger(value) || value < min) throw new UserError(`Flavor ${label} must be an integer >= ${min}, got ${value}`)
    }
    const flavor: Flavor = {
      id: req.id ?? randomUUID(),
      name: req.name,
      vcpus: req.vcpus,
      ramMb: req.ramMb,
      diskGb: req.diskGb,
      ephemeralGb: req.ephemeralGb ?? 0,
      swapMb: req.swapMb ?? 0,
      isPublic: req.isPublic ?? true,
      extraSpecs: {},
    }
    return this.store.transact((state) => {
      seedFlavors(state)
      const clash = state.flavors.find((f) => f.name === flavor.name || f.id === flavor.id)
      if (clash) throw new UserError(`A flavor named ${clash.name} with ID ${clash.id} already exists`, { hint: 'Pick another name or ID.' })
      state.flavors.push(flavor)
      return flavor
    })
  }

  /** Sets extra specs (Nova's flavor properties); `resources:*` and `trait:*` are checked now. */
  async setProperties(ref: string, properties: Record<string, string>): Promise<Flavor> {
    return this.store.transact((state) => {
      seedFlavors(state)
      const flavor = findOne('flavor', state.flavors, ref)
      const next = { ...flavor, extraSpecs: { ...flavor.extraSpecs, ...properties } }
      placementRequest(next)
      flavor.extraSpecs = next.extraSpecs
      return flavor
    })
  }

  async unsetProperties(ref: string, keys: string[]): Promise<Flavor> {
    return this.store.transact((state) => {
      seedFlavors(state)
      const flavor = findOne('flavor', state.flavors, ref)
      unsetKeys(flavor.extraSpecs, keys, `Flavor ${flavor.name}`)
      return flavor
    })
  }

  async delete(ref: string): Promise<Flavor> {
    return this.store.transact((state) => {
      seedFlavors(state)
      const flavor = findOne('flavor', state.flavors, ref)
      state.flavors = state.flavors.filter((f) => f.id !== flavor.id)
      return flavor
    })
  }
}
