import { afterEach, describe, expect, test } from 'vitest'
import type { Sandbox } from '../../../src/main/sandbox/sandboxServer'
import { client, type Json, manualClock, startTestSandbox } from './helpers'

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.close()
  sandbox = undefined
})

describe('auth', () => {
  test('a missing or wrong X-API-Key is a 401 with the documented body, on both APIs', async () => {
    sandbox = await startTestSandbox({ apiKey: 'k-123' })
    expect(sandbox.apiKey).toBe('k-123')
    for (const key of [null, 'wrong', 'k-1234', 'K-123']) {
      const reply = await client(sandbox, key).get('/customers')
      expect(reply.status).toBe(401)
      expect(reply.body).toEqual({ error: 'Invalid or missing API key' })
    }
    // Bearer is not an accepted scheme: the API has only X-API-Key.
    const bearer = await client(sandbox, null).call('GET', '/customers', undefined, {
      Authorization: 'Bearer k-123',
    })
    expect(bearer.status).toBe(401)
    const meta = await client(sandbox, 'wrong').post('/meta/whatsapp/v24.0/1/messages', {})
    expect(meta.status).toBe(401)
    expect((await client(sandbox).get('/customers')).status).toBe(200)
  })

  test('unauthenticated calls are not logged in the project api_logs', async () => {
    sandbox = await startTestSandbox()
    await client(sandbox, 'nope').get('/customers')
    await client(sandbox).get('/customers')
    const logs = (await client(sandbox).get('/api_logs')).body as Json
    expect(logs.data.map((l: Json) => l.response_status)).toEqual([200])
  })
})

describe('rate limit', () => {
  test('off by default: no limiter headers and no 429', async () => {
    sandbox = await startTestSandbox()
    for (let i = 0; i < 30; i++) {
      const reply = await client(sandbox).get('/customers?per_page=1')
      expect(reply.status).toBe(200)
      expect(reply.headers.get('x-ratelimit-limit')).toBeNull()
    }
  })

  test('fixed one-minute window per key, headers on every response, documented 429', async () => {
    const clock = manualClock(Date.parse('2026-03-01T12:00:10.000Z'))
    sandbox = await startTestSandbox({ rateLimitPerMinute: 3, now: clock.now })
    const api = client(sandbox)
    const remaining: string[] = []
    for (let i = 0; i < 3; i++) {
      const reply = await api.get(i === 2 ? '/customers/missing' : '/customers')
      expect(reply.headers.get('x-ratelimit-limit')).toBe('3')
      remaining.push(reply.headers.get('x-ratelimit-remaining')!)
    }
    expect(remaining).toEqual(['2', '1', '0'])
    const limited = await api.get('/customers')
    expect(limited.status).toBe(429)
    expect(limited.body).toEqual({
      error: 'Rate limit exceeded',
      message: 'You have exceeded the rate limit. Please try again later.',
    })
    expect(limited.headers.get('x-ratelimit-limit')).toBe('3')
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0')
    // 50 s left in the clock-aligned minute.
    expect(limited.headers.get('retry-after')).toBe('50')
    clock.advance(50_000)
    const next = await api.get('/customers')
    expect(next.status).toBe(200)
    expect(next.headers.get('x-ratelimit-remaining')).toBe('2')
  })

  test('health checks have their own 5/s and 60/min limiter with X-Health-RateLimit-* headers', async () => {
    const clock = manualClock()
    sandbox = await startTestSandbox({ now: clock.now })
    const api = client(sandbox)
    const pid = sandbox.store.phoneNumbers.items[0]!.phone_number_id
    const path = `/whatsapp/phone_numbers/${pid}/health`
    for (let i = 0; i < 5; i++) {
      const ok = await api.get(path)
      expect(ok.status).toBe(200)
      expect(ok.headers.get('x-health-ratelimit-second-remaining')).toBe(String(4 - i))
    }
    const limited = await api.get(path)
    expect(limited.status).toBe(429)
    expect(limited.body).toEqual({
      error: 'Rate limit exceeded',
      message:
        'WhatsApp health checks are limited to 5 requests per second and 60 requests per minute per project.',
    })
    expect(limited.headers.get('retry-after')).toBe('1')
    expect(limited.headers.get('x-health-ratelimit-second-limit')).toBe('5')
    expect(limited.headers.get('x-health-ratelimit-minute-limit')).toBe('60')
    // Sixty per minute: walk the clock a second at a time until the minute budget runs out.
    let minuteLimited = false
    for (let s = 0; s < 15 && !minuteLimited; s++) {
      clock.advance(1000)
      for (let i = 0; i < 5; i++) {
        const r = await api.get(path)
        if (r.status === 429) {
          minuteLimited = true
          expect(r.headers.get('x-health-ratelimit-minute-remaining')).toBe('0')
          break
        }
      }
    }
    expect(minuteLimited).toBe(true)
  })
})
