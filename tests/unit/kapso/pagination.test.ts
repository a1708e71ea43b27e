import { describe, expect, it } from 'vitest'
import { type NumberedPage, walkCursorPages, walkNumberedPages } from '../../../src/main/kapso/pagination'

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

function pagedSource(totalPages: number, perPage: number) {
  let inFlight = 0
  let maxInFlight = 0
  const asked: number[] = []
  const aborted: number[] = []
  const fetch = async (page: number, signal: AbortSignal): Promise<NumberedPage<number>> => {
    asked.push(page)
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    // Later pages answer sooner: order must come from the walker, not the network.
    await pause((totalPages - page) % 4)
    inFlight--
    if (signal.aborted) aborted.push(page)
    const items = Array.from({ length: perPage }, (_, i) => (page - 1) * perPage + i)
    return { items, totalPages, totalCount: totalPages * perPage }
  }
  return { fetch, asked, aborted, maxInFlight: () => maxInFlight }
}

describe('walkNumberedPages', () => {
  it('yields every page in order with totals, at most `concurrency` in flight', async () => {
    const src = pagedSource(12, 3)
    const pages = []
    for await (const p of walkNumberedPages(src.fetch, { concurrency: 3, perPage: 3 })) pages.push(p)
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(pages.flatMap((p) => p.items)).toEqual(Array.from({ length: 36 }, (_, i) => i))
    expect(pages.every((p) => p.totalPages === 12 && p.totalCount === 36)).toBe(true)
    expect(src.maxInFlight()).toBeLessThanOrEqual(3)
  })

  it('aborts pages in flight when the consumer stops', async () => {
    const src = pagedSource(50, 2)
    for await (const p of walkNumberedPages(src.fetch, { concurrency: 4, perPage: 2 })) {
      if (p.page === 2) break
    }
    expect(src.asked.length).toBeLessThanOrEqual(6)
  })

  it('without totals goes one page at a time until a short page', async () => {
    const asked: number[] = []
    const fetch = async (page: number) => {
      asked.push(page)
      return { items: page < 3 ? [1, 2] : [3], totalPages: null, totalCount: null }
    }
    const pages = []
    for await (const p of walkNumberedPages(fetch, { perPage: 2 })) pages.push(p)
    expect(pages.map((p) => p.items)).toEqual([[1, 2], [1, 2], [3]])
    expect(asked).toEqual([1, 2, 3])
  })

  it('surfaces a page error without unhandled rejections from the others', async () => {
    const fetch = async (page: number): Promise<NumberedPage<number>> => {
      if (page === 3) throw new Error('page 3 broke')
      await pause(2)
      return { items: [page], totalPages: 6, totalCount: 6 }
    }
    const seen: number[] = []
    await expect(
      (async () => {
        for await (const p of walkNumberedPages(fetch, { concurrency: 4, perPage: 1 })) seen.push(p.page)
      })(),
    ).rejects.toThrow('page 3 broke')
    expect(seen).toEqual([1, 2])
  })
})

describe('walkCursorPages', () => {
  it('follows the cursor until it is null', async () => {
    const calls: Array<string | undefined> = []
    const fetch = async (after: string | undefined) => {
      calls.push(after)
      const n = after ? Number(after) : 0
      return { items: [n], next: n < 2 ? String(n + 1) : null }
    }
    const pages = []
    for await (const p of walkCursorPages(fetch, {})) pages.push(p)
    expect(calls).toEqual([undefined, '1', '2'])
    expect(pages.map((p) => [p.page, p.items, p.nextCursor, p.totalCount])).toEqual([
      [1, [0], '1', null],
      [2, [1], '2', null],
      [3, [2], null, null],
    ])
  })

  it('stops on a repeated cursor instead of looping forever', async () => {
    const fetch = async () => ({ items: [1], next: 'same' })
    const pages = []
    for await (const p of walkCursorPages(fetch, {})) pages.push(p)
    expect(pages).toHaveLength(2)
  })
})
