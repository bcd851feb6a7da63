// Traits a host reports about itself, from what the probe found. Names follow
// os-traits (HW_ARCH_*, HW_CPU_X86_*, COMPUTE_*) where os-traits has one; it
// has none for the hypervisor or virt type, so those are CUSTOM_ traits.

// os-traits' x86 CPU feature traits (os_traits/hw/cpu/x86), by the name libvirt
// gives the flag where the two differ.
const X86_TRAITS = new Set([
  'AVX', 'AVX2', 'CLMUL', 'FMA3', 'FMA4', 'F16C', 'MMX', 'SSE', 'SSE2', 'SSE3', 'SSSE3', 'SSE41', 'SSE42', 'SSE4A', 'XOP', '3DNOW',
  'AVX512F', 'AVX512CD', 'AVX512PF', 'AVX512ER', 'AVX512VL', 'AVX512BW', 'AVX512DQ', 'AVX512VNNI', 'AVX512VBMI', 'AVX512IFMA',
  'AVX512VBMI2', 'AVX512BITALG', 'AVX512VAES', 'AVX512GFNI', 'AVX512VPCLMULQDQ', 'AVX512VPOPCNTDQ', 'ABM', 'BMI', 'BMI2', 'TBM',
  'AESNI', 'SHA', 'MPX', 'SGX', 'TSX', 'ASF', 'VMX', 'SVM', 'PDPE1GB', 'STIBP',
])
const LIBVIRT_NAMES: Record<string, string> = {
  aes: 'AESNI', bmi1: 'BMI', fma: 'FMA3', pclmuldq: 'CLMUL', 'sse4.1': 'SSE41', 'sse4.2': 'SSE42', sha_ni: 'SHA', 'avx512-vpopcntdq': 'AVX512VPOPCNTDQ',
  'avx512-vnni': 'AVX512VNNI', 'avx512-vbmi2': 'AVX512VBMI2', 'avx512-bitalg': 'AVX512BITALG', vaes: 'AVX512VAES', gfni: 'AVX512GFNI',
  vpclmulqdq: 'AVX512VPCLMULQDQ', 'avx512-ifma': 'AVX512IFMA', 'avx512-vbmi': 'AVX512VBMI', '3dnow': '3DNOW', hle: 'TSX', rtm: 'TSX',
}
// What the libvirt driver can always do, as Nova's libvirt driver reports it.
const LIBVIRT_CAPABILITIES = ['COMPUTE_IMAGE_TYPE_QCOW2', 'COMPUTE_IMAGE_TYPE_RAW', 'COMPUTE_NET_VIF_MODEL_VIRTIO', 'COMPUTE_STORAGE_BUS_VIRTIO']

/** Whether a trait is one the probe decides (so a refresh may drop it); operator-set traits are not. */
export function isDiscoverable(trait: string): boolean {
  return (
    trait === 'COMPUTE_NODE' ||
    LIBVIRT_CAPABILITIES.includes(trait) ||
    /^(HW_ARCH_|HW_CPU_X86_|CUSTOM_HYPERVISOR_TYPE_|CUSTOM_VIRT_TYPE_)/.test(trait)
  )
}

const customName = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]+/g, '_')

/** The traits discovered from probed facts and the host's virt type. */
export function discoveredTraits(facts: Record<string, unknown>, driver: 'libvirt' | 'fake', virtType: string): string[] {
  const traits = ['COMPUTE_NODE']
  const arch = String(facts.arch ?? '')
  if (arch) traits.push(`HW_ARCH_${customName(arch)}`)
  for (const flag of String(facts.cpuFeatures ?? '').split(',').filter(Boolean)) {
    const name = LIBVIRT_NAMES[flag.toLowerCase()] ?? flag.toUpperCase()
    if (X86_TRAITS.has(name)) traits.push(`HW_CPU_X86_${name}`)
  }
  const hypervisor = String(facts.hypervisorType ?? '')
  if (hypervisor) traits.push(`CUSTOM_HYPERVISOR_TYPE_${customName(hypervisor)}`)
  if (driver === 'libvirt') traits.push(`CUSTOM_VIRT_TYPE_${customName(virtType)}`, ...LIBVIRT_CAPABILITIES)
  return [...new Set(traits)]
}
