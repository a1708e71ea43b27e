import { expect, test } from 'vitest'
import { createTimeOrderedIds } from '../../../src/main/webhooks/timeOrderedId'

const millisOf = (id: string) => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)

test('delivery ids are RFC 9562 version-7 UUIDs that sort in the order they were made', () => {
  const next = createTimeOrderedIds()
  const ids = Array.from({ length: 10_000 }, () => next())
  for (const id of ids.slice(0, 50))
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  expect(new Set(ids).size).toBe(ids.length)
  expect([...ids].sort()).toEqual(ids)
})

test('the first 48 bits are the time in milliseconds, even when the clock steps back', () => {
  // An injected clock: the test means the same thing on any day the suite runs.
  let now = Date.UTC(2031, 4, 17, 9, 30, 0)
  const next = createTimeOrderedIds(() => now)
  const id = next()
  expect(millisOf(id)).toBe(now)
  // A clock that went back keeps ids increasing instead of going back with it.
  now -= 60_000
  const later = next()
  expect(later > id).toBe(true)
  expect(millisOf(later)).toBe(now + 60_000)
  // Once the clock passes the last id's millisecond, ids carry the clock again.
  now += 120_000
  expect(millisOf(next())).toBe(now)
})

test('4,096 ids in one millisecond borrow the next millisecond instead of repeating', () => {
  const at = Date.UTC(2019, 0, 1)
  const next = createTimeOrderedIds(() => at)
  const ids = Array.from({ length: 5_000 }, () => next())
  expect(new Set(ids).size).toBe(ids.length)
  expect([...ids].sort()).toEqual(ids)
  expect(millisOf(ids.at(-1)!)).toBe(at + 1)
})

test('two generators do not share state', () => {
  const a = createTimeOrderedIds(() => Date.UTC(2040, 0, 1))
  a()
  const b = createTimeOrderedIds(() => Date.UTC(2020, 0, 1))
  expect(millisOf(b())).toBe(Date.UTC(2020, 0, 1))
})
