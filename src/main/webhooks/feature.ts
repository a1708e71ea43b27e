import type { LookupFunction } from 'node:net'
import { SANDBOX_PROJECT_ID } from '../../shared/projects/project'
import type { EventHub } from '../ipc/eventHub'
import { ProjectClients } from '../kapso/activeProjectClient'
import type { Logger } from '../log/logger'
import type { ProjectsService } from '../projects/projectsService'
import type { SecretStore } from '../secrets/secretStore'
import type { ProjectDatabase } from '../store/projectDatabase'
import type { TunnelHost } from '../tunnel/host'
import { tunnelProviderFor } from '../tunnel/providers'
import { createWebhookHandlers } from './handlers'
import { loadInstallId } from './installId'
import { WebhookService, type WebhookServiceDeps } from './listenSession'
import { createWebhookToolHandlers } from './toolHandlers'
import { WebhookTools } from './tools'
import { createWebhookApi, type WebhookApi } from './webhookApi'

/** Builds the webhook capability for createCore: service, handlers, events. */
export function createWebhookFeature(deps: {
  dataDir: string
  database: Pick<ProjectDatabase, 'current' | 'onSwitch'>
  projects: Pick<ProjectsService, 'active'>
  secrets: SecretStore
  log: Logger
  events: EventHub
  /** The app's one client per project (one request budget per key). */
  clients?: ProjectClients
  /** Tests swap the Platform API client or the tunnel. */
  api?: () => Promise<WebhookApi>
  tunnels?: WebhookServiceDeps['tunnels']
  /** Pages the receiver serves to browsers (the setup-link redirect catcher). */
  pages?: WebhookServiceDeps['pages']
  /** Main's file dialog for choosing cloudflared; absent in the web preview and tests. */
  tunnelHost?: TunnelHost | undefined
  /** How forward-target host names resolve (tests; `dns.lookup` otherwise). */
  forwardLookup?: LookupFunction | undefined
}) {
  const clients = deps.clients ?? new ProjectClients(deps.log)
  // Listen sessions and the tools are started by the person: interactive.
  const client = async () => (await clients.for(await deps.projects.active())).as('interactive')
  const service = new WebhookService({
    database: deps.database,
    api: deps.api ?? (async () => createWebhookApi(await client())),
    tunnels: deps.tunnels ?? ((settings) => tunnelProviderFor(settings, deps)),
    defaultTunnel: async () =>
      (await deps.projects.active()).project.id === SANDBOX_PROJECT_ID ? 'direct' : 'cloudflared',
    installId: loadInstallId(deps.dataDir),
    log: deps.log,
    ...(deps.pages ? { pages: deps.pages } : {}),
    emit: {
      received: (event) => deps.events.emit('webhooks.received', event),
      status: (status) => deps.events.emit('webhooks.status', status),
      pruned: (reason) => deps.events.emit('webhooks.pruned', { reason }),
    },
  })
  const tools = new WebhookTools({
    service,
    secrets: deps.secrets,
    projectId: async () => (await deps.projects.active()).project.id,
    deliveries: async () => (await client()).deliveries,
    log: deps.log,
    emitForward: (attempt) => deps.events.emit('webhooks.forwarded', attempt),
    emitWatch: (status) => deps.events.emit('webhooks.watch', status),
    onImported: () => deps.events.emit('webhooks.pruned', { reason: 'import' }),
    ...(deps.forwardLookup ? { forwardLookup: deps.forwardLookup } : {}),
  })
  return {
    service,
    tools,
    handlers: {
      ...createWebhookHandlers(service, deps.secrets, { host: deps.tunnelHost, log: deps.log }),
      ...createWebhookToolHandlers(tools),
    },
  }
}
