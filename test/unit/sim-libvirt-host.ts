// A simulated libvirt host behind the Transport interface: a small file system
// (disks are self-describing strings, `qcow2:<virtual size>:<backing>:<origin>`),
// qemu-img, sha256sum, coreutils and virsh, answering as the real ones do. It
// records the commands that change something, with paths shortened (I: the
// server's directory, I_resize: the kept one, BASE: the image cache), and
// fails the test on any path outside those.
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import type { ExecResult, Transport } from '../../src/hypervisor/transport.js'

/** A simulated domain. */
export interface SimDomain {
  state: 'running' | 'paused' | 'shut off'
  managedSave: boolean
  xml: string
}

/** A disk as the sim writes it into a file. */
export interface SimDisk {
  virtualSize: number
  backing: string
  origin: string
}

const ok = (stdout = ''): ExecResult => ({ stdout, stderr: '', code: 0 })
const fail = (stderr: string): ExecResult => ({ stdout: '', stderr, code: 1 })
const sha = (data: string) => createHash('sha256').update(data, 'latin1').digest('hex')

/** A disk's file content. */
export const diskData = (d: SimDisk) => `qcow2:${d.virtualSize}:${d.backing}:${d.origin}`

/** Reads a disk's file content. */
export function parseDisk(data: string | undefined): SimDisk | undefined {
  const m = /^qcow2:(\d+):([^:]*):(.*)$/.exec(data ?? '')
  return m ? { virtualSize: Number(m[1]), backing: m[2], origin: m[3] } : undefined
}

/** One simulated host with one instances directory. */
export class SimLibvirtHost implements Transport {
  readonly where = 'sim@host'
  readonly files = new Map<string, string>()
  readonly dirs = new Set<string>()
  readonly domains = new Map<string, SimDomain>()
  readonly commands: string[] = []
  /** Commands (as recorded) that fail once, to simulate a crash at that point. */
  readonly failOnce = new Set<string>()

  constructor(
    readonly instancesDir: string,
    readonly uuid: string,
    readonly uri = 'qemu:///session',
  ) {
    this.dirs.add(`${instancesDir}/_base`).add(`${instancesDir}/instances`)
  }

  get dir(): string {
    return `${this.instancesDir}/instances/${this.uuid}`
  }

  disk(path: string): SimDisk | undefined {
    return parseDisk(this.files.get(path))
  }

  /** Paths in the form the commands are recorded in. */
  short(path: string): string {
    return path.replace(`${this.dir}_resize`, 'I_resize').replace(this.dir, 'I').replace(`${this.instancesDir}/_base`, 'BASE')
  }

  private checkPath(arg: string): void {
    if (!arg.startsWith('/')) return
    const allowed = [this.dir, `${this.dir}_resize`, `${this.instancesDir}/_base`]
    if (!allowed.some((a) => arg === a || arg.startsWith(`${a}/`))) throw new Error(`A command touched ${arg}, outside the server's directories`)
  }

  async exec(argv: readonly string[]): Promise<ExecResult> {
    argv.forEach((a) => this.checkPath(a))
    if (argv[0] === 'env') return this.virsh(argv)
    const [cmd, ...args] = argv
    const line = [cmd, ...args].map((a) => this.short(a)).join(' ')
    const reads = ['test', 'cat', 'sha256sum'].includes(cmd) || (cmd === 'qemu-img' && args[0] === 'info')
    if (!reads) {
      this.commands.push(line)
      if (this.failOnce.delete(line)) return fail(`simulated crash at ${line}`)
    }
    const path = args[args.length - 1]
    switch (cmd) {
      case 'test':
        return (args[0] === '-d' ? this.dirs.has(path) : this.files.has(path)) ? ok() : fail('')
      case 'cat':
        return this.files.has(path) ? ok(this.files.get(path)) : fail(`cat: ${path}: No such file or directory`)
      case 'sha256sum':
        return this.files.has(path) ? ok(`${sha(this.files.get(path)!)}  ${path}\n`) : fail(`sha256sum: ${path}: No such file or directory`)
      case 'mkdir':
        this.dirs.add(path)
        return ok()
      case 'rm':
        for (const p of args.filter((a) => !a.startsWith('-'))) this.remove(p)
        return ok()
      case 'cp':
        if (!this.files.has(args[0])) return fail(`cp: cannot stat '${args[0]}'`)
        this.files.set(args[1], this.files.get(args[0])!)
        return ok()
      case 'mv':
        return this.move(args[args.length - 2], path)
      case 'qemu-img':
        return this.qemuImg(args)
    }
    throw new Error(`SimLibvirtHost cannot ${line}`)
  }

  async upload(localPath: string, remotePath: string): Promise<void> {
    this.checkPath(remotePath)
    this.commands.push(`upload ${this.short(remotePath)}`)
    this.files.set(remotePath, readFileSync(localPath, 'latin1'))
  }

  async download(remotePath: string, localPath: string): Promise<void> {
    this.checkPath(remotePath)
    this.commands.push(`download ${this.short(remotePath)}`)
    writeFileSync(localPath, this.files.get(remotePath) ?? '', 'latin1')
  }

  async writeFile(remotePath: string, content: string): Promise<void> {
    this.checkPath(remotePath)
    this.commands.push(`write ${this.short(remotePath)}`)
    this.files.set(remotePath, content)
  }

  async forward(): Promise<never> {
    throw new Error('forward is not simulated')
  }

  async stream(): Promise<never> {
    throw new Error('stream is not simulated')
  }

  async close(): Promise<void> {}

  private remove(path: string): void {
    this.files.delete(path)
    for (const set of [this.files, this.dirs]) for (const key of [...set.keys()]) if (key === path || key.startsWith(`${path}/`)) set.delete(key)
  }

  private move(from: string, to: string): ExecResult {
    if (this.files.has(from)) {
      this.files.set(to, this.files.get(from)!)
      this.files.delete(from)
      return ok()
    }
    if (!this.dirs.has(from)) return fail(`mv: cannot stat '${from}'`)
    if (this.dirs.has(to)) return fail(`mv: cannot overwrite '${to}'`)
    for (const [key, value] of [...this.files]) {
      if (!key.startsWith(`${from}/`)) continue
      this.files.delete(key)
      this.files.set(to + key.slice(from.length), value)
    }
    this.dirs.delete(from)
    this.dirs.add(to)
    return ok()
  }

  /** Whether a running QEMU holds the disk open (its write lock). */
  private inUse(path: string): boolean {
    return [...this.domains.values()].some((d) => d.state !== 'shut off' && d.xml.includes(`file="${path}"`))
  }

  private qemuImg(args: string[]): ExecResult {
    const [sub] = args
    const path = args[args.length - 1]
    const opt = (flag: string) => args[args.indexOf(flag) + 1]
    switch (sub) {
      case 'info': {
        const d = this.disk(path)
        if (!d) return fail(`qemu-img: Could not open '${path}'`)
        return ok(JSON.stringify({ format: 'qcow2', 'virtual-size': d.virtualSize, ...(d.backing ? { 'backing-filename': d.backing } : {}) }))
      }
      case 'create': {
        const backing = opt('-b')
        const base = this.disk(backing)
        if (!base) return fail(`qemu-img: ${path}: Could not open backing file ${backing}`)
        // `create ... FILE [SIZE]`: without a size, the backing file's.
        const sized = /^\d+$/.test(path)
        const file = sized ? args[args.length - 2] : path
        this.files.set(file, diskData({ virtualSize: sized ? Number(path) : base.virtualSize, backing, origin: 'created' }))
        return ok()
      }
      case 'convert': {
        const [src, dst] = args.slice(-2)
        const d = this.disk(src)
        if (!d) return fail(`qemu-img: Could not open '${src}'`)
        if (this.inUse(src) && !args.includes('-U')) return fail(`qemu-img: Could not open '${src}': Failed to get shared "write" lock`)
        this.files.set(dst, diskData({ virtualSize: d.virtualSize, backing: '', origin: `flattened ${d.origin}` }))
        return ok()
      }
      case 'resize': {
        const [file, size] = args.slice(-2)
        const d = this.disk(file)!
        this.files.set(file, diskData({ ...d, virtualSize: Number(size) }))
        return ok()
      }
    }
    throw new Error(`SimLibvirtHost cannot qemu-img ${sub}`)
  }

  private virsh(argv: readonly string[]): ExecResult {
    const [, lc, virsh, q, c, uri, cmd, ...rest] = argv
    if ([lc, virsh, q, c, uri].join(' ') !== `LC_ALL=C virsh -q -c ${this.uri}`) throw new Error(`Unexpected virsh call ${argv.join(' ')}`)
    const name = rest[rest.length - 1]
    // Recorded without the domain name; state reads are not recorded.
    const line = ['virsh', cmd, ...rest.filter((a) => !a.startsWith('instance-')).map((a) => this.short(a))].join(' ')
    if (cmd !== 'dominfo') {
      this.commands.push(line)
      if (this.failOnce.delete(line)) return fail(`simulated crash at ${line}`)
    }
    if (cmd === 'define') {
      const xml = this.files.get(name)
      if (xml === undefined) return fail(`error: Failed to open file '${name}'`)
      const domain = /<name>(.*?)<\/name>/.exec(xml)![1]
      const had = this.domains.get(domain)
      this.domains.set(domain, { state: had?.state ?? 'shut off', managedSave: had?.managedSave ?? false, xml })
      return ok()
    }
    const d = this.domains.get(name)
    if (!d) return fail(`error: failed to get domain '${name}'`)
    const notRunning = () => fail(`error: Requested operation is not valid: domain is not running`)
    switch (cmd) {
      case 'dominfo':
        return ok(`Name:           ${name}\nState:          ${d.state}\nManaged save:   ${d.managedSave ? 'yes' : 'no'}\n`)
      case 'start': {
        if (d.state !== 'shut off') return fail('error: Domain is already active')
        const missing = [...d.xml.matchAll(/file="([^"]+\/disk[^"]*)"/g)].map((m) => m[1]).filter((f) => !this.files.has(f))
        if (missing.length) return fail(`error: Cannot access storage file '${missing[0]}'`)
        Object.assign(d, { state: 'running', managedSave: false })
        return ok()
      }
      case 'shutdown':
      case 'destroy':
        if (d.state === 'shut off') return notRunning()
        d.state = 'shut off'
        return ok()
      case 'suspend':
        if (d.state !== 'running') return notRunning()
        d.state = 'paused'
        return ok()
      case 'resume':
        if (d.state !== 'paused') return fail('error: domain is already running')
        d.state = 'running'
        return ok()
      case 'managedsave-remove':
        d.managedSave = false
        return ok()
      case 'undefine':
        if (d.managedSave && !rest.includes('--managed-save')) return fail('error: Refusing to undefine while domain managed save image exists')
        if (d.state === 'shut off') this.domains.delete(name)
        return ok()
    }
    throw new Error(`SimLibvirtHost cannot virsh ${cmd}`)
  }
}
