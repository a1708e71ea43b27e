import type { apiLogCalls } from '../../shared/apiLogs/contract'
import type { HandlersFor } from '../core/handlerTable'
import { testGateClients } from '../customers/testNetworkGate'
import type { ProjectClients } from '../kapso/activeProjectClient'
import type { Logger } from '../log/logger'
import type { ActiveProject } from '../projects/projectsService'
import type { Database } from '../store/database'
import { ApiLogsService } from './service'

/** Builds the API logs capability for createCore: service and handlers. */
export function createApiLogsFeature(deps: {
  database: { current(): Promise<Database> }
  projects: { active(): Promise<ActiveProject> }
  log: Logger
  clients?: ProjectClients
  now?: () => Date
  env?: Record<string, string | undefined>
}) {
  // TEST ONLY (E2E): the same file-controlled gate the customers capability uses, so "offline" is real.
  const testGate = testGateClients(deps.env ?? process.env)
  const clientFor = testGate?.clientFor
  const service = new ApiLogsService({
    database: deps.database,
    projects: deps.projects,
    log: deps.log,
    // The test gate's client is its own (as in customers): the shared cache must not hand out the other.
    ...(deps.clients && !clientFor ? { clients: deps.clients } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(clientFor ? { clientFor } : {}),
  })
  const handlers: HandlersFor<keyof typeof apiLogCalls> = {
    'apiLogs.refresh': ({ filters }) => service.refresh(filters),
    'apiLogs.query': ({ filters, offset, limit }) => service.query(filters, offset, limit),
    'apiLogs.customerErrors': ({ customerId, limit }) => service.customerErrors(customerId, limit),
  }
  return {
    service,
    handlers,
    async dispose() {
      await testGate?.close()
    },
  }
}
