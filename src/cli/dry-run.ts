// What `server create --dry-run` prints: the scheduler's verdict on every host.
import type { HostVerdict, ScheduleResult } from '../core/scheduler/scheduler.js'
import { table } from './table.js'

/** The --json shape of a dry run. */
export interface DryRunView {
  hosts: Array<{ host: string; passed: boolean; rejected_by: string | null; reason: string | null; weights: Record<string, number>; total: number | null }>
  chosen: string[]
  failure: string | null
}

/** The dry run as data: one entry per host, then the chosen host per instance. */
export function dryRunView(result: ScheduleResult): DryRunView {
  return {
    hosts: result.verdicts.map((v: HostVerdict) => ({
      host: v.host,
      passed: v.passed,
      rejected_by: v.rejected_by ?? null,
      reason: v.reason ?? null,
      weights: v.weights,
      total: v.passed ? v.total : null,
    })),
    chosen: result.selections.map((s) => s.host.host.name),
    failure: result.failure ?? null,
  }
}

const round = (n: number) => (Math.round(n * 1000) / 1000).toString()

/** The dry run for an operator: passing hosts by weight first, then the rejected ones and why. */
export function dryRunText(view: DryRunView): string {
  const passed = view.hosts.filter((h) => h.passed).sort((a, b) => (b.total ?? 0) - (a.total ?? 0))
  const rejected = view.hosts.filter((h) => !h.passed)
  // Only the weighers that told the hosts apart; the rest add 0 everywhere.
  const weigherNames = [...new Set(passed.flatMap((h) => Object.keys(h.weights)))].filter((w) => passed.some((h) => (h.weights[w] ?? 0) !== 0))
  const lines: string[] = []
  if (passed.length > 0) {
    lines.push('Hosts that pass every filter, best first (weights are normalized to 0..1 and multiplied):')
    lines.push(table(['Host', ...weigherNames, 'Total'], passed.map((h) => [h.host, ...weigherNames.map((w) => round(h.weights[w] ?? 0)), round(h.total ?? 0)])))
  }
  if (rejected.length > 0) {
    lines.push('Hosts rejected:')
    lines.push(table(['Host', 'Rejected by', 'Why'], rejected.map((h) => [h.host, h.rejected_by ?? '', h.reason ?? ''])))
  }
  if (view.failure) lines.push(`No valid host was found: ${view.failure}`)
  else lines.push(`Chosen: ${view.chosen.map((h, i) => (view.chosen.length > 1 ? `#${i + 1} ${h}` : h)).join(', ')}`)
  lines.push('(dry run: nothing was recorded)')
  return lines.join('\n')
}
