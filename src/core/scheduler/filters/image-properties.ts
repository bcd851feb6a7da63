// Nova's ImagePropertiesFilter (nova/scheduler/filters/image_props_filter.py): the
// image's architecture, hypervisor type and VM mode must appear in one of the
// host's supported_instances, and the host's hypervisor version must satisfy
// img_hv_requested_version, which Nova reads as a distutils VersionPredicate.
import { PY_WHITESPACE, pyStrip } from './extra-specs-ops.js'
import type { HostFilter } from './types.js'


// nova.objects.fields.Architecture / HVType / VMMode: valid names and the aliases canonicalize() maps.
const ARCHITECTURES = new Set(('alpha armv6 armv7l armv7b aarch64 cris i686 ia64 lm32 m68k microblaze microblazeel mips ' +
  'mipsel mips64 mips64el openrisc parisc parisc64 ppc ppcle ppc64 ppc64le ppcemb s390 s390x sh4 sh4eb sparc sparc64 ' +
  'unicore32 x86_64 xtensa xtensaeb').split(' '))
const HV_TYPES = new Set(('baremetal bhyve docker fake hyperv ironic kqemu kvm lxc lxd openvz parallels vz phyp qemu ' +
  'test uml vbox vmware xen zvm prsm').split(' '))
const VM_MODES = new Set(['hvm', 'xen', 'uml', 'exe'])
const ALIASES: Record<CanonicalField, Record<string, string>> = {
  // i386..i586 and Xen's old x86_32 names are i686; amd64 is x86_64.
  arch: { i386: 'i686', i486: 'i686', i586: 'i686', x86_32: 'i686', x86_32p: 'i686', amd64: 'x86_64' },
  hv: { xapi: 'xen' },
  // Pre-Folsom modes: pv is xen, hv and baremetal are hvm.
  vm: { pv: 'xen', hv: 'hvm', baremetal: 'hvm' },
}
const VALID: Record<CanonicalField, Set<string>> = { arch: ARCHITECTURES, hv: HV_TYPES, vm: VM_MODES }

/** Which of Nova's canonicalized image fields a value is. */
export type CanonicalField = 'arch' | 'hv' | 'vm'

/** Nova's Architecture/HVType/VMMode.canonicalize: lower-cased, aliases mapped; undefined if Nova rejects it. */
export function canonicalize(field: CanonicalField, name: string): string | undefined {
  const lower = name.toLowerCase()
  const out = ALIASES[field][lower] ?? lower
  return VALID[field].has(out) ? out : undefined
}

// Each property under its current name, else its legacy name (ImageMetaProps.from_dict).
const PROPS = [
  { name: 'hw_architecture', legacy: 'architecture', field: 'arch' },
  { name: 'img_hv_type', legacy: 'hypervisor_type', field: 'hv' },
  { name: 'hw_vm_mode', legacy: 'vm_mode', field: 'vm' },
] as const

/** An image property by its current name, else its legacy name, as Nova's ImageMetaProps reads it. */
export function imageProperty(props: Record<string, string>, name: string, legacy: string): string | undefined {
  if (Object.hasOwn(props, name)) return props[name]
  return Object.hasOwn(props, legacy) ? props[legacy] : undefined
}

interface ImageWants { arch?: string; hv?: string; vm?: string; version?: string; error?: string }
const wantsByImage = new WeakMap<Record<string, string>, ImageWants>()

// What the image asks of a host, worked out once per image properties object.
function imageWants(props: Record<string, string>): ImageWants {
  let out = wantsByImage.get(props)
  if (out) return out
  out = {}
  for (const p of PROPS) {
    const raw = imageProperty(props, p.name, p.legacy)
    if (raw === undefined) continue
    const canonical = canonicalize(p.field, raw)
    // Nova refuses such an image before scheduling (ImageMetaProps coercion raises).
    if (canonical === undefined) out.error ??= `image ${p.name} '${raw}' is not one Nova accepts`
    else out[p.field] = canonical
  }
  const version = imageProperty(props, 'img_hv_requested_version', 'hypervisor_version_requires')
  if (version !== undefined) {
    // Nova validates it when it loads the image, even when empty (VersionPredicateField).
    out.version = version
    const parsed = versionPredicate(version)
    if (typeof parsed === 'string') out.error ??= `image img_hv_requested_version '${version}' is not a version requirement (${parsed})`
  }
  wantsByImage.set(props, out)
  return out
}

// distutils.version.StrictVersion: 'A.B[.C][{a|b}N]', compared by (A, B, C), then a
// release above any of its pre-releases.
interface StrictVersion { release: [number, number, number]; pre?: [string, number] }
const STRICT_RE = /^(\d+)\.(\d+)(?:\.(\d+))?(?:([ab])(\d+))?$/
function strictVersion(text: string): StrictVersion | undefined {
  const m = STRICT_RE.exec(text)
  if (!m) return undefined
  return { release: [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)], pre: m[4] ? [m[4], Number(m[5])] : undefined }
}
function compareVersions(a: StrictVersion, b: StrictVersion): number {
  for (let i = 0; i < 3; i++) if (a.release[i] !== b.release[i]) return a.release[i] - b.release[i]
  if (!a.pre || !b.pre) return (a.pre ? -1 : 0) + (b.pre ? 1 : 0)
  return a.pre[0] !== b.pre[0] ? (a.pre[0] < b.pre[0] ? -1 : 1) : a.pre[1] - b.pre[1]
}

// distutils.versionpredicate.VersionPredicate('image_prop (%s)' % requirement). Python's
// '.' stops at '\n' (so text after a newline is ignored) and its '\s' is PY_WHITESPACE.
const PAREN_RE = new RegExp(`^${PY_WHITESPACE}*\\(([^\\n]*)\\)${PY_WHITESPACE}*$`)
const CONDITION_RE = new RegExp(`^${PY_WHITESPACE}*(<=|>=|<|>|!=|==)${PY_WHITESPACE}*([^${PY_WHITESPACE.slice(1, -1)},]+)${PY_WHITESPACE}*$`)
const COMPARE: Record<string, (c: number) => boolean> = {
  '<': (c) => c < 0, '<=': (c) => c <= 0, '==': (c) => c === 0, '>': (c) => c > 0, '>=': (c) => c >= 0, '!=': (c) => c !== 0,
}
type Condition = [(c: number) => boolean, StrictVersion]
const predicates = new Map<string, Condition[] | string>()

// The conditions of a requirement such as '>=6.0,<6.2', or why distutils refuses it.
function versionPredicate(requirement: string): Condition[] | string {
  let out = predicates.get(requirement)
  if (out !== undefined) return out
  const rest = pyStrip(` (${requirement})`.split('\n')[0])
  const inner = PAREN_RE.exec(rest)
  if (!inner) out = `expected a parenthesized list: ${rest}`
  else {
    out = []
    for (const part of inner[1].split(',')) {
      const m = CONDITION_RE.exec(part)
      const version = m ? strictVersion(m[2]) : undefined
      if (!m || !version) { out = m ? `invalid version number '${m[2]}'` : `bad restriction '${part}'`; break }
      out.push([COMPARE[m[1]], version])
    }
  }
  if (predicates.size >= 256) predicates.clear()
  predicates.set(requirement, out)
  return out
}

/** oslo versionutils.convert_version_to_str: 6001002 -> '6.1.2' (groups of three digits). */
export function hypervisorVersionText(version: number): string {
  const parts: number[] = []
  for (let v = version; v !== 0; v = Math.floor(v / 1000)) parts.unshift(v % 1000)
  return parts.join('.')
}

/** ImagePropertiesFilter. */
export const imagePropertiesFilter: HostFilter = {
  name: 'ImagePropertiesFilter',
  reject(hs, spec, config) {
    const wants = imageWants(spec.image.properties)
    if (wants.error) return wants.error
    const fallback = config.image_properties_default_architecture || null
    const arch = wants.arch ?? (fallback ? canonicalize('arch', fallback) ?? fallback : undefined)
    const checked = [arch, wants.hv, wants.vm].filter((p): p is string => Boolean(p))
    // Nothing compute-related asked (img_hv_requested_version alone is never checked).
    if (checked.length === 0) return null
    const asked = (): string =>
      `image wants ${[arch && `architecture ${arch}`, wants.hv && `hypervisor type ${wants.hv}`, wants.vm && `vm mode ${wants.vm}`].filter(Boolean).join(', ')}`
    const triples = hs.supported_instances
    if (triples.length === 0) return `host advertises no supported instances, ${asked()}`
    // Nova checks each wanted value against the whole triple, not its own position.
    if (!triples.some((t) => checked.every((p) => t.includes(p)))) return `host supports ${triples.map((t) => t.join('/')).join(', ')}, ${asked()}`
    const hv = hs.hypervisor_version
    // A host reporting no version (0), or an image asking none, passes.
    if (!hv || !wants.version) return null
    if (!Number.isSafeInteger(hv) || hv < 0) return `host hypervisor_version ${hv} is not a version Nova can compare`
    const text = hypervisorVersionText(hv)
    const host = strictVersion(text)
    if (!host) return `host hypervisor version ${text} is not a version Nova can compare (it needs 2 or 3 parts)`
    const conditions = versionPredicate(wants.version)
    const ok = typeof conditions !== 'string' && conditions.every(([cmp, v]) => cmp(compareVersions(host, v)))
    return ok ? null : `host hypervisor version ${text}, image wants ${wants.version}`
  },
}
