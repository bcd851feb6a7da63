// Presentation of aggregates, server groups and resource providers (pure).
import type { Aggregate, Host, ServerGroup, State } from '../core/store/schema.js'
import { capacity, usage } from '../core/model/placement.js'
import { RESOURCE_CLASSES } from '../core/store/constants.js'
import { fieldNames } from './output.js'

const hostNames = (state: Pick<State, 'hosts'>, ids: string[]) => ids.map((id) => state.hosts.find((h) => h.id === id)?.name ?? id)

/** An aggregate in Nova's API words. */
export function aggregateView(a: Aggregate, state: Pick<State, 'hosts'>) {
  return { id: a.id, name: a.name, availability_zone: a.metadata.availability_zone ?? null, hosts: hostNames(state, a.hostIds), properties: a.metadata, created_at: a.createdAt }
}

/** The fields of `aggregate show`, `aggregate create` and `aggregate set`. */
export const AGGREGATE_FIELDS = fieldNames<ReturnType<typeof aggregateView>>()(['id', 'name', 'availability_zone', 'hosts', 'properties', 'created_at'])

/** A server group in Nova's API words. */
export function serverGroupView(g: ServerGroup, state: Pick<State, 'servers'>) {
  const members = g.memberIds.filter((id) => state.servers.some((s) => s.id === id && s.vmState !== 'deleted'))
  return { id: g.id, name: g.name, policy: g.policy, rules: g.rules, members, project_id: g.projectId, created_at: g.createdAt }
}

/** The fields of `server group show` and `server group create`. */
export const SERVER_GROUP_FIELDS = fieldNames<ReturnType<typeof serverGroupView>>()(['id', 'name', 'policy', 'rules', 'members', 'project_id', 'created_at'])

/** A resource provider: inventories with capacity and usage, and traits. */
export function providerView(h: Host, state: Pick<State, 'allocations'>) {
  const used = usage(h.id, state.allocations)
  const inventories = Object.fromEntries(
    RESOURCE_CLASSES.map((rc) => {
      const inv = h.inventory[rc]
      return [rc, { total: inv.total, reserved: inv.reserved, min_unit: inv.minUnit, max_unit: inv.maxUnit, step_size: inv.stepSize, allocation_ratio: inv.allocationRatio, capacity: capacity(inv), used: used[rc] }]
    }),
  )
  return { uuid: h.id, name: h.name, generation: 0, inventories, traits: h.traits }
}
