import type {
  ConnectedEvent,
  ConnectionSource,
  ConnectionStatus,
  ShareWay,
  Timeline,
} from '../../shared/connections/timeline'
import { AppError } from '../../shared/ipc/errors'
import type { WhatsappPhoneNumber } from '../../shared/kapso/phoneNumber'
import type { SetupLink } from '../../shared/kapso/setupLink'
import { effectiveStatus } from '../../shared/setupLinks/link'
import type { WebhookEventSummary } from '../../shared/webhooks/event'
import { CustomerStore } from '../customers/customerStore'
import type { KapsoClient } from '../kapso'
import { ActiveProjectClient, type ClientFactory, type ProjectClients } from '../kapso/activeProjectClient'
import type { CallPriority } from '../kapso/budget'
import type { Logger } from '../log/logger'
import type { ActiveProject } from '../projects/projectsService'
import { cachedCustomer, LinkStore } from '../setupLinks/linkStore'
import type { Database } from '../store/database'
import { applyConnection, applyFailure, mirrorLinks, provisionalNumber } from './apply'
import { failurePage, type PageResponse, successPage, unknownLinkPage } from './redirectPage'
import { readRedirect } from './redirectParams'
import { type RedirectCheckRow, SignalStore } from './signalStore'
import { buildTimeline } from './timeline'

export interface ConnectionsServiceDeps {
  database: {
    current(): Promise<Database>
    onSwitch(listener: (db: Database) => void): () => void
  }
  projects: { active(): Promise<ActiveProject> }
  log: Logger
  /** Whether a listen session runs now, and the public URL its receiver is reached at. */
  listening(): { listening: boolean; publicUrl: string | null }
  emit: {
    connected(event: ConnectedEvent): void
    changed(customerIds: string[]): void
    customersChanged(customerIds: string[]): void
    linksChanged(customerIds: string[]): void
  }
  now?: () => Date
  /** Polling backoff (the last delay repeats); the watch of an open customer uses `focusedDelayMs`. */
  pollDelaysMs?: number[]
  focusedDelayMs?: number
  /**
   * How long a success redirect is confirmed with the API before the console concludes that Kapso
   * contradicts it: one check at once, then one after each delay.
   */
  redirectDelaysMs?: number[]
  /** How often due watches are looked for. */
  tickMs?: number
  clientFor?: ClientFactory
  /** The app's one client per project (one request budget per key), shared with the other capabilities. */
  clients?: ProjectClients
}

const DEFAULT_DELAYS = [5_000, 10_000, 20_000, 40_000, 60_000, 120_000, 300_000]
/** About two and a half minutes in all: Kapso's records follow a real signup within seconds. */
/** How long a webhook's connection waits for the API's copy of the number (its display text). */
const WEBHOOK_NUMBER_WAIT_MS = 700
const DEFAULT_REDIRECT_DELAYS = [2_000, 5_000, 10_000, 20_000, 40_000, 60_000]
/** Checks in flight at once (each is a numbers list and a links list). */
const MAX_CONCURRENT_CHECKS = 2
/**
 * Different claims being confirmed for one customer at once. Anyone who saw the link id can send
 * redirects naming any number; beyond this they are recorded on the timeline but not checked, so a
 * flood of forged redirects cannot spend the project's rate limit.
 */
const MAX_OPEN_REDIRECT_CHECKS = 3

/**
 * Knows the moment a tenant connects. Three signals, one outcome:
 * - the `whatsapp.phone_number.created` webhook (while a listen session runs),
 * - the tenant's browser landing on the receiver's `/setup/success|failure`,
 * - polling the customer's numbers for links created here (the safety net).
 * The webhook (signed with the session's secret) or the API, whichever comes
 * first, marks the customer connected and raises one notification; the others
 * are recorded as confirmations. A redirect is only the tenant's browser, and
 * its URL can be typed by anyone who saw the link id: it never marks anything
 * by itself. On a link this project knows it starts a confirmation ("redirect
 * received, confirming") that asks the API at once and then with backoff, and
 * ends either in the API's connection or in a contradiction shown in words.
 */
const CONNECTION_EVENTS = new Set(['whatsapp.phone_number.created', 'whatsapp.config.created'])

export class ConnectionsService {
  private readonly api: ActiveProjectClient
  private focused: string | null = null
  private timer: ReturnType<typeof setInterval> | null = null
  private checking = new Map<string, Promise<void>>()
  private confirmingNow = new Map<number, Promise<void>>()
  private disposed = false
  private readonly now: () => Date
  private readonly unsubscribe: () => void

  constructor(private readonly deps: ConnectionsServiceDeps) {
    this.api = new ActiveProjectClient({
      projects: deps.projects,
      log: deps.log,
      clients: deps.clients,
      clientFor: deps.clientFor,
      retry: { maxAttempts: 2, maxTotalMs: 5_000 },
    })
    this.now = deps.now ?? (() => new Date())
    this.unsubscribe = deps.database.onSwitch(() => {
      this.focused = null
    })
    this.timer = setInterval(() => void this.pollDue(), deps.tickMs ?? 1_000)
    this.timer.unref?.()
  }

  // ── reads ─────────────────────────────────────────────────────────────────

  async timeline(customerId: string): Promise<Timeline> {
    const db = await this.db()
    return buildTimeline(db, customerId, this.nowMs())
  }

  async status(customerId: string): Promise<ConnectionStatus> {
    return (await this.timeline(customerId)).status
  }

  async watching(): Promise<string[]> {
    return new SignalStore(await this.db()).watches().map((w) => w.customer_id)
  }

  /** Customers whose success redirect is still being confirmed with the API. */
  async confirming(): Promise<string[]> {
    return new SignalStore(await this.db()).confirmingCustomers()
  }

  /** The tunnel URLs that make Kapso send the tenant's browser to this console. */
  redirectTargets(): { success: string; failure: string } | null {
    const { listening, publicUrl } = this.deps.listening()
    if (!listening || !publicUrl) return null
    const base = publicUrl.replace(/\/+$/, '')
    return { success: `${base}/setup/success`, failure: `${base}/setup/failure` }
  }

  /** A link whose redirects come here: the staff's own final URLs and the link's language, for the tenant's page. */
  async catchRedirects(
    link: { id: string; customerId: string; language: string | null },
    finals: { success: string | null; failure: string | null },
  ): Promise<void> {
    new SignalStore(await this.db()).rememberRedirects(
      {
        setup_link_id: link.id,
        customer_id: link.customerId,
        final_success_url: finals.success,
        final_failure_url: finals.failure,
        language: link.language,
      },
      this.nowIso(),
    )
  }

  // ── signals ───────────────────────────────────────────────────────────────

  /** Links created from this console: record it, and watch the customer until it connects. */
  async linkCreated(customerIds: readonly string[]): Promise<void> {
    const db = await this.db()
    const signals = new SignalStore(db)
    const links = new LinkStore(db)
    for (const customerId of customerIds) {
      const link = links
        .forCustomer(customerId)
        .find((r) => effectiveStatus(r.status, r.expires_at, this.nowMs()) === 'active')
      if (!link) continue
      if (signals.watchFor(customerId)?.setup_link_id === link.id) continue
      signals.add({
        customerId,
        setupLinkId: link.id,
        kind: 'link_created',
        source: 'console',
        at: link.created_at,
      })
      const known = (
        db
          .prepare('SELECT phone_number_id FROM customer_phone_numbers WHERE customer_id = ?')
          .all(customerId) as Array<{ phone_number_id: string }>
      ).map((r) => r.phone_number_id)
      signals.watch({
        customer_id: customerId,
        setup_link_id: link.id,
        started_at: this.nowIso(),
        until_at: link.expires_at,
        next_at: this.nextAt(customerId, 0),
        known_numbers: JSON.stringify(known),
      })
    }
    this.deps.emit.changed([...customerIds])
  }

  /** Copied, QR copied or saved, printed: "did we ever send it?" in the timeline. */
  async shared(linkIds: readonly string[], way: ShareWay): Promise<void> {
    const db = await this.db()
    const links = new LinkStore(db)
    const signals = new SignalStore(db)
    const touched: string[] = []
    for (const id of linkIds) {
      const row = links.get(id)
      if (!row) continue
      signals.add({
        customerId: row.customer_id,
        setupLinkId: id,
        kind: 'shared',
        source: 'console',
        at: this.nowIso(),
        detail: { way },
      })
      touched.push(row.customer_id)
    }
    if (touched.length) this.deps.emit.changed(touched)
  }

  /**
   * Events the receiver stored: a verified `whatsapp.phone_number.created` is a connection,
   * and so is its v1 name `whatsapp.config.created` (https://docs.kapso.ai/docs/platform/webhooks/legacy).
   */
  async webhookEvents(events: readonly WebhookEventSummary[]): Promise<void> {
    for (const e of events) {
      if (!CONNECTION_EVENTS.has(e.eventType ?? '') || !e.phoneNumberId) continue
      // Only a delivery signed with this session's secret is Kapso speaking; anything else is shown, not trusted.
      if (e.signature !== 'valid' || e.duplicate) continue
      try {
        await this.fromWebhook(e.customerId, e.phoneNumberId, e.receivedAt)
      } catch (error) {
        this.deps.log.warn('connection from webhook not applied', { error: String(error) })
      }
    }
  }

  private async fromWebhook(customerId: string | null, phoneNumberId: string, at: string): Promise<void> {
    const db = await this.db()
    let owner = customerId
    let number: WhatsappPhoneNumber | null = null
    if (!owner) {
      // The payload should name the customer; when it does not, Kapso knows whose number it is.
      number = await this.fetchNumber(phoneNumberId)
      owner = number?.customer_id ?? null
    } else {
      // The webhook carries ids only. Ask Kapso for the number first, briefly, so the toast and the
      // notification can say which number connected; a slow or offline API never holds the signal back.
      const fetched = await Promise.race([
        this.fetchNumber(phoneNumberId),
        new Promise<null>((resolve) => setTimeout(resolve, WEBHOOK_NUMBER_WAIT_MS, null)),
      ])
      if (fetched?.customer_id === owner) number = fetched
    }
    if (!owner) return
    new SignalStore(db).add({
      customerId: owner,
      setupLinkId: null,
      kind: 'webhook',
      source: 'webhook',
      at,
      phoneNumberId,
    })
    await this.connected(db, {
      customerId: owner,
      phoneNumberId,
      display: number?.display_phone_number ?? null,
      source: 'webhook',
      setupLinkId: null,
      number,
    })
  }

  /** `/setup/success` and `/setup/failure` on the receiver; null for any other path (the receiver answers those). */
  async page(
    method: string,
    rawUrl: string,
    acceptLanguage: string | null = null,
  ): Promise<PageResponse | null> {
    if (method !== 'GET' && method !== 'HEAD') return null
    let url: URL
    try {
      url = new URL(rawUrl, 'http://receiver.invalid')
    } catch {
      return null
    }
    const outcome =
      url.pathname === '/setup/success' ? 'success' : url.pathname === '/setup/failure' ? 'failure' : null
    if (!outcome) return null
    const report = readRedirect(outcome, url.searchParams)
    const db = await this.db()
    const signals = new SignalStore(db)
    const link = report.setupLinkId ? new LinkStore(db).get(report.setupLinkId) : undefined
    const detail = {
      params: report.params,
      missing: report.missing,
      absent: report.absent,
      extra: report.extra,
    }
    const kind = outcome === 'success' ? 'redirect_success' : 'redirect_failure'
    if (!link) {
      // Forged, mistyped, or another project's link: recorded as received, and nothing else happens.
      signals.add({
        customerId: null,
        setupLinkId: report.params.find((p) => p.name === 'setup_link_id')?.value ?? null,
        kind,
        source: 'redirect',
        at: this.nowIso(),
        detail: { ...detail, refused: 'no setup link of this project has this id' },
        trusted: false,
      })
      this.deps.log.info('redirect with no matching setup link', { outcome })
      return unknownLinkPage()
    }
    const targets = signals.redirects(link.id)
    // The link's language; a link without one follows the browser, as Kapso's own page does.
    const language =
      targets?.language ??
      (JSON.parse(link.raw) as { language?: string | null }).language ??
      browserLanguage(acceptLanguage)
    // A link that was revoked or expired cannot have just been completed: recorded, never acted on.
    const usable = ['active', 'used'].includes(effectiveStatus(link.status, link.expires_at, this.nowMs()))
    signals.add({
      customerId: link.customer_id,
      setupLinkId: link.id,
      kind,
      source: 'redirect',
      at: this.nowIso(),
      phoneNumberId: report.phoneNumberId,
      displayPhoneNumber: report.displayPhoneNumber,
      detail: { ...detail, errorCode: report.errorCode },
    })
    if (outcome === 'failure') {
      if (report.errorCode && usable) applyFailure(db, link.id, report.errorCode, this.nowIso())
      this.deps.emit.linksChanged([link.customer_id])
      this.deps.emit.customersChanged([link.customer_id])
      this.deps.emit.changed([link.customer_id])
      return failurePage(language, report.errorCode, targets?.final_failure_url ?? null)
    }
    const statusValid = report.params.find((p) => p.name === 'status')?.valid === true
    // A phone_number_id that is there but not in its documented form is not a claim worth checking.
    const numberUsable = report.phoneNumberId !== null || report.missing.includes('phone_number_id')
    if (usable && statusValid && numberUsable) this.redirected(db, link.id, link.customer_id, report)
    this.deps.emit.changed([link.customer_id])
    return successPage(language, report.displayPhoneNumber, targets?.final_success_url ?? null)
  }

  /**
   * A success redirect on a usable link: "redirect received, confirming". It
   * changes no cache, link or notification; it only asks the API now (and the
   * customer's watch is brought forward), and again with backoff.
   */
  private redirected(
    db: Database,
    setupLinkId: string,
    customerId: string,
    report: { phoneNumberId: string | null; displayPhoneNumber: string | null },
  ): void {
    const signals = new SignalStore(db)
    const nowIso = this.nowIso()
    // Already connected by the API or a signed webhook with this very number: the redirect agrees.
    if (report.phoneNumberId && signals.connected(customerId, report.phoneNumberId)) {
      this.confirmedByRedirect(
        signals,
        customerId,
        setupLinkId,
        report.phoneNumberId,
        report.displayPhoneNumber,
      )
      return
    }
    const open = signals.openRedirectChecks(customerId)
    const same = open.some(
      (c) => c.setup_link_id === setupLinkId && c.phone_number_id === report.phoneNumberId,
    )
    if (!same && open.length >= MAX_OPEN_REDIRECT_CHECKS) {
      this.deps.log.warn('redirect not checked: too many claims already being confirmed', { customerId })
      return
    }
    const id = signals.addRedirectCheck(
      {
        customer_id: customerId,
        setup_link_id: setupLinkId,
        phone_number_id: report.phoneNumberId,
        display_phone_number: report.displayPhoneNumber,
      },
      nowIso,
    )
    if (signals.watchFor(customerId)) signals.reschedule(customerId, nowIso)
    this.deps.log.info('redirect received, confirming with the API', { customerId })
    // At once when a slot is free; otherwise it is due now and the next poll tick takes it first.
    if (this.confirmingNow.size < MAX_CONCURRENT_CHECKS) void this.confirmRedirect(id)
  }

  private confirmedByRedirect(
    signals: SignalStore,
    customerId: string,
    setupLinkId: string | null,
    phoneNumberId: string,
    display: string | null,
  ): void {
    if (signals.has(customerId, 'confirmed', 'redirect', phoneNumberId)) return
    signals.add({
      customerId,
      setupLinkId,
      kind: 'confirmed',
      source: 'redirect',
      at: this.nowIso(),
      phoneNumberId,
      displayPhoneNumber: display,
    })
  }

  /** A trusted connection settles the redirects still being confirmed that it bears out. */
  private settleRedirects(signals: SignalStore, customerId: string, phoneNumberId: string): void {
    for (const check of signals.openRedirectChecks(customerId)) {
      // A redirect that named no number is borne out by any number the API or webhook reports.
      if (check.phone_number_id !== null && check.phone_number_id !== phoneNumberId) continue
      signals.resolveRedirectCheck(check.id, 'confirmed', null, this.nowIso())
      this.confirmedByRedirect(
        signals,
        customerId,
        check.setup_link_id,
        phoneNumberId,
        check.display_phone_number,
      )
    }
  }

  private confirmRedirect(id: number): Promise<void> {
    const running = this.confirmingNow.get(id)
    if (running) return running
    const run = this.confirmRedirectOnce(id)
      .catch((error) => this.deps.log.warn('redirect confirmation failed', { error: String(error) }))
      .finally(() => this.confirmingNow.delete(id))
    this.confirmingNow.set(id, run)
    return run
  }

  private async confirmRedirectOnce(id: number): Promise<void> {
    if (this.disposed) return
    const db = await this.db()
    const signals = new SignalStore(db)
    const check = signals.redirectCheck(id)
    if (check?.state !== 'confirming') return
    const customerId = check.customer_id
    const delays = this.deps.redirectDelaysMs ?? DEFAULT_REDIRECT_DELAYS
    const nowIso = this.nowIso()
    try {
      // Confirming a redirect the person just came back from: a poll, ahead of background work.
      const client = await this.clientNow('polling')
      const [numbers, links] = await Promise.all([
        client.phoneNumbers.list({ customer_id: customerId }).toArray(),
        client.setupLinks.list(customerId).toArray(),
      ])
      this.refreshLinks(db, customerId, links, nowIso)
      const link = links.find((l) => l.id === check.setup_link_id)
      const found = this.redirectEvidence(signals, check, numbers, link)
      if (found) {
        CustomerStore.for(db).replaceCustomerPhones(customerId, numbers, nowIso)
        // connected() settles this check (and records the redirect as agreeing).
        await this.connected(db, {
          customerId,
          phoneNumberId: found.phone_number_id,
          display: found.display_phone_number ?? null,
          source: 'api',
          setupLinkId: check.setup_link_id,
          number: found,
          viaRedirectCheck: true,
        })
        return
      }
      let contradiction: string | null = null
      if (!link) {
        contradiction =
          'Redirect said connected, but Kapso does not list this setup link for this customer — the redirect is forged or mistaken. Nothing was changed.'
      } else if (check.phone_number_id) {
        const owner = await this.fetchNumber(check.phone_number_id)
        if (owner?.customer_id && owner.customer_id !== customerId)
          contradiction = `Redirect said connected with ${check.display_phone_number ?? check.phone_number_id}, but Kapso lists that number under another customer — the redirect is forged or mistaken. Nothing was changed.`
      }
      const attempts = check.attempts + 1
      if (!contradiction && attempts > delays.length) {
        const active =
          effectiveStatus(link?.status ?? 'unknown', link?.expires_at ?? null, this.nowMs()) === 'active'
        contradiction = `Redirect said connected, but Kapso shows no new number for this customer — the redirect may be forged or early.${active ? ' The setup link is still active at Kapso.' : ''} Checked ${attempts} times; nothing was changed.`
      }
      if (contradiction) {
        this.contradicted(signals, check, contradiction)
        return
      }
      signals.redirectChecked(id, nowIso, this.inMs(delays[attempts - 1]!), null, true)
    } catch (error) {
      // Offline or refused: not Kapso's answer, so it never counts towards a contradiction.
      const message = error instanceof AppError ? error.message : String(error)
      const delay = delays[Math.min(check.attempts, delays.length - 1)]!
      signals.redirectChecked(id, nowIso, this.inMs(delay), message, false)
    } finally {
      this.deps.emit.changed([customerId])
    }
  }

  /**
   * The number of the API's answer that bears the redirect out, if any: the
   * number it named, on this customer, and new with this signup (a number the
   * customer had before the link counts only once Kapso marks the link used,
   * as on a reconnect). A redirect naming no number is borne out by the link
   * turning `used` or a number the watch did not know.
   */
  private redirectEvidence(
    signals: SignalStore,
    check: RedirectCheckRow,
    numbers: WhatsappPhoneNumber[],
    link: SetupLink | undefined,
  ): WhatsappPhoneNumber | undefined {
    if (!link) return undefined
    const watch = signals.watchFor(check.customer_id)
    const known = new Set<string>(watch ? (JSON.parse(watch.known_numbers) as string[]) : [])
    // Without both dates a number cannot be shown to be new with this signup: only the link turning
    // `used` then bears the redirect out (a tolerant read must not make evidence out of a gap).
    const before = (n: WhatsappPhoneNumber) =>
      known.has(n.phone_number_id) ||
      (!watch &&
        (!n.created_at || !link.created_at || Date.parse(n.created_at) < Date.parse(link.created_at)))
    const used = link.status === 'used'
    if (check.phone_number_id) {
      const named = numbers.find((n) => n.phone_number_id === check.phone_number_id)
      return named && (used || !before(named)) ? named : undefined
    }
    return (
      numbers.find((n) => !before(n)) ??
      (used
        ? (numbers.find((n) => n.display_phone_number_normalized === link.reconnect_phone_number) ??
          numbers[0])
        : undefined)
    )
  }

  private contradicted(signals: SignalStore, check: RedirectCheckRow, reason: string): void {
    const nowIso = this.nowIso()
    // The answer that contradicts it is a check too.
    signals.redirectChecked(check.id, nowIso, nowIso, null, true)
    signals.resolveRedirectCheck(check.id, 'contradicted', reason, nowIso)
    signals.add({
      customerId: check.customer_id,
      setupLinkId: check.setup_link_id,
      kind: 'redirect_contradicted',
      source: 'api',
      at: nowIso,
      phoneNumberId: check.phone_number_id,
      displayPhoneNumber: check.display_phone_number,
      detail: { reason, attempts: check.attempts + 1 },
    })
    this.deps.log.warn('redirect contradicted by the API', { customerId: check.customer_id })
  }

  /** Kapso's links for a customer into the cache (and the customers list's copy of them). */
  private refreshLinks(db: Database, customerId: string, links: SetupLink[], nowIso: string): void {
    const customer = cachedCustomer(db, customerId) ?? {
      id: customerId,
      name:
        new LinkStore(db).forCustomer(customerId)[0]?.customer_name ?? `Customer ${customerId.slice(0, 8)}`,
      externalCustomerId: null,
    }
    new LinkStore(db).replaceFor(customer, links, nowIso)
    mirrorLinks(db, customerId, nowIso)
  }

  /**
   * The one place a connection is marked. The first signal for a number marks
   * it and notifies; later ones (other sources) are kept as confirmations.
   */
  private async connected(
    db: Database,
    input: {
      customerId: string
      phoneNumberId: string
      display: string | null
      /** Never `redirect`: the tenant's browser alone does not mark a connection. */
      source: Exclude<ConnectionSource, 'redirect'>
      setupLinkId: string | null
      number: WhatsappPhoneNumber | null
      /** The API call that found it was the one a redirect asked for (not the watch's polling). */
      viaRedirectCheck?: boolean
    },
  ): Promise<void> {
    const signals = new SignalStore(db)
    const nowIso = this.nowIso()
    const first = signals.connected(input.customerId, input.phoneNumberId)
    if (first) {
      if (
        first.source !== input.source &&
        !signals.has(input.customerId, 'confirmed', input.source, input.phoneNumberId)
      ) {
        signals.add({
          customerId: input.customerId,
          setupLinkId: input.setupLinkId ?? first.setup_link_id,
          kind: 'confirmed',
          source: input.source,
          at: nowIso,
          phoneNumberId: input.phoneNumberId,
          displayPhoneNumber: input.display ?? input.number?.display_phone_number ?? null,
        })
      }
      this.settleRedirects(signals, input.customerId, input.phoneNumberId)
      if (input.number) {
        CustomerStore.for(db).storePhonePage(
          [input.number],
          CustomerStore.for(db).get(input.customerId)?.seen_pass ?? 0,
          nowIso,
        )
        this.deps.emit.customersChanged([input.customerId])
      }
      this.deps.emit.changed([input.customerId])
      return
    }
    const number =
      input.number ?? provisionalNumber(input.customerId, input.phoneNumberId, input.display, nowIso)
    const { setupLinkId } = applyConnection(db, {
      customerId: input.customerId,
      number,
      setupLinkId: input.setupLinkId,
      nowIso,
    })
    const display = number.display_phone_number ?? input.display ?? null
    signals.add({
      customerId: input.customerId,
      setupLinkId,
      kind: 'connected',
      source: input.source,
      at: nowIso,
      phoneNumberId: input.phoneNumberId,
      displayPhoneNumber: display,
      detail: {
        listening: this.deps.listening().listening,
        ...(input.viaRedirectCheck ? { via: 'redirect_check' } : {}),
      },
    })
    this.settleRedirects(signals, input.customerId, input.phoneNumberId)
    signals.unwatch(input.customerId)
    const name =
      cachedCustomer(db, input.customerId)?.name ??
      new LinkStore(db).forCustomer(input.customerId)[0]?.customer_name ??
      `Customer ${input.customerId.slice(0, 8)}`
    this.deps.emit.connected({
      customerId: input.customerId,
      customerName: name,
      phoneNumberId: input.phoneNumberId,
      displayPhoneNumber: display,
      source: input.source,
      at: nowIso,
    })
    this.deps.emit.customersChanged([input.customerId])
    this.deps.emit.linksChanged([input.customerId])
    this.deps.emit.changed([input.customerId])
    this.deps.log.info('customer connected', { customerId: input.customerId, source: input.source })
    // A webhook carries only ids: the API's object fills in the number and confirms it.
    if (input.source !== 'api') void this.confirm(input.customerId, input.phoneNumberId)
  }

  private async confirm(customerId: string, phoneNumberId: string): Promise<void> {
    const number = await this.fetchNumber(phoneNumberId)
    if (!number || (number.customer_id && number.customer_id !== customerId)) return
    await this.connected(await this.db(), {
      customerId,
      phoneNumberId,
      display: number.display_phone_number ?? null,
      source: 'api',
      setupLinkId: null,
      number,
    })
  }

  private async fetchNumber(phoneNumberId: string): Promise<WhatsappPhoneNumber | null> {
    try {
      return await (await this.clientNow('polling')).phoneNumbers.get(phoneNumberId)
    } catch (error) {
      this.deps.log.info('phone number lookup failed', { code: (error as AppError).code })
      return null
    }
  }

  // ── polling ───────────────────────────────────────────────────────────────

  /** The open customer is polled faster; closing it lets the backoff resume. */
  async focus(customerId: string | null): Promise<void> {
    this.focused = customerId
    if (!customerId) return
    const signals = new SignalStore(await this.db())
    const watch = signals.watchFor(customerId)
    if (!watch) return
    const soon = this.nextAt(customerId, watch.attempts)
    if (soon < watch.next_at) signals.reschedule(customerId, soon)
  }

  /** "Check now": one poll at once, whether or not the customer is watched. */
  async checkNow(customerId: string): Promise<Timeline> {
    const open = new SignalStore(await this.db()).openRedirectChecks(customerId)
    await Promise.all([this.check(customerId, true), ...open.map((c) => this.confirmRedirect(c.id))])
    return this.timeline(customerId)
  }

  private async pollDue(): Promise<void> {
    if (this.disposed) return
    let db: Database
    try {
      db = await this.db()
    } catch {
      return
    }
    const nowIso = this.nowIso()
    // A redirect being confirmed goes first: someone is waiting on that answer now.
    for (const c of new SignalStore(db).dueRedirectChecks(nowIso)) {
      if (this.confirmingNow.size >= MAX_CONCURRENT_CHECKS) break
      void this.confirmRedirect(c.id)
    }
    // A bulk run can leave hundreds watched: a few checks at a time keeps polling far below the
    // project's rate limit (each check is two calls); the open customer goes first.
    const due = new SignalStore(db).dueWatches(nowIso)
    due.sort((a, b) => Number(b.customer_id === this.focused) - Number(a.customer_id === this.focused))
    for (const w of due) {
      if (this.checking.size + this.confirmingNow.size >= MAX_CONCURRENT_CHECKS) break
      void this.check(w.customer_id, false).catch((error) =>
        this.deps.log.warn('connection poll failed', { error: String(error) }),
      )
    }
  }

  private check(customerId: string, manual: boolean): Promise<void> {
    const running = this.checking.get(customerId)
    if (running) return running
    const run = this.checkOnce(customerId, manual).finally(() => this.checking.delete(customerId))
    this.checking.set(customerId, run)
    return run
  }

  private async checkOnce(customerId: string, manual: boolean): Promise<void> {
    const db = await this.db()
    const signals = new SignalStore(db)
    const watch = signals.watchFor(customerId)
    const nowIso = this.nowIso()
    let numbers: WhatsappPhoneNumber[]
    try {
      // "Check now" is a click; the watch's own rounds are polling.
      const client = await this.clientNow(manual ? 'interactive' : 'polling')
      const [phones, links] = await Promise.all([
        client.phoneNumbers.list({ customer_id: customerId }).toArray(),
        client.setupLinks.list(customerId).toArray(),
      ])
      numbers = phones
      this.refreshLinks(db, customerId, links, nowIso)
      const watched = watch ? links.find((l) => l.id === watch.setup_link_id) : undefined
      if (watched?.whatsapp_setup_status === 'failed' && watched.whatsapp_setup_error) {
        const last = signals
          .forCustomer(customerId)
          .filter((s) => s.kind === 'setup_failed')
          .at(-1)
        if (!last || JSON.parse(last.detail).error !== watched.whatsapp_setup_error)
          signals.add({
            customerId,
            setupLinkId: watched.id,
            kind: 'setup_failed',
            source: 'api',
            at: nowIso,
            detail: { error: watched.whatsapp_setup_error },
          })
      }
      const known = new Set<string>(watch ? (JSON.parse(watch.known_numbers) as string[]) : [])
      const fresh = numbers.filter((n) => !known.has(n.phone_number_id))
      // A reconnect keeps its number: the link turning `used` is the sign then.
      const found =
        fresh[0] ??
        (watched?.status === 'used'
          ? (numbers.find((n) => n.display_phone_number_normalized === watched.reconnect_phone_number) ??
            numbers[0])
          : undefined) ??
        (manual && !watch ? numbers[0] : undefined)
      if (found) {
        CustomerStore.for(db).replaceCustomerPhones(customerId, numbers, nowIso)
        await this.connected(db, {
          customerId,
          phoneNumberId: found.phone_number_id,
          display: found.display_phone_number ?? null,
          source: 'api',
          setupLinkId: watched?.status === 'used' ? watched.id : (watch?.setup_link_id ?? null),
          number: found,
        })
        return
      }
      this.deps.emit.linksChanged([customerId])
      this.deps.emit.customersChanged([customerId])
      if (watch) {
        const stillActive = watched
          ? effectiveStatus(watched.status ?? '', watched.expires_at ?? null, this.nowMs()) === 'active'
          : false
        if (!stillActive) signals.unwatch(customerId)
        else signals.checked(customerId, nowIso, this.nextAt(customerId, watch.attempts + 1), null)
      }
    } catch (error) {
      const message = error instanceof AppError ? error.message : String(error)
      if (watch) signals.checked(customerId, nowIso, this.nextAt(customerId, watch.attempts + 1), message)
      if (manual) throw error
    } finally {
      this.deps.emit.changed([customerId])
    }
  }

  private inMs(delay: number): string {
    return new Date(this.nowMs() + delay).toISOString()
  }

  private nextAt(customerId: string, attempts: number): string {
    const delays = this.deps.pollDelaysMs ?? DEFAULT_DELAYS
    const backoff = delays[Math.min(attempts, delays.length - 1)]!
    const delay = this.focused === customerId ? Math.min(backoff, this.deps.focusedDelayMs ?? 3_000) : backoff
    return new Date(this.nowMs() + delay).toISOString()
  }

  // ── helpers ───────────────────────────────────────────────────────────────

  async db(): Promise<Database> {
    return this.deps.database.current()
  }

  nowIso(): string {
    return this.now().toISOString()
  }

  nowMs(): number {
    return this.now().getTime()
  }

  async clientNow(priority: CallPriority): Promise<KapsoClient> {
    return this.api.get(priority)
  }

  async dispose(): Promise<void> {
    this.disposed = true
    this.unsubscribe()
    if (this.timer) clearInterval(this.timer)
    await Promise.allSettled([...this.checking.values(), ...this.confirmingNow.values()])
  }
}

/** The first language of an Accept-Language header the page speaks ("pt-BR,pt;q=0.9" → "pt"). */
export function browserLanguage(header: string | null): string | null {
  if (!header) return null
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]!.trim().slice(0, 2).toLowerCase()
    if (['en', 'es', 'pt', 'hi', 'id', 'ar'].includes(tag)) return tag
  }
  return null
}
