import { ApiError } from './http'

const MINUTE_MS = 60_000

/** D-RATE: the documented 429 body for the general per-key limiter. */
export const RATE_LIMIT_BODY = {
  error: 'Rate limit exceeded',
  message: 'You have exceeded the rate limit. Please try again later.',
} as const

export const HEALTH_RATE_LIMIT_BODY = {
  error: 'Rate limit exceeded',
  message:
    'WhatsApp health checks are limited to 5 requests per second and 60 requests per minute per project.',
} as const

interface Window {
  start: number
  count: number
}

/** Fixed windows aligned to the clock (as Kapso's per-minute limiter), keyed by API key. */
class FixedWindow {
  private readonly windows = new Map<string, Window>()

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts one hit; returns remaining (may be negative when over) and ms until the window resets. */
  hit(key: string, nowMs: number): { remaining: number; resetMs: number } {
    const start = nowMs - (nowMs % this.windowMs)
    let w = this.windows.get(key)
    if (!w || w.start !== start) {
      w = { start, count: 0 }
      this.windows.set(key, w)
    }
    w.count++
    return { remaining: this.limit - w.count, resetMs: start + this.windowMs - nowMs }
  }
}

export class RateLimiter {
  private readonly window: FixedWindow

  constructor(limitPerMinute: number, windowMs: number = MINUTE_MS) {
    this.window = new FixedWindow(limitPerMinute, windowMs)
  }

  /** Headers for this response, or throws the documented 429 (Retry-After in whole seconds). */
  check(key: string, nowMs: number): Record<string, string> {
    const { remaining, resetMs } = this.window.hit(key, nowMs)
    const headers = {
      'X-RateLimit-Limit': String(this.window.limit),
      'X-RateLimit-Remaining': String(Math.max(0, remaining)),
    }
    if (remaining < 0) {
      throw new ApiError(429, RATE_LIMIT_BODY.error, {
        body: RATE_LIMIT_BODY,
        headers: { ...headers, 'Retry-After': String(Math.max(1, Math.ceil(resetMs / 1000))) },
      })
    }
    return headers
  }
}

/** SPEC /health: 5 per second and 60 per minute per project, shared across keys, with its own headers. */
export class HealthRateLimiter {
  private readonly second = new FixedWindow(5, 1000)
  private readonly minute = new FixedWindow(60, MINUTE_MS)

  check(projectId: string, nowMs: number): Record<string, string> {
    const s = this.second.hit(projectId, nowMs)
    const m = this.minute.hit(projectId, nowMs)
    const headers = {
      'X-Health-RateLimit-Second-Limit': '5',
      'X-Health-RateLimit-Second-Remaining': String(Math.max(0, s.remaining)),
      'X-Health-RateLimit-Minute-Limit': '60',
      'X-Health-RateLimit-Minute-Remaining': String(Math.max(0, m.remaining)),
    }
    if (s.remaining < 0 || m.remaining < 0) {
      const waitMs = m.remaining < 0 ? m.resetMs : s.resetMs
      throw new ApiError(429, HEALTH_RATE_LIMIT_BODY.error, {
        body: HEALTH_RATE_LIMIT_BODY,
        headers: { ...headers, 'Retry-After': String(Math.max(1, Math.ceil(waitMs / 1000))) },
      })
    }
    return headers
  }
}
