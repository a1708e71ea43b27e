import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createLogger, type Logger } from '../../../src/main/log/logger'

/** A tiny real HTTP peer on loopback: tests script its answers per request. */

export interface Seen {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

export type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string>; raw?: string }
  | { drop: true }

export interface Stub {
  url: string
  seen: Seen[]
  /** Replaces the handler; receives the request and its 0-based index. */
  handle(fn: (req: Seen, index: number) => Reply | Promise<Reply>): void
  close(): Promise<void>
}

export async function startStub(): Promise<Stub> {
  const seen: Seen[] = []
  let handler: (req: Seen, index: number) => Reply | Promise<Reply> = () => ({ status: 200, body: {} })
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const entry: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      seen.push(entry)
      const reply = await handler(entry, seen.length - 1)
      if ('drop' in reply) {
        req.socket.destroy()
        return
      }
      const text = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body))
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
      res.end(text)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    handle: (fn) => {
      handler = fn
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A clock that only moves when the client sleeps, so backoff and pacing run instantly. */
export function fakeClock(start = 1_000_000) {
  const clock = {
    t: start,
    slept: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      clock.slept.push(ms)
      clock.t += ms
      if (signal?.aborted) throw signal.reason
    },
  }
  return clock
}

export function quietLog(): Logger {
  return createLogger({ level: 'error' })
}

export const customer = (i: number) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `Customer ${i}`,
  external_customer_id: `ext-${i}`,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
})
