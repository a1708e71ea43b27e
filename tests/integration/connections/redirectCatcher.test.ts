import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, test } from 'vitest'
import { type Json, startWorld, until, type World } from '../setupLinks/world'

/**
 * The redirect catcher on the listen session's receiver, through the whole
 * core against the sandbox: real HTTP to the receiver, real SQLite. Every
 * documented parameter and error code, URL-encoded display numbers, and
 * hostile input that must never change state.
 */

let world: (World & { close(): Promise<void> }) | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

const FAILURE_CODES = [
  'facebook_auth_failed',
  'phone_verification_failed',
  'waba_limit_reached',
  'token_exchange_failed',
  'link_expired',
  'already_used',
]

/** A listening core with a caught link for a fresh customer (language and final URLs as given). */
async function caughtLink(
  language: string,
  finals: { success?: string; failure?: string } = {},
  redirectConfirmDelaysMs = REDIRECT_DELAYS,
) {
  world = await startWorld({ webhookRetryDelaysMs: [50, 100, 150], redirectConfirmDelaysMs })
  const w = world
  // Open the project first: a sync started by the very first call is cut short by the database opening.
  await w.call('customers.syncStatus')
  await w.call('customers.syncNow')
  await until('first sync', async () => (await w.call('customers.syncStatus')).lastSyncedAt)
  const customer = await w.call('customers.create', { customer: { name: `Redirect Tenant ${language}` } })
  const customerId = customer.customer.id as string
  const status = await w.call('webhooks.startListening', {})
  expect(status.state).toBe('listening')
  const created = await w.call('setupLinks.create', {
    customerId,
    options: {
      language,
      ...(finals.success ? { success_redirect_url: finals.success } : {}),
      ...(finals.failure ? { failure_redirect_url: finals.failure } : {}),
    },
    catchRedirects: true,
  })
  expect(created.outcome).toBe('created')
  const receiver = (status.tunnel.publicUrl as string).replace(/\/$/, '')
  return { w, customerId, link: created.link as Json, receiver }
}

const get = (url: string) => fetch(url, { redirect: 'manual' })

/** Confirmations of a redirect: one at once, then one after each of these (short, for the test). */
const REDIRECT_DELAYS = [50, 50, 50]

/** The redirect changed nothing the views read: no number, link still active, no notification. */
async function expectUnchanged(w: World, customerId: string, linkId: string) {
  const detail = await w.call('customers.get', { id: customerId })
  expect(detail.customer.connection).not.toBe('connected')
  expect(detail.phoneNumbers).toEqual([])
  const view = await w.call('setupLinks.get', { linkId })
  expect(view.status).toBe('active')
  await new Promise((r) => setTimeout(r, 100)) // past one event batch window
  expect(w.events.filter((e) => e.event === 'connections.connected')).toHaveLength(0)
}

describe('redirect catcher', () => {
  test('the link Kapso holds points at the receiver; the final URLs stay in the console', async () => {
    const { w, link, receiver } = await caughtLink('es', {
      success: 'https://staff.example/welcome',
      failure: 'https://staff.example/oops',
    })
    const stored = w.sandbox.store.setupLinksById.get(link.id)!.link
    expect(stored.success_redirect_url).toBe(`${receiver}/setup/success`)
    expect(stored.failure_redirect_url).toBe(`${receiver}/setup/failure`)
  })

  test('success with every documented parameter: page in the link’s language, number decoded, sent on — and no connection from the redirect alone', async () => {
    const { w, customerId, link, receiver } = await caughtLink('es', {
      success: 'https://staff.example/welcome?from=kapso',
    })
    // A real link id, but no signup behind it: Kapso has no number 109876543210987.
    const q = [
      `setup_link_id=${link.id}`,
      'status=completed',
      'phone_number_id=109876543210987',
      'business_account_id=2233445566',
      `whatsapp_config_id=${randomUUID()}`,
      `provisioned_phone_number_id=${randomUUID()}`,
      'display_phone_number=%2B15551234567',
    ].join('&')
    const res = await get(`${receiver}/setup/success?${q}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await res.text()
    expect(html).toContain('<html lang="es"')
    // The page thanks and says it is being confirmed; it never claims the connection.
    expect(html).toContain('Gracias: estamos confirmando tu conexión')
    expect(html).not.toContain('está conectado')
    expect(html).toContain('<code data-number>+15551234567</code>')
    // Sent on to the staff's own page, with no script: a meta refresh and a link.
    expect(html).toContain('content="3;url=https://staff.example/welcome?from=kapso"')
    expect(html).toContain('href="https://staff.example/welcome?from=kapso"')

    // Right after the redirect: recorded, "redirect received, confirming", nothing moved.
    const timeline = await w.call('connections.timeline', { customerId })
    const redirect = timeline.entries.find((e: Json) => e.kind === 'redirect_success')
    expect(redirect).toMatchObject({ source: 'redirect', trusted: true, phoneNumberId: '109876543210987' })
    expect(redirect.displayPhoneNumber).toBe('+15551234567')
    expect(redirect.summary).not.toContain('missing')
    expect(timeline.status).toMatchObject({ connected: false, firstSource: null, sources: [] })
    expect(timeline.status.redirectCheck).toMatchObject({
      state: 'confirming',
      setupLinkId: link.id,
      phoneNumberId: '109876543210987',
    })
    expect(timeline.status.redirectCheck.message).toContain('Redirect received (+15551234567), confirming')
    expect((await w.call('connections.watching')).confirming).toEqual([customerId])
    await expectUnchanged(w, customerId, link.id)

    // The same redirect again (reload) is the same confirmation, never a second one.
    await (await get(`${receiver}/setup/success?${q}`)).text()

    // After the API checks (one at once, then one per delay) Kapso still has no such number: contradicted.
    const done = await until(
      'the API checks contradict the redirect',
      async () => {
        const t = await w.call('connections.timeline', { customerId })
        return t.status.redirectCheck?.state === 'contradicted' ? t : undefined
      },
      15_000,
    )
    const words =
      'Redirect said connected, but Kapso shows no new number for this customer — the redirect may be forged or early.'
    expect(done.status.redirectCheck.message).toContain(words)
    expect(done.status.redirectCheck.message).toContain('The setup link is still active at Kapso.')
    expect(done.status.redirectCheck.attempts).toBe(REDIRECT_DELAYS.length + 1)
    expect(done.status.redirectCheck.message).toContain(`Checked ${REDIRECT_DELAYS.length + 1} times`)
    expect(done.status.disagreement).toMatchObject({ kind: 'redirect_contradicted' })
    expect(done.status.disagreement.message).toContain(words)
    expect(done.status.connected).toBe(false)
    const contradicted = done.entries.filter((e: Json) => e.kind === 'redirect_contradicted')
    expect(contradicted).toHaveLength(1)
    expect(contradicted[0]).toMatchObject({ source: 'api', phoneNumberId: '109876543210987' })
    expect(contradicted[0].summary).toContain(words)
    expect(done.entries.filter((e: Json) => e.kind === 'redirect_success')).toHaveLength(2)
    expect(done.entries.some((e: Json) => e.kind === 'connected' || e.kind === 'confirmed')).toBe(false)
    expect((await w.call('connections.watching')).confirming).toEqual([])
    await expectUnchanged(w, customerId, link.id)
  })

  test('a forged redirect naming a real number of another customer does not connect', async () => {
    const { w, customerId, link, receiver } = await caughtLink('en')
    const other = w.sandbox.store.phoneNumbers.items.find(
      (n) => n.customer_id && n.customer_id !== customerId,
    )!
    expect(other).toBeTruthy()
    const html = await (
      await get(
        `${receiver}/setup/success?setup_link_id=${link.id}&status=completed&phone_number_id=${other.phone_number_id}`,
      )
    ).text()
    expect(html).toContain('we&#39;re confirming your connection')
    expect(html).not.toContain('WhatsApp is connected')
    expect((await w.call('connections.timeline', { customerId })).status.connected).toBe(false)
    // Kapso lists the number under its real owner: a contradiction at the first answer, no waiting.
    const done = await until('the API contradicts the redirect', async () => {
      const t = await w.call('connections.timeline', { customerId })
      return t.status.redirectCheck?.state === 'contradicted' ? t : undefined
    })
    expect(done.status.redirectCheck.message).toContain('Kapso lists that number under another customer')
    expect(done.status.disagreement).toMatchObject({ kind: 'redirect_contradicted' })
    expect(done.status.connected).toBe(false)
    await expectUnchanged(w, customerId, link.id)
    // The other customer's own state is not touched either.
    const owner = await w.call('connections.timeline', { customerId: other.customer_id })
    expect(owner.entries.some((e: Json) => e.kind === 'connected')).toBe(false)
  })

  test('every documented error code: words in the link’s language, the reason on the link, sent on to the failure URL', async () => {
    const { w, customerId, link, receiver } = await caughtLink('pt', {
      failure: 'https://staff.example/failed',
    })
    const expected: Record<string, string> = {
      facebook_auth_failed: 'O login do Facebook foi cancelado',
      phone_verification_failed: 'Não foi possível verificar o número',
      waba_limit_reached: 'contas de WhatsApp demais',
      token_exchange_failed: 'não concluiu a autorização',
      link_expired: 'Este link de configuração expirou',
      already_used: 'Este link já foi usado',
    }
    for (const code of FAILURE_CODES) {
      const res = await get(`${receiver}/setup/failure?setup_link_id=${link.id}&error_code=${code}`)
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(html).toContain('<html lang="pt"')
      expect(html).toContain('A configuração do WhatsApp não terminou')
      expect(html, code).toContain(expected[code])
      expect(html).toContain('url=https://staff.example/failed')
      const view = await w.call('setupLinks.get', { linkId: link.id })
      expect(view.setupError).toBe(code)
      expect(view.status).toBe('active')
    }
    const timeline = await w.call('connections.timeline', { customerId })
    const failures = timeline.entries.filter((e: Json) => e.kind === 'redirect_failure')
    expect(failures).toHaveLength(FAILURE_CODES.length)
    expect(
      failures.find((f: Json) => f.summary.includes('older than 30 days') || f.summary.includes('expired')),
    ).toBeTruthy()
    expect(timeline.status.connected).toBe(false)
  })

  test('languages: Arabic is right to left; a link without a language gets English; no final URL means “close this page”', async () => {
    const { link, receiver } = await caughtLink('ar')
    const ar = await (
      await get(`${receiver}/setup/failure?setup_link_id=${link.id}&error_code=link_expired`)
    ).text()
    expect(ar).toContain('<html lang="ar" dir="rtl"')
    expect(ar).toContain('انتهت صلاحية رابط الإعداد')
    expect(ar).not.toContain('http-equiv="refresh"')
  })

  test('a link without a language follows the browser (Accept-Language), as Kapso’s page does', async () => {
    const { link, receiver } = await caughtLink('auto')
    const res = await fetch(
      `${receiver}/setup/failure?setup_link_id=${link.id}&error_code=facebook_auth_failed`,
      {
        headers: { 'Accept-Language': 'fr-FR,es;q=0.8,en;q=0.5' },
      },
    )
    const html = await res.text()
    expect(html).toContain('<html lang="es"')
    expect(html).toContain('El inicio de sesión de Facebook se canceló')
  })

  test('a flood of forged redirects on a real link: each recorded, at most three claims checked, nothing connected', async () => {
    // Long delays: no check concludes (and frees its place) while the flood runs.
    const { w, customerId, link, receiver } = await caughtLink('en', {}, [60_000])
    for (let i = 0; i < 40; i++) {
      const res = await get(
        `${receiver}/setup/success?setup_link_id=${link.id}&status=completed&phone_number_id=${7000000000 + i}`,
      )
      expect(res.status).toBe(200)
      await res.arrayBuffer()
    }
    const db = await w.core.connections.db()
    const checks = db
      .prepare('SELECT count(*) AS n FROM connection_redirect_checks WHERE customer_id = ?')
      .get(customerId) as { n: number }
    expect(checks.n).toBe(3)
    const timeline = await w.call('connections.timeline', { customerId })
    expect(timeline.entries.filter((e: Json) => e.kind === 'redirect_success')).toHaveLength(40)
    expect(timeline.status.connected).toBe(false)
    await expectUnchanged(w, customerId, link.id)
  })

  test('a revoked link’s redirect is recorded but changes nothing', async () => {
    const { w, customerId, link, receiver } = await caughtLink('en')
    const replaced = await w.call('setupLinks.create', {
      customerId,
      options: {},
      confirmRevoke: true,
      catchRedirects: true,
    })
    expect(replaced.outcome).toBe('created')
    expect((await w.call('setupLinks.get', { linkId: link.id })).effectiveStatus).toBe('revoked')
    const res = await get(
      `${receiver}/setup/success?setup_link_id=${link.id}&status=completed&phone_number_id=5550001112223`,
    )
    await res.text()
    const timeline = await w.call('connections.timeline', { customerId })
    expect(timeline.entries.some((e: Json) => e.kind === 'redirect_success')).toBe(true)
    expect(timeline.status.connected).toBe(false)
    expect((await w.call('customers.get', { id: customerId })).phoneNumbers).toEqual([])
  })

  test('hostile and forged input is shown as received and never changes state', async () => {
    const { w, customerId, link, receiver } = await caughtLink('en', { success: 'https://staff.example/ok' })
    const before = await w.call('customers.get', { id: customerId })

    // A link id this project does not know (forged or from elsewhere): nothing changes, nobody is sent on.
    const forged = await get(
      `${receiver}/setup/success?setup_link_id=${randomUUID()}&status=completed&phone_number_id=1234567890&display_phone_number=%2B15550000000`,
    )
    expect(forged.status).toBe(404)
    const forgedHtml = await forged.text()
    expect(forgedHtml).toContain('This page does not recognise your link')
    expect(forgedHtml).not.toContain('http-equiv="refresh"')

    // Missing parameters entirely.
    expect((await get(`${receiver}/setup/success`)).status).toBe(404)
    expect((await get(`${receiver}/setup/failure?error_code=link_expired`)).status).toBe(404)
    // Not a UUID (SQL-ish junk) is not looked up as one.
    expect(
      (await get(`${receiver}/setup/success?setup_link_id=${encodeURIComponent("' OR 1=1 --")}`)).status,
    ).toBe(404)

    // The right link, but forged values: markup in the number, a non-numeric id, a wrong status.
    const xss = await get(
      `${receiver}/setup/success?setup_link_id=${link.id}&status=done&phone_number_id=abc%3Cscript%3E&display_phone_number=%3Cscript%3Ealert(1)%3C%2Fscript%3E&next=javascript:alert(1)`,
    )
    expect(xss.status).toBe(200)
    const xssHtml = await xss.text()
    expect(xssHtml).not.toContain('<script>')
    expect(xssHtml).not.toContain('javascript:')
    // An unknown error code is not trusted either; the page says so in general words.
    const unknown = await (
      await get(`${receiver}/setup/failure?setup_link_id=${link.id}&error_code=%3Cb%3Eboom%3C%2Fb%3E`)
    ).text()
    expect(unknown).toContain('an error we do not recognise')
    expect(unknown).not.toContain('<b>boom')

    const after = await w.call('customers.get', { id: customerId })
    expect(after.customer.connection).toBe(before.customer.connection)
    expect(after.phoneNumbers).toEqual(before.phoneNumbers)
    const view = await w.call('setupLinks.get', { linkId: link.id })
    expect(view.status).toBe('active')
    expect(view.setupError).toBeNull()
    await new Promise((r) => setTimeout(r, 100)) // past one event batch window
    expect(w.events.filter((e) => e.event === 'connections.connected')).toHaveLength(0)

    // What came in is shown as such on the timeline: invalid and missing values named.
    const timeline = await w.call('connections.timeline', { customerId })
    const redirect = timeline.entries.find((e: Json) => e.kind === 'redirect_success')
    expect(redirect.summary).toContain(
      'not in the documented form: status, phone_number_id, display_phone_number',
    )
    // Optional parameters that did not come are no fault; a missing required one is named.
    expect(redirect.summary).not.toContain('business_account_id')
    await get(`${receiver}/setup/success?setup_link_id=${link.id}&status=completed`)
    const bare = (await w.call('connections.timeline', { customerId })).entries.filter(
      (e: Json) => e.kind === 'redirect_success',
    )
    expect(bare.at(-1).summary).toContain('missing phone_number_id')
    expect(redirect.phoneNumberId).toBeNull()
    const failure = timeline.entries.find((e: Json) => e.kind === 'redirect_failure')
    expect(failure.summary).toContain('no valid error code')
    // Redirects that named no link of ours are on no customer's timeline.
    expect(timeline.entries.every((e: Json) => e.trusted)).toBe(true)
    // The rest of the receiver is untouched: GET / still answers as before.
    expect(await (await get(`${receiver}/`)).json()).toMatchObject({ listening: true })
  })

  test('a caught link needs a listen session; without one the create is refused in words', async () => {
    world = await startWorld()
    const w = world
    const customer = w.sandbox.store.customers.items.find((c) => c.name === 'Acme Corp')!
    const refused = await w.refused('setupLinks.create', {
      customerId: customer.id,
      options: {},
      confirmRevoke: true,
      catchRedirects: true,
    })
    expect(refused.code).toBe('conflict')
    expect(refused.message).toContain('Start listening')
  })

  test('the real flow: signup on the sandbox page → redirect caught, webhook and API agree, one connection', async () => {
    const { w, customerId, link, receiver } = await caughtLink('en', { success: 'https://staff.example/ok' })
    const form = await fetch(`${link.url}/complete`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ display_phone_number: '+1 415 555 0199' }),
    })
    expect(form.status).toBe(303)
    const location = form.headers.get('location')!
    expect(location.startsWith(`${receiver}/setup/success?`)).toBe(true)
    expect(location).toContain('display_phone_number=%2B14155550199')
    const page = await (await get(location)).text()
    expect(page).toContain('+14155550199')
    expect(page).toContain('we&#39;re confirming your connection')

    const timeline = await until('webhook, redirect and API all recorded', async () => {
      const t = await w.call('connections.timeline', { customerId })
      return t.status.sources.length === 3 ? t : undefined
    })
    expect(new Set(timeline.status.sources)).toEqual(new Set(['webhook', 'redirect', 'api']))
    expect(timeline.status.disagreement).toBeNull()
    // Marked by the signed webhook or the API check; the redirect is only a confirmation of it.
    expect(['webhook', 'api']).toContain(timeline.status.firstSource)
    expect(timeline.status.redirectCheck).toBeNull()
    expect(timeline.entries.filter((e: Json) => e.kind === 'connected')).toHaveLength(1)
    expect(timeline.entries.find((e: Json) => e.kind === 'connected').source).not.toBe('redirect')
    expect(
      timeline.entries.filter((e: Json) => e.kind === 'confirmed' && e.source === 'redirect'),
    ).toHaveLength(1)
    expect((await w.call('connections.watching')).confirming).toEqual([])
    expect(timeline.entries.some((e: Json) => e.kind === 'webhook')).toBe(true)
    await until('the connected event', () => w.events.some((e) => e.event === 'connections.connected'))
    await new Promise((r) => setTimeout(r, 100)) // past one more batch window
    expect(w.events.filter((e) => e.event === 'connections.connected')).toHaveLength(1)
    // The API's object replaced the stand-in: the display number is Kapso's formatted one.
    const detail = await w.call('customers.get', { id: customerId })
    expect(detail.phoneNumbers[0].displayPhoneNumber).toBe('+1 415-555-0199')
    expect(timeline.status.watching).toBe(false)
  })

  test('the real flow with no webhook: the redirect asks the API at once, and the API check marks it connected', async () => {
    const { w, customerId, link, receiver } = await caughtLink('en')
    // The project webhook is gone at Kapso (deleted in the dashboard, say): only the redirect and the API remain.
    for (const hook of [...w.sandbox.store.webhooks.items]) w.sandbox.store.webhooks.remove(hook.id)
    const form = await fetch(`${link.url}/complete`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ display_phone_number: '+1 415 555 0177' }),
    })
    const location = form.headers.get('location')!
    expect(location.startsWith(`${receiver}/setup/success?`)).toBe(true)
    await (await get(location)).text()
    // Well before the watch's first poll (5 s after the link was made): the redirect's own API check.
    const timeline = await until(
      'the API check after the redirect',
      async () => {
        const t = await w.call('connections.timeline', { customerId })
        return t.status.connected ? t : undefined
      },
      4_000,
    )
    expect(timeline.status).toMatchObject({ firstSource: 'api', redirectCheck: null })
    expect(new Set(timeline.status.sources)).toEqual(new Set(['api', 'redirect']))
    expect(timeline.entries.find((e: Json) => e.kind === 'connected').summary).toContain(
      "first seen by Kapso's API (checking the tenant's redirect)",
    )
    const event = await until('the connected event', () =>
      w.events.find((e) => e.event === 'connections.connected'),
    )
    expect(event.item).toMatchObject({ customerId, source: 'api', displayPhoneNumber: '+1 415-555-0177' })
    expect((await w.call('setupLinks.get', { linkId: link.id })).status).toBe('used')
  })
})
