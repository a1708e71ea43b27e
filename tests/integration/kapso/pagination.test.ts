import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KapsoClient } from '../../../src/main/kapso'
import { type Harness, inFlightCounter, recordingDispatcher, startHarness } from './support'

let h: Harness
let client: KapsoClient
let receiver: Server

beforeAll(async () => {
  h = await startHarness({ customers: 1_000, webhookRetryDelaysMs: [] })
  client = h.client()
  receiver = createServer((_req, res) => res.end('ok'))
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
})
afterAll(async () => {
  await h.close()
  await new Promise((r) => receiver.close(r))
})

const customerGets = () =>
  h.sent.filter((r) => r.method === 'GET' && r.path.startsWith('/platform/v1/customers?'))

describe('page style', () => {
  it('walks every page in order with totals, fetching in parallel', async () => {
    const expected = h.sandbox.store.customers.newestFirst().map((c) => c.id)
    h.sandbox.faults.inject({ match: { method: 'GET', path: '/customers' }, kind: 'latency', ms: 15 })
    const before = customerGets().length
    const pages = []
    const counter = inFlightCounter(recordingDispatcher(h.agent, h.sent))
    const counted = h.client({ dispatcher: counter.dispatcher })
    for await (const page of counted.customers.list({}, { perPage: 50, concurrency: 4 })) pages.push(page)
    h.sandbox.faults.clear()

    expect(pages.map((p) => p.page)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1))
    expect(pages.every((p) => p.totalPages === 21 && p.totalCount === 1_005)).toBe(true)
    expect(pages.flatMap((p) => p.items.map((c) => c.id))).toEqual(expected)
    expect(customerGets().length - before).toBe(21)
    expect(counter.max).toBe(4) // four at a time, never more (counted, not timed: any load, any clock)
  })

  it('concurrency 1 gives the same items in the same order', async () => {
    const parallel = await client.customers.list({}, { perPage: 100, concurrency: 6 }).toArray()
    const sequential = await client.customers.list({}, { perPage: 100, concurrency: 1 }).toArray()
    expect(sequential.map((c) => c.id)).toEqual(parallel.map((c) => c.id))
  })

  it('stops fetching when the consumer breaks early', async () => {
    const before = customerGets().length
    let seen = 0
    for await (const c of client.customers.list({}, { perPage: 10, concurrency: 3 }).items()) {
      if (++seen === 15) break
      void c
    }
    // Page 1, then pages 2-4 in flight; the rest of the 101 pages are never asked for.
    expect(customerGets().length - before).toBeLessThanOrEqual(5)
  })

  it('an empty list yields one empty page with zero totals', async () => {
    const pages = []
    for await (const p of client.customers.list({ name_contains: 'no such tenant anywhere' })) pages.push(p)
    expect(pages).toEqual([
      { items: [], unreadable: [], page: 1, totalPages: 0, totalCount: 0, nextCursor: null },
    ])
  })

  it('a failing later page surfaces its error and stops the walk', async () => {
    const walk = client.customers.list({}, { perPage: 10, concurrency: 2 })[Symbol.asyncIterator]()
    expect((await walk.next()).value?.page).toBe(1)
    h.sandbox.faults.inject({
      match: { method: 'GET', path: '/customers' },
      times: 1,
      kind: 'status',
      status: 500,
    })
    h.sandbox.faults.inject({
      match: { method: 'GET', path: '/customers' },
      kind: 'malformed',
      variant: 'wrong-type',
    })
    const before = customerGets().length
    const pages: number[] = []
    const error = await (async () => {
      for (;;) {
        const r = await walk.next()
        if (r.done) return undefined
        pages.push(r.value.page)
      }
    })().catch((e: unknown) => e)
    h.sandbox.faults.clear()
    expect(error).toMatchObject({ code: 'invalid_response' })
    expect(pages).toEqual([])
    // Page 2 (500, retried, then malformed) and page 3 in flight; nothing after the failure.
    expect(customerGets().length - before).toBeLessThanOrEqual(4)
  })
})

describe('cursor style', () => {
  it('walks webhook deliveries with filters until paging.next is null', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
    const hook = await client.webhooks.project.create({
      url,
      events: ['whatsapp.phone_number.created'],
      secret_key: 'cursor-secret-1',
    })
    for (let i = 0; i < 45; i++) {
      await h.sandbox.deliverEvent('whatsapp.phone_number.created', { phone_number_id: `${i}` })
    }
    const pages = []
    for await (const p of client.deliveries.list({ webhook_id: hook.id, period: '24h' }, { perPage: 20 })) {
      pages.push(p)
    }
    expect(pages.map((p) => p.items.length)).toEqual([20, 20, 5])
    expect(pages.at(-1)!.nextCursor).toBeNull()
    expect(pages[0]!.totalCount).toBeNull()
    const ids = pages.flatMap((p) => p.items.map((d) => d.id))
    expect(new Set(ids).size).toBe(45)
    expect(
      pages.flatMap((p) => p.items).every((d) => d.webhook_id === hook.id && d.status === 'delivered'),
    ).toBe(true)
    const failed = await client.deliveries
      .list({ errors_only: true, status: 'failed', event: 'whatsapp.phone_number.created' })
      .toArray()
    expect(failed).toEqual([])

    const first = await client.deliveries.listPage({ webhook_id: hook.id, limit: 20 })
    const second = await client.deliveries.listPage({
      webhook_id: hook.id,
      limit: 20,
      after: first.nextCursor!,
    })
    expect(second.items[0]!.id).toBe(ids[20])
  })

  it('walks API logs with filters', async () => {
    const logs = await client.apiLogs
      .list({ endpoint: '/customers', period: '24h' }, { perPage: 100 })
      .toArray()
    expect(logs.length).toBeGreaterThan(40)
    expect(logs.every((l) => l.endpoint?.includes('/customers'))).toBe(true)
    expect(new Set(logs.map((l) => l.id)).size).toBe(logs.length)
    const errors = await client.apiLogs.list({ errors_only: true, status_code: 404 }).toArray()
    expect(errors.every((l) => l.response_status === 404)).toBe(true)
  })
})
