import type { WebhookEventSummary } from '../../shared/webhooks/event'
import type { HandlerTable } from '../core/handlerTable'
import type { EventHub } from '../ipc/eventHub'
import type { Logger } from '../log/logger'
import type { ProjectsService } from '../projects/projectsService'
import type { SaveRequest } from '../setupLinks/host'
import type { PageDelivery, SetupLinksService } from '../setupLinks/service'
import { fileStem } from '../setupLinks/service'
import type { ProjectDatabase } from '../store/projectDatabase'
import { createConnectionHandlers } from './handlers'
import { ConnectionsService, type ConnectionsServiceDeps } from './service'
import { buildSupportBundle } from './supportBundle'

export interface SupportBundles {
  export(customerId: string): Promise<PageDelivery>
}

/**
 * Builds the connections capability for createCore. It listens to what the
 * other capabilities already announce on the event hub (webhook events
 * stored, setup links created) instead of reaching into them.
 */
export function createConnectionsFeature(deps: {
  database: Pick<ProjectDatabase, 'current' | 'onSwitch'>
  projects: Pick<ProjectsService, 'active'>
  log: Logger
  events: EventHub
  listening: ConnectionsServiceDeps['listening']
  /** Saving files goes through the setup links' host (Electron's dialog, or the page in the web preview). */
  setupLinks: Pick<SetupLinksService, 'deliver' | 'host'>
  appVersion: string
  now?: () => Date
  pollDelaysMs?: number[]
  focusedDelayMs?: number
  redirectDelaysMs?: number[]
  clientFor?: ConnectionsServiceDeps['clientFor']
  clients?: ConnectionsServiceDeps['clients']
}) {
  const now = deps.now ?? (() => new Date())
  const service = new ConnectionsService({
    database: deps.database,
    projects: deps.projects,
    log: deps.log,
    listening: deps.listening,
    now,
    ...(deps.pollDelaysMs ? { pollDelaysMs: deps.pollDelaysMs } : {}),
    ...(deps.focusedDelayMs ? { focusedDelayMs: deps.focusedDelayMs } : {}),
    ...(deps.redirectDelaysMs ? { redirectDelaysMs: deps.redirectDelaysMs } : {}),
    ...(deps.clientFor ? { clientFor: deps.clientFor } : {}),
    ...(deps.clients ? { clients: deps.clients } : {}),
    emit: {
      connected: (event) => {
        deps.events.emit('connections.connected', event)
        // In the app this is the OS notification (the page's own is denied there); a no-op in the web preview.
        deps.setupLinks.host.notify(
          `${event.customerName} connected${event.displayPhoneNumber ? ` ${event.displayPhoneNumber}` : ''}`,
          'WhatsApp is connected. Click to open the customer.',
          () => deps.events.emit('connections.open', { customerId: event.customerId }),
        )
      },
      changed: (customerIds) => deps.events.emit('connections.changed', { customerIds }),
      customersChanged: (ids) => deps.events.emit('customers.changed', { reason: 'detail', ids }),
      linksChanged: (customerIds) =>
        deps.events.emit('setupLinks.changed', { reason: 'updated', customerIds }),
    },
  })

  const unsubscribe = deps.events.subscribe((event, items) => {
    if (event === 'webhooks.received') void service.webhookEvents(items as WebhookEventSummary[])
    if (event === 'setupLinks.changed') {
      const created = (items as Array<{ reason: string; customerIds: string[] }>)
        .filter((c) => c.reason === 'created')
        .flatMap((c) => c.customerIds)
      if (created.length)
        void service
          .linkCreated(created)
          .catch((error) => deps.log.warn('could not start watching', { error: String(error) }))
    }
  })

  const bundles: SupportBundles = {
    async export(customerId) {
      const db = await service.db()
      const active = await deps.projects.active()
      const text = buildSupportBundle({
        db,
        customerId,
        timeline: await service.timeline(customerId),
        project: { name: active.project.name, environment: active.project.environment },
        appVersion: deps.appVersion,
        nowIso: now().toISOString(),
        redactor: deps.log.redactor,
      })
      const name = db.prepare('SELECT name FROM customers WHERE id = ?').get(customerId) as
        | { name: string }
        | undefined
      const request: SaveRequest = {
        defaultName: `${fileStem(name?.name ?? customerId).replace(/^setup-link-/, 'support-bundle-')}.json`,
        mime: 'application/json',
        filter: { name: 'JSON', extensions: ['json'] },
        data: Buffer.from(text),
      }
      return deps.setupLinks.deliver(request, () => deps.setupLinks.host.saveFile(request))
    },
  }

  const handlers = createConnectionHandlers(service, bundles)

  /** Shares the main process performs itself (QR copied or saved, printed) go into the timeline. */
  function trackShares(
    links: Pick<HandlerTable, 'setupLinks.copyImage' | 'setupLinks.saveImage' | 'setupLinks.print'>,
  ): Pick<HandlerTable, 'setupLinks.copyImage' | 'setupLinks.saveImage' | 'setupLinks.print'> {
    const record = (ids: string[], way: 'qr_copied' | 'qr_saved' | 'printed', outcome: string) => {
      if (outcome === 'cancelled') return
      void service.shared(ids, way).catch(() => {})
    }
    return {
      'setupLinks.copyImage': async (input) => {
        const result = await links['setupLinks.copyImage'](input)
        record([input.linkId], 'qr_copied', result.outcome)
        return result
      },
      'setupLinks.saveImage': async (input) => {
        const result = await links['setupLinks.saveImage'](input)
        record([input.linkId], 'qr_saved', result.outcome)
        return result
      },
      'setupLinks.print': async (input) => {
        const result = await links['setupLinks.print'](input)
        record(input.linkIds, 'printed', result.outcome)
        return result
      },
    }
  }

  return {
    service,
    handlers,
    trackShares,
    /** The receiver's hook for `/setup/success` and `/setup/failure`. */
    page: (method: string, url: string, acceptLanguage: string | null) =>
      service.page(method, url, acceptLanguage),
    async dispose() {
      unsubscribe()
      await service.dispose()
    },
  }
}
