import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, test } from 'vitest'
import { type Json, startWorld, until, type World } from '../setupLinks/world'

/** The Logs view's calls through the contract, against the sandbox's real `GET /api_logs` (loopback, real SQLite). */

let world: (World & { close(): Promise<void> }) | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

async function synced() {
  world = await startWorld({ customers: 10 })
  const w = world
  await w.call('customers.syncNow')
  await until('first sync', async () => (await w.call('customers.syncStatus')).lastSyncedAt, 30_000)
  return w
}

/** A call straight to the sandbox with the project's key, as another integration of the customer would make. */
async function direct(w: World, method: string, path: string, body?: unknown): Promise<number> {
  const res = await fetch(`${w.sandbox.url}/platform/v1${path}`, {
    method,
    headers: { 'X-API-Key': w.sandbox.apiKey, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  await res.arrayBuffer()
  return res.status
}

const isNewestFirst = (rows: Json[]) => rows.every((r, i) => i === 0 || rows[i - 1].createdAt >= r.createdAt)

describe('api logs', () => {
  test('refresh fills the cache; filters (errors only, status, endpoint, period) match Kapso’s; newest first', async () => {
    const w = await synced()
    const customer = w.sandbox.store.customers.items[0]!
    expect(await direct(w, 'POST', `/customers/${customer.id}/setup_links`, { setup_link: 'nope' })).toBe(422)
    expect(await direct(w, 'GET', `/customers/${randomUUID()}`)).toBe(404)
    // Three days old: outside the default 24 h, inside 7 d.
    w.sandbox.store.addApiLog({
      id: randomUUID(),
      endpoint: '/platform/v1/customers/old-call',
      http_method: 'GET',
      response_status: 500,
      response_time_ms: 12,
      ip_address: null,
      error_message: 'Internal server error',
      created_at: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      api_key_id: null,
      api_key_name: null,
    })

    const fresh = await w.call('apiLogs.refresh', {})
    expect(fresh.problem).toBeNull()
    expect(fresh.asOf).toEqual(expect.any(String))
    expect(fresh.fetched).toBeGreaterThan(2)

    const all = await w.call('apiLogs.query', {})
    expect(all.total).toBe(fresh.fetched)
    expect(isNewestFirst(all.rows)).toBe(true)
    expect(all.rows.some((r: Json) => r.endpoint.includes('old-call'))).toBe(false)

    const errors = await w.call('apiLogs.query', { filters: { errorsOnly: true } })
    expect(errors.rows.map((r: Json) => r.status).sort()).toEqual([404, 422])
    const invalid = errors.rows.find((r: Json) => r.status === 422)
    expect(invalid).toMatchObject({
      method: 'POST',
      endpoint: `/platform/v1/customers/${customer.id}/setup_links`,
    })
    expect(invalid.errorMessage).toBeTruthy()

    const notFound = await w.call('apiLogs.query', { filters: { status: 404 } })
    expect(notFound.rows.map((r: Json) => r.status)).toEqual([404])
    const links = await w.call('apiLogs.query', { filters: { endpoint: '/setup_links' } })
    expect(links.total).toBeGreaterThan(0)
    expect(links.rows.every((r: Json) => r.endpoint.includes('/setup_links'))).toBe(true)

    // A longer period asks Kapso again and brings in the older call.
    const week = { period: '7d', errorsOnly: true }
    expect((await w.call('apiLogs.refresh', { filters: week })).problem).toBeNull()
    const older = await w.call('apiLogs.query', { filters: week })
    expect(older.rows.map((r: Json) => r.status).sort()).toEqual([404, 422, 500])
    expect(older.rows.at(-1).endpoint).toContain('old-call')
    expect(isNewestFirst(older.rows)).toBe(true)

    // Windows for the virtualised list.
    const window = await w.call('apiLogs.query', { offset: 1, limit: 2 })
    expect(window.rows.map((r: Json) => r.id)).toEqual(all.rows.slice(1, 3).map((r: Json) => r.id))

    // Bad filters: a clear validation error, not a crash.
    expect((await w.refused('apiLogs.query', { filters: { period: '1y' } })).code).toBe('validation')
    expect((await w.refused('apiLogs.query', { filters: { status: 99 } })).code).toBe('validation')
  })

  test('offline: the refresh says why, and what was seen stays visible with its time', async () => {
    const w = await synced()
    expect(await direct(w, 'GET', `/customers/${randomUUID()}`)).toBe(404)
    const first = await w.call('apiLogs.refresh', {})
    const before = await w.call('apiLogs.query', {})
    await w.offline()
    const stale = await w.call('apiLogs.refresh', {})
    expect(stale.problem?.code).toBe('offline')
    expect(stale.problem?.message).toBeTruthy()
    expect(stale.asOf).toBe(first.asOf)
    const after = await w.call('apiLogs.query', {})
    expect(after.rows).toEqual(before.rows)
    expect(after.asOf).toBe(first.asOf)
    expect((await w.call('apiLogs.query', { filters: { errorsOnly: true } })).total).toBe(1)
    await w.online()
  })

  test('a customer’s recent API errors: failed calls whose path names it, cached for offline', async () => {
    const w = await synced()
    const [one, other] = w.sandbox.store.customers.items
    expect(await w.call('apiLogs.customerErrors', { customerId: one!.id })).toMatchObject({
      rows: [],
      total: 0,
    })

    expect(await direct(w, 'POST', `/customers/${one!.id}/setup_links`, { setup_link: 'nope' })).toBe(422)
    expect(await direct(w, 'PATCH', `/customers/${one!.id}`, { customer: { name: '' } })).toBe(422)
    expect(await direct(w, 'POST', `/customers/${other!.id}/setup_links`, { setup_link: 'nope' })).toBe(422)

    const errors = await w.call('apiLogs.customerErrors', { customerId: one!.id })
    expect(errors.problem).toBeNull()
    expect(errors.total).toBe(2)
    expect(errors.rows.map((r: Json) => r.method).sort()).toEqual(['PATCH', 'POST'])
    expect(errors.rows.every((r: Json) => r.endpoint.includes(one!.id) && r.status >= 400)).toBe(true)

    await w.offline()
    const offline = await w.call('apiLogs.customerErrors', { customerId: one!.id })
    expect(offline.problem?.code).toBe('offline')
    expect(offline.rows).toEqual(errors.rows)
    expect(offline.asOf).toBe(errors.asOf)
    await w.online()

    expect((await w.refused('apiLogs.customerErrors', { customerId: 'not-a-uuid' })).code).toBe('validation')
  })
})
