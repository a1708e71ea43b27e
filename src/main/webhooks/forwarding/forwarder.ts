import type { LookupFunction } from 'node:net'
import { AppError } from '../../../shared/ipc/errors'
import {
  type ForwardAttempt,
  type ForwardSettings,
  ForwardSettingsSchema,
  type ReplayInput,
} from '../../../shared/webhooks/forwarding'
import type { Logger } from '../../log/logger'
import { checkTarget, type TargetVerdict } from '../../security/forwardTargets'
import type { EventStore, StoredDelivery } from '../eventStore'
import type { SecretRing } from '../lab/secretRing'
import { signBody } from '../signature'
import { ForwardLog, type NewAttempt } from './forwardLog'
import { forwardHeaders } from './headers'
import { routeFor } from './routes'
import { sendForward } from './send'

const DEFAULT_SETTINGS: ForwardSettings = {
  enabled: false,
  target: '',
  routes: [],
  signing: { mode: 'original' },
  allowedHosts: [],
}
/** An unconfirmed host is named in `confirmHost`, so the page can offer the confirm step for exactly it. */
function confirmField(verdict: TargetVerdict): { confirmHost?: string[] } {
  return !verdict.ok && verdict.reason === 'unconfirmed' && verdict.host
    ? { confirmHost: [verdict.host] }
    : {}
}

/** Forwards run a few at a time, so a burst of deliveries does not flood a dev server. */
const CONCURRENCY = 4

export interface ForwarderDeps {
  events: () => Promise<EventStore>
  secrets: SecretRing
  log: Logger
  /** Each attempt as it starts and as it finishes. */
  emit(attempt: ForwardAttempt): void
  /** How forward hosts resolve; `dns.lookup` by default (tests make a name resolve where they need). */
  lookup?: LookupFunction
}

interface DeliveryRow {
  id: string
  headers: string
  body: Uint8Array
}

/**
 * Forwarding, replay and retry of stored deliveries to local URLs. Every
 * attempt is a row in `webhook_forwards` before it is sent, so a crash or a
 * refused connection leaves a failed attempt to retry, never a lost one.
 */
export class Forwarder {
  private running = 0
  private sincePrune = 0
  private readonly queue: Array<() => Promise<void>> = []
  private settingsCache: { store: EventStore; value: ForwardSettings } | null = null

  constructor(private readonly deps: ForwarderDeps) {}

  async settings(): Promise<ForwardSettings> {
    const store = await this.deps.events()
    if (this.settingsCache?.store === store) return this.settingsCache.value
    const saved = store.getSetting('forwarding')
    const parsed = saved ? ForwardSettingsSchema.safeParse(JSON.parse(saved)) : null
    const value = parsed?.success ? parsed.data : DEFAULT_SETTINGS
    this.settingsCache = { store, value }
    return value
  }

  async updateSettings(next: ForwardSettings): Promise<ForwardSettings> {
    for (const host of next.allowedHosts) {
      const verdict = checkTarget(`http://${host.includes(':') ? `[${host}]` : host}/`, [host])
      if (!verdict.ok) {
        throw new AppError('validation', `${host} cannot be allowed. ${verdict.message}`, {
          fields: { allowedHosts: [verdict.message] },
        })
      }
    }
    if (next.target) {
      const verdict = checkTarget(next.target, next.allowedHosts)
      if (!verdict.ok) {
        throw new AppError('validation', verdict.message, {
          fields: { target: [verdict.message], ...confirmField(verdict) },
        })
      }
      for (const route of next.routes) routeFor(next, route.eventType)
    }
    if (next.signing.mode === 'resign' && !(await this.deps.secrets.value(next.signing.secretId))) {
      throw new AppError(
        'validation',
        'That saved secret is gone; save it again in the signature lab, then choose it.',
      )
    }
    const store = await this.deps.events()
    store.setSetting('forwarding', JSON.stringify(next))
    this.settingsCache = { store, value: next }
    return next
  }

  /** Called by the listen session after deliveries are stored; never blocks the receiver. */
  onStored(stored: readonly StoredDelivery[]): void {
    const cached = this.settingsCache?.value
    if (cached && !cached.enabled) return
    void this.settings().then((settings) => {
      if (!settings.enabled || !settings.target) return
      for (const delivery of stored) {
        const first = delivery.events[0]
        this.enqueue(() =>
          this.forwardDelivery(
            delivery.deliveryId,
            first?.id ?? null,
            first?.eventType ?? null,
            settings,
          ).then(() => {}),
        )
      }
    })
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue.push(work)
    this.pump()
  }

  private pump(): void {
    while (this.running < CONCURRENCY && this.queue.length) {
      const work = this.queue.shift()!
      this.running++
      work()
        .catch((error) => this.deps.log.warn('webhook forward failed', { error: String(error) }))
        .finally(() => {
          this.running--
          this.pump()
        })
    }
  }

  /** Resolves when every queued forward has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running || this.queue.length) await new Promise((r) => setTimeout(r, 10))
  }

  private async log(): Promise<ForwardLog> {
    return new ForwardLog((await this.deps.events()).db)
  }

  private async delivery(deliveryId: string): Promise<DeliveryRow> {
    const row = (await this.deps.events()).db
      .prepare('SELECT id, headers, body FROM webhook_deliveries WHERE id = ?')
      .get(deliveryId) as DeliveryRow | undefined
    if (!row)
      throw new AppError('not_found', 'That event is no longer stored (cleared or past the retention limit).')
    return row
  }

  private async signatureFor(
    signing: ForwardSettings['signing'],
    body: Uint8Array,
  ): Promise<string | undefined> {
    if (signing.mode === 'original') return undefined
    const secret = await this.deps.secrets.value(signing.secretId)
    if (!secret)
      throw new AppError('validation', 'The secret chosen for re-signing is no longer saved; choose another.')
    return signBody(secret, body)
  }

  private async forwardDelivery(
    deliveryId: string,
    eventId: number | null,
    eventType: string | null,
    settings: ForwardSettings,
  ): Promise<ForwardAttempt> {
    const d = await this.delivery(deliveryId)
    const body = Buffer.from(d.body)
    const signature = await this.signatureFor(settings.signing, body)
    return this.attempt(
      {
        kind: 'forward',
        deliveryId,
        eventId,
        eventType,
        url: routeFor(settings, eventType),
        signing: signature === undefined ? 'original' : 'resigned',
        headers: forwardHeaders(JSON.parse(d.headers) as [string, string][], signature),
        body: null,
        startedAt: Date.now(),
        retryOf: null,
      },
      body,
    )
  }

  /** Sends one request and records it; the row exists before the request leaves. */
  async attempt(a: NewAttempt, bodyToSend: Uint8Array): Promise<ForwardAttempt> {
    // Every send (forward, retry, replay, trigger) passes the target policy; a refused one never leaves.
    const { allowedHosts } = await this.settings()
    const verdict = checkTarget(a.url, allowedHosts)
    if (!verdict.ok) {
      throw new AppError('validation', verdict.message, {
        fields: { url: [verdict.message], ...confirmField(verdict) },
      })
    }
    const log = await this.log()
    const id = log.begin(a)
    this.emitAttempt(log, id)
    const result = await sendForward(a.url, a.headers, bodyToSend, { allowedHosts, lookup: this.deps.lookup })
    log.finish(id, result)
    if (++this.sincePrune >= 500) {
      this.sincePrune = 0
      log.prune()
    }
    return this.emitAttempt(log, id)
  }

  private emitAttempt(log: ForwardLog, id: number): ForwardAttempt {
    const attempt = log.get(id)!
    this.deps.emit(attempt)
    return attempt
  }

  /** Sends a recorded attempt again, exactly as it was sent; the failed row stays as it was. */
  async retry(id: number): Promise<ForwardAttempt> {
    const log = await this.log()
    const row = log.request(id)
    if (!row) throw new AppError('not_found', 'That forward is no longer stored.')
    if (row.state === 'pending')
      throw new AppError('conflict', 'That forward is still running; wait for its answer.')
    const body = row.request_body ?? row.delivery_body
    if (!body) throw new AppError('not_found', 'The event this forward carried is no longer stored.')
    return this.attempt(
      {
        kind: row.kind,
        deliveryId: row.delivery_id,
        eventId: row.event_id,
        eventType: row.event_type,
        url: row.url,
        signing: row.signing,
        headers: JSON.parse(row.request_headers) as [string, string][],
        body: row.request_body,
        startedAt: Date.now(),
        retryOf: id,
      },
      body,
    )
  }

  /** Sends a stored event again, optionally with an edited body and a new signature. */
  async replay(input: ReplayInput): Promise<ForwardAttempt> {
    const store = await this.deps.events()
    const event = store.get(input.eventId, '')
    const d = await this.delivery(event.deliveryId)
    const original = Buffer.from(d.body)
    const edited = input.body !== undefined && !Buffer.from(input.body).equals(original)
    const body = edited ? Buffer.from(input.body!) : original
    const settings = await this.settings()
    const url = input.url ?? routeFor(settings, event.eventType)
    let signature: string | undefined
    if (input.resignWith) {
      const secret = await this.deps.secrets.value(input.resignWith)
      if (!secret) throw new AppError('validation', 'That saved secret is gone; save it again, then replay.')
      signature = signBody(secret, body)
    } else if (settings.signing.mode === 'resign') signature = await this.signatureFor(settings.signing, body)
    return this.attempt(
      {
        kind: 'replay',
        deliveryId: event.deliveryId,
        eventId: event.id,
        eventType: event.eventType,
        url,
        signing: signature === undefined ? 'original' : 'resigned',
        headers: forwardHeaders(JSON.parse(d.headers) as [string, string][], signature),
        body: edited ? body : null,
        startedAt: Date.now(),
        retryOf: null,
      },
      body,
    )
  }

  async forEvent(eventId: number): Promise<ForwardAttempt[]> {
    const store = await this.deps.events()
    const event = store.get(eventId, '')
    return (await this.log()).forEvent(eventId, event.deliveryId)
  }

  async recent(): Promise<{ attempts: ForwardAttempt[]; failedUnretried: number }> {
    const log = await this.log()
    return { attempts: log.recent(100), failedUnretried: log.failedCount() }
  }
}
