// Ports of Nova's test_image_props_filters and
// test_aggregate_image_properties_isolation_filters, plus Nova's coercions of image properties.
import { describe, expect, it } from 'vitest'
import { aggregateImagePropertiesIsolationFilter } from '../../../src/core/scheduler/filters/aggregate-image-properties-isolation.js'
import { canonicalize, hypervisorVersionText, imagePropertiesFilter } from '../../../src/core/scheduler/filters/image-properties.js'
import type { HostState } from '../../../src/core/scheduler/host-state.js'
import type { SchedulerConfig } from '../../../src/core/scheduler/config.js'
import { makeAggregate, makeConfig, makeHost, makeHostState, makeSpec } from '../../helpers/scheduler.js'

const V6 = 6000000 // convert_version_to_int('6.0.0')
const withImage = (properties: Record<string, string>) => makeSpec({ image: { id: 'img', properties } })
type Triple = [string, string, string]

describe('ImagePropertiesFilter', () => {
  const host = (supported: Triple[], hypervisor_version = V6) => makeHostState(makeHost('host1'), { supported_instances: supported, hypervisor_version })
  const run = (hs: HostState, props: Record<string, string>, config: SchedulerConfig = makeConfig()) =>
    imagePropertiesFilter.reject(hs, withImage(props), config)
  const kvm: Triple = ['x86_64', 'kvm', 'hvm']
  const full = { hw_architecture: 'x86_64', img_hv_type: 'kvm', hw_vm_mode: 'hvm' }

  it('passes when architecture, hypervisor type, vm mode and version range all fit', () =>
    expect(run(host([kvm]), { ...full, img_hv_requested_version: '>=6.0,<6.2' })).toBeNull())
  it('uses image_properties_default_architecture for an image without one', () => {
    const config = makeConfig({ image_properties_default_architecture: 'x86_64' })
    expect(run(host([['aarch64', 'kvm', 'hvm']]), {}, config)).toBe('host supports aarch64/kvm/hvm, image wants architecture x86_64')
    expect(run(host([['aarch64', 'kvm', 'hvm']]), {})).toBeNull()
  })
  it('fails when the image properties differ from every supported instance', () =>
    expect(run(host([kvm]), { hw_architecture: 'armv7l', img_hv_type: 'qemu', hw_vm_mode: 'hvm' })).not.toBeNull())
  it('fails when the hypervisor version is below the requested one', () =>
    expect(run(host([kvm]), { ...full, img_hv_requested_version: '>=6.2' })).toBe('host hypervisor version 6.0.0, image wants >=6.2'))
  it('passes when the image sets only some properties and they fit', () =>
    expect(run(host([kvm]), { hw_architecture: 'x86_64', hw_vm_mode: 'hvm' })).toBeNull())
  it('fails when the image sets only some properties and they do not fit', () =>
    expect(run(host([['x86_64', 'xen', 'xen']]), { hw_architecture: 'x86_64', hw_vm_mode: 'hvm' })).not.toBeNull())
  it('passes an image without properties', () => expect(run(host([kvm]), {})).toBeNull())
  it('fails a host advertising no supported instances', () =>
    expect(run(host([]), full)).toBe('host advertises no supported instances, image wants architecture x86_64, hypervisor type kvm, vm mode hvm'))
  it('passes a version requirement on a host reporting no hypervisor version', () =>
    expect(run(host([kvm], 0), { ...full, img_hv_requested_version: '>=6.0' })).toBeNull())
  it('fails a version requirement on a host with version 5000 (5.0)', () =>
    expect(run(host([kvm], 5000), { ...full, img_hv_requested_version: '>=6.0' })).toBe('host hypervisor version 5.0, image wants >=6.0'))
  it("treats vm mode 'pv' as xen", () => expect(run(host([['x86_64', 'xen', 'xen']]), { hw_vm_mode: 'pv' })).toBeNull())
  it("treats vm mode 'hv' as hvm", () => expect(run(host([kvm]), { hw_vm_mode: 'hv' })).toBeNull())
  it("treats architecture 'x86_32' as i686", () => expect(run(host([['i686', 'kvm', 'hvm']]), { hw_architecture: 'x86_32' })).toBeNull())
  it("treats hypervisor type 'xapi' as xen", () => expect(run(host([['i686', 'xen', 'hvm']]), { img_hv_type: 'xapi' })).toBeNull())
  it("treats vm mode 'baremetal' as hvm", () => expect(run(host([['i686', 'baremetal', 'hvm']]), { hw_vm_mode: 'baremetal' })).toBeNull())

  it('reads the legacy names architecture, hypervisor_type, vm_mode, hypervisor_version_requires', () => {
    expect(run(host([kvm]), { architecture: 'x86_64', hypervisor_type: 'kvm', vm_mode: 'hvm', hypervisor_version_requires: '>=6.0' })).toBeNull()
    expect(run(host([kvm]), { architecture: 'aarch64' })).not.toBeNull()
    expect(run(host([kvm]), { hypervisor_type: 'kvm', hypervisor_version_requires: '>=7.0' })).not.toBeNull()
  })
  it('prefers the current name over the legacy one', () => expect(run(host([kvm]), { architecture: 'aarch64', hw_architecture: 'x86_64' })).toBeNull())
  it('lower-cases and maps aliases: AMD64 is x86_64, i386 is i686', () => {
    expect(run(host([kvm]), { hw_architecture: 'AMD64' })).toBeNull()
    expect(canonicalize('arch', 'i386')).toBe('i686')
    expect(canonicalize('hv', 'QEMU')).toBe('qemu')
  })
  it('does not treat kvm and qemu as the same: the host must advertise the type asked for', () => {
    expect(run(host([['x86_64', 'qemu', 'hvm']]), { img_hv_type: 'kvm' })).toBe('host supports x86_64/qemu/hvm, image wants hypervisor type kvm')
    expect(run(host([['x86_64', 'qemu', 'hvm'], kvm]), { img_hv_type: 'kvm' })).toBeNull()
    expect(run(host([['x86_64', 'qemu', 'hvm']]), { img_hv_type: 'QEMU' })).toBeNull()
  })
  it('finds each wanted value anywhere in a triple: vm mode xen fits (x86_64, xen, hvm)', () =>
    expect(run(host([['x86_64', 'xen', 'hvm']]), { hw_vm_mode: 'xen' })).toBeNull())
  it('never checks a version requirement that comes without architecture, type or mode', () =>
    expect(run(host([kvm]), { img_hv_requested_version: '>=99.0' })).toBeNull())
  it('rejects values Nova refuses when it loads the image', () => {
    expect(run(host([kvm]), { hw_architecture: 'z80' })).toBe("image hw_architecture 'z80' is not one Nova accepts")
    expect(run(host([kvm]), { ...full, img_hv_requested_version: '6.0' })).toContain('is not a version requirement')
    expect(run(host([kvm]), { ...full, img_hv_requested_version: '' })).toContain('is not a version requirement')
  })
  it('compares versions as distutils StrictVersion: pre-releases sort before the release', () => {
    expect(run(host([kvm]), { ...full, img_hv_requested_version: '>=6.0a1' })).toBeNull()
    expect(run(host([kvm]), { ...full, img_hv_requested_version: '<6.0' })).not.toBeNull()
    expect(run(host([kvm]), { ...full, img_hv_requested_version: '== 6.0 , != 6.1' })).toBeNull()
  })
  it('ignores what follows a newline in the requirement, as distutils does', () =>
    expect(run(host([kvm]), { ...full, img_hv_requested_version: '>=7.0)\nanything' })).toBe('host hypervisor version 6.0.0, image wants >=7.0)\nanything'))
  it('rejects a host whose version is not 2 or 3 parts (6, or 1.2.3.4)', () => {
    expect(run(host([kvm], 6), { ...full, img_hv_requested_version: '>=6.0' })).toContain('not a version Nova can compare')
    expect(run(host([kvm], 1002003004), { ...full, img_hv_requested_version: '>=1.0' })).toContain('not a version Nova can compare')
  })
  it('hypervisorVersionText groups thousands like oslo convert_version_to_str', () => {
    expect(hypervisorVersionText(6001002)).toBe('6.1.2')
    expect(hypervisorVersionText(2011000)).toBe('2.11.0')
    expect(hypervisorVersionText(5000)).toBe('5.0')
  })
})

describe('AggregateImagePropertiesIsolation', () => {
  const hostIn = (metadata: Record<string, string>) => {
    const h = makeHost('host1')
    return makeHostState(h, { aggregates: [makeAggregate('a', [h], metadata)] })
  }
  const run = (metadata: Record<string, string>, props: Record<string, string>, config = makeConfig()) =>
    aggregateImagePropertiesIsolationFilter.reject(hostIn(metadata), withImage(props), config)

  it('passes an image whose property matches the aggregate', () => expect(run({ hw_vm_mode: 'hvm' }, { hw_vm_mode: 'hvm' })).toBeNull())
  it('passes a property matching one of comma-separated values', () => expect(run({ hw_vm_mode: 'hvm,xen' }, { hw_vm_mode: 'hvm' })).toBeNull())
  it("fails 'windows,' against windows,linux: the image value is not split", () =>
    expect(run({ os_distro: 'windows,linux' }, { os_distro: 'windows,' })).toBe('aggregate metadata os_distro is windows,linux, image has os_distro=windows,'))
  it('passes when several properties all match', () =>
    expect(run({ hw_vm_mode: 'hvm', hw_cpu_cores: '2' }, { hw_vm_mode: 'hvm', hw_cpu_cores: '2' })).toBeNull())
  it('passes an image that does not set the property', () => expect(run({ hw_vm_mode: 'hvm' }, {})).toBeNull())
  it('passes a host whose aggregates have no metadata', () => expect(run({}, { hw_vm_mode: 'hvm' })).toBeNull())
  it('fails a property with a different value', () =>
    expect(run({ hw_vm_mode: 'hvm' }, { hw_vm_mode: 'xen' })).toBe('aggregate metadata hw_vm_mode is hvm, image has hw_vm_mode=xen'))
  it('fails when one of several properties differs', () =>
    expect(run({ hw_vm_mode: 'hvm', hw_cpu_cores: '1' }, { hw_vm_mode: 'hvm', hw_cpu_cores: '2' })).not.toBeNull())
  it('compares only keys under the namespace and separator when one is set', () => {
    const config = makeConfig({ aggregate_image_properties_isolation_namespace: 'hw', aggregate_image_properties_isolation_separator: '_' })
    expect(run({ hw_vm_mode: 'hvm', img_owner_id: 'foo' }, { hw_vm_mode: 'hvm', img_owner_id: 'wrong' }, config)).toBeNull()
    expect(run({ hw_vm_mode: 'hvm', img_owner_id: 'foo' }, { hw_vm_mode: 'xen' }, config)).not.toBeNull()
    expect(run({ img_owner_id: 'foo' }, { img_owner_id: 'wrong' })).not.toBeNull()
  })
  it("ignores metadata keys that are not image properties Nova knows ('os')", () =>
    expect(run({ os: 'linux' }, { os_type: 'linux', os: 'windows' })).toBeNull())
  it('passes a matching os_type', () => expect(run({ os_type: 'linux' }, { os_type: 'linux' })).toBeNull())
  it('fails a different os_type', () => expect(run({ os_type: 'windows' }, { os_type: 'linux' })).not.toBeNull())

  it('ignores availability_zone and other aggregate metadata', () =>
    expect(run({ availability_zone: 'az1', filter_tenant_id: 'p' }, { os_type: 'linux' })).toBeNull())
  it("compares booleans as Python's str(True): 'yes' on the image needs 'True' in the aggregate", () => {
    expect(run({ hw_qemu_guest_agent: 'yes' }, { hw_qemu_guest_agent: 'yes' })).toBe('aggregate metadata hw_qemu_guest_agent is yes, image has hw_qemu_guest_agent=True')
    expect(run({ hw_qemu_guest_agent: 'True' }, { hw_qemu_guest_agent: 'yes' })).toBeNull()
    expect(run({ hw_qemu_guest_agent: 'True' }, { hw_qemu_guest_agent: 'no' })).toBeNull()
  })
  it('compares integers after int(): 02 is 2, and 0 is skipped as falsy', () => {
    expect(run({ hw_cpu_cores: '2' }, { hw_cpu_cores: '02' })).toBeNull()
    expect(run({ hw_cpu_cores: '2' }, { hw_cpu_cores: '0' })).toBeNull()
    expect(run({ hw_cpu_cores: '2' }, { hw_cpu_cores: 'two' })).toBe("image hw_cpu_cores 'two' is not an integer (Nova refuses such an image)")
  })
  it('reads legacy names and canonicalizes architectures: architecture=AMD64 is hw_architecture x86_64', () => {
    expect(run({ hw_architecture: 'x86_64' }, { architecture: 'AMD64' })).toBeNull()
    expect(run({ hw_vm_mode: 'hvm' }, { vm_mode: 'xen' })).not.toBeNull()
    expect(run({ architecture: 'aarch64' }, { architecture: 'x86_64' })).toBeNull()
  })
  it('maps vmware_adaptertype to hw_disk_bus and hw_scsi_model', () => {
    expect(run({ hw_disk_bus: 'scsi', hw_scsi_model: 'lsiLogic' }, { vmware_adaptertype: 'lsiLogic' })).toBeNull()
    expect(run({ hw_disk_bus: 'virtio' }, { vmware_adaptertype: 'ide' })).toBe('aggregate metadata hw_disk_bus is virtio, image has hw_disk_bus=ide')
  })
})
