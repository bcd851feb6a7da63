import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../../cli/base-command.js'
import { confirmHostKey } from '../../cli/prompt.js'
import { showFlags } from '../../cli/output-flags.js'
import { HOST_SET_FIELDS, hostView } from '../../cli/views.js'
import { keyValues } from '../../cli/key-values.js'

export default class HostAdd extends BaseCommand {
  static args = { name: Args.string({ description: 'Host name (letters, digits, ".", "_", "-")', required: true }) }
  static description = `Add a compute host. A libvirt host is reached over SSH (or --local); its host key is checked against homenova's known_hosts (recorded on first use, its SHA256 fingerprint printed; a changed key is refused), then libvirt, CPU, memory, disk and qemu-img are probed and the host becomes a resource provider. --driver fake adds a simulated host.`
  static examples = [
    '<%= config.bin %> host add kvm1 --address 192.0.2.10 --user root --identity ~/.ssh/id_ed25519',
    '<%= config.bin %> host add lab --address 127.0.0.1 --port 2201 --user hn --uri qemu:///session --virt-type qemu',
    '<%= config.bin %> host add here --local --uri qemu:///system --virt-type qemu',
    '<%= config.bin %> host add sim1 --driver fake --vcpus 16 --ram 65536 --disk 500',
    '<%= config.bin %> host add sim2 --driver fake --trait CUSTOM_STORAGE_SSD --property hypervisor_type=QEMU --address 10.0.0.12',
  ]
  static flags = {
    ...showFlags,
    address: Flags.string({ description: 'SSH address of the host.' }),
    disk: Flags.integer({ description: 'Fake driver: disk in GB.', default: 500, min: 1 }),
    driver: Flags.string({ description: 'Hypervisor driver.', options: ['libvirt', 'fake'], default: 'libvirt' }),
    identity: Flags.string({ description: 'SSH private key file (default: ssh-agent, then ~/.ssh/id_*).' }),
    trait: Flags.string({ description: 'A trait the host has, e.g. CUSTOM_STORAGE_SSD (repeatable).', multiple: true, multipleNonGreedy: true, default: [] }),
    'instances-dir': Flags.string({ description: 'Directory for instance files on the host (default /var/lib/homenova for qemu:///system, ~/.local/share/homenova for qemu:///session).' }),
    local: Flags.boolean({ description: 'Drive this machine directly, without SSH.' }),
    port: Flags.integer({ description: 'SSH port.', default: 22, min: 1, max: 65535 }),
    property: Flags.string({
      description: 'Fake driver: a host property key=value (repeatable): capabilities such as hypervisor_type, hypervisor_version, cpu_info, arch, networks=NAME[:bridge|libvirt],... (offered besides user), or simulate_spawn_failure=true, simulate_spawn_seconds=N, simulate_live_migration_seconds=N (the time a live migration takes).',
      multiple: true, multipleNonGreedy: true,
      default: [],
    }),
    ram: Flags.integer({ description: 'Fake driver: memory in MB.', default: 65536, min: 1 }),
    uri: Flags.string({ description: 'libvirt URI on the host.', default: 'qemu:///system' }),
    user: Flags.string({ description: 'SSH user (default: your login name).' }),
    'virt-type': Flags.string({ description: 'Domain type: kvm (hardware) or qemu (software emulation).', options: ['kvm', 'qemu'], default: 'kvm' }),
    vcpus: Flags.integer({ description: 'Fake driver: number of vCPUs.', default: 16, min: 1 }),
  }
  static outputColumns = HOST_SET_FIELDS

  async run() {
    const { args, flags } = await this.parse(HostAdd)
    const properties = keyValues('--property', flags.property)
    // A fake host's --address is its host_ip (for SimpleCIDRAffinityFilter); nothing connects to it.
    if (flags.driver === 'fake' && flags.address) properties.host_ip = flags.address
    const host = await (await this.services()).hosts.add(
      {
        name: args.name,
        driver: flags.driver as 'libvirt' | 'fake',
        local: flags.local,
        address: flags.address,
        port: flags.port,
        user: flags.user,
        identity: flags.identity,
        uri: flags.uri,
        virtType: flags['virt-type'] as 'kvm' | 'qemu',
        instancesDir: flags['instances-dir'],
        fake: { vcpus: flags.vcpus, memoryMb: flags.ram, diskGb: flags.disk, properties },
        traits: flags.trait,
      },
      {
        trustOnFirstUse: true,
        confirm: process.stdin.isTTY ? confirmHostKey : undefined,
        // Straight to stderr: the fingerprint is shown even with --json, which silences this.log.
        onRecorded: (fp) => process.stderr.write(`Recorded the host key of ${flags.address}:${flags.port} (${fp}) in homenova's known_hosts.\n`),
      },
    )
    const view = hostView(host, await this.store.read())
    const shown = await this.printShow(flags, view, () => ({ ...view, resources: undefined, facts: undefined }))
    if (host.driver === 'fake' && flags.format === 'table') this.log(`${host.name} is a simulated host (fake driver): nothing runs anywhere.`)
    return shown
  }
}
