import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'

export default class ConsoleLog extends BaseCommand {
  static aliases = ['console-log', 'console:log:show']
  static args = { server: Args.string({ description: 'Server name, ID or unique ID prefix', required: true }) }
  static description = "Print a server's serial console output (its console log on the host)."
  static examples = ['<%= config.bin %> console log vm1', '<%= config.bin %> console-log vm1 --lines 20']
  static flags = {
    lines: Flags.integer({ description: 'Only the last N lines.', min: 1 }),
  }

  async run() {
    const { args, flags } = await this.parse(ConsoleLog)
    const output = await (await this.services()).compute.consoleLog(args.server, flags.lines)
    this.log(output)
    return { output }
  }
}
