import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { progressPrinter } from '../cli/progress.js'

export default class ConductorCommand extends BaseCommand {
  static description = 'Run queued tasks (builds, deletes, power actions), several at once: in the foreground until stopped, or until the queue is empty with --drain.'
  static examples = ['<%= config.bin %> conductor', '<%= config.bin %> conductor --drain']
  static flags = {
    drain: Flags.boolean({ description: 'Exit once no task is left.' }),
  }

  async run(): Promise<{ tasks: number }> {
    const { flags } = await this.parse(ConductorCommand)
    const conductor = (await this.services()).conductor({ onEvent: progressPrinter((line) => this.log(line)) })
    if (flags.drain) return { tasks: await conductor.drain() }
    const stop = new AbortController()
    process.once('SIGINT', () => stop.abort())
    process.once('SIGTERM', () => stop.abort())
    this.log('Conductor running; Ctrl-C stops it after the current task.')
    await conductor.serve(stop.signal)
    return { tasks: 0 }
  }
}
