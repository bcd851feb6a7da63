import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { attachTerminal, escapeByte } from '../../cli/console-attach.js'
import { UserError } from '../../core/errors.js'

export default class ConsoleSerial extends BaseCommand {
  static aliases = ['serial-console']
  static args = { server: Args.string({ description: 'Server name, ID or unique ID prefix', required: true }) }
  static description = `Attach this terminal to a server's serial console (libvirt's console on its host, through homenova's SSH connection). Keys go to the guest; Ctrl-] detaches (--escape changes it). The terminal is restored however the session ends.

Another session holding the console is refused unless --force, which cuts it off.

--snapshot prints the console's current screen and exits: the console log replayed through a terminal emulator (@xterm/headless), so a full-screen program shows as it would on screen.`
  static enableJsonFlag = false
  static examples = ['<%= config.bin %> console serial vm1', '<%= config.bin %> console serial vm1 --force --escape ^X', '<%= config.bin %> console serial vm1 --snapshot']
  static flags = {
    escape: Flags.string({ default: ']', description: 'The character whose Ctrl combination detaches (] for Ctrl-]).' }),
    force: Flags.boolean({ description: 'Take the console from another session that holds it.' }),
    snapshot: Flags.boolean({ description: 'Print the current screen and exit.' }),
  }

  async run() {
    const { args, flags } = await this.parse(ConsoleSerial)
    const escape = escapeByte(flags.escape)
    if (typeof escape === 'string') throw new UserError(escape)
    const cols = process.stdout.columns || 80
    const rows = process.stdout.rows || 24
    const { compute } = await this.services()
    if (flags.snapshot) {
      const { ConsoleScreen } = await import('../../core/console/screen.js')
      const screen = await ConsoleScreen.create(cols, rows)
      // The serial log holds everything the guest printed: replayed, it leaves the screen the guest drew.
      await screen.write((await compute.consoleLog(args.server)).replace(/\r?\n/g, '\r\n'))
      this.log(screen.text())
      return
    }
    const session = await compute.openSerialConsole(args.server, { size: { rows, cols, term: process.env.TERM }, force: flags.force })
    const keyName = `Ctrl-${String.fromCharCode(escape + 64)}`
    process.stderr.write(`Connected to the serial console of ${session.server.name} (${keyName} detaches)\r\n`)
    try {
      const end = await attachTerminal(session.stream, { stdin: process.stdin, stdout: process.stdout }, escape)
      if (end === 'detached') process.stderr.write(`\r\nDetached from the serial console of ${session.server.name}\r\n`)
      else {
        process.stderr.write(`\r\nThe serial console of ${session.server.name} closed (the guest stopped, or the connection to its host dropped)\r\n`)
        process.exitCode = 1
      }
    } finally {
      await session.close()
    }
  }
}
