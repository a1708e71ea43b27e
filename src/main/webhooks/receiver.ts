import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SignatureState } from '../../shared/webhooks/event'
import type { Logger } from '../log/logger'
import { type ConnectionGuard, guardConnections } from '../net/connectionGuard'
import { headerValue } from './delivery'
import type { EventStore, IncomingDelivery, StoredDelivery } from './eventStore'
import { verifySignature } from './signature'

export const MAX_BODY_BYTES = 1024 * 1024
const MAX_GROUP = 256
const REFUSAL_LOG_EVERY_MS = 10_000

export interface ReceiverOptions {
  /** The store of the active project (a getter, so a project switch needs no restart). */
  store: () => EventStore
  /** Secrets of the active listen session; kept in memory only. */
  secrets: () => readonly string[]
  /** Called after deliveries are committed, before they are acknowledged. */
  onStored?: (stored: StoredDelivery[]) => void
  onRefused?: (reason: string) => void
  /**
   * Pages served to a browser (e.g. the setup-link redirect catcher): a GET this
   * returns an answer for gets it; null leaves the request to the receiver.
   */
  pages?: ReceiverPages
  log: Logger
  host?: string
  maxBodyBytes?: number
  /** Headers must be complete within this time (slow-loris). */
  headersTimeoutMs?: number
  /** The whole request, body included, must arrive within this time. */
  requestTimeoutMs?: number
  /** Open connections kept at most, in all and per remote address (see guardConnections). */
  maxConnections?: number
  maxConnectionsPerAddress?: number
  /**
   * Whether a delivery to this path is stored; others get a 404 and are not
   * read. Absent: every path is stored (a bare receiver in tests and benches).
   */
  accepts?: (path: string) => boolean
  now?: () => number
}

export type ReceiverPages = (
  method: string,
  url: string,
  /** The browser's Accept-Language, for pages in the visitor's language. */
  acceptLanguage: string | null,
) => Promise<{ status: number; headers: Record<string, string>; body: string } | null>

export interface Receiver {
  readonly port: number
  /** http://127.0.0.1:PORT */
  readonly origin: string
  readonly stats: { acknowledged: number; stored: number; refused: number }
  readonly connections: ConnectionGuard
  close(): Promise<void>
}

interface Pending {
  delivery: IncomingDelivery
  resolve(stored: StoredDelivery): void
  reject(error: unknown): void
}

/**
 * The local webhook receiver. Every request is read whole (up to the size
 * limit), its signature checked over the raw bytes, and the delivery written
 * to SQLite; only then does Kapso get its 200, so what was acknowledged is
 * stored. Requests arriving in the same tick share one transaction.
 */
export async function startReceiver(port: number, options: ReceiverOptions): Promise<Receiver> {
  const log = options.log
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES
  const now = options.now ?? Date.now
  const stats = { acknowledged: 0, stored: 0, refused: 0 }
  let queue: Pending[] = []
  let scheduled = false

  // Refusals are counted one by one but logged at most once per reason every 10 s (with how many
  // went unlogged): a flood of junk from outside must not grow the log file without bound.
  const lastLogged = new Map<string, { at: number; unlogged: number }>()
  const refused = (reason: string, data: Record<string, unknown> = {}) => {
    stats.refused++
    const entry = lastLogged.get(reason) ?? { at: Number.NEGATIVE_INFINITY, unlogged: 0 }
    lastLogged.set(reason, entry)
    const at = performance.now()
    if (at - entry.at >= REFUSAL_LOG_EVERY_MS) {
      log.info('webhook receiver refused a request', { reason, ...data, alsoRefused: entry.unlogged })
      entry.at = at
      entry.unlogged = 0
    } else entry.unlogged++
    options.onRefused?.(reason)
  }

  const flush = () => {
    scheduled = false
    const batch = queue
    queue = []
    if (!batch.length) return
    let stored: StoredDelivery[]
    try {
      stored = options.store().insertDeliveries(batch.map((p) => p.delivery))
    } catch (error) {
      for (const p of batch) p.reject(error)
      return
    }
    stats.stored += stored.reduce((n, s) => n + s.events.length, 0)
    try {
      options.onStored?.(stored)
    } catch (error) {
      log.error('webhook listener failed', { error: log.redactor.value(error) })
    }
    for (const [i, p] of batch.entries()) p.resolve(stored[i]!)
  }

  const persist = (delivery: IncomingDelivery) =>
    new Promise<StoredDelivery>((resolve, reject) => {
      queue.push({ delivery, resolve, reject })
      if (queue.length >= MAX_GROUP) flush()
      else if (!scheduled) {
        scheduled = true
        // Deliveries that arrive in this turn of the event loop or the next share one commit:
        // waiting one more turn lets the next poll phase read the bodies already on their way,
        // which doubles the group under load (measured: ~16 → ~31 per commit at 32 in flight,
        // +11% events/s) for a delay of one loop turn before the 200.
        setImmediate(() => setImmediate(flush))
      }
    })

  const answer = (res: ServerResponse, status: number, body: object, close = false) => {
    if (res.headersSent || res.destroyed) return
    const text = JSON.stringify(body)
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      ...(close ? { Connection: 'close' } : {}),
    })
    res.end(text)
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET'
    if (method === 'GET' || method === 'HEAD') {
      if (!options.pages) {
        answer(res, 200, { receiver: 'Kapso Console', listening: true })
        return
      }
      options.pages(method, req.url ?? '/', headerValue(req.headers['accept-language']) ?? null).then(
        (page) => {
          if (!page) return answer(res, 200, { receiver: 'Kapso Console', listening: true })
          if (res.headersSent || res.destroyed) return
          res.writeHead(page.status, { ...page.headers, 'Content-Length': Buffer.byteLength(page.body) })
          res.end(method === 'HEAD' ? undefined : page.body)
        },
        (error) => {
          log.error('receiver page failed', { error: log.redactor.value(error) })
          answer(res, 500, { error: 'internal' }, true)
        },
      )
      return
    }
    const path = (req.url ?? '/').slice(0, 2000)
    if (options.accepts && !options.accepts(path)) {
      refused('not a session path', { path: path.slice(0, 200) })
      // Not read, not stored: answer and drop the connection instead of draining the body.
      req.pause()
      res.once('finish', () => setTimeout(() => req.socket.destroy(), 50).unref())
      answer(res, 404, { error: 'No listen session of this console receives at this path.' }, true)
      return
    }
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > maxBody) {
      refused('too large', { declared })
      tooLarge(req, res)
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on('data', (chunk: Buffer) => {
      if (over) return
      size += chunk.length
      if (size > maxBody) {
        over = true
        chunks.length = 0
        refused('too large', { received: size })
        tooLarge(req, res)
        return
      }
      chunks.push(chunk)
    })
    req.on('error', () => {
      // A client that hung up mid-body: nothing was acknowledged, so nothing is stored.
    })
    req.on('close', () => {
      if (!req.complete && !over) refused('truncated', { received: size })
    })
    req.on('end', () => {
      if (over) return
      const body = Buffer.concat(chunks, size)
      const signature: SignatureState = verifySignature(
        body,
        headerValue(req.headers['x-webhook-signature']) ?? undefined,
        options.secrets(),
      )
      const forwarded =
        headerValue(req.headers['cf-connecting-ip']) ?? headerValue(req.headers['x-forwarded-for'])
      const delivery: IncomingDelivery = {
        receivedAt: now(),
        method,
        path,
        source: forwarded ? `${forwarded} via ${req.socket.remoteAddress}` : String(req.socket.remoteAddress),
        rawHeaders: req.rawHeaders,
        headers: req.headers,
        body,
        signature,
      }
      persist(delivery).then(
        (stored) => {
          stats.acknowledged++
          answer(res, 200, { received: stored.events.length, duplicate: stored.duplicate })
        },
        (error) => {
          // Not stored means not acknowledged: Kapso keeps the delivery and retries it.
          log.error('webhook delivery could not be stored', { error: log.redactor.value(error) })
          answer(res, 503, { error: 'The console could not store this delivery; retry later.' }, true)
        },
      )
    })
  }

  const tooLarge = (req: IncomingMessage, res: ServerResponse) => {
    // Stop reading: answer, then drop the connection instead of draining the rest.
    req.pause()
    res.once('finish', () => setTimeout(() => req.socket.destroy(), 50).unref())
    answer(res, 413, { error: `The body is larger than ${maxBody} bytes.` }, true)
  }

  const server = createServer(
    {
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      requestTimeout: options.requestTimeoutMs ?? 15_000,
      connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs ?? 1000),
      // An idle keep-alive socket goes after 5 s; a socket that never sends a byte is closed by headersTimeout.
      keepAliveTimeout: 5_000,
      maxHeaderSize: 32 * 1024,
    },
    (req, res) => {
      try {
        handle(req, res)
      } catch (error) {
        log.error('webhook receiver failed on a request', { error: log.redactor.value(error) })
        answer(res, 500, { error: 'internal' }, true)
      }
    },
  )
  const connections = guardConnections(server, {
    name: 'webhook receiver',
    max: options.maxConnections ?? 256,
    perAddress: options.maxConnectionsPerAddress ?? 192,
    log,
  })
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const timeout = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_HEADERS_TIMEOUT'
    refused(timeout ? 'timed out' : 'malformed', { code: error.code })
    if (socket.writable && !socket.destroyed) {
      socket.end(
        `HTTP/1.1 ${timeout ? '408 Request Timeout' : '400 Bad Request'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      )
    }
    setTimeout(() => socket.destroy(), 100).unref()
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  server.on('error', (error) => log.error('webhook receiver error', { error: log.redactor.value(error) }))
  const address = server.address() as AddressInfo
  log.info('webhook receiver listening', { port: address.port })
  return {
    port: address.port,
    origin: `http://127.0.0.1:${address.port}`,
    stats,
    connections,
    async close() {
      flush()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}
