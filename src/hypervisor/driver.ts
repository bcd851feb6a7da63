// The contract between the control plane and a hypervisor. Drivers get plain
// descriptions and return plain facts; they never see the store.
import type { Duplex } from 'node:stream'
import type { HostNetwork, NetworkType } from '../core/model/networks.js'
import type { PtySize, RemoteStream } from './transport.js'

/** Where and how to reach a host, as recorded at `host add`. */
export interface HostSpec {
  id: string
  name: string
  driver: 'libvirt' | 'fake'
  connection: { kind: 'ssh'; address: string; port: number; user: string; identity?: string } | { kind: 'local' } | { kind: 'fake' }
  uri: string
  virtType: 'kvm' | 'qemu'
  /** The display new domains get (default vnc). */
  graphics?: 'vnc' | 'spice'
  instancesDir: string
  /** Facts from the last probe; a fake host's simulated capacity lives here too. */
  facts: Record<string, string | number | boolean>
}

/** What a probe learns about a host. */
export interface HostFacts {
  vcpus: number
  memoryMb: number
  diskGb: number
  arch: string
  cpuModel: string
  cpuVendor: string
  /** CPU feature flags as libvirt names them, comma-separated (e.g. "sse4.2,avx2"). */
  cpuFeatures: string
  hypervisorType: string
  hypervisorVersion: number
  hostname: string
  /** The absolute instances directory (with `~` resolved). */
  instancesDir: string
  qemuImg: boolean
  /** The networks servers can attach to: `user` always, then bridges and libvirt networks. */
  networks: HostNetwork[]
}

/** An image as the driver needs it: where the bytes are here, and what they are. */
export interface ImageSpec {
  id: string
  checksum: string
  diskFormat: 'qcow2' | 'raw'
  size: number
  virtualSize: number
  localPath: string
}

/** One file in a host's image cache (`_base`), as Nova's image cache manager sees it. */
export interface CachedImage {
  /** The file's name under `_base`: the image's sha256 (an upload still arriving ends in `.part`). */
  name: string
  size: number
  /** Last modification, ms since the epoch: the cache pass touches bases in use, so it says when one was last seen in use. */
  mtimeMs: number
  /** Servers (uuids) whose disks on this host read this file: their disk, rescue disk or the disk a move kept. */
  users: string[]
}

/** Everything needed to define and start one server's domain. */
export interface InstanceSpec {
  uuid: string
  name: string
  domainName: string
  vcpus: number
  memoryMb: number
  diskGb: number
  flavorName: string
  image: ImageSpec
  /** The guest NIC's MAC address: fixed per server, so network_data.json can name it. */
  mac: string
  /** Every NIC in guest order; absent: one user-mode NIC with `mac` (servers before networks). */
  nics?: NicSpec[]
  /** The config drive to attach read-only (rebuilt at every spawn and move), or absent: no drive. */
  configDrive?: ConfigDriveSpec
  /** Direct kernel boot (the image's kernel_id, ramdisk_id and os_command_line, AMI-style), or absent: boot from the disk. */
  directBoot?: DirectBootSpec
}

/** A kernel and ramdisk from the registry (aki/ari images, cached on the host like bases) and the kernel command line. */
export interface DirectBootSpec {
  kernel: ImageSpec
  ramdisk?: ImageSpec
  cmdline?: string
}

/**
 * One guest NIC: user-mode (QEMU's slirp; `source` unused), a Linux bridge
 * (`source`: the bridge device) or a libvirt network (`source`: its name).
 */
export interface NicSpec {
  type: NetworkType
  source: string
  mac: string
}

/** An address the host saw on one of a domain's NICs (`virsh domifaddr`). */
export interface InterfaceAddress {
  mac: string
  addr: string
  version: 4 | 6
  prefix: number
  /** Where it was learned: libvirt's DHCP leases, the host's ARP table, or the guest agent. */
  source: 'lease' | 'arp' | 'agent'
}

/** A config drive's contents (OpenStack's config-2 layout) and the filesystem to put them in. */
export interface ConfigDriveSpec {
  files: { path: string; data: Buffer }[]
  format: 'iso9660' | 'vfat'
}

/** Where a running domain's display listens on its host (always the host's loopback). */
export interface GraphicsEndpoint {
  protocol: 'vnc' | 'spice'
  address: string
  port: number
}

/** A domain's identity on its host. */
export interface InstanceRef {
  uuid: string
  domainName: string
}

/**
 * A domain's power state as homenova reads it. `suspended` is libvirt's managed
 * save (memory on disk, no process); `paused` keeps the process with its vCPUs
 * stopped; `missing` means no such domain on the host.
 */
export type DomainPowerState = 'running' | 'paused' | 'shutoff' | 'suspended' | 'crashed' | 'missing' | 'other'

/** What a driver reports about a domain after an action. */
export interface DomainFacts {
  state: DomainPowerState
  detail?: string
}

/** One hypervisor (one host). Every method is idempotent where it can be. */
export interface HypervisorDriver {
  probe(): Promise<HostFacts>
  /** Puts the image in the host's base cache unless it is there already; returns true if it copied. */
  ensureImage(image: ImageSpec): Promise<boolean>
  /** The host's image cache: every file under `_base` with its size, age and the servers whose disks read it. */
  listImageCache(): Promise<CachedImage[]>
  /** Marks cached images as in use now (their mtime), as Nova's cache pass does; missing ones are skipped. */
  touchCachedImages(names: string[]): Promise<void>
  /**
   * Removes a cached image unless it was touched after `unusedSinceMs` (checked
   * on the host as it is removed, so a base touched meanwhile stays); returns
   * whether it is gone.
   */
  removeCachedImage(name: string, unusedSinceMs: number): Promise<boolean>
  /** Creates the server's disk, defines and starts its domain, waits until it runs. */
  spawn(instance: InstanceSpec): Promise<DomainFacts>
  /** Stops and undefines the domain and removes its files; fine if they are already gone. */
  destroy(instance: InstanceRef): Promise<void>
  domainState(instance: InstanceRef): Promise<DomainFacts>
  /** Every homenova domain (named `instance-*`) on the host with its state, in one call: for power-state sync. */
  listDomains(): Promise<Map<string, DomainFacts>>
  /**
   * Powers the domain off: an ACPI shutdown, waiting up to `timeoutMs` for the
   * guest to stop by itself (0: no wait), then a hard stop. Fine if it is off
   * already. `clean` tells whether the guest stopped by itself.
   */
  powerOff(instance: InstanceRef, options: { timeoutMs: number }): Promise<{ clean: boolean }>
  /** Starts a defined domain that is off or suspended (a managed save is restored). Fine if it runs already. */
  powerOn(instance: InstanceRef): Promise<void>
  /**
   * Soft: a graceful shutdown within `timeoutMs`, then start again; if the
   * guest does not stop in time, a hard reboot instead (as Nova's libvirt
   * driver does). Hard: stop at once and start. Returns which one happened.
   */
  reboot(instance: InstanceRef, options: { type: 'soft' | 'hard'; timeoutMs: number }): Promise<{ type: 'soft' | 'hard' }>
  /** Pauses the vCPUs, keeping memory in the running process (`virsh suspend`). */
  pause(instance: InstanceRef): Promise<void>
  /** Undoes pause (`virsh resume`). */
  unpause(instance: InstanceRef): Promise<void>
  /** Saves memory to disk and stops the domain (libvirt managed save). */
  suspend(instance: InstanceRef): Promise<void>
  /** Restores a suspended domain from its managed save. */
  resume(instance: InstanceRef): Promise<void>
  consoleLog(instance: InstanceRef): Promise<string>
  /** The guest's serial console, live, on a pseudo-terminal of `size`; `force` takes it from another session. */
  openSerialConsole(instance: InstanceRef, options: { size: PtySize; force: boolean }): Promise<RemoteStream>
  /** The console log's last `lines` lines, then what the guest prints next, until closed. */
  followConsoleLog(instance: InstanceRef, lines: number): Promise<RemoteStream>
  /** Where the running domain's display (VNC or SPICE) listens now; it changes at every start. */
  graphicsEndpoint(instance: InstanceRef): Promise<GraphicsEndpoint>
  /**
   * A byte stream to the domain's display (the RFB or SPICE protocol), through
   * the host's transport. With `endpoint` (read earlier) it connects there
   * without reading it again.
   */
  openGraphics(instance: InstanceRef, endpoint?: GraphicsEndpoint): Promise<{ endpoint: GraphicsEndpoint; stream: Duplex }>
  /** A byte stream to the guest's SSH server (port 22), reached through the host: for `server ssh`. */
  openGuestSsh(instance: InstanceRef): Promise<Duplex>
  /**
   * The addresses the host sees on the NICs with these MACs, from libvirt's
   * DHCP leases, then the ARP table, then the guest agent (each asked only for
   * the MACs the earlier ones did not answer; a source that fails is skipped).
   */
  interfaceAddresses(instance: InstanceRef, macs: readonly string[]): Promise<InterfaceAddress[]>
  /**
   * Copies the server's disk, flattened into a standalone qcow2 (no backing
   * file), to `localPath` on this machine, for snapshots and moves between
   * hosts. A running guest is paused while its disk is read, so the copy is
   * consistent, and unpaused after. `kept` reads the disk migrateOut kept.
   */
  exportDisk(instance: InstanceRef, localPath: string, options?: { kept?: boolean }): Promise<{ sha256: string; size: number }>
  /**
   * Boots `rescue` (a copy of it per server, as Nova's disk.rescue) with the
   * server's own disk attached second; the server's own domain definition is
   * kept so unrescue can restore it. With `device`/`bus` (the image's
   * hw_rescue_device/hw_rescue_bus) every original device keeps its place and
   * the rescue disk is added on that bus (Nova's stable device rescue).
   */
  rescue(instance: InstanceSpec, rescue: ImageSpec, options: { device?: 'disk' | 'cdrom'; bus?: string }): Promise<void>
  /** Destroys the rescue domain and its disk and starts the server's own domain again. */
  unrescue(instance: InstanceSpec): Promise<void>
  /**
   * The source side of a resize or cold migration: powers the guest off
   * (graceful within timeoutMs), undefines the domain and moves its files aside
   * (`instances/<uuid>_resize`), kept until the move is confirmed or reverted.
   */
  migrateOut(instance: InstanceRef, options: { timeoutMs: number }): Promise<void>
  /**
   * The destination side (or the same host): makes the server's disk from the
   * kept files on this host or from a disk file exported from another host
   * (uploaded, its sha256 checked on the host), grows it to the flavor, defines
   * the domain with the new flavor and starts it if asked.
   */
  migrateIn(instance: InstanceSpec, source: { kind: 'kept' } | { kind: 'file'; localPath: string; sha256: string }, options: { start: boolean }): Promise<void>
  /**
   * Live migration, the destination side: the server's base image and boot
   * files cached, an empty disk on its base of the source disk's size, its
   * config drive; where to send the guest. Redoable (what an earlier try made
   * here is made anew).
   */
  prepareLiveMigration(instance: InstanceSpec): Promise<LiveMigrationTarget>
  /**
   * Live migration, the source side: sends the running (or paused) guest,
   * memory and disk, to `target`, where it goes on as it was; the domain here
   * is undefined (its files stay, for destroy). If it fails, the guest runs on
   * here. Past `limits.timeoutMs` it is aborted (it fails) or completed by
   * pausing the guest, which goes on running there.
   */
  liveMigrate(instance: InstanceRef, target: LiveMigrationTarget, limits: LiveMigrationLimits): Promise<LiveMigrationOutcome>
  /** After a confirmed move: removes what migrateOut kept on this (source) host. */
  confirmMigration(instance: InstanceRef): Promise<void>
  /** After a reverted move, on the source host: puts the kept files back, defines the domain and starts it if asked. */
  revertMigration(instance: InstanceSpec, options: { start: boolean }): Promise<void>
  close(): Promise<void>
}

/**
 * Where a live migration sends a guest, as its destination made ready for it:
 * a libvirt host's URI as this machine reaches it, the address its QEMU
 * listens on for the migration stream, and its instances directory (the paths
 * in the guest's definition change to it); or a simulated host.
 */
/** How long a live migration may take and what then (Nova's [libvirt] live_migration_* options). */
export interface LiveMigrationLimits {
  /** Null: no limit. */
  timeoutMs: number | null
  onTimeout: 'abort' | 'force_complete'
  /** Whether the guest's vCPUs may be slowed so that its memory copy converges. */
  autoConverge: boolean
}

/** What every driver says of a live migration it aborted at its limit. */
export function liveMigrationTimedOut(limits: LiveMigrationLimits): Error {
  return new Error(`it did not finish within ${Number(((limits.timeoutMs ?? 0) / 1000).toFixed(1))} s (live_migration_completion_timeout) and was aborted (live_migration_timeout_action abort)`)
}

/** Whether the guest had to be paused to end the copy (force_complete). */
export interface LiveMigrationOutcome {
  forced: boolean
}

export type LiveMigrationTarget = { driver: 'libvirt'; uri: string; address: string; instancesDir: string } | { driver: 'fake'; hostId: string; hostName: string }

/** Callbacks a transport uses to report or confirm an SSH host key. */
export interface HostKeyPolicy {
  /** Whether an unknown key may be recorded (only `host add` allows it). */
  trustOnFirstUse: boolean
  /** Asks whether to trust a new key; absent means yes (non-interactive, like accept-new). */
  confirm?: (fingerprint: string) => Promise<boolean>
  /** Told the fingerprint of every key recorded. */
  onRecorded?: (fingerprint: string) => void
}

/** Makes a driver for a host. The fake driver's persistence is supplied by the caller. */
export type DriverFactory = (host: HostSpec, hostKeys?: HostKeyPolicy) => Promise<HypervisorDriver>
