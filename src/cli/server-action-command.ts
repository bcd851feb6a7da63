// The base of commands that act on one or more servers (stop, reboot, lock...):
// they take several server names, like openstack's, and report per server.
import { Args, Flags } from '@oclif/core'
import type { ActionResults, ComputeApi } from '../core/api/compute-api.js'
import { UserError } from '../core/errors.js'
import { BaseCommand } from './base-command.js'
import { finishAction, type ActionOutcome } from './server-action.js'

/** Base class of server action commands. */
export abstract class ServerActionCommand extends BaseCommand {
  static args = { server: Args.string({ description: 'Server name, ID or unique ID prefix (several may be given)', required: true }) }
  static strict = false

  /** The argument of actions that take one server, as openstack's rescue, resize and rebuild do (their help then says SERVER, not SERVER...). */
  static oneServerArgs = { server: Args.string({ description: 'Server name, ID or unique ID prefix', required: true }) }

  /** The --wait flag every action with a task takes. */
  static waitFlag = Flags.boolean({ description: 'Do the work in this process, print progress, and wait until it ends.' })

  /** Runs `accept` for the servers named on the command line and reports each. */
  protected async serverAction(argv: unknown[], wait: boolean, verb: string, accept: (compute: ComputeApi, refs: string[]) => Promise<ActionResults>): Promise<ActionOutcome[]> {
    const refs = argv.map(String)
    const flag = refs.find((r) => r.startsWith('-'))
    if (flag) throw new UserError(`Unknown flag ${flag}`, { hint: `See \`homenova ${this.id?.replaceAll(':', ' ')} --help\`.` })
    const services = await this.services()
    const accepted = await accept(services.compute, refs)
    return finishAction(services, accepted, { wait, verb }, { log: (l) => this.log(l), warn: (l) => this.logToStderr(l), json: this.jsonEnabled() })
  }
}
