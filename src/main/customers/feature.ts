import type { SyncStatus } from '../../shared/customers/customer'
import type { EventHub } from '../ipc/eventHub'
import type { Logger } from '../log/logger'
import type { ProjectsService } from '../projects/projectsService'
import type { ProjectDatabase } from '../store/projectDatabase'
import { createCustomerHandlers } from './handlers'
import { CustomersService, type CustomersServiceDeps } from './service'
import { testGateClients } from './testNetworkGate'

/** Builds the customers capability for createCore: service and handlers. */
export function createCustomersFeature(deps: {
  database: Pick<ProjectDatabase, 'current' | 'onSwitch' | 'worker'>
  projects: Pick<ProjectsService, 'active'>
  log: Logger
  events: EventHub
  clients?: CustomersServiceDeps['clients']
  env?: Record<string, string | undefined>
}) {
  const testGate = testGateClients(deps.env ?? process.env)
  const clientFor = testGate?.clientFor
  const service = new CustomersService({
    database: deps.database,
    projects: deps.projects,
    log: deps.log,
    emit: {
      status: (status: SyncStatus) => deps.events.emit('customers.sync', status),
      changed: (change) => deps.events.emit('customers.changed', change),
    },
    // The E2E test gate's client is its own (a test device, with its own budget); otherwise the app's shared one.
    ...(clientFor ? { clientFor } : deps.clients ? { clients: deps.clients } : {}),
  })
  return {
    service,
    handlers: createCustomerHandlers(service),
    async dispose() {
      await service.dispose()
      await testGate?.close()
    },
  }
}
