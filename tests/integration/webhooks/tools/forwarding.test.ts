import { createHmac } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import type { ForwardAttempt } from '../../../../src/shared/webhooks/forwarding'
import { post } from '../helpers'
import { consoleFor, freePort, type Json, sandboxFor, targetServer, until } from './support'

const SECRET = 'whsec_forwarding_secret_42'
const hmac = (secret: string, body: Buffer | string) =>
  createHmac('sha256', secret).update(body).digest('hex')

async function forwardingFor() {
  const sandbox = await sandboxFor()
  const c = consoleFor(sandbox)
  const { receiver } = await c.listen()
  const url = new URL(receiver)
  const deliver = (body: string, event: string, secret: string | null = 'kapso-side-secret') =>
    post(url.origin, body, { event, secret, path: url.pathname })
  return { ...c, sandbox, deliver }
}

describe('forwarding', () => {
  test('routes three event types to three paths of one server, body and headers as received', async () => {
    const { call, deliver } = await forwardingFor()
    const app = await targetServer()
    await call('webhooks.forwarding.updateSettings', {
      enabled: true,
      target: `${app.url}/webhooks`,
      routes: [
        { eventType: 'whatsapp.phone_number.created', path: '/hooks/numbers' },
        { eventType: 'whatsapp.message.received', path: '/hooks/messages' },
        { eventType: 'workflow.execution.failed', path: '/hooks/workflows' },
      ],
      signing: { mode: 'original' },
    })
    const bodies = {
      'whatsapp.phone_number.created': '{"phone_number_id":"1","customer":{"id":"c1"}}',
      'whatsapp.message.received': '{ "message": {"id":"wamid.1"}, "phone_number_id": "1" }',
      'workflow.execution.failed': '{"event":"workflow.execution.failed","status":"failed"}',
      'project.event': '{"name":"unrouted"}',
    }
    for (const [event, body] of Object.entries(bodies)) expect((await deliver(body, event)).status).toBe(200)
    await until('four forwards', () => app.requests.length === 4 || undefined)
    const byPath = Object.fromEntries(app.requests.map((r) => [r.path, r]))
    expect(Object.keys(byPath).sort()).toEqual([
      '/hooks/messages',
      '/hooks/numbers',
      '/hooks/workflows',
      '/webhooks',
    ])
    const message = byPath['/hooks/messages']!
    // Byte for byte, and the original signature still verifies with the sender's secret.
    expect(message.body.toString()).toBe(bodies['whatsapp.message.received'])
    expect(message.headers['x-webhook-signature']).toBe(
      hmac('kapso-side-secret', bodies['whatsapp.message.received']),
    )
    expect(message.headers['x-webhook-event']).toBe('whatsapp.message.received')
    expect(byPath['/webhooks']!.body.toString()).toBe(bodies['project.event'])

    // Each forward's status, time and the response body are kept with the event.
    const page = await call('webhooks.listEvents', { filter: { eventTypes: ['whatsapp.message.received'] } })
    const attempts = await until('the recorded forward', async () => {
      const list = await call<ForwardAttempt[]>('webhooks.forwarding.forEvent', {
        eventId: page.events[0].id,
      })
      return list[0]?.state === 'ok' ? list : undefined
    })
    expect(attempts[0]).toMatchObject({
      kind: 'forward',
      state: 'ok',
      responseStatus: 200,
      responseBody: 'ok /hooks/messages',
      url: `${app.url}/hooks/messages`,
      signing: 'original',
    })
    expect(attempts[0]!.durationMs).toBeGreaterThanOrEqual(0)
  })

  test('a forward to a server that is down is kept as failed, and the retry succeeds once it is up', async () => {
    const { call, deliver, forwarded } = await forwardingFor()
    const port = await freePort()
    await call('webhooks.forwarding.updateSettings', {
      enabled: true,
      target: `http://127.0.0.1:${port}/in`,
      routes: [],
      signing: { mode: 'original' },
    })
    await deliver('{"phone_number_id":"9"}', 'whatsapp.phone_number.created')
    const failed = await until('the failed forward', () => forwarded.find((a) => a.state === 'failed'))
    expect(failed.error).toMatch(/Nothing is listening at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/)
    expect(failed.responseStatus).toBeNull()
    const { failedUnretried } = await call('webhooks.forwarding.recent')
    expect(failedUnretried).toBe(1)

    const app = await targetServer(port)
    const retried = await call<ForwardAttempt>('webhooks.forwarding.retry', { id: failed.id })
    expect(retried).toMatchObject({ state: 'ok', responseStatus: 200, retryOf: failed.id })
    expect(app.requests[0]!.body.toString()).toBe('{"phone_number_id":"9"}')
    // The failed attempt is still there, marked as retried.
    const history = await call<ForwardAttempt[]>('webhooks.forwarding.forEvent', { eventId: failed.eventId })
    expect(history.map((a) => [a.state, a.retriedBy])).toEqual([
      ['ok', null],
      ['failed', retried.id],
    ])
    expect((await call('webhooks.forwarding.recent')).failedUnretried).toBe(0)

    // A target that answers 500 is a failed forward too, with its answer kept.
    await app.close()
    const broken = await targetServer(0, () => ({ status: 500, body: 'boom: database locked' }))
    await call('webhooks.forwarding.updateSettings', {
      enabled: true,
      target: broken.url,
      routes: [],
      signing: { mode: 'original' },
    })
    await deliver('{"phone_number_id":"10"}', 'whatsapp.phone_number.created')
    const five = await until('the 500 forward', () =>
      forwarded.find((a) => a.state === 'failed' && a.responseStatus === 500),
    )
    expect(five).toMatchObject({
      responseBody: 'boom: database locked',
      error: 'The target answered HTTP 500.',
    })
  })

  test('replay any stored event, after editing its body, re-signed with a saved secret', async () => {
    const { call, deliver } = await forwardingFor()
    const app = await targetServer()
    await call('webhooks.forwarding.updateSettings', {
      enabled: false,
      target: app.url,
      routes: [],
      signing: { mode: 'original' },
    })
    const saved = await call('webhooks.lab.saveSecret', { label: 'my app', secret: SECRET })
    await deliver('{"message":{"id":"wamid.A","text":{"body":"hi"}}}', 'whatsapp.message.received')
    const [event] = (await call('webhooks.listEvents', {})).events as Json[]
    // Forwarding is off: nothing went out on arrival.
    await new Promise((r) => setTimeout(r, 100))
    expect(app.requests).toHaveLength(0)

    const plain = await call<ForwardAttempt>('webhooks.forwarding.replay', { eventId: event.id })
    expect(plain).toMatchObject({ kind: 'replay', state: 'ok', edited: false, signing: 'original' })
    expect(app.requests[0]!.body.toString()).toBe('{"message":{"id":"wamid.A","text":{"body":"hi"}}}')

    const edited = '{"message":{"id":"wamid.A","text":{"body":"edited"}}}'
    const replay = await call<ForwardAttempt>('webhooks.forwarding.replay', {
      eventId: event.id,
      body: edited,
      resignWith: saved.id,
    })
    expect(replay).toMatchObject({ kind: 'replay', state: 'ok', edited: true, signing: 'resigned' })
    const got = app.requests[1]!
    expect(got.body.toString()).toBe(edited)
    expect(got.headers['x-webhook-signature']).toBe(hmac(SECRET, edited))
    // The edited replay is retried with the edited body, not the stored one.
    const again = await call<ForwardAttempt>('webhooks.forwarding.retry', { id: replay.id })
    expect(again.edited).toBe(true)
    expect(app.requests[2]!.body.toString()).toBe(edited)
    // The stored event is untouched.
    const detail = await call('webhooks.getEvent', { id: event.id })
    expect(detail.rawBody).toBe('{"message":{"id":"wamid.A","text":{"body":"hi"}}}')
  })

  test('only http(s) targets are accepted, and the refusal says so', async () => {
    const { call } = await forwardingFor()
    for (const target of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ftp://example.com/x',
      'localhost:3000',
    ]) {
      const error = await call('webhooks.forwarding.updateSettings', {
        enabled: true,
        target,
        routes: [],
        signing: { mode: 'original' },
      }).catch((e) => e)
      expect(error.code).toBe('validation')
      expect(error.message).toMatch(/Only http:\/\/ or https:\/\/ URLs can be forward targets/)
    }
    const badRoute = await call('webhooks.forwarding.updateSettings', {
      enabled: true,
      target: 'http://localhost:3000',
      routes: [{ eventType: 'x', path: 'no-slash' }],
      signing: { mode: 'original' },
    }).catch((e) => e)
    expect(badRoute.message).toMatch(/starts with "\/"/)
    const gone = await call('webhooks.forwarding.updateSettings', {
      enabled: true,
      target: 'http://localhost:3000',
      routes: [],
      signing: { mode: 'resign', secretId: 'nope' },
    }).catch((e) => e)
    expect(gone.message).toMatch(/saved secret is gone/)
  })
})

describe('trigger', () => {
  test('a signed sample goes to the receiver (stored valid, then forwarded) or straight to a target, batched when asked', async () => {
    const { call, forwarded } = await forwardingFor()
    const app = await targetServer()
    await call('webhooks.forwarding.updateSettings', {
      enabled: true,
      target: app.url,
      routes: [],
      signing: { mode: 'original' },
    })
    const toReceiver = await call<ForwardAttempt>('webhooks.trigger', {
      eventType: 'whatsapp.phone_number.created',
      customerId: 'cust-123',
      destination: 'receiver',
    })
    expect(toReceiver).toMatchObject({ kind: 'trigger', state: 'ok', responseStatus: 200 })
    const [stored] = (await call('webhooks.listEvents', {})).events as Json[]
    // Signed with the session's own secret, so the receiver verifies it.
    expect(stored).toMatchObject({
      eventType: 'whatsapp.phone_number.created',
      signature: 'valid',
      customerId: 'cust-123',
    })
    await until('the forward of the triggered event', () => app.requests.length === 1 || undefined)
    expect(JSON.parse(app.requests[0]!.body.toString())).toMatchObject({
      customer: { id: 'cust-123' },
      project: {},
    })

    const saved = await call('webhooks.lab.saveSecret', { label: 'tenant', secret: SECRET })
    const direct = await call<ForwardAttempt>('webhooks.trigger', {
      eventType: 'whatsapp.message.received',
      batchSize: 3,
      destination: 'forward',
      url: `${app.url}/batch`,
      secretId: saved.id,
    })
    expect(direct).toMatchObject({ state: 'ok', responseBody: 'ok /batch', url: `${app.url}/batch` })
    const batch = app.requests.find((r) => r.path === '/batch')!
    expect(batch.headers['x-webhook-batch']).toBe('true')
    expect(batch.headers['x-batch-size']).toBe('3')
    expect(batch.headers['x-webhook-signature']).toBe(hmac(SECRET, batch.body))
    const body = JSON.parse(batch.body.toString())
    expect(body).toMatchObject({ type: 'whatsapp.message.received', batch: true, batch_info: { size: 3 } })
    expect(body.data).toHaveLength(3)
    // The renderer hears of each attempt too (events go out in 50 ms batches).
    await until('the trigger event', () => forwarded.find((a) => a.kind === 'trigger' && a.state === 'ok'))
  })

  test('a trigger to the receiver while not listening says to start listening first', async () => {
    const sandbox = await sandboxFor()
    const { call } = consoleFor(sandbox)
    const error = await call('webhooks.trigger', {
      eventType: 'project.event',
      destination: 'receiver',
    }).catch((e) => e)
    expect(error).toMatchObject({ code: 'conflict' })
    expect(error.message).toMatch(/Start listening first/)
  })
})
