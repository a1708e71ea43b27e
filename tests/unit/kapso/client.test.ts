import { Agent } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createKapsoClient, type KapsoClientOptions, OutcomeUnknownError } from '../../../src/main/kapso'
import { AppError } from '../../../src/shared/ipc/errors'
import { customer, fakeClock, quietLog, type Stub, startStub } from './httpStub'

const KEY = 'kapso_test_key_0123456789'

let stub: Stub
let agent: Agent
let clock: ReturnType<typeof fakeClock>

beforeEach(async () => {
  stub = await startStub()
  agent = new Agent({ keepAliveTimeout: 1000 })
  clock = fakeClock()
})
afterEach(async () => {
  await agent.close()
  await stub.close()
})

function client(extra: Partial<KapsoClientOptions> = {}) {
  return createKapsoClient({
    baseUrl: stub.url,
    apiKey: KEY,
    log: quietLog(),
    dispatcher: agent,
    now: clock.now,
    sleep: clock.sleep,
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4, maxTotalMs: 120_000 },
    ...extra,
  })
}

const failure = async (promise: Promise<unknown>): Promise<AppError> => {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

describe('requests', () => {
  it('sends X-API-Key, JSON and the customer envelope, and unwraps data', async () => {
    stub.handle(() => ({ status: 201, body: { data: customer(1) } }))
    const got = await client().customers.create({ name: 'Acme', external_customer_id: 'a-1' })
    expect(got.name).toBe('Customer 1')
    const req = stub.seen[0]!
    expect(req.method).toBe('POST')
    expect(req.url).toBe('/platform/v1/customers')
    expect(req.headers['x-api-key']).toBe(KEY)
    expect(req.headers['content-type']).toBe('application/json')
    expect(JSON.parse(req.body)).toEqual({ customer: { name: 'Acme', external_customer_id: 'a-1' } })
  })

  it('resolves a key function per request', async () => {
    stub.handle(() => ({ status: 200, body: { data: customer(2) } }))
    const c = client({ apiKey: async () => 'rotated_key_abcdef' })
    await c.customers.get('x')
    expect(stub.seen[0]!.headers['x-api-key']).toBe('rotated_key_abcdef')
  })

  it('encodes filters and path ids', async () => {
    stub.handle(() => ({
      status: 200,
      body: { data: [], meta: { page: 1, per_page: 5, total_pages: 0, total_count: 0 } },
    }))
    await client().customers.listPage({ name_contains: 'a b', external_customer_id: 'x/y', per_page: 5 })
    expect(stub.seen[0]!.url).toBe(
      '/platform/v1/customers?name_contains=a+b&external_customer_id=x%2Fy&per_page=5',
    )
    stub.handle(() => ({ status: 204 }))
    await client().customers.delete('a/b')
    expect(stub.seen[1]!.url).toBe('/platform/v1/customers/a%2Fb')
  })

  it('revokes a setup link with PATCH status revoked', async () => {
    stub.handle(() => ({
      status: 200,
      body: {
        data: {
          id: 'l1',
          status: 'revoked',
          created_at: 'x',
          url: 'https://u',
          meta_billing_mode: 'customer_managed',
        },
      },
    }))
    const link = await client().setupLinks.revoke('c1', 'l1')
    expect(link.status).toBe('revoked')
    expect(stub.seen[0]!.method).toBe('PATCH')
    expect(stub.seen[0]!.url).toBe('/platform/v1/customers/c1/setup_links/l1')
    expect(JSON.parse(stub.seen[0]!.body)).toEqual({ setup_link: { status: 'revoked' } })
  })

  it('accepts unknown extra fields and keeps the known ones', async () => {
    stub.handle(() => ({
      status: 200,
      body: { data: { ...customer(3), brand_new_field: [1, 2] }, extra: true },
    }))
    const got = await client().customers.get('c')
    expect(got.id).toBe(customer(3).id)
  })
})

describe('errors', () => {
  it('maps 401 to unauthorized in words and never echoes the key', async () => {
    stub.handle((req) => ({ status: 401, body: { error: `Invalid key ${req.headers['x-api-key']}` } }))
    const err = await failure(client().customers.get('c'))
    expect(err.code).toBe('unauthorized')
    expect(err.message).toMatch(/rejected the API key/)
    expect(err.message).not.toContain(KEY)
    expect(stub.seen).toHaveLength(1)
  })

  it.each([
    [404, 'not_found'],
    [409, 'conflict'],
    [403, 'unauthorized'],
    [400, 'validation'],
  ] as const)('maps %i to %s without retrying', async (status, code) => {
    stub.handle(() => ({ status, body: { error: 'nope' } }))
    const err = await failure(client().customers.get('c'))
    expect(err.code).toBe(code)
    expect(err.message).toContain('nope')
    expect(stub.seen).toHaveLength(1)
  })

  it('attaches the API message of a 422 as fields', async () => {
    stub.handle(() => ({ status: 422, body: { error: "Name can't be blank" } }))
    const err = await failure(client().customers.create({ name: 'x' }))
    expect(err.code).toBe('validation')
    expect(err.fields).toEqual({ '(input)': ["Name can't be blank"] })
  })

  it('reads error.message, then message', async () => {
    stub.handle((_r, i) => ({
      status: 404,
      body: i === 0 ? { error: { message: 'nested' } } : { message: 'flat' },
    }))
    expect((await failure(client().customers.get('a'))).message).toContain('nested')
    expect((await failure(client().customers.get('b'))).message).toContain('flat')
  })

  it('retries 500 on GET and succeeds', async () => {
    stub.handle((_r, i) =>
      i < 2 ? { status: 500, body: { error: 'boom' } } : { status: 200, body: { data: customer(1) } },
    )
    await client().customers.get('c')
    expect(stub.seen).toHaveLength(3)
  })

  it('never retries 500 on a POST create', async () => {
    stub.handle(() => ({ status: 500, body: { error: 'boom' } }))
    const err = await failure(client().customers.create({ name: 'x' }))
    expect(err.code).toBe('server')
    expect(stub.seen).toHaveLength(1)
  })

  it('rides out 429s using Retry-After, also for POST', async () => {
    stub.handle((_r, i) =>
      i < 2
        ? { status: 429, headers: { 'retry-after': '2' }, body: { error: 'Rate limit exceeded' } }
        : { status: 201, body: { data: customer(1) } },
    )
    await client().customers.create({ name: 'x' })
    expect(stub.seen).toHaveLength(3)
    expect(clock.slept.filter((ms) => ms === 2000)).toHaveLength(2)
  })

  it('surfaces rate_limited with retryAfterMs once the retry budget is spent', async () => {
    stub.handle(() => ({
      status: 429,
      headers: { 'retry-after': '60' },
      body: { error: 'Rate limit exceeded' },
    }))
    const err = await failure(client({ retry: { maxTotalMs: 30_000 } }).customers.get('c'))
    expect(err.code).toBe('rate_limited')
    expect(err.retryAfterMs).toBe(60_000)
    expect(stub.seen).toHaveLength(1)
  })

  it('bounds retries by count', async () => {
    stub.handle(() => ({ status: 503, body: { error: 'busy' } }))
    const err = await failure(client().customers.get('c'))
    expect(err.code).toBe('server')
    expect(stub.seen).toHaveLength(4)
  })

  it('a dropped POST surfaces as OutcomeUnknownError and is sent once', async () => {
    stub.handle(() => ({ drop: true }))
    const err = await failure(client().customers.create({ name: 'x' }))
    expect(err).toBeInstanceOf(OutcomeUnknownError)
    expect(err.code).toBe('offline')
    expect(err.message).toMatch(/may or may not have been applied/)
    expect(stub.seen).toHaveLength(1)
  })

  it('a dropped GET is retried', async () => {
    stub.handle((_r, i) => (i === 0 ? { drop: true } : { status: 200, body: { data: customer(1) } }))
    await client().customers.get('c')
    expect(stub.seen).toHaveLength(2)
  })

  it('a refused port is offline', async () => {
    const url = stub.url
    await stub.close()
    const err = await failure(
      client({ baseUrl: url, retry: { maxAttempts: 2, baseDelayMs: 1 } }).customers.get('c'),
    )
    expect(err.code).toBe('offline')
    expect(err.message).toMatch(/refused/)
    stub = await startStub()
  })

  it('a wrong type in a single object is invalid_response naming the field path', async () => {
    stub.handle(() => ({ status: 200, body: { data: { ...customer(2), name: 42 } } }))
    const err = await failure(client().customers.get('c'))
    expect(err.code).toBe('invalid_response')
    expect(err.message).toContain('data.name')
    expect(err.fields).toHaveProperty(['data.name'])
  })

  it('a wrong type in one list item makes that item unreadable, not the list', async () => {
    const bad = { ...customer(2), name: 42 }
    stub.handle(() => ({
      status: 200,
      body: {
        data: [customer(1), bad, customer(3)],
        meta: { page: 1, per_page: 3, total_pages: 1, total_count: 3 },
      },
    }))
    const page = await client().customers.listPage()
    expect(page.items.map((c) => c.id)).toEqual([customer(1).id, customer(3).id])
    expect(page.unreadable).toEqual([
      { unreadable: true, id: bad.id, index: 1, field: 'name', reason: expect.stringContaining('string') },
    ])
  })

  it('a broken envelope still fails the list (the pages could not be walked)', async () => {
    stub.handle(() => ({ status: 200, body: { data: [customer(1)], meta: { page: 'one' } } }))
    const err = await failure(client().customers.listPage())
    expect(err.code).toBe('invalid_response')
    expect(err.message).toContain('meta.page')
  })

  it('unknown fields are kept on what the client returns', async () => {
    stub.handle(() => ({ status: 200, body: { data: { ...customer(1), metadata: { tier: 'gold' } } } }))
    const c = await client().customers.get('c')
    expect(c).toMatchObject({ metadata: { tier: 'gold' } })
  })

  it('a non-JSON body is invalid_response', async () => {
    stub.handle(() => ({ status: 200, raw: '<html>oops' }))
    expect((await failure(client().customers.get('c'))).code).toBe('invalid_response')
  })

  it('an aborted signal is cancelled', async () => {
    stub.handle(async () => {
      await new Promise((r) => setTimeout(r, 200))
      return { status: 200, body: { data: customer(1) } }
    })
    const ac = new AbortController()
    const pending = client().customers.get('c', { signal: ac.signal })
    setTimeout(() => ac.abort(), 20)
    expect((await failure(pending)).code).toBe('cancelled')
  })
})

describe('Meta proxy', () => {
  it('sends a Meta-shaped text message and reads the Meta response', async () => {
    stub.handle(() => ({
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: '1555', wa_id: '1555' }],
        messages: [{ id: 'wamid.1' }],
      },
    }))
    const res = await client().messages.sendText('123', { to: '1555', body: 'Hello' })
    expect(res.messages[0]!.id).toBe('wamid.1')
    expect(stub.seen[0]!.url).toBe('/meta/whatsapp/v24.0/123/messages')
    expect(JSON.parse(stub.seen[0]!.body)).toMatchObject({
      messaging_product: 'whatsapp',
      type: 'text',
      text: { body: 'Hello' },
    })
  })

  it('maps a Meta error to words and the right code', async () => {
    stub.handle(() => ({
      status: 400,
      body: {
        error: {
          message: 'Re-engagement message',
          type: 'OAuthException',
          code: 131047,
          error_subcode: 2494010,
          fbtrace_id: 'AbC',
        },
      },
    }))
    const err = await failure(client().messages.sendText('123', { to: '1555', body: 'Hi' }))
    expect(err.code).toBe('validation')
    expect(err.message).toMatch(/24 hours/)
    expect(err.message).toContain('131047')
    expect(err.message).toContain('AbC')
  })
})

describe('health', () => {
  it('reads the top-level health object and paces 5/s client-side', async () => {
    stub.handle(() => ({
      status: 200,
      body: { status: 'healthy', timestamp: '2026-01-01T00:00:00Z', checks: {} },
    }))
    const c = client()
    const start = clock.t
    for (let i = 0; i < 12; i++) expect((await c.phoneNumbers.health('123')).status).toBe('healthy')
    // 5 at once, then one per 200 ms: 12 checks need at least 1.4 s.
    expect(clock.t - start).toBeGreaterThanOrEqual(1400)
  })
})
