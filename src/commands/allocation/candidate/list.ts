import { Flags } from '@oclif/core'
import { BaseCommand } from '../../../cli/base-command.js'
import { keyValues } from '../../../cli/key-values.js'
import { listFlags } from '../../../cli/output-flags.js'

export default class AllocationCandidateList extends BaseCommand {
  static description = 'List the resource providers that can hold the given resources, have the required traits and none of the forbidden ones, and (with --member-of) belong to one of the given aggregates.'
  static examples = ['<%= config.bin %> allocation candidate list --resource VCPU=2 --resource MEMORY_MB=2048 --required CUSTOM_STORAGE_SSD']
  static flags = {
    ...listFlags,
    'member-of': Flags.string({ description: 'Only providers in this aggregate (repeatable: any of them).', multiple: true, multipleNonGreedy: true, default: [] }),
    forbidden: Flags.string({ description: 'A trait the provider must not have (repeatable).', multiple: true, multipleNonGreedy: true, default: [] }),
    required: Flags.string({ description: 'A trait the provider must have (repeatable).', multiple: true, multipleNonGreedy: true, default: [] }),
    resource: Flags.string({ description: 'CLASS=AMOUNT (repeatable).', multiple: true, multipleNonGreedy: true, required: true }),
  }

  async run() {
    const { flags } = await this.parse(AllocationCandidateList)
    const resources = Object.fromEntries(Object.entries(keyValues('--resource', flags.resource)).map(([k, v]) => [k, Number(v)]))
    const candidates = await (await this.services()).placement.candidates(resources, flags.required, flags.forbidden, flags['member-of'])
    return this.printList(flags, candidates, () => ({
      columns: ['Provider', 'Allocation', 'Used / Capacity'],
      rows: candidates.map((c) => [
        c.provider,
        Object.entries(c.allocations).filter(([, n]) => n > 0).map(([rc, n]) => `${rc}=${n}`).join(', '),
        Object.entries(c.capacity).map(([rc, n]) => `${rc}=${c.used[rc as keyof typeof c.used]}/${n}`).join(', '),
      ]),
    }))
  }
}
