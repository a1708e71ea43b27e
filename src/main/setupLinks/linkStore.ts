import type { SetupLink } from '../../shared/kapso/setupLink'
import {
  effectiveStatus,
  type Preset,
  type QueuedLink,
  type SetupLinkView,
} from '../../shared/setupLinks/link'
import { type SetupLinkOptions, SetupLinkOptionsSchema } from '../../shared/setupLinks/options'
import { type Database, transaction } from '../store/database'

export interface CustomerRef {
  id: string
  name: string
  externalCustomerId: string | null
}

interface LinkRow {
  id: string
  customer_id: string
  customer_name: string
  external_customer_id: string | null
  status: string
  url: string
  created_at: string
  expires_at: string | null
  raw: string
  fetched_at: string
}

export function toView(row: LinkRow, nowMs: number): SetupLinkView {
  const link = JSON.parse(row.raw) as SetupLink
  const provisioned = link.provisioned_phone_number
  return {
    id: row.id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    externalCustomerId: row.external_customer_id,
    status: row.status,
    effectiveStatus: effectiveStatus(row.status, row.expires_at, nowMs),
    url: row.url,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    language: link.language ?? null,
    setupStatus: link.whatsapp_setup_status ?? null,
    setupError: link.whatsapp_setup_error ?? null,
    metaBillingMode: link.meta_billing_mode ?? null,
    reconnectPhoneNumber: link.reconnect_phone_number ?? null,
    allowedConnectionTypes: link.allowed_connection_types ?? [],
    provisionPhoneNumber: link.provision_phone_number ?? null,
    provisionedNumber: provisioned ? (provisioned.display_number ?? provisioned.phone_number ?? null) : null,
    fetchedAt: row.fetched_at,
  }
}

/** The setup-links tables of one project's database. Plain statements; callers hold transactions. */
export class LinkStore {
  constructor(private readonly db: Database) {}

  /** Stores links as Kapso returned them (one customer's, or one link). */
  put(customer: CustomerRef, links: readonly SetupLink[], nowIso: string): void {
    const insert = this.db.prepare(`INSERT INTO setup_links
        (id, customer_id, customer_name, external_customer_id, status, url, created_at, expires_at, raw, fetched_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET customer_name = excluded.customer_name,
          external_customer_id = excluded.external_customer_id, status = excluded.status, url = excluded.url,
          expires_at = excluded.expires_at, raw = excluded.raw, fetched_at = excluded.fetched_at`)
    for (const l of links) {
      insert.run(
        l.id,
        customer.id,
        customer.name,
        customer.externalCustomerId,
        // NOT NULL columns: absent is stored empty and shown as "—".
        l.status ?? '',
        l.url,
        l.created_at ?? '',
        l.expires_at ?? null,
        JSON.stringify(l),
        nowIso,
      )
    }
  }

  /** A full list for a customer replaces what was cached (links gone upstream go here too). */
  replaceFor(customer: CustomerRef, links: readonly SetupLink[], nowIso: string): void {
    transaction(this.db, () => {
      this.db.prepare('DELETE FROM setup_links WHERE customer_id = ?').run(customer.id)
      this.put(customer, links, nowIso)
    })
  }

  /** One active link per customer: after a create, the others read as revoked until Kapso says more. */
  revokeOthers(customerId: string, keepId: string): void {
    const rows = this.db
      .prepare("SELECT id, raw FROM setup_links WHERE customer_id = ? AND id != ? AND status = 'active'")
      .all(customerId, keepId) as Array<{ id: string; raw: string }>
    const update = this.db.prepare("UPDATE setup_links SET status = 'revoked', raw = ? WHERE id = ?")
    for (const row of rows) update.run(JSON.stringify({ ...JSON.parse(row.raw), status: 'revoked' }), row.id)
  }

  get(id: string): LinkRow | undefined {
    return this.db.prepare('SELECT * FROM setup_links WHERE id = ?').get(id) as LinkRow | undefined
  }

  raw(id: string): SetupLink | undefined {
    const row = this.get(id)
    return row ? (JSON.parse(row.raw) as SetupLink) : undefined
  }

  forCustomer(customerId: string): LinkRow[] {
    return this.db
      .prepare('SELECT * FROM setup_links WHERE customer_id = ? ORDER BY created_at DESC, id')
      .all(customerId) as unknown as LinkRow[]
  }

  recent(limit: number, search: string): LinkRow[] {
    const needle = search.trim().toLowerCase()
    if (!needle)
      return this.db
        .prepare('SELECT * FROM setup_links ORDER BY created_at DESC, id LIMIT ?')
        .all(limit) as unknown as LinkRow[]
    return this.db
      .prepare(
        `SELECT * FROM setup_links
         WHERE instr(lower(customer_name), ?) OR instr(lower(coalesce(external_customer_id, '')), ?) OR instr(lower(url), ?)
         ORDER BY created_at DESC, id LIMIT ?`,
      )
      .all(needle, needle, needle, limit) as unknown as LinkRow[]
  }

  // ── QR images ──
  qr(text: string): { png: Uint8Array; svg: string } | undefined {
    return this.db.prepare('SELECT png, svg FROM setup_link_qr WHERE text = ?').get(text) as
      | { png: Uint8Array; svg: string }
      | undefined
  }

  putQr(text: string, png: Uint8Array, svg: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO setup_link_qr (text, png, svg) VALUES (?, ?, ?)')
      .run(text, png, svg)
  }

  // ── presets ──
  presets(): Preset[] {
    const rows = this.db
      .prepare(
        'SELECT id, name, options, is_default, updated_at FROM setup_link_presets ORDER BY name COLLATE NOCASE',
      )
      .all() as Array<{ id: number; name: string; options: string; is_default: number; updated_at: string }>
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      // A preset saved by an older version gets today's defaults for fields it lacks.
      options: SetupLinkOptionsSchema.catch(() => SetupLinkOptionsSchema.parse({})).parse(
        JSON.parse(r.options),
      ),
      isDefault: r.is_default === 1,
      updatedAt: r.updated_at,
    }))
  }

  savePreset(name: string, options: SetupLinkOptions, makeDefault: boolean, nowIso: string): void {
    transaction(this.db, () => {
      if (makeDefault) this.db.prepare('UPDATE setup_link_presets SET is_default = 0').run()
      this.db
        .prepare(
          `INSERT INTO setup_link_presets (name, options, is_default, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(name) DO UPDATE SET options = excluded.options, updated_at = excluded.updated_at,
             is_default = max(is_default, excluded.is_default)`,
        )
        .run(name, JSON.stringify(options), makeDefault ? 1 : 0, nowIso, nowIso)
    })
  }

  deletePreset(id: number): void {
    this.db.prepare('DELETE FROM setup_link_presets WHERE id = ?').run(id)
  }

  setDefault(id: number | null): boolean {
    return transaction(this.db, () => {
      this.db.prepare('UPDATE setup_link_presets SET is_default = 0').run()
      if (id === null) return true
      return (
        Number(this.db.prepare('UPDATE setup_link_presets SET is_default = 1 WHERE id = ?').run(id).changes) >
        0
      )
    })
  }

  // ── queued creates ──
  enqueue(
    customer: CustomerRef,
    options: SetupLinkOptions,
    nowIso: string,
    firstSentAt: string | null,
  ): QueuedLink {
    const result = this.db
      .prepare(
        'INSERT INTO setup_link_queue (customer_id, customer_name, options, created_at, first_sent_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(customer.id, customer.name, JSON.stringify(options), nowIso, firstSentAt)
    return this.queued().find((q) => q.seq === Number(result.lastInsertRowid))!
  }

  queued(customerId?: string): QueuedLink[] {
    const rows = (customerId
      ? this.db.prepare('SELECT * FROM setup_link_queue WHERE customer_id = ? ORDER BY seq').all(customerId)
      : this.db.prepare('SELECT * FROM setup_link_queue ORDER BY seq').all()) as unknown as QueueRow[]
    return rows.map((r) => ({
      seq: r.seq,
      customerId: r.customer_id,
      customerName: r.customer_name,
      createdAt: r.created_at,
      state: r.state,
      error: r.error,
    }))
  }

  pendingEntries(): QueueRow[] {
    return this.db
      .prepare("SELECT * FROM setup_link_queue WHERE state = 'pending' ORDER BY seq")
      .all() as unknown as QueueRow[]
  }

  markSent(seq: number, sentAt: string): void {
    this.db
      .prepare(
        'UPDATE setup_link_queue SET attempts = attempts + 1, first_sent_at = coalesce(first_sent_at, ?) WHERE seq = ?',
      )
      .run(sentAt, seq)
  }

  reject(seq: number, error: string): void {
    this.db.prepare("UPDATE setup_link_queue SET state = 'rejected', error = ? WHERE seq = ?").run(error, seq)
  }

  dequeue(seq: number): void {
    this.db.prepare('DELETE FROM setup_link_queue WHERE seq = ?').run(seq)
  }
}

export interface QueueRow {
  seq: number
  customer_id: string
  customer_name: string
  options: string
  created_at: string
  state: 'pending' | 'rejected'
  attempts: number
  first_sent_at: string | null
  error: string | null
}

/** Names from the customers cache (read only); null for a customer it does not hold. */
export function cachedCustomer(db: Database, id: string): CustomerRef | null {
  const row = db.prepare('SELECT id, name, external_customer_id FROM customers WHERE id = ?').get(id) as
    | { id: string; name: string; external_customer_id: string | null }
    | undefined
  return row ? { id: row.id, name: row.name, externalCustomerId: row.external_customer_id } : null
}
