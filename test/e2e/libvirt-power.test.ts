// Power actions of the libvirt driver on a real host (sshd + qemu:///session,
// TCG), driven directly, without the control plane: one guest walked through
// pause, unpause, suspend, resume, soft and hard reboot, power off and on; and
// one that ignores ACPI, for the fallbacks. After each step the host itself is
// asked, over OpenSSH, what state it sees. Prints the wall time of each call.
import { randomUUID } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImageSpec, InstanceRef, InstanceSpec } from '../../src/hypervisor/driver.js'
import { LibvirtDriver } from '../../src/hypervisor/libvirt/libvirt-driver.js'
import { driverFor, localImage, Stopwatch } from './driver-calls.js'
import { onHost, realHosts, type RealHost } from './real-hosts.js'

const SHUTDOWN_TIMEOUT_MS = 20_000
const watch = new Stopwatch()
const timed = <T>(name: string, fn: () => Promise<T>) => watch.timed(name, fn)

/** A new server's spec, named as the conductor names it (instance-<first 8 hex of the uuid>). */
function instanceSpec(image: ImageSpec): InstanceSpec {
  const uuid = randomUUID()
  return { uuid, domainName: `instance-${uuid.slice(0, 8)}`, name: 'power-e2e', vcpus: 1, memoryMb: 256, diskGb: 1, flavorName: 'm1.tiny', image, mac: 'fa:16:3e:00:00:02' }
}

afterAll(() => {
  watch.print('libvirt power actions, wall time of each driver call:')
})

describe('libvirt power actions on a real host', () => {
  let real: RealHost
  let driver: LibvirtDriver
  let ref: InstanceRef

  /** What the host's own virsh says, over OpenSSH rather than homenova's SSH code. */
  const virsh = (args: string) => onHost(real, `virsh -q -c ${real.uri} ${args}`).trim()
  const domstate = () => virsh(`domstate ${ref.domainName}`)
  const managedSave = () => /^Managed save:\s+yes$/m.test(virsh(`dominfo ${ref.domainName}`))

  /** Waits until the guest's serial log shows `line` `count` times (a boot that can hear ACPI). */
  async function guestSays(line: string, count: number): Promise<void> {
    const deadline = Date.now() + 30_000
    for (;;) {
      const log = await driver.consoleLog(ref).catch(() => '')
      if (log.split('\n').filter((l) => l.trim() === line).length >= count) return
      if (Date.now() > deadline) throw new Error(`The guest did not print "${line}" ${count} times in 30 s; its log ends:\n${log.slice(-600)}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }

  beforeAll(async () => {
    const { hosts, image: imagePath } = realHosts()
    real = hosts[0]
    driver = driverFor(real)
    const image = localImage(imagePath)
    const spec = instanceSpec(image)
    ref = { uuid: spec.uuid, domainName: spec.domainName }
    await timed('ensureImage', () => driver.ensureImage(image))
    expect((await timed('spawn', () => driver.spawn(spec))).state).toBe('running')
    await guestSays('homenova-guest: acpid', 1)
  })

  afterAll(async () => {
    if (ref) {
      await timed('destroy', () => driver.destroy(ref))
      expect(virsh('list --all --name').split('\n')).not.toContain(ref.domainName)
    }
    await driver?.close()
  })

  it('pauses and unpauses', async () => {
    await timed('pause', () => driver.pause(ref))
    expect(domstate()).toBe('paused')
    expect((await driver.domainState(ref)).state).toBe('paused')
    await timed('unpause', () => driver.unpause(ref))
    expect(domstate()).toBe('running')
  })

  it('suspends to a managed save and resumes from it', async () => {
    await timed('suspend', () => driver.suspend(ref))
    expect(domstate()).toBe('shut off')
    expect(managedSave()).toBe(true)
    expect(await driver.domainState(ref)).toEqual({ state: 'suspended', detail: 'saved' })
    await timed('resume', () => driver.resume(ref))
    expect(domstate()).toBe('running')
    expect(managedSave()).toBe(false)
  })

  it('reboots soft: the guest hears the ACPI power button, powers off and boots again', async () => {
    expect(await timed('reboot soft', () => driver.reboot(ref, { type: 'soft', timeoutMs: SHUTDOWN_TIMEOUT_MS }))).toEqual({ type: 'soft' })
    expect(domstate()).toBe('running')
    await guestSays('homenova-guest: acpi power button', 1)
    await guestSays('homenova-guest: acpid', 2)
  })

  it('reboots hard', async () => {
    expect(await timed('reboot hard', () => driver.reboot(ref, { type: 'hard', timeoutMs: SHUTDOWN_TIMEOUT_MS }))).toEqual({ type: 'hard' })
    expect(domstate()).toBe('running')
    await guestSays('homenova-guest: acpid', 3)
  })

  it('powers off cleanly (the guest shuts itself down) and on again', async () => {
    expect(await timed('powerOff', () => driver.powerOff(ref, { timeoutMs: SHUTDOWN_TIMEOUT_MS }))).toEqual({ clean: true })
    expect(domstate()).toBe('shut off')
    await guestSays('homenova-guest: acpi power button', 2)
    await timed('powerOn', () => driver.powerOn(ref))
    expect(domstate()).toBe('running')
  })

  it('lists the domain with its state in one call, as the host does', async () => {
    const listed = await timed('listDomains', () => driver.listDomains())
    expect(listed.get(ref.domainName)).toEqual({ state: 'running', detail: 'running' })
    const onHostList = virsh('list --all --name').split('\n').filter((n) => n.startsWith('instance-'))
    expect([...listed.keys()].sort()).toEqual(onHostList.sort())
  })

  it('powering off a suspended domain drops its managed save', async () => {
    await timed('suspend (2)', () => driver.suspend(ref))
    expect(managedSave()).toBe(true)
    expect(await timed('powerOff suspended', () => driver.powerOff(ref, { timeoutMs: SHUTDOWN_TIMEOUT_MS }))).toEqual({ clean: false })
    expect(domstate()).toBe('shut off')
    expect(managedSave()).toBe(false)
    expect((await driver.listDomains()).get(ref.domainName)).toEqual({ state: 'shutoff', detail: 'shut off' })
  })
})

describe('a guest that ignores ACPI, on a real host', () => {
  const dir = mkdtempSync(join(tmpdir(), 'homenova-noacpid-'))
  let real: RealHost
  let driver: LibvirtDriver
  let ref: InstanceRef
  const domstate = () => onHost(real, `virsh -q -c ${real.uri} domstate ${ref.domainName}`).trim()

  beforeAll(async () => {
    real = realHosts().hosts[0]
    driver = driverFor(real)
    // The test image without acpid: the power button goes unheard.
    const path = join(dir, 'guest-noacpid.qcow2')
    const build = resolve(import.meta.dirname, '../../scripts/guest-image/build.sh')
    execFileSync('bash', [build, path, '--format', 'qcow2'], { stdio: 'pipe', timeout: 600_000, env: { ...process.env, HN_APPEND: 'homenova.noacpid' } })
    const image = localImage(path)
    const spec = instanceSpec(image)
    ref = { uuid: spec.uuid, domainName: spec.domainName }
    await driver.ensureImage(image)
    await driver.spawn(spec)
  })

  afterAll(async () => {
    if (ref) await driver.destroy(ref)
    await driver?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('a soft reboot waits out the timeout, then reboots hard', async () => {
    expect(await timed('reboot soft, ACPI ignored (1.5 s timeout)', () => driver.reboot(ref, { type: 'soft', timeoutMs: 1500 }))).toEqual({ type: 'hard' })
    expect(domstate()).toBe('running')
  })

  it('a power off waits out the timeout, then pulls the plug', async () => {
    expect(await timed('powerOff, ACPI ignored (1.5 s timeout)', () => driver.powerOff(ref, { timeoutMs: 1500 }))).toEqual({ clean: false })
    expect(domstate()).toBe('shut off')
  })
})
