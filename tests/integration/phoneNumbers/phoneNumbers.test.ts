import { afterEach, describe, expect, test } from 'vitest'
import { type Json, startWorld, until, type World } from '../setupLinks/world'

/** The phone numbers view's calls through the contract, against the sandbox (real HTTP, real SQLite). */

let world: (World & { close(): Promise<void> }) | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

async function synced(customers = 20) {
  world = await startWorld({ customers })
  const w = world
  await w.call('customers.syncStatus')
  await w.call('customers.syncNow')
  await until('first sync', async () => (await w.call('customers.syncStatus')).lastSyncedAt, 30_000)
  return w
}

describe('phone numbers', () => {
  test('every number of the project, with owner and WABA, searchable by display, digits, id, owner', async () => {
    const w = await synced()
    const all = await w.call('phoneNumbers.query', {})
    const inSandbox = w.sandbox.store.phoneNumbers.items.length
    expect(all.total).toBe(inSandbox)
    expect(all.cached).toBe(inSandbox)
    const acme = all.rows.find((r: Json) => r.customerName === 'Acme Corp')
    expect(acme).toBeTruthy()
    const source = w.sandbox.store.phoneNumbers.get(acme.phoneNumberId)!
    expect(acme.businessAccountId).toBe(source.business_account_id)
    expect(acme.displayPhoneNumber).toBe(source.display_phone_number)

    for (const needle of [
      'acme corp',
      acme.phoneNumberId,
      source.display_phone_number_normalized!,
      acme.displayPhoneNumber,
      source.business_account_id!,
    ]) {
      const found = await w.call('phoneNumbers.query', { search: needle })
      expect(
        found.rows.map((r: Json) => r.phoneNumberId),
        needle,
      ).toContain(acme.phoneNumberId)
    }
    const none = await w.call('phoneNumbers.query', { search: 'no such number anywhere' })
    expect(none).toMatchObject({ total: 0, rows: [], cached: inSandbox })
    // Offline it is still all there.
    await w.offline()
    expect((await w.call('phoneNumbers.query', { search: 'acme' })).total).toBeGreaterThan(0)
    await w.online()
  })

  test('health: fresh from Kapso, then from the cache for 3 minutes, and from the cache when offline', async () => {
    const w = await synced()
    const { rows } = await w.call('phoneNumbers.query', { search: 'acme corp' })
    const id = rows[0].phoneNumberId
    const fresh = await w.call('phoneNumbers.health', { phoneNumberId: id })
    expect(fresh.cached).toBe(false)
    expect(['healthy', 'degraded', 'unhealthy', 'error']).toContain(fresh.status)
    expect(fresh.checks.length).toBeGreaterThan(0)
    const again = await w.call('phoneNumbers.health', { phoneNumberId: id })
    expect(again.cached).toBe(true)
    expect(again.note).toContain('3 minutes')
    // The list shows the last result.
    expect((await w.call('phoneNumbers.query', { search: id })).rows[0].health).toBe(fresh.status)

    await w.offline()
    const offline = await w.call('phoneNumbers.health', { phoneNumberId: id, force: true })
    expect(offline.cached).toBe(true)
    expect(offline.note).toContain('cannot be reached')
    await w.online()

    // A number never checked and Kapso unreachable: an error in words, not a blank.
    const other = (await w.call('phoneNumbers.query', {})).rows.find((r: Json) => r.phoneNumberId !== id)
    await w.offline()
    const refused = await w.refused('phoneNumbers.health', { phoneNumberId: other.phoneNumberId })
    expect(refused.code).toBe('offline')
    await w.online()
    // Rate-limited by Kapso: the last result, said so.
    w.sandbox.faults.inject({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 60,
      match: { path: /\/health$/ },
    })
    const limited = await w.call('phoneNumbers.health', { phoneNumberId: id, force: true })
    expect(limited.note).toContain('5 per second, 60 per minute')
    w.sandbox.faults.clear()

    // With the limiter holding (Retry-After 60), a number never checked waits a bounded time, then says why.
    const held = await w.refused('phoneNumbers.health', { phoneNumberId: other.phoneNumberId })
    expect(held.code).toBe('rate_limited')
    expect(held.message).toContain('Try again in a minute')
  })

  test('send a test message through the Meta proxy: message id on success, Meta’s error in words', async () => {
    const w = await synced()
    const { rows } = await w.call('phoneNumbers.query', { search: 'acme corp' })
    const sent = await w.call('phoneNumbers.sendTest', {
      phoneNumberId: rows[0].phoneNumberId,
      to: '+1 555 013 4567',
      body: 'Kapso Console test',
    })
    expect(sent.messageId).toMatch(/^wamid\./)
    expect(sent.waId).toBe('15550134567')

    // Unknown to Meta (a number not in the project): Graph's error, in words with its code and trace.
    const unknown = await w.refused('phoneNumbers.sendTest', {
      phoneNumberId: '999999999999',
      to: '+1 555 013 4567',
      body: 'hi',
    })
    expect(unknown.message).toMatch(/Meta|WhatsApp/)
    expect(unknown.message).toContain('code 100/33')
    expect(unknown.message).toContain('trace')

    // Bad input never leaves the console.
    const bad = await w.refused('phoneNumbers.sendTest', { phoneNumberId: 'abc', to: 'call me', body: '' })
    expect(bad.code).toBe('validation')
    expect(Object.keys(bad.fields ?? {}).sort()).toEqual(['body', 'phoneNumberId', 'to'])
  })

  test('100,000 numbers: a search over the whole cache answers in a moment (measured, printed)', async () => {
    const w = await synced(20)
    const db = await w.core.database.current()
    const insert = db.prepare(
      `INSERT INTO customer_phone_numbers (phone_number_id, customer_id, name, display_phone_number,
        display_phone_number_normalized, created_at, updated_at, business_account_id)
       VALUES (?, NULL, ?, ?, ?, ?, ?, ?)`,
    )
    db.exec('BEGIN')
    for (let i = 0; i < 100_000; i++) {
      const digits = `1555${String(i).padStart(7, '0')}`
      insert.run(
        String(7_000_000_000_000 + i),
        `Bulk ${i}`,
        `+${digits}`,
        digits,
        '2026-01-01T00:00:00Z',
        '2026-01-01T00:00:00Z',
        `9${i % 500}`,
      )
    }
    db.exec('COMMIT')
    const timings: number[] = []
    for (const search of ['', '5550099999', 'bulk 4242', 'acme']) {
      const started = performance.now()
      const page = await w.call('phoneNumbers.query', { search, limit: 100 })
      timings.push(performance.now() - started)
      expect(page.total).toBeGreaterThan(0)
    }
    console.log(
      `[phone numbers] 100,000+ cached numbers, query ms: ${timings.map((t) => t.toFixed(1)).join(', ')}`,
    )
  })
})
