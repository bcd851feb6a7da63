// The libvirt driver's power actions against a simulated virsh behind the
// Transport interface: which virsh commands each action runs from each state,
// and that every action is idempotent. Real libvirt: test/e2e/libvirt-power.test.ts.
import { describe, expect, it } from 'vitest'
import type { HostSpec, InstanceRef } from '../../src/hypervisor/driver.js'
import { LibvirtDriver } from '../../src/hypervisor/libvirt/libvirt-driver.js'
import type { ExecResult, Transport } from '../../src/hypervisor/transport.js'

interface SimDomain {
  state: 'running' | 'paused' | 'shut off'
  managedSave: boolean
  /** How many state reads after an ACPI shutdown the guest takes to stop; undefined: it ignores ACPI. */
  acpiReads?: number
  pendingShutdown?: number
}

/** virsh as libvirt 9.0 answers, for one domain, recording the commands it ran. */
class SimVirsh implements Transport {
  readonly where = 'sim@host'
  readonly commands: string[] = []
  constructor(readonly domains: Map<string, SimDomain>) {}

  async exec(argv: readonly string[]): Promise<ExecResult> {
    if (argv[0] === 'rm') {
      this.commands.push(argv.join(' '))
      return ok()
    }
    const [env, lc, virsh, q, c, uri, cmd, ...rest] = argv
    expect([env, lc, virsh, q, c, uri]).toEqual(['env', 'LC_ALL=C', 'virsh', '-q', '-c', 'qemu:///session'])
    const name = rest[rest.length - 1]
    // Recorded without the domain name; state reads are not recorded.
    if (cmd !== 'dominfo') this.commands.push([cmd, ...rest.filter((arg) => !arg.startsWith('instance-'))].join(' '))
    if (cmd === 'list') {
      const lines = [...this.domains].map(([n, d]) => ` -   ${n}   ${d.managedSave ? 'saved' : d.state}`)
      return ok(lines.join('\n') + '\n')
    }
    const d = this.domains.get(name)
    if (!d) return fail(`error: failed to get domain '${name}'`)
    const notRunning = () => fail(`error: Failed to ${cmd} domain '${name}'\nerror: Requested operation is not valid: domain is not running`)
    switch (cmd) {
      case 'dominfo':
        if (d.pendingShutdown !== undefined && --d.pendingShutdown <= 0) Object.assign(d, { state: 'shut off', pendingShutdown: undefined })
        return ok(`Name:           ${name}\nState:          ${d.state}\nManaged save:   ${d.managedSave ? 'yes' : 'no'}\n`)
      case 'shutdown':
        if (d.state === 'shut off') return notRunning()
        if (d.acpiReads !== undefined && d.state === 'running') d.pendingShutdown = d.acpiReads
        return ok()
      case 'destroy':
        if (d.state === 'shut off') return notRunning()
        Object.assign(d, { state: 'shut off', pendingShutdown: undefined })
        return ok()
      case 'start':
        if (d.state !== 'shut off') return fail('error: Domain is already active')
        Object.assign(d, { state: 'running', managedSave: false })
        return ok()
      case 'suspend':
        if (d.state === 'shut off') return notRunning()
        d.state = 'paused'
        return ok()
      case 'resume':
        if (d.state !== 'paused') return fail('error: Requested operation is not valid: domain is already running')
        d.state = 'running'
        return ok()
      case 'managedsave':
        if (d.state === 'shut off') return notRunning()
        Object.assign(d, { state: 'shut off', managedSave: true })
        return ok()
      case 'managedsave-remove':
        d.managedSave = false
        return ok()
      case 'undefine':
        if (d.managedSave && !rest.includes('--managed-save')) return fail('error: Refusing to undefine while domain managed save image exists')
        this.domains.delete(name)
        return ok()
    }
    throw new Error(`SimVirsh cannot ${cmd}`)
  }

  async upload(): Promise<void> {}
  async download(): Promise<void> {}
  async writeFile(): Promise<void> {}
  async forward(): Promise<never> {
    throw new Error('forward is not simulated')
  }

  async stream(): Promise<never> {
    throw new Error('stream is not simulated')
  }

  async close(): Promise<void> {}
}

const ok = (stdout = ''): ExecResult => ({ stdout, stderr: '', code: 0 })
const fail = (stderr: string): ExecResult => ({ stdout: '', stderr, code: 1 })

const host: HostSpec = {
  id: 'h1',
  name: 'e2e1',
  driver: 'libvirt',
  connection: { kind: 'ssh', address: '127.0.0.1', port: 2201, user: 'hn' },
  uri: 'qemu:///session',
  virtType: 'qemu',
  instancesDir: '/home/hn/.local/share/homenova',
  facts: {},
}
const ref: InstanceRef = { uuid: '0a1b2c3d-1111-2222-3333-444455556666', domainName: 'instance-0a1b2c3d' }

function sim(domain: Partial<SimDomain> = {}) {
  const d: SimDomain = { state: 'running', managedSave: false, acpiReads: 2, ...domain }
  const virsh = new SimVirsh(new Map([[ref.domainName, d]]))
  const driver = new LibvirtDriver(host, virsh)
  return { d, virsh, driver, state: async () => (await driver.domainState(ref)).state }
}

describe('libvirt power actions (simulated virsh)', () => {
  it('stops a cooperating guest with an ACPI shutdown only', async () => {
    const { driver, virsh, state } = sim()
    expect(await driver.powerOff(ref, { timeoutMs: 5000 })).toEqual({ clean: true })
    expect(virsh.commands).toEqual(['shutdown'])
    expect(await state()).toBe('shutoff')
    expect(await driver.powerOff(ref, { timeoutMs: 5000 })).toEqual({ clean: true })
    expect(virsh.commands).toEqual(['shutdown'])
  })

  it('pulls the plug on a guest that ignores ACPI, after the timeout', async () => {
    const { driver, virsh, state } = sim({ acpiReads: undefined })
    const t = Date.now()
    expect(await driver.powerOff(ref, { timeoutMs: 300 })).toEqual({ clean: false })
    expect(Date.now() - t).toBeGreaterThanOrEqual(300)
    expect(virsh.commands).toEqual(['shutdown', 'destroy'])
    expect(await state()).toBe('shutoff')
  })

  it('pulls the plug at once with no timeout, or on a paused guest (it cannot hear ACPI)', async () => {
    for (const [initial, timeoutMs] of [['running', 0], ['paused', 60_000]] as const) {
      const { driver, virsh } = sim({ state: initial })
      expect(await driver.powerOff(ref, { timeoutMs })).toEqual({ clean: false })
      expect(virsh.commands).toEqual(['destroy'])
    }
  })

  it('drops the managed save of a suspended domain it powers off', async () => {
    const { driver, virsh, state } = sim({ state: 'shut off', managedSave: true })
    expect(await state()).toBe('suspended')
    expect(await driver.powerOff(ref, { timeoutMs: 1000 })).toEqual({ clean: false })
    expect(virsh.commands).toEqual(['managedsave-remove'])
    expect(await state()).toBe('shutoff')
  })

  it('counts a missing domain as off for a stop, and refuses to start it', async () => {
    const { driver, virsh } = sim()
    virsh.domains.clear()
    expect(await driver.powerOff(ref, { timeoutMs: 1000 })).toEqual({ clean: true })
    await expect(driver.powerOn(ref)).rejects.toThrow('Cannot power on instance-0a1b2c3d on e2e1: no such domain there')
  })

  it('powers on: starts an off or saved domain, unpauses a paused one, leaves a running one', async () => {
    for (const [initial, managedSave, commands] of [
      ['shut off', false, ['start']],
      ['shut off', true, ['start']],
      ['paused', false, ['resume']],
      ['running', false, []],
    ] as const) {
      const { driver, virsh, state } = sim({ state: initial, managedSave })
      await driver.powerOn(ref)
      expect(virsh.commands).toEqual(commands)
      expect(await state()).toBe('running')
    }
  })

  it('reboots soft through shutdown and start, and falls back to hard when the guest ignores ACPI', async () => {
    const soft = sim()
    expect(await soft.driver.reboot(ref, { type: 'soft', timeoutMs: 5000 })).toEqual({ type: 'soft' })
    expect(soft.virsh.commands).toEqual(['shutdown', 'start'])
    const deaf = sim({ acpiReads: undefined })
    expect(await deaf.driver.reboot(ref, { type: 'soft', timeoutMs: 300 })).toEqual({ type: 'hard' })
    expect(deaf.virsh.commands).toEqual(['shutdown', 'destroy', 'start'])
    expect(await deaf.state()).toBe('running')
  })

  it('reboots hard from any state, booting afresh rather than restoring a save', async () => {
    for (const [initial, managedSave, commands] of [
      ['running', false, ['destroy', 'start']],
      ['paused', false, ['destroy', 'start']],
      ['shut off', false, ['start']],
      ['shut off', true, ['managedsave-remove', 'start']],
    ] as const) {
      const { driver, virsh, state } = sim({ state: initial, managedSave })
      expect(await driver.reboot(ref, { type: 'hard', timeoutMs: 0 })).toEqual({ type: 'hard' })
      expect(virsh.commands).toEqual(commands)
      expect(await state()).toBe('running')
    }
  })

  it('pauses, unpauses, suspends and resumes with one virsh command each, and repeats as no-ops', async () => {
    const { driver, virsh, state } = sim()
    for (const [action, expected] of [
      ['pause', 'paused'],
      ['unpause', 'running'],
      ['suspend', 'suspended'],
      ['resume', 'running'],
    ] as const) {
      await driver[action](ref)
      await driver[action](ref)
      expect(await state()).toBe(expected)
    }
    expect(virsh.commands).toEqual(['suspend', 'resume', 'managedsave --running', 'start'])
  })

  it('refuses to pause or suspend a domain that is off', async () => {
    const { driver } = sim({ state: 'shut off' })
    await expect(driver.pause(ref)).rejects.toThrow('Cannot pause instance-0a1b2c3d on e2e1: it is shutoff (pause needs running)')
    await expect(driver.suspend(ref)).rejects.toThrow(/Cannot suspend .* it is shutoff/)
  })

  it('destroys a suspended domain together with its managed save', async () => {
    const { driver, virsh } = sim({ state: 'shut off', managedSave: true })
    await driver.destroy(ref)
    expect(virsh.commands).toEqual(['undefine --managed-save', `rm -rf ${host.instancesDir}/instances/${ref.uuid} ${host.instancesDir}/instances/${ref.uuid}_resize`])
    expect(virsh.domains.size).toBe(0)
  })

  it('lists homenova domains in one command', async () => {
    const { driver, virsh } = sim({ state: 'shut off', managedSave: true })
    expect(await driver.listDomains()).toEqual(new Map([[ref.domainName, { state: 'suspended', detail: 'saved' }]]))
    expect(virsh.commands).toEqual(['list --all --managed-save'])
  })
})
