import { randomUUID } from 'node:crypto'
import type {
  CustomerDetail,
  CustomerPage,
  CustomerQuery,
  CustomersChanged,
  OutboxEntry,
  SyncStatus,
  WriteResult,
} from '../../shared/customers/customer'
import { CustomerQuerySchema } from '../../shared/customers/customer'
import { AppError } from '../../shared/ipc/errors'
import type { CustomerCreateInput, CustomerUpdateInput } from '../../shared/kapso/customer'
import { type KapsoClient, OutcomeUnknownError } from '../kapso'
import { ActiveProjectClient, type ClientFactory, type ProjectClients } from '../kapso/activeProjectClient'
import type { ApiBudget, CallPriority } from '../kapso/budget'
import type { Logger } from '../log/logger'
import type { ActiveProject } from '../projects/projectsService'
import { type Database, transaction } from '../store/database'
import type { DataWorker } from '../store/dataWorkerClient'
import { CustomerStore } from './customerStore'
import { placeFieldErrors } from './fieldErrors'
import { replayOutbox } from './outbox'
import {
  enqueue,
  entriesFor,
  getEntry,
  listOutbox,
  markPending,
  type OutboxPayload,
  outboxCounts,
  removeEntry,
  setPayload,
} from './outboxStore'
import { customerDetail, customerRow, queryCustomers } from './queries'
import { lastSyncedAt, passInProgress, runSyncPass, type SyncProgress, syncRow } from './sync'
import { estimateSync } from './syncEstimate'

export interface CustomersServiceDeps {
  database: {
    current(): Promise<Database>
    onSwitch(listener: (db: Database, active: ActiveProject) => void): () => void
    /** The project's data worker (sync writes and grid queries off main's thread); null: in-thread. */
    worker?(): Promise<DataWorker | null>
  }
  projects: { active(): Promise<ActiveProject> }
  log: Logger
  emit: { status(status: SyncStatus): void; changed(change: CustomersChanged): void }
  now?: () => Date
  /** Background refresh while the view is in use (default 5 minutes). */
  refreshIntervalMs?: number
  /** Delays between reachability probes while offline (the last one repeats). */
  probeDelaysMs?: number[]
  /** Tests and the preview's test gate swap the client. */
  clientFor?: ClientFactory
  /** The app's one client per project (one request budget per key), shared with the other capabilities. */
  clients?: ProjectClients
}

const OFFLINE_CODES = new Set(['offline'])
const QUEUE_CODES = new Set(['offline', 'server', 'rate_limited'])

/**
 * The customers capability of the active project: the cache (queries work
 * offline), the sync, the outbox and what the person sees of connectivity.
 * Nothing starts until the first call, so a core that never shows customers
 * never talks to Kapso on their behalf.
 */
export class CustomersService {
  private started = false
  private run: Promise<void> | null = null
  private controller: AbortController | null = null
  private replaying: Promise<void> | null = null
  private progress: SyncProgress | null = null
  /** The key's budget the running pass spends, for its time estimate. */
  private budget: ApiBudget | null = null
  private lastError: { code: string; message: string } | null = null
  private online = true
  private offlineSince: string | null = null
  private readonly api: ActiveProjectClient
  private refreshTimer: ReturnType<typeof setInterval> | null = null
  private probeTimer: ReturnType<typeof setTimeout> | null = null
  private probeAttempt = 0
  private disposed = false
  private readonly now: () => Date
  private readonly unsubscribe: () => void

  constructor(private readonly deps: CustomersServiceDeps) {
    this.api = new ActiveProjectClient({
      projects: deps.projects,
      log: deps.log,
      clients: deps.clients,
      clientFor: deps.clientFor,
      // Fail over to the cache quickly: a sync resumes where it stopped anyway.
      retry: { maxAttempts: 3, maxTotalMs: 8_000 },
    })
    this.now = deps.now ?? (() => new Date())
    this.unsubscribe = deps.database.onSwitch((db) => {
      // The first open of this service's life is not a switch: a sync may
      // already be waiting for exactly this database, and must not be cancelled.
      if (this.loadedFor === null) {
        this.loadedFor = db
        this.loadConnectivity(db)
        return
      }
      if (this.loadedFor === db) return
      this.controller?.abort()
      this.progress = null
      this.lastError = null
      this.loadedFor = db
      this.loadConnectivity(db)
      this.deps.emit.changed({ reason: 'project' })
      if (this.started) void this.kick()
    })
  }

  // ── reads: the cache only, so they work offline ────────────────────────────

  async query(input: CustomerQuery): Promise<CustomerPage> {
    const db = await this.db()
    const worker = await this.deps.database.worker?.()
    if (!worker) return queryCustomers(db, input)
    // Validated here, so a bad input is the same `validation` error as in-thread.
    return worker.call('queryCustomers', { query: CustomerQuerySchema.parse(input) })
  }

  async get(id: string): Promise<CustomerDetail> {
    const db = await this.db()
    const detail = customerDetail(db, id, this.nowIso())
    if (!detail) throw new AppError('not_found', 'This customer is not in the local list any more.')
    return detail
  }

  /** Fetches what only Kapso knows about one customer: its setup links and numbers. Offline → the cache. */
  async refreshDetail(id: string): Promise<CustomerDetail> {
    const db = await this.db()
    const row = CustomerStore.for(db).get(id)
    if (!row) throw new AppError('not_found', 'This customer is not in the local list any more.')
    if (row.is_local) return this.get(id)
    try {
      const client = await this.clientNow('interactive')
      const customer = await client.customers.get(id)
      const numbers = await client.phoneNumbers.list({ customer_id: id }).toArray()
      const links = await client.setupLinks.list(id).toArray()
      const store = CustomerStore.for(db)
      transaction(db, () => store.storeCustomer(customer, this.currentPass(db), this.nowIso()))
      store.replaceCustomerPhones(id, numbers, this.nowIso())
      store.replaceSetupLinks(id, links, this.nowIso())
      this.markOnline()
      this.deps.emit.changed({ reason: 'detail', ids: [id] })
    } catch (error) {
      if (error instanceof AppError && OFFLINE_CODES.has(error.code)) this.markOffline(error)
      else if (error instanceof AppError && error.code === 'not_found' && !entriesFor(db, id).length) {
        transaction(db, () => CustomerStore.for(db).removeCustomer(id))
        this.deps.emit.changed({ reason: 'detail', ids: [id] })
        throw new AppError(
          'not_found',
          `“${row.name}” was deleted in Kapso; it has been removed from this list.`,
        )
      } else throw error
    }
    return this.get(id)
  }

  // ── writes: straight to Kapso when possible, else the outbox ───────────────

  async create(input: CustomerCreateInput): Promise<WriteResult> {
    const db = await this.db()
    const payload = clean(input)
    if (this.canWriteDirectly(db)) {
      const sentAt = this.nowIso()
      try {
        const customer = await (await this.clientNow('interactive')).customers.create({
          ...payload,
          name: payload.name ?? '',
        })
        const store = CustomerStore.for(db)
        transaction(db, () => store.storeCustomer(customer, this.currentPass(db), this.nowIso()))
        this.markOnline()
        this.changed('write', [customer.id])
        return { outcome: 'applied', customer: customerRow(db, customer.id) }
      } catch (error) {
        const queued = this.queueAfterFailure(error)
        return this.queueCreate(db, payload, queued.maybeApplied ? sentAt : null)
      }
    }
    return this.queueCreate(db, payload, null)
  }

  async update(id: string, input: CustomerUpdateInput): Promise<WriteResult> {
    const db = await this.db()
    const store = CustomerStore.for(db)
    const row = store.get(id)
    if (!row) throw new AppError('not_found', 'This customer is not in the local list any more.')
    const payload = clean(input)
    if (row.is_local) {
      // Not in Kapso yet: the change folds into the waiting create (and puts a rejected one back in line).
      const create = entriesFor(db, id).find((e) => e.op === 'create')
      if (!create) throw new AppError('internal', 'A local customer has no create waiting in the outbox.')
      const merged = { ...create.payload, ...payload }
      transaction(db, () => {
        setPayload(db, create.seq, merged, merged.name ?? row.name)
        markPending(db, create.seq)
        this.applyLocally(db, id, payload)
      })
      this.changed('write', [id])
      void this.replaySoon()
      return { outcome: 'queued', customer: customerRow(db, id) }
    }
    if (this.canWriteDirectly(db)) {
      try {
        const customer = await (await this.clientNow('interactive')).customers.update(id, payload)
        transaction(db, () => store.storeCustomer(customer, this.currentPass(db), this.nowIso()))
        this.markOnline()
        this.changed('write', [id])
        return { outcome: 'applied', customer: customerRow(db, id) }
      } catch (error) {
        this.queueAfterFailure(error)
      }
    }
    transaction(db, () => {
      enqueue(db, {
        op: 'update',
        customerId: id,
        customerName: payload.name ?? row.name,
        payload,
        before: { name: row.name, external_customer_id: row.external_customer_id },
        createdAt: this.nowIso(),
      })
      this.applyLocally(db, id, payload)
    })
    this.changed('write', [id])
    return { outcome: 'queued', customer: customerRow(db, id) }
  }

  async remove(ids: string[]): Promise<{ outcome: 'applied' | 'queued' }> {
    const db = await this.db()
    const store = CustomerStore.for(db)
    let queued = false
    for (const id of ids) {
      const row = store.get(id)
      if (!row) continue
      if (row.is_local) {
        transaction(db, () => {
          for (const entry of entriesFor(db, id)) removeEntry(db, entry.seq)
          store.removeCustomer(id)
        })
        continue
      }
      if (!queued && this.canWriteDirectly(db)) {
        try {
          await (await this.clientNow('interactive')).customers.delete(id)
          transaction(db, () => store.removeCustomer(id))
          this.markOnline()
          continue
        } catch (error) {
          if (error instanceof AppError && error.code === 'not_found') {
            transaction(db, () => store.removeCustomer(id))
            continue
          }
          this.queueAfterFailure(error)
        }
      }
      queued = true
      enqueue(db, {
        op: 'delete',
        customerId: id,
        customerName: row.name,
        payload: {},
        before: null,
        createdAt: this.nowIso(),
      })
    }
    this.changed('write', ids)
    return { outcome: queued ? 'queued' : 'applied' }
  }

  async listOutbox(): Promise<OutboxEntry[]> {
    return listOutbox(await this.db())
  }

  async retryWrite(seq: number, payload?: CustomerUpdateInput): Promise<OutboxEntry[]> {
    const db = await this.db()
    const entry = getEntry(db, seq)
    if (!entry) throw new AppError('not_found', 'That change is no longer waiting.')
    transaction(db, () => {
      if (payload && entry.op !== 'delete') {
        const merged = { ...entry.payload, ...clean(payload) }
        setPayload(db, seq, merged, merged.name ?? entry.customerName)
        this.applyLocally(db, entry.customerId, clean(payload))
      }
      markPending(db, seq)
    })
    this.changed('outbox', [entry.customerId])
    void this.replaySoon()
    return listOutbox(db)
  }

  async discardWrite(seq: number): Promise<OutboxEntry[]> {
    const db = await this.db()
    const entry = getEntry(db, seq)
    if (!entry) throw new AppError('not_found', 'That change is no longer waiting.')
    const store = CustomerStore.for(db)
    transaction(db, () => {
      removeEntry(db, seq)
      if (entry.op === 'create') store.removeCustomer(entry.customerId)
      if (entry.op === 'update' && entry.before) this.applyLocally(db, entry.customerId, entry.before)
    })
    this.changed('outbox', [entry.customerId])
    return listOutbox(db)
  }

  // ── sync, connectivity, status ──────────────────────────────────────────────

  /** Starts (or joins) a sync: replays the outbox first, then one full pass. */
  async syncNow(): Promise<SyncStatus> {
    this.ensureStarted()
    void this.kick()
    return this.status()
  }

  /**
   * The project moved to another host: a pass or replay against the old one
   * stops, and (when the view is in use) a new pass starts against the new one.
   */
  async hostChanged(): Promise<void> {
    this.controller?.abort()
    await this.idle()
    this.lastError = null
    if (this.started && !this.disposed) void this.kick()
  }

  async cancelSync(): Promise<SyncStatus> {
    this.controller?.abort()
    await this.run?.catch(() => {})
    return this.status()
  }

  async status(): Promise<SyncStatus> {
    const db = await this.db()
    this.ensureStarted()
    const counts = outboxCounts(db)
    const worker = await this.deps.database.worker?.()
    return {
      state: this.run ? 'syncing' : this.lastError ? 'error' : 'idle',
      phase: this.run ? (this.progress?.phase ?? 'customers') : null,
      done: this.run ? (this.progress?.done ?? 0) : 0,
      total: this.run ? (this.progress?.total ?? null) : null,
      estimate:
        this.run && this.progress && this.budget
          ? estimateSync(db, this.progress, this.budget.snapshot())
          : null,
      lastSyncedAt: lastSyncedAt(db),
      resumable: passInProgress(db),
      online: this.online,
      offlineSince: this.offlineSince,
      lastError: this.lastError,
      pendingWrites: counts.pending,
      rejectedWrites: counts.rejected,
      cachedCustomers: worker ? await worker.call('countCustomers', {}) : CustomerStore.for(db).count(),
    }
  }

  /** Resolves when the current sync (if any) has ended. */
  async idle(): Promise<void> {
    await this.run?.catch(() => {})
    await this.replaying?.catch(() => {})
  }

  async dispose(): Promise<void> {
    this.disposed = true
    this.unsubscribe()
    if (this.refreshTimer) clearInterval(this.refreshTimer)
    if (this.probeTimer) clearTimeout(this.probeTimer)
    this.controller?.abort()
    await this.idle()
  }

  private ensureStarted(): void {
    if (this.started || this.disposed) return
    this.started = true
    const every = this.deps.refreshIntervalMs ?? 5 * 60_000
    this.refreshTimer = setInterval(() => {
      if (this.online) void this.kick()
    }, every)
    this.refreshTimer.unref?.()
    void this.kick()
  }

  private kick(): Promise<void> {
    if (this.run) return this.run
    if (this.disposed) return Promise.resolve()
    const controller = new AbortController()
    this.controller = controller
    this.lastError = null
    this.progress = { phase: 'customers', done: 0, total: null }
    const run = (async () => {
      const db = await this.db()
      // A pass and its outbox replay are nobody's click: background, within its share of the key's budget.
      const client = await this.clientNow('background')
      this.budget = client.budget
      await this.replay(db, client)
      if (!this.online) return
      const worker = await this.deps.database.worker?.()
      await runSyncPass({
        db,
        ...(worker ? { storePage: (args) => worker.call('storePage', args) } : {}),
        client,
        log: this.deps.log,
        now: this.now,
        signal: controller.signal,
        onProgress: (p) => {
          this.progress = p
          void this.emitStatus()
        },
        onChanged: () => this.changed('sync'),
      })
      this.markOnline()
    })()
      .catch((error: unknown) => {
        const appError = error instanceof AppError ? error : new AppError('internal', String(error))
        if (controller.signal.aborted || appError.code === 'cancelled') return
        if (OFFLINE_CODES.has(appError.code)) this.markOffline(appError)
        else {
          this.lastError = { code: appError.code, message: appError.message }
          this.deps.log.warn('customers sync failed', { code: appError.code, message: appError.message })
        }
      })
      .finally(() => {
        if (this.run === run) this.run = null
        if (this.controller === controller) this.controller = null
        this.progress = null
        void this.emitStatus()
      })
    this.run = run
    void this.emitStatus()
    return run
  }

  private async replay(db: Database, client: KapsoClient): Promise<void> {
    if (this.replaying) return this.replaying
    if (outboxCounts(db).pending === 0) return
    const work = (async () => {
      const result = await replayOutbox({
        db,
        client,
        log: this.deps.log,
        now: this.now,
        currentPass: () => this.currentPass(db),
        onChanged: (ids) => this.changed('outbox', ids),
      })
      if (result.stoppedBy && OFFLINE_CODES.has(result.stoppedBy.code)) this.markOffline(result.stoppedBy)
      else if (result.stoppedBy)
        this.lastError = { code: result.stoppedBy.code, message: result.stoppedBy.message }
      else this.markOnline()
      if (result.applied || result.rejected) void this.emitStatus()
    })()
    this.replaying = work.finally(() => {
      this.replaying = null
    })
    return this.replaying
  }

  private async replaySoon(): Promise<void> {
    if (!this.online) return
    const db = await this.db()
    await this.replay(db, await this.clientNow('background')).catch(() => {})
  }

  private canWriteDirectly(db: Database): boolean {
    return this.online && outboxCounts(db).pending === 0
  }

  /** A direct write failed: rethrow what the person must fix, or say how to queue it. */
  private queueAfterFailure(error: unknown): { maybeApplied: boolean } {
    if (!(error instanceof AppError) || !QUEUE_CODES.has(error.code)) {
      throw error instanceof AppError ? placeFieldErrors(error) : error
    }
    if (error.code === 'offline') this.markOffline(error)
    // A 5xx or a connection dropped after sending may have created it: the replay reconciles first.
    return { maybeApplied: error instanceof OutcomeUnknownError || error.code === 'server' }
  }

  private queueCreate(db: Database, payload: OutboxPayload, sentAt: string | null): WriteResult {
    const id = `local-${randomUUID()}`
    const nowIso = this.nowIso()
    const store = CustomerStore.for(db)
    transaction(db, () => {
      store.put(
        {
          id,
          name: payload.name ?? '',
          external_customer_id: payload.external_customer_id ?? null,
          created_at: nowIso,
          updated_at: nowIso,
          phone_count: 0,
          phone_display: null,
          phone_search: '',
          link_status: null,
          link_expires_at: null,
          links_checked_at: nowIso,
          is_local: 1,
          seen_pass: 0,
        },
        nowIso,
      )
      enqueue(db, {
        op: 'create',
        customerId: id,
        customerName: payload.name ?? '',
        payload,
        before: null,
        createdAt: nowIso,
        firstSentAt: sentAt,
      })
    })
    this.changed('write', [id])
    if (sentAt) void this.replaySoon()
    return { outcome: 'queued', customer: customerRow(db, id) }
  }

  private applyLocally(db: Database, id: string, patch: OutboxPayload): void {
    const store = CustomerStore.for(db)
    const row = store.get(id)
    if (!row) return
    store.put(
      {
        ...row,
        name: patch.name ?? row.name,
        external_customer_id:
          patch.external_customer_id === undefined ? row.external_customer_id : patch.external_customer_id,
      },
      this.nowIso(),
    )
  }

  private markOffline(error: AppError): void {
    if (this.online) {
      this.online = false
      this.offlineSince = this.nowIso()
      this.deps.log.info('customers: Kapso unreachable, working from the cache', { message: error.message })
      void this.db().then((db) => this.saveConnectivity(db))
      void this.emitStatus()
    }
    this.scheduleProbe()
  }

  private markOnline(): void {
    if (this.online) return
    this.online = true
    this.offlineSince = null
    this.probeAttempt = 0
    if (this.probeTimer) clearTimeout(this.probeTimer)
    this.probeTimer = null
    void this.db().then((db) => this.saveConnectivity(db))
    void this.emitStatus()
    // Back online: the outbox goes first, then a pass (kick does both).
    setImmediate(() => void this.kick())
  }

  private scheduleProbe(): void {
    if (this.probeTimer || this.disposed) return
    const delays = this.deps.probeDelaysMs ?? [2_000, 4_000, 8_000, 15_000]
    const delay = delays[Math.min(this.probeAttempt, delays.length - 1)]!
    this.probeAttempt++
    this.probeTimer = setTimeout(async () => {
      this.probeTimer = null
      try {
        await (await this.clientNow('background')).customers.listPage({ per_page: 1 })
        this.markOnline()
      } catch {
        if (!this.online) this.scheduleProbe()
      }
    }, delay)
    this.probeTimer.unref?.()
  }

  private loadConnectivity(db: Database): void {
    const row = db.prepare("SELECT value FROM customer_meta WHERE key = 'offline_since'").get() as
      | { value: string | null }
      | undefined
    this.offlineSince = row?.value ?? null
    // Still offline since then until a request gets through (the first sync or probe says).
    this.online = this.offlineSince === null
    if (!this.online) this.scheduleProbe()
  }

  private saveConnectivity(db: Database): void {
    db.prepare(
      "INSERT INTO customer_meta (key, value) VALUES ('offline_since', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    ).run(this.offlineSince)
  }

  private currentPass(db: Database): number {
    return syncRow(db, 'customers')?.pass ?? 0
  }

  private async emitStatus(): Promise<void> {
    if (this.disposed) return
    try {
      this.deps.emit.status(await this.status())
    } catch {
      // A project switch closed the database mid-way; the next status is sent for the new one.
    }
  }

  private changed(reason: CustomersChanged['reason'], ids?: string[]): void {
    this.deps.emit.changed(ids ? { reason, ids } : { reason })
    if (reason !== 'sync') void this.emitStatus()
  }

  private loadedFor: Database | null = null

  /** The active project's database; its persisted connectivity is read on first use. */
  private async db(): Promise<Database> {
    const db = await this.deps.database.current()
    if (this.loadedFor !== db) {
      this.loadedFor = db
      this.loadConnectivity(db)
    }
    return db
  }

  private nowIso(): string {
    return this.now().toISOString()
  }

  /** Every call site says who is waiting: the person (interactive) or nobody (background). */
  private async clientNow(priority: CallPriority): Promise<KapsoClient> {
    return this.api.get(priority)
  }
}

/** Trims the name; an empty external id means "none". */
function clean(input: CustomerUpdateInput): OutboxPayload {
  const out: OutboxPayload = {}
  if (input.name !== undefined) out.name = input.name.trim()
  if (input.external_customer_id !== undefined)
    out.external_customer_id = input.external_customer_id?.trim() ? input.external_customer_id.trim() : null
  return out
}
