// The browser console on a real libvirt host: `console url show` prints a
// noVNC URL (and starts the proxy), a WebSocket through the proxy reaches the
// guest's VNC server over the host's SSH connection (the RFB greeting), the
// token names the port virsh reports, and headless Chromium opens the page,
// connects and shows the guest's screen (kept as test-artifacts/console-proxy-novnc.png).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { ServerView } from '../../src/cli/views.js'
import { hashToken } from '../../src/core/console/auth/tokens.js'
import { CliHome, waitFor } from '../helpers/cli.js'
import { launchChromium } from './headless-chromium.js'
import { onHost, realHosts, type RealHost, hostArgs } from './real-hosts.js'

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts')

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await new Promise((r) => server.once('listening', r))
  const port = (server.address() as { port: number }).port
  await new Promise((r) => server.close(r))
  return port
}

// The first bytes the proxy sends on a console WebSocket, or how it closed.
async function firstBytes(url: string, origin: string): Promise<{ data?: string; close?: { code: number; reason: string } }> {
  const ws = new WebSocket(url, { origin })
  const r = await new Promise<{ data?: string; close?: { code: number; reason: string } }>((done) => {
    ws.once('message', (d: Buffer) => done({ data: d.toString('latin1') }))
    ws.once('close', (code, reason) => done({ close: { code, reason: reason.toString() } }))
    ws.once('error', () => {})
  })
  ws.terminate()
  return r
}

describe('browser console through the proxy on a real libvirt host', () => {
  const cli = new CliHome()
  let host: RealHost
  let server: ServerView
  let port: number
  const log = () => readFileSync(join(cli.home, 'console-proxy.log'), 'utf8')
  const novncUrl = async () => {
    const r = await cli.run('console', 'url', 'show', 'screen', '-f', 'value', '-c', 'url')
    expect(r.code, r.stderr).toBe(0)
    return r.stdout.trim()
  }
  // The WebSocket a noVNC URL leads to, as the page builds it.
  const socketOf = (page: string) => `ws://127.0.0.1:${port}/${new URL(page).searchParams.get('path')}`

  beforeAll(async () => {
    const { hosts, image } = realHosts()
    host = hosts[0]
    expect((await cli.run('host', 'add', host.name, ...hostArgs(host))).code).toBe(0)
    expect((await cli.run('image', 'create', 'tiny', '--file', image)).code).toBe(0)
    port = await freePort()
    expect((await cli.run('config', 'set', 'novncproxy_port', String(port))).code).toBe(0)
    server = await cli.json<ServerView>('server', 'create', 'screen', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
    await waitFor('the guest to boot', async () => (await cli.run('console', 'log', 'screen')).stdout.includes('homenova-guest: booted'), 120_000, 500)
  }, 300_000)

  afterAll(async () => {
    const pid = await fetch(`http://127.0.0.1:${port}/homenova-console-proxy`).then(async (r) => ((await r.json()) as { pid: number }).pid, () => undefined)
    if (pid) process.kill(pid, 'SIGTERM')
    await cli.run('server', 'delete', 'screen', '--wait')
  })

  it("prints a noVNC URL whose token names the display's port, and the proxy reaches the guest's VNC server (RFB 3.8)", async () => {
    const page = await novncUrl()
    expect(page).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/vnc\\.html\\?path=websockify%2F${server.id}%3Ftoken%3D[A-Za-z0-9_-]{43}$`))
    // virsh's display :N is port 5900 + N on the host's loopback.
    const display = onHost(host, `virsh -q -c ${host.uri} vncdisplay ${server.instance_name}`).trim()
    expect(display).toMatch(/^127\.0\.0\.1:\d+$/)
    const token = new URL(socketOf(page)).searchParams.get('token')!
    const record = cli.state().consoleAuthTokens.find((t) => t.tokenHash === hashToken(token))
    expect(record).toMatchObject({ instanceUuid: server.id, consoleType: 'novnc', port: 5900 + Number(display.split(':')[1]) })

    expect(await firstBytes(socketOf(page), `http://127.0.0.1:${port}`)).toEqual({ data: 'RFB 003.008\n' })
    expect(await firstBytes(socketOf(page), `http://127.0.0.1:${port}`)).toEqual({ close: { code: 1008, reason: expect.stringMatching(/^token was already used at /) } })
    await waitFor('the log lines', () => log().includes(`closed novnc console of ${server.id}`))
    expect(log()).toMatch(new RegExp(`opened novnc console of ${server.id} for 127\\.0\\.0\\.1: screen's vnc display \\(port ${record!.port} on its host\\)`))
  })

  it("shows the guest's screen in headless Chromium through the noVNC page", { timeout: 120_000 }, async () => {
    const page = await novncUrl()
    const browser = await launchChromium({ width: 1024, height: 768 })
    try {
      await browser.navigate(page)
      await waitFor('noVNC to connect', async () => (await browser.evaluate<string>('document.body.dataset.state')) === 'connected', 60_000, 250)
      // What noVNC drew: the canvas' size and how many pixels differ from its most common colour
      // (the background, black or not): text on the guest's screen.
      const canvas = `(() => { const c = document.querySelector('#screen canvas'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const counts = new Map(); for (let i = 0; i < d.length; i += 4) { const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2]; counts.set(k, (counts.get(k) ?? 0) + 1) }
        const background = Math.max(...counts.values()); return { width: c.width, height: c.height, lit: d.length / 4 - background, colours: counts.size } })()`
      const drawn = await waitFor('the screen to show something', async () => {
        const c = await browser.evaluate<{ width: number; height: number; lit: number; colours: number }>(canvas)
        return c.lit > 200 ? c : undefined
      }, 60_000, 500)
      expect(drawn.width).toBeGreaterThanOrEqual(640)
      expect(drawn.height).toBeGreaterThanOrEqual(400)
      const png = await browser.screenshot()
      mkdirSync(ARTIFACTS, { recursive: true })
      writeFileSync(join(ARTIFACTS, 'console-proxy-novnc.png'), png)
      expect(png.subarray(1, 4).toString()).toBe('PNG')
      console.log(`noVNC canvas ${drawn.width}x${drawn.height}, ${drawn.lit} pixels off the background in ${drawn.colours} colours; screenshot ${png.length} bytes in test-artifacts/console-proxy-novnc.png`)
      expect(await browser.evaluate<string>("document.getElementById('status').textContent")).toBe('Connected')
    } finally {
      await browser.close()
    }
    await waitFor('the log line', () => log().includes(`closed novnc console of ${server.id}`) && log().split(`opened novnc console of ${server.id}`).length === 3)
  })

  it('refuses a token whose server has stopped since', async () => {
    const page = await novncUrl()
    expect((await cli.run('server', 'stop', 'screen', '--wait')).code).toBe(0)
    expect(await firstBytes(socketOf(page), `http://127.0.0.1:${port}`)).toEqual({ close: { code: 1008, reason: 'the server is SHUTOFF' } })
    const again = await cli.run('console', 'url', 'show', 'screen')
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('Server screen is SHUTOFF: only a running guest has a console to open')
  }, 120_000)

  it("gives a host's new domains SPICE graphics, shown by Debian's spice-html5 through the same proxy", { timeout: 300_000 }, async () => {
    expect((await cli.run('host', 'set', host.name, '--graphics', 'spice')).code).toBe(0)
    try {
      const spicy = await cli.json<ServerView>('server', 'create', 'spicy', '--flavor', 'm1.tiny', '--image', 'tiny', '--wait')
      expect(onHost(host, `virsh -q -c ${host.uri} dumpxml ${spicy.instance_name}`)).toMatch(/<graphics type='spice' port='\d+' autoport='yes' listen='127\.0\.0\.1'>/)
      await waitFor('the guest to boot', async () => (await cli.run('console', 'log', 'spicy')).stdout.includes('homenova-guest: booted'), 120_000, 500)
      const wrong = await cli.run('console', 'url', 'show', 'spicy')
      expect(wrong.code).toBe(1)
      expect(wrong.stderr).toContain("Server spicy's display is SPICE, not VNC")
      expect(wrong.stderr).toContain('--type spice-html5')

      const spiceUrl = async () => {
        const r = await cli.run('console', 'url', 'show', 'spicy', '--type', 'spice-html5', '-f', 'value', '-c', 'url')
        expect(r.code, r.stderr).toBe(0)
        return r.stdout.trim()
      }
      const canvas = `(() => { const c = document.querySelector('#spice-screen canvas'); if (!c) return { width: 0, height: 0, lit: 0 }
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; const counts = new Map()
        for (let i = 0; i < d.length; i += 4) { const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2]; counts.set(k, (counts.get(k) ?? 0) + 1) }
        return { width: c.width, height: c.height, lit: d.length / 4 - Math.max(...counts.values()) } })()`
      let page = ''
      const browser = await launchChromium({ width: 1024, height: 768 })
      try {
        // spice-html5 0.3.0's RSA-encrypted ticket now and then fails to decrypt in
        // the SPICE server ("failed to decrypt RSA encrypted password" in QEMU's log;
        // about one channel in ten here), which ends that channel: if it was the main
        // one, the page shows nothing, as it would for a user, who asks for a new URL.
        // So does the test, up to three times.
        let drawn: { width: number; height: number; lit: number } | undefined
        const said: string[] = []
        for (let attempt = 1; !drawn && attempt <= 3; attempt++) {
          page = await spiceUrl()
          expect(page).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/spice-html5/spice_auto\\.html\\?path=spice%2F${spicy.id}%3Ftoken%3D`))
          await browser.navigate(page)
          drawn = await waitFor('the SPICE screen to show something', async () => {
            const c = await browser.evaluate<{ width: number; height: number; lit: number }>(canvas)
            return c.lit > 200 ? c : undefined
          }, 20_000, 500).catch(async () => {
            said.push(await browser.evaluate<string>("document.getElementById('message-div')?.innerText ?? ''"))
            return undefined
          })
        }
        if (!drawn) throw new Error(`spice-html5 showed nothing in three tries; it said: ${said.join(' | ')}`)
        expect(drawn.width).toBeGreaterThanOrEqual(640)
        const png = await browser.screenshot()
        mkdirSync(ARTIFACTS, { recursive: true })
        writeFileSync(join(ARTIFACTS, 'console-proxy-spice.png'), png)
        console.log(`spice-html5 canvas ${drawn.width}x${drawn.height}, ${drawn.lit} pixels off the background (tries: ${said.length + 1}); screenshot in test-artifacts/console-proxy-spice.png`)
      } finally {
        await browser.close()
      }
      // One token, one session: its channels joined the first connection; a new page with the same URL is refused.
      const opened = log().split('\n').filter((l) => l.includes(`opened spice-html5 console of ${spicy.id}`))
      expect(opened.length).toBeGreaterThan(1)
      expect(await firstBytes(socketOf(page), `http://127.0.0.1:${port}`)).toEqual({ close: { code: 1008, reason: expect.stringMatching(/^token was already used at /) } })
      await cli.run('server', 'delete', 'spicy', '--wait')
    } finally {
      await cli.run('host', 'set', host.name, '--graphics', 'vnc')
    }
  })
})
