import { AppError } from '../../shared/ipc/errors'
import type { PhoneNumberHealth } from '../../shared/kapso/phoneNumber'
import type { HealthView, PhoneNumberPage, PhoneNumberRow } from '../../shared/phoneNumbers/contract'
import { CustomerStore } from '../customers/customerStore'
import type { KapsoClient } from '../kapso'
import { ActiveProjectClient, type ClientFactory, type ProjectClients } from '../kapso/activeProjectClient'
import type { Logger } from '../log/logger'
import type { ActiveProject } from '../projects/projectsService'
import type { Database } from '../store/database'

export interface PhoneNumbersServiceDeps {
  database: { current(): Promise<Database> }
  projects: { active(): Promise<ActiveProject> }
  log: Logger
  now?: () => Date
  clientFor?: ClientFactory
  /** The app's one client per project (one request budget per key), shared with the other capabilities. */
  clients?: ProjectClients
}

/** Kapso caches a number's health for 3 minutes: asking sooner only spends the 60/min budget. */
export const HEALTH_FRESH_MS = 3 * 60_000
/** Longest a health request may wait for the rate limiter before the console gives up and says so. */
export const HEALTH_WAIT_MS = 10_000

interface Row {
  phone_number_id: string
  display_phone_number: string | null
  name: string
  customer_id: string | null
  customer_name: string | null
  business_account_id: string | null
  status: string | null
  quality_rating: string | null
  created_at: string
  health: string | null
}

const toRow = (r: Row): PhoneNumberRow => ({
  phoneNumberId: r.phone_number_id,
  displayPhoneNumber: r.display_phone_number,
  name: r.name,
  customerId: r.customer_id,
  customerName: r.customer_name,
  businessAccountId: r.business_account_id,
  status: r.status,
  qualityRating: r.quality_rating,
  createdAt: r.created_at,
  health: r.health,
})

/**
 * Every number of the project (from the cache the customers sync keeps), the
 * per-number health Kapso offers, and a test message through the Meta proxy.
 */
export class PhoneNumbersService {
  private readonly api: ActiveProjectClient
  private readonly now: () => Date

  constructor(private readonly deps: PhoneNumbersServiceDeps) {
    this.api = new ActiveProjectClient({
      projects: deps.projects,
      log: deps.log,
      clients: deps.clients,
      clientFor: deps.clientFor,
      retry: { maxAttempts: 2, maxTotalMs: 5_000 },
    })
    this.now = deps.now ?? (() => new Date())
  }

  async count(): Promise<number> {
    const db = await this.deps.database.current()
    return (db.prepare('SELECT count(*) AS n FROM customer_phone_numbers').get() as { n: number }).n
  }

  async query(search: string, offset: number, limit: number): Promise<PhoneNumberPage> {
    const db = await this.deps.database.current()
    const needle = search.trim().toLowerCase()
    // One haystack per row: display form, digits, Meta id, label, owner, WABA.
    const haystack = `lower(coalesce(p.display_phone_number, '') || ' ' || coalesce(p.display_phone_number_normalized, '')
      || ' ' || p.phone_number_id || ' ' || p.name || ' ' || coalesce(c.name, '') || ' ' || coalesce(p.business_account_id, ''))`
    const from = `FROM customer_phone_numbers p LEFT JOIN customers c ON c.id = p.customer_id`
    const select = `SELECT p.phone_number_id, p.display_phone_number, p.name, p.customer_id, c.name AS customer_name,
           p.business_account_id, p.status, p.quality_rating, p.created_at, h.status AS health`
    const health = 'LEFT JOIN phone_number_health h ON h.phone_number_id = p.phone_number_id'
    let total: number
    let rows: Row[]
    if (!needle) {
      total = (db.prepare('SELECT count(*) AS n FROM customer_phone_numbers').get() as { n: number }).n
      // The window walks the (created_at, phone_number_id) index: no sort of the whole table.
      rows = db
        .prepare(
          `${select} ${from} ${health} ORDER BY p.created_at DESC, p.phone_number_id DESC LIMIT ? OFFSET ?`,
        )
        .all(limit, offset) as unknown as Row[]
    } else {
      // One scan builds the haystack once per row; the count and the window both read its matches.
      db.exec('CREATE TEMP TABLE IF NOT EXISTS phone_number_matches (r INTEGER PRIMARY KEY)')
      db.exec('DELETE FROM temp.phone_number_matches')
      db.prepare(
        `INSERT INTO temp.phone_number_matches (r) SELECT p.rowid ${from} WHERE instr(${haystack}, ?) > 0`,
      ).run(needle)
      total = (db.prepare('SELECT count(*) AS n FROM temp.phone_number_matches').get() as { n: number }).n
      rows = db
        .prepare(
          `${select} FROM temp.phone_number_matches m JOIN customer_phone_numbers p ON p.rowid = m.r
           LEFT JOIN customers c ON c.id = p.customer_id ${health}
           ORDER BY p.created_at DESC, p.phone_number_id DESC LIMIT ? OFFSET ?`,
        )
        .all(limit, offset) as unknown as Row[]
    }
    const cached = needle ? await this.count() : total
    // What the customers sync could not read; it matches no search.
    const unreadable = needle ? [] : CustomerStore.for(db).unreadable('phone_numbers')
    return { rows: rows.map(toRow), offset, total, cached, unreadable }
  }

  async health(phoneNumberId: string, force: boolean): Promise<HealthView> {
    const db = await this.deps.database.current()
    const cached = db
      .prepare('SELECT raw, fetched_at FROM phone_number_health WHERE phone_number_id = ?')
      .get(phoneNumberId) as { raw: string; fetched_at: string } | undefined
    const nowMs = this.now().getTime()
    if (cached && !force && nowMs - Date.parse(cached.fetched_at) < HEALTH_FRESH_MS) {
      return view(
        phoneNumberId,
        JSON.parse(cached.raw),
        cached.fetched_at,
        'Checked less than 3 minutes ago (Kapso caches health that long).',
      )
    }
    try {
      // Asked from the number's detail: the person waits, so interactive. The client waits out
      // Kapso's health limit; the person waits a bounded time, then hears why.
      const health = await (await this.clientNow('interactive')).phoneNumbers.health(phoneNumberId, {
        signal: AbortSignal.timeout(HEALTH_WAIT_MS),
      })
      const fetchedAt = this.now().toISOString()
      db.prepare(
        `INSERT OR REPLACE INTO phone_number_health (phone_number_id, status, checked_at, fetched_at, raw)
         VALUES (?, ?, ?, ?, ?)`,
      ).run(
        phoneNumberId,
        health.status ?? '',
        health.timestamp ?? fetchedAt,
        fetchedAt,
        JSON.stringify(health),
      )
      return view(phoneNumberId, health, fetchedAt, null)
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'internal'
      const limited = code === 'rate_limited' || code === 'cancelled'
      if (cached && (code === 'offline' || code === 'server' || limited)) {
        const why = limited
          ? 'Kapso’s health limit (5 per second, 60 per minute) is reached: showing the last result.'
          : 'Kapso cannot be reached: showing the last result saved here.'
        return view(phoneNumberId, JSON.parse(cached.raw), cached.fetched_at, why)
      }
      if (limited)
        throw new AppError(
          'rate_limited',
          'Kapso’s health checks are limited to 5 per second and 60 per minute for the project. Try again in a minute.',
        )
      throw error
    }
  }

  async sendTest(
    phoneNumberId: string,
    to: string,
    body: string,
  ): Promise<{ messageId: string; waId: string | null }> {
    const digits = to.replace(/\D/g, '')
    if (digits.length < 6 || digits.length > 15)
      throw new AppError('validation', 'Enter the recipient in international format, e.g. +1 555 013 4567.', {
        fields: { to: ['Use 6 to 15 digits with the country code.'] },
      })
    const result = await (await this.clientNow('interactive')).messages.sendText(phoneNumberId, {
      to: digits,
      body,
    })
    const messageId = result.messages?.[0]?.id
    if (!messageId)
      throw new AppError('invalid_response', 'Meta accepted the message but returned no message id.')
    this.deps.log.info('test message sent', { phoneNumberId })
    return { messageId, waId: result.contacts?.[0]?.wa_id ?? null }
  }

  private async clientNow(priority: 'interactive'): Promise<KapsoClient> {
    return this.api.get(priority)
  }
}

function view(
  phoneNumberId: string,
  h: PhoneNumberHealth,
  fetchedAt: string,
  note: string | null,
): HealthView {
  return {
    phoneNumberId,
    status: h.status ?? '',
    checkedAt: h.timestamp ?? fetchedAt,
    fetchedAt,
    cached: note !== null,
    note,
    error: h.error ?? null,
    checks: Object.entries(h.checks ?? {}).map(([name, c]) => ({
      name,
      passed: c.passed ?? null,
      error: c.error ?? null,
      summary: summarise(c.details),
    })),
  }
}

/** A check's details as one short line (status words, not the whole object). */
function summarise(details: Record<string, unknown> | null | undefined): string {
  if (!details) return ''
  return Object.entries(details)
    .filter(
      ([, v]) => v !== null && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'),
    )
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(' · ')
}
