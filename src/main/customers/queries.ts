import type {
  CustomerDetail,
  CustomerFilter,
  CustomerPage,
  CustomerRow,
  CustomerSort,
  FilterCounts,
  PendingMark,
} from '../../shared/customers/customer'
import { type CustomerQuery, CustomerQuerySchema, connectionStates } from '../../shared/customers/customer'
import type { Database } from '../store/database'
import { type CustomerRecord, CustomerStore } from './customerStore'
import { effectiveLinkStatus, normaliseSearch } from './derive'
import { listOutbox } from './outboxStore'

const ORDER: Record<CustomerSort, { column: string; index: string }> = {
  name: { column: 'name COLLATE NOCASE', index: 'customers_name' },
  created: { column: 'created_at', index: 'customers_created' },
  activity: { column: 'last_activity_at', index: 'customers_activity' },
}

/**
 * Search-as-you-type in two regimes, chosen by measurement (tests/bench/customers.bench.ts):
 * - a narrow needle (few matches): the trigram index (3+ characters, up to TRIGRAM_SET_LIMIT
 *   matches) or else one scan of the covering index `(connection, search)`
 *   collects the matches into a temp table, counts and the window come from it, and the
 *   next keystroke (which extends the needle) only re-checks those rows;
 * - a broad needle (more than MATCH_SET_LIMIT matches): the scan stops early, counts come
 *   from the rest of the index, and the window walks the covering sort index (bounded by one
 *   index scan even when the matches all sort last).
 */
const MATCH_SET_LIMIT = 5000
/**
 * A needle of 3+ characters asks the trigram index first: up to this many
 * matches, the match set comes from it without a scan (about 2.5× faster at
 * 5,000 matches); above it, joining that many rows costs more than the broad
 * regime's scans, so the broad regime takes over.
 */
const TRIGRAM_SET_LIMIT = 10_000
const TRIGRAM_MIN = 3

const ROW_COLUMNS =
  'c.id, c.name, c.external_customer_id, c.created_at, c.updated_at, c.last_activity_at, c.connection, c.phone_count, c.phone_display, c.is_local'

type RowRecord = Pick<
  CustomerRecord,
  | 'id'
  | 'name'
  | 'external_customer_id'
  | 'created_at'
  | 'updated_at'
  | 'last_activity_at'
  | 'connection'
  | 'phone_count'
  | 'phone_display'
  | 'is_local'
>

interface MatchCache {
  needle: string
  version: string
  /** True when the temp table holds every match of `needle`. */
  complete: boolean
}
const matchCaches = new WeakMap<Database, MatchCache>()

/**
 * One window of the list plus the per-filter counts, and what the last sync
 * could not read (only for the unfiltered list: an unreadable record matches no search).
 */
export function queryCustomers(db: Database, input: CustomerQuery): CustomerPage {
  const q = CustomerQuerySchema.parse(input)
  const plain = q.filter === 'all' && !normaliseSearch(q.search)
  return {
    ...queryWindow(db, q),
    unreadable: plain ? CustomerStore.for(db).unreadable('customers') : [],
  }
}

function queryWindow(
  db: Database,
  q: ReturnType<typeof CustomerQuerySchema.parse>,
): Omit<CustomerPage, 'unreadable'> {
  const needle = normaliseSearch(q.search)
  const order = ORDER[q.sort]
  const dir = q.direction === 'desc' ? 'DESC' : 'ASC'
  const orderBy = `ORDER BY ${order.column.replace('name', 'c.name')} ${dir}, c.id ${dir}`
  const params: Record<string, string | number> = { limit: q.limit, offset: q.offset }
  const filterSql = q.filter === 'all' ? '' : 'connection = :filter'
  if (q.filter !== 'all') params.filter = q.filter

  if (needle && collectMatches(db, needle)) {
    const counts = countRows(
      db.prepare('SELECT k AS connection, count(*) AS n FROM temp.customer_matches GROUP BY k').all(),
    )
    const total = counts[q.filter]
    if (total === 0 || q.offset >= total) return { rows: [], offset: q.offset, total, counts }
    const records = db
      .prepare(
        `SELECT ${ROW_COLUMNS} FROM temp.customer_matches m JOIN customers c ON c.rowid = m.r
         ${filterSql ? `WHERE m.k = :filter` : ''} ${orderBy} LIMIT :limit OFFSET :offset`,
      )
      .all(params) as unknown as RowRecord[]
    return { rows: toRows(db, records), offset: q.offset, total, counts }
  }

  const counts = countRows(
    needle
      ? countBroad(db, needle)
      : db.prepare('SELECT connection, count(*) AS n FROM customers GROUP BY connection').all(),
  )
  const total = counts[q.filter]
  if (total === 0 || q.offset >= total) return { rows: [], offset: q.offset, total, counts }
  const where = [filterSql, needle ? 'instr(search, :needle) > 0' : ''].filter(Boolean)
  if (needle) params.needle = needle
  // Rowids come from the covering sort index alone; only the window's rows are read from the table.
  const records = db
    .prepare(
      `SELECT ${ROW_COLUMNS} FROM customers c WHERE c.rowid IN (
         SELECT rowid FROM customers INDEXED BY ${order.index}
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY ${order.column} ${dir}, id ${dir} LIMIT :limit OFFSET :offset)
       ${orderBy}`,
    )
    .all(params) as unknown as RowRecord[]
  return { rows: toRows(db, records), offset: q.offset, total, counts }
}

/**
 * Fills temp.customer_matches with the rows matching `needle`; false when
 * there are more than MATCH_SET_LIMIT (the broad regime). A needle that
 * extends the previous one narrows the previous set instead of rescanning.
 */
function collectMatches(db: Database, needle: string): boolean {
  const version = changeStamp(db)
  const cache = matchCaches.get(db)
  if (cache && cache.version === version && cache.needle === needle) return cache.complete
  db.exec(
    'CREATE TEMP TABLE IF NOT EXISTS customer_matches (o INTEGER PRIMARY KEY, r INTEGER NOT NULL, k TEXT NOT NULL)',
  )
  if (cache && cache.version === version && cache.complete && needle.includes(cache.needle)) {
    db.prepare(
      `DELETE FROM temp.customer_matches WHERE r IN (SELECT m.r FROM temp.customer_matches m
         JOIN customers c ON c.rowid = m.r WHERE instr(c.search, ?) = 0)`,
    ).run(needle)
    matchCaches.set(db, { needle, version, complete: true })
    return true
  }
  db.exec('DELETE FROM temp.customer_matches')
  if ([...needle].length >= TRIGRAM_MIN) {
    // A quoted FTS5 phrase is a plain substring for the trigram tokenizer; quotes are doubled.
    const phrase = `"${needle.replaceAll('"', '""')}"`
    const found = db
      .prepare('SELECT count(*) AS n FROM customers_trigram WHERE customers_trigram MATCH ?')
      .get(phrase) as { n: number }
    if (found.n <= TRIGRAM_SET_LIMIT) {
      db.prepare(
        `INSERT INTO temp.customer_matches (r, k) SELECT c.rowid, c.connection FROM customers_trigram t
         JOIN customers c ON c.rowid = t.rowid WHERE customers_trigram MATCH ?`,
      ).run(phrase)
      matchCaches.set(db, { needle, version, complete: true })
      return true
    }
  }
  const inserted = db
    .prepare(
      `INSERT INTO temp.customer_matches (r, k) SELECT rowid, connection FROM customers INDEXED BY customers_search
       WHERE instr(search, ?) > 0 LIMIT ${MATCH_SET_LIMIT + 1}`,
    )
    .run(needle)
  const complete = Number(inserted.changes) <= MATCH_SET_LIMIT
  matchCaches.set(db, { needle, version, complete })
  return complete
}

/**
 * Changes since the match set was collected: this connection's own writes
 * (the store's version) and commits by any other connection (`data_version`),
 * since the data worker's connection and main's write the same file.
 */
function changeStamp(db: Database): string {
  const { data_version } = db.prepare('PRAGMA data_version').get() as { data_version: number }
  return `${CustomerStore.for(db).version}:${data_version}`
}

/**
 * Counts for a broad needle. The match collection stopped at MATCH_SET_LIMIT + 1 rows in
 * index order, so only the rest of the index is scanned: one full pass in total.
 */
function countBroad(db: Database, needle: string): unknown[] {
  const head = db
    .prepare('SELECT k AS connection, count(*) AS n FROM temp.customer_matches GROUP BY k')
    .all() as Array<{
    connection: string
    n: number
  }>
  const last = db
    .prepare(
      `SELECT c.connection, c.search FROM temp.customer_matches m JOIN customers c ON c.rowid = m.r
       ORDER BY m.o DESC LIMIT 1`,
    )
    .get() as { connection: string; search: string }
  const tail = db
    .prepare(
      `SELECT connection, count(*) AS n FROM customers INDEXED BY customers_search
       WHERE (connection, search) > (?, ?) AND instr(search, ?) > 0 GROUP BY connection`,
    )
    .all(last.connection, last.search, needle) as Array<{ connection: string; n: number }>
  const merged = new Map<string, number>()
  for (const row of [...head, ...tail]) merged.set(row.connection, (merged.get(row.connection) ?? 0) + row.n)
  return [...merged].map(([connection, n]) => ({ connection, n }))
}

function countRows(rows: unknown[]): FilterCounts {
  const counts = { all: 0 } as FilterCounts
  for (const state of connectionStates) counts[state] = 0
  for (const row of rows as Array<{ connection: string; n: number }>) {
    counts[row.connection as CustomerFilter] = row.n
    counts.all += row.n
  }
  return counts
}

function toRows(db: Database, records: RowRecord[]): CustomerRow[] {
  const marks = pendingMarks(
    db,
    records.map((r) => r.id),
  )
  return records.map((r) => toRow(r, marks.get(r.id) ?? null))
}

function toRow(r: RowRecord, pending: PendingMark | null): CustomerRow {
  return {
    id: r.id,
    name: r.name,
    externalCustomerId: r.external_customer_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastActivityAt: r.last_activity_at,
    connection: r.connection,
    phoneCount: r.phone_count,
    phoneDisplay: r.phone_display,
    local: r.is_local === 1,
    pending,
  }
}

/** The newest outbox write per row; a rejected one wins, since it needs the person. */
function pendingMarks(db: Database, ids: string[]): Map<string, PendingMark> {
  const marks = new Map<string, PendingMark>()
  if (!ids.length) return marks
  const rows = db
    .prepare(
      `SELECT customer_id, op, state, error FROM customer_outbox
       WHERE customer_id IN (${ids.map(() => '?').join(',')}) ORDER BY seq`,
    )
    .all(...ids) as Array<{
    customer_id: string
    op: PendingMark['op']
    state: PendingMark['state']
    error: string | null
  }>
  for (const row of rows) {
    const current = marks.get(row.customer_id)
    if (current?.state === 'rejected' && row.state !== 'rejected') continue
    const reason = row.error ? ((JSON.parse(row.error) as { message?: string }).message ?? null) : null
    marks.set(row.customer_id, { op: row.op, state: row.state, reason })
  }
  return marks
}

export function customerRow(db: Database, id: string): CustomerRow | null {
  const record = db.prepare(`SELECT ${ROW_COLUMNS} FROM customers c WHERE c.id = ?`).get(id) as
    | RowRecord
    | undefined
  return record ? toRows(db, [record])[0]! : null
}

export function customerDetail(db: Database, id: string, nowIso: string): CustomerDetail | null {
  const customer = customerRow(db, id)
  if (!customer) return null
  const checked = db.prepare('SELECT links_checked_at FROM customers WHERE id = ?').get(id) as {
    links_checked_at: string | null
  }
  const phones = db
    .prepare(
      `SELECT phone_number_id, name, display_phone_number, verified_name, status, quality_rating, created_at
       FROM customer_phone_numbers WHERE customer_id = ? ORDER BY created_at, phone_number_id`,
    )
    .all(id) as Array<Record<string, string | null>>
  const links = db
    .prepare(
      `SELECT id, status, url, created_at, expires_at, setup_status, setup_error
       FROM customer_setup_links WHERE customer_id = ? ORDER BY created_at DESC`,
    )
    .all(id) as Array<Record<string, string | null>>
  return {
    customer,
    phoneNumbers: phones.map((p) => ({
      phoneNumberId: p.phone_number_id!,
      name: p.name!,
      displayPhoneNumber: p.display_phone_number ?? null,
      verifiedName: p.verified_name ?? null,
      status: p.status ?? null,
      qualityRating: p.quality_rating ?? null,
      createdAt: p.created_at!,
    })),
    setupLinks: links.map((l) => ({
      id: l.id!,
      status: l.status!,
      effectiveStatus: effectiveLinkStatus(l.status!, l.expires_at ?? null, nowIso),
      url: l.url!,
      createdAt: l.created_at!,
      expiresAt: l.expires_at ?? null,
      setupStatus: l.setup_status ?? null,
      setupError: l.setup_error ?? null,
    })),
    linksCheckedAt: checked.links_checked_at,
    outbox: listOutbox(db).filter((e) => e.customerId === id),
  }
}
