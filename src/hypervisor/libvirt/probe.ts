// Parses what `virsh nodeinfo`, `virsh capabilities` and `virsh version` print.
import { XMLParser } from 'fast-xml-parser'

/** CPU count and memory from `virsh nodeinfo`. */
export function parseNodeinfo(text: string): { vcpus: number; memoryMb: number } {
  const field = (label: string): number => {
    const match = new RegExp(`^${label}:\\s+(\\d+)`, 'm').exec(text)
    if (!match) throw new Error(`virsh nodeinfo printed no "${label}"`)
    return Number(match[1])
  }
  return { vcpus: field('CPU\\(s\\)'), memoryMb: Math.floor(field('Memory size') / 1024) }
}

/** Architecture, CPU model and the domain types the host can run, from `virsh capabilities`. */
export function parseCapabilities(xml: string): { arch: string; cpuModel: string; cpuVendor: string; cpuFeatures: string[]; domainTypes: string[] } {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => ['guest', 'domain', 'feature'].includes(name) })
  const caps = parser.parse(xml).capabilities
  const cpu = caps?.host?.cpu ?? {}
  const arch = String(cpu.arch ?? 'x86_64')
  const types = new Set<string>()
  for (const guest of caps?.guest ?? []) {
    if (guest?.arch?.['@_name'] !== arch) continue
    for (const d of guest.arch.domain ?? []) types.add(String(d['@_type']))
  }
  const model = typeof cpu.model === 'object' ? cpu.model['#text'] : cpu.model
  const cpuFeatures = ((cpu.feature ?? []) as Array<Record<string, string>>).map((f) => String(f['@_name']))
  return { arch, cpuModel: String(model ?? 'unknown'), cpuVendor: String(cpu.vendor ?? ''), cpuFeatures, domainTypes: [...types] }
}

/** Nova's integer hypervisor version (major*1000000 + minor*1000 + micro) from `virsh version`. */
export function parseHypervisorVersion(text: string): { type: string; version: number } {
  const match = /Running hypervisor:\s+(\S+)\s+(\d+)\.(\d+)(?:\.(\d+))?/.exec(text)
  if (!match) return { type: 'QEMU', version: 0 }
  const [, type, major, minor, micro] = match
  return { type, version: Number(major) * 1_000_000 + Number(minor) * 1000 + Number(micro ?? 0) }
}

/** Free space in GB from `df -Pk DIR`. */
export function parseDfFreeGb(text: string): number {
  const line = text.trim().split('\n').at(-1) ?? ''
  const availKb = Number(line.split(/\s+/)[3])
  if (!Number.isFinite(availKb)) throw new Error(`Cannot read free disk space from df: ${line}`)
  return Math.floor(availKb / 1024 / 1024)
}
