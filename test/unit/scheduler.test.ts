// The first scheduler: Nova's ComputeFilter, the resource checks Placement does
// (capacity = (total - reserved) * allocation_ratio), and RAMWeigher spreading.
import { describe, expect, it } from 'vitest'
import { defaultFlavors } from '../../src/core/model/flavors.js'
import { makeInventory } from '../../src/core/model/placement.js'
import { requestFor } from '../../src/core/scheduler/request.js'
import { noValidHostReason, schedule } from '../../src/core/scheduler/scheduler.js'
import { normalize } from '../../src/core/scheduler/weighers.js'
import { emptyState } from '../../src/core/store/constants.js'
import type { Host, State } from '../../src/core/store/schema.js'

function host(name: string, vcpus: number, ramMb: number, diskGb: number, extra: Partial<Host> = {}): Host {
  return {
    id: `id-${name}`,
    name,
    driver: 'fake',
    connection: { kind: 'fake' },
    uri: 'qemu:///system',
    virtType: 'qemu',
    instancesDir: '/x',
    status: 'up',
    enabled: true,
    inventory: { VCPU: makeInventory('VCPU', vcpus), MEMORY_MB: makeInventory('MEMORY_MB', ramMb, 512), DISK_GB: makeInventory('DISK_GB', diskGb) },
    facts: {},
    createdAt: '',
    updatedAt: '',
    ...extra,
  }
}
const flavor = (name: string) => defaultFlavors().find((f) => f.name === name)!
const stateWith = (...hosts: Host[]): State => ({ ...emptyState(), hosts })

describe('schedule', () => {
  it('picks the host with the most free RAM (RAMWeigher spreads by default)', () => {
    const result = schedule(stateWith(host('small', 8, 4096, 100), host('big', 8, 16384, 100)), requestFor(flavor('m1.tiny')))
    expect(result.chosen?.host.name).toBe('big')
    expect(result.verdicts.find((v) => v.host === 'big')?.weights.RAMWeigher).toBe(1)
    expect(result.verdicts.find((v) => v.host === 'small')?.weights.RAMWeigher).toBe(0)
  })

  it('counts existing allocations against capacity', () => {
    const state = stateWith(host('a', 8, 16384, 100), host('b', 8, 8192, 100))
    state.allocations.push({ consumerId: 's1', providerId: 'id-a', resources: { VCPU: 1, MEMORY_MB: 16000, DISK_GB: 1 } })
    expect(schedule(state, requestFor(flavor('m1.tiny'))).chosen?.host.name).toBe('b')
  })

  it('applies the allocation ratios: 16x vCPU and 1.5x RAM overcommit, none for disk', () => {
    // 1 vCPU, 2048 MB (512 reserved) and 20 GB: capacity VCPU 16, RAM (2048-512)*1.5 = 2304, disk 20.
    const state = stateWith(host('h', 1, 2048, 20))
    expect(schedule(state, requestFor(flavor('m1.small'))).chosen?.host.name).toBe('h') // 2048 MB <= 2304
    state.allocations.push({ consumerId: 's', providerId: 'id-h', resources: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 0 } })
    const result = schedule(state, requestFor(flavor('m1.small')))
    expect(result.chosen).toBeUndefined()
    expect(result.verdicts[0].reason).toBe('needs 2048 MB RAM, 1792 free')
  })

  it('refuses a request larger than max_unit (the host total) even with overcommit room', () => {
    const result = schedule(stateWith(host('h', 1, 65536, 500)), requestFor(flavor('m1.large')))
    expect(result.chosen).toBeUndefined()
    expect(result.verdicts[0].reason).toBe('needs 4 vCPU, more than one server may take (max_unit 1)')
  })

  it('rejects hosts that are down or disabled (ComputeFilter) with the reason', () => {
    const state = stateWith(host('down', 8, 8192, 100, { status: 'down' }), host('off', 8, 8192, 100, { enabled: false, disabledReason: 'maintenance' }))
    const result = schedule(state, requestFor(flavor('m1.tiny')))
    expect(result.chosen).toBeUndefined()
    expect(result.verdicts.map((v) => [v.rejectedBy, v.reason])).toEqual([
      ['ComputeFilter', 'host is down'],
      ['ComputeFilter', 'host is disabled (maintenance)'],
    ])
  })

  it('says how many hosts each filter removed when no host is valid', () => {
    const state = stateWith(host('a', 8, 8192, 100), host('b', 8, 8192, 100), host('c', 8, 65536, 500, { enabled: false }))
    for (const id of ['id-a', 'id-b']) state.allocations.push({ consumerId: `s-${id}`, providerId: id, resources: { VCPU: 1, MEMORY_MB: 4000, DISK_GB: 1 } })
    const reason = noValidHostReason(schedule(state, requestFor(flavor('m1.large'))))
    expect(reason).toContain('Placement removed 2 of 3 hosts')
    expect(reason).toContain('a: needs 8192 MB RAM, 7520 free')
    expect(reason).toContain('ComputeFilter removed 1 of 3 hosts (c: host is disabled)')
  })

  it('explains that there are no hosts at all', () => {
    expect(noValidHostReason(schedule(stateWith(), requestFor(flavor('m1.tiny'))))).toMatch(/no compute hosts/)
  })
})

describe('normalize', () => {
  it('maps values onto 0..1 as Nova does, and equal values to 0', () => {
    expect(normalize([10, 20, 30])).toEqual([0, 0.5, 1])
    expect(normalize([5, 5])).toEqual([0, 0])
    expect(normalize([])).toEqual([])
  })
})
