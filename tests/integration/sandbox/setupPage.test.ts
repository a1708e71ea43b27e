import { afterEach, describe, expect, test } from 'vitest'
import type { Sandbox } from '../../../src/main/sandbox/sandboxServer'
import { validateResponse } from '../../support/openapi'
import {
  client,
  type Json,
  manualClock,
  specOrSkip,
  startReceiver,
  startTestSandbox,
  verifySignature,
} from './helpers'

const spec = specOrSkip()
let sandbox: Sandbox | undefined
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined
afterEach(async () => {
  await sandbox?.close()
  await receiver?.close()
  sandbox = undefined
  receiver = undefined
})

const SECRET = 'whsec_test_0123456789'

/** A sandbox with no seeded webhooks in the way, a receiver, a project webhook and a fresh link. */
async function setup(
  statuses: number[] = [],
  linkAttrs: Record<string, unknown> = {},
  clock?: ReturnType<typeof manualClock>,
) {
  sandbox = await startTestSandbox({ customers: 0, ...(clock ? { now: clock.now } : {}) })
  for (const hook of [...sandbox.store.webhooks.items]) sandbox.store.webhooks.remove(hook.id)
  receiver = await startReceiver(statuses)
  const api = client(sandbox)
  const hook = await api.post('/whatsapp/webhooks', {
    whatsapp_webhook: {
      url: receiver.url,
      secret_key: SECRET,
      events: ['whatsapp.phone_number.created'],
      headers: { 'X-Tenant': 'console-tests' },
    },
  })
  const customer = ((await api.post('/customers', { customer: { name: 'Page Co' } })).body as Json).data
  const link = (
    (await api.post(`/customers/${customer.id}/setup_links`, { setup_link: linkAttrs })).body as Json
  ).data
  return { api, customer, link, webhookId: (hook.body as Json).data.id as string }
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})

describe('setup page stand-in', () => {
  test('serves a small HTML page with a strict CSP and two POST forms', async () => {
    const { link } = await setup([], { success_redirect_url: 'https://example.com/ok' })
    const res = await fetch(link.url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    const csp = res.headers.get('content-security-policy')!
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("form-action 'self' https://example.com")
    expect(csp).not.toContain('unsafe-inline')
    const html = await res.text()
    expect(html).toContain('Page Co')
    expect(html).toMatch(/<form method="post" action="[^"]+\/complete">/)
    expect(html).toMatch(/<form method="post" action="[^"]+\/fail">/)
    expect(html).not.toMatch(/<script|https?:\/\/(?!developers)/)
    expect((await fetch(`${sandbox!.url}/whatsapp/setup/unknown-token`)).status).toBe(404)
  })

  test('complete → 303 to success_redirect_url with the documented parameters, link used, number created, signed webhook', async () => {
    const { api, customer, link } = await setup([], {
      success_redirect_url: 'https://example.com/ok?from=console',
    })
    const res = await fetch(`${link.url}/complete`, form({ display_phone_number: '+1 555 123 4567' }))
    expect(res.status).toBe(303)
    const location = new URL(res.headers.get('location')!)
    expect(res.headers.get('location')).toContain('display_phone_number=%2B15551234567')
    expect(location.origin + location.pathname).toBe('https://example.com/ok')
    const q = Object.fromEntries(location.searchParams)
    expect(q).toMatchObject({
      from: 'console',
      setup_link_id: link.id,
      status: 'completed',
      display_phone_number: '+15551234567',
    })
    expect(q.phone_number_id).toMatch(/^\d{15}$/)
    expect(q.business_account_id).toMatch(/^\d{15}$/)
    expect(q).not.toHaveProperty('provisioned_phone_number_id')

    const links = ((await api.get(`/customers/${customer.id}/setup_links`)).body as Json).data
    expect(links[0]).toMatchObject({ status: 'used', whatsapp_setup_status: 'completed' })
    const number = ((await api.get(`/whatsapp/phone_numbers/${q.phone_number_id}`)).body as Json).data
    expect(number).toMatchObject({
      customer_id: customer.id,
      business_account_id: q.business_account_id,
      display_phone_number: '+1 555-123-4567',
      display_phone_number_normalized: '15551234567',
    })

    const [delivery] = await receiver!.waitFor(1)
    const body = JSON.parse(delivery!.raw.toString('utf8'))
    expect(body).toEqual({
      phone_number_id: q.phone_number_id,
      project: { id: sandbox!.projectId },
      customer: { id: customer.id },
    })
    expect(verifySignature(delivery!.raw, delivery!.headers['x-webhook-signature'], SECRET)).toBe(true)
    expect(verifySignature(delivery!.raw, delivery!.headers['x-webhook-signature'], 'other')).toBe(false)
    expect(delivery!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-webhook-event': 'whatsapp.phone_number.created',
      'x-webhook-payload-version': 'v2',
      'x-tenant': 'console-tests',
    })
    expect(delivery!.headers['x-idempotency-key']).toMatch(/^[0-9a-f-]{36}$/)
  })

  test('non-200 answers are retried on the schedule with the same idempotency key; the delivery is recorded', async () => {
    const { api, link, webhookId } = await setup([500, 503])
    await fetch(`${link.url}/complete`, form({}))
    const received = await receiver!.waitFor(3)
    await sandbox!.whenIdle()
    expect(new Set(received.map((r) => r.headers['x-idempotency-key'])).size).toBe(1)
    expect(new Set(received.map((r) => r.raw.toString())).size).toBe(1)
    const deliveries = ((await api.get(`/webhook_deliveries?webhook_id=${webhookId}`)).body as Json).data
    expect(deliveries).toHaveLength(1)
    expect(deliveries[0]).toMatchObject({
      event: 'whatsapp.phone_number.created',
      status: 'delivered',
      response_status: 200,
      attempt_count: 3,
      webhook_url: receiver!.url,
    })
  })

  test('a receiver that never answers 200 gets 1 + 3 attempts, then the delivery is failed', async () => {
    const { api, link, webhookId } = await setup([500, 500, 500, 500, 500])
    await fetch(`${link.url}/complete`, form({}))
    await receiver!.waitFor(4)
    await sandbox!.whenIdle()
    expect(receiver!.received).toHaveLength(4)
    const failed = (
      (await api.get(`/webhook_deliveries?errors_only=true&webhook_id=${webhookId}`)).body as Json
    ).data
    expect(failed[0]).toMatchObject({ status: 'failed', response_status: 500, attempt_count: 4 })
    expect(failed[0].failed_at).toBeTruthy()
    expect(((await api.get('/webhook_deliveries?status=delivered')).body as Json).data).toHaveLength(0)
  })

  test('provisioning: redirect carries provisioned_phone_number_id and the link shows the provisioned number', async () => {
    const { api, customer, link } = await setup([], {
      success_redirect_url: 'https://example.com/ok',
      provision_phone_number: true,
      phone_number_area_code: '628',
      allowed_connection_types: ['dedicated'],
    })
    const res = await fetch(`${link.url}/complete`, form({}))
    const q = new URL(res.headers.get('location')!).searchParams
    const listed = await api.get(`/customers/${customer.id}/setup_links`)
    const provisioned = (listed.body as Json).data[0].provisioned_phone_number
    expect(q.get('provisioned_phone_number_id')).toBe(provisioned.id)
    expect(q.get('display_phone_number')).toMatch(/^\+1628555\d{4}$/)
    expect(provisioned).toMatchObject({ area_code: '628', country_iso: 'US', country_dial_code: '1' })
    if (spec)
      expect(validateResponse(spec, 'GET', '/customers/{customer_id}/setup_links', 200, listed.body)).toEqual(
        [],
      )
  })

  test('fail → 303 to failure_redirect_url with setup_link_id and error_code; the link stays active', async () => {
    const { api, customer, link } = await setup([], { failure_redirect_url: 'https://example.com/failed' })
    for (const code of [
      'facebook_auth_failed',
      'phone_verification_failed',
      'waba_limit_reached',
      'token_exchange_failed',
    ]) {
      const res = await fetch(`${link.url}/fail`, form({ error_code: code }))
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toBe(
        `https://example.com/failed?setup_link_id=${link.id}&error_code=${code}`,
      )
    }
    const listed = ((await api.get(`/customers/${customer.id}/setup_links`)).body as Json).data[0]
    expect(listed).toMatchObject({
      status: 'active',
      whatsapp_setup_status: 'failed',
      whatsapp_setup_error: 'token_exchange_failed',
    })
    expect(receiver!.received).toHaveLength(0)
  })

  test('an expired link redirects with link_expired, a used one with already_used', async () => {
    const clock = manualClock()
    const { link } = await setup(
      [],
      { success_redirect_url: 'https://example.com/ok', failure_redirect_url: 'https://example.com/failed' },
      clock,
    )
    expect((await fetch(`${link.url}/complete`, form({}))).status).toBe(303)
    const used = await fetch(`${link.url}/complete`, form({}))
    expect(used.headers.get('location')).toBe(
      `https://example.com/failed?setup_link_id=${link.id}&error_code=already_used`,
    )
    const api = client(sandbox!)
    const other = ((await api.post('/customers', { customer: { name: 'Late Co' } })).body as Json).data
    const late = (
      (
        await api.post(`/customers/${other.id}/setup_links`, {
          setup_link: { failure_redirect_url: 'https://example.com/failed' },
        })
      ).body as Json
    ).data
    clock.advance(31 * 86_400_000)
    const expired = await fetch(late.url, { redirect: 'manual' })
    expect(expired.headers.get('location')).toBe(
      `https://example.com/failed?setup_link_id=${late.id}&error_code=link_expired`,
    )
  })

  test('without redirect URLs the page shows a plain result', async () => {
    const { link } = await setup()
    const res = await fetch(`${link.url}/complete`, form({}))
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('WhatsApp connected')
    const again = await fetch(`${link.url}/fail`, form({ error_code: 'waba_limit_reached' }))
    expect(await again.text()).toContain('already_used')
  })

  test('a cross-site form POST is refused', async () => {
    const { link } = await setup()
    const res = await fetch(`${link.url}/complete`, {
      ...form({}),
      headers: { ...form({}).headers, Origin: 'https://evil.example' },
    })
    expect(res.status).toBe(403)
  })
})

describe('webhook events beyond signup', () => {
  test('deliverEvent sends signed message events to the number-scoped webhooks only', async () => {
    const { api } = await setup()
    const number = sandbox!.store.phoneNumbers.items[0]!
    const other = await startReceiver()
    try {
      await api.post(`/whatsapp/phone_numbers/${number.phone_number_id}/webhooks`, {
        whatsapp_webhook: { url: other.url, secret_key: 'num-secret', events: ['whatsapp.message.received'] },
      })
      const payload = {
        message: { id: 'wamid.X', type: 'text', text: { body: 'hi' } },
        phone_number_id: number.phone_number_id,
      }
      const results = await sandbox!.deliverEvent('whatsapp.message.received', payload, {
        conversationPhoneNumber: '+15550001111',
      })
      expect(results).toHaveLength(1)
      expect(results[0]!.delivery).toMatchObject({
        status: 'delivered',
        phone_number_id: number.phone_number_id,
        conversation_phone_number: '+15550001111',
      })
      const [got] = await other.waitFor(1)
      expect(verifySignature(got!.raw, got!.headers['x-webhook-signature'], 'num-secret')).toBe(true)
      expect(got!.raw.toString()).toBe(JSON.stringify(payload))
      expect(receiver!.received).toHaveLength(0)
      const byEvent = ((await api.get('/webhook_deliveries?event=whatsapp.message.received')).body as Json)
        .data
      expect(byEvent).toHaveLength(1)
    } finally {
      await other.close()
    }
  })

  test('POST /whatsapp/webhooks/{id}/test queues a delivery of the event_type', async () => {
    const { api, webhookId } = await setup()
    const reply = await api.post(`/whatsapp/webhooks/${webhookId}/test`, {
      event_type: 'whatsapp.phone_number.created',
    })
    expect(reply.body).toEqual({ data: { success: true } })
    const [got] = await receiver!.waitFor(1)
    expect(got!.headers['x-webhook-event']).toBe('whatsapp.phone_number.created')
    expect(verifySignature(got!.raw, got!.headers['x-webhook-signature'], SECRET)).toBe(true)
    expect(
      (await api.post(`/whatsapp/webhooks/${webhookId}/test`, { event_type: 'whatsapp.message.sent' }))
        .status,
    ).toBe(422)
    expect((await api.post('/whatsapp/webhooks/00000000-0000-4000-8000-000000000000/test', {})).status).toBe(
      404,
    )
  })

  test('inactive webhooks and unsubscribed events receive nothing', async () => {
    const { api, link, webhookId } = await setup()
    await api.patch(`/whatsapp/webhooks/${webhookId}`, { whatsapp_webhook: { active: false } })
    await fetch(`${link.url}/complete`, form({}))
    await sandbox!.whenIdle()
    expect(receiver!.received).toHaveLength(0)
  })
})
