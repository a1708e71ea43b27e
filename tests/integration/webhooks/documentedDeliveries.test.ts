import { createHash } from 'node:crypto'
import { afterEach, describe, expect, test } from 'vitest'
import type { WebhookEventSummary } from '../../../src/shared/webhooks/event'
import type { ListenStatus } from '../../../src/shared/webhooks/session'
import { completeSignup, type Json, startWorld, until, type World } from '../setupLinks/world'

/**
 * The sandbox sends what Kapso's docs say it sends, and the console's receiver,
 * viewer and connection detection read it: batched envelopes (buffering), raw Meta
 * forwards, and v1 payloads. Everything runs for real: the sandbox posts to the
 * listen session's receiver over loopback, the receiver stores to SQLite, the
 * viewer's query (`webhooks.listEvents`) reads it back.
 */

let world: (World & { close(): Promise<void> }) | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

async function api(w: World, method: string, path: string, body?: unknown): Promise<Json> {
  const res = await fetch(`${w.sandbox.url}/platform/v1${path}`, {
    method,
    headers: { 'X-API-Key': w.sandbox.apiKey, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  const json = text ? JSON.parse(text) : null
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return json
}

async function listening(w: World, input: Record<string, unknown> = {}) {
  const status = await w.call<ListenStatus>('webhooks.startListening', input)
  const hooks = w.sandbox.store.webhooks.items.filter((h) => h.url === status.webhookUrl)
  return { status, hooks, secret: hooks[0]!.secret_key! }
}

const messagePayload = (phoneNumberId: string, conversationId: string, body: string) => ({
  message: {
    id: `wamid.${body.replace(/\W/g, '')}`,
    timestamp: '1730092801',
    type: 'text',
    text: { body },
    from: '15551234567',
    kapso: { direction: 'inbound', status: 'received', origin: 'cloud_api', phone_number_id: phoneNumberId },
  },
  conversation: { id: conversationId, phone_number: '+15551234567', phone_number_id: phoneNumberId },
  is_new_conversation: false,
  phone_number_id: phoneNumberId,
})

async function events(w: World, eventType: string, count: number): Promise<WebhookEventSummary[]> {
  return until(`${count} ${eventType} events in the viewer`, async () => {
    const page = await w.call('webhooks.listEvents', { filter: { eventTypes: [eventType] } })
    return page.events.length >= count ? (page.events as WebhookEventSummary[]) : undefined
  })
}

const header = (detail: Json, name: string): string | undefined =>
  detail.headers.find(([n]: [string]) => n.toLowerCase() === name)?.[1]

describe('documented deliveries from the sandbox, read by the receiver and viewer', () => {
  test('buffering on: max_buffer_size messages go as one batched envelope, shown as one event per item', async () => {
    world = await startWorld()
    const w = world
    const number = w.sandbox.store.phoneNumbers.items[0]!
    const { hooks } = await listening(w, {
      phoneNumberIds: [number.phone_number_id],
      numberEvents: ['whatsapp.message.received'],
    })
    const numberHook = hooks.find((h) => h.phone_number_id === number.phone_number_id)!
    // A long window, so only the size limit can release the batch (no clock in the assertion).
    await api(w, 'PATCH', `/whatsapp/phone_numbers/${number.phone_number_id}/webhooks/${numberHook.id}`, {
      whatsapp_webhook: {
        buffer_enabled: true,
        buffer_window_seconds: 60,
        max_buffer_size: 3,
        buffer_events: ['whatsapp.message.received'],
      },
    })
    const sent = await Promise.all(
      ['one', 'two', 'three'].map((text) =>
        w.sandbox.deliverEvent(
          'whatsapp.message.received',
          messagePayload(number.phone_number_id, 'conv_1', text),
        ),
      ),
    )
    // One HTTP delivery carried all three.
    const bodies = new Set(sent.flat().map((r) => r.body))
    expect(bodies.size).toBe(1)
    const envelope = JSON.parse([...bodies][0]!)
    expect(envelope).toMatchObject({
      type: 'whatsapp.message.received',
      batch: true,
      batch_info: { size: 3, window_ms: 60_000, conversation_id: 'conv_1' },
    })
    expect(envelope.data.map((d: Json) => d.message.text.body)).toEqual(['one', 'two', 'three'])
    expect(envelope.batch_info.last_sequence - envelope.batch_info.first_sequence).toBe(2)

    const shown = await events(w, 'whatsapp.message.received', 3)
    expect(shown).toHaveLength(3)
    for (const e of shown) {
      expect(e).toMatchObject({ signature: 'valid', phoneNumberId: number.phone_number_id, duplicate: false })
    }
    const detail = await w.call('webhooks.getEvent', { id: shown[0]!.id })
    expect(header(detail, 'x-webhook-batch')).toBe('true')
    expect(header(detail, 'x-batch-size')).toBe('3')
  })

  test('buffering on: the window closing sends what waited, still as a batch', async () => {
    world = await startWorld()
    const w = world
    const number = w.sandbox.store.phoneNumbers.items[0]!
    const { hooks } = await listening(w, {
      phoneNumberIds: [number.phone_number_id],
      numberEvents: ['whatsapp.message.received'],
    })
    const numberHook = hooks.find((h) => h.phone_number_id === number.phone_number_id)!
    await api(w, 'PATCH', `/whatsapp/phone_numbers/${number.phone_number_id}/webhooks/${numberHook.id}`, {
      whatsapp_webhook: { buffer_enabled: true, buffer_window_seconds: 1, max_buffer_size: 50 },
    })
    const sent = await Promise.all([
      w.sandbox.deliverEvent('whatsapp.message.received', messagePayload(number.phone_number_id, 'c2', 'a')),
      w.sandbox.deliverEvent('whatsapp.message.received', messagePayload(number.phone_number_id, 'c2', 'b')),
    ])
    const envelope = JSON.parse(sent[0]![0]!.body)
    expect(envelope).toMatchObject({ batch: true, batch_info: { size: 2, window_ms: 1000 } })
    expect(sent[1]![0]!.body).toBe(sent[0]![0]!.body)
    await events(w, 'whatsapp.message.received', 2)
  })

  test('a meta webhook gets the raw Meta payload with X-Idempotency-Key = SHA-256 of it; the receiver stores it', async () => {
    world = await startWorld()
    const w = world
    const number = w.sandbox.store.phoneNumbers.items[0]!
    const { status, secret } = await listening(w)
    await api(w, 'POST', `/whatsapp/phone_numbers/${number.phone_number_id}/webhooks`, {
      whatsapp_webhook: { url: status.webhookUrl, kind: 'meta', secret_key: secret },
    })
    const metaPayload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: number.phone_number_id },
                messages: [{ from: '16505551234', id: 'wamid.HBgL', timestamp: '1749416383', type: 'text' }],
              },
            },
          ],
        },
      ],
    }
    const [result] = await w.sandbox.forwardMetaPayload(number.phone_number_id, metaPayload)
    expect(result!.delivery.status).toBe('delivered')
    const stored = await until('the meta forward in the viewer', async () => {
      const page = await w.call('webhooks.listEvents', {})
      return page.events.find((e: WebhookEventSummary) => e.signature === 'valid' && e.eventType === null)
    })
    const detail = await w.call('webhooks.getEvent', { id: stored.id })
    expect(JSON.parse(detail.rawBody)).toEqual(metaPayload)
    // The test's own hash of the bytes that arrived, not the sandbox's.
    expect(header(detail, 'x-idempotency-key')).toBe(
      createHash('sha256').update(detail.rawBody).digest('hex'),
    )
    expect(header(detail, 'x-webhook-event')).toBeUndefined()
  })

  test('a v1 project webhook gets whatsapp.config.created with a nested whatsapp_config; the number connects', async () => {
    world = await startWorld()
    const w = world
    const customer = w.sandbox.store.customers.items.find((c) => c.name === 'Umbrella Health')!
    const { hooks } = await listening(w)
    // Every catalogued project event can be subscribed, the v1 lifecycle name included.
    await api(w, 'PATCH', `/whatsapp/webhooks/${hooks[0]!.id}`, {
      whatsapp_webhook: { payload_version: 'v1', events: ['whatsapp.config.created'] },
    })
    const link = (await api(w, 'POST', `/customers/${customer.id}/setup_links`, { setup_link: {} })).data
    expect(await completeSignup(link.url, '+1 555 010 4242')).toBeLessThan(400)
    const [created] = await events(w, 'whatsapp.config.created', 1)
    const number = w.sandbox.store.phoneNumbers.items.find((n) => n.customer_id === customer.id)!
    expect(created).toMatchObject({ signature: 'valid', phoneNumberId: number.phone_number_id })
    const detail = await w.call('webhooks.getEvent', { id: created!.id })
    expect(header(detail, 'x-webhook-payload-version')).toBe('v1')
    const body = JSON.parse(detail.rawBody)
    // The v1 shape: the number only inside whatsapp_config.
    expect(body.phone_number_id).toBeUndefined()
    expect(body.whatsapp_config).toMatchObject({
      id: number.internal_id,
      phone_number_id: number.phone_number_id,
    })
    const timeline = await until('connected by the v1 webhook', async () => {
      const t = await w.call('connections.timeline', { customerId: customer.id })
      return t.status.connected ? t : undefined
    })
    expect(timeline.status).toMatchObject({ firstSource: 'webhook', phoneNumberId: number.phone_number_id })
  })

  test('v1 message events: flat message fields and whatsapp_config, read with their number', async () => {
    world = await startWorld()
    const w = world
    const number = w.sandbox.store.phoneNumbers.items[0]!
    const { hooks } = await listening(w, {
      phoneNumberIds: [number.phone_number_id],
      numberEvents: ['whatsapp.message.received'],
    })
    const numberHook = hooks.find((h) => h.phone_number_id === number.phone_number_id)!
    await api(w, 'PATCH', `/whatsapp/phone_numbers/${number.phone_number_id}/webhooks/${numberHook.id}`, {
      whatsapp_webhook: { payload_version: 'v1' },
    })
    const [result] = await w.sandbox.deliverEvent(
      'whatsapp.message.received',
      messagePayload(number.phone_number_id, 'conv_v1', 'hello v1'),
    )
    const sent = JSON.parse(result!.body)
    expect(sent.message).toMatchObject({ message_type: 'text', content: 'hello v1', origin: 'cloud_api' })
    expect(sent.message.kapso).toBeUndefined()
    expect(sent.conversation.whatsapp_config_id).toBe(number.internal_id)
    const [shown] = await events(w, 'whatsapp.message.received', 1)
    expect(shown).toMatchObject({ signature: 'valid', phoneNumberId: number.phone_number_id })
  })
})
