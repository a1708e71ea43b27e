import type { Timeline } from '../../shared/connections/timeline'
import type { Redactor } from '../log/redact'
import { LinkStore } from '../setupLinks/linkStore'
import type { Database } from '../store/database'

export const BUNDLE_FORMAT = 'kapso-console-support-bundle/1'

/**
 * A setup link's URL carries the token that opens the tenant's onboarding:
 * the bundle keeps the host and the last four characters, enough to match it.
 */
export function redactSetupUrl(url: string): string {
  try {
    const parsed = new URL(url)
    const parts = parsed.pathname.split('/')
    const token = parts.at(-1) ?? ''
    parts[parts.length - 1] = token.length > 4 ? `…${token.slice(-4)}` : '…'
    return `${parsed.origin}${parts.join('/')}`
  } catch {
    return '[unparseable url]'
  }
}

/**
 * One customer's support bundle: what a ticket needs and nothing that opens a
 * door. Built from allow-listed fields only (no request headers, no bodies,
 * so no message text and no signatures); redirect URLs are reduced to their
 * origin; finally every string passes the log redactor, which cuts out any
 * registered API key or webhook secret that slipped into a message.
 */
export function buildSupportBundle(input: {
  db: Database
  customerId: string
  timeline: Timeline
  project: { name: string; environment: string }
  appVersion: string
  nowIso: string
  redactor: Redactor
}): string {
  const { db, customerId } = input
  const customer = db
    .prepare('SELECT id, name, external_customer_id, created_at, connection FROM customers WHERE id = ?')
    .get(customerId) as Record<string, unknown> | undefined
  const links = new LinkStore(db).forCustomer(customerId).map((row) => {
    const raw = JSON.parse(row.raw) as Record<string, unknown>
    return {
      id: row.id,
      status: row.status,
      url: redactSetupUrl(row.url),
      created_at: row.created_at,
      expires_at: row.expires_at,
      whatsapp_setup_status: raw.whatsapp_setup_status ?? null,
      whatsapp_setup_error: raw.whatsapp_setup_error ?? null,
      allowed_connection_types: raw.allowed_connection_types ?? [],
      language: raw.language ?? null,
      success_redirect_origin: origin(raw.success_redirect_url),
      failure_redirect_origin: origin(raw.failure_redirect_url),
    }
  })
  const numbers = db
    .prepare(
      `SELECT phone_number_id, display_phone_number, verified_name, status, quality_rating, created_at
       FROM customer_phone_numbers WHERE customer_id = ? ORDER BY created_at`,
    )
    .all(customerId)
  const phoneIds = numbers.map((n) => String(n.phone_number_id))
  // Events and deliveries as metadata only: type, time, signature verdict, size; never the body.
  const events = db
    .prepare(
      `SELECT e.id, e.delivery_id, e.received_at, e.event_type, e.phone_number_id, e.signature, e.duplicate, e.size
       FROM webhook_events e
       WHERE e.customer_id = ? ${phoneIds.length ? `OR e.phone_number_id IN (${phoneIds.map(() => '?').join(',')})` : ''}
       ORDER BY e.id DESC LIMIT 200`,
    )
    .all(customerId, ...phoneIds)
  const deliveryIds = [...new Set(events.map((e) => String(e.delivery_id)))]
  const eventList = events.map((e) => ({ ...e, received_at: new Date(Number(e.received_at)).toISOString() }))
  const deliveries = deliveryIds.length
    ? db
        .prepare(
          `SELECT id, received_at, method, path, signature, duplicate, batch_size FROM webhook_deliveries
           WHERE id IN (${deliveryIds.map(() => '?').join(',')}) ORDER BY received_at DESC`,
        )
        .all(...deliveryIds)
        .map((d) => ({
          ...d,
          received_at: new Date(Number(d.received_at)).toISOString(),
          // The session path names this install; the tail is enough to tell sessions apart.
          path: String(d.path).replace(/\?.*$/, ''),
        }))
    : []
  const bundle = {
    format: BUNDLE_FORMAT,
    generated_at: input.nowIso,
    app_version: input.appVersion,
    project: input.project,
    customer: customer ?? { id: customerId, note: 'not in the local cache' },
    connection: input.timeline.status,
    timeline: input.timeline.entries,
    setup_links: links,
    phone_numbers: numbers,
    webhook_events: eventList,
    webhook_deliveries: deliveries,
    redaction:
      'No API keys, webhook secrets, request headers, event bodies or message text. Setup link URLs keep the last 4 characters of their token.',
  }
  return `${JSON.stringify(input.redactor.value(bundle), null, 2)}\n`
}

function origin(url: unknown): string | null {
  if (typeof url !== 'string') return null
  try {
    return new URL(url).origin
  } catch {
    return null
  }
}
