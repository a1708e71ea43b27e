import { mkdirSync } from 'node:fs'
import { createAboutService } from '../app/aboutService'
import { EventHub } from '../ipc/eventHub'
import type { Logger } from '../log/logger'
import type { SecretStore } from '../secrets/secretStore'
import type { HandlerTable } from './handlerTable'

/** Everything the core needs from its host; Electron wiring and tests both provide it. */
export interface CoreDeps {
  appName: string
  appVersion: string
  /** The app's data folder (Electron's userData, or a temp dir in tests). */
  dataDir: string
  secrets: SecretStore
  log: Logger
  /** null when running under plain Node (web preview, tests). */
  electronVersion?: string | null
  now?: () => Date
}

export interface Core {
  handlers: HandlerTable
  events: EventHub
  log: Logger
  dispose(): Promise<void>
}

/**
 * Builds the services and the handler table under plain Node: no Electron
 * import anywhere below this function, so the whole console runs in tests
 * and in the web preview exactly as it does in the app.
 */
export function createCore(deps: CoreDeps): Core {
  mkdirSync(deps.dataDir, { recursive: true })
  const events = new EventHub()

  const about = createAboutService({
    appName: deps.appName,
    appVersion: deps.appVersion,
    dataDir: deps.dataDir,
    electronVersion: deps.electronVersion ?? null,
    secrets: deps.secrets,
    // The built-in Sandbox project is the only one until project profiles exist.
    activeProject: () => ({ id: 'sandbox', name: 'Sandbox', environment: 'sandbox' }),
  })

  const handlers: HandlerTable = {
    'app.getAbout': () => about.getAbout(),
  }

  return {
    handlers,
    events,
    log: deps.log,
    async dispose() {
      events.dispose()
    },
  }
}
