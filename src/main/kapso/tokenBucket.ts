/**
 * Token buckets that hand out reservations: a caller takes a token now, even
 * into debt, and is told how long to wait. Concurrent callers thus queue in
 * order without a lock.
 */
export class TokenBucket {
  private tokens: number
  private updatedAt: number

  constructor(
    private readonly capacity: number,
    private readonly refillPerMs: number,
    now: number,
  ) {
    this.tokens = capacity
    this.updatedAt = now
  }

  /** Takes one token; returns ms until it is really available (0 = now). */
  reserve(now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.refillPerMs)
    this.updatedAt = now
    this.tokens -= 1
    return this.tokens >= 0 ? 0 : Math.ceil(-this.tokens / this.refillPerMs)
  }
}

/**
 * Kapso limits health checks to 5 per second and 60 per minute per project,
 * across keys (SPEC `/health`); staying under both here keeps the console from
 * spending a minute locked out after a user clicks "check all".
 */
export class HealthLimiter {
  private readonly perSecond: TokenBucket
  private readonly perMinute: TokenBucket

  constructor(now: number, limits: { perSecond?: number; perMinute?: number } = {}) {
    const perSecond = limits.perSecond ?? 5
    const perMinute = limits.perMinute ?? 60
    this.perSecond = new TokenBucket(perSecond, perSecond / 1000, now)
    this.perMinute = new TokenBucket(perMinute, perMinute / 60_000, now)
  }

  reserve(now: number): number {
    return Math.max(this.perSecond.reserve(now), this.perMinute.reserve(now))
  }
}
