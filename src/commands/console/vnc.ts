import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { escapeByte } from '../../cli/console-attach.js'
import { detectGraphics, GRAPHICS_CHOICES, type GraphicsMode } from '../../cli/vnc-graphics.js'
import { parseCombination } from '../../cli/vnc-keys.js'
import { openVncStream, vncError } from '../../cli/vnc-session.js'
import { UserError } from '../../core/errors.js'

export default class ConsoleVnc extends BaseCommand {
  static args = { server: Args.string({ description: 'Server name, ID or unique ID prefix', required: true }) }
  static description = `Show a server's graphical console (its VNC display) in this terminal, and type into it.

The screen is drawn with 24-bit colour half-block cells scaled to the terminal, or as a real image in terminals that show images (kitty, ghostty: the kitty protocol; iTerm2, WezTerm: iTerm2 images; foot, mlterm, contour: sixel); --graphics overrides what is detected. Only what changed is drawn again. The bottom line names the server and the keys.

Keys go to the guest as keyboard events (letters, Enter, Backspace, Tab, Esc, arrows, function keys, Ctrl and Alt combinations); clicks, drags and the wheel go as the mouse where the terminal reports them (--no-mouse leaves the mouse to the terminal, for selecting text). Ctrl-] detaches (--escape changes it). Ctrl-Alt-Del: press it if your desktop lets it through, or run this command with --send ctrl-alt-del, which sends that combination and exits without drawing.

The display is reached through homenova's connection to the server's host; nothing listens on the network. The terminal is restored however the session ends; a display that closes (the guest stopped, the host connection dropped) ends the session with a message and exit status 1.`
  static enableJsonFlag = false
  static examples = [
    '<%= config.bin %> console vnc vm1',
    '<%= config.bin %> console vnc vm1 --graphics cells --escape ^X',
    '<%= config.bin %> console vnc vm1 --send ctrl-alt-del',
    '<%= config.bin %> console vnc vm1 --send alt-f2',
  ]
  static flags = {
    escape: Flags.string({ default: ']', description: 'The character whose Ctrl combination detaches (] for Ctrl-]).' }),
    graphics: Flags.string({ default: 'auto', description: 'How to draw: auto (from TERM, TERM_PROGRAM, KITTY_WINDOW_ID), cells (half-blocks, any truecolor terminal), kitty, iterm2 or sixel (images).', options: [...GRAPHICS_CHOICES] }),
    mouse: Flags.boolean({ allowNo: true, default: true, description: 'Send mouse clicks, drags and the wheel to the guest.' }),
    send: Flags.string({ description: 'Send one key combination (e.g. ctrl-alt-del, alt-f2, f12) to the guest and exit, without drawing.' }),
  }

  async run() {
    const { args, flags } = await this.parse(ConsoleVnc)
    const escape = escapeByte(flags.escape)
    if (typeof escape === 'string') throw new UserError(escape)
    const combination = flags.send === undefined ? undefined : parseCombination(flags.send)
    if (typeof combination === 'string') throw new UserError(`--send: ${combination}`)
    if (!combination && !process.stdout.isTTY) {
      throw new UserError('console vnc draws on a terminal, and standard output is not one', { hint: 'For a picture of the screen use `console screenshot SERVER --file out.png`; to send keys use --send.' })
    }
    const { compute } = await this.services()
    const { RfbClient } = await import('../../core/console/rfb/client.js')
    const vnc = await openVncStream(compute, args.server)
    try {
      const client = await RfbClient.connect(vnc.stream).catch((err: unknown) => {
        throw vncError(err, vnc.serverName)
      })
      if (combination) {
        try {
          await client.wholeScreen()
          for (const m of combination.modifiers) client.key(m, true)
          client.key(combination.keysym, true)
          client.key(combination.keysym, false)
          for (const m of [...combination.modifiers].reverse()) client.key(m, false)
          // A server reads messages in order: the screen asked for after the keys comes back once it has read them.
          client.request(false)
          await client.nextUpdate()
        } catch (err) {
          throw vncError(err, vnc.serverName)
        } finally {
          client.close()
        }
        this.log(`Sent ${flags.send} to ${vnc.serverName}`)
        return
      }
      const { runVncView } = await import('../../cli/vnc-view.js')
      const keyName = `Ctrl-${String.fromCharCode(escape + 64)}`
      const graphics = (flags.graphics === 'auto' ? detectGraphics(process.env) : flags.graphics) as GraphicsMode
      const end = await runVncView(client, { stdin: process.stdin, stdout: process.stdout }, { escape, title: vnc.serverName, help: `${keyName} detaches`, graphics, mouse: flags.mouse })
      client.close()
      if (end.how === 'detached') process.stderr.write(`Detached from the graphical console of ${vnc.serverName}\n`)
      else if (end.how === 'signal') {
        process.stderr.write(`The graphical console of ${vnc.serverName} ended on ${end.signal}\n`)
        process.exitCode = 1
      } else {
        const why = end.error ? `: ${end.error.message}` : ' (the guest stopped, or the connection to its host dropped)'
        process.stderr.write(`The graphical console of ${vnc.serverName} closed${why}\n`)
        process.exitCode = 1
      }
    } finally {
      await vnc.close()
    }
  }
}
