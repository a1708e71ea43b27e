import { afterEach, describe, expect, test } from 'vitest'
import { count, startWorld, until, type World } from './helpers'

let world: World | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

const upstreamNamed = (w: World, name: string) =>
  w.sandbox.store.customers.items.filter((c) => c.name === name)

describe('customers outbox against the sandbox', () => {
  test('offline writes survive a restart, replay in order when the sandbox is back, a rejected one is kept', async () => {
    world = await startWorld({ customers: 40 })
    await world.service.syncNow()
    await until(async () => (await world!.service.status()).lastSyncedAt !== null, 10_000, 'first sync')
    await world.service.idle()
    const [keep, doomed] = world.sandbox.store.customers.items.slice(0, 2)

    await world.offline()
    const created = await world.service.create({
      name: 'Offline Bakery',
      external_customer_id: 'ext-offline-1',
    })
    expect(created.outcome).toBe('queued')
    expect(created.customer?.local).toBe(true)
    expect(created.customer?.pending).toEqual({ op: 'create', state: 'pending', reason: null })
    const status = await world.service.status()
    expect(status.online).toBe(false)
    expect(status.offlineSince).not.toBeNull()

    const renamed = await world.service.update(keep!.id, { name: 'Renamed While Offline' })
    expect(renamed.outcome).toBe('queued')
    expect(renamed.customer?.name).toBe('Renamed While Offline')
    await world.service.update(doomed!.id, { name: 'Edit Of A Customer Deleted Elsewhere' })
    const editedLocal = await world.service.update(created.customer!.id, { name: 'Offline Bakery & Co' })
    expect(editedLocal.outcome).toBe('queued')
    // Reads keep working from the cache.
    const page = await world.service.query({ search: 'offline bakery' })
    expect(page.rows.map((r) => r.name)).toEqual(['Offline Bakery & Co'])

    // Meanwhile someone deletes `doomed` in Kapso directly.
    await world.direct.customers.delete(doomed!.id)

    await world.restart()
    expect(await world.service.listOutbox()).toHaveLength(3)
    expect((await world.service.status()).offlineSince).toBe(status.offlineSince)

    await world.online()
    await until(async () => (await world!.service.status()).pendingWrites === 0, 20_000, 'replay')
    await world.service.idle()

    expect(upstreamNamed(world, 'Offline Bakery & Co')).toHaveLength(1)
    expect(world.sandbox.store.customers.get(keep!.id)?.name).toBe('Renamed While Offline')
    const outbox = await world.service.listOutbox()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({ op: 'update', customerId: doomed!.id, state: 'rejected' })
    expect(outbox[0]!.error?.message).toMatch(/no longer exists/)
    const status2 = await world.service.status()
    expect(status2).toMatchObject({ online: true, offlineSince: null, rejectedWrites: 1, pendingWrites: 0 })
    // The local row became the Kapso one.
    expect(count(world.db, "SELECT count(*) AS n FROM customers WHERE id LIKE 'local-%'")).toBe(0)
    const serverId = upstreamNamed(world, 'Offline Bakery & Co')[0]!.id
    expect((await world.service.get(serverId)).customer).toMatchObject({ local: false, pending: null })

    // The person discards the rejected write; nothing is left waiting.
    expect(await world.service.discardWrite(outbox[0]!.seq)).toEqual([])
  })

  test('a create whose response was lost is recognised by external_customer_id, and by name and time without one', async () => {
    world = await startWorld({ customers: 10 })
    await world.service.syncNow()
    await world.service.idle()
    const before = world.sandbox.store.customers.items.length

    world.sandbox.faults.inject({
      kind: 'drop-after-commit',
      match: { method: 'POST', path: '/customers' },
      times: 1,
    })
    const first = await world.service.create({ name: 'Lost Answer Ltd', external_customer_id: 'ext-lost-1' })
    expect(first.outcome).toBe('queued')
    await until(async () => (await world!.service.status()).pendingWrites === 0, 20_000, 'replay 1')

    world.sandbox.faults.inject({
      kind: 'drop-after-commit',
      match: { method: 'POST', path: '/customers' },
      times: 1,
    })
    const second = await world.service.create({ name: 'Nameless Lost Answer' })
    expect(second.outcome).toBe('queued')
    await until(async () => (await world!.service.status()).pendingWrites === 0, 20_000, 'replay 2')
    await world.service.idle()

    expect(
      world.sandbox.store.customers.items.filter((c) => c.external_customer_id === 'ext-lost-1'),
    ).toHaveLength(1)
    expect(upstreamNamed(world, 'Nameless Lost Answer')).toHaveLength(1)
    expect(world.sandbox.store.customers.items.length).toBe(before + 2)
    const posts = world.sandbox.store.apiLogs.filter(
      ({ item }) => item.http_method === 'POST' && item.endpoint === '/platform/v1/customers',
    )
    // One POST each: the replay found the customers instead of sending again.
    expect(posts).toHaveLength(2)
    expect(count(world.db, "SELECT count(*) AS n FROM customers WHERE id LIKE 'local-%'")).toBe(0)
    expect(count(world.db, "SELECT count(*) AS n FROM customers WHERE name = 'Nameless Lost Answer'")).toBe(1)
  })

  test('online writes apply at once; the API 422 lands on the field; an offline delete replays', async () => {
    world = await startWorld({ customers: 10 })
    await world.service.syncNow()
    await world.service.idle()
    const applied = await world.service.create({ name: 'Direct Dental', external_customer_id: 'ext-direct' })
    expect(applied.outcome).toBe('applied')
    expect(applied.customer?.local).toBe(false)

    const refused = world.service.create({ name: '   ' })
    await expect(refused).rejects.toMatchObject({
      code: 'validation',
      fields: { 'customer.name': ["Name can't be blank"] },
    })

    await world.offline()
    const gone = await world.service.remove([applied.customer!.id])
    expect(gone.outcome).toBe('queued')
    expect((await world.service.get(applied.customer!.id)).customer.pending).toMatchObject({ op: 'delete' })
    await world.online()
    await until(async () => (await world!.service.status()).pendingWrites === 0, 20_000, 'delete replay')
    expect(world.sandbox.store.customers.get(applied.customer!.id)).toBeUndefined()
    expect(count(world.db, 'SELECT count(*) AS n FROM customers WHERE id = ?', applied.customer!.id)).toBe(0)
  })
})
