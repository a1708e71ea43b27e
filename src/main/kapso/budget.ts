/**
 * One request budget per API key, shared by every capability (reference 1.9:
 * Kapso limits each key to a fixed number of requests a minute, 100–2,000 by
 * plan, counted in fixed one-minute windows).
 *
 * Every call asks for a send slot with its priority and waits in one queue:
 * - `interactive`: a person is waiting for the answer (a click, a form);
 * - `polling`: connection checks that a person is watching for;
 * - `background`: sync pages, outbox replays, status refreshes.
 * A lower priority never overtakes a waiting higher one, and each priority may
 * use only its share of the limit in any window (background 80%, polling 90%,
 * interactive all of it), so a full sync leaves a reserve and a click is sent
 * next, not after the sync's queue.
 *
 * Our own sends are counted in a sliding window (never more than the share in
 * any span of one window, whatever the alignment of Kapso's fixed windows),
 * with a small margin for travel time. The server's `X-RateLimit-*` headers
 * adapt it: the limit is learned from `X-RateLimit-Limit`, and
 * `X-RateLimit-Remaining` (which also counts other users of the same key) holds
 * a priority back once what is left is the reserve of the ones above it. A
 * 429's `Retry-After` is the one exact reset time the API gives: nothing is
 * sent before it.
 *
 * Until an answer carries the headers, nothing is paced (a sandbox without a
 * limit, a lone click after start-up).
 */

export type CallPriority = 'interactive' | 'polling' | 'background'

const RANK: Record<CallPriority, number> = { interactive: 0, polling: 1, background: 2 }

export const DEFAULT_SHARES: Readonly<Record<CallPriority, number>> = {
  interactive: 1,
  polling: 0.9,
  background: 0.8,
}

export interface BudgetOptions {
  /** Off for tests and benchmarks that want raw speed. */
  enabled?: boolean
  /** Kapso's window: one minute. Benches shorten it together with the sandbox's. */
  windowMs?: number
  /** Fraction of the limit each priority may use in any window. */
  shares?: Partial<Record<CallPriority, number>>
  /** Added to each window: travel time between our send and Kapso's count (default 2% of the window). */
  marginMs?: number
}

export interface BudgetSnapshot {
  /** Requests per window, as `X-RateLimit-Limit` last said; null until an answer said. */
  limit: number | null
  windowMs: number
  /** Requests each priority may send per window (null while the limit is unknown). */
  capacity: Record<CallPriority, number> | null
  /** Sent since this budget was made, per priority. */
  sent: Record<CallPriority, number>
  waiting: Record<CallPriority, number>
}

type HeaderValue = string | string[] | undefined

function headerInt(value: HeaderValue): number | undefined {
  const text = Array.isArray(value) ? value[0] : value
  if (text === undefined) return undefined
  const n = Number.parseInt(text, 10)
  return Number.isFinite(n) && n >= 0 ? n : undefined
}

interface Waiter {
  priority: CallPriority
  seq: number
  resolve(): void
  reject(reason: unknown): void
  signal: AbortSignal | undefined
  onAbort: (() => void) | undefined
}

export class ApiBudget {
  private readonly enabled: boolean
  readonly windowMs: number
  private readonly marginMs: number
  private readonly shares: Record<CallPriority, number>
  private limit: number | null = null
  /** Our sends still inside the (margin-widened) window, oldest first. */
  private readonly recent: Array<{ at: number; priority: CallPriority }> = []
  private readonly queue: Waiter[] = []
  private seq = 0
  /** When the pending wake-up fires (Infinity: none pending). */
  private wakeUpAt = Number.POSITIVE_INFINITY
  /** Nothing goes out before this (a 429's Retry-After). */
  private blockedUntil = 0
  /** The server's count: what was left at the last answer, and when its window ends at the latest. */
  private server: { remaining: number; windowEndsAt: number } | null = null
  /** Sent but not yet answered: the server's `remaining` does not count them yet. */
  private pending = 0
  private readonly sentBy: Record<CallPriority, number> = { interactive: 0, polling: 0, background: 0 }

  constructor(
    options: BudgetOptions,
    private readonly now: () => number,
    /** The client's sleep, so tests with a virtual clock wake the queue with it. */
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.enabled = options.enabled ?? true
    this.windowMs = options.windowMs ?? 60_000
    // Our clock and Kapso's count differ by the travel time and its jitter: 2% of the window (1.2 s a minute).
    this.marginMs = options.marginMs ?? Math.max(50, Math.round(this.windowMs * 0.02))
    this.shares = { ...DEFAULT_SHARES, ...options.shares }
  }

  /** Resolves when this call may be sent; rejects with the signal's reason if cancelled while waiting. */
  acquire(priority: CallPriority, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason)
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { priority, seq: this.seq++, resolve, reject, signal, onAbort: undefined }
      if (signal) {
        waiter.onAbort = () => {
          const i = this.queue.indexOf(waiter)
          if (i >= 0) this.queue.splice(i, 1)
          reject(signal.reason)
          this.pump()
        }
        signal.addEventListener('abort', waiter.onAbort, { once: true })
      }
      // Ordered by priority, then arrival.
      let i = this.queue.length
      while (i > 0 && RANK[this.queue[i - 1]!.priority] > RANK[priority]) i--
      this.queue.splice(i, 0, waiter)
      this.pump()
    })
  }

  /** Records an answer's rate-limit headers. `retryAfterMs` is set for a 429. */
  observe(headers: Record<string, HeaderValue>, retryAfterMs?: number): void {
    const at = this.now()
    this.pending = Math.max(0, this.pending - 1)
    if (retryAfterMs !== undefined) {
      this.blockedUntil = Math.max(this.blockedUntil, at + retryAfterMs)
      this.server = { remaining: 0, windowEndsAt: at + retryAfterMs }
    }
    const limit = headerInt(headers['x-ratelimit-limit'])
    const remaining = headerInt(headers['x-ratelimit-remaining'])
    if (limit !== undefined && limit > 0) this.limit = limit
    if (limit !== undefined && remaining !== undefined && retryAfterMs === undefined) {
      const previous = this.server
      // More left than before means a new window began somewhere before `at`: it ends by at + window.
      const windowEndsAt =
        !previous || remaining > previous.remaining || at >= previous.windowEndsAt
          ? at + this.windowMs + this.marginMs
          : previous.windowEndsAt
      this.server = { remaining, windowEndsAt }
    }
    this.pump()
  }

  /** A request that got no answer (socket error, cancelled) frees its pending mark. */
  release(): void {
    this.pending = Math.max(0, this.pending - 1)
    this.pump()
  }

  snapshot(): BudgetSnapshot {
    const waiting: Record<CallPriority, number> = { interactive: 0, polling: 0, background: 0 }
    for (const w of this.queue) waiting[w.priority]++
    return {
      limit: this.limit,
      windowMs: this.windowMs,
      capacity:
        this.limit === null
          ? null
          : {
              interactive: this.capacity('interactive', this.limit),
              polling: this.capacity('polling', this.limit),
              background: this.capacity('background', this.limit),
            },
      sent: { ...this.sentBy },
      waiting,
    }
  }

  /** Requests `priority` may send per window at `limit`: at least one, so a tiny plan still moves. */
  private capacity(priority: CallPriority, limit: number): number {
    return Math.max(1, Math.floor(limit * this.shares[priority]))
  }

  private pump(): void {
    const now = this.now()
    this.prune(now)
    let blockedRank = Number.POSITIVE_INFINITY
    let wakeAt = Number.POSITIVE_INFINITY
    for (let i = 0; i < this.queue.length; ) {
      const w = this.queue[i]!
      const rank = RANK[w.priority]
      // Strict order: nothing of this priority or below overtakes a waiting one.
      if (rank >= blockedRank) break
      const at = this.enabled ? this.earliest(w.priority, now) : now
      if (at > now) {
        blockedRank = rank
        wakeAt = Math.min(wakeAt, at)
        i++
        continue
      }
      this.queue.splice(i, 1)
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort)
      this.recent.push({ at: now, priority: w.priority })
      this.sentBy[w.priority]++
      this.pending++
      w.resolve()
    }
    if (wakeAt !== Number.POSITIVE_INFINITY) this.wakeAt(wakeAt, now)
  }

  /** The earliest time a call of `priority` may go, given what was sent and what the server said. */
  private earliest(priority: CallPriority, now: number): number {
    let at = Math.max(now, this.blockedUntil)
    const limit = this.limit
    if (limit === null) return at
    const span = this.windowMs + this.marginMs
    // All sends together stay under the limit; this priority and the ones below it under its share.
    const all = this.recent
    if (all.length >= limit) at = Math.max(at, all[all.length - limit]!.at + span)
    const cap = this.capacity(priority, limit)
    const rank = RANK[priority]
    const mine = all.filter((s) => RANK[s.priority] >= rank)
    if (mine.length >= cap) at = Math.max(at, mine[mine.length - cap]!.at + span)
    // The server's count includes other users of the key: leave the reserve of the priorities above.
    if (this.server && now < this.server.windowEndsAt) {
      const reserve = limit - cap
      if (this.server.remaining - this.pending <= reserve) at = Math.max(at, this.server.windowEndsAt)
    }
    return at
  }

  private prune(now: number): void {
    const span = this.windowMs + this.marginMs
    while (this.recent.length && this.recent[0]!.at + span <= now) this.recent.shift()
  }

  private wakeAt(at: number, now: number): void {
    // An earlier wake-up already pending covers this one (each pump re-plans the next).
    if (this.wakeUpAt <= at) return
    this.wakeUpAt = at
    void this.sleep(Math.max(1, at - now)).then(() => {
      if (this.wakeUpAt === at) this.wakeUpAt = Number.POSITIVE_INFINITY
      this.pump()
    })
  }
}
