import { createHmac, randomUUID } from 'node:crypto'
import { connect } from 'node:net'
import { join } from 'node:path'
import { createLogger } from '../../../src/main/log/logger'
import { type Database, openDatabase } from '../../../src/main/store/database'
import { migrations } from '../../../src/main/store/migrations'
import { EventStore, type StoredDelivery } from '../../../src/main/webhooks/eventStore'
import { type Receiver, type ReceiverOptions, startReceiver } from '../../../src/main/webhooks/receiver'
import { tempDataDir } from '../../support/tempDir'

/** The test's own signer: HMAC-SHA256 hex of the exact bytes sent, written here, not imported. */
export function sign(secret: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex')
}

export interface TestReceiver {
  receiver: Receiver
  store: EventStore
  db: Database
  stored: StoredDelivery[]
  refused: string[]
  secrets: string[]
  url: string
  close(): Promise<void>
}

export async function startTestReceiver(options: Partial<ReceiverOptions> = {}): Promise<TestReceiver> {
  const data = tempDataDir('kapso-webhooks-')
  const db = openDatabase(join(data.dir, 'cache.sqlite'), migrations)
  const store = new EventStore(db)
  const stored: StoredDelivery[] = []
  const refused: string[] = []
  const secrets: string[] = []
  const receiver = await startReceiver(0, {
    store: () => store,
    secrets: () => secrets,
    onStored: (s) => stored.push(...s),
    onRefused: (reason) => refused.push(reason),
    log: createLogger({ level: 'error' }),
    ...options,
  })
  return {
    receiver,
    store,
    db,
    stored,
    refused,
    secrets,
    url: receiver.origin,
    async close() {
      await receiver.close()
      db.close()
      data.remove()
    },
  }
}

export interface PostOptions {
  secret?: string | null
  /** Sign these bytes instead of the body (to tamper). */
  signBytes?: string
  headers?: Record<string, string>
  event?: string
  idempotencyKey?: string
  path?: string
}

export async function post(base: string, body: string | Buffer, options: PostOptions = {}) {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Webhook-Event': options.event ?? 'whatsapp.message.received',
    'X-Idempotency-Key': options.idempotencyKey ?? randomUUID(),
    'X-Webhook-Payload-Version': 'v2',
    ...options.headers,
  }
  if (options.secret) headers['X-Webhook-Signature'] = sign(options.secret, options.signBytes ?? body)
  const res = await fetch(`${base}${options.path ?? '/kapso-console/test/session'}`, {
    method: 'POST',
    headers,
    body: new Uint8Array(typeof body === 'string' ? Buffer.from(body) : body),
  })
  return { status: res.status, body: (await res.text()) || null }
}

/** Writes raw bytes to the receiver and collects what comes back until the socket closes. */
export function rawExchange(
  port: number,
  steps: Array<string | Buffer | { waitMs: number } | 'end'>,
  timeoutMs = 10_000,
): Promise<{ response: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = connect(port, '127.0.0.1')
    let response = ''
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`socket still open after ${timeoutMs} ms; got: ${response.slice(0, 200)}`))
    }, timeoutMs)
    socket.on('data', (chunk) => {
      response += chunk.toString('latin1')
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      resolve({ response, closedAfterMs: Date.now() - started })
    })
    socket.on('connect', async () => {
      for (const step of steps) {
        if (socket.destroyed) return
        if (step === 'end') socket.end()
        else if (typeof step === 'object' && 'waitMs' in step)
          await new Promise((r) => setTimeout(r, step.waitMs))
        else socket.write(step)
      }
    })
  })
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
