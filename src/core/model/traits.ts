// Traits a host reports about itself, named as os-traits names them, from what
// the probe found: architecture, CPU features, and that it is a compute node.

// libvirt CPU feature names -> os-traits HW_CPU_X86_* names, where they differ
// only by case or by a few characters (os-traits/hw/cpu/x86).
const CPU_FEATURES: Record<string, string> = {
  aes: 'AESNI', avx: 'AVX', avx2: 'AVX2', avx512f: 'AVX512F', bmi1: 'BMI', bmi2: 'BMI2', f16c: 'F16C', fma: 'FMA3',
  mmx: 'MMX', sse: 'SSE', sse2: 'SSE2', sse3: 'SSE3', ssse3: 'SSSE3', 'sse4.1': 'SSE41', 'sse4.2': 'SSE42', 'sse4a': 'SSE4A',
  sha_ni: 'SHA', vmx: 'VMX', svm: 'SVM', pclmuldq: 'CLMUL', abm: 'ABM', xop: 'XOP', fma4: 'FMA4', tbm: 'TBM',
}

/** Whether a trait is one the probe decides (so a refresh may drop it); operator-set traits are not. */
export function isDiscoverable(trait: string): boolean {
  return trait === 'COMPUTE_NODE' || trait.startsWith('HW_ARCH_') || trait.startsWith('HW_CPU_X86_')
}

/** The traits discovered from probed facts. */
export function discoveredTraits(facts: Record<string, unknown>): string[] {
  const traits = ['COMPUTE_NODE']
  const arch = String(facts.arch ?? '')
  if (arch) traits.push(`HW_ARCH_${arch.toUpperCase()}`)
  const features = String(facts.cpuFeatures ?? '').split(',').filter(Boolean)
  for (const f of features) {
    const name = CPU_FEATURES[f.toLowerCase()]
    if (name) traits.push(`HW_CPU_X86_${name}`)
  }
  return traits
}
