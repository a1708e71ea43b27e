import { randomBytes, randomUUID } from 'node:crypto'
import { request } from 'node:http'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { post, rawExchange, sleep, startTestReceiver, type TestReceiver } from './helpers'

const SECRET = 'whsec_test_0123456789abcdef'
const created = (phone = '15551230001') =>
  JSON.stringify({ phone_number_id: phone, project: { id: 'p-1' }, customer: { id: 'cus-1' } })

let r: TestReceiver
beforeEach(async () => {
  r = await startTestReceiver({ headersTimeoutMs: 800, requestTimeoutMs: 1500 })
  r.secrets.push(SECRET)
})
afterEach(async () => {
  await r.close()
})

describe('signatures', () => {
  test('a body signed with the session secret is stored as valid, and acknowledged only after it is stored', async () => {
    const body = created()
    const res = await post(r.url, body, { secret: SECRET, event: 'whatsapp.phone_number.created' })
    expect(res.status).toBe(200)
    const page = r.store.list({})
    expect(page.total).toBe(1)
    const event = page.events[0]!
    expect(event).toMatchObject({
      signature: 'valid',
      eventType: 'whatsapp.phone_number.created',
      phoneNumberId: '15551230001',
      customerId: 'cus-1',
      duplicate: false,
      size: Buffer.byteLength(body),
    })
    const detail = r.store.get(event.id, r.url)
    expect(detail.rawBody).toBe(body)
    expect(detail.method).toBe('POST')
    expect(detail.path).toBe('/kapso-console/test/session')
    expect(detail.source).toBe('127.0.0.1')
    expect(detail.headers.find(([name]) => name === 'X-Webhook-Event')?.[1]).toBe(
      'whatsapp.phone_number.created',
    )
  })

  test('the signature covers the raw bytes: odd spacing and key order still verify', async () => {
    const body = '{ "phone_number_id" :"1",\n  "customer":{"id":"c"} ,"project":{"id":"p"}}'
    await post(r.url, body, { secret: SECRET })
    expect(r.store.list({}).events[0]!.signature).toBe('valid')
  })

  test('a tampered body is marked invalid (and still stored, so it can be inspected)', async () => {
    const signed = created()
    const tampered = signed.replace('15551230001', '15559999999')
    const res = await post(r.url, tampered, { secret: SECRET, signBytes: signed })
    expect(res.status).toBe(200)
    expect(r.store.list({}).events[0]!.signature).toBe('invalid')
  })

  test('another secret, a malformed header, no header, and no session', async () => {
    await post(r.url, created(), { secret: 'someone-elses-secret' })
    await post(r.url, created(), { headers: { 'X-Webhook-Signature': 'not-hex' } })
    await post(r.url, created(), { secret: null })
    r.secrets.length = 0
    await post(r.url, created(), { secret: SECRET })
    expect(r.store.list({}).events.map((e) => e.signature)).toEqual([
      'invalid',
      'invalid',
      'unsigned',
      'unverifiable',
    ])
  })
})

test('a batched delivery is split into one event per item, linked to the delivery', async () => {
  const items = [1, 2, 3].map((n) => ({
    message: {
      id: `wamid.${n}`,
      type: 'text',
      text: { body: `hello ${n}` },
      kapso: { direction: 'inbound' },
    },
    conversation: { id: 'conv_1', phone_number_id: '15550001111' },
    phone_number_id: '15550001111',
  }))
  const body = JSON.stringify({
    type: 'whatsapp.message.received',
    batch: true,
    data: items,
    batch_info: { size: 3, window_ms: 5000, first_sequence: 1, last_sequence: 3, conversation_id: 'conv_1' },
  })
  const res = await post(r.url, body, {
    secret: SECRET,
    headers: { 'X-Webhook-Batch': 'true', 'X-Batch-Size': '3' },
  })
  expect(res.status).toBe(200)
  const { events } = r.store.list({})
  expect(events).toHaveLength(3)
  expect(new Set(events.map((e) => e.deliveryId)).size).toBe(1)
  expect(events.map((e) => [e.batchIndex, e.batchSize, e.signature, e.phoneNumberId])).toEqual([
    [0, 3, 'valid', '15550001111'],
    [1, 3, 'valid', '15550001111'],
    [2, 3, 'valid', '15550001111'],
  ])
  expect(JSON.parse(r.store.get(events[1]!.id, r.url).itemJson!)).toEqual(items[1])
  // A batch flagged only in the body is recognised too.
  await post(r.url, JSON.stringify({ batch: true, data: [{ a: 1 }, { b: 2 }] }), { secret: SECRET })
  expect(r.store.list({}).total).toBe(5)
})

test('a repeated X-Idempotency-Key is marked duplicate and still stored', async () => {
  const key = randomUUID()
  const body = created()
  expect((await post(r.url, body, { secret: SECRET, idempotencyKey: key })).status).toBe(200)
  const second = await post(r.url, body, { secret: SECRET, idempotencyKey: key })
  expect(second.status).toBe(200)
  expect(JSON.parse(second.body!)).toMatchObject({ duplicate: true })
  const { events } = r.store.list({})
  expect(events.map((e) => e.duplicate)).toEqual([false, true])
  expect(r.store.get(events[1]!.id, r.url).idempotencyKey).toBe(key)
})

describe('bodies it must survive', () => {
  test('a 2 MiB body is refused with 413 without being stored', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 'a')
    const status = await new Promise<number | string>((resolve) => {
      const req = request(`${r.url}/big`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': String(big.length) },
      })
      req.on('response', (res) => resolve(res.statusCode ?? 0))
      req.on('error', (e) => resolve(`error ${e.message}`))
      req.end(big)
    })
    expect(status).toBe(413)
    // Chunked, so the size is only known while reading: stopped at the limit, still 413.
    const chunked = await rawExchange(r.receiver.port, [
      'POST /chunked HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      ...Array.from({ length: 24 }, () => `${(100 * 1024).toString(16)}\r\n${'b'.repeat(100 * 1024)}\r\n`),
      '0\r\n\r\n',
    ])
    expect(chunked.response).toMatch(/^HTTP\/1\.1 413/)
    expect(r.store.list({}).total).toBe(0)
    expect(r.refused.filter((x) => x === 'too large')).toHaveLength(2)
    expect((await post(r.url, created(), { secret: SECRET })).status).toBe(200)
  })

  test('garbage bytes: a binary body is kept raw; a garbage request line gets 400; the receiver carries on', async () => {
    const garbage = randomBytes(4096)
    garbage[0] = 0xff
    const res = await post(r.url, garbage, {
      secret: SECRET,
      headers: { 'Content-Type': 'application/octet-stream' },
    })
    expect(res.status).toBe(200)
    const event = r.store.list({}).events[0]!
    expect(event).toMatchObject({ json: false, signature: 'valid', size: 4096 })
    const detail = r.store.get(event.id, r.url)
    expect(detail.rawBodyEncoding).toBe('base64')
    expect(Buffer.from(detail.rawBody, 'base64').equals(garbage)).toBe(true)

    await post(r.url, 'this is not json {', { secret: SECRET })
    const text = r.store.list({}).events[1]!
    expect(text.json).toBe(false)
    expect(r.store.get(text.id, r.url).rawBody).toBe('this is not json {')

    const line = await rawExchange(r.receiver.port, [randomBytes(512), '\r\n\r\n'])
    expect(line.response).toMatch(/^HTTP\/1\.1 400/)
    expect((await post(r.url, created(), { secret: SECRET })).status).toBe(200)
  })

  test('a slow-loris request (headers dribbled out) is cut off by the headers timeout', async () => {
    const steps: Array<string | { waitMs: number }> = ['POST /slow HTTP/1.1\r\nHost: x\r\n']
    for (let i = 0; i < 30; i++) steps.push({ waitMs: 100 }, `X-Drip-${i}: y\r\n`)
    const slow = rawExchange(r.receiver.port, steps)
    // Meanwhile, a real delivery gets through.
    expect((await post(r.url, created(), { secret: SECRET })).status).toBe(200)
    const { response, closedAfterMs } = await slow
    expect(closedAfterMs).toBeLessThan(3000)
    expect(response === '' || /^HTTP\/1\.1 408/.test(response)).toBe(true)
    expect(r.store.list({}).total).toBe(1)
  })

  test('a body that never finishes is cut off by the request timeout and not stored', async () => {
    const { closedAfterMs } = await rawExchange(r.receiver.port, [
      'POST /stalled HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"phone',
      { waitMs: 5000 },
    ])
    expect(closedAfterMs).toBeLessThan(4000)
    expect(r.store.list({}).total).toBe(0)
  })

  test('truncated requests (the client hangs up mid-body) store nothing and harm nothing', async () => {
    for (let i = 0; i < 5; i++) {
      await rawExchange(r.receiver.port, [
        `POST /cut HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"half":`,
        { waitMs: 20 },
        'end',
      ])
    }
    await rawExchange(r.receiver.port, ['POST /cut HTTP/1.1\r\nHost: x\r\nContent-Le', 'end'])
    await sleep(50)
    expect(r.store.list({}).total).toBe(0)
    expect(r.refused.filter((x) => x === 'truncated').length).toBeGreaterThanOrEqual(5)
    expect((await post(r.url, created(), { secret: SECRET })).status).toBe(200)
    expect(r.store.list({}).total).toBe(1)
  })
})

test('every acknowledged delivery is stored, also under 500 concurrent requests', async () => {
  const statuses = await Promise.all(
    Array.from({ length: 500 }, (_, i) => post(r.url, created(String(15550000000 + i)), { secret: SECRET })),
  )
  const acknowledged = statuses.filter((s) => s.status === 200).length
  expect(acknowledged).toBe(500)
  expect(r.store.count()).toBe(acknowledged)
  expect(r.receiver.stats.acknowledged).toBe(500)
  // The phone numbers were indexed: one filter, one event.
  expect(r.store.list({ filter: { phoneNumberId: '15550000042' } }).total).toBe(1)
})

test('retention keeps the newest events and drops deliveries left with none', async () => {
  for (let i = 0; i < 30; i++) await post(r.url, created(String(i)), { secret: SECRET })
  const newest = r.store.list({ limit: 10 }).events.map((e) => e.id)
  expect(r.store.prune(10)).toBe(20)
  expect(r.store.list({}).events.map((e) => e.id)).toEqual(newest)
  expect(
    Number((r.db.prepare('SELECT count(*) AS n FROM webhook_deliveries').get() as { n: number }).n),
  ).toBe(10)
  // The search index forgot the pruned rows too.
  expect(r.store.list({ filter: { text: 'phone_number_id' } }).total).toBe(10)
})
