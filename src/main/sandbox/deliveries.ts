import { randomUUID } from 'node:crypto'
import { isNumberEvent } from './events'
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

  constructor(
    private readonly store: SandboxStore,
    private readonly now: () => Date,
    private readonly retryDelaysMs: readonly number[],
  ) {}

  /** Active kapso webhooks subscribed to `event` in the scope the reference's scope rule allows. */
  targets(event: string, phoneNumberId: string | null): WhatsappWebhook[] {
    const numberScoped = isNumberEvent(event)
    return this.store.webhooks.items.filter(
      (w) =>
        w.active &&
        w.kind === 'kapso' &&
        w.events.includes(event) &&
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
    const body = JSON.stringify(payload)
    const all = Promise.all(
      hooks.map((hook) => this.run(hook, event, body, phoneNumberId ?? hook.phone_number_id, options)),
    )
    this.track(all)
    return all
  }

  /** Resolves when no delivery (including scheduled retries) is outstanding. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight])
  }

  close(): void {
    this.stop.abort()
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p)
    const done = () => this.inFlight.delete(p)
    p.then(done, done)
  }

  private async run(
    hook: WhatsappWebhook,
    event: string,
    body: string,
    phoneNumberId: string | null,
    options: DeliverEventOptions,
  ): Promise<DeliveryResult> {
    const number = phoneNumberId ? this.store.phoneNumbers.get(phoneNumberId) : undefined
    const delivery: WebhookDelivery = {
      id: randomUUID(),
      event,
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
    const idempotencyKey = randomUUID()
    for (let attempt = 0; ; attempt++) {
      const current = this.store.webhooks.get(hook.id) ?? hook
      const status = await postWebhook(
        current.url,
        this.headers(current, event, body, idempotencyKey),
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

  private headers(
    hook: WhatsappWebhook,
    event: string,
    body: string,
    idempotencyKey: string,
  ): Record<string, string> {
    return {
      // Custom headers first, so a webhook cannot overwrite the signature or event name.
      ...(hook.headers ?? {}),
      'Content-Type': 'application/json',
      'User-Agent': 'Kapso-Sandbox-Webhooks/1.0',
      'X-Webhook-Event': event,
      'X-Webhook-Signature': signWebhookBody(hook.secret_key ?? '', body),
      'X-Idempotency-Key': idempotencyKey,
      'X-Webhook-Payload-Version': hook.payload_version ?? 'v2',
    }
  }
}

function phoneNumberIdOf(payload: unknown): string | null {
  if (payload && typeof payload === 'object' && 'phone_number_id' in payload) {
    const id = (payload as { phone_number_id: unknown }).phone_number_id
    return typeof id === 'string' ? id : null
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
