// Which of the two-state power actions applies in which power state. Shared by
// the libvirt and fake drivers, so both treat a repeat as done and refuse the
// same things in the same words.
import type { DomainPowerState } from './driver.js'

/** Names of homenova's domains start so; listDomains reports only these. */
export const DOMAIN_PREFIX = 'instance-'

/** The power actions that lead from some states to exactly one. */
export type SimplePowerAction = 'pause' | 'unpause' | 'suspend' | 'resume'

const RULES: Record<SimplePowerAction, { from: readonly DomainPowerState[]; to: 'running' | 'paused' | 'suspended' }> = {
  pause: { from: ['running'], to: 'paused' },
  unpause: { from: ['paused'], to: 'running' },
  // A paused domain can be saved; it comes back running (managedsave --running).
  suspend: { from: ['running', 'paused'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'running' },
}

/** The state an action leads to. */
export function powerTarget(action: SimplePowerAction): 'running' | 'paused' | 'suspended' {
  return RULES[action].to
}

/**
 * `act` if the action applies, `done` if the domain is where the action leads
 * already (a retried task finds its work done); throws otherwise.
 */
export function planPower(action: SimplePowerAction, state: DomainPowerState, where: { domain: string; host: string }): 'act' | 'done' {
  const rule = RULES[action]
  if (state === rule.to) return 'done'
  if (rule.from.includes(state)) return 'act'
  const now = state === 'missing' ? 'not defined there' : `${state}`
  throw new Error(`Cannot ${action} ${where.domain} on ${where.host}: it is ${now} (${action} needs ${rule.from.join(' or ')})`)
}
