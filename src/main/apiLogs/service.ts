import type { ApiLogFilters, ApiLogPage, ApiLogRow } from '../../shared/apiLogs/contract'
import { AppError, type AppErrorData } from '../../shared/ipc/errors'
import type { ApiLog, ApiLogListFilters } from '../../shared/kapso/apiLog'
import { ActiveProjectClient, type ClientFactory, type ProjectClients } from '../kapso/activeProjectClient'
import type { Logger } from '../log/logger'
import type { ActiveProject } from '../projects/projectsService'
import type { Database } from '../store/database'

export interface ApiLogsServiceDeps {
  database: { current(): Promise<Database> }
  projects: { active(): Promise<ActiveProject> }
  log: Logger
  now?: () => Date
  clientFor?: ClientFactory
  /** The app's one client per key (createCore's), so these calls spend the same budget. */
  clients?: ProjectClients
}

const PERIOD_MS = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const
/** A refresh reads at most this many pages of 100 (the API's largest page): the newest 500 calls per filter. */
export const REFRESH_PAGES = 5
const SYNC_RESOURCE = 'apiLogs'

interface Row {
  id: string
  endpoint: string
  http_method: string
  response_status: number
  response_time_ms: number | null
  error_message: string | null
  created_at: string
  api_key_name: string | null
}

const toRow = (r: Row): ApiLogRow => ({
  id: r.id,
  endpoint: r.endpoint,
  method: r.http_method,
  status: r.response_status,
  responseTimeMs: r.response_time_ms,
  errorMessage: r.error_message,
  createdAt: r.created_at,
  apiKeyName: r.api_key_name,
})

/**
 * `GET /api_logs` for support: the newest calls for the filters are fetched
 * into the project's cache, and every view reads the cache, so what was seen
 * stays there offline with the time it was fetched.
 */
export class ApiLogsService {
  private readonly api: ActiveProjectClient
  private readonly now: () => Date

  constructor(private readonly deps: ApiLogsServiceDeps) {
    this.api = new ActiveProjectClient({
      projects: deps.projects,
      log: deps.log,
      clientFor: deps.clientFor,
      clients: deps.clients,
      retry: { maxAttempts: 2, maxTotalMs: 5_000 },
    })
    this.now = deps.now ?? (() => new Date())
  }

  /** Reads up to `pages` pages for the filters; a failure is returned in words, with the cache's age. */
  async refresh(
    filters: ApiLogFilters,
    pages = REFRESH_PAGES,
  ): Promise<{ fetched: number; asOf: string | null; problem: AppErrorData | null }> {
    const db = await this.deps.database.current()
    let fetched = 0
    try {
      const client = await this.api.get('interactive')
      const started = this.now().toISOString()
      let read = 0
      for await (const page of client.apiLogs.list(toApiFilters(filters), { perPage: 100 })) {
        store(db, page.items)
        fetched += page.items.length
        if (++read >= pages) break
      }
      prune(db, this.now())
      db.prepare(
        `INSERT INTO sync_state (resource, last_synced_at) VALUES (?, ?)
         ON CONFLICT(resource) DO UPDATE SET last_synced_at = excluded.last_synced_at`,
      ).run(SYNC_RESOURCE, started)
      return { fetched, asOf: started, problem: null }
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      this.deps.log.warn('api logs not refreshed', { code: error.code })
      return { fetched, asOf: asOf(db), problem: error.toData() }
    }
  }

  async query(filters: ApiLogFilters, offset: number, limit: number): Promise<ApiLogPage> {
    const db = await this.deps.database.current()
    const { where, args } = whereOf(filters, this.now())
    const total = (
      db.prepare(`SELECT count(*) AS n FROM api_logs WHERE ${where}`).get(...args) as { n: number }
    ).n
    const rows = db
      .prepare(
        `SELECT id, endpoint, http_method, response_status, response_time_ms, error_message, created_at, api_key_name
         FROM api_logs WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
      )
      .all(...args, limit, offset) as unknown as Row[]
    return { rows: rows.map(toRow), offset, total, asOf: asOf(db) }
  }

  /** Calls of the last 30 days that failed and whose path names the customer (Kapso's endpoint filter is a partial match). */
  async customerErrors(customerId: string, limit: number) {
    const filters: ApiLogFilters = { errorsOnly: true, endpoint: customerId, status: null, period: '30d' }
    const { asOf, problem } = await this.refresh(filters, 1)
    const page = await this.query(filters, 0, limit)
    return { rows: page.rows, total: page.total, asOf, problem }
  }
}

function toApiFilters(f: ApiLogFilters): ApiLogListFilters {
  const out: ApiLogListFilters = { period: f.period }
  if (f.errorsOnly) out.errors_only = true
  if (f.endpoint) out.endpoint = f.endpoint
  if (f.status !== null) out.status_code = f.status
  return out
}

/** The same filters Kapso applies, on the cache. */
function whereOf(f: ApiLogFilters, now: Date): { where: string; args: Array<string | number> } {
  const parts = ['created_at >= ?']
  const args: Array<string | number> = [new Date(now.getTime() - PERIOD_MS[f.period]).toISOString()]
  if (f.errorsOnly) parts.push('response_status >= 400')
  if (f.status !== null) {
    parts.push('response_status = ?')
    args.push(f.status)
  }
  if (f.endpoint) {
    parts.push('instr(endpoint, ?) > 0')
    args.push(f.endpoint)
  }
  return { where: parts.join(' AND '), args }
}

function store(db: Database, logs: readonly ApiLog[]): void {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO api_logs
       (id, endpoint, http_method, response_status, response_time_ms, error_message, created_at, api_key_name, raw)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  db.exec('BEGIN')
  try {
    for (const l of logs) {
      // The view cannot place a call without these (the tolerant reader lets a record lack them).
      if (!l.endpoint || !l.http_method || l.response_status == null || !l.created_at) continue
      insert.run(
        l.id,
        l.endpoint,
        l.http_method,
        l.response_status,
        l.response_time_ms ?? null,
        l.error_message ?? null,
        l.created_at,
        l.api_key_name ?? null,
        JSON.stringify(l),
      )
    }
    db.exec('COMMIT')
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
}

/** Kapso keeps 30 days; the cache keeps no more. */
function prune(db: Database, now: Date): void {
  db.prepare('DELETE FROM api_logs WHERE created_at < ?').run(
    new Date(now.getTime() - PERIOD_MS['30d']).toISOString(),
  )
}

function asOf(db: Database): string | null {
  const row = db.prepare('SELECT last_synced_at FROM sync_state WHERE resource = ?').get(SYNC_RESOURCE) as
    | { last_synced_at: string | null }
    | undefined
  return row?.last_synced_at ?? null
}
