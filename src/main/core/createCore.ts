import type { LookupFunction } from 'node:net'
import { createApiLogsFeature } from '../apiLogs/feature'
import { createAboutService } from '../app/aboutService'
import { createConnectionsFeature } from '../connections/feature'
import type { ConnectionsService } from '../connections/service'
import { createCustomersFeature } from '../customers/feature'
import type { CustomersService } from '../customers/service'
import { EventHub } from '../ipc/eventHub'
import { ProjectClients } from '../kapso/activeProjectClient'
import type { BudgetOptions } from '../kapso/budget'
import type { Logger } from '../log/logger'
import { createPhoneNumberHandlers } from '../phoneNumbers/handlers'
import { PhoneNumberManagement } from '../phoneNumbers/management'
import { PhoneNumbersService } from '../phoneNumbers/service'
import { createEmbeddedSandbox } from '../projects/embeddedSandbox'
import { createProjectHandlers } from '../projects/handlers'
import type { KeyChecker } from '../projects/keyCheck'
import { createKeyChecker } from '../projects/keyChecker'
import { KeyVault } from '../projects/keyVault'
import { ProfileStore } from '../projects/profileStore'
import { ProjectsService, type SandboxProvider } from '../projects/projectsService'
import { SecretCache } from '../secrets/secretCache'
import type { SecretStore } from '../secrets/secretStore'
import { createSetupLinksFeature } from '../setupLinks/feature'
import type { SetupLinkHost } from '../setupLinks/host'
import type { SetupLinksService } from '../setupLinks/service'
import { migrations } from '../store/migrations'
import { ensurePrivateDir, restrictTree } from '../store/privateFiles'
import { ProjectDatabase, type ProjectDatabaseOptions } from '../store/projectDatabase'
import type { TunnelHost } from '../tunnel/host'
import { createWebhookFeature } from '../webhooks/feature'
import type { WebhookService } from '../webhooks/listenSession'
import type { HandlerTable } from './handlerTable'

/** Everything the core needs from its host; Electron wiring and tests both provide it. */
export interface CoreDeps {
  appName: string
  appVersion: string
  /** The app's data folder (Electron's userData, or a temp dir in tests). */
  dataDir: string
  /**
   * The OS keychain (the helper-process store in the app and the preview, or an
   * in-memory twin in tests). The core reads it through one cache and closes it at dispose.
   */
  secrets: SecretStore
  log: Logger
  /** null when running under plain Node (web preview, tests). */
  electronVersion?: string | null
  now?: () => Date
  /** Where the built-in Sandbox project lives; the embedded sandbox server by default. */
  sandbox?: SandboxProvider
  /** How a new API key is tried before it is saved. */
  checkKey?: KeyChecker
  /** Demo tenants in the embedded sandbox. */
  sandboxCustomers?: number
  /** Clipboard, save dialog, printing for setup links; the page does them when absent (web preview). */
  setupLinkHost?: SetupLinkHost
  /** How long a success redirect is confirmed with the API before it is called contradicted (tests shorten it). */
  redirectConfirmDelaysMs?: number[]
  /** The file dialog cloudflared is chosen in; absent in the web preview, where a typed path is checked instead. */
  tunnelHost?: TunnelHost
  /** How forward-target host names resolve; `dns.lookup` by default. Tests give their own (no DNS here). */
  forwardLookup?: LookupFunction
  /** The per-key request budget (kapso/budget.ts); benches shorten its window together with their sandbox's. */
  apiBudget?: BudgetOptions
  /**
   * SQLite's heavy work (sync writes, the customers grid's queries) in a worker
   * thread, the default; `false` keeps it on main: the bench's in-thread baseline.
   */
  dataWorker?: ProjectDatabaseOptions['dataWorker']
}

export interface Core {
  handlers: HandlerTable
  events: EventHub
  log: Logger
  projects: ProjectsService
  /** The active project's SQLite cache, shared by every service. */
  database: ProjectDatabase
  /** Receiver, listen session and event log of the active project. */
  webhooks: WebhookService
  /** Cached tenant list, sync and outbox of the active project. */
  customers: CustomersService
  /** Setup links, QR codes, presets and queued creates of the active project. */
  setupLinks: SetupLinksService
  /** Connection detection (webhook, redirect, polling), timelines, support bundles. */
  connections: ConnectionsService
  dispose(): Promise<void>
}

/**
 * Builds the services and the handler table under plain Node: no Electron
 * import anywhere below this function, so the whole console runs in tests
 * and in the web preview exactly as it does in the app.
 */
export function createCore(deps: CoreDeps): Core {
  // 0700 folders and 0600 files, including what an older version left readable by others.
  ensurePrivateDir(deps.dataDir)
  restrictTree(deps.dataDir)
  const { log } = deps
  const events = new EventHub()
  // Every reader (project keys, the signature lab's saved secrets, the ngrok
  // authtoken, About) goes through this one cache: each secret is read once.
  const secrets = new SecretCache(deps.secrets, log.redactor)
  const embedded = deps.sandbox
    ? null
    : createEmbeddedSandbox(
        log,
        deps.sandboxCustomers === undefined ? {} : { customers: deps.sandboxCustomers },
      )

  const projects = new ProjectsService({
    dataDir: deps.dataDir,
    profiles: new ProfileStore(deps.dataDir, log),
    keys: new KeyVault(secrets, log),
    checkKey: deps.checkKey ?? createKeyChecker(log),
    sandbox: deps.sandbox ?? embedded!.provider,
    log,
    ...(deps.now ? { now: deps.now } : {}),
    onChange: (list) => events.emit('projects.changed', list),
  })

  const database = new ProjectDatabase(
    projects,
    migrations,
    deps.dataWorker === undefined ? {} : { dataWorker: deps.dataWorker },
  )

  const about = createAboutService({
    appName: deps.appName,
    appVersion: deps.appVersion,
    dataDir: deps.dataDir,
    electronVersion: deps.electronVersion ?? null,
    secrets,
    activeProject: async () => {
      const { project } = await projects.active()
      return { id: project.id, name: project.name, environment: project.environment }
    },
  })

  // One Platform API client per project for every capability: Kapso's rate limit is per key (budget.ts).
  const clients = new ProjectClients(log, deps.apiBudget)

  // The receiver serves the redirect catcher's pages; the connections feature is made below.
  let connections: ReturnType<typeof createConnectionsFeature> | null = null
  const webhooks = createWebhookFeature({
    dataDir: deps.dataDir,
    database,
    projects,
    secrets,
    log,
    events,
    clients,
    pages: async (method, url, language) => (connections ? connections.page(method, url, language) : null),
    tunnelHost: deps.tunnelHost,
    forwardLookup: deps.forwardLookup,
  })

  const customers = createCustomersFeature({ database, projects, log, events, clients })
  const setupLinks = createSetupLinksFeature({
    database,
    projects,
    log,
    events,
    clients,
    ...(deps.setupLinkHost ? { host: deps.setupLinkHost } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  })

  connections = createConnectionsFeature({
    database,
    projects,
    log,
    events,
    clients,
    setupLinks: setupLinks.service,
    appVersion: deps.appVersion,
    listening: () => {
      const status = webhooks.service.status()
      return { listening: status.state === 'listening', publicUrl: status.tunnel.publicUrl }
    },
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.redirectConfirmDelaysMs ? { redirectDelaysMs: deps.redirectConfirmDelaysMs } : {}),
  })
  setupLinks.service.redirects = connections.service
  const phoneNumbers = new PhoneNumbersService({
    database,
    projects,
    log,
    clients,
    ...(deps.now ? { now: deps.now } : {}),
  })

  const apiLogs = createApiLogsFeature({
    database,
    projects,
    log,
    clients,
    ...(deps.now ? { now: deps.now } : {}),
  })

  // A project moved to another host: every capability follows at once (clients
  // are made per host); work still running against the old host stops.
  projects.onHostChange(() => {
    void customers.service.hostChanged()
    if (webhooks.service.status().state !== 'idle') void webhooks.service.stop().catch(() => {})
  })

  const handlers: HandlerTable = {
    'app.getAbout': () => about.getAbout(),
    ...createProjectHandlers(projects),
    ...webhooks.handlers,
    ...customers.handlers,
    ...setupLinks.handlers,
    ...connections.handlers,
    ...connections.trackShares(setupLinks.handlers),
    ...createPhoneNumberHandlers(
      phoneNumbers,
      new PhoneNumberManagement({ database, projects, log, clients }),
    ),
    ...apiLogs.handlers,
  }

  return {
    handlers,
    events,
    log,
    projects,
    database,
    webhooks: webhooks.service,
    customers: customers.service,
    setupLinks: setupLinks.service,
    connections: connections.service,
    async dispose() {
      await connections?.dispose()
      await setupLinks.dispose()
      await customers.dispose()
      await apiLogs.dispose()
      await webhooks.service.dispose()
      events.dispose()
      database.close()
      await embedded?.close()
      secrets.clear()
      deps.secrets.close?.()
    },
  }
}
