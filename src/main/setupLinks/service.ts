import { AppError } from '../../shared/ipc/errors'
import type { WhatsappPhoneNumber } from '../../shared/kapso/phoneNumber'
import type { SetupLink, SetupLinkCreated } from '../../shared/kapso/setupLink'
import type { UnreadableRecord } from '../../shared/kapso/unreadable'
import {
  effectiveStatus,
  type LinkContext,
  type Preset,
  type QrImage,
  type QueuedCreated,
  type QueuedLink,
  type SetupLinkView,
} from '../../shared/setupLinks/link'
import {
  type ReconnectCandidate,
  reconnectProblems,
  type SetupLinkOptions,
  SetupLinkOptionsSchema,
  toCreateInput,
} from '../../shared/setupLinks/options'
import { type KapsoClient, OutcomeUnknownError } from '../kapso'
import { ActiveProjectClient, type ClientFactory, type ProjectClients } from '../kapso/activeProjectClient'
import type { CallPriority } from '../kapso/budget'
import type { Logger } from '../log/logger'
import type { ActiveProject } from '../projects/projectsService'
import { type Database, transaction } from '../store/database'
import type { HostOutcome, SaveRequest, SetupLinkHost } from './host'
import { type CustomerRef, cachedCustomer, LinkStore, toView } from './linkStore'
import { pngDataUrl, qrFor, toQrImage } from './qr'
import { sheetHtml } from './sheet'

export interface RedirectCatcher {
  redirectTargets(): { success: string; failure: string } | null
  catchRedirects(
    link: { id: string; customerId: string; language: string | null },
    finals: { success: string | null; failure: string | null },
  ): Promise<void>
}

export interface SetupLinksServiceDeps {
  database: {
    current(): Promise<Database>
    onSwitch(listener: (db: Database, active: ActiveProject) => void): () => void
  }
  projects: { active(): Promise<ActiveProject> }
  log: Logger
  host: SetupLinkHost
  emit: {
    changed(change: {
      reason: 'created' | 'updated' | 'fetched' | 'queued' | 'project'
      customerIds: string[]
    }): void
    queuedCreated(item: QueuedCreated): void
  }
  /** A customer's links changed: the customers cache mirrors them (its list shows link status). */
  onCustomerLinks?(db: Database, customerId: string, links: SetupLink[]): void
  now?: () => Date
  /** Delays between replays of queued creates while Kapso is unreachable (the last repeats). */
  replayDelaysMs?: number[]
  clientFor?: ClientFactory
  /** The app's one client per project (one request budget per key), shared with the other capabilities. */
  clients?: ProjectClients
}

/** Failures after which a create is kept and sent later instead of refused. */
const QUEUE_CODES = new Set(['offline', 'server', 'rate_limited'])

/** Where a produced file went: the host handled it, the person cancelled, or the page gets the bytes. */
export type PageDelivery =
  | { outcome: 'done'; path: string | null }
  | { outcome: 'cancelled' }
  | { outcome: 'page'; file: { filename: string; mime: string; dataUrl: string } }

/**
 * Setup links of the active project: create (with the reference's rules),
 * list, revoke, change expiry, QR images, sheets, presets, and creates queued
 * while offline. Reads come from the cache, so what was seen once is there
 * offline; writes go to Kapso.
 */
export class SetupLinksService {
  private readonly api: ActiveProjectClient
  private replayTimer: ReturnType<typeof setTimeout> | null = null
  private replayAttempt = 0
  private replaying: Promise<void> | null = null
  private disposed = false
  private readonly now: () => Date
  private readonly unsubscribe: () => void

  constructor(private readonly deps: SetupLinksServiceDeps) {
    this.api = new ActiveProjectClient({
      projects: deps.projects,
      log: deps.log,
      clients: deps.clients,
      clientFor: deps.clientFor,
      retry: { maxAttempts: 3, maxTotalMs: 8_000 },
    })
    this.now = deps.now ?? (() => new Date())
    this.unsubscribe = deps.database.onSwitch((db) => {
      this.replayAttempt = 0
      deps.emit.changed({ reason: 'project', customerIds: [] })
      if (new LinkStore(db).pendingEntries().length) this.scheduleReplay(0)
    })
  }

  /**
   * The redirect catcher (connections capability), set by createCore: it knows
   * the listen session's public URL and remembers the staff's final URLs.
   */
  redirects: RedirectCatcher | null = null

  /**
   * Per project database and customer, the links of Kapso's last answer that
   * could not be read. Kept for the session so the cached view offline still names them.
   */
  private readonly unreadableLinks = new WeakMap<Database, Map<string, UnreadableRecord[]>>()

  private unreadableFor(db: Database): Map<string, UnreadableRecord[]> {
    const known = this.unreadableLinks.get(db)
    if (known) return known
    const map = new Map<string, UnreadableRecord[]>()
    this.unreadableLinks.set(db, map)
    return map
  }

  get host(): SetupLinkHost {
    return this.deps.host
  }

  // ── reads ─────────────────────────────────────────────────────────────────

  async context(customerId: string): Promise<LinkContext> {
    const db = await this.db()
    const customer = await this.customer(db, customerId, 'interactive')
    const store = new LinkStore(db)
    let numbers: ReconnectCandidate[]
    let online = true
    try {
      const client = await this.clientNow('interactive')
      const [phones, links] = await Promise.all([
        client.phoneNumbers.list({ customer_id: customerId }).toArray(),
        client.setupLinks.list(customerId).readAll(),
      ])
      numbers = phones.map(toCandidate)
      this.unreadableFor(db).set(customerId, links.unreadable)
      store.replaceFor(customer, links.items, this.nowIso())
      this.mirror(db, customerId)
      this.deps.emit.changed({ reason: 'fetched', customerIds: [customerId] })
      this.wentOnline()
    } catch (error) {
      if (!isQueueable(error)) throw error
      online = false
      numbers = cachedNumbers(db, customerId)
    }
    return {
      customer,
      numbers,
      links: store.forCustomer(customerId).map((r) => toView(r, this.nowMs())),
      unreadable: this.unreadableFor(db).get(customerId) ?? [],
      queued: store.queued(customerId),
      online,
    }
  }

  async recent(limit: number, search: string): Promise<{ links: SetupLinkView[]; queued: QueuedLink[] }> {
    const db = await this.db()
    const store = new LinkStore(db)
    return { links: store.recent(limit, search).map((r) => toView(r, this.nowMs())), queued: store.queued() }
  }

  async get(linkId: string): Promise<SetupLinkView> {
    const db = await this.db()
    return toView(this.row(db, linkId), this.nowMs())
  }

  // ── writes ────────────────────────────────────────────────────────────────

  async create(
    customerId: string,
    options: SetupLinkOptions,
    confirmRevoke: boolean,
    catchRedirects = false,
  ): Promise<{ outcome: 'created'; link: SetupLinkView } | { outcome: 'queued'; queued: QueuedLink }> {
    if (catchRedirects) return this.createCaught(customerId, options, confirmRevoke)
    const db = await this.db()
    // Offline and never cached: the create can still wait in the queue under the customer's id.
    const customer = await this.customer(db, customerId, 'interactive').catch((error: unknown) => {
      if (!isQueueable(error)) throw error
      return { id: customerId, name: `Customer ${customerId.slice(0, 8)}`, externalCustomerId: null }
    })
    const store = new LinkStore(db)
    if (options.reconnect_phone_number) await this.checkReconnect(db, customerId, options)
    const active = store
      .forCustomer(customerId)
      .find((r) => effectiveStatus(r.status, r.expires_at, this.nowMs()) === 'active')
    if (active && !confirmRevoke) {
      throw new AppError(
        'conflict',
        `“${customer.name}” already has an active setup link. Creating a new one revokes it: confirm to go ahead.`,
      )
    }
    if (store.queued(customerId).some((q) => q.state === 'pending')) {
      // One waiting already: this one goes after it, so Kapso sees them in order.
      return { outcome: 'queued', queued: this.enqueue(db, customer, options, null) }
    }
    const sentAt = this.nowIso()
    try {
      const link = await this.createOnce(db, customer, options, { priority: 'interactive' })
      return { outcome: 'created', link }
    } catch (error) {
      if (!isQueueable(error)) throw placeApiError(error)
      const maybeApplied = error instanceof OutcomeUnknownError || (error as AppError).code === 'server'
      this.deps.log.info('setup link create queued', { customerId, code: (error as AppError).code })
      return { outcome: 'queued', queued: this.enqueue(db, customer, options, maybeApplied ? sentAt : null) }
    }
  }

  /**
   * A create whose redirects come to this console's receiver. It needs the
   * listen session now (its URL is in the link), so it is never queued.
   */
  private async createCaught(customerId: string, options: SetupLinkOptions, confirmRevoke: boolean) {
    const targets = this.redirects?.redirectTargets() ?? null
    if (!targets || !this.redirects) {
      throw new AppError(
        'conflict',
        'Start listening (Webhooks) first: the redirects are caught by the listen session’s receiver.',
      )
    }
    const finals = {
      success: options.success_redirect_url ?? null,
      failure: options.failure_redirect_url ?? null,
    }
    const caught = {
      ...options,
      success_redirect_url: targets.success,
      failure_redirect_url: targets.failure,
    }
    const result = await this.create(customerId, caught, confirmRevoke)
    if (result.outcome !== 'created') {
      await this.discardQueued(result.queued.seq)
      throw new AppError(
        'offline',
        'Kapso cannot be reached, so a link that points at this session cannot be made now. Try again when online.',
      )
    }
    await this.redirects.catchRedirects(
      { id: result.link.id, customerId, language: options.language === 'auto' ? null : options.language },
      finals,
    )
    return result
  }

  /**
   * One create against Kapso, stored; the customer's list is refreshed (unless
   * `refresh: false`) so the revoked one shows. The caller says who is waiting.
   */
  async createOnce(
    db: Database,
    customer: CustomerRef,
    options: SetupLinkOptions,
    how: { priority: CallPriority; refresh?: boolean },
  ) {
    const refresh = how.refresh ?? true
    const client = await this.clientNow(how.priority)
    const created = await client.setupLinks.create(customer.id, toCreateInput(options))
    this.wentOnline()
    const store = new LinkStore(db)
    const link = withoutToken(created)
    transaction(db, () => {
      store.put(customer, [link], this.nowIso())
      store.revokeOthers(customer.id, link.id)
    })
    if (refresh) {
      try {
        store.replaceFor(customer, await client.setupLinks.list(customer.id).toArray(), this.nowIso())
      } catch (error) {
        this.deps.log.info('setup link list refresh after create failed', { code: (error as AppError).code })
      }
    }
    this.mirror(db, customer.id)
    this.deps.emit.changed({ reason: 'created', customerIds: [customer.id] })
    return toView(this.row(db, link.id), this.nowMs())
  }

  async revoke(linkId: string): Promise<SetupLinkView> {
    return this.patch(linkId, { status: 'revoked' }, 'revoke')
  }

  async setExpiry(linkId: string, expiresAt: string): Promise<SetupLinkView> {
    if (Date.parse(expiresAt) <= this.nowMs() + 60_000) {
      throw new AppError('validation', 'Pick an expiry in the future (at least a minute from now).', {
        fields: { expiresAt: ['Pick an expiry in the future.'] },
      })
    }
    return this.patch(linkId, { expires_at: new Date(expiresAt).toISOString() }, 'change the expiry of')
  }

  private async patch(
    linkId: string,
    input: { status?: 'revoked'; expires_at?: string },
    verb: string,
  ): Promise<SetupLinkView> {
    const db = await this.db()
    const row = this.row(db, linkId)
    if (row.status === 'used') throw new AppError('validation', 'A used setup link cannot be changed.')
    const customer = {
      id: row.customer_id,
      name: row.customer_name,
      externalCustomerId: row.external_customer_id,
    }
    try {
      const updated = await (await this.clientNow('interactive')).setupLinks.update(
        row.customer_id,
        linkId,
        input,
      )
      this.wentOnline()
      const store = new LinkStore(db)
      transaction(db, () => {
        store.put(customer, [updated], this.nowIso())
        if (effectiveStatus(updated.status ?? '', updated.expires_at ?? null, this.nowMs()) === 'active')
          store.revokeOthers(customer.id, updated.id)
      })
      this.mirror(db, customer.id)
      this.deps.emit.changed({ reason: 'updated', customerIds: [customer.id] })
      return toView(this.row(db, linkId), this.nowMs())
    } catch (error) {
      if (error instanceof AppError && error.code === 'offline')
        throw new AppError(
          'offline',
          `Kapso cannot be reached, so the console cannot ${verb} this link now. Try again when online.`,
        )
      throw placeApiError(error)
    }
  }

  // ── images, files, sheets ─────────────────────────────────────────────────

  async qr(linkId: string): Promise<QrImage> {
    const db = await this.db()
    const row = this.row(db, linkId)
    return toQrImage(row.url, await qrFor(new LinkStore(db), row.url))
  }

  async copyImage(linkId: string) {
    const db = await this.db()
    const row = this.row(db, linkId)
    const { png } = await qrFor(new LinkStore(db), row.url)
    if (await this.deps.host.copyPng(png)) return { outcome: 'done' as const }
    return {
      outcome: 'page' as const,
      file: { filename: `${fileStem(row.customer_name)}.png`, mime: 'image/png', dataUrl: pngDataUrl(png) },
    }
  }

  async saveImage(linkId: string, format: 'png' | 'svg'): Promise<PageDelivery> {
    const db = await this.db()
    const row = this.row(db, linkId)
    const image = await qrFor(new LinkStore(db), row.url)
    const request: SaveRequest = {
      defaultName: `${fileStem(row.customer_name)}.${format}`,
      mime: format === 'png' ? 'image/png' : 'image/svg+xml',
      filter: { name: format === 'png' ? 'PNG image' : 'SVG image', extensions: [format] },
      data: format === 'png' ? image.png : Buffer.from(image.svg),
    }
    return this.deliver(request, () => this.deps.host.saveFile(request))
  }

  async print(linkIds: string[], as: 'print' | 'pdf'): Promise<PageDelivery> {
    const db = await this.db()
    const store = new LinkStore(db)
    const sheets = []
    for (const id of linkIds) {
      const link = toView(this.row(db, id), this.nowMs())
      sheets.push({ link, qrPng: pngDataUrl((await qrFor(store, link.url)).png) })
    }
    const html = sheetHtml(sheets)
    const name = sheets.length === 1 ? fileStem(sheets[0]!.link.customerName) : 'setup-links'
    return this.deliver(
      {
        defaultName: `${name}.html`,
        mime: 'text/html',
        filter: { name: 'HTML', extensions: ['html'] },
        data: Buffer.from(html),
      },
      () => this.deps.host.printHtml(html, as, `${name}.pdf`),
    )
  }

  /** The host does it, or (web preview) the page gets the bytes. */
  async deliver(file: SaveRequest, viaHost: () => Promise<HostOutcome>): Promise<PageDelivery> {
    const outcome = await viaHost()
    if (outcome.outcome !== 'page') return outcome
    return {
      outcome: 'page',
      file: {
        filename: file.defaultName,
        mime: file.mime,
        dataUrl: `data:${file.mime};base64,${file.data.toString('base64')}`,
      },
    }
  }

  // ── presets ───────────────────────────────────────────────────────────────

  async presets(): Promise<Preset[]> {
    return new LinkStore(await this.db()).presets()
  }

  async savePreset(name: string, options: SetupLinkOptions, makeDefault: boolean): Promise<Preset[]> {
    if (options.reconnect_phone_number) {
      throw new AppError(
        'validation',
        'A preset cannot reconnect a number: each number belongs to one customer.',
        {
          fields: {
            'options.reconnect_phone_number': ['Clear the number to save these options as a preset.'],
          },
        },
      )
    }
    const store = new LinkStore(await this.db())
    store.savePreset(name, options, makeDefault, this.nowIso())
    return store.presets()
  }

  async deletePreset(id: number): Promise<Preset[]> {
    const store = new LinkStore(await this.db())
    store.deletePreset(id)
    return store.presets()
  }

  async setDefaultPreset(id: number | null): Promise<Preset[]> {
    const store = new LinkStore(await this.db())
    if (!store.setDefault(id)) throw new AppError('not_found', 'That preset no longer exists.')
    return store.presets()
  }

  async preset(id: number | null): Promise<{ name: string; options: SetupLinkOptions }> {
    if (id === null) return { name: 'Kapso defaults', options: SetupLinkOptionsSchema.parse({}) }
    const found = (await this.presets()).find((p) => p.id === id)
    if (!found) throw new AppError('not_found', 'That preset no longer exists.')
    return found
  }

  // ── queued creates ────────────────────────────────────────────────────────

  async discardQueued(seq: number): Promise<QueuedLink[]> {
    const db = await this.db()
    const store = new LinkStore(db)
    const entry = store.queued().find((q) => q.seq === seq)
    store.dequeue(seq)
    if (entry) this.deps.emit.changed({ reason: 'queued', customerIds: [entry.customerId] })
    return store.queued()
  }

  /** Sends queued creates in order; stops at the first sign Kapso is still unreachable. */
  replayQueue(): Promise<void> {
    if (this.replaying) return this.replaying
    this.replaying = this.replayOnce().finally(() => {
      this.replaying = null
    })
    return this.replaying
  }

  private async replayOnce(): Promise<void> {
    const db = await this.db()
    const store = new LinkStore(db)
    for (const entry of store.pendingEntries()) {
      if (this.disposed) return
      const customer = { id: entry.customer_id, name: entry.customer_name, externalCustomerId: null }
      const cached = cachedCustomer(db, entry.customer_id)
      const ref = cached ?? customer
      try {
        const options = SetupLinkOptionsSchema.parse(JSON.parse(entry.options))
        let view: SetupLinkView | null = null
        if (entry.first_sent_at) view = await this.adoptIfCreated(db, ref, entry.first_sent_at)
        if (!view) {
          store.markSent(entry.seq, this.nowIso())
          // Replaying a queued create: nobody is waiting on it now.
          view = await this.createOnce(db, ref, options, { priority: 'background' })
        }
        store.dequeue(entry.seq)
        this.deps.emit.queuedCreated({ customerId: ref.id, customerName: ref.name, link: view, error: null })
        this.deps.host.notify('Setup link ready', `The link for ${ref.name} was created: ${view.url}`)
      } catch (error) {
        if (isQueueable(error)) {
          this.scheduleReplay()
          return
        }
        const message = error instanceof AppError ? error.message : String(error)
        store.reject(entry.seq, message)
        this.deps.emit.queuedCreated({
          customerId: ref.id,
          customerName: ref.name,
          link: null,
          error: message,
        })
      }
      this.deps.emit.changed({ reason: 'queued', customerIds: [ref.id] })
    }
    this.replayAttempt = 0
  }

  /** A create that may have reached Kapso before the connection dropped: find it instead of making two. */
  private async adoptIfCreated(
    db: Database,
    customer: CustomerRef,
    sentAt: string,
  ): Promise<SetupLinkView | null> {
    const client = await this.clientNow('background')
    const links = await client.setupLinks
      .list(customer.id, { created_after: new Date(Date.parse(sentAt) - 120_000).toISOString() })
      .toArray()
    const store = new LinkStore(db)
    store.replaceFor(customer, await client.setupLinks.list(customer.id).toArray(), this.nowIso())
    const found = links.find((l) => l.status === 'active')
    if (!found) return null
    this.mirror(db, customer.id)
    return toView(this.row(db, found.id), this.nowMs())
  }

  private enqueue(
    db: Database,
    customer: CustomerRef,
    options: SetupLinkOptions,
    firstSentAt: string | null,
  ) {
    const queued = new LinkStore(db).enqueue(customer, options, this.nowIso(), firstSentAt)
    this.deps.emit.changed({ reason: 'queued', customerIds: [customer.id] })
    this.scheduleReplay()
    return queued
  }

  private scheduleReplay(delayMs?: number): void {
    if (this.replayTimer || this.disposed) return
    const delays = this.deps.replayDelaysMs ?? [2_000, 5_000, 10_000, 30_000]
    const delay = delayMs ?? delays[Math.min(this.replayAttempt, delays.length - 1)]!
    this.replayAttempt++
    this.replayTimer = setTimeout(() => {
      this.replayTimer = null
      void this.replayQueue().catch((error) =>
        this.deps.log.warn('setup link replay failed', { error: String(error) }),
      )
    }, delay)
    this.replayTimer.unref?.()
  }

  /** Kapso answered: anything queued goes now. */
  private wentOnline(): void {
    if (this.replayTimer && this.replayAttempt > 0) {
      clearTimeout(this.replayTimer)
      this.replayTimer = null
      this.replayAttempt = 0
      setImmediate(() => void this.replayQueue().catch(() => {}))
    }
  }

  // ── helpers ───────────────────────────────────────────────────────────────

  /** The reconnect target must be one of this customer's numbers, with its connection type. */
  private async checkReconnect(db: Database, customerId: string, options: SetupLinkOptions): Promise<void> {
    let numbers: ReconnectCandidate[]
    try {
      const phones = await (await this.clientNow('interactive')).phoneNumbers
        .list({ customer_id: customerId })
        .toArray()
      numbers = phones.map(toCandidate)
    } catch (error) {
      if (!isQueueable(error)) throw error
      numbers = cachedNumbers(db, customerId)
    }
    const problems = reconnectProblems(options, numbers)
    const keys = Object.keys(problems)
    if (keys.length) {
      const fields = Object.fromEntries(keys.map((k) => [`options.${k}`, problems[k]!]))
      throw new AppError('validation', Object.values(problems).flat().join(' '), { fields })
    }
  }

  async customer(db: Database, id: string, priority: CallPriority): Promise<CustomerRef> {
    const cached = cachedCustomer(db, id)
    if (cached) return cached
    const fromLinks = new LinkStore(db).forCustomer(id)[0]
    try {
      const c = await (await this.clientNow(priority)).customers.get(id)
      return { id: c.id, name: c.name ?? '', externalCustomerId: c.external_customer_id ?? null }
    } catch (error) {
      if (fromLinks && isQueueable(error))
        return { id, name: fromLinks.customer_name, externalCustomerId: fromLinks.external_customer_id }
      if (error instanceof AppError && error.code === 'not_found')
        throw new AppError('not_found', 'This customer does not exist in Kapso (any more).')
      throw error
    }
  }

  private mirror(db: Database, customerId: string): void {
    if (!this.deps.onCustomerLinks) return
    const links = new LinkStore(db).forCustomer(customerId).map((r) => JSON.parse(r.raw) as SetupLink)
    try {
      this.deps.onCustomerLinks(db, customerId, links)
    } catch (error) {
      this.deps.log.warn('could not mirror setup links into the customers cache', { error: String(error) })
    }
  }

  private row(db: Database, linkId: string) {
    const row = new LinkStore(db).get(linkId)
    if (!row)
      throw new AppError(
        'not_found',
        'This setup link is not in the local list. Open its customer to refresh.',
      )
    return row
  }

  async db(): Promise<Database> {
    return this.deps.database.current()
  }

  nowIso(): string {
    return this.now().toISOString()
  }

  nowMs(): number {
    return this.now().getTime()
  }

  /** Every call site says who is waiting: the person (interactive) or nobody (background). */
  async clientNow(priority: CallPriority): Promise<KapsoClient> {
    return this.api.get(priority)
  }

  async dispose(): Promise<void> {
    this.disposed = true
    this.unsubscribe()
    if (this.replayTimer) clearTimeout(this.replayTimer)
    await this.replaying?.catch(() => {})
  }
}

export function isQueueable(error: unknown): boolean {
  return error instanceof AppError && QUEUE_CODES.has(error.code)
}

/** A 422 from Kapso names the field in its message: put it next to that field in the form. */
function placeApiError(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'validation') return error
  const fieldNames = [
    'reconnect_phone_number',
    'allowed_connection_types',
    'provision_phone_number',
    'phone_number_area_code',
    'phone_number_country_isos',
    'success_redirect_url',
    'failure_redirect_url',
    'language',
    'theme_config',
    'allowed_origins',
    'meta_billing_mode',
    'expires_at',
  ]
  const lower = error.message.toLowerCase().replace(/ /g, '_')
  const field = fieldNames.find((f) => lower.includes(f))
  if (!field) return error
  return new AppError('validation', error.message, {
    fields: { [`options.${field}`]: [error.message] },
    cause: error,
  })
}

function withoutToken(created: SetupLinkCreated): SetupLink {
  // The browser token is for @kapso/sdk embeds, which this console does not use: never stored.
  const { token: _token, ...link } = created
  return link
}

function toCandidate(p: WhatsappPhoneNumber): ReconnectCandidate {
  const digits = (p.display_phone_number_normalized ?? p.display_phone_number ?? '').replace(/\D/g, '')
  return {
    phoneNumberId: p.phone_number_id ?? p.id,
    display: p.display_phone_number ?? (digits ? `+${digits}` : p.id),
    digits,
    connectionType:
      p.is_coexistence === true ? 'coexistence' : p.is_coexistence === false ? 'dedicated' : null,
  }
}

/** Offline: the customers cache knows the numbers but not their connection type. */
function cachedNumbers(db: Database, customerId: string): ReconnectCandidate[] {
  const rows = db
    .prepare(
      'SELECT phone_number_id, display_phone_number, display_phone_number_normalized FROM customer_phone_numbers WHERE customer_id = ?',
    )
    .all(customerId) as Array<{
    phone_number_id: string
    display_phone_number: string | null
    display_phone_number_normalized: string | null
  }>
  return rows.map((r) => {
    const digits = (r.display_phone_number_normalized ?? r.display_phone_number ?? '').replace(/\D/g, '')
    return {
      phoneNumberId: r.phone_number_id,
      display: r.display_phone_number ?? `+${digits}`,
      digits,
      connectionType: null,
    }
  })
}

export function fileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase()
    .slice(0, 60)
  return `setup-link-${stem || 'customer'}`
}
