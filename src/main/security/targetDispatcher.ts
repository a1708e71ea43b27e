import { lookup as dnsLookup } from 'node:dns'
import type { LookupFunction, Socket } from 'node:net'
import { Agent, buildConnector } from 'undici'
import { checkConnectAddress } from './forwardTargets'

/** Raised when a forward's host resolves to, or connects to, an address the policy refuses. */
export class TargetRefusedError extends Error {
  readonly code = 'ERR_FORWARD_TARGET_REFUSED'
  constructor(message: string) {
    super(message)
    this.name = 'TargetRefusedError'
  }
}

export interface TargetDispatcherOptions {
  /** Hosts the person confirmed (forwarding settings' `allowedHosts`). */
  allowedHosts: readonly string[]
  /** How host names resolve; `dns.lookup` by default (tests give their own: there is no DNS here). */
  lookup?: LookupFunction | undefined
  connectTimeoutMs?: number
}

type Address = { address: string; family: number }

/**
 * An undici dispatcher for one forward. Its `lookup` resolves the host and refuses the whole
 * connection if any address is one the policy refuses, so a name cannot hand out a good address
 * to the check and a bad one to the socket (DNS rebinding); after connecting, the socket's
 * actual remote address is checked once more (this also covers IP literals, which skip lookup).
 * No keep-alive: forward targets are dev servers, and each dispatcher serves one attempt.
 */
export function targetDispatcher(options: TargetDispatcherOptions): Agent {
  const resolve = options.lookup ?? (dnsLookup as unknown as LookupFunction)
  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname, { ...lookupOptions, all: true }, (error, resolved) => {
      if (error) return callback(error, '', 0)
      const list: Address[] = Array.isArray(resolved)
        ? resolved
        : [{ address: resolved as unknown as string, family: 0 }]
      for (const { address } of list) {
        const verdict = checkConnectAddress(address, hostname, options.allowedHosts)
        if (!verdict.ok)
          return callback(new TargetRefusedError(verdict.message) as NodeJS.ErrnoException, '', 0)
      }
      if (lookupOptions.all) return (callback as (e: null, a: Address[]) => void)(null, list)
      const first = list[0]
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0)
      callback(null, first.address, first.family)
    })
  }
  const base = buildConnector({
    timeout: options.connectTimeoutMs ?? 5_000,
    lookup: guardedLookup,
  } as buildConnector.BuildOptions)
  return new Agent({
    pipelining: 0,
    keepAliveTimeout: 1,
    connect: (connectOptions, callback) => {
      base(connectOptions, (error, socket) => {
        if (error || !socket) return callback(error ?? new Error('no socket'), null)
        const address = (socket as Socket).remoteAddress ?? ''
        const verdict = checkConnectAddress(address, connectOptions.hostname, options.allowedHosts)
        if (verdict.ok) return callback(null, socket)
        socket.destroy()
        callback(new TargetRefusedError(verdict.message), null)
      })
    },
  })
}
