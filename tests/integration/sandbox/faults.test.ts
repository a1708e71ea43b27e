import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { Sandbox } from '../../../src/main/sandbox/sandboxServer'
import { client, type Json, startTestSandbox } from './helpers'

let sandbox: Sandbox
let api: ReturnType<typeof client>
beforeAll(async () => {
  sandbox = await startTestSandbox({ customers: 10 })
  api = client(sandbox)
})
afterAll(() => sandbox.close())
afterEach(() => sandbox.faults.clear())

describe('fault injection', () => {
  test('latency delays the answer', async () => {
    const fault = sandbox.faults.inject({ kind: 'latency', ms: 150, times: 1 })
    const started = performance.now()
    expect((await api.get('/customers')).status).toBe(200)
    // A lower bound only: a loaded machine can make it slower, never faster.
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    await api.get('/customers')
    // `times: 1`: the second request is not delayed (counted, not timed).
    expect(fault.hits).toBe(1)
  })

  test.each([500, 502, 503] as const)(
    'status %i with Retry-After, for `times` requests only',
    async (status) => {
      const fault = sandbox.faults.inject({ kind: 'status', status, retryAfterSeconds: 2, times: 2 })
      for (let i = 0; i < 2; i++) {
        const reply = await api.get('/customers')
        expect(reply.status).toBe(status)
        expect(reply.headers.get('retry-after')).toBe('2')
        expect(typeof (reply.body as Json).error).toBe('string')
      }
      expect((await api.get('/customers')).status).toBe(200)
      expect(fault.hits).toBe(2)
    },
  )

  test('status 429 uses the documented body and headers', async () => {
    sandbox.faults.inject({ kind: 'status', status: 429, retryAfterSeconds: 7, times: 1 })
    const reply = await api.get('/customers')
    expect(reply.status).toBe(429)
    expect(reply.body).toEqual({
      error: 'Rate limit exceeded',
      message: 'You have exceeded the rate limit. Please try again later.',
    })
    expect(reply.headers.get('retry-after')).toBe('7')
    expect(reply.headers.get('x-ratelimit-remaining')).toBe('0')
    expect(reply.headers.get('x-ratelimit-limit')).toBeTruthy()
  })

  test('match narrows by method and path (string without the prefix, or RegExp)', async () => {
    sandbox.faults.inject({ kind: 'status', status: 503, match: { method: 'POST', path: '/customers' } })
    sandbox.faults.inject({ kind: 'status', status: 502, match: { path: /\/health$/ } })
    expect((await api.get('/customers')).status).toBe(200)
    expect((await api.post('/customers', { customer: { name: 'x' } })).status).toBe(503)
    const pid = sandbox.store.phoneNumbers.items[0]!.phone_number_id
    expect((await api.get(`/whatsapp/phone_numbers/${pid}/health`)).status).toBe(502)
    expect((await api.get(`/whatsapp/phone_numbers/${pid}`)).status).toBe(200)
    sandbox.faults.clear()
    expect((await api.post('/customers', { customer: { name: 'x' } })).status).toBe(201)
  })

  test('drop destroys the socket before anything happens: nothing is created', async () => {
    const before = sandbox.store.customers.size
    sandbox.faults.inject({ kind: 'drop', times: 1 })
    await expect(api.post('/customers', { customer: { name: 'Dropped' } })).rejects.toThrow()
    expect(sandbox.store.customers.size).toBe(before)
  })

  test('drop-after-commit performs the write, then hangs up without an answer', async () => {
    const before = sandbox.store.customers.size
    sandbox.faults.inject({ kind: 'drop-after-commit', match: { method: 'POST' }, times: 1 })
    await expect(api.post('/customers', { customer: { name: 'Committed Once' } })).rejects.toThrow()
    expect(sandbox.store.customers.size).toBe(before + 1)
    const found = (await api.get('/customers?name_contains=Committed%20Once')).body as Json
    expect(found.meta.total_count).toBe(1)
  })

  test('malformed: a 200 that is not JSON, or JSON with a wrong-typed field', async () => {
    sandbox.faults.inject({ kind: 'malformed', times: 1 })
    const broken = await api.get('/customers')
    expect(broken.status).toBe(200)
    expect(() => JSON.parse(broken.text)).toThrow()
    sandbox.faults.inject({ kind: 'malformed', variant: 'wrong-type', times: 1 })
    const wrong = (await api.get('/customers')).body as Json
    expect(typeof wrong.data[0].id).toBe('number')
    expect(wrong.meta.page).toBe('one')
  })

  test('latency composes with a terminal fault; faults apply to the Meta proxy too', async () => {
    sandbox.faults.inject({ kind: 'latency', ms: 80, times: 1 })
    sandbox.faults.inject({ kind: 'status', status: 503, times: 1, match: { path: /^\/meta\// } })
    const started = performance.now()
    const reply = await api.post(
      `/meta/whatsapp/v24.0/${sandbox.store.phoneNumbers.items[0]!.id}/messages`,
      {},
    )
    expect(reply.status).toBe(503)
    expect(performance.now() - started).toBeGreaterThanOrEqual(70)
  })
})
