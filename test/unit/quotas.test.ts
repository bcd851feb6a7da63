import { describe, expect, it } from 'vitest'
import { checkCount, checkResizeQuota, limitsOf, QuotaError, serversAllowed, usageOf } from '../../src/core/model/quotas.js'
import type { State } from '../../src/core/store/schema.js'

const flavor = (vcpus: number, ramMb: number) => ({ id: 'f', name: 'f', vcpus, ramMb, diskGb: 1, ephemeralGb: 0, swapMb: 0, isPublic: true, extraSpecs: {} })
type Q = Pick<State, 'quotas' | 'servers' | 'keypairs' | 'serverGroups'>
function state(servers: Array<{ vcpus: number; ramMb: number; vmState?: string; projectId?: string; resizeTo?: [number, number] }>, quotas: Q['quotas'] = { defaults: {}, projects: {} }): Q {
  return {
    quotas,
    keypairs: [],
    serverGroups: [],
    servers: servers.map((s, i) => ({
      id: `s${i}`, projectId: s.projectId ?? 'p', vmState: s.vmState ?? 'active', flavor: flavor(s.vcpus, s.ramMb),
      ...(s.resizeTo ? { migration: { newFlavor: flavor(...s.resizeTo) } } : {}),
    })) as unknown as State['servers'],
  }
}

describe('quotas', () => {
  it("falls back from the project's own limit to the default class to Nova's default", () => {
    const q = { defaults: { instances: 7 }, projects: { p: { cores: 3 } } }
    expect(limitsOf({ quotas: q }, 'p')).toMatchObject({ instances: 7, cores: 3, ram: 51200, key_pairs: 100 })
    expect(limitsOf({ quotas: q }, 'other')).toMatchObject({ instances: 7, cores: 20 })
  })

  it('counts every server not deleted, shelved ones too, and the larger flavor of one mid-resize; only the project', () => {
    const s = state([{ vcpus: 2, ramMb: 1024 }, { vcpus: 1, ramMb: 512, vmState: 'shelved_offloaded' }, { vcpus: 8, ramMb: 1, vmState: 'deleted' }, { vcpus: 1, ramMb: 512, resizeTo: [4, 256] }, { vcpus: 5, ramMb: 5, projectId: 'q' }])
    expect(usageOf(s, 'p')).toMatchObject({ instances: 3, cores: 7, ram: 2048 })
  })

  it('lets a multi-create make as many as fit, never below min', () => {
    const s = state([{ vcpus: 2, ramMb: 1024 }], { defaults: {}, projects: { p: { cores: 7 } } })
    expect(serversAllowed(s, 'p', flavor(2, 512), 1, 5)).toBe(2) // 2 used + 2x2 = 6 <= 7
    expect(serversAllowed(s, 'p', flavor(2, 512), 2, 2)).toBe(2)
    expect(() => serversAllowed(s, 'p', flavor(2, 512), 3, 5)).toThrow('Quota exceeded for cores: Requested 6, but already used 2 of 7 cores')
    expect(() => serversAllowed(s, 'p', flavor(2, 512), 3, 5)).toThrow(QuotaError)
  })

  it('treats -1 as unlimited and 0 as none', () => {
    const unlimited = state([{ vcpus: 2, ramMb: 1024 }], { defaults: { instances: -1, cores: -1, ram: -1 }, projects: {} })
    expect(serversAllowed(unlimited, 'p', flavor(64, 1 << 20), 1, 1000)).toBe(1000)
    const none = state([], { defaults: { instances: 0 }, projects: {} })
    expect(() => serversAllowed(none, 'p', flavor(1, 1), 1, 1)).toThrow('Requested 1, but already used 0 of 0 instances')
  })

  it('checks only the growth of a resize', () => {
    const s = state([{ vcpus: 2, ramMb: 1024 }], { defaults: {}, projects: { p: { cores: 3, ram: 1024 } } })
    expect(() => checkResizeQuota(s, 'p', flavor(2, 1024), flavor(3, 512))).not.toThrow() // shrinking ram needs no room
    expect(() => checkResizeQuota(s, 'p', flavor(2, 1024), flavor(4, 1024))).toThrow('Quota exceeded for cores: Requested 2, but already used 2 of 3 cores')
    expect(() => checkResizeQuota(s, 'p', flavor(2, 1024), flavor(2, 2048))).toThrow('Quota exceeded for ram')
  })

  it('counts group members against server_group_members', () => {
    const s = state([], { defaults: { server_group_members: 3 }, projects: {} })
    expect(() => checkCount(s, 'p', 'server_group_members', { members: 2, adding: 1 })).not.toThrow()
    expect(() => checkCount(s, 'p', 'server_group_members', { members: 2, adding: 2 })).toThrow('Requested 2, but already used 2 of 3 server_group_members')
  })
})
