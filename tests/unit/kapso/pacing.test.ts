import { describe, expect, it } from 'vitest'
import { ApiBudget, type BudgetOptions, type CallPriority } from '../../../src/main/kapso/budget'
import { HealthLimiter, TokenBucket } from '../../../src/main/kapso/tokenBucket'

const h = (limit: number, remaining: number) => ({
  'x-ratelimit-limit': String(limit),
  'x-ratelimit-remaining': String(remaining),
})

/** A virtual clock: sleeps resolve when `advance` moves past them. */
function clock() {
  let t = 0
  const sleepers: Array<{ at: number; wake: () => void }> = []
  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((wake) => sleepers.push({ at: t + ms, wake })),
    async advance(ms: number) {
      t += ms
      for (const s of sleepers.splice(0)) {
        if (s.at <= t) s.wake()
        else sleepers.push(s)
      }
      await flush()
    },
  }
}
const flush = () => new Promise<void>((r) => setImmediate(r))

function budget(options: BudgetOptions = {}) {
  const c = clock()
  const b = new ApiBudget({ marginMs: 0, windowMs: 1000, ...options }, c.now, c.sleep)
  const granted: string[] = []
  const ask = (priority: CallPriority, tag: string = priority, signal?: AbortSignal) =>
    b.acquire(priority, signal).then(
      () => {
        granted.push(tag)
      },
      () => {
        granted.push(`${tag}:cancelled`)
      },
    )
  /** One answer saying the key's limit, as the sandbox sends it. */
  const answer = (limit: number, remaining: number) => b.observe(h(limit, remaining))
  return { b, c, granted, ask, answer }
}

describe('ApiBudget', () => {
  it('does not hold anything back until an answer has said the limit', async () => {
    const { ask, granted } = budget()
    for (let i = 0; i < 50; i++) void ask('background')
    await flush()
    expect(granted).toHaveLength(50)
  })

  it('background uses at most its share of a window; interactive may use the reserve', async () => {
    const { ask, granted, answer, b, c } = budget()
    void ask('background', 'first')
    await flush()
    answer(10, 9)
    for (let i = 0; i < 20; i++) void ask('background')
    await flush()
    // 10 a window, background 80%: 8 in all, the first included.
    expect(granted.filter((g) => g !== 'interactive')).toHaveLength(8)
    void ask('interactive')
    void ask('interactive')
    await flush()
    expect(granted.filter((g) => g === 'interactive')).toHaveLength(2)
    // The limit is spent: a third interactive call waits for the window like everyone.
    void ask('interactive')
    await flush()
    expect(granted.filter((g) => g === 'interactive')).toHaveLength(2)
    expect(b.snapshot().waiting).toEqual({ interactive: 1, polling: 0, background: 13 })
    await c.advance(1000)
    // A new window: the waiting interactive call goes first, then background up to its share again.
    expect(granted[10]).toBe('interactive')
    expect(b.snapshot().sent.background).toBe(8 + 8)
  })

  it('a call of higher priority is sent before every waiting lower one, in arrival order within a priority', async () => {
    const { ask, granted, answer, c } = budget()
    void ask('background', 'b0')
    await flush()
    answer(1, 0)
    void ask('background', 'b1')
    void ask('polling', 'p1')
    void ask('background', 'b2')
    void ask('interactive', 'i1')
    void ask('polling', 'p2')
    void ask('interactive', 'i2')
    await flush()
    for (let i = 0; i < 6; i++) await c.advance(1000)
    expect(granted).toEqual(['b0', 'i1', 'i2', 'p1', 'p2', 'b1', 'b2'])
  })

  it("leaves the reserve when the server's count says others used the key", async () => {
    const { ask, granted, answer, c } = budget()
    void ask('background', 'b0')
    await flush()
    // Another client of the same key has used 7 of 10 this window: 3 left, the reserve is 2.
    answer(10, 3)
    void ask('background', 'b1')
    void ask('background', 'b2')
    await flush()
    expect(granted).toEqual(['b0', 'b1'])
    void ask('interactive', 'i1')
    await flush()
    expect(granted).toEqual(['b0', 'b1', 'i1'])
    await c.advance(1000)
    expect(granted).toEqual(['b0', 'b1', 'i1', 'b2'])
  })

  it("a 429's Retry-After holds every priority until it has passed", async () => {
    const { ask, granted, b, c } = budget()
    void ask('interactive', 'i0')
    await flush()
    b.observe(h(100, 0), 3000)
    void ask('interactive', 'i1')
    await c.advance(2999)
    expect(granted).toEqual(['i0'])
    await c.advance(1)
    expect(granted).toEqual(['i0', 'i1'])
  })

  it('a cancelled waiter leaves the queue and the ones behind it move up', async () => {
    const { ask, granted, answer, c } = budget()
    void ask('interactive', 'i0')
    await flush()
    answer(1, 0)
    const stop = new AbortController()
    void ask('interactive', 'gone', stop.signal)
    void ask('background', 'b1')
    await flush()
    stop.abort()
    await flush()
    await c.advance(1000)
    expect(granted).toEqual(['i0', 'gone:cancelled', 'b1'])
  })

  it('does nothing when disabled', async () => {
    const { ask, granted, answer } = budget({ enabled: false })
    void ask('background')
    await flush()
    answer(1, 0)
    for (let i = 0; i < 10; i++) void ask('background')
    await flush()
    expect(granted).toHaveLength(11)
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
