// Nova's compute quotas (nova/quota.py with the DB driver and legacy counting):
// per-project limits with cloud-wide defaults (the `default` quota class),
// usage counted from the store, and the checks made where Nova makes them:
// instances/cores/ram at create and resize, key pairs per user, server groups
// and their members. -1 means unlimited, as in Nova.
import { UserError } from '../errors.js'
import type { Flavor, State } from '../store/schema.js'

/** Every quota, its Nova default and what it counts; the keys are openstack's flag names without dashes. */
export const QUOTAS = {
  instances: { default: 10, unit: 'servers' },
  cores: { default: 20, unit: 'vCPUs' },
  ram: { default: 51200, unit: 'MB of RAM' },
  key_pairs: { default: 100, unit: 'key pairs' },
  server_groups: { default: 10, unit: 'server groups' },
  server_group_members: { default: 10, unit: 'servers in one group' },
  metadata_items: { default: 128, unit: 'metadata items' },
  injected_files: { default: 5, unit: 'files' },
  injected_file_content_bytes: { default: 10240, unit: 'bytes per file' },
  injected_file_path_bytes: { default: 255, unit: 'bytes per file path' },
} as const
export type QuotaName = keyof typeof QUOTAS
export const QUOTA_NAMES = Object.keys(QUOTAS) as QuotaName[]

/** The limits that apply to a project: its own, else the default class's, else Nova's defaults. */
export function limitsOf(state: Pick<State, 'quotas'>, projectId: string): Record<QuotaName, number> {
  const own = state.quotas.projects[projectId] ?? {}
  return Object.fromEntries(QUOTA_NAMES.map((q) => [q, own[q] ?? state.quotas.defaults[q] ?? QUOTAS[q].default])) as Record<QuotaName, number>
}

/** The default class's limits (`quota show --default`). */
export function defaultLimits(state: Pick<State, 'quotas'>): Record<QuotaName, number> {
  return Object.fromEntries(QUOTA_NAMES.map((q) => [q, state.quotas.defaults[q] ?? QUOTAS[q].default])) as Record<QuotaName, number>
}

/**
 * What a project uses now, counted as Nova's legacy counting does: every
 * server not deleted counts, shelved ones too (their flavor is still theirs);
 * a server mid-resize counts the larger of its two flavors.
 */
export function usageOf(state: Pick<State, 'servers' | 'keypairs' | 'serverGroups'>, projectId: string, userId?: string): { instances: number; cores: number; ram: number; key_pairs: number; server_groups: number } {
  let instances = 0, cores = 0, ram = 0
  for (const s of state.servers) {
    if (s.projectId !== projectId || s.vmState === 'deleted') continue
    instances += 1
    const other = s.migration?.newFlavor ?? s.flavor
    cores += Math.max(s.flavor.vcpus, other.vcpus)
    ram += Math.max(s.flavor.ramMb, other.ramMb)
  }
  return {
    instances,
    cores,
    ram,
    key_pairs: state.keypairs.filter((k) => userId === undefined || k.userId === userId).length,
    server_groups: state.serverGroups.filter((g) => g.projectId === projectId).length,
  }
}

/** Nova's OverQuota message: "Quota exceeded for cores: Requested 4, but already used 18 of 20 cores". */
export class QuotaError extends UserError {
  constructor(resource: QuotaName, requested: number, used: number, limit: number) {
    super(`Quota exceeded for ${resource}: Requested ${requested}, but already used ${used} of ${limit} ${resource}`, {
      hint: `Free some (delete servers, or resize down), or raise the limit: homenova quota set --${resource.replaceAll('_', '-')} N PROJECT (see \`homenova quota show\`).`,
    })
    this.name = 'QuotaError'
  }
}

const allows = (limit: number, used: number, requested: number) => limit < 0 || used + requested <= limit

/**
 * How many servers of `flavor` a create may make, between `min` and `max`
 * (Nova makes as many as the quota allows, but at least min); a QuotaError
 * names the first resource that does not allow even `min`.
 */
export function serversAllowed(state: Pick<State, 'quotas' | 'servers' | 'keypairs' | 'serverGroups'>, projectId: string, flavor: Pick<Flavor, 'vcpus' | 'ramMb'>, min: number, max: number): number {
  const limits = limitsOf(state, projectId)
  const used = usageOf(state, projectId)
  const per = { instances: 1, cores: flavor.vcpus, ram: flavor.ramMb } as const
  let count = max
  for (const r of ['instances', 'cores', 'ram'] as const) {
    if (limits[r] < 0) continue
    const fits = Math.floor(Math.max(0, limits[r] - used[r]) / per[r])
    if (fits < min) throw new QuotaError(r, per[r] * min, used[r], limits[r])
    count = Math.min(count, fits)
  }
  return count
}

/** A resize's growth (new minus old flavor, only what grows) must fit in cores and ram. */
export function checkResizeQuota(state: Pick<State, 'quotas' | 'servers' | 'keypairs' | 'serverGroups'>, projectId: string, from: Pick<Flavor, 'vcpus' | 'ramMb'>, to: Pick<Flavor, 'vcpus' | 'ramMb'>): void {
  const limits = limitsOf(state, projectId)
  const used = usageOf(state, projectId)
  const grow = { cores: to.vcpus - from.vcpus, ram: to.ramMb - from.ramMb }
  for (const r of ['cores', 'ram'] as const) {
    if (grow[r] > 0 && !allows(limits[r], used[r], grow[r])) throw new QuotaError(r, grow[r], used[r], limits[r])
  }
}

/** One more of a counted thing (a key pair for `userId`, a server group, `adding` members of a group of `members`). */
export function checkCount(state: Pick<State, 'quotas' | 'servers' | 'keypairs' | 'serverGroups'>, projectId: string, resource: 'key_pairs' | 'server_groups' | 'server_group_members', options: { userId?: string; members?: number; adding?: number } = {}): void {
  const limit = limitsOf(state, projectId)[resource]
  const requested = options.adding ?? 1
  const used = resource === 'server_group_members' ? (options.members ?? 0) : usageOf(state, projectId, options.userId)[resource]
  if (!allows(limit, used, requested)) throw new QuotaError(resource, requested, used, limit)
}

/** Checks a limit given to `quota set`: a whole number, -1 for unlimited. */
export function checkLimit(resource: string, value: number): asserts resource is QuotaName {
  if (!(QUOTA_NAMES as string[]).includes(resource)) throw new UserError(`Unknown quota ${resource}`, { hint: `Known: ${QUOTA_NAMES.join(', ')}.` })
  if (!Number.isInteger(value) || value < -1) throw new UserError(`Quota ${resource} must be a whole number >= 0, or -1 for unlimited; got ${value}`)
}
