// Nova's ComputeCapabilitiesFilter (nova/scheduler/filters/compute_capabilities_filter.py):
// flavor extra specs `capabilities:<attr>[:<key>...]` (and unscoped `<attr>`)
// matched with extra_specs_ops against the host's HostState attributes.
import type { HostState } from '../host-state.js'
import { matchesExtraSpec } from './extra-specs-ops.js'
import type { HostFilter } from './types.js'

// The Nova HostState attributes homenova keeps. Nova's others (uuid, limits,
// metrics, numa_topology, pci_stats, updated) and its methods are not offered.
const ATTRIBUTES = new Set<keyof HostState>([
  'nodename', 'hypervisor_hostname', 'total_usable_ram_mb', 'free_ram_mb', 'total_usable_disk_gb',
  'free_disk_mb', 'disk_mb_used', 'vcpus_total', 'vcpus_used', 'num_instances', 'num_io_ops',
  'failed_builds', 'host_ip', 'hypervisor_type', 'hypervisor_version', 'cpu_info',
  'supported_instances', 'cpu_allocation_ratio', 'ram_allocation_ratio', 'disk_allocation_ratio', 'stats',
])
// Attributes Nova holds as Python floats, so str() gives '16.0', not '16'.
const FLOATS = new Set(['cpu_allocation_ratio', 'ram_allocation_ratio', 'disk_allocation_ratio'])

function isAttribute(name: string): name is keyof HostState {
  return ATTRIBUTES.has(name as keyof HostState)
}

/** A Nova HostState attribute by Nova's name (`host` is the host's name, as in Nova); undefined if homenova has none. */
export function novaAttribute(hs: HostState, name: string): unknown {
  if (name === 'host') return hs.host_name
  return isAttribute(name) ? hs[name] : undefined
}

type Dict = Record<string, unknown>
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v)

// Parsed JSON per text (cpu_info is the same few strings across 10,000 hosts).
const BAD_JSON = Symbol('bad json')
const parsed = new Map<string, unknown>()
function parseJson(text: string): unknown {
  let v = parsed.get(text)
  if (v === undefined) {
    try { v = JSON.parse(text) } catch { v = BAD_JSON }
    if (parsed.size >= 1024) parsed.clear()
    parsed.set(text, v)
  }
  return v
}

/** Nova's _get_capabilities: walks `path` through attributes (then stats), JSON text and dicts; undefined where Nova gets None. */
export function capabilityAt(hs: HostState, path: readonly string[]): unknown {
  let cap: unknown
  for (let i = 0; i < path.length; i++) {
    const name = path[i]
    if (i === 0) {
      cap = novaAttribute(hs, name)
      // An attribute Nova does not find (or finds None) is looked up in host_state.stats.
      if (cap === undefined || cap === null) cap = Object.hasOwn(hs.stats, name) ? hs.stats[name] : undefined
    } else {
      // A string is parsed as JSON before each further step (cpu_info); bad JSON fails.
      if (typeof cap === 'string') cap = parseJson(cap)
      // Stepping into anything but a dict fails (Nova: AttributeError on `.stats`).
      cap = isDict(cap) && Object.hasOwn(cap, name) ? cap[name] : undefined
    }
    if (cap === undefined || cap === null) return undefined
  }
  return cap
}

/** Python's str() of a value, as Nova stringifies a capability before matching it. */
export function pyStr(v: unknown, float = false): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return float || !Number.isInteger(v) ? pyFloatStr(v) : String(v)
  if (typeof v === 'boolean') return v ? 'True' : 'False'
  if (v === null || v === undefined) return 'None'
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`
  if (isDict(v)) return `{${Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`
  return String(v)
}

function pyRepr(v: unknown): string {
  if (typeof v !== 'string') return pyStr(v)
  const q = v.includes("'") && !v.includes('"') ? '"' : "'"
  const body = v.replace(/[\\\n\r\t\x00-\x1f\x7f]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  return q + (q === "'" ? body.replaceAll("'", "\\'") : body) + q
}

function pyFloatStr(v: number): string {
  if (Number.isNaN(v)) return 'nan'
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf'
  const abs = Math.abs(v)
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2')
  return Number.isInteger(v) ? `${v}.0` : String(v)
}

interface CapabilitySpec { key: string; path: string[]; req: string; unscoped: boolean }
const specsByFlavor = new WeakMap<Record<string, string>, CapabilitySpec[]>()

// The extra specs this filter reads: unscoped ones and `capabilities:` ones; any other scope is not ours.
function capabilitySpecs(extraSpecs: Record<string, string>): CapabilitySpec[] {
  let out = specsByFlavor.get(extraSpecs)
  if (out) return out
  out = []
  for (const [key, req] of Object.entries(extraSpecs)) {
    const scope = key.split(':')
    if (scope.length === 1) out.push({ key, path: scope, req, unscoped: true })
    else if (scope[0] === 'capabilities') out.push({ key, path: scope.slice(1), req, unscoped: false })
  }
  specsByFlavor.set(extraSpecs, out)
  return out
}

/** ComputeCapabilitiesFilter. */
export const computeCapabilitiesFilter: HostFilter = {
  name: 'ComputeCapabilitiesFilter',
  reject(hs, spec) {
    for (const { key, path, req, unscoped } of capabilitySpecs(spec.flavor.extraSpecs)) {
      // An unscoped key the host has no attribute or stat for is someone else's extra spec.
      if (unscoped && novaAttribute(hs, key) === undefined && !Object.hasOwn(hs.stats, key)) continue
      const cap = capabilityAt(hs, path)
      if (cap === undefined) return `${key}: the host reports no ${path.join(':')}, flavor wants ${req}`
      const value = pyStr(cap, path.length === 1 && FLOATS.has(path[0]))
      if (!matchesExtraSpec(value, req)) return `${key} is ${value}, flavor wants ${req}`
    }
    return null
  },
}
