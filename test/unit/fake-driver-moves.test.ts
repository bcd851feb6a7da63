// The fake driver's disk export, rescue and cold moves: the same answers as the
// libvirt driver (kept files are no domain, redos are fine), and scripted failures.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { HostSpec, InstanceSpec } from '../../src/hypervisor/driver.js'
import { FakeDriver } from '../../src/hypervisor/fake/fake-driver.js'
import { memoryBackend } from './fake-memory-backend.js'

const local = mkdtempSync(join(tmpdir(), 'homenova-fake-moves-'))
afterAll(() => rmSync(local, { recursive: true, force: true }))

const host = (id: string, facts: HostSpec['facts'] = {}): HostSpec => ({
  id,
  name: `sim-${id}`,
  driver: 'fake',
  connection: { kind: 'fake' },
  uri: 'fake://',
  virtType: 'qemu',
  instancesDir: `/simulated/${id}`,
  facts,
})

const image = { id: 'img', checksum: 'abc', diskFormat: 'qcow2' as const, size: 1, virtualSize: 1, localPath: '/x' }
const spec: InstanceSpec = { uuid: '0a1b2c3d-1111-2222-3333-444455556666', name: 'vm1', domainName: 'instance-0a1b2c3d', vcpus: 1, memoryMb: 256, diskGb: 1, flavorName: 'm1.tiny', image, mac: 'fa:16:3e:00:00:03' }
const bigger: InstanceSpec = { ...spec, flavorName: 'm1.small', vcpus: 2, memoryMb: 512, diskGb: 2 }

/** Two simulated hosts sharing one backend, the server spawned on `a`. */
async function cluster(facts: HostSpec['facts'] = {}) {
  const backend = memoryBackend()
  const a = new FakeDriver(host('a', facts), backend)
  const b = new FakeDriver(host('b', facts), backend)
  await a.spawn(spec)
  const state = async (d: FakeDriver) => (await d.domainState(spec)).state
  return { backend, a, b, state }
}

describe('fake driver disk export', () => {
  it('writes 1 MiB of zeros and returns its sha256 and size', async () => {
    const { a } = await cluster()
    const path = join(local, 'export')
    const result = await a.exportDisk(spec, path)
    const bytes = readFileSync(path)
    expect(bytes).toEqual(Buffer.alloc(1024 * 1024))
    expect(result).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), size: 1024 * 1024 })
    await expect(a.exportDisk(spec, path, { kept: true })).rejects.toThrow('No kept disk of instance-0a1b2c3d on simulated host sim-a')
  })
})

describe('fake driver rescue', () => {
  it('rescues and unrescues, each repeatable, the guest running throughout', async () => {
    const { a, backend, state } = await cluster()
    await a.powerOff(spec, { timeoutMs: 0 })
    await a.rescue(spec, { ...image, id: 'rescue-img' }, { device: 'cdrom', bus: 'ide' })
    await a.rescue(spec, { ...image, id: 'rescue-img' }, {})
    expect(await state(a)).toBe('running')
    expect(backend.domains.get('a/instance-0a1b2c3d')?.rescued).toBe(true)
    expect(await a.consoleLog(spec)).toContain('rescue boot from image rescue-img as cdrom on ide')
    await a.unrescue(spec)
    await a.unrescue(spec)
    expect(await state(a)).toBe('running')
    expect(backend.domains.get('a/instance-0a1b2c3d')?.rescued).toBeUndefined()
  })
})

describe('fake driver cold moves', () => {
  it('moves to another host: kept files are no domain, the new one runs, confirm drops the kept files', async () => {
    const { a, b, backend, state } = await cluster()
    await a.migrateOut(spec, { timeoutMs: 1000 })
    await a.migrateOut(spec, { timeoutMs: 1000 })
    expect(await state(a)).toBe('missing')
    expect(await a.listDomains()).toEqual(new Map())
    expect(await a.consoleLog(spec).catch((e: Error) => e.message)).toMatch(/does not exist/)
    const file = join(local, 'moved')
    const { sha256 } = await a.exportDisk(spec, file, { kept: true })
    await expect(b.migrateIn(bigger, { kind: 'file', localPath: file, sha256: 'f'.repeat(64) }, { start: true })).rejects.toThrow('arrived corrupted on simulated host sim-b')
    await b.migrateIn(bigger, { kind: 'file', localPath: file, sha256 }, { start: true })
    await b.migrateIn(bigger, { kind: 'file', localPath: file, sha256 }, { start: true })
    expect(await state(b)).toBe('running')
    expect(await b.consoleLog(spec)).toContain('m1.small (2 vCPU, 512 MB, 2 GB) on sim-b')
    await a.confirmMigration(spec)
    await a.confirmMigration(spec)
    expect(backend.domains.has('a/instance-0a1b2c3d')).toBe(false)
  })

  it('reverts a move to another host after the destination is destroyed, starting the guest if asked', async () => {
    const { a, b, state } = await cluster()
    await a.migrateOut(spec, { timeoutMs: 0 })
    const file = join(local, 'moved-2')
    const { sha256 } = await a.exportDisk(spec, file, { kept: true })
    await b.migrateIn(bigger, { kind: 'file', localPath: file, sha256 }, { start: false })
    expect(await state(b)).toBe('shutoff')
    await b.destroy(spec)
    await a.revertMigration(spec, { start: true })
    await a.revertMigration(spec, { start: true })
    expect(await state(a)).toBe('running')
    expect(await state(b)).toBe('missing')
  })

  it('resizes on the same host: the new domain and the kept files side by side until confirm or revert', async () => {
    const { a, backend, state } = await cluster()
    await a.migrateOut(spec, { timeoutMs: 0 })
    await expect(a.migrateIn(bigger, { kind: 'kept' }, { start: true })).resolves.toBeUndefined()
    expect(await state(a)).toBe('running')
    expect(backend.domains.get('a/instance-0a1b2c3d')).toMatchObject({ kept: true, state: 'running' })
    await expect(a.migrateOut(spec, { timeoutMs: 0 })).rejects.toThrow('neither confirmed nor reverted')
    await a.revertMigration(spec, { start: false })
    expect(await state(a)).toBe('shutoff')
    expect(backend.domains.get('a/instance-0a1b2c3d')?.kept).toBeUndefined()
    await a.migrateOut(spec, { timeoutMs: 0 })
    await a.migrateIn(bigger, { kind: 'kept' }, { start: true })
    await a.confirmMigration(spec)
    expect(backend.domains.get('a/instance-0a1b2c3d')).toEqual(expect.objectContaining({ state: 'running' }))
    expect(backend.domains.get('a/instance-0a1b2c3d')?.kept).toBeUndefined()
  })

  it('refuses a migrateIn from kept files that are not there, and destroy removes kept files too', async () => {
    const { a, b, backend } = await cluster()
    await expect(b.migrateIn(spec, { kind: 'kept' }, { start: true })).rejects.toThrow('from kept files: there are none')
    await a.migrateOut(spec, { timeoutMs: 0 })
    await a.destroy(spec)
    // The cached image (_base/<sha256>) stays on the host, as on a real one.
    expect([...backend.domains.keys()].filter((k) => !k.includes('_base/'))).toEqual([])
  })

  it('fails the new methods simulate_failure names', async () => {
    const { a, b } = await cluster({ simulate_failure: 'exportDisk,migrateOut,rescue,unrescue,migrateIn,confirmMigration,revertMigration' })
    await expect(a.exportDisk(spec, join(local, 'x'))).rejects.toThrow('Simulated exportDisk failure on sim-a')
    await expect(a.migrateOut(spec, { timeoutMs: 0 })).rejects.toThrow('Simulated migrateOut failure')
    await expect(a.rescue(spec, image, {})).rejects.toThrow('Simulated rescue failure')
    await expect(a.unrescue(spec)).rejects.toThrow('Simulated unrescue failure')
    await expect(b.migrateIn(spec, { kind: 'kept' }, { start: true })).rejects.toThrow('Simulated migrateIn failure')
    await expect(a.confirmMigration(spec)).rejects.toThrow('Simulated confirmMigration failure')
    await expect(a.revertMigration(spec, { start: true })).rejects.toThrow('Simulated revertMigration failure')
    expect((await a.domainState(spec)).state).toBe('running')
  })
})
