import { describe, expect, test } from 'vitest'
import { FaultInjector } from '../../../src/main/sandbox/faults'
import { OrderedList } from '../../../src/main/sandbox/orderedList'
import { cursorResponse } from '../../../src/main/sandbox/pagination'
import { signWebhookBody } from '../../../src/main/sandbox/signing'
import type { Sequenced } from '../../../src/main/sandbox/store'

describe('signWebhookBody', () => {
  test('is lower-case hex HMAC-SHA256 (RFC 4231 test case 2)', () => {
    expect(signWebhookBody('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    )
  })
})

describe('OrderedList', () => {
  test('keeps created_at order on out-of-order inserts; ties keep insertion order', () => {
    const list = new OrderedList<{ id: string; created_at: string }>()
    list.insert({ id: 'b', created_at: '2026-01-02T00:00:00.000Z' })
    list.insert({ id: 'a', created_at: '2026-01-01T00:00:00.000Z' })
    list.insert({ id: 'c', created_at: '2026-01-02T00:00:00.000Z' })
    expect(list.newestFirst().map((x) => x.id)).toEqual(['c', 'b', 'a'])
    list.remove('b')
    expect(list.items.map((x) => x.id)).toEqual(['a', 'c'])
    expect(list.get('b')).toBeUndefined()
  })
})

describe('cursorResponse', () => {
  const log: Sequenced<{ n: number }>[] = Array.from({ length: 7 }, (_, i) => ({
    seq: i + 1,
    item: { n: i + 1 },
  }))
  const page = (query: string, filter = (_: { n: number }) => true) =>
    cursorResponse(new URL(`http://x/?${query}`), log, filter).body as {
      data: { n: number }[]
      paging: { cursors: { before?: string; after?: string }; next: string | null; previous: string | null }
    }

  test('walks newest first with after, and back with before', () => {
    const p1 = page('limit=3')
    expect(p1.data.map((d) => d.n)).toEqual([7, 6, 5])
    expect(p1.paging.previous).toBeNull()
    const p2 = page(`limit=3&after=${p1.paging.next}`)
    expect(p2.data.map((d) => d.n)).toEqual([4, 3, 2])
    const p3 = page(`limit=3&after=${p2.paging.next}`)
    expect(p3.data.map((d) => d.n)).toEqual([1])
    expect(p3.paging).toMatchObject({ next: null, cursors: {} })
    expect(page(`limit=3&before=${p3.paging.previous}`).data.map((d) => d.n)).toEqual([4, 3, 2])
    expect(page(`limit=3&before=${p2.paging.previous}`).data.map((d) => d.n)).toEqual([7, 6, 5])
  })

  test('filters apply before paging', () => {
    const even = page('limit=2', (x) => x.n % 2 === 0)
    expect(even.data.map((d) => d.n)).toEqual([6, 4])
    expect(page(`limit=2&after=${even.paging.next}`, (x) => x.n % 2 === 0).data.map((d) => d.n)).toEqual([2])
  })
})

describe('FaultInjector', () => {
  test('counts times, matches method and path, composes latency with one terminal fault', () => {
    const faults = new FaultInjector()
    faults.inject({ kind: 'latency', ms: 5, times: 1 })
    faults.inject({ kind: 'status', status: 503, times: 1, match: { method: 'post', path: '/customers' } })
    faults.inject({ kind: 'drop', match: { path: /phone_numbers/ } })
    expect(faults.take('GET', '/platform/v1/customers')).toEqual([{ kind: 'latency', ms: 5 }])
    expect(faults.take('POST', '/platform/v1/customers')).toEqual([{ kind: 'status', status: 503 }])
    expect(faults.take('POST', '/platform/v1/customers')).toEqual([])
    expect(faults.take('GET', '/platform/v1/whatsapp/phone_numbers')).toEqual([{ kind: 'drop' }])
    expect(faults.take('GET', '/platform/v1/whatsapp/phone_numbers')).toEqual([{ kind: 'drop' }])
    faults.clear()
    expect(faults.take('GET', '/platform/v1/whatsapp/phone_numbers')).toEqual([])
  })
})
