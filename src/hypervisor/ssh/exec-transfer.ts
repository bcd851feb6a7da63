// Files over exec channels, for hosts whose sshd has no SFTP subsystem (as
// Ansible's piped transfers do): an upload is `cat > "$1"` fed on stdin, a
// download is `cat` read from stdout. pipeline() moves the bytes, so the SSH
// window paces the reads and an image of hundreds of MB is never held whole.
// Both command lines come from commandLine(): the path reaches the remote
// shell only as a quoted argument, never as shell text.
import { createReadStream, createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ClientChannel } from 'ssh2'
import { commandLine } from '../quote.js'

/** Opens an exec channel running one command line (its channel permit goes back when it closes). */
export type ExecOpener = (line: string) => Promise<ClientChannel>

// Enough of a failing command's stderr to explain it; a runaway one is not kept whole.
const STDERR_KEPT = 2048

/** How the remote command ended, as the channel's close reports it. */
interface Ending {
  code: number | null | undefined
  signal?: string
  stderr: string
}

/** Collects the tail of stderr and resolves when the channel has closed (it always does, even when the connection drops). */
function ending(channel: ClientChannel): Promise<Ending> {
  return new Promise((resolve) => {
    let stderr = ''
    channel.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-STDERR_KEPT)))
    // pipeline() reports stream errors itself; this only keeps one from going unhandled after it is done.
    channel.on('error', () => undefined)
    channel.once('close', (code?: number | null, signal?: string) => resolve({ code, signal, stderr: stderr.trim() }))
  })
}

/** Why the command failed in words, or undefined if it exited 0. */
function failure({ code, signal, stderr }: Ending): string | undefined {
  if (code === 0) return undefined
  const how = code === undefined ? 'the channel closed without an exit status' : code === null ? `killed by ${signal ?? 'a signal'}` : `exit ${code}`
  return stderr ? `${how}: ${stderr.replace(/\s*\n\s*/g, ' / ')}` : how
}

/** Runs a command for its side effect only, ignoring how it ends (cleanup after a failure). */
async function runQuietly(open: ExecOpener, argv: readonly string[]): Promise<void> {
  try {
    const channel = await open(commandLine(argv))
    const ended = ending(channel)
    channel.resume()
    channel.end()
    await ended
  } catch {
    // The connection may be what failed; the caller's error says so already.
  }
}

/** Streams what `read` gives into `remotePath` with `cat`; on failure removes what arrived and throws naming the host, path and stderr. */
async function sendOverExec(open: ExecOpener, where: string, read: () => Readable, remotePath: string): Promise<void> {
  let channel: ClientChannel
  try {
    channel = await open(commandLine(['sh', '-c', 'cat > "$1"', 'sh', remotePath]))
  } catch (err) {
    throw new Error(`Cannot write ${remotePath} on ${where}: ${(err as Error).message}`, { cause: err })
  }
  const ended = ending(channel)
  // cat prints nothing, but the channel only reports its close once stdout has been read to its end.
  channel.resume()
  // Opened only now: a file stream that fails to open emits its error at once, before anything listens.
  const source = read()
  const sent = pipeline(source, channel)
  let reason: string | undefined
  try {
    // cat can fail before reading anything (no such directory): its channel closes and
    // writes into it never complete, so the close decides rather than the pipeline.
    reason = failure(await Promise.race([sent.then(() => ended), ended]))
  } catch (err) {
    reason = (err as Error).message
  }
  if (reason === undefined) return
  source.destroy()
  sent.catch(() => undefined)
  // Only after cat has gone: an rm before it opened the file would leave the partial file behind.
  await ended
  await runQuietly(open, ['rm', '-f', '--', remotePath])
  throw new Error(`Cannot write ${remotePath} on ${where} (over exec, no SFTP): ${reason}`)
}

/** Streams a local file into `remotePath` on the host. */
export function uploadOverExec(open: ExecOpener, where: string, localPath: string, remotePath: string): Promise<void> {
  return sendOverExec(open, where, () => createReadStream(localPath), remotePath)
}

/** Writes `content` into `remotePath` on the host. */
export function writeFileOverExec(open: ExecOpener, where: string, remotePath: string, content: string): Promise<void> {
  return sendOverExec(open, where, () => Readable.from([Buffer.from(content, 'utf8')]), remotePath)
}

/** Streams `remotePath` from the host into `localPath`; on failure removes the partial local file and throws with the remote stderr. */
export async function downloadOverExec(open: ExecOpener, where: string, remotePath: string, localPath: string): Promise<void> {
  let channel: ClientChannel
  try {
    channel = await open(commandLine(['cat', '--', remotePath]))
  } catch (err) {
    throw new Error(`Cannot download ${remotePath} from ${where}: ${(err as Error).message}`, { cause: err })
  }
  const ended = ending(channel)
  channel.end() // cat reads no stdin
  let reason: string | undefined
  try {
    await pipeline(channel, createWriteStream(localPath))
    reason = failure(await ended)
  } catch (err) {
    // A local write failed: drain and close the channel so its permit comes back.
    channel.resume()
    channel.close()
    reason = (err as Error).message
  }
  if (reason === undefined) return
  await rm(localPath, { force: true })
  throw new Error(`Cannot download ${remotePath} from ${where} (over exec, no SFTP): ${reason}`)
}
