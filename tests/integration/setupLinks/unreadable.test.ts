import { afterEach, expect, test } from 'vitest'
import { type Json, startWorld, type World } from './world'

let world: (World & { close(): Promise<void> }) | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

test('a setup-link list with one unreadable item shows the rest and names the bad one', async () => {
  world = await startWorld()
  const w = world
  const customer = w.sandbox.store.customers.items.find((c) => c.name === 'Globex Logistics')!
  // Two more links: each create revokes the previous one, so the list has several.
  await w.call('setupLinks.create', { customerId: customer.id, options: {}, confirmRevoke: true })
  await w.call('setupLinks.create', { customerId: customer.id, options: {}, confirmRevoke: true })
  const whole = await w.call('setupLinks.context', { customerId: customer.id })
  expect(whole.links.length).toBeGreaterThanOrEqual(3)
  expect(whole.unreadable).toEqual([])

  // Kapso lists newest first; break the second item's `url`, which a link cannot be shown without.
  w.sandbox.faults.inject({
    match: { method: 'GET', path: /\/setup_links$/ },
    times: 1,
    kind: 'malformed',
    variant: 'one-item',
    index: 1,
    field: 'url',
  })
  const broken = await w.call('setupLinks.context', { customerId: customer.id })
  const bad = whole.links[1] as Json
  expect(broken.unreadable).toEqual([
    { unreadable: true, id: bad.id, index: 1, field: 'url', reason: expect.stringContaining('string') },
  ])
  expect(broken.links.map((l: Json) => l.id)).toEqual(
    whole.links.filter((l: Json) => l.id !== bad.id).map((l: Json) => l.id),
  )
})
