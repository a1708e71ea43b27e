import { CustomerStore } from '../customers/customerStore'
import type { EventHub } from '../ipc/eventHub'
import type { Logger } from '../log/logger'
import type { ProjectsService } from '../projects/projectsService'
import type { ProjectDatabase } from '../store/projectDatabase'
import { BulkLinks } from './bulk'
import { createSetupLinkHandlers } from './handlers'
import { type SetupLinkHost, webPreviewFallbackHost } from './host'
import { SetupLinksService, type SetupLinksServiceDeps } from './service'

/** Builds the setup-links capability for createCore: service, bulk runs, handlers. */
export function createSetupLinksFeature(deps: {
  database: Pick<ProjectDatabase, 'current' | 'onSwitch'>
  projects: Pick<ProjectsService, 'active'>
  log: Logger
  events: EventHub
  /** Clipboard, dialogs, printing: Electron's in the app, the page's in the web preview. */
  host?: SetupLinkHost
  now?: () => Date
  replayDelaysMs?: number[]
  clientFor?: SetupLinksServiceDeps['clientFor']
  clients?: SetupLinksServiceDeps['clients']
}) {
  const now = deps.now ?? (() => new Date())
  const service = new SetupLinksService({
    database: deps.database,
    projects: deps.projects,
    log: deps.log,
    host: deps.host ?? webPreviewFallbackHost,
    now,
    ...(deps.replayDelaysMs ? { replayDelaysMs: deps.replayDelaysMs } : {}),
    ...(deps.clientFor ? { clientFor: deps.clientFor } : {}),
    ...(deps.clients ? { clients: deps.clients } : {}),
    emit: {
      changed: (change) => deps.events.emit('setupLinks.changed', change),
      queuedCreated: (item) => deps.events.emit('setupLinks.queuedCreated', item),
    },
    // The customers list shows each customer's link status from its own cache: keep it current.
    onCustomerLinks: (db, customerId, links) => {
      CustomerStore.for(db).replaceSetupLinks(customerId, links, now().toISOString())
      deps.events.emit('customers.changed', { reason: 'detail', ids: [customerId] })
    },
  })
  const bulk = new BulkLinks(service, {
    log: deps.log,
    progress: (progress) => deps.events.emit('setupLinks.bulkProgress', progress),
  })
  return {
    service,
    bulk,
    handlers: createSetupLinkHandlers(service, bulk),
    async dispose() {
      await bulk.dispose()
      await service.dispose()
    },
  }
}
