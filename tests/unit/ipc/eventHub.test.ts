import { expect, test } from 'vitest'
import { EventHub } from '../../../src/main/ipc/eventHub'

test('a burst of events reaches listeners as a few batches, in order, nothing lost', async () => {
  const hub = new EventHub({ windowMs: 20, maxBatch: 100 })
  const batches: unknown[][] = []
  hub.subscribe((_event, items) => batches.push(items))
  for (let i = 0; i < 250; i++) hub.emit('app.notice', { level: 'info', title: `n${i}` })
  await new Promise((r) => setTimeout(r, 60))
  const titles = batches.flat().map((n) => (n as { title: string }).title)
  expect(titles).toHaveLength(250)
  expect(titles[0]).toBe('n0')
  expect(titles[249]).toBe('n249')
  expect(batches.length).toBeLessThanOrEqual(3)
  hub.dispose()
})

test('an unsubscribed listener hears nothing more', async () => {
  const hub = new EventHub({ windowMs: 5 })
  let count = 0
  const off = hub.subscribe(() => count++)
  hub.emit('app.notice', { level: 'info', title: 'a' })
  hub.flush()
  off()
  hub.emit('app.notice', { level: 'info', title: 'b' })
  hub.flush()
  expect(count).toBe(1)
})
