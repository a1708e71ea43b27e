import { afterEach, describe, expect, it } from 'vitest'
import type { KapsoClient } from '../../../src/main/kapso'
import { type Harness, startHarness } from './support'

/**
 * One request budget per key, against the sandbox's real limiter over
 * loopback. The sandbox's "minute" is shortened (and the client's with it) so
 * a saturated window passes in a second or two; the assertions are about
 * order and counts, never durations.
 */
const LIMIT = 20
const WINDOW_MS = 1500
// 80% of 20: what a background pass may use of any window.
const BACKGROUND_SHARE = 16

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

async function saturated(): Promise<{ client: KapsoClient; h: Harness }> {
  h = await startHarness({ customers: 600, rateLimitPerMinute: LIMIT, rateLimitWindowMs: WINDOW_MS })
  // maxAttempts 1: a single 429 would fail the call, so passing proves none happened.
  const client = h.client({ pacing: { windowMs: WINDOW_MS }, retry: { maxAttempts: 1 } })
  return { client, h }
}

/** Resolves once `check` holds, polling the event loop (bounded: a stuck budget fails the test, not hangs it). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !check(); i++) await new Promise((r) => setTimeout(r, 2))
  if (!check()) throw new Error(`never happened: ${what}`)
}

const isPage = (path: string) => /\/customers\?/.test(path)

describe('one budget per key, in priority order', () => {
  it('with a background pass holding its whole share, interactive calls use the reserve, and the one beyond it is sent before any waiting background call', async () => {
    const { client, h } = await saturated()
    const background = client.as('background')
    const interactive = client.as('interactive')
    const ids = h.sandbox.store.customers
      .newestFirst()
      .slice(0, 5)
      .map((c) => c.id)

    const walk = background.customers.list({}, { perPage: 10, concurrency: 4 }).toArray()
    await until(() => client.budget.snapshot().waiting.background > 0, 'background waiting for its share')
    expect(client.budget.snapshot().sent.background).toBe(BACKGROUND_SHARE)

    // The reserve (4 of 20) is there for the person while the pass waits.
    const reserve = LIMIT - BACKGROUND_SHARE
    await Promise.all(ids.slice(0, reserve).map((id) => interactive.customers.get(id)))
    expect(client.budget.snapshot().sent.interactive).toBe(reserve)

    // Now the window is spent: one more click waits too, and is the first thing sent when it frees.
    const sentBefore = h.sent.length
    const click = interactive.customers.get(ids[reserve]!)
    await until(() => client.budget.snapshot().waiting.interactive === 1, 'the click queued')
    await click
    const after = h.sent.slice(sentBefore)
    expect(after[0]?.path).toBe(`/platform/v1/customers/${ids[reserve]}`)
    const customers = await walk
    expect(customers).toHaveLength(605)
    expect(h.sandbox.store.apiLogs.filter((l) => l.item.response_status === 429)).toHaveLength(0)
  })

  it('a background pass never takes more than its share of any of the server’s windows, and meets no 429', async () => {
    const { client, h } = await saturated()
    const customers = await client
      .as('background')
      .customers.list({}, { perPage: 10, concurrency: 4 })
      .toArray()
    expect(customers).toHaveLength(605)
    const perWindow = new Map<number, number>()
    for (const log of h.sandbox.store.apiLogs) {
      const window = Math.floor(Date.parse(log.item.created_at) / WINDOW_MS)
      perWindow.set(window, (perWindow.get(window) ?? 0) + 1)
    }
    const counts = [...perWindow.values()]
    expect(h.sent.filter((r) => isPage(r.path))).toHaveLength(61)
    expect(Math.max(...counts)).toBeLessThanOrEqual(BACKGROUND_SHARE)
    // It did use its share (the pacing is not merely slow): some window was nearly full.
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(BACKGROUND_SHARE - 4)
    expect(h.sandbox.store.apiLogs.filter((l) => l.item.response_status === 429)).toHaveLength(0)
  })

  it('every capability of a project shares one budget: views made with as() spend the same one', async () => {
    const { client } = await saturated()
    const a = client.as('background')
    const b = client.as('polling', { maxAttempts: 2 })
    await a.customers.listPage({ per_page: 1 })
    await b.customers.listPage({ per_page: 1 })
    expect(a.budget).toBe(b.budget)
    expect(client.budget.snapshot().sent).toEqual({ interactive: 0, polling: 1, background: 1 })
    expect(client.budget.snapshot().limit).toBe(LIMIT)
  })
})
