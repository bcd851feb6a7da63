// Rescue and unrescue as Nova's libvirt driver does them: the same domain
// (name, uuid) redefined to boot a per-server copy of the rescue image
// (disk.rescue) with the server's own disk attached too; the server's own
// definition stays in domain.xml for unrescue.
import type { ImageSpec, InstanceSpec } from '../driver.js'
import type { LibvirtHost } from './host-context.js'

/** Boots the server from a copy of `image`, its own disk attached. Redoing it starts the rescue afresh. */
export async function rescue(
  h: LibvirtHost,
  instance: InstanceSpec,
  image: ImageSpec,
  options: { device?: 'disk' | 'cdrom'; bus?: string },
  ensureImage: (image: ImageSpec) => Promise<boolean>,
): Promise<void> {
  const p = h.paths(instance)
  await ensureImage(image)
  // Read (or written) before anything changes, so unrescue always has it.
  const own = await h.ownDefinition(instance)
  const xml = h.domainXml(instance, own.createdAt, { imageId: image.id, ...options })
  // The conductor shut the guest down gracefully already; what still runs is stopped
  // at once, and a managed save is dropped (it belongs to the other definition).
  await h.power.powerOff(instance, 0)
  await h.run('qemu-img', 'create', '-q', '-f', 'qcow2', '-F', image.diskFormat, '-b', h.basePath(image), p.rescueDisk)
  await h.transport.writeFile(p.rescueXml, xml)
  await h.virsh.run('define', p.rescueXml)
  await h.power.start(instance.domainName)
}

/** Boots the server's own definition again and removes the rescue disk. Fine if it is not rescued. */
export async function unrescue(h: LibvirtHost, instance: InstanceSpec): Promise<void> {
  const p = h.paths(instance)
  // disk.rescue goes last: while it exists, the domain may still be the rescue one.
  if (await h.exists(p.rescueDisk, 'file')) {
    const own = await h.ownDefinition(instance)
    await h.power.powerOff(instance, 0)
    await h.virsh.run('define', own.path)
    await h.run('rm', '-f', p.rescueDisk, p.rescueXml)
  } else if ((await h.virsh.state(instance.domainName)).state === 'missing') {
    await h.virsh.run('define', (await h.ownDefinition(instance)).path)
  }
  await h.power.powerOn(instance)
}
