import type { SyncStatus } from '../../shared/customers/customer'
import { AppError } from '../../shared/ipc/errors'
import type { Page } from '../../shared/kapso/pagination'
import type { UnreadableRecord } from '../../shared/kapso/unreadable'
import type { KapsoClient } from '../kapso'
import type { Logger } from '../log/logger'
import { type Database, transaction } from '../store/database'
import { CustomerStore } from './customerStore'

/**
 * A full pull of customers, then of phone numbers, page by page.
 *
 * - Pages are fetched in parallel (CONCURRENCY at a time) with the client's
 *   `listPage`, not its walker, so a pass can skip the pages it already stored.
 * - Each page is stored in its own short transaction together with the mark
 *   "page n of this pass is done" (customer_sync_pages), then the loop yields
 *   to the event loop, so IPC calls are answered between pages and a crash
 *   leaves whole pages only.
 * - An interrupted pass (cancel, offline, crash) resumes: page 1 is fetched
 *   again for the current total; if the total changed, the resource's page
 *   marks are dropped and its pages refetched (offset pages have shifted).
 * - Customers not seen in a pass are removed only after the pass completed:
 *   when the pass saw at least as many as Kapso's total, the unseen are gone;
 *   otherwise (the list moved under the pass) up to VERIFY_LIMIT of them are
 *   checked one by one with GET, the rest wait for the next pass.
 *
 * Setup links are not part of the pass: Kapso lists them per customer only,
 * so a pass over 10,000 customers would need 10,000 extra requests — 100
 * minutes at the free plan's 100 requests/minute. They are fetched when a
 * customer is opened (CustomersService.refreshDetail), and the connection
 * state says "not checked" until then.
 */
export const PER_PAGE = 100
const CONCURRENCY = 4
const VERIFY_LIMIT = 50

type Resource = 'customers' | 'phone_numbers'

interface SyncRow {
  resource: Resource
  pass: number
  total: number | null
  per_page: number
  complete: number
  started_at: string
  finished_at: string | null
}

export interface SyncProgress {
  phase: SyncStatus['phase']
  done: number
  total: number | null
}

export interface SyncDeps {
  db: Database
  client: KapsoClient
  log: Logger
  now: () => Date
  signal: AbortSignal
  onProgress(progress: SyncProgress): void
  /** Rows changed (a page stored, customers removed). */
  onChanged(): void
  /**
   * Stores a page elsewhere (the data worker, on its own connection) so the
   * upserts and search-index upkeep do not block this thread; absent, pages
   * are stored on `db` here.
   */
  storePage?: (args: {
    resource: Resource
    pass: number
    page: number
    items: unknown[]
    unreadable: UnreadableRecord[]
    nowIso: string
  }) => Promise<void>
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

export function syncRow(db: Database, resource: Resource): SyncRow | undefined {
  return db.prepare('SELECT * FROM customer_sync WHERE resource = ?').get(resource) as SyncRow | undefined
}

/** True when a pass was started and not finished: the next sync continues it. */
export function passInProgress(db: Database): boolean {
  const row = syncRow(db, 'customers')
  return row !== undefined && row.finished_at === null
}

export function lastSyncedAt(db: Database): string | null {
  const row = db.prepare("SELECT value FROM customer_meta WHERE key = 'last_synced_at'").get() as
    | { value: string }
    | undefined
  return row?.value ?? null
}

/** Runs (or continues) one full pass. Throws AppError (offline, cancelled, …); progress is kept. */
export async function runSyncPass(deps: SyncDeps): Promise<{ removed: number }> {
  const { db } = deps
  const pass = beginPass(db, deps.now().toISOString())
  for (const resource of ['customers', 'phone_numbers'] as const) {
    const row = syncRow(db, resource)!
    if (row.complete) continue
    await pullResource(deps, resource, pass)
  }
  deps.onProgress({ phase: 'finishing', done: 0, total: null })
  const removed = await finishPass(deps, pass)
  return { removed }
}

function beginPass(db: Database, nowIso: string): number {
  return transaction(db, () => {
    const current = syncRow(db, 'customers')
    if (current && current.finished_at === null) return current.pass
    const pass = (current?.pass ?? 0) + 1
    for (const resource of ['customers', 'phone_numbers'] as const) {
      db.prepare(
        `INSERT INTO customer_sync (resource, pass, total, per_page, complete, started_at, finished_at)
         VALUES (?, ?, NULL, ?, 0, ?, NULL)
         ON CONFLICT(resource) DO UPDATE SET pass = excluded.pass, total = NULL, per_page = excluded.per_page,
           complete = 0, started_at = excluded.started_at, finished_at = NULL`,
      ).run(resource, pass, PER_PAGE, nowIso)
      db.prepare('DELETE FROM customer_sync_pages WHERE resource = ?').run(resource)
    }
    return pass
  })
}

async function fetchPage(deps: SyncDeps, resource: Resource, page: number) {
  const query = { page, per_page: PER_PAGE }
  const options = { signal: deps.signal }
  return resource === 'customers'
    ? deps.client.customers.listPage(query, options)
    : deps.client.phoneNumbers.listPage(query, options)
}

async function storePage(
  deps: SyncDeps,
  resource: Resource,
  pass: number,
  page: number,
  got: Page<unknown>,
): Promise<void> {
  const nowIso = deps.now().toISOString()
  if (deps.storePage) {
    await deps.storePage({
      resource,
      pass,
      page,
      items: got.items as unknown[],
      unreadable: [...got.unreadable],
      nowIso,
    })
    return
  }
  const store = CustomerStore.for(deps.db)
  const mark = () => {
    deps.db
      .prepare('INSERT OR IGNORE INTO customer_sync_pages (resource, page) VALUES (?, ?)')
      .run(resource, page)
    store.storeUnreadable(resource, page, got.unreadable, pass)
  }
  if (resource === 'customers') store.storeCustomerPage(got.items as never, pass, nowIso, mark)
  else store.storePhonePage(got.items as never, pass, nowIso, mark)
}

async function pullResource(deps: SyncDeps, resource: Resource, pass: number): Promise<void> {
  const { db } = deps
  const phase = resource
  const first = await fetchPage(deps, resource, 1)
  const total = first.totalCount ?? first.items.length
  const totalPages = first.totalPages ?? (first.items.length ? 1 : 0)
  const row = syncRow(db, resource)!
  transaction(db, () => {
    if (row.total !== null && row.total !== total) {
      // The list grew or shrank since this pass began: offsets moved, so its page marks mean nothing now.
      deps.log.info('customers sync: total changed mid-pass, refetching pages', {
        resource,
        was: row.total,
        now: total,
      })
      db.prepare('DELETE FROM customer_sync_pages WHERE resource = ?').run(resource)
    }
    db.prepare('UPDATE customer_sync SET total = ? WHERE resource = ?').run(total, resource)
  })
  await storePage(deps, resource, pass, 1, first)
  deps.onChanged()

  const done = new Set(
    (
      db.prepare('SELECT page FROM customer_sync_pages WHERE resource = ?').all(resource) as Array<{
        page: number
      }>
    ).map((r) => r.page),
  )
  const itemsOn = (page: number) => (page < totalPages ? PER_PAGE : total - (totalPages - 1) * PER_PAGE)
  let doneItems = 0
  for (const page of done) if (page <= totalPages) doneItems += itemsOn(page)
  deps.onProgress({ phase, done: Math.min(doneItems, total), total })

  const todo: number[] = []
  for (let page = 2; page <= totalPages; page++) if (!done.has(page)) todo.push(page)
  let failure: unknown = null
  const worker = async () => {
    while (todo.length && failure === null) {
      const page = todo.shift()!
      try {
        const got = await fetchPage(deps, resource, page)
        if (deps.signal.aborted) throw new AppError('cancelled', 'The sync was cancelled.')
        await storePage(deps, resource, pass, page, got)
        doneItems += itemsOn(page)
        deps.onProgress({ phase, done: Math.min(doneItems, total), total })
        deps.onChanged()
        await yieldToEventLoop()
      } catch (error) {
        failure ??= error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, todo.length) }, worker))
  if (failure !== null) throw failure
  db.prepare('UPDATE customer_sync SET complete = 1 WHERE resource = ?').run(resource)
}

async function finishPass(deps: SyncDeps, pass: number): Promise<number> {
  const { db } = deps
  const store = CustomerStore.for(db)
  const nowIso = () => deps.now().toISOString()
  let removed = 0

  const customersTotal = syncRow(db, 'customers')!.total ?? 0
  // An unreadable item was listed all the same: it counts as seen (its cached copy, if any, is kept).
  const seen =
    (
      db.prepare('SELECT count(*) AS n FROM customers WHERE seen_pass = ? AND is_local = 0').get(pass) as {
        n: number
      }
    ).n + store.unreadableSeen('customers', pass)
  const unseen = (
    db
      .prepare(
        `SELECT id FROM customers WHERE seen_pass < ? AND is_local = 0
         AND NOT EXISTS (SELECT 1 FROM customer_outbox o WHERE o.customer_id = customers.id)`,
      )
      .all(pass) as Array<{ id: string }>
  ).map((r) => r.id)
  let gone: string[] = []
  if (seen >= customersTotal) gone = unseen
  else {
    // The list moved under the pass: ask about each (a few at most), leave the rest for next time.
    for (const id of unseen.slice(0, VERIFY_LIMIT)) {
      try {
        const customer = await deps.client.customers.get(id, { signal: deps.signal })
        transaction(db, () => store.storeCustomer(customer, pass, nowIso()))
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found') gone.push(id)
        else throw error
      }
    }
  }
  for (let i = 0; i < gone.length; i += 200) {
    transaction(db, () => {
      for (const id of gone.slice(i, i + 200)) store.removeCustomer(id)
    })
    removed += Math.min(200, gone.length - i)
    await yieldToEventLoop()
  }

  const phonesTotal = syncRow(db, 'phone_numbers')!.total ?? 0
  const phonesSeen =
    (
      db.prepare('SELECT count(*) AS n FROM customer_phone_numbers WHERE seen_pass >= ?').get(pass) as {
        n: number
      }
    ).n + store.unreadableSeen('phone_numbers', pass)
  if (phonesSeen >= phonesTotal) {
    const stale = db
      .prepare('SELECT phone_number_id, customer_id FROM customer_phone_numbers WHERE seen_pass < ?')
      .all(pass) as Array<{ phone_number_id: string; customer_id: string | null }>
    for (let i = 0; i < stale.length; i += 200) {
      transaction(db, () => {
        const owners = new Set<string>()
        for (const n of stale.slice(i, i + 200)) {
          db.prepare('DELETE FROM customer_phone_numbers WHERE phone_number_id = ?').run(n.phone_number_id)
          if (n.customer_id) owners.add(n.customer_id)
        }
        store.refreshPhones(owners, nowIso())
      })
      await yieldToEventLoop()
    }
  }

  transaction(db, () => {
    store.expireLinks(nowIso())
    // Unreadable items of earlier passes were read (or are gone) by now.
    db.prepare('DELETE FROM customer_unreadable WHERE seen_pass < ?').run(pass)
    db.prepare('UPDATE customer_sync SET finished_at = ? WHERE pass = ?').run(nowIso(), pass)
    db.prepare(
      "INSERT INTO customer_meta (key, value) VALUES ('last_synced_at', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    ).run(nowIso())
  })
  if (removed) deps.log.info('customers sync: removed customers deleted upstream', { removed })
  deps.onChanged()
  return removed
}
