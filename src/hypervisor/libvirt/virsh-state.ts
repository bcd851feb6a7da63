// Reads virsh's words for a domain's state as homenova's power states. Pure:
// unit-tested on captured output. virsh runs with LC_ALL=C, so the words are
// the English ones of virshDomainStateToString.
import type { DomainFacts, DomainPowerState } from '../driver.js'
import { DOMAIN_PREFIX } from '../power-rules.js'

/**
 * One virsh state word as a power state. `saved` (what `list --managed-save`
 * prints) and `shut off` with a managed save image are both `suspended`; `idle`
 * (blocked on I/O) runs, as Nova's mapping says; `in shutdown` and
 * `pmsuspended` are passing or foreign states: `other`.
 */
export function powerState(word: string, managedSave = false): DomainPowerState {
  switch (word.trim()) {
    case 'running':
    case 'idle':
      return 'running'
    case 'paused':
      return 'paused'
    case 'shut off':
      return managedSave ? 'suspended' : 'shutoff'
    case 'saved':
      return 'suspended'
    case 'crashed':
      return 'crashed'
    default:
      return 'other'
  }
}

/**
 * The state in `virsh dominfo` output. dominfo is the one-command way to see a
 * managed save: `domstate --reason` says "shut off (saved)" only until the
 * daemon restarts (then "shut off (unknown)"), and session daemons restart often.
 */
export function parseDominfo(text: string): DomainFacts {
  const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*?)[ \\t]*$`, 'm').exec(text)?.[1]
  const word = field('State')
  if (word === undefined) throw new Error(`virsh dominfo printed no State line: ${text.trim().slice(0, 200)}`)
  const state = powerState(word, field('Managed save') === 'yes')
  return { state, detail: state === 'suspended' ? 'saved' : word }
}

/** `virsh -q list --all --managed-save` as domain name -> facts, homenova's domains only. */
export function parseDomainList(text: string): Map<string, DomainFacts> {
  const domains = new Map<string, DomainFacts>()
  for (const line of text.split('\n')) {
    // " 3    instance-0a1b2c3d   running" or " -    instance-0a1b2c3d   shut off"
    const m = /^\s*(\S+)\s+(\S+)\s+(\S.*?)\s*$/.exec(line)
    if (!m || !m[2].startsWith(DOMAIN_PREFIX)) continue
    domains.set(m[2], { state: powerState(m[3]), detail: m[3] })
  }
  return domains
}
