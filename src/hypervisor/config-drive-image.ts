// Builds a config drive image on the controller, as Nova's ConfigDriveBuilder
// does on the compute host, but without root: the ISO comes from genisoimage (or
// a compatible tool) and the vfat image from mkfs.vfat -C plus mtools, where Nova
// mounts a loop device. Tools get argument lists, never a shell.
import { constants } from 'node:fs'
import { access, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, posix } from 'node:path'
import { UserError } from '../core/errors.js'

/** Nova's config_drive_format values. */
export type ConfigDriveFormat = 'iso9660' | 'vfat'

/** Where to look for the tools (tests point it at an empty directory) and how long each may run. */
export interface ImageBuildOptions {
  searchDirs?: string[]
  timeoutMs?: number
}

// mkfs.vfat lives in /usr/sbin, which is not on a normal user's PATH on Debian.
const EXTRA_DIRS = ['/usr/bin', '/usr/sbin', '/bin', '/sbin']
const ISO_TOOLS: { name: string; prefix: string[] }[] = [
  { name: 'genisoimage', prefix: [] },
  { name: 'mkisofs', prefix: [] },
  { name: 'xorriso', prefix: ['-as', 'mkisofs'] },
]

/** Builds the config drive image at `outPath` from `files` (paths relative to the drive's root). */
export async function buildConfigDriveImage(
  files: { path: string; data: Buffer }[], outPath: string, format: ConfigDriveFormat, options: ImageBuildOptions = {},
): Promise<void> {
  const dirs = options.searchDirs ?? [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS]
  const timeout = options.timeoutMs ?? 60_000
  // Look the tools up before touching anything, so a missing tool leaves no trace.
  const tools = format === 'iso9660' ? await isoTool(dirs) : await vfatTools(dirs)
  const tree = await mkdtemp(join(tmpdir(), 'homenova-config-drive-'))
  try {
    await writeTree(tree, files)
    await rm(outPath, { force: true }) // mkfs.vfat -C refuses an existing file
    const run = await runner(timeout)
    if ('iso' in tools) {
      // Nova's options: Rock Ridge (-r) and Joliet (-J) so names keep their case, label config-2.
      await run(tools.iso, [...tools.prefix, '-o', outPath, '-ldots', '-allow-lowercase', '-allow-multidot', '-l',
        '-publisher', 'homenova', '-quiet', '-J', '-r', '-V', 'config-2', tree])
    } else {
      await run(tools.mkfs, ['-n', 'config-2', '-C', outPath, String(vfatSizeKiB(files))])
      const top = (await readdir(tree)).map((entry) => join(tree, entry))
      await run(tools.mcopy, ['-s', '-Q', '-i', outPath, ...top, '::'])
    }
  } catch (error) {
    await rm(outPath, { force: true })
    throw error
  } finally {
    await rm(tree, { recursive: true, force: true })
  }
}

/** The vfat image's size in KiB: room for the files, at least 1 MiB. */
export function vfatSizeKiB(files: { path: string; data: Buffer }[]): number {
  // Nova always makes 64 MiB. The drive is copied to the host over SSH, where a
  // sparse file travels whole, and user data is capped at 64 KiB, so size it to
  // the content: each file and directory rounded to a 4 KiB cluster, doubled for
  // the FAT and directory entries, plus 1 MiB.
  const dirs = new Set(files.flatMap((f) => posix.dirname(f.path).split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'))))
  const bytes = files.reduce((sum, f) => sum + Math.max(1, Math.ceil(f.data.length / 4096)) * 4096, 0) + dirs.size * 4096
  return 1024 + Math.ceil((2 * bytes) / 1024)
}

async function writeTree(root: string, files: { path: string; data: Buffer }[]): Promise<void> {
  for (const file of files) {
    const clean = posix.normalize(file.path)
    // Paths come from our own layout; refusing escapes keeps a bug from writing outside the temp dir.
    if (clean.startsWith('/') || clean === '..' || clean.startsWith('../')) throw new Error(`config drive path escapes the drive: ${file.path}`)
    const target = join(root, ...clean.split('/'))
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, file.data)
  }
}

async function findTool(name: string, dirs: string[]): Promise<string | undefined> {
  for (const dir of dirs) {
    const candidate = join(dir, name)
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate
  }
  return undefined
}

async function isoTool(dirs: string[]): Promise<{ iso: string; prefix: string[] }> {
  for (const tool of ISO_TOOLS) {
    const found = await findTool(tool.name, dirs)
    if (found) return { iso: found, prefix: tool.prefix }
  }
  throw new UserError('Cannot build an iso9660 config drive: none of genisoimage, mkisofs or xorriso is installed on this machine', {
    hint: 'Install one (Debian: apt-get install genisoimage), or set config_drive_format vfat (needs dosfstools and mtools)',
  })
}

async function vfatTools(dirs: string[]): Promise<{ mkfs: string; mcopy: string }> {
  const mkfs = (await findTool('mkfs.vfat', dirs)) ?? (await findTool('mkfs.fat', dirs))
  const mcopy = await findTool('mcopy', dirs)
  if (mkfs && mcopy) return { mkfs, mcopy }
  const missing = [mkfs ? undefined : 'dosfstools (mkfs.vfat)', mcopy ? undefined : 'mtools (mcopy)'].filter(Boolean).join(' and ')
  throw new UserError(`Cannot build a vfat config drive: ${missing} not installed on this machine`, {
    hint: 'Install them (Debian: apt-get install dosfstools mtools), or set config_drive_format iso9660 (needs genisoimage)',
  })
}

// execa loads only when a drive is built: start-up time matters for every other command.
async function runner(timeout: number): Promise<(file: string, args: string[]) => Promise<void>> {
  const { execa } = await import('execa')
  return async (file, args) => {
    // MTOOLS_SKIP_CHECK: mtools otherwise questions the geometry of an image file.
    const result = await execa(file, args, { reject: false, timeout, env: { MTOOLS_SKIP_CHECK: '1' }, stdin: 'ignore' })
    if (result.failed) {
      const why = result.timedOut ? `timed out after ${timeout} ms` : `exited with ${result.exitCode ?? result.signal}`
      throw new Error(`${file} ${why} while building a config drive: ${String(result.stderr).trim()}`)
    }
  }
}
