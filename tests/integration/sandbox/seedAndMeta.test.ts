import { afterEach, describe, expect, test } from 'vitest'
import type { Sandbox } from '../../../src/main/sandbox/sandboxServer'
import { client, type Json, startTestSandbox } from './helpers'

const opened: Sandbox[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()))
})
async function open(options: Parameters<typeof startTestSandbox>[0] = {}) {
  const s = await startTestSandbox(options)
  opened.push(s)
  return s
}

describe('seeding', () => {
  test('is deterministic and starts with hand-written tenants in each onboarding state', async () => {
    const a = await open({ customers: 50 })
    const b = await open({ customers: 50 })
    const names = (s: Sandbox) => s.store.customers.items.map((c) => [c.id, c.name, c.external_customer_id])
    expect(names(a)).toEqual(names(b))
    const api = client(a)
    const byExt = async (ext: string) =>
      ((await api.get(`/customers?external_customer_id=${ext}`)).body as Json).data[0]
    const linksOf = async (c: Json) => ((await api.get(`/customers/${c.id}/setup_links`)).body as Json).data
    const numbersOf = async (c: Json) =>
      ((await api.get(`/whatsapp/phone_numbers?customer_id=${c.id}`)).body as Json).data

    const acme = await byExt('cus_acme')
    expect(acme.name).toBe('Acme Corp')
    expect(await numbersOf(acme)).toHaveLength(1)
    expect((await linksOf(acme))[0]).toMatchObject({ status: 'used', whatsapp_setup_status: 'completed' })
    expect((await linksOf(await byExt('cus_globex')))[0]).toMatchObject({
      status: 'active',
      whatsapp_setup_status: 'pending',
    })
    expect((await linksOf(await byExt('cus_initech')))[0].status).toBe('expired')
    const umbrella = ((await api.get('/customers?name_contains=Umbrella')).body as Json).data[0]
    expect(await linksOf(umbrella)).toEqual([])
    expect(await numbersOf(umbrella)).toEqual([])
    const stark = (await numbersOf(await byExt('cus_stark')))[0]
    const health = (await api.get(`/whatsapp/phone_numbers/${stark.phone_number_id}/health`)).body as Json
    expect(health.status).toBe('degraded')

    const generated = a.store.customers.items.filter((c) => c.external_customer_id?.startsWith('ext-'))
    expect(generated.length).toBeGreaterThan(40)
    expect(generated[0]!.external_customer_id).toMatch(/^ext-\d{6}$/)
    expect(new Set(generated.map((c) => c.name)).size).toBeGreaterThan(40)
    const first = Date.parse(a.store.customers.items[0]!.created_at)
    const last = Date.parse(a.store.customers.items.at(-1)!.created_at)
    expect(last - first).toBeGreaterThan(300 * 86_400_000)
  })

  // Timings are printed, not asserted (a loaded CI machine is not a regression); the bench measures speed.
  test('100,000 tenants seed, and the last page, a filter and the numbers list answer over them', async () => {
    const started = performance.now()
    const big = await open({ customers: 100_000 })
    const seedMs = performance.now() - started
    console.log(`seeded ${big.store.customers.size} customers in ${Math.round(seedMs)} ms`)
    expect(big.store.customers.size).toBe(100_005)
    const api = client(big)
    const t0 = performance.now()
    const last = (await api.get('/customers?page=5000&per_page=20')).body as Json
    const filtered = (await api.get('/customers?name_contains=Pharmacy&per_page=5')).body as Json
    const numbers = (await api.get('/whatsapp/phone_numbers?per_page=5')).body as Json
    const queryMs = performance.now() - t0
    console.log(`three list queries over 100k rows: ${Math.round(queryMs)} ms`)
    expect(last.meta.total_count).toBe(100_005)
    expect(filtered.meta.total_count).toBeGreaterThan(1000)
    expect(numbers.meta.total_count).toBeGreaterThan(20_000)
  })
})

describe('Meta proxy', () => {
  test('send message answers Meta-shaped; unknown number and invalid `to` answer Meta-style errors', async () => {
    const s = await open({ customers: 0 })
    const api = client(s)
    const pid = s.store.phoneNumbers.items[0]!.phone_number_id
    const ok = await api.post(`/meta/whatsapp/v24.0/${pid}/messages`, {
      messaging_product: 'whatsapp',
      to: '+44 7700 900123',
      type: 'text',
      text: { body: 'Hi' },
    })
    expect(ok.status).toBe(200)
    expect(ok.body).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: '+44 7700 900123', wa_id: '447700900123' }],
      messages: [{ id: expect.stringMatching(/^wamid\.[\w-]+$/) }],
    })
    expect(ok.body).not.toHaveProperty('data')
    const unknown = await api.post('/meta/whatsapp/v24.0/999/messages', {
      messaging_product: 'whatsapp',
      to: '15551234567',
    })
    expect(unknown.status).toBe(400)
    expect((unknown.body as Json).error).toMatchObject({
      type: 'GraphMethodException',
      code: 100,
      error_subcode: 33,
      message: expect.stringContaining("Object with ID '999' does not exist"),
      fbtrace_id: expect.any(String),
    })
    const badTo = await api.post(`/meta/whatsapp/v24.0/${pid}/messages`, {
      messaging_product: 'whatsapp',
      to: 'abc',
    })
    expect(badTo.status).toBe(400)
    expect(Object.keys((badTo.body as Json).error).sort()).toEqual([
      'code',
      'error_subcode',
      'fbtrace_id',
      'message',
      'type',
    ])
    const logs = ((await api.get('/api_logs?endpoint=/meta/')).body as Json).data
    expect(logs).toHaveLength(3)
  })
})
