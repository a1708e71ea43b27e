import { createServer } from 'node:net'
import { Agent } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OutcomeUnknownError } from '../../../src/main/kapso'
import type { AppError } from '../../../src/shared/ipc/errors'
import { type Harness, startHarness } from './support'

let h: Harness
beforeEach(async () => {
  h = await startHarness({ customers: 10 })
})
afterEach(() => h.close())

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a rejection')
    },
    (e: unknown) => e as AppError,
  )

const countRequests = (h: Harness, method: string, re: RegExp) =>
  h.sent.filter((r) => r.method === method && re.test(r.path.split('?')[0]!)).length

describe('fault paths against the sandbox', () => {
  it('rides out a 429 storm (Retry-After honoured, no extra pacing wait) and succeeds', async () => {
    await h.close()
    const clock = { t: Date.UTC(2026, 0, 1), slept: [] as number[] }
    h = await startHarness({ customers: 10, now: () => new Date(clock.t) })
    h.sandbox.faults.inject({
      match: { method: 'GET', path: '/customers' },
      times: 3,
      kind: 'status',
      status: 429,
      retryAfterSeconds: 2,
    })
    const client = h.client({
      retry: { maxAttempts: 5, baseDelayMs: 2, maxTotalMs: 60_000 },
      now: () => clock.t,
      sleep: async (ms) => {
        clock.slept.push(ms)
        clock.t += ms
      },
    })
    const page = await client.customers.listPage({ per_page: 5 })
    expect(page.items).toHaveLength(5)
    expect(countRequests(h, 'GET', /\/customers$/)).toBe(4)
    expect(clock.slept).toEqual([2000, 2000, 2000])
  })

  it('surfaces rate_limited with retryAfterMs when the storm outlasts the budget', async () => {
    h.sandbox.faults.inject({
      match: { path: '/customers' },
      kind: 'status',
      status: 429,
      retryAfterSeconds: 60,
    })
    const err = await rejection(h.client().customers.listPage())
    expect(err.code).toBe('rate_limited')
    expect(err.retryAfterMs).toBe(60_000)
  })

  it('a create interrupted by drop-after-commit is not duplicated', async () => {
    h.sandbox.faults.inject({
      match: { method: 'POST', path: '/customers' },
      times: 1,
      kind: 'drop-after-commit',
    })
    const client = h.client()
    const err = await rejection(
      client.customers.create({ name: 'Once Only', external_customer_id: 'once-1' }),
    )
    expect(err).toBeInstanceOf(OutcomeUnknownError)
    expect(err.code).toBe('offline')
    expect(countRequests(h, 'POST', /\/customers$/)).toBe(1)
    // The reconciliation the customers feature does: look it up by external id.
    const found = await client.customers.list({ external_customer_id: 'once-1' }).toArray()
    expect(found).toHaveLength(1)
    expect(h.sandbox.store.customers.items.filter((c) => c.name === 'Once Only')).toHaveLength(1)
  })

  it('a dropped connection on GET is retried', async () => {
    h.sandbox.faults.inject({ match: { method: 'GET', path: '/customers' }, times: 1, kind: 'drop' })
    const page = await h.client().customers.listPage()
    expect(page.items.length).toBeGreaterThan(0)
    expect(countRequests(h, 'GET', /\/customers$/)).toBe(2)
  })

  it('500 on GET is retried', async () => {
    h.sandbox.faults.inject({
      match: { method: 'GET', path: /\/customers\/[^/]+$/ },
      times: 2,
      kind: 'status',
      status: 500,
    })
    const [first] = (await h.client().customers.listPage({ per_page: 1 })).items
    const got = await h.client().customers.get(first!.id)
    expect(got.id).toBe(first!.id)
    expect(countRequests(h, 'GET', /\/customers\/[^/]+$/)).toBe(3)
  })

  it('502 and 503 on PATCH by id are retried', async () => {
    const [first] = (await h.client().customers.listPage({ per_page: 1 })).items
    h.sandbox.faults.inject({ match: { method: 'PATCH' }, times: 1, kind: 'status', status: 502 })
    h.sandbox.faults.inject({ match: { method: 'PATCH' }, times: 1, kind: 'status', status: 503 })
    const got = await h.client().customers.update(first!.id, { name: 'Patched' })
    expect(got.name).toBe('Patched')
    expect(countRequests(h, 'PATCH', /\/customers\//)).toBe(3)
  })

  it('500 on POST is not retried', async () => {
    h.sandbox.faults.inject({ match: { method: 'POST', path: '/customers' }, kind: 'status', status: 500 })
    const before = h.sandbox.store.customers.items.length
    const err = await rejection(h.client().customers.create({ name: 'Never' }))
    expect(err.code).toBe('server')
    expect(countRequests(h, 'POST', /\/customers$/)).toBe(1)
    expect(h.sandbox.store.customers.items.length).toBe(before)
  })

  it('a malformed (wrong-type) envelope is invalid_response naming the field', async () => {
    h.sandbox.faults.inject({
      match: { method: 'GET', path: '/customers' },
      times: 1,
      kind: 'malformed',
      variant: 'wrong-type',
    })
    const err = await rejection(h.client().customers.listPage())
    expect(err.code).toBe('invalid_response')
    // Items are read one by one (a bad one becomes unreadable); a broken `meta` still fails the list.
    expect(err.message).toContain('meta.page')
    expect(Object.keys(err.fields ?? {})).toEqual(expect.arrayContaining(['meta.page']))
  })

  it('one bad item in a list is named, and the rest of the page is kept', async () => {
    const good = await h.client().customers.listPage({ per_page: 5 })
    h.sandbox.faults.inject({
      match: { method: 'GET', path: '/customers' },
      times: 1,
      kind: 'malformed',
      variant: 'one-item',
      index: 2,
    })
    const page = await h.client().customers.listPage({ per_page: 5 })
    expect(page.items.map((c) => c.id)).toEqual(good.items.filter((_, i) => i !== 2).map((c) => c.id))
    expect(page.unreadable).toEqual([
      { unreadable: true, id: '12345', index: 2, field: 'id', reason: expect.stringContaining('string') },
    ])
    expect(page.totalCount).toBe(good.totalCount)
  })

  it('a body that is not JSON is invalid_response', async () => {
    h.sandbox.faults.inject({ match: { method: 'GET', path: '/customers' }, times: 1, kind: 'malformed' })
    expect((await rejection(h.client().customers.listPage())).code).toBe('invalid_response')
  })

  it('a wrong key is unauthorized and the key text is in no error message', async () => {
    const key = 'wrong-key-abcdef123456'
    const err = await rejection(h.client({ apiKey: key }).customers.listPage())
    expect(err.code).toBe('unauthorized')
    expect(err.message).toMatch(/rejected the API key/)
    expect(JSON.stringify({ m: err.message, f: err.fields })).not.toContain(key)
  })

  it('a refused port is offline', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer()
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port
        s.close(() => resolve(p))
      })
    })
    const err = await rejection(h.client({ baseUrl: `http://127.0.0.1:${port}` }).customers.listPage())
    expect(err.code).toBe('offline')
    expect(err.message).toMatch(/refused/)
  })

  it('a headers timeout retries a GET but surfaces a POST as outcome unknown', async () => {
    // undici checks these timeouts on a ~1 s tick, so the latency must clearly exceed that.
    const agent = new Agent({ headersTimeout: 100 })
    const client = h.client({ dispatcher: agent })
    h.sandbox.faults.inject({
      match: { method: 'GET', path: '/customers' },
      times: 1,
      kind: 'latency',
      ms: 2500,
    })
    expect((await client.customers.listPage()).items.length).toBeGreaterThan(0)
    h.sandbox.faults.inject({
      match: { method: 'POST', path: '/customers' },
      times: 1,
      kind: 'latency',
      ms: 2500,
    })
    const err = await rejection(client.customers.create({ name: 'Slow Co' }))
    expect(err).toBeInstanceOf(OutcomeUnknownError)
    expect(err.message).toMatch(/too long/)
    await agent.destroy()
  })

  it('cancellation mid-request is cancelled', async () => {
    h.sandbox.faults.inject({ match: { method: 'GET' }, kind: 'latency', ms: 300 })
    const ac = new AbortController()
    const pending = rejection(h.client().customers.listPage({}, { signal: ac.signal }))
    setTimeout(() => ac.abort(), 30)
    expect((await pending).code).toBe('cancelled')
  })
})
