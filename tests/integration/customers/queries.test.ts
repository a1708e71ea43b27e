import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CustomerStore } from '../../../src/main/customers/customerStore'
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

test('the trigram index follows renames, deletes and odd needles', () => {
  const own = tempDataDir('kapso-trigram-')
  const small = openDatabase(join(own.dir, 'cache.sqlite'), migrations)
  try {
    const store = CustomerStore.for(small)
    const at = '2026-11-01T10:00:00.000Z'
    const customer = (id: string, name: string) => ({
      id,
      name,
      external_customer_id: null,
      created_at: at,
      updated_at: at,
    })
    store.storeCustomer(customer('c-1', 'Zanzibar "Quoted" Bakery'), 1, at)
    store.storeCustomer(customer('c-2', 'Quokka Travel'), 1, at)
    const ids = (needle: string) => queryCustomers(small, { search: needle, limit: 10 }).rows.map((r) => r.id)

    expect(ids('zanzibar')).toEqual(['c-1'])
    expect(ids('"quoted"')).toEqual(['c-1'])
    // By name: Quokka before Zanzibar.
    expect(ids('quo')).toEqual(['c-2', 'c-1'])
    // Renamed: found by the new name only.
    store.storeCustomer(
      { ...customer('c-1', 'Harbour Bakery'), updated_at: '2026-11-02T10:00:00.000Z' },
      1,
      at,
    )
    expect(ids('zanzibar')).toEqual([])
    expect(ids('harbour')).toEqual(['c-1'])
    // Deleted: gone from the index too.
    store.removeCustomer('c-2')
    expect(ids('quokka')).toEqual([])
    expect(
      small
        .prepare('SELECT count(*) AS n FROM customers_trigram WHERE customers_trigram MATCH \'"bakery"\'')
        .get(),
    ).toEqual({ n: 1 })
  } finally {
    small.close()
    own.remove()
  }
})
