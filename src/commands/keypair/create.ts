import { open, readFile, unlink } from 'node:fs/promises'
import { resolve } from 'node:path'
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { showFlags } from '../../cli/output-flags.js'
import { KEYPAIR_FIELDS, keypairFields, keypairView } from '../../cli/views-keypairs.js'
import { UserError } from '../../core/errors.js'

export default class KeypairCreate extends BaseCommand {
  static aliases = ['keypair-add']
  static args = { name: Args.string({ description: 'Keypair name (letters, digits, spaces, "_", "-", ".", "@")', required: true }) }
  static description =
    'Create a keypair: generate one (the private key is written to --private-key FILE, else printed once; homenova never keeps it), or import your public key with --public-key FILE.'
  static examples = [
    '<%= config.bin %> keypair create mykey --public-key ~/.ssh/id_ed25519.pub',
    '<%= config.bin %> keypair create mykey --private-key ./mykey.pem',
    '<%= config.bin %> keypair create mykey --type rsa > mykey.pem',
  ]
  static flags = {
    ...showFlags,
    'key-type': Flags.string({ description: "Nova's keypair type: ssh, or x509 (import a PEM certificate).", options: ['ssh', 'x509'], default: 'ssh' }),
    'private-key': Flags.string({ description: 'Write the generated private key to this new file (mode 0600; an existing file is never overwritten).', exclusive: ['public-key'] }),
    'public-key': Flags.string({ description: 'Import the public key in this file (an OpenSSH .pub line) instead of generating one.', exclusive: ['private-key', 'type'] }),
    type: Flags.string({ description: 'Algorithm of a generated key.', options: ['ed25519', 'rsa'], default: 'ed25519' }),
  }
  static outputColumns = KEYPAIR_FIELDS

  async run() {
    const { args, flags } = await this.parse(KeypairCreate)
    const keypairs = (await this.services()).keypairs
    const keyType = flags['key-type'] === 'x509' ? 'x509' : 'ssh'
    const type = flags.type === 'rsa' ? 'rsa' : 'ed25519'
    if (flags['public-key'] !== undefined) {
      const view = keypairView(await keypairs.import(args.name, await readKeyFile(flags['public-key']), keyType))
      return this.printShow(flags, view, () => keypairFields(view))
    }
    const file = flags['private-key']
    if (file === undefined) {
      // As openstack: the private key, printed only this once, whatever -f says.
      const { keypair, privateKey } = await keypairs.create(args.name, { type, keyType })
      this.show(() => privateKey.trimEnd())
      return { ...keypairView(keypair), private_key: privateKey }
    }
    // Claim the file before the keypair exists, so that a key is never recorded without its private half saved.
    const handle = await open(file, 'wx', 0o600).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST') throw new UserError(`${file} already exists; homenova never overwrites a key file`, { hint: 'Give a new file name, or move the old file away.' })
      throw new UserError(`Cannot create ${file}: ${err.message}`)
    })
    let saved = false
    try {
      const { keypair, privateKey } = await keypairs.create(args.name, { type, keyType, privateKeyFile: resolve(file) })
      await handle.writeFile(privateKey).catch(async (err: unknown) => {
        await keypairs.delete([keypair.name]) // a public key whose private half is lost is of no use
        throw err
      })
      saved = true
      const view = keypairView(keypair)
      return await this.printShow(flags, view, () => keypairFields(view))
    } finally {
      await handle.close()
      if (!saved) await unlink(file).catch(() => undefined)
    }
  }
}

async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    throw new UserError(`Cannot read ${path}: ${(err as Error).message}`, { hint: 'Give the path of your public key, such as ~/.ssh/id_ed25519.pub.' })
  }
}
