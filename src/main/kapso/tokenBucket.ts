/**
 * Client-side limits for the health endpoint: Kapso allows 5 checks per second
 * and 60 per minute per project, across keys (SPEC `/health`), and counts them
 * in fixed windows. A bucket with a constant refill rate would let up to twice
 * the limit through one fixed window (a full bucket plus a window's refill), so
 * here each token comes back exactly one window after it was spent: never more
 * than `limit` sends in any window, whatever its alignment.
 */
export class TokenBucket {
  /** Send times of the last `limit` reservations, oldest first. */
  private readonly spent: number[] = []

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** The earliest time a token is free, at or after `now`. */
  earliest(now: number): number {
    if (this.spent.length < this.limit) return now
    return Math.max(now, this.spent[this.spent.length - this.limit]! + this.windowMs)
  }

  /** Spends a token at `at` (a time this bucket said was free). */
  spend(at: number): void {
    this.spent.push(at)
    if (this.spent.length > this.limit) this.spent.shift()
  }
}

/**
 * Both health limits at once. Reservations are handed out in call order, so
 * concurrent checks queue without a lock; a small margin absorbs the travel
 * time between our send and Kapso's count.
 */
export class HealthLimiter {
  private readonly buckets: TokenBucket[]

  constructor(limits: { perSecond?: number; perMinute?: number; marginMs?: number } = {}) {
    this.margin = limits.marginMs ?? 50
    this.buckets = [
      new TokenBucket(limits.perSecond ?? 5, 1000 + this.margin),
      new TokenBucket(limits.perMinute ?? 60, 60_000 + this.margin),
    ]
  }

  private readonly margin: number

  /** Books a slot in both buckets; returns ms to wait before sending. */
  reserve(now: number): number {
    const at = Math.max(...this.buckets.map((b) => b.earliest(now)))
    for (const bucket of this.buckets) bucket.spend(at)
    return at - now
  }
}
