import { createHmac } from 'node:crypto'
import { afterEach, expect, test } from 'vitest'
import { type Json, startWorld, until, type World } from '../setupLinks/world'

/**
 * The webhook signal through the real receiver: only a `whatsapp.phone_number.created`
 * signed with the listen session's secret marks a customer connected.
 */

let world: (World & { close(): Promise<void> }) | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

test('unsigned and wrongly signed events are stored but never connect anyone; a signed one does, once', async () => {
  world = await startWorld()
  const w = world
  const customer = w.sandbox.store.customers.items.find((c) => c.name === 'Umbrella Health')!
  const status = await w.call('webhooks.startListening', {})
  const secret = w.sandbox.store.webhooks.items.find((h: Json) => h.url === status.webhookUrl)!
    .secret_key as string
  const body = JSON.stringify({
    phone_number_id: '4455667788',
    project: { id: 'p' },
    customer: { id: customer.id },
  })
  const post = async (signature: string | null, key: string) => {
    const res = await fetch(status.webhookUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Webhook-Event': 'whatsapp.phone_number.created',
        'X-Idempotency-Key': key,
        ...(signature ? { 'X-Webhook-Signature': signature } : {}),
      },
      body,
    })
    expect(res.status).toBe(200)
  }
  await post(null, 'k-unsigned')
  await post(createHmac('sha256', 'not-the-secret').update(body).digest('hex'), 'k-forged')
  await until(
    'both stored',
    async () => (await w.call('webhooks.listEvents', {})).events.length === 2 || undefined,
  )
  await new Promise((r) => setTimeout(r, 200)) // past the event batch window
  expect((await w.call('connections.timeline', { customerId: customer.id })).status.connected).toBe(false)
  expect(w.events.filter((e) => e.event === 'connections.connected')).toHaveLength(0)

  const valid = createHmac('sha256', secret).update(body).digest('hex')
  await post(valid, 'k-valid')
  // The same delivery again (Kapso retries with the same key): a duplicate, no second connection.
  await post(valid, 'k-valid')
  const timeline = await until('connected by the webhook', async () => {
    const t = await w.call('connections.timeline', { customerId: customer.id })
    return t.status.connected ? t : undefined
  })
  expect(timeline.status).toMatchObject({ firstSource: 'webhook', phoneNumberId: '4455667788' })
  await new Promise((r) => setTimeout(r, 200))
  expect(w.events.filter((e) => e.event === 'connections.connected')).toHaveLength(1)
  expect(timeline.entries.filter((e: Json) => e.kind === 'webhook')).toHaveLength(1)
})
