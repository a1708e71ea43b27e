import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { queryCustomers } from '../../../src/main/customers/queries'
import { type Database, openDatabase } from '../../../src/main/store/database'
import { migrations } from '../../../src/main/store/migrations'
import type { CustomerFilter } from '../../../src/shared/customers/customer'
import { seedCustomerCache } from '../../support/customersSeed'
import { tempDataDir } from '../../support/tempDir'

const data = tempDataDir('kapso-queries-')
let db: Database
interface Brute {
  id: string
  name: string
  search: string
  connection: string
  created_at: string
}
let all: Brute[]

beforeAll(() => {
  db = openDatabase(join(data.dir, 'cache.sqlite'), migrations)
  seedCustomerCache(db, 12_000)
  all = db
    .prepare('SELECT id, name, search, connection, created_at FROM customers')
    .all() as unknown as Brute[]
})
afterAll(() => {
  db.close()
  data.remove()
})

function brute(needle: string, filter: CustomerFilter) {
  const n = needle.trim().toLowerCase()
  return all.filter((c) => (!n || c.search.includes(n)) && (filter === 'all' || c.connection === filter))
}

describe('customer queries over the cache', () => {
  // Typed as a person types: broad needles (more than 5,000 matches) and narrow ones, extending each other.
  const typing = [
    'a',
    'ac',
    'acm',
    'acme',
    'acme b',
    'acme ba',
    'acme bak',
    '',
    '5',
    '555',
    '555-0',
    'cus_',
    'zzz',
    'TYRELL',
  ]
  for (const needle of typing) {
    test(`"${needle}": counts per filter and the window match a brute-force scan`, () => {
      const page = queryCustomers(db, { search: needle, sort: 'name', filter: 'all', offset: 0, limit: 50 })
      for (const filter of ['all', 'connected', 'unknown', 'pending'] as const)
        expect(page.counts[filter], filter).toBe(brute(needle, filter).length)
      const expected = brute(needle, 'all')
        .sort((a, b) => {
          const x = a.name.toLowerCase()
          const y = b.name.toLowerCase()
          return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1
        })
        .slice(0, 50)
        .map((c) => c.id)
      expect(page.rows.map((r) => r.id)).toEqual(expected)
    })
  }

  test('filter, sort by created descending and a deep window', () => {
    const page = queryCustomers(db, {
      search: 'a',
      sort: 'created',
      direction: 'desc',
      filter: 'connected',
      offset: 1000,
      limit: 20,
    })
    const expected = brute('a', 'connected')
      .sort((a, b) =>
        a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? 1 : -1,
      )
      .slice(1000, 1020)
      .map((c) => c.id)
    expect(page.total).toBe(brute('a', 'connected').length)
    expect(page.rows.map((r) => r.id)).toEqual(expected)
    expect(page.rows.every((r) => r.connection === 'connected' && r.phoneDisplay)).toBe(true)
  })

  test('finds a customer by id, external id and phone number', () => {
    const row = db
      .prepare(
        'SELECT id, external_customer_id, phone_display FROM customers WHERE phone_count > 0 AND external_customer_id IS NOT NULL LIMIT 1',
      )
      .get() as { id: string; external_customer_id: string; phone_display: string }
    for (const needle of [
      row.id,
      row.external_customer_id,
      row.phone_display,
      row.phone_display.replace(/\D/g, ''),
    ]) {
      const page = queryCustomers(db, { search: needle, limit: 10 })
      expect(
        page.rows.map((r) => r.id),
        needle,
      ).toContain(row.id)
    }
  })
})
