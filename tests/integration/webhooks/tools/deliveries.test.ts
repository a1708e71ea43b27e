import { describe, expect, test } from 'vitest'
import type { DeliveryRecordPage } from '../../../../src/shared/webhooks/deliveryRecords'
import { consoleFor, freePort, type Json, sandboxFor, until } from './support'

async function sandboxApi(
  sandbox: { url: string; apiKey: string },
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await fetch(`${sandbox.url}/platform/v1${path}`, {
    method,
    headers: { 'X-API-Key': sandbox.apiKey, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return text ? (JSON.parse(text) as Json) : null
}

describe('Kapso delivery records', () => {
  test('lists the records with filters; a delivered one links to the local event, a failing tenant endpoint shows its attempts', async () => {
    const sandbox = await sandboxFor()
    const { call, listen } = consoleFor(sandbox)
    await listen()
    await call('webhooks.sendTest', {})
    const local = await until('the test event', async () => (await call('webhooks.listEvents', {})).events[0])

    // A tenant's own endpoint that is down: Kapso retries, then marks it failed.
    const dead = await freePort()
    const hook = (
      await sandboxApi(sandbox, 'POST', '/whatsapp/webhooks', {
        whatsapp_webhook: {
          url: `http://127.0.0.1:${dead}/tenant`,
          events: ['whatsapp.phone_number.created'],
          secret_key: 's',
        },
      })
    ).data
    await sandboxApi(sandbox, 'POST', `/whatsapp/webhooks/${hook.id}/test`, {})
    await sandbox.whenIdle()

    const all = await call<DeliveryRecordPage>('webhooks.deliveries.list', { filter: {} })
    expect(all.records).toHaveLength(2)
    const ours = all.records.find((r) => r.webhookUrl?.includes('/kapso-console/'))!
    expect(ours).toMatchObject({
      status: 'delivered',
      responseStatus: 200,
      attemptCount: 1,
      localEventId: local.id,
    })
    const theirs = all.records.find((r) => r.webhookId === hook.id)!
    expect(theirs).toMatchObject({
      status: 'failed',
      responseStatus: null,
      attemptCount: 4,
      localEventId: null,
    })
    expect(theirs.failedAt).not.toBeNull()

    const errors = await call<DeliveryRecordPage>('webhooks.deliveries.list', {
      filter: { errorsOnly: true },
    })
    expect(errors.records.map((r) => r.id)).toEqual([theirs.id])
    const byWebhook = await call<DeliveryRecordPage>('webhooks.deliveries.list', {
      filter: { webhookId: hook.id, period: '7d' },
    })
    expect(byWebhook.records.map((r) => r.id)).toEqual([theirs.id])
    const byStatus = await call<DeliveryRecordPage>('webhooks.deliveries.list', {
      filter: { status: 'delivered', event: 'whatsapp.phone_number.created' },
    })
    expect(byStatus.records.map((r) => r.id)).toEqual([ours.id])
  })

  test('a record without status shows with the fields it has, and a record that cannot be read is named, not a failed list', async () => {
    const sandbox = await sandboxFor()
    const { call } = consoleFor(sandbox)
    const good = await call<DeliveryRecordPage>('webhooks.deliveries.list', { filter: {} })
    expect(good.unreadable).toEqual([])
    sandbox.faults.inject({
      match: { method: 'GET', path: '/webhook_deliveries' },
      times: 1,
      kind: 'replay',
      body: {
        data: [
          // As Kapso's docs show one (no `status`), and one whose `attempt_count` is not a number.
          {
            id: 'd-1',
            event: 'whatsapp.message.received',
            attempt_count: 1,
            created_at: '2026-01-01T00:00:00Z',
          },
          { id: 'd-2', event: 'whatsapp.message.sent', status: 'failed', attempt_count: 'three' },
        ],
        paging: { cursors: { before: null, after: null }, next: null, previous: null },
      },
    })
    const page = await call<DeliveryRecordPage>('webhooks.deliveries.list', { filter: {} })
    expect(page.records).toEqual([
      expect.objectContaining({ id: 'd-1', status: null, attemptCount: 1, localEventId: null }),
    ])
    expect(page.unreadable).toEqual([
      {
        unreadable: true,
        id: 'd-2',
        index: 1,
        field: 'attempt_count',
        reason: expect.stringContaining('number'),
      },
    ])
  })
})
