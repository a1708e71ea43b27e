import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import type { Logger } from '../log/logger'

export interface ConnectionLimits {
  /** Open connections kept at most; a new one beyond this evicts the oldest idle one. */
  max: number
  /** Open connections from one remote address kept at most (same eviction). */
  perAddress: number
  /** What the log calls this server ("webhook receiver", "web preview"). */
  name: string
  log: Logger
  /** At most one "limit reached" line per this many ms; the rest are counted into the next line. */
  logEveryMs?: number
  now?: () => number
}

export interface ConnectionGuard {
  /** Connections open right now. */
  readonly open: number
  /** Connections closed (or refused) to stay within the limits since start. */
  readonly evicted: number
  /** Marks a socket taken over by an upgrade (a WebSocket session) as busy for good: never evicted as idle. */
  hold(socket: Socket): void
}

/**
 * Bounds a server's open connections. Every socket is a file descriptor, and
 * above FD_SETSIZE (1024) native code that still uses select() (the keychain
 * library does) breaks, so no outside client may make this process hold more
 * than a few hundred. When a limit is reached the oldest *idle* connection
 * goes (one with no request in flight: a slow-loris socket still sending its
 * headers, or a keep-alive socket between requests), so a flood of idle
 * sockets cannot lock out the next real delivery; only when every connection
 * is busy is the new one refused. `server.maxConnections` stays as a hard
 * backstop above the soft limit.
 */
export function guardConnections(server: Server, limits: ConnectionLimits): ConnectionGuard {
  const now = limits.now ?? Date.now
  const logEvery = limits.logEveryMs ?? 10_000
  // Insertion order is age order: the first idle socket found is the oldest.
  const sockets = new Set<Socket>()
  const byAddress = new Map<string, Set<Socket>>()
  const busy = new WeakMap<Socket, number>()
  let evicted = 0
  let unlogged = 0
  let lastLog = Number.NEGATIVE_INFINITY

  const report = (why: string, remote: string) => {
    evicted++
    unlogged++
    const at = now()
    if (at - lastLog < logEvery) return
    lastLog = at
    limits.log.warn(`${limits.name}: connection limit reached, closing connections`, {
      why,
      remote,
      closed: unlogged,
      open: sockets.size,
      max: limits.max,
      perAddress: limits.perAddress,
    })
    unlogged = 0
  }

  const oldestIdle = (among: Iterable<Socket>, except: Socket): Socket | null => {
    for (const s of among) if (s !== except && !busy.get(s)) return s
    return null
  }

  /** Makes room for `socket` within `among`; false when every other connection is busy. */
  const makeRoom = (among: Set<Socket>, limit: number, socket: Socket, why: string, remote: string) => {
    while (among.size > limit) {
      const victim = oldestIdle(among, socket)
      if (!victim) {
        report(why, remote)
        socket.destroy()
        return false
      }
      report(why, remote)
      forget(victim)
      victim.destroy()
    }
    return true
  }

  const forget = (socket: Socket) => {
    sockets.delete(socket)
    const address = socket.remoteAddress ?? '?'
    const group = byAddress.get(address)
    if (group) {
      group.delete(socket)
      if (!group.size) byAddress.delete(address)
    }
  }

  server.maxConnections = limits.max + Math.max(16, Math.ceil(limits.max / 4))
  server.on('drop', (data?: { remoteAddress?: string }) => report('hard limit', data?.remoteAddress ?? '?'))
  server.on('connection', (socket: Socket) => {
    const remote = socket.remoteAddress ?? '?'
    sockets.add(socket)
    const group = byAddress.get(remote) ?? new Set<Socket>()
    byAddress.set(remote, group)
    group.add(socket)
    socket.once('close', () => forget(socket))
    if (!makeRoom(group, limits.perAddress, socket, 'per-address limit', remote)) return forget(socket)
    if (!makeRoom(sockets, limits.max, socket, 'connection limit', remote)) return forget(socket)
  })
  const track = (socket: Socket, delta: number) =>
    busy.set(socket, Math.max(0, (busy.get(socket) ?? 0) + delta))
  server.on('request', (req, res) => {
    const socket = req.socket
    track(socket, 1)
    res.once('close', () => track(socket, -1))
  })
  // No 'upgrade' listener here: adding one would make Node hand over (and stop guarding) upgrade sockets
  // of a server that does not serve upgrades. A server that does calls hold().

  return {
    get open() {
      return sockets.size
    },
    get evicted() {
      return evicted
    },
    hold(socket) {
      track(socket, 1)
    },
  }
}
