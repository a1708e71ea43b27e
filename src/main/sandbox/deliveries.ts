import { createHash, randomUUID } from 'node:crypto'
import { isNumberEvent } from './events'
import { toV1Payload, v1EventName, v2EventName, type WhatsappConfigRef } from './payloadVersions'
import { signWebhookBody } from './signing'
import type { SandboxStore } from './store'
import type { WebhookDelivery, WhatsappWebhook } from './types'
import { postWebhook } from './webhookTransport'

/** Reference 3.4: a receiver has 10 s to answer 200. */
const RESPONSE_TIMEOUT_MS = 10_000

export interface DeliverEventOptions {
  /** Number-scoped events: whose webhooks receive it (defaults to `payload.phone_number_id`). */
  phoneNumberId?: string | null
  /** Send to this one webhook only (what `POST /whatsapp/webhooks/{id}/test` does), ignoring scope and subscriptions. */
  webhookId?: string
  conversationPhoneNumber?: string | null
}

/**
 * Buffering (https://docs.kapso.ai/docs/platform/webhooks/advanced, "Message buffering"):
 * a debounce per conversation; the batch goes when `buffer_window_seconds` pass with
 * no new message or when `max_buffer_size` items are waiting. Defaults 5 s / 50.
 */
const DEFAULT_BUFFER_WINDOW_SECONDS = 5
const DEFAULT_MAX_BUFFER_SIZE = 50

interface MessageBuffer {
  hook: WhatsappWebhook
  event: string
  phoneNumberId: string | null
  conversationId: string | null
  conversationPhoneNumber: string | null
  items: unknown[]
  timer: NodeJS.Timeout | null
  firstSequence: number
  done: Array<(result: DeliveryResult) => void>
}

/** One signed delivery as sent, for tests that want to compare bytes. */
export interface DeliveryResult {
  delivery: WebhookDelivery
  webhook: WhatsappWebhook
  idempotencyKey: string
  body: string
}

/**
 * Sends signed webhook deliveries and retries non-200 answers on the documented
 * schedule (+10 s, +40 s, +90 s by default), recording each delivery in the store.
 */
export class DeliveryEngine {
  private readonly inFlight = new Set<Promise<unknown>>()
  private readonly stop = new AbortController()
  private readonly buffers = new Map<string, MessageBuffer>()
  private sequence = 0

  constructor(
    private readonly store: SandboxStore,
    private readonly now: () => Date,
    private readonly retryDelaysMs: readonly number[],
  ) {}

  /** Active kapso webhooks subscribed to `event` in the scope the reference's scope rule allows. */
  targets(event: string, phoneNumberId: string | null): WhatsappWebhook[] {
    const v2 = v2EventName(event)
    const numberScoped = isNumberEvent(v2)
    return this.store.webhooks.items.filter(
      (w) =>
        w.active &&
        w.kind === 'kapso' &&
        // A v1 subscription names the lifecycle event `whatsapp.config.created` (legacy page).
        (w.events.includes(v2) || w.events.includes(v1EventName(v2))) &&
        (numberScoped
          ? phoneNumberId !== null && w.phone_number_id === phoneNumberId
          : w.phone_number_id === null),
    )
  }

  /** Starts deliveries and resolves once each has been delivered or has failed for good. */
  deliver(event: string, payload: unknown, options: DeliverEventOptions = {}): Promise<DeliveryResult[]> {
    const phoneNumberId =
      options.phoneNumberId !== undefined ? options.phoneNumberId : phoneNumberIdOf(payload)
    let hooks: WhatsappWebhook[]
    if (options.webhookId) {
      const hook = this.store.webhooks.get(options.webhookId)
      hooks = hook ? [hook] : []
    } else hooks = this.targets(event, phoneNumberId)
    const v2 = v2EventName(event)
    const all = Promise.all(
      hooks.map((hook) => {
        const numberId = phoneNumberId ?? hook.phone_number_id
        const v1 = hook.payload_version === 'v1'
        const name = v1 ? v1EventName(v2) : v2
        const item = v1 ? toV1Payload(payload, this.configRef(numberId)) : payload
        if (hook.buffer_enabled && (hook.buffer_events ?? []).includes(v2) && !options.webhookId) {
          return this.buffer(hook, name, item, numberId, options)
        }
        return this.run(hook, name, JSON.stringify(item), numberId, options)
      }),
    )
    this.track(all)
    return all
  }

  /**
   * Forwards a raw Meta payload to the number's active `kind: meta` webhooks, as
   * received from Meta: no filtering, no buffering, no Kapso envelope
   * (https://docs.kapso.ai/api/platform/v1/webhooks/create-webhook: "the exact payload
   * Meta sends, with X-Idempotency-Key header"). The key is the SHA-256 hex of the
   * payload (SKILLS webhooks-overview, as our reference 3.1 notes), so a re-forward
   * of the same Meta payload carries the same key.
   */
  forwardMeta(phoneNumberId: string, metaPayload: unknown): Promise<DeliveryResult[]> {
    const body = JSON.stringify(metaPayload)
    const key = createHash('sha256').update(body).digest('hex')
    const hooks = this.store.webhooks.items.filter(
      (w) => w.active && w.kind === 'meta' && w.phone_number_id === phoneNumberId,
    )
    const all = Promise.all(
      hooks.map((hook) => this.run(hook, null, body, phoneNumberId, {}, { idempotencyKey: key })),
    )
    this.track(all)
    return all
  }

  private configRef(phoneNumberId: string | null): WhatsappConfigRef | null {
    if (!phoneNumberId) return null
    const n = this.store.phoneNumbers.get(phoneNumberId)
    return {
      id: n?.internal_id ?? null,
      phone_number_id: phoneNumberId,
      display_phone_number: n?.display_phone_number ?? null,
      business_account_id: n?.business_account_id ?? null,
      customer_id: n?.customer_id ?? null,
    }
  }

  /** Adds one item to its conversation's buffer; resolves when the batch holding it is delivered or failed. */
  private buffer(
    hook: WhatsappWebhook,
    event: string,
    item: unknown,
    phoneNumberId: string | null,
    options: DeliverEventOptions,
  ): Promise<DeliveryResult> {
    const conversationId = conversationIdOf(item)
    const key = `${hook.id}\u0000${conversationId ?? ''}`
    let buf = this.buffers.get(key)
    if (!buf) {
      buf = {
        hook,
        event,
        phoneNumberId,
        conversationId,
        conversationPhoneNumber: options.conversationPhoneNumber ?? null,
        items: [],
        timer: null,
        firstSequence: this.sequence + 1,
        done: [],
      }
      this.buffers.set(key, buf)
    }
    this.sequence++
    buf.items.push(item)
    const result = new Promise<DeliveryResult>((resolve) => buf.done.push(resolve))
    const max = hook.max_buffer_size ?? DEFAULT_MAX_BUFFER_SIZE
    if (buf.timer) clearTimeout(buf.timer)
    buf.timer = null
    if (buf.items.length >= max) this.flush(key)
    else {
      const windowMs = (hook.buffer_window_seconds ?? DEFAULT_BUFFER_WINDOW_SECONDS) * 1000
      buf.timer = setTimeout(() => this.flush(key), windowMs)
    }
    return result
  }

  /** Sends a buffer as one batched envelope (advanced page, "Batched webhook format"). */
  private flush(key: string): void {
    const buf = this.buffers.get(key)
    if (!buf) return
    this.buffers.delete(key)
    if (buf.timer) clearTimeout(buf.timer)
    const size = buf.items.length
    const envelope = {
      type: buf.event,
      batch: true,
      data: buf.items,
      batch_info: {
        size,
        window_ms: (buf.hook.buffer_window_seconds ?? DEFAULT_BUFFER_WINDOW_SECONDS) * 1000,
        first_sequence: buf.firstSequence,
        last_sequence: buf.firstSequence + size - 1,
        conversation_id: buf.conversationId,
      },
    }
    const sent = this.run(
      buf.hook,
      buf.event,
      JSON.stringify(envelope),
      buf.phoneNumberId,
      { conversationPhoneNumber: buf.conversationPhoneNumber },
      { batchSize: size },
    )
    this.track(sent)
    void sent.then((r) => {
      for (const done of buf.done) done(r)
    })
  }

  /** Resolves when no delivery (including scheduled retries) is outstanding. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight])
  }

  close(): void {
    this.stop.abort()
    // Pending buffers would otherwise hold a timer (and their callers) past the sandbox's life.
    for (const key of [...this.buffers.keys()]) this.flush(key)
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p)
    const done = () => this.inFlight.delete(p)
    p.then(done, done)
  }

  private async run(
    hook: WhatsappWebhook,
    event: string | null,
    body: string,
    phoneNumberId: string | null,
    options: DeliverEventOptions,
    extra: { idempotencyKey?: string; batchSize?: number } = {},
  ): Promise<DeliveryResult> {
    const number = phoneNumberId ? this.store.phoneNumbers.get(phoneNumberId) : undefined
    const delivery: WebhookDelivery = {
      id: randomUUID(),
      event: event ?? 'meta',
      status: 'pending',
      response_status: null,
      delivered_at: null,
      failed_at: null,
      last_attempt_at: null,
      attempt_count: 0,
      created_at: this.now().toISOString(),
      webhook_id: hook.id,
      webhook_url: hook.url,
      whatsapp_config_id: number?.internal_id ?? null,
      phone_number_id: phoneNumberId,
      conversation_phone_number: options.conversationPhoneNumber ?? null,
    }
    this.store.addDelivery(delivery)
    // The same key on every retry, so a receiver can drop duplicates (reference 3.1).
    const idempotencyKey = extra.idempotencyKey ?? randomUUID()
    for (let attempt = 0; ; attempt++) {
      const current = this.store.webhooks.get(hook.id) ?? hook
      const status = await postWebhook(
        current.url,
        this.headers(current, event, body, idempotencyKey, extra.batchSize),
        body,
        RESPONSE_TIMEOUT_MS,
        this.stop.signal,
      )
      const at = this.now().toISOString()
      delivery.attempt_count++
      delivery.last_attempt_at = at
      delivery.response_status = status
      if (status === 200) {
        delivery.status = 'delivered'
        delivery.delivered_at = at
        break
      }
      const delay = this.retryDelaysMs[attempt]
      if (delay === undefined || this.stop.signal.aborted) {
        delivery.status = 'failed'
        delivery.failed_at = at
        break
      }
      await sleep(delay, this.stop.signal)
    }
    return { delivery, webhook: hook, idempotencyKey, body }
  }

  /** Headers as https://docs.kapso.ai/docs/platform/webhooks/overview lists them ("Webhook headers"). */
  private headers(
    hook: WhatsappWebhook,
    event: string | null,
    body: string,
    idempotencyKey: string,
    batchSize: number | undefined,
  ): Record<string, string> {
    const headers: Record<string, string> = {
      // Custom headers first, so a webhook cannot overwrite the signature or event name.
      ...(hook.headers ?? {}),
      'Content-Type': 'application/json',
      'User-Agent': 'Kapso-Sandbox-Webhooks/1.0',
      // Not documented for meta forwards (our reference 3.2, open question 3); the sandbox signs them too.
      'X-Webhook-Signature': signWebhookBody(hook.secret_key ?? '', body),
      'X-Idempotency-Key': idempotencyKey,
    }
    // A meta forward is Meta's payload, not a Kapso event: no event name, no Kapso payload version.
    if (event !== null) {
      headers['X-Webhook-Event'] = event
      headers['X-Webhook-Payload-Version'] = hook.payload_version ?? 'v2'
    }
    if (batchSize !== undefined) {
      headers['X-Webhook-Batch'] = 'true'
      headers['X-Batch-Size'] = String(batchSize)
    }
    return headers
  }
}

function phoneNumberIdOf(payload: unknown): string | null {
  if (payload && typeof payload === 'object' && 'phone_number_id' in payload) {
    const id = (payload as { phone_number_id: unknown }).phone_number_id
    return typeof id === 'string' ? id : null
  }
  return null
}

function conversationIdOf(payload: unknown): string | null {
  if (payload && typeof payload === 'object' && 'conversation' in payload) {
    const c = (payload as { conversation: unknown }).conversation
    if (c && typeof c === 'object' && 'id' in c && typeof (c as { id: unknown }).id === 'string')
      return (c as { id: string }).id
  }
  return null
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
