import { AppError } from '../../shared/ipc/errors'
import type { WhatsappWebhook } from '../../shared/kapso/webhook'
import type { KapsoClient } from '../kapso'

/** A webhook as Kapso returns it; everything but `id` may be null (reference 2.4). */
export interface RemoteWebhook {
  id: string
  url: string | null
  events: string[]
  phoneNumberId: string | null
  secretKey: string | null
  createdAt: string | null
}

/** Which webhook, and which path family it lives under (null = project-scoped). */
export interface WebhookRef {
  id: string
  phoneNumberId: string | null
}

export interface CreateWebhookInput {
  url: string
  events: string[]
  secretKey: string
  /** Number-scoped when given (message/conversation events), project-scoped otherwise. */
  phoneNumberId?: string
}

/** What a listen session needs from the Platform API, injected so tests and the real client can stand in. */
export interface WebhookApi {
  /** Every webhook of the project, both scopes. */
  list(): Promise<RemoteWebhook[]>
  create(input: CreateWebhookInput): Promise<RemoteWebhook>
  /** Deletes at the webhook's own scope's path. */
  delete(webhook: WebhookRef): Promise<void>
  /** Points a webhook at a new URL (the tunnel came back elsewhere), at its own scope's path. */
  update(webhook: WebhookRef, url: string): Promise<void>
  /** Queues a test delivery (`POST /whatsapp/webhooks/{id}/test`). */
  test(id: string, eventType?: string): Promise<void>
  /** The customer's name, for the viewer; null when unknown. */
  customerName?(customerId: string): Promise<string | null>
}

function toRemote(w: WhatsappWebhook): RemoteWebhook {
  return {
    id: w.id,
    url: w.url ?? null,
    events: w.events ?? [],
    phoneNumberId: w.phone_number_id || null,
    secretKey: w.secret_key || null,
    createdAt: w.created_at ?? null,
  }
}

/**
 * Project webhooks and phone-number webhooks live at different paths
 * (openapi-platform.yaml; https://docs.kapso.ai/api/platform/v1/webhooks/update-project-webhook
 * vs https://docs.kapso.ai/api/platform/v1/webhooks/create-webhook): a number-scoped one is
 * read, changed and deleted under `/whatsapp/phone_numbers/{phone_number_id}/webhooks/{id}`.
 * Only the test call has a single path (`POST /whatsapp/webhooks/{id}/test`) for both, and
 * only the project list returns both scopes ("both project-scoped and phone number-scoped").
 */
function familyOf(client: Pick<KapsoClient, 'webhooks'>, webhook: WebhookRef) {
  return webhook.phoneNumberId ? client.webhooks.forNumber(webhook.phoneNumberId) : client.webhooks.project
}

/**
 * The listen session's view of the Platform API, on the shared client
 * (src/main/kapso): its pacing, retry policy (a create is never retried, so a
 * lost answer cannot register a webhook twice; leftovers are found by URL
 * instead), error mapping and response parsing.
 */
export function createWebhookApi(client: Pick<KapsoClient, 'webhooks' | 'customers'>): WebhookApi {
  return {
    async list() {
      const all: RemoteWebhook[] = []
      for await (const page of client.webhooks.project.list({}, { perPage: 100 }))
        all.push(...page.items.map(toRemote))
      return all
    },
    async create(input) {
      const attrs = {
        url: input.url,
        events: input.events,
        secret_key: input.secretKey,
        kind: 'kapso' as const,
      }
      const created = input.phoneNumberId
        ? await client.webhooks.forNumber(input.phoneNumberId).create(attrs)
        : await client.webhooks.project.create(attrs)
      return toRemote(created)
    },
    async delete(webhook) {
      try {
        await familyOf(client, webhook).delete(webhook.id)
      } catch (error) {
        // Already gone is what we wanted.
        if (!(error instanceof AppError && error.code === 'not_found')) throw error
      }
    },
    async update(webhook, url) {
      await familyOf(client, webhook).update(webhook.id, { url })
    },
    async test(id, eventType) {
      await client.webhooks.test(id, eventType ? { event_type: eventType } : {})
    },
    async customerName(customerId) {
      try {
        return (await client.customers.get(customerId)).name ?? null
      } catch {
        return null
      }
    },
  }
}
