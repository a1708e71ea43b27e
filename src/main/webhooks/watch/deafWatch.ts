import type { DeafGap, WatchStatus } from '../../../shared/webhooks/watch'
import type { DeliveriesApi } from '../../kapso'
import type { Logger } from '../../log/logger'
import { matchLocal, toRecord } from '../deliveries/deliveryRecords'
import type { EventStore } from '../eventStore'

export interface DeafWatchDeps {
  /** What the watch needs from the listen session; null when not listening. */
  session(): {
    receiverOrigin: string
    webhookUrl: string
    webhookIds: readonly string[]
    /** When the session started: the last moment it is known to have heard, before the first probe. */
    startedAt: number
  } | null
  /** Brings the receiver back on its port after it stopped answering. */
  restartReceiver(): Promise<void>
  /** Whether the tunnel process died (not merely unreachable), and a way to open it again. */
  tunnelDied?(): boolean
  reconnectTunnel?(): Promise<void>
  deliveries(): Promise<DeliveriesApi>
  events(): Promise<EventStore>
  log: Logger
  emit(status: WatchStatus): void
  /** How often to probe; a tick that comes much later than this means the computer slept. */
  everyMs?: number
  now?: () => number
}

const PROBE_TIMEOUT_MS = 5_000
/** Kapso's first attempt can be recorded a moment before the gap we measured began. */
const SLACK_MS = 5_000

/**
 * Keeps the listen session from going silently deaf. Every few seconds it
 * probes the receiver and then the public webhook URL end to end (a GET the
 * receiver answers without storing anything), and notices when a tick comes
 * far too late (the computer slept). When hearing resumes it compares Kapso's
 * delivery records for the gap with what arrived here and reports what was
 * missed, for a banner rather than a log line.
 */
export class DeafWatch {
  private timer: ReturnType<typeof setInterval> | null = null
  private lastTick: number | null = null
  private lastHeard: number | null = null
  private deafSince: number | null = null
  private deafReason: string | null = null
  private lastGap: DeafGap | null = null
  private gapBounds: { from: number; to: number } | null = null
  private busy = false
  private lastReconnect = 0
  private readonly every: number
  private readonly now: () => number

  constructor(private readonly deps: DeafWatchDeps) {
    this.every = deps.everyMs ?? 10_000
    this.now = deps.now ?? Date.now
  }

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.every)
    this.timer.unref?.()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  status(): WatchStatus {
    return {
      deafSince: this.deafSince === null ? null : new Date(this.deafSince).toISOString(),
      deafReason: this.deafReason,
      lastGap: this.lastGap,
    }
  }

  dismiss(): WatchStatus {
    this.lastGap = null
    this.gapBounds = null
    this.publish()
    return this.status()
  }

  /** One probe; also callable directly (tests, or on the OS's resume event). */
  async tick(): Promise<void> {
    if (this.busy) return
    const session = this.deps.session()
    const now = this.now()
    if (!session) {
      this.lastTick = null
      this.lastHeard = null
      if (this.deafSince !== null) {
        this.deafSince = null
        this.deafReason = null
        this.publish()
      }
      return
    }
    this.busy = true
    try {
      // A tick far later than scheduled: the process was suspended, so nothing was heard meanwhile.
      if (this.lastTick !== null && now - this.lastTick > this.every * 3 + 30_000) {
        this.goDeaf(this.lastTick, 'the computer slept or the app was suspended')
      }
      this.lastTick = now
      let heard = await probe(session.receiverOrigin)
      if (!heard) {
        this.goDeaf(this.lastHeard ?? session.startedAt, 'the receiver stopped answering')
        try {
          await this.deps.restartReceiver()
          heard = await probe(session.receiverOrigin)
        } catch (error) {
          this.deps.log.warn('receiver restart failed', { error: String(error) })
        }
      }
      if (heard && !session.webhookUrl.startsWith(session.receiverOrigin)) {
        heard = await probe(session.webhookUrl)
        if (!heard) {
          this.goDeaf(
            this.lastHeard ?? session.startedAt,
            'the public webhook URL (tunnel) stopped answering',
          )
          // A dead tunnel is reopened (at most every 30 s); a new URL then waits for the person's go-ahead.
          if (this.deps.tunnelDied?.() && this.deps.reconnectTunnel && now - this.lastReconnect > 30_000) {
            this.lastReconnect = now
            await this.deps
              .reconnectTunnel()
              .catch((error) => this.deps.log.warn('tunnel reconnect failed', { error: String(error) }))
          }
        }
      }
      if (heard) {
        this.lastHeard = this.now()
        if (this.deafSince !== null) {
          const gap = { from: this.deafSince, to: this.lastHeard, reason: this.deafReason ?? 'unknown' }
          this.deafSince = null
          this.deafReason = null
          await this.reconcile(gap)
        }
      }
    } finally {
      this.busy = false
    }
  }

  private goDeaf(since: number, reason: string): void {
    if (this.deafSince !== null) return
    this.deafSince = since
    this.deafReason = reason
    this.deps.log.warn('listen session went deaf', { reason })
    this.publish()
  }

  /** Compares again (Kapso may have been retrying when the first comparison ran). */
  async recheck(): Promise<WatchStatus> {
    if (this.gapBounds && this.lastGap)
      await this.reconcile({ ...this.gapBounds, reason: this.lastGap.reason })
    return this.status()
  }

  private async reconcile(gap: { from: number; to: number; reason: string }): Promise<void> {
    this.gapBounds = { from: gap.from, to: gap.to }
    const base: DeafGap = {
      from: new Date(gap.from).toISOString(),
      to: new Date(gap.to).toISOString(),
      reason: gap.reason,
      checkedAt: null,
      attempted: 0,
      missed: [],
      error: null,
    }
    this.lastGap = base
    this.publish()
    const ids = new Set(this.deps.session()?.webhookIds ?? [])
    try {
      const api = await this.deps.deliveries()
      const store = await this.deps.events()
      const age = this.now() - gap.from
      const period = age < 23 * 3600_000 ? '24h' : age < 6.9 * 86_400_000 ? '7d' : '30d'
      let attempted = 0
      const missed: DeafGap['missed'] = []
      const used = new Set<number>()
      walk: for await (const page of api.list({ period })) {
        for (const d of page.items) {
          // A record without a time cannot be placed in the gap.
          if (!d.created_at) continue
          const created = Date.parse(d.created_at)
          // Newest first: once past the gap's start, the rest is older still.
          if (created < gap.from - SLACK_MS) break walk
          if (created > gap.to || !d.webhook_id || !ids.has(d.webhook_id)) continue
          attempted++
          if (matchLocal(store, d, used) === null) missed.push(toRecord(d, null))
        }
      }
      this.lastGap = { ...base, checkedAt: new Date(this.now()).toISOString(), attempted, missed }
    } catch (error) {
      this.lastGap = {
        ...base,
        checkedAt: new Date(this.now()).toISOString(),
        error: `Kapso’s delivery records could not be read (${(error as Error).message}); press “Check again” when back online.`,
      }
    }
    this.publish()
  }

  private publish(): void {
    this.deps.emit(this.status())
  }
}

async function probe(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
    await res.body?.cancel()
    return res.ok
  } catch {
    return false
  }
}
