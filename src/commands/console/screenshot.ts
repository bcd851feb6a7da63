import { open } from 'node:fs/promises'
import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { openVncStream, vncError } from '../../cli/vnc-session.js'
import { UserError } from '../../core/errors.js'

export default class ConsoleScreenshot extends BaseCommand {
  static args = { server: Args.string({ description: 'Server name, ID or unique ID prefix', required: true }) }
  static description = `Save a server's graphical console (its VNC framebuffer) as a PNG file, at the screen's own size.

The display is reached through homenova's connection to the server's host, as console vnc reaches it. An existing file is kept unless --force, since a screenshot is cheap to take again and the file it would replace may not be.`
  static examples = ['<%= config.bin %> console screenshot vm1 --file vm1.png', '<%= config.bin %> console screenshot vm1 --file /tmp/boot.png --force --json']
  static flags = {
    file: Flags.string({ char: 'o', description: 'PNG file to write.', required: true }),
    force: Flags.boolean({ description: 'Replace the file if it exists.' }),
  }

  async run() {
    const { args, flags } = await this.parse(ConsoleScreenshot)
    const { compute } = await this.services()
    const { captureScreen, encodePng } = await import('../../core/console/rfb/screenshot.js')
    const vnc = await openVncStream(compute, args.server)
    let png: Buffer
    let size: { width: number; height: number }
    try {
      const { framebuffer } = await captureScreen(vnc.stream)
      size = { width: framebuffer.width, height: framebuffer.height }
      png = await encodePng(framebuffer)
    } catch (err) {
      throw vncError(err, vnc.serverName)
    } finally {
      await vnc.close()
    }
    // Written only once the whole image is in hand: a failed capture leaves no file behind.
    const file = await open(flags.file, flags.force ? 'w' : 'wx').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST') throw new UserError(`${flags.file} already exists`, { hint: 'Give another file name, or --force to replace it.' })
      throw new UserError(`Cannot write ${flags.file}: ${err.message}`)
    })
    try {
      await file.writeFile(png)
    } finally {
      await file.close()
    }
    this.show(() => `Saved the screen of ${vnc.serverName} (${size.width}x${size.height}) to ${flags.file}`)
    return { server: vnc.serverName, file: flags.file, width: size.width, height: size.height, bytes: png.length }
  }
}
