// `homenova help [COMMAND]`: oclif's help command, except that a name that is
// neither a command nor a topic gets the same "not a homenova command, did you
// mean" error (exit 127) as running it would, not oclif's "Command server:lsit
// not found." with the id spelled with colons.
import { Args, Command, Flags, loadHelpClass } from '@oclif/core'
import { commandNotFound } from '../cli/hooks/not-found.js'

export default class Help extends Command {
  static override description = 'Display help for <%= config.bin %>.'
  static override args = {
    command: Args.string({ description: 'Command to show help for.', required: false }),
  }
  static override flags = {
    'nested-commands': Flags.boolean({ char: 'n', description: 'Include all nested commands in the output.' }),
  }
  static override strict = false

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Help)
    const words = (argv as string[]).filter((a) => !a.startsWith('-'))
    const id = words.join(':')
    if (id && !this.config.findCommand(id) && !this.config.findTopic(id)) commandNotFound(this.config, id, this.argv)
    const HelpClass = await loadHelpClass(this.config)
    await new HelpClass(this.config, { all: flags['nested-commands'] }).showHelp(argv as string[])
  }
}
