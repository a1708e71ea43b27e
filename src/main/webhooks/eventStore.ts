import type { SQLInputValue } from 'node:sqlite'
import { AppError } from '../../shared/ipc/errors'
import type {
  EventFilter,
  EventPage,
  Facets,
  ListEventsInput,
  SignatureState,
  WebhookEventDetail,
  WebhookEventSummary,
} from '../../shared/webhooks/event'
import { type Database, transaction } from '../store/database'
import { decodeUtf8, headerValue, parseDelivery } from './delivery'
import { createTimeOrderedIds } from './timeOrderedId'

/** One HTTP request as the receiver read it, before it is stored. */
export interface IncomingDelivery {
  receivedAt: number
  method: string
  path: string
  source: string
  rawHeaders: string[]
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  signature: SignatureState
}

export interface StoredDelivery {
  deliveryId: string
  duplicate: boolean
  events: WebhookEventSummary[]
}

interface EventRow {
  id: number
  delivery_id: string
  received_at: number
  event_type: string | null
  phone_number_id: string | null
  customer_id: string | null
  customer_name: string | null
  signature: SignatureState
  duplicate: number
  size: number
  batch_index: number | null
  batch_size: number | null
  is_json: number
  imported: number
}

const SUMMARY_COLUMNS = `e.id, e.delivery_id, e.received_at, e.event_type, e.phone_number_id, e.customer_id,
  c.name AS customer_name, e.signature, e.duplicate, e.size, e.batch_index, e.batch_size, e.is_json, e.imported`

export function toSummary(row: EventRow): WebhookEventSummary {
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    receivedAt: new Date(row.received_at).toISOString(),
    eventType: row.event_type,
    phoneNumberId: row.phone_number_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    signature: row.signature,
    duplicate: row.duplicate === 1,
    size: row.size,
    batchIndex: row.batch_index,
    batchSize: row.batch_size,
    json: row.is_json === 1,
    imported: row.imported === 1,
  }
}

/**
 * The webhook event log in one project's SQLite file. Writes come in groups
 * (one transaction for every request that arrived in the same tick), so the
 * receiver acknowledges only what is committed without paying a commit each.
 */
export interface StorageTotals {
  deliveries: number
  events: number
  /** Bodies plus headers as stored. */
  bytes: number
  /** The part of `bytes` from deliveries whose signature is not valid. */
  unverifiedBytes: number
}

export class EventStore {
  private readonly phoneCustomers = new Map<string, string>()
  private readonly customerNames = new Map<string, string | null>()
  /** Time-ordered delivery ids, this store's own generator (no state shared across stores). */
  private readonly nextDeliveryId = createTimeOrderedIds()
  private readonly statements
  /**
   * Full-text entries of committed events, written shortly after in a
   * transaction of their own: the receiver's commit (and so Kapso's 200) does
   * not wait for FTS5's segment writes. The mark `FTS_MARK` in
   * webhook_settings says "every event up to this id is indexed" and moves in
   * the same transaction as the entries, so after a crash the constructor
   * indexes whatever is past it. Searches index what is queued first.
   */
  private pendingIndex: Array<{ id: number; text: string }> = []
  /**
   * Bytes and rows stored, kept as a running total so the receiver's commit
   * path adds no query for them: read once from SQLite when first asked for,
   * then moved by every commit and prune. null = not read yet (or to re-read).
   */
  private totals: StorageTotals | null = null
  private indexTimer: ReturnType<typeof setTimeout> | null = null

  constructor(readonly db: Database) {
    for (const row of db.prepare('SELECT phone_number_id, customer_id FROM webhook_phone_customers').all()) {
      this.phoneCustomers.set(String(row.phone_number_id), String(row.customer_id))
    }
    for (const row of db.prepare('SELECT id, name FROM webhook_customers').all()) {
      this.customerNames.set(String(row.id), row.name === null ? null : String(row.name))
    }
    this.statements = {
      seen: db.prepare('SELECT 1 FROM webhook_deliveries WHERE idempotency_key = ? LIMIT 1'),
      delivery: db.prepare(
        `INSERT INTO webhook_deliveries (id, received_at, method, path, source, headers, body, signature,
          idempotency_key, duplicate, batch_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      event: db.prepare(
        `INSERT INTO webhook_events (delivery_id, received_at, event_type, phone_number_id, customer_id,
          signature, duplicate, size, batch_index, batch_size, is_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      fts: db.prepare('INSERT INTO webhook_events_fts (rowid, body) VALUES (?, ?)'),
      phoneCustomer: db.prepare(
        'INSERT INTO webhook_phone_customers (phone_number_id, customer_id) VALUES (?, ?) ON CONFLICT DO UPDATE SET customer_id = excluded.customer_id',
      ),
      customer: db.prepare(
        'INSERT INTO webhook_customers (id, name) VALUES (?, NULL) ON CONFLICT DO NOTHING',
      ),
    }
    this.recoverIndex()
  }

  /** Writes the queued full-text entries now (their own transaction). */
  indexPending(): void {
    if (this.indexTimer) {
      clearTimeout(this.indexTimer)
      this.indexTimer = null
    }
    if (!this.pendingIndex.length) return
    const batch = this.pendingIndex
    this.pendingIndex = []
    try {
      transaction(this.db, () => {
        for (const entry of batch) this.statements.fts.run(entry.id, entry.text)
        this.setSetting(FTS_MARK, String(batch.at(-1)!.id))
      })
    } catch (error) {
      // Kept for the next attempt; the events themselves are committed already.
      this.pendingIndex = [...batch, ...this.pendingIndex]
      throw error
    }
  }

  private scheduleIndex(): void {
    if (this.indexTimer || !this.pendingIndex.length) return
    this.indexTimer = setTimeout(() => {
      this.indexTimer = null
      try {
        this.indexPending()
      } catch {
        // Retried with the next delivery or search, and by the next start at the latest.
      }
    }, INDEX_DELAY_MS)
    this.indexTimer.unref?.()
  }

  /** Indexes events committed after the mark (a crash between the two transactions), once per open. */
  private recoverIndex(): void {
    const max = Number(
      (this.db.prepare('SELECT coalesce(max(id), 0) AS n FROM webhook_events').get() as { n: number }).n,
    )
    const mark = this.getSetting(FTS_MARK)
    if (mark === null) {
      // Events stored before deferred indexing were indexed in their own transaction.
      this.setSetting(FTS_MARK, String(max))
      return
    }
    if (max <= Number(mark)) return
    const rows = this.db
      .prepare(
        `SELECT e.id, e.delivery_id, e.batch_index, d.headers, d.body FROM webhook_events e
         JOIN webhook_deliveries d ON d.id = e.delivery_id WHERE e.id > ? ORDER BY e.id`,
      )
      .all(Number(mark)) as Array<{
      id: number
      delivery_id: string
      batch_index: number | null
      headers: string
      body: Uint8Array
    }>
    type Parsed = { id: string; parsed: ReturnType<typeof parseDelivery>; text: string | null }
    let parsedFor = null as Parsed | null
    for (const row of rows) {
      if (parsedFor === null || parsedFor.id !== row.delivery_id) {
        const body = Buffer.from(row.body)
        const headers: Record<string, string> = {}
        for (const [name, value] of JSON.parse(row.headers) as [string, string][])
          headers[name.toLowerCase()] = value
        const parsed = parseDelivery(body, headers)
        parsedFor = { id: row.delivery_id, parsed, text: indexText(parsed, body) }
      }
      const item = parsedFor.parsed.items[row.batch_index ?? 0]
      this.pendingIndex.push({ id: row.id, text: item?.json ?? parsedFor.text ?? '' })
    }
    if (this.pendingIndex.length) this.indexPending()
    else this.setSetting(FTS_MARK, String(max))
  }

  /** Stores deliveries atomically: every one of them is committed, or none is. */
  insertDeliveries(deliveries: readonly IncomingDelivery[]): StoredDelivery[] {
    const added = { bytes: 0, unverifiedBytes: 0, events: 0 }
    const stored = transaction(this.db, () => deliveries.map((d) => this.insertOne(d, added)))
    // Only what committed is counted (a rolled-back batch leaves the totals as they were).
    if (this.totals) {
      this.totals.bytes += added.bytes
      this.totals.unverifiedBytes += added.unverifiedBytes
      this.totals.deliveries += deliveries.length
      this.totals.events += added.events
    }
    this.scheduleIndex()
    return stored
  }

  /** What the event log takes on disk (bodies and headers as stored), from the running totals. */
  usage(): StorageTotals {
    if (!this.totals) {
      const row = this.db
        .prepare(
          `SELECT count(*) AS deliveries, coalesce(sum(length(body) + length(headers)), 0) AS bytes,
             coalesce(sum(CASE WHEN signature != 'valid' THEN length(body) + length(headers) END), 0) AS unverified
           FROM webhook_deliveries`,
        )
        .get() as { deliveries: number; bytes: number; unverified: number }
      this.totals = {
        deliveries: Number(row.deliveries),
        bytes: Number(row.bytes),
        unverifiedBytes: Number(row.unverified),
        events: this.count(),
      }
    }
    return { ...this.totals }
  }

  /**
   * Drops the oldest deliveries (with their events) until the log fits:
   * unverified ones (unsigned, wrongly signed, unverifiable) within their own
   * small quota first, then everything within the byte budget. Each is cut
   * to `fill` of its limit, so the next commits do not prune again at once.
   * Returns how many events went.
   */
  enforceBytes(limits: { budgetBytes: number; unverifiedQuotaBytes: number; fill?: number }): number {
    const fill = limits.fill ?? 0.9
    let removed = 0
    const unverifiedOver = this.usage().unverifiedBytes - limits.unverifiedQuotaBytes
    if (unverifiedOver > 0) {
      const excess = this.usage().unverifiedBytes - Math.floor(limits.unverifiedQuotaBytes * fill)
      removed += this.dropOldest(excess, "signature != 'valid'")
    }
    const over = this.usage().bytes - limits.budgetBytes
    if (over > 0) removed += this.dropOldest(this.usage().bytes - Math.floor(limits.budgetBytes * fill), '1')
    return removed
  }

  /** Deletes the oldest deliveries matching `where` until at least `bytes` are freed. */
  private dropOldest(bytes: number, where: string): number {
    let freed = 0
    let cutoff: string | null = null
    for (const row of this.db
      .prepare(
        `SELECT id, length(body) + length(headers) AS n FROM webhook_deliveries WHERE ${where} ORDER BY id`,
      )
      .iterate() as Iterable<{ id: string; n: number }>) {
      freed += Number(row.n)
      cutoff = row.id
      if (freed >= bytes) break
    }
    if (cutoff === null) return 0
    this.indexPending()
    const removed = transaction(this.db, () => {
      const events = Number(
        this.db
          .prepare(
            `DELETE FROM webhook_events WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE ${where} AND id <= ?)`,
          )
          .run(cutoff).changes,
      )
      this.db.prepare(`DELETE FROM webhook_deliveries WHERE ${where} AND id <= ?`).run(cutoff)
      return events
    })
    this.totals = null
    return removed
  }

  private insertOne(
    d: IncomingDelivery,
    added: { bytes: number; unverifiedBytes: number; events: number },
  ): StoredDelivery {
    const s = this.statements
    const parsed = parseDelivery(d.body, d.headers)
    const idempotencyKey = headerValue(d.headers['x-idempotency-key'])
    const duplicate = idempotencyKey !== null && s.seen.get(idempotencyKey) !== undefined
    const deliveryId = this.nextDeliveryId()
    const headerPairs: [string, string][] = []
    for (let i = 0; i + 1 < d.rawHeaders.length; i += 2)
      headerPairs.push([d.rawHeaders[i]!, d.rawHeaders[i + 1]!])
    const batchSize = parsed.batch ? parsed.items.length : null
    const headersJson = JSON.stringify(headerPairs)
    // SQLite's length() of a TEXT counts characters; the budget counts the same way as usage() reads it back.
    const bytes = d.body.length + headersJson.length
    added.bytes += bytes
    if (d.signature !== 'valid') added.unverifiedBytes += bytes
    added.events += parsed.items.length
    s.delivery.run(
      deliveryId,
      d.receivedAt,
      d.method,
      d.path,
      d.source,
      headersJson,
      d.body,
      d.signature,
      idempotencyKey,
      duplicate ? 1 : 0,
      batchSize,
    )
    const text = indexText(parsed, d.body)
    const events: WebhookEventSummary[] = []
    parsed.items.forEach((item, index) => {
      let customerId = item.customerId
      if (item.phoneNumberId && customerId) {
        if (this.phoneCustomers.get(item.phoneNumberId) !== customerId) {
          this.phoneCustomers.set(item.phoneNumberId, customerId)
          s.phoneCustomer.run(item.phoneNumberId, customerId)
        }
      } else if (item.phoneNumberId && !customerId) {
        customerId = this.phoneCustomers.get(item.phoneNumberId) ?? null
      }
      if (customerId && !this.customerNames.has(customerId)) {
        this.customerNames.set(customerId, null)
        s.customer.run(customerId)
      }
      const row = s.event.run(
        deliveryId,
        d.receivedAt,
        item.eventType,
        item.phoneNumberId,
        customerId,
        d.signature,
        duplicate ? 1 : 0,
        item.size,
        parsed.batch ? index : null,
        batchSize,
        parsed.json ? 1 : 0,
      )
      const id = Number(row.lastInsertRowid)
      this.pendingIndex.push({ id, text: item.json ?? text ?? '' })
      events.push({
        id,
        deliveryId,
        receivedAt: new Date(d.receivedAt).toISOString(),
        eventType: item.eventType,
        phoneNumberId: item.phoneNumberId,
        customerId,
        customerName: customerId ? (this.customerNames.get(customerId) ?? null) : null,
        signature: d.signature,
        duplicate,
        size: item.size,
        batchIndex: parsed.batch ? index : null,
        batchSize,
        json: parsed.json,
        imported: false,
      })
    })
    return { deliveryId, duplicate, events }
  }

  /** Customer ids seen in events whose names are not known yet. */
  unnamedCustomers(): string[] {
    return [...this.customerNames.entries()].filter(([, name]) => name === null).map(([id]) => id)
  }

  setCustomerName(id: string, name: string): void {
    this.customerNames.set(id, name)
    this.db
      .prepare(
        'INSERT INTO webhook_customers (id, name) VALUES (?, ?) ON CONFLICT DO UPDATE SET name = excluded.name',
      )
      .run(id, name)
  }

  list(input: ListEventsInput): EventPage {
    if (input.filter?.text) this.indexPending()
    const limit = input.limit ?? 200
    const { where, params } = filterSql(input.filter)
    const total = Number(
      (
        this.db
          .prepare(
            `SELECT count(*) AS n FROM webhook_events e LEFT JOIN webhook_customers c ON c.id = e.customer_id ${where}`,
          )
          .get(...params) as { n: number }
      ).n,
    )
    const keyset: string[] = []
    const keyParams: SQLInputValue[] = []
    if (input.beforeId !== undefined) {
      keyset.push('e.id < ?')
      keyParams.push(input.beforeId)
    }
    if (input.afterId !== undefined) {
      keyset.push('e.id > ?')
      keyParams.push(input.afterId)
    }
    const allWhere = joinWhere(where, keyset)
    // Catching up reads forwards from afterId; otherwise the newest page (or the page before beforeId).
    const forward = input.afterId !== undefined && input.beforeId === undefined
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM webhook_events e LEFT JOIN webhook_customers c ON c.id = e.customer_id
         ${allWhere} ORDER BY e.id ${forward ? 'ASC' : 'DESC'} LIMIT ?`,
      )
      .all(...params, ...keyParams, limit + 1) as unknown as EventRow[]
    const more = rows.length > limit
    if (more) rows.pop()
    if (!forward) rows.reverse()
    return {
      events: rows.map(toSummary),
      hasOlder: forward ? rows.length > 0 && this.existsBefore(rows[0]!.id, where, params) : more,
      total,
    }
  }

  private existsBefore(id: number, where: string, params: SQLInputValue[]): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM webhook_events e LEFT JOIN webhook_customers c ON c.id = e.customer_id ${joinWhere(where, ['e.id < ?'])} LIMIT 1`,
        )
        .get(...params, id) !== undefined
    )
  }

  get(id: number, receiverOrigin: string): WebhookEventDetail {
    const row = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS}, d.method, d.path, d.source, d.headers, d.body, d.idempotency_key
         FROM webhook_events e JOIN webhook_deliveries d ON d.id = e.delivery_id
         LEFT JOIN webhook_customers c ON c.id = e.customer_id WHERE e.id = ?`,
      )
      .get(id) as
      | (EventRow & {
          method: string
          path: string
          source: string
          headers: string
          body: Uint8Array
          idempotency_key: string | null
        })
      | undefined
    if (!row)
      throw new AppError(
        'not_found',
        'That event is no longer stored (it was cleared or is past the retention limit).',
      )
    const body = Buffer.from(row.body)
    const text = decodeUtf8(body)
    let itemJson: string | null = null
    if (row.is_json === 1 && text !== null) {
      if (row.batch_index === null) itemJson = text
      else {
        const data = (JSON.parse(text) as { data?: unknown[] }).data
        itemJson = JSON.stringify(data?.[row.batch_index] ?? null)
      }
    }
    return {
      ...toSummary(row),
      method: row.method,
      path: row.path,
      source: row.source,
      headers: JSON.parse(row.headers) as [string, string][],
      rawBody: text ?? body.toString('base64'),
      rawBodyEncoding: text === null ? 'base64' : 'utf8',
      itemJson,
      idempotencyKey: row.idempotency_key,
      replayUrl: `${receiverOrigin}${row.path}`,
    }
  }

  facets(): Facets {
    const column = (sql: string) =>
      this.db
        .prepare(sql)
        .all()
        .map((r) => String(Object.values(r)[0]))
    return {
      eventTypes: column(
        'SELECT DISTINCT event_type FROM webhook_events WHERE event_type IS NOT NULL ORDER BY event_type LIMIT 200',
      ),
      phoneNumberIds: column(
        'SELECT DISTINCT phone_number_id FROM webhook_events WHERE phone_number_id IS NOT NULL ORDER BY phone_number_id LIMIT 500',
      ),
      customers: (
        this.db
          .prepare('SELECT id, name FROM webhook_customers ORDER BY coalesce(name, id) LIMIT 500')
          .all() as { id: string; name: string | null }[]
      ).map((r) => ({ id: r.id, name: r.name })),
      total: this.count(),
    }
  }

  count(): number {
    return Number((this.db.prepare('SELECT count(*) AS n FROM webhook_events').get() as { n: number }).n)
  }

  clear(): number {
    this.pendingIndex = []
    return transaction(this.db, () => {
      const removed = this.count()
      this.db.exec('DELETE FROM webhook_events; DELETE FROM webhook_deliveries;')
      this.totals = null
      this.db.exec("INSERT INTO webhook_events_fts(webhook_events_fts) VALUES('delete-all')")
      return removed
    })
  }

  /** Drops the oldest events beyond `keep`, and deliveries left with no event. Returns how many went. */
  prune(keep: number): number {
    const cutoff = this.db
      .prepare('SELECT id FROM webhook_events ORDER BY id DESC LIMIT 1 OFFSET ?')
      .get(keep) as { id: number } | undefined
    if (!cutoff) return 0
    // Entries of events about to go are written first, so the delete trigger removes them too.
    this.indexPending()
    return transaction(this.db, () => {
      const removed = Number(
        this.db.prepare('DELETE FROM webhook_events WHERE id <= ?').run(cutoff.id).changes,
      )
      this.db
        .prepare(
          `DELETE FROM webhook_deliveries WHERE id IN (
             SELECT d.id FROM webhook_deliveries d LEFT JOIN webhook_events e ON e.delivery_id = d.id
             WHERE e.id IS NULL)`,
        )
        .run()
      this.totals = null
      return removed
    })
  }

  getSetting(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM webhook_settings WHERE key = ?').get(key) as
      | { value: string }
      | undefined
    return row?.value ?? null
  }

  setSetting(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO webhook_settings (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value',
      )
      .run(key, value)
  }
}

const FTS_MARK = 'fts_indexed_upto'
/** How long committed events wait for their full-text entries: a burst shares one FTS5 transaction. */
const INDEX_DELAY_MS = 50

/** The text a non-JSON body is searched by (JSON items are searched by their own JSON). */
function indexText(parsed: { json: boolean }, body: Buffer): string | null {
  return parsed.json ? null : (decodeUtf8(body) ?? body.toString('latin1'))
}

function joinWhere(where: string, extra: string[]): string {
  if (!extra.length) return where
  return where ? `${where} AND ${extra.join(' AND ')}` : `WHERE ${extra.join(' AND ')}`
}

export function filterSql(filter: EventFilter | undefined): { where: string; params: SQLInputValue[] } {
  const clauses: string[] = []
  const params: SQLInputValue[] = []
  if (!filter) return { where: '', params }
  if (filter.eventTypes?.length) {
    clauses.push(`e.event_type IN (${filter.eventTypes.map(() => '?').join(', ')})`)
    params.push(...filter.eventTypes)
  }
  if (filter.phoneNumberId) {
    clauses.push('e.phone_number_id = ?')
    params.push(filter.phoneNumberId)
  }
  if (filter.customer) {
    clauses.push("(e.customer_id = ? OR c.name LIKE ? ESCAPE '\\')")
    params.push(filter.customer, `%${filter.customer.replace(/[\\%_]/g, (m) => `\\${m}`)}%`)
  }
  if (filter.signature?.length) {
    clauses.push(`e.signature IN (${filter.signature.map(() => '?').join(', ')})`)
    params.push(...filter.signature)
  }
  if (filter.from) {
    clauses.push('e.received_at >= ?')
    params.push(Date.parse(filter.from))
  }
  if (filter.to) {
    clauses.push('e.received_at <= ?')
    params.push(Date.parse(filter.to))
  }
  const match = ftsQuery(filter.text)
  if (match) {
    clauses.push('e.id IN (SELECT rowid FROM webhook_events_fts WHERE webhook_events_fts MATCH ?)')
    params.push(match)
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }
}

/**
 * Turns what a person typed into an FTS5 query: every word must appear, the
 * last one as a prefix; punctuation inside a word ("phone_number.created")
 * becomes a phrase of its parts. Nothing typed can be FTS5 syntax.
 */
export function ftsQuery(text: string | undefined): string | null {
  if (!text) return null
  const words = text
    .split(/\s+/)
    .map((word) => word.split(/[^\p{L}\p{N}]+/u).filter(Boolean))
    .filter((parts) => parts.length > 0)
  if (!words.length) return null
  return words
    .map((parts, i) => {
      const phrase = `"${parts.join(' ')}"`
      return i === words.length - 1 ? `${phrase}*` : phrase
    })
    .join(' AND ')
}
