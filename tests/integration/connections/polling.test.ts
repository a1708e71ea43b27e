import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, test } from 'vitest'
import { DISAGREEMENT_AFTER_MS } from '../../../src/main/connections/timeline'
import { type Json, startWorld, until, type World } from '../setupLinks/world'

/**
 * The polling safety net and what hangs off it (timeline, disagreement,
 * support bundle), through the whole core against the sandbox, with no
 * listen session: a connection is seen even without a tunnel.
 */

let world: (World & { close(): Promise<void> }) | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

async function synced() {
  world = await startWorld({ webhookRetryDelaysMs: [50, 100, 150] })
  const w = world
  await w.call('customers.syncStatus')
  await w.call('customers.syncNow')
  await until('first sync', async () => (await w.call('customers.syncStatus')).lastSyncedAt)
  return w
}

async function newCustomerWithLink(w: World, name: string) {
  const created = await w.call('customers.create', { customer: { name } })
  const customerId = created.customer.id as string
  const made = await w.call('setupLinks.create', { customerId, options: {} })
  expect(made.outcome).toBe('created')
  // The watch starts when the "created" announcement reaches the connections feature (one event batch later).
  await until('the watch starts', async () =>
    (await w.call('connections.watching')).customerIds.includes(customerId),
  )
  return { customerId, link: made.link as Json }
}

async function submit(url: string, action: 'complete' | 'fail', fields: Record<string, string>) {
  const res = await fetch(`${url}/${action}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })
  await res.arrayBuffer()
  return res.status
}

describe('polling safety net', () => {
  test('a link created here is watched; signup without a tunnel is seen by polling, once', async () => {
    const w = await synced()
    const { customerId, link } = await newCustomerWithLink(w, 'Polled Pantry')
    expect((await w.call('connections.watching')).customerIds).toEqual([customerId])
    const before = await w.call('connections.timeline', { customerId })
    expect(before.status).toMatchObject({ watching: true, connected: false })
    expect(before.entries[0]).toMatchObject({ kind: 'link_created', source: 'console', setupLinkId: link.id })

    // The detail is open: polled every few seconds instead of backing off.
    await w.call('connections.focus', { customerId })
    expect(await submit(link.url, 'complete', { display_phone_number: '+1 415 555 0123' })).toBe(200)

    const event = await until(
      'the polling path marks it connected',
      () => w.events.find((e) => e.event === 'connections.connected')?.item as Json,
      15_000,
    )
    expect(event).toMatchObject({
      customerId,
      customerName: 'Polled Pantry',
      source: 'api',
      displayPhoneNumber: '+1 415-555-0123',
    })
    const after = await w.call('connections.timeline', { customerId })
    expect(after.status).toMatchObject({
      connected: true,
      firstSource: 'api',
      watching: false,
      disagreement: null,
    })
    expect((await w.call('connections.watching')).customerIds).toEqual([])
    const detail = await w.call('customers.get', { id: customerId })
    expect(detail.customer.connection).toBe('connected')
    expect(detail.setupLinks[0].status).toBe('used')
    // No listen session ran, so no webhook was expected: no disagreement to report.
    expect(after.status.disagreement).toBeNull()
  })

  test('a failed signup shows its reason on the link and the timeline; the watch goes on', async () => {
    const w = await synced()
    const { customerId, link } = await newCustomerWithLink(w, 'Failing Florist')
    await w.call('connections.focus', { customerId })
    await submit(link.url, 'fail', { error_code: 'waba_limit_reached' })
    const timeline = await until(
      'the failure is seen',
      async () => {
        const t = await w.call('connections.timeline', { customerId })
        return t.entries.some((e: Json) => e.kind === 'setup_failed') ? t : undefined
      },
      15_000,
    )
    const failed = timeline.entries.find((e: Json) => e.kind === 'setup_failed')
    expect(failed.summary).toContain('Kapso reports the setup failed')
    expect(failed.summary).toMatch(/too many WhatsApp/i)
    expect(timeline.status.watching).toBe(true)
    const view = await w.call('setupLinks.get', { linkId: link.id })
    expect(view.setupError).toBe('waba_limit_reached')
  })

  test('offline: the check fails in words, the watch backs off and stays', async () => {
    const w = await synced()
    const { customerId } = await newCustomerWithLink(w, 'Offline Optician')
    await w.offline()
    const refused = await w.refused('connections.checkNow', { customerId })
    expect(refused.code).toBe('offline')
    const t = await w.call('connections.timeline', { customerId })
    expect(t.status.watching).toBe(true)
    expect(t.status.lastCheckError).toBeTruthy()
    await w.online()
  })

  test('shares go into the timeline: copied by the page, QR saved and printed by main', async () => {
    const w = await synced()
    const { customerId, link } = await newCustomerWithLink(w, 'Sharing Studio')
    await w.call('connections.recordShared', { setupLinkId: link.id, way: 'copied' })
    await w.call('setupLinks.saveImage', { linkId: link.id, format: 'png' })
    await w.call('setupLinks.print', { linkIds: [link.id], as: 'pdf' })
    const t = await w.call('connections.timeline', { customerId })
    expect(t.entries.filter((e: Json) => e.kind === 'shared').map((e: Json) => e.summary)).toEqual([
      'Link copied',
      'QR code saved',
      'Printed (sheet or PDF)',
    ])
    // Junk ways are refused by the contract.
    expect((await w.refused('connections.recordShared', { setupLinkId: link.id, way: 'faxed' })).code).toBe(
      'validation',
    )
  })
})

describe('disagreement and the support bundle', () => {
  test('API says connected while a listen session ran but no webhook came: said in words', async () => {
    const w = await synced()
    const { customerId, link } = await newCustomerWithLink(w, 'Quiet Hook Cafe')
    await w.call('webhooks.startListening', {})
    // The project webhook is "broken": Kapso's deliveries to it fail (here: the sandbox forgets it).
    for (const hook of [...w.sandbox.store.webhooks.items]) hook.url = 'http://127.0.0.1:9/nowhere'
    await w.call('connections.focus', { customerId })
    await submit(link.url, 'complete', { display_phone_number: '+1 415 555 0177' })
    await until(
      'connected by polling',
      async () => (await w.call('connections.timeline', { customerId })).status.connected,
      15_000,
    )
    // The disagreement is called out once the webhook had its chance (time moved on).
    const { buildTimeline } = await import('../../../src/main/connections/timeline')
    const db = await w.core.database.current()
    const later = buildTimeline(db, customerId, Date.now() + DISAGREEMENT_AFTER_MS + 1000)
    expect(later.status.sources).toEqual(['api'])
    expect(later.status.disagreement?.kind).toBe('no_webhook')
    expect(later.status.disagreement?.message).toContain('no webhook arrived')
  })

  test('the support bundle has the timeline, links and numbers, and no key, secret, token or message text', async () => {
    const w = await synced()
    const { customerId, link } = await newCustomerWithLink(w, 'Bundle Bistro')
    const status = await w.call('webhooks.startListening', {})
    await submit(link.url, 'complete', { display_phone_number: '+1 415 555 0166' })
    await until(
      'connected',
      async () => (await w.call('connections.timeline', { customerId })).status.connected,
      15_000,
    )
    const phoneNumberId = (await w.call('customers.get', { id: customerId })).phoneNumbers[0].phoneNumberId
    // A message event with text, signed with the session's secret, lands in the event log.
    const secret = w.sandbox.store.webhooks.items.find((h: Json) =>
      h.url.startsWith(status.tunnel.publicUrl),
    )!.secret_key as string
    const text = 'PRIVATE MESSAGE TEXT 4711'
    const body = JSON.stringify({
      message: { id: 'wamid.X', type: 'text', text: { body: text }, kapso: { content: text } },
      phone_number_id: phoneNumberId,
    })
    const res = await fetch(status.webhookUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Webhook-Event': 'whatsapp.message.received',
        'X-Webhook-Signature': createHmac('sha256', secret).update(body).digest('hex'),
        'X-Idempotency-Key': 'bundle-test-1',
      },
      body,
    })
    expect(res.status).toBe(200)

    const out = await w.call('connections.exportBundle', { customerId })
    expect(out.outcome).toBe('page')
    expect(out.file.filename).toBe('support-bundle-bundle-bistro.json')
    const json = Buffer.from(out.file.dataUrl.split(',')[1], 'base64').toString('utf8')
    const bundle = JSON.parse(json)
    expect(bundle.customer.name).toBe('Bundle Bistro')
    expect(bundle.connection.connected).toBe(true)
    expect(bundle.timeline.map((e: Json) => e.kind)).toEqual(
      expect.arrayContaining(['link_created', 'webhook', 'connected']),
    )
    expect(bundle.phone_numbers[0].phone_number_id).toBe(phoneNumberId)
    expect(bundle.webhook_events.map((e: Json) => e.event_type)).toEqual(
      expect.arrayContaining(['whatsapp.message.received', 'whatsapp.phone_number.created']),
    )
    expect(bundle.setup_links[0].id).toBe(link.id)
    // Redacted: no API key, no webhook secret, no setup token, no message text, no signature.
    const token = new URL(link.url).pathname.split('/').at(-1)!
    for (const forbidden of [w.sandbox.apiKey, secret, token, text, 'X-Webhook-Signature', 'X-API-Key']) {
      expect(json, `bundle must not contain ${forbidden.slice(0, 12)}…`).not.toContain(forbidden)
    }
    expect(bundle.setup_links[0].url).toContain(`…${token.slice(-4)}`)
  })
})
