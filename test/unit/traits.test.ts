import { describe, expect, it } from 'vitest'
import { discoveredTraits, isDiscoverable } from '../../src/core/model/traits.js'

describe('discoveredTraits', () => {
  it("names CPU flags as os-traits does, including libvirt's differing names", () => {
    const traits = discoveredTraits({ arch: 'x86_64', cpuFeatures: 'sse4.2,avx2,aes,pclmuldq,vmx,made-up-flag', hypervisorType: 'QEMU' }, 'libvirt', 'kvm')
    expect(traits).toEqual(
      expect.arrayContaining(['COMPUTE_NODE', 'HW_ARCH_X86_64', 'HW_CPU_X86_SSE42', 'HW_CPU_X86_AVX2', 'HW_CPU_X86_AESNI', 'HW_CPU_X86_CLMUL', 'HW_CPU_X86_VMX']),
    )
    expect(traits.some((t) => t.includes('MADE'))).toBe(false)
  })

  it('reports hypervisor and virt type as CUSTOM_ traits (os-traits has none) and the libvirt driver capabilities', () => {
    const traits = discoveredTraits({ arch: 'x86_64', hypervisorType: 'QEMU' }, 'libvirt', 'qemu')
    expect(traits).toEqual(expect.arrayContaining(['CUSTOM_HYPERVISOR_TYPE_QEMU', 'CUSTOM_VIRT_TYPE_QEMU', 'COMPUTE_IMAGE_TYPE_QCOW2', 'COMPUTE_STORAGE_BUS_VIRTIO']))
    expect(discoveredTraits({ hypervisorType: 'fake' }, 'fake', 'kvm')).toEqual(['COMPUTE_NODE', 'CUSTOM_HYPERVISOR_TYPE_FAKE'])
  })

  it('tells discovered traits from operator-set ones, so a refresh keeps the latter', () => {
    expect(isDiscoverable('HW_CPU_X86_AVX2')).toBe(true)
    expect(isDiscoverable('CUSTOM_VIRT_TYPE_KVM')).toBe(true)
    expect(isDiscoverable('CUSTOM_STORAGE_SSD')).toBe(false)
  })
})
