import type { WebhookDelivery } from '../../../shared/kapso/delivery'
import type {
  DeliveryRecord,
  DeliveryRecordFilter,
  DeliveryRecordPage,
} from '../../../shared/webhooks/deliveryRecords'
import type { DeliveriesApi } from '../../kapso'
import type { EventStore } from '../eventStore'

/** How far from Kapso's timestamps a local arrival still counts as the same delivery. */
const BEFORE_MS = 5_000
const AFTER_MS = 30_000

/**
 * One page of Kapso's delivery records, each linked to the local event it most
 * likely became. Kapso's record carries no idempotency key, so the match is by
 * the webhook URL's path (a listen session's path is unique), the event name and
 * the nearest arrival within the attempt window.
 */
export async function deliveryRecords(
  api: DeliveriesApi,
  store: EventStore,
  filter: DeliveryRecordFilter,
  after: string | undefined,
  limit = 50,
): Promise<DeliveryRecordPage> {
  const page = await api.listPage({
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.event ? { event: filter.event } : {}),
    ...(filter.webhookId ? { webhook_id: filter.webhookId } : {}),
    ...(filter.errorsOnly ? { errors_only: true } : {}),
    ...(filter.period ? { period: filter.period } : {}),
    ...(after ? { after } : {}),
    limit,
  })
  const used = new Set<number>()
  return {
    records: page.items.map((d) => toRecord(d, matchLocal(store, d, used))),
    unreadable: page.unreadable,
    nextCursor: page.nextCursor,
  }
}

/**
 * The local event a delivery record became, or null. Only a delivered record
 * can have one: this receiver answers 200 only once a delivery is stored, so
 * a failed or still pending record never arrived here. Each local event
 * matches one record at most (`used`), so a burst is not all pinned to one row.
 */
export function matchLocal(
  store: EventStore,
  d: WebhookDelivery,
  used: Set<number> = new Set(),
): number | null {
  if (d.status !== 'delivered' || !d.event || !d.created_at) return null
  const path = d.webhook_url ? pathOf(d.webhook_url) : null
  if (!path) return null
  const created = Date.parse(d.created_at)
  const last = d.last_attempt_at ? Date.parse(d.last_attempt_at) : created
  const rows = store.db
    .prepare(
      `SELECT e.id FROM webhook_events e JOIN webhook_deliveries d ON d.id = e.delivery_id
       WHERE e.event_type = ? AND d.path = ? AND e.received_at BETWEEN ? AND ?
       ORDER BY e.duplicate, abs(e.received_at - ?) LIMIT 20`,
    )
    .all(d.event, path, created - BEFORE_MS, last + AFTER_MS, last) as { id: number }[]
  const id = rows.find((r) => !used.has(r.id))?.id ?? null
  if (id !== null) used.add(id)
  return id
}

export function toRecord(d: WebhookDelivery, localEventId: number | null): DeliveryRecord {
  return {
    id: d.id,
    event: d.event ?? null,
    status: d.status ?? null,
    responseStatus: d.response_status ?? null,
    attemptCount: d.attempt_count ?? null,
    createdAt: d.created_at ?? null,
    lastAttemptAt: d.last_attempt_at ?? null,
    deliveredAt: d.delivered_at ?? null,
    failedAt: d.failed_at ?? null,
    webhookId: d.webhook_id ?? null,
    webhookUrl: d.webhook_url ?? null,
    phoneNumberId: d.phone_number_id ?? null,
    localEventId,
  }
}

function pathOf(url: string): string | null {
  try {
    const u = new URL(url)
    return `${u.pathname}${u.search}`
  } catch {
    return null
  }
}
