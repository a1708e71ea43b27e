import { describe, expect, test } from 'vitest'
import type { ExportFile } from '../../../../src/shared/webhooks/archive'
import type { WebhookEventSummary } from '../../../../src/shared/webhooks/event'
import { post } from '../helpers'
import { consoleFor, type Json, sandboxFor, targetServer, until } from './support'

async function filledConsole() {
  const sandbox = await sandboxFor()
  const c = consoleFor(sandbox)
  const { receiver } = await c.listen()
  const url = new URL(receiver)
  const send = (body: string | Buffer, options: Parameters<typeof post>[2] = {}) =>
    post(url.origin, body, { path: url.pathname, ...options })
  await send('{"phone_number_id":"1","customer":{"id":"c-1"}}', {
    event: 'whatsapp.phone_number.created',
    secret: 'k',
    // A tenant's custom header carrying a credential: it must not reach an export file.
    headers: {
      Authorization: 'Bearer tenant-credential-123456',
      'X-Debug-Echo': 'whsec_saved_in_the_lab_42',
    },
  })
  // A secret saved in the lab that some sender echoed into a header: masked in exports as well.
  await c.call('webhooks.lab.saveSecret', { label: 'tenant', secret: 'whsec_saved_in_the_lab_42' })
  await send('{\n  "name": "Caf\\u00e9",\n  "emoji": "☕"\n}', { event: 'project.event' })
  await send(
    JSON.stringify({
      type: 'whatsapp.message.received',
      batch: true,
      data: [{ message: { id: 'a' } }, { message: { id: 'b' } }],
    }),
    { headers: { 'X-Webhook-Batch': 'true' } },
  )
  await send(Buffer.from([0xff, 0xfe, 0x00, 0x41]), { event: 'project.event' })
  return { ...c, sandbox, send }
}

describe('export and import', () => {
  test('NDJSON export → import into another project → export again gives the same bytes; imported events are marked', async () => {
    const a = await filledConsole()
    expect((await a.call('webhooks.listEvents', {})).total).toBe(5)
    const first = await a.call<ExportFile>('webhooks.export', { format: 'ndjson' })
    expect(first).toMatchObject({ deliveries: 4, truncated: false, mimeType: 'application/x-ndjson' })
    expect(first.filename).toMatch(/\.ndjson$/)
    expect(first.content.split('\n')).toHaveLength(5) // four lines and the final newline
    expect(first.content).not.toContain('tenant-credential-123456')
    expect(first.content).not.toContain('whsec_saved_in_the_lab_42')
    expect(first.content).toContain('"X-Debug-Echo","[redacted]"')
    expect(first.content).toContain('"Authorization","[redacted]"')

    const b = consoleFor(a.sandbox)
    // Forwarding is on in the importing project: imported history must still not be sent anywhere.
    const app = await targetServer()
    await b.call('webhooks.forwarding.updateSettings', {
      enabled: true,
      target: app.url,
      routes: [],
      signing: { mode: 'original' },
    })
    await b.listen()
    const imported = await b.call('webhooks.import', { content: first.content })
    expect(imported).toEqual({ deliveries: 4, events: 5 })
    const page = await b.call('webhooks.listEvents', { filter: {} })
    expect(page.total).toBe(5)
    expect(page.events.every((e: WebhookEventSummary) => e.imported)).toBe(true)
    const again = await b.call<ExportFile>('webhooks.export', { format: 'ndjson' })
    expect(again.content).toBe(first.content)

    // Bodies are the received bytes, including the one that is not UTF-8.
    const binary = page.events.find((e: WebhookEventSummary) => !e.json && e.size === 4)
    const detail = await b.call('webhooks.getEvent', { id: binary.id })
    expect(Buffer.from(detail.rawBody, 'base64')).toEqual(Buffer.from([0xff, 0xfe, 0x00, 0x41]))
    const escaped = page.events.find((e: WebhookEventSummary) => e.eventType === 'project.event' && e.json)
    expect((await b.call('webhooks.getEvent', { id: escaped.id })).rawBody).toBe(
      '{\n  "name": "Caf\\u00e9",\n  "emoji": "☕"\n}',
    )
    // Imported events are not forwarded (they are history, not arrivals); a live one still is.
    await b.call('webhooks.sendTest', {})
    await until('the live forward', () => app.requests.length === 1 || undefined)
    await new Promise((r) => setTimeout(r, 100))
    expect(app.requests).toHaveLength(1)
    expect(app.requests[0]!.headers['x-webhook-event']).toBe('whatsapp.phone_number.created')
  })

  test('a file with bad lines imports nothing and names each bad line', async () => {
    const a = await filledConsole()
    const good = (await a.call<ExportFile>('webhooks.export', { format: 'ndjson' })).content.split('\n')
    const broken = [good[0], '{"not": "an export line"}', good[1], 'this is not json', good[2], ''].join('\n')
    const b = consoleFor(a.sandbox)
    const error = await b.call('webhooks.import', { content: broken }).catch((e) => e)
    expect(error.code).toBe('validation')
    expect(error.message).toMatch(/^Nothing was imported: 2 lines are not a Kapso Console export line/)
    expect(error.message).toMatch(/line 2: format:/)
    expect(error.message).toMatch(/line 4: not JSON/)
    expect((await b.call('webhooks.listEvents', {})).total).toBe(0)
    const empty = await b.call('webhooks.import', { content: '\n\n' }).catch((e) => e)
    expect(empty.message).toMatch(/no deliveries in it/)
  })

  test('HAR export of a filter, and export of selected events only', async () => {
    const a = await filledConsole()
    const har = await a.call<ExportFile>('webhooks.export', {
      format: 'har',
      filter: { eventTypes: ['whatsapp.phone_number.created'] },
    })
    const log = JSON.parse(har.content).log
    expect(log.version).toBe('1.2')
    expect(log.entries).toHaveLength(1)
    const entry = log.entries[0]
    expect(entry.request).toMatchObject({
      method: 'POST',
      postData: { text: '{"phone_number_id":"1","customer":{"id":"c-1"}}' },
    })
    expect(entry.request.url).toMatch(/^http:\/\/127\.0\.0\.1\/kapso-console\//)
    expect(entry.request.headers).toContainEqual({ name: 'Authorization', value: '[redacted]' })
    expect(entry._kapsoSignature).toBe('invalid')

    const events = (await a.call('webhooks.listEvents', {})).events as Json[]
    const batchItem = events.find((e) => e.batchIndex === 1)
    const one = await a.call<ExportFile>('webhooks.export', { format: 'ndjson', eventIds: [batchItem.id] })
    expect(one.deliveries).toBe(1)
    expect(JSON.parse(one.content).body).toContain('"batch":true')
  })
})

describe('saved views', () => {
  test('named filters survive a restart; an empty filter is refused', async () => {
    const sandbox = await sandboxFor()
    const first = consoleFor(sandbox)
    await first.call('webhooks.views.save', {
      name: 'Bad signatures',
      filter: { signature: ['invalid', 'unsigned'] },
    })
    await first.call('webhooks.views.save', {
      name: 'Harbour',
      filter: { customer: 'Harbour', text: 'created' },
    })
    const error = await first.call('webhooks.views.save', { name: 'Nothing', filter: {} }).catch((e) => e)
    expect(error.message).toMatch(/Set a filter or a search first/)
    await first.dispose()

    const restarted = consoleFor(sandbox, { dir: first.dir, secrets: first.secrets })
    const views = await restarted.call('webhooks.views.list')
    expect(views.map((v: Json) => [v.name, v.filter])).toEqual([
      ['Bad signatures', { signature: ['invalid', 'unsigned'] }],
      ['Harbour', { customer: 'Harbour', text: 'created' }],
    ])
    const left = await restarted.call('webhooks.views.remove', { name: 'Harbour' })
    expect(left.map((v: Json) => v.name)).toEqual(['Bad signatures'])
  })
})
