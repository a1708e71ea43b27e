import type { StatementSync } from 'node:sqlite'
import type { ConnectionState } from '../../shared/customers/customer'
import type { Customer } from '../../shared/kapso/customer'
import type { WhatsappPhoneNumber } from '../../shared/kapso/phoneNumber'
import type { SetupLink } from '../../shared/kapso/setupLink'
import type { UnreadableRecord } from '../../shared/kapso/unreadable'
import { type Database, transaction } from '../store/database'
import { deriveConnection, effectiveLinkStatus, maxIso, phoneSearchText, searchText } from './derive'

/** A customers row as stored (snake_case, SQLite types). */
export interface CustomerRecord {
  id: string
  name: string
  external_customer_id: string | null
  created_at: string
  updated_at: string
  last_activity_at: string
  connection: ConnectionState
  phone_count: number
  phone_display: string | null
  phone_search: string
  search: string
  link_status: string | null
  link_expires_at: string | null
  links_checked_at: string | null
  is_local: number
  seen_pass: number
}

const stores = new WeakMap<Database, CustomerStore>()

/**
 * Writes to the customers cache. Every method that changes rows runs in one
 * short transaction (a page of 100 at most), so a crash or SIGKILL leaves
 * each page either fully stored with its bookkeeping or not at all.
 */
export class CustomerStore {
  static for(db: Database): CustomerStore {
    let store = stores.get(db)
    if (!store) {
      store = new CustomerStore(db)
      stores.set(db, store)
    }
    return store
  }

  /** Bumped on every row change, so cached search matches are never stale. */
  version = 0
  private readonly byId: StatementSync
  private readonly upsert: StatementSync
  private readonly hasOutbox: StatementSync
  private readonly markSeen: StatementSync

  private constructor(readonly db: Database) {
    this.byId = db.prepare('SELECT * FROM customers WHERE id = ?')
    this.hasOutbox = db.prepare('SELECT 1 AS x FROM customer_outbox WHERE customer_id = ? LIMIT 1')
    this.markSeen = db.prepare('UPDATE customers SET seen_pass = ? WHERE id = ?')
    this.upsert = db.prepare(`
      INSERT INTO customers (id, name, external_customer_id, created_at, updated_at, last_activity_at, search,
        connection, phone_count, phone_display, phone_search, link_status, link_expires_at, links_checked_at,
        is_local, seen_pass)
      VALUES (:id, :name, :external_customer_id, :created_at, :updated_at, :last_activity_at, :search,
        :connection, :phone_count, :phone_display, :phone_search, :link_status, :link_expires_at,
        :links_checked_at, :is_local, :seen_pass)
      ON CONFLICT(id) DO UPDATE SET name = excluded.name, external_customer_id = excluded.external_customer_id,
        created_at = excluded.created_at, updated_at = excluded.updated_at,
        last_activity_at = excluded.last_activity_at, search = excluded.search,
        connection = excluded.connection, phone_count = excluded.phone_count,
        phone_display = excluded.phone_display, phone_search = excluded.phone_search,
        link_status = excluded.link_status, link_expires_at = excluded.link_expires_at,
        links_checked_at = excluded.links_checked_at, is_local = excluded.is_local,
        seen_pass = excluded.seen_pass`)
  }

  get(id: string): CustomerRecord | undefined {
    return this.byId.get(id) as CustomerRecord | undefined
  }

  /** Writes a row after recomputing what derives from its fields. */
  put(
    row: Omit<CustomerRecord, 'search' | 'connection' | 'last_activity_at'>,
    nowIso: string,
  ): CustomerRecord {
    const full: CustomerRecord = {
      ...row,
      connection: deriveConnection(
        {
          phoneCount: row.phone_count,
          linkStatus: row.link_status,
          linkExpiresAt: row.link_expires_at,
          linksCheckedAt: row.links_checked_at,
        },
        nowIso,
      ),
      last_activity_at: maxIso(row.updated_at, this.latestActivity(row.id)),
      search: '',
    }
    const stored = {
      ...full,
      search: searchText(row.name, row.external_customer_id, row.id, row.phone_search),
    }
    this.upsert.run(stored as unknown as Record<string, string | number | null>)
    this.version++
    return stored
  }

  private activityStatement: StatementSync | null = null

  private latestActivity(id: string): string | null {
    this.activityStatement ??= this.db.prepare(
      `SELECT max(coalesce((SELECT max(updated_at) FROM customer_phone_numbers WHERE customer_id = :id), ''),
                    coalesce((SELECT max(created_at) FROM customer_setup_links WHERE customer_id = :id), '')) AS at`,
    )
    const row = this.activityStatement.get({ id }) as { at: string }
    return row.at || null
  }

  /**
   * One page of customers from Kapso. A row with a write waiting in the outbox
   * keeps the person's version (only marked seen) until the write replays.
   */
  storeCustomerPage(customers: readonly Customer[], pass: number, nowIso: string, after?: () => void): void {
    transaction(this.db, () => {
      for (const c of customers) this.storeCustomer(c, pass, nowIso)
      after?.()
    })
  }

  /** Outside a transaction of its own: callers wrap it. */
  storeCustomer(c: Customer, pass: number, nowIso: string): CustomerRecord {
    const existing = this.get(c.id)
    if (existing && this.hasOutbox.get(c.id)) {
      this.markSeen.run(pass, c.id)
      return existing
    }
    return this.put(
      {
        id: c.id,
        // Columns are NOT NULL; an absent value is stored empty and shown as "—".
        name: c.name ?? '',
        external_customer_id: c.external_customer_id ?? null,
        created_at: c.created_at ?? '',
        updated_at: c.updated_at ?? c.created_at ?? '',
        phone_count: existing?.phone_count ?? 0,
        phone_display: existing?.phone_display ?? null,
        phone_search: existing?.phone_search ?? '',
        link_status: existing?.link_status ?? null,
        link_expires_at: existing?.link_expires_at ?? null,
        links_checked_at: existing?.links_checked_at ?? null,
        is_local: 0,
        seen_pass: Math.max(pass, existing?.seen_pass ?? 0),
      },
      nowIso,
    )
  }

  /** One page of phone numbers; the customers they belong to (before and after) are recomputed. */
  storePhonePage(
    numbers: readonly WhatsappPhoneNumber[],
    pass: number,
    nowIso: string,
    after?: () => void,
  ): void {
    const upsert = this.db.prepare(`
      INSERT INTO customer_phone_numbers (phone_number_id, customer_id, name, display_phone_number,
        display_phone_number_normalized, verified_name, status, quality_rating, created_at, updated_at, seen_pass,
        business_account_id)
      VALUES (:phone_number_id, :customer_id, :name, :display, :normalized, :verified_name, :status, :quality,
        :created_at, :updated_at, :seen_pass, :business_account_id)
      ON CONFLICT(phone_number_id) DO UPDATE SET customer_id = excluded.customer_id, name = excluded.name,
        display_phone_number = excluded.display_phone_number,
        display_phone_number_normalized = excluded.display_phone_number_normalized,
        verified_name = excluded.verified_name, status = excluded.status, quality_rating = excluded.quality_rating,
        created_at = excluded.created_at, updated_at = excluded.updated_at,
        seen_pass = max(customer_phone_numbers.seen_pass, excluded.seen_pass),
        business_account_id = coalesce(excluded.business_account_id, customer_phone_numbers.business_account_id)`)
    const ownerOf = this.db.prepare(
      'SELECT customer_id FROM customer_phone_numbers WHERE phone_number_id = ?',
    )
    transaction(this.db, () => {
      const touched = new Set<string>()
      for (const n of numbers) {
        const previous = (ownerOf.get(n.phone_number_id) as { customer_id: string | null } | undefined)
          ?.customer_id
        if (previous) touched.add(previous)
        if (n.customer_id) touched.add(n.customer_id)
        upsert.run({
          phone_number_id: n.phone_number_id,
          customer_id: n.customer_id ?? null,
          name: n.name ?? '',
          display: n.display_phone_number ?? null,
          normalized: n.display_phone_number_normalized ?? null,
          verified_name: n.verified_name ?? null,
          status: n.status ?? null,
          quality: n.quality_rating ?? null,
          created_at: n.created_at ?? '',
          updated_at: n.updated_at ?? n.created_at ?? '',
          seen_pass: pass,
          // Column added by the phoneNumbers capability's migration (the view shows the WABA).
          business_account_id: n.business_account_id ?? null,
        })
      }
      this.refreshPhones(touched, nowIso)
      after?.()
    })
  }

  /**
   * The items of one synced page that could not be read (they replace the page's earlier ones).
   * A cached row with the same id is marked seen: Kapso still lists it, so it is not deleted.
   */
  storeUnreadable(
    resource: 'customers' | 'phone_numbers',
    page: number,
    records: readonly UnreadableRecord[],
    pass: number,
  ): void {
    this.db.prepare('DELETE FROM customer_unreadable WHERE resource = ? AND page = ?').run(resource, page)
    const insert = this.db.prepare(
      `INSERT INTO customer_unreadable (resource, page, item, record_id, field, reason, seen_pass)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    for (const r of records) {
      insert.run(resource, page, r.index, r.id, r.field, r.reason, pass)
      if (!r.id) continue
      if (resource === 'customers')
        this.db.prepare('UPDATE customers SET seen_pass = max(seen_pass, ?) WHERE id = ?').run(pass, r.id)
      else
        this.db
          .prepare(
            'UPDATE customer_phone_numbers SET seen_pass = max(seen_pass, ?) WHERE phone_number_id = ?',
          )
          .run(pass, r.id)
    }
  }

  /** Unreadable items of this pass not already counted through a cached row of the same id. */
  unreadableSeen(resource: 'customers' | 'phone_numbers', pass: number): number {
    const cached =
      resource === 'customers'
        ? 'SELECT 1 FROM customers c WHERE c.id = u.record_id AND c.seen_pass >= :pass'
        : 'SELECT 1 FROM customer_phone_numbers p WHERE p.phone_number_id = u.record_id AND p.seen_pass >= :pass'
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM customer_unreadable u
           WHERE u.resource = :resource AND u.seen_pass = :pass AND NOT EXISTS (${cached})`,
        )
        .get({ resource, pass }) as { n: number }
    ).n
  }

  /** What the last sync could not read, in list order. */
  unreadable(resource: 'customers' | 'phone_numbers', limit = 200): UnreadableRecord[] {
    const rows = this.db
      .prepare(
        `SELECT page, item, record_id, field, reason FROM customer_unreadable WHERE resource = ?
         ORDER BY page, item LIMIT ?`,
      )
      .all(resource, limit) as Array<{
      page: number
      item: number
      record_id: string | null
      field: string
      reason: string
    }>
    return rows.map((r) => ({
      unreadable: true,
      id: r.record_id,
      index: r.item,
      field: r.field,
      reason: r.reason,
    }))
  }

  /** Recomputes the numbers' part of each row (count, first display number, search text, state). */
  refreshPhones(customerIds: Iterable<string>, nowIso: string): void {
    const list = this.db.prepare(
      `SELECT phone_number_id, display_phone_number, display_phone_number_normalized
       FROM customer_phone_numbers WHERE customer_id = ? ORDER BY created_at, phone_number_id`,
    )
    for (const id of customerIds) {
      const row = this.get(id)
      if (!row) continue
      const numbers = list.all(id) as Array<{
        phone_number_id: string
        display_phone_number: string | null
        display_phone_number_normalized: string | null
      }>
      this.put(
        {
          ...row,
          phone_count: numbers.length,
          phone_display: numbers[0]?.display_phone_number ?? numbers[0]?.phone_number_id ?? null,
          phone_search: phoneSearchText(
            numbers.map((n) => ({
              phoneNumberId: n.phone_number_id,
              display: n.display_phone_number,
              normalized: n.display_phone_number_normalized,
            })),
          ),
        },
        nowIso,
      )
    }
  }

  /** The customer's setup links as Kapso listed them just now (links are fetched per customer, on open). */
  replaceSetupLinks(customerId: string, links: readonly SetupLink[], nowIso: string): void {
    transaction(this.db, () => {
      this.db.prepare('DELETE FROM customer_setup_links WHERE customer_id = ?').run(customerId)
      const insert = this.db.prepare(`INSERT OR REPLACE INTO customer_setup_links
        (id, customer_id, status, url, created_at, expires_at, setup_status, setup_error)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      for (const l of links) {
        insert.run(
          l.id,
          customerId,
          l.status ?? '',
          l.url,
          l.created_at ?? '',
          l.expires_at ?? null,
          l.whatsapp_setup_status ?? null,
          l.whatsapp_setup_error ?? null,
        )
      }
      const row = this.get(customerId)
      if (!row) return
      const newest = [...links].sort((a, b) => ((a.created_at ?? '') < (b.created_at ?? '') ? 1 : -1))[0]
      this.put(
        {
          ...row,
          link_status: newest
            ? effectiveLinkStatus(newest.status ?? '', newest.expires_at ?? null, nowIso)
            : null,
          link_expires_at: newest?.expires_at ?? null,
          links_checked_at: nowIso,
        },
        nowIso,
      )
    })
  }

  /** One customer's numbers as Kapso listed them just now (`customer_id` filter). */
  replaceCustomerPhones(customerId: string, numbers: readonly WhatsappPhoneNumber[], nowIso: string): void {
    const keep = new Set(numbers.map((n) => n.phone_number_id))
    const pass = this.get(customerId)?.seen_pass ?? 0
    this.storePhonePage(numbers, pass, nowIso, () => {
      const stale = (
        this.db
          .prepare('SELECT phone_number_id FROM customer_phone_numbers WHERE customer_id = ?')
          .all(customerId) as Array<{ phone_number_id: string }>
      ).filter((r) => !keep.has(r.phone_number_id))
      for (const r of stale)
        this.db.prepare('DELETE FROM customer_phone_numbers WHERE phone_number_id = ?').run(r.phone_number_id)
      if (stale.length) this.refreshPhones([customerId], nowIso)
    })
  }

  /** Removes a customer and what hangs off it (Kapso deletes those with it). */
  removeCustomer(id: string): void {
    this.db.prepare('DELETE FROM customer_phone_numbers WHERE customer_id = ?').run(id)
    this.db.prepare('DELETE FROM customer_setup_links WHERE customer_id = ?').run(id)
    this.db.prepare('DELETE FROM customers WHERE id = ?').run(id)
    this.version++
  }

  /** Pending links whose `expires_at` has passed become expired without anyone re-fetching them. */
  expireLinks(nowIso: string): number {
    const result = this.db
      .prepare(
        `UPDATE customers SET connection = 'expired', link_status = 'expired'
         WHERE connection = 'pending' AND link_expires_at IS NOT NULL AND link_expires_at <= ?`,
      )
      .run(nowIso)
    this.version++
    return Number(result.changes)
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n
  }
}
