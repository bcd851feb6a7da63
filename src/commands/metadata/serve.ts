import { Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { UserError } from '../../core/errors.js'
import { startMetadataServer } from '../../core/metadata/metadata-server.js'
import { schedulerConfig } from '../../core/scheduler/config.js'

// ADDR:PORT, with an IPv6 address in brackets as URLs write it ([::1]:8775).
function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim())
  const port = m ? Number(m[3]) : NaN
  if (!m || port > 65535) throw new UserError(`--listen takes ADDR:PORT, got ${JSON.stringify(text)}`, { hint: 'For example 127.0.0.1:8775, 0.0.0.0:8775 or [::1]:8775; port 0 takes any free port.', exitCode: 2 })
  return { host: m[1] ?? m[2], port }
}

export default class MetadataServe extends BaseCommand {
  static description = "Serve guests their metadata over HTTP, as nova-api-metadata does, in the foreground until stopped: a guest is known by its address, or by the X-Instance-ID a proxy signed with metadata_proxy_shared_secret."
  static examples = [
    '<%= config.bin %> metadata serve',
    '<%= config.bin %> metadata serve --listen 0.0.0.0:8775',
    '<%= config.bin %> metadata serve --listen 127.0.0.1:8775 --trust-forwarded',
  ]
  static flags = {
    listen: Flags.string({ default: '127.0.0.1:8775', description: "ADDR:PORT to listen on (Nova's metadata port is 8775; 0 takes any free port)." }),
    'trust-forwarded': Flags.boolean({ description: "Take the requester's address from X-Forwarded-For (Nova's use_forwarded_for): only behind a proxy that sets it." }),
  }

  async run(): Promise<{ address: string; port: number; requests: number }> {
    const { flags } = await this.parse(MetadataServe)
    const listen = parseListen(flags.listen)
    const store = this.store
    const sharedSecret = schedulerConfig((await store.read()).config).metadata_proxy_shared_secret
    let requests = 0
    const server = await startMetadataServer({
      store, listen, sharedSecret, trustForwarded: flags['trust-forwarded'],
      log: (line) => {
        requests += 1
        this.log(line)
      },
    }).catch((err: NodeJS.ErrnoException) => {
      throw new UserError(`Cannot listen on ${flags.listen}: ${err.code ?? err.message}`, { hint: err.code === 'EADDRINUSE' ? 'Another process has that port; pick another with --listen.' : undefined, cause: err })
    })
    const host = server.address.includes(':') ? `[${server.address}]` : server.address
    this.log(`Metadata service listening on http://${host}:${server.port}/`)
    if (sharedSecret === '') this.log('Proxied requests (X-Instance-ID) are refused: metadata_proxy_shared_secret is not set.')
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve())
      process.once('SIGTERM', () => resolve())
    })
    await server.close()
    return { address: server.address, port: server.port, requests }
  }
}
