import { afterEach, expect, test } from 'vitest'
import { type Json, startWorld, until, type World } from '../setupLinks/world'

let world: (World & { close(): Promise<void> }) | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

test('a synced number the console cannot read is named in the phone numbers view, and the rest is listed', async () => {
  world = await startWorld({ customers: 20 })
  const w = world
  // The sync's first phone-number page: its first number's `id` arrives as a number.
  w.sandbox.faults.inject({
    match: { method: 'GET', path: '/whatsapp/phone_numbers' },
    times: 1,
    kind: 'malformed',
    variant: 'one-item',
    index: 0,
  })
  await w.call('customers.syncStatus')
  await w.call('customers.syncNow')
  await until('first sync', async () => (await w.call('customers.syncStatus')).lastSyncedAt, 30_000)
  const page = await w.call('phoneNumbers.query', {})
  const inSandbox = w.sandbox.store.phoneNumbers.items.length
  expect(page.total).toBe(inSandbox - 1)
  expect(page.unreadable).toEqual([
    { unreadable: true, id: '12345', index: 0, field: 'id', reason: expect.stringContaining('string') },
  ])
  // A search matches only readable numbers.
  const found = await w.call('phoneNumbers.query', { search: page.rows[0].phoneNumberId as Json })
  expect(found.unreadable).toEqual([])
})
