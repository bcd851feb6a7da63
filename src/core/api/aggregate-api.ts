// Host aggregates and availability zones, with Nova's rules: an aggregate whose
// metadata has `availability_zone` is a zone; a host is in at most one zone;
// hosts in no zone are in the default zone; an aggregate with hosts cannot be
// deleted.
import { randomUUID } from 'node:crypto'
import { nowIso } from '../clock.js'
import { UserError } from '../errors.js'
import { checkName, findOne } from '../model/names.js'
import { unsetKeys } from '../model/properties.js'
import type { Aggregate, State } from '../store/schema.js'
import type { Store } from '../store/store.js'

/** The zones a host is in through aggregates other than `except`. */
function zonesOf(state: State, hostId: string, except?: string): string[] {
  return state.aggregates.filter((a) => a.id !== except && a.hostIds.includes(hostId) && a.metadata.availability_zone).map((a) => a.metadata.availability_zone)
}

/** Aggregate operations. */
export class AggregateApi {
  constructor(private readonly store: Store) {}

  async list(): Promise<Aggregate[]> {
    return (await this.store.read()).aggregates
  }

  async show(ref: string): Promise<Aggregate> {
    return findOne('aggregate', (await this.store.read()).aggregates, ref)
  }

  async create(name: string, metadata: Record<string, string> = {}): Promise<Aggregate> {
    checkName('aggregate', name)
    return this.store.transact((state) => {
      if (state.aggregates.some((a) => a.name === name)) throw new UserError(`An aggregate named ${name} already exists`, { hint: 'Pick another name.' })
      const aggregate: Aggregate = { id: randomUUID(), name, hostIds: [], metadata: { ...metadata }, createdAt: nowIso() }
      state.aggregates.push(aggregate)
      return aggregate
    })
  }

  /** Sets metadata keys; `availability_zone` must not move a host into a second zone. */
  async set(ref: string, metadata: Record<string, string>): Promise<Aggregate> {
    return this.store.transact((state) => {
      const agg = findOne('aggregate', state.aggregates, ref)
      const zone = metadata.availability_zone
      if (zone !== undefined) {
        for (const hostId of agg.hostIds) {
          const other = zonesOf(state, hostId, agg.id).filter((z) => z !== zone)
          if (other.length > 0) throw this.zoneConflict(state, agg, hostId, other)
        }
      }
      Object.assign(agg.metadata, metadata)
      return agg
    })
  }

  async unset(ref: string, keys: string[]): Promise<Aggregate> {
    return this.store.transact((state) => {
      const agg = findOne('aggregate', state.aggregates, ref)
      unsetKeys(agg.metadata, keys, `Aggregate ${agg.name}`)
      return agg
    })
  }

  async delete(ref: string): Promise<Aggregate> {
    return this.store.transact((state) => {
      const agg = findOne('aggregate', state.aggregates, ref)
      if (agg.hostIds.length > 0) {
        throw new UserError(`Aggregate ${agg.name} still has ${agg.hostIds.length} host(s)`, { hint: `Remove them first: homenova aggregate remove host ${agg.name} HOST` })
      }
      state.aggregates = state.aggregates.filter((a) => a.id !== agg.id)
      return agg
    })
  }

  async addHost(ref: string, hostRef: string): Promise<Aggregate> {
    return this.store.transact((state) => {
      const agg = findOne('aggregate', state.aggregates, ref)
      const host = findOne('host', state.hosts, hostRef)
      if (agg.hostIds.includes(host.id)) throw new UserError(`Host ${host.name} is already in aggregate ${agg.name}`)
      const zone = agg.metadata.availability_zone
      const other = zone ? zonesOf(state, host.id).filter((z) => z !== zone) : []
      if (other.length > 0) throw this.zoneConflict(state, agg, host.id, other)
      agg.hostIds.push(host.id)
      return agg
    })
  }

  async removeHost(ref: string, hostRef: string): Promise<Aggregate> {
    return this.store.transact((state) => {
      const agg = findOne('aggregate', state.aggregates, ref)
      const host = findOne('host', state.hosts, hostRef)
      if (!agg.hostIds.includes(host.id)) throw new UserError(`Host ${host.name} is not in aggregate ${agg.name}`)
      agg.hostIds = agg.hostIds.filter((id) => id !== host.id)
      return agg
    })
  }

  private zoneConflict(state: State, agg: Aggregate, hostId: string, zones: string[]): UserError {
    const name = state.hosts.find((h) => h.id === hostId)?.name ?? hostId
    return new UserError(`Host ${name} is already in availability zone ${zones.join(', ')}; a host can be in only one zone`, {
      hint: `Remove it from that zone's aggregate first, or give ${agg.name} the same zone.`,
    })
  }
}
