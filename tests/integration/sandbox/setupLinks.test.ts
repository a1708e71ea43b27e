import { afterEach, describe, expect, test } from 'vitest'
import type { Sandbox } from '../../../src/main/sandbox/sandboxServer'
import { client, type Json, manualClock, startTestSandbox } from './helpers'

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.close()
  sandbox = undefined
})

async function setup(options: Parameters<typeof startTestSandbox>[0] = {}) {
  sandbox = await startTestSandbox({ customers: 5, ...options })
  const api = client(sandbox)
  const customer = ((await api.post('/customers', { customer: { name: 'Link Test' } })).body as Json).data
  return { api, base: `/customers/${customer.id}/setup_links`, customer }
}

const DAY = 86_400_000

describe('setup links', () => {
  test('create returns the token once and a url on the sandbox setup page; defaults as documented', async () => {
    const { api, base } = await setup()
    const created = await api.post(base, { setup_link: {} })
    expect(created.status).toBe(201)
    const link = (created.body as Json).data
    expect(link.token).toMatch(/^[\w-]{20,}$/)
    expect(link.url).toBe(`${sandbox!.url}/whatsapp/setup/${link.token}`)
    expect(link).toMatchObject({
      status: 'active',
      allowed_connection_types: ['coexistence', 'dedicated'],
      meta_billing_mode: 'customer_managed',
      phone_number_country_isos: ['US'],
      whatsapp_setup_status: 'pending',
    })
    expect(Date.parse(link.expires_at) - Date.parse(link.created_at)).toBe(30 * DAY)
    const listed = ((await api.get(base)).body as Json).data[0]
    expect(listed.id).toBe(link.id)
    expect(listed).not.toHaveProperty('token')
  })

  test('one active link per customer: a new link revokes the previous one', async () => {
    const { api, base } = await setup()
    const first = ((await api.post(base, { setup_link: {} })).body as Json).data
    const second = ((await api.post(base, { setup_link: {} })).body as Json).data
    const list = ((await api.get(base)).body as Json).data
    expect(list.map((l: Json) => [l.id, l.status])).toEqual([
      [second.id, 'active'],
      [first.id, 'revoked'],
    ])
    expect(((await api.get(`${base}?status=active`)).body as Json).data.map((l: Json) => l.id)).toEqual([
      second.id,
    ])
    // Reactivating the old one (with time left) revokes the other in turn.
    const reactivated = await api.patch(`${base}/${first.id}`, { setup_link: { status: 'active' } })
    expect((reactivated.body as Json).data.status).toBe('active')
    expect(((await api.get(`${base}?status=revoked`)).body as Json).data.map((l: Json) => l.id)).toEqual([
      second.id,
    ])
  })

  test('links expire after 30 days of the sandbox clock; PATCH expires_at extends', async () => {
    const clock = manualClock()
    const { api, base } = await setup({ now: clock.now })
    const link = ((await api.post(base, { setup_link: {} })).body as Json).data
    clock.advance(30 * DAY - 1000)
    expect(((await api.get(base)).body as Json).data[0].status).toBe('active')
    clock.advance(1000)
    expect(((await api.get(base)).body as Json).data[0].status).toBe('expired')
    expect(((await api.get(`${base}?status=expired`)).body as Json).data).toHaveLength(1)
    const later = new Date(clock.now().getTime() + 7 * DAY).toISOString()
    const extended = await api.patch(`${base}/${link.id}`, { setup_link: { expires_at: later } })
    expect(extended.status).toBe(200)
    expect((extended.body as Json).data).toMatchObject({ status: 'active', expires_at: later })
    const past = await api.patch(`${base}/${link.id}`, {
      setup_link: { status: 'active', expires_at: '2000-01-01T00:00:00Z' },
    })
    expect(past.status).toBe(422)
  })

  test('update options; status used is rejected; revoke; 404s', async () => {
    const { api, base } = await setup()
    const link = ((await api.post(base, { setup_link: {} })).body as Json).data
    const updated = await api.patch(`${base}/${link.id}`, {
      setup_link: {
        success_redirect_url: 'https://example.com/done',
        language: 'pt',
        theme_config: { primary_color: '#0A0B0C' },
        allowed_connection_types: ['coexistence'],
      },
    })
    expect((updated.body as Json).data).toMatchObject({
      success_redirect_url: 'https://example.com/done',
      language: 'pt',
      theme_config: { primary_color: '#0A0B0C' },
      allowed_connection_types: ['coexistence'],
    })
    const used = await api.patch(`${base}/${link.id}`, { setup_link: { status: 'used' } })
    expect(used.status).toBe(422)
    expect(used.body).toEqual({ error: 'Status cannot be changed to used' })
    // "meta_billing_mode is the one field you cannot change after creation" (docs setup-links/manage).
    expect(
      (await api.patch(`${base}/${link.id}`, { setup_link: { meta_billing_mode: 'partner_managed' } }))
        .status,
    ).toBe(422)
    const revoked = await api.patch(`${base}/${link.id}`, { setup_link: { status: 'revoked' } })
    expect((revoked.body as Json).data.status).toBe('revoked')
    expect((await api.patch(`${base}/00000000-0000-4000-8000-000000000000`, { setup_link: {} })).status).toBe(
      404,
    )
    expect((await api.get('/customers/00000000-0000-4000-8000-000000000000/setup_links')).status).toBe(404)
    expect((await api.post('/customers/nope/setup_links', { setup_link: {} })).status).toBe(404)
  })

  test.each([
    [{ success_redirect_url: 'not a url' }, 'Success redirect url must be a valid URL'],
    [{ failure_redirect_url: 'ftp://x' }, 'Failure redirect url must be a valid URL'],
    [{ allowed_connection_types: ['invalid'] }, 'Allowed connection types contains invalid types: invalid'],
    [{ theme_config: { primary_color: 'green' } }, /primary_color must be a hex color/],
    [{ theme_config: { primary_color: '#12345' } }, /hex color/],
    [{ phone_number_country_isos: ['us'] }, 'Phone number country isos contains invalid codes: us'],
    [{ phone_number_country_isos: ['USA'] }, /invalid codes/],
    [{ language: 'fr' }, /Language is not included/],
    [{ allowed_origins: ['http://app.example.com'] }, /HTTPS origins/],
    [{ meta_billing_mode: 'free' }, /Meta billing mode/],
    [{ provision_phone_number: 'yes' }, /true or false/],
  ])('create rejects %j with 422', async (attrs, message) => {
    const { api, base } = await setup()
    const reply = await api.post(base, { setup_link: attrs })
    expect(reply.status).toBe(422)
    if (typeof message === 'string') expect(reply.body).toEqual({ error: message })
    else expect((reply.body as Json).error).toMatch(message)
  })

  test('every language in the list is accepted, and null', async () => {
    const { api, base } = await setup()
    for (const language of ['en', 'es', 'pt', 'hi', 'id', 'ar', null]) {
      expect((await api.post(base, { setup_link: { language } })).status).toBe(201)
    }
  })

  test('reconnect rules', async () => {
    sandbox = await startTestSandbox({ customers: 0 })
    const api = client(sandbox)
    const acme = ((await api.get('/customers?external_customer_id=cus_acme')).body as Json).data[0]
    const globex = ((await api.get('/customers?external_customer_id=cus_globex')).body as Json).data[0]
    const acmeBase = `/customers/${acme.id}/setup_links`
    const noMatch = await api.post(acmeBase, { setup_link: { reconnect_phone_number: '+1 555 999 0000' } })
    expect(noMatch.status).toBe(422)
    expect(noMatch.body).toEqual({
      error: 'reconnect_phone_number must match an existing WhatsApp config for this customer',
    })
    // Acme's number belongs to Acme only.
    const otherCustomer = await api.post(`/customers/${globex.id}/setup_links`, {
      setup_link: { reconnect_phone_number: '+15550100001' },
    })
    expect(otherCustomer.status).toBe(422)
    const withProvision = await api.post(acmeBase, {
      setup_link: { reconnect_phone_number: '+15550100001', provision_phone_number: true },
    })
    expect(withProvision.status).toBe(422)
    expect((withProvision.body as Json).error).toMatch(/provision_phone_number/)
    const wrongType = await api.post(acmeBase, {
      setup_link: { reconnect_phone_number: '+15550100001', allowed_connection_types: ['coexistence'] },
    })
    expect(wrongType.status).toBe(422)
    const ok = await api.post(acmeBase, { setup_link: { reconnect_phone_number: '+1 (555) 010-0001' } })
    expect(ok.status).toBe(201)
    expect((ok.body as Json).data).toMatchObject({
      reconnect_phone_number: '15550100001',
      allowed_connection_types: ['dedicated'],
    })
  })
})
