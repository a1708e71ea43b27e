import type { ConnectionSource, SignalKind } from '../../shared/connections/timeline'
import type { Database } from '../store/database'

export interface SignalRow {
  id: number
  customer_id: string | null
  setup_link_id: string | null
  kind: SignalKind
  source: 'console' | ConnectionSource
  at: string
  phone_number_id: string | null
  display_phone_number: string | null
  detail: string
  trusted: number
}

export interface NewSignal {
  customerId: string | null
  setupLinkId: string | null
  kind: SignalKind
  source: 'console' | ConnectionSource
  at: string
  phoneNumberId?: string | null
  displayPhoneNumber?: string | null
  detail?: Record<string, unknown>
  trusted?: boolean
}

export interface WatchRow {
  customer_id: string
  setup_link_id: string
  started_at: string
  until_at: string | null
  attempts: number
  next_at: string
  last_checked_at: string | null
  last_error: string | null
  known_numbers: string
}

export interface RedirectTargets {
  setup_link_id: string
  customer_id: string
  final_success_url: string | null
  final_failure_url: string | null
  language: string | null
}

export interface RedirectCheckRow {
  id: number
  customer_id: string
  setup_link_id: string
  phone_number_id: string | null
  display_phone_number: string | null
  received_at: string
  state: 'confirming' | 'confirmed' | 'contradicted'
  attempts: number
  next_at: string | null
  last_checked_at: string | null
  last_error: string | null
  reason: string | null
  resolved_at: string | null
}

/** The connections tables of one project's database. */
export class SignalStore {
  constructor(readonly db: Database) {}

  add(s: NewSignal): number {
    const result = this.db
      .prepare(
        `INSERT INTO connection_signals (customer_id, setup_link_id, kind, source, at, phone_number_id,
           display_phone_number, detail, trusted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.customerId,
        s.setupLinkId,
        s.kind,
        s.source,
        s.at,
        s.phoneNumberId ?? null,
        s.displayPhoneNumber ?? null,
        JSON.stringify(s.detail ?? {}),
        s.trusted === false ? 0 : 1,
      )
    return Number(result.lastInsertRowid)
  }

  forCustomer(customerId: string): SignalRow[] {
    return this.db
      .prepare('SELECT * FROM connection_signals WHERE customer_id = ? ORDER BY at, id')
      .all(customerId) as unknown as SignalRow[]
  }

  /** Whether a signal of this kind and source is already recorded for the customer (and number). */
  has(customerId: string, kind: SignalKind, source: string, phoneNumberId: string | null): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM connection_signals WHERE customer_id = ? AND kind = ? AND source = ?
             AND coalesce(phone_number_id, '') = coalesce(?, '') LIMIT 1`,
        )
        .get(customerId, kind, source, phoneNumberId) !== undefined
    )
  }

  /** The `connected` row of a customer for this number, if any (there is at most one per number). */
  connected(customerId: string, phoneNumberId?: string): SignalRow | undefined {
    return (
      phoneNumberId
        ? this.db
            .prepare(
              "SELECT * FROM connection_signals WHERE customer_id = ? AND kind = 'connected' AND phone_number_id = ? ORDER BY id LIMIT 1",
            )
            .get(customerId, phoneNumberId)
        : this.db
            .prepare(
              "SELECT * FROM connection_signals WHERE customer_id = ? AND kind = 'connected' ORDER BY id DESC LIMIT 1",
            )
            .get(customerId)
    ) as SignalRow | undefined
  }

  // ── watches ──
  watch(w: Omit<WatchRow, 'attempts' | 'last_checked_at' | 'last_error'>): void {
    this.db
      .prepare(
        `INSERT INTO connection_watches (customer_id, setup_link_id, started_at, until_at, next_at, known_numbers)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(customer_id) DO UPDATE SET setup_link_id = excluded.setup_link_id,
           started_at = excluded.started_at, until_at = excluded.until_at, next_at = excluded.next_at,
           attempts = 0, last_error = NULL, known_numbers = excluded.known_numbers`,
      )
      .run(w.customer_id, w.setup_link_id, w.started_at, w.until_at, w.next_at, w.known_numbers)
  }

  watches(): WatchRow[] {
    return this.db.prepare('SELECT * FROM connection_watches ORDER BY next_at').all() as unknown as WatchRow[]
  }

  /** Watches whose next check is due (asked every second: only those rows are read). */
  dueWatches(nowIso: string): WatchRow[] {
    return this.db
      .prepare('SELECT * FROM connection_watches WHERE next_at <= ? ORDER BY next_at')
      .all(nowIso) as unknown as WatchRow[]
  }

  watchFor(customerId: string): WatchRow | undefined {
    return this.db.prepare('SELECT * FROM connection_watches WHERE customer_id = ?').get(customerId) as
      | WatchRow
      | undefined
  }

  checked(customerId: string, at: string, nextAt: string, error: string | null): void {
    this.db
      .prepare(
        `UPDATE connection_watches SET attempts = attempts + 1, last_checked_at = ?, next_at = ?, last_error = ?
         WHERE customer_id = ?`,
      )
      .run(at, nextAt, error, customerId)
  }

  reschedule(customerId: string, nextAt: string): void {
    this.db.prepare('UPDATE connection_watches SET next_at = ? WHERE customer_id = ?').run(nextAt, customerId)
  }

  unwatch(customerId: string): void {
    this.db.prepare('DELETE FROM connection_watches WHERE customer_id = ?').run(customerId)
  }

  // ── redirect targets ──
  rememberRedirects(t: RedirectTargets, nowIso: string): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO connection_redirects
           (setup_link_id, customer_id, final_success_url, final_failure_url, language, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(t.setup_link_id, t.customer_id, t.final_success_url, t.final_failure_url, t.language, nowIso)
  }

  redirects(setupLinkId: string): RedirectTargets | undefined {
    return this.db.prepare('SELECT * FROM connection_redirects WHERE setup_link_id = ?').get(setupLinkId) as
      | RedirectTargets
      | undefined
  }

  // ── redirect checks ──
  /**
   * A success redirect to confirm. The same claim again (a reload) while it is
   * still being confirmed is the same check, asked again at once.
   */
  addRedirectCheck(
    c: Pick<RedirectCheckRow, 'customer_id' | 'setup_link_id' | 'phone_number_id' | 'display_phone_number'>,
    nowIso: string,
  ): number {
    const open = this.db
      .prepare(
        `SELECT id FROM connection_redirect_checks WHERE state = 'confirming' AND customer_id = ?
           AND setup_link_id = ? AND coalesce(phone_number_id, '') = coalesce(?, '') LIMIT 1`,
      )
      .get(c.customer_id, c.setup_link_id, c.phone_number_id) as { id: number } | undefined
    if (open) {
      this.db.prepare('UPDATE connection_redirect_checks SET next_at = ? WHERE id = ?').run(nowIso, open.id)
      return open.id
    }
    const result = this.db
      .prepare(
        `INSERT INTO connection_redirect_checks
           (customer_id, setup_link_id, phone_number_id, display_phone_number, received_at, next_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(c.customer_id, c.setup_link_id, c.phone_number_id, c.display_phone_number, nowIso, nowIso)
    return Number(result.lastInsertRowid)
  }

  redirectCheck(id: number): RedirectCheckRow | undefined {
    return this.db.prepare('SELECT * FROM connection_redirect_checks WHERE id = ?').get(id) as
      | RedirectCheckRow
      | undefined
  }

  /** The newest redirect check of a customer (what the onboarding panel shows). */
  latestRedirectCheck(customerId: string): RedirectCheckRow | undefined {
    return this.db
      .prepare('SELECT * FROM connection_redirect_checks WHERE customer_id = ? ORDER BY id DESC LIMIT 1')
      .get(customerId) as RedirectCheckRow | undefined
  }

  /** Checks still being confirmed for a customer. */
  openRedirectChecks(customerId: string): RedirectCheckRow[] {
    return this.db
      .prepare(
        "SELECT * FROM connection_redirect_checks WHERE customer_id = ? AND state = 'confirming' ORDER BY id",
      )
      .all(customerId) as unknown as RedirectCheckRow[]
  }

  /** Customers with a redirect still being confirmed. */
  confirmingCustomers(): string[] {
    return (
      this.db
        .prepare(
          "SELECT DISTINCT customer_id FROM connection_redirect_checks WHERE state = 'confirming' ORDER BY customer_id",
        )
        .all() as Array<{ customer_id: string }>
    ).map((r) => r.customer_id)
  }

  dueRedirectChecks(nowIso: string): RedirectCheckRow[] {
    return this.db
      .prepare(
        "SELECT * FROM connection_redirect_checks WHERE state = 'confirming' AND next_at <= ? ORDER BY next_at",
      )
      .all(nowIso) as unknown as RedirectCheckRow[]
  }

  redirectChecked(id: number, at: string, nextAt: string, error: string | null, counts: boolean): void {
    this.db
      .prepare(
        `UPDATE connection_redirect_checks SET attempts = attempts + ?, last_checked_at = ?, next_at = ?,
           last_error = ? WHERE id = ?`,
      )
      .run(counts ? 1 : 0, at, nextAt, error, id)
  }

  resolveRedirectCheck(
    id: number,
    state: 'confirmed' | 'contradicted',
    reason: string | null,
    at: string,
  ): void {
    this.db
      .prepare(
        `UPDATE connection_redirect_checks SET state = ?, reason = ?, resolved_at = ?, next_at = NULL
         WHERE id = ? AND state = 'confirming'`,
      )
      .run(state, reason, at, id)
  }
}
