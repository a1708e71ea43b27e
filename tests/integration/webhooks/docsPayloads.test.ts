import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { loadDocFixtures } from '../../support/kapsoDocs'
import { post, startTestReceiver, type TestReceiver } from './helpers'

/**
 * Every webhook payload example in Kapso's docs, sent signed to the receiver
 * exactly as published (the event name in X-Webhook-Event, as the docs say):
 * stored, its signature verified, and read into the fields the viewer lists.
 */

const SECRET = 'whsec_docs_0123456789abcdef'
const payloads = loadDocFixtures().filter((f) => f.kind === 'webhook')

let r: TestReceiver
beforeEach(async () => {
  r = await startTestReceiver()
  r.secrets.push(SECRET)
})
afterEach(() => r.close())

describe('webhook payloads from the docs', () => {
  test('the corpus has them', () => {
    expect(payloads.length).toBeGreaterThan(0)
  })

  for (const f of payloads) {
    test(`${f.event} (${f.file})`, async () => {
      const body = JSON.stringify(f.example)
      const res = await post(r.url, body, { secret: SECRET, event: f.event! })
      expect(res.status).toBe(200)
      const page = r.store.list({})
      expect(page.total).toBe(1)
      const example = f.example as { phone_number_id?: string; customer?: { id?: string } }
      expect(page.events[0]).toMatchObject({
        signature: 'valid',
        eventType: f.event,
        ...(example.phone_number_id ? { phoneNumberId: example.phone_number_id } : {}),
        ...(example.customer?.id ? { customerId: example.customer.id } : {}),
        duplicate: false,
      })
      const detail = r.store.get(page.events[0]!.id, r.url)
      expect(detail.rawBody).toBe(body)
    })
  }
})
