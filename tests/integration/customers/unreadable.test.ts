import { afterEach, expect, test } from 'vitest'
import { queryCustomers } from '../../../src/main/customers/queries'
import { runSyncPass } from '../../../src/main/customers/sync'
import { count, log, sandboxClient, startWorld, type World } from './helpers'

let world: World | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

const pass = (w: World) =>
  runSyncPass({
    db: w.db,
    client: sandboxClient(w.sandbox),
    log,
    now: () => new Date(),
    signal: new AbortController().signal,
    onProgress: () => {},
    onChanged: () => {},
  })

const query = (w: World) =>
  queryCustomers(w.db, { search: '', sort: 'name', direction: 'asc', filter: 'all', offset: 0, limit: 500 })

test('a synced page with one unreadable customer stores the rest, names the bad one, and deletes nothing', async () => {
  world = await startWorld({ customers: 40 })
  const w = world
  await pass(w)
  const upstream = w.sandbox.store.customers.items.length
  expect(count(w.db, 'SELECT count(*) AS n FROM customers')).toBe(upstream)
  expect(query(w).unreadable).toEqual([])

  // Page 1 of the next pass has one customer whose `name` is a number.
  w.sandbox.faults.inject({
    match: { method: 'GET', path: '/customers' },
    times: 1,
    kind: 'malformed',
    variant: 'one-item',
    index: 3,
    field: 'name',
  })
  await pass(w)
  const page = query(w)
  expect(page.unreadable).toHaveLength(1)
  const [bad] = page.unreadable
  expect(bad).toMatchObject({ unreadable: true, field: 'name', index: 3 })
  expect(bad!.reason).toContain('string')
  // The bad customer's cached copy is kept (Kapso still lists it), and nothing else went.
  expect(count(w.db, 'SELECT count(*) AS n FROM customers')).toBe(upstream)
  expect(page.rows.map((r) => r.id)).toContain(bad!.id)
  expect(page.total).toBe(upstream)
  // A search or filter hides it: it matches nothing.
  expect(queryCustomers(w.db, { search: 'zzz', offset: 0, limit: 10 }).unreadable).toEqual([])

  // The next clean pass reads it again and the row goes away.
  await pass(w)
  expect(query(w).unreadable).toEqual([])
})
