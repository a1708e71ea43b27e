import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Sandbox } from '../../../src/main/sandbox/sandboxServer'
import { client, type Json, startTestSandbox } from './helpers'

let sandbox: Sandbox
let api: ReturnType<typeof client>
let pid: string
beforeAll(async () => {
  sandbox = await startTestSandbox({ customers: 4 })
  api = client(sandbox)
  pid = sandbox.store.phoneNumbers.items[0]!.phone_number_id
})
afterAll(() => sandbox.close())

const hook = (attrs: Record<string, unknown>) => ({
  whatsapp_webhook: { url: 'https://example.com/h', ...attrs },
})

describe('webhook configuration', () => {
  test('project family: project scope by default, number scope with phone_number_id, both listed', async () => {
    const project = await api.post('/whatsapp/webhooks', hook({ events: ['whatsapp.phone_number.created'] }))
    expect(project.status).toBe(201)
    expect((project.body as Json).data).toMatchObject({
      kind: 'kapso',
      active: true,
      phone_number_id: null,
      project_id: sandbox.projectId,
      payload_version: 'v2',
    })
    const scoped = await api.post(
      '/whatsapp/webhooks',
      hook({ phone_number_id: pid, events: ['whatsapp.message.received'], secret_key: 'k' }),
    )
    expect((scoped.body as Json).data.phone_number_id).toBe(pid)
    const list = ((await api.get('/whatsapp/webhooks?per_page=100')).body as Json).data.map((w: Json) => w.id)
    expect(list).toEqual(
      expect.arrayContaining([(project.body as Json).data.id, (scoped.body as Json).data.id]),
    )
    const numberList = ((await api.get(`/whatsapp/phone_numbers/${pid}/webhooks`)).body as Json).data
    expect(numberList.map((w: Json) => w.id)).toContain((scoped.body as Json).data.id)
    expect(numberList.every((w: Json) => w.phone_number_id === pid)).toBe(true)
  })

  test('scope rule, plan rule and field ranges', async () => {
    const wrongScope = await api.post('/whatsapp/webhooks', hook({ events: ['whatsapp.message.received'] }))
    expect(wrongScope.status).toBe(422)
    const paid = await api.post('/whatsapp/webhooks', hook({ events: ['project.event'] }))
    expect(paid.status).toBe(402)
    expect((await api.post('/whatsapp/webhooks', hook({ events: [] }))).status).toBe(422)
    expect((await api.post('/whatsapp/webhooks', hook({ kind: 'meta' }))).status).toBe(422)
    expect(
      (
        await api.post('/whatsapp/webhooks', {
          whatsapp_webhook: { url: 'nope', events: ['whatsapp.phone_number.created'] },
        })
      ).status,
    ).toBe(422)
    expect(
      (
        await api.post(
          '/whatsapp/webhooks',
          hook({ phone_number_id: '404', events: ['whatsapp.message.read'] }),
        )
      ).status,
    ).toBe(404)
    expect((await api.post('/whatsapp/webhooks', { url: 'https://example.com' })).status).toBe(422)
    for (const bad of [
      { buffer_window_seconds: 61 },
      { max_buffer_size: 0 },
      { inactivity_minutes: 'sixty' },
      { payload_version: 'v3' },
    ]) {
      const reply = await api.post(
        `/whatsapp/phone_numbers/${pid}/webhooks`,
        hook({ secret_key: 's', events: ['whatsapp.message.received'], ...bad }),
      )
      expect(reply.status, JSON.stringify(bad)).toBe(422)
    }
  })

  test('number family: secret_key required, meta needs kind and is one per number, kind is immutable', async () => {
    const base = `/whatsapp/phone_numbers/${pid}/webhooks`
    expect((await api.post(base, hook({ events: ['whatsapp.message.received'] }))).status).toBe(422)
    expect(
      (await api.post(base, hook({ secret_key: 's', events: ['whatsapp.phone_number.created'] }))).status,
    ).toBe(422)
    const meta = await api.post(
      base,
      hook({ secret_key: 's', kind: 'meta', events: ['whatsapp.message.received'] }),
    )
    expect(meta.status).toBe(201)
    expect((meta.body as Json).data.events).toEqual([])
    expect((await api.post(base, hook({ secret_key: 's', kind: 'meta' }))).status).toBe(422)
    const id = (meta.body as Json).data.id
    expect((await api.patch(`${base}/${id}`, { whatsapp_webhook: { kind: 'kapso' } })).status).toBe(422)
    const paused = await api.patch(`${base}/${id}`, {
      whatsapp_webhook: { active: false, secret_key: 'rotated' },
    })
    expect((paused.body as Json).data).toMatchObject({ active: false, secret_key: 'rotated' })
    expect(((await api.get(`${base}?active=false`)).body as Json).data.map((w: Json) => w.id)).toEqual([id])
    // A webhook is only reachable through its own number.
    const otherPid = sandbox.store.phoneNumbers.items[1]!.phone_number_id
    expect((await api.get(`/whatsapp/phone_numbers/${otherPid}/webhooks/${id}`)).status).toBe(404)
    expect((await api.delete(`${base}/${id}`)).status).toBe(204)
    expect((await api.get(`/whatsapp/webhooks/${id}`)).status).toBe(404)
  })
})
