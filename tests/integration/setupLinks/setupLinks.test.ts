import { afterEach, describe, expect, test } from 'vitest'
import { CSV_HEADER } from '../../../src/main/setupLinks/csv'
import type { SetupLinkHost } from '../../../src/main/setupLinks/host'
import { completeSignup, decodeQr, type Json, startWorld, until, type World } from './world'

let world: (World & { close(): Promise<void> }) | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

const customerNamed = (w: World, name: string) =>
  w.sandbox.store.customers.items.find((c) => c.name === name)!

/** Splits the RFC 4180 CSV this feature writes (quoted fields may hold commas and quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += c
  }
  return rows
}

describe('setup links through the contract, against the sandbox', () => {
  test('create with a preset: the QR decodes to exactly the URL, the previous link reads revoked, signup makes it used', async () => {
    world = await startWorld()
    const w = world
    const globex = customerNamed(w, 'Globex Logistics')
    const before = await w.call('setupLinks.context', { customerId: globex.id })
    const previous = before.links.find((l: Json) => l.effectiveStatus === 'active')
    expect(previous, 'Globex starts with an active link').toBeTruthy()

    const presets = await w.call('setupLinks.savePreset', {
      name: 'Dedicated + US number, Spanish',
      options: {
        allowed_connection_types: ['dedicated'],
        provision_phone_number: true,
        phone_number_country_isos: ['US'],
        phone_number_area_code: '415',
        language: 'es',
        theme_config: { primary_color: '#0EA5E9' },
        success_redirect_url: 'https://example.com/ok',
      },
      makeDefault: true,
    })
    const preset = presets[0]
    expect(preset).toMatchObject({ name: 'Dedicated + US number, Spanish', isDefault: true })

    // An active link exists: creating without confirming is refused with words, not silently revoking.
    const conflict = await w.refused('setupLinks.create', { customerId: globex.id, options: preset.options })
    expect(conflict.code).toBe('conflict')
    expect(conflict.message).toMatch(/revokes it/)

    const created = await w.call('setupLinks.create', {
      customerId: globex.id,
      options: preset.options,
      confirmRevoke: true,
    })
    expect(created.outcome).toBe('created')
    const link = created.link
    expect(link).toMatchObject({
      effectiveStatus: 'active',
      language: 'es',
      customerName: 'Globex Logistics',
    })
    const upstream = w.sandbox.store.setupLinksById.get(link.id)!.link
    expect(upstream).toMatchObject({
      allowed_connection_types: ['dedicated'],
      provision_phone_number: true,
      phone_number_area_code: '415',
      language: 'es',
      theme_config: { primary_color: '#0EA5E9' },
      success_redirect_url: 'https://example.com/ok',
      meta_billing_mode: 'customer_managed',
    })

    const qr = await w.call('setupLinks.qr', { linkId: link.id })
    expect(decodeQr(qr.png)).toBe(link.url)
    expect(qr.svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/)

    const after = await w.call('setupLinks.context', { customerId: globex.id })
    expect(after.links.find((l: Json) => l.id === previous.id).effectiveStatus).toBe('revoked')
    expect(after.links.filter((l: Json) => l.effectiveStatus === 'active').map((l: Json) => l.id)).toEqual([
      link.id,
    ])

    // The customers cache mirrors it: the list's link status is current without another fetch.
    const detail = await w.call('customers.get', { id: globex.id }).catch(() => null)
    if (detail) expect(detail.setupLinks.find((l: Json) => l.id === link.id)?.status).toBe('active')

    expect(await completeSignup(link.url, '+1 415 555 0199')).toBeLessThan(400)
    const refreshed = await w.call('setupLinks.context', { customerId: globex.id })
    expect(refreshed.links.find((l: Json) => l.id === link.id)).toMatchObject({
      effectiveStatus: 'used',
      setupStatus: 'completed',
    })
    expect(refreshed.numbers.length).toBeGreaterThan(0)
  })

  test('invalid inputs sent straight through IPC are refused by main with `validation`', async () => {
    world = await startWorld()
    const w = world
    const acme = customerNamed(w, 'Acme Corp')
    const cases: Array<[string, Json, string]> = [
      ['bad URL', { success_redirect_url: 'not a url' }, 'options.success_redirect_url'],
      ['javascript URL', { failure_redirect_url: 'javascript:alert(1)' }, 'options.failure_redirect_url'],
      ['bad colour', { theme_config: { primary_color: '#12345' } }, 'options.theme_config.primary_color'],
      ['named colour', { theme_config: { text_color: 'red' } }, 'options.theme_config.text_color'],
      ['unsupported language', { language: 'fr' }, 'options.language'],
      [
        'lowercase ISO code',
        { provision_phone_number: true, phone_number_country_isos: ['us'] },
        'options.phone_number_country_isos.0',
      ],
      [
        'reconnect with provisioning',
        {
          reconnect_phone_number: '+15550100001',
          provision_phone_number: true,
          allowed_connection_types: ['dedicated'],
        },
        'options.provision_phone_number',
      ],
      ['unknown option', { colour: '#ffffff' }, 'options'],
    ]
    for (const [what, options, field] of cases) {
      const error = await w.refused('setupLinks.create', {
        customerId: acme.id,
        options,
        confirmRevoke: true,
      })
      expect(error.code, what).toBe('validation')
      expect(Object.keys(error.fields ?? {}), what).toContain(field)
    }

    // Reconnect of a number this customer does not own (Stark Retail's) is refused by main before Kapso sees it.
    const starkNumber = '+15550100002'
    const created = w.sandbox.store.setupLinksOf(acme.id).length
    const notOwned = await w.refused('setupLinks.create', {
      customerId: acme.id,
      options: { reconnect_phone_number: starkNumber, allowed_connection_types: ['dedicated'] },
      confirmRevoke: true,
    })
    expect(notOwned.code).toBe('validation')
    expect(notOwned.fields).toHaveProperty(['options.reconnect_phone_number'])
    // Its own dedicated number with the wrong connection type: refused too.
    const wrongType = await w.refused('setupLinks.create', {
      customerId: acme.id,
      options: { reconnect_phone_number: '+1 555 010 0001', allowed_connection_types: ['coexistence'] },
      confirmRevoke: true,
    })
    expect(wrongType.fields).toHaveProperty(['options.allowed_connection_types'])
    expect(w.sandbox.store.setupLinksOf(acme.id).length).toBe(created)

    // The right number and type: created, in reconnect mode, provisioning off.
    const ok = await w.call('setupLinks.create', {
      customerId: acme.id,
      options: { reconnect_phone_number: '+1 555 010 0001', allowed_connection_types: ['dedicated'] },
      confirmRevoke: true,
    })
    expect(ok.link.reconnectPhoneNumber).toBe('15550100001')
    expect(w.sandbox.store.setupLinksById.get(ok.link.id)!.link.provision_phone_number).toBe(false)
  })

  test('revoke and change expiry; a past expiry is refused', async () => {
    world = await startWorld()
    const w = world
    const umbrella = customerNamed(w, 'Umbrella Health')
    const { link } = await w.call('setupLinks.create', { customerId: umbrella.id, options: {} })
    const later = new Date(Date.now() + 90 * 86_400_000).toISOString()
    const extended = await w.call('setupLinks.setExpiry', { linkId: link.id, expiresAt: later })
    expect(Date.parse(extended.expiresAt)).toBe(Date.parse(later))
    const sooner = new Date(Date.now() + 2 * 86_400_000).toISOString()
    expect(
      Date.parse((await w.call('setupLinks.setExpiry', { linkId: link.id, expiresAt: sooner })).expiresAt),
    ).toBe(Date.parse(sooner))
    const past = await w.refused('setupLinks.setExpiry', {
      linkId: link.id,
      expiresAt: '2020-01-01T00:00:00Z',
    })
    expect(past.code).toBe('validation')
    const revoked = await w.call('setupLinks.revoke', { linkId: link.id })
    expect(revoked.effectiveStatus).toBe('revoked')
    expect(w.sandbox.store.setupLinksById.get(link.id)!.link.status).toBe('revoked')
  })

  test('bulk for 200 customers with one injected failure: 199 links, one listed failure, CSV rows match', async () => {
    world = await startWorld({ customers: 220 })
    const w = world
    const customers = w.sandbox.store.customers.items.slice(0, 200)
    const presets = await w.call('setupLinks.savePreset', {
      name: 'Coexistence, English',
      options: { allowed_connection_types: ['coexistence'], language: 'en' },
    })
    // The 37th create fails with a 500 (not retried: a POST may have been applied).
    const failing = customers[36]!
    w.sandbox.faults.inject({
      match: { method: 'POST', path: new RegExp(`/customers/${failing.id}/setup_links$`) },
      times: 1,
      kind: 'status',
      status: 500,
    })
    const job = await w.call('setupLinks.bulkStart', {
      customerIds: customers.map((c) => c.id),
      presetId: presets[0].id,
    })
    expect(job.total).toBe(200)
    const result = await until(
      'the bulk run to finish',
      async () => {
        const r = await w.call('setupLinks.bulkResult', { jobId: job.jobId })
        return r.finished ? r : undefined
      },
      60_000,
    )
    expect(result.created).toBe(199)
    expect(result.failed).toBe(1)
    const failures = result.items.filter((i: Json) => i.state === 'failed')
    expect(failures.map((f: Json) => f.customerId)).toEqual([failing.id])
    expect(failures[0].error).toBeTruthy()

    // Progress came as events, ending with the finished count and the failure listed.
    // Events arrive in batches (50 ms window): wait for the last one.
    const progressItems = () =>
      w.events.filter((e) => e.event === 'setupLinks.bulkProgress').map((e) => e.item as Json)
    await until('the finished progress event', () => progressItems().some((p) => p.finished))
    const progress = progressItems()
    expect(progress.length).toBeGreaterThan(1)
    expect(progress.at(-1)).toMatchObject({ finished: true, done: 200, created: 199, failed: 1 })
    expect(progress.at(-1).failures.map((f: Json) => f.customerId)).toEqual([failing.id])

    // Every created link exists upstream, active, with the preset's options.
    for (const item of result.items.filter((i: Json) => i.state === 'created')) {
      const active = w.sandbox.store.setupLinksOf(item.customerId).filter((r) => r.link.status === 'active')
      expect(active).toHaveLength(1)
      expect(active[0]!.link.allowed_connection_types).toEqual(['coexistence'])
    }

    const csv = await w.call('setupLinks.bulkCsv', { jobId: job.jobId })
    expect(csv.outcome).toBe('page')
    const text = Buffer.from(csv.file.dataUrl.split(',')[1], 'base64').toString('utf8')
    const [header, ...rows] = parseCsv(text)
    expect(header).toEqual([...CSV_HEADER])
    const expected = result.items
      .filter((i: Json) => i.state === 'created')
      .map((i: Json) => {
        const c = w.sandbox.store.customers.get(i.customerId)!
        const upstream = w.sandbox.store.setupLinksOf(i.customerId).find((r) => r.link.status === 'active')!
        return [
          c.name,
          c.external_customer_id ?? '',
          `${w.sandbox.url}/whatsapp/setup/${upstream.token}`,
          upstream.link.expires_at,
        ]
      })
    // The URLs the console got came through the relay: compare path and token, not the port.
    const norm = (r: string[]) => [r[0], r[1], new URL(r[2]!).pathname, r[3]]
    expect(rows.map(norm)).toEqual(expected.map(norm))
    expect(rows).toHaveLength(199)
  })

  test('offline: cached links and QR stay available, a create is queued and appears when Kapso is back', async () => {
    world = await startWorld()
    const w = world
    const initech = customerNamed(w, 'Initech Support')
    const umbrella = customerNamed(w, 'Umbrella Health')
    const { link } = await w.call('setupLinks.create', {
      customerId: initech.id,
      options: {},
      confirmRevoke: true,
    })

    await w.offline()
    const context = await w.call('setupLinks.context', { customerId: initech.id })
    expect(context.online).toBe(false)
    expect(context.links.map((l: Json) => l.id)).toContain(link.id)
    expect(decodeQr((await w.call('setupLinks.qr', { linkId: link.id })).png)).toBe(link.url)
    const copied = await w.call('setupLinks.copyImage', { linkId: link.id })
    expect(copied.outcome).toBe('page')
    expect(decodeQr(copied.file.dataUrl)).toBe(link.url)

    const queued = await w.call('setupLinks.create', {
      customerId: umbrella.id,
      options: { language: 'pt' },
      confirmRevoke: true,
    })
    expect(queued.outcome).toBe('queued')
    expect((await w.call('setupLinks.recent', {})).queued).toHaveLength(1)
    expect(w.sandbox.store.setupLinksOf(umbrella.id)).toHaveLength(0)

    await w.online()
    const ready = await until(
      'the queued link to be created',
      () => w.events.find((e) => e.event === 'setupLinks.queuedCreated')?.item as Json,
      30_000,
    )
    expect(ready.error).toBeNull()
    expect(ready.link.language).toBe('pt')
    expect(w.sandbox.store.setupLinksOf(umbrella.id)).toHaveLength(1)
    expect((await w.call('setupLinks.recent', {})).queued).toHaveLength(0)
  })

  test('the host does the clipboard, save and print when it can (Electron), and the page gets bytes when it cannot', async () => {
    const did: string[] = []
    const host: SetupLinkHost = {
      name: 'electron',
      copyPng: async (png) => {
        did.push(`copy ${png.subarray(1, 4).toString()}`)
        return true
      },
      saveFile: async (r) => {
        did.push(`save ${r.defaultName} ${r.mime}`)
        return { outcome: 'done', path: `/tmp/${r.defaultName}` }
      },
      printHtml: async (html, as) => {
        did.push(`${as} ${(html.match(/class="sheet"/g) ?? []).length} sheets`)
        return as === 'pdf' ? { outcome: 'cancelled' } : { outcome: 'done', path: null }
      },
      notify: () => {},
    }
    world = await startWorld({ host })
    const w = world
    const a = customerNamed(w, 'Umbrella Health')
    const b = customerNamed(w, 'Acme Corp')
    const { link } = await w.call('setupLinks.create', { customerId: a.id, options: { language: 'ar' } })
    const { link: other } = await w.call('setupLinks.create', {
      customerId: b.id,
      options: {},
      confirmRevoke: true,
    })
    expect(await w.call('setupLinks.copyImage', { linkId: link.id })).toEqual({ outcome: 'done' })
    expect(await w.call('setupLinks.saveImage', { linkId: link.id, format: 'svg' })).toEqual({
      outcome: 'done',
      path: '/tmp/setup-link-umbrella-health.svg',
    })
    expect(await w.call('setupLinks.print', { linkIds: [link.id, other.id], as: 'print' })).toEqual({
      outcome: 'done',
      path: null,
    })
    expect(await w.call('setupLinks.print', { linkIds: [link.id], as: 'pdf' })).toEqual({
      outcome: 'cancelled',
    })
    expect(did).toEqual([
      'copy PNG',
      'save setup-link-umbrella-health.svg image/svg+xml',
      'print 2 sheets',
      'pdf 1 sheets',
    ])
  })
})
