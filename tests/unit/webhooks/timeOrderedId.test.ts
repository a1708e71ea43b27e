import { expect, test } from 'vitest'
import { timeOrderedId } from '../../../src/main/webhooks/timeOrderedId'

test('delivery ids are RFC 9562 version-7 UUIDs that sort in the order they were made', () => {
  const ids = Array.from({ length: 10_000 }, () => timeOrderedId())
  for (const id of ids.slice(0, 50))
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  expect(new Set(ids).size).toBe(ids.length)
  expect([...ids].sort()).toEqual(ids)
})

test('the first 48 bits are the time in milliseconds, even when the clock steps back', () => {
  const at = Date.UTC(2026, 10, 29, 12, 0, 0)
  const id = timeOrderedId(at + 60_000)
  expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at + 60_000)
  // A clock that went back keeps ids increasing instead of going back with it.
  const later = timeOrderedId(at)
  expect(later > id).toBe(true)
})
