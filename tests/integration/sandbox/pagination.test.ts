import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Sandbox } from '../../../src/main/sandbox/sandboxServer'
import { client, type Json, startTestSandbox } from './helpers'

let sandbox: Sandbox
let api: ReturnType<typeof client>
beforeAll(async () => {
  sandbox = await startTestSandbox({ customers: 95 })
  api = client(sandbox)
})
afterAll(() => sandbox.close())

describe('page style (page/per_page)', () => {
  test('meta, X-* headers and Link, newest first', async () => {
    const reply = await api.get('/customers?page=2&per_page=10')
    const body = reply.body as Json
    expect(body.meta).toEqual({ page: 2, per_page: 10, total_pages: 10, total_count: 100 })
    expect(body.data).toHaveLength(10)
    expect(reply.headers.get('x-total')).toBe('100')
    expect(reply.headers.get('x-total-pages')).toBe('10')
    expect(reply.headers.get('x-per-page')).toBe('10')
    expect(reply.headers.get('x-page')).toBe('2')
    expect(reply.headers.get('link')).toContain('rel="next"')
    expect(reply.headers.get('link')).toContain('rel="prev"')
    const first = ((await api.get('/customers?per_page=100')).body as Json).data
    const stamps = first.map((c: Json) => c.created_at)
    expect([...stamps].sort().reverse()).toEqual(stamps)
    expect(first[0].name).toBe('Stark Retail')
  })

  test('defaults (20), clamp at 100, a page past the end is empty', async () => {
    expect(((await api.get('/customers')).body as Json).meta).toEqual({
      page: 1,
      per_page: 20,
      total_pages: 5,
      total_count: 100,
    })
    expect(((await api.get('/customers?per_page=500')).body as Json).meta.per_page).toBe(100)
    const past = (await api.get('/customers?page=99')).body as Json
    expect(past.data).toEqual([])
    expect(past.meta.page).toBe(99)
  })

  test('walking every page sees each customer once', async () => {
    const seen = new Set<string>()
    for (let page = 1; ; page++) {
      const body = (await api.get(`/customers?page=${page}&per_page=7`)).body as Json
      for (const c of body.data) seen.add(c.id)
      if (body.meta.page >= body.meta.total_pages) break
    }
    expect(seen.size).toBe(100)
  })
})

describe('customer and phone-number filters', () => {
  test('name_contains (case-insensitive), external_customer_id (exact), created_after/before', async () => {
    const acme = (await api.get('/customers?name_contains=aCmE')).body as Json
    expect(acme.data.map((c: Json) => c.name)).toContain('Acme Corp')
    expect(acme.data.every((c: Json) => c.name.toLowerCase().includes('acme'))).toBe(true)
    const byExt = (await api.get('/customers?external_customer_id=ext-000012')).body as Json
    expect(byExt.data).toHaveLength(1)
    expect(byExt.data[0].external_customer_id).toBe('ext-000012')
    expect(((await api.get('/customers?external_customer_id=ext-00001')).body as Json).data).toHaveLength(0)
    const all = ((await api.get('/customers?per_page=100')).body as Json).data
    const pivot = all[50].created_at
    const after = (await api.get(`/customers?per_page=100&created_after=${pivot}`)).body as Json
    const before = (await api.get(`/customers?per_page=100&created_before=${pivot}`)).body as Json
    expect(after.data.every((c: Json) => c.created_at > pivot)).toBe(true)
    expect(before.data.every((c: Json) => c.created_at < pivot)).toBe(true)
    expect(after.meta.total_count + before.meta.total_count).toBe(99)
  })

  test('phone numbers by customer_id, business_account_id, phone_number_id, name_contains', async () => {
    const acme = ((await api.get('/customers?external_customer_id=cus_acme')).body as Json).data[0]
    const mine = (await api.get(`/whatsapp/phone_numbers?customer_id=${acme.id}`)).body as Json
    expect(mine.data).toHaveLength(1)
    const number = mine.data[0]
    expect(number.display_phone_number).toBe('+1 555-010-0001')
    expect(number.phone_number_id).toMatch(/^\d{15}$/)
    const byWaba = (
      await api.get(`/whatsapp/phone_numbers?business_account_id=${number.business_account_id}`)
    ).body as Json
    expect(byWaba.data.map((n: Json) => n.id)).toEqual([number.id])
    const byId = (await api.get(`/whatsapp/phone_numbers?phone_number_id=${number.phone_number_id}`))
      .body as Json
    expect(byId.data).toHaveLength(1)
    const byName = (await api.get('/whatsapp/phone_numbers?name_contains=acme')).body as Json
    expect(byName.data.map((n: Json) => n.id)).toContain(number.id)
  })
})

describe('cursor style (limit/after/before) on /api_logs and /webhook_deliveries', () => {
  test('following paging.next visits every log once, newest first, and ends with next null', async () => {
    for (let i = 0; i < 25; i++) await api.get(`/customers/${i}`)
    const seen: Json[] = []
    let next: string | null = null
    let pages = 0
    do {
      const q: string = next ? `&after=${encodeURIComponent(next)}` : ''
      const body = (await api.get(`/api_logs?limit=10&endpoint=/customers/${q}`)).body as Json
      seen.push(...body.data)
      expect(body.paging.next ?? null).toBe(body.paging.cursors.after ?? null)
      next = body.paging.next
      pages++
    } while (next)
    expect(pages).toBe(3)
    expect(new Set(seen.map((l) => l.id)).size).toBe(25)
    expect(seen.every((l) => l.response_status === 404)).toBe(true)
    const stamps = seen.map((l) => l.created_at)
    expect([...stamps].sort().reverse()).toEqual(stamps)
  })

  test('before goes back to the newer page', async () => {
    const page1 = (await api.get('/api_logs?limit=5&status_code=404')).body as Json
    expect(page1.paging.previous).toBeNull()
    const page2 = (
      await api.get(`/api_logs?limit=5&status_code=404&after=${encodeURIComponent(page1.paging.next)}`)
    ).body as Json
    expect(page2.paging.previous).toBeTruthy()
    const back = (
      await api.get(`/api_logs?limit=5&status_code=404&before=${encodeURIComponent(page2.paging.previous)}`)
    ).body as Json
    expect(back.data.map((l: Json) => l.id)).toEqual(page1.data.map((l: Json) => l.id))
  })

  test('errors_only, period and bad parameters', async () => {
    const errors = (await api.get('/api_logs?errors_only=true&limit=100')).body as Json
    expect(errors.data.length).toBeGreaterThan(0)
    expect(errors.data.every((l: Json) => l.response_status >= 400)).toBe(true)
    expect((await api.get('/api_logs?period=30d')).status).toBe(200)
    expect((await api.get('/api_logs?period=1y')).status).toBe(400)
    expect((await api.get('/api_logs?limit=0')).status).toBe(400)
    expect((await api.get('/api_logs?limit=101')).status).toBe(400)
    expect((await api.get('/api_logs?after=abc&before=def')).status).toBe(400)
    expect((await api.get('/webhook_deliveries?after=not-a-cursor')).body).toEqual({
      error: 'Invalid cursor',
    })
  })
})
