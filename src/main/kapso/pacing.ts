/**
 * Client-side pacing against Kapso's fixed one-minute window per key
 * (reference 1.9). The API says how much is left (`X-RateLimit-Remaining`)
 * but not when the window resets, so the reset is estimated on the safe side:
 * a window seen at time t ends no later than t + window. Requests are then
 * spaced so the remaining ones spread over what is left of the window: a full
 * sync slows down instead of meeting a 429, and a lone click after idling is
 * never delayed.
 */

export interface PacingOptions {
  /** Off for tests and benchmarks that want raw speed. */
  enabled?: boolean
  windowMs?: number
}

type HeaderValue = string | string[] | undefined

function headerInt(value: HeaderValue): number | undefined {
  const text = Array.isArray(value) ? value[0] : value
  if (text === undefined) return undefined
  const n = Number.parseInt(text, 10)
  return Number.isFinite(n) && n >= 0 ? n : undefined
}

export class RatePacer {
  private readonly enabled: boolean
  private readonly windowMs: number
  private remaining: number | undefined
  private windowEndsAt = 0
  private nextSlotAt = 0
  /** Sent but not yet answered: the server's `remaining` does not count them yet. */
  private pending = 0

  constructor(options: PacingOptions = {}) {
    this.enabled = options.enabled ?? true
    this.windowMs = options.windowMs ?? 60_000
  }

  /** Books a send slot; returns how long to wait before sending (0 = now). */
  reserve(now: number): number {
    this.pending++
    if (!this.enabled || this.remaining === undefined) return 0
    if (now >= this.windowEndsAt) {
      // The estimated window is over for sure: forget it until the next answer says otherwise.
      this.remaining = undefined
      return 0
    }
    const budget = this.remaining - (this.pending - 1)
    if (budget <= 0) {
      const slot = Math.max(this.windowEndsAt, this.nextSlotAt)
      this.nextSlotAt = slot
      return slot - now
    }
    const interval = (this.windowEndsAt - now) / budget
    const slot = Math.max(now, this.nextSlotAt)
    this.nextSlotAt = slot + interval
    return slot - now
  }

  /**
   * Records an answer's rate-limit headers; `at` is when it arrived. A 429's
   * `Retry-After` is the one exact reset time the API gives, so it replaces the estimate.
   */
  observe(headers: Record<string, HeaderValue>, at: number, retryAfterMs?: number): void {
    this.pending = Math.max(0, this.pending - 1)
    if (retryAfterMs !== undefined) {
      this.remaining = 0
      this.windowEndsAt = at + retryAfterMs
      this.nextSlotAt = Math.min(this.nextSlotAt, this.windowEndsAt)
      return
    }
    const remaining = headerInt(headers['x-ratelimit-remaining'])
    if (remaining === undefined || headerInt(headers['x-ratelimit-limit']) === undefined) return
    // A higher count than before means a new window began somewhere before `at`; assume the latest.
    if (this.remaining === undefined || remaining > this.remaining || at >= this.windowEndsAt) {
      this.windowEndsAt = at + this.windowMs
    }
    this.remaining = remaining
  }

  /** A request that got no answer (socket error, cancelled) frees its slot. */
  release(): void {
    this.pending = Math.max(0, this.pending - 1)
  }
}
