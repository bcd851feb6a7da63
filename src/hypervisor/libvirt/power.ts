// Power actions on libvirt domains, each idempotent: it reads the state first
// and does only what is left to do, so a retried task finds its work done.
import type { DomainPowerState, InstanceRef } from '../driver.js'
import { planPower, type SimplePowerAction } from '../power-rules.js'
import type { Virsh } from './virsh.js'

/** How long a started domain may take to report running. */
const START_TIMEOUT_MS = 60_000

const OFF: readonly DomainPowerState[] = ['shutoff', 'missing']

/** The power actions of one libvirt host. */
export class LibvirtPower {
  constructor(
    private readonly virsh: Virsh,
    private readonly hostName: string,
  ) {}

  async powerOff(ref: InstanceRef, timeoutMs: number): Promise<{ clean: boolean }> {
    const name = ref.domainName
    const { state } = await this.virsh.state(name)
    // Nothing runs: as Nova does, a domain that is gone counts as off.
    if (state === 'shutoff' || state === 'missing') return { clean: true }
    // The saved memory is thrown away: the guest never shut down by itself.
    if (state === 'suspended') {
      await this.virsh.run('managedsave-remove', name)
      return { clean: false }
    }
    // A paused guest's vCPUs cannot answer ACPI: waiting would only waste the timeout.
    if (state === 'running' || state === 'other') {
      if (timeoutMs > 0 && (await this.gracefulStop(name, timeoutMs))) return { clean: true }
    }
    await this.hardStop(name)
    return { clean: false }
  }

  async powerOn(ref: InstanceRef): Promise<void> {
    const name = ref.domainName
    const { state } = await this.virsh.state(name)
    if (state === 'running') return
    if (state === 'missing') throw this.missing('power on', ref)
    if (state === 'paused') {
      await this.virsh.run('resume', name)
      return
    }
    // crashed or passing states (in shutdown, pmsuspended): a hard stop first, as
    // Nova's power_on (a hard reboot) would.
    if (state === 'crashed' || state === 'other') await this.hardStop(name)
    await this.start(name)
  }

  async reboot(ref: InstanceRef, type: 'soft' | 'hard', timeoutMs: number): Promise<{ type: 'soft' | 'hard' }> {
    const name = ref.domainName
    const { state } = await this.virsh.state(name)
    if (state === 'missing') throw this.missing('reboot', ref)
    // Only a running guest can shut itself down; anything else reboots hard (Nova's _soft_reboot).
    if (type === 'soft' && state === 'running' && (await this.gracefulStop(name, timeoutMs))) {
      await this.start(name)
      return { type: 'soft' }
    }
    // A hard reboot boots afresh: a managed save would otherwise be restored.
    if (state === 'suspended') await this.virsh.run('managedsave-remove', name)
    else if (state !== 'shutoff') await this.hardStop(name)
    await this.start(name)
    return { type: 'hard' }
  }

  async pause(ref: InstanceRef): Promise<void> {
    if ((await this.plan('pause', ref)) === 'act') await this.virsh.run('suspend', ref.domainName)
  }

  async unpause(ref: InstanceRef): Promise<void> {
    if ((await this.plan('unpause', ref)) === 'act') await this.virsh.run('resume', ref.domainName)
  }

  async suspend(ref: InstanceRef): Promise<void> {
    // --running: whatever it was when saved, a resumed domain runs.
    if ((await this.plan('suspend', ref)) === 'act') await this.virsh.run('managedsave', '--running', ref.domainName)
  }

  async resume(ref: InstanceRef): Promise<void> {
    if ((await this.plan('resume', ref)) === 'act') await this.start(ref.domainName)
  }

  /** Starts the domain (restoring a managed save if there is one) and waits until it runs. */
  async start(name: string): Promise<void> {
    await this.virsh.runUnless(['running'], 'start', name)
    const facts = await this.virsh.waitFor(name, ['running'], START_TIMEOUT_MS)
    if (!facts) {
      const now = await this.virsh.state(name)
      throw new Error(`${name} did not reach running on ${this.hostName} (state: ${now.detail ?? now.state})`)
    }
  }

  /** Stops the domain at once (pulling the plug); fine if it is off already. */
  async hardStop(name: string): Promise<void> {
    await this.virsh.runUnless(OFF, 'destroy', name)
  }

  /** An ACPI shutdown; true if the guest stopped by itself within the timeout. */
  private async gracefulStop(name: string, timeoutMs: number): Promise<boolean> {
    await this.virsh.runUnless([...OFF, 'other'], 'shutdown', name)
    return (await this.virsh.waitFor(name, OFF, timeoutMs)) !== undefined
  }

  private async plan(action: SimplePowerAction, ref: InstanceRef): Promise<'act' | 'done'> {
    const { state } = await this.virsh.state(ref.domainName)
    return planPower(action, state, { domain: ref.domainName, host: this.hostName })
  }

  private missing(action: string, ref: InstanceRef): Error {
    return new Error(`Cannot ${action} ${ref.domainName} on ${this.hostName}: no such domain there (it was destroyed or never defined)`)
  }
}
