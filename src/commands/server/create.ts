import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { readPersonalityFiles, readUserData } from '../../cli/user-data.js'
import { keyValues } from '../../cli/key-values.js'
import { dryRunText, dryRunView } from '../../cli/dry-run.js'
import { progressPrinter } from '../../cli/progress.js'
import { showFlags } from '../../cli/output-flags.js'
import type { Cell, ListOutput } from '../../cli/output.js'
import { SERVER_FIELDS, serverFields, serverView } from '../../cli/views.js'
import { serverList } from '../../cli/views-server-list.js'
import type { RawHints } from '../../core/api/server-request.js'
import { UserError } from '../../core/errors.js'
import { networkAsk } from '../../core/model/networks.js'

export default class ServerCreate extends BaseCommand {
  static aliases = ['boot']
  static args = { name: Args.string({ description: 'Server name (with --max N > 1: NAME-1 ... NAME-N)', required: true }) }
  static description = `Create one or more servers. They are recorded in BUILD at once; a conductor schedules them (all or none), claims their resources and builds them: this command with --wait (printing progress, exit 1 if a build fails), otherwise a background conductor.

--dry-run runs the whole scheduling path and prints, per host, which filter rejected it and why, or its weights; nothing is recorded.

--json prints the server, or a list of servers when --max is given. -f and -c print the server's fields as \`server show\` does (several servers: a row of fields each); progress then goes to stderr.`
  static examples = [
    '<%= config.bin %> server create vm1 --flavor m1.tiny --image tiny --wait',
    '<%= config.bin %> server create web --flavor m1.small --image debian-12 --key-name mykey --user-data cloud-init.yaml --property role=web',
    '<%= config.bin %> server create web --flavor m1.small --image tiny --max 3 --server-group web-spread',
    '<%= config.bin %> server create db --flavor m1.large --image tiny --hint different_host=web-1 --dry-run',
    '<%= config.bin %> server create pinned --flavor m1.tiny --image tiny --availability-zone nova:kvm2',
    '<%= config.bin %> server create nas --flavor m1.small --image debian-12 --network br0 --network user',
    '<%= config.bin %> server create dns --flavor m1.tiny --image debian-12 --nic net-id=br0,v4-fixed-ip=192.168.1.53/24',
    '<%= config.bin %> boot vm1 --flavor m1.tiny --image tiny',
    'ID=$(<%= config.bin %> server create vm2 --flavor m1.tiny --image tiny --wait -f value -c id)',
  ]
  static flags = {
    ...showFlags,
    'availability-zone': Flags.string({ description: 'Availability zone, or ZONE:HOST to force a host (skips the filters, not the resource claim).' }),
    'config-drive': Flags.string({ description: 'Attach a config drive: true or false (with force_config_drive, the default, every server gets one anyway).', options: ['true', 'True', 'false', 'False'] }),
    'dry-run': Flags.boolean({ description: 'Explain where the scheduler would place the server(s); record nothing.' }),
    file: Flags.string({ description: "A file for the guest, DEST=SRC: SRC's contents at the absolute guest path DEST (Nova's personality files, on the config drive; at most 5 of 10,240 bytes).", multiple: true, multipleNonGreedy: true, default: [] }),
    flavor: Flags.string({ description: 'Flavor name or ID.', required: true }),
    hint: Flags.string({ description: 'Scheduler hint KEY=VALUE (repeatable): different_host, same_host, group, query, build_near_host_ip, cidr.', multiple: true, multipleNonGreedy: true, default: [] }),
    host: Flags.string({ description: 'Force this host (skips the filters, not the resource claim).' }),
    hostname: Flags.string({ description: 'The guest\'s hostname (default: made from the server name; with --max N: HOSTNAME-1 ... HOSTNAME-N).' }),
    image: Flags.string({ description: 'Image name or ID.', required: true }),
    'key-name': Flags.string({ description: 'Keypair whose public key the guest gets (config drive: public_keys; cloud-init puts it in authorized_keys).' }),
    max: Flags.integer({ aliases: ['max-count'], description: 'Create this many servers, placed in one pass, all or none (novaclient: --max-count).' }),
    min: Flags.integer({ aliases: ['min-count'], description: 'The least number of servers to create (at most --max; novaclient: --min-count).' }),
    network: Flags.string({ description: 'Attach a NIC to this network (repeatable, one NIC each, in order; `network list` shows them). Default: user.', multiple: true, multipleNonGreedy: true, default: [] }),
    nic: Flags.string({ description: 'A NIC as openstack gives it: net-id=NETWORK[,v4-fixed-ip=ADDR[/PREFIX]][,mac=MAC] (repeatable), or none (no NIC) or auto (the default network).', multiple: true, multipleNonGreedy: true, default: [] }),
    property: Flags.string({ description: 'Server metadata KEY=VALUE (repeatable; at most 128, 255 characters each), given to the guest as meta.', multiple: true, multipleNonGreedy: true, default: [] }),
    'server-group': Flags.string({ description: 'Server group name or ID (same as --hint group=...).' }),
    'user-data': Flags.string({ description: 'A file given to the guest as user data (e.g. a cloud-config); at most 65,535 bytes once base64-encoded.' }),
    wait: Flags.boolean({ aliases: ['poll'], description: 'Build in this process and wait until every server is ACTIVE or ERROR (novaclient: --poll).' }),
  }
  static outputColumns = SERVER_FIELDS

  async run() {
    const { args, flags } = await this.parse(ServerCreate)
    // cliff's shell format names one object's fields; several servers have no single set of names.
    if (flags.format === 'shell' && (flags.max ?? 1) > 1) throw new UserError('-f shell prints one server; --max makes several', { hint: 'Use -f value, json or yaml with --max.', exitCode: 2 })
    // A script reading `-f value -c id` gets only what it asked for on stdout.
    const scripted = flags.format !== 'table' || flags.column !== undefined
    const progress = (line: string) => (scripted ? this.logToStderr(line) : this.log(line))
    const { compute, store } = await this.services()
    const hints: RawHints = {}
    for (const h of flags.hint) {
      const eq = h.indexOf('=')
      if (eq < 1) throw new UserError(`--hint ${JSON.stringify(h)} is not KEY=VALUE`, { hint: 'e.g. --hint different_host=vm1' })
      ;(hints[h.slice(0, eq)] ??= []).push(h.slice(eq + 1))
    }
    if (flags['server-group']) (hints.group ??= []).push(flags['server-group'])
    const request = {
      name: args.name,
      flavor: flags.flavor,
      image: flags.image,
      placement: { hints, availabilityZone: flags['availability-zone'], host: flags.host, min: flags.min, max: flags.max },
      guest: {
        keyName: flags['key-name'],
        userData: flags['user-data'] === undefined ? undefined : await readUserData(flags['user-data']),
        files: await readPersonalityFiles(flags.file),
        properties: keyValues('--property', flags.property),
        hostname: flags.hostname,
        configDrive: flags['config-drive'] === undefined ? undefined : flags['config-drive'].toLowerCase() === 'true',
      },
      networks: networkAsk(flags.network, flags.nic),
    }
    if (flags['dry-run']) {
      const view = dryRunView(await compute.planServers(request))
      this.show(() => dryRunText(view))
      return view
    }
    const { servers, handle } = await compute.createServers(request)
    if (!flags.wait) handle.detach()
    else {
      progress(`Building ${servers.map((s) => `${s.name} (${s.id})`).join(', ')}`)
      await handle.wait(progressPrinter(progress))
    }
    const state = await store.read()
    const views = servers.map((s) => serverView(state.servers.find((x) => x.id === s.id)!, state))
    const failed = views.filter((v) => v.status === 'ERROR')
    if (flags.wait && failed.length > 0) {
      const f = failed[0].fault
      throw new UserError(`${failed.length === 1 ? `Server ${failed[0].name} is` : `${failed.length} servers are`} in ERROR: ${f?.message}${f?.details ? ` ${f.details}` : ''}`, {
        hint: 'See `homenova server show` for the fault; delete the server and try again once the cause is fixed.',
      })
    }
    const json = views.length === 1 && !flags.max ? views[0] : views
    if (views.length === 1) return this.printShow(flags, json, () => serverFields(views[0]))
    return this.printList(flags, json, () => (scripted ? fieldRows(views.map(serverFields)) : serverList(views)))
  }
}

// Several servers' show fields as a list: a column per field any of them has, a row each.
function fieldRows(fields: Array<Record<string, unknown>>): ListOutput {
  const columns = [...new Set(fields.flatMap((f) => Object.keys(f).filter((k) => f[k] !== undefined)))]
  return { columns, rows: fields.map((f) => columns.map((c) => (f[c] ?? null) as Cell)) }
}
