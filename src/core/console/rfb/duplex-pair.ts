// Two connected in-process streams, what one writes the other reads: the fake
// driver's display and the tests serve RFB over such a pair without a socket.
// (Node 22 has stream.duplexPair; Node 20, which homenova supports, does not.)
import { Duplex } from 'node:stream'

/** Two ends of an in-process connection; ending or destroying one ends the other's reading. */
export function duplexPair(): [Duplex, Duplex] {
  const ends: Duplex[] = []
  const make = (me: number) =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        const peer = ends[1 - me]
        if (!peer.destroyed) peer.push(chunk)
        callback()
      },
      final(callback) {
        ends[1 - me].push(null)
        callback()
      },
      destroy(error, callback) {
        const peer = ends[1 - me]
        if (!peer.destroyed && !peer.readableEnded) peer.push(null)
        callback(error)
      },
    })
  ends.push(make(0), make(1))
  return [ends[0], ends[1]]
}
