// Checks and resolves what `server create` asks of the scheduler before anything
// is recorded: hints (Nova's names only), server group, zone and forced host,
// instance counts. Every problem is a UserError that says what to do.
import { isIP } from 'node:net'
import { UserError } from '../errors.js'
import { findOne } from '../model/names.js'
import type { SchedulerConfig } from '../scheduler/config.js'
import { parseQuery } from '../scheduler/filters/json-query.js'
import { DEFAULT_AVAILABILITY_ZONE } from '../scheduler/host-state.js'
import type { SchedulerHints } from '../scheduler/request.js'
import type { State } from '../store/schema.js'

/** Scheduler hints as typed by the user: key -> values (a key may repeat). */
export type RawHints = Record<string, string[]>

/** What the user asked of the scheduler, before checking. */
export interface PlacementAsk {
  hints: RawHints
  /** `--availability-zone ZONE` or Nova's `ZONE:HOST` form. */
  availabilityZone?: string
  /** `--host HOST`: force a host, as an operator may. */
  host?: string
  min?: number
  max?: number
}

/** The checked request. */
export interface CheckedPlacement {
  hints: SchedulerHints
  availabilityZone?: string
  forcedHost?: string
  /** --max: how many to make; quotas may lower it, never below minInstances (--min). */
  numInstances: number
  minInstances: number
}

const HINT_KEYS = ['different_host', 'same_host', 'group', 'query', 'build_near_host_ip', 'cidr'] as const
// The filter that acts on each hint. Nova silently ignores a hint whose filter is
// not enabled; homenova refuses it instead, since a hint that does nothing is
// what makes "why did it land there?" questions.
const HINT_FILTERS: Record<string, string | undefined> = {
  different_host: 'DifferentHostFilter',
  same_host: 'SameHostFilter',
  query: 'JsonFilter',
  build_near_host_ip: 'SimpleCIDRAffinityFilter',
}
// Which filter must be enabled for a group policy to be honoured (Nova refuses otherwise).
const POLICY_FILTERS: Record<string, string | undefined> = {
  affinity: 'ServerGroupAffinityFilter',
  'anti-affinity': 'ServerGroupAntiAffinityFilter',
}

/** Every availability zone: the default one plus those aggregates define. */
export function availabilityZones(state: State): string[] {
  const zones = new Set([DEFAULT_AVAILABILITY_ZONE])
  for (const a of state.aggregates) if (a.metadata.availability_zone) zones.add(a.metadata.availability_zone)
  return [...zones]
}

/** Checks and resolves the placement part of a create request against the store. */
export function checkPlacement(state: State, ask: PlacementAsk, config: SchedulerConfig): CheckedPlacement {
  const min = ask.min ?? 1
  const max = ask.max ?? min
  if (!Number.isInteger(min) || min < 1) throw new UserError(`--min must be a whole number >= 1, got ${ask.min}`)
  if (!Number.isInteger(max) || max < 1) throw new UserError(`--max must be a whole number >= 1, got ${ask.max}`)
  if (min > max) throw new UserError(`--min ${min} is larger than --max ${max}`, { hint: 'Give --min <= --max.' })
  const hints: SchedulerHints = {}
  for (const [key, values] of Object.entries(ask.hints)) {
    if (!(HINT_KEYS as readonly string[]).includes(key)) {
      throw new UserError(`Unknown scheduler hint ${JSON.stringify(key)}`, { hint: `Known hints: ${HINT_KEYS.join(', ')}.` })
    }
    const needed = HINT_FILTERS[key]
    if (needed && !config.enabled_filters.includes(needed)) {
      throw new UserError(`Scheduler hint ${key} needs ${needed}, which is not enabled`, {
        hint: `Enable it: homenova config set enabled_filters ${[...config.enabled_filters, needed].join(',')}`,
      })
    }
    const single = () => {
      if (values.length !== 1) throw new UserError(`Scheduler hint ${key} takes one value, got ${values.length}`)
      return values[0]
    }
    if (key === 'different_host' || key === 'same_host') {
      hints[key] = values.map((ref) => findOne('server', state.servers.filter((s) => s.vmState !== 'deleted'), ref).id)
    } else if (key === 'group') {
      const group = findOne('server group', state.serverGroups, single())
      const needed = POLICY_FILTERS[group.policy]
      if (needed && !config.enabled_filters.includes(needed)) {
        throw new UserError(`Server group ${group.name} has policy ${group.policy}, but ${needed} is not enabled`, {
          hint: `Enable it: homenova config set enabled_filters ${[...config.enabled_filters, needed].join(',')}`,
        })
      }
      hints.group = group.id
    } else if (key === 'query') {
      try {
        parseQuery(single())
      } catch (err) {
        throw new UserError(`Malformed scheduler hint query: ${(err as Error).message}`, { hint: 'A query is JSON like ["and", [">=", "$free_ram_mb", 1024]].' })
      }
      hints.query = single()
    } else if (key === 'build_near_host_ip') {
      if (!isIP(single())) throw new UserError(`build_near_host_ip ${JSON.stringify(single())} is not an IP address`)
      hints.build_near_host_ip = single()
    } else if (key === 'cidr') {
      if (!/^\/\d{1,3}$/.test(single())) throw new UserError(`cidr ${JSON.stringify(single())} is not a prefix length like /24`)
      hints.cidr = single()
    }
  }
  if (hints.cidr && !hints.build_near_host_ip) throw new UserError('The cidr hint needs build_near_host_ip')
  let availabilityZone = ask.availabilityZone
  let forcedHost = ask.host
  if (availabilityZone?.includes(':')) {
    const [zone, host] = availabilityZone.split(':')
    availabilityZone = zone || undefined
    if (host) forcedHost = host
  }
  if (availabilityZone && !availabilityZones(state).includes(availabilityZone)) {
    throw new UserError(`No availability zone ${JSON.stringify(availabilityZone)}`, { hint: `Zones: ${availabilityZones(state).join(', ')}.` })
  }
  if (forcedHost && !state.hosts.some((h) => h.name === forcedHost)) {
    throw new UserError(`No host named ${JSON.stringify(forcedHost)} to force`, { hint: 'List hosts with `homenova host list`.' })
  }
  return { hints, ...(availabilityZone ? { availabilityZone } : {}), ...(forcedHost ? { forcedHost } : {}), numInstances: max, minInstances: min }
}
