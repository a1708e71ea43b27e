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
})
