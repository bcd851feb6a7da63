// Direct kernel boot on a real libvirt host: the test guest's own Debian cloud
// kernel and busybox initramfs (taken out of its FAT boot disk with mtools)
// registered as aki and ari images, and an AMI-style image (a small raw disk
// with kernel_id, ramdisk_id and os_command_line) booted from them; the guest's
// boot marker in its console log shows the kernel and initramfs ran, and the
// domain on the host names the cached kernel and initrd.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImageView } from '../../src/cli/views-images.js'
import type { ServerView } from '../../src/cli/views.js'
import { CliHome, waitFor } from '../helpers/cli.js'
import { onHost, realHosts, type RealHost, hostArgs } from './real-hosts.js'


describe('direct kernel boot on a real host', () => {
  const cli = new CliHome()
  let host: RealHost
  let kernel: ImageView & { id: string }
  let ramdisk: ImageView & { id: string }

  beforeAll(async () => {
    const { hosts, image } = realHosts()
    host = hosts[1]
    expect((await cli.run('host', 'add', host.name, ...hostArgs(host))).code).toBe(0)
    const work = mkdtempSync(join(tmpdir(), 'homenova-kernel-'))
    execFileSync('qemu-img', ['convert', '-f', 'qcow2', '-O', 'raw', image, join(work, 'guest.raw')])
    execFileSync('mcopy', ['-i', join(work, 'guest.raw'), '::vmlinuz', '::initrd.gz', work])
    writeFileSync(join(work, 'root.raw'), Buffer.alloc(1024 * 1024))
    kernel = await cli.json('image', 'create', 'vmlinuz', '--file', join(work, 'vmlinuz'), '--disk-format', 'aki', '--container-format', 'aki')
    ramdisk = await cli.json('image', 'create', 'initrd', '--file', join(work, 'initrd.gz'), '--disk-format', 'ari', '--container-format', 'ari')
    await cli.json('image', 'create', 'ami', '--file', join(work, 'root.raw'), '--property', 'kernel_id=vmlinuz', '--property', 'ramdisk_id=initrd', '--property', 'os_command_line=console=ttyS0,115200 loglevel=3 panic=-1 homenova.kernelboot')
  })
  afterAll(async () => {
    await cli.run('server', 'delete', 'kboot', '--wait')
  })

  it('boots the kernel and initramfs named by kernel_id and ramdisk_id, with os_command_line', { timeout: 240_000 }, async () => {
    expect(kernel.disk_format).toBe('aki')
    expect(ramdisk.disk_format).toBe('ari')
    const server = await cli.json<ServerView>('server', 'create', 'kboot', '--flavor', 'm1.tiny', '--image', 'ami', '--wait')
    await waitFor('the guest to boot', async () => (await cli.run('console', 'log', 'kboot')).stdout.includes('homenova-guest: booted'), 180_000, 1000)
    const xml = onHost(host, `virsh -q -c ${host.uri} dumpxml ${server.instance_name}`)
    expect(xml).toContain(`<kernel>${host.instancesDir}/_base/${kernel.os_hash_value}</kernel>`)
    expect(xml).toContain(`<initrd>${host.instancesDir}/_base/${ramdisk.os_hash_value}</initrd>`)
    expect(xml).toContain('<cmdline>console=ttyS0,115200 loglevel=3 panic=-1 homenova.kernelboot</cmdline>')
    expect(onHost(host, `cat /proc/$(pgrep -u ${host.user} -f 'guest=${server.instance_name}' | head -n1)/cmdline | tr '\\0' ' '`)).toContain('homenova.kernelboot')
    // The cache lists the kernel and ramdisk as used by the server (the host reads them from the domain definition).
    const cache = await cli.run('image', 'cache', 'list', '--host', host.name, '-f', 'value', '-c', 'Image', '-c', 'Users')
    expect(cache.stdout).toMatch(/^vmlinuz kboot/m)
    expect(cache.stdout).toMatch(/^initrd kboot/m)
  })
})
