import { Flags } from '@oclif/core'
import { ServerActionCommand } from '../../cli/server-action-command.js'
import { readUserData } from '../../cli/user-data.js'

export default class ServerRebuild extends ServerActionCommand {
  static aliases = ['rebuild']
  static args = ServerActionCommand.oneServerArgs
  static description = 'Rebuild a server: same ID, flavor and host, a new root disk from an image (its own by default). Everything on the old disk is lost. A stopped server stays stopped.'
  static examples = [
    '<%= config.bin %> server rebuild vm1 --wait',
    '<%= config.bin %> server rebuild vm1 --image debian-12 --name web-1',
    '<%= config.bin %> server rebuild vm1 --key-name newkey --user-data cloud-init.yaml',
  ]
  static flags = {
    image: Flags.string({ description: 'Image name or ID (default: the server\'s current image).' }),
    'key-name': Flags.string({ description: 'Give the rebuilt guest this keypair\'s public key instead.', exclusive: ['no-key-name'] }),
    name: Flags.string({ description: 'A new name for the server.' }),
    'no-key-name': Flags.boolean({ description: 'Give the rebuilt guest no key.' }),
    'no-user-data': Flags.boolean({ description: 'Give the rebuilt guest no user data.' }),
    'user-data': Flags.string({ description: 'Give the rebuilt guest this file as user data instead.', exclusive: ['no-user-data'] }),
    wait: ServerActionCommand.waitFlag,
  }
  static strict = true

  async run() {
    const { args, flags } = await this.parse(ServerRebuild)
    const keyName = flags['no-key-name'] ? null : flags['key-name']
    const userData = flags['no-user-data'] ? null : flags['user-data'] === undefined ? undefined : await readUserData(flags['user-data'])
    return this.serverAction([args.server], flags.wait, 'rebuild', (compute, [ref]) => compute.rebuildServer(ref, { image: flags.image, name: flags.name, keyName, userData }))
  }
}
