import { afterEach, describe, expect, test } from 'vitest'
import { type DocFixture, loadDocFixtures, routeOf } from '../../support/kapsoDocs'
import { type Json, startWorld, until, type World } from '../setupLinks/world'

/**
 * Every documented list the console shows, answered by the sandbox exactly
 * as published (the `replay` fault) and read through the contract into the
 * view model a view draws (dispatch with output checking, as IPC does).
 */

let world: (World & { close(): Promise<void> }) | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

const fixtures = loadDocFixtures().filter((f) => f.kind === 'response')
const of = (route: string) => fixtures.filter((f) => routeOf(f.endpoint) === route)
const items = (f: DocFixture) => (f.example as { data: Json[] }).data

async function sync(w: World) {
  await w.call('customers.syncStatus')
  await w.call('customers.syncNow')
  await until('sync', async () => (await w.call('customers.syncStatus')).lastSyncedAt, 30_000)
}

describe('documented answers shown in their views', () => {
  for (const f of of('GET /customers')) {
    test(`customers list: ${f.file}`, async () => {
      world = await startWorld({ customers: 0 })
      world.sandbox.faults.inject({
        match: { method: 'GET', path: '/customers' },
        kind: 'replay',
        body: f.example,
      })
      await sync(world)
      const page = await world.call('customers.query', {})
      expect(page.unreadable).toEqual([])
      expect(page.rows.map((r: Json) => r.name).sort()).toEqual(
        items(f)
          .map((c) => c.name)
          .sort(),
      )
    })
  }

  for (const f of of('GET /customers/{customer_id}/setup_links')) {
    test(`a customer's setup links: ${f.file}`, async () => {
      world = await startWorld({ customers: 0 })
      const customer = world.sandbox.store.customers.items[0]!
      world.sandbox.faults.inject({
        match: { method: 'GET', path: /\/setup_links$/ },
        kind: 'replay',
        body: f.example,
      })
      const context = await world.call('setupLinks.context', { customerId: customer.id })
      expect(context.unreadable).toEqual([])
      expect(context.links.map((l: Json) => l.id).sort()).toEqual(
        items(f)
          .map((l) => l.id)
          .sort(),
      )
    })
  }

  for (const f of of('GET /whatsapp/phone_numbers')) {
    test(`phone numbers: ${f.file}`, async () => {
      world = await startWorld({ customers: 0 })
      world.sandbox.faults.inject({
        match: { method: 'GET', path: '/whatsapp/phone_numbers' },
        kind: 'replay',
        body: f.example,
      })
      await sync(world)
      const page = await world.call('phoneNumbers.query', {})
      expect(page.unreadable).toEqual([])
      expect(page.rows.map((r: Json) => r.phoneNumberId)).toEqual(items(f).map((n) => n.phone_number_id))
    })
  }

  for (const f of of('GET /whatsapp/phone_numbers/{phone_number_id}/health')) {
    test(`a number's health: ${f.file}`, async () => {
      world = await startWorld({ customers: 0 })
      world.sandbox.faults.inject({
        match: { method: 'GET', path: /\/health$/ },
        kind: 'replay',
        body: f.example,
      })
      const view = await world.call('phoneNumbers.health', { phoneNumberId: '1234567890', force: true })
      expect(view.status).toBe((f.example as { status: string }).status)
    })
  }

  for (const f of of('GET /webhook_deliveries')) {
    test(`delivery records: ${f.file}`, async () => {
      world = await startWorld({ customers: 0 })
      world.sandbox.faults.inject({
        match: { method: 'GET', path: '/webhook_deliveries' },
        kind: 'replay',
        body: f.example,
      })
      const page = await world.call('webhooks.deliveries.list', { filter: {} })
      expect(page.unreadable).toEqual([])
      expect(page.records.map((r: Json) => r.id)).toEqual(items(f).map((d) => d.id))
    })
  }
})
