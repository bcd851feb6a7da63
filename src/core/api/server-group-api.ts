// Server groups (Nova's instance groups): a policy that keeps members together
// (affinity) or apart (anti-affinity), strictly or as a preference (soft-*).
import { checkCount } from '../model/quotas.js'
import { randomUUID } from 'node:crypto'
import { nowIso } from '../clock.js'
import { UserError } from '../errors.js'
import { checkName, findOne } from '../model/names.js'
import { DEFAULT_PROJECT, GROUP_POLICIES } from '../store/constants.js'
import type { ServerGroup } from '../store/schema.js'
import type { Store } from '../store/store.js'

/** Server group operations. */
export class ServerGroupApi {
  constructor(private readonly store: Store) {}

  async list(): Promise<ServerGroup[]> {
    return (await this.store.read()).serverGroups
  }

  async show(ref: string): Promise<ServerGroup> {
    return findOne('server group', (await this.store.read()).serverGroups, ref)
  }

  /** Creates a group; `max_server_per_host` is a rule of anti-affinity only, as in Nova (API 2.64). */
  async create(name: string, policy: string, rules: Record<string, string>): Promise<ServerGroup> {
    checkName('server group', name)
    if (!(GROUP_POLICIES as readonly string[]).includes(policy)) {
      throw new UserError(`Unknown server group policy ${JSON.stringify(policy)}`, { hint: `Use one of: ${GROUP_POLICIES.join(', ')}.` })
    }
    const parsed: ServerGroup['rules'] = {}
    for (const [key, value] of Object.entries(rules)) {
      if (key !== 'max_server_per_host') throw new UserError(`Unknown server group rule ${JSON.stringify(key)}`, { hint: 'The only rule is max_server_per_host.' })
      if (policy !== 'anti-affinity') throw new UserError(`The rule max_server_per_host applies to the anti-affinity policy only, not ${policy}`)
      const n = Number(value)
      if (!Number.isInteger(n) || n < 1) throw new UserError(`max_server_per_host must be a whole number >= 1, got ${JSON.stringify(value)}`)
      parsed.max_server_per_host = n
    }
    return this.store.transact((state) => {
      if (state.serverGroups.some((g) => g.name === name)) throw new UserError(`A server group named ${name} already exists`, { hint: 'Pick another name.' })
      checkCount(state, DEFAULT_PROJECT, 'server_groups')
      const group: ServerGroup = { id: randomUUID(), name, policy: policy as ServerGroup['policy'], rules: parsed, memberIds: [], projectId: DEFAULT_PROJECT, createdAt: nowIso() }
      state.serverGroups.push(group)
      return group
    })
  }

  async delete(ref: string): Promise<ServerGroup> {
    return this.store.transact((state) => {
      const group = findOne('server group', state.serverGroups, ref)
      state.serverGroups = state.serverGroups.filter((g) => g.id !== group.id)
      return group
    })
  }
}
