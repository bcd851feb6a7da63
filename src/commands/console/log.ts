import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'

export default class ConsoleLog extends BaseCommand {
  static aliases = ['console-log', 'console:log:show']
  static args = { server: Args.string({ description: 'Server name, ID or unique ID prefix', required: true }) }
  static description = "Print a server's serial console output (its console log on the host). --follow keeps printing what the guest prints next, until Ctrl-C."
  static examples = ['<%= config.bin %> console log vm1', '<%= config.bin %> console-log vm1 --lines 20', '<%= config.bin %> console log vm1 --follow']
  static flags = {
    follow: Flags.boolean({ char: 'f', description: 'Keep printing new output until interrupted (Ctrl-C).', exclusive: ['json'] }),
    lines: Flags.integer({ description: 'Only the last N lines (with --follow: default 10).', min: 1 }),
  }

  async run() {
    const { args, flags } = await this.parse(ConsoleLog)
    const { compute } = await this.services()
    if (!flags.follow) {
      const output = await compute.consoleLog(args.server, flags.lines)
      this.log(output)
      return { output }
    }
    const session = await compute.followConsoleLog(args.server, flags.lines ?? 10)
    const stop = () => void session.close()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    try {
      session.stream.io.on('data', (d: Buffer) => process.stdout.write(d))
      await session.stream.exit
    } finally {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      await session.close()
    }
  }
}
