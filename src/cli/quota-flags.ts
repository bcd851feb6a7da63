// The per-quota flags of `quota set`, named as openstack's (--instances,
// --key-pairs, --injected-file-size...), mapped to Nova's quota names.
import { Flags } from '@oclif/core'
import { QUOTAS, type QuotaName } from '../core/model/quotas.js'

// openstack's flag for each quota where it differs from the name with dashes.
const FLAG_OF: Partial<Record<QuotaName, string>> = {
  injected_file_content_bytes: 'injected-file-size',
  injected_file_path_bytes: 'injected-path-size',
  metadata_items: 'properties',
}

/** The flag name of a quota. */
export const quotaFlag = (q: QuotaName) => FLAG_OF[q] ?? q.replaceAll('_', '-')

/** One integer flag per quota. */
export const quotaFlags = Object.fromEntries(
  (Object.keys(QUOTAS) as QuotaName[]).map((q) => [quotaFlag(q), Flags.integer({ description: `Limit on ${QUOTAS[q].unit} (Nova's ${q}; default ${QUOTAS[q].default}, -1 unlimited).`, min: -1 })]),
) as Record<string, ReturnType<typeof Flags.integer>>

/** The limits given on the command line, by quota name. */
export function limitsFromFlags(flags: Record<string, unknown>): Partial<Record<QuotaName, number>> {
  const out: Partial<Record<QuotaName, number>> = {}
  for (const q of Object.keys(QUOTAS) as QuotaName[]) {
    const value = flags[quotaFlag(q)]
    if (typeof value === 'number') out[q] = value
  }
  return out
}
