import type { SQLInputValue } from 'node:sqlite'
import {
  type ArchivedDelivery,
  type ExportFile,
  type ExportInput,
  MAX_ARCHIVE_CHARS,
} from '../../../shared/webhooks/archive'
import type { SignatureState } from '../../../shared/webhooks/event'
import type { Redactor } from '../../log/redact'
import { transaction } from '../../store/database'
import { decodeUtf8 } from '../delivery'
import { type EventStore, filterSql, type IncomingDelivery } from '../eventStore'
import { toHar } from './har'
import { parseNdjson, toNdjsonLine } from './ndjson'

interface Row {
  id: string
  received_at: number
  method: string
  path: string
  source: string
  headers: string
  body: Uint8Array
  signature: SignatureState
}

/**
 * Export: the deliveries behind the chosen events, in the order their events
 * were stored. Header values that carry credentials (Authorization, X-API-Key,
 * cookies …) and any registered secret text are masked: an export file never
 * holds a key or a webhook secret. Bodies are written as received.
 */
export function exportEvents(
  store: EventStore,
  input: ExportInput,
  redactor: Redactor,
  version: string,
): ExportFile {
  // An export by text search must see every event, including the ones whose index entry is still queued.
  store.indexPending()
  let where: string
  let params: SQLInputValue[]
  if (input.eventIds) {
    where = input.eventIds.length ? `WHERE e.id IN (${input.eventIds.map(() => '?').join(', ')})` : 'WHERE 0'
    params = input.eventIds
  } else ({ where, params } = filterSql(input.filter))
  const rows = store.db
    .prepare(
      `SELECT d.id, d.received_at, d.method, d.path, d.source, d.headers, d.body, d.signature
       FROM webhook_events e JOIN webhook_deliveries d ON d.id = e.delivery_id
       LEFT JOIN webhook_customers c ON c.id = e.customer_id
       ${where} GROUP BY d.id ORDER BY min(e.id)`,
    )
    .iterate(...params) as Iterable<Row>
  const deliveries: ArchivedDelivery[] = []
  const lines: string[] = []
  let chars = 0
  let truncated = false
  for (const row of rows) {
    const d = toArchived(row, redactor)
    const line = toNdjsonLine(d)
    if (chars + line.length + 1 > MAX_ARCHIVE_CHARS) {
      truncated = true
      break
    }
    chars += line.length + 1
    lines.push(line)
    deliveries.push(d)
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  if (input.format === 'har') {
    return {
      filename: `kapso-webhooks-${stamp}.har`,
      mimeType: 'application/json',
      content: toHar(deliveries, version),
      deliveries: deliveries.length,
      truncated,
    }
  }
  return {
    filename: `kapso-webhooks-${stamp}.ndjson`,
    mimeType: 'application/x-ndjson',
    content: lines.map((l) => `${l}\n`).join(''),
    deliveries: deliveries.length,
    truncated,
  }
}

function toArchived(row: Row, redactor: Redactor): ArchivedDelivery {
  const body = Buffer.from(row.body)
  const text = decodeUtf8(body)
  const headers = (JSON.parse(row.headers) as [string, string][]).map(
    ([name, value]) => [name, maskHeader(redactor, name, value)] as [string, string],
  )
  return {
    format: 'kapso-console/webhook-delivery@1',
    receivedAt: new Date(row.received_at).toISOString(),
    method: row.method,
    path: row.path,
    source: row.source,
    signature: row.signature,
    headers,
    bodyEncoding: text === null ? 'base64' : 'utf8',
    body: text ?? body.toString('base64'),
  }
}

function maskHeader(redactor: Redactor, name: string, value: string): string {
  return String((redactor.value({ [name]: value }) as Record<string, unknown>)[name])
}

/**
 * Import: every line checked first (all or nothing), then stored in one
 * transaction as read-only, imported deliveries with their original times,
 * headers, bytes and signature verdicts. They are not forwarded.
 */
export function importNdjson(store: EventStore, content: string): { deliveries: number; events: number } {
  const archived = parseNdjson(content)
  const incoming: IncomingDelivery[] = archived.map((a) => {
    const rawHeaders = a.headers.flat()
    const headers: Record<string, string | string[]> = {}
    for (const [name, value] of a.headers) {
      const key = name.toLowerCase()
      const prev = headers[key]
      headers[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]
    }
    return {
      receivedAt: Date.parse(a.receivedAt),
      method: a.method,
      path: a.path,
      source: a.source,
      rawHeaders,
      headers,
      body: a.bodyEncoding === 'utf8' ? Buffer.from(a.body, 'utf8') : Buffer.from(a.body, 'base64'),
      signature: a.signature,
    }
  })
  const stored = store.insertDeliveries(incoming)
  const ids = stored.map((s) => s.deliveryId)
  try {
    transaction(store.db, () => {
      const mark = store.db.prepare('UPDATE webhook_deliveries SET imported = 1 WHERE id = ?')
      const markEvents = store.db.prepare('UPDATE webhook_events SET imported = 1 WHERE delivery_id = ?')
      for (const id of ids) {
        mark.run(id)
        markEvents.run(id)
      }
    })
  } catch (error) {
    // Never leave imported rows looking like live ones: take them out again.
    transaction(store.db, () => {
      const drop = store.db.prepare('DELETE FROM webhook_deliveries WHERE id = ?')
      for (const id of ids) drop.run(id)
    })
    throw error
  }
  return { deliveries: stored.length, events: stored.reduce((n, s) => n + s.events.length, 0) }
}
