/**
 * When a failed request is tried again, and after how long. Pure functions:
 * the request loop owns the clock and the sleeping.
 */

export interface RetryOptions {
  /** Attempts in total, the first included. */
  maxAttempts?: number
  /** First backoff step; doubles per retry, full jitter. */
  baseDelayMs?: number
  maxDelayMs?: number
  /** No retry starts after this much time since the first attempt; the error surfaces instead. */
  maxTotalMs?: number
  /** Injected for deterministic tests. */
  random?: () => number
}

export type RetryPolicy = Required<RetryOptions>

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {
    maxAttempts: options.maxAttempts ?? 4,
    baseDelayMs: options.baseDelayMs ?? 300,
    maxDelayMs: options.maxDelayMs ?? 10_000,
    maxTotalMs: options.maxTotalMs ?? 30_000,
    random: options.random ?? Math.random,
  }
}

/**
 * What went wrong, as far as retrying is concerned:
 * - `rate_limited`: the limiter refused before the API acted, so any method may retry;
 * - `server`: a 5xx — the request may have been applied, so only idempotent ones retry;
 * - `not_sent`: the connection never opened (refused, DNS, connect timeout): safe for any method;
 * - `maybe_sent`: dropped or timed out after sending: only idempotent requests retry;
 * - `final`: an answer that will not change (4xx, bad body, cancelled).
 */
export type FailureKind = 'rate_limited' | 'server' | 'not_sent' | 'maybe_sent' | 'final'

export function isRetryable(kind: FailureKind, idempotent: boolean): boolean {
  switch (kind) {
    case 'rate_limited':
    case 'not_sent':
      return true
    case 'server':
    case 'maybe_sent':
      return idempotent
    case 'final':
      return false
  }
}

/** Full-jitter exponential backoff (AWS architecture blog): spreads a thundering herd. */
export function backoffMs(policy: RetryPolicy, retryIndex: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex)
  return Math.round(cap * policy.random())
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value
  if (!text) return undefined
  const trimmed = text.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}
