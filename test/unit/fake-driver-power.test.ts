// The fake driver's power state machine: the same answers as the libvirt
// driver, scripted failures, and guests that ignore ACPI.
import { describe, expect, it } from 'vitest'
import type { HostSpec, InstanceRef, InstanceSpec } from '../../src/hypervisor/driver.js'
import { FakeDriver } from '../../src/hypervisor/fake/fake-driver.js'
import { memoryBackend } from './fake-memory-backend.js'

const host = (facts: HostSpec['facts'] = {}): HostSpec => ({
  id: 'h1',
  name: 'sim1',
  driver: 'fake',
  connection: { kind: 'fake' },
  uri: 'fake://',
  virtType: 'qemu',
  instancesDir: '/simulated/sim1',
  facts,
})

const spec: InstanceSpec = {
  uuid: '0a1b2c3d-1111-2222-3333-444455556666',
  name: 'vm1',
  domainName: 'instance-0a1b2c3d',
  vcpus: 1,
  memoryMb: 256,
  diskGb: 1,
  flavorName: 'm1.tiny',
  mac: 'fa:16:3e:00:00:05',
  image: { id: 'img', checksum: 'abc', diskFormat: 'qcow2', size: 1, virtualSize: 1, localPath: '/x' },
}
const ref: InstanceRef = { uuid: spec.uuid, domainName: spec.domainName }

async function booted(facts: HostSpec['facts'] = {}) {
  const backend = memoryBackend()
  const driver = new FakeDriver(host(facts), backend)
  await driver.spawn(spec)
  const state = async () => (await driver.domainState(ref)).state
  return { driver, backend, state }
}

describe('fake driver power actions', () => {
  it('walks pause, unpause, suspend, resume, stop and start, each repeatable', async () => {
    const { driver, state } = await booted()
    await driver.pause(ref)
    await driver.pause(ref)
    expect(await state()).toBe('paused')
    await driver.unpause(ref)
    await driver.unpause(ref)
    expect(await state()).toBe('running')
    await driver.suspend(ref)
    await driver.suspend(ref)
    expect(await state()).toBe('suspended')
    await driver.resume(ref)
    await driver.resume(ref)
    expect(await state()).toBe('running')
    expect(await driver.powerOff(ref, { timeoutMs: 1000 })).toEqual({ clean: true })
    expect(await driver.powerOff(ref, { timeoutMs: 1000 })).toEqual({ clean: true })
    expect(await state()).toBe('shutoff')
    await driver.powerOn(ref)
    await driver.powerOn(ref)
    expect(await state()).toBe('running')
  })

  it('refuses what the state does not allow, naming the domain, the host and the state', async () => {
    const { driver } = await booted()
    await driver.powerOff(ref, { timeoutMs: 0 })
    await expect(driver.pause(ref)).rejects.toThrow('Cannot pause instance-0a1b2c3d on sim1: it is shutoff (pause needs running)')
    await expect(driver.resume(ref)).rejects.toThrow(/Cannot resume .* it is shutoff/)
    await expect(driver.unpause(ref)).rejects.toThrow(/Cannot unpause/)
    await expect(driver.suspend(ref)).rejects.toThrow(/Cannot suspend/)
  })

  it('suspends a paused guest and brings it back running', async () => {
    const { driver, state } = await booted()
    await driver.pause(ref)
    await driver.suspend(ref)
    await driver.resume(ref)
    expect(await state()).toBe('running')
  })

  it('a stop with no timeout, or of a paused or suspended guest, is not clean', async () => {
    for (const before of ['running', 'paused', 'suspended'] as const) {
      const { driver, state } = await booted()
      if (before === 'paused') await driver.pause(ref)
      if (before === 'suspended') await driver.suspend(ref)
      expect(await driver.powerOff(ref, { timeoutMs: before === 'running' ? 0 : 1000 })).toEqual({ clean: false })
      expect(await state()).toBe('shutoff')
    }
  })

  it('powers on from suspended (restoring) and from paused (unpausing)', async () => {
    const { driver, state } = await booted()
    await driver.suspend(ref)
    await driver.powerOn(ref)
    expect(await state()).toBe('running')
    await driver.pause(ref)
    await driver.powerOn(ref)
    expect(await state()).toBe('running')
  })

  it('reboots soft when the guest cooperates, hard when asked or when it is not running', async () => {
    const { driver, state } = await booted()
    expect(await driver.reboot(ref, { type: 'soft', timeoutMs: 1000 })).toEqual({ type: 'soft' })
    expect(await driver.reboot(ref, { type: 'hard', timeoutMs: 1000 })).toEqual({ type: 'hard' })
    await driver.pause(ref)
    expect(await driver.reboot(ref, { type: 'soft', timeoutMs: 1000 })).toEqual({ type: 'hard' })
    expect(await state()).toBe('running')
    expect(await driver.consoleLog(ref)).toMatch(/acpi power button[\s\S]*booted[\s\S]*booted/)
  })

  it('with simulate_acpi_ignored, waits out the timeout and then stops or reboots hard', async () => {
    const { driver, state } = await booted({ simulate_acpi_ignored: 'true' })
    let t = Date.now()
    expect(await driver.powerOff(ref, { timeoutMs: 150 })).toEqual({ clean: false })
    expect(Date.now() - t).toBeGreaterThanOrEqual(150)
    expect(await state()).toBe('shutoff')
    await driver.powerOn(ref)
    t = Date.now()
    expect(await driver.reboot(ref, { type: 'soft', timeoutMs: 150 })).toEqual({ type: 'hard' })
    expect(Date.now() - t).toBeGreaterThanOrEqual(150)
    expect(await state()).toBe('running')
  })

  it('fails the methods simulate_failure names, saying which host and property', async () => {
    const { driver, state } = await booted({ simulate_failure: 'powerOff, reboot' })
    await expect(driver.powerOff(ref, { timeoutMs: 0 })).rejects.toThrow('Simulated powerOff failure on sim1 (host property simulate_failure=powerOff, reboot)')
    await expect(driver.reboot(ref, { type: 'hard', timeoutMs: 0 })).rejects.toThrow(/Simulated reboot failure on sim1/)
    expect(await state()).toBe('running')
    await driver.pause(ref) // not named: works
    expect(await state()).toBe('paused')
  })

  it('treats a missing domain as off for a stop, and refuses the rest', async () => {
    const { driver } = await booted()
    await driver.destroy(ref)
    expect(await driver.domainState(ref)).toEqual({ state: 'missing' })
    expect(await driver.powerOff(ref, { timeoutMs: 0 })).toEqual({ clean: true })
    await expect(driver.powerOn(ref)).rejects.toThrow(/Cannot power on instance-0a1b2c3d on sim1: no such domain/)
    await expect(driver.reboot(ref, { type: 'hard', timeoutMs: 0 })).rejects.toThrow(/no such domain/)
    await expect(driver.pause(ref)).rejects.toThrow(/it is not defined there/)
  })

  it('lists the homenova domains of its own host with their states', async () => {
    const { driver, backend } = await booted()
    await backend.put('h1', { name: 'not-ours', state: 'running', consoleLog: '' })
    await backend.put('h2', { name: 'instance-ffffffff', state: 'running', consoleLog: '' })
    await driver.suspend(ref)
    expect(await driver.listDomains()).toEqual(new Map([['instance-0a1b2c3d', { state: 'suspended', detail: 'suspended' }]]))
  })
})
