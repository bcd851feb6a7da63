// Reading the SSH forward of a guest's user-mode NIC from QEMU's `info usernet`.
import { describe, expect, it } from 'vitest'
import { parseSshForward } from '../../src/hypervisor/libvirt/guest-network.js'

// As QEMU 7.2 prints it for the netdev of domain-xml.ts (port 0: QEMU picked 45287).
const USERNET = `Hub -1 (hn0):
  Protocol[State]    FD  Source Address  Port   Dest. Address  Port RecvQ SendQ
  TCP[HOST_FORWARD]   8       127.0.0.1 45287       10.0.2.15    22     0     0
  TCP[ESTABLISHED]   21       10.0.2.15    22        10.0.2.2 51874     0     0
`

describe('parseSshForward', () => {
  it('finds the host address and port forwarded to the guest port 22', () => {
    expect(parseSshForward(USERNET)).toEqual({ address: '127.0.0.1', port: 45287 })
  })

  it('ignores connections and forwards to other guest ports', () => {
    const other = USERNET.replace('10.0.2.15    22     0     0\n  TCP[EST', '10.0.2.15  2222     0     0\n  TCP[EST')
    expect(parseSshForward(other)).toBeUndefined()
    expect(parseSshForward('Hub -1 (hn0):\n  Protocol[State]    FD  Source Address  Port   Dest. Address  Port RecvQ SendQ\n')).toBeUndefined()
  })
})
