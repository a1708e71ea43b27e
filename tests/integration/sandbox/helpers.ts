import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'vitest'
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../src/main/sandbox/sandboxServer'
import { loadSpec, type Spec, specUnavailableReason } from '../../support/openapi'

export interface Reply {
  status: number
  headers: Headers
  body: unknown
  text: string
}

/** A tiny client for the tests: JSON in, JSON out, no retries, no cleverness. */
export function client(sandbox: Sandbox, apiKey: string | null = sandbox.apiKey) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const base = path.startsWith('/meta/') ? sandbox.url : `${sandbox.url}/platform/v1`
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(apiKey === null ? {} : { 'X-API-Key': apiKey }),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    let parsed: unknown
    try {
      parsed = text === '' ? undefined : JSON.parse(text)
    } catch {
      parsed = undefined
    }
    return { status: res.status, headers: res.headers, body: parsed, text } satisfies Reply
  }
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body),
    patch: (path: string, body?: unknown) => call('PATCH', path, body),
    delete: (path: string) => call('DELETE', path),
    call,
  }
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
export type Json = any

export const startTestSandbox = (options: SandboxOptions = {}) =>
  startSandbox({ customers: 30, webhookRetryDelaysMs: [30, 60, 90], ...options })

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders
  raw: Buffer
}

/** A webhook receiver on loopback answering with the next status from `statuses` (then 200). */
export async function startReceiver(statuses: number[] = []) {
  const received: ReceivedWebhook[] = []
  const waiters: Array<() => void> = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks) })
      res.writeHead(statuses.shift() ?? 200).end('ok')
      for (const w of waiters.splice(0)) w()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  return {
    url,
    received,
    async waitFor(count: number, timeoutMs = 5000): Promise<ReceivedWebhook[]> {
      const deadline = Date.now() + timeoutMs
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhooks, got ${received.length}`)
        await new Promise<void>((r) => {
          waiters.push(r)
          setTimeout(r, 50)
        })
      }
      return received
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r())
        server.closeAllConnections()
      }),
  }
}

/** Our own verification, independent of the sandbox's signer: hex HMAC-SHA256 of the raw bytes. */
export function verifySignature(
  raw: Buffer,
  signature: string | string[] | undefined,
  secret: string,
): boolean {
  if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/.test(signature)) return false
  const expected = createHmac('sha256', secret).update(raw).digest()
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'))
}

/** The spec (or null), with a one-line console reason when it is absent. */
export function specOrSkip(): Spec | null {
  const spec = loadSpec()
  if (!spec) console.log(`[skip] ${specUnavailableReason()}`)
  return spec
}

export const testWithSpec = (spec: Spec | null) => test.skipIf(spec === null)

/** A settable clock for expiry and rate-limit windows. */
export function manualClock(start = Date.parse('2026-03-01T12:00:00.000Z')) {
  let t = start
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms
    },
  }
}
