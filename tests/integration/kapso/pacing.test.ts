import { afterEach, describe, expect, it } from 'vitest'
import { type Harness, startHarness } from './support'

let h: Harness | undefined
afterEach(() => h?.close())

/**
 * One clock for the sandbox's rate-limit windows and the client's sleeps, so a
 * minute passes in moments. Sleepers wake one at a time in deadline order, each
 * moving the clock to its own deadline (not the sum of all waits), and only
 * once every request sent so far has been counted by the sandbox, as it would
 * be in real time.
 */
function sharedClock() {
  const settled = () => !h || h.sandbox.store.apiLogs.length >= h.sent.length
  const sleepers: Array<{ at: number; wake: () => void }> = []
  let scheduled = false
  const tick = () => {
    scheduled = false
    if (!settled()) return schedule()
    sleepers.sort((x, y) => x.at - y.at)
    const next = sleepers.shift()
    if (!next) return
    clock.t = Math.max(clock.t, next.at)
    next.wake()
    if (sleepers.length) schedule()
  }
  const schedule = () => {
    if (!scheduled) {
      scheduled = true
      setTimeout(tick, 1)
    }
  }
  const clock = {
    t: Date.UTC(2026, 0, 1, 12, 0, 0),
    now: () => clock.t,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        sleepers.push({ at: clock.t + ms, wake })
        schedule()
      }),
  }
  return clock
}

describe('pacing against the sandbox limiter', () => {
  it('a sync larger than the per-minute limit slows down instead of meeting a 429', async () => {
    const clock = sharedClock()
    h = await startHarness({ customers: 300, rateLimitPerMinute: 20, now: () => new Date(clock.t) })
    // maxAttempts 1: a single 429 would fail the walk, so passing proves none happened.
    const client = h.client({ now: clock.now, sleep: clock.sleep, retry: { maxAttempts: 1 } })
    const start = clock.t
    const ids = new Set<string>()
    for await (const c of client.customers.list({}, { perPage: 10, concurrency: 3 }).items()) ids.add(c.id)
    expect(ids.size).toBe(305)
    // 31 requests at 20/min cannot fit in one minute: the client waited into the next window.
    expect(clock.t - start).toBeGreaterThanOrEqual(60_000)
    expect(h.sent.length).toBe(31)
  })

  it('without pacing the same sync does meet the limiter (the test above is meaningful)', async () => {
    const clock = sharedClock()
    h = await startHarness({ customers: 300, rateLimitPerMinute: 20, now: () => new Date(clock.t) })
    const client = h.client({
      now: clock.now,
      sleep: clock.sleep,
      retry: { maxAttempts: 1 },
      pacing: { enabled: false },
    })
    await expect(client.customers.list({}, { perPage: 10 }).toArray()).rejects.toMatchObject({
      code: 'rate_limited',
    })
  })

  it('health checks stay under 5/s and 60/min client-side', async () => {
    const clock = sharedClock()
    h = await startHarness({ customers: 10, now: () => new Date(clock.t) })
    const client = h.client({ now: clock.now, sleep: clock.sleep, retry: { maxAttempts: 1 } })
    const [number] = (await client.phoneNumbers.listPage({ per_page: 1 })).items
    const start = clock.t
    // "Check all": 65 at once, queued by the client's reservations.
    await Promise.all(Array.from({ length: 65 }, () => client.phoneNumbers.health(number!.phone_number_id)))
    // 5 per second for the first 60, then the 61st waits for the first one's minute to pass.
    expect(clock.t - start).toBeGreaterThanOrEqual(60_000)
  })
})
