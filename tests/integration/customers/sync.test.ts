import { afterEach, describe, expect, test } from 'vitest'
import { runSyncPass, type SyncProgress } from '../../../src/main/customers/sync'
import { AppError } from '../../../src/shared/ipc/errors'
import { count, log, sandboxClient, startWorld, type World } from './helpers'

let world: World | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

function pass(w: World, signal = new AbortController().signal, progress: SyncProgress[] = []) {
  return runSyncPass({
    db: w.db,
    client: sandboxClient(w.sandbox),
    log,
    now: () => new Date(),
    signal,
    onProgress: (p) => progress.push(p),
    onChanged: () => {},
  })
}

describe('customers sync against the sandbox', () => {
  test('a full sync stores all 10,000 customers and their numbers, with progress to the total', async () => {
    world = await startWorld({ customers: 10_000 })
    const upstream = world.sandbox.store.customers.items.length
    const numbers = world.sandbox.store.phoneNumbers.items.length
    expect(upstream).toBeGreaterThanOrEqual(10_000)
    const progress: SyncProgress[] = []
    const started = performance.now()
    await pass(world, undefined, progress)
    console.log(
      `full sync of ${upstream} customers + ${numbers} numbers: ${Math.round(performance.now() - started)} ms`,
    )

    expect(count(world.db, 'SELECT count(*) AS n FROM customers')).toBe(upstream)
    expect(count(world.db, 'SELECT count(*) AS n FROM customer_phone_numbers')).toBe(numbers)
    const customersProgress = progress.filter((p) => p.phase === 'customers')
    expect(customersProgress.at(-1)).toEqual({ phase: 'customers', done: upstream, total: upstream })
    const dones = customersProgress.map((p) => p.done)
    expect(dones).toEqual([...dones].sort((a, b) => a - b))
    // Every number's customer shows as connected, and is found by the number's digits.
    const connected = count(world.db, "SELECT count(*) AS n FROM customers WHERE connection = 'connected'")
    const owners = new Set(world.sandbox.store.phoneNumbers.items.map((n) => n.customer_id).filter(Boolean))
    expect(connected).toBe(owners.size)
    const someNumber = world.sandbox.store.phoneNumbers.items.find((n) => n.customer_id)!
    const row = world.db
      .prepare('SELECT id FROM customers WHERE instr(search, ?) > 0')
      .all(someNumber.display_phone_number_normalized!) as Array<{ id: string }>
    expect(row.map((r) => r.id)).toContain(someNumber.customer_id)
    expect(count(world.db, 'SELECT count(*) AS n FROM customer_sync WHERE finished_at IS NOT NULL')).toBe(2)
  })

  test('a sync interrupted midway resumes from its stored pages and ends complete', async () => {
    world = await startWorld({ customers: 3_000 })
    const upstream = world.sandbox.store.customers.items.length
    const controller = new AbortController()
    const progress: SyncProgress[] = []
    // Slow pages so the cancel lands mid-pass.
    world.sandbox.faults.inject({ kind: 'latency', ms: 15, match: { path: '/customers' } })
    const running = pass(world, controller.signal, progress)
    while (!progress.some((p) => p.phase === 'customers' && p.done >= 800))
      await new Promise((r) => setTimeout(r, 5))
    controller.abort()
    await expect(running).rejects.toBeInstanceOf(AppError)
    world.sandbox.faults.clear()

    const storedPages = count(
      world.db,
      "SELECT count(*) AS n FROM customer_sync_pages WHERE resource = 'customers'",
    )
    const stored = count(world.db, 'SELECT count(*) AS n FROM customers')
    expect(storedPages).toBeGreaterThan(5)
    expect(stored).toBeLessThan(upstream)
    // Whole pages only: rows and page marks were committed together.
    expect(stored).toBe(storedPages * 100)
    expect(count(world.db, 'SELECT count(*) AS n FROM customer_sync WHERE finished_at IS NULL')).toBe(2)

    // Requests cut by the cancel are still finishing on the server: let them land in its log first.
    await new Promise((r) => setTimeout(r, 200))
    const before = world.sandbox.store.apiLogs.length
    await pass(world)
    expect(count(world.db, 'SELECT count(*) AS n FROM customers')).toBe(upstream)
    expect(count(world.db, 'SELECT count(*) AS n FROM customer_sync WHERE finished_at IS NULL')).toBe(0)
    const customerPages = Math.ceil(upstream / 100)
    // The resumed pass fetched page 1 again (for the total) and only the pages it lacked.
    const resumedCustomerRequests = world.sandbox.store.apiLogs
      .slice(before)
      .filter(({ item }) => item.endpoint === '/platform/v1/customers').length
    expect(resumedCustomerRequests).toBe(customerPages - storedPages + 1)
  })

  test('customers deleted upstream disappear after the next complete pass, and only then', async () => {
    world = await startWorld({ customers: 500 })
    await pass(world)
    const victims = world.sandbox.store.customers.items.slice(10, 13).map((c) => c.id)
    for (const id of victims) await world.direct.customers.delete(id)
    const survivor = world.sandbox.store.customers.items[0]!

    // An interrupted pass removes nothing.
    const controller = new AbortController()
    world.sandbox.faults.inject({ kind: 'latency', ms: 30, match: { path: '/customers' } })
    const progress: SyncProgress[] = []
    const running = pass(world, controller.signal, progress)
    while (!progress.some((p) => p.done > 0)) await new Promise((r) => setTimeout(r, 5))
    controller.abort()
    await expect(running).rejects.toBeInstanceOf(AppError)
    world.sandbox.faults.clear()
    for (const id of victims)
      expect(count(world.db, 'SELECT count(*) AS n FROM customers WHERE id = ?', id)).toBe(1)

    const { removed } = await pass(world)
    expect(removed).toBe(3)
    for (const id of victims)
      expect(count(world.db, 'SELECT count(*) AS n FROM customers WHERE id = ?', id)).toBe(0)
    expect(count(world.db, 'SELECT count(*) AS n FROM customers WHERE id = ?', survivor.id)).toBe(1)
    expect(count(world.db, 'SELECT count(*) AS n FROM customers')).toBe(
      world.sandbox.store.customers.items.length,
    )
  })
})
