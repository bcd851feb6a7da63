// Debian's Chromium, headless, driven over the DevTools protocol with the `ws`
// package homenova already depends on. puppeteer-core 25 needs Node 22, and
// the tests need only four calls (navigate, evaluate, screenshot, close), so a
// small client of our own is enough.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'

/** A page in a headless Chromium. */
export interface HeadlessPage {
  navigate(url: string): Promise<void>
  /** The value of a JavaScript expression in the page (awaited if it is a promise). */
  evaluate<T>(expression: string): Promise<T>
  /** A PNG of the viewport. */
  screenshot(): Promise<Buffer>
  close(): Promise<void>
}

/** Starts Chromium (`/usr/bin/chromium`) with a fresh profile and returns its first page. */
export async function launchChromium(options: { width?: number; height?: number } = {}): Promise<HeadlessPage> {
  const profile = mkdtempSync(join(tmpdir(), 'homenova-chromium-'))
  const child: ChildProcess = spawn(
    '/usr/bin/chromium',
    ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${profile}`, `--window-size=${options.width ?? 1024},${options.height ?? 768}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  )
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const stop = async () => {
    // Its own process group: the renderer and other helpers go with it, and stop writing the profile.
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // already gone
    }
    await exited
    for (let i = 0; ; i++) {
      try {
        rmSync(profile, { recursive: true, force: true })
        return
      } catch (err) {
        if (i === 20) throw err
        await new Promise((r) => setTimeout(r, 100))
      }
    }
  }
  try {
    const browserUrl = await new Promise<string>((resolve, reject) => {
      let err = ''
      const timer = setTimeout(() => reject(new Error(`Chromium did not start in 30 s: ${err}`)), 30_000)
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString()
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(err)
        if (m) {
          clearTimeout(timer)
          resolve(m[1])
        }
      })
      child.once('exit', (code) => reject(new Error(`Chromium exited (${code}): ${err}`)))
    })
    const port = new URL(browserUrl).port
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ type: string; webSocketDebuggerUrl: string }>
    const page = targets.find((t) => t.type === 'page')
    if (!page) throw new Error('Chromium has no page')
    const cdp = await devtools(page.webSocketDebuggerUrl)
    await cdp.call('Page.enable')
    return {
      navigate: async (url) => {
        const loaded = cdp.event('Page.loadEventFired')
        const r = (await cdp.call('Page.navigate', { url })) as { errorText?: string }
        if (r.errorText) throw new Error(`Chromium could not open ${url}: ${r.errorText}`)
        await loaded
      },
      evaluate: async <T>(expression: string) => {
        const r = (await cdp.call('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as { result: { value: T }; exceptionDetails?: { text: string } }
        if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.text}`)
        return r.result.value
      },
      screenshot: async () => Buffer.from(((await cdp.call('Page.captureScreenshot', { format: 'png' })) as { data: string }).data, 'base64'),
      close: async () => {
        cdp.close()
        await stop()
      },
    }
  } catch (err) {
    await stop()
    throw err
  }
}

// One DevTools protocol session: numbered calls and their answers, and events by name.
async function devtools(url: string) {
  const ws = new WebSocket(url, { perMessageDeflate: false })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  let next = 0
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const waiting = new Map<string, Array<() => void>>()
  ws.on('message', (raw: Buffer) => {
    const msg = JSON.parse(raw.toString()) as { id?: number; result?: unknown; error?: { message: string }; method?: string }
    if (msg.id !== undefined) {
      const p = pending.get(msg.id)
      pending.delete(msg.id)
      if (msg.error) p?.reject(new Error(msg.error.message))
      else p?.resolve(msg.result)
    } else if (msg.method) {
      for (const w of waiting.get(msg.method) ?? []) w()
      waiting.delete(msg.method)
    }
  })
  return {
    // Bounded, so a page that never answers fails the test with a reason instead of hanging it.
    call: (method: string, params: object = {}) =>
      new Promise<unknown>((resolve, reject) => {
        const id = ++next
        const timer = setTimeout(() => reject(new Error(`Chromium did not answer ${method} in 30 s`)), 30_000)
        pending.set(id, { resolve: (v) => (clearTimeout(timer), resolve(v)), reject: (e) => (clearTimeout(timer), reject(e)) })
        ws.send(JSON.stringify({ id, method, params }))
      }),
    event: (method: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Chromium sent no ${method} in 30 s`)), 30_000)
        waiting.set(method, [...(waiting.get(method) ?? []), () => (clearTimeout(timer), resolve())])
      }),
    close: () => ws.close(),
  }
}
