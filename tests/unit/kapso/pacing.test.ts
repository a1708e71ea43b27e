import { describe, expect, it } from 'vitest'
import { RatePacer } from '../../../src/main/kapso/pacing'
import { HealthLimiter, TokenBucket } from '../../../src/main/kapso/tokenBucket'

const h = (limit: number, remaining: number) => ({
  'x-ratelimit-limit': String(limit),
  'x-ratelimit-remaining': String(remaining),
})

describe('RatePacer', () => {
  it('does not delay until the API has said anything', () => {
    const p = new RatePacer()
    expect(p.reserve(0)).toBe(0)
    expect(p.reserve(0)).toBe(0)
  })

  it('spreads the remaining requests over the rest of the window', () => {
    const p = new RatePacer()
    p.reserve(0)
    p.observe(h(100, 10), 0)
    // 10 left, 60 s of (estimated) window left: one every 6 s.
    expect(p.reserve(0)).toBe(0)
    p.observe(h(100, 9), 0)
    const wait = p.reserve(0)
    expect(wait).toBeGreaterThanOrEqual(6_000)
    expect(wait).toBeLessThan(7_000)
  })

  it('sends fewer than `remaining` requests before the estimated window ends, whatever the concurrency', () => {
    const p = new RatePacer()
    p.reserve(0)
    p.observe(h(20, 5), 0)
    const slots = Array.from({ length: 8 }, () => p.reserve(0))
    expect(slots.filter((ms) => ms < 60_000).length).toBeLessThanOrEqual(5)
  })

  it('waits for the window end when nothing is left, then forgets the estimate', () => {
    const p = new RatePacer()
    p.reserve(1_000)
    p.observe(h(100, 0), 1_000)
    expect(p.reserve(1_000)).toBe(60_000)
    p.release()
    expect(p.reserve(61_000)).toBe(0)
  })

  it('a 429 Retry-After replaces the estimate', () => {
    const p = new RatePacer()
    p.reserve(0)
    p.observe(h(100, 0), 0, 2_000)
    expect(p.reserve(0)).toBe(2_000)
  })

  it('does nothing when disabled', () => {
    const p = new RatePacer({ enabled: false })
    p.reserve(0)
    p.observe(h(100, 0), 0)
    expect(p.reserve(0)).toBe(0)
  })
})

describe('health limits', () => {
  it('a token returns exactly one window after it was spent', () => {
    const b = new TokenBucket(2, 1_000)
    b.spend(b.earliest(0))
    b.spend(b.earliest(0))
    expect(b.earliest(10)).toBe(1_000)
  })

  it('never lets more than 5 per second or 60 per minute through any window', () => {
    const limiter = new HealthLimiter({ marginMs: 0 })
    const sends = Array.from({ length: 130 }, () => limiter.reserve(0))
    for (const t of sends) {
      expect(sends.filter((s) => s >= t && s < t + 1_000).length).toBeLessThanOrEqual(5)
      expect(sends.filter((s) => s >= t && s < t + 60_000).length).toBeLessThanOrEqual(60)
    }
    expect(sends.slice(0, 5)).toEqual([0, 0, 0, 0, 0])
    expect(sends[60]).toBe(60_000)
  })
})
