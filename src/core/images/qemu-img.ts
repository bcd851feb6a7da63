// qemu-img on this machine, with argument lists and no shell. `info` reads
// untrusted files, so it runs as Nova and Glance run it: under prlimit (1 GiB
// of address space, 30 s of CPU) with a wall-clock timeout on top, and with
// `--force-share` and an absolute path (no "proto:" or "json:" file names).
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { UserError } from '../errors.js'

/** What `qemu-img info --output=json` says about a file. */
export interface QemuImageInfo {
  format: string
  virtualSize: number
  backingFile?: string
  dataFile?: string
  vmdkCreateType?: string
  /** File names of a VMDK's extents. */
  vmdkExtents: string[]
}

const INFO_LIMITS = ['--as=1073741824', '--cpu=30']
const INFO_TIMEOUT_MS = 60_000
const MISSING = { hint: 'Install qemu-img on this machine (Debian: `apt install qemu-utils`).' }

interface Outcome {
  code: number | null
  signal: string | null
  stdout: string
  stderr: string
  missing: boolean
}

function run(file: string, args: string[], timeoutMs: number): Promise<Outcome> {
  return new Promise((done) => {
    const env = { ...process.env, LC_ALL: 'C', LANG: 'C' }
    execFile(file, args, { env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: string | number; signal?: string | null }) | null
      const code = e ? (typeof e.code === 'number' ? e.code : null) : 0
      done({ code, signal: e?.signal ?? null, stdout: String(stdout), stderr: String(stderr).trim(), missing: e?.code === 'ENOENT' })
    })
  })
}

let prlimitHere: Promise<boolean> | undefined
// util-linux's prlimit is on every Linux this runs on; without it the timeout still bounds the time.
const hasPrlimit = () => (prlimitHere ??= run('prlimit', ['--version'], 5_000).then((r) => !r.missing && r.code === 0))

/** Runs `qemu-img info` on `at`, bounded in time and memory; a UserError naming `path` if qemu-img refuses or gives up. */
export async function qemuImgInfo(at: string, path = at): Promise<QemuImageInfo> {
  const args = ['info', '--output=json', '--force-share', resolve(at)]
  const limited = await hasPrlimit()
  const r = limited ? await run('prlimit', [...INFO_LIMITS, '--', 'qemu-img', ...args], INFO_TIMEOUT_MS) : await run('qemu-img', args, INFO_TIMEOUT_MS)
  if (r.missing || r.code === 127) throw new UserError('qemu-img is not installed on this machine; it reads the image to check its format', MISSING)
  if (r.signal !== null || (r.code !== 0 && r.code !== 1)) {
    throw new UserError(`qemu-img gave up inspecting ${path} (limits: 1 GiB of memory, 30 s of CPU, 60 s in all)${r.stderr ? `: ${r.stderr}` : ''}`, {
      hint: 'The file is not an image Glance would take; check it with `qemu-img info`.',
    })
  }
  if (r.code !== 0) throw new UserError(`qemu-img cannot read ${path}: ${r.stderr.replace(/^qemu-img: /, '').replaceAll(resolve(at), path)}`, { hint: 'Give a disk image (check it with `qemu-img info`).' })
  return parseInfo(r.stdout)
}

/** Picks the fields homenova uses out of qemu-img's JSON. */
export function parseInfo(json: string): QemuImageInfo {
  const raw = JSON.parse(json) as Record<string, unknown>
  const specific = (raw['format-specific'] as { data?: Record<string, unknown> } | undefined)?.data ?? {}
  const extents = Array.isArray(specific.extents) ? (specific.extents as Array<Record<string, unknown>>) : []
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
  return {
    format: String(raw.format),
    virtualSize: Number(raw['virtual-size']),
    ...(str(raw['backing-filename']) ? { backingFile: str(raw['backing-filename']) } : {}),
    ...(str(specific['data-file']) ? { dataFile: str(specific['data-file']) } : {}),
    ...(str(specific['create-type']) ? { vmdkCreateType: str(specific['create-type']) } : {}),
    vmdkExtents: extents.map((e) => String(e.filename)),
  }
}

/** Converts `source` (qemu format `from`) into a new file `target` (qemu format `to`); a UserError if qemu-img fails. */
export async function qemuImgConvert(source: string, from: string, target: string, to: string): Promise<void> {
  // No time limit: a big image takes as long as it takes. The source passed inspection when it was imported.
  const r = await run('qemu-img', ['convert', '-q', '-f', from, '-O', to, resolve(source), resolve(target)], 0)
  if (r.missing) throw new UserError('qemu-img is not installed on this machine; it converts images', MISSING)
  if (r.code !== 0) throw new UserError(`qemu-img could not convert the image to ${to}: ${r.stderr.replace(/^qemu-img: /, '') || `signal ${r.signal}`}`)
}
