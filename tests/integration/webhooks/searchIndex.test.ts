import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { openDatabase } from '../../../src/main/store/database'
import { migrations } from '../../../src/main/store/migrations'
import { EventStore, type IncomingDelivery } from '../../../src/main/webhooks/eventStore'
import { tempDataDir } from '../../support/tempDir'

const dirs: { remove(): void }[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove()
})

function delivery(body: string, headers: Record<string, string> = {}): IncomingDelivery {
  const all = { 'content-type': 'application/json', ...headers }
  return {
    receivedAt: Date.now(),
    method: 'POST',
    path: '/hook',
    source: '127.0.0.1',
    rawHeaders: Object.entries(all).flat(),
    headers: all,
    body: Buffer.from(body),
    signature: 'unsigned',
  }
}

const search = (store: EventStore, text: string) =>
  store.list({ filter: { text }, limit: 50 }).events.map((e) => e.eventType)

test('an event is found by full-text search as soon as it is stored (its index entry is written on demand)', () => {
  const data = tempDataDir('kapso-fts-')
  dirs.push(data)
  const db = openDatabase(join(data.dir, 'cache.sqlite'), migrations)
  const store = new EventStore(db)
  store.insertDeliveries([
    delivery(JSON.stringify({ event: 'whatsapp.message.received', data: { text: 'zebra crossing' } })),
  ])
  expect(search(store, 'zebra')).toEqual(['whatsapp.message.received'])
  db.close()
})

test('after a crash between the commit and the index write, the next open indexes what was missed', () => {
  const data = tempDataDir('kapso-fts-')
  dirs.push(data)
  const file = join(data.dir, 'cache.sqlite')
  const first = openDatabase(file, migrations)
  const before = new EventStore(first)
  before.insertDeliveries([
    delivery(JSON.stringify({ event: 'project.event', data: { note: 'indexed before' } })),
  ])
  before.indexPending()
  // Committed, not yet indexed: a plain body, a batch of two, and a non-JSON body.
  before.insertDeliveries([
    delivery(JSON.stringify({ event: 'whatsapp.phone_number.created', data: { name: 'Quetzal Tours' } })),
    delivery(
      JSON.stringify({
        batch: true,
        type: 'whatsapp.message.received',
        data: [{ message: { text: 'first okapi' } }, { message: { text: 'second narwhal' } }],
      }),
      { 'x-webhook-batch': 'true', 'x-webhook-event': 'whatsapp.message.received' },
    ),
    delivery('plain text with axolotl', { 'content-type': 'text/plain' }),
  ])
  // The process dies here: the connection goes without the deferred index write.
  first.close()

  const db = openDatabase(file, migrations)
  const after = new EventStore(db)
  expect(search(after, 'quetzal')).toEqual(['whatsapp.phone_number.created'])
  expect(search(after, 'okapi')).toHaveLength(1)
  expect(search(after, 'narwhal')).toHaveLength(1)
  expect(search(after, 'okapi narwhal')).toHaveLength(0)
  expect(after.list({ filter: { text: 'axolotl' }, limit: 5 }).total).toBe(1)
  expect(search(after, 'indexed before')).toEqual(['project.event'])
  // Each event indexed exactly once.
  const rows = db.prepare('SELECT count(*) AS n FROM webhook_events_fts').get() as { n: number }
  expect(rows.n).toBe(5)
  db.close()
})
