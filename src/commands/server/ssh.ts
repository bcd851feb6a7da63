import { readFile } from 'node:fs/promises'
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { UserError } from '../../core/errors.js'
import { homenovaHome, homePaths } from '../../core/paths.js'
import { commandLine } from '../../hypervisor/quote.js'

export default class ServerSsh extends BaseCommand {
  static aliases = ['ssh']
  static args = {
    server: Args.string({ description: 'Server name, ID or unique ID prefix', required: true }),
  }
  static description = `Log into a server over SSH, through its host: homenova forwards the connection over its own SSH connection to the host, so no route from here to the guest is needed.

With a command after --, runs it and exits with its status (each argument is passed as is, quoted for the guest's shell; use sh -c '...' for pipes). Without one, opens an interactive shell on a pseudo-terminal.

The login is --login, else the image's os_admin_user property, else root. The key is --identity, else the private key file written by \`keypair create --private-key\` for the server's keypair. The guest's host key is recorded in homenova's known_hosts on first use and checked after.`
  static enableJsonFlag = false
  static examples = [
    '<%= config.bin %> server ssh vm1',
    '<%= config.bin %> server ssh vm1 -- cat /proc/version',
    "<%= config.bin %> server ssh web --login debian --identity ~/.ssh/id_ed25519 -- sh -c 'journalctl -b | tail'",
  ]
  static flags = {
    identity: Flags.string({ char: 'i', description: 'Private key file to log in with.' }),
    login: Flags.string({ char: 'l', description: 'User to log in as.' }),
  }
  static strict = false
  // Not strict for the command after --, which oclif's usage line would show as SERVER...
  static usage = 'server ssh SERVER [-i <value>] [-l <value>] [-- COMMAND...]'

  async run() {
    const { args, flags, raw } = await this.parse(ServerSsh)
    // oclif's argv reorders arguments after `--` (a repeated word moves); raw keeps the order typed.
    const command = raw.filter((t) => t.type === 'arg').map((t) => t.input).slice(1)
    const { compute } = await this.services()
    const access = await compute.openGuestSsh(args.server)
    // The host connection stays open until closed: every way out closes it, or the process would not exit.
    try {
      const keyFile = flags.identity ?? access.identityFile
      if (!keyFile) {
        throw new UserError(`homenova has no private key for server ${access.server.name}${access.server.keyName ? ` (keypair ${access.server.keyName})` : ' (created without --key-name)'}`, {
          hint: 'Give one with --identity FILE (keypair create --private-key FILE remembers where it wrote it).',
        })
      }
      const privateKey = await readFile(keyFile).catch((err: Error) => {
        throw new UserError(`Cannot read --identity ${keyFile}: ${err.message}`)
      })
      const [{ connectGuest, runInGuest, shellInGuest }, { KnownHosts }] = await Promise.all([import('../../hypervisor/ssh/guest-client.js'), import('../../hypervisor/ssh/known-hosts.js')])
      const client = await connectGuest(access.stream, {
        user: flags.login ?? access.login,
        privateKey,
        knownHosts: new KnownHosts(homePaths(homenovaHome()).knownHosts),
        hostName: `homenova-guest-${access.server.id}`,
        onRecorded: (fp) => process.stderr.write(`Recorded the host key of server ${access.server.name} (${fp})\n`),
      })
      try {
        const io = { stdout: process.stdout, stderr: process.stderr }
        const code = command.length > 0
          ? await runInGuest(client, commandLine(command), { ...io, ...(process.stdin.isTTY ? {} : { stdin: process.stdin }) })
          : await shellInGuest(client, { ...io, stdin: process.stdin })
        process.exitCode = code
      } finally {
        client.end()
      }
    } finally {
      await access.close()
    }
  }
}
