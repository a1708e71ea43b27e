import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KapsoClient } from '../../../src/main/kapso'
import { loadSpec, specUnavailableReason, validateRequestBody } from '../../support/openapi'
import { type Harness, specTemplate, startHarness } from './support'

let h: Harness
let client: KapsoClient

beforeAll(async () => {
  h = await startHarness({ customers: 30, webhookRetryDelaysMs: [] })
  client = h.client()
})
afterAll(() => h.close())

describe('customers', () => {
  it('create, get, update, list with every filter, delete', async () => {
    const created = await client.customers.create({ name: 'Contract Co', external_customer_id: 'contract-1' })
    expect(created).toMatchObject({ name: 'Contract Co', external_customer_id: 'contract-1' })
    expect(await client.customers.get(created.id)).toEqual(created)

    const updated = await client.customers.update(created.id, {
      name: 'Contract Co 2',
      external_customer_id: null,
    })
    expect(updated).toMatchObject({ name: 'Contract Co 2', external_customer_id: null })

    const byName = await client.customers.list({ name_contains: 'contract co' }).toArray()
    expect(byName.map((c) => c.id)).toEqual([created.id])
    await client.customers.update(created.id, { external_customer_id: 'contract-1' })
    const byExt = await client.customers.list({ external_customer_id: 'contract-1' }).toArray()
    expect(byExt.map((c) => c.id)).toEqual([created.id])
    const after = new Date(Date.parse(created.created_at!) - 1000).toISOString()
    const before = new Date(Date.parse(created.created_at!) + 1000).toISOString()
    const inRange = await client.customers.list({ created_after: after, created_before: before }).toArray()
    expect(inRange.map((c) => c.id)).toContain(created.id)

    await client.customers.delete(created.id)
    await expect(client.customers.get(created.id)).rejects.toMatchObject({ code: 'not_found' })
  })

  it('a 422 carries the API message in fields', async () => {
    const err = await client.customers.create({ name: '' }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'validation' })
    expect(
      Object.values((err as { fields: Record<string, string[]> }).fields)
        .flat()
        .join(' '),
    ).toMatch(/name/i)
  })
})

describe('setup links', () => {
  it('create with every option, list by status, update expires_at, revoke', async () => {
    const customer = await client.customers.create({ name: 'Links Co' })
    const link = await client.setupLinks.create(customer.id, {
      success_redirect_url: 'https://example.com/ok',
      failure_redirect_url: 'https://example.com/fail',
      allowed_connection_types: ['dedicated'],
      provision_phone_number: true,
      phone_number_area_code: '415',
      phone_number_country_isos: ['US'],
      language: 'es',
      theme_config: { primary_color: '#112233', background_color: '#ffffff' },
      meta_billing_mode: 'partner_managed',
      allowed_origins: ['https://app.example.com'],
    })
    expect(link.token).toBeTruthy()
    expect(link).toMatchObject({ status: 'active', language: 'es', meta_billing_mode: 'partner_managed' })

    const second = await client.setupLinks.create(customer.id)
    const active = await client.setupLinks.list(customer.id, { status: 'active' }).toArray()
    expect(active.map((l) => l.id)).toEqual([second.id])
    const revokedByCreate = await client.setupLinks.list(customer.id, { status: 'revoked' }).toArray()
    expect(revokedByCreate.map((l) => l.id)).toEqual([link.id])

    const expiresAt = new Date(Date.now() + 3 * 86_400_000).toISOString()
    const extended = await client.setupLinks.update(customer.id, second.id, {
      expires_at: expiresAt,
      language: 'pt',
    })
    expect(Date.parse(extended.expires_at!)).toBe(Date.parse(expiresAt))
    expect(extended.language).toBe('pt')

    const revoked = await client.setupLinks.revoke(customer.id, second.id)
    expect(revoked.status).toBe('revoked')
    const page = await client.setupLinks.listPage(customer.id, { per_page: 1 })
    expect(page).toMatchObject({ totalCount: 2, totalPages: 2 })
  })
})

describe('phone numbers', () => {
  it('list (customer_id filter and others), get, health without a data wrapper', async () => {
    const all = await client.phoneNumbers.list().toArray()
    expect(all.length).toBeGreaterThan(0)
    const number = all.find((n) => n.customer_id)!
    const mine = await client.phoneNumbers.list({ customer_id: number.customer_id! }).toArray()
    expect(mine.map((n) => n.id)).toContain(number.id)
    expect(mine.every((n) => n.customer_id === number.customer_id)).toBe(true)
    const byId = await client.phoneNumbers.list({ phone_number_id: number.phone_number_id }).toArray()
    expect(byId.map((n) => n.id)).toEqual([number.id])
    if (number.business_account_id) {
      const byWaba = await client.phoneNumbers
        .list({ business_account_id: number.business_account_id })
        .toArray()
      expect(byWaba.map((n) => n.id)).toContain(number.id)
    }
    await client.phoneNumbers.list({ messaging_enabled: true, name_contains: 'a' }).toArray()

    expect(await client.phoneNumbers.get(number.phone_number_id)).toEqual(number)
    const health = await client.phoneNumbers.health(number.phone_number_id)
    expect(['healthy', 'degraded', 'unhealthy', 'error']).toContain(health.status)
    expect(health.timestamp).toBeTruthy()
    await expect(client.phoneNumbers.get('000000')).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('webhooks', () => {
  it('project family: create, get, list, update, test, delete', async () => {
    const hook = await client.webhooks.project.create({
      url: 'https://example.com/hooks/project',
      events: ['whatsapp.phone_number.created'],
      secret_key: 'project-secret-123',
      headers: { 'X-Env': 'test' },
      payload_version: 'v2',
    })
    expect(hook.phone_number_id ?? null).toBeNull()
    expect(await client.webhooks.project.get(hook.id)).toMatchObject({ id: hook.id, url: hook.url })
    const listed = await client.webhooks.project.list({ kind: 'kapso' }).toArray()
    expect(listed.map((w) => w.id)).toContain(hook.id)
    const paused = await client.webhooks.project.update(hook.id, { active: false })
    expect(paused.active).toBe(false)
    expect(await client.webhooks.test(hook.id, { event_type: 'whatsapp.phone_number.created' })).toEqual({
      success: true,
    })
    await client.webhooks.project.delete(hook.id)
    await expect(client.webhooks.project.get(hook.id)).rejects.toMatchObject({ code: 'not_found' })
  })

  it('number family: create, get, list with filters, update, test, delete', async () => {
    const [number] = await client.phoneNumbers.listPage({ per_page: 1 }).then((p) => p.items)
    const family = client.webhooks.forNumber(number!.phone_number_id)
    const hook = await family.create({
      url: 'https://example.com/hooks/number',
      secret_key: 'number-secret-123',
      events: ['whatsapp.message.received', 'whatsapp.conversation.inactive'],
      buffer_enabled: true,
      buffer_window_seconds: 5,
      max_buffer_size: 50,
      buffer_events: ['whatsapp.message.received'],
      inactivity_minutes: 30,
    })
    expect(hook.phone_number_id).toBe(number!.phone_number_id)
    expect(await family.get(hook.id)).toMatchObject({ id: hook.id })
    const listed = await family.list({ url_contains: 'hooks/number', kind: 'kapso', active: true }).toArray()
    expect(listed.map((w) => w.id)).toEqual([hook.id])
    const updated = await family.update(hook.id, {
      inactivity_minutes: 90,
      events: ['whatsapp.message.received'],
    })
    expect(updated).toMatchObject({ inactivity_minutes: 90, events: ['whatsapp.message.received'] })
    expect(await client.webhooks.test(hook.id)).toEqual({ success: true })
    await family.delete(hook.id)
    await expect(family.get(hook.id)).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('Meta proxy', () => {
  it('sends a text message and gets a Meta-shaped answer', async () => {
    const [number] = (await client.phoneNumbers.listPage({ per_page: 1 })).items
    const res = await client.messages.sendText(number!.phone_number_id, { to: '15551234567', body: 'Hello' })
    expect(res.messages[0]!.id).toMatch(/^wamid\./)
  })

  it('maps a Meta error body to words', async () => {
    const err = await client.messages.sendText('999999999', { to: '15551234567', body: 'Hi' }).catch((e) => e)
    expect(err).toMatchObject({ code: expect.any(String) })
    expect((err as Error).message.length).toBeGreaterThan(10)
  })
})

describe('conformance', () => {
  it('every request body the client sent validates against the spec', (ctx) => {
    const spec = loadSpec()
    if (!spec) {
      console.log(`[kapso conformance] skipped: ${specUnavailableReason()}`)
      ctx.skip()
      return
    }
    const checked: string[] = []
    const problems: string[] = []
    for (const req of h.sent) {
      if (req.body === undefined) continue
      const template = specTemplate(req.path)
      if (!template) continue
      const errors = validateRequestBody(spec, req.method, template, JSON.parse(req.body))
      checked.push(`${req.method} ${template}`)
      if (errors.length) problems.push(`${req.method} ${template} ${req.body}: ${errors.join('; ')}`)
    }
    expect(problems).toEqual([])
    // Every write operation of the client was exercised above.
    expect(new Set(checked)).toEqual(
      new Set([
        'POST /customers',
        'PATCH /customers/{customer_id}',
        'POST /customers/{customer_id}/setup_links',
        'PATCH /customers/{customer_id}/setup_links/{setup_link_id}',
        'POST /whatsapp/webhooks',
        'PATCH /whatsapp/webhooks/{webhook_id}',
        'POST /whatsapp/webhooks/{webhook_id}/test',
        'POST /whatsapp/phone_numbers/{phone_number_id}/webhooks',
        'PATCH /whatsapp/phone_numbers/{phone_number_id}/webhooks/{webhook_id}',
      ]),
    )
  })
})
