// Nova's os-quota-sets and limits APIs: show and set a project's quotas or the
// default class's, put a project back on the defaults, and the absolute limits
// with what is in use (`limits show --absolute`, novaclient's `limits`).
import { UserError } from '../errors.js'
import { checkLimit, defaultLimits, limitsOf, QUOTA_NAMES, usageOf, type QuotaName } from '../model/quotas.js'
import type { Store } from '../store/store.js'
import { LOCAL_ADMIN, type Caller } from './caller.js'

/** One quota as `quota show` reports it. */
export interface QuotaRow {
  resource: QuotaName
  limit: number
  /** What the project uses now, for the counted resources (null: checked per request, nothing to count). */
  in_use: number | null
}

/** Quota operations; the project defaults to the caller's. */
export class QuotaApi {
  constructor(
    private readonly store: Store,
    private readonly caller: Caller = LOCAL_ADMIN,
  ) {}

  /** A project's limits with its usage, or the default class's (`--default`). */
  async show(project?: string, options: { defaults?: boolean } = {}): Promise<{ project: string | null; quotas: QuotaRow[] }> {
    const state = await this.store.read()
    if (options.defaults) return { project: null, quotas: QUOTA_NAMES.map((resource) => ({ resource, limit: defaultLimits(state)[resource], in_use: null })) }
    const projectId = project ?? this.caller.projectId
    const limits = limitsOf(state, projectId)
    const used: Partial<Record<QuotaName, number>> = usageOf(state, projectId, projectId === this.caller.projectId ? this.caller.userId : undefined)
    return { project: projectId, quotas: QUOTA_NAMES.map((resource) => ({ resource, limit: limits[resource], in_use: used[resource] ?? null })) }
  }

  /** Sets some limits of a project, or of the default class (`target: {defaults: true}`); -1 is unlimited. */
  async set(target: { project: string } | { defaults: true }, limits: Partial<Record<string, number>>): Promise<Record<QuotaName, number>> {
    const entries = Object.entries(limits).filter((e): e is [string, number] => e[1] !== undefined)
    if (entries.length === 0) throw new UserError('Say which quota to set', { hint: 'For example: homenova quota set --instances 20 --cores 40 PROJECT' })
    for (const [resource, value] of entries) checkLimit(resource, value)
    return this.store.transact((state) => {
      const into = 'defaults' in target ? state.quotas.defaults : (state.quotas.projects[target.project] ??= {})
      for (const [resource, value] of entries) into[resource] = value
      return 'defaults' in target ? defaultLimits(state) : limitsOf(state, target.project)
    })
  }

  /** Puts a project back on the default class's limits (`quota delete`). */
  async reset(project: string): Promise<void> {
    await this.store.transact((state) => {
      if (!state.quotas.projects[project]) throw new UserError(`Project ${project} has no quotas of its own`, { hint: 'It uses the defaults already: homenova quota show --default' })
      delete state.quotas.projects[project]
    })
  }

  /** Nova's absolute limits for the caller's project (`limits show --absolute`), by Nova's names. */
  async absolute(): Promise<Array<{ name: string; value: number }>> {
    const state = await this.store.read()
    const l = limitsOf(state, this.caller.projectId)
    const u = usageOf(state, this.caller.projectId, this.caller.userId)
    return [
      { name: 'maxServerMeta', value: l.metadata_items },
      { name: 'maxTotalInstances', value: l.instances },
      { name: 'maxPersonality', value: l.injected_files },
      { name: 'maxPersonalitySize', value: l.injected_file_content_bytes },
      { name: 'maxTotalRAMSize', value: l.ram },
      { name: 'maxServerGroups', value: l.server_groups },
      { name: 'maxServerGroupMembers', value: l.server_group_members },
      { name: 'maxTotalCores', value: l.cores },
      { name: 'maxTotalKeypairs', value: l.key_pairs },
      { name: 'totalRAMUsed', value: u.ram },
      { name: 'totalCoresUsed', value: u.cores },
      { name: 'totalInstancesUsed', value: u.instances },
      { name: 'totalServerGroupsUsed', value: u.server_groups },
    ]
  }

  /** Projects with limits of their own, and those limits. */
  async list(): Promise<Array<{ project: string; limits: Record<QuotaName, number> }>> {
    const state = await this.store.read()
    return Object.keys(state.quotas.projects).sort().map((project) => ({ project, limits: limitsOf(state, project) }))
  }
}
