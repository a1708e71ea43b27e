import { randomBytes } from 'node:crypto'
import { AppError } from '../../shared/ipc/errors'
import type { WebhookEventSummary } from '../../shared/webhooks/event'
import {
  type LeftoverWebhook,
  type ListenStatus,
  numberEvents,
  projectEvents,
  type StartListeningInput,
  type TunnelKind,
  type TunnelSettings,
  type WebhookSettings,
  type WebhookSettingsPatch,
  WebhookSettingsSchema,
  type WebhookStorage,
} from '../../shared/webhooks/session'
import type { Logger } from '../log/logger'
import type { Database } from '../store/database'
import { type OpenTunnel, TunnelError, type TunnelProvider } from '../tunnel/tunnel'
import { EventStore, type StoredDelivery } from './eventStore'
import { sessionPathPrefix } from './installId'
import { type Receiver, type ReceiverOptions, type ReceiverPages, startReceiver } from './receiver'
import type { RemoteWebhook, WebhookApi } from './webhookApi'

export interface WebhookServiceDeps {
  /** The active project's database (reopened on a project switch). */
  database: {
    current(): Promise<Database>
    onSwitch(listener: (db: Database) => void): () => void
  }
  /** The Platform API of the active project. */
  api: () => Promise<WebhookApi>
  tunnels: (settings: TunnelSettings) => TunnelProvider
  /** The tunnel a project starts with (loopback for the sandbox, cloudflared for a real project). */
  defaultTunnel: () => Promise<TunnelKind>
  installId: string
  log: Logger
  emit: {
    received(event: WebhookEventSummary): void
    status(status: ListenStatus): void
    pruned(reason: 'clear' | 'retention' | 'project'): void
  }
  /** Pages the receiver serves to browsers (the setup-link redirect catcher). */
  pages?: ReceiverPages
  /** Receiver timeouts (tests shorten them). */
  receiver?: { headersTimeoutMs?: number; requestTimeoutMs?: number; maxBodyBytes?: number }
  /** Bytes unsigned or wrongly signed deliveries may take (default 16 MiB). */
  unverifiedQuotaBytes?: number
  now?: () => Date
}

/** Project events a session subscribes to by default; `project.event` needs a paid plan (402). */
export const DEFAULT_PROJECT_EVENTS = projectEvents.filter((e) => e !== 'project.event')
const DEFAULT_RETENTION = 50_000
/** 1 GiB: a year of a busy test project's events, far from filling a disk. */
export const DEFAULT_RETENTION_BYTES = 1024 ** 3
/** Unverified deliveries matter for diagnosis (a wrong secret, a stray sender), not in bulk. */
export const UNVERIFIED_QUOTA_BYTES = 16 * 1024 * 1024
const PRUNE_EVERY = 500

interface Session {
  api: WebhookApi
  webhookUrl: string
  registered: RemoteWebhook[]
  startedAt: number
}

/**
 * A listen session: the receiver, a tunnel to it, and webhooks registered in
 * Kapso that point at the tunnel, with their secrets kept in this process's
 * memory only. Stop removes what start registered; webhooks left behind by a
 * crash are found by their URL and offered for removal.
 */
export class WebhookService {
  private store: EventStore | null = null
  private storeDb: Database | null = null
  private receiver: Receiver | null = null
  private tunnel: OpenTunnel | null = null
  private session: Session | null = null
  private secrets: string[] = []
  private state: ListenStatus['state'] = 'idle'
  private tunnelState: ListenStatus['tunnel'] = {
    kind: 'direct',
    state: 'off',
    publicUrl: null,
    message: null,
  }
  private leftovers: LeftoverWebhook[] = []
  /** The tunnel came back at this URL; the registered webhooks still point at the old one. */
  private pendingWebhookUrl: string | null = null
  private lastEventAt: string | null = null
  private lastTest: ListenStatus['lastTest'] = null
  private error: string | null = null
  private sincePrune = 0
  /** The limits the commit path checks against (read from settings at start and on change, not per commit). */
  private limits: { retention: number; retentionBytes: number } | null = null
  private enforcing = false
  private transition: Promise<unknown> = Promise.resolve()
  private readonly unsubscribe: () => void
  private readonly now: () => Date

  constructor(private readonly deps: WebhookServiceDeps) {
    this.now = deps.now ?? (() => new Date())
    this.unsubscribe = deps.database.onSwitch((db) => {
      void this.switchProject(db)
    })
  }

  /** The active project's event log. */
  async events(): Promise<EventStore> {
    const db = await this.deps.database.current()
    if (this.store && this.storeDb === db) return this.store
    this.store = new EventStore(db)
    this.storeDb = db
    return this.store
  }

  get receiverOrigin(): string {
    return this.receiver?.origin ?? 'http://127.0.0.1:PORT'
  }

  get receiverStats() {
    return this.receiver?.stats ?? null
  }

  /** The running session's secrets, for the power tools in this process (never for the renderer). */
  sessionSecrets(): readonly string[] {
    return this.secrets
  }

  /** What the deaf watch probes: the receiver, the registered URL and its webhooks; null when not listening. */
  watchTarget(): {
    receiverOrigin: string
    webhookUrl: string
    webhookIds: string[]
    startedAt: number
  } | null {
    // Also while the tunnel is down (state error): that is when the watch matters most.
    if (!this.receiver || !this.session) return null
    return {
      receiverOrigin: this.receiver.origin,
      webhookUrl: this.session.webhookUrl,
      webhookIds: this.session.registered.map((w) => w.id),
      startedAt: this.session.startedAt,
    }
  }

  /** The receiver URL a trigger posts to (the session's own path), or null when not listening. */
  sessionReceiverUrl(): string | null {
    if (!this.receiver || !this.session) return null
    return `${this.receiver.origin}${urlPath(this.session.webhookUrl)}`
  }

  private readonly resumeListeners: Array<() => void> = []
  /** The host says the computer woke up (Electron's powerMonitor 'resume'); the deaf watch checks at once. */
  resumed(): void {
    for (const listener of this.resumeListeners) listener()
  }
  onResumed(listener: () => void): () => void {
    this.resumeListeners.push(listener)
    return () => this.resumeListeners.splice(this.resumeListeners.indexOf(listener), 1)
  }

  private readonly storedListeners: Array<(stored: StoredDelivery[]) => void> = []
  /** Other capabilities (forwarding) hear of committed deliveries here; listeners must not block. */
  onDeliveriesStored(listener: (stored: StoredDelivery[]) => void): () => void {
    this.storedListeners.push(listener)
    return () => this.storedListeners.splice(this.storedListeners.indexOf(listener), 1)
  }

  status(): ListenStatus {
    return {
      state: this.state,
      receiver: {
        state: this.receiver ? 'up' : 'off',
        port: this.receiver?.port ?? null,
        refused: this.receiver?.stats.refused ?? 0,
      },
      tunnel: { ...this.tunnelState },
      webhookUrl: this.session?.webhookUrl ?? null,
      registered: (this.session?.registered ?? []).map((w) => ({
        id: w.id,
        phoneNumberId: w.phoneNumberId,
        events: w.events,
      })),
      lastEventAt: this.lastEventAt,
      lastTest: this.lastTest,
      pendingWebhookUrl: this.pendingWebhookUrl,
      leftovers: this.leftovers,
      error: this.error,
    }
  }

  async settings(): Promise<WebhookSettings> {
    const store = await this.events()
    const saved = store.getSetting('settings')
    const fallback: WebhookSettings = {
      port: 0,
      tunnel: { kind: await this.deps.defaultTunnel() },
      retention: DEFAULT_RETENTION,
      retentionBytes: DEFAULT_RETENTION_BYTES,
    }
    const parsed = saved
      ? WebhookSettingsSchema.safeParse({ ...fallback, ...(JSON.parse(saved) as object) })
      : null
    const settings = parsed?.success ? parsed.data : fallback
    this.limits = { retention: settings.retention, retentionBytes: settings.retentionBytes }
    return settings
  }

  /** What the event log takes now, from the store's running totals (no scan per call). */
  async storageUsage(): Promise<WebhookStorage> {
    const settings = await this.settings()
    const usage = (await this.events()).usage()
    return {
      bytes: usage.bytes,
      deliveries: usage.deliveries,
      events: usage.events,
      budgetBytes: settings.retentionBytes,
      retention: settings.retention,
      unverifiedBytes: usage.unverifiedBytes,
      unverifiedQuotaBytes: this.unverifiedQuota,
    }
  }

  private get unverifiedQuota(): number {
    return this.deps.unverifiedQuotaBytes ?? UNVERIFIED_QUOTA_BYTES
  }

  /** Only this install's session paths (`/kapso-console/<install-id>/…`) are stored, and only while listening. */
  private acceptsPath(path: string): boolean {
    if (!this.session) return false
    const pathname = path.split('?')[0]!
    return pathname.startsWith(sessionPathPrefix(this.deps.installId)) && !pathname.includes('/../')
  }

  async updateSettings(patch: WebhookSettingsPatch): Promise<WebhookSettings> {
    const current = await this.settings()
    const { cloudflaredPath } = current.tunnel
    const merged = { ...current, ...patch }
    // The page never names the program main runs: the saved cloudflared path survives every patch.
    if (patch.tunnel) merged.tunnel = { ...patch.tunnel, ...(cloudflaredPath ? { cloudflaredPath } : {}) }
    return this.saveSettings(
      WebhookSettingsSchema.parse(merged),
      patch.retention !== undefined || patch.retentionBytes !== undefined,
    )
  }

  /** Only `chooseCloudflared` calls this, with a path from main's dialog or one that passed `checkCloudflared`. */
  async saveCloudflaredPath(path: string | null): Promise<WebhookSettings> {
    const current = await this.settings()
    const { cloudflaredPath: _old, ...tunnel } = current.tunnel
    return this.saveSettings(
      WebhookSettingsSchema.parse({
        ...current,
        tunnel: path ? { ...tunnel, cloudflaredPath: path } : tunnel,
      }),
      false,
    )
  }

  private async saveSettings(next: WebhookSettings, limitsChanged: boolean): Promise<WebhookSettings> {
    const store = await this.events()
    store.setSetting('settings', JSON.stringify(next))
    this.limits = { retention: next.retention, retentionBytes: next.retentionBytes }
    if (limitsChanged) {
      this.prune(next.retention)
      this.enforceBytes()
    }
    this.publish()
    return next
  }

  start(input: StartListeningInput): Promise<ListenStatus> {
    return this.serial(() => this.doStart(input))
  }

  stop(): Promise<ListenStatus> {
    return this.serial(() => this.doStop())
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.transition.then(work, work)
    this.transition = run.catch(() => {})
    return run
  }

  private async doStart(input: StartListeningInput): Promise<ListenStatus> {
    if (this.state === 'listening') return this.status()
    this.state = 'starting'
    this.error = null
    const settings = await this.settings()
    this.tunnelState = { kind: settings.tunnel.kind, state: 'off', publicUrl: null, message: null }
    this.publish()
    const created: RemoteWebhook[] = []
    let api: WebhookApi | null = null
    try {
      api = await this.deps.api()
      await this.refreshLeftovers(api)
      await this.events()
      this.receiver ??= await startReceiver(settings.port, this.receiverOptions())
      this.tunnelState = { ...this.tunnelState, state: 'starting' }
      this.publish()
      const tunnel = await this.deps.tunnels(settings.tunnel).open(this.receiver.port)
      this.tunnel = tunnel
      this.tunnelState = {
        kind: settings.tunnel.kind,
        state: 'up',
        publicUrl: tunnel.publicUrl,
        message: null,
      }
      this.watchTunnel(tunnel)

      const sessionId = randomBytes(6).toString('hex')
      const webhookUrl = `${tunnel.publicUrl}${sessionPathPrefix(this.deps.installId)}${sessionId}`
      const secret = randomBytes(32).toString('hex')
      this.addSecret(secret)
      const events = input.events?.length ? input.events : DEFAULT_PROJECT_EVENTS
      const project = await api.create({ url: webhookUrl, events: [...events], secretKey: secret })
      created.push(project)
      this.addSecret(project.secretKey)
      const perNumber = input.numberEvents?.length ? input.numberEvents : numberEvents
      for (const phoneNumberId of input.phoneNumberIds ?? []) {
        const hook = await api.create({
          url: webhookUrl,
          events: [...perNumber],
          secretKey: secret,
          phoneNumberId,
        })
        created.push(hook)
        this.addSecret(hook.secretKey)
      }
      this.session = { api, webhookUrl, registered: created, startedAt: Date.now() }
      this.state = 'listening'
      this.deps.log.info('listen session started', {
        tunnel: settings.tunnel.kind,
        webhooks: created.map((w) => w.id),
        receiverPort: this.receiver.port,
      })
      this.publish()
      return this.status()
    } catch (error) {
      // Leave nothing behind: what this attempt registered goes, and the tunnel closes.
      for (const hook of created) {
        await api?.delete({ id: hook.id, phoneNumberId: hook.phoneNumberId }).catch(() => {})
      }
      await this.closeTransport()
      this.secrets = []
      const appError = toAppError(error)
      this.state = 'error'
      this.error = appError.message
      if (error instanceof TunnelError)
        this.tunnelState = { ...this.tunnelState, state: 'error', message: error.message }
      this.publish()
      throw appError
    }
  }

  private watchTunnel(tunnel: OpenTunnel): void {
    tunnel.onClosed((message) => {
      if (this.tunnel !== tunnel) return
      this.tunnelState = { ...this.tunnelState, state: 'error', message }
      this.state = 'error'
      this.error = message
      this.publish()
    })
  }

  /**
   * Opens the tunnel again for a session whose tunnel died. A quick tunnel comes
   * back at a new URL; Kapso still sends to the old one until the person agrees
   * to update the registered webhooks (adoptNewUrl).
   */
  reconnectTunnel(): Promise<ListenStatus> {
    return this.serial(async () => {
      const session = this.session
      if (!session || !this.receiver) {
        throw new AppError(
          'conflict',
          'Start listening first: there is no session whose tunnel could reconnect.',
        )
      }
      const settings = await this.settings()
      const old = this.tunnel
      this.tunnel = null
      await old?.close().catch(() => {})
      this.tunnelState = { kind: settings.tunnel.kind, state: 'starting', publicUrl: null, message: null }
      this.publish()
      try {
        const tunnel = await this.deps.tunnels(settings.tunnel).open(this.receiver.port)
        this.tunnel = tunnel
        this.watchTunnel(tunnel)
        this.tunnelState = {
          kind: settings.tunnel.kind,
          state: 'up',
          publicUrl: tunnel.publicUrl,
          message: null,
        }
        const next = `${tunnel.publicUrl}${urlPath(session.webhookUrl)}`
        this.pendingWebhookUrl = next === session.webhookUrl ? null : next
        this.state = 'listening'
        this.error = null
      } catch (error) {
        const appError = toAppError(error)
        this.tunnelState = { ...this.tunnelState, state: 'error', message: appError.message }
        this.publish()
        throw appError
      }
      this.publish()
      return this.status()
    })
  }

  /** Points this session's webhooks in Kapso at the tunnel's new URL, then proves it with a test event end to end. */
  async adoptNewUrl(timeoutMs = 20_000): Promise<ListenStatus> {
    const session = this.session
    const next = this.pendingWebhookUrl
    if (!session || !next) throw new AppError('conflict', 'There is no new tunnel URL to adopt.')
    for (const hook of session.registered)
      await session.api.update({ id: hook.id, phoneNumberId: hook.phoneNumberId }, next)
    session.webhookUrl = next
    this.pendingWebhookUrl = null
    const started = Date.now()
    const arrived = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        off()
        resolve(false)
      }, timeoutMs)
      const off = this.onDeliveriesStored(() => {
        clearTimeout(timer)
        off()
        resolve(true)
      })
    })
    await this.sendTest()
    const ok = await arrived
    this.lastTest = {
      at: this.now().toISOString(),
      ok,
      message: ok
        ? `The webhook now points at ${next}; a test event arrived end to end in ${Date.now() - started} ms.`
        : `The webhook now points at ${next}, but the test event did not arrive within ${timeoutMs / 1000} s: check the tunnel.`,
    }
    this.publish()
    return this.status()
  }

  private receiverOptions(): ReceiverOptions {
    return {
      store: () => {
        if (!this.store) throw new Error('no project database is open')
        return this.store
      },
      secrets: () => this.secrets,
      accepts: (path) => this.acceptsPath(path),
      onStored: (stored) => this.onStored(stored),
      onRefused: () => this.publish(),
      ...(this.deps.pages ? { pages: this.deps.pages } : {}),
      log: this.deps.log,
      ...this.deps.receiver,
    }
  }

  /** Brings a receiver that stopped answering back on the same port, so the registered URL still reaches it. */
  restartReceiver(): Promise<void> {
    return this.serial(async () => {
      const old = this.receiver
      if (!old || !this.session) return
      await old.close().catch(() => {})
      this.receiver = await startReceiver(old.port, this.receiverOptions())
      this.deps.log.info('webhook receiver restarted', { port: old.port })
      this.publish()
    })
  }

  private async doStop(): Promise<ListenStatus> {
    const session = this.session
    this.state = 'stopping'
    this.publish()
    const failures: string[] = []
    if (session) {
      for (const hook of session.registered) {
        try {
          await session.api.delete({ id: hook.id, phoneNumberId: hook.phoneNumberId })
        } catch (error) {
          failures.push(`${hook.id}: ${(error as Error).message}`)
        }
      }
    }
    this.session = null
    this.pendingWebhookUrl = null
    this.secrets = []
    await this.closeTransport()
    this.state = 'idle'
    this.error = failures.length
      ? `Some webhooks could not be removed from Kapso (they will be offered for removal next time): ${failures.join('; ')}`
      : null
    this.publish()
    return this.status()
  }

  private async closeTransport(): Promise<void> {
    const tunnel = this.tunnel
    this.tunnel = null
    await tunnel
      ?.close()
      .catch((error) => this.deps.log.warn('tunnel close failed', { error: String(error) }))
    this.tunnelState = { ...this.tunnelState, state: 'off', publicUrl: null, message: null }
    const receiver = this.receiver
    this.receiver = null
    await receiver?.close()
  }

  /** Asks Kapso for webhooks of this install that no running session owns. */
  async findLeftovers(): Promise<ListenStatus> {
    await this.refreshLeftovers(await this.deps.api())
    this.publish()
    return this.status()
  }

  private async refreshLeftovers(api: WebhookApi): Promise<void> {
    const prefix = sessionPathPrefix(this.deps.installId)
    const mine = new Set((this.session?.registered ?? []).map((w) => w.id))
    const all = await api.list()
    this.leftovers = all
      .filter((w) => w.url && urlPath(w.url).startsWith(prefix) && !mine.has(w.id))
      .map((w) => ({
        id: w.id,
        url: w.url ?? '',
        phoneNumberId: w.phoneNumberId,
        events: w.events,
        createdAt: w.createdAt,
      }))
  }

  async removeLeftovers(ids: readonly string[]): Promise<ListenStatus> {
    const api = await this.deps.api()
    await this.refreshLeftovers(api)
    const failures: string[] = []
    for (const hook of this.leftovers.filter((w) => ids.includes(w.id))) {
      try {
        await api.delete({ id: hook.id, phoneNumberId: hook.phoneNumberId })
      } catch (error) {
        failures.push((error as Error).message)
      }
    }
    await this.refreshLeftovers(api)
    this.publish()
    if (failures.length)
      throw new AppError('server', `Some webhooks could not be removed: ${failures.join('; ')}`)
    return this.status()
  }

  async sendTest(eventType?: string): Promise<ListenStatus> {
    const session = this.session
    if (!session || this.state !== 'listening') {
      throw new AppError(
        'conflict',
        'Start listening first: a test event goes to the webhook this session registers.',
      )
    }
    const hook =
      (eventType && session.registered.find((w) => w.events.includes(eventType))) ||
      session.registered.find((w) => w.phoneNumberId === null) ||
      session.registered[0]!
    try {
      await session.api.test(hook.id, eventType)
      this.lastTest = {
        at: this.now().toISOString(),
        ok: true,
        message: `Kapso queued a test ${eventType ?? 'event'}; it should appear in the list within seconds.`,
      }
    } catch (error) {
      const appError = toAppError(error)
      this.lastTest = { at: this.now().toISOString(), ok: false, message: appError.message }
      this.publish()
      throw appError
    }
    this.publish()
    return this.status()
  }

  async clear(): Promise<number> {
    const removed = (await this.events()).clear()
    this.deps.emit.pruned('clear')
    return removed
  }

  private addSecret(secret: string | null): void {
    if (!secret || this.secrets.includes(secret)) return
    this.secrets.push(secret)
    this.deps.log.redactor.addSecret(secret)
  }

  private onStored(stored: StoredDelivery[]): void {
    let count = 0
    for (const delivery of stored) {
      for (const event of delivery.events) {
        this.deps.emit.received(event)
        count++
      }
    }
    const last = stored.at(-1)?.events.at(-1)
    if (last) this.lastEventAt = last.receivedAt
    this.sincePrune += count
    if (this.sincePrune >= PRUNE_EVERY) {
      this.sincePrune = 0
      setImmediate(() => {
        void this.settings().then((s) => this.prune(s.retention))
      })
    }
    this.checkBytes()
    this.scheduleStatus()
    this.scheduleNames()
    for (const listener of this.storedListeners) listener(stored)
  }

  /**
   * After each commit: the running totals against the byte budget and the
   * unverified quota (two comparisons, no query); over either, the oldest
   * deliveries go right after this turn.
   */
  private checkBytes(): void {
    if (!this.store || !this.limits || this.enforcing) return
    const usage = this.store.usage()
    if (usage.bytes <= this.limits.retentionBytes && usage.unverifiedBytes <= this.unverifiedQuota) return
    this.enforcing = true
    setImmediate(() => {
      this.enforcing = false
      this.enforceBytes()
    })
  }

  private enforceBytes(): void {
    if (!this.store || !this.limits) return
    try {
      const removed = this.store.enforceBytes({
        budgetBytes: this.limits.retentionBytes,
        unverifiedQuotaBytes: this.unverifiedQuota,
      })
      if (removed > 0) this.deps.emit.pruned('retention')
    } catch (error) {
      this.deps.log.warn('webhook byte budget not enforced', { error: String(error) })
    }
  }

  private prune(retention: number): void {
    if (!this.store) return
    try {
      const removed = this.store.prune(retention)
      if (removed > 0) this.deps.emit.pruned('retention')
    } catch (error) {
      this.deps.log.warn('webhook retention failed', { error: String(error) })
    }
  }

  private statusTimer: ReturnType<typeof setTimeout> | null = null
  /** "Last event" changes with every event; the status goes out at most twice a second. */
  private scheduleStatus(): void {
    if (this.statusTimer) return
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null
      this.publish()
    }, 500)
  }

  private naming = false
  private scheduleNames(): void {
    if (this.naming || !this.store) return
    const store = this.store
    const ids = store.unnamedCustomers().slice(0, 20)
    if (!ids.length) return
    this.naming = true
    void (async () => {
      try {
        const api = this.session?.api ?? (await this.deps.api())
        if (!api.customerName) return
        for (const id of ids) {
          const name = await api.customerName(id)
          // Unknown ids get an empty name so they are not asked for again and again.
          store.setCustomerName(id, name ?? '')
        }
      } catch (error) {
        this.deps.log.info('customer names not resolved', { error: String(error) })
      } finally {
        this.naming = false
      }
    })()
  }

  private async switchProject(db: Database): Promise<void> {
    if (this.storeDb === db) return
    if (this.session || this.receiver) await this.stop().catch(() => {})
    this.flushSearchIndex()
    this.store = new EventStore(db)
    this.storeDb = db
    this.limits = null
    this.leftovers = []
    this.lastEventAt = null
    this.lastTest = null
    this.deps.emit.pruned('project')
    this.publish()
  }

  private publish(): void {
    this.deps.emit.status(this.status())
  }

  async dispose(): Promise<void> {
    this.unsubscribe()
    if (this.statusTimer) clearTimeout(this.statusTimer)
    await this.stop().catch(() => {})
    this.flushSearchIndex()
  }

  /** Writes queued full-text entries before the database goes (else the next open recovers them). */
  private flushSearchIndex(): void {
    try {
      this.store?.indexPending()
    } catch (error) {
      this.deps.log.warn('webhook search index left for the next start', { error: String(error) })
    }
  }
}

function urlPath(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return ''
  }
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  if (error instanceof TunnelError) {
    const code =
      error.reason === 'rate_limited'
        ? 'rate_limited'
        : error.reason === 'offline'
          ? 'offline'
          : error.reason === 'unauthorized'
            ? 'unauthorized'
            : error.reason === 'missing'
              ? 'not_found'
              : 'server'
    return new AppError(code, error.message, { cause: error })
  }
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE') {
    return new AppError(
      'conflict',
      'The receiver port is in use by another program. Choose another port (0 picks a free one).',
    )
  }
  return new AppError('internal', (error as Error).message ?? String(error), { cause: error })
}
