import type { connectionCalls } from '../../shared/connections/contract'
import type { HandlersFor } from '../core/handlerTable'
import type { SupportBundles } from './feature'
import type { ConnectionsService } from './service'

export function createConnectionHandlers(
  service: ConnectionsService,
  bundles: SupportBundles,
): HandlersFor<keyof typeof connectionCalls> {
  return {
    'connections.timeline': ({ customerId }) => service.timeline(customerId),
    'connections.watching': async () => ({
      customerIds: await service.watching(),
      confirming: await service.confirming(),
    }),
    'connections.focus': async ({ customerId }) => {
      await service.focus(customerId)
      return { focused: customerId !== null }
    },
    'connections.checkNow': ({ customerId }) => service.checkNow(customerId),
    'connections.recordShared': async ({ setupLinkId, way }) => {
      await service.shared([setupLinkId], way)
      return { recorded: true }
    },
    'connections.redirectTargets': async () => service.redirectTargets(),
    'connections.exportBundle': ({ customerId }) => bundles.export(customerId),
  }
}
