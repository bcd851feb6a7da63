// Builds a RequestSpec from the store and what the user asked, the way Nova's
// API and conductor assemble one: flavor extra specs `resources:*` and
// `trait:*` become the Placement request, image properties come along for the
// image filters, the `group` hint is resolved to the group and its hosts.
import { UserError } from '../errors.js'
import { RESOURCE_CLASSES } from '../store/constants.js'
import type { Flavor, Image, ResourceClass, ServerGroup, State } from '../store/schema.js'
import { flavorResources, type RequestSpec, type SchedulerHints } from './request.js'

/** What a create (or dry run) asks beyond flavor and image. */
export interface RequestOptions {
  projectId: string
  numInstances: number
  availabilityZone?: string
  forcedHost?: string
  hints: SchedulerHints
  ignoreHostIds?: string[]
  ignoreReason?: RequestSpec['ignoreReason']
  /** The server being moved (resize, migrate): its own place does not count against its group. */
  instanceId?: string
  /** The networks asked for (the stored request spec's). */
  networks?: string[]
}

/** Nova's resources:<RC>=<amount> overrides and trait:<NAME>=required|forbidden, from flavor extra specs and image properties. */
export function placementRequest(flavor: Flavor, image?: Pick<Image, 'properties'>) {
  const resources = flavorResources(flavor)
  const required = new Set<string>()
  const forbidden = new Set<string>()
  for (const [key, value] of Object.entries(flavor.extraSpecs)) {
    const [scope, name] = splitScope(key)
    if (scope === 'resources' && (RESOURCE_CLASSES as readonly string[]).includes(name)) {
      const amount = Number(value)
      if (!Number.isInteger(amount) || amount < 0) throw new UserError(`Flavor ${flavor.name} has ${key}=${value}, which is not a whole number >= 0`)
      resources[name as ResourceClass] = amount
    } else if (scope === 'trait') {
      if (value === 'required') required.add(name)
      else if (value === 'forbidden') forbidden.add(name)
      else throw new UserError(`Flavor ${flavor.name} has ${key}=${value}; a trait is "required" or "forbidden"`)
    }
  }
  // Images can require traits too (not forbid them), as in Nova.
  for (const [key, value] of Object.entries(image?.properties ?? {})) {
    const [scope, name] = splitScope(key)
    if (scope === 'trait' && value === 'required') required.add(name)
  }
  return { resources, requiredTraits: [...required], forbiddenTraits: [...forbidden] }
}

function splitScope(key: string): [string, string] {
  const i = key.indexOf(':')
  return i < 0 ? ['', key] : [key.slice(0, i), key.slice(i + 1)]
}

/** The group with the host names its (not deleted) members are on. */
export function resolvedGroup(state: State, group: ServerGroup, movingId?: string): ServerGroup & { hosts: string[] } {
  const hostNames = new Map(state.hosts.map((h) => [h.id, h.name]))
  const members = new Set(group.memberIds)
  const hosts: string[] = []
  for (const s of state.servers) {
    // As Nova does for a move, the moving server's own host is not held against it.
    if (!members.has(s.id) || s.id === movingId || s.vmState === 'deleted' || !s.host) continue
    const name = hostNames.get(s.host)
    if (name) hosts.push(name)
  }
  // Nor is the moving server counted among the members on its own host (anti-affinity).
  return { ...group, ...(movingId ? { memberIds: group.memberIds.filter((id) => id !== movingId) } : {}), hosts }
}

/** The full request spec. */
export function buildRequestSpec(state: State, flavor: Flavor, image: Image, options: RequestOptions): RequestSpec {
  const placement = placementRequest(flavor, image)
  const groupId = options.hints.group
  const group = groupId ? state.serverGroups.find((g) => g.id === groupId) : undefined
  if (groupId && !group) throw new UserError(`Server group ${groupId} no longer exists`)
  return {
    flavor,
    resources: placement.resources,
    image: { id: image.id, properties: image.properties },
    projectId: options.projectId,
    numInstances: options.numInstances,
    ...(options.availabilityZone ? { availabilityZone: options.availabilityZone } : {}),
    ...(options.forcedHost ? { forcedHost: options.forcedHost } : {}),
    hints: options.hints,
    ...(group ? { group: resolvedGroup(state, group, options.instanceId) } : {}),
    requiredTraits: placement.requiredTraits,
    forbiddenTraits: placement.forbiddenTraits,
    ignoreHostIds: options.ignoreHostIds ?? [],
    ...(options.ignoreReason ? { ignoreReason: options.ignoreReason } : {}),
    ...(options.networks && options.networks.length > 0 ? { networks: [...new Set(options.networks)] } : {}),
  }
}
